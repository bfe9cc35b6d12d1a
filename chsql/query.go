package chsql

import (
	"fmt"
	"strings"

	"github.com/wflint/wflint/logpush"
)

// Group names in the result of the report query (column a). The score and
// score-source groups carry their key in the name (ScorePrefix + "42",
// SourcePrefix + raw BotScoreSrc) so that LIMIT BY never cuts them; the top
// lists are TopPrefix + the Logpush field, with the value in column k.
const (
	GroupMatched  = "matched"  // every matched row
	GroupUnscored = "unscored" // matched rows without BotScore
	GroupInvalid  = "invalid"  // matched rows with a BotScore outside 1..99
	GroupSeen     = "seen"     // scored rows with a timestamp; t0, t1 are min and max
	ScorePrefix   = "score:"
	SourcePrefix  = "src:"
	TopPrefix     = "top:"
)

// TopFields are the Logpush fields of the eight top lists, in the order of
// feedback.AttributeKeys' usual display; the key of each is written as the
// local build writes it (see ipKey for addresses).
var TopFields = []logpush.Field{
	logpush.FieldClientIP, logpush.FieldClientASN, logpush.FieldClientCountry, logpush.FieldClientRequestHost,
	logpush.FieldClientRequestPath, logpush.FieldClientRequestUserAgent, logpush.FieldJA3Hash, logpush.FieldJA4,
}

// Table returns the FROM clause for table (see ParseTable): the reference
// parsed and printed back, never pasted.
func Table(table string) (string, error) {
	t, err := ParseTable(table)
	if err != nil {
		return "", err
	}
	return t.String(), nil
}

// ReportQuery returns the one query that computes a report's numbers over
// the rows of table that pred selects, in a single scan: each matched row
// is spread (arrayJoin) into the groups it counts in, the groups are
// counted, and each top list is cut to topN rows (topN ≤ 0: all) in the
// local build's order, count descending, then value ascending by bytes.
//
// The result has columns a (group), k (value), n (count), t0, t1 (the
// smallest and largest timestamp, Unix seconds, for GroupSeen). The counting
// rules are reportbuild.Aggregator's: only rows with a BotScore in 1..99
// are scored; the top lists and the time window count scored rows only;
// an attribute counts when present and not "" (ASN: not 0).
//
// The SQL uses nothing newer than ClickHouse 18.16: no CTEs, no query
// parameters, no IPv4StringToNum on anything but IPv4 text.
func ReportQuery(pred *Predicate, table string, topN int, opts Options) (string, error) {
	from, err := Table(table)
	if err != nil {
		return "", err
	}
	col := func(f logpush.Field) string {
		s, cerr := Ident(opts.Column(f))
		if cerr != nil && err == nil {
			err = cerr
		}
		return s
	}
	score := "toInt64(" + col(logpush.FieldBotScore) + ")"
	scored := "ifNull(" + score + " >= 1 AND " + score + " <= 99, 0)"
	ts := "toInt64(" + col(logpush.FieldEdgeStartTimestamp) + ")"
	entry := func(cond, group, key, t string) string {
		return "tuple(if(" + cond + ", " + group + ", ''), " + key + ", " + t + ")"
	}
	zero := "toInt64(0)"
	entries := []string{
		entry("1", "'"+GroupMatched+"'", "''", zero),
		entry("isNull("+score+")", "'"+GroupUnscored+"'", "''", zero),
		entry("isNotNull("+score+") AND NOT "+scored, "'"+GroupInvalid+"'", "''", zero),
		entry(scored, "concat('"+ScorePrefix+"', toString(ifNull("+score+", 0)))", "''", zero),
		entry(scored, "concat('"+SourcePrefix+"', ifNull("+col(logpush.FieldBotScoreSrc)+", ''))", "''", zero),
		entry(scored+" AND isNotNull("+ts+")", "'"+GroupSeen+"'", "''", "ifNull("+ts+", 0)"),
	}
	for _, f := range TopFields {
		c := col(f)
		var cond, key string
		switch f {
		case logpush.FieldClientIP:
			x := "ifNull(nullIf(" + c + ", ''), '0.0.0.0')"
			cond, key = "isNotNull(nullIf("+c+", ''))", ipKey(x)
		case logpush.FieldClientASN:
			v := "toInt64(" + c + ")"
			cond, key = "ifNull("+v+" != 0, 0)", "toString(ifNull("+v+", 0))"
		case logpush.FieldClientCountry:
			cond, key = "ifNull("+c+", '') != ''", "upper(ifNull("+c+", ''))"
		default:
			cond, key = "ifNull("+c+", '') != ''", "ifNull("+c+", '')"
		}
		entries = append(entries, entry(scored+" AND "+cond, "'"+TopPrefix+f.String()+"'", key, zero))
	}
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("SELECT a, k, n, t0, t1 FROM (\n")
	b.WriteString("  SELECT p.1 AS a, p.2 AS k, count() AS n, min(p.3) AS t0, max(p.3) AS t1 FROM (\n")
	b.WriteString("    SELECT arrayJoin(arrayFilter(p -> p.1 != '', [\n      ")
	b.WriteString(strings.Join(entries, ",\n      "))
	b.WriteString("\n    ])) AS p\n    FROM " + from + "\n    WHERE " + pred.SQL + "\n  )\n  GROUP BY a, k\n)\n")
	b.WriteString("ORDER BY a, n DESC, k")
	if topN > 0 {
		fmt.Fprintf(&b, "\nLIMIT %d BY a", topN)
	}
	return b.String(), nil
}

