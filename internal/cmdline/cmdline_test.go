package cmdline

import (
	"bytes"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type testEnv struct{ out, err bytes.Buffer }

// mapFlag is a flag.Value of a map type, which cannot be a map key.
type mapFlag map[string]string

func (m mapFlag) String() string     { return "" }
func (m mapFlag) Set(s string) error { m[s] = s; return nil }

func (e *testEnv) Stdout() io.Writer { return &e.out }
func (e *testEnv) Stderr() io.Writer { return &e.err }

// testProgram is a small tree: a default command with flags, a group with
// one subcommand, and the generated help, completion and man commands.
func testProgram(got *[]string) *Program[*testEnv] {
	lint := &Command[*testEnv]{Name: "lint", Args: "PATHS...", Summary: "lint paths",
		Flags: func(fs *flag.FlagSet) Run[*testEnv] {
			fs.Int("j", 1, "`N` jobs")
			Alias(fs, "jobs", "j")
			format := Choice(fs, "format", "text", "output `FORMAT`", "text", "json")
			fs.Bool("fix", false, "apply fixes")
			fs.Var(mapFlag{}, "column", "a map-typed `K=V` flag (not hashable)")
			return func(e *testEnv, args []string) int {
				*got = append([]string{fs.Lookup("j").Value.String(), *format}, args...)
				return 0
			}
		}}
	p := &Program[*testEnv]{Name: "prog", Default: lint, Intro: "prog lints.",
		Values: map[string]func() []string{"profile": func() []string { return []string{"a", "b"} }},
		Man:    Man{Version: "1.0", Name: "a test program", Description: []string{".starts with a dot"}}}
	p.Root = &Command[*testEnv]{Name: "prog", Subs: []*Command[*testEnv]{
		lint,
		{Name: "report", Summary: "reports", Subs: []*Command[*testEnv]{
			{Name: "build", Summary: "build one", Flags: func(fs *flag.FlagSet) Run[*testEnv] {
				fs.String("profile", "", "`P`")
				return func(*testEnv, []string) int { return 0 }
			}},
		}},
		p.HelpCommand(), p.CompletionCommand(), p.ManCommand(), p.CompleteCommand(),
	}}
	return p
}

func TestParseForms(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"-j2", "a"}, []string{"2", "text", "a"}},
		{[]string{"a", "-j", "3"}, []string{"3", "text", "a"}},
		{[]string{"--jobs=4", "--format", "json", "a", "b"}, []string{"4", "json", "a", "b"}},
		{[]string{"a", "--", "-j5"}, []string{"1", "text", "a", "-j5"}},
		{[]string{"-"}, []string{"1", "text", "-"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var got []string
			e := &testEnv{}
			require.Equal(t, 0, testProgram(&got).Run(e, tt.args), e.err.String())
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestUsageErrors(t *testing.T) {
	var got []string
	p := testProgram(&got)
	e := &testEnv{}
	assert.Equal(t, ExitUsage, p.Run(e, []string{"--format", "xml"}))
	assert.Contains(t, e.err.String(), "--format")
	assert.Contains(t, e.err.String(), "want text or json")
	assert.Contains(t, e.err.String(), "Run 'prog --help'")

	e = &testEnv{}
	assert.Equal(t, ExitUsage, p.Run(e, []string{"--bogus"}))
	assert.Contains(t, e.err.String(), "flag provided but not defined: --bogus", "long flags are shown with two dashes")

	e = &testEnv{}
	assert.Equal(t, ExitUsage, p.Run(e, []string{"report", "frob"}))
	assert.Contains(t, e.err.String(), `unknown command "frob"`)
}

func TestHelp(t *testing.T) {
	var got []string
	p := testProgram(&got)
	for _, args := range [][]string{{"--help"}, {"help"}, {"-h"}} {
		e := &testEnv{}
		require.Equal(t, 0, p.Run(e, args))
		assert.Contains(t, e.out.String(), "prog lints.")
		assert.Contains(t, e.out.String(), "prog report build [flags]")
		assert.Contains(t, e.out.String(), "-j, --jobs N")
		assert.Contains(t, e.out.String(), "--column K=V")
		assert.NotContains(t, e.out.String(), "__complete")
	}
	e := &testEnv{}
	require.Equal(t, 0, p.Run(e, []string{"help", "report", "build"}))
	assert.Contains(t, e.out.String(), "--profile P")
	e = &testEnv{}
	assert.Equal(t, ExitUsage, p.Run(e, []string{"help", "nope"}))
}

// TestLeafRootHelp: a program that is one command (a server) runs it
// with its flags and shows that command's help, not an empty command list.
func TestLeafRootHelp(t *testing.T) {
	var verbose bool
	p := &Program[*testEnv]{Name: "srv"}
	p.Root = &Command[*testEnv]{Name: "srv", Summary: "a server", Long: "It serves.\n",
		Flags: func(fs *flag.FlagSet) Run[*testEnv] {
			fs.BoolVar(&verbose, "v", false, "log to stderr")
			return func(e *testEnv, args []string) int { return len(args) }
		}}
	for _, args := range [][]string{{"--help"}, {"-h"}} {
		e := &testEnv{}
		require.Equal(t, 0, p.Run(e, args))
		assert.Equal(t, "srv: a server\n\nUsage:\n  srv [flags]\n\nIt serves.\n\nFlags:\n"+
			"  -v                       log to stderr\n  -h, --help               show this help\n", e.out.String())
	}
	e := &testEnv{}
	assert.Equal(t, 0, p.Run(e, []string{"-v"}))
	assert.True(t, verbose)
	assert.Equal(t, 1, p.Run(e, []string{"x"}), "positional arguments reach the command")
	assert.Equal(t, ExitUsage, p.Run(e, []string{"--nope"}))
	assert.Contains(t, e.err.String(), "srv: flag provided but not defined: --nope\nRun 'srv --help' for usage.")
}

func TestCandidates(t *testing.T) {
	var got []string
	p := testProgram(&got)
	tests := []struct {
		words []string
		want  []string
	}{
		{[]string{"re"}, []string{"report"}},
		{[]string{"report", ""}, []string{"build"}},
		{[]string{"--fo"}, []string{"--format"}},
		{[]string{"--format", ""}, []string{"text", "json"}},
		{[]string{"--format=j"}, []string{"--format=json"}},
		{[]string{"report", "build", "--profile", ""}, []string{"a", "b"}},
		{[]string{"completion", ""}, []string{"bash", "zsh", "fish"}},
		{[]string{"report", "frob", ""}, nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.words, " "), func(t *testing.T) {
			assert.Equal(t, tt.want, p.Candidates(tt.words))
		})
	}
}

func TestCompletionAndMan(t *testing.T) {
	var got []string
	p := testProgram(&got)
	for _, sh := range Shells {
		e := &testEnv{}
		require.Equal(t, 0, p.Run(e, []string{"completion", sh}))
		assert.Contains(t, e.out.String(), "prog __complete")
		assert.NotContains(t, e.out.String(), "PROG")
	}
	e := &testEnv{}
	assert.Equal(t, ExitUsage, p.Run(e, []string{"completion", "tcsh"}))

	e = &testEnv{}
	require.Equal(t, 0, p.Run(e, []string{"man"}))
	man := e.out.String()
	assert.True(t, strings.HasPrefix(man, ".TH PROG 1"))
	assert.Contains(t, man, ".SS prog report build [flags]")
	assert.Contains(t, man, `\&.starts with a dot`, "a leading dot is escaped, not read as a request")
	assert.Contains(t, man, `\-\-profile P`)
}

func TestPairs(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	m := Pairs(fs, "column", "map a `field=column`", "field=column")
	require.NoError(t, fs.Parse([]string{"-column", "a=1, b=2", "-column", "a=3"}))
	assert.Equal(t, map[string]string{"a": "3", "b": "2"}, m)
	assert.Equal(t, "a=3,b=2", fs.Lookup("column").Value.String())

	err := fs.Parse([]string{"-column", "a=1,b"})
	assert.ErrorContains(t, err, `want field=column, got "b"`)
}

func TestListVar(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	var whole, split []string
	ListVar(fs, &whole, "e", "`EXPR`", false)
	ListVar(fs, &split, "enable", "rule `IDs`", true)
	require.NoError(t, fs.Parse([]string{"-e", "a, b", "-e", "c", "-enable", "x, y,", "-enable", "z"}))
	assert.Equal(t, []string{"a, b", "c"}, whole)
	assert.Equal(t, []string{"x", "y", "z"}, split)
	assert.Equal(t, "x,y,z", fs.Lookup("enable").Value.String())
}

func TestManSections(t *testing.T) {
	var got []string
	p := testProgram(&got)
	p.Man.Exit = "0 ok; 2 --bad usage"
	p.Man.Environment = []ManItem{{Term: "NO_COLOR", Text: "no colour."}}
	p.Man.Files = []ManItem{{Term: ".prog.yaml", Text: "configuration."}}
	p.Man.SeeAlso = []string{"other(1)", "https://example.com/x"}
	e := &testEnv{}
	require.Equal(t, 0, p.Run(e, []string{"man"}))
	man := e.out.String()
	assert.Contains(t, man, ".SH EXIT STATUS\n0 ok; 2 \\-\\-bad usage\n")
	assert.Contains(t, man, ".SH ENVIRONMENT\n.TP\n.B NO_COLOR\nno colour.\n")
	assert.Contains(t, man, ".SH FILES\n.TP\n.B .prog.yaml\nconfiguration.\n")
	assert.True(t, strings.HasSuffix(man, ".SH SEE ALSO\n.BR other (1),\nhttps://example.com/x\n"), man)
}
