#!/usr/bin/env python3
"""Generate testdata/conformance/cases.jsonl (the hand-written conformance cases).

Each output line is {"expr": "...", "note": "..."}; expressions are unique
(the first note wins).  The engine's verdict for each case is recorded
separately by scripts/oracle-golden.sh in engine-cases.jsonl, line by line in
the same order.

Sources, in order:
  1. the oracle's own cases (tests/cases.txt and tests/cases_jsonl.jsonl of
     the oracle directory, $WFLINT_ORACLE, default ../shared/tools/oracle);
  2. every test vector of LANGUAGE.md section 15 (verbatim, then with the
     placeholder field `tcp.port` replaced by a real field);
  3. every row of LANGUAGE.md section 10 (placeholders replaced);
  4. systematic cases below.

Usage: python3 scripts/gen-conformance-cases.py [--oracle DIR] [--out FILE]
Python 3 standard library only.  Edit the lists below to add cases, then run
this script and scripts/oracle-golden.sh.
"""

import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CASES = []  # (expr, note)


def add(expr, note):
    CASES.append((expr, note))


def addall(note, exprs):
    for e in exprs:
        add(e, note)


# ---------------------------------------------------------------------------
# 2. LANGUAGE.md section 15 test vectors (verbatim: they use `tcp.port`,
#    `bool_field`, `str_field`, `arr_of_bool`, `xyz`, which the scheme lacks)
# ---------------------------------------------------------------------------
SEC15 = [
    'http.host eq "example.com"',
    'http.host == r#"a"b"#',
    'http.host contains 6F:72:67',
    'http.host < 12:13',
    'http.host < 12',
    'tcp.port in { 80 443 2082..2083 }',
    'ip.src in { 127.0.0.0/8 ::1 10.0.0.0..10.0.255.255 }',
    'ip.src in {10.0.0.0/100}',
    'ip.src in {10.0.0.0..::1}',
    'tcp.port & 1',
    'tcp.port bitwise_and 0x02',
    'tcp.port == 0x1f5',
    'tcp.port == 0123',
    'tcp.port == -12',
    'tcp.port == "80"',
    'tcp.port == 127.0.0.1',
    'bool_field in {0}',
    'str_field in {0}',
    'http.request.headers["host"][0] contains "abc"',
    'any(http.request.headers["accept"][*] == "application/json")',
    'any(lower(http.request.headers.names[*])[*] == "content-type")',
    'all(len(http.request.uri.args["filter"][*])[*] in {3 4})',
    'http.host[*] == "a"',
    'http.request.headers.names[*] == "a"',
    'arr_of_bool and bool_field',
    'not ssl && cf.bot_management.score lt 30',
    '! (not !ssl)',
    '((ssl))',
    'http.host matches "[a-z"\\]]+\\d{1,10}\\""',
    'http.host wildcard r"foo*\\*\\\\"',
    'http.host wildcard "*a**b*"',
    'http.host wildcard r"*foo\\bar*"',
    'http.host strict wildcard "/AdminTeam/*"',
    'ip.src in $office_network',
    'ip.src in $cf.open_proxies',
    'ip.src in $.abc',
    'http.host eq "a\\n"',
    'http.host eq "\\x3"',
    'xyz',
    'http.host',
]
addall("spec §15 vector (verbatim)", SEC15)


def real15(e):
    return (e.replace("tcp.port", "tcp.dstport")
             .replace("bool_field", "ssl")
             .replace("str_field", "http.host")
             .replace("arr_of_bool", "http.request.headers.names[*] == \"a\""))


addall("spec §15 vector, placeholder replaced by a real field (tcp.port->tcp.dstport, "
       "bool_field->ssl, str_field->http.host, arr_of_bool->headers.names[*] == \"a\")",
       [real15(e) for e in SEC15])
add('cf.edge.server_port in { 80 443 2082..2083 }', "spec §15 set vector on a firewalker Int field")
add('cf.edge.server_port == 0x1f5', "spec §15: hex int 501")
add('cf.edge.server_port == 0123', "spec §15: octal int 83")
add('http.request.headers.names[*] == "a" and ssl', "spec §15: Array<Bool> and Bool -> TypeMismatch")
add('ssl and http.request.headers.names[*] == "a"', "spec §15: Bool and Array<Bool> -> TypeMismatch")
add('any(http.request.headers.names[*] == "a") and ssl', "spec §15: wrapped in any() is fine")

# ---------------------------------------------------------------------------
# 3. LANGUAGE.md section 10 rows (placeholders replaced)
# ---------------------------------------------------------------------------
SEC10 = [
    ('http.host eq \'example.com\'', "single quotes are not string delimiters"),
    ('http.request.uri.path starts_with "/a"', "functions are never infix operators"),
    ('http.host EQ "a"', "keywords are lowercase only"),
    ('ssl AND ssl', "keywords are lowercase only (a AND b)"),
    ('http.host not in {"a"}', "no negated operators"),
    ('http.host !~ "a"', "no negated operators"),
    ('http.host not contains "a"', "no negated operators"),
    ('not http.host in {"a"}', "the valid negation of §10 'not in'"),
    ('ip.src == 10.0.0.0/8', "CIDR only inside in {}"),
    ('ip.src in 10.0.0.0/8', "in requires {...} or $list"),
    ('tcp.dstport in {80, 443}', "commas not allowed in sets"),
    ('tcp.port in {80, 443}', "commas not allowed in sets (spec's placeholder field)"),
    ('ssl == true', "no boolean literals"),
    ('ssl eq false', "no boolean literals"),
    ('http.host == http.referer', "RHS must be a literal"),
    ('"a" == http.host', "LHS must be a value reference"),
    ('http.request.headers.names[*] == "a"', "top level Array<Bool>"),
    ('http.request.headers["a"] == "b"', "LHS is Array<Bytes>"),
    ('concat("a", http.request.headers.names[*])', "[*] only in the first argument (concat: unknown in this engine)"),
    ('starts_with(http.host, http.request.headers.names[*])', "[*] in a non-first argument"),
    ('any(http.request.headers.names[*] == "x" and http.request.headers.values[*] == "y")',
     "any(a[*] == x and b[*] == y) needs inner parentheses"),
    ('http.request.headers ["a"]', "no space before ["),
    ('http.request.headers ["a"][0] == "b"', "no space before ["),
    ('http.request.uri.args[r"a"][0] == "b"', "map keys must be quoted strings"),
    ('http.request.headers.names[-1] == "a"', "indexes non-negative"),
    ('http.host[0:3] == "abc"', "no slice operator"),
    ('(http.host) == "a"', "parentheses only group logical expressions"),
    ('http.host contains {"a" "b"}', "contains takes one literal"),
    ('http.host matches /a.*/', "no slash-delimited regex"),
    ('regex_replace(http.host, "\\.", "") == "a"', "regex_replace unknown in this engine; \\. not a string escape"),
    ('lower(http.host) matches "\\."', "matches RHS uses regex mode: \\. is fine"),
    ('http.host matches "\\."', "matches RHS uses regex mode: \\. is fine"),
    ('http.host eq "a\\n"', "\\n is not an escape"),
    ('tcp.dstport == 080', "leading zero = octal, 8 is not octal"),
    ('tcp.dstport == +80', "no + sign"),
    ('tcp.dstport == 1_000', "no _ separators"),
    ('tcp.dstport == 1.5', "no floats"),
    ('lower(http.host,) == "a"', "no trailing comma"),
    ('lower http.host == "a"', "parentheses required"),
    ('ssl and\tssl', "TAB is not a token separator"),
    ('# comment', "no comments"),
    ('// comment', "no comments"),
    ('http.host ~= "a"', "not an operator"),
    ('http.host === "a"', "not an operator"),
    ('http.host <> "a"', "not an operator"),
    ('cf.threat_score + 1 == 2', "no arithmetic"),
    ('"a" + "b" == http.host', "no concatenation operator"),
    ('', "empty input"),
    ('http.host strict  wildcard "a"', "strict wildcard needs exactly one space"),
]
for e, n in SEC10:
    add(e, "spec §10: " + n)

