#!/usr/bin/env python3
"""Match expressions against records with the real 2020 wirefilter engine.

Reads JSONL, one {"expr": "...", "record": {field: value, ...}} per line, and
writes one JSON line per input:

    {"expr": ..., "record": ..., "ok": true,  "match": true,  "error": null}
    {"expr": ..., "record": ..., "ok": false, "match": null,  "error": "..."}

It reuses the parse oracle in /work/shared/tools/oracle (oracle.py, run its
setup.sh once) for the library and the scheme (firewalker's 68 fields only),
then builds an execution context with the FFI (wirefilter_create_execution_context,
wirefilter_add_*_value_to_*) and calls wirefilter_match.

Record values by field type: Bytes -> JSON string (ASCII only: the engine's
FFI takes bytes, JSON strings are text), Int -> number (i32 in this engine),
Bool -> true/false, Ip -> "1.2.3.4" / "::1", Array<Bytes> / Array<Int> ->
list, Map<Array<Bytes>> -> {key: [..]}. The 2020 engine panics when a field
used by the filter has no value, so records must set every field they use.

    python3 scripts/oracle-match.py internal/eval/testdata/engine-match.in.jsonl > internal/eval/testdata/engine-match.jsonl
"""

import argparse
import ctypes
import ipaddress
import json
import os
import sys

DEFAULT_ORACLE = "/work/shared/tools/oracle"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input", nargs="?", default="-")
    ap.add_argument("--oracle-dir", default=os.environ.get("WFLINT_ORACLE_DIR", DEFAULT_ORACLE))
    args = ap.parse_args()
    sys.path.insert(0, args.oracle_dir)
    import oracle  # noqa: E402

    eng = oracle.Engine(os.path.join(args.oracle_dir, ".cache", "libwirefilter_ffi.so"))
    eng.enable_in_this_thread()
    lib = eng.lib
    vp = ctypes.c_void_p
    S = oracle.ExternStr

    def fn(name, restype, *argtypes):
        f = getattr(lib, name)
        f.restype = restype
        f.argtypes = list(argtypes)
        return f

    B4 = ctypes.c_uint8 * 4
    B16 = ctypes.c_uint8 * 16
    create_ctx = fn("wirefilter_create_execution_context", vp, vp)
    free_ctx = fn("wirefilter_free_execution_context", None, vp)
    add_int = fn("wirefilter_add_int_value_to_execution_context", ctypes.c_bool, vp, S, ctypes.c_int32)
    add_bytes = fn("wirefilter_add_bytes_value_to_execution_context", ctypes.c_bool, vp, S, S)
    add_v4 = fn("wirefilter_add_ipv4_value_to_execution_context", ctypes.c_bool, vp, S, ctypes.POINTER(B4))
    add_v6 = fn("wirefilter_add_ipv6_value_to_execution_context", ctypes.c_bool, vp, S, ctypes.POINTER(B16))
    add_bool = fn("wirefilter_add_bool_value_to_execution_context", ctypes.c_bool, vp, S, ctypes.c_bool)
    add_arr_ctx = fn("wirefilter_add_array_value_to_execution_context", ctypes.c_bool, vp, S, vp)
    add_map_ctx = fn("wirefilter_add_map_value_to_execution_context", ctypes.c_bool, vp, S, vp)
    create_arr = fn("wirefilter_create_array", vp, oracle.CType)
    create_map = fn("wirefilter_create_map", vp, oracle.CType)
    arr_bytes = fn("wirefilter_add_bytes_value_to_array", ctypes.c_bool, vp, ctypes.c_uint32, S)
    arr_int = fn("wirefilter_add_int_value_to_array", ctypes.c_bool, vp, ctypes.c_uint32, ctypes.c_int32)
    map_arr = fn("wirefilter_add_array_value_to_map", ctypes.c_bool, vp, S, vp)
    match = fn("wirefilter_match", oracle.BoolResult, vp, vp)
    free_match = fn("wirefilter_free_matching_result", None, oracle.BoolResult)

    types = {name: ty for name, ty, _ in eng.fields}
    keep = []  # byte buffers the context borrows

    def s(text):
        b = text.encode("utf-8")
        keep.append(b)
        return S(b, len(b))

    def add(ctx, name, value):
        ty = types.get(name)
        if ty is None:
            raise ValueError("unknown field %s" % name)
        n = s(name)
        if ty == "Bytes":
            return add_bytes(ctx, n, s(value))
        if ty == "Int":
            return add_int(ctx, n, value)
        if ty == "Bool":
            return add_bool(ctx, n, value)
        if ty == "Ip":
            a = ipaddress.ip_address(value)
            if a.version == 4:
                buf = B4(*a.packed)
                keep.append(buf)
                return add_v4(ctx, n, ctypes.byref(buf))
            buf = B16(*a.packed)
            keep.append(buf)
            return add_v6(ctx, n, ctypes.byref(buf))
        if ty in (("Array", "Bytes"), ("Array", "Int")):
            return add_arr_ctx(ctx, n, make_array(ty[1], value))
        if ty == ("Map", ("Array", "Bytes")):
            m = create_map(eng._ctype(ty[1]))
            for k, vs in value.items():
                if not map_arr(m, s(k), make_array("Bytes", vs)):
                    raise ValueError("could not add map key %r" % k)
            return add_map_ctx(ctx, n, m)
        raise ValueError("field type %s not supported by this script" % oracle.type_to_str(ty))

    def make_array(elem, values):
        a = create_arr(eng._ctype(elem))
        for i, v in enumerate(values):
            ok = arr_bytes(a, i, s(v)) if elem == "Bytes" else arr_int(a, i, v)
            if not ok:
                raise ValueError("could not add array element %r" % (v,))
        return a

    src = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")
    for line in src:
        if not line.strip():
            continue
        item = json.loads(line)
        out = {"expr": item["expr"], "record": item["record"], "ok": False, "match": None, "error": None}
        data = item["expr"].encode("utf-8")
        res = eng._parse(eng.scheme, S(data, len(data)))
        if res.success != 1:
            out["error"] = oracle._rust_str(res.payload).decode("utf-8", "replace")
            eng._free_parse(res)
        else:
            comp = eng._compile(res.payload.data)  # consumes the AST
            if comp.success != 1:
                out["error"] = "compile: " + oracle._rust_str(comp.payload).decode("utf-8", "replace")
            else:
                ctx = create_ctx(eng.scheme)
                try:
                    for k, v in item["record"].items():
                        if not add(ctx, k, v):
                            raise ValueError("engine refused value for %s" % k)
                    m = match(comp.payload.data, ctx)
                    if m.success == 1:
                        out["ok"], out["match"] = True, bool(m.value)
                    else:
                        out["error"] = oracle._rust_str(m.msg).decode("utf-8", "replace")
                    free_match(m)
                except ValueError as e:
                    out["error"] = "oracle-match: %s" % e
                finally:
                    free_ctx(ctx)
                    keep.clear()
            eng._free_compile(comp)
        sys.stdout.write(json.dumps(out, sort_keys=True) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
