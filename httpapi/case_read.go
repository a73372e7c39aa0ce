package httpapi

import (
	"net/http"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// The read of a case by ID authenticates its caller from the token cache
// and confirms the authentication epoch in the statement that reads the
// case (duediligence.Service.FindCaseByIDAtEpoch): one statement per read,
// authentication included. Where the epoch moved on, the caller is
// authenticated again, as on every other route, and the case read again.

// cachedEpochKey is the context key of the epoch a cached caller is of.
type cachedEpochKey struct{}

// cachedActor returns the caller of a cachedAuth route from the token cache.
func (s *server) cachedActor(rt route, r *http.Request) (duediligence.Actor, int64, bool) {
	if !rt.cachedAuth {
		return duediligence.Actor{}, 0, false
	}
	token, ok := bearerToken(r)
	if !ok {
		return duediligence.Actor{}, 0, false
	}
	actor, epoch, ok := s.svc.CachedActor(token)
	if !ok {
		return duediligence.Actor{}, 0, false
	}
	li := logInfoOf(r.Context())
	li.actorID, li.actorRole = actor.ID, actor.Role
	return actor, epoch, true
}

// readCase reads the case of the request's path for its caller, confirming
// a cached caller in the read.
func (s *server) readCase(r *http.Request) (*duediligence.Case, error) {
	id := r.PathValue("id")
	epoch, cached := r.Context().Value(cachedEpochKey{}).(int64)
	if !cached {
		return s.svc.FindCaseByID(r.Context(), actorOf(r), id)
	}
	c, confirmed, err := s.svc.FindCaseByIDAtEpoch(r.Context(), actorOf(r), id, epoch)
	if confirmed || err != nil {
		return c, err
	}
	actor, err := s.authenticate(r)
	if err != nil {
		return nil, err
	}
	return s.svc.FindCaseByID(r.Context(), actor, id)
}