# ---------------------------------------------------------------------------
# 4. Systematic cases
# ---------------------------------------------------------------------------

# --- quoted strings and escapes --------------------------------------------
STR = [
    ('http.host eq "a\\"b"', "escape \\\""),
    ('http.host eq "a\\\\b"', "escape \\\\"),
    ('http.host eq "\\x41"', "escape \\xHH"),
    ('http.host eq "\\x4a\\x4A"', "escape \\xHH both cases"),
    ('http.host eq "\\X41"', "\\X (capital) is not an escape"),
    ('http.host eq "\\101"', "octal escape \\OOO"),
    ('http.host eq "\\377"', "octal escape max \\377"),
    ('http.host eq "\\400"', "octal escape overflow \\400"),
    ('http.host eq "\\777"', "octal escape overflow \\777"),
    ('http.host eq "\\0"', "octal escape too short: \\0 then quote"),
    ('http.host eq "\\08a"', "octal escape with non-octal digit"),
    ('http.host eq "\\000"', "NUL via octal"),
    ('http.host eq "\\x00"', "NUL via hex"),
    ('http.host eq "\\xff"', "\\xff becomes U+00FF in this engine"),
    ('http.host eq "\\xFF\\x80"', "high bytes via hex"),
    ('http.host eq "\\x4"', "\\x with one hex digit then quote"),
    ('http.host eq "\\x4', "\\x with one hex digit at end of input"),
    ('http.host eq "\\x', "\\x at end of input"),
    ('http.host eq "\\xg1"', "\\x with non-hex digit"),
    ('http.host eq "\\n"', "\\n is not an escape"),
    ('http.host eq "\\t"', "\\t is not an escape"),
    ('http.host eq "\\r"', "\\r is not an escape"),
    ('http.host eq "\\\'"', "\\' is not an escape"),
    ('http.host eq "\\/"', "\\/ is not an escape"),
    ('http.host eq "\\."', "\\. is not an escape"),
    ('http.host eq "\\*"', "\\* is not an escape"),
    ('http.host eq "\\u0041"', "\\u is not an escape"),
    ('http.host eq "a\\', "backslash at end of input"),
    ('http.host eq "a\\"', "escaped quote then end of input"),
    ('http.host eq "', "lone opening quote"),
    ('http.host eq ""', "empty string"),
    ('http.host eq "a"b"', "stray quote after string"),
    ('http.host eq "line1\nline2"', "raw LF inside string"),
    ('http.host eq "a\r\nb"', "raw CRLF inside string"),
    ('http.host eq "a\tb"', "raw TAB inside string is fine"),
    ('http.host eq "a\u0000b"', "raw NUL inside string"),
    ('http.host eq "a\u007fb"', "raw DEL inside string"),
    ('http.host eq "caf\u00e9"', "non-ASCII é in string"),
    ('http.host eq "\u65e5\u672c\u8a9e"', "CJK in string"),
    ('http.host eq "\U0001F600"', "emoji in string"),
    ('http.host eq "caf\\xc3\\xa9"', "é spelled as UTF-8 hex escapes (become U+00C3 U+00A9 here)"),
    ('http.host eq "\\"\\\\\\x41\\101"', "all four escapes together"),
    ('http.host eq "a" "b"', "two strings in a row"),
    ('http.host eq a', "unquoted word as Bytes RHS"),
    ('http.host eq example.com', "unquoted domain as Bytes RHS"),
    ('http.host eq "unterminated and ssl', "unterminated string swallows the rest"),
]
for e, n in STR:
    add(e, "string: " + n)

# --- hex byte strings -------------------------------------------------------
HEXB = [
    'http.host eq 61:62', 'http.host eq 61-62', 'http.host eq 61.62', 'http.host eq 61:62-63.64',
    'http.host eq 61', 'http.host eq 6', 'http.host eq 6:1', 'http.host eq 61:', 'http.host eq 61:6',
    'http.host eq 61::62', 'http.host eq +1:+2', 'http.host eq 0x61', 'http.host eq 6g:61',
    'http.host eq 6F:72', 'http.host eq 6f:72', 'http.host eq 61 62', 'http.host contains 6F:72:67',
    'http.host < 12:13', 'http.host < 12', 'http.host eq 123', 'http.host eq 61:62:',
    'http.host in {61:62 "a"}', 'http.host in {61 62}', 'http.host eq 61;62', 'http.host eq 00:ff',
    'http.host eq 610', 'http.host eq -1', 'http.host eq 61_62', 'http.host eq 1.2.3.4',
    'http.host matches 61:62', 'http.host eq ab:cd:ef', 'http.host eq zz',
    'starts_with(http.host, 61:62)', 'http.request.headers[61:62][0] eq "a"',
]
addall("hex byte string", HEXB)

# --- integers ---------------------------------------------------------------
INTS = ['0', '10', '-7', '-0', '0x1f', '0x1F', '0X1f', '0x', '0xg', '010', '08', '0789', '-010',
        '-0x10', '00', '2147483647', '2147483648', '-2147483648', '-2147483649', '4294967295',
        '9223372036854775807', '9223372036854775808', '-9223372036854775808', '0x7fffffff',
        '0x80000000', '0xffffffff', '1_000', '1.5', '+80', '10fe', '1e3', '10abc', '1 2', '--1',
        '- 1', '037777777777', '017777777777', '0x0', '99999999999999999999999']
for i in INTS:
    add('cf.threat_score eq ' + i, "int literal " + i)
