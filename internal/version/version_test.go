package version

import (
	"runtime/debug"
	"testing"
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
