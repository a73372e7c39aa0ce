package duediligence_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestMessages checks that every message of the library has a Chinese and
// an English text naming the same parameters, and that every rule of the
// catalogue is described in both languages.
func TestMessages(t *testing.T) {
	require.NoError(t, dd.Messages().Validate())
	for _, r := range dd.DefaultCatalogue().Rules() {
		assert.NotEmpty(t, r.Description, r.ID)
		assert.NotEmpty(t, r.DescriptionZH, "rule %s has no Chinese description", r.ID)
		assert.NotEqual(t, r.Description, r.DescriptionZH, r.ID)
		assert.Equal(t, r.DescriptionZH, r.DescriptionIn(check.ZH))
	}
}

// TestMessages_TermsOfEveryValue checks the terms that messages name by a
// key built from a value ("stage." + stage): every value has one.
func TestMessages_TermsOfEveryValue(t *testing.T) {
	msgs := dd.Messages()
	has := func(key string) {
		t.Helper()
		_, ok := msgs[key]
		assert.True(t, ok, "no message %s", key)
	}
	for _, s := range dd.Stages {
		has("stage." + string(s))
	}
	for _, r := range dd.Roles {
		has("role." + string(r))
	}
	for _, s := range []dd.DocumentStatus{dd.DocumentMissing, dd.DocumentReceived, dd.DocumentVerified, dd.DocumentRejected} {
		has("document.status." + string(s))
	}
	for _, l := range []dd.LoanType{dd.LoanConsumer, dd.LoanPersonalBusiness, dd.LoanWorkingCapital, dd.LoanFixedAsset} {
		has("loan." + string(l))
	}
	for _, d := range []dd.Decision{dd.DecisionApprove, dd.DecisionReject, dd.DecisionReturn} {
		has("decision." + string(d))
	}
	for _, k := range collateral.Kinds() {
		has("collateral.kind." + string(k))
	}
	for _, j := range []string{"string", "integer", "number", "boolean", "object", "array", "base64"} {
		has("json." + j)
	}
}

// builders are the functions that take a message key, and the index of the
// key among their arguments (the number of arguments, where one name has
// two forms).
var builders = map[string]func(nargs int) int{
	"FieldError":  func(int) int { return 2 }, // check.Messages.FieldError(path, reason, key, params)
	"fieldError":  func(int) int { return 2 }, // duediligence
	"field":       func(int) int { return 3 }, // check
	"result":      func(int) int { return 2 }, // collateral
	"gateResult":  func(int) int { return 3 }, // duediligence
	"notComputed": func(int) int { return 1 }, // duediligence
	"Render":      func(int) int { return 1 }, // check.Messages.Render(lang, key, params)
	"judge":       func(int) int { return 1 }, // contracts
	"add": func(n int) int { // collateral: add(path, key, params) and problems.add(path, reason, key, params)
		if n == 4 {
			return 2
		}
		return 1
	},
}

// keyLike is a literal that names a message: three or more segments, or a
// literal a builder takes.
var keyLike = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+){2,}$`)

// TestMessages_EveryKeyUsed reads the library's source and checks that
// every message key it uses — passed to a builder, set as a Key, or named
// as a term — is in the catalogue, in both languages.
func TestMessages_EveryKeyUsed(t *testing.T) {
	msgs := dd.Messages()
	fset := token.NewFileSet()
	var used []string
	for _, dir := range []string{".", "../collateral", "../contracts", "../check", "../strictjson"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			require.NoError(t, err)
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.KeyValueExpr:
					if id, ok := n.Key.(*ast.Ident); ok && id.Name == "Key" {
						if s, ok := literal(n.Value); ok {
							used = append(used, s)
						}
					}
				case *ast.CallExpr:
					var fn string
					switch f := n.Fun.(type) {
					case *ast.Ident:
						fn = f.Name
					case *ast.SelectorExpr:
						fn = f.Sel.Name
					}
					if at, ok := builders[fn]; ok {
						if i := at(len(n.Args)); i < len(n.Args) {
							if s, ok := literal(n.Args[i]); ok {
								used = append(used, s)
							}
						}
					}
				case *ast.BasicLit:
					if s, ok := literal(n); ok && keyLike.MatchString(s) {
						used = append(used, s)
					}
				}
				return true
			})
		}
	}
	require.Greater(t, len(used), 150, "the scan finds the keys")
	slices.Sort(used)
	for _, k := range slices.Compact(used) {
		if _, ok := msgs[k]; !ok {
			t.Errorf("message key %q is used but not in the catalogue", k)
		}
	}
}

func literal(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil && s != ""
}

// TestMessages_EveryActionWorded reads the library's source and checks that
// every action a 403 can name — a mutation's action, or the action passed
// to forbidden — has words in both languages ("action.case.decided"), so a
// refusal never shows a Chinese reader an English identifier.
func TestMessages_EveryActionWorded(t *testing.T) {
	msgs := dd.Messages()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var actions []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok && id.Name == "action" {
					if s, ok := literal(n.Value); ok {
						actions = append(actions, s)
					}
				}
			case *ast.CallExpr:
				var fn string
				switch f := n.Fun.(type) {
				case *ast.Ident:
					fn = f.Name
				case *ast.SelectorExpr:
					fn = f.Sel.Name
				}
				at := map[string]int{"forbidden": 0, "forbiddenBy": 1, "checkWrite": 0, "checkWriteBy": 0}
				if i, known := at[fn]; known && i < len(n.Args) {
					if s, ok := literal(n.Args[i]); ok {
						actions = append(actions, s)
					}
				}
			}
			return true
		})
	}
	require.Greater(t, len(actions), 20, "the scan finds the actions")
	slices.Sort(actions)
	for _, a := range slices.Compact(actions) {
		m, ok := msgs["action."+a]
		if !ok || m.ZH == "" || m.EN == "" {
			t.Errorf("action %q has no words: add action.%s to forbiddenMessages", a, a)
		}
	}
}
