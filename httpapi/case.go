package httpapi

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// createCase answers POST /v1/cases: 201 with the case, its Location and
// ETag. A retry with the same Idempotency-Key answers the same case, 201
// again, so a client that lost the first answer can simply retry.
func (s *server) createCase(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var in duediligence.NewCase
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	in.IdempotencyKey = key
	c, err := s.svc.CreateCase(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/cases/"+url.PathEscape(c.ID))
	return writeCase(w, http.StatusCreated, c)
}

// listCases answers GET /v1/cases?stage=&owner=&q=&limit=&cursor=, newest
// first, with next_cursor when there is another page.
func (s *server) listCases(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := duediligence.CaseFilter{
		Stage: duediligence.Stage(q.Get("stage")),
		Owner: q.Get("owner"),
		Query: q.Get("q"),
		After: q.Get("cursor"),
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return invalidField("limit", "must be an integer between 1 and 200")
		}
		if n < 1 {
			// The service reads 0 as "the default"; a client that asks for 0 made a mistake.
			return invalidField("limit", "must be between 1 and 200")
		}
		f.Limit = n
	}
	page, err := s.svc.FindCases(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

// getCase answers GET /v1/cases/{id}: the whole case file as the caller may
// see it, with its ETag.
func (s *server) getCase(w http.ResponseWriter, r *http.Request) error {
	if epoch, cached := r.Context().Value(cachedEpochKey{}).(int64); cached {
		// A caller from the token cache: the service answers the case's
		// JSON, from its own cache when the stored case is unchanged.
		b, version, confirmed, err := s.svc.CaseJSONAtEpoch(r.Context(), actorOf(r), r.PathValue("id"), epoch)
		if err != nil {
			return err
		}
		if confirmed {
			w.Header().Set("ETag", caseETag(version))
			writeEncodedJSON(w, http.StatusOK, b)
			return nil
		}
		// The epoch moved on: the caller is authenticated again, as
		// readCase does, without a second try of the epoch.
		actor, err := s.authenticate(r)
		if err != nil {
			return err
		}
		c, err := s.svc.FindCaseByID(r.Context(), actor, r.PathValue("id"))
		if err != nil {
			return err
		}
		return writeCase(w, http.StatusOK, c)
	}
	c, err := s.readCase(r)
	if err != nil {
		return err
	}
	return writeCase(w, http.StatusOK, c)
}

// updateCase answers PATCH /v1/cases/{id} with a CaseUpdate: the applicant,
// co-borrowers or request, each replaced whole when given.
func (s *server) updateCase(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	var upd duediligence.CaseUpdate
	if err := s.decodeJSON(w, r, &upd); err != nil {
		return err
	}
	c, err := s.svc.UpdateCase(r.Context(), actorOf(r), r.PathValue("id"), expected, upd)
	if err != nil {
		return err
	}
	return writeCase(w, http.StatusOK, c)
}
