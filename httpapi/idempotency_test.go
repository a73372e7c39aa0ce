package httpapi_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/httpapi"
)

// TestIdempotencyKey_boundToRequest checks that a key is bound to the
// request it first came with: the same key with another body or on another
// path is refused 422 naming the first request, and a retry of the same
// request gets the first answer byte for byte, however the case moved on.
func TestIdempotencyKey_boundToRequest(t *testing.T) {
	e := newEnv(t)
	first := e.do(t, am, "POST", "/v1/cases", personBody, "Idempotency-Key", "open-1").must(t, http.StatusCreated)
	c := decode[duediligence.Case](t, first)

	other := strings.Replace(personBody, `"500000.00"`, `"900000.00"`, 1)
	p := problemOf(t, e.do(t, am, "POST", "/v1/cases", other, "Idempotency-Key", "open-1"), http.StatusUnprocessableEntity, "idempotency_key_reused")
	require.Equal(t, []string{"Idempotency-Key"}, fieldsOf(p))
	require.Contains(t, p.Detail, "POST /v1/cases")
	page := decode[duediligence.CasePage](t, e.do(t, am, "GET", "/v1/cases", nil).must(t, http.StatusOK))
	require.Len(t, page.Cases, 1, "the refused request created nothing")

	// The case moves on; the retry still answers what the first request got.
	e.write(t, am, "PATCH", c.ID, "", `{"request":{"amount":"400000.00","term_months":36,"purpose":"采购原材料","purpose_category":"business_operation","repayment_method":"equal_installment","annual_rate":"0.0850","repayment_source":"经营收入"}}`).must(t, http.StatusOK)
	again := e.do(t, am, "POST", "/v1/cases", personBody, "Idempotency-Key", "open-1").must(t, http.StatusCreated)
	require.Equal(t, string(first.body), string(again.body))
	require.Equal(t, `"1"`, again.header.Get("ETag"))
	require.Equal(t, first.header.Get("Location"), again.header.Get("Location"))

	// The same key on another path belongs to the first request too.
	finding := `{"topic":"identity","method":"document_review","statement":"身份证与本人一致","result":"confirmed"}`
	p = problemOf(t, e.write(t, am, "POST", c.ID, "/findings", finding, "Idempotency-Key", "open-1"), http.StatusUnprocessableEntity, "idempotency_key_reused")
	require.Contains(t, p.Detail, "POST /v1/cases")

	// A refused request keeps nothing: its key may come again, corrected.
	bad := `{"topic":"identity","method":"document_review","statement":"","result":"confirmed"}`
	e.write(t, am, "POST", c.ID, "/findings", bad, "Idempotency-Key", "find-1").must(t, http.StatusUnprocessableEntity)
	e.write(t, am, "POST", c.ID, "/findings", finding, "Idempotency-Key", "find-1").must(t, http.StatusCreated)
}

// TestIdempotencyKey_sharedByReplicas checks that the binding is kept in
// the database: a second server on the same database replays the first
// one's answer and refuses the key with another body, on SQLite and
// PostgreSQL.
func TestIdempotencyKey_sharedByReplicas(t *testing.T) {
	for name, url := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "t.db") },
		"postgres": postgresURL,
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, func(cfg *envConfig) { cfg.databaseURL = url(t) })
			first := e.do(t, am, "POST", "/v1/cases", personBody, "Idempotency-Key", "open-1").must(t, http.StatusCreated)

			second := httptest.NewServer(httpapi.New(e.svc, httpapi.Options{Logger: slog.New(slog.NewJSONHandler(e.logs, nil))}))
			t.Cleanup(second.Close)
			post := func(body string) *http.Response {
				req, err := http.NewRequestWithContext(context.Background(), "POST", second.URL+"/v1/cases", strings.NewReader(body))
				require.NoError(t, err)
				req.Header.Set("Authorization", "Bearer "+e.tokens[am])
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Idempotency-Key", "open-1")
				resp, err := second.Client().Do(req)
				require.NoError(t, err)
				t.Cleanup(func() { resp.Body.Close() })
				return resp
			}
			resp := post(personBody)
			require.Equal(t, http.StatusCreated, resp.StatusCode)
			require.Equal(t, first.header.Get("Location"), resp.Header.Get("Location"))
			resp = post(strings.Replace(personBody, "张三", "李四", 1))
			require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
		})
	}
}
