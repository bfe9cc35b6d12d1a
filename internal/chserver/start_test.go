package chserver

import (
	"testing"
	"time"
)

func TestStart(t *testing.T) {
	start := time.Now()
	s := Start(t)
	t.Logf("ClickHouse %s answered in %v", s.Version, time.Since(start))
	out, err := s.Exec("SELECT 1", nil)
	if err != nil || out != "1\n" {
		t.Fatalf("SELECT 1: %q %v", out, err)
	}
}
