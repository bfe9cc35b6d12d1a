package output

import (
	"bufio"
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"github.com/wflint/wflint/internal/analyzer"
	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/host"
	"github.com/wflint/wflint/internal/ruledoc"
	"github.com/wflint/wflint/internal/workspace"
)

// The SARIF types cover what GitHub code scanning reads; see
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	ColumnKind  string            `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	Help                 *sarifText      `json:"help,omitempty"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfig     `json:"defaultConfiguration"`
	Properties           sarifProperties `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifProperties struct {
	Tags      []string `json:"tags"`
	Precision string   `json:"precision,omitempty"`
	// SecuritySeverity (0.0 to 10.0, as a string) ranks a rule's results
	// Critical, High, Medium or Low in GitHub code scanning.
	SecuritySeverity string `json:"security-severity,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
	// PartialFingerprints lets code scanning track an alert across commits
	// even when lines move: the rule and the offending text.
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
	// RelatedLocations point at what explains a result: the first copy of
	// a duplicate, the earlier rule that makes this one moot.
	RelatedLocations []sarifRelated `json:"relatedLocations,omitempty"`
	// Suppressions mark a finding an ignore silenced: code scanning
	// shows it as dismissed rather than not at all.
	Suppressions []sarifSuppression `json:"suppressions,omitempty"`
	// Properties carries "rejected": Cloudflare's documented contract
	// rejects what the result is about (diag.Diagnostic.Rejected).
	Properties sarifResultProperties `json:"properties"`
}

// sarifSuppression is an ignore: a comment in the file (kind inSource)
// or an entry of the configuration (external), with the reason written
// after it and where it is.
type sarifSuppression struct {
	Kind          string         `json:"kind"`
	Status        string         `json:"status"`
	Justification string         `json:"justification,omitempty"`
	Location      *sarifLocation `json:"location,omitempty"`
}

type sarifResultProperties struct {
	Rejected bool `json:"rejected"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

// sarifRelated is a location with an id and a message, as
// result.relatedLocations holds them.
type sarifRelated struct {
	ID               int           `json:"id"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          sarifText     `json:"message"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// sarifRegion columns count UTF-16 code units, SARIF's default
// (run.columnKind "utf16CodeUnits"); endColumn is exclusive.
type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifact      `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent sarifText   `json:"insertedContent"`
}

// hostRules describe the host-file problem codes as SARIF rules, since
// they are not analyzer rules.
var hostRules = map[string]struct {
	sev     diag.Severity
	summary string
}{
	host.RuleSyntax:        {diag.Error, "The host file (HCL or JSON) does not parse."},
	host.RuleInterpolated:  {diag.Info, "A Terraform expression uses ${…} interpolation and is skipped."},
	host.RuleNonLiteral:    {diag.Info, "An expression attribute is not a string literal and is skipped."},
	host.RuleUnmappable:    {diag.Error, "wflint could not map a string's escapes to file positions."},
	host.RuleDirective:     {diag.Warning, "A .wf directive line (# wflint:…) cannot be applied."},
	host.RuleNothingToLint: {diag.Info, "A file holds no expression wflint reads (no ruleset, rule, Firewall Rules export or feedback report)."},
	workspace.RuleConfig:   {diag.Error, "The configuration could not be applied."},
}

func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "note"
}

// sarifURI turns a display path into a relative URI reference.
func sarifURI(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

func sarifRegionOf(idx *diag.LineIndex, s diag.Span) sarifRegion {
	a, b := idx.Position(s.Start), idx.Position(s.End)
	return sarifRegion{a.Line, a.UTF16Col, b.Line, b.UTF16Col}
}

// sarifCatalogue describes every analyzer rule and host-file problem
// code, with the index of each rule by ID.
func sarifCatalogue() ([]sarifRule, map[string]int) {
	var rules []sarifRule
	index := map[string]int{}
	for _, r := range analyzer.Rules() {
		sr := sarifRule{ID: r.ID, Name: pascal(r.ID), ShortDescription: sarifText{Text: r.Summary}, FullDescription: sarifText{Text: r.Summary},
			HelpURI: ruledoc.RuleURL(r.ID), DefaultConfiguration: sarifConfig{sarifLevel(r.Severity)},
			Properties: sarifProperties{Tags: []string{string(r.Category)}, Precision: "very-high"}}
		if sev, ok := securitySeverity[r.ID]; ok {
			sr.Properties.Tags = append(sr.Properties.Tags, "security")
			sr.Properties.SecuritySeverity = sev
		}
		if page, ok := ruledoc.Rule(r.ID); ok {
			sr.Help = &sarifText{Text: page, Markdown: page}
		}
		index[r.ID] = len(rules)
		rules = append(rules, sr)
	}
	ids := make([]string, 0, len(hostRules))
	for id := range hostRules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		h := hostRules[id]
		index[id] = len(rules)
		rules = append(rules, sarifRule{ID: id, Name: pascal(id), ShortDescription: sarifText{Text: h.summary}, FullDescription: sarifText{Text: h.summary},
			DefaultConfiguration: sarifConfig{sarifLevel(h.sev)}, Properties: sarifProperties{Tags: []string{"host"}}})
	}
	return rules, index
}

