package reportview

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/wflint/wflint/internal/cfapi"
)

// Config writes a zone's Bot Management settings as indented JSON (json
// true) or as sorted "key = value" lines, nested objects flattened with
// dots.
func Config(w io.Writer, cfg *cfapi.Config, asJSON bool) error {
	b, err := JSON(cfg)
	if err != nil {
		return err
	}
	if asJSON {
		_, err = w.Write(b)
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	var lines []string
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			if sub, ok := v.(map[string]any); ok {
				walk(prefix+k+".", sub)
				continue
			}
			lines = append(lines, fmt.Sprintf("%s = %v", prefix+k, v))
		}
	}
	walk("", m)
	sort.Strings(lines)
	if len(lines) == 0 {
		lines = []string{"(no settings)"}
	}
	for _, l := range lines {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}
