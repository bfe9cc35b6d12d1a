package cfapi

import (
	"github.com/wflint/wflint/internal/feedback"

	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// DefaultBaseURL is the Cloudflare v4 API root.
const DefaultBaseURL = "https://api.cloudflare.com/client/v4"

// Environment variables read by [New] when the matching option is unset.
const (
	EnvAPIToken = "CLOUDFLARE_API_TOKEN"
	EnvEmail    = "CLOUDFLARE_EMAIL"
	EnvAPIKey   = "CLOUDFLARE_API_KEY"
	EnvBaseURL  = "CLOUDFLARE_BASE_URL"
)

// Defaults for [Options].
const (
	DefaultTimeout       = 30 * time.Second
	DefaultMaxAttempts   = 4
	DefaultMaxBodyBytes  = 10 << 20
	DefaultRetryBase     = 1 * time.Second
	DefaultRetryMax      = 30 * time.Second
	DefaultMaxRetryAfter = 5 * time.Minute
)

// Options configures a [Client]. The zero value reads credentials and the
// base URL from the environment and uses the defaults above.
type Options struct {
	// BaseURL overrides CLOUDFLARE_BASE_URL and DefaultBaseURL. It must be
	// https, or http on a loopback address (for tests and local proxies),
	// because the credentials travel in the headers.
	BaseURL string
	// Token is an API token sent as "Authorization: Bearer". It takes
	// precedence over Email/APIKey and over the environment.
	Token Secret
	// Email is the account email for the legacy global API key
	// (X-Auth-Email).
	Email string
	// APIKey is the legacy global API key (X-Auth-Key); it needs Email.
	APIKey Secret
	// HTTPClient sends the requests; a zero http.Client when nil. Its own
	// Timeout, if any, also applies; its CheckRedirect is replaced, since
	// the client follows no redirect (see RedirectError).
	HTTPClient *http.Client
	// Timeout bounds each attempt, including reading the response.
	Timeout time.Duration
	// MaxAttempts bounds attempts per call (first try included).
	MaxAttempts int
	// MaxBodyBytes caps the response body read into memory.
	MaxBodyBytes int64
	// RetryBaseDelay and RetryMaxDelay shape the exponential backoff.
	RetryBaseDelay, RetryMaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After the client will wait; a
	// longer one ends the call with the API's error instead of hanging.
	MaxRetryAfter time.Duration
	// Sleep waits between attempts; tests replace it to record delays
	// instead of sleeping. It must return early with ctx.Err() when ctx
	// is done.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a number in [0, 1) used to spread retries.
	Jitter func() float64
	// Now is the clock used to interpret Retry-After dates.
	Now func() time.Time
	// Getenv reads the environment; os.Getenv when nil.
	Getenv func(string) string
	// UserAgent is sent as User-Agent.
	UserAgent string
	// Logf, when set, receives one line per retry. Lines never contain
	// credentials.
	Logf func(format string, args ...any)
}

// Client calls the Cloudflare Bot Management API. It is safe for
// concurrent use.
type Client struct {
	base          *url.URL
	token         Secret
	email         string
	key           Secret
	hc            *http.Client
	timeout       time.Duration
	maxAttempts   int
	maxBody       int64
	baseDelay     time.Duration
	maxDelay      time.Duration
	maxRetryAfter time.Duration
	sleep         func(context.Context, time.Duration) error
	jitter        func() float64
	now           func() time.Time
	userAgent     string
	logf          func(string, ...any)
}

// ErrNoCredentials is returned by [New] when neither a token nor an
// email/key pair is configured.
var ErrNoCredentials = errors.New("no Cloudflare credentials: set " + EnvAPIToken + " or both " + EnvEmail + " and " + EnvAPIKey)

// New builds a client from opts, falling back to the environment.
func New(opts Options) (*Client, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	c := &Client{
		hc:            opts.HTTPClient,
		timeout:       orDefault(opts.Timeout, DefaultTimeout),
		maxAttempts:   opts.MaxAttempts,
		maxBody:       opts.MaxBodyBytes,
		baseDelay:     orDefault(opts.RetryBaseDelay, DefaultRetryBase),
		maxDelay:      orDefault(opts.RetryMaxDelay, DefaultRetryMax),
		maxRetryAfter: orDefault(opts.MaxRetryAfter, DefaultMaxRetryAfter),
		sleep:         opts.Sleep,
		jitter:        opts.Jitter,
		now:           opts.Now,
		userAgent:     opts.UserAgent,
		logf:          opts.Logf,
	}
	// Follow no redirect: Go's client would replay a POST (307, 308) and
	// keep the Authorization header on the same host even from https to
	// plain http. A 3xx is returned as it is and do turns it into a
	// RedirectError. The caller's client is copied, not changed.
	hc := http.Client{}
	if c.hc != nil {
		hc = *c.hc
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.hc = &hc
	if c.maxAttempts <= 0 {
		c.maxAttempts = DefaultMaxAttempts
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBodyBytes
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	if c.jitter == nil {
		c.jitter = rand.Float64
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.userAgent == "" {
		c.userAgent = "wflint-feedback/1"
	}

	switch {
	case !opts.Token.IsZero():
		c.token = opts.Token
	case opts.Email != "" || !opts.APIKey.IsZero():
		c.email, c.key = opts.Email, opts.APIKey
	case getenv(EnvAPIToken) != "":
		c.token = NewSecret(getenv(EnvAPIToken))
	default:
		c.email, c.key = getenv(EnvEmail), NewSecret(getenv(EnvAPIKey))
	}
	if c.token.IsZero() {
		switch {
		case c.email == "" && c.key.IsZero():
			return nil, ErrNoCredentials
		case c.email == "":
			return nil, errors.New("an API key needs the account email too (" + EnvEmail + ")")
		case c.key.IsZero():
			return nil, errors.New("an account email needs the global API key too (" + EnvAPIKey + ")")
		}
	}

	raw := opts.BaseURL
	if raw == "" {
		raw = getenv(EnvBaseURL)
	}
	if raw == "" {
		raw = DefaultBaseURL
	}
	base, err := parseBaseURL(raw)
	if err != nil {
		return nil, err
	}
	c.base = base
	return c, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// parseBaseURL refuses plain http except on loopback: the credentials are
// sent with every request and must not cross a network in clear text.
func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("invalid base URL: %w", err)
	}
	if u.User != nil {
		return nil, errors.New("the base URL must not contain credentials")
	}
	if u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("invalid base URL %q: want scheme://host/path", u.Redacted())
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("refusing plain http base URL %q: credentials would be sent unencrypted; use https (http is allowed only for loopback addresses)", u.Redacted())
		}
	default:
		return nil, fmt.Errorf("unsupported base URL scheme %q", u.Scheme)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// String describes the client without credentials.
func (c *Client) String() string {
	auth := "api-token"
	if c.token.IsZero() {
		auth = "global-key(" + c.email + ")"
	}
	return fmt.Sprintf("cfapi.Client{base: %s, auth: %s}", c.base, auth)
}

// GoString keeps %#v from dumping the struct.
func (c *Client) GoString() string { return c.String() }

// Format makes every verb use String, because fmt would otherwise print the
// unexported fields with %v.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

func (c *Client) scrubber() scrubber { return scrubber{c.token, c.key} }

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Message is one item of the v4 envelope's errors or messages.
type Message struct {
	// Code is Cloudflare's numeric error or message code.
	Code int `json:"code"`
	// Message is the human-readable text.
	Message string `json:"message"`
	// DocumentationURL links to more information, when given.
	DocumentationURL string `json:"documentation_url,omitempty"`
	// Source points at the offending request member, when given.
	Source *MessageSource `json:"source,omitempty"`
}

// MessageSource locates the cause of a message in the request body.
type MessageSource struct {
	// Pointer is a JSON pointer into the request body.
	Pointer string `json:"pointer,omitempty"`
}

// String formats the message as "[code] text (at pointer)".
func (m Message) String() string {
	s := fmt.Sprintf("[%d] %s", m.Code, m.Message)
	if m.Source != nil && m.Source.Pointer != "" {
		s += " (at " + m.Source.Pointer + ")"
	}
	return s
}

type envelope struct {
	Success    *bool           `json:"success"`
	Errors     []Message       `json:"errors"`
	Messages   []Message       `json:"messages"`
	Result     json.RawMessage `json:"result"`
	ResultInfo *resultInfo     `json:"result_info"`
}

// resultInfo is the paging part of Cloudflare's collection envelope
// (api-response-collection in cloudflare/api-schemas' common.yaml):
// page, per_page, total_pages, count and total_count.
type resultInfo struct {
	Page       int `json:"page"`
	PerPage    int `json:"per_page"`
	TotalPages int `json:"total_pages"`
	Count      int `json:"count"`
	TotalCount int `json:"total_count"`
}

// APIError is a failure reported by the API: a non-2xx status or an
// envelope with success false.
type APIError struct {
	// Method and Path identify the call (Path is relative to the base URL).
	Method, Path string
	// StatusCode is the HTTP status.
	StatusCode int
	// Errors and Messages are the envelope's lists, with any credential
	// the server echoed scrubbed out.
	Errors, Messages []Message
	// Body is the start of a response that was not a v4 envelope (for
	// example a proxy's HTML error page).
	Body string
	// Attempts is how many times the call was tried.
	Attempts int
	// RayID is the cf-ray header, which Cloudflare support asks for.
	RayID string
}

// Error shows the status and every API error code and message.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "cloudflare API %s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if len(e.Errors) > 0 {
		parts := make([]string, len(e.Errors))
		for i, m := range e.Errors {
			parts[i] = m.String()
		}
		b.WriteString(": " + strings.Join(parts, "; "))
	} else if e.Body != "" {
		b.WriteString(": " + strconv.Quote(e.Body))
	}
	if need := e.Permission(); need != "" {
		fmt.Fprintf(&b, "; the API token needs the %q permission on this zone", need)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (gave up after %d attempts)", e.Attempts)
	}
	if e.RayID != "" {
		b.WriteString(" [cf-ray " + e.RayID + "]")
	}
	return b.String()
}

// Permission names the API token permission that a 401 or 403 answer to
// this call is most likely missing, or "" for other errors. The names are
// those of the API schema's x-api-token-group for these operations.
func (e *APIError) Permission() string {
	if e.StatusCode != http.StatusForbidden && e.StatusCode != http.StatusUnauthorized {
		return ""
	}
	write := e.Method != http.MethodGet
	switch {
	case strings.HasSuffix(e.Path, "/bot_management/feedback") && write:
		return "Bot Management Feedback Report Write"
	case strings.HasSuffix(e.Path, "/bot_management/feedback"):
		return "Bot Management Feedback Report Read"
	case strings.HasSuffix(e.Path, "/bot_management") && write:
		return "Bot Management Write"
	case strings.HasSuffix(e.Path, "/bot_management"):
		return "Bot Management Read"
	}
	return ""
}

// Temporary reports whether retrying later may succeed (rate limits and
// server errors).
func (e *APIError) Temporary() bool {
	return e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500
}

// RedirectError is returned for a 3xx answer. The client follows no
// redirect, so nothing was sent to the target: not the body, not the
// credentials. A redirect to a create is not ambiguous: the server that
// answered sent the client elsewhere rather than act on it.
type RedirectError struct {
	// Method and Path identify the call (Path is relative to the base URL).
	Method, Path string
	// StatusCode is the 3xx status.
	StatusCode int
	// From is the host that answered; Target is the Location's scheme
	// and host ("" when there was none). Neither path nor query is kept:
	// they could carry anything.
	From, Target string
}

// Error names the target host and says that nothing went there.
func (e *RedirectError) Error() string {
	target := e.Target
	if target == "" {
		target = "no location"
	}
	return fmt.Sprintf("cloudflare API %s %s: %d %s to %s: wflint follows no redirects, so nothing was sent there (check the base URL, or a proxy in between)",
		e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode), target)
}

