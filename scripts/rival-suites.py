#!/usr/bin/env python3
"""Runs the test cases of three rival linters through wflint and compares
verdicts: recall (cases a rival flags that wflint flags too, by the rival's
category) and false alarms (cases a rival holds valid that wflint flags at
warning or error).

Nothing of the rivals is kept in this repository: the script reads their
test files at run time from git checkouts or mirrors fetched elsewhere, for
example

    git clone https://github.com/doctena-org/octorules-cloudflare /tmp/r/octorules
    git clone https://github.com/jonasbb/cloudflare-rule-linter   /tmp/r/jonasbb
    git clone https://github.com/troymjones/cloudflare-expression-lint /tmp/r/troymjones
    go build -o /tmp/wflint ./cmd/wflint
    scripts/rival-suites.py --wflint /tmp/wflint --octorules /tmp/r/octorules \\
        --jonasbb /tmp/r/jonasbb --troymjones /tmp/r/troymjones --out /tmp/rival-out

A directory may be a work tree or a bare repository (its HEAD is read).
The cases are written to OUT/cases as .wf files (with `# wflint:phase` and
`# wflint:role` directives), linted with `--profile rules --format json`,
and every verdict is written to OUT/results.jsonl for review; the summary
goes to standard output.

How each suite's tests become cases (a case is an expression, its context,
the rival's code and its verdict: "flag" or "valid"):

- octorules-cloudflare: tests/test_linter/test_ast_linter.py and
  test_phase_linter.py, read with Python's ast: `ctx = _lint(EXPR[, PHASE])`
  followed by `assert "CFnnn" in/not in _ids(ctx)`, `assert_lint` /
  `assert_no_lint`, or a `[r for r in ctx.results if r.rule_id == "CFnnn"]`
  list checked with len(...)/truthiness; docs/lint/stage2-per-rule.md, where
  a rule's `expression:` examples before "Fix:" are flagged and after it are
  not. Phases are mapped with the suite's own table (_CF_PHASE_SPECS), and
  categories come from its RuleMeta table (_rules.py).
- cloudflare-rule-linter: expect_lint_message (flag) and
  assert_no_lint_message (valid for the file's lint) in the Rust tests; the
  lint's name is read from the expected message.
- cloudflare-expression-lint: vitest files, read with a small tokenizer for
  JavaScript strings: isValid(...)/result.valid, codes(...).toContain,
  diagnostics.some(d => d.code === ...), per-file predicate helpers
  (`function hasX(expr) { ... d.code === 'X' }`), error counts, and arrays
  of expressions looped over with for-of. Calls with arguments that are not
  string literals (concatenations, variables) are skipped and counted.
"""

import argparse
import ast
import collections
import json
import os
import re
import shutil
import subprocess
import sys

# ---------------------------------------------------------------- reading


