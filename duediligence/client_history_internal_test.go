package duediligence

import (
	"strconv"
	"testing"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// TestHistory_oneReplayAgreesWithEach replays a loan once and checks that
// the days past due it reads for each earlier day are those of a replay
// to that day, over late, partial and missed payments; a loan of 360
// months read long after its maturity samples at most MaxHistoryPoints
// month-ends.
func TestHistory_oneReplayAgreesWithEach(t *testing.T) {
	on := money.MustDate("2026-01-15")
	sched, err := contracts.NewSchedule(contracts.Terms{Principal: money.MustMoney("120000.00"), AnnualRate: money.MustRate("0.12"),
		TermMonths: 12, Method: contracts.EqualInstallment, Disbursement: on})
	if err != nil {
		t.Fatal(err)
	}
	l := &Loan{AnnualRate: money.MustRate("0.12"), Method: contracts.EqualInstallment, ContractDate: on,
		Tranches: []Tranche{{ID: "t", ReceiptNumber: "R-1", DisbursedOn: on, Installments: sched.Installments}}}
	pay := sched.Installments[0].Payment
	var reps []Repayment
	for i, d := range []money.Date{on.AddMonths(1).AddDays(20), on.AddMonths(2), on.AddMonths(2).AddDays(3), on.AddMonths(6)} {
		reps = append(reps, Repayment{ID: string(rune('a' + i)), Seq: i + 1, Amount: pay, Date: d, Kind: RepaymentRegular})
	}
	p := RepaymentPolicy{}
	asOf := on.AddDays(500)
	b, _, err := replay(l, reps, asOf, p, money.HalfUp, nil)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []Classification
	for d := on; !d.After(asOf); d = d.AddDays(1) {
		each, _, err := replay(l, reps, d, p, money.HalfUp, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := b.daysPastDueOn(d), each.daysPastDue(d); got != want {
			t.Fatalf("%s: %d days past due from the replay to %s, %d from the replay to the day", d, got, asOf, want)
		}
	}
	for _, pr := range b.history(l, nil, asOf) {
		kinds = append(kinds, pr.Classification)
		if pr.Cause != CauseFloor {
			t.Errorf("%v: no downgrade, yet cause %s", pr, pr.Cause)
		}
	}
	if last := ClassificationFloor(b.daysPastDue(asOf)); len(kinds) < 3 || kinds[0] != ClassNormal || kinds[len(kinds)-1] != last {
		t.Errorf("periods %v: from normal, late, to %s 500 days on", kinds, last)
	}

	long, err := contracts.NewSchedule(contracts.Terms{Principal: money.MustMoney("3600000.00"), AnnualRate: money.MustRate("0.05"),
		TermMonths: 360, Method: contracts.EqualPrincipal, Disbursement: on})
	if err != nil {
		t.Fatal(err)
	}
	ll := &Loan{AnnualRate: money.MustRate("0.05"), Method: contracts.EqualPrincipal, ContractDate: on,
		Tranches: []Tranche{{ID: "t", ReceiptNumber: "R-1", DisbursedOn: on, Installments: long.Installments}}}
	late := on.AddMonths(400)
	lb, _, err := replay(ll, nil, late, p, money.HalfUp, nil)
	if err != nil {
		t.Fatal(err)
	}
	downs := []Downgrade{{Date: on.AddMonths(2), To: ClassSubstandard, By: "risk", Reason: "经营恶化"}}
	h := lb.history(ll, downs, late)
	if len(h) == 0 || h[len(h)-1].To != late {
		t.Fatalf("history %v ends not on %s", h, late)
	}
	if h[0].From.Before(late.AddMonths(-MaxHistoryPoints - 1)) {
		t.Errorf("the history starts %s: more than %d month-ends before %s", h[0].From, MaxHistoryPoints, late)
	}
	for _, pr := range h {
		if pr.From.Before(late.AddMonths(-MaxHistoryPoints - 1)) {
			t.Errorf("a period from %s, before the sampled month-ends", pr.From)
		}
	}
}

// BenchmarkHistory measures a 360-month loan's classification history,
// read 20 years in from one replay (one), against a replay to each sampled
// day (each), which the history does without.
func BenchmarkHistory(b *testing.B) {
	on := money.MustDate("2026-01-15")
	sched, err := contracts.NewSchedule(contracts.Terms{Principal: money.MustMoney("3600000.00"), AnnualRate: money.MustRate("0.05"),
		TermMonths: 360, Method: contracts.EqualInstallment, Disbursement: on})
	if err != nil {
		b.Fatal(err)
	}
	l := &Loan{AnnualRate: money.MustRate("0.05"), Method: contracts.EqualInstallment, ContractDate: on,
		Tranches: []Tranche{{ID: "t", ReceiptNumber: "R-1", DisbursedOn: on, Installments: sched.Installments}}}
	var reps []Repayment
	for i, in := range sched.Installments[:230] {
		reps = append(reps, Repayment{ID: strconv.Itoa(i), Seq: i + 1, Amount: in.Payment, Date: in.DueDate.AddDays(i % 40), Kind: RepaymentRegular})
	}
	asOf := on.AddMonths(240)
	b.Run("one", func(b *testing.B) {
		for b.Loop() {
			bk, _, err := replay(l, reps, asOf, RepaymentPolicy{}, money.HalfUp, nil)
			if err != nil {
				b.Fatal(err)
			}
			bk.history(l, nil, asOf)
		}
	})
	b.Run("each", func(b *testing.B) {
		for b.Loop() {
			for m := monthEnd(on); m.Before(asOf); m = monthEnd(m.AddDays(1)) {
				bk, _, err := replay(l, reps, m, RepaymentPolicy{}, money.HalfUp, nil)
				if err != nil {
					b.Fatal(err)
				}
				ClassificationFloor(bk.daysPastDue(m))
			}
		}
	})
}