func (c *Client) redirectError(method, path string, r *response) *RedirectError {
	e := &RedirectError{Method: method, Path: path, StatusCode: r.status, From: c.base.Host}
	if loc, err := c.base.Parse(strings.TrimSpace(r.header.Get("Location"))); err == nil && loc.Host != "" {
		e.Target = snippet(c.scrubber().scrub(loc.Scheme + "://" + loc.Host))
	}
	return e
}

// ErrResponseTooLarge is wrapped by errors for responses over MaxBodyBytes.
var ErrResponseTooLarge = errors.New("response body too large")

// ErrMalformedResponse is wrapped by errors for 2xx responses that are not
// a valid v4 envelope.
var ErrMalformedResponse = errors.New("malformed API response")

// ErrAmbiguous is matched (with errors.Is) by errors after which the
// request may or may not have taken effect: the request was sent but the
// answer was lost or unreadable.
var ErrAmbiguous = errors.New("outcome unknown")

// AmbiguousError wraps a failure that happened after the request was sent,
// so the server may have acted on it. Resending a create without checking
// could file the report twice.
type AmbiguousError struct {
	// Err is the underlying failure.
	Err error
}

// Error explains that the outcome is unknown.
func (e *AmbiguousError) Error() string {
	return "request sent but outcome unknown: " + e.Err.Error()
}

