package httpapi

import (
	"net/http"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// requestExtension answers POST /v1/cases/{id}/extensions (the account
// manager, If-Match): an extension (展期) of the disbursed loan asked for
// before maturity. 201 with the case and its new extension round; an
// extension beyond 贷款通则 art. 12's limit is a 409 gate refusal citing it.
// The round is decided by POST …/decisions, as a credit round is.
func (s *server) requestExtension(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var in duediligence.ExtensionInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.RequestExtension(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	return writeCase(w, http.StatusCreated, c)
}

// recordExtensionConsent answers POST /v1/cases/{id}/extensions/consents
// (the account manager, If-Match): the written consent to the extension
// under way of a guarantor (guarantee_id) or of a collateral item's
// third-party owners (collateral_id), a document of the case. 200 with the
// case.
func (s *server) recordExtensionConsent(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var in duediligence.ConsentInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.RecordExtensionConsent(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	return writeCase(w, http.StatusOK, c)
}
