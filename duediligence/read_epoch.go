package duediligence

import (
	"context"
	"strings"

	"github.com/jinzhi-dev/jinzhi/check"
)

// The read of a case by ID, the API's most frequent request, is answered in
// one statement, authentication included: the caller is taken from the
// token cache as of the authentication epoch the cache holds, and the
// statement that reads the case reads the epoch too. If it has moved on
// (a revocation or rotation committed on any replica, before the read's
// snapshot), the read is thrown away and the caller authenticated again, as
// Authenticate does; so a revoked token is refused exactly as at once as
// there. A store that cannot read both in one statement is read as before.

// CaseEpochReader is the optional part of a CaseStore that reads a case and
// the authentication epoch (UserStore.AuthEpoch) in one statement, so that
// both come from one snapshot. ok is false when there is no such case.
type CaseEpochReader interface {
	FindCaseByIDWithAuthEpoch(ctx context.Context, id string) (c *Case, epoch int64, ok bool, err error)
}

// CachedActor returns the actor of a bearer token from the token cache
// alone, with the authentication epoch the cache is of, without reading
// the store; ok is false when the cache cannot tell (unknown, or a user
// Authenticate would refuse, whose reason it then gives). The caller must
// confirm the epoch in the read it makes for the actor: see
// FindCaseByIDAtEpoch.
func (s *Service) CachedActor(token string) (a Actor, epoch int64, ok bool) {
	if !strings.HasPrefix(token, "jz_") {
		return Actor{}, 0, false
	}
	u, epoch, ok := s.tokens.current(HashToken(token))
	if !ok || u.DisabledAt != nil || !s.clock.Now().Before(u.Expiry(s.policy.TokenLifetime())) {
		return Actor{}, 0, false
	}
	return u.Actor(), epoch, true
}

// FindCaseByIDAtEpoch is FindCaseByID for an actor authenticated by
// CachedActor at epoch. confirmed is false, with no case and no error,
// when the read could not confirm the epoch — it moved on, there is no such
// case, or the store reads them apart — and then the caller authenticates
// again and calls FindCaseByID.
func (s *Service) FindCaseByIDAtEpoch(ctx context.Context, actor Actor, id string, epoch int64) (c *Case, confirmed bool, err error) {
	defer Wrap(&err, "Service.FindCaseByID")
	r, ok := s.store.Cases().(CaseEpochReader)
	if !ok || actor.Role == RoleAdmin || !actor.Role.Valid() {
		return nil, false, nil
	}
	c, now, found, err := r.FindCaseByIDWithAuthEpoch(ctx, id)
	if err != nil {
		return nil, false, err
	}
	if !found || now != epoch {
		return nil, false, nil
	}
	// The actor is confirmed: what follows is FindCaseByID's.
	if !actor.Role.readsAllCases() && c.Owner != actor.ID && !c.isCoInvestigator(actor.ID) {
		return nil, true, errorKey(CodeNotFound, "error.no_case", check.Params{"id": id})
	}
	if err := s.enrich(ctx, c); err != nil {
		return nil, true, err
	}
	if err := c.Report.VerifyFrozen(); err != nil {
		return nil, true, &Error{Code: CodeInternal, Message: "case " + id + " is refused: " + err.Error() + " (see jinzhi audit verify)", Err: err}
	}
	if err := s.auditRead(ctx, actor, c, "case.viewed"); err != nil {
		return nil, true, err
	}
	return s.view(actor, c), true, nil
}
