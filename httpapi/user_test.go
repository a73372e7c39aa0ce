package httpapi_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/httpapi"
	"github.com/jinzhi-dev/jinzhi/store"
)

// TestUsers checks the admin API: a created user's token is answered
// once and works; no list shows it; account managers list the active
// account managers only; a revoked user's token is refused at once.
func TestUsers(t *testing.T) {
	e := newEnv(t)
	r := e.do(t, admin, "POST", "/v1/users", `{"name":"王五","role":"account_manager"}`).must(t, http.StatusCreated)
	created := decode[struct {
		duediligence.User
		Token string `json:"token"`
	}](t, r)
	require.True(t, strings.HasPrefix(created.Token, "jz_"))
	require.Equal(t, "/v1/users/"+created.ID, r.header.Get("Location"))
	require.NotNil(t, created.ExpiresAt)
	require.Equal(t, now.Add(90*24*time.Hour), *created.ExpiresAt, "the policy's default lifetime")
	me := func(token string) response {
		return e.do(t, "", "GET", "/v1/me", nil, "Authorization", "Bearer "+token)
	}
	me(created.Token).must(t, http.StatusOK)

	for _, who := range []string{admin, auditor} {
		list := e.do(t, who, "GET", "/v1/users", nil).must(t, http.StatusOK)
		require.NotContains(t, string(list.body), created.Token)
		require.NotContains(t, string(list.body), `"token"`)
		require.Len(t, decode[struct{ Users []duediligence.User }](t, list).Users, len(allActors)+1)
	}
	revoked := decode[duediligence.User](t, e.do(t, admin, "POST", "/v1/users/"+created.ID+"/revocation", nil).must(t, http.StatusOK))
	require.NotNil(t, revoked.DisabledAt)
	p := problemOf(t, me(created.Token), http.StatusUnauthorized, "unauthorized")
	require.Contains(t, p.Detail, "停用")
	problemOf(t, e.do(t, admin, "POST", "/v1/users/"+created.ID+"/revocation", nil), http.StatusConflict, "conflict")
	problemOf(t, e.do(t, admin, "POST", "/v1/users/01950000-0000-7000-8000-000000000000/revocation", nil), http.StatusNotFound, "not_found")

	// Account managers pick co-investigators among the active account managers.
	picks := decode[struct{ Users []duediligence.User }](t, e.do(t, am, "GET", "/v1/users", nil).must(t, http.StatusOK)).Users
	var names []string
	for _, u := range picks {
		require.Equal(t, duediligence.RoleAccountManager, u.Role)
		require.Nil(t, u.ExpiresAt)
		names = append(names, u.Name)
	}
	require.ElementsMatch(t, []string{"user account_manager", "user other_account_manager"}, names, "the revoked 王五 is not offered")
	problemOf(t, e.do(t, am, "GET", "/v1/users?role=chef", nil), http.StatusUnprocessableEntity, "invalid")
	problemOf(t, e.write(t, am, "POST", e.createCase(t, personBody).ID, "/co-investigators", `{"user_id":"`+created.ID+`"}`), http.StatusUnprocessableEntity, "invalid")
}

// replica is one server of several on one database: a store and service
// of its own, as another process would have.
type replica struct {
	svc *duediligence.Service
	srv *httptest.Server
}

func newReplica(t *testing.T, url string, clock duediligence.Clock) *replica {
	t.Helper()
	db, err := store.Open(context.Background(), url, store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	st := store.New(db)
	require.NoError(t, st.Migrate(context.Background()))
	svc, err := duediligence.NewService(duediligence.Config{Store: st, Clock: clock})
	require.NoError(t, err)
	srv := httptest.NewServer(httpapi.New(svc, httpapi.Options{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))}))
	t.Cleanup(srv.Close)
	return &replica{svc: svc, srv: srv}
}

// me is GET /v1/me with token; it returns the status.
func (r *replica) me(t *testing.T, token string) int {
	t.Helper()
	req, err := http.NewRequest("GET", r.srv.URL+"/v1/me", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := r.srv.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// TestUsers_revocationOnEveryReplica checks, with two servers on one
// database (SQLite and PostgreSQL), that a revocation or rotation made on
// one is refused on the other at once, though the other had the token in
// its cache; and that a token expires.
func TestUsers_revocationOnEveryReplica(t *testing.T) {
	for name, url := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "t.db") },
		"postgres": postgresURL,
	} {
		t.Run(name, func(t *testing.T) {
			var clock atomic.Int64
			clock.Store(now.UnixNano())
			at := duediligence.ClockFunc(func() time.Time { return time.Unix(0, clock.Load()).UTC() })
			u := url(t)
			a, b := newReplica(t, u, at), newReplica(t, u, at)
			ctx := t.Context()
			alice, aliceToken, err := a.svc.CreateUser(ctx, duediligence.SystemActor, "alice", duediligence.RoleAccountManager)
			require.NoError(t, err)
			bob, bobToken, err := a.svc.CreateUser(ctx, duediligence.SystemActor, "bob", duediligence.RoleAccountManager)
			require.NoError(t, err)
			for _, r := range []*replica{a, b} {
				require.Equal(t, http.StatusOK, r.me(t, aliceToken))
				require.Equal(t, http.StatusOK, r.me(t, bobToken))
			}

			_, err = a.svc.RevokeUser(ctx, duediligence.SystemActor, alice.ID)
			require.NoError(t, err)
			require.Equal(t, http.StatusUnauthorized, b.me(t, aliceToken), "revoked on a, refused on b at once")
			require.Equal(t, http.StatusUnauthorized, a.me(t, aliceToken))
			require.Equal(t, http.StatusOK, b.me(t, bobToken), "others are still served")

			_, newToken, err := b.svc.RotateToken(ctx, duediligence.SystemActor, bob.ID)
			require.NoError(t, err)
			require.Equal(t, http.StatusUnauthorized, a.me(t, bobToken), "rotated on b, the old token refused on a")
			require.Equal(t, http.StatusOK, a.me(t, newToken))
			_, _, err = a.svc.RotateToken(ctx, duediligence.SystemActor, alice.ID)
			require.ErrorIs(t, err, duediligence.ErrConflict, "a revoked user gets no new token")

			clock.Store(now.Add(90*24*time.Hour - time.Second).UnixNano())
			require.Equal(t, http.StatusOK, b.me(t, newToken))
			clock.Store(now.Add(90 * 24 * time.Hour).UnixNano())
			require.Equal(t, http.StatusUnauthorized, b.me(t, newToken), "the token expired after 90 days")
		})
	}
}
