package chsql

import (
	"fmt"
	"slices"
	"strings"
)

// TableRef is a parsed --table: a table (Name, with Database when the
// reference was database.name), or a call of an allowed table function
// (Func and Args, every argument a literal). Nothing the user wrote reaches
// SQL as text: String prints the value back, names back-quoted and strings
// escaped (see String).
type TableRef struct {
	Database, Name string
	Func           string
	Args           []TableArg
}

// ArgKind says what a table function argument is.
type ArgKind uint8

// The argument kinds.
const (
	ArgString  ArgKind = iota // a string literal: Str
	ArgName                   // a name or database.name: Parts
	ArgKeyword                // a bare keyword the function documents (NOSIGN): Str
)

// TableArg is one argument of a table function.
type TableArg struct {
	Kind  ArgKind
	Str   string   // ArgString, ArgKeyword
	Parts []string // ArgName: one part, or database and name
}

// TableFunctions are the table functions --table may call, the ones that
// read files, object stores and other servers, with the arguments each
// takes (see argsOK). Others (numbers, view, input, …) cannot hold Logpush
// records or could run a query of their own.
var TableFunctions = []string{
	"azureBlobStorage", "cluster", "clusterAllReplicas", "file", "gcs", "hdfs", "merge",
	"remote", "remoteSecure", "s3", "s3Cluster", "url",
}

// maxTableRef bounds the input: a table reference is a line, not a file.
const maxTableRef = 64 << 10

// TableError is a --table that does not parse, at byte Offset.
type TableError struct {
	Offset int
	Msg    string
}

func (e *TableError) Error() string {
	return fmt.Sprintf("table: col %d: %s", e.Offset+1, e.Msg)
}

// IsFunc reports whether t calls a table function.
func (t *TableRef) IsFunc() bool { return t.Func != "" }

// Distributed reports whether t reads other servers' tables (remote,
// cluster …), whose shards aggregate before the initiator merges.
func (t *TableRef) Distributed() bool {
	switch t.Func {
	case "remote", "remoteSecure", "cluster", "clusterAllReplicas":
		return true
	}
	return false
}

// String is the FROM clause: `db`.`name`, or the function call with every
// argument printed back by wflint.
func (t *TableRef) String() string {
	if !t.IsFunc() {
		if t.Database != "" {
			return quoteName(t.Database) + "." + quoteName(t.Name)
		}
		return quoteName(t.Name)
	}
	var b strings.Builder
	b.WriteString(t.Func)
	b.WriteByte('(')
	for i, a := range t.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		switch a.Kind {
		case ArgString:
			b.WriteString(String(a.Str))
		case ArgKeyword:
			b.WriteString(a.Str)
		case ArgName:
			for j, p := range a.Parts {
				if j > 0 {
					b.WriteByte('.')
				}
				b.WriteString(quoteName(p))
			}
		}
	}
	b.WriteByte(')')
	return b.String()
}

// Secrets are the arguments that hold credentials (a remote password, an
// object store's secret key), for scrubbing them from messages.
func (t *TableRef) Secrets() []string {
	var out []string
	str := func(i int) {
		if i < len(t.Args) && t.Args[i].Kind == ArgString && t.Args[i].Str != "" {
			out = append(out, t.Args[i].Str)
		}
	}
	switch t.Func {
	case "remote", "remoteSecure":
		// (addr, db.table, user, password) or (addr, db, table, user, password)
		if len(t.Args) > 1 && t.Args[1].Kind == ArgName && len(t.Args[1].Parts) == 2 {
			str(3)
		} else {
			str(4)
		}
	case "s3", "gcs", "s3Cluster":
		first := 1
		if t.Func == "s3Cluster" {
			first = 2
		}
		// (url, key_id, secret[, session_token], format …) unless the
		// argument after the URL is a format or NOSIGN.
		if first < len(t.Args) && t.Args[first].Kind == ArgString && !isFormat(t.Args[first].Str) {
			str(first + 1)
			if first+2 < len(t.Args) && t.Args[first+2].Kind == ArgString && !isFormat(t.Args[first+2].Str) {
				str(first + 2)
			}
		}
	case "azureBlobStorage":
		// (url, container, path, account_name, account_key, …), and the
		// connection string, which may hold the key, first.
		str(0)
		str(4)
	}
	return out
}

