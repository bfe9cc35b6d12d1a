// Which JSON documents go to wfls. A Cloudflare ruleset (as the API returns
// it, or its rules) and a Bot Management feedback report both hold their
// expressions in "expression" members; other JSON (package.json, a
// tsconfig, data files) never reaches the server. wfls decides what the
// document is and stays silent when it is neither; this only keeps
// unrelated files from being sent at all.

/** mayHoldExpressions reports whether JSON text has an "expression" member. */
export function mayHoldExpressions(text: string): boolean {
  return /"expression"\s*:/.test(text);
}
