package httpapi

import (
	"net/http"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// checks answers GET /v1/cases/{id}/checks: the gates of the case's next
// move, run now — every blocking, warning and informative result, each
// warning with its acknowledgement if any, and whether the move is ready.
// Each result's message and citation are in the language of ?lang= or
// Accept-Language (Chinese by default); its key and params stay as they
// are, for a client that words it itself.
func (s *server) checks(w http.ResponseWriter, r *http.Request) error {
	lang, err := s.language(r)
	if err != nil {
		return err
	}
	ch, err := s.svc.Checks(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	l, msgs := check.Lang(lang), s.svc.Catalogue().Messages()
	for i := range ch.Results {
		u := &ch.Results[i].Unmet
		u.Message, u.Citation = msgs.RenderResult(*u, l), duediligence.CitationIn(*u, l)
	}
	w.Header().Add("Vary", "Accept-Language")
	w.Header().Set("Content-Language", lang)
	return writeJSON(w, http.StatusOK, ch)
}

// acknowledge answers POST /v1/cases/{id}/checks/{rule_id}/acknowledgement
// with {"path": "...", "justification": "..."}: the owner's justification
// of a current warning of the rule. 200 with the case; 404 when the rule
// gives no current warning (a block cannot be acknowledged).
func (s *server) acknowledge(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var in duediligence.AcknowledgementInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	in.Rule = r.PathValue("rule_id")
	c, err := s.svc.Acknowledge(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	return writeCase(w, http.StatusOK, c)
}
