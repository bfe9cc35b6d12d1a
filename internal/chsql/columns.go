package chsql

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wflint/wflint/internal/logpush"
)

// Column is one column of a table, as DESCRIBE TABLE lists it.
type Column struct{ Name, Type string }

// Timestamp formats for EdgeStartTimestamp held as integers or text, named
// as Logpush's timestamp_format names them. TimestampAuto tells them apart
// value by value as the local reader does (package logpush): text that is
// a decimal integer, or an integer, is seconds, milliseconds, microseconds
// or nanoseconds by its magnitude, other text is RFC 3339.
const (
	TimestampAuto     = ""
	TimestampRFC3339  = "rfc3339"
	TimestampUnix     = "unix"
	TimestampUnixNano = "unixnano"
)

// TimestampFormats are the values of --timestamp-format.
var TimestampFormats = []string{TimestampRFC3339, TimestampUnix, TimestampUnixNano}

// colType is what the build reads of a ClickHouse type: its base type
// without the Nullable and LowCardinality wrappers.
type colType struct {
	base     string // String, Int32, DateTime64, Enum8 …
	nullable bool
	lowCard  bool
}

// parseType reads a type name as DESCRIBE TABLE writes it, such as
// LowCardinality(Nullable(String)) or Nullable(DateTime64(3, 'UTC')).
func parseType(s string) colType {
	var t colType
	s = strings.TrimSpace(s)
	for {
		switch {
		case strings.HasPrefix(s, "Nullable(") && strings.HasSuffix(s, ")"):
			t.nullable, s = true, strings.TrimSpace(s[len("Nullable("):len(s)-1])
		case strings.HasPrefix(s, "LowCardinality(") && strings.HasSuffix(s, ")"):
			t.lowCard, s = true, strings.TrimSpace(s[len("LowCardinality("):len(s)-1])
		default:
			if i := strings.IndexByte(s, '('); i >= 0 {
				s = s[:i]
			}
			t.base = strings.TrimSpace(s)
			return t
		}
	}
}

var intTypes = []string{"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64"}

func (t colType) isInt() bool  { return slices.Contains(intTypes, t.base) }
func (t colType) isText() bool { return t.base == "String" || t.base == "Enum8" || t.base == "Enum16" }
func (t colType) isTime() bool { return t.base == "DateTime" || t.base == "DateTime64" }

// class is how the report reads a Logpush field.
type class uint8

const (
	classText class = iota
	classInt
	classIP
	classTime
	classArray
)

func fieldClass(f logpush.Field) class {
	switch f {
	case logpush.FieldBotScore, logpush.FieldClientASN, logpush.FieldEdgeResponseStatus, logpush.FieldWAFAttackScore:
		return classInt
	case logpush.FieldClientIP:
		return classIP
	case logpush.FieldEdgeStartTimestamp:
		return classTime
	case logpush.FieldBotDetectionIDs, logpush.FieldBotDetectionTags, logpush.FieldBotTags:
		return classArray
	}
	return classText
}

// accepts says which column types hold a field of class c, for messages.
var accepts = map[class]string{
	classText: "text: String or an Enum, Nullable or LowCardinality or not",
	classInt:  "an integer: Int8 … Int64 or UInt8 … UInt64, Nullable or not",
	classIP:   "text as Logpush writes it: String, Nullable or LowCardinality or not",
	classTime: "DateTime, DateTime64, an integer (Unix seconds or nanoseconds) or String (RFC 3339 or Unix time as text)",
}

func (c class) holds(t colType) bool {
	switch c {
	case classText:
		return t.isText()
	case classInt:
		return t.isInt()
	case classIP:
		return t.base == "String"
	case classTime:
		return t.isInt() || t.base == "String" || t.isTime()
	}
	return false
}

// source is where a table holds one Logpush field.
type source struct {
	ok   bool
	name string // the column
	typ  colType
}

// Layout is how a table holds the Logpush fields: each field's column and
// its type, and the timestamp format. The compiler and ReportQuery read
// every field through it, converting per type, so the report does not
// depend on the schema a team chose for its warehouse.
type Layout struct {
	src      [logpush.NumFields]source
	tsFormat string
}

