// Command gen-logs writes realistic, deterministic Cloudflare Logpush
// http_requests NDJSON for tests and benchmarks:
//
//	go run ./testdata/gen-logs -n 100000 -seed 1 [-gzip] [-o file]
//
// See package github.com/wflint/wflint/internal/loggen for the traffic model.
package main

import (
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/wflint/wflint/internal/loggen"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gen-logs:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) (err error) {
	fs := flag.NewFlagSet("gen-logs", flag.ContinueOnError)
	var (
		cfg   loggen.Config
		seed  = fs.Uint64("seed", 1, "random seed; same seed, same output")
		out   = fs.String("o", "-", "output file (- for stdout)")
		gz    = fs.Bool("gzip", false, "gzip the output")
		start = fs.String("start", "2024-06-01T00:00:00Z", "start of the time window (RFC 3339)")
	)
	fs.IntVar(&cfg.N, "n", 1000, "number of lines")
	fs.StringVar(&cfg.TimeFormat, "time-format", loggen.TimeRFC3339, "EdgeStartTimestamp format: rfc3339, unix or unixnano")
	fs.DurationVar(&cfg.Window, "window", time.Hour, "length of the time window")
	fs.Float64Var(&cfg.MissingRate, "missing", 0.01, "probability that a line lacks one optional field (negative: never)")
	fs.Float64Var(&cfg.MalformedRate, "malformed", 0, "probability that a line is malformed")
	fs.IntVar(&cfg.Clients, "clients", 0, "distinct client IPs (default n/4)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	cfg.Seed = *seed
	if cfg.Start, err = time.Parse(time.RFC3339, *start); err != nil {
		return fmt.Errorf("-start: %w", err)
	}

	w := stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
		w = f
	}
	if *gz {
		zw := gzip.NewWriter(w)
		// A fixed (zero) header time keeps the output byte-identical per seed.
		if err := loggen.Generate(zw, cfg); err != nil {
			return err
		}
		return zw.Close()
	}
	return loggen.Generate(w, cfg)
}
