package duediligence_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// loanDue is a disbursed loan whose last instalment falls due on last.
func loanDue(disbursed, last string) *dd.Loan {
	return &dd.Loan{ID: "loan-1", CaseID: "case-1", Maturity: money.MustDate(last), Tranches: []dd.Tranche{{ID: "tr-1", Seq: 1,
		DisbursedOn: money.MustDate(disbursed), Maturity: money.MustDate(last),
		Installments: []contracts.Installment{{Period: 1, DueDate: money.MustDate(disbursed).AddMonths(1)}, {Period: 2, DueDate: money.MustDate(last)}}}}}
}

// disbursedCase is a case in disbursed with a joint and several guarantee
// whose period is not agreed and a general one of twelve months.
func disbursedCase() *dd.Case {
	return &dd.Case{ID: "case-1", Stage: dd.StageDisbursed, Applicant: dd.Party{Kind: dd.Person, Name: "张三"},
		Guarantees: []dd.Guarantee{
			{ID: "g-1", Guarantor: dd.Party{Kind: dd.Person, Name: "赵六"}, Kind: dd.GuaranteeJointAndSeveral},
			{ID: "g-2", Guarantor: dd.Party{Kind: dd.Person, Name: "钱七"}, Kind: dd.GuaranteeGeneral, Period: dd.GuaranteePeriod{Months: 12}},
		}}
}

func demand(id string, to dd.DemandAddressee, guarantee, on string) dd.Demand {
	return dd.Demand{ID: id, To: to, GuaranteeID: guarantee, Method: dd.DemandPost, DeliveredOn: money.MustDate(on), Proof: "doc-1"}
}

// postLoanResults runs the catalogue on c with facts as the follow-up
// does, and keeps rule id's results.
func postLoanResults(c *dd.Case, f *dd.PostLoanFacts, id string) []dd.Unmet {
	v := dd.NewView(c, dd.DefaultPolicy(), now)
	v.PostLoan = f
	var out []dd.Unmet
	for _, u := range dd.DefaultCatalogue().Evaluate(v, dd.StageDisbursed) {
		if u.Rule == id {
			out = append(out, u)
		}
	}
	return out
}

// TestDeadlines_limitationRestarted: the claim against the borrower of an
// instalment debt is time-barred three years after the last due date
// (Civil Code arts. 188, 189), and a demand delivered while it runs starts
// it again (art. 195); one delivered after it ended does not revive it.
func TestDeadlines_limitationRestarted(t *testing.T) {
	c := disbursedCase()
	c.Guarantees = nil
	f := &dd.PostLoanFacts{AsOf: money.MustDate("2031-01-01"), Loan: loanDue("2027-01-10", "2030-01-10")}
	due, ds := f.Deadlines(c, dd.DefaultPolicy(), check.EN)
	assert.Equal(t, "2030-01-10", due.String())
	require.Len(t, ds, 1)
	assert.Equal(t, "2033-01-10", ds[0].Ends.String())
	assert.Equal(t, dd.DeadlineRunning, ds[0].Status)
	assert.Equal(t, 740, ds[0].DaysLeft)

	f.Demands = []dd.Demand{demand("d-1", dd.DemandBorrower, "", "2031-06-01")}
	_, ds = f.Deadlines(c, dd.DefaultPolicy(), check.EN)
	assert.Equal(t, "2031-06-01", ds[0].Starts.String())
	assert.Equal(t, "2034-06-01", ds[0].Ends.String())
	assert.Equal(t, "d-1", ds[0].RestartedBy)
	assert.Contains(t, ds[0].Basis, "2031-06-01")

	// A second demand restarts it again; one after the end does nothing.
	f.Demands = append(f.Demands, demand("d-2", dd.DemandBorrower, "", "2033-02-01"), demand("d-3", dd.DemandBorrower, "", "2037-06-02"))
	_, ds = f.Deadlines(c, dd.DefaultPolicy(), check.ZH)
	assert.Equal(t, "2036-02-01", ds[0].Ends.String())
	assert.Equal(t, "d-2", ds[0].RestartedBy)
	assert.Contains(t, ds[0].Basis, "重新计算")
}

