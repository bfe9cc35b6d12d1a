package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryCommandHasHelp: "wflint help CMD" and "CMD --help" exit 0 and
// show every flag in its --flag form.
func TestEveryCommandHasHelp(t *testing.T) {
	visible(root, "wflint", func(path string, c *command) {
		words := strings.Fields(path)[1:]
		for _, args := range [][]string{append([]string{"help"}, words...), append(words, "--help"), append(words, "-h")} {
			r := wflint(t, ".", "", args...)
			assert.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
			assert.Contains(t, r.stdout, path, args)
			fs, _ := c.flagSet(path)
			for _, d := range flagDocs(fs) {
				assert.Contains(t, r.stdout, "  "+d.String(), "%v", args)
				for _, n := range d.names {
					if len(n) > 1 {
						assert.NotContains(t, r.stdout, " -"+n+" ", "single-dash long flag in %v", args)
					}
				}
			}
		}
	})
	r := wflint(t, ".", "", "help", "frobnicate")
	assert.Equal(t, exitFailure, r.code)
	r = wflint(t, ".", "", "report")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "wflint report build")
}

func TestJobsFlagForms(t *testing.T) {
	for _, args := range [][]string{{"-j2"}, {"-j", "2"}, {"--jobs=2"}, {"--jobs", "2"}, {"-j=2"}} {
		r := wflint(t, ".", "", append(args, "-e", `http.host eq "a" and cf.bot_management.score lt 30`)...)
		assert.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
	}
	// A value that looks like a short flag with a value stays a value.
	r := wflint(t, ".", "", "-e", "-j2")
	assert.Equal(t, exitFindings, r.code, r.stderr)
	r = wflint(t, ".", "", "-jx", "-e", "x")
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "Run 'wflint --help' for usage.")
}

func TestOneVersion(t *testing.T) {
	wfls := filepath.Join(t.TempDir(), "wfls")
	out, err := exec.Command("go", "build", "-o", wfls, "../wfls").CombinedOutput()
	require.NoError(t, err, "%s", out)
	ls, err := exec.Command(wfls, "--version").Output()
	require.NoError(t, err)
	r := wflint(t, ".", "", "--version")
	assert.Equal(t, strings.TrimPrefix(string(ls), "wfls "), strings.TrimPrefix(r.stdout, "wflint "))
	assert.Equal(t, r.stdout, wflint(t, ".", "", "version").stdout)
}

func TestColor(t *testing.T) {
	expr := []string{"-e", "http.host eq 'a'"}
	run := func(env []string, args ...string) string {
		cmd := exec.Command(bin, append(args, expr...)...)
		cmd.Env = append(os.Environ(), env...)
		out, _ := cmd.Output()
		return string(out)
	}
	const esc = "\x1b["
	assert.NotContains(t, run([]string{"NO_COLOR=", "CLICOLOR_FORCE="}), esc, "a pipe is no terminal")
	assert.Contains(t, run([]string{"NO_COLOR=1"}, "--color=always"), esc)
	assert.NotContains(t, run([]string{"NO_COLOR=1", "CLICOLOR_FORCE=1"}), esc)
	assert.Contains(t, run([]string{"NO_COLOR=", "CLICOLOR_FORCE=1"}), esc)
	assert.NotContains(t, run([]string{"NO_COLOR=", "CLICOLOR_FORCE=1"}, "--color", "never"), esc)
	r := wflint(t, ".", "", "--color=sometimes", "-e", "x")
	assert.Equal(t, exitFailure, r.code)
}

// completionScript writes wflint's script for a shell to a file.
func completionScript(t *testing.T, sh string) string {
	t.Helper()
	r := wflint(t, ".", "", "completion", sh)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stdout, "wflint __complete")
	script := filepath.Join(t.TempDir(), "wflint."+sh)
	require.NoError(t, os.WriteFile(script, []byte(r.stdout), 0o644))
	return script
}

