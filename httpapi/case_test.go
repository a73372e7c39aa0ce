package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

func TestCreateCase(t *testing.T) {
	e := newEnv(t)
	r := e.do(t, am, "POST", "/v1/cases", personBody).must(t, http.StatusCreated)
	c := decode[duediligence.Case](t, r)
	require.Equal(t, "/v1/cases/"+c.ID, r.header.Get("Location"))
	require.Equal(t, `"1"`, r.header.Get("ETag"))
	require.Equal(t, duediligence.StageIntake, c.Stage)
	require.Equal(t, e.users[am].ID, c.Owner)
	require.Equal(t, "11010519491231002X", c.Applicant.IDNumber, "the owner sees the whole resident ID")
	require.Equal(t, "1949-12-31", c.Applicant.BirthDate)
	require.Equal(t, "female", c.Applicant.Sex)
	require.Equal(t, "500000.00", c.Request.Amount.String())

	got := e.do(t, am, "GET", "/v1/cases/"+c.ID, nil).must(t, http.StatusOK)
	require.Equal(t, `"1"`, got.header.Get("ETag"))
	require.Equal(t, "no-store", got.header.Get("Cache-Control"))
	var types []string
	for _, d := range decode[duediligence.Case](t, got).Documents {
		require.Equal(t, duediligence.DocumentMissing, d.Status)
		require.True(t, d.Required)
		types = append(types, d.Type)
	}
	require.ElementsMatch(t, []string{"id_card", "household_register", "marriage_certificate", "spouse_id_card",
		"income_proof", "bank_statements", "credit_report", "purpose_proof"}, types)
}

func TestListCases(t *testing.T) {
	e := newEnv(t)
	first := e.createCase(t, personBody)
	second := e.createCase(t, orgBody)

	page := decode[duediligence.CasePage](t, e.do(t, am, "GET", "/v1/cases?limit=1", nil).must(t, http.StatusOK))
	require.Len(t, page.Cases, 1)
	require.Equal(t, second.ID, page.Cases[0].ID, "newest first")
	require.NotEmpty(t, page.Next)
	page = decode[duediligence.CasePage](t, e.do(t, am, "GET", "/v1/cases?limit=1&cursor="+page.Next, nil).must(t, http.StatusOK))
	require.Len(t, page.Cases, 1)
	require.Equal(t, first.ID, page.Cases[0].ID)

	page = decode[duediligence.CasePage](t, e.do(t, dm, "GET", "/v1/cases?stage=intake&q=%E5%BC%A0", nil).must(t, http.StatusOK))
	require.Len(t, page.Cases, 1, "q=张 finds 张三")
	page = decode[duediligence.CasePage](t, e.do(t, am2, "GET", "/v1/cases", nil).must(t, http.StatusOK))
	require.Empty(t, page.Cases, "another account manager lists none of these")

	p := problemOf(t, e.do(t, am, "GET", "/v1/cases?limit=lots", nil), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"limit"}, fieldsOf(p))
	problemOf(t, e.do(t, am, "GET", "/v1/cases?limit=0", nil), http.StatusUnprocessableEntity, "invalid")
	problemOf(t, e.do(t, am, "GET", "/v1/cases?limit=201", nil), http.StatusUnprocessableEntity, "invalid")
	p = problemOf(t, e.do(t, am, "GET", "/v1/cases?stage=limbo", nil), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"stage"}, fieldsOf(p))
}

// TestResidentIDMasking checks who sees a resident ID whole: the owner and
// the approvers; finance and auditors see it masked, and lists mask it for
// everyone.
func TestResidentIDMasking(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	const whole, masked = "11010519491231002X", "110105********002X"
	for who, want := range map[string]string{am: whole, dm: whole, risk: whole, gm: whole, finance: masked, auditor: masked} {
		got := decode[duediligence.Case](t, e.do(t, who, "GET", "/v1/cases/"+c.ID, nil).must(t, http.StatusOK))
		require.Equal(t, want, got.Applicant.IDNumber, who)
		page := decode[duediligence.CasePage](t, e.do(t, who, "GET", "/v1/cases", nil).must(t, http.StatusOK))
		require.Len(t, page.Cases, 1, who)
		require.Equal(t, masked, page.Cases[0].ApplicantID, who)
	}
}

