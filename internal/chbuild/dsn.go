package chbuild

import (
	"errors"
	"net/url"
	"os"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2"
)

const redacted = "[REDACTED]"

// Environment variables that supply credentials the DSN leaves out.
const (
	EnvUser     = "CLICKHOUSE_USER"
	EnvPassword = "CLICKHOUSE_PASSWORD"
)

// secretParams are DSN query parameters whose values are credentials.
var secretParams = []string{"password", "jwt", "access_token", "secret"}

// RedactDSN returns dsn with every credential replaced by [REDACTED], for
// messages. A DSN that does not parse is replaced whole: it may hold a
// password in a form this function does not recognise.
func RedactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return redacted
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "REDACTED")
		}
	}
	q := u.Query()
	for k := range q {
		for _, s := range secretParams {
			if strings.EqualFold(k, s) {
				q.Set(k, "REDACTED")
			}
		}
	}
	u.RawQuery = q.Encode()
	return strings.ReplaceAll(u.String(), "REDACTED", redacted)
}

// scrubber removes credential values from text (a driver or server error
// that echoes them). Redact before truncating, never after.
type scrubber []string

func (s scrubber) scrub(text string) string {
	for _, v := range s {
		if v != "" {
			text = strings.ReplaceAll(text, v, redacted)
		}
	}
	return text
}

// scrubbedError keeps credentials out of an error's text.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

func (s scrubber) wrap(err error) error {
	if err == nil {
		return nil
	}
	return &scrubbedError{msg: s.scrub(err.Error()), err: err}
}

// options parses a DSN (clickhouse://user:password@host:9000/db?…) and
// fills the user and password from EnvUser and EnvPassword when the DSN has
// none. The scrubber knows the password, wherever it came from.
func options(dsn string) (*clickhouse.Options, scrubber, error) {
	if dsn == "" {
		return nil, nil, errors.New("clickhouse: no DSN (clickhouse://host:9000/database)")
	}
	o, err := clickhouse.ParseDSN(dsn)
	if err != nil {
		// The driver's message may quote the DSN; say only what is wrong.
		return nil, nil, errors.New("clickhouse: invalid DSN " + RedactDSN(dsn))
	}
	if o.Auth.Username == "" || o.Auth.Username == "default" && !strings.Contains(dsn, "@") {
		if u := os.Getenv(EnvUser); u != "" {
			o.Auth.Username = u
		}
	}
	if o.Auth.Password == "" {
		o.Auth.Password = os.Getenv(EnvPassword)
	}
	sc := scrubber{o.Auth.Password}
	if u, err := url.Parse(dsn); err == nil {
		if p, ok := u.User.Password(); ok {
			sc = append(sc, p, url.QueryEscape(p), url.PathEscape(p))
		}
		for k, vs := range u.Query() {
			for _, s := range secretParams {
				if strings.EqualFold(k, s) {
					for _, v := range vs {
						sc = append(sc, v, url.QueryEscape(v))
					}
				}
			}
		}
	}
	return o, sc, nil
}
