package logpush

import (
	"net/netip"
	"strings"
	"time"
)

// Field identifies one Logpush http_requests field that Record decodes.
type Field uint8

// The decoded fields. The comment on each names the Logpush field and the
// Rules-language field(s) it feeds; logpush/README.md has the same table.
const (
	FieldBotScore               Field = iota // BotScore → cf.bot_management.score
	FieldBotScoreSrc                         // BotScoreSrc → requests_by_score_src key (see NormalizeScoreSource)
	FieldBotDetectionIDs                     // BotDetectionIDs → cf.bot_management.detection_ids
	FieldBotDetectionTags                    // BotDetectionTags (no Rules field)
	FieldBotTags                             // BotTags (no Rules field)
	FieldVerifiedBotCategory                 // VerifiedBotCategory → cf.verified_bot_category
	FieldJA3Hash                             // JA3Hash → cf.bot_management.ja3_hash
	FieldJA4                                 // JA4 → cf.bot_management.ja4
	FieldClientIP                            // ClientIP → ip.src
	FieldClientASN                           // ClientASN → ip.src.asnum, ip.geoip.asnum
	FieldClientCountry                       // ClientCountry → ip.src.country, ip.geoip.country (upper-cased)
	FieldClientRequestHost                   // ClientRequestHost → http.host
	FieldClientRequestMethod                 // ClientRequestMethod → http.request.method
	FieldClientRequestPath                   // ClientRequestPath → http.request.uri.path
	FieldClientRequestURI                    // ClientRequestURI → http.request.uri
	FieldClientRequestQuery                  // ClientRequestQuery → http.request.uri.query
	FieldClientRequestProtocol               // ClientRequestProtocol → http.request.version
	FieldClientRequestScheme                 // ClientRequestScheme → ssl (scheme == "https")
	FieldClientRequestUserAgent              // ClientRequestUserAgent → http.user_agent
	FieldClientRequestReferer                // ClientRequestReferer → http.referer
	FieldClientSSLProtocol                   // ClientSSLProtocol → cf.tls_version
	FieldClientSSLCipher                     // ClientSSLCipher → cf.tls_cipher
	FieldEdgeResponseStatus                  // EdgeResponseStatus → http.response.code (response phase only)
	FieldEdgeStartTimestamp                  // EdgeStartTimestamp → http.request.timestamp.sec
	FieldRayID                               // RayID → cf.ray_id
	FieldWAFAttackScore                      // WAFAttackScore → cf.waf.score

	// NumFields is the number of decoded fields; it is not a field itself.
	NumFields
)

// fieldInfo describes how a field is named in Logpush and in the Rules
// language. It is the single source for Field.String, LookupField and
// Field.RulesFields so the README table cannot drift from the code silently
// (a test checks the README against it).
var fieldInfo = [NumFields]struct {
	logpush string
	rules   []string
}{
	FieldBotScore:               {"BotScore", []string{"cf.bot_management.score"}},
	FieldBotScoreSrc:            {"BotScoreSrc", nil},
	FieldBotDetectionIDs:        {"BotDetectionIDs", []string{"cf.bot_management.detection_ids"}},
	FieldBotDetectionTags:       {"BotDetectionTags", nil},
	FieldBotTags:                {"BotTags", nil},
	FieldVerifiedBotCategory:    {"VerifiedBotCategory", []string{"cf.verified_bot_category"}},
	FieldJA3Hash:                {"JA3Hash", []string{"cf.bot_management.ja3_hash"}},
	FieldJA4:                    {"JA4", []string{"cf.bot_management.ja4"}},
	FieldClientIP:               {"ClientIP", []string{"ip.src"}},
	FieldClientASN:              {"ClientASN", []string{"ip.src.asnum", "ip.geoip.asnum"}},
	FieldClientCountry:          {"ClientCountry", []string{"ip.src.country", "ip.geoip.country"}},
	FieldClientRequestHost:      {"ClientRequestHost", []string{"http.host"}},
	FieldClientRequestMethod:    {"ClientRequestMethod", []string{"http.request.method"}},
	FieldClientRequestPath:      {"ClientRequestPath", []string{"http.request.uri.path"}},
	FieldClientRequestURI:       {"ClientRequestURI", []string{"http.request.uri"}},
	FieldClientRequestQuery:     {"ClientRequestQuery", []string{"http.request.uri.query"}},
	FieldClientRequestProtocol:  {"ClientRequestProtocol", []string{"http.request.version"}},
	FieldClientRequestScheme:    {"ClientRequestScheme", []string{"ssl"}},
	FieldClientRequestUserAgent: {"ClientRequestUserAgent", []string{"http.user_agent"}},
	FieldClientRequestReferer:   {"ClientRequestReferer", []string{"http.referer"}},
	FieldClientSSLProtocol:      {"ClientSSLProtocol", []string{"cf.tls_version"}},
	FieldClientSSLCipher:        {"ClientSSLCipher", []string{"cf.tls_cipher"}},
	FieldEdgeResponseStatus:     {"EdgeResponseStatus", []string{"http.response.code"}},
	FieldEdgeStartTimestamp:     {"EdgeStartTimestamp", []string{"http.request.timestamp.sec"}},
	FieldRayID:                  {"RayID", []string{"cf.ray_id"}},
	FieldWAFAttackScore:         {"WAFAttackScore", []string{"cf.waf.score"}},
}