// Unwrap returns the underlying failure.
func (e *AmbiguousError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrAmbiguous) true.
func (e *AmbiguousError) Is(target error) bool { return target == ErrAmbiguous }

// response is one completed HTTP exchange.
type response struct {
	status int
	header http.Header
	body   []byte
}

// attemptResult is what one try produced.
type attemptResult struct {
	resp    *response
	err     error
	written bool // the request was fully written to the connection
}

func (c *Client) attempt(ctx context.Context, method, path string, body []byte) attemptResult {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var written bool
	trace := &httptrace.ClientTrace{WroteRequest: func(info httptrace.WroteRequestInfo) {
		written = written || info.Err == nil
	}}
	u := *c.base
	path, u.RawQuery, _ = strings.Cut(path, "?")
	u.Path = c.base.Path + path
	u.RawPath = c.base.EscapedPath() + path
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), method, u.String(), rd)
	if err != nil {
		return attemptResult{err: err}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if !c.token.IsZero() {
		req.Header.Set("Authorization", "Bearer "+c.token.value())
	} else {
		req.Header.Set("X-Auth-Email", c.email)
		req.Header.Set("X-Auth-Key", c.key.value())
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return attemptResult{err: c.cleanErr(err), written: written}
	}
	defer resp.Body.Close()
	// Read one byte more than allowed to tell "exactly at the cap" from
	// "over the cap" without buffering a hostile body.
	data, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	r := &response{status: resp.StatusCode, header: resp.Header, body: data}
	if err != nil {
		return attemptResult{resp: r, err: c.cleanErr(fmt.Errorf("reading response: %w", err)), written: true}
	}
	if int64(len(data)) > c.maxBody {
		r.body = nil
		return attemptResult{resp: r, written: true,
			err: fmt.Errorf("%s %s: %d %s: %w: more than %s", method, path, resp.StatusCode, http.StatusText(resp.StatusCode), ErrResponseTooLarge, formatBytes(c.maxBody))}
	}
	return attemptResult{resp: r, written: true}
}

