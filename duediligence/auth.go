package duediligence

import (
	"context"
	"strings"

	"github.com/jinzhi-dev/jinzhi/check"
)

// SystemActor acts for the installation itself: the first users are created
// by it, before anyone holds a token.
var SystemActor = Actor{ID: "system", Name: "system", Role: RoleAdmin}

// CreateUser adds a user with a new token and returns the token, which is not
// kept and cannot be shown again. Only admins create users.
func (s *Service) CreateUser(ctx context.Context, actor Actor, name string, role Role) (u User, token string, err error) {
	defer Wrap(&err, "Service.CreateUser")
	if actor.Role != RoleAdmin {
		return User{}, "", Errorf(CodeForbidden, "", "only an admin creates users")
	}
	var probs check.Problems
	name = strings.TrimSpace(name)
	probs.RequiredText("name", name, maxName)
	if !role.Valid() {
		probs.Add(check.NotOneOf("role", string(role), roleNames()...))
	}
	if err := invalid(&probs); err != nil {
		return User{}, "", err
	}
	token = NewToken()
	u = User{ID: s.ids.NewID(), Name: name, Role: role, TokenHash: HashToken(token), CreatedAt: s.clock.Now()}
	ev := s.event(actor, "", 0, "user.created", map[string]any{"id": u.ID, "name": u.Name, "role": u.Role})
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.Users().CreateUser(ctx, &u); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, ev)
	})
	if err != nil {
		return User{}, "", err
	}
	return u, token, nil
}

// Authenticate returns the actor a bearer token belongs to, or CodeNotFound.
func (s *Service) Authenticate(ctx context.Context, token string) (a Actor, err error) {
	defer Wrap(&err, "Service.Authenticate")
	if !strings.HasPrefix(token, "jz_") {
		return Actor{}, Errorf(CodeNotFound, "", "unknown token")
	}
	u, err := s.store.Users().FindUserByTokenHash(ctx, HashToken(token))
	if err != nil {
		return Actor{}, err
	}
	return u.Actor(), nil
}

// Users lists the users (admins and auditors).
func (s *Service) Users(ctx context.Context, actor Actor) (us []User, err error) {
	defer Wrap(&err, "Service.Users")
	if actor.Role != RoleAdmin && actor.Role != RoleAuditor {
		return nil, Errorf(CodeForbidden, "", "only admins and auditors list users")
	}
	return s.store.Users().FindUsers(ctx)
}
