package cmdline

import (
	"flag"
	"fmt"
	"strings"
)

// Shells are the shells CompletionCommand writes scripts for.
var Shells = []string{"bash", "zsh", "fish"}

// completeName is the hidden command the scripts call for candidates, so
// commands, flags and values come from the command tree and never go
// stale.
const completeName = "__complete"

var scripts = map[string]string{
	"bash": `# bash completion for PROG
_PROG() {
  local IFS=$'\n'
  COMPREPLY=($(PROG __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _PROG PROG
`,
	"zsh": `#compdef PROG
# zsh completion for PROG
_PROG() {
  local -a cands
  cands=("${(@f)$(PROG __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if (( ${#cands[@]} )) && [[ -n ${cands[1]} ]]; then
    compadd -Q -- "${cands[@]}"
  else
    _files
  fi
}
compdef _PROG PROG
`,
	"fish": `# fish completion for PROG
function __PROG_complete
    set -l out (PROG __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)
    if test (count $out) -gt 0
        printf '%s\n' $out
    else
        __fish_complete_path (commandline -ct)
    end
end
complete -c PROG -f -a '(__PROG_complete)'
`,
}

// CompletionCommand is "completion bash|zsh|fish", which prints the
// script, and CompleteCommand the hidden command the script calls.
func (p *Program[E]) CompletionCommand() *Command[E] {
	long := strings.ReplaceAll(`Load the completion for the current shell, or install it:

  bash:  source <(PROG completion bash)
         PROG completion bash > ~/.local/share/bash-completion/completions/PROG
  zsh:   source <(PROG completion zsh)      (after compinit)
         PROG completion zsh > "${fpath[1]}/_PROG"
  fish:  PROG completion fish > ~/.config/fish/completions/PROG.fish

PROG must be on PATH: the scripts ask it for the candidates.
`, "PROG", p.Name)
	return &Command[E]{Name: "completion", Args: "bash|zsh|fish", Summary: "print the shell completion script",
		Long: long, Complete: func() []string { return Shells },
		Flags: NoFlags(func(e E, args []string) int {
			if len(args) != 1 || scripts[args[0]] == "" {
				return UsageError(e.Stderr(), p.Name+" completion", "give one shell: %s", OrList(Shells))
			}
			fmt.Fprint(e.Stdout(), strings.ReplaceAll(scripts[args[0]], "PROG", p.Name))
			return ExitOK
		})}
}

// CompleteCommand is the hidden command that prints the candidates for
// the last of the words after the program's name, one a line; none lets
// the shell complete file names.
func (p *Program[E]) CompleteCommand() *Command[E] {
	return &Command[E]{Name: completeName, Hidden: true, Raw: true,
		Flags: NoFlags(func(e E, words []string) int {
			for _, c := range p.Candidates(words) {
				fmt.Fprintln(e.Stdout(), c)
			}
			return ExitOK
		})}
}

// Candidates returns the completions of the last of words, the words that
// follow the program's name on a command line.
func (p *Program[E]) Candidates(words []string) []string {
	if len(words) == 0 {
		words = []string{""}
	}
	cur, prior := words[len(words)-1], words[:len(words)-1]
	c, i := p.Root, 0
	for i < len(prior) && len(c.Subs) > 0 {
		s := c.sub(prior[i])
		if s == nil {
			break
		}
		c, i = s, i+1
	}
	if c != p.Root && len(c.Subs) > 0 {
		if i < len(prior) {
			return nil
		}
		var names []string
		for _, s := range c.Subs {
			names = append(names, s.Name)
		}
		return withPrefix(names, cur)
	}
	first := c == p.Root && i == len(prior)
	if c == p.Root {
		if p.Default == nil {
			return withPrefix(p.commandNames(), cur)
		}
		c = p.Default
	}
	if c.Raw {
		return nil
	}
	fs, _ := c.FlagSet("")
	if len(prior) > i {
		prev := prior[len(prior)-1]
		if prev == "=" && len(prior) > i+1 { // bash splits --flag=value at "="
			prev = prior[len(prior)-2]
		} else if strings.Contains(prev, "=") {
			prev = ""
		}
		if fl := lookupArg(fs, prev); fl != nil && !isBool(fl) {
			return withPrefix(p.flagValues(c, fl), cur)
		}
	}
	if strings.HasPrefix(cur, "-") {
		if name, val, ok := strings.Cut(cur, "="); ok {
			var out []string
			if fl := lookupArg(fs, name); fl != nil {
				for _, v := range withPrefix(p.flagValues(c, fl), val) {
					out = append(out, name+"="+v)
				}
			}
			return out
		}
		var names []string
		for _, d := range append(FlagDocs(fs), FlagDoc{Names: []string{"help"}}) {
			for _, n := range d.Names {
				if len(n) > 1 {
					names = append(names, "--"+n)
				} else {
					names = append(names, "-"+n)
				}
			}
		}
		return withPrefix(names, cur)
	}
	var cands []string
	if first {
		cands = p.commandNames()
	}
	if c.Complete != nil {
		cands = append(cands, c.Complete()...)
	}
	return withPrefix(cands, cur)
}

func (p *Program[E]) flagValues(c *Command[E], fl *flag.Flag) []string {
	if ch, ok := fl.Value.(*choiceValue); ok {
		return ch.choices
	}
	if f := c.Values[fl.Name]; f != nil {
		return f()
	}
	if f := p.Values[fl.Name]; f != nil {
		return f()
	}
	return nil
}

func withPrefix(list []string, prefix string) []string {
	var out []string
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			out = append(out, s)
		}
	}
	return out
}
