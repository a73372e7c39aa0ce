package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// testFunding registers an investor once per resident ID, and keeps a
// case's funding record: created empty by the first lock, saved and read
// back whole.
func testFunding(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	c := testCase(t, "owner-1", "借款人")
	require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))

	at := time.Date(2026, 3, 2, 1, 30, 0, 123456789, time.UTC)
	inv := &duediligence.Investor{ID: "inv-1", Party: duediligence.Party{Kind: duediligence.Person, Name: "钱一", IDNumber: "110105198001010016"},
		Identity:     duediligence.IdentityCheck{Method: duediligence.IdentityOnline, CheckedOn: money.MustDate("2026-03-01"), Evidence: "NCIIC-1"},
		Disclosure:   duediligence.RiskDisclosure{AcknowledgedOn: money.MustDate("2026-03-01"), Document: "FXJS-1"},
		Suitability:  duediligence.Suitability{Level: 3, AssessedOn: money.MustDate("2026-03-01"), AssessedBy: "am-1", Basis: "问卷"},
		RegisteredBy: "am-1", RegisteredAt: at}
	require.NoError(t, st.WithTx(ctx, func(tx duediligence.Tx) error { return tx.Funding().CreateInvestor(ctx, inv) }))
	twice := *inv
	twice.ID = "inv-2"
	err := st.WithTx(ctx, func(tx duediligence.Tx) error { return tx.Funding().CreateInvestor(ctx, &twice) })
	require.ErrorIs(t, err, duediligence.ErrConflict, "one resident ID, one investor")
	got, err := st.Funding().FindInvestorByID(ctx, "inv-1")
	require.NoError(t, err)
	assert.Equal(t, inv, got)
	mine, err := st.Funding().FindInvestors(ctx, "am-1", 10)
	require.NoError(t, err)
	assert.Len(t, mine, 1)
	others, err := st.Funding().FindInvestors(ctx, "am-2", 10)
	require.NoError(t, err)
	assert.Empty(t, others)

	// A re-assessment is saved with the history the investor holds.
	again := duediligence.Suitability{Level: 4, AssessedOn: money.MustDate("2027-03-01"), AssessedBy: "am-1", Basis: "问卷", Document: "CP-1", AssessedAt: at}
	err = st.WithTx(ctx, func(tx duediligence.Tx) error {
		locked, err := tx.Funding().LockInvestor(ctx, "inv-1")
		if err != nil {
			return err
		}
		locked.Assessments = append([]duediligence.Suitability{locked.Suitability}, again)
		locked.Suitability = again
		return tx.Funding().SaveInvestor(ctx, locked)
	})
	require.NoError(t, err)
	got, err = st.Funding().FindInvestorByID(ctx, "inv-1")
	require.NoError(t, err)
	assert.Equal(t, again, got.Suitability)
	assert.Equal(t, []duediligence.Suitability{inv.Suitability, again}, got.Assessments)
	assert.Equal(t, inv.Party, got.Party)
	err = st.WithTx(ctx, func(tx duediligence.Tx) error { _, err := tx.Funding().LockInvestor(ctx, "inv-9"); return err })
	require.ErrorIs(t, err, duediligence.ErrNotFound)

	_, err = st.Funding().FindFunding(ctx, c.ID)
	require.ErrorIs(t, err, duediligence.ErrNotFound)
	err = st.WithTx(ctx, func(tx duediligence.Tx) error {
		f, err := tx.Funding().LockFunding(ctx, c.ID)
		if err != nil {
			return err
		}
		f.OwnFunds, f.UpdatedAt = money.MustMoney("100000.00"), at
		f.Commitments = append(f.Commitments, duediligence.Commitment{ID: "cm-1", InvestorID: "inv-1", Amount: money.MustMoney("50000.00"), At: at, By: "am-1"})
		return tx.Funding().SaveFunding(ctx, f)
	})
	require.NoError(t, err)
	f, err := st.Funding().FindFunding(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, "100000.00", f.OwnFunds.String())
	require.Len(t, f.Commitments, 1)
	assert.Equal(t, "50000.00", f.Commitments[0].Amount.String())
	// A second lock finds the record, not a new empty one.
	err = st.WithTx(ctx, func(tx duediligence.Tx) error {
		f, err := tx.Funding().LockFunding(ctx, c.ID)
		require.NoError(t, err)
		assert.Len(t, f.Commitments, 1)
		return nil
	})
	require.NoError(t, err)
}
