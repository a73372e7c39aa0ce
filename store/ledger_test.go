package store

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/govalues/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// testLedger submits many cases at once: each gets its own number, the
// numbers run 1..n without a gap, and a stale submission takes none.
func testLedger(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	const n = 12
	cases := make([]*duediligence.Case, n)
	for i := range cases {
		cases[i] = testCase(t, "owner-1", fmt.Sprintf("借款人%d", i))
		require.NoError(t, st.createCase(ctx, cases[i], caseEvent(cases[i], "case.created")))
	}

	// A stale submission fails and gives its number back.
	stale := *cases[0]
	stale.Version = 3
	ev := testEvent(stale.ID, "case.transitioned")
	ev.CaseVersion = 3
	err := st.submitCase(ctx, &stale, 2, ev, 2026)
	require.ErrorIs(t, err, duediligence.ErrStale)

	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, c := range cases {
		wg.Go(func() {
			c.Version, c.Stage = 2, duediligence.StageSubmitted
			ev := caseEvent(c, "case.transitioned")
			errs[i] = st.submitCase(ctx, c, 1, ev, 2026)
		})
	}
	wg.Wait()
	var numbers []string
	for i, err := range errs {
		require.NoError(t, err, "case %d", i)
		numbers = append(numbers, cases[i].LedgerNumber)
		got, err := st.Cases().FindCaseByID(ctx, cases[i].ID)
		require.NoError(t, err)
		assert.Equal(t, cases[i].LedgerNumber, got.LedgerNumber, "the number is stored with the case")
		evs, err := st.Events().FindEvents(ctx, cases[i].ID, 1, 0)
		require.NoError(t, err)
		require.Len(t, evs, 1)
		assert.Contains(t, string(evs[0].Data), `"ledger_number":"`+cases[i].LedgerNumber+`"`, "and in the submission's event")
	}
	sort.Strings(numbers)
	for i, num := range numbers {
		assert.Equal(t, fmt.Sprintf("2026-%06d", i+1), num)
	}
	_, err = duediligence.VerifyAudit(ctx, st, st.AuditKey(), nil)
	require.NoError(t, err)

	ledger, err := st.ledger(ctx, duediligence.LedgerFilter{Year: 2026})
	require.NoError(t, err)
	require.Len(t, ledger, n)
	assert.Equal(t, "2026-000001", ledger[0].LedgerNumber)
	other, err := st.ledger(ctx, duediligence.LedgerFilter{Year: 2027})
	require.NoError(t, err)
	assert.Empty(t, other, "each year counts from 1")
}

// testLedgerListing stores the figures the service gives with a case and
// reads them back from the ledger's columns as they were given.
func testLedgerListing(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	c := goldenCase()
	c.Approvals = c.Approvals[:1] // decided: returned
	l := c.Listing()
	eligible, ratio := money.MustMoney("540000.00"), decimal.MustParse("1.0800")
	l.EligibleValue, l.Coverage = &eligible, &ratio
	require.NotEmpty(t, l.Collateral)
	require.NotEmpty(t, l.Guarantees)
	require.False(t, l.DecidedAt.IsZero())
	require.NoError(t, st.WithTx(ctx, func(tx duediligence.Tx) error {
		if err := tx.Cases().CreateCase(ctx, c, l); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, testEvent(c.ID, "case.created"))
	}))
	got, err := st.ledger(ctx, duediligence.LedgerFilter{Year: 2026})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, l, got[0])
	mine, err := st.ledger(ctx, duediligence.LedgerFilter{Year: 2026, Member: "am-2"})
	require.NoError(t, err)
	assert.Len(t, mine, 1, "a co-investigator's ledger")
	none, err := st.ledger(ctx, duediligence.LedgerFilter{Year: 2026, Member: "am-9"})
	require.NoError(t, err)
	assert.Empty(t, none)

	stop := errors.New("stop")
	err = st.Ledger().FindLedger(ctx, duediligence.LedgerFilter{Year: 2026}, func(duediligence.Listing) error { return stop })
	assert.ErrorIs(t, err, stop)
}
