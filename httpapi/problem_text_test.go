package httpapi

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestProblemTitles_BothLanguages checks that every problem type the
// server answers — each domain code of statusOf and each kind an httpError
// of this package names — has a title in Chinese and in English.
func TestProblemTitles_BothLanguages(t *testing.T) {
	kinds := map[string]bool{}
	for code := range statusOf {
		kinds[string(code)] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if kv, ok := n.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "kind" {
					if lit, ok := kv.Value.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, _ := strconv.Unquote(lit.Value)
						kinds[s] = true
					}
				}
			}
			return true
		})
	}
	if len(kinds) < 15 {
		t.Fatalf("found only %d problem kinds: %v", len(kinds), kinds)
	}
	for k := range kinds {
		tt, ok := problemTitles[k]
		if !ok || strings.TrimSpace(tt.ZH) == "" || strings.TrimSpace(tt.EN) == "" {
			t.Errorf("problem type %q needs a Chinese and an English title", k)
		}
	}
}

// TestRules_BothLanguages checks that every rule of the default catalogue
// has a description in both languages, and every message key (rule results
// and field errors alike) a Chinese and an English text naming the same
// parameters.
func TestRules_BothLanguages(t *testing.T) {
	for _, r := range duediligence.DefaultCatalogue().Rules() {
		if strings.TrimSpace(r.Description) == "" || strings.TrimSpace(r.DescriptionZH) == "" {
			t.Errorf("rule %s needs a Chinese and an English description", r.ID)
		}
	}
	if err := duediligence.Messages().Validate(); err != nil {
		t.Error(err)
	}
}
