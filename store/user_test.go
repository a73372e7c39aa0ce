package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

func testUsers(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	users := []duediligence.User{
		{ID: "user-a", Name: "李经理", Role: duediligence.RoleAccountManager, TokenHash: duediligence.HashToken("token-a"), CreatedAt: testTime},
		{ID: "user-b", Name: "王总", Role: duediligence.RoleGeneralManager, TokenHash: duediligence.HashToken("token-b"), CreatedAt: testTime.Add(time.Nanosecond)},
	}
	for i := range users {
		ev := testEvent(duediligence.StreamSystem, "user.created")
		ev.CaseID, ev.CaseVersion = "", 0
		require.NoError(t, st.createUser(ctx, &users[i], ev))
	}

	t.Run("FindUserByTokenHash", func(t *testing.T) {
		got, err := st.Users().FindUserByTokenHash(ctx, duediligence.HashToken("token-b"))
		require.NoError(t, err)
		assert.Equal(t, &users[1], got)
		_, err = st.Users().FindUserByTokenHash(ctx, duediligence.HashToken("token-c"))
		assert.ErrorIs(t, err, duediligence.ErrNotFound)
	})
	t.Run("FindUsers", func(t *testing.T) {
		got, err := st.Users().FindUsers(ctx)
		require.NoError(t, err)
		assert.Equal(t, users, got)
	})
	t.Run("Events", func(t *testing.T) {
		evs, err := st.Events().FindEvents(ctx, duediligence.StreamSystem, 0, 0)
		require.NoError(t, err)
		require.Len(t, evs, 2)
		assert.NoError(t, duediligence.VerifyChain(evs))
	})
	t.Run("ErrConflict", func(t *testing.T) {
		for _, u := range []duediligence.User{
			{ID: "user-a", Name: "x", Role: duediligence.RoleAuditor, TokenHash: duediligence.HashToken("token-x"), CreatedAt: testTime},
			{ID: "user-x", Name: "x", Role: duediligence.RoleAuditor, TokenHash: users[0].TokenHash, CreatedAt: testTime},
		} {
			err := st.createUser(ctx, &u, testEvent(duediligence.StreamSystem, "user.created"))
			assert.ErrorIs(t, err, duediligence.ErrConflict)
		}
		evs, err := st.Events().FindEvents(ctx, duediligence.StreamSystem, 0, 0)
		require.NoError(t, err)
		assert.Len(t, evs, 2, "a refused user leaves no event")
	})
	t.Run("Ping", func(t *testing.T) {
		assert.NoError(t, st.Ping(ctx))
	})
}
