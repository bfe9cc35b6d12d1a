package main

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/docs"
	"github.com/wflint/wflint/workspace"
)

// runRules prints the rule table.
func runRules(e *env, args []string) int {
	if len(args) > 0 {
		fmt.Fprintln(e.stderr, "wflint rules: takes no arguments")
		return exitFailure
	}
	for _, r := range analyzer.Rules() {
		flags := ""
		switch {
		case r.Fatal:
			flags = " (always on)"
		case r.OptIn:
			flags = " (opt-in)"
		}
		fmt.Fprintf(e.stdout, "%-28s %-8s %-12s %s%s\n", r.ID, r.Severity, r.Category, r.Summary, flags)
	}
	return exitOK
}

// runExplain prints a rule's doc page.
func runExplain(e *env, args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(e.stderr, "usage: wflint explain RULE-ID")
		return exitFailure
	}
	id := args[0]
	page, ok := docs.Rule(id)
	if _, known := analyzer.LookupRule(id); !ok || !known {
		msg := fmt.Sprintf("wflint: unknown rule %q", id)
		if s := closestRule(id); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		fmt.Fprintln(e.stderr, msg+" (run 'wflint rules' for the list)")
		return exitFailure
	}
	fmt.Fprint(e.stdout, page)
	if !strings.HasSuffix(page, "\n") {
		fmt.Fprintln(e.stdout)
	}
	fmt.Fprintf(e.stdout, "\nOnline: %s\n", docs.RuleURL(id))
	return exitOK
}

