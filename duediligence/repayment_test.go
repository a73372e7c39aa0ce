package duediligence_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/contracts"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// loanFixture is a disbursed loan of 500,000 over 36 months and a clock the
// test moves.
type loanFixture struct {
	*fixture
	c    *dd.Case
	loan *dd.Loan
	now  *time.Time
	risk dd.Actor
}

func disbursedLoan(t *testing.T, adjust func(*dd.Policy)) *loanFixture {
	t.Helper()
	p := dd.DefaultPolicy()
	if adjust != nil {
		adjust(p)
	}
	now := today
	f := newFixtureClock(t, p, func() time.Time { return now })
	ctx := context.Background()
	c := contracting(t, f, p)
	c = signAll(t, f, c)
	c, err := f.svc.MeetCondition(ctx, f.fin, c.ID, c.Version, dd.ConditionInput{Index: 0, Evidence: "已核验"})
	require.NoError(t, err)
	_, _, err = f.svc.RecordFee(ctx, f.fin, c.ID, c.Version, dd.FeeInput{Name: "服务费", Amount: money.MustMoney("5000.00"), Payer: "张三"})
	require.NoError(t, err)
	l, _, err := f.svc.Disburse(ctx, f.fin, c.ID, dd.DisbursementInput{Amount: money.MustMoney("500000.00"), Account: "6222020200112233445",
		Entrusted: &dd.EntrustedPayment{Payee: "某供应商", Account: "1", Evidence: c.Documents[0].ID}, IdempotencyKey: "d-1"})
	require.NoError(t, err)
	return &loanFixture{fixture: f, c: c, loan: l, now: &now, risk: f.user(t, "风险经理", dd.RoleRiskOfficer)}
}

func (lf *loanFixture) inst(i int) contracts.Installment { return lf.loan.Tranches[0].Installments[i] }

// at moves the clock to a day (noon in the lender's zone).
func (lf *loanFixture) at(d money.Date) {
	*lf.now = time.Date(d.Year, d.Month, d.Day, 4, 0, 0, 0, time.UTC)
}

func (lf *loanFixture) pay(t *testing.T, ref string, amount money.Money, d money.Date, kind dd.RepaymentKind) *dd.Repayment {
	t.Helper()
	r, err := lf.svc.RecordRepayment(context.Background(), lf.fin, lf.c.ID, dd.RepaymentInput{Amount: amount, Date: d, Payer: "张三",
		Reference: ref, Channel: "bank_transfer", Kind: kind})
	require.NoError(t, err)
	return r
}

func (lf *loanFixture) asOf(t *testing.T, d money.Date) *dd.LoanStatus {
	t.Helper()
	st, err := lf.svc.LoanAsOf(context.Background(), lf.am, lf.c.ID, d)
	require.NoError(t, err)
	return st
}

func add(t *testing.T, ms ...money.Money) money.Money {
	var s money.Money
	for _, m := range ms {
		var err error
		s, err = s.Add(m)
		require.NoError(t, err)
	}
	return s
}

func sub(t *testing.T, a, b money.Money) money.Money {
	s, err := a.Sub(b)
	require.NoError(t, err)
	return s
}

// conserved checks that every yuan of the live repayments is somewhere:
// paid to an installment, a fee, or the credit.
func conserved(t *testing.T, st *dd.LoanStatus) {
	t.Helper()
	var in, out money.Money
	for _, r := range st.Repayments {
		if r.Reversed == nil && !r.Date.After(st.AsOf) {
			in = add(t, in, r.Amount)
			out = add(t, out, r.Result.Fee)
		}
	}
	for _, is := range st.Installments {
		out = add(t, out, is.PaidPrincipal, is.PaidInterest, is.PaidFee, is.PaidPenalty)
	}
	assert.Equal(t, in.String(), add(t, out, st.Credit, st.Prepaid).String(), "repaid = allocated + fees + credit")
}