// TestIdempotencyKey checks that a retried creation answers the first
// result, 201 again, and creates nothing more.
func TestIdempotencyKey(t *testing.T) {
	e := newEnv(t)
	first := e.do(t, am, "POST", "/v1/cases", personBody, "Idempotency-Key", "k-1").must(t, http.StatusCreated)
	again := e.do(t, am, "POST", "/v1/cases", personBody, "Idempotency-Key", "k-1").must(t, http.StatusCreated)
	c := decode[duediligence.Case](t, first)
	require.Equal(t, c.ID, decode[duediligence.Case](t, again).ID)
	require.Equal(t, first.header.Get("Location"), again.header.Get("Location"))
	page := decode[duediligence.CasePage](t, e.do(t, am, "GET", "/v1/cases", nil).must(t, http.StatusOK))
	require.Len(t, page.Cases, 1)

	// Another user's key is theirs alone.
	e.do(t, am2, "POST", "/v1/cases", personBody, "Idempotency-Key", "k-1").must(t, http.StatusCreated)

	// A retry sends what the first attempt sent, its If-Match included:
	// the version it was based on, which the first attempt moved on.
	path := "/v1/cases/" + c.ID
	finding := `{"topic":"identity","method":"document_review","statement":"身份证与本人一致","result":"confirmed"}`
	f1 := decode[duediligence.Finding](t, e.do(t, am, "POST", path+"/findings", finding, "Idempotency-Key", "f-1", "If-Match", `"1"`).must(t, http.StatusCreated))
	f2 := decode[duediligence.Finding](t, e.do(t, am, "POST", path+"/findings", finding, "Idempotency-Key", "f-1", "If-Match", `"1"`).must(t, http.StatusCreated))
	require.Equal(t, f1.ID, f2.ID)
	flag := `{"description":"收入证明印章模糊"}`
	g1 := decode[duediligence.RedFlag](t, e.do(t, dm, "POST", path+"/flags", flag, "Idempotency-Key", "g-1", "If-Match", `"2"`).must(t, http.StatusCreated))
	g2 := decode[duediligence.RedFlag](t, e.do(t, dm, "POST", path+"/flags", flag, "Idempotency-Key", "g-1", "If-Match", `"2"`).must(t, http.StatusCreated))
	require.Equal(t, g1.ID, g2.ID)
	doc := `{"type":"other","status":"received","note":"营业场所照片"}`
	d1 := decode[duediligence.Document](t, e.do(t, am, "POST", path+"/documents", doc, "Idempotency-Key", "d-1", "If-Match", `"3"`).must(t, http.StatusCreated))
	d2 := decode[duediligence.Document](t, e.do(t, am, "POST", path+"/documents", doc, "Idempotency-Key", "d-1", "If-Match", `"3"`).must(t, http.StatusCreated))
	require.Equal(t, d1, d2, "a replay answers the document the first request recorded")
	got := decode[duediligence.Case](t, e.do(t, am, "GET", "/v1/cases/"+c.ID, nil).must(t, http.StatusOK))
	require.Len(t, got.Findings, 1)
	require.Len(t, got.Flags, 1)
	require.Len(t, got.Documents, 9, "the checklist's eight and one other, once")

	p := problemOf(t, e.do(t, am, "POST", "/v1/cases", personBody, "Idempotency-Key", "f-1"), http.StatusUnprocessableEntity, "idempotency_key_reused")
	require.Equal(t, []string{"Idempotency-Key"}, fieldsOf(p))
	problemOf(t, e.do(t, am, "POST", "/v1/cases", personBody, "Idempotency-Key", strings.Repeat("k", 201)), http.StatusBadRequest, "malformed")
}

