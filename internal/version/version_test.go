package version

import (
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOf(t *testing.T) {
	tests := []struct {
		bi   debug.BuildInfo
		want string
	}{
		{debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
		{debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef"}, {Key: "vcs.modified", Value: "true"}}}, "devel-0123456789ab-dirty"},
	}
	for _, tt := range tests {
		if got := of(&tt.bi); got != tt.want {
			t.Errorf("of(%v) = %q, want %q", tt.bi.Main, got, tt.want)
		}
	}
}

// TestStamp links a program with the stamp the release build sets and
// checks that it wins over the build information.
func TestStamp(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds a program")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "v")
	build := exec.Command("go", "build", "-buildvcs=false", "-ldflags", "-X github.com/wflint/wflint/internal/version.stamp=v9.8.7-rc.1", "-o", bin, "./testdata/stamp")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	out, err = exec.Command(bin).Output()
	require.NoError(t, err)
	assert.Equal(t, "v9.8.7-rc.1", strings.TrimSpace(string(out)))
}
