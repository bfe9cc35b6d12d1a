// Package lsptest speaks the Language Server Protocol's base protocol from
// the client's side for tests: Content-Length framed JSON over any reader
// and writer, written byte for byte as given, so a test can also send
// what no well-behaved client would.
package lsptest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteFrame writes body as one frame.
func WriteFrame(w io.Writer, body string) error {
	_, err := fmt.Fprintf(w, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return err
}

// Send writes v, encoded as JSON, as one frame.
func Send(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return WriteFrame(w, string(b))
}

// ReadMessages reads frames from r until it ends, decoding each into out,
// and closes out. A body that is not JSON ends the reading with an error
// naming it; the end of r is not an error.
func ReadMessages(r io.Reader, out chan<- map[string]any) error {
	defer close(out)
	br := bufio.NewReader(r)
	for {
		n := 0
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return nil
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				n, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(br, body); err != nil {
			return nil
		}
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			return fmt.Errorf("server sent invalid JSON: %s", body)
		}
		out <- m
	}
}
