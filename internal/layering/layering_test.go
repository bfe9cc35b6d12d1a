package layering

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/wflint/wflint/"

// rel is a package's path in the module, as the Layout table writes it:
// the root package is `wflint`.
func rel(importPath string) (string, bool) {
	if importPath+"/" == module {
		return "wflint", true
	}
	return strings.CutPrefix(importPath, module)
}

// readmeLayers reads the Layout section of README.md: a table whose first
// column names one or more packages in backquotes, in dependency order.
// It returns each package's row number.
func readmeLayers(t *testing.T, path string) map[string]int {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rank := map[string]int{}
	in, row := false, 0
	name := regexp.MustCompile("`([a-z0-9/]+)`")
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = line == "## Layout"
			continue
		}
		if !in || !strings.HasPrefix(line, "| `") {
			continue
		}
		row++
		first := strings.SplitN(line, "|", 3)[1]
		for _, m := range name.FindAllStringSubmatch(first, -1) {
			rank[m[1]] = row
		}
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, rank, "README.md has no Layout table")
	return rank
}

// TestLayering fails when a package imports one listed below it in the
// README's Layout table, or when the table and the tree disagree on which
// packages exist.
func TestLayering(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	rank := readmeLayers(t, filepath.Join(root, "README.md"))

	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	require.NoError(t, err, "go list")

	var inTree []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, _ := rel(fields[0])
		inTree = append(inTree, pkg)
		r, listed := rank[pkg]
		if !assert.True(t, listed, "package %s is missing from README.md's Layout section", pkg) {
			continue
		}
		for _, imp := range fields[1:] {
			dep, ours := rel(imp)
			if !ours {
				continue
			}
			assert.LessOrEqual(t, rank[dep], r, "%s imports %s, which README.md's Layout section lists below it", pkg, dep)
		}
	}
	for pkg := range rank {
		assert.True(t, slices.Contains(inTree, pkg), "README.md's Layout section lists %s, which does not exist", pkg)
	}
}

// importable are the packages other modules may import: the root package,
// the front door, and docs, which only embeds the rule pages at the path
// their web addresses name. Everything else is under internal/ or cmd/, so
// that no package becomes a compatibility promise by accident.
var importable = []string{"wflint", "docs"}

// TestPrivateRooms fails when a package outside internal/ and cmd/ appears
// that is not one of the packages meant for other programs.
func TestPrivateRooms(t *testing.T) {
	cmd := exec.Command("go", "list", "./...")
	cmd.Dir = filepath.Join("..", "..")
	out, err := cmd.Output()
	require.NoError(t, err, "go list")
	var public []string
	for _, path := range strings.Fields(string(out)) {
		pkg, _ := rel(path)
		if !strings.HasPrefix(pkg, "internal/") && !strings.HasPrefix(pkg, "cmd/") {
			public = append(public, pkg)
		}
	}
	assert.ElementsMatch(t, importable, public, "packages other modules can import")
}