// formats are the input formats a Logpush reader is likely to name, which
// tell an s3 format argument from an access key.
var formats = []string{
	"Arrow", "Avro", "CSV", "CSVWithNames", "CSVWithNamesAndTypes", "CustomSeparated", "JSON", "JSONAsObject",
	"JSONAsString", "JSONCompactEachRow", "JSONEachRow", "JSONLines", "LineAsString", "NDJSON", "Native",
	"ORC", "Parquet", "RawBLOB", "RowBinary", "TSV", "TSVRaw", "TSVWithNames", "TabSeparated",
	"TabSeparatedWithNames", "auto",
}

func isFormat(s string) bool { return slices.Contains(formats, s) }

// quoteName back-quotes a name; ParseTable admits only printable ASCII
// other than the back quote and the backslash in names, so nothing needs
// escaping.
func quoteName(s string) string { return "`" + s + "`" }

// ParseTable parses a --table value: name, database.name (either part may
// be back-quoted or double-quoted), or one of TableFunctions called with
// literal arguments: single-quoted strings, and names where the function
// takes them (the database and table of remote and cluster, the cluster's
// name, merge's database) or NOSIGN for s3. Comments, semicolons, nested
// calls, expressions and anything after the reference are refused with
// the offset of the first problem; the messages never quote a string
// argument (it may be a password).
func ParseTable(s string) (*TableRef, error) {
	if len(s) > maxTableRef {
		return nil, &TableError{Offset: 0, Msg: fmt.Sprintf("longer than %d bytes", maxTableRef)}
	}
	p := &tableParser{src: s}
	t, err := p.ref()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(s) {
		return nil, p.unexpected("after the table reference")
	}
	return t, nil
}

type tableParser struct {
	src string
	i   int
}

func (p *tableParser) errAt(off int, format string, args ...any) *TableError {
	return &TableError{Offset: off, Msg: fmt.Sprintf(format, args...)}
}

