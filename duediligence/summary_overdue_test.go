package duediligence_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// TestWeeklySummary_overdueChanges: the week the first installment falls
// due unpaid the loan became overdue; the week it is paid up, cured; the
// week it passes 90 days, reclassified 关注 → 次级; a quiet week lists none.
func TestWeeklySummary_overdueChanges(t *testing.T) {
	lf := disbursedLoan(t, nil)
	due := lf.inst(0).DueDate
	s := weekOf(t, lf, due.AddDays(1))
	require.Len(t, s.OverdueChanges, 1, "%+v", s.OverdueChanges)
	ch := s.OverdueChanges[0]
	assert.Equal(t, dd.ChangeBecameOverdue, ch.Change)
	assert.Equal(t, lf.c.ID, ch.CaseID)
	assert.Equal(t, dd.ClassNormal, ch.From)
	assert.Equal(t, dd.ClassSpecialMention, ch.To)
	assert.Equal(t, 1, s.Total.BecameOverdue)

	// Two weeks on, nothing changed: still overdue, still 关注.
	assert.Empty(t, weekOf(t, lf, due.AddDays(21)).OverdueChanges)

	// 91 days late: 次级.
	s = weekOf(t, lf, due.AddDays(91))
	require.Len(t, s.OverdueChanges, 1)
	assert.Equal(t, dd.ChangeReclassified, s.OverdueChanges[0].Change)
	assert.Equal(t, dd.ClassSubstandard, s.OverdueChanges[0].To)
	assert.Equal(t, 1, s.Total.Reclassified)

	// Paid up 100 days late: cured that week.
	paid := due.AddDays(100)
	lf.at(paid)
	lf.pay(t, "W-1", lf.asOf(t, paid).Overdue, paid, dd.RepaymentRegular)
	s = weekOf(t, lf, paid)
	require.Len(t, s.OverdueChanges, 1)
	assert.Equal(t, dd.ChangeCured, s.OverdueChanges[0].Change)
	assert.Equal(t, 1, s.Total.Cured)
}

// weekOf is the team's weekly summary of the week of d, the clock at its
// last day.
func weekOf(t *testing.T, lf *loanFixture, d money.Date) dd.WeeklySummary {
	t.Helper()
	w := dd.WeekOf(d)
	_, last := w.Days()
	lf.at(last)
	s, err := lf.svc.WeeklySummary(context.Background(), lf.dm, "", w)
	require.NoError(t, err)
	return s
}
