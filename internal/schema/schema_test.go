package schema

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTypeRoundTrip(t *testing.T) {
	for _, s := range []string{"Bytes", "Int", "Bool", "Ip", "Array<Bytes>", "Map<Array<Bytes>>", "Array<Array<Bytes>>", "Map<Int>", "Array<Bool>"} {
		ty, err := ParseType(s)
		require.NoError(t, err, s)
		assert.Equal(t, s, ty.String())
		again, err := ParseType(ty.String())
		require.NoError(t, err)
		assert.True(t, ty.Equal(again))
	}
}

func TestParseTypeSpellings(t *testing.T) {
	tests := []struct{ in, want string }{
		{"String", "Bytes"},
		{"Integer", "Int"},
		{"Number", "Int"},
		{"Boolean", "Bool"},
		{"IP address", "Ip"},
		{"IP Address", "Ip"},
		{" Map < Array<String> > ", "Map<Array<Bytes>>"},
		{"array<integer>", "Array<Int>"},
	}
	for _, tc := range tests {
		ty, err := ParseType(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, ty.String(), tc.in)
	}
}

func TestParseTypeErrors(t *testing.T) {
	for _, s := range []string{"", "Float", "Array", "Array<>", "Array<Bytes", "Map<Bytes>>", "T", "Array<T>", "Bytes | Int", strings.Repeat("Array<", 40) + "Bytes" + strings.Repeat(">", 40)} {
		_, err := ParseType(s)
		assert.Error(t, err, "%q", s)
	}
}

func TestTypePredicates(t *testing.T) {
	m := MapOf(ArrayOf(TypeBytes))
	assert.Equal(t, KindMap, m.Kind())
	assert.True(t, m.IsMap() && m.IsContainer() && !m.IsScalar())
	assert.Equal(t, ArrayOf(TypeBytes), m.Elem())
	assert.Equal(t, TypeBytes, m.Elem().Elem())
	assert.False(t, TypeBytes.Elem().IsValid())
	assert.True(t, TypeIP.IsScalar())
	assert.Equal(t, "<invalid>", Type{}.String())
	assert.False(t, ArrayOf(Type{}).IsValid())
	assert.True(t, ArrayOf(TypeVar).IsGeneric())
	assert.False(t, ArrayOf(TypeBytes).IsGeneric())
	assert.True(t, ArrayOf(TypeVar).Accepts(ArrayOf(TypeInt)))
	assert.False(t, ArrayOf(TypeVar).Accepts(TypeInt))
}

func TestProfilesLoad(t *testing.T) {
	for _, s := range []*Schema{Rules(), Feedback(), Engine2020()} {
		assert.NotEmpty(t, s.Fields(), s.Profile())
		assert.NotEmpty(t, s.Functions(), s.Profile())
		assert.True(t, sort.SliceIsSorted(s.Fields(), func(i, j int) bool { return s.Fields()[i].Name < s.Fields()[j].Name }))
		assert.True(t, sort.SliceIsSorted(s.Functions(), func(i, j int) bool { return s.Functions()[i].Name < s.Functions()[j].Name }))
	}
	assert.Equal(t, ProfileRules, Rules().Profile())
	assert.Equal(t, ProfileFeedback, Feedback().Profile())
	assert.Equal(t, ProfileEngine2020, Engine2020().Profile())
	// The 209 of the spec catalog plus cf.zone.name, cf.zone.plan,
	// cf.load_balancer.name and .region, http.request.jwt.claims and false.
	assert.Len(t, Rules().Fields(), 215)
	assert.Len(t, Rules().Functions(), 29)
	assert.Len(t, Engine2020().Fields(), 210)
	assert.Len(t, Engine2020().Functions(), 10)
}

func TestDescriptionsPresent(t *testing.T) {
	for _, s := range []*Schema{Rules(), Feedback(), Engine2020()} {
		for _, f := range s.Fields() {
			assert.NotEmpty(t, strings.TrimSpace(f.Description), "%s field %s", s.Profile(), f.Name)
		}
		for _, f := range s.Functions() {
			assert.NotEmpty(t, strings.TrimSpace(f.Description), "%s function %s", s.Profile(), f.Name)
		}
		for _, l := range s.Lists() {
			assert.NotEmpty(t, l.Description, l.Name)
		}
	}
}