// cleanErr strips credentials from transport errors. The standard library
// does not put headers in errors, but a custom RoundTripper might.
func (c *Client) cleanErr(err error) error {
	if msg := err.Error(); c.scrubber().scrub(msg) != msg {
		return errors.New(c.scrubber().scrub(msg))
	}
	return err
}

func formatBytes(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// do runs a call with retries. idempotent calls (GET, PUT) are also retried
// after transport failures; a POST is retried only when the failure left no
// doubt that the server did not act on it.
func (c *Client) do(ctx context.Context, method, path string, body []byte) (*response, error) {
	idempotent := method != http.MethodPost
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("%s %s: %w", method, path, err)
		}
		a := c.attempt(ctx, method, path, body)
		var delay time.Duration
		var why string
		switch {
		case a.resp != nil && a.resp.status/100 == 3:
			// Never retried and never followed: the body and the
			// credentials stay with the API's own address.
			return nil, c.redirectError(method, path, a.resp)
		case a.resp != nil && (a.resp.status == http.StatusTooManyRequests || a.resp.status >= 500):
			// The server answered, so its verdict is known; the body
			// may be unreadable or too large, which does not matter.
			apiErr := c.apiError(method, path, a.resp, n)
			if n >= c.maxAttempts || (!idempotent && a.resp.status >= 500) {
				// A 5xx to a POST may come after the server stored the
				// report: the caller must look before resending
				// (see Submitter), so it is never retried here.
				return nil, apiErr
			}
			why = fmt.Sprintf("%d %s", a.resp.status, http.StatusText(a.resp.status))
			var ok bool
			if delay, ok = c.retryAfter(a.resp.header); ok {
				if delay > c.maxRetryAfter {
					return nil, fmt.Errorf("%w; the server asked to retry after %s, longer than the %s limit", apiErr, delay, c.maxRetryAfter)
				}
			} else {
				delay = c.backoff(n)
			}
		case a.err != nil:
			err := fmt.Errorf("%s %s: %w", method, path, a.err)
			if ctx.Err() != nil {
				// The caller gave up; report that, but keep the
				// ambiguity so a create is not blindly resent.
				err = fmt.Errorf("%s %s: %w", method, path, ctx.Err())
			}
			if a.written && !idempotent && (a.resp == nil || a.resp.status/100 == 2) {
				return nil, &AmbiguousError{Err: err}
			}
			if a.resp != nil || ctx.Err() != nil || n >= c.maxAttempts {
				return nil, err
			}
			why, delay = a.err.Error(), c.backoff(n)
		default:
			return a.resp, nil
		}
		if c.logf != nil {
			c.logf("%s %s: %s; retrying in %s (attempt %d of %d)", method, path, c.scrubber().scrub(why), delay.Round(time.Millisecond), n+1, c.maxAttempts)
		}
		if err := c.sleep(ctx, delay); err != nil {
			return nil, fmt.Errorf("%s %s: waiting to retry: %w", method, path, err)
		}
	}
}