// IPString is the SQL that writes the address held as text in x (never
// NULL) the way the local build writes it; see ipKey.
func IPString(x string) string { return ipKey(x) }

// ipKey writes an address held as text (x, never NULL) the way Go's
// netip.Addr.String writes it, which is the local build's top-list key and
// sort order: IPv4 text as it is (Logpush writes the canonical form), IPv6
// as ClickHouse formats it, except for ::/96, which ClickHouse writes with
// an embedded IPv4 address (::1.2.3.4) and Go in hex (::102:304).
func ipKey(x string) string {
	b := "IPv6StringToNum(if(position(" + x + ", ':') > 0, " + x + ", '::'))"
	g := func(off int) string {
		return fmt.Sprintf("replaceRegexpOne(lower(hex(substring(%s, %d, 2))), '^0{1,3}', '')", b, off)
	}
	zero2 := "unhex('0000')"
	compat := "multiIf(substring(" + b + ", 13, 4) = unhex('00000000'), '::', " +
		"substring(" + b + ", 13, 2) = " + zero2 + ", concat('::', " + g(15) + "), " +
		"concat('::', " + g(13) + ", ':', " + g(15) + "))"
	return "if(position(" + x + ", ':') = 0, " + x + ", if(substring(" + b + ", 1, 12) = unhex('000000000000000000000000'), " +
		compat + ", IPv6NumToString(" + b + ")))"
}

// CreateTable is a table for Logpush http_requests records with the column
// names and types the compiler and ReportQuery assume (every field
// Nullable, so an absent field is NULL, a missing value). EdgeStartTimestamp
// holds Unix seconds (Logpush's timestamp_format "unix"); a DateTime column
// works too. Load Logpush NDJSON into it with FORMAT JSONEachRow and
// input_format_skip_unknown_fields=1. %s is the table name.
const CreateTable = "CREATE TABLE %s (" + Structure + ") ENGINE = MergeTree() ORDER BY tuple()"

// CreateTableFor is the CreateTable statement for table, a name or
// database.name (quoted as Table quotes it); a table function cannot be
// created, so it is an error, as is anything Table refuses.
func CreateTableFor(table string) (string, error) {
	t, err := ParseTable(table)
	if err != nil {
		return "", err
	}
	if t.IsFunc() {
		return "", fmt.Errorf("table %s: CREATE TABLE needs a table name or database.table, not a table function", t.Func)
	}
	return fmt.Sprintf(CreateTable, t.String()), nil
}

// Structure is the column list of CreateTable, also the structure argument
// of a table function that reads Logpush files where they lie:
// s3('https://bucket.s3.amazonaws.com/logs/*.log.gz', 'JSONEachRow', '<Structure>').
const Structure = "EdgeStartTimestamp Nullable(Int64), RayID Nullable(String), ClientIP Nullable(String), ClientASN Nullable(Int64), ClientCountry Nullable(String), ClientRequestHost Nullable(String), ClientRequestMethod Nullable(String), ClientRequestPath Nullable(String), ClientRequestURI Nullable(String), ClientRequestQuery Nullable(String), ClientRequestProtocol Nullable(String), ClientRequestScheme Nullable(String), ClientRequestUserAgent Nullable(String), ClientRequestReferer Nullable(String), ClientSSLProtocol Nullable(String), ClientSSLCipher Nullable(String), EdgeResponseStatus Nullable(Int64), BotScore Nullable(Int64), BotScoreSrc Nullable(String), BotDetectionIDs Array(Int64), VerifiedBotCategory Nullable(String), JA3Hash Nullable(String), JA4 Nullable(String), WAFAttackScore Nullable(Int64)"
