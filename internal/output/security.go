package output

// securitySeverity ranks the rules whose mistakes weaken protection, for
// GitHub code scanning (9.0+ Critical, 7.0+ High, 4.0+ Medium, else Low):
// a WAF rule that can never match lets through what it was written to
// stop, one that matches everything blocks or skips every request, and an
// address or pattern that is not what it looks like protects the wrong
// traffic. These rules are also tagged "security". Style, performance and
// syntax rules (which Cloudflare rejects outright, so nothing ships) have
// none.
var securitySeverity = map[string]string{
	// Never matches: the protection silently does nothing.
	"contradiction":            "8.1",
	"case-never-matches":       "7.5",
	"host-with-scheme-or-port": "7.5",
	"path-without-slash":       "7.5",
	"empty-set":                "7.5",
	"invalid-country-code":     "7.5",
	"value-domain":             "7.5",
	"score-out-of-range":       "7.5",
	"pattern-in-equality":      "7.5",
	"surrounding-space":        "7.5",
	"percent-encoded-literal":  "7.5",
	"path-with-query":          "7.5",
	"uri-with-scheme":          "7.5",
	// Matches everything: a skip or allow rule opens the door.
	"tautology":                   "8.1",
	"regex-matches-everything":    "8.1",
	"wildcard-matches-everything": "8.1",
	"length-comparison":           "8.1",
	// Matches something else than it says.
	"glob-in-matches":          "6.5",
	"regex-unescaped-metachar": "6.5",
	"regex-in-wildcard":        "6.5",
	"host-suffix-without-dot":  "6.5",
	"referer-without-scheme":   "6.5",
	"query-question-mark":      "6.5",
	"octal-literal":            "6.5",
	"ne-missing-value":         "5.3",
	"timestamp-bounds":         "5.3",
	"bogon-ip":                 "5.3",
	"mixed-and-or":             "4.3",
	"overlapping-set-item":     "3.1",
}
