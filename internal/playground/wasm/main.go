//go:build js && wasm

// Command wasm is wflint in the browser: the playground page loads it and
// calls the functions it sets on globalThis.wflint, each taking strings
// and returning JSON (package pageapi does the work). It makes no network
// call: the expression never leaves the page.
package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/wflint/wflint/internal/playground/pageapi"
)

func main() {
	api := js.Global().Get("Object").New()
	api.Set("check", fn(func(a []js.Value) any {
		return pageapi.Check(str(a, 0), pageapi.ParseOptions(str(a, 1)))
	}))
	api.Set("format", fn(func(a []js.Value) any { return pageapi.Format(str(a, 0)) }))
	api.Set("hover", fn(func(a []js.Value) any {
		return pageapi.HoverAt(str(a, 0), num(a, 1), pageapi.ParseOptions(str(a, 2)))
	}))
	api.Set("complete", fn(func(a []js.Value) any {
		return pageapi.Complete(str(a, 0), num(a, 1), pageapi.ParseOptions(str(a, 2)))
	}))
	api.Set("explain", fn(func(a []js.Value) any { return pageapi.Explain(str(a, 0)) }))
	api.Set("phases", fn(func([]js.Value) any { return pageapi.Phases() }))
	js.Global().Set("wflint", api)
	if ready := js.Global().Get("wflintReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // the functions stay callable while the page lives
}

// fn wraps f as a JavaScript function returning f's result as JSON text.
func fn(f func([]js.Value) any) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) any {
		b, err := json.Marshal(f(args))
		if err != nil {
			return `{"error":` + jsonString(err.Error()) + `}`
		}
		return string(b)
	})
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// str returns argument i as a string, "" when absent.
func str(a []js.Value, i int) string {
	if i >= len(a) || a[i].Type() != js.TypeString {
		return ""
	}
	return a[i].String()
}

// num returns argument i as an int, 0 when absent.
func num(a []js.Value, i int) int {
	if i >= len(a) || a[i].Type() != js.TypeNumber {
		return 0
	}
	return a[i].Int()
}