addall("int literal in other positions", [
    'ip.src.asnum in {13335 0x10 010 -1}',
    'ip.src.asnum in {1..5 7..7 -3..-1}',
    'ip.src.asnum in {5..1}',
    'ip.src.asnum in {1..}',
    'ip.src.asnum in {..5}',
    'ip.src.asnum in {1 .. 5}',
    'ip.src.asnum in {1..5..7}',
    'ip.src.asnum in {0123..0xef}',
    'ip.src.asnum in {-20..-10}',
    'ip.src.asnum in {2147483647..2147483648}',
    'ip.src.asnum in {08}',
    'ip.src.asnum in {1.5}',
    'ip.src.asnum in {"1"}',
    'http.response.code eq 200',
    'http.response.code ge 500 and http.response.code le 599',
    'cf.bot_management.score lt 30',
    'http.request.timestamp.sec gt 1700000000',
    'http.request.timestamp.sec gt 17000000000',
    'tcp.dstport eq 443',
    'cf.threat_score eq "10"',
    'cf.threat_score eq 61:62',
    'cf.threat_score eq 1.2.3.4',
    'cf.threat_score eq a',
])

# --- IP addresses ----------------------------------------------------------
IPS = ['1.2.3.4', '1.2.3.256', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.04', '0.0.0.0',
       '255.255.255.255', '::1', '::', '2001:db8::1', '2001:DB8::1', '::ffff:1.2.3.4',
       '2001:db8::g', '2001:db8:::1', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9',
       '[::1]', '1.2.3.4:80', '10.0.0.0/8', '1.2.3.4..1.2.3.9', '"1.2.3.4"', '1', 'localhost',
       '1.2.3.-4', '::ffff:1.2.3', 'fe80::1%eth0']
for i in IPS:
    add('ip.src eq ' + i, "ip literal " + i)
addall("ip ordering / other ops", [
    'ip.src ne 1.2.3.4', 'ip.src lt 10.0.0.0', 'ip.src ge ::1', 'ip.src > 1.2.3.4 and ip.src <= 1.2.3.9',
    'ip.dst eq 192.0.2.1', 'cf.edge.server_ip eq 2001:db8::1',
])
SETS_IP = ['10.0.0.0/8', '10.0.0.1/8', '10.0.0.0/33', '10.0.0.0/32', '0.0.0.0/0', '10.0.0.0/0',
           '2001:db8::/32', '2001:db8::1/32', '::/128', '::/129', '::/0', '10.0.0.0/', '10.0.0.0/-1',
           '10.0.0.0/08', '10.0.0.0/a', '1.2.3.4..1.2.3.9', '1.2.3.9..1.2.3.4', '1.2.3.4..1.2.3.4',
           '1.2.3.4..::1', '::1..::2', '::2..::1', '1.2.3.0/24..1.2.4.0', '1.2.3.4 ::1',
           '1.1.1.01', '1.2.3.4..', '..1.2.3.4', '1.2.3.4 .. 1.2.3.9', '10.0.0.0/8,192.168.0.0/16',
           '"10.0.0.0/8"', '::ffff:10.0.0.0/104', '10.0.0.0/8/8', '1.2.3.4-1.2.3.9']
for s in SETS_IP:
    add('ip.src in {' + s + '}', "ip set item " + s)

# --- sets -------------------------------------------------------------------
addall("set", [
    'http.host in {"a" "b"}', 'http.host in {"a""b"}', 'http.host in {"a","b"}', 'http.host in {"a", "b"}',
    'http.host in { "a" }', 'http.host in {}', 'http.host in { }', 'http.host in {\n"a"\n"b"\n}',
    'http.host in {"a"\t"b"}', 'tcp.dstport in {80 443}', 'tcp.dstport in {80,443}',
    'tcp.dstport in {80 443 8000..8080}', 'tcp.dstport in {80', 'tcp.dstport in 80',
    'tcp.dstport in {{80}}', 'tcp.dstport in{80}', 'http.host in {"a" 61:62}', 'ssl in {1}',
    'ssl in {}', 'http.host in {1}', 'http.request.headers.names in {"a"}',
    'http.request.headers.names[0] in {"a" "b"}', 'http.request.headers in {"a"}',
    'ip.src in {}', 'tcp.dstport in {}', 'http.host in ("a" "b")', 'http.host in ["a" "b"]',
    'http.host in {"a" "b"', 'http.host in {"a" "b"} and ssl', 'http.host in {"a" ssl}',
    'http.host in {"a" r"b"}', 'tcp.dstport in {80 "443"}',
    'http.request.method in {"GET" "HEAD" "POST" "PUT" "DELETE" "PATCH" "OPTIONS"}',
])

# --- lists --------------------------------------------------------------------
for name in ['x', 'cf.open_proxies', 'cf.anonymizer', 'cf.vpn', 'cf.malware', 'cf.botnetcc', 'Office',
             'oFFICE', '.a', 'a.', 'a..b', '', ' a', 'a-b', '1', 'a_b', 'office_network', 'a.b.c',
             'A', '_', 'x y', 'x"']:
    add('ip.src in $' + name, "list name $" + name)
addall("list on other types", [
    'http.host in $hostnames', 'ip.src.asnum in $asns', 'cf.threat_score in $x', 'ssl in $x',
    'http.request.headers.names in $x', 'http.request.headers.names[*] in $x',
    'any(http.request.headers.names[*] in $x)', 'http.request.headers in $x',
    'ip.src in $x and ip.src in {1.2.3.4}', 'not ip.src in $cf.open_proxies',
    'ip.src in $x or', 'ip.src in$x', 'ip.src in $ x', 'ip.src in $$x', 'ip.src in x',
    'ip.src eq $x', 'ip.src in {$x}', 'ip.src in $cf.', 'ip.src in $cf..vpn',
    'ip.src in $' + 'a' * 60, 'ip.src in $\u00e9',
])

# --- comparison operators × LHS types ----------------------------------------
OPS = ['eq', '==', 'ne', '!=', 'lt', '<', 'le', '<=', 'gt', '>', 'ge', '>=']
LHS = [
    ('http.host', '"a"', 'Bytes'),
    ('cf.threat_score', '10', 'Int'),
    ('ip.src', '1.2.3.4', 'Ip'),
    ('ssl', '1', 'Bool'),
    ('http.request.headers.names', '"a"', 'Array<Bytes>'),
    ('http.request.headers', '"a"', 'Map<Array<Bytes>>'),
]
for lhs, rhs, ty in LHS:
    for op in OPS:
        add('%s %s %s' % (lhs, op, rhs), "comparison %s on %s" % (op, ty))
    add('%s contains %s' % (lhs, rhs), "contains on " + ty)
    add('%s matches "a"' % lhs, "matches on " + ty)
    add('%s ~ "a"' % lhs, "~ on " + ty)
    add('%s & 1' % lhs, "& on " + ty)
    add('%s bitwise_and 1' % lhs, "bitwise_and on " + ty)
    add('%s in {%s}' % (lhs, rhs), "in {} on " + ty)
    add('%s in $x' % lhs, "in $list on " + ty)
    add('%s wildcard "a*"' % lhs, "wildcard on " + ty)
# wrong literal kinds for each scalar type
for lhs, _, ty in LHS[:4]:
    for lit in ['"a"', '10', '1.2.3.4', '61:62', '::1', 'r"a"', '{"a"}', '(1)', 'true']:
        add('%s eq %s' % (lhs, lit), "literal %s against %s" % (lit, ty))
