package logpush

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wflint/wflint/internal/gziptest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// samplePath is produced by
// go run ./testdata/gen-logs -n 200 -seed 1 -malformed 0.02 -o testdata/logs/sample.ndjson
const samplePath = "../../testdata/logs/sample.ndjson"

// Malformed lines the generator injected into the sample (1-based).
var sampleMalformed = []int64{48, 61, 86}

func readAll(t testing.TB, r interface {
	Next(*Record) bool
	Err() error
}) []Record {
	t.Helper()
	var out []Record
	var rec Record
	for r.Next(&rec) {
		out = append(out, rec)
	}
	return out
}

func TestReaderPlainAndGzip(t *testing.T) {
	data := []byte("{\"BotScore\":1}\n\n  \n{\"BotScore\":2}\r\n{\"BotScore\":3}") // no final newline
	tests := []struct {
		name  string
		input []byte
	}{
		{"plain", data},
		{"gzip", gziptest.Compress(t, data)},
		{"gzip multistream", append(gziptest.Compress(t, data[:15]), gziptest.Compress(t, data[15:])...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(bytes.NewReader(tt.input), Options{})
			require.NoError(t, err)
			recs := readAll(t, r)
			require.NoError(t, r.Err())
			require.NoError(t, r.Close())
			require.Len(t, recs, 3)
			for i, rec := range recs {
				assert.Equal(t, int64(i+1), rec.BotScore)
			}
			st := r.Stats()
			assert.Equal(t, Stats{Lines: 5, Records: 3, Blank: 2}, st)
		})
	}
}

func TestReaderEmptyInput(t *testing.T) {
	for _, in := range [][]byte{nil, gziptest.Compress(t, nil), []byte("\x1f")} {
		r, err := NewReader(bytes.NewReader(in), Options{})
		require.NoError(t, err)
		var rec Record
		if len(in) == 1 {
			// A lone 0x1f is not gzip; it is a malformed line.
			assert.False(t, r.Next(&rec))
			assert.Equal(t, int64(1), r.Stats().Malformed)
			continue
		}
		assert.False(t, r.Next(&rec))
		assert.NoError(t, r.Err())
	}
}

func TestReaderTruncatedGzip(t *testing.T) {
	z := gziptest.Compress(t, bytes.Repeat([]byte("{\"BotScore\":1}\n"), 1000))
	r, err := NewReader(bytes.NewReader(z[:len(z)-10]), Options{Name: "cut.gz"})
	require.NoError(t, err)
	readAll(t, r)
	require.Error(t, r.Err())
	assert.ErrorIs(t, r.Err(), io.ErrUnexpectedEOF)
	assert.Contains(t, r.Err().Error(), "cut.gz:")
}

