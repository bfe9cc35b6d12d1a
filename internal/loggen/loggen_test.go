package loggen

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func generate(t *testing.T, cfg Config) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, Generate(&buf, cfg))
	return buf.Bytes()
}

// TestSampleReproducible guards determinism and keeps the committed sample
// in step with the generator.
func TestSampleReproducible(t *testing.T) {
	want, err := os.ReadFile("../../testdata/logs/sample.ndjson")
	require.NoError(t, err)
	got := generate(t, Config{N: 200, Seed: 1, MalformedRate: 0.02})
	assert.Equal(t, string(want), string(got),
		"regenerate with: go run ./testdata/gen-logs -n 200 -seed 1 -malformed 0.02 -o testdata/logs/sample.ndjson")
	assert.NotEqual(t, got, generate(t, Config{N: 200, Seed: 2, MalformedRate: 0.02}))
}

var (
	ja3Re = regexp.MustCompile(`^[0-9a-f]{32}$`)
	ja4Re = regexp.MustCompile(`^[tq]1[23]d\d{4}(h1|h2|h3)_[0-9a-f]{12}_[0-9a-f]{12}$`)
)

func TestShape(t *testing.T) {
	start := time.Date(2024, 1, 2, 3, 0, 0, 0, time.UTC)
	data := generate(t, Config{N: 3000, Seed: 3, Start: start, Window: 10 * time.Minute, MissingRate: 0.05})
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	require.Len(t, lines, 3000)
	var human, bot, one, missing int
	srcs := map[string]int{}
	ips := map[string]bool{}
	for _, l := range lines {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m), l)
		if len(m) < 28 { // 28 keys per complete line
			missing++
		}
		if s, ok := m["BotScore"].(float64); ok {
			switch {
			case s == 1:
				one++
			case s >= 30:
				human++
			case s >= 1:
				bot++
			}
		}
		if s, ok := m["BotScoreSrc"].(string); ok {
			srcs[s]++
		}
		if c, ok := m["ClientCountry"].(string); ok {
			assert.Regexp(t, `^[a-z]{2}$`, c)
		}
		if v, ok := m["JA3Hash"].(string); ok && v != "" {
			assert.Regexp(t, ja3Re, v)
		}
		if v, ok := m["JA4"].(string); ok && v != "" {
			assert.Regexp(t, ja4Re, v)
		}
		if ts, ok := m["EdgeStartTimestamp"].(string); ok {
			tm, err := time.Parse(time.RFC3339, ts)
			require.NoError(t, err)
			assert.False(t, tm.Before(start) || tm.After(start.Add(10*time.Minute)), ts)
		}
		if ip, ok := m["ClientIP"].(string); ok {
			ips[ip] = true
		}
	}
	assert.Greater(t, human, bot, "humans dominate")
	assert.Positive(t, bot)
	assert.Positive(t, one, "score 1 automated traffic")
	assert.GreaterOrEqual(t, len(srcs), 4, "several score sources: %v", srcs)
	assert.InDelta(t, 150, missing, 60, "MissingRate 0.05")
	assert.Greater(t, len(ips), 100)
	var v6 int
	for ip := range ips {
		if strings.Contains(ip, ":") {
			v6++
		}
	}
	assert.Positive(t, v6, "some IPv6 clients")
}

func TestTimeFormats(t *testing.T) {
	tests := []struct {
		format string
		re     string
	}{
		{TimeRFC3339, `"EdgeStartTimestamp":"2024-06-01T00:\d\d:\d\dZ"`},
		{TimeUnix, `"EdgeStartTimestamp":17172\d{5},`},
		{TimeUnixNano, `"EdgeStartTimestamp":17172\d{14},`},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			data := generate(t, Config{N: 20, Seed: 1, TimeFormat: tt.format, MissingRate: -1})
			assert.Len(t, regexp.MustCompile(tt.re).FindAll(data, -1), 20)
		})
	}
	assert.Error(t, Generate(&bytes.Buffer{}, Config{N: 1, TimeFormat: "iso"}))
}

func TestMalformedRate(t *testing.T) {
	data := generate(t, Config{N: 2000, Seed: 5, MalformedRate: 0.1})
	var bad int
	for _, l := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if !strings.Contains(l, `"RayID"`) {
			bad++
		}
	}
	assert.InDelta(t, 200, bad, 60)
}

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", `q"b\s`, "ctl\x01\n", "café", "😀", "/café/menü"} {
		var got string
		require.NoError(t, json.Unmarshal(appendJSONString(nil, s), &got))
		assert.Equal(t, s, got)
	}
}
