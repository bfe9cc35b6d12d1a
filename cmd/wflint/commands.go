package main

import (
	"fmt"

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
func runFmt(e *env, f *lintFlags, ws *workspace.Workspace) int {
	ins, errs := inputs(e, ws, f)
	for _, r := range errs {
		fmt.Fprintf(e.stderr, "wflint: %s: %s\n", output.DisplayPath(r.Display), r.Msg)
	}
	if len(ins) == 0 && len(errs) == 0 {
		fmt.Fprintln(e.stderr, "wflint fmt: nothing to format")
		return exitFailure
	}
	exit := exitOK
	if len(errs) > 0 {
		exit = exitFailure
	}
	workspace.FormatAll(ins, f.Jobs, func(r *workspace.Reformatted) {
		name := output.DisplayPath(r.Input.Display)
		for _, m := range r.NoteLines() {
			fmt.Fprintf(e.stderr, "wflint: %s: %s\n", name, m)
		}
		if r.Err != nil {
			fmt.Fprintf(e.stderr, "wflint: %s: %s\n", name, r.Err)
			exit = exitFailure
			return
		}
		changed := r.Changed()
		if r.Unparsed() {
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
				fmt.Fprint(e.stdout, output.UnifiedDiff(name, string(r.Old), string(r.Text)))
				exit = max(exit, exitFindings)
			}
		case f.fmtWrite && r.Input.Path != "":
			if changed {
				if err := workspace.WriteFile(r.Input.Path, r.Text); err != nil {
					fmt.Fprintf(e.stderr, "wflint: %s: %s\n", name, workspace.DescribeErr(err))
					exit = exitFailure
				}
			}
		default:
			e.stdout.Write(r.Text)
		}
	})
	return exit
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
