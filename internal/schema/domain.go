package schema

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Domain describes the values a field can take, as far as the documentation
// states them. The linter uses it to flag literals that can never match (a
// lowercase HTTP method, a bot score of 0, an unknown continent code), which
// are silent bugs the engine itself accepts.
//
// All constraints are optional; an empty or nil Domain accepts everything.
// For Array and Map fields the constraints in Element apply to each element
// (what x[*] or x[0] yields) and KeyCase to map keys.
type Domain struct {
	// Values is a closed set of allowed Bytes values.
	Values []string
	// IntValues is a closed set of allowed Int values.
	IntValues []int64
	// Min and Max bound Int values (inclusive) when non-nil.
	Min, Max *int64
	// Special lists out-of-range Int values that carry a documented meaning
	// (cf.waf.score 100 = "not scored"); they pass the range check.
	Special map[int64]string
	// Digits, when non-zero, is the number of decimal digits an Int value
	// has (UNIX timestamps in seconds have 10).
	Digits int
	// Pattern is a regular expression a Bytes value must match entirely.
	Pattern string
	// Format names the expected format for messages ("ISO 3166-1 alpha-2").
	Format string
	// Case is "upper" or "lower" when values are always in that case.
	Case string
	// Prefixes: a Bytes value must start with one of them.
	Prefixes []string
	// EmptyAllowed means "" is a legitimate value (e.g. unknown region)
	// even when it would fail the other checks.
	EmptyAllowed bool
	// Common lists well-known values for completion and soft warnings; it
	// is not exhaustive and CheckString does not enforce it.
	Common []string
	// Examples are sample values for hover and documentation.
	Examples []string
	// Meanings explains individual values (continent codes, say).
	Meanings map[string]string
	// KeyCase is "lower" when map keys are always lowercase, as for
	// http.request.headers, so headers["User-Agent"] never matches.
	KeyCase string
	// Element constrains the elements of an Array or Map field.
	Element *Domain
	// Note is free-form context about how reliable the domain is.
	Note string

	re *regexp.Regexp
}

// compile validates the domain and prepares its pattern; it is called by the
// loader so that CheckString never has to report a broken pattern.
func (d *Domain) compile() error {
	if d == nil {
		return nil
	}
	if d.Pattern != "" {
		re, err := regexp.Compile(`^(?:` + d.Pattern + `)$`)
		if err != nil {
			return fmt.Errorf("invalid domain pattern %q: %v", d.Pattern, err)
		}
		d.re = re
	}
	if d.Min != nil && d.Max != nil && *d.Min > *d.Max {
		return fmt.Errorf("domain min %d is greater than max %d", *d.Min, *d.Max)
	}
	if d.Digits < 0 || d.Digits > 19 {
		return fmt.Errorf("domain digits %d out of range 1..19", d.Digits)
	}
	for _, c := range []string{d.Case, d.KeyCase} {
		if c != "" && c != "upper" && c != "lower" {
			return fmt.Errorf("domain case %q: want \"upper\" or \"lower\"", c)
		}
	}
	return d.Element.compile()
}

// IsZero reports whether d imposes no constraint, so callers can skip
// domain checks and hover sections cheaply.
func (d *Domain) IsZero() bool {
	return d == nil || (len(d.Values) == 0 && len(d.IntValues) == 0 && d.Min == nil && d.Max == nil &&
		d.Digits == 0 && d.Pattern == "" && d.Case == "" && len(d.Prefixes) == 0 && d.KeyCase == "" && d.Element.IsZero() &&
		len(d.Common) == 0 && len(d.Examples) == 0 && d.Format == "")
}

