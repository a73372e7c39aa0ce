package httpapi

import (
	"net/http"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// The investors and the funders of loans (issue 15): registered investors,
// the funding record of a case (own funds, co-lenders, the investors chosen
// for the project, the teasers shown, interests and commitments), and the
// notices to a loan's investors. None of it is the case file: the writes
// take no If-Match and leave the case's version as it was; commitments are
// postings, idempotent by their key and serialised on the loan's funding.

// registerInvestor answers POST /v1/investors: 201 with the investor.
func (s *server) registerInvestor(w http.ResponseWriter, r *http.Request) error {
	var in duediligence.InvestorInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	inv, err := s.svc.RegisterInvestor(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/investors/"+inv.ID)
	return writeJSON(w, http.StatusCreated, inv)
}

// assessInvestor answers POST /v1/investors/{investor_id}/assessments: a
// re-assessment of the investor's suitability, which becomes its current
// one; the earlier ones are kept.
func (s *server) assessInvestor(w http.ResponseWriter, r *http.Request) error {
	var in duediligence.AssessmentInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	id := r.PathValue("investor_id")
	inv, err := s.svc.AssessInvestor(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/investors/"+inv.ID)
	return writeJSON(w, http.StatusCreated, inv)
}

// investorsBody is the JSON form of GET /v1/investors.
type investorsBody struct {
	Investors []duediligence.Investor `json:"investors"`
}

// listInvestors answers GET /v1/investors.
func (s *server) listInvestors(w http.ResponseWriter, r *http.Request) error {
	out, err := s.svc.Investors(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, investorsBody{out})
}

// getInvestor answers GET /v1/investors/{investor_id}.
func (s *server) getInvestor(w http.ResponseWriter, r *http.Request) error {
	inv, err := s.svc.Investor(r.Context(), actorOf(r), r.PathValue("investor_id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, inv)
}

// getFunding answers GET /v1/cases/{id}/funding.
func (s *server) getFunding(w http.ResponseWriter, r *http.Request) error {
	v, err := s.svc.FundingOf(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// setFunders answers PUT /v1/cases/{id}/funding: the lender's own funds
// and the co-lenders, replacing what was recorded.
func (s *server) setFunders(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(expected))
	var in duediligence.FundersInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	v, err := s.svc.SetFunders(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// chooseInvestor answers POST /v1/cases/{id}/funding/selections.
func (s *server) chooseInvestor(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(expected))
	var in duediligence.SelectionInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	v, err := s.svc.ChooseInvestor(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, v)
}

// recordInterest answers POST /v1/cases/{id}/funding/interests.
func (s *server) recordInterest(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(expected))
	var in duediligence.InterestInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	v, err := s.svc.RecordInterest(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, v)
}

// showTeaser answers POST /v1/cases/{id}/teasers: the showing is recorded
// and the teaser answered by Accept — JSON (the teaser, both renderings
// and the showing), Markdown or a printable HTML page — in the language
// the body names or, failing that, the request's (Chinese by default).
func (s *server) showTeaser(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(expected))
	w.Header().Add("Vary", "Accept-Language") // the language, when the body names none
	media, err := negotiate(w, r, mediaJSON, mediaMarkdown, mediaHTML)
	if err != nil {
		return err
	}
	var in duediligence.TeaserInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Language == "" {
		lang, err := s.language(r)
		if err != nil {
			return err
		}
		in.Language = lang
	}
	doc, err := s.svc.ShowTeaser(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	var body string
	switch media {
	case mediaJSON:
		return writeJSON(w, http.StatusCreated, doc)
	case mediaMarkdown:
		body = doc.Markdown
	default:
		body = doc.HTML
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	}
	h := w.Header()
	h.Set("Content-Type", media+"; charset=utf-8")
	h.Set("Content-Language", in.Language)
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusCreated)
	_, err = w.Write([]byte(body))
	return err
}

// commit answers POST /v1/cases/{id}/commitments: 201 with the commitment;
// a retry with the same Idempotency-Key answers the first.
func (s *server) commit(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var in duediligence.CommitmentInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	in.IdempotencyKey = key
	cm, err := s.svc.Commit(r.Context(), actorOf(r), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, cm)
}

// withdrawCommitment answers POST /v1/cases/{id}/commitments/{commitment_id}/withdrawal.
func (s *server) withdrawCommitment(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(expected))
	var in duediligence.WithdrawalInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	cm, err := s.svc.WithdrawCommitment(r.Context(), actorOf(r), r.PathValue("id"), expected, r.PathValue("commitment_id"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cm)
}

// noticesBody is the JSON form of GET /v1/cases/{id}/investor-notices.
type noticesBody struct {
	Notices []duediligence.InvestorNotice `json:"notices"`
}

// listInvestorNotices answers GET /v1/cases/{id}/investor-notices: the
// notices drafted for each investor of the loan, in the request's language.
func (s *server) listInvestorNotices(w http.ResponseWriter, r *http.Request) error {
	w.Header().Add("Vary", "Accept-Language")
	lang, err := s.language(r)
	if err != nil {
		return err
	}
	out, err := s.svc.InvestorNotices(r.Context(), actorOf(r), r.PathValue("id"), lang)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Language", lang)
	return writeJSON(w, http.StatusOK, noticesBody{out})
}

// recordNoticeDelivery answers POST /v1/cases/{id}/investor-notices/{notice_id}/delivery.
func (s *server) recordNoticeDelivery(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(expected))
	var in duediligence.NoticeDeliveryInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	d, err := s.svc.RecordNoticeDelivery(r.Context(), actorOf(r), r.PathValue("id"), expected, r.PathValue("notice_id"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, d)
}
