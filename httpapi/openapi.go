package httpapi

import (
	_ "embed"
	"net/http"
	"strconv"
)

// openapiJSON is the contract of this API, OpenAPI 3.1. It is written by
// hand; the tests check that it lists exactly the routes New serves and
// validate every response they receive against it.
//
//go:embed openapi.json
var openapiJSON []byte

// OpenAPI returns the OpenAPI 3.1 document of the API New serves.
func OpenAPI() []byte { return append([]byte(nil), openapiJSON...) }

// openAPI answers GET /openapi.json.
func (s *server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(openapiJSON)))
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openapiJSON)
	return nil
}
