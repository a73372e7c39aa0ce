package httpapi

import (
	"net/http"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// eventList is the body of GET /v1/cases/{id}/events.
type eventList struct {
	Events []duediligence.Event `json:"events"`
}

// events answers GET /v1/cases/{id}/events: the case's audit trail in
// order, each event with the hash that chains it to the one before.
func (s *server) events(w http.ResponseWriter, r *http.Request) error {
	evs, err := s.svc.Events(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, eventList{Events: evs})
}