// sarifArtifactOf locates a display path: a relative path is relative to
// %SRCROOT% (the repository root for code scanning); an absolute one is a
// file URI of its own.
func sarifArtifactOf(p string) sarifArtifact {
	if strings.HasPrefix(p, "/") || filepath.IsAbs(filepath.FromSlash(p)) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // a Windows drive path: file:///C:/x
		}
		return sarifArtifact{URI: (&url.URL{Scheme: "file", Path: p}).String()}
	}
	return sarifArtifact{URI: sarifURI(p), URIBaseID: "%SRCROOT%"}
}

// sarifStream writes a SARIF log as files come: the run's results first,
// one by one, then the rules they used, the invocation and the column
// kind (JSON members have no order, and SARIF readers do not assume one).
type sarifStream struct {
	w         *bufio.Writer
	o         Options
	catalogue []sarifRule
	catIndex  map[string]int
	rules     []sarifRule
	index     map[string]int
	inv       sarifInvocation
	results   int
	buf       []byte
	seen      map[string]int // fingerprint occurrences in the current file
}

func newSARIFStream(w *bufio.Writer, o Options) *sarifStream {
	s := &sarifStream{w: w, o: o, index: map[string]int{},
		inv: sarifInvocation{ExecutionSuccessful: true, ToolExecutionNotifications: []sarifNotification{}}}
	s.catalogue, s.catIndex = sarifCatalogue()
	if o.AllRules {
		for _, r := range s.catalogue {
			s.use(r.ID, 0)
		}
	}
	w.WriteString("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"results\": [")
	return s
}

func (s *sarifStream) use(id string, sev diag.Severity) int {
	if i, ok := s.index[id]; ok {
		return i
	}
	if i, ok := s.catIndex[id]; ok {
		s.rules = append(s.rules, s.catalogue[i])
	} else {
		// A check with no catalogue entry here (a feedback report
		// validation code): describe it by its ID so every result
		// points at a rule, as code scanning expects.
		s.rules = append(s.rules, sarifRule{ID: id, Name: pascal(id),
			ShortDescription: sarifText{Text: id}, FullDescription: sarifText{Text: id},
			DefaultConfiguration: sarifConfig{sarifLevel(sev)}, Properties: sarifProperties{Tags: []string{"host"}}})
	}
	s.index[id] = len(s.rules) - 1
	return len(s.rules) - 1
}

func (s *sarifStream) file(r *File) error {
	art := sarifArtifactOf(r.Path)
	if r.Err != "" {
		s.inv.ExecutionSuccessful = false
		s.inv.ToolExecutionNotifications = append(s.inv.ToolExecutionNotifications, sarifNotification{Level: "error",
			Message: sarifText{Text: r.Err}, Locations: []sarifLocation{{sarifPhysical{ArtifactLocation: art}}}})
		return nil
	}
	for _, f := range r.Diagnostics {
		if err := s.write(s.result(r, art, &f)); err != nil {
			return err
		}
	}
	return nil
}

