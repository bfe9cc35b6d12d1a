package chsql

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/golden"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

func compile(t *testing.T, src string, opts Options) (*Predicate, error) {
	t.Helper()
	x, errs := grammar.Parse(src)
	require.Empty(t, errs, src)
	info, _ := check.Check(x, schema.Rules(), check.Options{})
	return Compile(info, opts)
}

func TestString(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "''",
		"abc":                 "'abc'",
		"it's":                `'it\'s'`,
		`a\b`:                 `'a\\b'`,
		"a\x00b\n":            `'a\x00b\x0A'`,
		"é":                   `'\xC3\xA9'`,
		"'; DROP TABLE x; --": `'\'; DROP TABLE x; --'`,
		"\\'":                 `'\\\''`,
		"\x7f":                `'\x7F'`,
	} {
		assert.Equal(t, want, String(in), "%q", in)
	}
}

func TestIdent(t *testing.T) {
	s, err := Ident("ClientIP")
	require.NoError(t, err)
	assert.Equal(t, "`ClientIP`", s)
	for _, bad := range []string{"", "a`b", "a b", "1x", "x;DROP", "é"} {
		_, err := Ident(bad)
		assert.Error(t, err, bad)
	}
}

func TestRegex(t *testing.T) {
	ok := map[string]string{
		`abc`:         `abc`,
		`^/api/.*$`:   `^\/api\/[^\n]*$`,
		`(?i)bot`:     `[bB][oO][tT]`,
		`(?i:ab)c`:    `(?:[aA][bB])c`,
		`(?i)[a-c_]x`: `[a-cA-C\x{5F}][xX]`,
		`(?s).+`:      `.+`,
		`\s\d\w`:      `[\t\n\v\f\r ]\d\w`,
		`[^/]+\.php`:  `[^\x{2F}]+\.php`,
		`\x41`:        `A`,
		`a{2,3}`:      `a{2,3}`,
		`(a|b)+`:      `(a|b)+`,
		`(?P<n>x)`:    `(?P<n>x)`,
		`\bcurl\b`:    `\bcurl\b`,
		`(.*)+x`:      `([^\n]*)+x`,
		`a.+b[^c]+`:   `a[^\n]+b[^c]+`,
		`(x|y).+`:     `(x|y)[^\n]+`,
		`(.+)?z`:      `([^\n]+)?z`,
	}
	for in, want := range ok {
		got, err := Regex(in)
		if assert.NoError(t, err, in) {
			assert.Equal(t, want, got, in)
		}
	}
	refused := map[string]string{
		`^.$`:             "one UTF-8 character",
		`a.b`:             "one UTF-8 character",
		`a.?b`:            "one UTF-8 character",
		`[^a]{3}`:         "one UTF-8 character",
		`.+.+`:            "split a UTF-8 character",
		`^.+\B.+$`:        "split a UTF-8 character",
		`.+(.+)`:          "split a UTF-8 character",
		`(.+|a).+`:        "split a UTF-8 character",
		`.+(a|.+)`:        "split a UTF-8 character",
		`(.+){2}`:         "repeats a group",
		`(x[^/]+)+`:       "repeats a group",
		"é":               "non-ASCII",
		`\xff`:            "non-ASCII",
		`(?m)^a`:          "flag m",
		`(?i)[[:lower:]]`: "POSIX class",
		`(?i)[0-z]`:       "under the i flag",
		"a\x00":           "NUL",
	}
	for in, msg := range refused {
		_, err := Regex(in)
		if assert.Error(t, err, in) {
			assert.Contains(t, err.Error(), msg, in)
		}
	}
}

func TestLikePattern(t *testing.T) {
	assert.Equal(t, `%.example.com`, likePattern(`*.example.com`, false))
	assert.Equal(t, `%.example.com`, likePattern(`*.Example.COM`, true))
	assert.Equal(t, `100\% \_x\_ *`, likePattern(`100% _x_ \*`, false))
	assert.Equal(t, `a\\b`, likePattern(`a\\b`, false))
}

func TestCompile(t *testing.T) {
	p, err := compile(t, `http.host eq "a'b" and ip.src in {10.0.0.0/8 2001:db8::/32} and not ssl`, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"ClientIP", "ClientRequestHost", "ClientRequestScheme"}, p.Fields)
	assert.Contains(t, p.SQL, `'a\'b'`)
	assert.Contains(t, p.SQL, "'20010DB8000000000000000000000000'")
	assert.Contains(t, p.SQL, "toUInt32(167772160)")

	// The constants true and false, alike.
	p, err = compile(t, `true and not false`, Options{})
	require.NoError(t, err)
	assert.Contains(t, p.SQL, "toUInt8(1)")
	assert.Contains(t, p.SQL, "toUInt8(0)")

	p, err = compile(t, `ip.src.country eq "US"`, Options{Columns: map[string]string{"ClientCountry": "country_code"}})
	require.NoError(t, err)
	assert.Contains(t, p.SQL, "upper(`country_code`)")
}

func TestCompileRefuses(t *testing.T) {
	for src, msg := range map[string]string{
		`http.request.headers["x"][0] eq "a"`:           "",
		`any(cf.bot_management.detection_ids[*] eq 1)`:  "",
		`http.user_agent matches "^.$"`:                 "one UTF-8 character",
		`http.host in $partners`:                        "lists",
		`concat(http.host, "x") eq "y"`:                 "concat",
		`url_decode(http.request.uri.path, "r") eq "y"`: "url_decode options",
		`http.cookie contains "a"`:                      "not in Logpush",
	} {
		_, err := compile(t, src, Options{})
		if assert.Error(t, err, src) {
			assert.Contains(t, err.Error(), msg, src)
		}
	}
	_, err := compile(t, `http.host eq "a"`, Options{Columns: map[string]string{"ClientRequestHost": "x`; DROP"}})
	assert.ErrorContains(t, err, "column mapping")
	_, err = compile(t, `http.host eq "a"`, Options{Columns: map[string]string{"Nope": "x"}})
	assert.ErrorContains(t, err, "not a Logpush")
	assert.False(t, strings.Contains(err.Error(), "DROP"))
}

// TestReportQueryGolden keeps the whole report query for one expression in
// testdata, so a change to the SQL shows in review.
func TestReportQueryGolden(t *testing.T) {
	p, err := compile(t, `(cf.bot_management.score lt 30 or http.user_agent matches "(?i)bot") and ip.src in {10.0.0.0/8 2001:db8::/32} and not http.host wildcard "*.example.com"`, Options{})
	require.NoError(t, err)
	q, err := ReportQuery(p, &TableRef{Name: "http_requests"}, 10, Options{})
	require.NoError(t, err)
	golden.Assert(t, filepath.Join("testdata", "report-query.sql"), q+"\n")
}

func TestCreateTableFor(t *testing.T) {
	got, err := CreateTableFor("logs.reqs", "")
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf(CreateTable, "`logs`.`reqs`"), got)
	got, err = CreateTableFor("logs.reqs", TimestampRFC3339)
	require.NoError(t, err)
	assert.Contains(t, got, "EdgeStartTimestamp Nullable(String), RayID")
	_, err = CreateTableFor("s3('https://b/x.gz', 'JSONEachRow')", "")
	assert.ErrorContains(t, err, "not a table function")
	_, err = CreateTableFor("a b", "")
	assert.Error(t, err)
}
