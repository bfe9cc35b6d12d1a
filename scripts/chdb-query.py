#!/usr/bin/env python3
"""Run ClickHouse SQL in chDB (embedded ClickHouse, no server, no network).

Usage: chdb-query.py /path/to/libchdb.so < queries

libchdb.so comes from the npm package @chdb/lib-linux-x64-gnu:
    npm pack @chdb/lib-linux-x64-gnu && tar xzf chdb-lib-linux-x64-gnu-*.tgz
(package/libchdb.so; only glibc is needed, not Node).

Queries on stdin are separated by NUL bytes. For each, one answer is written
to stdout: "OK <n>\\n" or "ERR <n>\\n", then n bytes (TabSeparated output, or
the error text). The chbuild tests drive it (WFLINT_CHDB_LIB).
"""
import ctypes
import sys


def queries(f):
    """Yields each NUL-terminated query as soon as it has arrived."""
    buf = b""
    while True:
        chunk = f.read1(65536)
        if not chunk:
            break
        buf += chunk
        while b"\0" in buf:
            q, buf = buf.split(b"\0", 1)
            if q.strip():
                yield q
    if buf.strip():
        yield buf


def main():
    lib = ctypes.CDLL(sys.argv[1])
    lib.chdb_connect.restype = ctypes.c_void_p
    lib.chdb_query.restype = ctypes.c_void_p
    lib.chdb_query.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
    for name, res in (("chdb_result_buffer", ctypes.c_void_p), ("chdb_result_length", ctypes.c_size_t),
                      ("chdb_result_error", ctypes.c_char_p)):
        getattr(lib, name).restype = res
        getattr(lib, name).argtypes = [ctypes.c_void_p]
    lib.chdb_destroy_query_result.argtypes = [ctypes.c_void_p]
    # One in-memory session for all queries (chdb_connect returns a
    # pointer to the connection handle).
    args = [b"clickhouse"]
    conn = ctypes.cast(lib.chdb_connect(len(args), (ctypes.c_char_p * len(args))(*args)),
                       ctypes.POINTER(ctypes.c_void_p)).contents.value
    out = sys.stdout.buffer
    for q in queries(sys.stdin.buffer):
        r = lib.chdb_query(conn, q, b"TabSeparated")
        err = lib.chdb_result_error(r)
        if err:
            body, tag = err, b"ERR"
        else:
            n = lib.chdb_result_length(r)
            body, tag = (ctypes.string_at(lib.chdb_result_buffer(r), n) if n else b""), b"OK"
        out.write(b"%s %d\n" % (tag, len(body)) + body)
        out.flush()
        lib.chdb_destroy_query_result(r)


if __name__ == "__main__":
    main()