func (p *tableParser) space() {
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// unexpected describes what is at p.i without quoting more than one byte
// of it.
func (p *tableParser) unexpected(where string) *TableError {
	if p.i >= len(p.src) {
		return p.errAt(p.i, "unexpected end %s", where)
	}
	rest := p.src[p.i:]
	switch {
	case strings.HasPrefix(rest, "--"), strings.HasPrefix(rest, "/*"), rest[0] == '#':
		return p.errAt(p.i, "comments are not allowed in a table reference")
	case rest[0] == ';':
		return p.errAt(p.i, "a table reference cannot end the statement (;)")
	case rest[0] == '(':
		return p.errAt(p.i, "unexpected ( %s: only a table function's own argument list is allowed", where)
	case rest[0] == '\'':
		return p.errAt(p.i, "unexpected string %s", where)
	case rest[0] >= 0x21 && rest[0] < 0x7f:
		return p.errAt(p.i, "unexpected %q %s", rest[0], where)
	}
	return p.errAt(p.i, "unexpected byte 0x%02X %s", rest[0], where)
}

// name reads a bare, back-quoted or double-quoted name.
func (p *tableParser) name(what string) (string, error) {
	start := p.i
	if p.i >= len(p.src) {
		return "", p.errAt(p.i, "expected %s", what)
	}
	switch c := p.src[p.i]; {
	case c == '`' || c == '"':
		v, err := p.quoted(c)
		if err != nil {
			return "", err
		}
		if v == "" {
			return "", p.errAt(start, "an empty name where %s was expected", what)
		}
		for j := 0; j < len(v); j++ {
			if b := v[j]; b < 0x20 || b >= 0x7f || b == '`' || b == '\\' {
				return "", p.errAt(start, "%s: use printable ASCII without back quotes or backslashes", what)
			}
		}
		return v, nil
	case isIdentStart(c):
		for p.i < len(p.src) && isIdentByte(p.src[p.i]) {
			p.i++
		}
		return p.src[start:p.i], nil
	}
	return "", p.unexpected("where " + what + " was expected")
}

// shortName keeps a name the user wrote short enough for a message.
func shortName(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func isIdentStart(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isIdentByte(c byte) bool  { return isIdentStart(c) || '0' <= c && c <= '9' }

// quoted reads a literal delimited by q (', ` or ") with ClickHouse's
// escapes: \b \f \r \n \t \0 \a \v \xHH, a backslash before any other byte
// stands for that byte, and a doubled delimiter for one.
func (p *tableParser) quoted(q byte) (string, error) {
	start := p.i
	p.i++ // the opening delimiter
	var b strings.Builder
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == q:
			if p.i+1 < len(p.src) && p.src[p.i+1] == q {
				b.WriteByte(q)
				p.i += 2
				continue
			}
			p.i++
			return b.String(), nil
		case c == '\\':
			if p.i+1 >= len(p.src) {
				return "", p.errAt(p.i, "unfinished escape")
			}
			e := p.src[p.i+1]
			p.i += 2
			switch e {
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'r':
				b.WriteByte('\r')
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case '0':
				b.WriteByte(0)
			case 'a':
				b.WriteByte('\a')
			case 'v':
				b.WriteByte('\v')
			case 'x', 'X':
				if p.i+2 > len(p.src) || unhex(p.src[p.i]) < 0 || unhex(p.src[p.i+1]) < 0 {
					return "", p.errAt(p.i-2, `\x needs two hexadecimal digits`)
				}
				b.WriteByte(byte(unhex(p.src[p.i])<<4 | unhex(p.src[p.i+1])))
				p.i += 2
			default:
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	what := "string"
	if q != '\'' {
		what = "quoted name"
	}
	return "", p.errAt(start, "unterminated %s", what)
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func (p *tableParser) ref() (*TableRef, error) {
	p.space()
	start := p.i
	first, err := p.name("a table name or a table function")
	if err != nil {
		return nil, err
	}
	bare := start < len(p.src) && isIdentStart(p.src[start])
	p.space()
	switch {
	case p.i < len(p.src) && p.src[p.i] == '(' && bare:
		if !slices.Contains(TableFunctions, first) {
			return nil, p.errAt(start, "table function %s is not one wflint reads logs through: use a table, database.table, or one of %s",
				shortName(first), strings.Join(TableFunctions, ", "))
		}
		return p.call(first, start)
	case p.i < len(p.src) && p.src[p.i] == '.':
		p.i++
		p.space()
		second, err := p.name("a table name after the database")
		if err != nil {
			return nil, err
		}
		return &TableRef{Database: first, Name: second}, nil
	}
	return &TableRef{Name: first}, nil
}

// maxArgs bounds a call; the longest documented signature has 8.
const maxArgs = 10

func (p *tableParser) call(fn string, start int) (*TableRef, error) {
	p.i++ // (
	t := &TableRef{Func: fn}
	var offs []int
	p.space()
	if p.i < len(p.src) && p.src[p.i] == ')' {
		p.i++
	} else {
		for {
			p.space()
			if len(t.Args) == maxArgs {
				return nil, p.errAt(p.i, "%s takes at most %d arguments", fn, maxArgs)
			}
			offs = append(offs, p.i)
			a, err := p.arg()
			if err != nil {
				return nil, err
			}
			t.Args = append(t.Args, a)
			p.space()
			if p.i < len(p.src) && p.src[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.src) && p.src[p.i] == ')' {
				p.i++
				break
			}
			return nil, p.unexpected("in the arguments of " + fn + " (expected , or ))")
		}
	}
	if i, msg := argsOK(t); msg != "" {
		off := start
		if i >= 0 && i < len(offs) {
			off = offs[i]
		}
		return nil, p.errAt(off, "%s", msg)
	}
	return t, nil
}

// arg reads one argument: a string literal, or a name (database.name
// allowed), or NOSIGN; argsOK decides whether it may stand there.
func (p *tableParser) arg() (TableArg, error) {
	if p.i >= len(p.src) {
		return TableArg{}, p.unexpected("where an argument was expected")
	}
	switch c := p.src[p.i]; {
	case c == '\'':
		s, err := p.quoted('\'')
		return TableArg{Kind: ArgString, Str: s}, err
	case c == '`' || c == '"' || isIdentStart(c):
		first, err := p.name("a name")
		if err != nil {
			return TableArg{}, err
		}
		bare := isIdentStart(c)
		save := p.i
		p.space()
		if p.i < len(p.src) && p.src[p.i] == '(' {
			return TableArg{}, p.errAt(p.i, "nested calls are not allowed: arguments are literals and names")
		}
		if p.i < len(p.src) && p.src[p.i] == '.' {
			p.i++
			p.space()
			second, err := p.name("a table name after the database")
			if err != nil {
				return TableArg{}, err
			}
			return TableArg{Kind: ArgName, Parts: []string{first, second}}, nil
		}
		p.i = save
		if bare && first == "NOSIGN" {
			return TableArg{Kind: ArgKeyword, Str: first}, nil
		}
		return TableArg{Kind: ArgName, Parts: []string{first}}, nil
	}
	return TableArg{}, p.unexpected("where an argument was expected (a string in single quotes, or a name)")
}

// argsOK checks a call against its function's documented signature; it
// returns the index of the offending argument (-1: the call) and why.
func argsOK(t *TableRef) (int, string) {
	n := len(t.Args)
	kind := func(i int) ArgKind { return t.Args[i].Kind }
	strs := func(from int) (int, string) {
		for i := from; i < n; i++ {
			if kind(i) != ArgString {
				return i, fmt.Sprintf("argument %d of %s must be a string in single quotes", i+1, t.Func)
			}
		}
		return -1, ""
	}
	count := func(lo, hi int, sig string) (int, string) {
		if n < lo || n > hi {
			return -1, fmt.Sprintf("%s takes %s", t.Func, sig)
		}
		return -1, ""
	}
	// nameOrString: a one-part name or a string, as ClickHouse takes a
	// database, a table or a cluster name.
	nameOrString := func(i int) bool {
		return kind(i) == ArgString || kind(i) == ArgName && len(t.Args[i].Parts) == 1
	}
	var i int
	var msg string
	switch t.Func {
	case "file", "hdfs":
		if i, msg = count(1, 4, "('path'[, 'format'[, 'structure'[, 'compression']]])"); msg == "" {
			i, msg = strs(0)
		}
	case "url":
		if i, msg = count(1, 3, "('url'[, 'format'[, 'structure']])"); msg == "" {
			i, msg = strs(0)
		}
	case "s3", "gcs", "s3Cluster":
		first := 0
		if t.Func == "s3Cluster" {
			if n < 1 || !nameOrString(0) {
				return 0, "s3Cluster takes the cluster's name first"
			}
			first = 1
		}
		if i, msg = count(first+1, first+7, "('url'[, NOSIGN | 'key_id', 'secret'[, 'session_token']][, 'format'[, 'structure'[, 'compression']]])"); msg != "" {
			return i, msg
		}
		for j := first; j < n; j++ {
			if kind(j) == ArgKeyword && j == first+1 {
				continue
			}
			if kind(j) != ArgString {
				return j, fmt.Sprintf("argument %d of %s must be a string in single quotes (or NOSIGN after the URL)", j+1, t.Func)
			}
		}
	case "azureBlobStorage":
		if i, msg = count(3, 8, "('connection_string_or_url', 'container', 'path'[, 'account', 'key'[, 'format'[, 'compression'[, 'structure']]]])"); msg == "" {
			i, msg = strs(0)
		}
	case "merge":
		if i, msg = count(2, 2, "(database, 'table_regexp')"); msg == "" {
			if !nameOrString(0) {
				return 0, "merge takes a database name first"
			}
			i, msg = strs(1)
		}
	case "remote", "remoteSecure", "cluster", "clusterAllReplicas":
		return remoteArgsOK(t)
	default:
		return -1, "table function " + t.Func + " is not allowed"
	}
	return i, msg
}

// remoteArgsOK checks remote('addresses', db.table | db, table[, 'user'[,
// 'password']]) and cluster(name, db.table | db, table). A sharding key
// (an expression) is refused: it only matters for INSERT.
func remoteArgsOK(t *TableRef) (int, string) {
	n := len(t.Args)
	cluster := t.Func == "cluster" || t.Func == "clusterAllReplicas"
	sig := "('addresses', db.table | db, table[, 'user'[, 'password']])"
	if cluster {
		sig = "(cluster_name, db.table | db, table)"
	}
	if n < 2 {
		return -1, t.Func + " takes " + sig
	}
	a0 := t.Args[0]
	switch {
	case cluster && !(a0.Kind == ArgString || a0.Kind == ArgName && len(a0.Parts) == 1):
		return 0, t.Func + " takes the cluster's name first"
	case !cluster && a0.Kind != ArgString:
		return 0, t.Func + " takes the addresses as a string first"
	}
	next := 2
	if a1 := t.Args[1]; a1.Kind == ArgName && len(a1.Parts) == 2 {
		// db.table
	} else {
		if n < 3 {
			return -1, t.Func + " takes " + sig
		}
		for j := 1; j <= 2; j++ {
			a := t.Args[j]
			if !(a.Kind == ArgString || a.Kind == ArgName && len(a.Parts) == 1) {
				return j, fmt.Sprintf("argument %d of %s must be a name or a string", j+1, t.Func)
			}
		}
		next = 3
	}
	extra := n - next
	if cluster && extra > 0 {
		return next, "a sharding key is not needed to read: " + t.Func + " takes " + sig
	}
	if extra > 2 {
		return next + 2, "a sharding key is not needed to read: " + t.Func + " takes " + sig
	}
	for j := next; j < n; j++ {
		if t.Args[j].Kind != ArgString {
			return j, fmt.Sprintf("argument %d of %s (user or password) must be a string in single quotes", j+1, t.Func)
		}
	}
	return -1, ""
}
