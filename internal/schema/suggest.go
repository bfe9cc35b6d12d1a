package schema

import (
	"sort"
	"strings"

	"github.com/wflint/wflint/internal/suggest"
)

// maxSuggestions bounds "did you mean" lists: more than a few names are
// noise in a diagnostic.
const maxSuggestions = 3

// renames maps names people actually write (other products' field names,
// header names, guesses at the structure) to the catalog names they mean.
// Keys are in normalized form (see normalizeName). Edit distance alone cannot
// find these because they differ structurally, e.g. http.url vs
// http.request.full_uri.
var renames = map[string][]string{
	// URL and its parts
	"http.url":                      {"http.request.full_uri", "http.request.uri"},
	"http.request.url":              {"http.request.full_uri", "http.request.uri"},
	"http.full_url":                 {"http.request.full_uri"},
	"http.request.full_url":         {"http.request.full_uri"},
	"http.full_uri":                 {"http.request.full_uri"},
	"http.uri":                      {"http.request.uri"},
	"http.path":                     {"http.request.uri.path"},
	"http.request.path":             {"http.request.uri.path"},
	"http.uri.path":                 {"http.request.uri.path"},
	"http.url.path":                 {"http.request.uri.path"},
	"http.request.url.path":         {"http.request.uri.path"},
	"http.request.uri_path":         {"http.request.uri.path"},
	"http.request.uripath":          {"http.request.uri.path"},
	"uri.path":                      {"http.request.uri.path"},
	"path":                          {"http.request.uri.path"},
	"http.query":                    {"http.request.uri.query"},
	"http.request.query":            {"http.request.uri.query"},
	"http.querystring":              {"http.request.uri.query"},
	"http.query_string":             {"http.request.uri.query"},
	"http.request.query_string":     {"http.request.uri.query"},
	"http.request.uri.query_string": {"http.request.uri.query"},
	"http.uri.query":                {"http.request.uri.query"},
	"http.args":                     {"http.request.uri.args"},
	"http.request.args":             {"http.request.uri.args"},
	"http.request.uri.params":       {"http.request.uri.args"},
	"http.request.params":           {"http.request.uri.args"},
	"http.request.uri.extension":    {"http.request.uri.path.extension"},
	"http.request.extension":        {"http.request.uri.path.extension"},
	"http.extension":                {"http.request.uri.path.extension"},
	// host
	"host":                      {"http.host"},
	"http.hostname":             {"http.host"},
	"http.request.host":         {"http.host"},
	"http.request.hostname":     {"http.host"},
	"http.domain":               {"http.host"},
	"http.request.headers.host": {"http.host"},
	// user agent
	"user_agent":                      {"http.user_agent"},
	"useragent":                       {"http.user_agent"},
	"http.ua":                         {"http.user_agent"},
	"http.useragent":                  {"http.user_agent"},
	"http.request.user_agent":         {"http.user_agent"},
	"http.request.useragent":          {"http.user_agent"},
	"http.request.headers.user_agent": {"http.user_agent"},
	"http.headers.user_agent":         {"http.user_agent"},
	// referer
	"http.referrer":         {"http.referer"},
	"http.request.referer":  {"http.referer"},
	"http.request.referrer": {"http.referer"},
	"referer":               {"http.referer"},
	"referrer":              {"http.referer"},
	// method, version, cookies, headers, body
	"method":                    {"http.request.method"},
	"http.method":               {"http.request.method"},
	"http.verb":                 {"http.request.method"},
	"http.request.verb":         {"http.request.method"},
	"http.version":              {"http.request.version"},
	"http.protocol":             {"http.request.version"},
	"http.request.protocol":     {"http.request.version"},
	"http.cookies":              {"http.request.cookies", "http.cookie"},
	"http.request.cookie":       {"http.request.cookies", "http.cookie"},
	"http.headers":              {"http.request.headers"},
	"http.request.header":       {"http.request.headers"},
	"http.body":                 {"http.request.body.raw"},
	"http.request.body":         {"http.request.body.raw"},
	"http.status":               {"http.response.code"},
	"http.status_code":          {"http.response.code"},
	"http.response.status":      {"http.response.code"},
	"http.response.status_code": {"http.response.code"},
	"https":                     {"ssl"},
	"tls":                       {"ssl"},
	"http.ssl":                  {"ssl"},
	"http.request.ssl":          {"ssl"},
	// client address and geography
	"ip.addr":               {"ip.src"},
	"ip.address":            {"ip.src"},
	"ip.source":             {"ip.src"},
	"ip.client":             {"ip.src"},
	"ip.src.addr":           {"ip.src"},
	"ip.src.ip":             {"ip.src"},
	"src.ip":                {"ip.src"},
	"client.ip":             {"ip.src"},
	"ip.srcaddr":            {"ip.src"},
	"cf.connecting_ip":      {"ip.src"},
	"http.request.ip":       {"ip.src"},
	"ip.country":            {"ip.src.country"},
	"ip.src.country_code":   {"ip.src.country"},
	"ip.geoip.country_code": {"ip.src.country"},
	"geo.country":           {"ip.src.country"},
	"country":               {"ip.src.country"},
	"cf.country":            {"ip.src.country"},
	"cf.ipcountry":          {"ip.src.country"},
	"ip.asn":                {"ip.src.asnum"},
	"ip.src.asn":            {"ip.src.asnum"},
	"ip.geoip.asn":          {"ip.src.asnum"},
	"asn":                   {"ip.src.asnum"},
	"asnum":                 {"ip.src.asnum"},
	"ip.continent":          {"ip.src.continent"},
	"ip.city":               {"ip.src.city"},
	"ip.region":             {"ip.src.region"},
	// bot management
	"cf.bot_score":                    {"cf.bot_management.score"},
	"cf.botscore":                     {"cf.bot_management.score"},
	"cf.bot.score":                    {"cf.bot_management.score"},
	"cf.bot_management.bot_score":     {"cf.bot_management.score"},
	"cf.botmanagement.score":          {"cf.bot_management.score"},
	"bot_score":                       {"cf.bot_management.score"},
	"cf.ja3":                          {"cf.bot_management.ja3_hash"},
	"cf.ja3_hash":                     {"cf.bot_management.ja3_hash"},
	"cf.bot_management.ja3":           {"cf.bot_management.ja3_hash"},
	"cf.bot_management.ja3hash":       {"cf.bot_management.ja3_hash"},
	"ja3":                             {"cf.bot_management.ja3_hash"},
	"ja3_hash":                        {"cf.bot_management.ja3_hash"},
	"cf.ja4":                          {"cf.bot_management.ja4"},
	"cf.bot_management.ja4_hash":      {"cf.bot_management.ja4"},
	"cf.verified_bot":                 {"cf.bot_management.verified_bot", "cf.client.bot"},
	"cf.client.verified_bot":          {"cf.bot_management.verified_bot", "cf.client.bot"},
	"cf.bot_management.verified_bots": {"cf.bot_management.verified_bot"},
	"cf.bot":                          {"cf.client.bot"},
	"cf.waf.attack_score":             {"cf.waf.score"},
	"cf.waf_score":                    {"cf.waf.score"},
	"cf.attack_score":                 {"cf.waf.score"},
	"cf.ray":                          {"cf.ray_id"},
	"cf.rayid":                        {"cf.ray_id"},
	// Magic Firewall ports
	"tcp.port":     {"tcp.dstport", "tcp.srcport"},
	"tcp.dst_port": {"tcp.dstport"},
	"tcp.src_port": {"tcp.srcport"},
	"udp.port":     {"udp.dstport", "udp.srcport"},
	"udp.dst_port": {"udp.dstport"},
	"udp.src_port": {"udp.srcport"},
	// functions
	"startswith":    {"starts_with"},
	"begins_with":   {"starts_with"},
	"prefix":        {"starts_with"},
	"endswith":      {"ends_with"},
	"suffix":        {"ends_with"},
	"lowercase":     {"lower"},
	"tolower":       {"lower"},
	"to_lower":      {"lower"},
	"downcase":      {"lower"},
	"uppercase":     {"upper"},
	"toupper":       {"upper"},
	"to_upper":      {"upper"},
	"upcase":        {"upper"},
	"length":        {"len"},
	"strlen":        {"len"},
	"size":          {"len"},
	"count":         {"len"},
	"urldecode":     {"url_decode"},
	"url_unescape":  {"url_decode"},
	"decode_url":    {"url_decode"},
	"base64_decode": {"decode_base64"},
	"b64decode":     {"decode_base64"},
	"base64_encode": {"encode_base64"},
	"b64encode":     {"encode_base64"},
	"substr":        {"substring"},
	"slice":         {"substring"},
	"tostring":      {"to_string"},
	"str":           {"to_string"},
	"string":        {"to_string"},
	"json_lookup":   {"lookup_json_string", "lookup_json_integer"},
	"lookup_json":   {"lookup_json_string", "lookup_json_integer"},
	"replace":       {"regex_replace", "wildcard_replace"},
	"regex_sub":     {"regex_replace"},
	"uuid":          {"uuidv4"},
	"uuid4":         {"uuidv4"},
	"contains_key":  {"has_key"},
	"hash":          {"sha256"},
}

