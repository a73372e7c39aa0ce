package httpapi

import (
	"net/http"
	"net/url"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// addGuarantee answers POST /v1/cases/{id}/guarantees with a guarantee: 201
// with the guarantee as the case now shows it (mutual guarantees derived),
// its Location and the case's new ETag. The id and mutual of the body are
// ignored. A retry with the same Idempotency-Key answers the guarantee the
// first request added.
func (s *server) addGuarantee(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var g duediligence.Guarantee
	if err := s.decodeJSON(w, r, &g); err != nil {
		return err
	}
	caseID := r.PathValue("id")
	c, added, err := s.svc.AddGuarantee(r.Context(), actorOf(r), caseID, expected, duediligence.GuaranteeInput{Guarantee: g, IdempotencyKey: key})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/cases/"+url.PathEscape(caseID)+"/guarantees/"+url.PathEscape(added.ID))
	w.Header().Set("ETag", caseETag(c.Version))
	return writeJSON(w, http.StatusCreated, added)
}

// updateGuarantee answers PATCH /v1/cases/{id}/guarantees/{guarantee_id}
// with a JSON merge patch (RFC 7396) of the guarantee: 200 with the
// guarantee and the case's new ETag.
func (s *server) updateGuarantee(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	patch, err := s.readMergePatch(w, r)
	if err != nil {
		return err
	}
	gid := r.PathValue("guarantee_id")
	c, err := s.patchCase(r, expected, func(c *duediligence.Case) (*duediligence.Case, error) {
		cur, err := guaranteeOf(c, gid)
		if err != nil {
			return nil, err
		}
		// As for collateral: only the owner writes, and the owner's view
		// has the guarantor's resident ID whole.
		var upd duediligence.Guarantee
		if err := applyMergePatch(cur, patch, &upd); err != nil {
			return nil, err
		}
		return s.svc.UpdateGuarantee(r.Context(), actorOf(r), c.ID, c.Version, gid, upd)
	})
	if err != nil {
		return err
	}
	g, err := guaranteeOf(c, gid)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(c.Version))
	return writeJSON(w, http.StatusOK, g)
}

// removeGuarantee answers DELETE /v1/cases/{id}/guarantees/{guarantee_id}:
// 204 with the case's new ETag.
func (s *server) removeGuarantee(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	c, err := s.svc.RemoveGuarantee(r.Context(), actorOf(r), r.PathValue("id"), expected, r.PathValue("guarantee_id"))
	if err != nil {
		return err
	}
	return writeNoContent(w, c)
}

// guaranteeOf returns the guarantee of c with id, or a 404.
func guaranteeOf(c *duediligence.Case, id string) (*duediligence.Guarantee, error) {
	for i := range c.Guarantees {
		if c.Guarantees[i].ID == id {
			return &c.Guarantees[i], nil
		}
	}
	return nil, duediligence.Errorf(duediligence.CodeNotFound, "", "no guarantee %s in this case", id)
}
