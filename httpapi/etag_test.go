package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/httpapi"
)

// update is a valid CaseUpdate of personBody's request.
const update = `{"request":{"amount":"450000.00","term_months":24,"purpose":"采购原材料","purpose_category":"business_operation","repayment_method":"equal_principal","annual_rate":"0.0800","repayment_source":"经营收入"}}`

// TestIfMatch_required checks that every write to a case wants If-Match
// with a version: without it, or with *, it is a 428 saying how to get the
// ETag, before anything is read or written.
func TestIfMatch_required(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	other := "01900000-0000-7000-8000-000000000000" // an ID of nothing, well formed
	var writes int
	for _, rt := range httpapi.Routes() {
		if rt.Precondition != "If-Match" {
			// A financial posting is idempotent by its key instead.
			require.False(t, strings.HasPrefix(rt.Pattern, "/v1/cases/{id}") && rt.Method != "GET" && rt.Precondition != "Idempotency-Key",
				"%s %s writes a case without requiring If-Match", rt.Method, rt.Pattern)
			continue
		}
		writes++
		path := strings.NewReplacer("{id}", c.ID, "{doc_id}", other, "{flag_id}", other, "{item_id}", other,
			"{guarantee_id}", other, "{rule_id}", "process.site_visit", "{number}", "2026-000001-JK", "{index}", "0",
			"{commitment_id}", other, "{notice_id}", "0123456789abcdef").Replace(rt.Pattern)
		p := problemOf(t, e.do(t, am, rt.Method, path, `{}`), http.StatusPreconditionRequired, "precondition_required")
		require.Contains(t, p.Detail, "If-Match", path)
		require.Contains(t, p.Detail, "GET /v1/cases/"+c.ID, "the problem says where the ETag comes from")
		p = problemOf(t, e.do(t, am, rt.Method, path, `{}`, "If-Match", "*"), http.StatusPreconditionRequired, "precondition_required")
		require.Contains(t, p.Detail, "If-Match: * 匹配任何版本", path)
		p = problemOf(t, e.do(t, am, rt.Method, path, `{}`, "If-Match", "*", "Accept-Language", "en"), http.StatusPreconditionRequired, "precondition_required")
		require.Contains(t, p.Detail, "If-Match: * matches any version", path)
	}
	require.Greater(t, writes, 20)
	require.Equal(t, `"1"`, e.etag(t, c.ID), "nothing was written")

	// Creating a case names no version: there is none yet.
	e.do(t, am, "POST", "/v1/cases", personBody).must(t, http.StatusCreated)
}

// TestIfMatch_stale checks that a write naming an earlier version is a 412
// naming the current one, and changes nothing.
func TestIfMatch_stale(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	path := "/v1/cases/" + c.ID

	r := e.do(t, am, "PATCH", path, update, "If-Match", `"1"`).must(t, http.StatusOK)
	require.Equal(t, `"2"`, r.header.Get("ETag"))
	require.Equal(t, "450000.00", decode[duediligence.Case](t, r).Request.Amount.String())

	p := problemOf(t, e.do(t, am, "PATCH", path, update, "If-Match", `"1"`), http.StatusPreconditionFailed, "stale")
	require.Contains(t, p.Detail, "当前为第 2 版")
	p = problemOf(t, e.do(t, am, "POST", path+"/documents", `{"type":"id_card","status":"received"}`, "If-Match", `"1"`), http.StatusPreconditionFailed, "stale")
	require.Contains(t, p.Detail, "当前为第 2 版")
	require.NotEmpty(t, p.RequestID)
	// A version the case has not reached yet is no better.
	problemOf(t, e.do(t, am, "PATCH", path, update, "If-Match", `"3"`), http.StatusPreconditionFailed, "stale")
	require.Equal(t, `"2"`, e.etag(t, c.ID), "refused writes changed nothing")
}

// TestIfMatch_notAVersion checks that an entity tag this server never
// issues — weak, opaque, malformed — cannot match, so it is a 412 naming the
// current version, as RFC 9110 §13.1.1 has it, never a 400.
func TestIfMatch_notAVersion(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	path := "/v1/cases/" + c.ID
	e.do(t, am, "PATCH", path, update, "If-Match", `"1"`).must(t, http.StatusOK)

	for _, tag := range []string{`W/"2"`, `2`, `"two"`, `"-2"`, `"0"`, `"+2"`, `"02"`, `"2"x`, `"`, `""`, `"abc-opaque-etag"`, `W/"2", "x"`, `"99999999999999999999"`} {
		p := problemOf(t, e.do(t, am, "PATCH", path, update, "If-Match", tag), http.StatusPreconditionFailed, "stale")
		require.Contains(t, p.Detail, `案件当前为第 2 版（ETag "2"）`, "If-Match %s", tag)
	}
	problemOf(t, e.do(t, am, "POST", path+"/findings", `{}`, "If-Match", `W/"2"`), http.StatusPreconditionFailed, "stale")
	// The current version is told only to who may read the case.
	problemOf(t, e.do(t, am2, "PATCH", path, update, "If-Match", `W/"2"`), http.StatusNotFound, "not_found")
	problemOf(t, e.do(t, admin, "PATCH", path, update, "If-Match", `W/"2"`), http.StatusForbidden, "forbidden")
	require.Equal(t, `"2"`, e.etag(t, c.ID), "refused writes changed nothing")

	// A list naming several versions is a 400: a write is based on one.
	problemOf(t, e.do(t, am, "PATCH", path, update, "If-Match", `"1", "2"`), http.StatusBadRequest, "malformed")
}

// TestIfMatch_current checks that a write naming the current version
// succeeds and answers the next one, for each kind of write.
func TestIfMatch_current(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	path := "/v1/cases/" + c.ID
	r := e.do(t, am, "PATCH", path, update, "If-Match", `"1"`).must(t, http.StatusOK)
	require.Equal(t, `"2"`, r.header.Get("ETag"))
	r = e.do(t, am, "POST", path+"/documents", `{"type":"id_card","status":"received"}`, "If-Match", `"2"`).must(t, http.StatusCreated)
	require.Equal(t, `"3"`, r.header.Get("ETag"))
	r = e.do(t, am, "PUT", path+"/documents/"+docID(t, c, "credit_report")+"/content", "scan", "Content-Type", "image/png", "If-Match", `"3"`).must(t, http.StatusCreated)
	require.Equal(t, `"4"`, r.header.Get("ETag"))
}
