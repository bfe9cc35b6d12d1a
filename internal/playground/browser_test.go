package playground

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const chromium = "/usr/bin/chromium"

// TestBrowser drives the built page in Debian's headless Chromium: the
// findings of a link's expression, an edit typed, a quick fix applied, the
// link following, the profile/role/phase choice, hover and completion
// through the wasm, and the speed figures of issue 26 (logged, not
// asserted beyond a sanity bound: speed is measured, not tested).
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the browser test drives Chromium")
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no Chromium at " + chromium + " (apt-get install chromium)")
	}
	site := Site()
	if err := Built(site); err != nil {
		t.Skip("the site is not built (scripts/build-playground.sh): ", err)
	}
	srv := httptest.NewServer(Handler(site))
	defer srv.Close()

	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	// The page's errors and console output, in the log.
	listen := func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			t.Errorf("page exception: %s", msg)
		case *runtime.EventConsoleAPICalled:
			for _, a := range ev.Args {
				t.Logf("console.%s: %s", ev.Type, a.Value)
			}
		}
	}
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(listen))
	defer cancel()
	// A sanity bound for the whole test, not a speed target.
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTimeout()

	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		require.NoError(t, chromedp.Do(ctx, steps...))
	}
	exec := func(js string) { // runs js, for its effect
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Evaluate[any](js+"; null"))
		require.NoError(t, err, js)
	}
	poll := func(js string) {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(20*time.Second)))
		require.NoError(t, err, "waiting for %s", js)
	}
	rules := func() []string {
		var ids []string
		evalInto(t, ctx, `[...document.querySelectorAll("#findings .rule")].map(a => a.textContent)`, &ids)
		return ids
	}
	fragment := func() map[string]string {
		var f map[string]string
		evalInto(t, ctx, `Object.fromEntries(new URLSearchParams(location.hash.slice(1)))`, &f)
		return f
	}
	doc := func() string {
		var s string
		evalInto(t, ctx, `wflintView.state.doc.toString()`, &s)
		return s
	}

	// A link with an expression: its findings, rule IDs as text.
	link := srv.URL + "/#" + url.Values{"e": {`http.host eq 'a'`}}.Encode()
	do(chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("#findings li.finding")))
	assert.Equal(t, []string{"single-quoted-string"}, rules())
	var first map[string]float64
	evalInto(t, ctx, `({first: wflintTimings.firstFindings, loaded: wflintTimings.loaded, ready: wflintTimings.ready, check: wflintTimings.check[0]})`, &first)
	t.Logf("first findings %.0f ms after navigation started (wasm compiled at %.0f ms, its functions callable at %.0f ms, first check %.0f ms)",
		first["first"], first["loaded"], first["ready"], first["check"])
	assert.Less(t, first["first"], 30000.0, "sanity bound")
	var live string
	evalInto(t, ctx, `document.getElementById("findings").getAttribute("aria-live")`, &live)
	assert.Equal(t, "polite", live)

	// Type an edit at the end: a second single-quoted string.
	exec(`wflintView.dispatch({selection: {anchor: wflintView.state.doc.length}}); wflintView.focus()`)
	do(chromedp.KeyEvent(` and http.host eq 'b'`))
	poll(`document.querySelectorAll("#findings .rule").length === 2`)
	assert.Equal(t, `http.host eq 'a' and http.host eq 'b'`, doc())
	poll(`location.hash.includes("b%27")`)
	assert.Equal(t, map[string]string{"e": `http.host eq 'a' and http.host eq 'b'`}, fragment(), "the link follows the typing")

	// Apply the first quick fix (safe: it says so).
	var label string
	evalInto(t, ctx, `document.querySelector("#findings button.fix").textContent`, &label)
	assert.Equal(t, `Fix: Use "a"`, label)
	do(chromedp.Click(chromedp.CSS("#findings button.fix")))
	poll(`document.querySelectorAll("#findings .rule").length === 1`)
	assert.Equal(t, `http.host eq "a" and http.host eq 'b'`, doc())
	poll(`location.hash.includes("%22a%22")`)
	assert.Equal(t, `http.host eq "a" and http.host eq 'b'`, fragment()["e"])

	// The phase choice: a response field in a request phase.
	exec(`wflintView.dispatch({changes: {from: 0, to: wflintView.state.doc.length, insert: "http.response.code eq 403"}})`)
	poll(`document.querySelectorAll("#findings .finding").length === 0`)
	exec(`const ph = document.getElementById("phase"); ph.value = "http_request_firewall_custom"; ph.dispatchEvent(new Event("change"))`)
	poll(`document.querySelectorAll("#findings .rule").length === 1`)
	assert.Equal(t, []string{"field-not-in-phase"}, rules())
	poll(`location.hash.includes("ph=")`)
	assert.Equal(t, map[string]string{"e": "http.response.code eq 403", "ph": "http_request_firewall_custom"}, fragment())

	// Format, hover and completion come from the wasm.
	exec(`wflintView.dispatch({changes: {from: 0, to: wflintView.state.doc.length, insert: "http.host   eq \"a\""}})`)
	do(chromedp.Click(chromedp.CSS("#format")))
	poll(`wflintView.state.doc.toString() === 'http.host eq "a"'`)
	// Ctrl-I: hover without a mouse.
	exec(`wflintView.dispatch({selection: {anchor: 2}}); wflintView.focus()`)
	do(chromedp.KeyEvent("i", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	poll(`document.getElementById("info").textContent.includes("http.host")`)
	var hover map[string]any
	evalInto(t, ctx, `JSON.parse(wflint.hover("http.host eq \"a\"", 2, "{}"))`, &hover)
	assert.Contains(t, hover["text"], "http.host")
	var labels []string
	evalInto(t, ctx, `JSON.parse(wflint.complete("http.request.uri.pa", 19, "{}")).items.map(i => i.Label)`, &labels)
	assert.Contains(t, labels, "http.request.uri.path")
	exec(`wflintView.dispatch({changes: {from: 0, to: wflintView.state.doc.length, insert: ""}}); wflintView.focus()`)
	do(chromedp.KeyEvent("http.request.uri.pa"))
	poll(`document.querySelector(".cm-tooltip-autocomplete") !== null`)
	var options []string
	evalInto(t, ctx, `[...document.querySelectorAll(".cm-tooltip-autocomplete li")].map(li => li.textContent)`, &options)
	require.NotEmpty(t, options)
	assert.Equal(t, "http.request.uri.path", strings.TrimSuffix(options[0], "Bytes"), "the field first, its type beside it")
	// CodeMirror ignores Enter for 75 ms after the list opens (its
	// interactionDelay, against accepting by accident): wait on the
	// page's clock.
	// (chromedp's Enter also types a line break after the key is
	// handled, so the key goes in as a DOM event.)
	poll(`performance.now() - (window.listOpened ??= performance.now()) > 100`)
	exec(`wflintView.contentDOM.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", keyCode: 13, bubbles: true, cancelable: true}))`)
	poll(`wflintView.state.doc.toString() === "http.request.uri.path"`)

	// A keystroke on a 4 KB expression: the wasm check, and the whole
	// update (check, squiggles, findings list, link), timed in the page.
	big := bigExpression(4096)
	exec(fmt.Sprintf(`wflintView.dispatch({changes: {from: 0, to: wflintView.state.doc.length, insert: %q}, selection: {anchor: %d}}); wflintView.focus()`, big, len(big)))
	poll(`document.querySelectorAll("#findings .finding").length > 0`)
	const keys = 30
	do(chromedp.KeyEvent(strings.Repeat("x", keys)))
	poll(fmt.Sprintf(`wflintView.state.doc.length === %d`, len(big)+keys))
	var check, update []float64
	evalInto(t, ctx, fmt.Sprintf(`wflintTimings.check.slice(-%d)`, keys), &check)
	evalInto(t, ctx, fmt.Sprintf(`wflintTimings.update.slice(-%d)`, keys), &update)
	require.Len(t, update, keys)
	slices.Sort(check)
	slices.Sort(update)
	t.Logf("keystroke on a %d-byte expression (%d keys): wasm check median %.1f ms, max %.1f ms; whole update median %.1f ms, max %.1f ms",
		len(big), keys, check[keys/2], check[keys-1], update[keys/2], update[keys-1])
	assert.Less(t, update[keys/2], 1000.0, "sanity bound")
}

// evalInto evaluates js in the page into *out.
func evalInto[T any](t *testing.T, ctx context.Context, js string, out *T) {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	require.NoError(t, err, js)
	*out = v
}

// bigExpression returns an expression of about n bytes: a chain of
// typical conditions, one with a single-quoted string (a finding), the
// last left open for typing ("… contains x").
func bigExpression(n int) string {
	var b strings.Builder
	b.WriteString(`http.host eq 'www.example.com'`)
	for i := 0; ; i++ {
		next := fmt.Sprintf(` or (http.request.uri.path contains "/p%d" and ip.src in {10.0.%d.0/24} and not cf.bot_management.verified_bot)`, i, i%256)
		if b.Len()+len(next) > n-40 {
			break
		}
		b.WriteString(next)
	}
	b.WriteString(` or http.user_agent contains "`)
	for b.Len() < n-1 {
		b.WriteByte('a')
	}
	return b.String() + `"`
}
