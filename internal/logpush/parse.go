package logpush

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/jsonscan"
)

// Errors a line can fail with. Parse wraps them with detail; test with
// errors.Is.
var (
	// ErrSyntax: the line is not a single JSON object.
	ErrSyntax = errors.New("invalid JSON")
	// ErrFieldType: a decoded field has a JSON type or value it cannot
	// have (e.g. BotScore "abc", ClientIP "not-an-ip").
	ErrFieldType = errors.New("wrong type for field")
	// ErrLineTooLong: the line exceeds Options.MaxLineBytes.
	ErrLineTooLong = errors.New("line too long")
)

// maxDepth bounds nesting in skipped values. Logpush never nests deeply; the
// bound keeps a hostile line from recursing the stack into the ground.
const maxDepth = 512

// Parser decodes single lines. Its zero value is ready to use. A Parser
// reuses internal buffers between calls, so it is not safe for concurrent
// use; use one per goroutine.
type Parser struct {
	buf   []byte          // decoded string values of the current line
	spans [NumFields]span // where each string-valued field sits in buf
	tags  [2][]span       // BotDetectionTags, BotTags items
	ids   []int64         // BotDetectionIDs
	key   []byte          // scratch for keys containing escapes
	// next remembers, for each key, the key that followed it last time
	// (next[startKey]: the first key of a line). Logpush writes every
	// line with the same keys in the same order, so a key is checked
	// against its prediction with one comparison before falling back to
	// scanning and looking it up; a missing field costs one miss.
	next [numKeyIDs]predictedKey
	// unknown numbers the keys Record does not decode, up to
	// maxUnknownKeys of them, so they can be predicted and followed too.
	unknown map[string]predictedKey
	tsNum   struct {
		ok bool
		n  numTok
	} // EdgeStartTimestamp given as a JSON number
	skip FieldSet // string fields checked but not stored (see Skip)
}

// skippable are the fields Skip may leave out: those holding a plain
// string, whose only check is being a string. ClientIP and
// EdgeStartTimestamp are always decoded because a bad value makes the line
// malformed; numbers and arrays cost little next to copying strings.
const skippable = 1<<FieldBotScoreSrc | 1<<FieldVerifiedBotCategory | 1<<FieldJA3Hash | 1<<FieldJA4 |
	1<<FieldClientCountry | 1<<FieldClientRequestHost | 1<<FieldClientRequestMethod |
	1<<FieldClientRequestPath | 1<<FieldClientRequestURI | 1<<FieldClientRequestQuery |
	1<<FieldClientRequestProtocol | 1<<FieldClientRequestScheme | 1<<FieldClientRequestUserAgent |
	1<<FieldClientRequestReferer | 1<<FieldClientSSLProtocol | 1<<FieldClientSSLCipher | 1<<FieldRayID

// Skip makes later Parse calls leave out the string fields in s that the
// caller will not read: such a value is still checked (a line where it is
// not a string stays malformed, so which lines count does not change), but
// it is not copied, its Record member stays "" and it is not in Present.
// Fields that are not plain strings (numbers, arrays, ClientIP,
// EdgeStartTimestamp) are always decoded. Skip(0) decodes everything again.
func (p *Parser) Skip(s FieldSet) { p.skip = s & skippable }

type span struct{ start, end int32 }

// keyID numbers the keys a Parser predicts: a Field for a decoded key,
// then the unknown keys in order of appearance, startKey and noKey.
type keyID uint8

const (
	// maxUnknownKeys bounds the unknown keys remembered: Logpush has a
	// few dozen, and a hostile stream of distinct keys must not make the
	// Parser keep them all.
	maxUnknownKeys = 64
	startKey       = keyID(NumFields) + maxUnknownKeys // before a line's first key
	noKey          = startKey + 1                      // a key not remembered: no prediction
	numKeyIDs      = int(noKey)
)

// predictedKey is a key as it appeared, without escapes, in an earlier
// line: its name followed by `":`, its id, and the Field it decodes to
// when known.
type predictedKey struct {
	quoted string
	id     keyID
	field  Field
	known  bool
}

// numTok is a JSON number token already validated by the scanner.
type numTok struct {
	raw   []byte
	isInt bool // no fraction or exponent
}

// ParseLine decodes one NDJSON line into rec using a fresh Parser. Prefer a
// long-lived Parser (or Reader) on hot paths.
func ParseLine(line []byte, rec *Record) error {
	var p Parser
	return p.Parse(line, rec)
}

