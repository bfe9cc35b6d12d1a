package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"strconv"
	"strings"

	"go.lsp.dev/jsonrpc2"
)

// maxFrame bounds one message body. Documents are capped at 1 MiB by the
// parser, and a didOpen carrying such a document with JSON escapes can be a
// few times larger, so 64 MiB leaves ample room while keeping a hostile
// Content-Length from allocating gigabytes.
const maxFrame = 64 << 20

// resilientStream is an LSP Content-Length framed jsonrpc2.Stream that
// survives malformed input.
//
// jsonrpc2 v1.0.1 ends the whole connection when a frame does not decode
// (its read loop stops on the first error from the stream), so one bad
// message from a buggy client would kill the server. This stream instead
// answers an undecodable body with a JSON-RPC ParseError (or InvalidRequest
// when the body is JSON but not a message) and reads on; a malformed header
// block is skipped up to the next blank line. Only transport errors end the
// stream. It deliberately does not expose ReadFrame, so jsonrpc2 falls back
// to Read and every frame passes through the recovery here.
type resilientStream struct {
	in     *bufio.Reader
	out    jsonrpc2.Stream // header framing for writes
	logger *log.Logger
	body   []byte
}

func newResilientStream(rwc io.ReadWriteCloser, logger *log.Logger) *resilientStream {
	return &resilientStream{in: bufio.NewReaderSize(rwc, 64<<10), out: jsonrpc2.NewHeaderStream(rwc), logger: logger}
}

// Read implements jsonrpc2.Stream.
func (s *resilientStream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		n, err := s.readHeader()
		if err != nil {
			var bad badHeaderError
			if errors.As(err, &bad) {
				s.logger.Printf("wfls: skipping malformed header: %v", err)
				continue
			}
			return nil, 0, err
		}
		if cap(s.body) < n {
			s.body = make([]byte, n)
		}
		body := s.body[:n]
		if _, err := io.ReadFull(s.in, body); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, 0, err
		}
		msg, err := jsonrpc2.DecodeMessage(body)
		if err == nil {
			return msg, int64(n), nil
		}
		s.reject(ctx, body, err)
	}
}

// reject answers a body that is not a JSON-RPC message, as the JSON-RPC 2.0
// specification asks: ParseError with a null id for invalid JSON,
// InvalidRequest (with the id when one can be read) for JSON that is not a
// request.
func (s *resilientStream) reject(ctx context.Context, body []byte, cause error) {
	var probe struct {
		ID json.RawMessage `json:"id"`
	}
	code, id := jsonrpc2.ParseError, jsonrpc2.ID{}
	if json.Valid(body) {
		code = jsonrpc2.InvalidRequest
		if json.Unmarshal(body, &probe) == nil {
			var num int64
			var str string
			switch {
			case json.Unmarshal(probe.ID, &num) == nil:
				id = jsonrpc2.NewNumberID(num)
			case json.Unmarshal(probe.ID, &str) == nil:
				id = jsonrpc2.NewStringID(str)
			}
		}
	}
	s.logger.Printf("wfls: rejecting malformed message (%v): %.200s", cause, body)
	resp := jsonrpc2.NewResponse(id, nil, jsonrpc2.NewError(code, "malformed message: "+cause.Error()))
	if _, err := s.out.Write(ctx, resp); err != nil {
		s.logger.Printf("wfls: writing error response: %v", err)
	}
}

// badHeaderError marks a header block that was read completely but is
// unusable; the stream recovers from it by reading the next frame.
type badHeaderError struct{ msg string }

func (e badHeaderError) Error() string { return e.msg }

// readHeader reads one header block and returns its Content-Length.
func (s *resilientStream) readHeader() (int, error) {
	length, seen := -1, false
	var problem string
	for {
		line, err := s.in.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// An absurdly long header line: drop it whole.
			for err == bufio.ErrBufferFull {
				_, err = s.in.ReadSlice('\n')
			}
			problem = "header line too long"
			continue
		}
		if err != nil {
			if err == io.EOF && (seen || len(line) > 0) {
				err = io.ErrUnexpectedEOF
			}
			return 0, err
		}
		trimmed := bytes.TrimRight(line, "\r\n")
		if len(trimmed) == 0 {
			if !seen {
				continue // stray blank lines between frames
			}
			break
		}
		seen = true
		// Resynchronise after a body that ran into the next header (a frame
		// whose Content-Length was unusable leaves its body unread).
		if i := bytes.Index(bytes.ToLower(trimmed), []byte("content-length:")); i > 0 {
			trimmed = trimmed[i:]
		}
		name, value, ok := strings.Cut(string(trimmed), ":")
		if !ok {
			problem = fmt.Sprintf("header line without colon: %.80q", trimmed)
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n <= 0 || n > maxFrame {
				problem = fmt.Sprintf("bad Content-Length %q", strings.TrimSpace(value))
				continue
			}
			length = n
		}
	}
	if problem != "" && length < 0 {
		return 0, badHeaderError{problem}
	}
	if length < 0 {
		return 0, badHeaderError{"missing Content-Length"}
	}
	return length, nil
}

// Write implements jsonrpc2.Stream.
func (s *resilientStream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	return s.out.Write(ctx, msg)
}

// Close implements jsonrpc2.Stream.
func (s *resilientStream) Close() error { return s.out.Close() }