// backoff is exponential with "equal jitter": half the delay is fixed and
// half random, so clients spread out but never retry immediately.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.baseDelay
	for i := 1; i < attempt && d < c.maxDelay; i++ {
		d *= 2
	}
	d = min(d, c.maxDelay)
	return d/2 + time.Duration(c.jitter()*float64(d/2))
}

// retryAfter parses Retry-After as delay-seconds or an HTTP date.
func (c *Client) retryAfter(h http.Header) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second) // avoid Duration overflow
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(c.now())), true
	}
	return 0, false
}

func (c *Client) apiError(method, path string, r *response, attempts int) *APIError {
	e := &APIError{Method: method, Path: path, StatusCode: r.status, Attempts: attempts, RayID: snippet(c.scrubber().scrub(r.header.Get("Cf-Ray")))}
	var env envelope
	if r.body != nil && json.Unmarshal(r.body, &env) == nil && (env.Errors != nil || env.Success != nil) {
		e.Errors = c.scrubMessages(env.Errors)
		e.Messages = c.scrubMessages(env.Messages)
	} else if len(r.body) > 0 {
		e.Body = snippet(c.scrubber().scrub(string(r.body)))
	}
	return e
}

func (c *Client) scrubMessages(ms []Message) []Message {
	sc := c.scrubber()
	for i := range ms {
		ms[i].Message = sc.scrub(ms[i].Message)
		ms[i].DocumentationURL = sc.scrub(ms[i].DocumentationURL)
		if ms[i].Source != nil {
			ms[i].Source.Pointer = sc.scrub(ms[i].Source.Pointer)
		}
	}
	return ms
}