// Parse decodes one line (without its newline) into rec, overwriting all of
// rec. On error rec's contents are unspecified.
//
// The scanner makes a single pass: it decodes the values of known keys
// (JSON escapes included) and validates and skips everything else, so no
// reflection and no per-field allocation is involved. All decoded strings
// end up in one allocation per line.
func (p *Parser) Parse(line []byte, rec *Record) error {
	*rec = Record{}
	if len(line) > math.MaxInt32 {
		// Spans are int32 to keep the Parser small; no sane log line
		// comes near this.
		return ErrLineTooLong
	}
	p.buf = p.buf[:0]
	p.ids = p.ids[:0]
	p.tags[0] = p.tags[0][:0]
	p.tags[1] = p.tags[1][:0]
	p.tsNum.ok = false

	i := skipWS(line, 0)
	if i >= len(line) || line[i] != '{' {
		return synErr(line, i, "expected '{'")
	}
	i = skipWS(line, i+1)
	if i < len(line) && line[i] == '}' {
		i++
	} else {
		prev := startKey
		for {
			if i >= len(line) || line[i] != '"' {
				return synErr(line, i, "expected object key")
			}
			var (
				f     Field
				known bool
				next  int
				err   error
			)
			f, known, prev, next, err = p.nextKey(line, i, prev)
			if err != nil {
				return err
			}
			i = skipWS(line, next)
			if known {
				i, err = p.readField(f, line, i, rec)
			} else {
				i, err = skipValue(line, i, 0)
			}
			if err != nil {
				return err
			}
			i = skipWS(line, i)
			if i < len(line) && line[i] == ',' {
				i = skipWS(line, i+1)
				continue
			}
			if i < len(line) && line[i] == '}' {
				i++
				break
			}
			return synErr(line, i, "expected ',' or '}'")
		}
	}
	if i = skipWS(line, i); i != len(line) {
		return synErr(line, i, "data after object")
	}
	return p.finish(rec)
}

// readField decodes the value at line[i] into the parser's state for f and
// marks f present (or absent for null).
func (p *Parser) readField(f Field, line []byte, i int, rec *Record) (int, error) {
	if i >= len(line) {
		return i, synErr(line, i, "expected value")
	}
	if line[i] == 'n' {
		next, err := expectLit(line, i, "null")
		rec.Present.clear(f)
		return next, err
	}
	switch f {
	case FieldBotScore:
		return p.readIntField(f, line, i, rec, &rec.BotScore)
	case FieldClientASN:
		return p.readIntField(f, line, i, rec, &rec.ClientASN)
	case FieldEdgeResponseStatus:
		return p.readIntField(f, line, i, rec, &rec.EdgeResponseStatus)
	case FieldWAFAttackScore:
		return p.readIntField(f, line, i, rec, &rec.WAFAttackScore)
	case FieldEdgeStartTimestamp:
		if line[i] == '"' {
			break // string form, decoded with the other strings
		}
		n, next, err := p.readNumber(f, line, i)
		if err != nil {
			return next, err
		}
		p.tsNum.ok, p.tsNum.n = true, n
		rec.Present.add(f)
		return next, nil
	case FieldBotDetectionIDs:
		return p.readIntArray(f, line, i, rec)
	case FieldBotDetectionTags, FieldBotTags:
		return p.readStringArray(f, line, i, rec)
	}
	if line[i] != '"' {
		return wrongType(f, line, i, "string", "")
	}
	if p.skip.Has(f) {
		// The string is valid JSON or the line is malformed, as when it
		// is decoded; only the copy is saved.
		return skipValue(line, i, 0)
	}
	sp, next, err := p.readString(line, i)
	if err != nil {
		return next, err
	}
	p.spans[f] = sp
	if f == FieldEdgeStartTimestamp {
		p.tsNum.ok = false // a later string occurrence wins over an earlier number
	}
	if f == FieldClientCountry {
		upperASCII(p.buf[sp.start:sp.end])
	}
	rec.Present.add(f)
	return next, nil
}

func (p *Parser) readNumber(f Field, line []byte, i int) (numTok, int, error) {
	c := line[i]
	if c != '-' && (c < '0' || c > '9') {
		if c == '"' || c == '[' || c == '{' || c == 't' || c == 'f' {
			// Valid JSON of the wrong type.
			next, err := wrongType(f, line, i, "number", "")
			return numTok{}, next, err
		}
		return numTok{}, i, synErr(line, i, "invalid value")
	}
	end, isInt, err := scanNumber(line, i)
	if err != nil {
		return numTok{}, end, err
	}
	return numTok{raw: line[i:end], isInt: isInt}, end, nil
}