func TestFeedbackFieldsExact(t *testing.T) {
	want := []string{
		"cf.bot_management.ja3_hash", "cf.bot_management.score", "http.host",
		"http.request.uri.path", "http.user_agent", "ip.geoip.asnum",
		"ip.geoip.country", "ip.src",
	}
	var got []string
	for _, f := range Feedback().Fields() {
		got = append(got, f.Name)
	}
	// The eight, and the current names of ip.geoip.asnum and
	// ip.geoip.country.
	assert.Equal(t, append(append([]string(nil), want...), "ip.src.asnum", "ip.src.country"), sortedCopy(got))
	for _, name := range want {
		doc, ok := Feedback().DocumentedFeedbackName(name)
		assert.True(t, ok, name)
		assert.Equal(t, name, doc)
	}
	doc, ok := Feedback().DocumentedFeedbackName("ip.src.asnum")
	assert.True(t, ok)
	assert.Equal(t, "ip.geoip.asnum", doc)
	_, ok = Feedback().DocumentedFeedbackName("cf.bot_management.ja4")
	assert.False(t, ok)
	var flagged []string
	for _, f := range Rules().Fields() {
		if f.Feedback {
			flagged = append(flagged, f.Name)
		}
	}
	assert.Equal(t, want, flagged)
	assert.Len(t, Feedback().Functions(), len(Rules().Functions()))
}

func TestFeedbackDeprecation(t *testing.T) {
	f, ok := Feedback().Field("ip.geoip.country")
	require.True(t, ok)
	assert.True(t, f.Deprecated, "still deprecated in Rules")
	assert.Equal(t, "ip.src.country", f.Replacement)
	assert.False(t, Feedback().DeprecationApplies("ip.geoip.country"))
	assert.False(t, Feedback().DeprecationApplies("ip.geoip.asnum"))
	assert.True(t, Rules().DeprecationApplies("ip.geoip.country"))
	assert.True(t, Rules().DeprecationApplies("cf.threat_score"))
	assert.False(t, Rules().DeprecationApplies("http.host"))
}

func TestLookupStatus(t *testing.T) {
	tests := []struct {
		s      *Schema
		name   string
		status Status
		field  bool
	}{
		{Feedback(), "http.host", Found, true},
		{Feedback(), "http.referer", NotInProfile, true},
		{Feedback(), "ip.src.country", Found, true},
		{Feedback(), "ip.src.continent", NotInProfile, true},
		{Feedback(), "lower", Found, false},
		{Feedback(), "http.nonexistent", Unknown, false},
		{Rules(), "http.referer", Found, true},
		{Rules(), "http.nonexistent", Unknown, false},
		{Rules(), "true", Found, true},
		{Engine2020(), "cidr", NotInProfile, false},
		{Engine2020(), "cf.client_trust_score", Found, true},
		{Rules(), "cf.client_trust_score", Unknown, false},
	}
	for _, tc := range tests {
		r := tc.s.Lookup(tc.name)
		assert.Equal(t, tc.status, r.Status, "%s %s", tc.s.Profile(), tc.name)
		if tc.status != Unknown {
			assert.Equal(t, tc.field, r.Field != nil, tc.name)
			assert.Equal(t, !tc.field, r.Function != nil, tc.name)
		}
	}
	assert.Equal(t, "not-in-profile", NotInProfile.String())
}

// true and false are alike: Bool constants of the product scheme, which
// the 2020 engine's scheme (the oracle) does not have beside true.
func TestBooleanPseudoFields(t *testing.T) {
	for _, name := range []string{"true", "false"} {
		f, ok := Rules().Field(name)
		require.True(t, ok, name)
		assert.Equal(t, TypeBool, f.Type, name)
		assert.True(t, f.Pseudo, name)
		assert.Equal(t, []string{ProductHTTPRules}, f.Products, name)
	}
	_, ok := Engine2020().Field("false")
	assert.False(t, ok, "the oracle's scheme has true, not false")
}

func TestJWTClaimsField(t *testing.T) {
	f, ok := Rules().Field("http.request.jwt.claims")
	require.True(t, ok)
	assert.Equal(t, MapOf(ArrayOf(TypeBytes)), f.Type, "lookup_json_string(http.request.jwt.claims[id][0], …) reads a string")
	assert.Equal(t, []string{"http_request_transform"}, f.NotInPhases)
}

