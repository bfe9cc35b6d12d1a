package reportbuild_test

import (
	"fmt"
	"strings"
	"sync"

	"github.com/wflint/wflint/internal/feedback"
	"github.com/wflint/wflint/internal/logpush"
	"github.com/wflint/wflint/internal/reportbuild"
)

// Split the input across goroutines, one Aggregator each, then Merge.
func ExampleAggregator_Merge() {
	shards := []string{
		`{"BotScore":1,"BotScoreSrc":"Heuristics","ClientIP":"192.0.2.7","EdgeStartTimestamp":1717200000}` + "\n" +
			`{"BotScore":1,"BotScoreSrc":"Heuristics","ClientIP":"192.0.2.7","EdgeStartTimestamp":1717200060}`,
		`{"BotScore":45,"BotScoreSrc":"Machine Learning","ClientIP":"198.51.100.2","EdgeStartTimestamp":"2024-06-01T00:00:30Z"}` + "\n" +
			`{"ClientIP":"198.51.100.2"}`,
	}
	parts := make([]*reportbuild.Aggregator, len(shards))
	var wg sync.WaitGroup
	for i, shard := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			agg := reportbuild.NewAggregator(reportbuild.AggregatorOptions{})
			r, err := logpush.NewReader(strings.NewReader(shard), logpush.Options{})
			if err != nil {
				panic(err)
			}
			var rec logpush.Record
			for r.Next(&rec) {
				agg.Add(&rec)
			}
			parts[i] = agg
		}()
	}
	wg.Wait()
	total := parts[0]
	for _, p := range parts[1:] {
		total.Merge(p)
	}
	res := total.Totals(10)
	fmt.Println(res.Requests, res.Unscored, res.RequestsByScore, res.RequestsByScoreSrc)
	fmt.Println(res.FirstRequestSeenAt.Format("15:04:05"), res.LastRequestSeenAt.Format("15:04:05"))
	for _, m := range res.Top[feedback.AttrTopIPs].Items {
		fmt.Print(m.Metric, " ", m.Requests, "; ")
	}
	fmt.Println(res.Top[feedback.AttrTopIPs].Exact)
	// Output:
	// 3 1 map[1:2 45:1] map[heuristics:2 machine_learning:1]
	// 00:00:00 00:01:00
	// 192.0.2.7 2; 198.51.100.2 1; true
}
