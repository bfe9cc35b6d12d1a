package schema

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzLoad checks that the user-schema loader never panics and that every
// failure is a positioned *LoadError, since configuration files are
// untrusted input shown back to users in diagnostics.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"fields":[{"name":"a.b","type":"Bytes"}]}`))
	f.Add([]byte(`{"base":"feedback","lists":[{"name":"x","kind":"ip"}]}`))
	f.Add([]byte(`{"functions":[{"name":"f","returns":"first","params":[{"name":"a","type":"Bytes | Array<T>"},{"name":"b","type":"T","variadic":true,"sameAsFirst":true}]}]}`))
	f.Add([]byte(`{"fields":[{"name":"n","type":"Int","domain":{"min":1,"max":0}}]}`))
	f.Add([]byte(`{"fields":[{"name":"r","type":"Int","response":true,"phases":["http_custom_errors"],"notInPhases":["x"],"source":"s"}],"functions":[{"name":"f","returns":"Bytes","roles":["value","counting"],"phases":["http_ratelimit"]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Load(bytes.NewReader(data))
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error is %T, want *LoadError: %v", err, err)
			}
			if le.Line < 1 || le.Column < 1 {
				t.Fatalf("bad position %d:%d", le.Line, le.Column)
			}
			return
		}
		for _, fl := range s.Fields() {
			if !fl.Type.IsValid() {
				t.Fatalf("field %q has invalid type", fl.Name)
			}
			for _, p := range Phases() {
				p.FieldUnavailable(fl, RoleCounting)
			}
			fl.Domain.CheckString("x")
			fl.Domain.CheckInt(-1)
			_ = fl.Domain.Summary()
		}
		for _, fn := range s.Functions() {
			_ = fn.Signature()
			for _, p := range Phases() {
				p.FunctionUnavailable(fn)
			}
			fn.CheckArgs([]Type{TypeBytes, TypeInt})
		}
		_ = s.Suggest("http.hots")
	})
}
