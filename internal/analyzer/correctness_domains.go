package analyzer

// Value-domain hints: for a few fields whose values follow a known
// spelling (TLS and HTTP versions, methods, media types, extensions), a
// literal written in another spelling gets a message that names the
// spelling the field uses, and a fix. value-domain reports them.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/suggest"
)

// domainHint is what value-domain says about one literal.
type domainHint struct {
	msg string // why the literal never matches
	fix string // the value to write instead, or ""
	// valid is set when the value can occur, however unlikely: the
	// message then says nothing of never matching.
	valid bool
}

// tlsVersions are the spellings of cf.tls_version that the catalog lists
// (its domain's Common values): the field reference gives "TLSv1.2" as its
// example, Cloudflare supports TLS 1.0 to 1.3, and the other names are
// inferred from the example (they are OpenSSL's names).
func tlsVersions(s site) []string {
	if s.dom != nil && len(s.dom.Common) > 0 {
		return s.dom.Common
	}
	return []string{"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}
}

var (
	tlsLikeRe     = regexp.MustCompile(`(?i)^(?:ssl|tls)[ _v-]*(\d)(?:[._](\d))?$`)
	bareVersionRe = regexp.MustCompile(`^1\.[0-3]$`)
)

// tlsHint checks a cf.tls_version literal.
func tlsHint(v string, known []string) (domainHint, bool) {
	if slices.Contains(known, v) {
		return domainHint{}, false
	}
	var major, minor string
	if m := tlsLikeRe.FindStringSubmatch(v); m != nil {
		if strings.HasPrefix(strings.ToLower(v), "ssl") {
			return domainHint{msg: fmt.Sprintf("%q is an SSL version, and Cloudflare supports only TLS 1.0 to 1.3 (its TLS protocols page)", v)}, true
		}
		major, minor = m[1], m[2]
	} else if bareVersionRe.MatchString(v) {
		major, minor = v[:1], v[2:]
	} else {
		return domainHint{}, false
	}
	if major != "1" {
		return domainHint{msg: fmt.Sprintf("%q is not a TLS version that Cloudflare supports (TLS 1.0 to 1.3)", v)}, true
	}
	fix := "TLSv1"
	if minor != "" && minor != "0" {
		fix += "." + minor
	}
	if !slices.Contains(known, fix) {
		return domainHint{msg: fmt.Sprintf("%q is not a TLS version that wflint knows (%s)", v, strings.Join(known, ", "))}, true
	}
	return domainHint{msg: fmt.Sprintf("wflint infers that cf.tls_version is spelled like %q (the field reference's example), never %q", "TLSv1.2", v), fix: fix}, true
}

// httpVersionSpellings maps spellings that http.request.version never
// holds to the ones it does (the field reference's examples are "HTTP/1.1"
// and "HTTP/3").
var httpVersionSpellings = map[string]string{
	"HTTP/2.0": "HTTP/2", "HTTP/3.0": "HTTP/3",
	"HTTP1.0": "HTTP/1.0", "HTTP1.1": "HTTP/1.1", "HTTP2": "HTTP/2", "HTTP3": "HTTP/3",
	"HTTP 1.0": "HTTP/1.0", "HTTP 1.1": "HTTP/1.1", "HTTP 2": "HTTP/2", "HTTP 3": "HTTP/3",
	"1.0": "HTTP/1.0", "1.1": "HTTP/1.1", "2": "HTTP/2", "3": "HTTP/3", "2.0": "HTTP/2", "3.0": "HTTP/3",
	"h2": "HTTP/2", "h3": "HTTP/3",
}

func httpVersionHint(v string) (domainHint, bool) {
	fix, ok := httpVersionSpellings[v]
	if !ok {
		return domainHint{}, false
	}
	return domainHint{msg: fmt.Sprintf("wflint infers from the field reference's examples (\"HTTP/1.1\", \"HTTP/3\": HTTP/2 and HTTP/3 without a minor version) that this version reads %q", fix), fix: fix}, true
}

// methodHint reports a method that is a typing error for a standard one
// ("GETT", "POTS"). Other methods (PURGE, PROPFIND) are left alone: the
// field holds whatever method the client sent.
func methodHint(v string, common []string) (domainHint, bool) {
	// Case is case-never-matches's and spaces are surrounding-space's.
	if v == "" || v != asciiUpper(v) || strings.TrimSpace(v) != v || slices.Contains(common, v) {
		return domainHint{}, false
	}
	c := suggest.Closest(v, common, 1)
	if len(c) == 0 {
		return domainHint{}, false
	}
	return domainHint{msg: fmt.Sprintf("%q is not a standard HTTP method, but one letter away from %s: this only matches clients that send %q", v, c[0], v), fix: c[0], valid: true}, true
}

// mediaTypes are the full media types for names that are often written
// alone.
var mediaTypes = map[string]string{
	"json": "application/json", "xml": "application/xml", "pdf": "application/pdf", "zip": "application/zip",
	"html": "text/html", "css": "text/css", "csv": "text/csv", "javascript": "text/javascript",
	"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "svg": "image/svg+xml",
}

// mediaTypeArrays are array fields whose elements are media types: the
// content types of scanned objects ("application/octet-stream" when not
// identified) and of multipart parts (Content-Type header values).
var mediaTypeArrays = map[string]bool{"cf.waf.content_scan.obj_types": true, "http.request.body.multipart.content_types": true}

// mediaTypeHint checks a media type literal; what says what holds one.
func mediaTypeHint(what, v string) (domainHint, bool) {
	if v == "" || strings.Contains(v, "/") {
		return domainHint{}, false
	}
	h := domainHint{msg: fmt.Sprintf("%s of the form type/subtype (such as \"application/json\"), and %q has no `/`", what, v)}
	if full, ok := mediaTypes[asciiLower(v)]; ok {
		h.fix = full
	}
	return h, true
}

// extensionHint checks an extension literal. The field reference: the
// extension is "the string after the last dot in the URI path", without the
// dot (/foo.tar.bz2 gives "bz2"), so it never holds a dot or a `/`.
func extensionHint(name, v string) (domainHint, bool) {
	// The reference describes only the normalised field this precisely;
	// the raw one is "the raw file extension … without any transformation".
	holds := name + " holds"
	if strings.HasPrefix(name, "raw.") {
		holds = "wflint infers that " + name + ", like " + strings.TrimPrefix(name, "raw.") + ", holds"
	}
	switch {
	case strings.Contains(v, "/"):
		return domainHint{msg: fmt.Sprintf("%s only the extension of the last path segment, never a `/`", holds)}, true
	case strings.Contains(v, "."):
		h := domainHint{msg: fmt.Sprintf("%s what follows the last dot, without the dot (for /foo.tar.bz2 it is \"bz2\")", holds)}
		if ext := v[strings.LastIndexByte(v, '.')+1:]; ext != "" {
			h.fix = ext
		}
		return h, true
	}
	return domainHint{}, false
}

// bytesDomainHint returns the hint for a Bytes literal compared with the
// site's field, if the field has one of the spellings above.
func bytesDomainHint(s site, v string) (domainHint, bool) {
	name := s.field.Name
	// Arrays of media types: each element (what str() sees) is one.
	if mediaTypeArrays[name] {
		return mediaTypeHint("the elements of "+name+" are media types", v)
	}
	if len(s.v.Indexes) > 0 {
		return domainHint{}, false
	}
	switch name {
	case "cf.tls_version":
		return tlsHint(v, tlsVersions(s))
	case "http.request.version":
		return httpVersionHint(v)
	case "http.request.method":
		if s.dom != nil {
			return methodHint(v, s.dom.Common)
		}
	case "http.request.body.mime", "http.response.content_type.media_type":
		return mediaTypeHint(name+" holds a media type", v)
	case "http.request.uri.path.extension", "raw.http.request.uri.path.extension":
		return extensionHint(name, v)
	}
	return domainHint{}, false
}

// reportDomainHint reports a hint as value-domain.
func reportDomainHint(p *Pass, s site, h domainHint) {
	d := diag.Diagnostic{Span: s.lit.Span(), Message: h.msg}
	if !h.valid {
		d.Message += ", so " + s.outcome()
	}
	if h.fix != "" {
		d.Message += "; write " + grammar.QuoteString(h.fix)
		d.Fixes = append(d.Fixes, replaceLit("Write "+grammar.QuoteString(h.fix), s.lit, h.fix))
	}
	p.Report(d)
}
