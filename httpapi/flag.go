package httpapi

import (
	"net/http"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// raiseFlag answers POST /v1/cases/{id}/flags: 201 with the red flag and the
// case's new ETag. A retry with the same Idempotency-Key answers the flag
// the first request raised.
func (s *server) raiseFlag(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var in duediligence.FlagInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	in.IdempotencyKey = key
	c, f, err := s.svc.RaiseFlag(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(c.Version))
	return writeJSON(w, http.StatusCreated, f)
}

// resolveFlag answers POST /v1/cases/{id}/flags/{flag_id}/resolution with
// {"decision": "dismissed" | "confirmed", "comment": "..."}: 200 with the
// case, which a confirmed flag has rejected.
func (s *server) resolveFlag(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var in duediligence.ResolutionInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.ResolveFlag(r.Context(), actorOf(r), r.PathValue("id"), expected, r.PathValue("flag_id"), in)
	if err != nil {
		return err
	}
	return writeCase(w, http.StatusOK, c)
}