// snippet returns the start of a body for error messages. Callers scrub
// credentials from s first: cutting first could leave part of a token
// that the scrubber no longer recognises.
func snippet(s string) string {
	const n = 200
	s = strings.ToValidUTF8(s, "�")
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

// call runs a request and decodes the envelope's result into out.
func (c *Client) call(ctx context.Context, method, path string, in, out any) error {
	_, err := c.callInfo(ctx, method, path, in, out)
	return err
}

// callInfo is call that also returns the envelope's result_info, nil when
// there is none; with seen, the envelope (without its result) is stored
// there (Success stays nil when the answer had no envelope).
func (c *Client) callInfo(ctx context.Context, method, path string, in, out any, seen ...*envelope) (*resultInfo, error) {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return nil, fmt.Errorf("%s %s: encoding request: %w", method, path, err)
		}
	}
	r, err := c.do(ctx, method, path, body)
	if err != nil {
		return nil, err
	}
	if r.status/100 != 2 {
		return nil, c.apiError(method, path, r, 1)
	}
	if method == http.MethodPost && out == nil && isEmptyBody(r.body) {
		// The OpenAPI file declares no body for the create call's 201.
		return nil, nil
	}
	result := json.RawMessage(r.body)
	var info *resultInfo
	if trimmed := bytes.TrimSpace(r.body); len(trimmed) == 0 || trimmed[0] != '[' {
		// The docs show the list call returning a bare array while the
		// API reference wraps it in the envelope; accept both.
		var env envelope
		if err := json.Unmarshal(r.body, &env); err != nil || env.Success == nil {
			return nil, c.malformed(method, path, r, err)
		}
		for _, p := range seen {
			*p = envelope{Success: env.Success, Errors: env.Errors, Messages: env.Messages}
		}
		if !*env.Success {
			err := c.apiError(method, path, r, 1)
			if method == http.MethodPost {
				// A 2xx that says it failed contradicts itself: the
				// report may be stored, so look before resending.
				return nil, &AmbiguousError{Err: err}
			}
			return nil, err
		}
		result, info = env.Result, env.ResultInfo
	}
	if out == nil {
		return info, nil
	}
	if err := json.Unmarshal(result, out); err != nil {
		return nil, c.malformed(method, path, r, err)
	}
	return info, nil
}

// isEmptyBody says whether a body carries nothing: empty, blanks, or {}.
func isEmptyBody(b []byte) bool {
	t := bytes.TrimSpace(b)
	if len(t) == 0 {
		return true
	}
	var m map[string]json.RawMessage
	return t[0] == '{' && json.Unmarshal(t, &m) == nil && len(m) == 0
}

func (c *Client) malformed(method, path string, r *response, cause error) error {
	msg := "not a Cloudflare v4 envelope"
	if cause != nil {
		msg = cause.Error()
	}
	err := fmt.Errorf("%s %s: %d %s: %w (%s): %q", method, path, r.status, http.StatusText(r.status), ErrMalformedResponse, c.scrubber().scrub(msg), snippet(c.scrubber().scrub(string(r.body))))
	if method == http.MethodPost {
		// The status said the report was created, but we cannot trust a
		// response we cannot read: let the caller check before resending.
		return &AmbiguousError{Err: err}
	}
	return err
}

// CheckZoneID checks a zone ID locally: the API schema's identifier is at
// most 32 characters, and zone IDs are 32 hexadecimal characters.
func CheckZoneID(zone string) error {
	if strings.TrimSpace(zone) == "" {
		return errors.New("zone ID is empty")
	}
	if len(zone) != 32 || strings.Trim(zone, "0123456789abcdefABCDEF") != "" {
		return fmt.Errorf("zone ID %q is not 32 hexadecimal characters (find it on the zone's Overview page in the dashboard)", zone)
	}
	return nil
}