func TestEngine2020(t *testing.T) {
	e := Engine2020()
	v, ok := e.Field("http.request.version")
	require.True(t, ok)
	assert.Equal(t, TypeInt, v.Type, "firewalker wins on clashes")
	assert.Nil(t, v.Domain)
	lat, _ := e.Field("ip.src.lat")
	assert.Equal(t, TypeBytes, lat.Type)
	rv, _ := Rules().Field("http.request.version")
	assert.Equal(t, TypeBytes, rv.Type, "Rules keeps the documented type")

	n := 0
	for _, f := range e.Fields() {
		if f.Engine2020 {
			n++
		}
	}
	assert.Equal(t, 68, n)
	_, ok = e.Field("http.request.jwt.claims.aud")
	assert.True(t, ok, "spec fields are added after firewalker's")

	var names []string
	for _, f := range e.Functions() {
		names = append(names, f.Name)
		rf, ok := Rules().Function(f.Name)
		require.True(t, ok)
		assert.True(t, rf.Engine2020, f.Name)
	}
	assert.Equal(t, []string{"all", "any", "ends_with", "len", "lower", "remove_bytes", "starts_with", "substring", "upper", "url_decode"}, names)
	ud, _ := e.Function("url_decode")
	assert.Equal(t, 1, ud.MaxArgs())
	sw, _ := e.Function("starts_with")
	assert.Equal(t, ArgLiteral, sw.Params[1].Kind)
	sub, _ := e.Function("substring")
	assert.Equal(t, 2, sub.MinArgs())
	assert.Equal(t, 3, sub.MaxArgs())
	for _, f := range Rules().Functions() {
		_, in := e.Function(f.Name)
		assert.Equal(t, f.Engine2020, in, f.Name)
	}
}

func TestFunctionsCatalog(t *testing.T) {
	r := Rules()
	for _, name := range []string{"any", "all", "concat", "split", "cidr", "regex_replace"} {
		_, ok := r.Function(name)
		assert.True(t, ok, name)
	}
	any, _ := r.Function("any")
	assert.True(t, any.Quantifier)
	assert.Equal(t, ArgExpression, any.Params[0].Kind)

	split, _ := r.Function("split")
	require.NotNil(t, split.Params[2].Range)
	assert.Equal(t, "1..128", split.Params[2].Range.String())
	ok, _ := split.Params[2].CheckLiteralInt(129)
	assert.False(t, ok)
	ok, _ = split.Params[1].CheckLiteralString("")
	assert.False(t, ok)

	ud, _ := r.Function("url_decode")
	ok, _ = ud.Params[1].CheckLiteralString("ur")
	assert.True(t, ok)
	ok, msg := ud.Params[1].CheckLiteralString("x")
	assert.False(t, ok)
	assert.Contains(t, msg, "flag")

	concat, _ := r.Function("concat")
	assert.True(t, concat.ReturnsFirstArg)
	assert.Equal(t, 2, concat.MinArgs())
	assert.Equal(t, -1, concat.MaxArgs())
	assert.Contains(t, concat.Signature(), "type of first argument")

	rx, _ := r.Function("regex_replace")
	assert.True(t, rx.OncePerExpression)
	assert.Equal(t, []string{"wildcard_replace"}, rx.ExclusiveWith)
	assert.NotEmpty(t, rx.Phases)
}

