#!/usr/bin/env python3
"""Run the wirefilter oracle over JSONL inputs and write engine-verdict files.

Called by scripts/oracle-golden.sh; usable directly:

    python3 scripts/oracle_golden.py --oracle DIR IN.jsonl=OUT.jsonl [...]

Each IN line is a JSON object with an "expr" string (other keys are ignored).
Each OUT line (same order, one per IN line) is:

    {"expr": str, "ok": bool, "kind": str|null, "line": int|null, "col": int|null,
     "offset": int|null, "span": int|null, "message": str|null, "ast": obj|null}

kind     engine error kind name (LANGUAGE.md section 11), classified from the
         message text by KIND_TABLE below; "Unknown" when nothing matched
         (a warning lists those), "OracleError" / "EnginePanic" for errors that
         do not come from the engine's parser.
line,col the engine's position: 1-based line (lines split at LF only) and
         1-based column counted in BYTES within that line.
offset   0-based byte offset into the ORIGINAL (untrimmed) expression.
span     number of '^' the engine printed (the byte length of the error span,
         printed as at least 1).
message  the engine's message (the text after the carets; may be multi-line
         for regex errors), without the position header.
ast      the engine's JSON AST when ok, else null.

Python 3 standard library only.
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

# Ordered: the first matching pattern wins.  Patterns are matched against the
# whole message (re.fullmatch with DOTALL), so every entry documents the exact
# shape of a message seen from the engine.
KIND_TABLE = [
    # --- lexer errors (LexErrorKind) -- all observed with this engine ---
    (r'expected ", xHH or OOO after \\', "InvalidCharacterEscape"),
    (r'expected \d+ characters?, but found \d+', "CountMismatch"),
    (r'expected value of type .+, but got .+', "TypeMismatch"),
    # ExpectedLiteral displays its &'static str with {:?}: "(", ")", ",", "]", "{",
    # "\"" and the index text "expected positive integer as index".
    (r'expected literal ".*"', "ExpectedLiteral"),
    # ExpectedName: observed "identifier character", "digit", "IP address character",
    # "ComparisonOp"; the others are the remaining names in the engine source
    # (LANGUAGE.md section 11) and were not seen.
    (r'expected (?:identifier character|digit|IP address character|ComparisonOp|'
     r'byte separator|hex digit|LogicalOp|UnaryOp|" or r|" or #)', "ExpectedName"),
    (r'(?:invalid digit found in string|number too large to fit in target type|'
     r'number too small to fit in target type|cannot parse integer from empty string) '
     r'while parsing with radix (?:8|10|16)', "ParseInt"),
    (r'(?:invalid length for network: Network length \d+ is too long for Ipv[46] \(maximum: \d+\)|'
     r'host part of address was not zero|'
     r"couldn't parse address in network: .+|couldn't parse length in network: .+)", "ParseNetwork"),
    (r'(?:regex parse error:\n.*\nerror: .+|Compiled regex exceeds size limit of \d+ bytes\.)',
     "ParseRegex"),
    (r'could not find an ending quote', "MissingEndingQuote"),
    (r'unknown identifier', "UnknownIdentifier"),
    (r'cannot perform this operation on type .+', "UnsupportedOp"),
    (r'incompatible range bounds', "IncompatibleRangeBounds"),
    (r'unrecognised input', "EOF"),
    # --- parser / checker errors -- observed ---
    (r'invalid number of arguments', "InvalidArgumentsCount"),
    (r'invalid kind of argument #\d+: expected argument of kind \w+, but got \w+', "InvalidArgumentKind"),
    (r'invalid type of argument #\d+: expected value of type .+, but got .+', "InvalidArgumentType"),
    (r'cannot access index .+ for type .+', "InvalidIndexAccess"),
    (r'invalid use of map each access operator', "InvalidMapEachAccess"),
    (r'invalid list name ".*"', "InvalidListName"),
    # --- kinds of later engines (LANGUAGE.md section 11), never produced by this
    # 2020 build: kept so that a newer oracle is classified rather than "Unknown".
    (r'unknown field', "UnknownField"),
    (r'unknown function', "UnknownFunction"),
    (r'invalid value of argument #?\d+.*', "InvalidArgumentValue"),
    (r'invalid wildcard.*|wildcard has \d+ star metacharacters.*|wildcard contains a double star.*',
     "ParseWildcard"),
    (r'maximum nesting depth exceeded.*', "NestingLimitExceeded"),
]
KIND_RE = [(re.compile(p, re.DOTALL), k) for p, k in KIND_TABLE]

# Rust's char::is_whitespace (Unicode White_Space), which str::trim() uses.
# Python's str.isspace() also accepts U+001C..U+001F, Rust does not.
RUST_WS = set("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
              "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")

HEADER_RE = re.compile(r"Filter parsing error \((\d+):(\d+)\):\n")
CARET_RE = re.compile(r"( *)(\^+) ")


def classify(message):
    for rx, kind in KIND_RE:
        if rx.fullmatch(message):
            return kind
    return "Unknown"


def leading_ws_bytes(expr):
    n = 0
    for ch in expr:
        if ch not in RUST_WS:
            break
        n += len(ch.encode("utf-8"))
    return n


def rust_trim(expr):
    i, j = 0, len(expr)
    while i < j and expr[i] in RUST_WS:
        i += 1
    while j > i and expr[j - 1] in RUST_WS:
        j -= 1
    return expr[i:j]


def line_start(b, line):
    """Byte offset where 1-based `line` starts in b (lines split at LF), or None."""
    pos = 0
    for _ in range(line - 1):
        k = b.find(b"\n", pos)
        if k < 0:
            return None
        pos = k + 1
    return pos


def source_line(b, line):
    s = line_start(b, line)
    if s is None:
        return None
    e = b.find(b"\n", s)
    return b[s:] if e < 0 else b[s:e]


def convert(expr, res, warnings, stats):
    out = {"expr": expr, "ok": bool(res["ok"]), "kind": None, "line": None, "col": None,
           "offset": None, "span": None, "message": None, "ast": res.get("ast")}
    if res["ok"]:
        return out
    err = res["error"] or ""
    out["ast"] = None
    if err.startswith("oracle:"):
        out["kind"], out["message"] = "OracleError", err
        warnings.append("oracle error for %r: %s" % (expr[:80], err))
        return out
    if err.startswith("engine panicked:"):
        out["kind"], out["message"] = "EnginePanic", err
        warnings.append("engine panic for %r: %s" % (expr[:80], err))
        return out
    m = HEADER_RE.match(err)
    if not m:
        out["kind"], out["message"] = "Unknown", err
        warnings.append("unparseable engine error for %r: %r" % (expr[:80], err))
        return out
    line, col = int(m.group(1)), int(m.group(2))
    rest = err[m.end():]
    echoed, _, tail = rest.partition("\n")
    cm = CARET_RE.match(tail)
    if not cm:
        warnings.append("no caret line for %r: %r" % (expr[:80], err))
        message = tail
        carets = None
    else:
        message = tail[cm.end():]
        carets = len(cm.group(2))
        if len(cm.group(1)) != col - 1:
            warnings.append("caret indent %d != col-1 %d for %r" % (len(cm.group(1)), col - 1, expr[:80]))
    if message.endswith("\n"):
        message = message[:-1]
    out.update(line=line, col=col, span=carets, message=message, kind=classify(message))

    # Position -> byte offset into the original text.  The engine reports
    # positions relative to the input it was given (it trims, but computes the
    # position against the untrimmed string), so try that first and confirm it
    # with the source line the engine echoed; fall back to trimmed-relative.
    b = expr.encode("utf-8")
    eb = echoed.encode("utf-8", "surrogateescape")
    offset = None
    ls = line_start(b, line)
    if ls is not None and source_line(b, line) == eb and col - 1 <= len(eb):
        offset = ls + col - 1
        stats["pos_original"] += 1
    else:
        tb = rust_trim(expr).encode("utf-8")
        tls = line_start(tb, line)
        if tls is not None and source_line(tb, line) == eb and col - 1 <= len(eb):
            offset = leading_ws_bytes(expr) + tls + col - 1
            stats["pos_trimmed"] += 1
            warnings.append("position of %r only fits the trimmed text" % expr[:80])
        else:
            warnings.append("cannot place (%d:%d) in %r (echoed line %r)" % (line, col, expr[:80], echoed))
    out["offset"] = offset
    return out


def run_oracle(oracle, exprs):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as tf:
        for e in exprs:
            tf.write(json.dumps(e, ensure_ascii=True) + "\n")
        name = tf.name
    try:
        cmd = [sys.executable, os.path.join(oracle, "oracle.py"), "--jsonl", name]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    finally:
        os.unlink(name)
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode("utf-8", "replace"))
        sys.exit("oracle_golden: oracle exited with status %d" % p.returncode)
    lines = [l for l in p.stdout.decode("utf-8").split("\n") if l.strip()]
    if len(lines) != len(exprs):
        sys.exit("oracle_golden: sent %d expressions, got %d answers" % (len(exprs), len(lines)))
    res = [json.loads(l) for l in lines]
    for e, r in zip(exprs, res):
        if r["expr"] != e:
            sys.exit("oracle_golden: answer out of order: %r vs %r" % (e[:60], (r["expr"] or "")[:60]))
    return res


def describe(oracle):
    p = subprocess.run([sys.executable, os.path.join(oracle, "oracle.py"), "--describe"],
                       stdout=subprocess.PIPE, check=True)
    d = json.loads(p.stdout)
    lib = os.path.join(oracle, ".cache", "libwirefilter_ffi.so")
    with open(lib, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    return {
        "engine_version": d.get("engine_version"),
        "engine_commit": d.get("engine_commit"),
        "firewalker": d.get("firewalker"),
        "libwirefilter_ffi_sha256": sha,
        "oracle_options": ["--jsonl"],
        "spec_fields_file": "fields.json of the spec (oracle default)" if d.get("spec_fields_file") else None,
        "scheme_fields": len(d.get("scheme", {})),
        "functions": sorted(d.get("functions", {})),
        "lists": d.get("lists"),
        "not_added": d.get("not_added"),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--oracle", required=True, help="oracle directory (holds oracle.py)")
    ap.add_argument("pairs", nargs="+", help="IN.jsonl=OUT.jsonl")
    args = ap.parse_args()

    meta = describe(args.oracle)
    print("oracle_golden: engine %s (wirefilter %s, firewalker %s), %d fields" % (
        meta["engine_version"], meta["engine_commit"][:12], meta["firewalker"], meta["scheme_fields"]))

    unknown = {}
    any_warn = False
    for pair in args.pairs:
        src, _, dst = pair.partition("=")
        with open(src, encoding="utf-8") as f:
            exprs = [json.loads(l)["expr"] for l in f if l.strip()]
        res = run_oracle(args.oracle, exprs)
        warnings = []
        stats = {"pos_original": 0, "pos_trimmed": 0}
        outs = [convert(e, r, warnings, stats) for e, r in zip(exprs, res)]
        with open(dst, "w", encoding="utf-8", newline="\n") as f:
            for o in outs:
                f.write(json.dumps(o, ensure_ascii=True, separators=(",", ":")) + "\n")
        counts = {}
        for o in outs:
            k = "ok" if o["ok"] else o["kind"]
            counts[k] = counts.get(k, 0) + 1
            if o["kind"] == "Unknown":
                unknown.setdefault(o["message"], []).append(o["expr"])
        print("oracle_golden: %s: %d expressions -> %s" % (os.path.basename(src), len(outs), os.path.basename(dst)))
        for k in sorted(counts, key=lambda k: (k != "ok", -counts[k], k)):
            print("    %-26s %5d" % (k, counts[k]))
        print("    positions: %d relative to the original text, %d only relative to the trimmed text" % (
            stats["pos_original"], stats["pos_trimmed"]))
        for w in warnings:
            any_warn = True
            print("oracle_golden: WARNING: " + w, file=sys.stderr)

    meta_path = os.path.join(os.path.dirname(os.path.abspath(args.pairs[0].partition("=")[2])), "engine-meta.json")
    with open(meta_path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")

    if unknown:
        any_warn = True
        print("oracle_golden: WARNING: %d engine message(s) matched no kind; extend KIND_TABLE in %s:" % (
            len(unknown), __file__), file=sys.stderr)
        for msg, exprs in sorted(unknown.items()):
            print("    %r  (%d, e.g. %r)" % (msg, len(exprs), exprs[0][:80]), file=sys.stderr)
    if any_warn:
        print("oracle_golden: finished with warnings", file=sys.stderr)


if __name__ == "__main__":
    main()
