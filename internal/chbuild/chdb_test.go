package chbuild_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/chbuild"
	"github.com/wflint/wflint/internal/chsql"
	"github.com/wflint/wflint/internal/feedback"
)

// chdb drives scripts/chdb-query.py: current ClickHouse (chDB, embedded)
// without a server or network.
type chdb struct {
	mu  sync.Mutex
	in  io.WriteCloser
	out *bufio.Reader
}

func startChDB(t testing.TB, lib string) *chdb {
	t.Helper()
	cmd := exec.Command("python3", filepath.Join("..", "..", "scripts", "chdb-query.py"), lib)
	in, err := cmd.StdinPipe()
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		// chDB's threads keep the process alive after stdin ends: stop
		// it by its PID.
		in.Close()
		_ = cmd.Process.Kill()
		<-exited
	})
	return &chdb{in: in, out: bufio.NewReader(out)}
}

// query runs one statement; the answer is TabSeparated text.
func (c *chdb) query(q string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := io.WriteString(c.in, q+"\x00"); err != nil {
		return "", err
	}
	head, err := c.out.ReadString('\n')
	if err != nil {
		return "", err
	}
	tag, num, _ := strings.Cut(strings.TrimSpace(head), " ")
	n, err := strconv.Atoi(num)
	if err != nil {
		return "", fmt.Errorf("chdb: bad answer %q", head)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(c.out, body); err != nil {
		return "", err
	}
	if tag != "OK" {
		return "", fmt.Errorf("chdb: %s", body)
	}
	return string(body), nil
}

// unTSV undoes TabSeparated escaping.
func unTSV(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '0':
			b.WriteByte(0)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func tsvRows(text string) ([]chbuild.Row, error) {
	var rows []chbuild.Row
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			return nil, fmt.Errorf("chdb: row %q", line)
		}
		g, err0 := strconv.ParseUint(f[0], 10, 8)
		n, err1 := strconv.ParseUint(f[2], 10, 64)
		s, err2 := strconv.ParseUint(f[3], 10, 64)
		t0, err3 := strconv.ParseInt(f[4], 10, 64)
		t1, err4 := strconv.ParseInt(f[5], 10, 64)
		if err := errors.Join(err0, err1, err2, err3, err4); err != nil {
			return nil, fmt.Errorf("chdb: row %q: %w", line, err)
		}
		rows = append(rows, chbuild.Row{G: uint8(g), K: unTSV(f[1]), N: n, S: s, T0: t0, T1: t1})
	}
	return rows, nil
}

// Describe and Rows make chdb a chbuild.DB.
func (c *chdb) Describe(_ context.Context, table string) ([]chsql.Column, error) {
	text, err := c.query("DESCRIBE TABLE " + table)
	if err != nil {
		return nil, err
	}
	var cols []chsql.Column
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if f := strings.Split(line, "\t"); len(f) >= 2 {
			cols = append(cols, chsql.Column{Name: unTSV(f[0]), Type: unTSV(f[1])})
		}
	}
	return cols, nil
}

func (c *chdb) Rows(_ context.Context, q string) ([]chbuild.Row, error) {
	text, err := c.query(q)
	if err != nil {
		return nil, err
	}
	return tsvRows(text)
}

// TestChDB runs the differential and corpus tests on a current ClickHouse
// (chDB 26.x) when WFLINT_CHDB_LIB names its libchdb.so (.ci/run sets it
// when `npm pack @chdb/lib-linux-x64-gnu` worked).
func TestChDB(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs a current ClickHouse through chDB (an end-to-end test)")
	}
	lib := os.Getenv("WFLINT_CHDB_LIB")
	if lib == "" {
		t.Skip("WFLINT_CHDB_LIB is not set (npm pack @chdb/lib-linux-x64-gnu; see the README); skipping the current-ClickHouse run")
	}
	db := startChDB(t, lib)
	v, err := db.query("SELECT version()")
	require.NoError(t, err)
	t.Logf("chDB, ClickHouse %s", strings.TrimSpace(v))
	load := func(table string, complete bool) *fixture {
		file, _ := testLogs(t, 3000, complete)
		_, err := db.query(fmt.Sprintf(chsql.CreateTable, table))
		require.NoError(t, err)
		_, err = db.query("INSERT INTO " + table + " SELECT * FROM file(" + chsql.String(file) + ", 'JSONEachRow', " +
			chsql.String(chsql.Structure) + ") SETTINGS input_format_skip_unknown_fields = 1")
		require.NoError(t, err)
		return &fixture{
			file: file, table: table, requests: map[string]int64{}, local: map[string]string{},
			count: func() (string, error) { return db.query("SELECT count() FROM " + table) },
			exec:  db.query,
			build: func(o chbuild.Options) (*feedback.Report, error) {
				rep, _, err := chbuild.Run(context.Background(), o, db)
				return rep, err
			},
		}
	}
	f, complete := load("http_requests", false), load("http_requests_complete", true)
	t.Run("differential", func(t *testing.T) { testDifferential(t, f) })
	t.Run("injection", func(t *testing.T) { testInjection(t, f) })
	t.Run("corpus", func(t *testing.T) { testCorpus(t, f) })
	t.Run("ip-text", func(t *testing.T) { testIPText(t, f) })
	t.Run("schemas", func(t *testing.T) { testMatrix(t, f, complete, true, false) })
	t.Run("table-function", func(t *testing.T) {
		// For file(…): Logpush writes fields the structure leaves out.
		_, err := db.query("SET input_format_skip_unknown_fields = 1")
		require.NoError(t, err)
		dir := t.TempDir()
		testTableFunction(t, f, func(name string, data []byte) string {
			path := filepath.Join(dir, name)
			require.NoError(t, os.WriteFile(path, data, 0o600))
			return path
		})
	})
}