// CheckString reports whether a Bytes value (already decoded from its
// literal) can occur in the field. When ok is false, msg says why in a form
// that can follow "value ...": the caller adds the field name. A nil Domain
// accepts everything.
func (d *Domain) CheckString(s string) (ok bool, msg string) {
	if d == nil {
		return true, ""
	}
	if s == "" && d.EmptyAllowed {
		return true, ""
	}
	if len(d.Values) > 0 {
		for _, v := range d.Values {
			if v == s {
				return true, ""
			}
		}
		for _, v := range d.Values {
			if strings.EqualFold(v, s) {
				return false, fmt.Sprintf("%q is not a documented value; values are case-sensitive, did you mean %q?", s, v)
			}
		}
		return false, fmt.Sprintf("%q is not a documented value (expected one of %s)", s, quoteList(d.Values, 12))
	}
	switch d.Case {
	case "upper":
		if u := strings.ToUpper(s); u != s {
			return false, fmt.Sprintf("%q is not upper case; values are always upper case (%q)", s, u)
		}
	case "lower":
		if l := strings.ToLower(s); l != s {
			return false, fmt.Sprintf("%q is not lower case; values are always lower case (%q)", s, l)
		}
	}
	if len(d.Prefixes) > 0 {
		found := false
		for _, p := range d.Prefixes {
			if strings.HasPrefix(s, p) {
				found = true
				break
			}
		}
		if !found {
			return false, fmt.Sprintf("%q does not start with %s", s, orList(d.Prefixes))
		}
	}
	if d.Pattern != "" {
		re := d.re
		if re == nil {
			var err error
			if re, err = regexp.Compile(`^(?:` + d.Pattern + `)$`); err != nil {
				return true, "" // an uncompilable pattern cannot judge values
			}
		}
		if !re.MatchString(s) {
			want := d.Format
			if want == "" {
				want = "pattern " + d.Pattern
			}
			if len(d.Examples) > 0 {
				return false, fmt.Sprintf("%q is not in the expected format (%s, e.g. %q)", s, want, d.Examples[0])
			}
			return false, fmt.Sprintf("%q is not in the expected format (%s)", s, want)
		}
	}
	return true, ""
}

// RangeString renders the integer range as "1..99", "0.." or "..255", or ""
// when unbounded, in the engine's range-literal notation.
func (d *Domain) RangeString() string {
	if d == nil || (d.Min == nil && d.Max == nil) {
		return ""
	}
	var b strings.Builder
	if d.Min != nil {
		b.WriteString(strconv.FormatInt(*d.Min, 10))
	}
	b.WriteString("..")
	if d.Max != nil {
		b.WriteString(strconv.FormatInt(*d.Max, 10))
	}
	return b.String()
}

// Summary is a one-line human description of the domain for hover text.
func (d *Domain) Summary() string {
	if d.IsZero() {
		return ""
	}
	var parts []string
	if len(d.Values) > 0 {
		parts = append(parts, "one of "+quoteList(d.Values, 20))
	}
	if len(d.IntValues) > 0 {
		s := make([]string, len(d.IntValues))
		for i, v := range d.IntValues {
			s[i] = strconv.FormatInt(v, 10)
		}
		parts = append(parts, "always "+strings.Join(s, " or "))
	}
	if r := d.RangeString(); r != "" {
		parts = append(parts, "range "+r)
	}
	if len(d.Special) > 0 {
		keys := make([]int64, 0, len(d.Special))
		for k := range d.Special {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%d = %s", k, d.Special[k]))
		}
	}
	if d.Format != "" {
		parts = append(parts, d.Format)
	}
	if d.Case != "" {
		parts = append(parts, d.Case+" case")
	}
	if len(d.Prefixes) > 0 {
		parts = append(parts, "starts with "+orList(d.Prefixes))
	}
	if d.Digits > 0 {
		parts = append(parts, fmt.Sprintf("%d digits", d.Digits))
	}
	if d.KeyCase != "" {
		parts = append(parts, d.KeyCase+"-case keys")
	}
	if e := d.Element.Summary(); e != "" {
		parts = append(parts, "elements: "+e)
	}
	if len(parts) == 0 && len(d.Examples) > 0 {
		parts = append(parts, "e.g. "+quoteList(d.Examples, 3))
	}
	return strings.Join(parts, "; ")
}

func quoteList(vs []string, max int) string {
	var q []string
	for i, v := range vs {
		if i == max {
			q = append(q, "…")
			break
		}
		q = append(q, strconv.Quote(v))
	}
	return strings.Join(q, ", ")
}

func orList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, " or ")
}
