package chbuild_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/chbuild"
	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/chsql"
	"github.com/wflint/wflint/internal/corpus"
	"github.com/wflint/wflint/internal/reportbuild"
	"github.com/wflint/wflint/internal/schema"
)

// TestOnePolicy: under both profiles, every expression the local build
// accepts is translated by the ClickHouse build, or refused with a
// *check.Refusal from chsql (a reason about ClickHouse), never for a reason about the
// profile; and what the local build refuses, the ClickHouse build refuses
// with the same error.
func TestOnePolicy(t *testing.T) {
	exprs := []string{
		`cf.bot_management.ja4 eq "t13d"`, `http.request.method eq "GET"`, `ssl`, `not ssl`,
		`http.referer contains "x"`, `http.request.uri contains "/cart"`, `cf.bot_management.score lt 30`,
		`ip.src in {10.0.0.0/8}`, `cf.waf.score lt 20`, `http.request.version eq "HTTP/2"`,
		`cf.bot_management.detection_ids[0] eq 1`, `http.cookie contains "a"`, `http.user_agent matches "^.$"`,
	}
	exprs = append(exprs, corpus.RealworldExprs(t)...)
	translated, refused := 0, 0
	for _, sch := range []*schema.Schema{schema.Feedback(), schema.Rules()} {
		for _, expr := range exprs {
			_, _, localErr := reportbuild.Compile(expr, sch)
			_, _, chErr := chbuild.Query(chbuild.Options{Expression: expr, Schema: sch, Table: "http_requests"})
			if localErr != nil {
				require.Error(t, chErr, expr)
				assert.Equal(t, localErr.Error(), chErr.Error(), expr)
				continue
			}
			if chErr == nil {
				translated++
				continue
			}
			var ce *check.Refusal
			if assert.True(t, errors.As(chErr, &ce), "%s: %v", expr, chErr) && assert.Equal(t, chsql.Backend, ce.Backend, expr) {
				assert.NotContains(t, ce.Msg, "feedback", expr)
				assert.NotContains(t, ce.Msg, "profile", expr)
			}
			refused++
		}
	}
	t.Logf("accepted by the local build: %d translated, %d refused for ClickHouse reasons", translated, refused)
	assert.Positive(t, translated)
}
