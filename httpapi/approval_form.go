package httpapi

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// getApprovalForm answers GET /v1/cases/{id}/approval-form: the approval
// form (立项审批表) of the case's latest submission as printable HTML, in
// the language of ?lang= or Accept-Language. 404 before the case is first
// submitted; 406 for an Accept that takes no HTML.
func (s *server) getApprovalForm(w http.ResponseWriter, r *http.Request) error {
	_, lang, err := s.negotiateIn(w, r, mediaHTML)
	if err != nil {
		return err
	}
	c, err := s.svc.FindCaseByID(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	if len(c.Approvals) == 0 {
		return duediligence.Errorf(duediligence.CodeNotFound, "", "case %s has no approval form yet: it is made when the case is submitted", c.ID)
	}
	rd, err := s.renderer()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := rd.ApprovalForm(&buf, c, lang); err != nil {
		return fmt.Errorf("rendering the approval form: %w", err)
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	h.Set("Content-Type", mediaHTML+"; charset=utf-8")
	h.Set("Content-Language", lang)
	h.Set("Content-Length", fmt.Sprint(buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", caseETag(c.Version))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
	return nil
}