func TestReaderBadGzipHeader(t *testing.T) {
	_, err := NewReader(bytes.NewReader([]byte{0x1f, 0x8b, 0, 0}), Options{Name: "bad.gz"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bad.gz")
}

func TestReaderMalformedLines(t *testing.T) {
	input := strings.Join([]string{
		`{"BotScore":1}`,
		`{"BotScore":"x"}`,
		`not json`,
		`{"BotScore":4}`,
		`{"BotScore":[5]}`,
		`{"BotScore":6}`,
	}, "\n")

	t.Run("lenient", func(t *testing.T) {
		r, err := NewReader(strings.NewReader(input), Options{Name: "in.json", MaxErrors: 2})
		require.NoError(t, err)
		recs := readAll(t, r)
		require.NoError(t, r.Err())
		require.Len(t, recs, 3)
		assert.Equal(t, []int64{1, 4, 6}, []int64{recs[0].BotScore, recs[1].BotScore, recs[2].BotScore})
		st := r.Stats()
		assert.Equal(t, int64(3), st.Malformed, "all malformed lines are counted")
		require.Len(t, st.Errors, 2, "only MaxErrors are kept")
		assert.Equal(t, "in.json", st.Errors[0].File)
		assert.Equal(t, int64(2), st.Errors[0].Line)
		assert.ErrorIs(t, st.Errors[0], ErrFieldType)
		assert.Equal(t, int64(3), st.Errors[1].Line)
		assert.ErrorIs(t, st.Errors[1], ErrSyntax)
		assert.True(t, strings.HasPrefix(st.Errors[0].Error(), "in.json:2: "), st.Errors[0].Error())
	})

	t.Run("strict", func(t *testing.T) {
		r, err := NewReader(strings.NewReader(input), Options{Name: "in.json", Strict: true})
		require.NoError(t, err)
		recs := readAll(t, r)
		require.Len(t, recs, 1)
		var le *LineError
		require.True(t, errors.As(r.Err(), &le))
		assert.Equal(t, int64(2), le.Line)
		var rec Record
		assert.False(t, r.Next(&rec), "stays stopped")
	})

	t.Run("negative MaxErrors keeps none", func(t *testing.T) {
		r, err := NewReader(strings.NewReader(input), Options{MaxErrors: -1})
		require.NoError(t, err)
		readAll(t, r)
		assert.Equal(t, int64(3), r.Stats().Malformed)
		assert.Empty(t, r.Stats().Errors)
	})
}

func TestReaderLongLines(t *testing.T) {
	const max = 100
	long := `{"ClientRequestUserAgent":"` + strings.Repeat("a", 2*readBufSize+17) + `"}`
	fits := `{"ClientRequestUserAgent":"` + strings.Repeat("b", max-29) + `"}`
	require.Len(t, fits, max)
	tests := []struct {
		name    string
		maxLine int
		lines   []string
		ok      int
		tooLong []int64
	}{
		{"over limit within buffer", max, []string{`{"BotScore":1}`, strings.Repeat(" ", max+1), `{"BotScore":2}`}, 2, []int64{2}},
		{"at limit", max, []string{fits, fits + "\r"}, 1, []int64{2}},
		{"just over limit", max, []string{fits + " "}, 0, []int64{1}},
		{"over limit across buffers", max, []string{long, `{"BotScore":2}`}, 1, []int64{1}},
		{"long last line without newline", max, []string{`{"BotScore":1}`, long}, 1, []int64{2}},
		{"long line allowed", 4 * readBufSize, []string{long, `{"BotScore":2}`}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(strings.Join(tt.lines, "\n")), Options{MaxLineBytes: tt.maxLine})
			require.NoError(t, err)
			recs := readAll(t, r)
			require.NoError(t, r.Err())
			assert.Len(t, recs, tt.ok)
			var got []int64
			for _, e := range r.Stats().Errors {
				assert.ErrorIs(t, e, ErrLineTooLong)
				got = append(got, e.Line)
			}
			assert.Equal(t, tt.tooLong, got)
			assert.Equal(t, int64(len(tt.lines)), r.Stats().Lines)
		})
	}
	t.Run("long record content intact", func(t *testing.T) {
		r, err := NewReader(strings.NewReader(long+"\n"), Options{MaxLineBytes: 4 * readBufSize})
		require.NoError(t, err)
		recs := readAll(t, r)
		require.Len(t, recs, 1)
		assert.Equal(t, 2*readBufSize+17, len(recs[0].UserAgent))
	})
}

func TestReaderSample(t *testing.T) {
	raw, err := os.ReadFile(samplePath)
	require.NoError(t, err)
	for _, in := range [][]byte{raw, gziptest.Compress(t, raw)} {
		r, err := NewReader(bytes.NewReader(in), Options{Name: "sample"})
		require.NoError(t, err)
		recs := readAll(t, r)
		require.NoError(t, r.Err())
		st := r.Stats()
		assert.Equal(t, int64(200), st.Lines)
		assert.Equal(t, int64(len(sampleMalformed)), st.Malformed)
		var lines []int64
		for _, e := range st.Errors {
			lines = append(lines, e.Line)
		}
		assert.Equal(t, sampleMalformed, lines)
		assert.Len(t, recs, 200-len(sampleMalformed))
		for _, rec := range recs {
			if rec.Has(FieldClientCountry) {
				assert.Regexp(t, `^[A-Z]{2}$`, rec.ClientCountry)
			}
			if rec.Has(FieldJA3Hash) && rec.JA3Hash != "" {
				assert.Regexp(t, `^[0-9a-f]{32}$`, rec.JA3Hash)
			}
			if rec.Has(FieldClientIP) {
				assert.True(t, rec.ClientIP.IsValid())
			}
		}
	}
}

func TestOpenFilesAndGlobs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, b, 0o600))
		return p
	}
	write("a.json", []byte("{\"BotScore\":1}\n{\"BotScore\":2}\n"))
	write("b.json.gz", gziptest.Compress(t, []byte("bad\n{\"BotScore\":3}\n")))
	c := write("c.log", []byte("{\"BotScore\":4}\n"))

	old := stdin
	stdin = strings.NewReader("{\"BotScore\":5}\n")
	t.Cleanup(func() { stdin = old })

	m, err := OpenFiles([]string{filepath.Join(dir, "*.json*"), c, "-"}, Options{})
	require.NoError(t, err)
	assert.Len(t, m.Files(), 4)
	var scores []int64
	var rec Record
	for m.Next(&rec) {
		scores = append(scores, rec.BotScore)
		assert.NotEmpty(t, m.Name())
		assert.Positive(t, m.Line())
	}
	require.NoError(t, m.Err())
	require.NoError(t, m.Close())
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, scores)
	st := m.Stats()
	assert.Equal(t, int64(1), st.Malformed)
	require.Len(t, st.Errors, 1)
	assert.Equal(t, filepath.Join(dir, "b.json.gz"), st.Errors[0].File)
	assert.Equal(t, int64(1), st.Errors[0].Line)

	_, err = OpenFiles([]string{filepath.Join(dir, "*.nomatch")}, Options{})
	assert.ErrorContains(t, err, "matches no files")

	m, err = OpenFiles([]string{filepath.Join(dir, "a.json"), filepath.Join(dir, "missing.json")}, Options{})
	require.NoError(t, err)
	assert.Len(t, readAll(t, m), 2)
	assert.ErrorIs(t, m.Err(), os.ErrNotExist)
}