class Repo:
    """A work tree or a bare git repository, read at HEAD."""

    def __init__(self, path):
        self.path = path
        self.bare = not os.path.isdir(os.path.join(path, ".git")) and os.path.isfile(os.path.join(path, "HEAD"))

    def read(self, rel):
        if self.bare:
            r = subprocess.run(["git", "-C", self.path, "show", "HEAD:" + rel], capture_output=True, text=True)
            return r.stdout if r.returncode == 0 else None
        p = os.path.join(self.path, rel)
        return open(p, encoding="utf-8").read() if os.path.isfile(p) else None

    def ls(self, prefix):
        if self.bare:
            r = subprocess.run(["git", "-C", self.path, "ls-tree", "-r", "--name-only", "HEAD", prefix],
                               capture_output=True, text=True, check=True)
            return r.stdout.split()
        out = []
        for root, _, files in os.walk(os.path.join(self.path, prefix)):
            for f in files:
                out.append(os.path.relpath(os.path.join(root, f), self.path))
        return sorted(out)

    def head(self):
        r = subprocess.run(["git", "-C", self.path, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        return r.stdout.strip()


def case(suite, src, test, expr, verdict, code, phase="", role="", category=""):
    return {"suite": suite, "src": src, "test": test, "expr": expr, "verdict": verdict,
            "code": code, "phase": phase, "role": role, "category": category or code}


# ---------------------------------------------------------------- octorules


def octorules_tables(repo):
    phases, cats = {}, {}
    init = repo.read("octorules_cloudflare/__init__.py") or ""
    for name, pid in re.findall(r'\(\s*"([a-z0-9_]+)",\s*"([a-z0-9_]+)",', init):
        phases[name] = pid
    rules = repo.read("octorules_cloudflare/linter/_rules.py") or ""
    for code, cat in re.findall(r'RuleMeta\(\s*"(CF\d+)",\s*"([a-z_]+)"', rules):
        cats[code] = cat
    return phases, cats


def _const_str(node):
    """The value of a string constant or an implicit/explicit concatenation
    of string constants, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        a, b = _const_str(node.left), _const_str(node.right)
        if a is not None and b is not None:
            return a + b
    return None


def octorules_tests(repo, rel, phases, cats, skipped):
    src = repo.read(rel)
    if src is None:
        return []
    out = []
    tree = ast.parse(src)
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef) or not fn.name.startswith("test"):
            continue
        ctxs = {}   # variable -> (expr, phase)
        lists = {}  # variable -> (ctx variable, code)
        verdicts = []  # (ctx var, code, verdict)
        for st in ast.walk(fn):
            if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
                var, v = st.targets[0].id, st.value
                if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "_lint" and v.args:
                    expr = _const_str(v.args[0])
                    phase = _const_str(v.args[1]) if len(v.args) > 1 else "waf_custom_rules"
                    if expr is None or phase is None:
                        skipped["octorules: _lint argument not a string literal"] += 1
                        continue
                    ctxs[var] = (expr, phase)
                elif isinstance(v, ast.ListComp):
                    # [r for r in ctx.results if r.rule_id == "CFnnn"]
                    g = v.generators[0]
                    if (isinstance(g.iter, ast.Attribute) and isinstance(g.iter.value, ast.Name)
                            and g.ifs and isinstance(g.ifs[0], ast.Compare)):
                        c = g.ifs[0].comparators[0]
                        code = _const_str(c)
                        if code and code.startswith("CF"):
                            lists[var] = (g.iter.value.id, code)
            if isinstance(st, ast.Call) and isinstance(st.func, ast.Name) and st.func.id in ("assert_lint", "assert_no_lint"):
                if len(st.args) >= 2 and isinstance(st.args[0], ast.Name) and _const_str(st.args[1]):
                    verdicts.append((st.args[0].id, _const_str(st.args[1]), "flag" if st.func.id == "assert_lint" else "valid"))
            if isinstance(st, ast.Assert):
                t = st.test
                # "CFnnn" in / not in _ids(ctx)
                if (isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], (ast.In, ast.NotIn))
                        and _const_str(t.left) and isinstance(t.comparators[0], ast.Call)
                        and isinstance(t.comparators[0].func, ast.Name) and t.comparators[0].func.id == "_ids"
                        and t.comparators[0].args and isinstance(t.comparators[0].args[0], ast.Name)):
                    verdicts.append((t.comparators[0].args[0].id, _const_str(t.left),
                                     "flag" if isinstance(t.ops[0], ast.In) else "valid"))
                # len(g) == N
                elif (isinstance(t, ast.Compare) and isinstance(t.left, ast.Call) and isinstance(t.left.func, ast.Name)
                      and t.left.func.id == "len" and t.left.args and isinstance(t.left.args[0], ast.Name)
                      and t.left.args[0].id in lists and isinstance(t.ops[0], (ast.Eq, ast.GtE, ast.Gt))
                      and isinstance(t.comparators[0], ast.Constant)):
                    ctxv, code = lists[t.left.args[0].id]
                    n = t.comparators[0].value
                    verdicts.append((ctxv, code, "valid" if isinstance(t.ops[0], ast.Eq) and n == 0 else "flag"))
                # assert g / assert not g
                elif isinstance(t, ast.Name) and t.id in lists:
                    verdicts.append((lists[t.id][0], lists[t.id][1], "flag"))
                elif isinstance(t, ast.UnaryOp) and isinstance(t.op, ast.Not) and isinstance(t.operand, ast.Name) and t.operand.id in lists:
                    verdicts.append((lists[t.operand.id][0], lists[t.operand.id][1], "valid"))
        for ctxv, code, verdict in verdicts:
            if ctxv not in ctxs:
                skipped["octorules: assertion on a context not built by _lint(literal)"] += 1
                continue
            expr, phase = ctxs[ctxv]
            out.append(case("octorules", rel, fn.name, expr, verdict, code, phases.get(phase, ""), "", cats.get(code, "")))
    return out


def _yaml_scalar(s):
    s = s.strip()
    if s.startswith("'"):
        m = re.match(r"'((?:[^']|'')*)'", s)
        return m.group(1).replace("''", "'") if m else None
    if s.startswith('"'):
        m = re.match(r'"((?:[^"\\]|\\.)*)"', s)
        return json.loads('"' + m.group(1) + '"') if m else None
    return s.split(" #", 1)[0].strip() or None


def octorules_docs(repo, rel, phases, cats):
    text = repo.read(rel)
    if text is None:
        return []
    # A rule's examples flag until "Fix:", or inside a block from a
    # "# Fires" comment to a "# No fire" or "# Suggested replacement" one.
    out, code, after_fix, phase = [], None, False, ""
    in_block, valid, params_indent = False, False, -1
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip())
        m = re.match(r"^### (CF\d+)", line)
        if m:
            code, after_fix, phase = m.group(1), False, ""
            continue
        if line.strip() == "Fix:" or line.startswith("Fix:") or line.startswith("**Fix:**"):
            after_fix = True
        if line.startswith("```"):
            in_block = not in_block
            phase, valid, params_indent = "", after_fix, -1
            continue
        if re.match(r"^\s*(- )?(ref|action):", line):
            params_indent = -1
        if "action_parameters:" in line:
            params_indent = indent
        if not in_block or not code:
            continue
        cm = re.match(r"^#\s*(.*)$", line.strip())
        if cm:
            word = cm.group(1).lower()
            if word.startswith("fires"):
                valid = False
            elif word.startswith("no fire") or word.startswith("suggested") or word.startswith("or"):
                valid = True
            continue
        pm = re.match(r"^([a-z_]+):\s*$", line)
        if pm and pm.group(1) in phases:
            phase = phases[pm.group(1)]
        em = re.match(r"^\s*(?:- )?expression:\s*(.+)$", line)
        if em:
            expr = _yaml_scalar(em.group(1))
            if not expr or "..." in expr:
                continue
            # An expression inside action_parameters is a value (a redirect
            # target, a header value), not the rule's filter.
            role = "value" if 0 <= params_indent < indent else ""
            out.append(case("octorules", rel, code + (" ok" if valid else ""), expr,
                            "valid" if valid else "flag", code, phase, role, cats.get(code, "")))
    return out


def octorules_cases(repo, skipped):
    phases, cats = octorules_tables(repo)
    out = []
    for rel in ("tests/test_linter/test_ast_linter.py", "tests/test_linter/test_phase_linter.py"):
        out += octorules_tests(repo, rel, phases, cats, skipped)
    out += octorules_docs(repo, "docs/lint/stage2-per-rule.md", phases, cats)
    return out


# ---------------------------------------------------------------- jonasbb


def rust_string(s, i):
    """Parses a Rust string literal at s[i]; returns (value, end) or None."""
    m = re.match(r'r(#*)"', s[i:])
    if m:
        hashes = m.group(1)
        start = i + len(m.group(0))
        end = s.find('"' + hashes, start)
        return (s[start:end], end + 1 + len(hashes)) if end >= 0 else None
    if s[i] == '"':
        j, buf = i + 1, []
        while j < len(s) and s[j] != '"':
            if s[j] == "\\":
                buf.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(s[j + 1], s[j + 1]))
                j += 2
                continue
            buf.append(s[j])
            j += 1
        return "".join(buf), j + 1
    return None


def jonasbb_cases(repo, skipped):
    out = []
    for rel in repo.ls("cloudflare_rules/src"):
        if not rel.endswith(".rs"):
            continue
        src = repo.read(rel) or ""
        stem = os.path.basename(rel)[:-3]
        found = []
        for m in re.finditer(r"\b(expect_lint_message|assert_no_lint_message)\(\s*&?\w+,\s*", src):
            lit = rust_string(src, m.end())
            if lit is None:
                skipped["jonasbb: expression not a string literal"] += 1
                continue
            expr, end = lit
            code = ""
            if m.group(1) == "expect_lint_message":
                em = re.search(r"\((\w+)\)\n", src[end:end + 600])
                code = em.group(1) if em else stem
            found.append((m.group(1), expr, code))
        codes = [c for k, _, c in found if c]
        file_code = collections.Counter(codes).most_common(1)[0][0] if codes else stem
        for kind, expr, code in found:
            out.append(case("jonasbb", rel, "", expr, "flag" if kind == "expect_lint_message" else "valid", code or file_code))
    return out


# ---------------------------------------------------------------- troymjones


def js_string(s, i):
    """Parses a JavaScript string literal at s[i]; returns (value, end) or None.
    Template literals with ${} are not literals."""
    q = s[i]
    if q not in "'\"`":
        return None
    j, buf, literal = i + 1, [], True
    while j < len(s) and s[j] != q:
        if s[j] == "\\":
            c = s[j + 1]
            buf.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(c, c))
            j += 2
            continue
        if q == "`" and s.startswith("${", j):
            literal = False
            j = s.find("}", j) + 1 or len(s)
            continue
        buf.append(s[j])
        j += 1
    return ("".join(buf) if literal else None), j + 1


def skip_comment(s, j):
    """The end of a // or /* */ comment at s[j], or j when there is none."""
    if s.startswith("//", j):
        k = s.find("\n", j)
        return len(s) if k < 0 else k
    if s.startswith("/*", j):
        k = s.find("*/", j + 2)
        return len(s) if k < 0 else k + 2
    return j


def skip_ws(s, i):
    while i < len(s) and s[i] in " \t\r\n":
        i += 1
    return i


def js_code(s, i):
    """Yields (position, character, depth) for each character of code from
    s[i] on, outside strings and comments; depth counts the brackets opened
    since s[i], and a closing bracket is yielded with the depth it leaves."""
    depth, j = 0, i
    while j < len(s):
        k = skip_comment(s, j)
        if k != j:
            j = k
            continue
        c = s[j]
        if c in "'\"`":
            lit = js_string(s, j)
            j = lit[1] if lit else j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        yield j, c, depth
        j += 1


def js_args(s, i):
    """Reads call arguments after the '(' at s[i-1] up to the matching ')':
    returns ([args as (value or None, raw text)], end)."""
    start, args = i, []
    for j, c, depth in js_code(s, i):
        if depth < 0:
            args.append(s[start:j])
            return [(literal_value(a), a) for a in args if a.strip()], j + 1
        if c == "," and depth == 0:
            args.append(s[start:j])
            start = j + 1
    return [], len(s)


def literal_value(text):
    """The value of a string literal or a + concatenation of them, else None."""
    text = text.strip()
    parts, i = [], 0
    while i < len(text):
        i = skip_ws(text, i)
        lit = js_string(text, i) if i < len(text) else None
        if lit is None or lit[0] is None:
            return None
        parts.append(lit[0])
        i = skip_ws(text, lit[1])
        if i < len(text):
            if text[i] != "+":
                return None
            i += 1
    return "".join(parts) if parts else None


def ctx_of(args):
    phase, role, option = "", "", False
    for _, raw in args[1:]:
        m = re.search(r"phase:\s*'([a-z0-9_]+)'", raw)
        if m:
            phase = m.group(1)
        m = re.search(r"expressionType:\s*'([a-z_]+)'", raw)
        if m and m.group(1) != "filter":
            role = "value"
        if re.search(r"allowPlaceholders|accountLevel|operatorStyle", raw) or re.fullmatch(r"\s*'(clike|english|off)'\s*|\s*(true|false)\s*", raw):
            option = True
    return phase, role, option


def block_end(s, i):
    """The end of the statement starting at s[i]: the next ';' at depth 0, or
    the bracket that closes the one it is in."""
    for j, c, depth in js_code(s, i):
        if depth < 0 or c == ";" and depth == 0:
            return j
    return len(s)


def troymjones_helpers(src):
    """Per-file helpers: name -> kind ('valid', 'codes', 'diags', 'result',
    or ('has', CODE)), and whether it takes options beyond a context."""
    helpers = {"validate": ("result", False)}
    for m in re.finditer(r"function (\w+)\(([^)]*)\)[^{]*\{", src):
        name, params = m.group(1), m.group(2)
        body = src[m.end():block_end(src, m.end())]
        # A parameter with a default (accountLevel = true) sets an option on
        # every call; an optional one (operatorStyle?) only when passed.
        opt = "always" if "=" in params else ("operatorStyle" in params or "accountLevel" in params)
        has = re.search(r"d\.code === '([a-z0-9-]+)'", body)
        if has and ".some(" in body:
            helpers[name] = (("has", has.group(1)), opt)
        elif has and ".find(" in body:
            continue
        elif ".valid" in body:
            helpers[name] = ("valid", opt)
        elif "d.code)" in body or "d => d.code" in body:
            helpers[name] = ("codes", opt)
        elif ".diagnostics" in body:
            helpers[name] = ("diags", opt)
    return helpers


def troymjones_cases(repo, skipped):
    out = []
    for rel in repo.ls("src/__tests__"):
        if not rel.endswith(".test.ts"):
            continue
        src = repo.read(rel) or ""
        helpers = troymjones_helpers(src)
        if not any(k for k in helpers if k != "validate") and "validate(" not in src:
            continue
        # it(...) blocks and the arrays looped over in describe blocks
        arrays = {}
        for m in re.finditer(r"const (\w+)(?::\s*[\w\[\]]+)?\s*=\s*\[", src):
            items, _ = js_args(src, m.end())
            vals = [v for v, _ in items]
            if vals and all(v is not None for v in vals):
                arrays[m.group(1)] = vals
        for m in re.finditer(r"for \(const (\w+) of (\w+)\)\s*\{", src):
            var, arr = m.group(1), m.group(2)
            if arr not in arrays:
                continue
            body = src[m.end():block_end(src, m.end())]
            for hm in re.finditer(r"(\w+)\(" + var + r"\b([^)]*)\)\)\s*\.(not\.)?(toBe|toContain)\(([^)]*)\)", body):
                h, kind = hm.group(1), helpers.get(hm.group(1), (None, False))[0]
                arg = hm.group(5).strip().strip("'")
                for expr in arrays[arr]:
                    if kind == "valid" and arg in ("true", "false"):
                        out.append(case("troymjones", rel, "for " + arr, expr, "valid" if arg == "true" else "flag", "valid" if arg == "true" else "invalid"))
                    elif isinstance(kind, tuple) and arg in ("true", "false"):
                        out.append(case("troymjones", rel, "for " + arr, expr, "flag" if arg == "true" else "valid", kind[1]))
                    elif kind == "codes" and hm.group(4) == "toContain":
                        out.append(case("troymjones", rel, "for " + arr, expr, "valid" if hm.group(3) else "flag", arg))
        for it in re.finditer(r"\bit\(\s*(['\"`])", src):
            title = js_string(src, it.end() - 1)
            if not title or title[0] is None:
                continue
            body_start = title[1]
            body = src[body_start:block_end(src, body_start)]
            out += troymjones_it(rel, title[0], body, helpers, skipped)
    return out


def troymjones_it(rel, title, body, helpers, skipped):
    out = []
    vars_ = {}  # variable -> (expr, phase, role, option, kind)

    def call_at(i, name):
        args, end = js_args(body, i)
        if not args:
            return None, end
        expr = args[0][0]
        if expr is None:
            skipped["troymjones: first argument not a string literal"] += 1
            return None, end
        phase, role, option = ctx_of(args)
        kind, hopt = helpers[name]
        return (expr, phase, role, option or hopt == "always" or (hopt and len(args) > 1), kind), end

    def add(info, verdict, code):
        expr, phase, role, option, _ = info
        if option:
            skipped["troymjones: verdict depends on an option wflint has not (account level, operator style, placeholders)"] += 1
            return
        if phase == "load_balancing":
            phase = ""  # not a ruleset phase; checked without one
        out.append(case("troymjones", rel, title, expr, verdict, code, phase, role))

    for m in re.finditer(r"(?:const|let) (\w+)\s*=\s*(\w+)\(", body):
        if m.group(2) in helpers:
            info, _ = call_at(m.end(), m.group(2))
            if info:
                vars_[m.group(1)] = info
    for m in re.finditer(r"expect\(", body):
        stmt = body[m.end():block_end(body, m.end())]
        hm = re.match(r"\s*(\w+)\(", stmt)
        info = None
        rest = stmt
        if hm and hm.group(1) in helpers:
            info, end = call_at(m.end() + hm.end(), hm.group(1))
            rest = body[end:m.end() + len(stmt) + 40]
        else:
            vm = re.match(r"\s*(\w+)\b", stmt)
            if vm and vm.group(1) in vars_:
                info = vars_[vm.group(1)]
                rest = stmt[vm.end():] + body[m.end() + len(stmt):m.end() + len(stmt) + 40]
        if not info:
            continue
        kind = info[4]
        tail = re.search(r"\)\s*\.(not\.)?(toBe|toContain|toBeGreaterThan|toHaveLength)\(([^)]*)\)", rest)
        if not tail:
            continue
        neg, method, arg = bool(tail.group(1)), tail.group(2), tail.group(3).strip().strip("'")
        lead = rest[:tail.start()]
        code_m = re.search(r"d\.code === '([a-z0-9-]+)'", lead)
        sev_err = "severity === 'error'" in lead
        if isinstance(kind, tuple) and method == "toBe" and arg in ("true", "false"):
            add(info, "flag" if (arg == "true") != neg else "valid", kind[1])
        elif kind == "valid" and method == "toBe" and arg in ("true", "false"):
            ok = (arg == "true") != neg
            add(info, "valid" if ok else "flag", "valid" if ok else "invalid")
        elif kind == "codes" and method == "toContain":
            add(info, "valid" if neg else "flag", arg)
        elif kind in ("diags", "result"):
            if ".valid" in lead and method == "toBe" and arg in ("true", "false"):
                ok = (arg == "true") != neg
                add(info, "valid" if ok else "flag", "valid" if ok else "invalid")
            elif code_m and ".some(" in lead and method == "toBe" and arg in ("true", "false"):
                add(info, "flag" if (arg == "true") != neg else "valid", code_m.group(1))
            elif code_m and ".filter(" in lead and ".length" in lead and method == "toBe" and arg == "0":
                add(info, "valid", code_m.group(1))
            elif code_m and ".filter(" in lead and (method == "toBeGreaterThan" or method == "toBe" and arg.isdigit()):
                add(info, "flag", code_m.group(1))
            elif sev_err and ".length" in lead and method == "toBe" and arg == "0":
                add(info, "valid", "valid")
            elif "d.code)" in lead and method == "toContain":
                add(info, "valid" if neg else "flag", arg)
    return out


# ---------------------------------------------------------------- concerns

# Which wflint rules answer each rival code: wflint's judgement of what the
# code is about, not the rivals' data. REJECTED stands for any finding that
# says Cloudflare rejects the expression; None for a concern wflint does not
# address in an expression (actions, plans, the dashboard's Expression
# Builder, whitespace around the whole expression, style preferences).
REJECTED = "REJECTED"
VALUE = {"value-domain", "case-never-matches", "invalid-country-code", "path-without-slash", "score-out-of-range",
         "asn-out-of-range", "timestamp-bounds", "ja3-format", "host-with-scheme-or-port", "percent-encoded-literal",
         "query-question-mark", "path-with-query", "uri-with-scheme", "deprecated-field"}
CONCERNS = {
    "octorules": {
        "CF001": {REJECTED}, "CF002": {"nesting-too-deep", REJECTED}, "CF019": {"field-not-in-phase"},
        "CF020": {"field-not-in-phase"}, "CF300": {"unknown-function"},
        "CF301": {"function-not-in-phase", "rewrite-only-function"}, "CF302": {"replace-once"},
        "CF303": {"argument-value"}, "CF304": {"argument-value"}, "CF305": {"argument-value"},
        "CF306": {"argument-kind"}, "CF307": {REJECTED}, "CF308": {"unknown-field"},
        "CF309": {"map-each-different-arrays"}, "CF510": {"or-to-in"}, "CF511": {"raw-field"},
        "CF512": {"double-negation"}, "CF513": {"negated-comparison"}, "CF514": {"contradiction", "tautology"},
        "CF515": {"regex-not-raw"}, "CF516": {"mixed-notation"}, "CF517": {"mixed-and-or"}, "CF518": {"long-set"},
        "CF520": {"case-never-matches", "value-domain"}, "CF521": {"path-without-slash"},
        "CF522": {"pattern-in-equality", "path-without-slash"}, "CF523": {"case-never-matches", "invalid-country-code"},
        "CF524": {"score-out-of-range", "value-domain", "deprecated-field"}, "CF525": {"value-domain"},
        "CF526": {"case-never-matches"}, "CF527": {"value-domain"}, "CF528": {"duplicate-set-item"},
        "CF529": {"deprecated-field"}, "CF530": {"bogon-ip"}, "CF531": {"overlapping-set-item"}, "CF532": VALUE,
        "CF533": {"timestamp-bounds"}, "CF534": {"overlapping-set-item"}, "CF535": {"case-never-matches"},
        "CF536": {"length-comparison"}, "CF537": {"invalid-wildcard"}, "CF538": {"range-bounds"},
        "CF539": {"argument-value"}, "CF540": {"argument-value"}, "CF541": {"argument-field"},
        "CF542": {"invalid-regex"}, "CF543": {"substring-bounds"}, "CF544": {"json-key-path"},
        "CF545": {"argument-value"}, "CF546": {"regex-unescaped-metachar", "glob-in-matches"},
        "CF547": {"empty-set"}, "CF548": {"regex-matches-everything"}, "CF549": {"regex-could-be-eq"},
        "CF550": {"percent-encoded-literal"},
    },
    "jonasbb": {
        "deprecated_field": {"deprecated-field"}, "duplicate_list_entries": {"duplicate-set-item", "overlapping-set-item"},
        "illogical_condition": {"contradiction", "tautology"}, "negated_comparison": {"negated-comparison"},
        "regex_raw_strings": {"regex-not-raw"}, "reserved_ip_space": {"bogon-ip"},
        "timestamp_comparisons": {"timestamp-bounds"}, "value_domain": VALUE,
    },
    "troymjones": {
        "ambiguous-precedence": {"mixed-and-or"}, "deprecated-field": {"deprecated-field"}, "empty-in-list": {"empty-set"},
        "expression-too-long": {"expression-too-long"}, "field-not-in-phase": {"field-not-in-phase", "unknown-field"},
        "function-max-exceeded": {"replace-once"}, "function-not-in-context": {"rewrite-only-function", "function-not-in-phase"},
        "header-key-not-lowercase": {"case-never-matches"}, "invalid": {REJECTED}, "parse-error": {REJECTED},
        "invalid-cidr-mask": {"invalid-cidr"}, "invalid-list-name": {"invalid-list-name"},
        "invalid-wildcard-pattern": {"invalid-wildcard"}, "operator-type-mismatch": {REJECTED},
        "prefer-bare-boolean": {"boolean-literal"},
        "too-many-regex": {"too-many-regexes"}, "unknown-field": {"unknown-field"}, "unknown-function": {"unknown-function"},
        "valid": {REJECTED},
    },
}


def concern(c):
    """The wflint rules that answer the case's code, or None."""
    return CONCERNS.get(c["suite"], {}).get(c["code"])


def answers(c, ds):
    """The case's findings that answer its code (at any severity)."""
    want = concern(c) or set()
    return [x for x in ds if x["rule"] in want or (REJECTED in want and x.get("rejected"))]


# ---------------------------------------------------------------- running


def write_cases(cases, out):
    d = os.path.join(out, "cases")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for i, c in enumerate(cases):
        c["file"] = os.path.join(d, "%s-%04d.wf" % (c["suite"], i))
        with open(c["file"], "w", encoding="utf-8") as f:
            if c["phase"]:
                f.write("# wflint:phase %s\n" % c["phase"])
            if c["role"]:
                f.write("# wflint:role %s\n" % c["role"])
            f.write(c["expr"] + "\n")
    return d


def lint(wflint, d):
    r = subprocess.run([wflint, "--profile", "rules", "--format", "json", "--max-per-rule", "0", d],
                       capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit("wflint failed: " + r.stderr)
    res = json.loads(r.stdout)
    by = collections.defaultdict(list)
    for x in res["diagnostics"]:
        by[os.path.abspath(x["path"]) if os.path.isabs(x["path"]) else os.path.abspath(os.path.join(os.getcwd(), x["path"]))].append(x)
    for e in res.get("errors", []):
        by[os.path.abspath(e["path"])].append({"rule": "read-error", "severity": "error", "message": e["message"]})
    return by


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wflint", required=True)
    ap.add_argument("--octorules")
    ap.add_argument("--jonasbb")
    ap.add_argument("--troymjones")
    ap.add_argument("--out", required=True, help="a directory outside the repository")
    a = ap.parse_args()
    skipped = collections.Counter()
    cases, heads = [], {}
    for name, path, fn in (("octorules", a.octorules, octorules_cases), ("jonasbb", a.jonasbb, jonasbb_cases),
                           ("troymjones", a.troymjones, troymjones_cases)):
        if path:
            repo = Repo(path)
            heads[name] = repo.head()
            cases += fn(repo, skipped)
    # One case per suite, expression, context, code and verdict.
    seen, uniq = set(), []
    for c in cases:
        k = (c["suite"], c["expr"], c["phase"], c["role"], c["code"], c["verdict"])
        if k not in seen:
            seen.add(k)
            uniq.append(c)
    os.makedirs(a.out, exist_ok=True)
    d = write_cases(uniq, a.out)
    by = lint(a.wflint, d)
    with open(os.path.join(a.out, "results.jsonl"), "w", encoding="utf-8") as f:
        for c in uniq:
            ds = by.get(os.path.abspath(c["file"]), [])
            c["wflint"] = sorted({"%s:%s" % (x["severity"], x["rule"]) for x in ds})
            c["addressed"] = concern(c) is not None
            c["answered"] = sorted({x["rule"] for x in answers(c, ds)})
            # A rejection answers any flag: Cloudflare refuses the rule
            # whatever else is wrong with it (often the rival's input is
            # invalid for another reason).
            c["rejected"] = sorted({x["rule"] for x in ds if x.get("rejected")})
            c["flagged_we"] = any(x["severity"] in ("warning", "error") for x in ds)
            # On a case the rival holds valid: a warning or error on the
            # rival's own concern (or, for a case held valid as a whole, a
            # rejection) contradicts it; other warnings are about something
            # else the rival does not check.
            c["contradicts"] = sorted({x["rule"] for x in answers(c, ds) if x["severity"] in ("warning", "error")})
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    report(uniq, heads, skipped)


def report(cases, heads, skipped):
    for suite in ("octorules", "jonasbb", "troymjones"):
        cs = [c for c in cases if c["suite"] == suite]
        if not cs:
            continue
        pos = [c for c in cs if c["verdict"] == "flag"]
        neg = [c for c in cs if c["verdict"] == "valid"]
        addr = [c for c in pos if c["addressed"]]
        print("== %s @ %s: %d cases, %d flagged by the rival, %d held valid" % (suite, heads.get(suite, "?"), len(cs), len(pos), len(neg)))
        print("   recall: %d/%d flagged cases answered by the wflint rule for the same mistake, %d more rejected by "
              "wflint for another reason, %d more flagged for something else; %d flagged cases are about what "
              "wflint does not check in an expression" % (
                  sum(bool(c["answered"]) for c in addr), len(addr),
                  sum(not c["answered"] and bool(c["rejected"]) for c in addr),
                  sum(not c["answered"] and not c["rejected"] and bool(c["wflint"]) for c in addr), len(pos) - len(addr)))
        print("   false alarms: %d/%d held-valid cases get a wflint warning or error on the rival's own concern; "
              "%d more get one about something else" % (
                  sum(bool(c["contradicts"]) for c in neg), len(neg),
                  sum(c["flagged_we"] and not c["contradicts"] for c in neg)))
        bycat = collections.defaultdict(list)
        for c in pos:
            bycat[c["category"]].append(c)
        for cat in sorted(bycat):
            l = bycat[cat]
            a = [c for c in l if c["addressed"]]
            print("     %-26s %3d/%-3d answered%s" % (cat, sum(bool(c["answered"]) for c in a), len(a),
                                                  "" if len(a) == len(l) else "   (+%d not checked by wflint)" % (len(l) - len(a))))
    if skipped:
        print("== not converted")
        for k, v in sorted(skipped.items()):
            print("   %4d %s" % (v, k))


if __name__ == "__main__":
    main()
