package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
)

// phaseNameRe is the form of a phase name: the API's names are lowercase
// words joined by underscores. A name the phase table does not know is
// accepted, so a schema can name a phase Cloudflare added later.
var phaseNameRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// maxSchemaSize caps user schema files so a wrong path (a log file, a
// device) cannot exhaust memory.
const maxSchemaSize = 32 << 20

// LoadError is a problem in a schema file, located by 1-based line and
// column (in bytes) so editors and the CLI can point at it.
type LoadError struct {
	File   string // empty when loading from a reader
	Line   int
	Column int
	Msg    string
}

// Error renders "file:line:col: msg" (or "line:col: msg").
func (e *LoadError) Error() string {
	pos := fmt.Sprintf("%d:%d", e.Line, e.Column)
	if e.File != "" {
		pos = e.File + ":" + pos
	}
	return pos + ": " + e.Msg
}

// Load reads a user schema in the JSON format documented in README.md, which
// is the same format as the embedded catalog.json:
//
//	{
//	  "format": 1,                  // optional; 1 is the only version
//	  "profile": "my-product",      // optional name, default "custom"
//	  "base": "rules",              // optional: "none" (default), "rules",
//	                                //   "feedback" or "engine2020"
//	  "about": "free text",         // optional, ignored
//	  "fields": [{"name": "x.y", "type": "Bytes", "description": "…",
//	              "deprecated": false, "replacement": "", "domain": {…},
//	              "plan": "", "availability": "", "products": ["http_rules"],
//	              "feedback": false, "notes": ["…"]}],
//	  "functions": [{"name": "f", "params": [{"name": "a", "type": "Bytes",
//	              "kind": "field", "optional": false, "variadic": false}],
//	              "returns": "Bool", "description": "…"}],
//	  "lists": [{"name": "my_list", "kind": "ip", "description": "…"}]
//	}
//
// Only "name" and "type" (fields) or "name" and "returns" (functions) are
// required. Entries override same-named entries of the base. Unknown keys
// are errors, so typos in a schema do not go unnoticed. Every error is a
// *LoadError carrying the line and column of the offending JSON.
func Load(r io.Reader) (*Schema, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSchemaSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxSchemaSize {
		return nil, &LoadError{Line: 1, Column: 1, Msg: "schema file is larger than 32 MiB"}
	}
	doc, err := decodeDoc(data)
	if err != nil {
		return nil, err
	}
	return doc.build()
}

// LoadFile is Load for a file; errors name the file.
func LoadFile(path string) (*Schema, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := Load(f)
	var le *LoadError
	if errors.As(err, &le) {
		le.File = path
	}
	return s, err
}

// JSON shapes. They are separate from the public types so that the public
// types can hold parsed values (Type, ArgKind) and so the file format can
// evolve without breaking the Go API.

type docJSON struct {
	Format  int    `json:"format"`
	Profile string `json:"profile"`
	Base    string `json:"base"`
	About   string `json:"about"`
}

type fieldJSON struct {
	Name            string      `json:"name"`
	Type            string      `json:"type"`
	Description     string      `json:"description"`
	Deprecated      bool        `json:"deprecated"`
	Replacement     string      `json:"replacement"`
	DeprecationNote string      `json:"deprecationNote"`
	Domain          *domainJSON `json:"domain"`
	Plan            string      `json:"plan"`
	Availability    string      `json:"availability"`
	Response        bool        `json:"response"`
	Phases          []string    `json:"phases"`
	NotInPhases     []string    `json:"notInPhases"`
	Source          string      `json:"source"`
	Products        []string    `json:"products"`
	Feedback        bool        `json:"feedback"`
	FeedbackType    string      `json:"feedbackType"`
	Pseudo          bool        `json:"pseudo"`
	Engine2020      bool        `json:"engine2020"`
	Notes           []string    `json:"notes"`
}

type domainJSON struct {
	Values       []string          `json:"values"`
	IntValues    []int64           `json:"intValues"`
	Min          *int64            `json:"min"`
	Max          *int64            `json:"max"`
	Special      map[string]string `json:"special"`
	Digits       int               `json:"digits"`
	Pattern      string            `json:"pattern"`
	Format       string            `json:"format"`
	Case         string            `json:"case"`
	Prefixes     []string          `json:"prefixes"`
	EmptyAllowed bool              `json:"emptyAllowed"`
	Common       []string          `json:"common"`
	Examples     []string          `json:"examples"`
	Meanings     map[string]string `json:"meanings"`
	KeyCase      string            `json:"keyCase"`
	Element      *domainJSON       `json:"element"`
	Note         string            `json:"note"`
}