// ReportFields are the fields the report reads whatever the expression:
// the score, its source, the time window and the top lists.
var ReportFields = append([]logpush.Field{logpush.FieldBotScore, logpush.FieldBotScoreSrc, logpush.FieldEdgeStartTimestamp},
	TopFields...)

func checkColumns(names map[string]string, timestamp string) error {
	for name, col := range names {
		if _, ok := logpush.LookupField(name); !ok {
			return fmt.Errorf("column mapping: %q is not a Logpush http_requests field", name)
		}
		if _, err := Ident(col); err != nil {
			return fmt.Errorf("column mapping: %w", err)
		}
	}
	if timestamp != TimestampAuto && !slices.Contains(TimestampFormats, timestamp) {
		return fmt.Errorf("timestamp format %q: use %s", timestamp, strings.Join(TimestampFormats, ", "))
	}
	return nil
}

// columnName is the column that holds f under names (Options.Columns).
func columnName(names map[string]string, f logpush.Field) string {
	if c, ok := names[f.String()]; ok && c != "" {
		return c
	}
	return f.String()
}

// NewLayout reads a table's columns (DESCRIBE TABLE): each Logpush field is
// looked for under its own name or the one names maps it to. A column of a
// type the field cannot be read from is an error naming the column, its
// type and what would do; a field without a column is left out (see
// Layout.Missing), so one message can list all of them.
func NewLayout(cols []Column, names map[string]string, timestamp string) (*Layout, error) {
	if err := checkColumns(names, timestamp); err != nil {
		return nil, err
	}
	byName := make(map[string]colType, len(cols))
	for _, c := range cols {
		byName[c.Name] = parseType(c.Type)
	}
	l := &Layout{tsFormat: timestamp}
	var bad []string
	for f := logpush.Field(0); f < logpush.NumFields; f++ {
		cl := fieldClass(f)
		if cl == classArray {
			continue // never read (array fields are not translated)
		}
		name := columnName(names, f)
		t, ok := byName[name]
		if !ok {
			continue
		}
		if !cl.holds(t) {
			typ := ""
			for _, c := range cols {
				if c.Name == name {
					typ = c.Type
				}
			}
			bad = append(bad, fmt.Sprintf("column %s (%s) is %s; it must be %s", name, f, typ, accepts[cl]))
			continue
		}
		if f == logpush.FieldEdgeStartTimestamp && timestamp == TimestampRFC3339 && t.isInt() {
			bad = append(bad, fmt.Sprintf("column %s (%s) is an integer, not RFC 3339 text: use the timestamp format unix or unixnano", name, f))
			continue
		}
		l.src[f] = source{ok: true, name: name, typ: t}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(bad, "; "))
	}
	return l, nil
}

// DefaultLayout is the table CreateTable makes, with the columns named as
// names maps them: what `report sql` assumes when there is no server to ask.
func DefaultLayout(names map[string]string, timestamp string) (*Layout, error) {
	if err := checkColumns(names, timestamp); err != nil {
		return nil, err
	}
	var cols []Column
	for _, c := range strings.Split(Structure, ", ") {
		name, typ, _ := strings.Cut(c, " ")
		f, _ := logpush.LookupField(name)
		cols = append(cols, Column{Name: columnName(names, f), Type: typ})
	}
	return NewLayout(cols, names, timestamp)
}

// MissingColumnsError lists the fields a report needs that the table has no
// column for.
type MissingColumnsError struct {
	Fields  []string // Logpush field names
	Columns []string // the column names looked for
}

func (e *MissingColumnsError) Error() string {
	var b strings.Builder
	b.WriteString("the table has no column for ")
	for i, f := range e.Fields {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f)
		if e.Columns[i] != f {
			fmt.Fprintf(&b, " (looked for %s)", e.Columns[i])
		}
	}
	return b.String()
}