// TestDeadlines_guarantees: a guarantee period not agreed is six months
// from the due date (art. 692) and no demand moves it; a demand on a joint
// and several guarantor within it keeps the guarantee and starts the
// guarantor's own limitation period (art. 694); a general guarantor's has
// not started.
func TestDeadlines_guarantees(t *testing.T) {
	c := disbursedCase()
	f := &dd.PostLoanFacts{AsOf: money.MustDate("2030-06-20"), Loan: loanDue("2027-01-10", "2030-01-10")}
	_, ds := f.Deadlines(c, dd.DefaultPolicy(), check.EN)
	require.Len(t, ds, 5)
	joint, jointLim, general, generalLim := ds[1], ds[2], ds[3], ds[4]
	assert.Equal(t, dd.RuleGuaranteeDeadline, joint.Rule)
	assert.Equal(t, "2030-07-10", joint.Ends.String(), "six months from the due date")
	assert.Equal(t, dd.DeadlineAlert, joint.Status, "20 days left, within the 30-day alert")
	assert.Equal(t, dd.DeadlineNotStarted, jointLim.Status)
	assert.Equal(t, "2031-01-10", general.Ends.String(), "twelve months as agreed")
	assert.Equal(t, dd.DeadlineRunning, general.Status)
	assert.Equal(t, dd.DeadlineNotStarted, generalLim.Status)
	assert.Contains(t, generalLim.Basis, "general guarantee")

	// A demand on the borrower does not extend the guarantee period.
	f.Demands = []dd.Demand{demand("d-1", dd.DemandBorrower, "", "2030-06-01")}
	_, ds = f.Deadlines(c, dd.DefaultPolicy(), check.EN)
	assert.Equal(t, "2030-07-10", ds[1].Ends.String())
	assert.Equal(t, "2033-06-01", ds[0].Ends.String())

	// The guarantor demanded within the period.
	f.Demands = append(f.Demands, demand("d-2", dd.DemandGuarantor, "g-1", "2030-06-15"))
	_, ds = f.Deadlines(c, dd.DefaultPolicy(), check.EN)
	assert.Equal(t, dd.DeadlineAsserted, ds[1].Status)
	assert.Equal(t, "2030-07-10", ds[1].Ends.String(), "never extended")
	assert.Equal(t, "2030-06-15", ds[2].Starts.String())
	assert.Equal(t, "2033-06-15", ds[2].Ends.String())
	assert.Equal(t, dd.DeadlineRunning, ds[2].Status)

	// A demand after the period ended comes too late.
	f.Demands = []dd.Demand{demand("d-3", dd.DemandGuarantor, "g-1", "2030-07-11")}
	f.AsOf = money.MustDate("2030-07-11")
	_, ds = f.Deadlines(c, dd.DefaultPolicy(), check.EN)
	assert.Equal(t, dd.DeadlineExpired, ds[1].Status)
	assert.Equal(t, dd.DeadlineNotStarted, ds[2].Status)

	// An agreed period ending on or before the due date counts as six months.
	end := money.MustDate("2030-01-10")
	c.Guarantees[0].Period = dd.GuaranteePeriod{Ends: &end}
	_, ds = f.Deadlines(c, dd.DefaultPolicy(), check.EN)
	assert.Equal(t, "2030-07-10", ds[1].Ends.String())
}

