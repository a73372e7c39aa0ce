package httpapi

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// The representations of a case's report.
const (
	mediaJSON     = "application/json"
	mediaMarkdown = "text/markdown"
	mediaHTML     = "text/html"
)

// generateReport answers POST /v1/cases/{id}/report: it (re)generates the
// draft's figures from the case, keeping the narrative, and answers 200
// with the report and the case's new ETag. 200 rather than 201: the report
// is the case's one report at one URL, and generating it again is the same
// request with fresh figures, so a client need not tell the first apart.
func (s *server) generateReport(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	c, err := s.svc.GenerateReport(r.Context(), actorOf(r), r.PathValue("id"), expected)
	if err != nil {
		return err
	}
	return writeReport(w, c)
}

// editReport answers PATCH /v1/cases/{id}/report with a ReportEdit: the
// narrative parts given replace the draft's. 200 with the report; earlier
// attestations are cleared.
func (s *server) editReport(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var in duediligence.ReportEdit
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.EditReport(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	return writeReport(w, c)
}

// attestReport answers POST /v1/cases/{id}/report/attestation with
// {"statement": "..."}: the caller attests the current draft. 200 with the
// report.
func (s *server) attestReport(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var in duediligence.AttestationInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.AttestReport(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	return writeReport(w, c)
}

// getReport answers GET /v1/cases/{id}/report by Accept: the Report as
// JSON (the default), or rendered as Markdown or printable HTML in the
// language of ?lang= or Accept-Language. 404 before the report is
// generated; 406 for any other Accept. ETag is the case's version, the one
// a PATCH of the report names.
func (s *server) getReport(w http.ResponseWriter, r *http.Request) error {
	media, lang, err := s.negotiateIn(w, r, mediaJSON, mediaMarkdown, mediaHTML)
	if err != nil {
		return err
	}
	c, err := s.svc.FindCaseByID(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	if c.Report == nil {
		return duediligence.Errorf(duediligence.CodeNotFound, "", "case %s has no report yet: generate it with POST /v1/cases/%s/report", c.ID, c.ID)
	}
	if media == mediaJSON {
		return writeReport(w, c)
	}
	rd, err := s.renderer()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if media == mediaMarkdown {
		err = rd.Markdown(&buf, c, lang)
	} else {
		err = rd.HTML(&buf, c, lang)
		// The page is the case's text, escaped; it runs no script and
		// loads nothing, which the policy makes sure of.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	}
	if err != nil {
		return fmt.Errorf("rendering the report: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", media+"; charset=utf-8")
	h.Set("Content-Language", lang)
	h.Set("Content-Length", fmt.Sprint(buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", caseETag(c.Version))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
	return nil
}

// writeReport answers the case's report as JSON with the case's ETag.
func writeReport(w http.ResponseWriter, c *duediligence.Case) error {
	if c.Report == nil { // the service answers a report for every call that gets here
		return fmt.Errorf("case %s has no report after a report write", c.ID)
	}
	w.Header().Set("ETag", caseETag(c.Version))
	return writeJSON(w, http.StatusOK, c.Report)
}
