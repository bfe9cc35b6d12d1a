// Package reportview renders what the report and config commands show
// people: a report's summary (Show), the zone's report list, validation
// findings placed at line and column in the report file (text or the JSON
// document of "report validate --format json"), the progress and summary
// lines of a build, why an expression was refused, and a zone's Bot
// Management settings. It only formats; reading, validating, building and
// talking to the API happen in feedback, reportbuild and cfapi.
package reportview