// closestRule suggests the rule ID with the smallest edit distance.
func closestRule(id string) string {
	best, bestD := "", 4
	for _, r := range analyzer.Rules() {
		if d := editDistance(id, r.ID); d < bestD || strings.Contains(r.ID, id) && bestD > 1 {
			best, bestD = r.ID, min(d, 1)
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// runFmt formats expressions: to stdout by default, in place with -w,
// listing unformatted files with --check, or as a unified diff with
// --diff. Only the expression text changes; in a .tf or .json file the
// rest stays byte for byte the same.
func runFmt(e *env, args []string) int {
	f, code, ok := parseFlags(e, "fmt", args, true)
	if !ok {
		return code
	}
	if n := btoi(f.fmtCheck) + btoi(f.fmtDiff) + btoi(f.fmtWrite); n > 1 {
		fmt.Fprintln(e.stderr, "wflint fmt: use only one of --check, --diff and -w")
		return exitFailure
	}
	ws, ok := newWorkspace(e, f)
	if !ok {
		return exitFailure
	}
	inputs, errs := collectInputs(e, ws, f)
	for _, r := range errs {
		fmt.Fprintf(e.stderr, "wflint: %s: %s\n", r.out.Path, r.out.Err)
	}
	if len(inputs) == 0 && len(errs) == 0 {
		fmt.Fprintln(e.stderr, "wflint fmt: nothing to format")
		return exitFailure
	}
	type outcome struct {
		old  []byte
		res  *workspace.Formatted
		msgs []string
		err  string
	}
	outs := make([]outcome, len(inputs))
	workspace.Parallel(len(inputs), f.jobs, func(i int) {
		in := inputs[i]
		data, msg := readInput(in)
		if msg != "" {
			outs[i].err = msg
			return
		}
		res, err := workspace.Format(in.source(data))
		outs[i] = outcome{old: data, res: res}
		if err != nil {
			outs[i].err = err.Error()
			return
		}
		idx := diag.NewLineIndex(string(data))
		for _, n := range res.Notes {
			pos := idx.Position(n.Span.Start)
			outs[i].msgs = append(outs[i].msgs, fmt.Sprintf("%d:%d: %s", pos.Line, pos.RuneCol, n.Message))
		}
	})
	exit := exitOK
	if len(errs) > 0 {
		exit = exitFailure
	}
	for i, o := range outs {
		name := displayPath(inputs[i].display)
		for _, m := range o.msgs {
			fmt.Fprintf(e.stderr, "wflint: %s: %s\n", name, m)
		}
		if o.err != "" {
			fmt.Fprintf(e.stderr, "wflint: %s: %s\n", name, o.err)
			exit = exitFailure
			continue
		}
		changed := !bytes.Equal(o.old, o.res.Text)
		switch {
		case f.fmtCheck:
			if changed {
				fmt.Fprintln(e.stdout, name)
				exit = max(exit, exitFindings)
			}
		case f.fmtDiff:
			if changed {
				fmt.Fprint(e.stdout, unifiedDiff(name, string(o.old), string(o.res.Text)))
				exit = max(exit, exitFindings)
			}
		case f.fmtWrite && inputs[i].path != "":
			if changed {
				if err := writeFile(inputs[i].path, o.res.Text); err != nil {
					fmt.Fprintf(e.stderr, "wflint: %s: %s\n", name, describeErr(err))
					exit = exitFailure
				}
			}
		default:
			e.stdout.Write(o.res.Text)
		}
	}
	return exit
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// unifiedDiff returns a unified diff of two texts with three lines of
// context, computed on lines with an LCS table (fine for rule files; very
// large inputs fall back to one hunk around the changed region).
func unifiedDiff(name, a, b string) string {
	al, bl := splitLines(a), splitLines(b)
	// Trim the common prefix and suffix first; formatting changes are local.
	p := 0
	for p < len(al) && p < len(bl) && al[p] == bl[p] {
		p++
	}
	s := 0
	for s < len(al)-p && s < len(bl)-p && al[len(al)-1-s] == bl[len(bl)-1-s] {
		s++
	}
	type op struct {
		kind byte // ' ', '-', '+'
		text string
	}
	var ops []op
	for _, l := range al[:p] {
		ops = append(ops, op{' ', l})
	}
	am, bm := al[p:len(al)-s], bl[p:len(bl)-s]
	if len(am)*len(bm) <= 4_000_000 {
		lcs := make([][]int32, len(am)+1)
		for i := range lcs {
			lcs[i] = make([]int32, len(bm)+1)
		}
		for i := len(am) - 1; i >= 0; i-- {
			for j := len(bm) - 1; j >= 0; j-- {
				if am[i] == bm[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < len(am) || j < len(bm) {
			switch {
			case i < len(am) && j < len(bm) && am[i] == bm[j]:
				ops = append(ops, op{' ', am[i]})
				i++
				j++
			case i < len(am) && (j == len(bm) || lcs[i+1][j] >= lcs[i][j+1]):
				ops = append(ops, op{'-', am[i]})
				i++
			default:
				ops = append(ops, op{'+', bm[j]})
				j++
			}
		}
	} else {
		for _, l := range am {
			ops = append(ops, op{'-', l})
		}
		for _, l := range bm {
			ops = append(ops, op{'+', l})
		}
	}
	for _, l := range al[len(al)-s:] {
		ops = append(ops, op{' ', l})
	}
	// Group into hunks with 3 lines of context.
	const ctx = 3
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", name, name)
	var changed []int
	for i, o := range ops {
		if o.kind != ' ' {
			changed = append(changed, i)
		}
	}
	sort.Ints(changed)
	for k := 0; k < len(changed); {
		start := max(changed[k]-ctx, 0)
		end := changed[k]
		for k < len(changed) && changed[k] <= end+2*ctx {
			end = changed[k]
			k++
		}
		end = min(end+ctx+1, len(ops))
		aLine, bLine := 1, 1
		for _, o := range ops[:start] {
			if o.kind != '+' {
				aLine++
			}
			if o.kind != '-' {
				bLine++
			}
		}
		aN, bN := 0, 0
		var body strings.Builder
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				aN++
			}
			if o.kind != '-' {
				bN++
			}
			body.WriteByte(o.kind)
			body.WriteString(o.text)
			if !strings.HasSuffix(o.text, "\n") {
				body.WriteString("\n\\ No newline at end of file\n")
			}
		}
		// An empty side is numbered by the line before it, as diff(1) does.
		if aN == 0 {
			aLine--
		}
		if bN == 0 {
			bLine--
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n%s", aLine, aN, bLine, bN, body.String())
	}
	return out.String()
}

// splitLines splits after each "\n", keeping it.
func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}
