package grammar

import (
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/diag"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTrees(t *testing.T) {
	tests := []struct{ src, dump string }{
		{`http.host eq "a"`, `(eq http.host 1:"\"a\"")`},
		{`t or t && t and t or t ^^ t and t || t`, `(or t (and t t t) (xor t (and t t)) t)`},
		{`not ssl && cf.bot_management.score lt 30`, `(and (not ssl) (lt cf.bot_management.score 4:"30"))`},
		{`! (not !ssl)`, `(not (paren (not (not ssl))))`},
		{`notssl`, `(not ssl)`},
		{`ssl andssl`, `(and ssl ssl)`},
		{`http.host eq"a"`, `(eq http.host 1:"\"a\"")`},
		{`tcp.port eq10`, `(eq tcp.port 4:"10")`},
		{`tcp.port in { 80 443 2082..2083 }`, `(in tcp.port {4:"80" 4:"443" 4:"2082..2083"})`},
		{`ip.src in {127.0.0.0/8 ::1 10.0.0.0..10.0.255.255}`, `(in ip.src {4:"127.0.0.0/8" 4:"::1" 4:"10.0.0.0..10.0.255.255"})`},
		{`ip.src in $cf.open_proxies`, `(in ip.src $cf.open_proxies)`},
		{`http.host contains 6F:72:67`, `(contains http.host 4:"6F:72:67")`},
		{`http.host == r#"a"b"#`, `(eq http.host 2:"r#\"a\"b\"#")`},
		{`http.host matches "[a"b]"`, `(matches http.host 3:"\"[a\"b]\"")`},
		{`http.host strict wildcard "/A/*"`, `(strict wildcard http.host 1:"\"/A/*\"")`},
		{`any(lower(http.request.headers.names[*])[*] == "content-type")`, `any((eq lower(http.request.headers.names[*])[*] 1:"\"content-type\""))`},
		{`http.request.headers["host"][0] contains "abc"`, `(contains http.request.headers["host"][0] 1:"\"abc\"")`},
		{`substring(http.host, -4) eq ".com"`, `(eq substring(http.host, 4:"-4") 1:"\".com\"")`},
		{`tcp.port & 1`, `(bitwise_and tcp.port 4:"1")`},
		{"a\r\nor\nb", `(or a b)`},
		{"\u3000 ssl \t", `ssl`},
		{`any((a[*] == "x" and b[*] == "y"))`, `any((paren (and (eq a[*] 1:"\"x\"") (eq b[*] 1:"\"y\""))))`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			x, errs := Parse(tt.src)
			require.Empty(t, errs)
			assert.Equal(t, tt.dump, Dump(x.Root))
		})
	}
}

// TestParseErrors checks each explained mistake: its code, the exact text
// under its span, and the text after its first fix.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		src, code, under, fixed string
		kind                    ErrorKind
	}{
		{`http.host eq 'a'`, "single-quoted-string", `'a'`, `http.host eq "a"`, ParseInt},
		{`http.request.uri.path starts_with "/x"`, "infix-function", "starts_with", `starts_with(http.request.uri.path, "/x")`, ExpectedName},
		{`http.host not in {"a"}`, "negated-operator", "not in", `not http.host in {"a"}`, ExpectedName},
		{`http.host !~ "a"`, "negated-operator", "!~", `not http.host ~ "a"`, ExpectedName},
		{`http.host in {"a", "b"}`, "comma-in-set", ",", `http.host in {"a" "b"}`, ParseInt},
		{`ip.src in 10.0.0.0/8`, "in-needs-braces", "10.0.0.0/8", `ip.src in {10.0.0.0/8}`, ExpectedName},
		{`http.host EQ "a"`, "uppercase-keyword", "EQ", `http.host eq "a"`, ExpectedName},
		{`ssl AND ssl`, "uppercase-keyword", "AND", `ssl and ssl`, UnrecognisedInput},
		{`ssl == true`, "boolean-literal", "== true", `ssl`, UnrecognisedInput},
		{`ssl eq false`, "boolean-literal", "eq false", `not ssl`, UnrecognisedInput},
		{`http.host eq "a\n"`, "invalid-escape", `\n`, `http.host eq "a\x0a"`, InvalidCharacterEscape},
		{"ssl\tand ssl", "tab-separator", "\t", "ssl and ssl", UnrecognisedInput},
		{"http.host eq \"a\" # note", "comment", "# note", `http.host eq "a" `, UnrecognisedInput},
		{`http.host = "a"`, "single-equals", "=", `http.host == "a"`, ExpectedName},
		{`http.request.headers ["a"][0] eq "b"`, "space-before-index", ` [`, `http.request.headers["a"][0] eq "b"`, UnrecognisedInput},
		{`lower(http.host,) eq "a"`, "trailing-comma", ",", `lower(http.host) eq "a"`, UnrecognisedInput},
		{`any(a[*] == "x" and b[*] == "y")`, "argument-needs-parens", `a[*] == "x" and b[*] == "y"`, `any((a[*] == "x" and b[*] == "y"))`, UnrecognisedInput},
		{`ip.src in $Office`, "invalid-list-name", "$Office", `ip.src in $office`, InvalidListName},
		{`http.host strict  wildcard "a"`, "strict-wildcard-spacing", "strict  wildcard", `http.host strict wildcard "a"`, ExpectedName},
		{`(http.host eq "a"`, "unbalanced", "(", `(http.host eq "a")`, ExpectedLiteral},
		{`http.host eq "a")`, "unbalanced", ")", `http.host eq "a"`, UnrecognisedInput},
		{`http.host eq "abc`, "missing-quote", `"abc`, `http.host eq "abc"`, MissingEndingQuote},
		{`http..host eq "a"`, "malformed-name", ".", `http.host eq "a"`, ExpectedName},
		{`http.host eq example.com`, "unquoted-string", "example.com", `http.host eq "example.com"`, ExpectedName},
		{`http.host eq`, "syntax", "", "", CountMismatch},
		{``, "empty-expression", "", "", ExpectedName},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, errs := Parse(tt.src)
			require.NotEmpty(t, errs)
			var e *diag.Diagnostic
			for _, x := range errs {
				if x.Rule == tt.code {
					e = &x
					break
				}
			}
			require.NotNil(t, e, "no %s in %v", tt.code, errs)
			assert.Equal(t, tt.under, e.Span.Text(tt.src))
			assert.Equal(t, string(tt.kind), e.EngineKind)
			assert.NotEmpty(t, e.Message)
			if tt.fixed != "" {
				require.NotEmpty(t, e.Fixes)
				assert.Equal(t, tt.fixed, e.Fixes[0].Apply(tt.src))
			}
		})
	}
}

