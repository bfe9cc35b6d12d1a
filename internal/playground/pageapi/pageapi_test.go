package pageapi

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheck(t *testing.T) {
	fs := Check(`http.host eq 'a'`, Options{})
	require.NotEmpty(t, fs)
	f := fs[0]
	assert.Equal(t, "error", f.Severity)
	assert.NotEmpty(t, f.Rule)
	assert.Contains(t, f.URL, "/docs/rules/"+f.Rule+".md")
	assert.Equal(t, 1, f.Line)
	require.NotEmpty(t, f.Fixes)
	assert.True(t, f.Fixes[0].Safe)
	assert.Equal(t, `"a"`, f.Fixes[0].Changes[0].Insert)

	assert.Empty(t, Check(`http.host eq "a"`, Options{}))
	assert.NotEmpty(t, Check(`http.response.code eq 403`, Options{Phase: "http_request_firewall_custom"}))
	assert.Empty(t, Check(`lower(http.host)`, ParseOptions(`{"role":"value"}`)))
	assert.NotEmpty(t, Check(`lower(http.host)`, ParseOptions(`{"role":"filter"}`)))
	assert.NotEmpty(t, Check(`http.host eq "a"`, ParseOptions(`{"profile":"feedback"}`)))
	assert.Equal(t, Options{}, ParseOptions(`not json`), "unreadable options are the defaults")
}

// Offsets are UTF-16 code units, as JavaScript counts them.
func TestUTF16Offsets(t *testing.T) {
	expr := `http.host eq "😀é" and http.host eq 'x'`
	fs := Check(expr, Options{})
	require.NotEmpty(t, fs)
	js := []rune(expr) // 😀 is 2 UTF-16 units, 1 rune
	from := len(js) + 1 - 3
	assert.Equal(t, from, fs[0].From)
	assert.Equal(t, from+3, fs[0].To)

	h := HoverAt(expr, 1, Options{})
	require.NotNil(t, h)
	assert.Equal(t, 0, h.From)
	assert.Equal(t, 9, h.To)
	h = HoverAt(expr, from-6, Options{}) // inside the second http.host
	require.NotNil(t, h)
	assert.Equal(t, "http.host", string([]rune(expr)[h.From-1:h.To-1]))

	u := newUnits(expr)
	for b := range expr {
		assert.Equal(t, b, u.byteOf(u.of(b)), "byte %d round trip", b)
	}
}

func TestFormat(t *testing.T) {
	assert.Equal(t, Formatted{Text: `http.host eq "a"`}, Format(`http.host   eq "a"`))
	f := Format(`http.host eq`)
	assert.Equal(t, `http.host eq`, f.Text)
	assert.NotEmpty(t, f.Error)
}

func TestComplete(t *testing.T) {
	c := Complete(`http.host e`, 11, Options{})
	assert.Equal(t, 10, c.From)
	require.NotEmpty(t, c.Items)
	assert.Equal(t, "eq", c.Items[0].Label)
	b, err := json.Marshal(Complete(``, 0, Options{}))
	require.NoError(t, err)
	assert.Contains(t, string(b), `"Label":"http.host"`)
}

func TestExplainAndPhases(t *testing.T) {
	p := Explain("single-quoted-string")
	assert.Contains(t, p.Text, "single")
	assert.NotEmpty(t, p.URL)
	assert.Equal(t, Page{Rule: "no-such-rule"}, Explain("no-such-rule"))
	ph := Phases()
	require.NotEmpty(t, ph)
	names := map[string]bool{}
	for _, p := range ph {
		names[p.Name] = true
	}
	assert.True(t, names["http_request_firewall_custom"])
}

// Whatever the page sends (any text, any offset, any options), the calls
// answer without panicking, with offsets inside the text.
func FuzzCalls(f *testing.F) {
	f.Add(`http.host eq 'a'`, 3, `{}`)
	f.Add("http.host eq \"😀\" and", 15, `{"profile":"feedback","role":"value","phase":"http_ratelimit"}`)
	f.Add("\xff\xfe", -4, `nope`)
	f.Fuzz(func(t *testing.T, expr string, pos int, opts string) {
		o := ParseOptions(opts)
		n := len([]rune(expr)) * 2 // at most two UTF-16 units a rune
		for _, fd := range Check(expr, o) {
			assert.True(t, 0 <= fd.From && fd.From <= fd.To && fd.To <= n, "finding %+v", fd)
			for _, x := range fd.Fixes {
				for _, c := range x.Changes {
					assert.True(t, 0 <= c.From && c.From <= c.To && c.To <= n, "change %+v", c)
				}
			}
		}
		if h := HoverAt(expr, pos, o); h != nil {
			assert.True(t, 0 <= h.From && h.From <= h.To && h.To <= n, "hover %+v", h)
		}
		c := Complete(expr, pos, o)
		assert.True(t, 0 <= c.From && c.From <= n, "completion from %d", c.From)
		Format(expr)
	})
}