func zonePath(zone, suffix string) (string, error) {
	if err := CheckZoneID(zone); err != nil {
		return "", err
	}
	return "/zones/" + url.PathEscape(zone) + suffix, nil
}

// createFeedback submits a report (POST /zones/{zone}/bot_management/feedback).
// Rate limits and server errors are retried; an error matching
// [ErrAmbiguous] means the report may have been created, which is why
// only the [Submitter] calls it. bare says whether the 201 came without a
// usable body (none, or {}), which the schema allows but which says
// nothing beyond the status.
func (c *Client) createFeedback(ctx context.Context, zone string, r *feedback.Report) (bare bool, err error) {
	if r == nil {
		return false, errors.New("no report given")
	}
	path, err := zonePath(zone, "/bot_management/feedback")
	if err != nil {
		return false, err
	}
	var env envelope
	if _, err := c.callInfo(ctx, http.MethodPost, path, r, nil, &env); err != nil {
		return false, err
	}
	return env.Success == nil, nil
}

// MaxListPages bounds the pages ListFeedback reads: a list that claims
// more is refused rather than read without end.
const MaxListPages = 1000

// ListFeedback returns every report submitted for the zone
// (GET /zones/{zone}/bot_management/feedback), from every page.
//
// The operation documents no paging: its answer is the array of reports
// (bot-management-zone-feedback-list in cloudflare/api-schemas). Cloudflare's
// collection envelope may carry result_info (page, per_page, total_pages,
// count, total_count; api-response-collection in the schemas' common.yaml),
// so when an answer says total_pages > 1 the other pages are read with
// ?page=N (and the per_page the first answered), and a failure on any page
// fails the whole list: a report looked for on one page only could be
// missed.
func (c *Client) ListFeedback(ctx context.Context, zone string) ([]feedback.Report, error) {
	path, err := zonePath(zone, "/bot_management/feedback")
	if err != nil {
		return nil, err
	}
	var out []feedback.Report
	info, err := c.callInfo(ctx, http.MethodGet, path, nil, &out)
	if err != nil {
		return nil, err
	}
	if info == nil || info.TotalPages <= 1 {
		return out, nil
	}
	if info.TotalPages > MaxListPages {
		return nil, fmt.Errorf("GET %s: the list has %d pages, more than the %d wflint reads", path, info.TotalPages, MaxListPages)
	}
	pages := info.TotalPages
	for page := 2; page <= pages; page++ {
		q := url.Values{"page": {strconv.Itoa(page)}}
		if info.PerPage > 0 {
			q.Set("per_page", strconv.Itoa(info.PerPage))
		}
		var more []feedback.Report
		pi, err := c.callInfo(ctx, http.MethodGet, path+"?"+q.Encode(), nil, &more)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
		// The list may grow while it is read; follow it, within bounds.
		if pi != nil && pi.TotalPages > pages && pi.TotalPages <= MaxListPages {
			pages = pi.TotalPages
		}
	}
	return out, nil
}

// GetConfig reads the zone's Bot Management configuration
// (GET /zones/{zone}/bot_management).
func (c *Client) GetConfig(ctx context.Context, zone string) (*Config, error) {
	path, err := zonePath(zone, "/bot_management")
	if err != nil {
		return nil, err
	}
	var out Config
	if err := c.call(ctx, http.MethodGet, path, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateConfig changes the zone's Bot Management configuration
// (PUT /zones/{zone}/bot_management) and returns the new configuration.
// Only the set fields are sent; the read-only fields are dropped so that
// a configuration from GetConfig can be edited and sent back.
func (c *Client) UpdateConfig(ctx context.Context, zone string, cfg *Config) (*Config, error) {
	if cfg == nil {
		return nil, errors.New("no configuration given")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	path, err := zonePath(zone, "/bot_management")
	if err != nil {
		return nil, err
	}
	body := *cfg
	body.StaleZoneConfiguration = nil
	body.UsingLatestModel = nil
	var out Config
	if err := c.call(ctx, http.MethodPut, path, &body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
