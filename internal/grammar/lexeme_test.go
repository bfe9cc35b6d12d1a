package grammar

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLexemes(t *testing.T) {
	kinds := func(src string) []string {
		var out []string
		for _, l := range Lexemes(src) {
			s := l.Text
			if l.Open {
				s += "…"
			}
			out = append(out, map[LexKind]string{LexName: "N", LexLiteral: "L", LexString: "S", LexList: "$", LexPunct: "P", LexOperator: "O", LexOther: "?"}[l.Kind]+":"+s)
		}
		return out
	}
	tests := []struct {
		src  string
		want []string
	}{
		{`http.host eq "a" and ip.src in {1.2.3.0/24 fe80::1}`, []string{"N:http.host", "N:eq", "S:\"a\"", "N:and", "N:ip.src", "N:in", "P:{", "L:1.2.3.0/24", "L:fe80::1", "P:}"}},
		{`http.host == "ab`, []string{"N:http.host", "O:==", "S:\"ab…"}},
		{`lower(http.host) in $`, []string{"N:lower", "P:(", "N:http.host", "P:)", "N:in", "$:$"}},
		{`any(x[*] matches r#"a"#) && !ssl`, []string{"N:any", "P:(", "N:x", "P:[", "P:*", "P:]", "N:matches", "S:r#\"a\"#", "P:)", "O:&&", "O:!", "N:ssl"}},
		{`http.host strict wildcard "a*"`, []string{"N:http.host", "N:strict wildcard", "S:\"a*\""}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			assert.Equal(t, tt.want, kinds(tt.src))
		})
	}
}
