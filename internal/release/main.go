// Command release packs the directories scripts/release.sh has filled
// (one per platform, named wflint_GOOS_GOARCH) into release archives, and
// writes their SHA256SUMS:
//
//	go run ./internal/release -mtime SOURCE_DATE_EPOCH -o OUTDIR DIR...
//
// A directory whose name contains "_windows_" becomes a .zip, any other a
// .tar.gz; each archive holds the directory itself, so it unpacks into one
// folder. The archives are reproducible: entries in name order, one fixed
// time (-mtime, normally the release commit's), owner 0, modes 0755 and
// 0644 only, no gzip name or time.
//
// It is Go rather than tar, gzip and zip because the options that make
// those tools reproducible differ between GNU and BSD tar, and zip is not
// on every machine a release is built on.
package main

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"compress/flate"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

func main() {
	mtime := flag.Int64("mtime", -1, "Unix `SECONDS` every entry is dated (SOURCE_DATE_EPOCH)")
	out := flag.String("o", "", "write the archives and SHA256SUMS to `DIR`")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./internal/release -mtime SECONDS -o DIR DIR...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *mtime < 0 || *out == "" || flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := packAll(*out, time.Unix(*mtime, 0).UTC(), flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

// packAll packs each directory into out and writes out/SHA256SUMS for
// the archives.
func packAll(out string, mtime time.Time, dirs []string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var names []string
	for _, dir := range dirs {
		name, err := pack(out, dir, mtime)
		if err != nil {
			return fmt.Errorf("%s: %w", dir, err)
		}
		names = append(names, name)
	}
	return writeSums(out, names)
}

// archiveName is the archive's file name for a platform directory.
func archiveName(dir string) string {
	base := filepath.Base(dir)
	if strings.Contains(base, "_windows_") {
		return base + ".zip"
	}
	return base + ".tar.gz"
}

// entry is one file of an archive.
type entry struct {
	name string // slash-separated, under the top directory
	path string // on disk
	exec bool
}

// entries lists dir's regular files in name order, with the top
// directory's name in front.
func entries(dir string) ([]entry, error) {
	top := filepath.Base(dir)
	var es []entry
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file", p)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		es = append(es, entry{name: top + "/" + filepath.ToSlash(rel), path: p, exec: info.Mode()&0o111 != 0})
		return nil
	})
	if err == nil && len(es) == 0 {
		err = errors.New("no files")
	}
	slices.SortFunc(es, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	return es, err
}

func mode(e entry) int64 {
	if e.exec {
		return 0o755
	}
	return 0o644
}

// pack writes dir's archive into out and returns its name.
func pack(out, dir string, mtime time.Time) (string, error) {
	es, err := entries(dir)
	if err != nil {
		return "", err
	}
	name := archiveName(dir)
	f, err := os.Create(filepath.Join(out, name))
	if err != nil {
		return "", err
	}
	w := bufio.NewWriter(f)
	top := filepath.Base(dir) + "/"
	if strings.HasSuffix(name, ".zip") {
		err = writeZip(w, top, es, mtime)
	} else {
		err = writeTarGz(w, top, es, mtime)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return name, err
}

func writeTarGz(w io.Writer, top string, es []entry, mtime time.Time) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	// No name and a zero time in the gzip header, as gzip -n writes it.
	tw := tar.NewWriter(gz)
	hdr := func(name string, typ byte, mode, size int64) *tar.Header {
		return &tar.Header{Typeflag: typ, Name: name, Mode: mode, Size: size, ModTime: mtime, Format: tar.FormatUSTAR}
	}
	if err := tw.WriteHeader(hdr(top, tar.TypeDir, 0o755, 0)); err != nil {
		return err
	}
	for _, e := range es {
		data, err := os.ReadFile(e.path)
		if err != nil {
			return err
		}
		if err := tw.WriteHeader(hdr(e.name, tar.TypeReg, mode(e), int64(len(data)))); err != nil {
			return err
		}
		if _, err := tw.Write(data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(w io.Writer, top string, es []entry, mtime time.Time) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	dir := &zip.FileHeader{Name: top, Method: zip.Store, Modified: mtime}
	dir.SetMode(fs.ModeDir | 0o755)
	if _, err := zw.CreateHeader(dir); err != nil {
		return err
	}
	for _, e := range es {
		data, err := os.ReadFile(e.path)
		if err != nil {
			return err
		}
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: mtime}
		h.SetMode(fs.FileMode(mode(e)))
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeSums writes out/SHA256SUMS in the format `sha256sum -c` reads:
// the hex digest, two spaces and the file name, one line per archive in
// name order.
func writeSums(out string, names []string) error {
	slices.Sort(names)
	var b strings.Builder
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), name)
	}
	return os.WriteFile(filepath.Join(out, "SHA256SUMS"), []byte(b.String()), 0o644)
}