// TestEveryIndependentError is the example: three separate mistakes,
// each reported with its own span.
func TestEveryIndependentError(t *testing.T) {
	src := `http.host eq 'a' and ip.src in 10.0.0.0/8 and x ~ "["`
	_, errs := Parse(src)
	var got []string
	for _, e := range errs {
		got = append(got, e.Rule+":"+e.Span.Text(src))
	}
	assert.Equal(t, []string{`single-quoted-string:'a'`, "in-needs-braces:10.0.0.0/8", `missing-quote:"["`}, got)

	src = `http.host eq 'www.example.com' and http.request.uri.path starts_with '/products'`
	_, errs = Parse(src)
	got = nil
	for _, e := range errs {
		got = append(got, e.Rule)
	}
	assert.Equal(t, []string{"single-quoted-string", "infix-function", "single-quoted-string"}, got)
}

// TestRecoveryKeepsGoing checks that after an unexpected token the parser
// skips to the next synchronisation token and reads the rest of the expression.
func TestRecoveryKeepsGoing(t *testing.T) {
	src := `http.host eq "a" "b" and ip.src eq and (ssl or ) and tcp.port in {1 2}`
	x, errs := Parse(src)
	require.GreaterOrEqual(t, len(errs), 3)
	l, ok := x.Root.(*Logical)
	require.True(t, ok, "root is %T", x.Root)
	assert.Len(t, l.Operands, 4)
	assert.IsType(t, &Comparison{}, l.Operands[3], "the last comparison still parses")
}

func TestLimits(t *testing.T) {
	deep := strings.Repeat("(", 200) + "ssl" + strings.Repeat(")", 200)
	_, errs := Parse(deep)
	require.Len(t, errs, 1)
	assert.Equal(t, string(NestingLimitExceeded), errs[0].EngineKind)

	_, errs = Parse(strings.Repeat("(", 127) + "ssl" + strings.Repeat(")", 127))
	assert.Empty(t, errs)

	huge := strings.Repeat("(", 1<<20)
	_, errs = Parse(huge)
	require.NotEmpty(t, errs)

	// However high the caller sets the limit, the parser's recursion stays
	// bounded: a megabyte of nesting reports the (clamped) limit.
	const n = 1<<18 - 8
	for _, deep := range []string{strings.Repeat("(", n) + "ssl" + strings.Repeat(")", n), strings.Repeat("not ", n) + "ssl", strings.Repeat("f(", n/2) + "x" + strings.Repeat(")", n/2)} {
		_, errs = ParseWith(deep, Options{MaxDepth: 1 << 30})
		kinds := map[string]bool{}
		for _, e := range errs {
			kinds[e.EngineKind] = true
		}
		assert.True(t, kinds[string(NestingLimitExceeded)], "%v", errs)
	}

	_, errs = ParseWith(`ssl and ssl`, Options{MaxSize: 5})
	require.Len(t, errs, 1)
	assert.Equal(t, string(InputTooLarge), errs[0].EngineKind)

	// A long chain parses iteratively: no recursion depth problem.
	long := strings.Repeat("ssl and ", 20000) + "ssl"
	x, errs := Parse(long)
	require.Empty(t, errs)
	assert.Len(t, x.Root.(*Logical).Operands, 20001)
}