// suppressed writes the findings of r that ignores silenced, each with
// its suppression.
func (s *sarifStream) suppressed(r *File, ss []diag.Suppressed) error {
	art := sarifArtifactOf(r.Path)
	for i := range ss {
		res := s.result(r, art, &ss[i].Diagnostic)
		sup := ss[i].Suppression
		sr := sarifSuppression{Kind: sup.Kind.String(), Status: "accepted", Justification: sup.Reason}
		switch {
		case sup.Kind == diag.External && sup.Path != "":
			reg := sarifRegion{StartLine: max(sup.Line, 1), StartColumn: 1, EndLine: max(sup.Line, 1), EndColumn: 1}
			sr.Location = &sarifLocation{sarifPhysical{ArtifactLocation: sarifArtifactOf(DisplayPath(sup.Path)), Region: &reg}}
		case sup.Kind == diag.InSource:
			reg := sarifRegionOf(r.Lines(), sup.Span)
			sr.Location = &sarifLocation{sarifPhysical{ArtifactLocation: art, Region: &reg}}
		}
		res.Suppressions = []sarifSuppression{sr}
		if err := s.write(res); err != nil {
			return err
		}
	}
	return nil
}

// result is the SARIF result of one finding of r, located in art.
func (s *sarifStream) result(r *File, art sarifArtifact, f *diag.Diagnostic) sarifResult {
	idx := r.Lines()
	if s.seen == nil {
		s.seen = map[string]int{}
	}
	i := s.use(f.Rule, f.Severity)
	reg := sarifRegionOf(idx, f.Span)
	// The fingerprint survives lines moving but tells apart two
	// identical mistakes in one file: where in the host document,
	// the text, and which occurrence of the same at the same place.
	key := f.Rule + ":" + f.Where + ":" + f.Span.Text(r.Text)
	fp := fmt.Sprintf("%s:%d", key, s.seen[key])
	s.seen[key]++
	res := sarifResult{RuleID: f.Rule, RuleIndex: i, Level: sarifLevel(f.Severity), Message: sarifText{Text: f.Message},
		Properties:          sarifResultProperties{Rejected: f.Rejected},
		Locations:           []sarifLocation{{sarifPhysical{ArtifactLocation: art, Region: &reg}}},
		PartialFingerprints: map[string]string{"wflintLocation/v1": fp}}
	for k, rel := range f.Related {
		reg := sarifRegionOf(idx, rel.Span)
		res.RelatedLocations = append(res.RelatedLocations, sarifRelated{ID: k + 1,
			PhysicalLocation: sarifPhysical{ArtifactLocation: art, Region: &reg}, Message: sarifText{Text: rel.Message}})
	}
	for _, fx := range f.Fixes {
		ch := sarifArtifactChange{ArtifactLocation: art}
		for _, e := range fx.Edits {
			ch.Replacements = append(ch.Replacements, sarifReplacement{sarifRegionOf(idx, e.Span), sarifText{Text: e.New}})
		}
		res.Fixes = append(res.Fixes, sarifFix{Description: sarifText{Text: fx.Title}, ArtifactChanges: []sarifArtifactChange{ch}})
	}
	return res
}

// write appends one result to the run's results.
func (s *sarifStream) write(res sarifResult) error {
	b := s.buf[:0]
	if s.results > 0 {
		b = append(b, ',')
	}
	b = append(b, "\n        "...)
	b, err := indentedJSON(b, res, "        ")
	if err != nil {
		return err
	}
	s.buf = b
	s.results++
	_, err = s.w.Write(b)
	return err
}

func (s *sarifStream) close() error {
	if s.results > 0 {
		s.w.WriteString("\n      ")
	}
	if s.rules == nil {
		s.rules = []sarifRule{}
	}
	tool := sarifTool{sarifDriver{Name: "wflint", Version: s.o.Version, InformationURI: "https://github.com/wflint/wflint", Rules: s.rules}}
	b := append(s.buf[:0], "],\n      \"tool\": "...)
	b, err := indentedJSON(b, tool, "      ")
	if err != nil {
		return err
	}
	b = append(b, ",\n      \"invocations\": "...)
	if b, err = indentedJSON(b, []sarifInvocation{s.inv}, "      "); err != nil {
		return err
	}
	b = append(b, ",\n      \"columnKind\": \"utf16CodeUnits\"\n    }\n  ]\n}\n"...)
	_, err = s.w.Write(b)
	return err
}

// pascal turns a rule ID into the PascalCase name SARIF viewers show.
func pascal(id string) string {
	var b strings.Builder
	for _, p := range strings.Split(id, "-") {
		if p != "" {
			b.WriteString(strings.ToUpper(p[:1]) + p[1:])
		}
	}
	return b.String()
}