addall("bitwise and", [
    'cf.threat_score & 1 == 1', 'cf.threat_score & 0x10', 'cf.threat_score & -1', 'cf.threat_score && 1',
    'cf.threat_score & "1"', 'cf.threat_score &1', 'cf.threat_score bitwise_and0x10',
    'tcp.flags & 0x02 and not tcp.flags & 0x10', '(cf.threat_score & 1) and ssl', 'cf.threat_score & 1.2.3.4',
    'cf.threat_score &', 'cf.threat_score bitwise_or 1', 'cf.threat_score | 1',
])
addall("operator near-misses", [
    'http.host = "a"', 'http.host == = "a"', 'http.host =! "a"', 'http.host !== "a"', 'http.host => "a"',
    'http.host =< "a"', 'http.host eq= "a"', 'http.host eqq "a"', 'http.host equals "a"',
    'http.host contain "a"', 'http.host containss "a"', 'http.host match "a"', 'http.host ~~ "a"',
    'http.host ! "a"', 'http.host < = "a"', 'http.host in "a"', 'http.host is "a"', 'http.host',
    'http.host eq', 'http.host contains', 'http.host matches', 'cf.threat_score eq', 'ip.src eq',
    'ip.src in', 'http.host eqeq "a"', 'http.host lte "a"', 'http.host gte "a"',
])

# --- logical operators and precedence ----------------------------------------
addall("logical", [
    'ssl', 'not ssl', '!ssl', '! ssl', 'not not ssl', '!!ssl', 'not !ssl', '!not ssl',
    'ssl and ssl', 'ssl && ssl', 'ssl xor ssl', 'ssl ^^ ssl', 'ssl or ssl', 'ssl || ssl',
    'ssl and cf.client.bot or ssl xor cf.client.bot',
    'ssl or cf.client.bot and ssl', 'ssl xor cf.client.bot and ssl', 'ssl or cf.client.bot xor ssl',
    'ssl and cf.client.bot xor ssl or cf.client.bot and ssl',
    'not ssl and cf.client.bot', 'not (ssl and cf.client.bot)', 'not ssl or not cf.client.bot',
    'ssl and (cf.client.bot or ssl)', '(ssl and cf.client.bot) or ssl', '(ssl or cf.client.bot) xor (ssl and cf.client.bot)',
    'ssl && cf.client.bot || ssl ^^ cf.client.bot', 'ssl and cf.client.bot && ssl or cf.client.bot || ssl',
    'ssl and ssl and ssl and ssl', 'ssl or ssl or ssl', 'ssl xor ssl xor ssl',
    'ssl and', 'and ssl', 'ssl and or ssl', 'ssl ssl', 'not', '!', 'ssl not ssl', 'ssl and not',
    'ssl & ssl', 'ssl | ssl', 'ssl ^ ssl', 'ssl &&& ssl', 'ssl ||| ssl', 'ssl nand ssl', 'ssl nor ssl',
    '()', '(ssl))', '((ssl)', '(ssl', 'ssl)', '( ssl )', '(\nssl\n)', '(ssl)(ssl)', '(ssl) (ssl)',
    'ssl and (http.host eq "a" or http.host eq "b") and not cf.client.bot',
    'not http.host eq "a"', 'not http.host in {"a" "b"}', 'not ip.src in {10.0.0.0/8}',
    '! http.host contains "a"', 'not not not ssl', 'not(ssl)', '!(ssl)', 'not (not (not ssl))',
    'true', 'false', 'true and ssl', 'not true', 'true or false', 'TRUE',
    'ssl and cf.threat_score', 'cf.threat_score and ssl', 'ssl and http.host', 'ssl and ip.src',
    'http.host eq "a" and cf.threat_score', 'ssl and http.request.headers', 'ssl and http.request.headers.truncated',
    'tcp.flags.syn and not tcp.flags.ack', 'cf.bot_management.verified_bot or cf.client.bot',
    'sip', 'ssl and true',
])

# --- glued keywords -------------------------------------------------------------
addall("glued keyword (no word boundary)", [
    'notssl', 'ssl andssl', 'sslandssl', 'ssl and(ssl)', '(ssl)and(ssl)', '(ssl)or(ssl)', 'ssl or!ssl',
    'http.host eq"a"', 'http.host eq "a"and ssl', 'cf.threat_score eq10', 'cf.threat_score eq10and ssl', 'cf.threat_score eq10 and ssl',
    'http.host contains"a"', 'http.host matches"a"', 'http.host in{"a"}', 'ip.src in$x',
    'nothttp.host eq "a"', 'not!ssl', 'notnot ssl', 'andssl', 'ssl&&ssl', 'ssl||ssl', 'ssl xorssl',
    'ssl orssl', 'ssl^^ssl', 'ssl and notssl', 'notssl and notssl', 'not(ssl)and not(ssl)',
    'http.host eq"a"or http.host eq"b"', 'ip.src eq1.2.3.4', 'ip.src in{1.2.3.4}',
    'cf.threat_score lt10', 'cf.threat_score ge-1', 'http.host ne"a"', 'http.host==\"a\"',
    'cf.threat_score<10', 'cf.threat_score>=10&&ssl', 'lower(http.host)eq"a"', 'any(http.request.headers.names[*]eq"a")',
    'ssl xor(ssl)', 'notcf.client.bot', 'ssl andcf.client.bot', 'ssl and notcf.client.bot',
])

# --- uppercase keywords -----------------------------------------------------------
addall("uppercase keyword", [
    'NOT ssl', 'Not ssl', 'ssl AND ssl', 'ssl And ssl', 'ssl Or ssl', 'ssl OR ssl', 'ssl XOR ssl',
    'http.host EQ "a"', 'http.host Eq "a"', 'http.host NE "a"', 'http.host Contains "a"',
    'http.host CONTAINS "a"', 'http.host MATCHES "a"', 'http.host Matches "a"', 'ip.src IN {1.2.3.4}',
    'HTTP.HOST eq "a"', 'Http.Host eq "a"', 'SSL', 'ANY(http.request.headers.names[*] eq "a")',
    'LOWER(http.host) eq "a"', 'cf.threat_score GT 10', 'cf.threat_score BITWISE_AND 1',
    'http.host WILDCARD "a"', 'ip.src in $CF.OPEN_PROXIES', 'cf.threat_score eq 0X1F',
])

# --- single quotes ------------------------------------------------------------------
addall("single quotes", [
    "http.host eq 'a'", "http.host eq 'ab'", "http.host eq '61'", "http.host eq \"a'", "http.host eq 'a\"",
    "http.host in {'a' 'b'}", "http.request.headers['x'][0] eq \"a\"", "starts_with(http.host, 'a')",
    "http.host eq \"it's\"", "http.host matches 'a'", "http.host eq ''",
    "http.host eq 'www.example.com' and http.request.uri.path starts_with '/products'",
])