func TestCheckArgs(t *testing.T) {
	r := Rules()
	fn := func(n string) *Function { f, ok := r.Function(n); require.True(t, ok, n); return f }
	tests := []struct {
		fn     string
		args   []Type
		want   Type
		errIdx int // -2 = no error
	}{
		{"concat", []Type{TypeBytes, TypeBytes, TypeBytes}, TypeBytes, -2},
		{"concat", []Type{ArrayOf(TypeBytes), ArrayOf(TypeBytes)}, ArrayOf(TypeBytes), -2},
		{"concat", []Type{TypeBytes, TypeInt}, TypeBytes, 1},
		{"concat", []Type{TypeBytes}, TypeBytes, -1},
		{"concat", []Type{TypeInt, TypeInt}, TypeInt, 0},
		{"lower", []Type{TypeBytes}, TypeBytes, -2},
		{"lower", []Type{TypeInt}, TypeBytes, 0},
		{"lower", []Type{TypeBytes, TypeBytes}, TypeBytes, -1},
		{"len", []Type{ArrayOf(TypeInt)}, TypeInt, -2},
		{"len", []Type{{}}, TypeInt, -2},
		{"any", []Type{ArrayOf(TypeBool)}, TypeBool, -2},
		{"any", []Type{TypeBool}, TypeBool, 0},
		{"has_value", []Type{MapOf(TypeInt), TypeInt}, TypeBool, -2},
		{"has_value", []Type{MapOf(TypeInt), TypeBytes}, TypeBool, 1},
		{"lookup_json_string", []Type{TypeBytes, TypeBytes, TypeInt, TypeBytes}, TypeBytes, -2},
		{"substring", []Type{TypeBytes, TypeInt}, TypeBytes, -2},
		{"split", []Type{TypeBytes, TypeBytes, TypeInt}, ArrayOf(TypeBytes), -2},
	}
	for _, tc := range tests {
		got, err := fn(tc.fn).CheckArgs(tc.args)
		assert.Equal(t, tc.want, got, "%s%v", tc.fn, tc.args)
		if tc.errIdx == -2 {
			assert.Nil(t, err, "%s%v", tc.fn, tc.args)
		} else if assert.NotNil(t, err, "%s%v", tc.fn, tc.args) {
			assert.Equal(t, tc.errIdx, err.Index, "%s%v: %s", tc.fn, tc.args, err.Msg)
		}
	}
}

func TestManagedLists(t *testing.T) {
	for _, n := range []string{"cf.open_proxies", "cf.anonymizer", "cf.vpn", "cf.malware", "cf.botnetcc"} {
		l, ok := Rules().List("$" + n)
		require.True(t, ok, n)
		assert.Equal(t, ListIP, l.Kind)
		assert.True(t, l.Managed)
		assert.True(t, l.Accepts(TypeIP))
		assert.False(t, l.Accepts(TypeBytes))
	}
	_, ok := Feedback().List("cf.vpn")
	assert.True(t, ok)
}

func TestCheckListName(t *testing.T) {
	tests := []struct {
		name    string
		ok, msg bool
	}{
		{"office_ips", true, false},
		{"$office_ips", true, false},
		{"cf.open_proxies", true, false},
		{"Office", false, true},
		{"a.b", true, true},
		{".a", false, true},
		{strings.Repeat("a", 51), true, true},
	}
	for _, tc := range tests {
		ok, msg := CheckListName(tc.name)
		assert.Equal(t, tc.ok, ok, tc.name)
		assert.Equal(t, tc.msg, msg != "", tc.name)
	}
}