// readInt reads the integral JSON number at line[i] for field f.
// readIntField decodes the integer at line[i] into *dst, rec's member for
// f, and marks f present.
func (p *Parser) readIntField(f Field, line []byte, i int, rec *Record, dst *int64) (int, error) {
	v, next, err := p.readInt(f, line, i)
	if err != nil {
		return next, err
	}
	*dst = v
	rec.Present.add(f)
	return next, nil
}

func (p *Parser) readInt(f Field, line []byte, i int) (int64, int, error) {
	n, next, err := p.readNumber(f, line, i)
	if err != nil {
		return 0, next, err
	}
	v, err := n.int64(f)
	return v, next, err
}

// int64 converts an integral JSON number. Fractions and exponents are
// accepted only when the value is an exact integer (1e2, 3.0), because a
// producer re-encoding numbers as floats should not make lines malformed.
func (n numTok) int64(f Field) (int64, error) {
	if n.isInt {
		if v, ok := parseInt(n.raw); ok {
			return v, nil
		}
		return 0, typeErr(f, "integer %s out of range", n.raw)
	}
	fv, err := strconv.ParseFloat(string(n.raw), 64)
	if err != nil || fv != math.Trunc(fv) || fv < math.MinInt64 || fv >= math.MaxInt64 {
		return 0, typeErr(f, "want integer, got %s", n.raw)
	}
	return int64(fv), nil
}

func (p *Parser) readIntArray(f Field, line []byte, i int, rec *Record) (int, error) {
	p.ids = p.ids[:0]
	return readArray(f, line, i, rec, func(i int) (int, error) {
		v, next, err := p.readInt(f, line, i)
		if err != nil {
			return next, err
		}
		p.ids = append(p.ids, v)
		return next, nil
	})
}

func (p *Parser) readStringArray(f Field, line []byte, i int, rec *Record) (int, error) {
	t := 0
	if f == FieldBotTags {
		t = 1
	}
	p.tags[t] = p.tags[t][:0]
	return readArray(f, line, i, rec, func(i int) (int, error) {
		if line[i] != '"' {
			return wrongType(f, line, i, "array of strings", " item")
		}
		sp, next, err := p.readString(line, i)
		if err != nil {
			return next, err
		}
		p.tags[t] = append(p.tags[t], sp)
		return next, nil
	})
}

// readArray reads the JSON array at line[i] for field f, calling item for
// each element's offset; item returns the offset after the element.
func readArray(f Field, line []byte, i int, rec *Record, item func(int) (int, error)) (int, error) {
	if line[i] != '[' {
		return wrongType(f, line, i, "array", "")
	}
	i = skipWS(line, i+1)
	if i < len(line) && line[i] == ']' {
		rec.Present.add(f)
		return i + 1, nil
	}
	for {
		if i >= len(line) {
			return i, synErr(line, i, "unterminated array")
		}
		next, err := item(i)
		if err != nil {
			return next, err
		}
		i = skipWS(line, next)
		if i < len(line) && line[i] == ',' {
			i = skipWS(line, i+1)
			continue
		}
		if i < len(line) && line[i] == ']' {
			rec.Present.add(f)
			return i + 1, nil
		}
		return i, synErr(line, i, "expected ',' or ']'")
	}
}

// wrongType reports the value at line[i], valid JSON of another type than
// field f wants, as a type error ("want <want>, got <kind><suffix>"), once
// skipValue has checked it is well-formed: a syntax error is not
// misreported as a type error.
func wrongType(f Field, line []byte, i int, want, suffix string) (int, error) {
	next, err := skipValue(line, i, 0)
	if err != nil {
		return next, err
	}
	return next, typeErr(f, "want %s, got %s%s", want, jsonKind(line[i]), suffix)
}