// normalizeName folds the spelling differences that never change meaning
// for a human: case, '-' or ' ' instead of '_', a stray '$' or trailing '()'.
func normalizeName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "$")
	s = strings.TrimSuffix(s, "()")
	s = strings.ToLower(s)
	s = strings.NewReplacer("-", "_", " ", "_", "__", "_").Replace(s)
	return s
}

// compactName drops all separators, so http.useragent and http.user_agent
// (or ip.src.asnum and ipsrc.as_num) compare equal.
var compactReplacer = strings.NewReplacer(".", "", "_", "", "-", "", " ", "")

func compactName(s string) string {
	return compactReplacer.Replace(strings.ToLower(s))
}

// structural rewrites: prefix substitutions that capture how names are
// organised (ip.geoip.* was renamed ip.src.*; request parts live under
// http.request.*). They are applied up to twice.
var prefixRewrites = [][2]string{
	{"ip.geoip.", "ip.src."},
	{"ip.src.", "ip.geoip."},
	{"ip.", "ip.src."},
	{"http.request.", "http."},
	{"http.", "http.request."},
	{"http.request.", "http.request.uri."},
	{"http.request.url.", "http.request.uri."},
	{"raw.http.", "raw.http.request."},
	{"cf.bot.", "cf.bot_management."},
	{"cf.botmanagement.", "cf.bot_management."},
	{"cf.bm.", "cf.bot_management."},
	{"cf.", "cf.bot_management."},
	{"cf.", "cf.waf."},
}

