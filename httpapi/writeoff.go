package httpapi

import (
	"net/http"
	"net/url"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// requestWriteOff answers POST /v1/cases/{id}/write-off (the account
// manager of the case or a risk officer, If-Match): the write-off (核销) of
// a loan classified 损失, with its reasons and evidence. 201 with the case
// and its new write-off round, decided by POST …/decisions; its last
// approval moves the case to written_off.
func (s *server) requestWriteOff(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var in duediligence.WriteOffInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.svc.RequestWriteOff(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	return writeCase(w, http.StatusCreated, c)
}

// recordRecovery answers POST /v1/cases/{id}/recoveries (finance): money
// recovered on a written-off loan, 201 with the recovery; the same
// reference with the same body answers the first, with another 422.
func (s *server) recordRecovery(w http.ResponseWriter, r *http.Request) error {
	var in duediligence.RecoveryInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	caseID := r.PathValue("id")
	rec, err := s.svc.RecordRecovery(r.Context(), actorOf(r), caseID, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/cases/"+url.PathEscape(caseID)+"/loan")
	return writeJSON(w, http.StatusCreated, rec)
}