// finish turns the collected spans into Record strings with a single
// allocation and converts the typed string fields (IP, timestamp).
func (p *Parser) finish(rec *Record) error {
	s := string(p.buf)
	get := func(f Field) string {
		sp := p.spans[f]
		return s[sp.start:sp.end]
	}
	pr := rec.Present
	if pr.Has(FieldBotScoreSrc) {
		rec.BotScoreSrc = get(FieldBotScoreSrc)
	}
	if pr.Has(FieldVerifiedBotCategory) {
		rec.VerifiedBotCategory = get(FieldVerifiedBotCategory)
	}
	if pr.Has(FieldJA3Hash) {
		rec.JA3Hash = get(FieldJA3Hash)
	}
	if pr.Has(FieldJA4) {
		rec.JA4 = get(FieldJA4)
	}
	if pr.Has(FieldClientCountry) {
		rec.ClientCountry = get(FieldClientCountry)
	}
	if pr.Has(FieldClientRequestHost) {
		rec.Host = get(FieldClientRequestHost)
	}
	if pr.Has(FieldClientRequestMethod) {
		rec.Method = get(FieldClientRequestMethod)
	}
	if pr.Has(FieldClientRequestPath) {
		rec.Path = get(FieldClientRequestPath)
	}
	if pr.Has(FieldClientRequestURI) {
		rec.URI = get(FieldClientRequestURI)
	}
	if pr.Has(FieldClientRequestQuery) {
		rec.Query = get(FieldClientRequestQuery)
	}
	if pr.Has(FieldClientRequestProtocol) {
		rec.Protocol = get(FieldClientRequestProtocol)
	}
	if pr.Has(FieldClientRequestScheme) {
		rec.Scheme = get(FieldClientRequestScheme)
	}
	if pr.Has(FieldClientRequestUserAgent) {
		rec.UserAgent = get(FieldClientRequestUserAgent)
	}
	if pr.Has(FieldClientRequestReferer) {
		rec.Referer = get(FieldClientRequestReferer)
	}
	if pr.Has(FieldClientSSLProtocol) {
		rec.SSLProtocol = get(FieldClientSSLProtocol)
	}
	if pr.Has(FieldClientSSLCipher) {
		rec.SSLCipher = get(FieldClientSSLCipher)
	}
	if pr.Has(FieldRayID) {
		rec.RayID = get(FieldRayID)
	}
	if pr.Has(FieldBotDetectionIDs) && len(p.ids) > 0 {
		// Copied so the Record does not alias the Parser's reused buffer.
		rec.BotDetectionIDs = append([]int64(nil), p.ids...)
	}
	for t, f := range [2]Field{FieldBotDetectionTags, FieldBotTags} {
		if !pr.Has(f) || len(p.tags[t]) == 0 {
			continue
		}
		out := make([]string, len(p.tags[t]))
		for j, sp := range p.tags[t] {
			out[j] = s[sp.start:sp.end]
		}
		if f == FieldBotTags {
			rec.BotTags = out
		} else {
			rec.BotDetectionTags = out
		}
	}
	if pr.Has(FieldClientIP) {
		if a, ok := ParseClientIP(get(FieldClientIP)); ok {
			rec.ClientIP = a
		} else {
			rec.Present.clear(FieldClientIP)
		}
	}
	if pr.Has(FieldEdgeStartTimestamp) {
		var (
			t   time.Time
			err error
		)
		if p.tsNum.ok {
			t, err = numberTime(p.tsNum.n)
		} else if v := get(FieldEdgeStartTimestamp); v == "" {
			rec.Present.clear(FieldEdgeStartTimestamp)
		} else {
			t, err = stringTime(v)
		}
		if err != nil {
			return err
		}
		if rec.Present.Has(FieldEdgeStartTimestamp) && t.Before(MinTimestamp) {
			// 0, a negative number, or a date before Logpush existed is
			// not when a request was seen: it would stretch the report's
			// window back to 1970.
			return typeErr(FieldEdgeStartTimestamp, "timestamp %s is before %s, so it is not a real request time",
				t.Format(time.RFC3339Nano), MinTimestamp.Format("2006"))
		}
		rec.EdgeStartTimestamp = t
	}
	return nil
}

// ParseClientIP reads ClientIP text: an IPv4 or IPv6 address as
// netip.ParseAddr reads it, without its zone (a zone names an interface of
// the machine that wrote the text, not part of the client's address, and
// the Rules language's addresses have none). ok is false for "" (Logpush
// writes it when it has no address) and for text that is not an address:
// both are a missing value, not a malformed line, so the request still
// counts. The ClickHouse build reads the column the same way (see chsql).
func ParseClientIP(v string) (a netip.Addr, ok bool) {
	if v == "" {
		return a, false
	}
	if a, ok = parseIPv4(v); ok {
		return a, true
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.WithZone(""), true
}

// parseIPv4 reads a dotted-quad IPv4 address as netip.ParseAddr does, in
// a third of the time. ok is false for anything else, valid or not (IPv6,
// leading zeros, out-of-range octets); netip.ParseAddr then decides.
func parseIPv4(v string) (a netip.Addr, ok bool) {
	var b [4]byte
	n, digits, octet := 0, 0, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case '0' <= c && c <= '9':
			if digits > 0 && octet == 0 {
				return a, false // leading zero
			}
			octet = octet*10 + int(c-'0')
			digits++
			if octet > 255 {
				return a, false
			}
		case c == '.' && digits > 0 && n < 3:
			b[n] = byte(octet)
			n, digits, octet = n+1, 0, 0
		default:
			return a, false
		}
	}
	if n != 3 || digits == 0 {
		return a, false
	}
	b[3] = byte(octet)
	return netip.AddrFrom4(b), true
}

