package chsql

import (
	"fmt"
	"regexp"
	"strings"
)

// String returns s as a ClickHouse string literal. Every byte that is not a
// printable ASCII character is written as \xHH, and the quote and the
// backslash are escaped, so the literal is the same bytes whatever they are
// (quotes, NUL, newlines, invalid UTF-8) and can never end early. ClickHouse
// 18.16 and current versions read these escapes the same way.
func String(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02X`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Ident returns name as a back-quoted ClickHouse identifier. Only names of
// ASCII letters, digits and underscores (not starting with a digit) are
// accepted: that covers every Logpush field name and keeps column names
// from ever being SQL.
func Ident(name string) (string, error) {
	if !identRE.MatchString(name) {
		return "", fmt.Errorf("column name %q: use ASCII letters, digits and underscores, not starting with a digit", name)
	}
	return "`" + name + "`", nil
}

// Int returns v as a ClickHouse Int64 expression. The most negative value
// is written as a conversion because its magnitude is not an Int64.
func Int(v int64) string {
	if v == -1<<63 {
		return "toInt64('-9223372036854775808')"
	}
	return fmt.Sprintf("toInt64(%d)", v)
}