func TestDomains(t *testing.T) {
	r := Rules()
	dom := func(n string) *Domain { f, ok := r.Field(n); require.True(t, ok, n); return f.Domain }
	str := []struct {
		field, value string
		ok           bool
	}{
		{"http.request.method", "GET", true},
		{"http.request.method", "get", false},
		{"ip.src.country", "GB", true},
		{"ip.src.country", "gb", false},
		{"ip.src.country", "GBR", false},
		{"ip.src.continent", "EU", true},
		{"ip.src.continent", "XX", false},
		{"ip.src.continent", "eu", false},
		{"cf.bot_management.ja3_hash", "3fed133de60c35724739b913924b6c24", true},
		{"cf.bot_management.ja3_hash", "3FED133DE60C35724739B913924B6C24", false},
		{"cf.bot_management.ja3_hash", "abc", false},
		{"http.request.uri.path", "/index.html", true},
		{"http.request.uri.path", "index.html", false},
		{"http.request.full_uri", "https://example.com/", true},
		{"http.request.full_uri", "example.com/", false},
		{"http.request.uri.path.extension", "html", true},
		{"http.request.uri.path.extension", "HTML", false},
		{"ip.src.subdivision_1_iso_code", "", true},
		{"ip.src.subdivision_1_iso_code", "GB-ENG", true},
		{"ip.src.subdivision_1_iso_code", "ENG", false},
		{"cf.waf.score.class", "likely_attack", true},
		{"cf.waf.score.class", "attack_likely", false},
		{"cf.response.error_type", "", true},
		{"http.host", "anything", true},
	}
	for _, tc := range str {
		ok, msg := dom(tc.field).CheckString(tc.value)
		assert.Equal(t, tc.ok, ok, "%s %q: %s", tc.field, tc.value, msg)
		if !ok {
			assert.NotEmpty(t, msg)
		}
	}
	ints := []struct {
		field string
		v     int64
		ok    bool
	}{
		{"cf.bot_management.score", 1, true},
		{"cf.bot_management.score", 99, true},
		{"cf.bot_management.score", 0, false},
		{"cf.bot_management.score", 100, false},
		{"cf.waf.score", 100, true},
		{"cf.waf.score", 101, false},
		{"cf.threat_score", 0, true},
		{"cf.threat_score", 10, false},
		{"tcp.dstport", 65535, true},
		{"tcp.dstport", 65536, false},
		{"http.request.timestamp.sec", 1700000000, true},
		{"http.request.timestamp.sec", 170000000, false},
		{"ip.src.asnum", -5, true},
	}
	for _, tc := range ints {
		ok, msg := dom(tc.field).CheckInt(tc.v)
		assert.Equal(t, tc.ok, ok, "%s %d: %s", tc.field, tc.v, msg)
	}
	_, msg := dom("cf.waf.score").CheckInt(100)
	assert.Equal(t, "not scored", msg)
	assert.Equal(t, "1..99", dom("cf.bot_management.score").RangeString())
	assert.Equal(t, "lower", dom("http.request.headers").KeyCase)
	el := dom("cf.waf.content_scan.obj_results").Element
	require.NotNil(t, el)
	ok, _ := el.CheckString("infected")
	assert.True(t, ok)
	assert.True(t, dom("http.request.method").IsCommon("PATCH"))
	assert.False(t, dom("http.request.method").IsCommon("FETCH"))
	assert.NotEmpty(t, dom("cf.bot_management.score").Summary())
	var nilDom *Domain
	ok, _ = nilDom.CheckString("x")
	assert.True(t, ok)
	assert.True(t, nilDom.IsZero())
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		s    *Schema
		in   string
		want string // expected first suggestion
	}{
		{Rules(), "http.uri.path", "http.request.uri.path"},
		{Rules(), "http.request.path", "http.request.uri.path"},
		{Rules(), "http.path", "http.request.uri.path"},
		{Rules(), "http.url", "http.request.full_uri"},
		{Rules(), "http.useragent", "http.user_agent"},
		{Rules(), "http.user-agent", "http.user_agent"},
		{Rules(), "http.request.user_agent", "http.user_agent"},
		{Rules(), "http.request.host", "http.host"},
		{Rules(), "http.hots", "http.host"},
		{Rules(), "HTTP.Host", "http.host"},
		{Rules(), "http.referrer", "http.referer"},
		{Rules(), "http.method", "http.request.method"},
		{Rules(), "http.request.methd", "http.request.method"},
		{Rules(), "ip.country", "ip.src.country"},
		{Rules(), "ip.geoip.country", "ip.src.country"},
		{Rules(), "ip.geoip.city", "ip.src.city"},
		{Rules(), "ip.asn", "ip.src.asnum"},
		{Rules(), "ip.source", "ip.src"},
		{Rules(), "cf.bot_score", "cf.bot_management.score"},
		{Rules(), "cf.bot_management.scor", "cf.bot_management.score"},
		{Rules(), "cf.ja3_hash", "cf.bot_management.ja3_hash"},
		{Rules(), "cf.verified_bot_catgory", "cf.verified_bot_category"},
		{Rules(), "http.request.headers.nmes", "http.request.headers.names"},
		{Rules(), "http.request.uri.querystring", "http.request.uri.query"},
		{Rules(), "http.cookies", "http.request.cookies"},
		{Rules(), "startswith", "starts_with"},
		{Rules(), "startsWith", "starts_with"},
		{Rules(), "lowercase", "lower"},
		{Rules(), "url_decod", "url_decode"},
		{Rules(), "substr", "substring"},
		{Feedback(), "ip.country", "ip.src.country"},
		{Feedback(), "ip.geoip.asnumber", "ip.geoip.asnum"},
		{Feedback(), "http.useragent", "http.user_agent"},
		{Feedback(), "cf.bot_score", "cf.bot_management.score"},
	}
	for _, tc := range tests {
		got := tc.s.Suggest(tc.in)
		if assert.NotEmpty(t, got, "%s %q", tc.s.Profile(), tc.in) {
			assert.Equal(t, tc.want, got[0], "%s %q -> %v", tc.s.Profile(), tc.in, got)
		}
		assert.LessOrEqual(t, len(got), 3)
		for _, g := range got {
			assert.Equal(t, Found, tc.s.Lookup(g).Status, g)
		}
	}
	assert.Empty(t, Rules().Suggest("zzzzzzzzzzzzzzzz"))
	assert.Empty(t, Rules().Suggest(""))
	// Under feedback, names outside the profile are never suggested.
	for _, g := range Feedback().Suggest("http.referrer") {
		assert.NotEqual(t, "http.referer", g)
	}
}

