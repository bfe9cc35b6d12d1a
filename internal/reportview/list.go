package reportview

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/wflint/wflint/internal/cfapi"
	"github.com/wflint/wflint/internal/feedback"
)

// List writes a zone's reports as a table, one line each, or a sentence
// when there are none.
func List(w io.Writer, zone string, reports []feedback.Report) error {
	if len(reports) == 0 {
		_, err := fmt.Fprintf(w, "no feedback reports for zone %s\n", zone)
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CREATED\tTYPE\tREQUESTS\tFIRST SEEN\tLAST SEEN\tEXPRESSION")
	for _, r := range reports {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", or(r.CreatedAt, "-"), or(r.Type, "-"),
			Thousands(r.Requests), or(r.FirstRequestSeenAt, "-"), or(r.LastRequestSeenAt, "-"),
			clip(oneLine(r.Expression), 60))
	}
	return tw.Flush()
}

// ListAs writes a zone's reports as List does, or as an indented JSON
// array (asJSON; empty, not null, when there are none).
func ListAs(w io.Writer, zone string, reports []feedback.Report, asJSON bool) error {
	if !asJSON {
		return List(w, zone, reports)
	}
	if reports == nil {
		reports = []feedback.Report{}
	}
	return WriteJSON(w, reports)
}

// RetrySummary is the line "report submit --retry-outbox" prints: what
// was sent, what had already arrived, and what is still kept in the
// outbox at dir.
func RetrySummary(w io.Writer, sum cfapi.RetrySummary, dir string) {
	fmt.Fprintf(w, "sent %d, already present %d, still in the outbox %d (%s)\n",
		sum.Sent, sum.AlreadyPresent, sum.Remaining, dir)
}

// SubmitOutcome is the sentence "report submit" ends with: submitted, or
// already stored (when, and how to send another copy).
func SubmitOutcome(zone string, res *cfapi.SubmitResult) string {
	if res.Outcome != cfapi.OutcomeAlreadyPresent {
		return "submitted to zone " + zone
	}
	when := ""
	if res.Stored != nil && res.Stored.CreatedAt != "" {
		when = " (created " + res.Stored.CreatedAt + ")"
	}
	return fmt.Sprintf("zone %s already holds this report%s: not sent again (--allow-duplicate sends another copy)", zone, when)
}
