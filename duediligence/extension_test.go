package duediligence_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

func TestExtensionLimit(t *testing.T) {
	for _, tc := range []struct{ term, limit int }{
		{6, 6}, {12, 12}, // short term: at most the original term
		{13, 6}, {36, 18}, {60, 30}, // medium term: at most half of it
		{61, 36}, {120, 36}, // long term: at most three years
	} {
		assert.Equal(t, tc.limit, dd.ExtensionLimit(tc.term), "term %d", tc.term)
	}
}

// withGuarantor gives the case a guarantee behind the service's back (the
// fixture's case has none), as a case guaranteed since intake would.
func withGuarantor(t *testing.T, lf *loanFixture) *dd.Case {
	t.Helper()
	return changeCase(t, lf, func(c *dd.Case) {
		c.Guarantees = append(c.Guarantees, dd.Guarantee{ID: "0190a1b2-0000-7000-8000-000000000001",
			Guarantor: dd.Party{Kind: dd.Person, Name: "李四"}, Kind: dd.GuaranteeJointAndSeveral})
	})
}

// changeCase changes the fixture's case behind the service's back and
// returns it as the service reads it.
func changeCase(t *testing.T, lf *loanFixture, change func(*dd.Case)) *dd.Case {
	t.Helper()
	ctx := context.Background()
	c, err := lf.svc.FindCaseByID(ctx, lf.am, lf.c.ID)
	require.NoError(t, err)
	d := *c
	change(&d)
	d.Version++
	require.NoError(t, lf.st.WithTx(ctx, func(tx dd.Tx) error {
		return tx.Cases().UpdateCase(ctx, &d, c.Version, d.Listing())
	}))
	c, err = lf.svc.FindCaseByID(ctx, lf.am, lf.c.ID)
	require.NoError(t, err)
	return c
}

// mortgaged is a flat as collateral, owned by owner in relation to the borrower.
func mortgaged(id, title, owner string, rel collateral.Relation) dd.CollateralItem {
	return dd.CollateralItem{Item: collateral.Item{ID: id, Kind: collateral.KindResidential, Arrangement: collateral.Mortgage,
		Description: "两室一厅", TitleNumber: title, CoOwnership: collateral.CoOwnershipSole,
		Owners: []collateral.Owner{{Name: owner, Relation: rel}}}}
}

// TestService_ExtensionThirdPartySecurity: a third party who mortgaged its
// flat for the borrower's debt consents to an extension as a guarantor
// does (SPC interpretation on security, art. 20, applying Civil Code art.
// 695); the borrower's own flat needs no one's consent.
func TestService_ExtensionThirdPartySecurity(t *testing.T) {
	lf := disbursedLoan(t, nil)
	ctx := context.Background()
	own := mortgaged("0190a1b2-0000-7000-8000-0000000000c1", "京(2020)朝阳区不动产权第0000001号", "张三", collateral.RelationBorrower)
	third := mortgaged("0190a1b2-0000-7000-8000-0000000000c2", "京(2020)朝阳区不动产权第0000002号", "赵六", collateral.RelationThirdParty)
	c := changeCase(t, lf, func(c *dd.Case) { c.Collateral = append(c.Collateral, own, third) })
	doc := c.Documents[0].ID

	// A consent names a guarantee or a collateral item, exactly one; the
	// borrower's own flat is nobody's to consent to.
	for _, tc := range []struct {
		in    dd.ConsentInput
		field string
	}{
		{dd.ConsentInput{DocumentID: doc}, "consents[0].guarantee_id"},
		{dd.ConsentInput{GuaranteeID: "g", CollateralID: third.ID, DocumentID: doc}, "consents[0].collateral_id"},
		{dd.ConsentInput{CollateralID: "nope", DocumentID: doc}, "consents[0].collateral_id"},
		{dd.ConsentInput{CollateralID: own.ID, DocumentID: doc}, "consents[0].collateral_id"},
		{dd.ConsentInput{CollateralID: strings.Repeat("x", 65), DocumentID: doc}, "consents[0].collateral_id"},
	} {
		_, err := lf.svc.RequestExtension(ctx, lf.am, c.ID, c.Version, dd.ExtensionInput{Months: 6, Reason: "经营周转困难", Consents: []dd.ConsentInput{tc.in}})
		assert.Equal(t, []string{tc.field}, fields(asError(t, err, dd.CodeInvalid)), "%+v", tc.in)
	}

	// Without the third party's consent the extension is not approved: the
	// gate names its flat and it, and only it.
	c, err := lf.svc.RequestExtension(ctx, lf.am, c.ID, c.Version, dd.ExtensionInput{Months: 6, Reason: "经营周转困难"})
	require.NoError(t, err)
	_, err = lf.svc.Decide(ctx, lf.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove})
	require.Equal(t, dd.CodeGate, dd.ErrorCode(err), "%v", err)
	u := unmetOf(t, err)
	require.Len(t, u, 1, "the borrower's own flat needs no consent: %+v", u)
	assert.Equal(t, dd.RuleExtensionConsent, u[0].Rule)
	assert.Equal(t, "collateral[1]", u[0].Path)
	assert.Equal(t, check.Block, u[0].Severity)
	zh := dd.Messages().Render(check.ZH, u[0].Key, u[0].Params)
	assert.Contains(t, zh, "赵六")
	assert.Contains(t, zh, third.TitleNumber)
	assert.Contains(t, dd.CitationIn(u[0], check.ZH), "有关担保制度的解释》第二十条")
	assert.Contains(t, dd.CitationIn(u[0], check.EN), "art. 20")

	// Its consent recorded, the extension is approved.
	c, err = lf.svc.RecordExtensionConsent(ctx, lf.am, c.ID, c.Version, dd.ConsentInput{CollateralID: third.ID, DocumentID: doc})
	require.NoError(t, err)
	a := c.Approvals[len(c.Approvals)-1]
	require.Len(t, a.Extension.Consents, 1)
	assert.Equal(t, third.ID, a.Extension.Consents[0].CollateralID)
	assert.Empty(t, a.Extension.Consents[0].GuaranteeID)
	c, err = lf.svc.Decide(ctx, lf.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove, Comment: "同意展期"})
	require.NoError(t, err)
	assert.Equal(t, dd.DecisionApprove, c.Approvals[len(c.Approvals)-1].Outcome)
	l, err := lf.svc.Loan(ctx, lf.am, c.ID)
	require.NoError(t, err)
	assert.Equal(t, lf.loan.Maturity.AddMonths(6), l.Maturity)
}