func TestWith(t *testing.T) {
	base := Feedback()
	s, err := base.With(
		[]Field{{Name: "x.custom", Type: TypeBytes, Description: "test"}},
		[]Function{{Name: "my_fn", Returns: TypeBool, Description: "test"}},
		[]List{{Name: "$office", Kind: ListIP}},
	)
	require.NoError(t, err)
	assert.Equal(t, ProfileFeedback, s.Profile())
	assert.Equal(t, Found, s.Lookup("x.custom").Status)
	assert.Equal(t, Found, s.Lookup("my_fn").Status)
	assert.Equal(t, NotInProfile, s.Lookup("http.referer").Status)
	_, ok := s.List("office")
	assert.True(t, ok)
	assert.False(t, s.DeprecationApplies("ip.geoip.country"))
	assert.Equal(t, Unknown, base.Lookup("x.custom").Status, "original untouched")

	s2, err := Rules().WithListNames("blocked_hosts")
	require.NoError(t, err)
	l, ok := s2.List("$blocked_hosts")
	require.True(t, ok)
	assert.True(t, l.Accepts(TypeBytes))

	_, err = Rules().With([]Field{{Name: "bad..name", Type: TypeBytes}}, nil, nil)
	assert.Error(t, err)
	_, err = Rules().With([]Field{{Name: "x"}}, nil, nil)
	assert.Error(t, err)
	_, err = Rules().With(nil, nil, []List{{Name: "Bad"}})
	assert.Error(t, err)
}

func TestLoadUserSchema(t *testing.T) {
	src := `{
  "format": 1,
  "profile": "acme",
  "fields": [
    {"name": "acme.score", "type": "Integer", "description": "Acme score.",
     "domain": {"min": 0, "max": 10, "special": {"-1": "unset"}}},
    {"name": "acme.tags", "type": "Array<String>"}
  ],
  "functions": [
    {"name": "acme_check", "returns": "Bool",
     "params": [{"name": "v", "type": "Bytes", "kind": "field"},
                {"name": "n", "type": "Int", "kind": "literal", "optional": true, "range": {"min": 1, "max": 5}}]}
  ],
  "lists": [{"name": "acme_hosts", "kind": "hostname"}]
}`
	s, err := Load(strings.NewReader(src))
	require.NoError(t, err)
	assert.Equal(t, "acme", s.Profile())
	f, ok := s.Field("acme.score")
	require.True(t, ok)
	assert.Equal(t, TypeInt, f.Type)
	ok2, msg := f.Domain.CheckInt(-1)
	assert.True(t, ok2)
	assert.Equal(t, "unset", msg)
	fn, ok := s.Function("acme_check")
	require.True(t, ok)
	assert.Equal(t, 1, fn.MinArgs())
	assert.Equal(t, NotInProfile, s.Lookup("http.host").Status, "Rules names are known but excluded")
	assert.Equal(t, Unknown, s.Lookup("nope").Status)
	l, _ := s.List("acme_hosts")
	assert.Equal(t, TypeBytes, l.ElemType())

	based, err := Load(strings.NewReader(`{"base": "rules", "fields": [{"name": "http.request.version", "type": "Int"}]}`))
	require.NoError(t, err)
	v, _ := based.Field("http.request.version")
	assert.Equal(t, TypeInt, v.Type)
	_, ok = based.Field("http.host")
	assert.True(t, ok)
	assert.Equal(t, "custom", based.Profile())
}

