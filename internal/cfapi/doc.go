// Package cfapi talks to Cloudflare's v4 API for Bot Management: it submits
// and lists feedback reports (the model is package feedback) and reads and
// updates a zone's Bot Management configuration.
//
//   - A [Client] speaks the v4 envelope, retrying rate limits (and, for
//     reads and updates, server errors) with backoff; a create answered
//     5xx is never retried blindly. A 201 with an empty or {} body is a
//     success; one whose body says success: false is in doubt. It follows
//     no redirect ([RedirectError]), and reads every page of a list.
//     [New] reads credentials from the environment (CLOUDFLARE_API_TOKEN,
//     or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY).
//   - [Submitter.Submit] stores a report once, across processes and
//     re-runs: it works under a per-zone file lock in the [Outbox], looks
//     for the report in the zone's list ([SameReport] is the key) before
//     the first POST, writes an intent record before every POST, and
//     after any outcome in doubt (timeout, reset, unreadable answer, 5xx)
//     watches the list for a while before anything is resent.
//     [Submitter.RetryOutbox] resolves interrupted and failed reports the
//     same way and removes each file only once Cloudflare has the report.
//   - [Config] is the zone's Bot Management configuration, with
//     [CleanupPreset] for the settings each plan should start from and
//     [Config.Set] and [DecodeConfig] for editing it.
//
// Credentials are held in [Secret] values, which print as "[REDACTED]" under
// every fmt verb and are scrubbed from API error bodies and headers before
// these are cut short, so no piece of them ends up in logs, errors or
// outbox files.
package cfapi