# --- infix functions / negated operators ----------------------------------------------
addall("infix function / negated operator", [
    'http.host starts_with "a"', 'http.host ends_with "a"', 'http.host lower "a"',
    'http.request.uri.path starts_with "/admin"', 'starts_with(http.request.uri.path, "/admin")',
    'http.host not in {"a"}', 'http.host !in {"a"}', 'http.host not eq "a"', 'http.host !contains "a"',
    'http.host not matches "a"', 'ip.src not in $x', 'ip.src !in $x', 'not ip.src in $x',
    'http.host !== "a"', 'http.host not_in {"a"}',
])

# --- whitespace: TAB, CR/LF, unicode spaces ---------------------------------------------
WS = [
    ('ssl\tand ssl', "TAB before and"),
    ('ssl and\tssl', "TAB after and"),
    ('\tssl', "leading TAB (trimmed)"),
    ('ssl\t', "trailing TAB (trimmed)"),
    ('\tssl and ssl\t', "TABs at both ends (trimmed)"),
    ('\t\tssl\t\t', "two TABs at both ends"),
    ('http.host\teq "a"', "TAB between field and operator"),
    ('http.host eq\t"a"', "TAB between operator and literal"),
    ('(\tssl)', "TAB after ("),
    ('(ssl\t)', "TAB before )"),
    ('lower(\thttp.host) eq "a"', "TAB inside call"),
    ('http.host in {"a"\t"b"}', "TAB inside set"),
    ('not\tssl', "TAB after not"),
    ('ssl\nand\nssl', "LF between tokens"),
    ('ssl\r\nand\r\nssl', "CRLF between tokens"),
    ('ssl\rand\rssl', "CR between tokens"),
    ('http.host\neq\n"a"', "LF around operator"),
    ('\nssl\n', "LF at both ends"),
    ('\r\nssl\r\n', "CRLF at both ends"),
    ('\n\n\nssl and bogus', "leading blank lines then error on line 4"),
    ('ssl and\n\n  bogus', "error on line 3"),
    ('ssl and\r\n  bogus', "error on line 2 after CRLF"),
    ('ssl and\rbogus', "CR is not a line break for positions"),
    ('ssl\u000band ssl', "VT between tokens"),
    ('\u000bssl\u000c', "VT/FF at the ends (trimmed)"),
    ('ssl\u000cand ssl', "FF between tokens"),
    ('\u00a0ssl\u00a0', "NBSP at both ends (trimmed)"),
    ('ssl\u00a0and ssl', "NBSP between tokens"),
    ('\u3000ssl\u3000', "ideographic space at both ends"),
    ('\u3000\u3000ssl and bogus', "ideographic spaces then error (col counts bytes of the untrimmed line)"),
    ('\u2028ssl\u2029', "LS/PS at both ends"),
    ('ssl\u2028and ssl', "line separator U+2028 between tokens"),
    ('\u0085ssl\u0085', "NEL at both ends"),
    ('\ufeffssl', "BOM (not whitespace in Rust)"),
    ('ssl\ufeff', "trailing BOM"),
    ('\u200bssl', "zero-width space (not whitespace)"),
    ('\u001cssl\u001f', "U+001C/U+001F at the ends (whitespace for Python, not for Rust)"),
    ('\u2003ssl and bogus\u2003', "em spaces at ends, error inside"),
    ('\u00a0\nssl and\n\u00a0 bogus', "NBSP lines, error at start of line 3"),
    ('  http.host eq "padded"  ', "spaces at both ends"),
    (' ', "only a space"),
    ('   ', "only spaces"),
    ('\t', "only a TAB"),
    ('\n', "only LF"),
    ('\r\n\r\n', "only CRLFs"),
    ('\u3000', "only ideographic space"),
    ('\u00a0\t \n', "only mixed unicode whitespace"),
    ('http.host eq "a"    and    ssl', "many spaces"),
    ('http.host\n  eq\n  "a"\nand\n  ssl', "multi-line rule"),
    ('http.host eq "a" and\n\tssl', "TAB indentation on a continuation line"),
    ('ssl and\n\u00a0ssl', "NBSP indentation on a continuation line"),
]
for e, n in WS:
    add(e, "whitespace: " + n)

# --- comments ----------------------------------------------------------------------------
addall("comment (the language has none)", [
    '# comment', 'ssl # comment', 'ssl // comment', '/* c */ ssl', 'ssl /* c */', 'ssl\n# comment',
    '# comment\nssl', '-- comment\nssl', 'ssl ; ssl',
])

# --- indexing ----------------------------------------------------------------------------------
addall("indexing", [
    'http.request.headers["host"][0] eq "a"', 'http.request.headers["host"][0] contains "abc"',
    'http.request.headers.names[0] eq "a"', 'http.request.headers.names[*] eq "a"',
    'any(http.request.headers.names[*] eq "a")', 'http.request.headers ["a"][0] eq "b"',
    'http.request.headers.names [0] eq "a"', 'http.request.headers[ "a" ][ 0 ] eq "b"',
    'http.request.headers["a"] [0] eq "b"', 'http.request.headers.names[-1] eq "a"',
    'http.request.headers[r"k"][0] eq "a"', 'http.request.headers.names[0x1] eq "a"',
    'http.request.headers.names[01] eq "a"', 'http.request.headers.names[08] eq "a"',
    'http.request.headers.names[2147483647] eq "a"', 'http.request.headers.names[2147483648] eq "a"',
    'http.request.headers.names[4294967295] eq "a"', 'http.request.headers.names[4294967296] eq "a"',
    'http.request.headers.names["k"] eq "a"', 'http.request.headers[0][0] eq "a"',
    'http.host[0] eq "a"', 'http.host[*] eq "a"', 'http.host["k"] eq "a"', 'http.request.headers.names[] eq "a"',
    'http.request.headers[] eq "a"', 'http.request.headers[*][*] eq "a"',
    'any(http.request.headers[*][*] eq "a")', 'any(http.request.headers[*][0] eq "a")',
    'any(http.request.headers["a"][*] eq "b")', 'http.request.headers["a"] eq "b"',
    'http.request.headers["a"]', 'http.request.headers', 'http.request.headers.names',
    'http.request.headers.names[0]', 'http.request.headers["a"][0][0] eq "b"',
    'http.request.headers["a\\x41"][0] eq "b"', 'http.request.headers["a\\n"][0] eq "b"',
    "http.request.headers['k'][0] eq \"a\"", 'http.request.headers[k][0] eq "a"',
    'http.request.headers.names[1.5] eq "a"', 'http.request.headers.names[ * ] eq "a"',
    'any(http.request.headers.names[ * ] eq "a")', 'http.request.headers.names[0 eq "a"',
    'http.request.headers["a"[0] eq "b"', 'http.request.headers.names[\t0] eq "a"',
    'cf.bot_management.detection_ids[0] eq 5', 'cf.bot_management.detection_ids[0] eq "5"',
    'any(cf.bot_management.detection_ids[*] eq 33554817)', 'cf.bot_management.detection_ids eq 5',
    'cf.llm.prompt.custom_topic_categories["a"] gt 5', 'cf.llm.prompt.custom_topic_categories[0] gt 5',
    'any(cf.llm.prompt.custom_topic_categories[*] gt 5)', 'http.request.cookies["session"][0] eq "x"',
    'http.request.uri.args["q"][0] contains "select"', 'http.request.body.form["user"][0] eq "admin"',
    'http.request.uri.args.values[0] eq "1"', 'lower(http.request.headers["a"][0]) eq "b"',
    'len(http.request.headers["a"][0]) gt 10', 'http.request.headers["\u00e9"][0] eq "x"',
    'http.request.headers[""][0] eq "x"', 'http.request.headers[61:62][0] eq "x"',
    'http.request.headers.names[0] in {"a" "b"}', 'http.request.headers.names[0] matches "^x-"',
    'http.request.headers["content-type"][0] eq "application/json"',
    'ssl[0]', 'cf.threat_score[0] eq 1', 'ip.src[0] eq 1.2.3.4', 'http.request.headers.truncated[0]',
])