// TestService_ExtensionConsentSeverity: the consent is a gate by default;
// a lender's policy may lower the rule to a warning, as for a rule of the
// catalogue, and the approval then goes through, the missing consent in
// its audit event; or disable it.
func TestService_ExtensionConsentSeverity(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy func(*dd.Policy)
		warned bool
	}{
		{"warn", func(p *dd.Policy) { p.Rules.Severity = map[string]check.Severity{dd.RuleExtensionConsent: check.Warn} }, true},
		{"disabled", func(p *dd.Policy) { p.Rules.Disabled = append(p.Rules.Disabled, dd.RuleExtensionConsent) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lf := disbursedLoan(t, tc.policy)
			ctx := context.Background()
			c := withGuarantor(t, lf)
			c, err := lf.svc.RequestExtension(ctx, lf.am, c.ID, c.Version, dd.ExtensionInput{Months: 6, Reason: "经营周转困难"})
			require.NoError(t, err)
			c, err = lf.svc.Decide(ctx, lf.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove})
			require.NoError(t, err, "the policy lets an extension without the guarantor's consent through")
			assert.Equal(t, dd.DecisionApprove, c.Approvals[len(c.Approvals)-1].Outcome)
			evs, err := lf.svc.Events(ctx, lf.dm, c.ID)
			require.NoError(t, err)
			var decided map[string]any
			for _, e := range evs {
				if e.Action == "case.decided" {
					decided = nil
					require.NoError(t, json.Unmarshal(e.Data, &decided))
				}
			}
			require.NotNil(t, decided)
			w, warned := decided["warnings"]
			assert.Equal(t, tc.warned, warned, "%v", decided)
			if tc.warned {
				assert.Contains(t, fmt.Sprint(w), "李四", "the warning names the guarantor")
			}
		})
	}
}