func TestFormat(t *testing.T) {
	tests := []struct {
		src  string
		opts PrintOptions
		want string
	}{
		{`http.host   eq"a"and(ssl)`, PrintOptions{}, `http.host eq "a" and (ssl)`},
		{`http.host == "a" && !ssl`, PrintOptions{}, `http.host == "a" && !ssl`},
		{`http.host == "a" && !ssl`, PrintOptions{Notation: EnglishNotation}, `http.host eq "a" and not ssl`},
		{`http.host eq "a" and not ssl`, PrintOptions{Notation: SymbolNotation}, `http.host == "a" && !ssl`},
		{`lower( http.host )eq "a"`, PrintOptions{}, `lower(http.host) eq "a"`},
		{`tcp.port in {  80   443 }`, PrintOptions{}, `tcp.port in {80 443}`},
		{`(http.host eq "a" or http.host eq "b") and ssl`, PrintOptions{Width: 20},
			"(\n  http.host eq \"a\"\n  or http.host eq \"b\"\n)\nand ssl"},
	}
	for _, tt := range tests {
		got, errs := FormatString(tt.src, tt.opts)
		require.Empty(t, errs)
		assert.Equal(t, tt.want, got, tt.src)
	}
	bad := `http.host eq 'a'`
	got, errs := FormatString(bad, PrintOptions{})
	assert.NotEmpty(t, errs)
	assert.Equal(t, bad, got, "a formatter never loses text")
}

func TestLiterals(t *testing.T) {
	ints := map[string]int64{"10": 10, "0x1f5": 501, "0123": 83, "-12": -12, "-010": -10, "0": 0}
	for raw, want := range ints {
		v, err := (&Literal{Kind: LitBare, Raw: raw}).Int()
		require.Nil(t, err, raw)
		assert.Equal(t, want, v, raw)
	}
	for _, raw := range []string{"08", "-0x10", "10fe", "99999999999999999999", "1_000"} {
		_, err := (&Literal{Kind: LitBare, Raw: raw}).Int()
		assert.NotNil(t, err, raw)
	}
	it, err := (&Literal{Kind: LitBare, Raw: "10.0.0.0/8"}).IPSetItem()
	require.Nil(t, err)
	assert.Equal(t, "10.255.255.255", it.To.String())
	_, err = (&Literal{Kind: LitBare, Raw: "10.0.0.1/8"}).IPSetItem()
	require.NotNil(t, err)
	assert.Equal(t, "10.0.0.0/8", err.Fixes[0].Edits[0].New)
	_, err = (&Literal{Kind: LitBare, Raw: "10.0.0.0..::1"}).IPSetItem()
	assert.Equal(t, string(IncompatibleRangeBounds), err.EngineKind)
	b, err := (&Literal{Kind: LitBare, Raw: "6F:72-67.2e"}).Bytes()
	require.Nil(t, err)
	assert.Equal(t, "org.", string(b))
	v, _, _ := decodeString(`"\x41\101\"\\"`, 0, nil)
	assert.Equal(t, `AA"\`, v)
	assert.Equal(t, `"a\"b\\"`, QuoteString(`a"b\`))
	assert.Equal(t, `r#"a"b"#`, RawString(`a"b`))
}

// TestNodeIDs checks that every node of a parsed tree, valid or not, has
// its own ID within NodeCount, and that nodes of another tree, or built by
// hand, have none.
func TestNodeIDs(t *testing.T) {
	var prev *Expression
	for _, src := range corpus(t) {
		x, _ := Parse(src)
		seen := map[int]bool{}
		Inspect(x.Root, func(n Node) bool {
			id := x.NodeID(n)
			require.True(t, id >= 1 && id <= x.NodeCount(), "%s: ID %d of %T, %d nodes", src, id, n, x.NodeCount())
			require.False(t, seen[id], "%s: ID %d twice", src, id)
			seen[id] = true
			if prev != nil {
				require.Zero(t, prev.NodeID(n), "a node of another tree")
			}
			return true
		})
		prev = x
	}
	x, _ := Parse("ssl")
	assert.Zero(t, x.NodeID(&Literal{Kind: LitBare, Raw: "1"}))
	assert.Zero(t, x.NodeID(nil))
	assert.Zero(t, x.NodeID((*Value)(nil)))
	assert.Zero(t, (&Expression{}).NodeID(x.Root))
}