// Missing returns the error for the fields among need that the table has
// no column for, or nil.
func (l *Layout) Missing(need []logpush.Field) error {
	e := &MissingColumnsError{}
	seen := map[logpush.Field]bool{}
	for _, f := range need {
		if !l.src[f].ok && !seen[f] {
			seen[f] = true
			e.Fields = append(e.Fields, f.String())
		}
	}
	if len(e.Fields) == 0 {
		return nil
	}
	slices.Sort(e.Fields)
	for _, name := range e.Fields {
		f, _ := logpush.LookupField(name)
		e.Columns = append(e.Columns, l.column(f))
	}
	return e
}

// column is f's column name, or the one looked for when the table has none.
func (l *Layout) column(f logpush.Field) string {
	if l.src[f].ok {
		return l.src[f].name
	}
	return f.String()
}

// col is f's column as an identifier (its name was checked by Ident or
// came from the server, so it is quoted with Ident's rules or escaped).
func (l *Layout) col(f logpush.Field) string {
	name := l.column(f)
	if s, err := Ident(name); err == nil {
		return s
	}
	return quoteIdent(name)
}

// quoteIdent back-quotes any name a server reported, escaping as String
// does.
func quoteIdent(name string) string {
	s := String(name)
	s = strings.ReplaceAll(s[1:len(s)-1], "`", "\\`")
	return "`" + s + "`"
}

// text is f's value as String, or Nullable(String) when the column is
// Nullable: NULL exactly when the field is missing.
func (l *Layout) text(f logpush.Field) string {
	s := l.src[f]
	c := l.col(f)
	if s.typ.lowCard || s.typ.base != "String" {
		if s.typ.nullable {
			return "CAST(" + c + " AS Nullable(String))"
		}
		return "CAST(" + c + " AS String)"
	}
	return c
}

// rawText is f's text as String, "" when missing.
func (l *Layout) rawText(f logpush.Field) string {
	if l.src[f].typ.nullable {
		return "ifNull(" + l.text(f) + ", '')"
	}
	return l.text(f)
}

// keyText is f's text as String for a top-list key, in rows where the
// field is present (see present): the value under a NULL is unspecified
// (whatever the column holds there), which is cheaper than ifNull's copy.
func (l *Layout) keyText(f logpush.Field) string {
	if l.src[f].typ.nullable {
		return "assumeNotNull(" + l.text(f) + ")"
	}
	return l.text(f)
}

// present is whether f has a value (always, for a column that is not
// Nullable).
func (l *Layout) present(f logpush.Field) string {
	if l.src[f].typ.nullable {
		return "isNotNull(" + l.col(f) + ")"
	}
	return "1"
}

// int is f's value as Int64 (Nullable when the column is).
func (l *Layout) int(f logpush.Field) string {
	if l.src[f].typ.base == "Int64" && !l.src[f].typ.lowCard {
		return l.col(f)
	}
	return "toInt64(" + l.col(f) + ")"
}

// ip is ClientIP's address text without a zone, NULL when missing or not
// an address (see ipText).
func (l *Layout) ip() string { return ipText(l.text(logpush.FieldClientIP)) }

// Aliases of the WITH clause of the report query. The names start with
// two underscores, which no Logpush field does.
const (
	aliasIP      = "__wflint_ip"      // ClientIP: address text without zone, or NULL
	aliasTime    = "__wflint_time"    // EdgeStartTimestamp: Unix nanoseconds, or NULL when missing
	aliasSeconds = "__wflint_seconds" // EdgeStartTimestamp: Unix seconds, or NULL when missing
	aliasTimeOK  = "__wflint_time_ok" // the row's timestamp is missing or readable and from 2010 on
	aliasScore   = "__wflint_score"   // BotScore as Int64
	aliasScored  = "__wflint_scored"  // BotScore is in 1..99
)

// nanos is EdgeStartTimestamp in Unix nanoseconds (the local build keeps
// them: the report's window is written with its fraction), NULL when
// missing (and when present but unreadable; ReportQuery leaves those rows
// out, see timeOK).
func (l *Layout) nanos() string {
	ns, present := l.timestamp()
	return "if(" + present + ", " + ns + ", NULL)"
}

// seconds is nanos in whole seconds, http.request.timestamp.sec.
func (l *Layout) seconds() string { return "intDiv(" + l.nanos() + ", 1000000000)" }