func TestRepayment_allocation(t *testing.T) {
	lf := disbursedLoan(t, nil)
	ctx := context.Background()
	i1, i2 := lf.inst(0), lf.inst(1)

	// Partial, ten days late: overdue interest, interest, principal.
	d := i1.DueDate.AddDays(10)
	lf.at(d)
	half := money.MustMoney("6000.00")
	r := lf.pay(t, "BANK-001", half, d, "")
	pen, err := contracts.OverdueInterest(contracts.Overdue{ContractRate: lf.loan.AnnualRate, AsOf: d,
		Items: []contracts.OverdueItem{{DueDate: i1.DueDate, Principal: i1.Principal, Interest: i1.Interest}}})
	require.NoError(t, err)
	require.True(t, pen.Total.Sign() > 0)
	require.Len(t, r.Result.Lines, 3, "%+v", r.Result.Lines)
	assert.Equal(t, []dd.Component{dd.ComponentPenalty, dd.ComponentInterest, dd.ComponentPrincipal},
		[]dd.Component{r.Result.Lines[0].Component, r.Result.Lines[1].Component, r.Result.Lines[2].Component})
	assert.Equal(t, pen.Total, r.Result.Lines[0].Amount)
	assert.Equal(t, i1.Interest, r.Result.Lines[1].Amount)
	assert.Equal(t, sub(t, sub(t, half, pen.Total), i1.Interest), r.Result.Lines[2].Amount)
	assert.Equal(t, dd.ClassSpecialMention, r.Result.Classification)
	st := lf.asOf(t, d)
	assert.Equal(t, "overdue", st.Installments[0].Status)
	assert.Equal(t, 10, st.DaysPastDue)
	conserved(t, st)

	// Idempotent by reference: the retry answers the first; another body is refused.
	again := lf.pay(t, "BANK-001", half, d, "")
	assert.Equal(t, r.ID, again.ID)
	_, err = lf.svc.RecordRepayment(ctx, lf.fin, lf.c.ID, dd.RepaymentInput{Amount: money.MustMoney("1.00"), Date: d, Payer: "张三",
		Reference: "BANK-001", Channel: "bank_transfer"})
	assert.Equal(t, []string{"reference"}, fields(asError(t, err, dd.CodeInvalid)))
	_, err = lf.svc.RecordRepayment(ctx, lf.am, lf.c.ID, dd.RepaymentInput{Amount: half, Date: d, Payer: "张三", Reference: "X", Channel: "cash"})
	asError(t, err, dd.CodeForbidden)

	// Over: the rest of the first installment and 1,000.00 more, held as a
	// credit that the second installment takes when it falls due.
	owed := st.Installments[0].Outstanding
	over := lf.pay(t, "BANK-002", add(t, owed, money.MustMoney("1000.00")), d, "")
	assert.Equal(t, "1000.00", over.Result.Credit.String())
	assert.Equal(t, "1000.00", lf.asOf(t, d).Credit.String())
	lf.at(i2.DueDate)
	st = lf.asOf(t, i2.DueDate)
	assert.Equal(t, "paid", st.Installments[0].Status)
	assert.True(t, st.Credit.IsZero())
	require.True(t, i2.Interest.Cmp(money.MustMoney("1000.00")) > 0)
	assert.Equal(t, "1000.00", st.Installments[1].PaidInterest.String(), "the credit went to the next installment's interest first")
	assert.True(t, st.Installments[1].PaidPrincipal.IsZero())
	conserved(t, st)

	// Reversal re-allocates: without the first payment, the second pays
	// the first installment's overdue interest, interest and part of its
	// principal; nothing is left for credit.
	_, err = lf.svc.ReverseRepayment(ctx, lf.fin, lf.c.ID, r.ID, dd.ReversalInput{})
	assert.Equal(t, []string{"reason"}, fields(asError(t, err, dd.CodeInvalid)))
	rv, err := lf.svc.ReverseRepayment(ctx, lf.fin, lf.c.ID, r.ID, dd.ReversalInput{Reason: "退票"})
	require.NoError(t, err)
	require.NotNil(t, rv.Reversed)
	st = lf.asOf(t, i2.DueDate)
	assert.Equal(t, "overdue", st.Installments[0].Status)
	assert.True(t, st.Installments[1].PaidPrincipal.IsZero())
	conserved(t, st)
	var second dd.Repayment
	for _, x := range st.Repayments {
		if x.ID == over.ID {
			second = x
		}
	}
	assert.True(t, second.Result.Credit.IsZero())
	assert.Equal(t, dd.ComponentPenalty, second.Result.Lines[0].Component)

	// The events carry the amounts.
	evs := actions(t, lf.fixture, lf.c.ID)
	assert.Contains(t, evs, "repayment.recorded")
	assert.Contains(t, evs, "repayment.reversed")
}