// MinTimestamp is the earliest EdgeStartTimestamp accepted: records at or
// before the Unix epoch, or before 2010, are malformed.
var MinTimestamp = time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)

// Magnitude limits used to tell Unix timestamp units apart. Logpush writes
// seconds ("unix") or nanoseconds ("unixnano"); milli- and microseconds are
// accepted too because re-exported logs often use them, and the ranges do
// not overlap for any date between 1973 and 5138.
const (
	maxUnixSeconds = 1e11 // 5138-11-16 in seconds
	maxUnixMillis  = 1e14
	maxUnixMicros  = 1e17
)

// numberTime converts a Unix timestamp, choosing the unit by magnitude.
func numberTime(n numTok) (time.Time, error) {
	if n.isInt {
		v, ok := parseInt(n.raw)
		if !ok {
			return time.Time{}, typeErr(FieldEdgeStartTimestamp, "timestamp %s out of range", n.raw)
		}
		a := v
		if a < 0 {
			a = -a
		}
		switch {
		case a < maxUnixSeconds:
			return time.Unix(v, 0).UTC(), nil
		case a < maxUnixMillis:
			return time.UnixMilli(v).UTC(), nil
		case a < maxUnixMicros:
			return time.UnixMicro(v).UTC(), nil
		default:
			return time.Unix(0, v).UTC(), nil
		}
	}
	f, err := strconv.ParseFloat(string(n.raw), 64)
	if err != nil || math.IsInf(f, 0) || math.Abs(f) >= 9.2e18 {
		return time.Time{}, typeErr(FieldEdgeStartTimestamp, "timestamp %s out of range", n.raw)
	}
	var scale float64 // nanoseconds per unit
	switch a := math.Abs(f); {
	case a < maxUnixSeconds:
		scale = 1e9
	case a < maxUnixMillis:
		scale = 1e6
	case a < maxUnixMicros:
		scale = 1e3
	default:
		scale = 1
	}
	sec, frac := math.Modf(f * scale / 1e9)
	return time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC(), nil
}

// stringTime parses the string forms: RFC 3339 (with or without fraction),
// or a decimal Unix timestamp as some pipelines quote numbers.
func stringTime(v string) (time.Time, error) {
	if c := v[0]; c == '-' || ('0' <= c && c <= '9') {
		if end, isInt, err := scanNumber([]byte(v), 0); err == nil && end == len(v) {
			return numberTime(numTok{raw: []byte(v), isInt: isInt})
		}
	}
	if t, ok := fastRFC3339(v); ok {
		return t, nil
	}
	if !rfc3339Shape(v) {
		return time.Time{}, typeErr(FieldEdgeStartTimestamp, "invalid timestamp %q", v)
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, typeErr(FieldEdgeStartTimestamp, "invalid timestamp %q", v)
	}
	return t.UTC(), nil
}

