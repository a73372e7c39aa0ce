package store

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// TestStatements_PerRequest holds the statements the service sends the
// database for the API's two hottest requests — creating a case and
// reading it — to their count, on both databases, so that a change that
// adds a round trip to either is noticed here. Authentication (one lookup
// of the token, or none from a cache) is counted apart, by its own code.
func TestStatements_PerRequest(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testStatementsPerRequest(t, openSQLiteTestStore(t)) })
	t.Run("postgres", func(t *testing.T) {
		testStatementsPerRequest(t, openPostgresTestStore(t, testPostgresURL(t)))
	})
}

func testStatementsPerRequest(t *testing.T, st *Store) {
	ctx := t.Context()
	svc, err := duediligence.NewService(duediligence.Config{Store: st})
	require.NoError(t, err)
	am, amToken, err := svc.CreateUser(ctx, duediligence.SystemActor, "李经理", duediligence.RoleAccountManager)
	require.NoError(t, err)
	dm, _, err := svc.CreateUser(ctx, duediligence.SystemActor, "王部长", duediligence.RoleDepartmentManager)
	require.NoError(t, err)
	rec := &statements{}
	st.hook(rec, true)
	if st.db.Read != st.db.Write {
		st.hook(rec, false)
	}
	taken := func() []string {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		all := rec.all
		rec.all = nil
		return all
	}

	c, err := svc.CreateCase(ctx, am.Actor(), duediligence.NewCase{
		Applicant: duediligence.Party{Kind: duediligence.Person, Name: "张三", IDNumber: "11010519491231002X",
			MaritalStatus: duediligence.Single, MonthlyIncome: yuanP("50000.00")},
		Request: duediligence.LoanRequest{Amount: money.MustMoney("500000.00"), TermMonths: 36,
			Purpose: "采购原材料", PurposeCategory: duediligence.PurposeBusinessOperation, RepaymentSource: "经营收入",
			RepaymentMethod: contracts.EqualInstallment, AnnualRate: money.MustRate("0.0850")},
	})
	require.NoError(t, err)
	created := taken()
	// The stream is new: its first event needs no lock and no read of a
	// previous one. SQLite: BEGIN; the listing, the body, the owner's
	// membership, the name's n-grams, the applicant's party key, the event;
	// then the new stream's signed checkpoint: the signed count of streams
	// of the stream's shard (one of duediligence.AuditShards) read and
	// raised, and the checkpoint inserted; COMMIT. PostgreSQL: BEGIN; the
	// shard's count locked and raised (UPDATE … RETURNING, prepared), since
	// the MAC over the stream's ordinal needs it; then all the rows — the
	// case's, the event, the count's new MAC and the checkpoint — in one
	// INSERT; COMMIT. (The shards change which row a create locks, not how
	// many statements.)
	want := map[Dialect]int{SQLite: 11, Postgres: 4}[st.db.Dialect]
	assert.Len(t, created, want, "statements of a create:\n%s", strings.Join(created, "\n"))

	_, err = svc.FindCaseByID(ctx, am.Actor(), c.ID)
	require.NoError(t, err)
	read := taken()
	assert.Len(t, read, 1, "statements of the owner's read:\n%s", strings.Join(read, "\n"))

	// Over HTTP the read authenticates its caller too. Authenticate reads
	// the epoch (one statement) and fills the token cache; then the read
	// takes the caller from the cache and confirms the epoch in the
	// statement that reads the case: one statement, authentication included.
	_, err = svc.Authenticate(ctx, amToken)
	require.NoError(t, err)
	taken()
	actor, epoch, ok := svc.CachedActor(amToken)
	require.True(t, ok, "the token is cached")
	assert.Equal(t, am.ID, actor.ID)
	got, confirmed, err := svc.FindCaseByIDAtEpoch(ctx, actor, c.ID, epoch)
	require.NoError(t, err)
	require.True(t, confirmed)
	assert.Equal(t, c.ID, got.ID)
	read = taken()
	assert.Len(t, read, 1, "statements of the owner's read, authentication included:\n%s", strings.Join(read, "\n"))
	// The read as the API answers it, the case's JSON: one statement too,
	// the first time and when the answer is held (the statement then
	// confirms the case's tag instead of sending its file).
	for i := range 2 {
		b, _, confirmed, err := svc.CaseJSONAtEpoch(ctx, actor, c.ID, epoch)
		require.NoError(t, err)
		require.True(t, confirmed)
		require.NotEmpty(t, b)
		read = taken()
		assert.Len(t, read, 1, "statements of the owner's read %d as JSON, authentication included:\n%s", i+1, strings.Join(read, "\n"))
	}
	// A case that is not there is not confirmed: the caller is
	// authenticated again and reads as before.
	_, confirmed, err = svc.FindCaseByIDAtEpoch(ctx, actor, "no-such-case", epoch)
	require.NoError(t, err)
	assert.False(t, confirmed)
	taken()

	// A manager's read of whole IDs is audited behind the read: the read
	// itself is one statement, its event stored by Close at the latest.
	_, err = svc.FindCaseByID(ctx, dm.Actor(), c.ID)
	require.NoError(t, err)
	require.NoError(t, svc.Close(ctx))
	var audited []string
	for _, q := range taken() {
		if q == "BEGIN" {
			break // the event's unit of work, after the read
		}
		audited = append(audited, q)
	}
	assert.Len(t, audited, 1, "statements of a manager's read, apart from its event's:\n%s", strings.Join(audited, "\n"))
	evs, err := st.Events().FindEvents(ctx, c.ID, 0, 0)
	require.NoError(t, err)
	require.Len(t, evs, 2)
	assert.Equal(t, "case.viewed", evs[1].Action)
}

