package httpapi

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/duediligence/render"
)

// draftContracts answers POST /v1/cases/{id}/contracts with
// {"contract_date": "2026-12-05"} (optional): the contract set drafted from
// the approved terms, and an approved case moved to contracting. 201 with
// the contract phase and the case's new ETag; 409 listing every blocking
// contract check.
func (s *server) draftContracts(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var in duediligence.ContractsInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.DraftContracts(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(c.Version))
	return writeJSON(w, http.StatusCreated, c.Contracting)
}

// contractsOf reads the case and its contract phase, or a 404 before drafting.
func (s *server) contractsOf(r *http.Request) (*duediligence.Case, error) {
	c, err := s.svc.FindCaseByID(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if c.Contracting == nil {
		return nil, duediligence.Errorf(duediligence.CodeNotFound, "", "case %s has no contracts yet: draft them with POST /v1/cases/%s/contracts", c.ID, c.ID)
	}
	return c, nil
}

// listContracts answers GET /v1/cases/{id}/contracts: the contract phase —
// contract date, each contract with who has still to sign it, the
// signatures, fees and approval conditions met.
func (s *server) listContracts(w http.ResponseWriter, r *http.Request) error {
	c, err := s.contractsOf(r)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(c.Version))
	return writeJSON(w, http.StatusOK, c.Contracting)
}

// getContract answers GET /v1/cases/{id}/contracts/{number} by Accept: the
// contract as JSON, or printed as Markdown or A4 HTML in the language of
// ?lang= or Accept-Language (Chinese by default).
func (s *server) getContract(w http.ResponseWriter, r *http.Request) error {
	media, lang, err := s.negotiateIn(w, r, mediaJSON, mediaMarkdown, mediaHTML)
	if err != nil {
		return err
	}
	c, err := s.contractsOf(r)
	if err != nil {
		return err
	}
	number := r.PathValue("number")
	ct, ok := c.Contract(number)
	if !ok {
		return duediligence.Errorf(duediligence.CodeNotFound, "", "case %s has no contract %s", c.ID, number)
	}
	if media == mediaJSON {
		w.Header().Set("ETag", caseETag(c.Version))
		return writeJSON(w, http.StatusOK, ct)
	}
	rd, err := s.renderer()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if media == mediaMarkdown {
		err = rd.ContractMarkdown(&buf, c, number, lang)
	} else {
		err = rd.ContractHTML(&buf, c, number, lang)
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	}
	if err != nil {
		return fmt.Errorf("rendering contract %s: %w", number, err)
	}
	return writePage(w, media, lang, c.Version, &buf)
}

// writePage answers a rendered page.
func writePage(w http.ResponseWriter, media, lang string, version int, buf *bytes.Buffer) error {
	h := w.Header()
	h.Set("Content-Type", media+"; charset=utf-8")
	h.Set("Content-Language", lang)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", caseETag(version))
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(buf.Bytes())
	return err
}

// recordSignature answers POST /v1/cases/{id}/contracts/{number}/signatures:
// a party's signature, recorded by the owner. 201 with the signature; 422
// naming the contract and the person when the signer is not its party.
func (s *server) recordSignature(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var in duediligence.SignatureInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	in.Contract = r.PathValue("number")
	c, sig, err := s.svc.RecordSignature(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(c.Version))
	return writeJSON(w, http.StatusCreated, sig)
}

// recordFee answers POST /v1/cases/{id}/fees: a fee the borrower paid, by
// the owner or finance. 201 with the fee; a retry with the same
// Idempotency-Key answers the first.
func (s *server) recordFee(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var in duediligence.FeeInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	in.IdempotencyKey = key
	c, fee, err := s.svc.RecordFee(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(c.Version))
	return writeJSON(w, http.StatusCreated, fee)
}

// meetCondition answers POST /v1/cases/{id}/conditions/{index}/fulfilment
// with {"evidence": "...", "document": "..."}: the approval condition at
// index (0-based, in the approval's order) marked met. 200 with the
// contract phase.
func (s *server) meetCondition(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	i, err := strconv.Atoi(r.PathValue("index"))
	if err != nil || i < 0 {
		return invalidField("index", "must be the condition's index, 0 for the first")
	}
	var in duediligence.ConditionInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	in.Index = i
	c, err := s.svc.MeetCondition(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(c.Version))
	return writeJSON(w, http.StatusOK, c.Contracting)
}

// disburse answers POST /v1/cases/{id}/disbursement: a disbursement posting
// (finance), idempotent by its Idempotency-Key and serialised on the loan;
// no If-Match. 201 with the loan, Location naming the tranche's loan
// receipt; 409 listing every unmet condition of the gate.
func (s *server) disburse(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var in duediligence.DisbursementInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	in.IdempotencyKey = key
	caseID := r.PathValue("id")
	l, t, err := s.svc.Disburse(r.Context(), actorOf(r), caseID, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/cases/"+url.PathEscape(caseID)+"/loan-receipts/"+strconv.Itoa(t.Seq))
	return writeJSON(w, http.StatusCreated, l)
}

// schedule answers GET /v1/cases/{id}/schedule by Accept: the loan with
// every tranche's installments as JSON, or the installments as CSV or XLSX
// (headings in the language asked for). 404 before disbursement.
func (s *server) schedule(w http.ResponseWriter, r *http.Request) error {
	media, lang, err := s.negotiateIn(w, r, mediaJSON, mediaCSV, mediaXLSX)
	if err != nil {
		return err
	}
	l, err := s.svc.Loan(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	if media == mediaJSON {
		return writeJSON(w, http.StatusOK, l)
	}
	var buf bytes.Buffer
	ext := "csv"
	if media == mediaCSV {
		err = render.WriteScheduleCSV(&buf, l, lang)
		media += "; charset=utf-8"
	} else {
		ext = "xlsx"
		err = render.WriteScheduleXLSX(&buf, l, lang)
	}
	if err != nil {
		return fmt.Errorf("writing the schedule: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", media)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "schedule-" + l.ContractNumber + "." + ext}))
	h.Set("Content-Language", lang)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}

// loanReceipt answers GET /v1/cases/{id}/loan-receipts/{seq}: the loan
// receipt (借款借据) of a tranche, as JSON or printable HTML.
func (s *server) loanReceipt(w http.ResponseWriter, r *http.Request) error {
	media, lang, err := s.negotiateIn(w, r, mediaJSON, mediaHTML)
	if err != nil {
		return err
	}
	seq, err := strconv.Atoi(r.PathValue("seq"))
	if err != nil || seq < 1 {
		return invalidField("seq", "must be the tranche's number, 1 for the first")
	}
	c, err := s.svc.FindCaseByID(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	l, err := s.svc.Loan(r.Context(), actorOf(r), c.ID)
	if err != nil {
		return err
	}
	if seq > len(l.Tranches) {
		return duediligence.Errorf(duediligence.CodeNotFound, "", "loan %s has %d tranche(s), not %d", l.ContractNumber, len(l.Tranches), seq)
	}
	if media == mediaJSON {
		return writeJSON(w, http.StatusOK, l.Tranches[seq-1])
	}
	rd, err := s.renderer()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := rd.LoanReceiptHTML(&buf, c, l, seq, lang); err != nil {
		return fmt.Errorf("rendering the loan receipt: %w", err)
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	return writePage(w, media, lang, c.Version, &buf)
}
