package cfapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wflint/wflint/internal/feedback"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOutboxKeepsWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	o, err := NewOutbox(dir)
	require.NoError(t, err)
	e, err := o.Save(testZone, validReport(), errors.New("boom"), false)
	require.NoError(t, err)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "corrupt.json"), []byte("{"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".tmp-abc-123"), []byte("half"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o600))

	list, err := o.List()
	require.ErrorContains(t, err, "corrupt.json")
	require.Len(t, list, 1)
	assert.Equal(t, e.ID, list[0].ID)
	assert.Equal(t, "boom", list[0].Reason)
	assert.FileExists(t, filepath.Join(dir, "corrupt.json"), "unreadable entries are never deleted")

	info, err := os.Stat(o.Path(e.ID))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "reports describe the zone's traffic")

	require.ErrorContains(t, o.Remove("../x"), "invalid outbox entry id")
	require.ErrorContains(t, o.Remove(""), "invalid outbox entry id")
	require.NoError(t, o.Remove(e.ID))
	require.NoError(t, o.Remove(e.ID), "removing twice is fine")
}

func TestOutboxAmbiguityIsSticky(t *testing.T) {
	o, err := NewOutbox(t.TempDir())
	require.NoError(t, err)
	r := validReport()
	_, err = o.Save(testZone, r, errors.New("timeout"), true)
	require.NoError(t, err)
	e, err := o.Save(testZone, r, errors.New("400"), false)
	require.NoError(t, err)
	assert.True(t, e.Ambiguous, "a later clean failure does not prove the first attempt missed")
	assert.Equal(t, 2, e.Attempts)

	// A different zone is a different entry.
	e2, err := o.Save("other", r, errors.New("x"), false)
	require.NoError(t, err)
	assert.NotEqual(t, e.ID, e2.ID)
}

func TestConnectionRefusedIsRetriedAndNotAmbiguous(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens any more: the request is never written

	var sleeps []time.Duration
	c, err := New(Options{
		BaseURL: url, Token: NewSecret(testToken), Jitter: func() float64 { return 0 },
		Sleep: func(ctx context.Context, d time.Duration) error { sleeps = append(sleeps, d); return nil },
	})
	require.NoError(t, err)
	o, err := NewOutbox(t.TempDir())
	require.NoError(t, err)

	res, err := NewSubmitter(c, o).Submit(context.Background(), testZone, validReport())
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrAmbiguous)
	assert.Contains(t, err.Error(), "connection refused")
	assert.Equal(t, OutcomeQueued, res.Outcome)
	assert.False(t, res.Entry.Ambiguous)
	assert.Len(t, sleeps, DefaultMaxAttempts-1)
}

func TestSameReport(t *testing.T) {
	a := validReport()
	tests := []struct {
		name   string
		mutate func(*feedback.Report)
		same   bool
	}{
		{"identical", func(*feedback.Report) {}, true},
		{"reformatted timestamp", func(r *feedback.Report) { r.FirstRequestSeenAt = "2024-05-01T02:00:00.000+02:00" }, true},
		{"different attributes only", func(r *feedback.Report) { r.RequestsByAttribute = nil }, true},
		{"type", func(r *feedback.Report) { r.Type = feedback.FalsePositive }, false},
		{"expression", func(r *feedback.Report) { r.Expression += " " }, false},
		{"description", func(r *feedback.Report) { r.Description = "other" }, false},
		{"requests", func(r *feedback.Report) { r.Requests++ }, false},
		{"last", func(r *feedback.Report) { r.LastRequestSeenAt = "2024-05-01T06:00:01Z" }, false},
		{"unparsable differs", func(r *feedback.Report) { r.FirstRequestSeenAt = "x" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validReport()
			tt.mutate(b)
			assert.Equal(t, tt.same, SameReport(a, b))
		})
	}
}
