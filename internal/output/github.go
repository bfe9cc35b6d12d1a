package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/wflint/wflint/internal/diag"
)

// GitHub writes GitHub Actions workflow commands, which annotate the
// lines of a pull request.
func GitHub(w io.Writer, files []*File) {
	for _, r := range files {
		path := r.Path
		if r.Err != "" {
			fmt.Fprintf(w, "::error file=%s,title=%s::%s\n", ghProp(path), ghProp("wflint"), ghData(r.Err))
			continue
		}
		idx := r.Lines()
		for i, f := range r.Diagnostics {
			s, e := idx.Position(f.Span.Start), idx.Position(f.Span.End)
			level := map[diag.Severity]string{diag.Error: "error", diag.Warning: "warning"}[f.Severity]
			if level == "" {
				level = "notice"
			}
			loc := fmt.Sprintf("file=%s,line=%d,col=%d,endLine=%d", ghProp(path), s.Line, s.RuneCol, e.Line)
			if e.Line == s.Line {
				loc += fmt.Sprintf(",endColumn=%d", e.RuneCol)
			}
			msg := f.Message
			for _, rel := range f.Related {
				rp := idx.Position(rel.Span.Start)
				msg += fmt.Sprintf("\nnote: %s (%d:%d)", rel.Message, rp.Line, rp.RuneCol)
			}
			applies, safe := fixClass(&f, r.profile(i))
			for _, fx := range f.Fixes {
				label := "help"
				switch {
				case applies && safe:
					label = "fix"
				case applies:
					label = "fix (unsafe)"
				}
				msg += "\n" + label + ": " + fixText1(r.Text, fx)
			}
			fmt.Fprintf(w, "::%s %s,title=%s::%s\n", level, loc, ghProp("wflint "+f.Rule), ghData(msg))
		}
	}
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command property value.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
