package cmdline

import (
	"flag"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
)

// Parse parses flags anywhere among the arguments (`prog a.tf --format
// json` works as well as `prog --format json a.tf`), stopping at "--";
// "-" is positional. A one-letter flag may carry its value (-j2), as with
// getopt. It returns the positional arguments.
func Parse(fs *flag.FlagSet, args []string) ([]string, error) {
	args = splitShortValues(fs, args)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		// flag stops at the first non-flag; "--" is consumed by Parse
		// itself, so tell the two apart by what preceded rest.
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// splitShortValues turns -j2 into -j 2 for one-letter flags that take a
// value.
func splitShortValues(fs *flag.FlagSet, args []string) []string {
	out := make([]string, 0, len(args))
	takesValue := false // the previous argument is a flag awaiting its value
	for i, a := range args {
		if a == "--" && !takesValue {
			return append(out, args[i:]...)
		}
		if takesValue {
			out, takesValue = append(out, a), false
			continue
		}
		if len(a) < 2 || a[0] != '-' || a[1] == '-' || strings.Contains(a, "=") {
			out = append(out, a)
			if fl := lookupArg(fs, a); fl != nil && !isBool(fl) && !strings.Contains(a, "=") {
				takesValue = true
			}
			continue
		}
		if fl := fs.Lookup(a[1:2]); len(a) > 2 && fl != nil && !isBool(fl) && fs.Lookup(a[1:]) == nil {
			out = append(out, a[:2], a[2:])
			continue
		}
		out = append(out, a)
		if fl := lookupArg(fs, a); fl != nil && !isBool(fl) {
			takesValue = true
		}
	}
	return out
}

// lookupArg returns the flag an argument like -x, --name or --name=v
// names, or nil.
func lookupArg(fs *flag.FlagSet, a string) *flag.Flag {
	if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
		return nil
	}
	name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
	return fs.Lookup(name)
}

func isBool(fl *flag.Flag) bool {
	b, ok := fl.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// Alias defines name as another name of the flag old.
func Alias(fs *flag.FlagSet, name, old string) {
	fl := fs.Lookup(old)
	fs.Var(fl.Value, name, fl.Usage)
}

// choiceValue is a flag that takes one of a fixed set of values: parsing
// rejects any other, and completion offers them.
type choiceValue struct {
	val     *string
	choices []string
}

func (c *choiceValue) String() string {
	if c.val == nil {
		return ""
	}
	return *c.val
}

func (c *choiceValue) Set(s string) error {
	if !slices.Contains(c.choices, s) {
		return fmt.Errorf("want %s", OrList(c.choices))
	}
	*c.val = s
	return nil
}

// Choice defines a flag whose value is one of choices, listed after its
// usage.
func Choice(fs *flag.FlagSet, name, value, usage string, choices ...string) *string {
	p := new(string)
	ChoiceVar(fs, p, name, value, usage, choices...)
	return p
}

// ChoiceVar is Choice storing into p.
func ChoiceVar(fs *flag.FlagSet, p *string, name, value, usage string, choices ...string) {
	*p = value
	fs.Var(&choiceValue{p, choices}, name, usage+": "+OrList(choices))
}

// listValue is a repeatable string flag; with split, each value may also
// hold comma-separated items.
type listValue struct {
	vals  *[]string
	split bool
}

func (l *listValue) String() string {
	if l == nil || l.vals == nil {
		return ""
	}
	return strings.Join(*l.vals, ",")
}

func (l *listValue) Set(s string) error {
	if !l.split {
		*l.vals = append(*l.vals, s)
		return nil
	}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l.vals = append(*l.vals, p)
		}
	}
	return nil
}

// ListVar defines a repeatable flag whose values are appended to p; with
// split, a value may also hold comma-separated items ("-f a,b -f c").
func ListVar(fs *flag.FlagSet, p *[]string, name, usage string, split bool) {
	fs.Var(&listValue{p, split}, name, usage)
}

// pairsValue is a flag of key=value pairs: repeatable, or comma-separated.
type pairsValue struct {
	m     map[string]string
	shape string
}

func (p *pairsValue) String() string {
	if p == nil {
		return ""
	}
	var parts []string
	for k, v := range p.m {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func (p *pairsValue) Set(s string) error {
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok || k == "" || v == "" {
			return fmt.Errorf("want %s, got %q", p.shape, kv)
		}
		p.m[k] = v
	}
	return nil
}

// Pairs defines a flag of key=value pairs, given repeatedly or
// comma-separated ("-f a=1,b=2 -f c=3"); a later key replaces an earlier
// one. shape names the pair in errors ("want shape, got …"), e.g.
// "field=column".
func Pairs(fs *flag.FlagSet, name, usage, shape string) map[string]string {
	m := map[string]string{}
	fs.Var(&pairsValue{m, shape}, name, usage)
	return m
}

// OrList is "a, b or c".
func OrList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// FlagDoc is a flag as help shows it: its names (aliases together, the
// one-letter name first), its argument and its usage.
type FlagDoc struct {
	Names []string
	Arg   string
	Usage string
}

// String is the flag's names and argument as help shows them: "-j, --jobs N".
func (d FlagDoc) String() string {
	var names []string
	for _, n := range d.Names {
		if len(n) == 1 {
			names = append(names, "-"+n)
		} else {
			names = append(names, "--"+n)
		}
	}
	return strings.TrimSpace(strings.Join(names, ", ") + " " + d.Arg)
}

// FlagDocs lists the flags of fs in name order, aliases merged (they
// share a flag.Value).
func FlagDocs(fs *flag.FlagSet) []FlagDoc {
	var docs []FlagDoc
	at := map[flag.Value]int{}
	fs.VisitAll(func(fl *flag.Flag) {
		// A Value of a map or slice type cannot be a map key (and cannot
		// be told apart from a copy anyway): such a flag has no aliases.
		comparable := reflect.TypeOf(fl.Value).Comparable()
		i, seen := 0, false
		if comparable {
			i, seen = at[fl.Value]
		}
		if seen {
			docs[i].Names = append(docs[i].Names, fl.Name)
			sort.Slice(docs[i].Names, func(a, b int) bool { return len(docs[i].Names[a]) < len(docs[i].Names[b]) })
			return
		}
		arg, use := flag.UnquoteUsage(fl)
		if arg == "value" {
			arg = "X"
		}
		if comparable {
			at[fl.Value] = len(docs)
		}
		docs = append(docs, FlagDoc{[]string{fl.Name}, arg, use})
	})
	return docs
}
