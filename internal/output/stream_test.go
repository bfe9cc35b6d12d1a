package output

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/diag"
)

// The streamed JSON document is byte for byte what encoding/json writes
// for the whole report, on every host kind, with fixes, related spans,
// failures and strings that need escaping.
func TestStreamedJSONMatchesEncodingJSON(t *testing.T) {
	files := fixtures(t)
	odd := &File{Path: "odd\"\\\x01\u2028<&>.wf", Text: "a\tb\n\xff", Diagnostics: nil}
	files = append(files, odd)
	var got, want bytes.Buffer
	require.NoError(t, Write(&got, io.Discard, "json", files, Options{Version: "v<1>"}))
	require.NoError(t, referenceJSON(&want, files, Tally(files), "v<1>"))
	assert.Equal(t, want.String(), got.String())

	got.Reset()
	want.Reset()
	require.NoError(t, Write(&got, io.Discard, "json", nil, Options{}))
	require.NoError(t, referenceJSON(&want, nil, Counts{}, ""))
	assert.Equal(t, want.String(), got.String())
}

func TestJSONStringEscapes(t *testing.T) {
	cases := []string{"", "plain", "q\"b\\", "\x00\x1f\x7f", "\u2028\u2029", "\xff\xfe", "é😀", "<&>", "\b\f\n\r\t"}
	// Every byte at every place of the eight bytes jsonString tests at
	// once, and the cases above at every offset in longer text.
	for c := range 256 {
		for k := range 9 {
			cases = append(cases, "abcdefgh"[:k]+string([]byte{byte(c)})+"ijklmnopq"[k:])
		}
	}
	for _, c := range cases[:9] {
		for k := range 9 {
			cases = append(cases, "abcdefgh"[:k]+c+"ijklmnopqrstuvwxyz")
		}
	}
	for _, s := range cases {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(s))
		assert.Equal(t, want.String(), string(jsonString(nil, s))+"\n", "%q", s)
	}
}

// referenceJSON is the JSON report built whole by encoding/json, as wflint
// wrote it before streaming: the streamed document must match it byte for byte.
func referenceJSON(w io.Writer, files []*File, c Counts, version string) error {
	out := JSONReport{Version: 1, Tool: JSONTool{"wflint", version}, Diagnostics: []JSONDiagnostic{}, Errors: []JSONError{},
		Summary: JSONSummary(c)}
	for _, r := range files {
		path := r.Path
		if r.Err != "" {
			out.Errors = append(out.Errors, JSONError{path, r.Err})
			continue
		}
		idx := r.Lines()
		for i, f := range r.Diagnostics {
			d := JSONDiagnostic{Path: path, Where: f.Where, Profile: r.profile(i), Rule: f.Rule, Severity: f.Severity.String(), Rejected: f.Rejected,
				Message: f.Message, Docs: docsOf(r.profile(i), f.Rule), Range: toJSONRange(idx, f.Span), Fixes: []JSONFix{}, Related: []JSONRelated{}}
			for _, fx := range f.Fixes {
				jf := JSONFix{Title: fx.Title, Safe: fx.Safe, Edits: []JSONEdit{}}
				for _, e := range fx.Edits {
					jf.Edits = append(jf.Edits, JSONEdit{toJSONRange(idx, e.Span), e.New})
				}
				d.Fixes = append(d.Fixes, jf)
			}
			for _, rel := range f.Related {
				d.Related = append(d.Related, JSONRelated{rel.Message, toJSONRange(idx, rel.Span)})
			}
			out.Diagnostics = append(out.Diagnostics, d)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// A file written in parts is written as it would be whole, in every
// format (SARIF's occurrence counts carry over from part to part).
func TestStreamPartsMatchWholeFiles(t *testing.T) {
	files := fixtures(t)
	for _, format := range Formats {
		var whole, parts bytes.Buffer
		require.NoError(t, Write(&whole, io.Discard, format, files, Options{Version: "v"}))
		s, err := NewStream(&parts, io.Discard, format, Options{Version: "v"})
		require.NoError(t, err)
		for _, f := range files {
			g := *f
			g.index = nil
			s.Begin(&g)
			for i := range g.Diagnostics {
				s.Part(&g, g.Diagnostics[i:i+1], g.Profiles[min(i, len(g.Profiles)):min(i+1, len(g.Profiles))])
			}
			s.Ignored(&g, g.Ignored)
			require.NoError(t, s.End(&g))
		}
		require.NoError(t, s.Close())
		assert.Equal(t, whole.String(), parts.String(), format)
	}
}

// docsOf is the "docs" URL of a finding of rule id found under profile:
// its rule's page, "" for host codes and report codes.
func docsOf(profile, id string) string {
	if !hasPage(profile, id) {
		return ""
	}
	return ruleURLs()[id]
}

// The reference writer's side of the count and the positions: the stream
// counts as files come, the reference over the whole list.

// Tally counts the diagnostics of files.
func Tally(files []*File) Counts {
	var c Counts
	for _, f := range files {
		c.add(f)
	}
	return c
}

// add counts one file into the tally.
func (c *Counts) add(f *File) {
	if f.Err != "" {
		c.Failures++
		return
	}
	c.Files++
	c.Expressions += f.Expressions
	profiles := f.Profiles
	if f.NoFix {
		profiles = nil
	}
	c.addDiagnostics(f.Diagnostics, profiles, false)
	c.Ignored += len(f.Ignored)
}

func toJSONPos(idx *diag.LineIndex, off diag.Pos) JSONPos {
	p := idx.Position(off)
	return JSONPos{Offset: int(p.Offset), Line: p.Line, Column: p.RuneCol, ByteColumn: p.ByteCol, UTF16Column: p.UTF16Col}
}

func toJSONRange(idx *diag.LineIndex, s diag.Span) JSONRange {
	return JSONRange{toJSONPos(idx, s.Start), toJSONPos(idx, s.End)}
}