// TestCachedRead_RevocationRefusedAtOnce: a caller taken from the token
// cache is confirmed by the read only while the authentication epoch is the
// one the cache is of. A revocation committed by another service on the
// same database (another replica) moves it on, and the next read is not
// confirmed — the caller is then authenticated again, and refused.
func TestCachedRead_RevocationRefusedAtOnce(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testCachedReadRevocation(t, openSQLiteTestStore(t)) })
	t.Run("postgres", func(t *testing.T) {
		testCachedReadRevocation(t, openPostgresTestStore(t, testPostgresURL(t)))
	})
}

func testCachedReadRevocation(t *testing.T, st *Store) {
	ctx := t.Context()
	svc, err := duediligence.NewService(duediligence.Config{Store: st})
	require.NoError(t, err)
	other, err := duediligence.NewService(duediligence.Config{Store: st})
	require.NoError(t, err)
	am, token, err := svc.CreateUser(ctx, duediligence.SystemActor, "李经理", duediligence.RoleAccountManager)
	require.NoError(t, err)
	c, err := svc.CreateCase(ctx, am.Actor(), duediligence.NewCase{
		Applicant: duediligence.Party{Kind: duediligence.Person, Name: "张三", IDNumber: "11010519491231002X", MaritalStatus: duediligence.Single},
		Request: duediligence.LoanRequest{Amount: money.MustMoney("500000.00"), TermMonths: 36,
			Purpose: "采购原材料", PurposeCategory: duediligence.PurposeBusinessOperation, RepaymentSource: "经营收入",
			RepaymentMethod: contracts.EqualInstallment, AnnualRate: money.MustRate("0.0850")},
	})
	require.NoError(t, err)
	_, err = svc.Authenticate(ctx, token)
	require.NoError(t, err)
	actor, epoch, ok := svc.CachedActor(token)
	require.True(t, ok)
	_, confirmed, err := svc.FindCaseByIDAtEpoch(ctx, actor, c.ID, epoch)
	require.NoError(t, err)
	require.True(t, confirmed, "before the revocation")

	_, err = other.RevokeUser(ctx, duediligence.SystemActor, am.ID)
	require.NoError(t, err)
	got, confirmed, err := svc.FindCaseByIDAtEpoch(ctx, actor, c.ID, epoch)
	require.NoError(t, err)
	assert.False(t, confirmed, "the read after the revocation confirms the revoked caller")
	assert.Nil(t, got)
	_, err = svc.Authenticate(ctx, token)
	assert.Equal(t, duediligence.CodeNotFound, duediligence.ErrorCode(err), "the revoked token authenticates again: %v", err)
	_, _, ok = svc.CachedActor(token)
	assert.False(t, ok, "the revoked token is still cached")
}