func actions(t *testing.T, f *fixture, caseID string) []string {
	t.Helper()
	evs, err := f.svc.Events(context.Background(), f.aud, caseID)
	require.NoError(t, err)
	var out []string
	for _, e := range evs {
		out = append(out, e.Action)
	}
	return out
}

func TestRepayment_concurrentRetriesCountOnce(t *testing.T) {
	lf := disbursedLoan(t, nil)
	d := lf.inst(0).DueDate
	lf.at(d)
	var wg sync.WaitGroup
	ids := make([]string, 8)
	errs := make([]error, 8)
	for i := range ids {
		wg.Go(func() {
			r, err := lf.svc.RecordRepayment(context.Background(), lf.fin, lf.c.ID, dd.RepaymentInput{Amount: lf.inst(0).Payment, Date: d,
				Payer: "张三", Reference: "RETRY-1", Channel: "bank_transfer"})
			errs[i] = err
			if err == nil {
				ids[i] = r.ID
			}
		})
	}
	wg.Wait()
	for i := range ids {
		require.NoError(t, errs[i])
		assert.Equal(t, ids[0], ids[i])
	}
	st := lf.asOf(t, d)
	assert.Len(t, st.Repayments, 1)
	assert.Equal(t, "paid", st.Installments[0].Status)
	assert.Equal(t, "due", st.Installments[1].Status)
}

func TestRepayment_early(t *testing.T) {
	fee := money.MustRate("0.01")
	lf := disbursedLoan(t, func(p *dd.Policy) { p.Repayment.EarlyRepaymentFee = &fee })
	i1 := lf.inst(0)
	d := i1.DueDate
	lf.at(d)

	// Part: the first installment and 100,000 of principal early, with the
	// 1% fee; the installment stays, the term shortens.
	amount := add(t, i1.Payment, money.MustMoney("101000.00"))
	r := lf.pay(t, "EARLY-1", amount, d, dd.RepaymentEarlyPartial)
	assert.Equal(t, "1000.00", r.Result.Fee.String())
	last := r.Result.Lines[len(r.Result.Lines)-1]
	assert.True(t, last.Early)
	assert.Equal(t, "100000.00", last.Amount.String())
	st := lf.asOf(t, d)
	conserved(t, st)
	cancelled := 0
	for i, is := range st.Installments {
		switch {
		case is.Status == "cancelled":
			cancelled++
		case i > 0 && i < len(st.Installments)-1 && st.Installments[i+1].Status != "cancelled":
			assert.Equal(t, lf.inst(i).Payment.String(), add(t, is.Principal, is.Interest, is.Fee).String(), "installment %d keeps its amount", i+1)
		}
	}
	assert.Greater(t, cancelled, 5, "the term is shorter")
	assert.Equal(t, sub(t, i1.Balance, money.MustMoney("100000.00")), st.Principal)

	// Full: short of the payoff is refused, naming it; the payoff closes the case.
	d2 := lf.inst(1).DueDate.AddDays(-5)
	lf.at(d2)
	payoff := lf.asOf(t, d2).Payoff
	_, err := lf.svc.RecordRepayment(context.Background(), lf.fin, lf.c.ID, dd.RepaymentInput{Amount: sub(t, payoff, money.MustMoney("0.01")), Date: d2,
		Payer: "张三", Reference: "EARLY-2", Channel: "bank_transfer", Kind: dd.RepaymentEarlyFull})
	assert.Equal(t, []string{"amount"}, fields(asError(t, err, dd.CodeInvalid)))
	full := lf.pay(t, "EARLY-3", payoff, d2, dd.RepaymentEarlyFull)
	assert.True(t, full.Result.Credit.IsZero())
	assert.Equal(t, payoff, *full.Result.Payoff)
	st = lf.asOf(t, d2)
	assert.True(t, st.Closed)
	assert.True(t, st.Principal.IsZero())
	conserved(t, st)
	c, err := lf.svc.FindCaseByID(context.Background(), lf.am, lf.c.ID)
	require.NoError(t, err)
	assert.Equal(t, dd.StageClosed, c.Stage)
	_, err = lf.svc.ReverseRepayment(context.Background(), lf.fin, lf.c.ID, full.ID, dd.ReversalInput{Reason: "x"})
	asError(t, err, dd.CodeConflict)
}

