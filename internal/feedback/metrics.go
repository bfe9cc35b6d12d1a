package feedback

import (
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/wflint/wflint/internal/country"
)

// metricFormat checks one metric value. It returns "" when the value fits,
// or a message plus suggested corrections.
type metricFormat func(string) (msg string, suggestions []string)

var metricFormats = map[string]metricFormat{
	AttrTopIPs:        checkIP,
	AttrTopASNs:       checkASN,
	AttrTopCountries:  checkCountry,
	AttrTopJA3Hashes:  checkJA3,
	AttrTopJA4s:       checkJA4,
	AttrTopPaths:      checkPath,
	AttrTopHosts:      checkHost,
	AttrTopUserAgents: checkUserAgent,
}

func attributeNoun(key string) string {
	switch key {
	case AttrTopIPs:
		return "client IP"
	case AttrTopASNs:
		return "ASN"
	case AttrTopCountries:
		return "country"
	case AttrTopHosts:
		return "host"
	case AttrTopPaths:
		return "path"
	case AttrTopUserAgents:
		return "user agent"
	case AttrTopJA3Hashes:
		return "JA3 fingerprint"
	case AttrTopJA4s:
		return "JA4 fingerprint"
	}
	return "value for this attribute"
}

// canonicalMetric folds spellings that denote the same value, so duplicates
// such as "2001:DB8::1" and "2001:db8::1" are caught.
func canonicalMetric(key, m string) string {
	switch key {
	case AttrTopIPs:
		if a, err := netip.ParseAddr(m); err == nil {
			return a.Unmap().String()
		}
	case AttrTopJA3Hashes, AttrTopHosts, AttrTopCountries:
		return strings.ToLower(m)
	}
	return m
}

func checkIP(m string) (string, []string) {
	a, err := netip.ParseAddr(m)
	if err == nil && a.Zone() == "" {
		return "", nil
	}
	var sugg []string
	if ap, err := netip.ParseAddrPort(m); err == nil {
		sugg = []string{ap.Addr().String()}
	} else if p, err := netip.ParsePrefix(m); err == nil && p.IsSingleIP() {
		sugg = []string{p.Addr().String()}
	} else if a, err := netip.ParseAddr(strings.TrimSpace(m)); err == nil {
		sugg = []string{a.WithZone("").String()}
	}
	return "not a single IPv4 or IPv6 address (no port, prefix or zone)", sugg
}

func checkASN(m string) (string, []string) {
	const msg = "not an AS number; write the number alone, e.g. \"13335\""
	digits := m
	if len(m) > 2 && strings.EqualFold(m[:2], "AS") {
		digits = strings.TrimSpace(m[2:])
	}
	n, err := strconv.ParseUint(digits, 10, 32)
	if err != nil || !isDigits(digits) {
		return msg, nil
	}
	canon := strconv.FormatUint(n, 10)
	if canon != m {
		return msg, []string{canon}
	}
	return "", nil
}

func checkCountry(m string) (string, []string) {
	if country.Known(m) {
		return "", nil
	}
	const msg = "not an ISO 3166-1 alpha-2 country code (two capital letters such as \"US\")"
	up := strings.ToUpper(strings.TrimSpace(m))
	if fix, ok := country.Mistake(up); ok {
		return msg + "; " + up + " is not assigned, the ISO code is " + fix, []string{fix}
	}
	if country.Known(up) {
		return msg, []string{up}
	}
	return msg, nil
}

var (
	ja3Re = regexp.MustCompile(`^[0-9a-f]{32}$`)
	// JA4 is a_b_c: a = protocol (t TCP, q QUIC, d DTLS), TLS version,
	// SNI (d domain, i IP), two-digit cipher and extension counts and two
	// ALPN characters; b and c are truncated SHA-256 hashes (12 hex).
	ja4Re = regexp.MustCompile(`^[tqd](?:1[0-3]|s[23]|d[123]|00)[di][0-9]{2}[0-9]{2}[0-9a-zA-Z]{2}_[0-9a-f]{12}_[0-9a-f]{12}$`)
)

func checkJA3(m string) (string, []string) {
	if ja3Re.MatchString(m) {
		return "", nil
	}
	const msg = "not a JA3 hash (32 lowercase hexadecimal characters, the MD5 of the JA3 string)"
	if low := strings.ToLower(strings.TrimSpace(m)); ja3Re.MatchString(low) {
		return msg, []string{low}
	}
	return msg, nil
}

func checkJA4(m string) (string, []string) {
	if ja4Re.MatchString(m) {
		return "", nil
	}
	const msg = "not a JA4 fingerprint (like t13d1516h2_8daaf6152771_e5627efa2ab1)"
	parts := strings.Split(strings.TrimSpace(m), "_")
	if len(parts) == 3 {
		fixed := strings.ToLower(parts[0][:min(1, len(parts[0]))]) + parts[0][min(1, len(parts[0])):] + "_" + strings.ToLower(parts[1]) + "_" + strings.ToLower(parts[2])
		if fixed != m && ja4Re.MatchString(fixed) {
			return msg, []string{fixed}
		}
	}
	return msg, nil
}

func checkPath(m string) (string, []string) {
	if strings.HasPrefix(m, "/") && !strings.ContainsAny(m, "?# \t\r\n") {
		return "", nil
	}
	if u, err := url.Parse(strings.TrimSpace(m)); err == nil {
		p := u.EscapedPath()
		if u.Scheme != "" || u.Host != "" {
			if p == "" {
				p = "/"
			}
			return "a URI path, not a full URL (http.request.uri.path has no scheme or host)", []string{p}
		}
		if u.RawQuery != "" || u.Fragment != "" {
			return "a URI path without query string or fragment (http.request.uri.path excludes them)", []string{p}
		}
		if p != "" && !strings.HasPrefix(p, "/") {
			return "a URI path, which starts with \"/\"", []string{"/" + p}
		}
	}
	return "not a URI path; it must start with \"/\" and contain no spaces", nil
}

func checkHost(m string) (string, []string) {
	const msg = "a host name only (http.host has no scheme, port or path)"
	if m == "" {
		return "empty host name", nil
	}
	if strings.Contains(m, "://") {
		if u, err := url.Parse(m); err == nil && u.Hostname() != "" {
			return msg, []string{u.Hostname()}
		}
		return msg, nil
	}
	if i := strings.IndexAny(m, "/?#"); i >= 0 {
		return msg, []string{m[:i]}
	}
	if strings.HasPrefix(m, "[") {
		if i := strings.Index(m, "]:"); i > 0 {
			return msg, []string{m[:i+1]}
		}
	}
	if h, _, ok := strings.Cut(m, ":"); ok && !strings.HasPrefix(m, "[") && strings.Count(m, ":") == 1 {
		return msg, []string{h}
	}
	if strings.ContainsAny(m, " \t\r\n@") {
		return "not a host name (it contains spaces or '@')", nil
	}
	return "", nil
}

func checkUserAgent(m string) (string, []string) {
	if strings.ContainsAny(m, "\r\n") {
		return "a User-Agent header cannot contain line breaks", []string{strings.NewReplacer("\r", "", "\n", " ").Replace(m)}
	}
	return "", nil
}