// TestJSONBody checks how malformed, oversized, mistyped and invalid bodies
// are answered.
func TestJSONBody(t *testing.T) {
	e := newEnv(t, func(c *envConfig) { c.opt.MaxBodyBytes = 2048 })
	post := func(body string, hdr ...string) response {
		return e.do(t, am, "POST", "/v1/cases", body, hdr...)
	}

	t.Run("malformed", func(t *testing.T) {
		p := problemOf(t, post(`{"applicant": {"kind": "person",]}`), http.StatusBadRequest, "malformed")
		require.Contains(t, p.Detail, "偏移 33", "in Chinese by default")
		p = problemOf(t, post(`{"applicant": {"kind": "person",]}`, "Accept-Language", "en"), http.StatusBadRequest, "malformed")
		require.Contains(t, p.Detail, "offset 33")
		problemOf(t, post(`{"applicant": `), http.StatusBadRequest, "malformed")
		problemOf(t, post(``), http.StatusBadRequest, "malformed")
		p = problemOf(t, post(personBody+` {}`), http.StatusBadRequest, "malformed")
		require.Contains(t, p.Detail, "只能包含一个 JSON 值")
	})
	t.Run("unknown field", func(t *testing.T) {
		body := strings.Replace(personBody, `"phone"`, `"nickname":"小张","phone"`, 1)
		p := problemOf(t, post(body), http.StatusBadRequest, "malformed")
		require.Equal(t, []string{"applicant.nickname"}, fieldsOf(p))
	})
	t.Run("too large", func(t *testing.T) {
		body := strings.Replace(personBody, `"采购原材料"`, `"`+strings.Repeat("采购", 400)+`"`, 1)
		problemOf(t, post(body), http.StatusRequestEntityTooLarge, "too_large")
		// The same body without a Content-Length meets the limit while it is read.
		problemOf(t, e.do(t, am, "POST", "/v1/cases", struct{ *strings.Reader }{strings.NewReader(body)}), http.StatusRequestEntityTooLarge, "too_large")
	})
	t.Run("media type", func(t *testing.T) {
		problemOf(t, post(personBody, "Content-Type", "text/plain"), http.StatusUnsupportedMediaType, "unsupported_media_type")
		problemOf(t, post(personBody, "Content-Type", ""), http.StatusUnsupportedMediaType, "unsupported_media_type")
		post(personBody, "Content-Type", "application/json; charset=utf-8").must(t, http.StatusCreated)
	})
	t.Run("wrong types", func(t *testing.T) {
		body := strings.Replace(personBody, `"term_months":36`, `"term_months":"36"`, 1)
		body = strings.Replace(body, `"amount":"500000.00"`, `"amount":500000`, 1)
		body = strings.Replace(body, `"repayment_method":"equal_installment"`, `"repayment_method":"balloon"`, 1)
		body = strings.Replace(body, `"phone":"13800138000"`, `"phone":13800138000`, 1)
		p := problemOf(t, post(body), http.StatusUnprocessableEntity, "invalid")
		require.ElementsMatch(t, []string{"request.term_months", "request.amount", "request.repayment_method", "applicant.phone"}, fieldsOf(p),
			"every mistyped field at once: %+v", p.Errors)
		for _, f := range p.Errors {
			if f.Field == "request.term_months" {
				require.Equal(t, "必须是整数", f.Message, "in Chinese by default")
			}
		}
		p = problemOf(t, post(`[]`), http.StatusUnprocessableEntity, "invalid")
		require.Equal(t, []string{""}, fieldsOf(p))
	})
	t.Run("invalid", func(t *testing.T) {
		body := strings.Replace(personBody, "11010519491231002X", "110105194912310021", 1)
		body = strings.Replace(body, `"purpose":"采购原材料",`, ``, 1)
		p := problemOf(t, post(body), http.StatusUnprocessableEntity, "invalid")
		require.ElementsMatch(t, []string{"applicant.id_number", "request.purpose"}, fieldsOf(p), "%+v", p.Errors)
	})
}
