package reportview

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/wflint/wflint/internal/chbuild"
	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/reportbuild"
)

func TestProgress(t *testing.T) {
	got := Progress(reportbuild.Progress{Bytes: 1024e6, Records: 2500000, Matches: 31337, Elapsed: 2 * time.Second})
	assert.Equal(t, "read 1,024 MB (512 MB/s), 2,500,000 records (1,250,000/s), 31,337 matches", got)
	assert.LessOrEqual(t, len(got), 80)
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -1234567: "-1,234,567"} {
		assert.Equal(t, want, Thousands(n))
	}
}

func TestBuildSummaryWarnsAboutMissingScoreSource(t *testing.T) {
	var b strings.Builder
	BuildSummary(&b, &reportbuild.Stats{Records: 10, Matches: 10, NoScoreSource: 3})
	assert.Contains(t, b.String(), `warning: 3 matched requests have no BotScoreSrc; requests_by_score_src counts them under "unknown"`)
	b.Reset()
	BuildSummary(&b, &reportbuild.Stats{Records: 10, Matches: 10})
	assert.NotContains(t, b.String(), "BotScoreSrc")
}

func TestClickHouseSummary(t *testing.T) {
	var b strings.Builder
	ClickHouseSummary(&b, "report build", &feedback.Report{Requests: 1200},
		&chbuild.Stats{Matches: 1500, RowsRead: 2000000, Elapsed: 2 * time.Second})
	assert.Equal(t, "wflint report build: ClickHouse matched 1,500 rows (1,200 scored requests); read 2,000,000 rows in 2.00s (1,000,000 rows/s)\n", b.String())
}

func TestProgressLine(t *testing.T) {
	var b strings.Builder
	p := ProgressLine(&b)
	p(reportbuild.Progress{Records: 10})
	assert.Equal(t, "\r\033[K"+Progress(reportbuild.Progress{Records: 10}), b.String())
	b.Reset()
	p(reportbuild.Progress{Done: true})
	assert.Equal(t, "\r\033[K", b.String())
}

func TestWriteJSON(t *testing.T) {
	var b strings.Builder
	assert.NoError(t, WriteJSON(&b, map[string]int{"a": 1}))
	assert.Equal(t, "{\n  \"a\": 1\n}\n", b.String())
	assert.Error(t, WriteJSON(&b, func() {}))
}
