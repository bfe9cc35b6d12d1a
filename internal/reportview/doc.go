// Package reportview renders what the report and config commands show
// people: a report's summary (Show) with its validation line, the zone's
// report list, the progress and summary lines of a build, why an
// expression was refused (as findings), and a zone's Bot Management
// settings. The findings themselves are written by package output, as
// every wflint finding is, in every format. It only formats; reading,
// validating, building and talking to the API happen in feedback,
// reportbuild and cfapi.
package reportview
