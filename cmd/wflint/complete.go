package main

// Shell completion: each shell's script asks the binary itself
// ("wflint __complete WORDS...") for the candidates, so commands, flags,
// profile names and rule IDs come from the command tree and the analyzer
// and never go stale.

import (
	"flag"
	"fmt"
	"strings"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/schema"
)

var shells = []string{"bash", "zsh", "fish"}

const completionHelp = `Load the completion for the current shell, or install it:

  bash:  source <(wflint completion bash)
         wflint completion bash > ~/.local/share/bash-completion/completions/wflint
  zsh:   source <(wflint completion zsh)      (after compinit)
         wflint completion zsh > "${fpath[1]}/_wflint"
  fish:  wflint completion fish > ~/.config/fish/completions/wflint.fish

wflint must be on PATH: the scripts ask it for the candidates.
`

var completionScripts = map[string]string{
	"bash": `# bash completion for wflint
_wflint() {
  local IFS=$'\n'
  COMPREPLY=($(wflint __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _wflint wflint
`,
	"zsh": `#compdef wflint
# zsh completion for wflint
_wflint() {
  local -a cands
  cands=("${(@f)$(wflint __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if (( ${#cands[@]} )) && [[ -n ${cands[1]} ]]; then
    compadd -Q -- "${cands[@]}"
  else
    _files
  fi
}
compdef _wflint wflint
`,
	"fish": `# fish completion for wflint
function __wflint_complete
    set -l out (wflint __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)
    if test (count $out) -gt 0
        printf '%s\n' $out
    else
        __fish_complete_path (commandline -ct)
    end
end
complete -c wflint -f -a '(__wflint_complete)'
`,
}

// runCompletion runs "wflint completion SHELL".
func runCompletion(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) int {
		if len(args) != 1 || completionScripts[argOr(args, 0)] == "" {
			return usageError(e.stderr, "completion", "give one shell: bash, zsh or fish")
		}
		fmt.Fprint(e.stdout, completionScripts[args[0]])
		return exitOK
	}
}

func argOr(args []string, i int) string {
	if i < len(args) {
		return args[i]
	}
	return ""
}

// flagValues lists the values of flags common to several commands.
var flagValues = map[string]func() []string{
	"profile": func() []string {
		return []string{schema.ProfileFeedback, schema.ProfileRules, schema.ProfileEngine2020}
	},
	"fail-on": func() []string { return []string{"error", "warning", "info"} },
	"enable":  ruleIDs,
	"disable": ruleIDs,
}

func ruleIDs() []string {
	var ids []string
	for _, r := range analyzer.Rules() {
		ids = append(ids, r.ID)
	}
	return ids
}

// runComplete prints the candidates for the last of the words that
// follow "wflint" on a command line, one a line; none lets the shell
// complete file names.
func runComplete(e *env, words []string) int {
	for _, c := range candidates(words) {
		fmt.Fprintln(e.stdout, c)
	}
	return exitOK
}

func candidates(words []string) []string {
	if len(words) == 0 {
		words = []string{""}
	}
	cur, prior := words[len(words)-1], words[:len(words)-1]
	c, i := root, 0
	for i < len(prior) && len(c.subs) > 0 {
		s := c.sub(prior[i])
		if s == nil {
			break
		}
		c, i = s, i+1
	}
	if c != root && len(c.subs) > 0 {
		if i < len(prior) {
			return nil
		}
		var names []string
		for _, s := range c.subs {
			names = append(names, s.name)
		}
		return withPrefix(names, cur)
	}
	first := c == root && i == len(prior)
	if c == root {
		c = lintCommand
	}
	if c.raw {
		return nil
	}
	fs, _ := c.flagSet("")
	if len(prior) > i {
		prev := prior[len(prior)-1]
		if prev == "=" && len(prior) > i+1 { // bash splits --flag=value at "="
			prev = prior[len(prior)-2]
		} else if strings.Contains(prev, "=") {
			prev = ""
		}
		if fl := lookupArg(fs, prev); fl != nil && !isBool(fl) {
			return withPrefix(flagValuesOf(c, fl), cur)
		}
	}
	if strings.HasPrefix(cur, "-") {
		if name, val, ok := strings.Cut(cur, "="); ok {
			var out []string
			if fl := lookupArg(fs, name); fl != nil {
				for _, v := range withPrefix(flagValuesOf(c, fl), val) {
					out = append(out, name+"="+v)
				}
			}
			return out
		}
		var names []string
		for _, d := range append(flagDocs(fs), flagDoc{names: []string{"help"}}) {
			for _, n := range d.names {
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
		cands = commandNames()
	}
	if c.complete != nil {
		cands = append(cands, c.complete()...)
	}
	return withPrefix(cands, cur)
}

func flagValuesOf(c *command, fl *flag.Flag) []string {
	if ch, ok := fl.Value.(*choiceValue); ok {
		return ch.choices
	}
	if f := c.values[fl.Name]; f != nil {
		return f()
	}
	if f := flagValues[fl.Name]; f != nil {
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