func TestRepayment_regularPaymentsClose(t *testing.T) {
	lf := disbursedLoan(t, nil)
	for i, in := range lf.loan.Tranches[0].Installments {
		lf.at(in.DueDate)
		lf.pay(t, fmt.Sprintf("M-%02d", i+1), in.Payment, in.DueDate, "")
	}
	st := lf.asOf(t, lf.loan.Maturity)
	assert.True(t, st.Closed)
	assert.True(t, st.Credit.IsZero())
	c, err := lf.svc.FindCaseByID(context.Background(), lf.am, lf.c.ID)
	require.NoError(t, err)
	assert.Equal(t, dd.StageClosed, c.Stage)
}

// TestClassification_floors lets an unpaid loan age through every floor.
func TestClassification_floors(t *testing.T) {
	lf := disbursedLoan(t, nil)
	ctx := context.Background()
	due := lf.inst(0).DueDate
	for _, tt := range []struct {
		days int
		want dd.Classification
	}{{0, dd.ClassNormal}, {1, dd.ClassSpecialMention}, {90, dd.ClassSpecialMention}, {91, dd.ClassSubstandard},
		{270, dd.ClassSubstandard}, {271, dd.ClassDoubtful}, {360, dd.ClassDoubtful}, {361, dd.ClassLoss}} {
		d := due.AddDays(tt.days)
		lf.at(d)
		st := lf.asOf(t, money.Date{})
		assert.Equal(t, tt.days, st.DaysPastDue)
		assert.Equal(t, tt.want, st.Floor, "%d days", tt.days)
		assert.Equal(t, tt.want, st.Classification, "%d days", tt.days)
		assert.True(t, st.Penalty.Sign() > 0 || tt.days == 0)
	}

	// A manual downgrade: risk officers only, never above the floor, with a reason.
	d := due.AddDays(30)
	lf.at(d)
	_, err := lf.svc.Classify(ctx, lf.fin, lf.c.ID, dd.ClassificationInput{Classification: dd.ClassDoubtful, Reason: "x"})
	asError(t, err, dd.CodeForbidden)
	_, err = lf.svc.Classify(ctx, lf.risk, lf.c.ID, dd.ClassificationInput{Classification: dd.ClassNormal, Reason: "已还款意愿强"})
	assert.Equal(t, []string{"classification"}, fields(asError(t, err, dd.CodeInvalid)))
	_, err = lf.svc.Classify(ctx, lf.risk, lf.c.ID, dd.ClassificationInput{Classification: dd.ClassDoubtful})
	assert.Equal(t, []string{"reason"}, fields(asError(t, err, dd.CodeInvalid)))
	st, err := lf.svc.Classify(ctx, lf.risk, lf.c.ID, dd.ClassificationInput{Classification: dd.ClassDoubtful, Reason: "借款人涉诉"})
	require.NoError(t, err)
	assert.Equal(t, dd.ClassSpecialMention, st.Floor)
	assert.Equal(t, dd.ClassDoubtful, st.Classification)
	assert.Equal(t, "可疑", st.ClassZH)
	assert.Contains(t, actions(t, lf.fixture, lf.c.ID), "loan.classified")

	// Non-performing: principal first.
	r := lf.pay(t, "NPL-1", money.MustMoney("1000.00"), d, "")
	assert.Equal(t, dd.ClassDoubtful, r.Result.Classification)
	require.Len(t, r.Result.Lines, 1)
	assert.Equal(t, dd.ComponentPrincipal, r.Result.Lines[0].Component)
}

// TestOverdue_cap holds overdue interest to 4 × LPR under private lending.
func TestOverdue_cap(t *testing.T) {
	markup := money.MustRate("5")
	lf := disbursedLoan(t, func(p *dd.Policy) {
		p.Pricing.Regime = contracts.RegimePrivateLending
		p.Repayment.Overdue.Markup = &markup
	})
	d := lf.inst(0).DueDate.AddDays(60)
	lf.at(d)
	st := lf.asOf(t, d)
	assert.True(t, st.Capped)
	free := disbursedLoan(t, func(p *dd.Policy) { p.Repayment.Overdue.Markup = &markup })
	free.at(d)
	assert.True(t, free.asOf(t, d).Penalty.Cmp(st.Penalty) > 0, "the cap holds the penalty down")
}
