// Package chserver starts a private ClickHouse server for tests: Debian's
// clickhouse-server (18.16) on 127.0.0.1, with a config in a temporary
// directory, stopped by its PID when the test ends.
package chserver

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Server is a running server.
type Server struct {
	TCP, HTTP int // ports on 127.0.0.1
	Version   string
	dir       string
}

// UserFiles is the directory the file() table function reads from.
func (s *Server) UserFiles() string { return filepath.Join(s.dir, "user_files") }

// DSN is the native-protocol address for clickhouse-go.
func (s *Server) DSN() string { return fmt.Sprintf("clickhouse://default@127.0.0.1:%d/default", s.TCP) }

const config = `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>{dir}/server.log</log><errorlog>{dir}/error.log</errorlog><console>0</console></logger>
  <listen_host>127.0.0.1</listen_host>
  <tcp_port>{tcp}</tcp_port>
  <http_port>{http}</http_port>
  <path>{dir}/data/</path>
  <tmp_path>{dir}/tmp/</tmp_path>
  <user_files_path>{dir}/user_files/</user_files_path>
  <format_schema_path>{dir}/format_schemas/</format_schema_path>
  <mark_cache_size>5368709</mark_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <query_log><database>system</database><table>query_log</table><flush_interval_milliseconds>100</flush_interval_milliseconds></query_log>
  {remote_servers}
</yandex>
`

const users = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_threads>2</max_threads></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
`

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Binary is the server executable looked for on PATH and in /usr/sbin.
func Binary() (string, bool) {
	if p, err := exec.LookPath("clickhouse-server"); err == nil {
		return p, true
	}
	if _, err := os.Stat("/usr/sbin/clickhouse-server"); err == nil {
		return "/usr/sbin/clickhouse-server", true
	}
	return "", false
}

// Start starts a server for t, or skips t under -short and when
// clickhouse-server is not installed (.ci/run installs it with apt-get).
func Start(t testing.TB) *Server {
	t.Helper()
	bin := binary(t)
	p := allocPorts(t)
	return start(t, bin, p, "")
}

// Cluster is the name of the cluster StartCluster configures.
const Cluster = "wflint"

// StartCluster starts n servers that all know one cluster, Cluster, of n
// shards (one replica each: the n servers), for tests of Distributed
// tables and the cluster and remote table functions.
func StartCluster(t testing.TB, n int) []*Server {
	t.Helper()
	bin := binary(t)
	ports := make([]ports, n)
	var shards strings.Builder
	for i := range ports {
		ports[i] = allocPorts(t)
		fmt.Fprintf(&shards, "<shard><replica><host>127.0.0.1</host><port>%d</port></replica></shard>", ports[i].tcp)
	}
	remote := "<remote_servers><" + Cluster + ">" + shards.String() + "</" + Cluster + "></remote_servers>"
	out := make([]*Server, n)
	for i := range out {
		out[i] = start(t, bin, ports[i], remote)
	}
	return out
}

type ports struct{ tcp, http int }

func allocPorts(t testing.TB) ports {
	tcp, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	httpPort, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	return ports{tcp, httpPort}
}

// binary is the server executable for t, which is skipped under -short
// (every test that starts a server is an end-to-end test) and when the
// server is not installed.
func binary(t testing.TB) string {
	if testing.Short() {
		t.Skip("-short: starts clickhouse-server (an end-to-end test)")
	}
	bin, ok := Binary()
	if !ok {
		t.Skip("clickhouse-server is not installed (apt-get install clickhouse-server); skipping the ClickHouse test")
	}
	return bin
}

func start(t testing.TB, bin string, p ports, remote string) *Server {
	t.Helper()
	dir := t.TempDir()
	tcp, httpPort := p.tcp, p.http
	r := strings.NewReplacer("{dir}", dir, "{tcp}", fmt.Sprint(tcp), "{http}", fmt.Sprint(httpPort), "{remote_servers}", remote)
	for name, text := range map[string]string{"config.xml": r.Replace(config), "users.xml": users} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	cmd := exec.Command(bin, "--config-file="+filepath.Join(dir, "config.xml"))
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start clickhouse-server: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		// 18.16 takes about ten seconds to shut down cleanly; its data is
		// a temporary directory, so after a short grace period it is
		// killed (by its PID, as everything here).
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	s := &Server{TCP: tcp, HTTP: httpPort, dir: dir}
	// Ready when /ping answers; each attempt returns at once while the
	// port is closed. Bounded: 30 s in all.
	client := &http.Client{Timeout: time.Second}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for i := 0; ; i++ {
		resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d/ping", httpPort))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if i >= 1500 {
			logs, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("clickhouse-server did not answer on 127.0.0.1:%d: %s\n%s", httpPort, out.String(), logs)
		}
		select {
		case err := <-exited:
			logs, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("clickhouse-server exited: %v: %s\n%s", err, out.String(), logs)
		case <-tick.C:
		}
	}
	v, err := s.Exec("SELECT version()", nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Version = strings.TrimSpace(v)
	return s
}

// Exec runs one statement over HTTP with body as its data (nil: none) and
// returns the response text.
func (s *Server) Exec(query string, body io.Reader, settings ...string) (string, error) {
	params := url.Values{}
	if body == nil {
		// Without data, the statement is the body: URLs have a length limit.
		body = strings.NewReader(query)
	} else {
		params.Set("query", query)
	}
	for _, kv := range settings {
		k, v, _ := strings.Cut(kv, "=")
		params.Set(k, v)
	}
	u := fmt.Sprintf("http://127.0.0.1:%d/?%s", s.HTTP, params.Encode())
	resp, err := http.Post(u, "text/plain", body)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("clickhouse: %s: %s", query, strings.TrimSpace(string(b)))
	}
	return string(b), nil
}

// LoadNDJSON creates table (chsql.CreateTable's text is passed as ddl) and
// loads Logpush NDJSON into it.
func (s *Server) LoadNDJSON(ddl, table string, ndjson io.Reader) error {
	if _, err := s.Exec(fmt.Sprintf(ddl, table), nil); err != nil {
		return err
	}
	_, err := s.Exec("INSERT INTO "+table+" FORMAT JSONEachRow", ndjson, "input_format_skip_unknown_fields=1")
	return err
}