type paramJSON struct {
	Name        string    `json:"name"`
	Type        string    `json:"type"`
	Kind        string    `json:"kind"`
	Optional    bool      `json:"optional"`
	Variadic    bool      `json:"variadic"`
	SameAsFirst bool      `json:"sameAsFirst"`
	Range       *IntRange `json:"range"`
	NonEmpty    bool      `json:"nonEmpty"`
	Flags       string    `json:"flags"`
	Pattern     string    `json:"pattern"`
	Fields      []string  `json:"fields"`
	Note        string    `json:"note"`
}

type functionJSON struct {
	Name              string      `json:"name"`
	Description       string      `json:"description"`
	Params            []paramJSON `json:"params"`
	Returns           string      `json:"returns"`
	Availability      string      `json:"availability"`
	Phases            []string    `json:"phases"`
	Roles             []string    `json:"roles"`
	Products          []string    `json:"products"`
	Plan              string      `json:"plan"`
	Constraints       []string    `json:"constraints"`
	OncePerExpression bool        `json:"oncePerExpression"`
	ExclusiveWith     []string    `json:"exclusiveWith"`
	Quantifier        bool        `json:"quantifier"`
	EngineBuiltin     bool        `json:"engineBuiltin"`
	Engine2020        bool        `json:"engine2020"`
	Documented        *bool       `json:"documented"`
	Notes             []string    `json:"notes"`
}

type listJSON struct {
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
	Managed     bool   `json:"managed"`
}

// decoded is a parsed schema document with the position of each entry.
type decoded struct {
	data      []byte
	head      docJSON
	basePos   int
	fields    []positioned[fieldJSON]
	functions []positioned[functionJSON]
	lists     []positioned[listJSON]
}

type positioned[T any] struct {
	off int
	v   T
}