// FuzzReadLine checks that no input crashes the parser and that it agrees
// with encoding/json: whatever it accepts is valid JSON, and the string
// values it decodes equal encoding/json's.
func FuzzReadLine(f *testing.F) {
	seeds := []string{
		`{}`,
		`{"BotScore":12,"ClientIP":"1.2.3.4","ClientCountry":"us"}`,
		`{"ClientRequestUserAgent":"a\"b\\c\u00e9\ud83d\ude00\ud800"}`,
		`{"EdgeStartTimestamp":1717237230123456789}`,
		`{"EdgeStartTimestamp":"2024-06-01T10:20:30Z"}`,
		`{"EdgeStartTimestamp":"1717237230"}`,
		`{"BotTags":["a","b"],"BotDetectionIDs":[1,2,3]}`,
		`{"X":{"y":[1,2.5e3,true,false,null,"z"]}}`,
		`{"BotScore":"x"}`,
		`{"JA4":"t13d1516h2_8daaf6152771_b186095e22b6"}`,
		`not json`,
		`{"BotScore":1e400}`,
	}
	if raw, err := os.ReadFile(samplePath); err == nil {
		seeds = append(seeds, strings.SplitN(string(raw), "\n", 3)[:2]...)
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		var p Parser
		var rec Record
		err := p.Parse(line, &rec)
		// A parser that skips string fields accepts exactly the same lines
		// and decodes the same non-skipped values, also the second time,
		// when it predicts keys from the line before.
		var ps Parser
		ps.Skip(^FieldSet(0) &^ (1 << FieldClientRequestHost))
		for range 2 {
			var skipped Record
			serr := ps.Parse(line, &skipped)
			if (serr == nil) != (err == nil) {
				t.Fatalf("with Skip: error %v, without: %v, for %q", serr, err, line)
			}
			if err == nil {
				assert.Equal(t, rec.Host, skipped.Host)
				assert.Equal(t, rec.BotScore, skipped.BotScore)
				assert.Equal(t, rec.ClientIP, skipped.ClientIP)
				assert.Equal(t, rec.EdgeStartTimestamp, skipped.EdgeStartTimestamp)
			}
		}
		// Reading the same bytes through a Reader must not crash either.
		r, rerr := NewReader(bytes.NewReader(line), Options{})
		if rerr == nil {
			for r.Next(&rec) {
			}
		}
		if err != nil {
			return
		}
		if !json.Valid(line) {
			t.Fatalf("accepted invalid JSON %q", line)
		}
		require.NoError(t, p.Parse(line, &rec))
		var m map[string]any
		if json.Unmarshal(line, &m) != nil {
			return // valid JSON but not an object cannot be accepted above
		}
		checks := map[string]string{
			"ClientRequestUserAgent": rec.UserAgent,
			"ClientRequestPath":      rec.Path,
			"JA4":                    rec.JA4,
			"BotScoreSrc":            rec.BotScoreSrc,
		}
		for k, got := range checks {
			want, ok := m[k].(string)
			if !ok {
				continue
			}
			// encoding/json replaces invalid UTF-8 with U+FFFD while we keep
			// the bytes (Rules strings are bytes), so compare valid text only.
			if utf8.ValidString(got) && got != want {
				t.Fatalf("%s: got %q, encoding/json %q", k, got, want)
			}
		}
		if v, ok := m["BotScore"].(float64); ok && rec.Has(FieldBotScore) && float64(rec.BotScore) != v {
			t.Fatalf("BotScore: got %d, encoding/json %v", rec.BotScore, v)
		}
	})
}

func TestInteractive(t *testing.T) {
	null, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer null.Close()
	assert.False(t, Interactive(null), "/dev/null is a character device but no terminal")
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	assert.False(t, Interactive(r))
	assert.False(t, Interactive(strings.NewReader("")))
	assert.False(t, Interactive(nil))
}
