package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// goodBody is an application every personal rule accepts: a single
// borrower born in 1991, earning monthly enough for the loan.
func goodBody(amount, monthlyIncome string) string {
	return fmt.Sprintf(`{"applicant": {"kind":"person","name":"王五","id_number":"360426199101010071","phone":"13800138000","marital_status":"single","monthly_income":%q},"request":{"amount":%q,"term_months":36,"purpose":"采购原材料","purpose_category":"business_operation","repayment_method":"equal_installment","annual_rate":"0.0850","repayment_source":"经营收入"}}`, monthlyIncome, amount)
}

// walk follows one case through the API as a frontend would: each write
// names the ETag the one before answered.
type walk struct {
	e    *env
	id   string
	base string
	etag string
}

// newWalk opens a case with body as the account manager.
func (e *env) newWalk(t *testing.T, body string) *walk {
	t.Helper()
	r := e.do(t, am, "POST", "/v1/cases", body).must(t, http.StatusCreated)
	c := decode[duediligence.Case](t, r)
	return &walk{e: e, id: c.ID, base: "/v1/cases/" + c.ID, etag: r.header.Get("ETag")}
}

// walkOf walks an existing case from its current version.
func (e *env) walkOf(t *testing.T, c duediligence.Case) *walk {
	t.Helper()
	return &walk{e: e, id: c.ID, base: "/v1/cases/" + c.ID, etag: e.etag(t, c.ID)}
}

// write sends a write with If-Match and requires status; a success's ETag
// is the next write's If-Match.
func (w *walk) write(t *testing.T, who, method, path string, body any, status int, hdr ...string) response {
	t.Helper()
	r := w.e.do(t, who, method, w.base+path, body, append([]string{"If-Match", w.etag}, hdr...)...).must(t, status)
	if status < 300 {
		w.etag = r.header.Get("ETag")
		require.NotEmpty(t, w.etag, "%s %s answered no ETag", method, path)
	}
	return r
}

// get reads the case as who.
func (w *walk) get(t *testing.T, who string) duediligence.Case {
	t.Helper()
	return decode[duediligence.Case](t, w.e.do(t, who, "GET", w.base, nil).must(t, http.StatusOK))
}

// investigate records every checklist document as received and moves the
// case to investigation.
func (w *walk) investigate(t *testing.T) duediligence.Case {
	t.Helper()
	for _, d := range w.get(t, am).Documents {
		w.write(t, am, "POST", "/documents", map[string]any{"id": d.ID, "status": "received"}, http.StatusCreated)
	}
	return decode[duediligence.Case](t, w.write(t, am, "POST", "/transitions", `{"to":"investigation"}`, http.StatusOK))
}

// dismissFlags has the department manager dismiss the open red flags.
func (w *walk) dismissFlags(t *testing.T) {
	t.Helper()
	for _, f := range w.get(t, dm).Flags {
		if f.Status == duediligence.FlagOpen {
			w.write(t, dm, "POST", "/flags/"+f.ID+"/resolution", `{"decision":"dismissed","comment":"已核实"}`, http.StatusOK)
		}
	}
}

// checks runs the gates of the case's next move.
func (w *walk) checks(t *testing.T, who string) duediligence.Checks {
	t.Helper()
	return decode[duediligence.Checks](t, w.e.do(t, who, "GET", w.base+"/checks", nil).must(t, http.StatusOK))
}

// readyToSubmit takes the case from intake to where submission succeeds:
// documents, investigation, the site visit and the interview, the report
// generated and given an opinion, every warning the checks list
// acknowledged, and the owner's attestation. It returns the warnings it
// acknowledged.
func (w *walk) readyToSubmit(t *testing.T) []string {
	t.Helper()
	w.investigate(t)
	for _, m := range []string{"site_visit", "interview"} {
		w.write(t, am, "POST", "/findings", map[string]any{"topic": "operations", "method": m, "statement": "经营正常，陈述属实", "result": "confirmed"}, http.StatusCreated)
	}
	w.write(t, am, "POST", "/report", nil, http.StatusOK)
	w.write(t, am, "PATCH", "/report", `{"opinion":"同意贷款"}`, http.StatusOK)
	var acknowledged []string
	for _, r := range w.checks(t, am).Results {
		if r.Severity == check.Warn && r.Acknowledged == nil {
			w.write(t, am, "POST", "/checks/"+r.Rule+"/acknowledgement", map[string]any{"path": r.Path, "justification": "已核实，风险可控"}, http.StatusOK)
			acknowledged = append(acknowledged, r.Rule)
		}
	}
	w.write(t, am, "POST", "/report/attestation", `{"statement":"本人对调查内容的真实性负责。"}`, http.StatusOK)
	return acknowledged
}

// submit submits the case and returns it.
func (w *walk) submit(t *testing.T) duediligence.Case {
	t.Helper()
	return decode[duediligence.Case](t, w.write(t, am, "POST", "/transitions", `{"to":"submitted"}`, http.StatusOK))
}
