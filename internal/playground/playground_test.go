package playground

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func gz(t *testing.T, s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, err := w.Write([]byte(s))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return b.Bytes()
}

// fakeSite is a built site in miniature.
func fakeSite(t *testing.T) fstest.MapFS {
	return fstest.MapFS{
		"index.html":     {Data: []byte("<!doctype html>page")},
		"app.js.gz":      {Data: gz(t, "console.log(1)")},
		"wflint.wasm.gz": {Data: gz(t, "\x00asm")},
		"wasm_exec.js":   {Data: []byte("// go")},
	}
}

func TestBuilt(t *testing.T) {
	require.NoError(t, Built(fakeSite(t)))
	err := Built(fstest.MapFS{"index.html": {Data: []byte("x")}})
	require.ErrorIs(t, err, ErrNotBuilt)
	assert.Contains(t, err.Error(), "missing app.js, wflint.wasm, wasm_exec.js")
	assert.Contains(t, err.Error(), "scripts/build-playground.sh")
}

func TestHandler(t *testing.T) {
	srv := httptest.NewServer(Handler(fakeSite(t)))
	defer srv.Close()
	// The default transport asks for gzip and unpacks it; ask by hand.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	get := func(path, enc string) (*http.Response, string) {
		req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		require.NoError(t, err)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		resp, err := client.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp, string(body)
	}
	tests := []struct {
		path, enc, typ, encoding, body string
		status                         int
	}{
		{"/", "", "text/html; charset=utf-8", "", "<!doctype html>page", 200},
		{"/wflint.wasm", "gzip", "application/wasm", "gzip", string(gz(t, "\x00asm")), 200},
		{"/wflint.wasm", "br, gzip;q=0.5", "application/wasm", "gzip", string(gz(t, "\x00asm")), 200},
		{"/wflint.wasm", "", "application/wasm", "", "\x00asm", 200},
		{"/wflint.wasm", "gzip;q=0", "application/wasm", "", "\x00asm", 200},
		{"/app.js", "identity", "text/javascript; charset=utf-8", "", "console.log(1)", 200},
		{"/wasm_exec.js", "gzip", "text/javascript; charset=utf-8", "", "// go", 200},
		{"/app.js.gz", "", "", "", "", 404},
		{"/nope", "", "", "", "", 404},
		{"/../../etc/passwd", "", "", "", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.path+" "+tt.enc, func(t *testing.T) {
			resp, body := get(tt.path, tt.enc)
			require.Equal(t, tt.status, resp.StatusCode)
			if tt.status != 200 {
				return
			}
			assert.Equal(t, tt.typ, resp.Header.Get("Content-Type"))
			assert.Equal(t, tt.encoding, resp.Header.Get("Content-Encoding"))
			assert.Equal(t, tt.body, body)
		})
	}
	resp, err := client.Post(srv.URL+"/", "text/plain", nil)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

func TestExport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	require.NoError(t, Export(fakeSite(t), dir))
	for name, want := range map[string]string{"index.html": "<!doctype html>page", "app.js": "console.log(1)", "wflint.wasm": "\x00asm", "wasm_exec.js": "// go"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, want, string(got), name)
	}
	_, err := os.Stat(filepath.Join(dir, "app.js.gz"))
	assert.True(t, os.IsNotExist(err), "no .gz files: the host compresses")
	assert.ErrorIs(t, Export(fstest.MapFS{}, dir), ErrNotBuilt)
}

func TestServeStops(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, fakeSite(t)) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	cancel()
	assert.NoError(t, <-done)
}

// The wasm a release carries stays small enough to load quickly: at most
// 4 MB gzipped (issue 26). Skipped where the site was not built.
func TestWasmSize(t *testing.T) {
	site := Site()
	if err := Built(site); err != nil {
		t.Skip("the site is not built (scripts/build-playground.sh):", err)
	}
	fi, err := fs.Stat(site, "wflint.wasm.gz")
	require.NoError(t, err)
	t.Logf("wflint.wasm.gz: %d bytes", fi.Size())
	assert.LessOrEqual(t, fi.Size(), int64(4<<20), "wflint.wasm gzipped")
}
