package httpapi

import "net/http"

// getClient answers GET /v1/clients/{key}: the client file (客户档案) of a
// resident ID number or unified social credit code — every role it has
// played in the cases the caller may read, and the loans it owes.
func (s *server) getClient(w http.ResponseWriter, r *http.Request) error {
	cl, err := s.svc.FindClient(r.Context(), actorOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cl)
}