// shellArgs run a completion in each shell, from the words typed so
// far (the last one being completed), with the shell's own script loaded
// and wflint on PATH: bash calls the completion function as bash would,
// fish uses its completion engine (complete -C), and zsh calls the
// function with compadd standing in for the completion system, which
// needs a terminal.
var shellArgs = map[string][]string{
	"bash": {"--norc", "-c", `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _wflint; printf '%s\n' "${COMPREPLY[@]}"`, "bash"},
	"zsh": {"-fc", `compdef() { :; }; compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -l -- "$@"; }; _files() { :; }
source "$1"; shift; words=("$@"); CURRENT=$#; _wflint`, "zsh"},
	"fish": {"--no-config", "-c", `source $argv[1]; complete -C (string join ' ' -- $argv[2..-1])`},
}

// TestCompletion sources the generated script in bash, zsh and fish
// (where installed) and completes commands, flags, profile names and rule
// IDs.
func TestCompletion(t *testing.T) {
	cases := []struct {
		words []string
		want  []string
	}{
		{[]string{"wflint", "expl"}, []string{"explain"}},
		{[]string{"wflint", "--prof"}, []string{"--profile"}},
		{[]string{"wflint", "--profile", "ru"}, []string{"rules"}},
		{[]string{"wflint", "explain", "single-"}, []string{"single-element-range", "single-equals", "single-quoted-string"}},
		{[]string{"wflint", "report", "bu"}, []string{"build"}},
		{[]string{"wflint", "report", "build", "--expr-f"}, []string{"--expr-file"}},
		{[]string{"wflint", "lint", "--format", "s"}, []string{"sarif"}},
		{[]string{"wflint", "fmt", "--color", "al"}, []string{"always"}},
		{[]string{"wflint", "completion", "z"}, []string{"zsh"}},
		{[]string{"wflint", "a.tf", "zz"}, nil}, // file names are the shell's
	}
	for _, sh := range shells {
		t.Run(sh, func(t *testing.T) {
			path, err := exec.LookPath(sh)
			if err != nil {
				t.Skipf("%s not found", sh)
			}
			script := completionScript(t, sh)
			complete := func(words []string) []string {
				t.Helper()
				cmd := exec.Command(path, append(append(append([]string(nil), shellArgs[sh]...), script), words...)...)
				cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
				out, err := cmd.CombinedOutput()
				require.NoError(t, err, "%s", out)
				return strings.Fields(string(out))
			}
			for _, c := range cases {
				assert.ElementsMatch(t, c.want, complete(c.words), "%q", c.words)
			}
			if sh == "bash" {
				// bash splits --profile=ru at "=" (COMP_WORDBREAKS).
				assert.Equal(t, []string{"rules"}, complete([]string{"wflint", "--profile", "=", "ru"}))
			} else {
				assert.Equal(t, []string{"--profile=rules"}, complete([]string{"wflint", "--profile=ru"}))
			}
		})
	}
	r := wflint(t, ".", "", "completion", "tcsh")
	assert.Equal(t, exitFailure, r.code)
}

// TestManPage renders the generated page with man -l where man exists.
func TestManPage(t *testing.T) {
	r := wflint(t, ".", "", "man")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.True(t, strings.HasPrefix(r.stdout, ".TH WFLINT 1 "))
	man, err := exec.LookPath("man")
	if err != nil {
		t.Skip("man not found: the page is not rendered")
	}
	page := filepath.Join(t.TempDir(), "wflint.1")
	require.NoError(t, os.WriteFile(page, []byte(r.stdout), 0o644))
	cmd := exec.Command(man, "-l", page)
	cmd.Env = append(os.Environ(), "MANPAGER=cat", "PAGER=cat", "MANWIDTH=100", "LANG=C.UTF-8")
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Fatalf("man -l: %v: %s", err, ee.Stderr)
	}
	require.NoError(t, err)
	text := string(out)
	for _, want := range []string{"NAME", "SYNOPSIS", "wflint report build", "--profile", "EXIT STATUS", "NO_COLOR"} {
		assert.Contains(t, text, want)
	}
}