// timeOK is whether the row's timestamp is missing, or readable and not
// before 2010: the local reader makes any other a malformed line.
func (l *Layout) timeOK() string {
	ns, present := l.timestamp()
	return "(NOT " + present + " OR ifNull(" + ns + " >= " + fmt.Sprint(minTimestamp) + "000000000, 0))"
}

// minTimestamp is logpush.MinTimestamp in Unix seconds.
const minTimestamp = 1262304000

// unixNanos is the Unix time x (an Int64) in nanoseconds, its unit told
// by its magnitude as logpush's numberTime does: below 1e11 seconds, below
// 1e14 milliseconds, below 1e17 microseconds, else nanoseconds.
func unixNanos(x string) string {
	return "multiIf(abs(" + x + ") < 100000000000, " + x + " * 1000000000, abs(" + x + ") < 100000000000000, " + x + " * 1000000, abs(" +
		x + ") < 100000000000000000, " + x + " * 1000, " + x + ")"
}

// rfc3339RE is RFC 3339 as Logpush writes it (a fraction is optional, the
// offset Z or ±hh:mm); the date is checked separately (see timestamp).
const rfc3339RE = `^[0-9]{4}-(0[1-9]|1[0-2])-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`

// timestamp returns EdgeStartTimestamp as the SQL of its Unix nanoseconds
// (NULL when the value cannot be read) and of whether the field is present
// at all. A non-Nullable column has no missing value: 0 (and "") stand for
// one, as ClickHouse writes them for a missing key. Nanoseconds reach the
// year 2262; a later timestamp is not read as the local build reads it.
func (l *Layout) timestamp() (ns, present string) {
	f := logpush.FieldEdgeStartTimestamp
	s := l.src[f]
	c := l.col(f)
	switch {
	case s.typ.base == "DateTime64":
		ns = "toUnixTimestamp64Nano(" + c + ")"
		if s.typ.nullable {
			return ns, "isNotNull(" + c + ")"
		}
		return ns, "(" + ns + " != 0)"
	case s.typ.isTime():
		ns = "toInt64(" + c + ") * 1000000000"
		if s.typ.nullable {
			return ns, "isNotNull(" + c + ")"
		}
		return ns, "(toInt64(" + c + ") != 0)"
	case s.typ.isInt():
		x := l.int(f)
		switch l.tsFormat {
		case TimestampUnix:
			ns = x + " * 1000000000"
		case TimestampUnixNano:
			ns = x
		default:
			ns = unixNanos(x)
		}
		if s.typ.nullable {
			return ns, "isNotNull(" + c + ")"
		}
		return ns, "(" + x + " != 0)"
	}
	t := l.rawText(f)
	n := "toInt64OrNull(" + t + ")"
	isInt := "match(" + t + ", '^-?(0|[1-9][0-9]*)$')"
	// 18.16 turns 30 February into 1 March: the date must print back as
	// written. parseDateTimeBestEffort drops the fraction, which is added
	// back (up to nanoseconds, as Go's time.Parse reads it).
	date := "substring(" + t + ", 1, 10)"
	rfc := "(match(" + t + ", " + String(rfc3339RE) + ") AND ifNull(toString(toDateOrNull(" + date + ")) = " + date + ", 0))"
	frac := "toInt64(substring(concat(extract(" + t + ", " + String(`\.([0-9]+)`) + "), '000000000'), 1, 9))"
	parsed := "(toInt64(parseDateTimeBestEffortOrNull(" + t + ")) * 1000000000 + " + frac + ")"
	switch l.tsFormat {
	case TimestampRFC3339:
		ns = "if(" + rfc + ", " + parsed + ", NULL)"
	case TimestampUnix:
		ns = "if(" + isInt + ", " + n + " * 1000000000, NULL)"
	case TimestampUnixNano:
		ns = "if(" + isInt + ", " + n + ", NULL)"
	default:
		ns = "multiIf(" + isInt + ", " + unixNanos(n) + ", " + rfc + ", " + parsed + ", NULL)"
	}
	return ns, "(" + t + " != '')"
}
