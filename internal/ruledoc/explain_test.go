package ruledoc

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wflint/wflint/internal/analyzer"
)

func TestWriteRuleTable(t *testing.T) {
	var b strings.Builder
	WriteRuleTable(&b)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	assert.Len(t, lines, len(analyzer.Rules()))
	assert.True(t, strings.HasPrefix(lines[0], analyzer.Rules()[0].ID+" "), lines[0])
}

func TestExplain(t *testing.T) {
	id := analyzer.Rules()[0].ID
	page, ok := Explain(id)
	assert.True(t, ok)
	body, _ := Rule(id)
	assert.True(t, strings.HasPrefix(page, strings.TrimSuffix(body, "\n")))
	assert.True(t, strings.HasSuffix(page, "\n\nOnline: "+RuleURL(id)+"\n"), page)

	_, ok = Explain("no-such-rule")
	assert.False(t, ok)
}

func TestClosestRule(t *testing.T) {
	assert.Equal(t, "single-quoted-string", ClosestRule("single-quoted-strng"))
	assert.Equal(t, "single-quoted-string", ClosestRule("quoted-string"))
	assert.Equal(t, "", ClosestRule("zzzzzzzzzzzzzzzzzzzzzz"))
}