# --- functions -------------------------------------------------------------------------------------
addall("function call", [
    'lower(http.host) eq "a"', 'upper(http.host) eq "A"', 'lower() eq "a"', 'lower(http.host, http.host) eq "a"',
    'lower("a") eq "a"', 'lower(cf.threat_score) eq "a"', 'lower(ip.src) eq "a"', 'lower(ssl) eq "a"',
    'lower(http.request.headers.names) eq "a"', 'lower(http.host) eq 1', 'lower(http.host)',
    'lower (http.host) eq "a"', 'lower( http.host ) eq "a"', 'lower(http.host,) eq "a"',
    'lower http.host eq "a"', 'lower(lower(lower(http.host))) eq "a"', 'lower(http.host) eq "a" and upper(http.host) eq "A"',
    'lower(http.host) contains "a"', 'lower(http.host) in {"a" "b"}', 'lower(http.host) matches "^a"',
    'lower(http.host)[0] eq "a"', 'lower(http.request.headers.names[*])[*] eq "a"',
    'any(lower(http.request.headers.names[*])[*] eq "a")', 'any(lower(http.request.headers.names[*]) eq "a")',
    'lower(http.request.headers.names[*]) eq "a"',
    'len(http.host) gt 1', 'len(http.host) eq "1"', 'len(http.host)', 'len() gt 1', 'len(http.host, "a") gt 1',
    'len(lower(http.host)) gt 3', 'len(http.request.headers.names) gt 1', 'len(cf.threat_score) gt 1',
    'all(len(http.request.uri.args["filter"][*])[*] in {3 4})',
    'starts_with(http.host, "a")', 'starts_with(http.host)', 'starts_with(http.host, "a", "b")',
    'starts_with("a", http.host)', 'starts_with(http.host, 61:62)', 'starts_with(http.host, 1)',
    'starts_with(http.host, http.referer)', 'starts_with(http.host, "a") eq 1', 'starts_with(http.host, "a") and ssl',
    'not starts_with(http.host, "a")', 'ends_with(http.host, ".example.com")', 'ends_with(http.host, r"x")',
    'starts_with(http.request.headers.names[*], "x")', 'any(starts_with(http.request.headers.names[*], "x-"))',
    'starts_with(http.request.headers.names[*], http.request.headers.names[*])',
    'starts_with(http.host, http.request.headers.names[*])', 'starts_with(lower(http.host), "a")',
    'starts_with(http.host, lower("a"))', 'starts_with(cf.threat_score, "1")', 'starts_with(http.host, "a"',
    'starts_with(http.host "a")', 'starts_with(http.host,, "a")', 'starts_with(, "a")',
    'substring(http.host, 0) eq "a"', 'substring(http.host, 0, 3) eq "www"', 'substring(http.host, "0") eq "a"',
    'substring(http.host, 1, 2, 3) eq "a"', 'substring(http.host, -1) eq "a"', 'substring(http.host, 0x1) eq "a"',
    'substring(http.host) eq "a"', 'substring(http.host, cf.threat_score) eq "a"', 'substring(http.host, 2147483648) eq "a"',
    'substring(http.host, 1.2.3.4) eq "a"', 'substring(http.host, 0, -4) eq "a"',
    'remove_bytes(http.host, "-.") eq "a"', 'remove_bytes(http.host) eq "a"', 'remove_bytes(http.host, 2d:2e) eq "a"',
    'url_decode(http.request.uri.query) contains "<script"', 'url_decode(http.host, "r") eq "a"',
    'url_decode("a%20b") eq "a b"', 'url_decode(url_decode(http.request.uri.query)) contains "x"',
    'concat(http.host, "x") eq "ax"', 'concat("a", "b") eq "ab"', 'cidr(ip.src, 24) eq 10.0.0.0',
    'regex_replace(http.host, "a", "b") eq "b"', 'wildcard_replace(http.host, "*", "x") eq "x"',
    'to_string(cf.threat_score) eq "1"', 'lookup_json_string(http.request.body.raw, "a") eq "b"',
    'lookup_json_integer(http.request.body.raw, "a") eq 1', 'encode_base64(http.host) eq "YQ=="',
    'decode_base64(http.host) eq "a"', 'remove_query_args(http.request.uri.query, "a") eq ""',
    'split(http.host, ".", 2)[0] eq "a"', 'join(http.request.headers.names, ",") eq "a"',
    'sha256(http.host) eq "x"', 'uuidv4(cf.random_seed) eq "x"', 'bit_slice(tcp.flags, 0, 1) eq 1',
    'has_key(http.request.headers, "a")', 'has_value(http.request.headers.names, "a")',
    'is_timed_hmac_valid_v0("secret", http.request.uri, 10800, http.request.timestamp.sec, 8)',
    'cidr6(ip.src, 64) eq ::', 'lower', 'lower eq "a"', 'lower[0] eq "a"', 'http.host(1) eq "a"',
    'ssl()', 'foo(http.host) eq "a"', 'lower(http.host) eq lower(http.referer)',
    'lower(not ssl) eq "a"', 'lower((ssl)) eq "a"', 'lower(http.host eq "a")', 'lower(1.2.3.4) eq "a"',
])

