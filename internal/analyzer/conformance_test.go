package analyzer

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/golden"

	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/schema"
)

// engineVerdict is one line of testdata/conformance/engine-*.jsonl, written
// by scripts/oracle-golden.sh from the real 2020 wirefilter engine.
type engineVerdict struct {
	Expr   string  `json:"expr"`
	OK     bool    `json:"ok"`
	Kind   *string `json:"kind"`
	Offset *int    `json:"offset"`
	Msg    *string `json:"message"`
}

// ourVerdict is one line of the wflint golden files.
type ourVerdict struct {
	Expr   string `json:"expr"`
	OK     bool   `json:"ok"`
	Kind   string `json:"kind,omitempty"`
	Offset *int   `json:"offset,omitempty"`
	Rule   string `json:"rule,omitempty"`
}

func readJSONL[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var v T
		require.NoError(t, json.Unmarshal(sc.Bytes(), &v), sc.Text())
		out = append(out, v)
	}
	require.NoError(t, sc.Err())
	return out
}

// engineVerdictOf analyzes expr as the 2020 engine would.
func engineVerdictOf(expr string) ourVerdict {
	r := Analyze(expr, Options{Schema: schema.Engine2020(), EngineCompat: true})
	v := ourVerdict{Expr: expr, OK: true}
	for _, d := range r.Diagnostics {
		// Only fatal findings are the engine's verdict; lint rules with
		// error severity flag valid expressions that are likely mistakes.
		if rule, ok := LookupRule(d.Rule); ok && rule.Fatal {
			off := int(d.Span.Start)
			v.OK, v.Kind, v.Offset, v.Rule = false, d.EngineKind, &off, d.Rule
			break
		}
	}
	return v
}

func TestConformance(t *testing.T) {
	for _, name := range []string{"cases", "realworld"} {
		t.Run(name, func(t *testing.T) {
			engine := readJSONL[engineVerdict](t, filepath.Join("..", "..", "testdata", "conformance", "engine-"+name+".jsonl"))
			require.NotEmpty(t, engine)
			var ours []ourVerdict
			var disagree []string
			deliberateSeen := map[string]int{}
			kindSame, offSame, bothBad := 0, 0, 0
			for _, e := range engine {
				v := engineVerdictOf(e.Expr)
				ours = append(ours, v)
				if reason := deliberateDifference(e, v); reason != "" {
					require.NotEqual(t, e.OK, v.OK, "matched a deliberate difference (%s) but wflint agrees with the engine: %q", reason, e.Expr)
					deliberateSeen[reason]++
					continue
				}
				if v.OK != e.OK {
					msg := ""
					if e.Msg != nil {
						msg = *e.Msg
					}
					disagree = append(disagree, fmt.Sprintf("engine ok=%v wflint ok=%v (%s %s) %q  engine: %s", e.OK, v.OK, v.Kind, v.Rule, e.Expr, lastLine(msg)))
					continue
				}
				if !e.OK {
					bothBad++
					if e.Kind != nil && *e.Kind == v.Kind {
						kindSame++
					}
					if e.Offset != nil && v.Offset != nil && *e.Offset == *v.Offset {
						offSame++
					}
				}
			}
			for reason, n := range deliberateSeen {
				t.Logf("deliberate difference, %d expressions: %s", n, reason)
			}
			t.Logf("%s: %d expressions, %d rejected by both; same first-error kind %d, same offset %d", name, len(engine), bothBad, kindSame, offSame)
			sort.Strings(disagree)
			require.Empty(t, disagree, "accept/reject must agree with the 2020 engine:\n%s", strings.Join(disagree, "\n"))
			goldenPath := filepath.Join("..", "..", "testdata", "conformance", "wflint-"+name+".jsonl")
			var b strings.Builder
			for _, v := range ours {
				j, _ := json.Marshal(v)
				b.Write(j)
				b.WriteByte('\n')
			}
			golden.Assert(t, goldenPath, b.String())
		})
	}
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// deliberateDifference returns why wflint knowingly differs from the 2020
// engine on this expression, or "". Each difference is recognised by where
// the engine failed (or by the wflint rule that fired), never by listing
// expressions, so an unrelated disagreement cannot hide behind it.
func deliberateDifference(e engineVerdict, v ourVerdict) string {
	at := func(prefix ...string) bool {
		if e.OK || e.Offset == nil {
			return false
		}
		rest := e.Expr[*e.Offset:]
		for _, p := range prefix {
			if strings.HasPrefix(rest, p) {
				return true
			}
		}
		return false
	}
	msg := ""
	if e.Msg != nil {
		msg = lastLine(*e.Msg)
	}
	switch {
	case v.OK && (at(`r"`, `r#`)):
		return "raw strings r\"…\" and r#\"…\"# are newer than the 2020 engine; LANGUAGE.md §3.2 and the product accept them"
	case v.OK && at("wildcard", "strict wildcard"):
		return "`wildcard` and `strict wildcard` are newer than the 2020 engine; LANGUAGE.md §3.10 and the product accept them"
	case v.OK && at("and", "or", "xor", "&&", "||", "^^") && strings.Contains(msg, `expected literal ","`):
		return "the 2020 engine reads a function argument as one simple expression; the current engine reads `any((a) and (b))` as a logical expression (LANGUAGE.md §7)"
	case e.OK && v.Rule == "nesting-too-deep":
		return "this engine build has no nesting limit; LANGUAGE.md §6.2 sets the engine default of 128, which wflint enforces"
	case e.OK && v.Rule == "invalid-list-name":
		return "firewalker's patched 2020 engine accepts any [a-z0-9_.] list name; LANGUAGE.md §3.11 requires names that do not start or end with a dot"
	case e.OK && strings.Contains(e.Expr, "+") && v.Rule == "syntax":
		return "the 2020 engine parses hex bytes with u8::from_str_radix, which accepts a '+' sign (+1:+2); that is a quirk, not the language"
	case v.OK && at("0x") && strings.Contains(msg, "unknown identifier"):
		return "the 2020 engine reads a function argument that starts like a name (0x1) as an identifier; LANGUAGE.md §3.4 makes 0x1 an integer"
	}
	return ""
}