// String returns the Logpush field name, e.g. "BotScore".
func (f Field) String() string {
	if f < NumFields {
		return fieldInfo[f].logpush
	}
	return "Field(" + itoa(int64(f)) + ")"
}

// RulesFields returns the Rules-language fields whose value this Logpush
// field provides (nil when there is none). The slice must not be modified.
func (f Field) RulesFields() []string {
	if f < NumFields {
		return fieldInfo[f].rules
	}
	return nil
}

// LookupField returns the Field for a Logpush field name such as
// "ClientRequestHost". The match is exact (Logpush names are case-sensitive).
func LookupField(name string) (Field, bool) {
	return lookupKey([]byte(name))
}

// FieldSet is a bit set of Fields.
type FieldSet uint64

// Has reports whether f is in the set.
func (s FieldSet) Has(f Field) bool { return s&(1<<f) != 0 }

func (s *FieldSet) add(f Field)   { *s |= 1 << f }
func (s *FieldSet) clear(f Field) { *s &^= 1 << f }

// Record is one decoded http_requests log line, restricted to the fields
// that have a Rules-language equivalent or matter for the feedback report.
//
// A field that was absent from the line, or was JSON null, is not in Present
// and its struct member holds the zero value; callers must consult Present
// (or Has) rather than treating zero as a value, because 0 is a meaningful
// BotScore/ASN and "" a meaningful header value.
//
// Strings in a Record share one backing allocation per line, so keeping one
// string keeps the line's decoded strings alive; long-lived holders (maps in
// an aggregator) should strings.Clone what they keep.
type Record struct {
	// Present holds the fields that were in the line with a non-null value.
	Present FieldSet

	BotScore            int64    // BotScore; Cloudflare uses 1..99, 0 when not computed
	BotScoreSrc         string   // BotScoreSrc as written, e.g. "Machine Learning"
	BotDetectionIDs     []int64  // BotDetectionIDs
	BotDetectionTags    []string // BotDetectionTags
	BotTags             []string // BotTags
	VerifiedBotCategory string   // VerifiedBotCategory
	JA3Hash             string   // JA3Hash (32 lowercase hex characters when present)
	JA4                 string   // JA4 fingerprint
	ClientIP            netip.Addr
	ClientASN           int64
	ClientCountry       string // ISO 3166-1 alpha-2, upper-cased (Logpush writes "us")
	Host                string // ClientRequestHost
	Method              string // ClientRequestMethod
	Path                string // ClientRequestPath
	URI                 string // ClientRequestURI (path and query)
	Query               string // ClientRequestQuery (without "?")
	Protocol            string // ClientRequestProtocol, e.g. "HTTP/2"
	Scheme              string // ClientRequestScheme, "http" or "https"
	UserAgent           string // ClientRequestUserAgent
	Referer             string // ClientRequestReferer
	SSLProtocol         string // ClientSSLProtocol, e.g. "TLSv1.3" or "none"
	SSLCipher           string // ClientSSLCipher
	EdgeResponseStatus  int64
	EdgeStartTimestamp  time.Time // always UTC
	RayID               string
	WAFAttackScore      int64
}

// Has reports whether field f was present (and not null) in the line.
func (r *Record) Has(f Field) bool { return r.Present.Has(f) }

// SSL returns the value of the Rules-language field ssl, derived from
// ClientRequestScheme; ok is false when the scheme is missing.
func (r *Record) SSL() (ssl, ok bool) {
	if !r.Has(FieldClientRequestScheme) {
		return false, false
	}
	return strings.EqualFold(r.Scheme, "https"), true
}

// ScoreSource returns the normalised requests_by_score_src key for the
// record's BotScoreSrc; ok is false when BotScoreSrc is missing.
func (r *Record) ScoreSource() (src string, ok bool) {
	if !r.Has(FieldBotScoreSrc) {
		return "", false
	}
	return NormalizeScoreSource(r.BotScoreSrc), true
}

// NormalizeScoreSource maps a Logpush BotScoreSrc value to the key used in
// the feedback report's requests_by_score_src: ASCII lower-case with spaces
// turned into underscores. For "Machine Learning" and "Heuristics" that
// gives the keys Cloudflare documents ("machine_learning", "heuristics":
// the feedback docs and the API's list example). The other Logpush values
// ("Not Computed", "Behavioral Analysis", "Verified Bot", "JS
// Fingerprinting", "Cloudflare Service") have no documented feedback key;
// their snake_case form is the spelling of the GraphQL Analytics
// botScoreSrcName dimension (queries filter on "verified_bot"), which
// wflint uses as the best evidence there is. The README's "Feedback
// reports" section lists the mapping and its sources.
// Leading and trailing spaces are dropped; the empty string stays empty.
//
// The known values are matched first so the common case does not allocate.
// The result never shares memory with s, so it can be kept without keeping
// the line s came from.
func NormalizeScoreSource(s string) string {
	switch s {
	case "Machine Learning":
		return "machine_learning"
	case "Heuristics":
		return "heuristics"
	case "JS Fingerprinting":
		return "js_fingerprinting"
	case "Verified Bot":
		return "verified_bot"
	case "Not Computed":
		return "not_computed"
	case "Behavioral Analysis":
		return "behavioral_analysis"
	case "Cloudflare Service":
		return "cloudflare_service"
	}
	s = strings.TrimSpace(s)
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			c = '_'
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}

func itoa(v int64) string {
	var b [20]byte
	i := len(b)
	neg := v < 0
	u := uint64(v)
	if neg {
		u = -u
	}
	for {
		i--
		b[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
