package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/httpapi"
)

// requestString is a string a request body takes: the route, the field's
// JSON path (segments: property names, or "[]" for an array's items) and
// its schema.
type requestString struct {
	method, path string
	field        []string
	schema       map[string]any
}

func (f requestString) name() string {
	var b strings.Builder
	for _, seg := range f.field {
		switch {
		case seg == "[]":
			b.WriteString("[0]")
		case b.Len() > 0:
			b.WriteString("." + seg)
		default:
			b.WriteString(seg)
		}
	}
	return b.String()
}

// requestStrings walks the JSON request body schemas of openapi.json and
// returns every string field of them (a schema that holds itself, such as
// a person's spouse, is walked once on each path).
func requestStrings(t *testing.T) []requestString {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal(httpapi.OpenAPI(), &doc))
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	var out []requestString
	var walk func(rs requestString, s map[string]any, seen map[string]bool)
	walk = func(rs requestString, s map[string]any, seen map[string]bool) {
		if ref, ok := s["$ref"].(string); ok {
			name := strings.TrimPrefix(ref, "#/components/schemas/")
			if seen[name] {
				return
			}
			next := map[string]bool{name: true}
			for k := range seen {
				next[k] = true
			}
			walk(rs, schemas[name].(map[string]any), next)
			return
		}
		isString := s["type"] == "string"
		if types, ok := s["type"].([]any); ok {
			for _, ty := range types {
				isString = isString || ty == "string"
			}
		}
		if isString {
			rs.schema = s
			out = append(out, rs)
		}
		if props, ok := s["properties"].(map[string]any); ok {
			for name, p := range props {
				sub := rs
				sub.field = append(append([]string(nil), rs.field...), name)
				walk(sub, p.(map[string]any), seen)
			}
		}
		if items, ok := s["items"].(map[string]any); ok {
			sub := rs
			sub.field = append(append([]string(nil), rs.field...), "[]")
			walk(sub, items, seen)
		}
		for _, key := range []string{"anyOf", "oneOf", "allOf"} {
			alts, _ := s[key].([]any)
			for _, a := range alts {
				walk(rs, a.(map[string]any), seen)
			}
		}
	}
	for path, ops := range doc["paths"].(map[string]any) {
		for method, op := range ops.(map[string]any) {
			o, ok := op.(map[string]any)
			if !ok || o["requestBody"] == nil {
				continue
			}
			content := o["requestBody"].(map[string]any)["content"].(map[string]any)
			for ct, c := range content {
				sch, ok := c.(map[string]any)["schema"].(map[string]any)
				if !ok || !strings.Contains(ct, "json") {
					continue
				}
				walk(requestString{method: strings.ToUpper(method), path: path}, sch, map[string]bool{})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].method+" "+out[i].path+" "+out[i].name(), out[j].method+" "+out[j].path+" "+out[j].name()
		return a < b
	})
	return out
}

// TestOpenAPI_RequestStringsHaveMaxLength: every string of every request
// body has a maxLength in openapi.json, which the server enforces
// (TestMaxLength_OneOverIsRefused); a closed set (enum, const) bounds its
// strings itself.
func TestOpenAPI_RequestStringsHaveMaxLength(t *testing.T) {
	strs := requestStrings(t)
	require.NotEmpty(t, strs)
	var missing []string
	for _, f := range strs {
		_, hasMax := f.schema["maxLength"]
		_, hasEnum := f.schema["enum"]
		_, hasConst := f.schema["const"]
		if !hasMax && !hasEnum && !hasConst {
			missing = append(missing, f.method+" "+f.path+": "+f.name())
		}
	}
	assert.Empty(t, missing, "request strings without maxLength")
}

// TestMaxLength_OneOverIsRefused sends, for every string field of every
// request body that has a maxLength, a value one character over it: each
// is refused 422 naming the field by its JSON path, and the case is as it
// was.
func TestMaxLength_OneOverIsRefused(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	ctx := context.Background()
	trail := func() (n int) {
		for _, stream := range []string{c.ID, duediligence.StreamSystem} {
			evs, err := e.hooks.Store.Events().FindEvents(ctx, stream, 0, 0)
			require.NoError(t, err)
			n += len(evs)
		}
		return n
	}
	before := trail()
	etag := e.etag(t, c.ID)
	values := map[string]string{
		"{id}": c.ID, "{item_id}": "0190c2d2-0000-7000-8000-000000000001", "{guarantee_id}": "0190c2d2-0000-7000-8000-000000000002",
		"{doc_id}": "0190c2d2-0000-7000-8000-000000000003", "{flag_id}": "0190c2d2-0000-7000-8000-000000000004",
		"{user_id}": "0190c2d2-0000-7000-8000-000000000005", "{rule_id}": "credit.overdue", "{number}": "2026-000123-JK", "{index}": "0", "{seq}": "1",
		"{rid}": "0190c2d2-0000-7000-8000-000000000006", "{investor_id}": "0190c2d2-0000-7000-8000-000000000007",
		"{commitment_id}": "0190c2d2-0000-7000-8000-000000000008", "{notice_id}": "0123456789abcdef",
	}
	checked := 0
	for _, f := range requestStrings(t) {
		limit, ok := f.schema["maxLength"].(float64)
		if !ok {
			continue
		}
		path := f.path
		for k, v := range values {
			path = strings.ReplaceAll(path, k, v)
		}
		// The body holds the one field, one over its limit: what else the
		// request lacks is not looked at before its lengths are.
		var body any = strings.Repeat("字", int(limit)+1)
		for i := len(f.field) - 1; i >= 0; i-- {
			if f.field[i] == "[]" {
				body = []any{body}
			} else {
				body = map[string]any{f.field[i]: body}
			}
		}
		want := f.name()
		var r response
		for _, who := range []string{am, admin, dm, risk, gm, finance} {
			r = e.do(t, who, f.method, path, body, "If-Match", etag, "Idempotency-Key", fmt.Sprintf("maxlength-%d", checked))
			if r.status != http.StatusForbidden {
				break
			}
		}
		if !assert.Equal(t, http.StatusUnprocessableEntity, r.status, "%s %s %s: %s", f.method, f.path, want, r.body) {
			continue
		}
		p := problemOf(t, r, http.StatusUnprocessableEntity, "invalid")
		assert.Contains(t, fieldsOf(p), want, "%s %s: %s", f.method, f.path, r.body)
		checked++
	}
	assert.Greater(t, checked, 100, "fields checked")
	assert.Equal(t, etag, e.etag(t, c.ID), "the case did not change")
	assert.Equal(t, before, trail(), "nothing written to the audit trail")
}
