package chsql

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wflint/wflint/internal/logpush"
)

// Groups in the result of the report query (column g): GroupStats holds
// the counts by score and score source, with the time window; group i+1
// is the top list of TopFields[i]. Rows of matched records that are not
// scored carry GroupUnscoredTop in the top-list slots; the query drops them.
const (
	GroupStats       = 0
	GroupUnscoredTop = 255
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
// the rows of table that pred selects, in a single scan, cutting each top
// list to topN rows (topN ≤ 0: all) in the local build's order: count
// descending, then the value's bytes ascending.
//
// Each matched row is spread (ARRAY JOIN) into nine (group, key) pairs:
// its score and score source (group GroupStats), and its raw value for
// each of the eight top lists, which count scored rows only. The pairs are
// counted with one GROUP BY directly over the table, so a Distributed
// table (or cluster(…), remote(…)) aggregates on every shard, and the
// initiator only merges partial counts, one per distinct value and shard.
// The top-list keys are formatted (addresses as netip writes them,
// countries upper-cased) on those distinct values, which are then counted
// again by formatted key, sorted and cut. Every list is exact: each shard
// returns complete counts and nothing is cut before the merge.
//
// The result has columns g (GroupStats, or a top list 1…8), k (for
// GroupStats the score, "" when missing, a space, and the raw score
// source; else the value, "" for the rows whose value is missing, which
// are not part of the list: each list has up to topN+1 rows so that its
// "" row never pushes a value out), n (rows), s (rows with a timestamp), t0, t1
// (their smallest and largest Unix nanoseconds). The counting rules are
// reportbuild.Aggregator's. Rows whose EdgeStartTimestamp is present but
// unreadable or before 2010 are left out, as the local reader skips them
// as malformed lines.
//
// The SQL uses nothing newer than ClickHouse 18.16 (no CTEs, no query
// parameters, no grouping sets), and no function that throws on a value
// it cannot read is given one.
func ReportQuery(pred *Predicate, table *TableRef, topN int, opts Options) (string, error) {
	l, err := opts.layout()
	if err != nil {
		return "", err
	}
	var need []logpush.Field
	for _, name := range pred.Fields {
		f, _ := logpush.LookupField(name)
		need = append(need, f)
	}
	if err := l.Missing(append(need, ReportFields...)); err != nil {
		return "", err
	}
	with := append([]string(nil), pred.With...)
	def := func(name, expr string) string {
		d := expr + " AS " + name
		if !slices.Contains(with, d) {
			with = append(with, d)
		}
		return name
	}
	score := def(aliasScore, l.int(logpush.FieldBotScore))
	scored := def(aliasScored, "ifNull("+score+" >= 1 AND "+score+" <= 99, 0)")
	ts := def(aliasTime, l.nanos())
	timeOK := def(aliasTimeOK, l.timeOK())
	keys := []string{"concat(ifNull(toString(" + score + "), ''), ' ', " + l.rawText(logpush.FieldBotScoreSrc) + ")"}
	tags := []string{"0"}
	for i, f := range TopFields {
		k := l.keyText(f)
		if f == logpush.FieldClientASN {
			k = "toString(assumeNotNull(" + l.int(f) + "))"
		}
		keys = append(keys, k)
		// A missing value is not listed: its row goes with the unscored
		// ones, whatever its key holds.
		cond := scored
		if p := l.present(f); p != "1" {
			cond = scored + " AND " + p
		}
		tags = append(tags, fmt.Sprintf("if(%s, %d, %d)", cond, i+1, GroupUnscoredTop))
	}
	// The keys are formatted on the distinct values the GROUP BY left:
	// addresses as netip writes them ("" when not an address), countries
	// upper-cased, ASN 0 dropped as the local build drops it. Each step
	// is a query level of its own, so that no expression is written out
	// twice (a current ClickHouse takes long to plan repeated ones). The
	// formatted keys are picked from an array, not by multiIf: a current
	// ClickHouse evaluates the branches of multiIf and if lazily, and a
	// lazy branch recomputes what it shares with the others (the address
	// check, once per use), which made the formatting cost as much as the
	// scan; an array's elements are computed once, for every row.
	ipList := slices.Index(TopFields, logpush.FieldClientIP) + 1
	forms := []string{"k0"}
	var pick strings.Builder
	pick.WriteString("multiIf(")
	for i, f := range TopFields {
		var form string
		switch f {
		case logpush.FieldClientIP:
			form = "if(isNull(addr), '', if(position(assumeNotNull(addr), ':') = 0, assumeNotNull(addr), " + ipv6Key("bin") + "))"
		case logpush.FieldClientCountry:
			form = "upper(k0)"
		case logpush.FieldClientASN:
			form = "if(k0 = '0', '', k0)"
		default:
			continue
		}
		forms = append(forms, form)
		fmt.Fprintf(&pick, "g = %d, %d, ", i+1, len(forms))
	}
	pick.WriteString("1)")
	format := "[" + strings.Join(forms, ", ") + "][" + pick.String() + "]"

	var b strings.Builder
	b.WriteString("SELECT g, k, n, s, t0, t1 FROM (\n")
	b.WriteString("  SELECT g, k, sum(n) AS n, sum(s) AS s, ifNull(min(t0), 0) AS t0, ifNull(max(t1), 0) AS t1 FROM (\n")
	b.WriteString("   WITH IPv6StringToNum(if(ifNull(position(addr, ':') > 0, 0), assumeNotNull(addr), '::')) AS bin\n")
	b.WriteString("   SELECT g, " + format + " AS k, n, s, t0, t1 FROM (\n")
	fmt.Fprintf(&b, "     SELECT g, k0, n, s, t0, t1, %s AS addr FROM (\n", ipText(fmt.Sprintf("if(g = %d, k0, '')", ipList)))
	b.WriteString("      WITH\n        " + strings.Join(with, ",\n        ") + "\n")
	b.WriteString("      SELECT g, k0, count() AS n, count(" + ts + ") AS s, min(" + ts + ") AS t0, max(" + ts + ") AS t1\n")
	b.WriteString("      FROM " + table.String() + "\n")
	b.WriteString("      ARRAY JOIN\n        [" + strings.Join(keys, ",\n         ") + "] AS k0,\n        [" + strings.Join(tags, ", ") + "] AS g\n")
	b.WriteString("      WHERE " + timeOK + " AND " + pred.SQL + "\n")
	b.WriteString("      GROUP BY g, k0\n")
	fmt.Fprintf(&b, "     ) WHERE g != %d\n", GroupUnscoredTop)
	b.WriteString("   )\n  )\n")
	// No filter on the formatted key here: a current ClickHouse would
	// push it below the GROUP BY and format every row. A list keeps one
	// row more than it needs instead, for its "" key (values that are
	// missing or not an address), which the caller drops.
	b.WriteString("  GROUP BY g, k\n)\n")
	b.WriteString("ORDER BY g, n DESC, k")
	if topN > 0 {
		fmt.Fprintf(&b, "\nLIMIT %d BY g, if(g = %d, k, '')", topN+1, GroupStats)
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
	return "if(position(" + x + ", ':') = 0, " + x + ", " + ipv6Key("IPv6StringToNum(if(position("+x+", ':') > 0, "+x+", '::'))") + ")"
}

// ipv6Key writes the IPv6 address whose 16 bytes are b as Go's netip does.
func ipv6Key(b string) string {
	g := func(off int) string {
		return fmt.Sprintf("replaceRegexpOne(lower(hex(substring(%s, %d, 2))), '^0{1,3}', '')", b, off)
	}
	zero2 := "unhex('0000')"
	compat := "multiIf(substring(" + b + ", 13, 4) = unhex('00000000'), '::', " +
		"substring(" + b + ", 13, 2) = " + zero2 + ", concat('::', " + g(15) + "), " +
		"concat('::', " + g(13) + ", ':', " + g(15) + "))"
	return "if(substring(" + b + ", 1, 12) = unhex('000000000000000000000000'), " + compat + ", IPv6NumToString(" + b + "))"
}

// CreateTable is a table for Logpush http_requests records with the column
// names and the types of Structure (every field Nullable, so an absent
// field is NULL, a missing value). Load Logpush NDJSON into it as Logpush
// writes it, with FORMAT JSONEachRow and input_format_skip_unknown_fields=1.
// %s is the table name. report build reads any table's columns and adapts
// to their types (see Layout); this is the table `report sql` assumes.
const CreateTable = "CREATE TABLE %s (" + Structure + ") ENGINE = MergeTree() ORDER BY tuple()"

// CreateTableFor is the CreateTable statement for table, a name or
// database.name (quoted as ParseTable quotes it), with EdgeStartTimestamp
// typed for the timestamp format (see StructureFor); a table function
// cannot be created, so it is an error, as is anything ParseTable refuses.
func CreateTableFor(table, timestampFormat string) (string, error) {
	t, err := ParseTable(table)
	if err != nil {
		return "", err
	}
	if t.IsFunc() {
		return "", fmt.Errorf("table %s: CREATE TABLE needs a table name or database.table, not a table function", t.Func)
	}
	return "CREATE TABLE " + t.String() + " (" + StructureFor(timestampFormat) + ") ENGINE = MergeTree() ORDER BY tuple()", nil
}

// StructureFor is Structure with EdgeStartTimestamp as Logpush writes it
// in the timestamp format: text for rfc3339, an integer for unix and
// unixnano (Logpush's default).
func StructureFor(timestampFormat string) string {
	if timestampFormat == TimestampRFC3339 {
		return strings.Replace(Structure, "EdgeStartTimestamp Nullable(Int64)", "EdgeStartTimestamp Nullable(String)", 1)
	}
	return Structure
}

// Structure is the column list of CreateTable, also the structure argument
// of a table function that reads Logpush files where they lie:
// s3('https://bucket.s3.amazonaws.com/logs/*.log.gz', 'JSONEachRow', '<Structure>').
// EdgeStartTimestamp holds Unix seconds or nanoseconds (timestamp_format
// unix or unixnano, Logpush's default).
const Structure = "EdgeStartTimestamp Nullable(Int64), RayID Nullable(String), ClientIP Nullable(String), ClientASN Nullable(Int64), ClientCountry Nullable(String), ClientRequestHost Nullable(String), ClientRequestMethod Nullable(String), ClientRequestPath Nullable(String), ClientRequestURI Nullable(String), ClientRequestQuery Nullable(String), ClientRequestProtocol Nullable(String), ClientRequestScheme Nullable(String), ClientRequestUserAgent Nullable(String), ClientRequestReferer Nullable(String), ClientSSLProtocol Nullable(String), ClientSSLCipher Nullable(String), EdgeResponseStatus Nullable(Int64), BotScore Nullable(Int64), BotScoreSrc Nullable(String), BotDetectionIDs Array(Int64), VerifiedBotCategory Nullable(String), JA3Hash Nullable(String), JA4 Nullable(String), WAFAttackScore Nullable(Int64)"
