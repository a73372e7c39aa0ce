package httpapi

import (
	"net/http"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// decide answers POST /v1/cases/{id}/decisions with {"decision": "approve"
// | "reject" | "return", "comment": "...", "conditions": [...]}: the
// caller's decision on the next step of the approval chain. 200 with the
// case. A refusal by separation of duties (审贷分离) is a 403 whose detail
// says which rule refused, "process.separation_of_duties: …".
func (s *server) decide(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var in duediligence.DecisionInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.Decide(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	return writeCase(w, http.StatusOK, c)
}