// nextKey reads the key at line[i] (an opening quote) and the colon after
// it. The key follows the key prev; nextKey returns its Field (known is
// false for a key Record does not decode), its id and the offset after the
// colon. A key spelt as the one that followed prev last time, directly
// followed by the colon, costs one comparison; any other is scanned, looked
// up and remembered as prev's successor.
func (p *Parser) nextKey(line []byte, i int, prev keyID) (f Field, known bool, id keyID, next int, err error) {
	if prev != noKey {
		// A remembered name has no quote, backslash or control byte, so
		// matching `name":` means the key is exactly that name.
		k := &p.next[prev]
		if e := i + 1 + len(k.quoted); len(k.quoted) > 2 && e <= len(line) && string(line[i+1:e]) == k.quoted {
			return k.field, k.known, k.id, e, nil
		}
	}
	key, next, err := p.readKey(line, i)
	if err != nil {
		return 0, false, noKey, next, err
	}
	raw := next == i+2+len(key) // no escapes: a decoded escape is shorter than its source
	f, known = lookupKey(key)
	id = noKey
	if raw {
		var k predictedKey
		switch u, ok := p.unknown[string(key)]; {
		case known:
			k = predictedKey{quoted: quotedNames[f], id: keyID(f), field: f, known: true} // no allocation
		case ok:
			k = u
		case len(p.unknown) < maxUnknownKeys:
			if p.unknown == nil {
				p.unknown = make(map[string]predictedKey)
			}
			k = predictedKey{quoted: string(key) + `":`, id: keyID(NumFields) + keyID(len(p.unknown))}
			p.unknown[string(key)] = k
		}
		if k.quoted != "" {
			id = k.id
			if prev != noKey {
				p.next[prev] = k
			}
		}
	}
	if next = skipWS(line, next); next >= len(line) || line[next] != ':' {
		return f, known, id, next, synErr(line, next, "expected ':'")
	}
	return f, known, id, next + 1, nil
}

// quotedNames are the decoded fields' keys followed by the closing quote
// and colon, as nextKey compares them.
var quotedNames = func() (q [NumFields]string) {
	for f := range NumFields {
		q[f] = fieldInfo[f].logpush + `":`
	}
	return q
}()

// fastRFC3339 reads the form Logpush writes, "2006-01-02T15:04:05Z", a
// few times faster than time.Parse. ok is false for any other form or an
// out-of-range part; time.Parse then decides (and words the error).
func fastRFC3339(v string) (t time.Time, ok bool) {
	if len(v) != 20 || v[4] != '-' || v[7] != '-' || v[10] != 'T' || v[13] != ':' || v[16] != ':' || v[19] != 'Z' {
		return time.Time{}, false
	}
	var part [6]int
	for n, at := range [6]int{0, 5, 8, 11, 14, 17} {
		width := 2
		if n == 0 {
			width = 4
		}
		for _, c := range []byte(v[at : at+width]) {
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
			part[n] = part[n]*10 + int(c-'0')
		}
	}
	year, month, day := part[0], part[1], part[2]
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || part[3] > 23 || part[4] > 59 || part[5] > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, part[3], part[4], part[5], 0, time.UTC), true
}

// rfc3339Shape reports whether v is RFC 3339 as Logpush writes it:
// YYYY-MM-DDThh:mm:ss, an optional fraction after a period, and Z or
// ±hh:mm, every field two digits and in range. time.Parse also takes a
// one-digit hour, a comma before the fraction and a 24-hour offset; the
// ClickHouse build reads exactly this shape (see chsql), so both builds
// skip the same lines.
func rfc3339Shape(v string) bool {
	digits := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	}
	// two reads a two-digit field at v[i:] no greater than max.
	two := func(i int, max byte) bool {
		return i+2 <= len(v) && digits(v[i:i+2]) && (v[i]-'0')*10+(v[i+1]-'0') <= max
	}
	if len(v) < 20 || !digits(v[:4]) || v[4] != '-' || !two(5, 12) || v[5:7] == "00" || v[7] != '-' || !two(8, 31) ||
		v[10] != 'T' || !two(11, 23) || v[13] != ':' || !two(14, 59) || v[16] != ':' || !two(17, 59) {
		return false
	}
	rest := v[19:]
	if rest[0] == '.' {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 1 {
			return false
		}
		rest = rest[n:]
	}
	if rest == "Z" {
		return true
	}
	off := len(v) - len(rest)
	return len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && two(off+1, 23) && rest[3] == ':' && two(off+4, 59)
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// readKey returns the key at line[i] (an opening quote). Keys without
// escapes are returned as a sub-slice of line; escaped keys are decoded into
// p.key so "Bot\u0053core" still matches BotScore, as encoding/json would.
func (p *Parser) readKey(line []byte, i int) ([]byte, int, error) {
	if j := stringRun(line, i+1); j < len(line) && line[j] == '"' {
		return line[i+1 : j], j + 1, nil
	}
	p.key = p.key[:0]
	key, j, err := decodeString(p.key, line, i)
	p.key = key
	return key, j, err
}