func TestLoadErrorsPositioned(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		line, col int
		contains  string
	}{
		{"syntax", "{\n  \"fields\": [\n    {\"name\": \"a\", \"type\": \"Bytes\",}\n  ]\n}", 3, 35, "invalid JSON"},
		{"bad type", "{\n  \"fields\": [\n    {\"name\": \"a\", \"type\": \"Bytes\"},\n    {\"name\": \"b\", \"type\": \"Strng\"}\n  ]\n}", 4, 5, "Strng"},
		{"unknown key", "{\n  \"feilds\": []\n}", 2, 3, "unknown key"},
		{"unknown entry key", "{\"fields\": [\n {\"name\": \"a\", \"type\": \"Bytes\", \"typo\": 1}]}", 2, 2, "typo"},
		{"wrong json type", "{\"fields\": [\n {\"name\": 5, \"type\": \"Bytes\"}]}", 2, 11, "string"},
		{"duplicate", "{\"fields\": [{\"name\": \"a\", \"type\": \"Bytes\"},\n{\"name\": \"a\", \"type\": \"Int\"}]}", 2, 1, "twice"},
		{"not object", "\n [1]", 2, 2, "JSON object"},
		{"truncated", "{\"fields\": [", 1, 13, ""},
		{"bad base", "{\"base\": \"nope\"}", 1, 10, "base"},
		{"bad format", "{\"format\": 2}", 1, 12, "format"},
		{"bad pattern", "{\"fields\": [{\"name\": \"a\", \"type\": \"Bytes\", \"domain\": {\"pattern\": \"(\"}}]}", 1, 13, "pattern"},
		{"variadic not last", "{\"functions\": [{\"name\": \"f\", \"returns\": \"Bool\", \"params\": [{\"name\": \"a\", \"type\": \"Bytes\", \"variadic\": true}, {\"name\": \"b\", \"type\": \"Bytes\"}]}]}", 1, 16, "variadic"},
		{"trailing data", "{} {}", 1, 4, "after"},
		{"bad kind", "{\"functions\": [{\"name\": \"f\", \"returns\": \"Bool\", \"params\": [{\"name\": \"a\", \"type\": \"Bytes\", \"kind\": \"lit\"}]}]}", 1, 16, "kind"},
		{"bad list", "{\"lists\": [{\"name\": \"Bad\"}]}", 1, 12, "list"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(tc.src))
			require.Error(t, err)
			var le *LoadError
			require.True(t, errors.As(err, &le), "%T %v", err, err)
			assert.Equal(t, tc.line, le.Line, err.Error())
			assert.Equal(t, tc.col, le.Column, err.Error())
			assert.Contains(t, le.Error(), tc.contains)
		})
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "s.json")
	require.NoError(t, os.WriteFile(p, []byte("{\n\"fields\": [{\"name\": \"a\"}]}"), 0o600))
	_, err := LoadFile(p)
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), p+":2:12: "), err.Error())

	_, err = LoadFile(filepath.Join(dir, "missing.json"))
	assert.Error(t, err)
}

func TestCatalogIsAValidUserSchema(t *testing.T) {
	s, err := LoadFile("catalog.json")
	require.NoError(t, err)
	assert.Len(t, s.Fields(), len(Rules().Fields()))
}

func TestFieldNamesValid(t *testing.T) {
	for _, f := range Engine2020().Fields() {
		assert.True(t, ValidName(f.Name), f.Name)
		assert.True(t, f.Type.IsValid(), f.Name)
		if f.Deprecated && f.Replacement != "" {
			_, ok := Rules().Field(f.Replacement)
			assert.True(t, ok, "replacement of %s", f.Name)
		}
	}
}

func TestSignature(t *testing.T) {
	f, _ := Rules().Function("substring")
	assert.Equal(t, "substring(field: Bytes, start: Int, end?: Int) -> Bytes", f.Signature())
	assert.Nil(t, f.Param(3))
	c, _ := Rules().Function("concat")
	assert.Equal(t, "rest", c.Param(7).Name)
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	slices.Sort(c)
	return c
}
