package httpapi

import (
	"net/http"
	"net/url"

	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// addCollateral answers POST /v1/cases/{id}/collateral with a collateral
// item's facts: 201 with the item as the case now shows it (valuation and
// exposure derived), its Location and the case's new ETag. A retry with the
// same Idempotency-Key answers the item the first request added.
func (s *server) addCollateral(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var it collateral.Item
	if err := s.decodeJSON(w, r, &it); err != nil {
		return err
	}
	caseID := r.PathValue("id")
	c, item, err := s.svc.AddCollateral(r.Context(), actorOf(r), caseID, expected, duediligence.CollateralInput{Item: it, IdempotencyKey: key})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/cases/"+url.PathEscape(caseID)+"/collateral/"+url.PathEscape(item.ID))
	w.Header().Set("ETag", caseETag(c.Version))
	return writeJSON(w, http.StatusCreated, item)
}

// updateCollateral answers PATCH /v1/cases/{id}/collateral/{item_id} with a
// JSON merge patch (RFC 7396) of the item's facts — the fields of
// collateral.Item; the registration and the derived valuation and exposure
// are not part of them. The merged facts replace the item's: 200 with the
// item and the case's new ETag.
func (s *server) updateCollateral(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	patch, err := s.readMergePatch(w, r)
	if err != nil {
		return err
	}
	itemID := r.PathValue("item_id")
	c, err := s.patchCase(r, expected, func(c *duediligence.Case) (*duediligence.Case, error) {
		cur, err := itemOf(c, itemID)
		if err != nil {
			return nil, err
		}
		// Only the owner may write collateral, and the owner sees the
		// owners' resident IDs whole, so a merge never writes back masked
		// IDs: anyone else's view is refused by UpdateCollateral.
		var upd collateral.Item
		if err := applyMergePatch(cur.Item, patch, &upd); err != nil {
			return nil, err
		}
		return s.svc.UpdateCollateral(r.Context(), actorOf(r), c.ID, c.Version, itemID, upd)
	})
	if err != nil {
		return err
	}
	return writeItem(w, http.StatusOK, c, itemID)
}

// removeCollateral answers DELETE /v1/cases/{id}/collateral/{item_id}: 204
// with the case's new ETag.
func (s *server) removeCollateral(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	c, err := s.svc.RemoveCollateral(r.Context(), actorOf(r), r.PathValue("id"), expected, r.PathValue("item_id"))
	if err != nil {
		return err
	}
	return writeNoContent(w, c)
}

// addAppraisal answers POST /v1/cases/{id}/collateral/{item_id}/appraisals
// with an appraisal: 201 with the item, its valuation recomputed.
func (s *server) addAppraisal(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var a collateral.Appraisal
	if err := s.decodeJSON(w, r, &a); err != nil {
		return err
	}
	itemID := r.PathValue("item_id")
	c, err := s.svc.AddAppraisal(r.Context(), actorOf(r), r.PathValue("id"), expected, itemID, a)
	if err != nil {
		return err
	}
	return writeItem(w, http.StatusCreated, c, itemID)
}

// recordRegistration answers POST /v1/cases/{id}/registrations with
// {"item_id": "...", "registration": {...}}: the mortgage registration
// certificate (他项权证) of an item, recorded by the owner or finance. 201
// with the item.
func (s *server) recordRegistration(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var in duediligence.RegistrationInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.RecordRegistration(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	return writeItem(w, http.StatusCreated, c, in.ItemID)
}

// recordPerfection answers POST /v1/cases/{id}/perfections with
// {"item_id": "...", "act": "delivery"|"registration", "on": "...",
// "registry": "...", "reference": "...", "document": "..."}: the act that
// perfects a pledge (or a movable's mortgage), recorded by the owner or
// finance. 201 with the item.
func (s *server) recordPerfection(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var in duediligence.PerfectionInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.RecordPerfection(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	return writeItem(w, http.StatusCreated, c, in.ItemID)
}

// itemOf returns the collateral item of c with id, or a 404.
func itemOf(c *duediligence.Case, id string) (*duediligence.CollateralItem, error) {
	for i := range c.Collateral {
		if c.Collateral[i].ID == id {
			return &c.Collateral[i], nil
		}
	}
	return nil, duediligence.Errorf(duediligence.CodeNotFound, "", "no collateral item %s in this case", id)
}

// writeItem answers the collateral item id of c with the case's ETag.
func writeItem(w http.ResponseWriter, status int, c *duediligence.Case, id string) error {
	it, err := itemOf(c, id)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(c.Version))
	return writeJSON(w, status, it)
}

// writeNoContent answers 204 with the case's new ETag, for a removal.
func writeNoContent(w http.ResponseWriter, c *duediligence.Case) error {
	w.Header().Set("ETag", caseETag(c.Version))
	w.WriteHeader(http.StatusNoContent)
	return nil
}
