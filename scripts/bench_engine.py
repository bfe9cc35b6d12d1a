#!/usr/bin/env python3
"""Time Cloudflare's wirefilter engine parsing (and type-checking) expressions,
without Python overhead per expression: the oracle (../shared/tools/oracle)
builds the scheme through ctypes, and a tiny C helper, compiled here with gcc,
loops over the expressions calling wirefilter_parse_filter and
wirefilter_free_parsing_result through the engine's own function pointers.

    python3 scripts/bench_engine.py --oracle DIR --reps N FILE.jsonl [...]
    python3 scripts/bench_engine.py --oracle DIR --valid IN.jsonl OUT.jsonl

Each input line is a JSON string. Prints one JSON object per file:
{"file": ..., "exprs": n, "ok": n_parsed, "ns_per_expr": [one figure per rep]}.
--valid writes the lines the engine parses to OUT.
"""
import argparse
import ctypes
import json
import os
import subprocess
import sys
import tempfile
import time

C_HELPER = r"""
#include <stdint.h>
#include <stddef.h>
#include <time.h>
typedef struct { const char *data; size_t len; } estr;
typedef struct { uint8_t success; void *data; size_t len; } result;
typedef result (*parse_fn)(void *, estr);
typedef void (*free_fn)(result);
/* Parses every expression reps times; returns nanoseconds in all and sets
   *ok to how many of them parsed (in one pass). */
int64_t run(void *parse, void *freef, void *scheme, const char **exprs, const size_t *lens,
            int n, int reps, int *ok) {
	struct timespec a, b;
	int good = 0;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int r = 0; r < reps; r++) {
		for (int i = 0; i < n; i++) {
			estr s = {exprs[i], lens[i]};
			result res = ((parse_fn)parse)(scheme, s);
			if (r == 0 && res.success == 1) good++;
			((free_fn)freef)(res);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	*ok = good;
	return (int64_t)(b.tv_sec - a.tv_sec) * 1000000000 + (b.tv_nsec - a.tv_nsec);
}
"""


def load(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(json.loads(line).encode("utf-8"))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--oracle", required=True)
    ap.add_argument("--reps", type=int, default=5, help="timed passes over each file")
    ap.add_argument("--inner", type=int, default=3, help="parses of the whole file per timed pass")
    ap.add_argument("--valid", action="store_true", help="IN OUT: keep the lines the engine parses")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()

    sys.path.insert(0, args.oracle)
    import oracle  # noqa: E402  (the oracle's Engine builds the scheme)
    extra = []
    if os.path.exists(oracle.DEFAULT_SPEC_FIELDS):
        extra, _ = oracle.load_spec_fields(oracle.DEFAULT_SPEC_FIELDS)
    engine = oracle.Engine(oracle.DEFAULT_LIB, extra)
    engine.enable_in_this_thread()

    if args.valid:
        src, dst = args.files
        with open(dst, "w", encoding="utf-8") as out:
            for e in load(src):
                ok, _, _ = engine.parse(e)
                if ok:
                    out.write(json.dumps(e.decode("utf-8")) + "\n")
        return

    tmp = tempfile.mkdtemp(prefix="wflint-engine-")
    c, so = os.path.join(tmp, "t.c"), os.path.join(tmp, "t.so")
    with open(c, "w") as f:
        f.write(C_HELPER)
    subprocess.run(["gcc", "-O2", "-shared", "-fPIC", "-o", so, c], check=True)
    helper = ctypes.CDLL(so)
    helper.run.restype = ctypes.c_int64
    helper.run.argtypes = [ctypes.c_void_p] * 3 + [ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_size_t),
                                                    ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
    parse = ctypes.cast(engine.lib.wirefilter_parse_filter, ctypes.c_void_p)
    free = ctypes.cast(engine.lib.wirefilter_free_parsing_result, ctypes.c_void_p)
    for path in args.files:
        exprs = load(path)
        n = len(exprs)
        arr = (ctypes.c_char_p * n)(*exprs)
        lens = (ctypes.c_size_t * n)(*[len(e) for e in exprs])
        ok = ctypes.c_int()
        helper.run(parse, free, engine.scheme, arr, lens, n, 1, ctypes.byref(ok))  # warm up
        figures = []
        for _ in range(args.reps):
            ns = helper.run(parse, free, engine.scheme, arr, lens, n, args.inner, ctypes.byref(ok))
            figures.append(ns / (n * args.inner))
        print(json.dumps({"file": os.path.basename(path), "exprs": n, "ok": ok.value, "ns_per_expr": figures}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
