// Package playground serves and exports the playground: a static page
// where wflint, compiled to WebAssembly, lints, explains, fixes and
// formats an expression in the browser. The site is built by
// scripts/build-playground.sh (go generate runs it) into site/, which is
// embedded; a binary built without it says so (Built) rather than serve a
// page that cannot work.
//
// Files built as NAME.gz are served as NAME: gzipped to clients that take
// gzip, unpacked for the others and when exported.
package playground

//go:generate ../../scripts/build-playground.sh

import (
	"bytes"
	"compress/gzip"
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

//go:embed all:site
var embedded embed.FS

// Site returns the embedded site.
func Site() fs.FS {
	sub, err := fs.Sub(embedded, "site")
	if err != nil {
		panic(err) // the embed pattern names site: it is there
	}
	return sub
}

// built are the files the build script writes, without the page could not
// run.
var built = []string{"app.js", "wflint.wasm", "wasm_exec.js"}

// ErrNotBuilt is Built's error for a binary built without the site.
var ErrNotBuilt = errors.New("this wflint was built without the playground's site: build it with scripts/build-playground.sh " +
	"(or go generate ./internal/playground; it needs npm) and build wflint again, or use a release binary, which carries it")

// Built returns nil when site has every file the page needs, else
// ErrNotBuilt naming what is missing.
func Built(site fs.FS) error {
	var missing []string
	for _, name := range built {
		if _, err := stat(site, name); err != nil {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w (missing %s)", ErrNotBuilt, strings.Join(missing, ", "))
	}
	return nil
}

// stat finds name, or name.gz in its place.
func stat(site fs.FS, name string) (gz bool, err error) {
	if _, err := fs.Stat(site, name); err == nil {
		return false, nil
	}
	_, err = fs.Stat(site, name+".gz")
	return err == nil, err
}

// Handler serves site over HTTP: index.html at /, the right Content-Type
// (application/wasm for the wasm, which streaming compilation requires)
// and gzip to clients that accept it.
func Handler(site fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = "index.html"
		}
		if strings.HasSuffix(name, ".gz") {
			http.NotFound(w, r)
			return
		}
		gz, err := stat(site, name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", contentType(name))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-cache")
		if !gz {
			f, err := site.Open(name)
			if err != nil {
				http.NotFound(w, r)
				return
			}
			defer f.Close()
			http.ServeContent(w, r, name, time.Time{}, f.(io.ReadSeeker))
			return
		}
		h.Add("Vary", "Accept-Encoding")
		data, err := fs.ReadFile(site, name+".gz")
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if acceptsGzip(r) {
			h.Set("Content-Encoding", "gzip")
			http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
			return
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if r.Method == http.MethodHead {
			return
		}
		_, _ = io.Copy(w, zr)
	})
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".wasm":
		return "application/wasm"
	case ".js":
		return "text/javascript; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// acceptsGzip reports whether the request's Accept-Encoding takes gzip
// (and does not refuse it with q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		qs, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
		if !ok {
			return true
		}
		q, err := strconv.ParseFloat(qs, 64)
		return err == nil && q > 0
	}
	return false
}

// Export writes site as plain files into dir (created if need be), ready
// for a static host such as GitHub Pages: NAME.gz is written unpacked as
// NAME, since such hosts compress by themselves.
func Export(site fs.FS, dir string) error {
	if err := Built(site); err != nil {
		return err
	}
	return fs.WalkDir(site, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := fs.ReadFile(site, name)
		if err != nil {
			return err
		}
		if strings.HasSuffix(name, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if data, err = io.ReadAll(zr); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			dst = strings.TrimSuffix(dst, ".gz")
		}
		return os.WriteFile(dst, data, 0o644)
	})
}

// Serve serves site on ln until ctx is done, then shuts down, letting
// requests under way finish for up to five seconds.
func Serve(ctx context.Context, ln net.Listener, site fs.FS) error {
	srv := &http.Server{Handler: Handler(site), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
