package duediligence

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
)

// SystemActor acts for the installation itself: the first users are created
// by it, before anyone holds a token.
var SystemActor = Actor{ID: "system", Name: "system", Role: RoleAdmin}

// CreateUser adds a user with a new token and returns the token, which is not
// kept and cannot be shown again. The token expires after the policy's
// TokenLifetime. Only admins create users.
func (s *Service) CreateUser(ctx context.Context, actor Actor, name string, role Role) (u User, token string, err error) {
	defer Wrap(&err, "Service.CreateUser")
	if actor.Role != RoleAdmin {
		return User{}, "", forbidden("user.created", actor.Role, RoleAdmin)
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
	now := s.clock.Now()
	expires := now.Add(s.policy.TokenLifetime())
	u = User{ID: s.ids.NewID(), Name: name, Role: role, TokenHash: HashToken(token), CreatedAt: now, ExpiresAt: &expires}
	ev := s.event(actor, "", 0, "user.created", map[string]any{"id": u.ID, "name": u.Name, "role": u.Role, "expires_at": expires})
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

// RevokeUser disables a user: from the moment it returns, no replica
// accepts their token. Only admins revoke; revoking twice is a conflict.
func (s *Service) RevokeUser(ctx context.Context, actor Actor, id string) (u *User, err error) {
	defer Wrap(&err, "Service.RevokeUser")
	if actor.Role != RoleAdmin {
		return nil, forbidden("user.revoked", actor.Role, RoleAdmin)
	}
	return s.changeCredentials(ctx, actor, id, "user.revoked", func(u *User, now time.Time) error {
		if u.DisabledAt != nil {
			return errorKey(CodeConflict, "error.user_revoked_already", check.Params{"id": id})
		}
		u.DisabledAt = &now
		return nil
	})
}

// RotateToken gives a user a new token, which it returns, and makes the old
// one invalid at once on every replica. The new token expires after the
// policy's TokenLifetime. A revoked user gets none. Only admins rotate.
func (s *Service) RotateToken(ctx context.Context, actor Actor, id string) (u *User, token string, err error) {
	defer Wrap(&err, "Service.RotateToken")
	if actor.Role != RoleAdmin {
		return nil, "", forbidden("user.token_rotated", actor.Role, RoleAdmin)
	}
	token = NewToken()
	u, err = s.changeCredentials(ctx, actor, id, "user.token_rotated", func(u *User, now time.Time) error {
		if u.DisabledAt != nil {
			return errorKey(CodeConflict, "error.user_revoked", check.Params{"id": id})
		}
		expires := now.Add(s.policy.TokenLifetime())
		u.TokenHash, u.ExpiresAt = HashToken(token), &expires
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return u, token, nil
}

// changeCredentials loads user id, changes it and stores it with its event
// in one transaction, which moves the authentication epoch on.
func (s *Service) changeCredentials(ctx context.Context, actor Actor, id, action string, change func(u *User, now time.Time) error) (*User, error) {
	var u *User
	err := s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		if u, err = tx.Users().FindUserByID(ctx, id); err != nil {
			return err
		}
		now := s.clock.Now()
		if err := change(u, now); err != nil {
			return err
		}
		if err := tx.Users().UpdateCredentials(ctx, u); err != nil {
			return err
		}
		data := map[string]any{"id": u.ID, "name": u.Name}
		if u.ExpiresAt != nil {
			data["expires_at"] = *u.ExpiresAt
		}
		if u.DisabledAt != nil {
			data["disabled_at"] = *u.DisabledAt
		}
		return tx.Events().AppendEvent(ctx, s.event(actor, "", 0, action, data))
	})
	if err != nil {
		return nil, err
	}
	// This replica need not wait for its next request to read the epoch.
	s.tokens.flush()
	return u, nil
}

// Authenticate returns the actor a bearer token belongs to, or CodeNotFound
// for a token that is unknown, expired or of a revoked user.
//
// Users come from a small in-process cache. Every call first reads the
// store's authentication epoch, a single row by its key: a revocation or
// rotation on any replica moves it on in its own transaction, and the next
// call on every replica that sees a new epoch empties its cache. So a
// revoked token is refused from the moment the revocation is committed,
// everywhere, at the cost of one cheap read per request instead of reading
// and decoding the user's row.
func (s *Service) Authenticate(ctx context.Context, token string) (a Actor, err error) {
	defer Wrap(&err, "Service.Authenticate")
	if !strings.HasPrefix(token, "jz_") {
		return Actor{}, errorKey(CodeNotFound, "error.unknown_token", nil)
	}
	hash := HashToken(token)
	epoch, err := s.store.Users().AuthEpoch(ctx)
	if err != nil {
		return Actor{}, err
	}
	u, ok := s.tokens.get(epoch, hash)
	if !ok {
		found, err := s.store.Users().FindUserByTokenHash(ctx, hash)
		if err != nil {
			return Actor{}, err
		}
		u = *found
		s.tokens.put(epoch, hash, u)
	}
	now := s.clock.Now()
	switch {
	case u.DisabledAt != nil:
		return Actor{}, errorKey(CodeNotFound, "error.token_user_revoked", check.Params{"date": u.DisabledAt.UTC().Format(time.RFC3339)})
	case !now.Before(u.Expiry(s.policy.TokenLifetime())):
		return Actor{}, errorKey(CodeNotFound, "error.token_expired", check.Params{"date": u.Expiry(s.policy.TokenLifetime()).UTC().Format(time.RFC3339)})
	}
	return u.Actor(), nil
}

// Users lists the users: every user for admins and auditors; for account
// and department managers, the active account managers, whom they pick
// co-investigators from. role, when not empty, keeps that role's users.
func (s *Service) Users(ctx context.Context, actor Actor, role ...Role) (us []User, err error) {
	defer Wrap(&err, "Service.Users")
	all := actor.Role == RoleAdmin || actor.Role == RoleAuditor
	if !all && actor.Role != RoleAccountManager && actor.Role != RoleDepartmentManager {
		return nil, forbidden("users.listed", actor.Role, RoleAdmin, RoleAuditor, RoleAccountManager, RoleDepartmentManager)
	}
	us, err = s.store.Users().FindUsers(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	us = slices.DeleteFunc(us, func(u User) bool {
		if len(role) > 0 && !slices.Contains(role, u.Role) {
			return true
		}
		return !all && (u.Role != RoleAccountManager || u.DisabledAt != nil || !now.Before(u.Expiry(s.policy.TokenLifetime())))
	})
	if !all {
		for i := range us {
			// Managers pick colleagues; when their tokens end is not theirs to know.
			us[i] = User{ID: us[i].ID, Name: us[i].Name, Role: us[i].Role, CreatedAt: us[i].CreatedAt}
		}
	}
	return us, nil
}

// maxCachedTokens bounds the token cache; when it is full it starts again.
const maxCachedTokens = 10000

// tokenCache holds the users of the tokens seen lately, valid for one
// authentication epoch.
type tokenCache struct {
	mu    sync.Mutex
	epoch int64
	users map[string]User // by token hash
}

func newTokenCache() *tokenCache { return &tokenCache{epoch: -1, users: map[string]User{}} }

// get returns the user of hash when the cache is of epoch; a cache of
// another epoch is emptied and moved to it.
func (c *tokenCache) get(epoch int64, hash string) (User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.epoch != epoch {
		c.epoch, c.users = epoch, map[string]User{}
		return User{}, false
	}
	u, ok := c.users[hash]
	return u, ok
}

// current returns the user of hash and the epoch the cache is of, if it
// holds one, without moving the cache to another epoch.
func (c *tokenCache) current(hash string) (User, int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.epoch < 0 {
		return User{}, 0, false
	}
	u, ok := c.users[hash]
	return u, c.epoch, ok
}

// put keeps u for hash if the cache is still of epoch, the one u was read
// at: a user read before a revocation must not outlive it in the cache.
func (c *tokenCache) put(epoch int64, hash string, u User) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.epoch != epoch {
		return
	}
	if len(c.users) >= maxCachedTokens {
		c.users = map[string]User{}
	}
	c.users[hash] = u
}

// flush empties the cache.
func (c *tokenCache) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch, c.users = -1, map[string]User{}
}