# --- any / all -----------------------------------------------------------------------------
addall("any/all", [
    'any(http.request.headers.names[*] eq "x-debug")', 'all(http.request.uri.args.values[*] matches "^[0-9]+$")',
    'any (http.request.headers.names[*] eq "a")', 'any( http.request.headers.names[*] eq "a" )',
    'any()', 'any(ssl)', 'any(http.host eq "a")', 'any(http.request.headers.names[*] eq "a", ssl)',
    'any(http.request.headers.names[*] eq "x" and http.request.headers.values[*] eq "y")',
    'any((http.request.headers.names[*] eq "x") and (http.request.headers.values[*] eq "y"))',
    'any((http.request.headers.names[*] eq "x"))', 'any(not http.request.headers.names[*] eq "a")',
    'any(!http.request.headers.names[*] eq "a")', 'any(http.request.headers.names[*] ne "a")',
    'not any(http.request.headers.names[*] eq "a")', 'any(http.request.headers.names[*] eq "a") and ssl',
    'any(http.request.headers.names[*] eq "a") or all(http.request.headers.values[*] contains "b")',
    'any(http.request.headers.truncated)', 'any(http.request.headers.names)', 'any(http.request.headers.names[*])',
    'any(http.request.headers.names[0] eq "a")', 'all(http.request.headers.names[*] contains "a")',
    'any(http.request.headers["x"][*] in {"a" "b"})', 'any(cf.bot_management.detection_ids[*] in {1 2 3})',
    'any(cf.bot_management.detection_ids[*] & 1)', 'any(http.request.headers.names[*] in $x)',
    'any(any(http.request.headers.names[*] eq "a"))', 'any(http.request.headers.names[*] eq "a"',
    'any http.request.headers.names[*] eq "a"', 'any[0]', 'any(http.request.headers.names[*] eq "a")[0]',
    'any(http.request.headers.names[*] eq "a") eq 1', 'all(http.request.headers.names[*] eq "a" or ssl)',
    'any((http.request.headers.names[*] eq "a") or (http.request.headers.values[*] eq "b"))',
    'any((http.request.headers.names[*] eq "a") and ssl)', 'any(starts_with(http.request.uri.args.names[*], "utm_"))',
    'all(ends_with(lower(http.request.headers.values[*])[*], ".js"))',
    'any(len(http.request.headers.values[*])[*] gt 100)', 'any(http.request.headers.names[*] eq "a") ==',
    'any(http.request.body.form.names[*] eq "password")',
    'any(http.request.jwt.claims.aud.values[*] eq "x")',
])

# --- regex --------------------------------------------------------------------------------------------
REGEX = [
    ('"[a"b]"', "quote inside a class"), ('"\\d+"', "\\d"), ('"\\""', "escaped quote"), ('"["', "invalid: unclosed class"),
    ('"(?i)x"', "inline flag"), ('"a)"', "unbalanced )"), ('"(a"', "unclosed group"), ('"(?P<n>a)"', "named group"),
    ('"\\p{L}"', "unicode class without (?u)"), ('"(?u)\\p{L}"', "unicode class with (?u)"),
    ('"a{1000000}"', "huge repetition"), ('"\\w{1000}\\w{1000}"', "large repetition"),
    ('"\\x41"', "\\x41 passed through"), ('"\\n"', "\\n passed through"),
    ('"\\\\"', "escaped backslash"), ('"\\"', "backslash-quote then end"), ('"\\q"', "unknown regex escape"),
    ('"a\\"', "trailing escaped quote, unterminated"), ('"^/api/(v1|v2)/"', "alternation"),
    ('"[[:alpha:]]"', "POSIX class"), ('"[]a]"', "leading ] in class"), ('"(a(b(c)))"', "nested groups"),
    ('"(?=a)"', "look-ahead unsupported"), ('"\\1"', "back-reference unsupported"), ('"\\b"', "word boundary"),
    ('"\u00e9+"', "non-ASCII in regex"), ('""', "empty regex"), ('"*"', "repetition with nothing"),
    ('"a**"', "nested repetition"), ('"x{2,1}"', "bad repetition range"), ('"[z-a]"', "bad class range"),
    ('"\\.php$"', "escaped dot"), ('"[\\"]"', "escaped quote inside class"), ('"[a"b]', "class with quote, unterminated"),
    ('"[a-z"\\]]+"', "escaped ] in class"), ('"(?x) a b # comment"', "extended mode"),
    ('"' + '(' * 300 + 'a' + ')' * 300 + '"', "300 nested groups (regex nesting limit)"),
    ('"' + '(' * 240 + 'a' + ')' * 240 + '"', "240 nested groups"),
    ('"\\x{1F600}"', "hex escape in braces"), ('"\\u0041"', "\\u escape"), ('"(?s).*"', "dot-all flag"),
    ('"a|"', "empty alternative"), ('"[^\\x00-\\x7f]"', "non-ASCII byte class"),
]
for rhs, n in REGEX:
    add('http.host matches ' + rhs, "regex: " + n)
addall("regex context", [
    'http.host ~ "^a"', 'http.host matches r"\\d+"', 'http.host matches r#"a"b"#', 'http.host matches 61:62',
    'http.host matches /a/', 'http.host matches', 'http.host matches "a" and ssl', 'http.host matches "a"b"',
    'cf.threat_score matches "1"', 'ip.src matches "1"', 'ssl matches "a"', 'http.host matches "a" "b"',
    'http.host matches {"a"}', 'lower(http.host) ~ "^www\\."', 'any(http.request.headers.values[*] ~ "(?i)bot")',
    'http.user_agent matches "(?i)(curl|wget|python-requests)"',
])

# --- raw strings, wildcard (not in this engine) ---------------------------------------------------------
addall("raw string (not in the 2020 engine)", [
    'http.host eq r"x"', 'http.host eq r#"a"b"#', 'http.host eq r##"a"#b"##', 'http.host eq r"x',
    'http.host eq r', 'http.host eq r#x', 'http.host eq r#"a"', 'http.host eq R"x"', 'http.host in {r"a" r"b"}',
    'http.host contains r"a\\b"', 'starts_with(http.host, r"a")', 'http.host eq r' + '#' * 256 + '"a"' + '#' * 256,
])
addall("wildcard (not in the 2020 engine)", [
    'http.host wildcard "*.example.com"', 'http.host strict wildcard "*.example.com"', 'http.host wildcard r"*.a"',
    'http.host strict  wildcard "a"', 'http.host strict wildcard', 'http.host strictwildcard "a"',
    'http.request.full_uri wildcard "https://*.example.com/*"', 'http.host wildcard "*a**b*"',
    'http.host strict\nwildcard "a"', 'http.host wildcard',
])

# --- non-ASCII outside strings ---------------------------------------------------------------------------
addall("non-ASCII outside strings", [
    '\u00e9', 'ssl and \u00e9', 'http.h\u00f6st eq "a"', 'http.host eq "a" \u00e9', 'http.host eq \u00e9',
    'http.host eq "x" and \u65e5\u672c eq "a"', '\U0001F600', 'ssl \U0001F600', 'http.host \u00e9q "a"',
    'http.host eq \u201ca\u201d', 'http.host eq \u00ab"a"\u00bb', 'http.host eq "\u00e9" and bogus',
    'http.host eq "\u65e5\u672c" and\nhttp.h\u00f6st eq "a"', 'ssl \u2227 ssl', 'ssl \uff06\uff06 ssl',
    'http.host eq "caf\u00e9" and bogus', '\u00e9\u00e9\u00e9 eq "a"', 'ip.src eq \uff11.2.3.4',
    'cf.threat_score eq \uff11\uff10', 'ip.src in $\u00e9', 'http.request.headers["\u00e9"][0] eq "\u00e9" and bogus',
])

