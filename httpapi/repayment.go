package httpapi

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/duediligence/render"
	"github.com/jinzhi-dev/jinzhi/money"
)

// repaymentList is the JSON form of GET /v1/cases/{id}/repayments.
type repaymentList struct {
	Repayments []duediligence.Repayment `json:"repayments"`
}

// recordRepayment answers POST /v1/cases/{id}/repayments (finance): 201
// with the repayment and its allocation; the same reference with the same
// body answers the first repayment, with another 422.
func (s *server) recordRepayment(w http.ResponseWriter, r *http.Request) error {
	var in duediligence.RepaymentInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	caseID := r.PathValue("id")
	rep, err := s.svc.RecordRepayment(r.Context(), actorOf(r), caseID, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/cases/"+url.PathEscape(caseID)+"/loan")
	return writeJSON(w, http.StatusCreated, rep)
}

// listRepayments answers GET /v1/cases/{id}/repayments: every repayment,
// reversed ones too, with its allocation as the loan stands today.
func (s *server) listRepayments(w http.ResponseWriter, r *http.Request) error {
	reps, err := s.svc.Repayments(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, repaymentList{Repayments: reps})
}

// reverseRepayment answers POST /v1/cases/{id}/repayments/{rid}/reversal
// (finance, with a reason).
func (s *server) reverseRepayment(w http.ResponseWriter, r *http.Request) error {
	var in duediligence.ReversalInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	rep, err := s.svc.ReverseRepayment(r.Context(), actorOf(r), r.PathValue("id"), r.PathValue("rid"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

// asOf reads ?as_of=YYYY-MM-DD; none is today.
func asOf(r *http.Request) (money.Date, error) {
	v := r.URL.Query().Get("as_of")
	if v == "" {
		return money.Date{}, nil
	}
	d, err := money.ParseDate(v)
	if err != nil || !d.IsValid() {
		return money.Date{}, invalidField("as_of", "must be a day such as 2026-12-31")
	}
	return d, nil
}

// loanStatus answers GET /v1/cases/{id}/loan?as_of=: the loan as of a day.
func (s *server) loanStatus(w http.ResponseWriter, r *http.Request) error {
	d, err := asOf(r)
	if err != nil {
		return err
	}
	st, err := s.svc.LoanAsOf(r.Context(), actorOf(r), r.PathValue("id"), d)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

// classifyLoan answers POST /v1/cases/{id}/loan/classification (risk
// officer): a downgrade with a reason, never above the floor.
func (s *server) classifyLoan(w http.ResponseWriter, r *http.Request) error {
	var in duediligence.ClassificationInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	st, err := s.svc.Classify(r.Context(), actorOf(r), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

// collectionNotice answers GET /v1/cases/{id}/collection-notice?as_of=:
// the collection notice (催收通知书) drafted from the loan as of the day,
// as a printable HTML page.
func (s *server) collectionNotice(w http.ResponseWriter, r *http.Request) error {
	media, err := negotiate(w, r, mediaHTML)
	if err != nil {
		return err
	}
	d, err := asOf(r)
	if err != nil {
		return err
	}
	c, err := s.svc.FindCaseByID(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	st, err := s.svc.LoanAsOf(r.Context(), actorOf(r), c.ID, d)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := render.CollectionNoticeHTML(&buf, c, st, s.svc.Policy().LenderName, s.svc.Policy().LenderContact); err != nil {
		return fmt.Errorf("rendering the collection notice: %w", err)
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	return writePage(w, media, "zh", c.Version, &buf)
}
