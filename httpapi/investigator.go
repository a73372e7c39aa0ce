package httpapi

import (
	"net/http"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// addCoInvestigator answers POST /v1/cases/{id}/co-investigators with
// {"user_id": "..."}: another account manager investigates the case with
// its owner (双人调查). 200 with the case.
func (s *server) addCoInvestigator(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var in duediligence.CoInvestigatorInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.AddCoInvestigator(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	return writeCase(w, http.StatusOK, c)
}