// Suggest returns up to three names in this schema that the user probably
// meant by name, best first, for "did you mean" diagnostics and quick fixes.
// It combines known renames and common mistakes (http.url,
// http.request.path, http.useragent, ip.country, ip.geoip.* vs ip.src.*),
// case and separator folding, and edit distance. Names are only suggested
// if they exist in this profile; a deprecated name and its replacement stand
// in for each other so that, under the feedback profile, ip.src.country
// leads to ip.geoip.country.
func (s *Schema) Suggest(name string) []string {
	s.suggestMu.Lock()
	cached, ok := s.suggested[name]
	s.suggestMu.Unlock()
	if ok {
		return append([]string(nil), cached...)
	}
	out := s.suggest(name)
	s.suggestMu.Lock()
	if s.suggested == nil || len(s.suggested) >= 4096 {
		s.suggested = map[string][]string{}
	}
	s.suggested[name] = out
	s.suggestMu.Unlock()
	return append([]string(nil), out...)
}

func (s *Schema) suggest(name string) []string {
	var out []string
	seen := map[string]bool{name: true}
	push := func(cand string) {
		for _, c := range s.resolveAlias(cand) {
			if !seen[c] && len(out) < maxSuggestions {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	norm := normalizeName(name)
	if norm == "" {
		return nil
	}
	// 1. Exact name after folding case and separators.
	push(norm)
	// 2. Curated renames.
	for _, c := range renames[norm] {
		push(c)
	}
	// 3. Structural rewrites, one or two steps, each also tried with the
	//    curated table and compact matching.
	compact := s.compact
	for _, v := range rewriteVariants(norm) {
		push(v)
		for _, c := range renames[v] {
			push(c)
		}
		for _, c := range compact[compactName(v)] {
			push(c)
		}
	}
	// 4. Same letters, different separators.
	for _, c := range compact[compactName(norm)] {
		push(c)
	}
	// 5. Edit distance over all names in the profile.
	if len(out) < maxSuggestions {
		for _, c := range s.closestByDistance(norm) {
			push(c)
		}
	}
	return out
}

// resolveAlias maps a candidate to names present in the profile: itself if
// present, else the replacement of a deprecated field or the deprecated
// field a replacement stands for.
func (s *Schema) resolveAlias(cand string) []string {
	if _, ok := s.fields[cand]; ok {
		return []string{cand}
	}
	if _, ok := s.funcs[cand]; ok {
		return []string{cand}
	}
	u := s.universe
	if u == nil {
		u = s
	}
	var out []string
	if f, ok := u.fields[cand]; ok && f.Replacement != "" {
		if _, ok := s.fields[f.Replacement]; ok {
			out = append(out, f.Replacement)
		}
	}
	for _, f := range u.fieldList {
		if f.Replacement == cand {
			if _, ok := s.fields[f.Name]; ok {
				out = append(out, f.Name)
			}
		}
	}
	return out
}

func rewriteVariants(name string) []string {
	var out []string
	seen := map[string]bool{name: true}
	frontier := []string{name}
	for step := 0; step < 2; step++ {
		var next []string
		for _, n := range frontier {
			for _, rw := range prefixRewrites {
				if strings.HasPrefix(n, rw[0]) {
					v := rw[1] + n[len(rw[0]):]
					if !seen[v] {
						seen[v] = true
						out = append(out, v)
						next = append(next, v)
					}
				}
			}
			// Segment-level respellings.
			for _, seg := range [][2]string{{"url", "uri"}, {"useragent", "user_agent"}, {"referrer", "referer"}, {"path_extension", "path.extension"}, {"query_string", "query"}, {"querystring", "query"}} {
				if strings.Contains(n, seg[0]) {
					v := strings.ReplaceAll(n, seg[0], seg[1])
					if !seen[v] {
						seen[v] = true
						out = append(out, v)
						next = append(next, v)
					}
				}
			}
		}
		frontier = next
	}
	return out
}

// compactIndex maps compactName(n) to the profile names with that form.
func (s *Schema) buildCompactIndex() map[string][]string {
	idx := make(map[string][]string, len(s.fields)+len(s.funcs))
	for _, f := range s.fieldList {
		k := compactName(f.Name)
		idx[k] = append(idx[k], f.Name)
	}
	for _, f := range s.funcList {
		k := compactName(f.Name)
		idx[k] = append(idx[k], f.Name)
	}
	return idx
}

// closestByDistance returns profile names within an edit-distance budget
// that grows with the length of the name (short names need close matches to
// avoid absurd suggestions), nearest first.
func (s *Schema) closestByDistance(name string) []string {
	budget := len(name) / 4
	if budget < 1 {
		budget = 1
	}
	if budget > 3 {
		budget = 3
	}
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	consider := func(n string) {
		if d := suggest.Distance(name, strings.ToLower(n), budget); d <= budget {
			cs = append(cs, cand{n, d})
		}
	}
	for _, f := range s.fieldList {
		consider(f.Name)
	}
	for _, f := range s.funcList {
		consider(f.Name)
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		return cs[i].name < cs[j].name
	})
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.name
	}
	return out
}