// readString decodes the JSON string at line[i] into p.buf.
func (p *Parser) readString(line []byte, i int) (span, int, error) {
	start := len(p.buf)
	// Fast path: copy a string without escapes in one append.
	if j := stringRun(line, i+1); j < len(line) && line[j] == '"' {
		p.buf = append(p.buf, line[i+1:j]...)
		return p.mkspan(start), j + 1, nil
	}
	var (
		j   int
		err error
	)
	p.buf, j, err = decodeString(p.buf, line, i)
	if err != nil {
		return span{}, j, err
	}
	return p.mkspan(start), j, nil
}

func (p *Parser) mkspan(start int) span {
	return span{int32(start), int32(len(p.buf))}
}

// decodeString appends the decoded JSON string starting at line[i] (the
// opening quote) to dst. Escapes follow RFC 8259; an unpaired UTF-16
// surrogate becomes U+FFFD like encoding/json. Invalid UTF-8 bytes are kept
// as they are because Rules-language strings are bytes.
func decodeString(dst, line []byte, i int) ([]byte, int, error) {
	j := i + 1
	for {
		// Copy the run up to the next special byte.
		k := stringRun(line, j)
		dst = append(dst, line[j:k]...)
		j = k
		if j >= len(line) {
			return dst, j, synErr(line, j, "unterminated string")
		}
		switch c := line[j]; {
		case c == '"':
			return dst, j + 1, nil
		case c < 0x20:
			return dst, j, synErr(line, j, "control character in string")
		}
		// Backslash escape.
		if j+1 >= len(line) {
			return dst, j, synErr(line, j, "unterminated escape")
		}
		e := line[j+1]
		if b := jsonscan.Escapes[e]; b != 0 {
			dst = append(dst, b)
			j += 2
			continue
		}
		if e != 'u' {
			return dst, j, synErr(line, j, "invalid escape")
		}
		r, end, ok := jsonscan.DecodeUnicodeEscape(line, j)
		if !ok {
			return dst, j, synErr(line, j, "invalid \\u escape")
		}
		dst = utf8.AppendRune(dst, r)
		j = end
	}
}

// scanNumber validates the JSON number at line[i] and returns its end.
func scanNumber(line []byte, i int) (end int, isInt bool, err error) {
	j := i
	if j < len(line) && line[j] == '-' {
		j++
	}
	switch {
	case j < len(line) && line[j] == '0':
		j++
	case j < len(line) && '1' <= line[j] && line[j] <= '9':
		j, _ = digits(line, j)
	default:
		return j, false, synErr(line, j, "invalid number")
	}
	isInt = true
	var ok bool
	if j < len(line) && line[j] == '.' {
		isInt = false
		if j, ok = digits(line, j+1); !ok {
			return j, false, synErr(line, j, "invalid number")
		}
	}
	if j < len(line) && (line[j] == 'e' || line[j] == 'E') {
		isInt = false
		j++
		if j < len(line) && (line[j] == '+' || line[j] == '-') {
			j++
		}
		if j, ok = digits(line, j); !ok {
			return j, false, synErr(line, j, "invalid number")
		}
	}
	return j, isInt, nil
}

// digits returns the offset after the ASCII digits at line[j], and whether
// there was at least one.
func digits(line []byte, j int) (int, bool) {
	d := j
	for j < len(line) && '0' <= line[j] && line[j] <= '9' {
		j++
	}
	return j, j > d
}

