package httpapi

import (
	"net/http"
	"strconv"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// getClient answers GET /v1/clients/{key}: the client file (客户档案) of a
// resident ID number or unified social credit code — every role it has
// played in the cases the caller may read, its loans and their
// classification, the guarantees it gives, and the visits and
// consultations of its cases.
func (s *server) getClient(w http.ResponseWriter, r *http.Request) error {
	cl, err := s.svc.FindClient(r.Context(), actorOf(r), r.PathValue("key"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cl)
}

// listClients answers GET /v1/clients?q=: a resident ID number or credit
// code finds the client it identifies; a name finds the clients of that
// name with their resident IDs masked (duediligence.Service.FindClients
// says why), a page at a time (offset, limit).
func (s *server) listClients(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := duediligence.ClientFilter{Query: q.Get("q")}
	for _, p := range []struct {
		name string
		to   *int
		min  int
	}{{"limit", &f.Limit, 1}, {"offset", &f.Offset, 0}} {
		v := q.Get(p.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < p.min {
			return invalidField(p.name, "must be an integer of at least %d", p.min)
		}
		*p.to = n
	}
	page, err := s.svc.FindClients(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

// caseHistory answers GET /v1/cases/{id}/history: what the lender knows of
// the case's borrowers and guarantors from its other cases — their prior
// cases, balances, worst classification and guarantees given — and the
// balance of the borrowers' related-party group, which the concentration
// rules check.
func (s *server) caseHistory(w http.ResponseWriter, r *http.Request) error {
	h, err := s.svc.CaseHistory(r.Context(), actorOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h)
}
