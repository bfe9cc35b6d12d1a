package cfapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wflint/wflint/internal/cftest"
)

// echoAt answers with status and a body that has the request's
// Authorization header (and nothing else of note) at byte offset off, and
// the same header in Cf-Ray.
func echoAt(status, off int) cftest.Step {
	return func(_ *cftest.Server, w http.ResponseWriter, r *http.Request, _ []byte) bool {
		auth := r.Header.Get("Authorization")
		w.Header().Set("Cf-Ray", auth)
		w.WriteHeader(status)
		fmt.Fprint(w, strings.Repeat("x", off)+auth+strings.Repeat("y", 300))
		return true
	}
}

// TestRedactBeforeTruncate has a server echo the Authorization header at
// every offset from 0 to 300, in error bodies that wflint cuts to 200
// characters, and asserts that no 4-character piece of the token is in any
// error, log line or outbox file. -short tries each offset with one of the
// four statuses instead of all of them.
func TestRedactBeforeTruncate(t *testing.T) {
	const token = "Zq8xW3vKp2LmN7rT" // 16 characters, none common in English
	h := newHarness(t, func(o *Options) { o.Token = NewSecret(token); o.MaxAttempts = 1 })
	h.f.Token = token
	h.sub.Patience = -1 // one look after each POST: the echoing list
	var seen strings.Builder
	statuses := []int{http.StatusBadRequest, http.StatusForbidden, http.StatusInternalServerError, http.StatusCreated}
	for off := 0; off <= 300; off++ {
		tried := statuses
		if testing.Short() {
			// -short: every offset with one status, each status at
			// every fourth offset (a quarter of the submissions).
			tried = statuses[off%len(statuses) : off%len(statuses)+1]
		}
		for _, status := range tried {
			h.f.Lock()
			h.f.PostScript = []cftest.Step{echoAt(status, off)}
			// The first list (the check before sending) is the normal
			// one, so that every iteration reaches the echoing POST.
			h.f.ListScript = []cftest.Step{nil, echoAt(http.StatusBadGateway, off)}
			h.f.Unlock()
			_, err := h.sub.Submit(context.Background(), testZone, validReport())
			require.Error(t, err, "status %d offset %d", status, off)
			fmt.Fprintf(&seen, "%v\n%+v\n", err, err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(h.dir, "*.json"))
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		seen.Write(data)
	}
	seen.WriteString(strings.Join(h.logs, "\n"))
	out := seen.String()
	require.Contains(t, out, redacted, "the echo should have been seen and redacted")
	for i := 0; i+4 <= len(token); i++ {
		require.NotContains(t, out, token[i:i+4], "a piece of the token leaked")
	}
}

// TestSubmissionLeavesOutReadOnlyAndUnknown checks that created_at and
// members the schema does not define are not sent unless asked for.
func TestSubmissionLeavesOutReadOnlyAndUnknown(t *testing.T) {
	for _, sendUnknown := range []bool{false, true} {
		h := newHarness(t, nil)
		h.sub.SendUnknown = sendUnknown
		var body map[string]any
		h.f.PostScript = []cftest.Step{func(_ *cftest.Server, w http.ResponseWriter, _ *http.Request, b []byte) bool {
			require.NoError(t, json.Unmarshal(b, &body))
			cftest.WriteEnvelope(w, http.StatusCreated, map[string]any{})
			return true
		}}
		r := validReport()
		r.CreatedAt = "2024-06-01T00:05:24Z"
		r.Extra = map[string]json.RawMessage{"note": json.RawMessage(`"x"`)}
		r.RequestsByAttribute["topIPs"][0].Extra = map[string]json.RawMessage{"rank": json.RawMessage(`1`)}
		_, err := h.sub.Submit(context.Background(), testZone, r)
		require.NoError(t, err)
		_, hasCreated := body["created_at"]
		_, hasNote := body["note"]
		ip := body["requests_by_attribute"].(map[string]any)["topIPs"].([]any)[0].(map[string]any)
		_, hasRank := ip["rank"]
		assert.Equal(t, sendUnknown, hasCreated)
		assert.Equal(t, sendUnknown, hasNote)
		assert.Equal(t, sendUnknown, hasRank)
		assert.Equal(t, "2024-06-01T00:05:24Z", r.CreatedAt, "the caller's report is not changed")
	}
}

func TestZoneIDCheckedLocally(t *testing.T) {
	h := newHarness(t, nil)
	for _, zone := range []string{"", "example.com", testZone[:31], testZone + "0", strings.Repeat("g", 32)} {
		_, err := h.sub.Submit(context.Background(), zone, validReport())
		require.Error(t, err, zone)
		assert.Contains(t, err.Error(), "zone ID", zone)
	}
	assert.Zero(t, h.f.Posts())
	assert.Empty(t, h.outbox(t))
	require.NoError(t, CheckZoneID(strings.ToUpper(testZone)))
}

func TestPlanShape(t *testing.T) {
	for _, tt := range []struct {
		cfg  *Config
		plan Plan
	}{
		{&Config{FightMode: Ptr(true), EnableJS: Ptr(true)}, PlanBotFightMode},
		{&Config{SBFMDefinitelyAutomated: Ptr(SBFMBlock)}, PlanSBFMPro},
		{&Config{SBFMDefinitelyAutomated: Ptr(SBFMBlock), SBFMLikelyAutomated: Ptr(SBFMAllow)}, PlanSBFMBusiness},
		{&Config{AutoUpdateModel: Ptr(true), StaleZoneConfiguration: &StaleZoneConfiguration{FightMode: Ptr(true)}}, PlanBMEnterprise},
	} {
		got, ok := PlanOf(tt.cfg)
		assert.True(t, ok)
		assert.Equal(t, tt.plan, got)
	}
	_, ok := PlanOf(&Config{EnableJS: Ptr(true)})
	assert.False(t, ok, "the shared fields say nothing about the plan")

	assert.Empty(t, CheckPlan(PlanBMEnterprise, &Config{AIBotsProtection: Ptr(AIBotsBlock), AutoUpdateModel: Ptr(false)}))
	why := CheckPlan(PlanBMEnterprise, &Config{AIBotsProtection: Ptr(AIBotsOnlyOnAdPages), FightMode: Ptr(true), SBFMLikelyAutomated: Ptr(SBFMBlock)})
	require.Len(t, why, 3)
	assert.Contains(t, why[0], "not available for Enterprise customers")
	assert.Empty(t, CheckPlan(PlanSBFMPro, &Config{AIBotsProtection: Ptr(AIBotsOnlyOnAdPages)}))
	assert.NotEmpty(t, CheckPlan(PlanSBFMPro, &Config{SBFMLikelyAutomated: Ptr(SBFMManagedChallenge)}), "Business only")
	for _, p := range Plans {
		preset, err := CleanupPreset(p)
		require.NoError(t, err)
		assert.Empty(t, CheckPlan(p, preset), "the documented clean-up body for %s", p)
	}
}
