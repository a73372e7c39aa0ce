package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// TestPostLoanDocuments: on a disbursed loan secured by a machine a third
// party (赵六) pledged, his written consent to the extension is recorded
// and uploaded on the day it is asked for, and the extension round takes it
// as his consent; the checklist submitted for approval stays as it was —
// no status, no file, no document of its types — each refused naming the
// field or the document, the case's version unchanged.
func TestPostLoanDocuments(t *testing.T) {
	backends(t, func(t *testing.T, e *env) {
		w := disbursedThirdPartyLoan(t, e)
		c := w.get(t, am)
		machine, idCard := c.Collateral[1].ID, docID(t, c, "id_card")
		tag, checklist := e.etag(t, w.id), c.Documents

		// The approved checklist.
		p := problemOf(t, e.write(t, am, "POST", w.id, "/documents", `{"id":"`+idCard+`","status":"rejected"}`), http.StatusUnprocessableEntity, "invalid")
		assert.Equal(t, []string{"id"}, fieldsOf(p))
		assert.Contains(t, p.Errors[0].Message, "审批后不得更改", "in Chinese by default")
		p = problemOf(t, e.write(t, am, "PUT", w.id, "/documents/"+idCard+"/content", "another scan", "Content-Type", "image/png"), http.StatusConflict, "conflict")
		assert.Contains(t, p.Detail, "借款人身份证")
		p = problemOf(t, e.write(t, am, "POST", w.id, "/documents", `{"type":"credit_report","status":"received"}`), http.StatusUnprocessableEntity, "invalid")
		assert.Equal(t, []string{"type"}, fieldsOf(p))
		assert.Contains(t, p.Errors[0].Message, "extension_consent")
		assert.Equal(t, tag, e.etag(t, w.id), "nothing changed")
		assert.Equal(t, checklist, w.get(t, am).Documents)

		// The consent, added and uploaded after disbursement.
		consent := decode[duediligence.Document](t, e.write(t, am, "POST", w.id, "/documents", `{"type":"extension_consent","note":"赵六同意展期"}`).
			must(t, http.StatusCreated))
		assert.Equal(t, duediligence.DocumentMissing, consent.Status)
		e.write(t, am, "PUT", w.id, "/documents/"+consent.ID+"/content?name=consent.pdf", "%PDF consent", "Content-Type", "application/pdf").
			must(t, http.StatusCreated)
		c = w.get(t, am)
		d := c.Documents[len(c.Documents)-1]
		assert.Equal(t, consent.ID, d.ID)
		assert.Equal(t, duediligence.DocumentReceived, d.Status)
		require.Len(t, d.Files, 1)
		assert.Equal(t, "consent.pdf", d.Files[0].Name)

		c = decode[duediligence.Case](t, e.write(t, am, "POST", w.id, "/extensions",
			`{"months":6,"reason":"经营周转困难","consents":[{"collateral_id":"`+machine+`","document_id":"`+consent.ID+`"}]}`).must(t, http.StatusCreated))
		c = decode[duediligence.Case](t, e.write(t, dm, "POST", w.id, "/decisions", `{"decision":"approve","comment":"同意展期"}`).must(t, http.StatusOK))
		a := c.Approvals[len(c.Approvals)-1]
		assert.Equal(t, duediligence.DecisionApprove, a.Outcome)
		require.Len(t, a.Extension.Consents, 1)
		assert.Equal(t, consent.ID, a.Extension.Consents[0].DocumentID)

		// The audit trail has the same events as the checklist's.
		evs := decode[struct {
			Events []duediligence.Event `json:"events"`
		}](t, e.do(t, auditor, "GET", w.base+"/events", nil).must(t, http.StatusOK))
		var actions []string
		for _, ev := range evs.Events {
			if strings.Contains(string(ev.Data), consent.ID) {
				actions = append(actions, ev.Action)
			}
		}
		assert.Subset(t, actions, []string{"document.recorded", "document.uploaded", "loan.extension_requested"})
	}, withLender)
}

// TestPostLoanDocuments_writeOff: a write-off's evidence is added when
// the write-off is asked for, a recovery's once the case is written off.
func TestPostLoanDocuments_writeOff(t *testing.T) {
	clockedBackends(t, func(t *testing.T, e *env, at func(money.Date)) {
		w, first := disbursedLoan(t, e)
		at(first.Installments[0].DueDate.AddDays(400))
		ev := decode[duediligence.Document](t, e.write(t, risk, "POST", w.id, "/documents", `{"type":"write_off_evidence","status":"received","note":"终结本次执行裁定书"}`).
			must(t, http.StatusCreated))
		e.write(t, risk, "PUT", w.id, "/documents/"+ev.ID+"/content?name=ruling.pdf", "%PDF ruling", "Content-Type", "application/pdf").must(t, http.StatusCreated)
		e.write(t, am, "POST", w.id, "/write-off", `{"reason":"借款人下落不明，经强制执行无可供执行财产","evidence":["`+ev.ID+`"]}`).must(t, http.StatusCreated)
		c := decode[duediligence.Case](t, e.write(t, dm, "POST", w.id, "/decisions", `{"decision":"approve","comment":"同意核销"}`).must(t, http.StatusOK))
		require.Equal(t, duediligence.StageWrittenOff, c.Stage)
		assert.Equal(t, []string{ev.ID}, c.Approvals[len(c.Approvals)-1].WriteOff.Evidence)

		rec := decode[duediligence.Document](t, e.write(t, finance, "POST", w.id, "/documents", `{"type":"recovery_evidence"}`).must(t, http.StatusCreated))
		e.write(t, finance, "PUT", w.id, "/documents/"+rec.ID+"/content", "receipt", "Content-Type", "image/png").must(t, http.StatusCreated)
		e.write(t, auditor, "POST", w.id, "/documents", `{"type":"recovery_evidence"}`).must(t, http.StatusForbidden)
		p := problemOf(t, e.write(t, finance, "POST", w.id, "/documents", `{"type":"bank_statements"}`), http.StatusUnprocessableEntity, "invalid")
		assert.Equal(t, []string{"type"}, fieldsOf(p))
	}, func(c *envConfig) {
		c.policy = func(p *duediligence.Policy) { p.LenderName, p.TokenLifetimeDays = lenderName, 3650 }
	})
}

// TestPostLoanDocuments_closed: once a loan is repaid in full and the
// case closed, its settlement certificate is filed.
func TestPostLoanDocuments_closed(t *testing.T) {
	backends(t, func(t *testing.T, e *env) {
		w2, _ := disbursedLoan(t, e)
		st := decode[duediligence.LoanStatus](t, e.do(t, am, "GET", w2.base+"/loan", nil).must(t, http.StatusOK))
		full := fmt.Sprintf(`{"amount":"%s","payer":"王五","reference":"ICBC-9001","channel":"bank_transfer","kind":"early_full"}`, st.Payoff)
		e.do(t, finance, "POST", w2.base+"/repayments", full, "Idempotency-Key", "full-1").must(t, http.StatusCreated)
		require.Equal(t, duediligence.StageClosed, w2.get(t, am).Stage)
		cert := decode[duediligence.Document](t, e.write(t, finance, "POST", w2.id, "/documents", `{"type":"settlement_certificate","status":"verified"}`).
			must(t, http.StatusCreated))
		assert.Equal(t, "贷款结清证明", cert.Label)
		e.write(t, am, "PUT", w2.id, "/documents/"+cert.ID+"/content", "certificate", "Content-Type", "image/png").must(t, http.StatusCreated)
	}, withLender)
}
