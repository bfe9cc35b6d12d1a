package analyzer

// Correctness rules about numbers, timestamps and IP addresses compared
// outside their documented ranges or with the wrong operator.

import (
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wflint/wflint/internal/diag"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

// intSet is the set of values an Int field can take: an interval plus
// isolated points (special values), or only points.
type intSet struct {
	lo, hi   int64 // interval, empty when lo > hi
	points   []int64
	describe string
	// dom, when set, describes the set instead (see description): most
	// sets are never described, so the text is made only when needed.
	dom *schema.Domain
}

// description says what the set holds.
func (s intSet) description() string {
	d := s.dom
	if d == nil {
		return s.describe
	}
	if len(d.IntValues) > 0 {
		parts := make([]string, len(d.IntValues))
		for i, v := range d.IntValues {
			parts[i] = strconv.FormatInt(v, 10)
		}
		return "always " + strings.Join(parts, " or ")
	}
	describe := "in " + d.RangeString()
	for v, m := range d.Special {
		describe += fmt.Sprintf(", or %d (%s)", v, m)
	}
	return describe
}

func domainIntSet(d *schema.Domain) (intSet, bool) {
	if d == nil {
		return intSet{}, false
	}
	if len(d.IntValues) > 0 {
		return intSet{lo: 1, hi: 0, points: d.IntValues, dom: d}, true
	}
	if d.Min == nil && d.Max == nil {
		return intSet{}, false
	}
	s := intSet{lo: math.MinInt64, hi: math.MaxInt64, dom: d}
	if d.Min != nil {
		s.lo = *d.Min
	}
	if d.Max != nil {
		s.hi = *d.Max
	}
	for v := range d.Special {
		s.points = append(s.points, v)
	}
	return s, true
}

func (s intSet) contains(v int64) bool {
	if v >= s.lo && v <= s.hi {
		return true
	}
	for _, p := range s.points {
		if p == v {
			return true
		}
	}
	return false
}

// predicate is the set of values a comparison accepts, as an interval;
// `ne` is handled separately because it is the complement of one.
func predicate(op grammar.CmpKind, lo, hi int64) (int64, int64, bool) {
	switch op {
	case grammar.OpEq, grammar.OpIn:
		return lo, hi, true
	case grammar.OpLt:
		if lo == math.MinInt64 {
			return 1, 0, true
		}
		return math.MinInt64, lo - 1, true
	case grammar.OpLe:
		return math.MinInt64, lo, true
	case grammar.OpGt:
		if lo == math.MaxInt64 {
			return 1, 0, true
		}
		return lo + 1, math.MaxInt64, true
	case grammar.OpGe:
		return lo, math.MaxInt64, true
	}
	return 0, 0, false
}

// intVerdict decides whether an integer comparison is never true or always
// true for every value in s. It reports only what points at a mistake:
// never-true conditions, and always-true ones whose literal lies outside
// the domain (`score lt 100`); `score ge 1` is left alone, as it states
// "has a score" on purpose.
func intVerdict(s intSet, op grammar.CmpKind, lo, hi int64) string {
	if op == grammar.OpNe {
		if lo == hi && !s.contains(lo) {
			return "always"
		}
		return ""
	}
	plo, phi, ok := predicate(op, lo, hi)
	if !ok {
		return ""
	}
	in := func(v int64) bool { return v >= plo && v <= phi }
	some := s.lo <= s.hi && plo <= phi && plo <= s.hi && phi >= s.lo
	all := s.lo > s.hi || plo <= s.lo && phi >= s.hi
	for _, p := range s.points {
		some = some || in(p)
		all = all && in(p)
	}
	switch {
	case !some:
		return "never"
	case all && op != grammar.OpIn && op != grammar.OpEq && !s.contains(lo):
		return "always"
	}
	return ""
}

// reportIntVerdict reports a comparison that the domain makes never or
// always true.
func reportIntVerdict(p *Pass, s site, set intSet, what string) {
	lo, hi, ok := s.intLit()
	if !ok || (s.inSet && s.op != grammar.OpIn) {
		return
	}
	verdict := intVerdict(set, s.op, lo, hi)
	if verdict == "" {
		return
	}
	var cond string
	if s.inSet {
		cond = fmt.Sprintf("the set item `%s`", s.lit.Raw)
	} else {
		cond = "`" + s.cmp.Span().Text(p.Src) + "`"
	}
	msg := fmt.Sprintf("%s is never true: %s is %s", cond, what, set.description())
	if s.inSet {
		msg = fmt.Sprintf("%s never matches: %s is %s", cond, what, set.description())
	}
	if verdict == "always" {
		msg = fmt.Sprintf("%s is always true: %s is %s", cond, what, set.description())
	}
	p.Report(diag.Diagnostic{Span: s.lit.Span(), Message: msg})
}

// isScoreDomain reports whether d is a 1–99 score (bot score, WAF attack
// scores, LLM scores).
func isScoreDomain(d *schema.Domain) bool {
	return d != nil && d.Min != nil && d.Max != nil && *d.Min == 1 && *d.Max == 99
}

func isTimestampField(name string) bool {
	return name == "http.request.timestamp.sec" || name == "http.request.timestamp.msec"
}

func isASNField(f *schema.Field) bool {
	return f != nil && f.Type == schema.TypeInt && (strings.HasSuffix(f.Name, ".asnum") || strings.HasSuffix(f.Name, ".asn"))
}

func runScoreOutOfRange(p *Pass) {
	forEachSite(p, func(s site) {
		if s.field == nil || s.typ != schema.TypeInt || !isScoreDomain(s.dom) {
			return
		}
		set, _ := domainIntSet(s.dom)
		reportIntVerdict(p, s, set, "`"+s.field.Name+"`")
	})
}

func runASNOutOfRange(p *Pass) {
	asn := intSet{lo: 0, hi: math.MaxUint32, describe: "in 0..4294967295 (32 bits)"}
	forEachSite(p, func(s site) {
		if !isASNField(s.field) || s.typ != schema.TypeInt {
			return
		}
		reportIntVerdict(p, s, asn, "an AS number")
	})
}

// minTimestamp is 2010-01-01T00:00:00Z: no request Cloudflare evaluates
// today is older, so a smaller value is a typo or a wrong unit.
const minTimestamp = 1262304000

func runTimestampBounds(p *Pass) {
	// The clock is read only for an expression that compares a
	// timestamp: reading it and adding ten years costs more than the
	// rule's look at an expression without one.
	var maxTS int64
	forEachSite(p, func(s site) {
		if s.field == nil || !isTimestampField(s.field.Name) || len(s.v.Indexes) > 0 {
			return
		}
		lo, hi, ok := s.intLit()
		if !ok {
			return
		}
		if maxTS == 0 {
			maxTS = time.Now().AddDate(10, 0, 0).Unix()
		}
		for _, v := range []int64{lo, hi} {
			if d, ok := timestampDiag(p, s, v, maxTS); ok {
				p.Report(d)
				return
			}
			if lo == hi {
				break
			}
		}
	})
}

func timestampDiag(p *Pass, s site, v, maxTS int64) (diag.Diagnostic, bool) {
	d := diag.Diagnostic{Span: s.lit.Span()}
	digits := len(strconv.FormatInt(v, 10))
	simple := s.cmp != nil && !s.inSet && !strings.Contains(s.lit.Raw, "..")
	if s.field.Name == "http.request.timestamp.msec" {
		if v >= 0 && v <= 999 {
			return d, false
		}
		switch {
		case digits == 13:
			sec := v / 1000
			d.Message = fmt.Sprintf("http.request.timestamp.msec is only the milliseconds part of the time (0–999); %d is a whole timestamp in milliseconds (%s): compare http.request.timestamp.sec with %d", v, dateOf(sec), sec)
			if simple {
				d.Fixes = []diag.Fix{{Title: "Compare http.request.timestamp.sec", Edits: []diag.Edit{
					{Span: s.v.Name.Span, New: "http.request.timestamp.sec"}, {Span: s.lit.Span(), New: strconv.FormatInt(sec, 10)}}}}
			}
		case digits == 10:
			d.Message = fmt.Sprintf("http.request.timestamp.msec is only the milliseconds part of the time (0–999); %d is a timestamp in seconds (%s): compare http.request.timestamp.sec", v, dateOf(v))
			if simple {
				d.Fixes = []diag.Fix{{Title: "Compare http.request.timestamp.sec", Edits: []diag.Edit{{Span: s.v.Name.Span, New: "http.request.timestamp.sec"}}}}
			}
		default:
			d.Message = fmt.Sprintf("http.request.timestamp.msec is the milliseconds part of the time, 0–999, so %d is out of range", v)
		}
		return d, true
	}
	switch {
	case digits == 13 && v > maxTS:
		sec := v / 1000
		d.Message = fmt.Sprintf("http.request.timestamp.sec counts seconds, but %d looks like milliseconds (%s); write %d", v, dateOf(sec), sec)
		d.Fixes = []diag.Fix{{Title: fmt.Sprintf("Write %d", sec), Edits: []diag.Edit{{Span: s.lit.Span(), New: strconv.FormatInt(sec, 10)}}}}
		if strings.Contains(s.lit.Raw, "..") {
			d.Fixes = nil
		}
	case v > maxTS:
		d.Message = fmt.Sprintf("%d is more than ten years in the future as a UNIX time in seconds", v)
	case v < minTimestamp:
		d.Message = fmt.Sprintf("%d is before 2010 as a UNIX time in seconds (%s); no request is that old", v, dateOf(v))
	default:
		return d, false
	}
	return d, true
}

func dateOf(sec int64) string {
	if sec < -62135596800 || sec > 253402300799 {
		return "out of calendar range"
	}
	return time.Unix(sec, 0).UTC().Format("2006-01-02")
}

var octalRe = regexp.MustCompile(`^0[0-7]+$`)

// octalParts returns the integer lexemes of a bare Int literal: one, or
// the two bounds of a range, each with its offset.
func octalParts(raw string) (parts []string, offs []int) {
	if i := strings.Index(raw, ".."); i >= 0 {
		return []string{raw[:i], raw[i+2:]}, []int{0, i + 2}
	}
	return []string{raw}, []int{0}
}

func reportOctal(p *Pass, l *grammar.Literal) {
	// An octal lexeme starts with 0: most literals are done here.
	if !strings.HasPrefix(l.Raw, "0") && !strings.Contains(l.Raw, "..0") {
		return
	}
	parts, offs := octalParts(l.Raw)
	for i, t := range parts {
		if !octalRe.MatchString(t) {
			continue
		}
		oct, err1 := strconv.ParseInt(t[1:], 8, 64)
		dec := strings.TrimLeft(t, "0")
		if dec == "" {
			dec = "0"
		}
		d, err2 := strconv.ParseInt(dec, 10, 64)
		if err1 != nil || err2 != nil || oct == d {
			continue // 07 is 7 either way
		}
		sp := diag.Span{Start: l.Pos + diag.Pos(offs[i]), End: l.Pos + diag.Pos(offs[i]+len(t))}
		p.Report(diag.Diagnostic{Span: sp,
			Message: fmt.Sprintf("`%s` starts with 0, so it is octal: it means %d, not %s", t, oct, dec),
			Fixes: []diag.Fix{
				{Title: "Write " + dec, Edits: []diag.Edit{{Span: sp, New: dec}}},
				{Title: fmt.Sprintf("Write %d (keep the current value)", oct), Edits: []diag.Edit{{Span: sp, New: strconv.FormatInt(oct, 10)}}, Safe: true},
			}})
	}
}

func runOctalLiteral(p *Pass) {
	for _, n := range p.Nodes().All {
		switch n := n.(type) {
		case *grammar.Comparison:
			comparedLiterals(p, n, schema.TypeInt, func(l *grammar.Literal, _ bool) {
				if l.Kind == grammar.LitBare {
					reportOctal(p, l)
				}
			})
		case *grammar.Index:
			if n.Kind == grammar.IndexElem && n.Lit != nil {
				reportOctal(p, n.Lit)
			}
		case *grammar.Value:
			bareArgs(p, n, func(l *grammar.Literal, pr *schema.Param) {
				if slices.Contains(pr.Types, schema.TypeInt) {
					reportOctal(p, l)
				}
			})
		}
	}
}

func runIPOrdering(p *Pass) {
	for _, c := range p.Nodes().Comparisons {
		if c.Op == nil || p.Info.TypeOf(c.LHS) != schema.TypeIP {
			continue
		}
		switch c.Op.Kind {
		case grammar.OpLt, grammar.OpLe, grammar.OpGt, grammar.OpGe:
		default:
			continue
		}
		l, ok := c.RHS.(*grammar.Literal)
		if !ok || l.Kind != grammar.LitBare {
			continue
		}
		a, err := l.IP()
		if err != nil {
			continue
		}
		d := diag.Diagnostic{Span: c.Op.Span,
			Message: fmt.Sprintf("`%s` on an IP address: the engine accepts it, but Cloudflare documents IP fields as not supporting lt/le/gt/ge; use a range such as `in {…}`", c.Op.Text)}
		lo, hi := netipMin(a), netipMax(a)
		switch c.Op.Kind {
		case grammar.OpLt:
			hi = a.Prev()
		case grammar.OpLe:
			hi = a
		case grammar.OpGt:
			lo = a.Next()
		case grammar.OpGe:
			lo = a
		}
		if !lo.IsValid() || !hi.IsValid() || lo.Is4() != a.Is4() || hi.Is4() != a.Is4() || hi.Less(lo) {
			d.Message = fmt.Sprintf("`%s` is never true: no address of its family is beyond %s; Cloudflare documents IP fields as not supporting lt/le/gt/ge", c.Span().Text(p.Src), a)
		} else {
			rng := lo.String() + ".." + hi.String()
			d.Message = fmt.Sprintf("`%s` on an IP address: the engine accepts it, but Cloudflare documents IP fields as not supporting lt/le/gt/ge; write `in {%s}`", c.Op.Text, rng)
			d.Fixes = []diag.Fix{{Title: "Use in {" + rng + "}", Edits: []diag.Edit{{Span: c.Op.Span.Cover(l.Span()), New: "in {" + rng + "}"}}, Safe: true}}
		}
		p.Report(d)
	}
}

// netipMin and netipMax are the lowest and highest address of a's family.
func netipMin(a netip.Addr) netip.Addr {
	if a.Is4() {
		return netip.AddrFrom4([4]byte{})
	}
	return netip.AddrFrom16([16]byte{})
}

func netipMax(a netip.Addr) netip.Addr {
	if a.Is4() {
		return netip.AddrFrom4([4]byte{255, 255, 255, 255})
	}
	var b [16]byte
	for i := range b {
		b[i] = 0xff
	}
	return netip.AddrFrom16(b)
}