func TestService_Extension(t *testing.T) {
	lf := disbursedLoan(t, nil)
	ctx := context.Background()
	c := withGuarantor(t, lf)
	// Two installments repaid on time; the loan of 36 months is extended
	// the day after the second.
	for i, ref := range []string{"E-1", "E-2"} {
		lf.at(lf.inst(i).DueDate)
		lf.pay(t, ref, lf.inst(i).Payment, lf.inst(i).DueDate, dd.RepaymentRegular)
	}
	day := lf.inst(1).DueDate.AddDays(1)
	lf.at(day)
	before := lf.asOf(t, day)

	// Beyond 贷款通则 art. 12: a medium-term loan of 36 months is extended
	// by at most 18 months in all.
	_, err := lf.svc.RequestExtension(ctx, lf.am, c.ID, c.Version, dd.ExtensionInput{Months: 19, Reason: "经营周转困难"})
	require.Equal(t, dd.CodeGate, dd.ErrorCode(err), "%v", err)
	u := unmetOf(t, err)
	require.Len(t, u, 1)
	assert.Equal(t, dd.RuleExtensionLimit, u[0].Rule)
	assert.Contains(t, u[0].Citation, "贷款通则")
	assert.Contains(t, dd.Messages().Render(check.ZH, u[0].Key, u[0].Params), "累计 18 个月")
	_, err = lf.svc.RequestExtension(ctx, lf.fin, c.ID, c.Version, dd.ExtensionInput{Months: 12, Reason: "x"})
	require.Equal(t, dd.CodeForbidden, dd.ErrorCode(err))

	c, err = lf.svc.RequestExtension(ctx, lf.am, c.ID, c.Version, dd.ExtensionInput{Months: 12, Reason: "经营周转困难"})
	require.NoError(t, err)
	a := c.Approvals[len(c.Approvals)-1]
	assert.Equal(t, dd.ApprovalExtension, a.Kind)
	assert.Equal(t, []dd.ApprovalStep{{Role: dd.RoleDepartmentManager}}, a.Steps)
	require.NotNil(t, a.Extension)
	assert.Equal(t, lf.loan.Maturity.AddMonths(12), a.Extension.NewMaturity)
	assert.Equal(t, dd.StageDisbursed, c.Stage)
	_, err = lf.svc.RequestExtension(ctx, lf.am, c.ID, c.Version, dd.ExtensionInput{Months: 1, Reason: "再次"})
	require.Equal(t, dd.CodeConflict, dd.ErrorCode(err), "one round at a time")

	// The owner does not approve their own extension; without the
	// guarantor's written consent the department manager cannot either.
	_, err = lf.svc.Decide(ctx, lf.am, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove})
	require.Equal(t, dd.CodeForbidden, dd.ErrorCode(err))
	_, err = lf.svc.Decide(ctx, lf.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove})
	require.Equal(t, dd.CodeGate, dd.ErrorCode(err), "%v", err)
	u = unmetOf(t, err)
	require.Len(t, u, 1)
	assert.Equal(t, dd.RuleExtensionConsent, u[0].Rule)
	assert.Contains(t, u[0].Citation, "695")
	c, err = lf.svc.RecordExtensionConsent(ctx, lf.am, c.ID, c.Version, dd.ConsentInput{GuaranteeID: c.Guarantees[0].ID, DocumentID: c.Documents[0].ID})
	require.NoError(t, err)
	c, err = lf.svc.Decide(ctx, lf.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove, Comment: "同意展期"})
	require.NoError(t, err)
	a = c.Approvals[len(c.Approvals)-1]
	assert.Equal(t, dd.DecisionApprove, a.Outcome)
	assert.Equal(t, day, a.Extension.EffectiveOn)
	assert.Equal(t, dd.StageDisbursed, c.Stage, "an extension leaves the loan disbursed")
	assert.Equal(t, dd.ApprovalCredit, c.Approvals[0].Kind)

	// The loan: the maturity moves 12 months; the two installments paid
	// stay; the 34 that were to fall due are superseded, kept for history,
	// by 46 over the principal outstanding.
	l, err := lf.svc.Loan(ctx, lf.am, c.ID)
	require.NoError(t, err)
	assert.Equal(t, lf.loan.Maturity.AddMonths(12), l.Maturity)
	ins := l.Tranches[0].Installments
	require.Len(t, ins, 48)
	assert.Equal(t, lf.inst(0), ins[0])
	assert.Equal(t, lf.inst(1), ins[1])
	assert.Equal(t, 3, ins[2].Period)
	assert.Equal(t, lf.inst(2).DueDate, ins[2].DueDate, "the schedule keeps the tranche's day of the month")
	assert.Equal(t, l.Maturity, ins[47].DueDate)
	require.Len(t, l.Extensions, 1)
	x := l.Extensions[0]
	assert.Equal(t, 12, x.Months)
	assert.Len(t, x.Superseded, 34)
	assert.Equal(t, lf.inst(2), x.Superseded[0].Installment)
	assert.Equal(t, before.Principal, x.Principal)
	var principal money.Money
	for _, in := range ins[2:] {
		principal = add(t, principal, in.Principal)
	}
	assert.Equal(t, before.Principal, principal, "the new installments repay the principal outstanding")

	// As of the day before, the loan reads as it stood (36 installments);
	// from the day on, as extended.
	assert.Len(t, lf.asOf(t, day.AddDays(-1)).Installments, 36)
	after := lf.asOf(t, day)
	assert.Len(t, after.Installments, 48)
	assert.Equal(t, before.Principal, after.Principal)
	assert.Equal(t, dd.ClassNormal, after.Classification)

	// The deadlines run from the new last due date.
	ds, err := lf.svc.Deadlines(ctx, lf.am, c.ID, day, check.ZH)
	require.NoError(t, err)
	assert.Equal(t, l.Maturity, ds.DebtDue)

	// An early repayment dated before the extension is refused; one after
	// it, and the next installment, are taken on the new schedule.
	_, err = lf.svc.RecordRepayment(ctx, lf.fin, c.ID, dd.RepaymentInput{Amount: money.MustMoney("1000.00"), Date: day.AddDays(-1),
		Payer: "张三", Reference: "E-3", Channel: "bank_transfer", Kind: dd.RepaymentEarlyPartial})
	require.Equal(t, dd.CodeInvalid, dd.ErrorCode(err))
	lf.at(ins[2].DueDate)
	lf.pay(t, "E-4", ins[2].Payment, ins[2].DueDate, dd.RepaymentRegular)
	st := lf.asOf(t, ins[2].DueDate)
	assert.Equal(t, "paid", st.Installments[2].Status)
	assert.Equal(t, 0, st.DaysPastDue)
}

func unmetOf(t *testing.T, err error) []dd.Unmet {
	t.Helper()
	var e *dd.Error
	require.True(t, errors.As(err, &e), "%v", err)
	return e.Unmet
}