// parseInt parses an already-validated integer token, reporting overflow.
func parseInt(b []byte) (int64, bool) {
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) > 19 {
		return 0, false
	}
	var u uint64
	for _, c := range b {
		u = u*10 + uint64(c-'0')
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// skipValue validates and skips any JSON value.
func skipValue(line []byte, i, depth int) (int, error) {
	if i >= len(line) {
		return i, synErr(line, i, "expected value")
	}
	switch c := line[i]; {
	case c == '"':
		j := i + 1
		for j < len(line) {
			j = stringRun(line, j)
			if j >= len(line) {
				break
			}
			c := line[j]
			if c == '"' {
				return j + 1, nil
			}
			if c < 0x20 {
				return j, synErr(line, j, "control character in string")
			}
			if c == '\\' {
				if j+1 >= len(line) {
					return j, synErr(line, j, "unterminated escape")
				}
				switch e := line[j+1]; {
				case jsonscan.Escapes[e] != 0:
					j += 2
				case e == 'u':
					_, end, ok := jsonscan.DecodeUnicodeEscape(line, j)
					if !ok {
						return j, synErr(line, j, "invalid \\u escape")
					}
					j = end
				default:
					return j, synErr(line, j, "invalid escape")
				}
				continue
			}
			j++
		}
		return j, synErr(line, j, "unterminated string")
	case c == '{' || c == '[':
		if depth >= maxDepth {
			return i, synErr(line, i, "nesting too deep")
		}
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		j := skipWS(line, i+1)
		if j < len(line) && line[j] == closer {
			return j + 1, nil
		}
		for {
			var err error
			if c == '{' {
				if j >= len(line) || line[j] != '"' {
					return j, synErr(line, j, "expected object key")
				}
				if j, err = skipValue(line, j, depth+1); err != nil {
					return j, err
				}
				j = skipWS(line, j)
				if j >= len(line) || line[j] != ':' {
					return j, synErr(line, j, "expected ':'")
				}
				j = skipWS(line, j+1)
			}
			if j, err = skipValue(line, j, depth+1); err != nil {
				return j, err
			}
			j = skipWS(line, j)
			if j < len(line) && line[j] == ',' {
				j = skipWS(line, j+1)
				continue
			}
			if j < len(line) && line[j] == closer {
				return j + 1, nil
			}
			return j, synErr(line, j, "expected ',' or '"+string(closer)+"'")
		}
	case c == 't':
		return expectLit(line, i, "true")
	case c == 'f':
		return expectLit(line, i, "false")
	case c == 'n':
		return expectLit(line, i, "null")
	default:
		end, _, err := scanNumber(line, i)
		return end, err
	}
}

func expectLit(line []byte, i int, lit string) (int, error) {
	if len(line)-i >= len(lit) && string(line[i:i+len(lit)]) == lit {
		return i + len(lit), nil
	}
	return i, synErr(line, i, "invalid literal")
}

func skipWS(line []byte, i int) int {
	// Logpush writes no whitespace: one comparison settles the usual case.
	for i < len(line) && line[i] <= ' ' {
		switch line[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func upperASCII(b []byte) {
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - ('a' - 'A')
		}
	}
}

func jsonKind(c byte) string {
	switch c {
	case '"':
		return "string"
	case '[':
		return "array"
	case '{':
		return "object"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

func synErr(line []byte, i int, msg string) error {
	if i >= len(line) {
		return fmt.Errorf("%w: %s at end of line", ErrSyntax, msg)
	}
	return fmt.Errorf("%w: %s at byte %d", ErrSyntax, msg, i)
}

func typeErr(f Field, format string, args ...any) error {
	return fmt.Errorf("%w %s: %s", ErrFieldType, f, fmt.Sprintf(format, args...))
}

// lookupKey maps a Logpush key to a decoded Field. The switch compiles to a
// length-then-value search, which is cheaper than hashing for ~30 keys.
func lookupKey(k []byte) (Field, bool) {
	switch string(k) {
	case "BotScore":
		return FieldBotScore, true
	case "BotScoreSrc":
		return FieldBotScoreSrc, true
	case "BotDetectionIDs":
		return FieldBotDetectionIDs, true
	case "BotDetectionTags":
		return FieldBotDetectionTags, true
	case "BotTags":
		return FieldBotTags, true
	case "VerifiedBotCategory":
		return FieldVerifiedBotCategory, true
	case "JA3Hash":
		return FieldJA3Hash, true
	case "JA4":
		return FieldJA4, true
	case "ClientIP":
		return FieldClientIP, true
	case "ClientASN":
		return FieldClientASN, true
	case "ClientCountry":
		return FieldClientCountry, true
	case "ClientRequestHost":
		return FieldClientRequestHost, true
	case "ClientRequestMethod":
		return FieldClientRequestMethod, true
	case "ClientRequestPath":
		return FieldClientRequestPath, true
	case "ClientRequestURI":
		return FieldClientRequestURI, true
	case "ClientRequestQuery":
		return FieldClientRequestQuery, true
	case "ClientRequestProtocol":
		return FieldClientRequestProtocol, true
	case "ClientRequestScheme":
		return FieldClientRequestScheme, true
	case "ClientRequestUserAgent":
		return FieldClientRequestUserAgent, true
	case "ClientRequestReferer":
		return FieldClientRequestReferer, true
	case "ClientSSLProtocol":
		return FieldClientSSLProtocol, true
	case "ClientSSLCipher":
		return FieldClientSSLCipher, true
	case "EdgeResponseStatus":
		return FieldEdgeResponseStatus, true
	case "EdgeStartTimestamp":
		return FieldEdgeStartTimestamp, true
	case "RayID":
		return FieldRayID, true
	case "WAFAttackScore":
		return FieldWAFAttackScore, true
	}
	return 0, false
}
