package main

import (
	"bytes"
	"fmt"

	"github.com/wflint/wflint/diag"
	"github.com/wflint/wflint/docs"
	"github.com/wflint/wflint/output"
	"github.com/wflint/wflint/workspace"
)

// runRules prints the rule table.
func runRules(e *env, args []string) int {
	if len(args) > 0 {
		fmt.Fprintln(e.stderr, "wflint rules: takes no arguments")
		return exitFailure
	}
	docs.WriteRuleTable(e.stdout)
	return exitOK
}

// runExplain prints a rule's doc page.
func runExplain(e *env, args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(e.stderr, "usage: wflint explain RULE-ID")
		return exitFailure
	}
	id := args[0]
	page, ok := docs.Explain(id)
	if !ok {
		msg := fmt.Sprintf("wflint: unknown rule %q", id)
		if s := docs.ClosestRule(id); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		fmt.Fprintln(e.stderr, msg+" (run 'wflint rules' for the list)")
		return exitFailure
	}
	fmt.Fprint(e.stdout, page)
	return exitOK
}

// runFmt formats expressions: to stdout by default, in place with -w,
// listing unformatted files with --check, or as a unified diff with
// --diff. Only the expression text changes; in a .tf or .json file the
// rest stays byte for byte the same.
func runFmt(e *env, f *lintFlags) int {
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
		name := output.DisplayPath(inputs[i].display)
		for _, m := range o.msgs {
			fmt.Fprintf(e.stderr, "wflint: %s: %s\n", name, m)
		}
		if o.err != "" {
			fmt.Fprintf(e.stderr, "wflint: %s: %s\n", name, o.err)
			exit = exitFailure
			continue
		}
		changed := !bytes.Equal(o.old, o.res.Text)
		if unparsed(o.res) {
			// Text that does not parse is not in canonical form.
			exit = max(exit, exitFindings)
			if f.fmtCheck && !changed {
				fmt.Fprintln(e.stdout, name)
			}
		}
		switch {
		case f.fmtCheck:
			if changed {
				fmt.Fprintln(e.stdout, name)
				exit = max(exit, exitFindings)
			}
		case f.fmtDiff:
			if changed {
				fmt.Fprint(e.stdout, output.UnifiedDiff(name, string(o.old), string(o.res.Text)))
				exit = max(exit, exitFindings)
			}
		case f.fmtWrite && inputs[i].path != "":
			if changed {
				if err := workspace.WriteFile(inputs[i].path, o.res.Text); err != nil {
					fmt.Fprintf(e.stderr, "wflint: %s: %s\n", name, workspace.DescribeErr(err))
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

// unparsed reports whether formatting left something alone because it
// does not parse (an expression or the host file).
func unparsed(res *workspace.Formatted) bool {
	for _, n := range res.Notes {
		if n.Rule == workspace.RuleNotFormatted || n.Severity == diag.Error {
			return true
		}
	}
	return false
}
