package httpapi_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/httpapi"
)

// TestOpenAPI_routes checks that every route New registers is an operation
// of openapi.json and every operation is a route.
func TestOpenAPI_routes(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(httpapi.OpenAPI(), &doc))
	var documented []string
	for path, item := range doc.Paths {
		for method := range item {
			switch method {
			case "get", "put", "post", "patch", "delete", "head", "options", "trace":
				documented = append(documented, strings.ToUpper(method)+" "+path)
			}
		}
	}
	var served []string
	for _, rt := range httpapi.Routes() {
		served = append(served, rt.Method+" "+rt.Pattern)
	}
	slices.Sort(documented)
	slices.Sort(served)
	require.Equal(t, served, documented, "routes in server.go and operations in openapi.json differ")
}

// TestOpenAPI_document checks that the document is valid OpenAPI 3.1 and
// that public routes need no token while the others do.
func TestOpenAPI_document(t *testing.T) {
	doc, err := libopenapi.NewDocument(httpapi.OpenAPI())
	require.NoError(t, err)
	require.Equal(t, "3.1.0", doc.GetVersion())
	model, err := doc.BuildV3Model()
	require.NoError(t, err)
	ok, errs := openAPIValidator(t).ValidateDocument()
	require.True(t, ok, "openapi.json is not valid OpenAPI:\n%s", describe(errs))

	for _, rt := range httpapi.Routes() {
		item, found := model.Model.Paths.PathItems.Get(rt.Pattern)
		require.True(t, found, rt.Pattern)
		op := item.GetOperations().GetOrZero(strings.ToLower(rt.Method))
		require.NotNil(t, op, rt.Method+" "+rt.Pattern)
		public := op.Security != nil && len(op.Security) == 0
		require.Equal(t, rt.Public, public, "%s %s: security in openapi.json", rt.Method, rt.Pattern)
		if !rt.Public {
			_, has401 := op.Responses.Codes.Get("401")
			require.True(t, has401, "%s %s documents no 401", rt.Method, rt.Pattern)
		}
	}
}

// TestOpenAPI_served checks that GET /openapi.json serves the embedded document.
func TestOpenAPI_served(t *testing.T) {
	e := newEnv(t)
	r := e.do(t, "", "GET", "/openapi.json", nil).must(t, http.StatusOK)
	require.JSONEq(t, string(httpapi.OpenAPI()), string(r.body))
}
