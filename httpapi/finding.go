package httpapi

import (
	"net/http"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// addFinding answers POST /v1/cases/{id}/findings: 201 with the finding and
// the case's new ETag. A retry with the same Idempotency-Key answers the
// finding the first request recorded.
func (s *server) addFinding(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var in duediligence.FindingInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	in.IdempotencyKey = key
	c, f, err := s.svc.AddFinding(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(c.Version))
	return writeJSON(w, http.StatusCreated, f)
}
