package eval_test

import (
	"fmt"
	"net/netip"

	"github.com/wflint/wflint/internal/check"
	"github.com/wflint/wflint/internal/eval"
	"github.com/wflint/wflint/internal/grammar"
	"github.com/wflint/wflint/internal/schema"
)

type request struct {
	host string
	ip   netip.Addr
}

// Parse, check, compile, match: the check resolves names and types once,
// and Compile builds the matcher from its result.
func ExampleCompile() {
	x, errs := grammar.Parse(`http.host eq "example.com" and ip.src in {192.0.2.0/24}`)
	if len(errs) > 0 {
		panic(errs)
	}
	checked, _ := check.Check(x, schema.Rules(), check.Options{})
	prog, err := eval.Compile[request](checked, eval.Fields[request]{
		"http.host": func(r request) (string, bool) { return r.host, r.host != "" },
		"ip.src":    func(r request) (netip.Addr, bool) { return r.ip, r.ip.IsValid() },
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(prog.Match(request{"example.com", netip.MustParseAddr("192.0.2.7")}))
	fmt.Println(prog.Match(request{"example.com", netip.MustParseAddr("198.51.100.7")}))
	fmt.Println(prog.Fields())
	// Output:
	// true
	// false
	// [http.host ip.src]
}
