// A small highlighter for the Rules language: strings, raw strings,
// numbers, operators and logical words, fields and functions, $lists.
// Checking is wflint's job (in WebAssembly); this only colours.
import {StreamLanguage} from "@codemirror/language";

const words = new Set(["eq", "ne", "lt", "le", "gt", "ge", "contains", "matches", "wildcard", "strict",
  "in", "bitwise_and", "and", "or", "xor", "not"]);

export const rulesLanguage = StreamLanguage.define({
  name: "wirefilter",
  startState: () => ({raw: null}),
  token(stream, state) {
    if (state.raw !== null) { // inside r#"…"#
      while (!stream.eol()) {
        if (stream.match('"' + state.raw)) { state.raw = null; return "string"; }
        stream.next();
      }
      return "string";
    }
    if (stream.eatSpace()) return null;
    if (stream.match(/^#.*/)) return "comment";
    const raw = stream.match(/^r(#*)"/);
    if (raw) { state.raw = raw[1]; return this.token(stream, state) || "string"; }
    if (stream.peek() === '"') {
      stream.next();
      while (!stream.eol()) {
        const c = stream.next();
        if (c === "\\") stream.next();
        else if (c === '"') break;
      }
      return "string";
    }
    if (stream.match(/^\$[A-Za-z0-9_.]+/)) return "variableName.special";
    if (stream.match(/^[0-9][0-9a-fA-F:.\/]*/)) return "number";
    const w = stream.match(/^[A-Za-z_][A-Za-z0-9_.]*/);
    if (w) {
      if (words.has(w[0])) return "keyword";
      return stream.peek() === "(" ? "function(variableName)" : "propertyName";
    }
    if (stream.match(/^(==|!=|<=|>=|&&|\|\||\^\^|[<>~!&])/)) return "operator";
    stream.next();
    return "punctuation";
  },
});