// TestPostLoanRules checks that each post-loan rule fires on a loan made
// for it, with its citation, warns before the end and blocks after it,
// keeps quiet on a near miss, and blocks when it has facts but no loan.
func TestPostLoanRules(t *testing.T) {
	c := disbursedCase()
	loan := loanDue("2026-01-10", "2029-01-10")
	visited := func(on string) []dd.Visit {
		return []dd.Visit{{ID: "v-1", Date: money.MustDate(on), Subject: dd.VisitBorrower, Method: dd.VisitPhone, Findings: "正常"}}
	}
	tests := []struct {
		rule     string
		fire     *dd.PostLoanFacts
		severity check.Severity
		pass     *dd.PostLoanFacts
	}{
		// 90 days after the disbursement on 10 January 2026 is 10 April.
		{dd.RuleVisitDue, &dd.PostLoanFacts{AsOf: money.MustDate("2026-04-11"), Loan: loan, Classification: dd.ClassNormal}, check.Warn,
			&dd.PostLoanFacts{AsOf: money.MustDate("2026-04-11"), Loan: loan, Classification: dd.ClassNormal, Visits: visited("2026-03-01")}},
		// Tighter for special mention (关注): 30 days.
		{dd.RuleVisitDue, &dd.PostLoanFacts{AsOf: money.MustDate("2026-04-01"), Loan: loan, Classification: dd.ClassSpecialMention, Visits: visited("2026-03-01")}, check.Warn,
			&dd.PostLoanFacts{AsOf: money.MustDate("2026-03-31"), Loan: loan, Classification: dd.ClassSpecialMention, Visits: visited("2026-03-01")}},
		{dd.RuleGuaranteeDeadline, &dd.PostLoanFacts{AsOf: money.MustDate("2029-07-01"), Loan: loan}, check.Warn,
			&dd.PostLoanFacts{AsOf: money.MustDate("2029-06-09"), Loan: loan}},
		{dd.RuleGuaranteeDeadline, &dd.PostLoanFacts{AsOf: money.MustDate("2029-07-11"), Loan: loan}, check.Block,
			&dd.PostLoanFacts{AsOf: money.MustDate("2029-07-11"), Loan: loan, Demands: []dd.Demand{demand("d-1", dd.DemandGuarantor, "g-1", "2029-07-10")}}},
		{dd.RuleLimitationPeriod, &dd.PostLoanFacts{AsOf: money.MustDate("2031-12-01"), Loan: loan}, check.Warn,
			&dd.PostLoanFacts{AsOf: money.MustDate("2031-10-01"), Loan: loan}},
		{dd.RuleLimitationPeriod, &dd.PostLoanFacts{AsOf: money.MustDate("2032-01-11"), Loan: loan}, check.Block,
			&dd.PostLoanFacts{AsOf: money.MustDate("2032-01-11"), Loan: loan, Demands: []dd.Demand{demand("d-1", dd.DemandBorrower, "", "2031-12-01")}}},
		{dd.RuleGuarantorLimitation, &dd.PostLoanFacts{AsOf: money.MustDate("2032-06-01"), Loan: loan, Demands: []dd.Demand{demand("d-1", dd.DemandGuarantor, "g-1", "2029-07-01")}}, check.Warn,
			&dd.PostLoanFacts{AsOf: money.MustDate("2032-03-01"), Loan: loan, Demands: []dd.Demand{demand("d-1", dd.DemandGuarantor, "g-1", "2029-07-01")}}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			got := postLoanResults(c, tt.fire, tt.rule)
			require.NotEmpty(t, got, "the firing loan raises nothing")
			r, _ := dd.DefaultCatalogue().Rule(tt.rule)
			assert.Equal(t, r.Citation, got[0].Citation)
			assert.Equal(t, tt.severity, got[0].Severity)
			assert.NotEmpty(t, got[0].Message)
			assert.Empty(t, postLoanResults(c, tt.pass, tt.rule), "the passing loan raises a result")
		})
	}
	t.Run("no loan", func(t *testing.T) {
		for _, id := range []string{dd.RuleVisitDue, dd.RuleGuaranteeDeadline, dd.RuleLimitationPeriod, dd.RuleGuarantorLimitation} {
			got := postLoanResults(c, &dd.PostLoanFacts{AsOf: money.MustDate("2026-04-11")}, id)
			require.Len(t, got, 1, id)
			assert.Equal(t, check.Block, got[0].Severity, id)
		}
	})
	t.Run("not post-loan", func(t *testing.T) {
		// A gate's view (a drawdown's) has no facts: the rules say nothing.
		assert.Empty(t, postLoanResults(c, nil, dd.RuleLimitationPeriod))
		c := disbursedCase()
		c.Stage = dd.StageContracting
		assert.Empty(t, postLoanResults(c, &dd.PostLoanFacts{AsOf: money.MustDate("2032-01-11"), Loan: loan}, dd.RuleLimitationPeriod))
	})
}

// TestWeek checks ISO weeks: Monday to Sunday, week 1 holding 4 January.
func TestWeek(t *testing.T) {
	w, err := dd.ParseWeek("2026-W49")
	require.NoError(t, err)
	from, to := w.Days()
	assert.Equal(t, "2026-11-30", from.String())
	assert.Equal(t, "2026-12-06", to.String())
	assert.Equal(t, w, dd.WeekOf(money.MustDate("2026-12-06")))
	w, err = dd.ParseWeek("2027-W01")
	require.NoError(t, err)
	from, _ = w.Days()
	assert.Equal(t, "2027-01-04", from.String())
	assert.Equal(t, "2020-W53", dd.WeekOf(money.MustDate("2021-01-03")).String())
	for _, bad := range []string{"2026-W54", "2026-W00", "2026W49", "2026-w49", "2026-W4x", "", "2025-W53"} {
		_, err := dd.ParseWeek(bad)
		assert.Error(t, err, bad)
	}
}

// FuzzParseWeek: whatever the query holds, ParseWeek either refuses it or
// returns a week that writes back as given.
func FuzzParseWeek(f *testing.F) {
	for _, s := range []string{"2026-W49", "2020-W53", "0001-W01", "9999-W52", "2026-W99", "+026-W01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := dd.ParseWeek(s)
		if err != nil {
			return
		}
		require.Equal(t, s, w.String())
		from, to := w.Days()
		require.Equal(t, 6, to.DaysSince(from))
		require.Equal(t, w, dd.WeekOf(from))
	})
}

// TestMaskPhone: lists show a phone's first three and last four.
func TestMaskPhone(t *testing.T) {
	assert.Equal(t, "138****8000", dd.MaskPhone("13800138000"))
	assert.Equal(t, "010****5678", dd.MaskPhone("010-12345678"))
	assert.Equal(t, "****", dd.MaskPhone("12345"))
	assert.Equal(t, "", dd.MaskPhone(""))
}