func (d *decoded) errAt(off int, format string, args ...any) *LoadError {
	line, col := lineCol(d.data, off)
	return &LoadError{Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// lineCol converts a byte offset into a 1-based line and column.
func lineCol(data []byte, off int) (int, int) {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// skipSep moves off past whitespace and one separator so that it points at
// the first byte of the next value; Decoder.InputOffset stops before them.
func skipSep(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// decodeDoc walks the top-level object with a token decoder so that each
// array entry's start offset is known for later semantic errors.
func decodeDoc(data []byte) (*decoded, error) {
	d := &decoded{data: data}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	// Syntax errors are found up front on the whole input because the
	// streaming decoder reports offsets relative to the current value.
	if err := json.Unmarshal(data, new(json.RawMessage)); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			if se.Offset >= int64(len(data)) {
				return nil, d.errAt(len(data), "unexpected end of JSON")
			}
			return nil, d.errAt(int(se.Offset)-1, "invalid JSON: %v", se)
		}
		return nil, d.errAt(0, "invalid JSON: %v", err)
	}
	// jsonErr positions a decoding error of the value starting at base.
	jsonErr := func(err error, base int) error {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			where := te.Field
			if where == "" {
				where = "value"
			}
			off := base
			if te.Offset > 0 {
				off = base + int(te.Offset) - 1
			}
			return d.errAt(off, "%s: expected %s, got JSON %s", where, te.Type, te.Value)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return d.errAt(len(data), "unexpected end of JSON")
		}
		return d.errAt(base, "%v", err)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonErr(err, 0)
	}
	if delim, ok := tok.(json.Delim); !ok || delim != '{' {
		return nil, d.errAt(skipSep(data, 0), "a schema must be a JSON object")
	}
	seen := map[string]bool{}
	for dec.More() {
		keyOff := skipSep(data, int(dec.InputOffset()))
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonErr(err, keyOff)
		}
		key, _ := tok.(string)
		if seen[key] {
			return nil, d.errAt(keyOff, "duplicate key %q", key)
		}
		seen[key] = true
		valOff := skipSep(data, int(dec.InputOffset()))
		switch key {
		case "format":
			var n json.Number
			if err := dec.Decode(&n); err != nil {
				return nil, jsonErr(err, valOff)
			}
			if n.String() != "1" {
				return nil, d.errAt(valOff, "unsupported format %s (only 1 is known)", n)
			}
			d.head.Format = 1
		case "profile", "base", "about":
			var s string
			if err := dec.Decode(&s); err != nil {
				return nil, jsonErr(err, valOff)
			}
			switch key {
			case "profile":
				d.head.Profile = s
			case "base":
				d.head.Base, d.basePos = s, valOff
			default:
				d.head.About = s
			}
		case "fields":
			if err := decodeArray(dec, data, &d.fields, jsonErr); err != nil {
				return nil, err
			}
		case "functions":
			if err := decodeArray(dec, data, &d.functions, jsonErr); err != nil {
				return nil, err
			}
		case "lists":
			if err := decodeArray(dec, data, &d.lists, jsonErr); err != nil {
				return nil, err
			}
		default:
			return nil, d.errAt(keyOff, "unknown key %q (want format, profile, base, about, fields, functions or lists)", key)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, jsonErr(err, int(dec.InputOffset()))
	}
	end := skipSep(data, int(dec.InputOffset()))
	if _, err := dec.Token(); err != io.EOF {
		return nil, d.errAt(end, "unexpected data after the schema object")
	}
	return d, nil
}

// decodeTrusted decodes a schema compiled into the binary in one
// json.Unmarshal: it needs none of the positions decodeDoc keeps for the
// errors of a user's file, and it runs on the start-up path of every lint
// (a third of the time of the first expression). The package tests check
// that both give the same document for every embedded schema.
func decodeTrusted(data []byte) (*decoded, error) {
	var doc struct {
		docJSON
		Fields    []fieldJSON    `json:"fields"`
		Functions []functionJSON `json:"functions"`
		Lists     []listJSON     `json:"lists"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	return &decoded{data: data, head: doc.docJSON, fields: positionedAt0(doc.Fields),
		functions: positionedAt0(doc.Functions), lists: positionedAt0(doc.Lists)}, nil
}

// positionedAt0 wraps entries whose positions are not kept.
func positionedAt0[T any](in []T) []positioned[T] {
	out := make([]positioned[T], len(in))
	for i, v := range in {
		out[i].v = v
	}
	return out
}

func decodeArray[T any](dec *json.Decoder, data []byte, out *[]positioned[T], jsonErr func(error, int) error) error {
	start := skipSep(data, int(dec.InputOffset()))
	tok, err := dec.Token()
	if err != nil {
		return jsonErr(err, start)
	}
	if tok == nil { // null is an empty list
		return nil
	}
	if delim, ok := tok.(json.Delim); !ok || delim != '[' {
		line, col := lineCol(data, start)
		return &LoadError{Line: line, Column: col, Msg: "expected a JSON array"}
	}
	for dec.More() {
		off := skipSep(data, int(dec.InputOffset()))
		var v T
		if err := dec.Decode(&v); err != nil {
			return jsonErr(err, off)
		}
		*out = append(*out, positioned[T]{off, v})
	}
	_, err = dec.Token() // ']'
	if err != nil {
		return jsonErr(err, int(dec.InputOffset()))
	}
	return nil
}

// build validates the decoded document and assembles a Schema.
func (d *decoded) build() (*Schema, error) {
	var s *Schema
	switch d.head.Base {
	case "", "none":
		s = newSchema("custom")
		// Rules names stay recognisable (NotInProfile) in a standalone schema.
		s.universe = Rules()
	case ProfileRules:
		s = Rules().clone()
	case ProfileFeedback:
		s = Feedback().clone()
	case ProfileEngine2020:
		s = Engine2020().clone()
	default:
		return nil, d.errAt(d.basePos, "unknown base %q (want none, rules, feedback or engine2020)", d.head.Base)
	}
	s.profile = "custom"
	if d.head.Profile != "" {
		s.profile = d.head.Profile
	}
	fields, funcs, lists, err := d.convert()
	if err != nil {
		return nil, err
	}
	s.add(fields, funcs, lists)
	return s, nil
}

// convert turns JSON entries into public types, reporting the first problem
// at the position of the offending entry.
func (d *decoded) convert() ([]Field, []Function, []List, error) {
	names := map[string]bool{} // fields and functions share one namespace
	fields, err := convertEach(d, d.fields, "field", "field %q is defined twice", names, convertField,
		func(j fieldJSON) string { return j.Name }, func(f Field) string { return f.Name })
	if err != nil {
		return nil, nil, nil, err
	}
	funcs, err := convertEach(d, d.functions, "function", "%q is defined twice (fields and functions share one namespace)", names, convertFunction,
		func(j functionJSON) string { return j.Name }, func(f Function) string { return f.Name })
	if err != nil {
		return nil, nil, nil, err
	}
	lists, err := convertEach(d, d.lists, "list", "list %q is defined twice", map[string]bool{}, convertList,
		func(j listJSON) string { return j.Name }, func(l List) string { return l.Name })
	if err != nil {
		return nil, nil, nil, err
	}
	return fields, funcs, lists, nil
}

// convertEach converts the entries of one kind (what: "field") in order,
// reporting the first that fails, or whose name is already in names (dup
// is the message, with the name), at the entry's position.
func convertEach[J, T any](d *decoded, in []positioned[J], what, dup string, names map[string]bool,
	convert func(J) (T, error), jsonName func(J) string, name func(T) string) ([]T, error) {
	out := make([]T, 0, len(in))
	for i, e := range in {
		v, err := convert(e.v)
		if err != nil {
			return nil, d.errAt(e.off, "%s %d (%q): %v", what, i+1, jsonName(e.v), err)
		}
		n := name(v)
		if names[n] {
			return nil, d.errAt(e.off, dup, n)
		}
		names[n] = true
		out = append(out, v)
	}
	return out, nil
}

// namedType checks the name of a field or parameter (validName tells
// whether it is valid) and parses its type, which is required.
func namedType[T any](what, name string, validName bool, typ string, parse func(string) (T, error)) (T, error) {
	var zero T
	if !validName {
		return zero, fmt.Errorf("invalid %s name %q", what, name)
	}
	if typ == "" {
		return zero, errors.New(`missing "type"`)
	}
	return parse(typ)
}

func convertField(j fieldJSON) (Field, error) {
	t, err := namedType("field", j.Name, ValidName(j.Name), j.Type, ParseType)
	if err != nil {
		return Field{}, err
	}
	dom, err := convertDomain(j.Domain)
	if err != nil {
		return Field{}, err
	}
	if j.Replacement != "" && !ValidName(j.Replacement) {
		return Field{}, fmt.Errorf("invalid replacement name %q", j.Replacement)
	}
	for _, ph := range append(slices.Clip(j.Phases), j.NotInPhases...) {
		if !phaseNameRe.MatchString(ph) {
			return Field{}, fmt.Errorf("invalid phase name %q", ph)
		}
	}
	return Field{
		Name: j.Name, Type: t, Description: j.Description,
		Deprecated: j.Deprecated, Replacement: j.Replacement, DeprecationNote: j.DeprecationNote,
		Domain: dom, Plan: j.Plan, Availability: j.Availability, Products: j.Products,
		Response: j.Response, Phases: j.Phases, NotInPhases: j.NotInPhases, Source: j.Source,
		Feedback: j.Feedback, FeedbackType: j.FeedbackType, Pseudo: j.Pseudo,
		Engine2020: j.Engine2020, Notes: j.Notes,
	}, nil
}

func convertDomain(j *domainJSON) (*Domain, error) {
	if j == nil {
		return nil, nil
	}
	d := &Domain{
		Values: j.Values, IntValues: j.IntValues, Min: j.Min, Max: j.Max, Digits: j.Digits,
		Pattern: j.Pattern, Format: j.Format, Case: j.Case, Prefixes: j.Prefixes,
		EmptyAllowed: j.EmptyAllowed, Common: j.Common, Examples: j.Examples,
		Meanings: j.Meanings, KeyCase: j.KeyCase, Note: j.Note,
	}
	if len(j.Special) > 0 {
		d.Special = make(map[int64]string, len(j.Special))
		for k, v := range j.Special {
			n, err := strconv.ParseInt(k, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("domain special key %q is not an integer", k)
			}
			d.Special[n] = v
		}
	}
	if j.Element != nil {
		e, err := convertDomain(j.Element)
		if err != nil {
			return nil, err
		}
		d.Element = e
	}
	if err := d.compile(); err != nil {
		return nil, err
	}
	return d, nil
}

func convertFunction(j functionJSON) (Function, error) {
	if !ValidName(j.Name) {
		return Function{}, fmt.Errorf("invalid function name %q", j.Name)
	}
	f := Function{
		Name: j.Name, Description: j.Description, Availability: j.Availability,
		Phases: j.Phases, Products: j.Products, Plan: j.Plan, Constraints: j.Constraints,
		OncePerExpression: j.OncePerExpression, ExclusiveWith: j.ExclusiveWith,
		Quantifier: j.Quantifier, EngineBuiltin: j.EngineBuiltin, Engine2020: j.Engine2020,
		Documented: j.Documented == nil || *j.Documented, Notes: j.Notes,
	}
	for _, ph := range j.Phases {
		if !phaseNameRe.MatchString(ph) {
			return Function{}, fmt.Errorf("invalid phase name %q", ph)
		}
	}
	for _, r := range j.Roles {
		role, err := ParseRole(r)
		if err != nil {
			return Function{}, err
		}
		f.Roles = append(f.Roles, role)
	}
	switch j.Returns {
	case "":
		return Function{}, errors.New(`missing "returns"`)
	case "first":
		f.ReturnsFirstArg = true
	default:
		t, err := parseSigType(j.Returns)
		if err != nil {
			return Function{}, fmt.Errorf("returns: %v", err)
		}
		f.Returns = t
	}
	seenOptional := false
	pnames := map[string]bool{}
	for i, pj := range j.Params {
		p, err := convertParam(pj)
		if err != nil {
			return Function{}, fmt.Errorf("parameter %d: %v", i+1, err)
		}
		if pnames[p.Name] {
			return Function{}, fmt.Errorf("parameter %q is listed twice", p.Name)
		}
		pnames[p.Name] = true
		if p.Variadic && i != len(j.Params)-1 {
			return Function{}, fmt.Errorf("parameter %q: only the last parameter may be variadic", p.Name)
		}
		if !p.Optional && seenOptional {
			return Function{}, fmt.Errorf("parameter %q: a required parameter cannot follow an optional one", p.Name)
		}
		if p.SameAsFirst && i == 0 {
			return Function{}, fmt.Errorf("parameter %q: sameAsFirst makes no sense on the first parameter", p.Name)
		}
		seenOptional = seenOptional || p.Optional
		f.Params = append(f.Params, p)
	}
	return f, nil
}

func convertParam(j paramJSON) (Param, error) {
	types, err := namedType("parameter", j.Name, identRe.MatchString(j.Name), j.Type, parseTypeUnion)
	if err != nil {
		return Param{}, err
	}
	kind := ArgAny
	if j.Kind != "" {
		if kind, err = ParseArgKind(j.Kind); err != nil {
			return Param{}, err
		}
	}
	p := Param{
		Name: j.Name, Types: types, Kind: kind, Optional: j.Optional, Variadic: j.Variadic,
		SameAsFirst: j.SameAsFirst, Range: j.Range, NonEmpty: j.NonEmpty, Flags: j.Flags,
		Pattern: j.Pattern, Fields: j.Fields, Note: j.Note,
	}
	if p.Range != nil && p.Range.Min > p.Range.Max {
		return Param{}, fmt.Errorf("range %s is empty", p.Range)
	}
	if p.Pattern != "" {
		re, err := regexp.Compile(`^(?:` + p.Pattern + `)$`)
		if err != nil {
			return Param{}, fmt.Errorf("invalid pattern: %v", err)
		}
		p.re = re
	}
	for _, name := range p.Fields {
		if !ValidName(name) {
			return Param{}, fmt.Errorf("invalid field name %q in fields", name)
		}
	}
	return p, nil
}

func convertList(j listJSON) (List, error) {
	if ok, msg := CheckListName(j.Name); !ok {
		return List{}, errors.New(msg)
	}
	l := List{Name: trimDollar(j.Name), Kind: ListKind(j.Kind), Description: j.Description, Managed: j.Managed}
	switch l.Kind {
	case ListUnknown, ListIP, ListHostname, ListASN:
	default:
		return List{}, fmt.Errorf("unknown list kind %q (want ip, hostname or asn)", j.Kind)
	}
	return l, nil
}

func trimDollar(s string) string {
	if len(s) > 0 && s[0] == '$' {
		return s[1:]
	}
	return s
}