# --- unknown identifiers / names ------------------------------------------------------------------------
addall("identifier", [
    'http.nonexistent_field eq "a"', 'http.request eq "a"', 'http eq "a"', 'http..host eq "a"', '.http.host eq "a"',
    'http.host. eq "a"', 'http.host.eq "a"', 'http-host eq "a"', 'http.Host eq "a"', 'host eq "a"',
    '_ eq "a"', '1 eq 1', '"a"', '1.2.3.4', '{"a"}', '$x', '[0]', '*', 'http.host$ eq "a"',
    'cf.response.1xxx_code eq 1', 'ip.geoip.country eq "US"', 'cf.threat_score gt 10',
    'http.request.version eq "HTTP/1.1"', 'http.request.version eq 1', 'http.request.uri.path.extension eq "php"',
    'ip.src.is_in_european_union', 'http.request.jwt.claims.iss.values[0] eq "x"',
    'raw.http.request.uri.path eq "/a"', 'icmp.type eq 8', 'ip.proto eq "tcp"', 'udp.dstport eq 53',
    'http.response.headers["x"][0] eq "a"', 'cf.tls_client_auth.cert_verified',
    'cf.waf.content_scan.obj_sizes[0] gt 1', 'cf.llm.prompt.pii_categories[0] eq "a"',
])

# --- nesting and long expressions ------------------------------------------------------------------------
for n in (127, 128, 129, 200, 1000):
    add('(' * n + 'ssl' + ')' * n, "%d nested parentheses" % n)
add('(' * 129 + 'http.host eq "a"' + ')' * 129, "129 nested parentheses around a comparison")
add('(' * 128 + 'ssl' + ')' * 127, "128 open, 127 close")
for n in (127, 128, 129, 500):
    add('not ' * n + 'ssl', "%d-long not chain" % n)
add('!' * 300 + 'ssl', "300 ! chain")
add('not (' * 129 + 'ssl' + ')' * 129, "129 not( nesting")
add('lower(' * 60 + 'http.host' + ')' * 60 + ' eq "a"', "60 nested function calls")
add(' and '.join(['ssl'] * 1000), "1000-term and chain")
add(' or '.join('(ssl and cf.client.bot)' for _ in range(200)), "200 parenthesised groups in an or chain")
add('any(' * 3 + 'http.request.headers.names[*] eq "a"' + ')' * 3, "nested any")

# ~4,000 characters of realistic rule text
parts = []
paths = ['/wp-admin', '/wp-login.php', '/xmlrpc.php', '/.env', '/.git/config', '/phpmyadmin', '/admin',
         '/cgi-bin/', '/vendor/phpunit', '/actuator', '/server-status', '/config.json', '/backup.zip']
for p in paths:
    parts.append('starts_with(lower(http.request.uri.path), "%s")' % p)
parts.append('http.request.uri.query contains "union%20select"')
parts.append('http.user_agent matches "(?i)(sqlmap|nikto|nmap|masscan|zgrab|python-requests|curl/|wget/)"')
parts.append('any(http.request.headers.names[*] in {"x-forwarded-host" "x-original-url" "x-rewrite-url"})')
parts.append('ip.src in {192.0.2.0/24 198.51.100.0/24 203.0.113.0/24 2001:db8::/32 10.0.0.1..10.0.0.9}')
parts.append('ip.src.asnum in {4134 4837 9808 14061 16509 24940 45090 51167 63949}')
parts.append('(ip.src.country in {"CN" "RU" "KP" "IR"} and not cf.client.bot)')
parts.append('(cf.bot_management.score lt 30 and not cf.bot_management.verified_bot)')
long_base = ' or '.join(parts)
i = 0
while len(long_base) < 3900:
    long_base += ' or (http.host eq "site%d.example.com" and http.request.uri.path matches "^/api/v%d/")' % (i, i)
    i += 1
add('(' + long_base + ') and not ip.src in $cf.open_proxies', "~4,000-character real-looking expression (valid)")
add('(' + long_base + ') and not ip.src in $cf.open_proxies and bogus.field eq 1',
    "~4,000-character expression with an error near the end")

# --- misc grammar shapes -----------------------------------------------------------------------------------
addall("misc", [
    'http.host eq "a" or', 'http.host eq "a" http.host eq "b"', 'http.host eq "a" ssl', 'ssl (ssl)',
    'http.host eq ("a")', 'http.host eq {"a"}', 'http.host eq $x', 'http.host eq [0]', 'http.host eq *',
    'http.host eq http.host', 'http.host eq lower(http.host)', 'http.host, ssl', 'ssl,', ',ssl', 'ssl;',
    'http.host in {"a"} in {"b"}', 'http.host eq "a" eq "b"', '(http.host eq "a") eq "b"',
    '(http.host eq "a") and (http.host eq "b")', 'ip.src in {10.0.0.0/8} and not ip.src in {10.1.0.0/16}',
    'http.request.method eq "POST" and http.request.body.size gt 1048576',
    'http.request.uri.path eq "/login" and http.request.method eq "POST" and not cf.client.bot',
    'cf.waf.score lt 20 or cf.waf.score.sqli lt 20', 'http.cookie contains "session="',
    'http.request.full_uri eq "https://example.com/"', 'http.referer eq ""',
    'ip.src.country in {"US" "CA"} and ip.src.continent eq "NA"', 'cf.bot_management.ja3_hash eq "e7d705a3286e19ea42f587b344ee6865"',
    'http.x_forwarded_for contains ","', 'http.request.headers.truncated or http.request.body.truncated',
    'ssl and http.request.version eq 2', 'cf.verified_bot_category eq "Search Engine Crawler"',
])

# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--oracle", default=os.environ.get("WFLINT_ORACLE",
                                                      os.path.join(ROOT, "..", "shared", "tools", "oracle")))
    ap.add_argument("--out", default=os.path.join(ROOT, "testdata", "conformance", "cases.jsonl"))
    args = ap.parse_args()

    cases = []
    tests = os.path.join(args.oracle, "tests")
    txt = os.path.join(tests, "cases.txt")
    jl = os.path.join(tests, "cases_jsonl.jsonl")
    if not (os.path.isfile(txt) and os.path.isfile(jl)):
        sys.exit("gen-conformance-cases: oracle tests not found under %s (set WFLINT_ORACLE)" % tests)
    with open(txt, encoding="utf-8", newline="") as f:
        for raw in f.read().split("\n"):
            if raw == "":
                continue  # the oracle's text mode skips nothing, but an empty line is in §10 anyway
            cases.append((raw, "oracle tests/cases.txt"))
    with open(jl, encoding="utf-8") as f:
        for raw in f:
            raw = raw.strip()
            if not raw:
                continue
            v = json.loads(raw)
            if not isinstance(v, str):
                continue  # a non-string JSON line: nothing for the Go side to parse
            if any(0xD800 <= ord(c) <= 0xDFFF for c in v):
                continue  # lone surrogate: not valid UTF-8, the engine never sees it
            cases.append((v, "oracle tests/cases_jsonl.jsonl"))
    cases.extend(CASES)

    seen = set()
    out = []
    for e, n in cases:
        if e in seen:
            continue
        seen.add(e)
        out.append({"expr": e, "note": n})
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for o in out:
            f.write(json.dumps(o, ensure_ascii=True) + "\n")
    print("gen-conformance-cases: wrote %d cases to %s" % (len(out), os.path.relpath(args.out, ROOT)))


if __name__ == "__main__":
    main()
