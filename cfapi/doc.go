// Package cfapi talks to Cloudflare's v4 API for Bot Management: it submits
// and lists feedback reports (the model is package feedback) and reads and
// updates a zone's Bot Management configuration.
//
//   - A [Client] speaks the v4 envelope, retrying rate limits and server
//     errors with backoff. [New] reads credentials from the environment
//     (CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY).
//   - [Submitter.Submit] makes sure a report is never lost and never sent
//     twice: on failure the report is written to an [Outbox] directory with
//     the reason, and after an ambiguous failure (the request may have
//     reached Cloudflare) the zone's reports are listed and compared before
//     anything is resent. [Submitter.RetryOutbox] sends saved reports later
//     and removes each file only once Cloudflare has the report.
//   - [Config] is the zone's Bot Management configuration, with
//     [CleanupPreset] for the settings each plan should start from and
//     [Config.Set] and [DecodeConfig] for editing it.
//
// Credentials are held in [Secret] values, which print as "[REDACTED]" under
// every fmt verb and are scrubbed from API error messages, so they never end
// up in logs, errors or outbox files.
package cfapi
