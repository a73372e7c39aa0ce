package duediligence_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// readyToSubmit walks a case to the point where submission succeeds.
func readyToSubmit(t *testing.T, f *fixture, in dd.NewCase) *dd.Case {
	t.Helper()
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, in)
	require.NoError(t, err)
	c = toInvestigation(t, f, c)
	for _, m := range []dd.Method{dd.MethodSiteVisit, dd.MethodInterview} {
		c, _, err = f.svc.AddFinding(ctx, f.am, c.ID, c.Version, dd.FindingInput{Topic: dd.TopicOperations, Method: m, Statement: "属实", Result: dd.ResultConfirmed})
		require.NoError(t, err)
	}
	c, err = f.svc.GenerateReport(ctx, f.am, c.ID, c.Version)
	require.NoError(t, err)
	opinion := "同意贷款"
	c, err = f.svc.EditReport(ctx, f.am, c.ID, c.Version, dd.ReportEdit{Opinion: &opinion})
	require.NoError(t, err)
	// Warnings must be justified before submission.
	ch, err := f.svc.Checks(ctx, f.am, c.ID)
	require.NoError(t, err)
	for _, r := range ch.Results {
		if r.Severity == check.Warn && r.Acknowledged == nil && r.Rule != "process.report_attested" {
			c, err = f.svc.Acknowledge(ctx, f.am, c.ID, c.Version, dd.AcknowledgementInput{Rule: r.Rule, Path: r.Path, Justification: "已核实"})
			require.NoError(t, err)
		}
	}
	c, err = f.svc.AttestReport(ctx, f.am, c.ID, c.Version, dd.AttestationInput{})
	require.NoError(t, err)
	return c
}

func submit(t *testing.T, f *fixture, c *dd.Case) *dd.Case {
	t.Helper()
	c, err := f.svc.Transition(context.Background(), f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageSubmitted})
	require.NoError(t, err)
	return c
}

func TestService_SubmitAndApprove(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c := readyToSubmit(t, f, goodPerson())
	_, err := f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageSubmitted})
	require.NoError(t, err)
	c, err = f.svc.FindCaseByID(ctx, f.am, c.ID)
	require.NoError(t, err)
	assert.Equal(t, dd.StageSubmitted, c.Stage)
	assert.Equal(t, "2026-000001", c.LedgerNumber)
	require.Len(t, c.Approvals, 1)
	assert.Equal(t, []dd.ApprovalStep{{Role: dd.RoleDepartmentManager}}, c.Approvals[0].Steps, "500,000 needs the department manager only")
	require.NotEmpty(t, c.Report.Hash)
	assert.Equal(t, c.Report.Hash, c.Approvals[0].ReportHash)
	assert.Equal(t, dd.ApprovalCredit, c.Approvals[0].Kind)
	h, err := c.Report.ComputeHash()
	require.NoError(t, err)
	assert.Equal(t, c.Report.Hash, h, "the stored report still hashes to its hash")

	// The frozen report cannot be edited.
	op := "改"
	_, err = f.svc.EditReport(ctx, f.am, c.ID, c.Version, dd.ReportEdit{Opinion: &op})
	asError(t, err, dd.CodeConflict)

	// The owner cannot decide; a reject needs a comment.
	_, err = f.svc.Decide(ctx, f.am, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove})
	asError(t, err, dd.CodeForbidden)
	_, err = f.svc.Decide(ctx, f.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionReject})
	e := asError(t, err, dd.CodeInvalid)
	assert.Equal(t, []string{"comment"}, fields(e))

	c, err = f.svc.Decide(ctx, f.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove, Conditions: []string{"放款前办妥抵押登记"}})
	require.NoError(t, err)
	assert.Equal(t, dd.StageApproved, c.Stage)
	assert.Equal(t, dd.DecisionApprove, c.Approvals[0].Outcome)
	assert.Equal(t, []string{"放款前办妥抵押登记"}, c.Approvals[0].Steps[0].Conditions)
}

func TestService_ApprovalChainAndSeparationOfDuties(t *testing.T) {
	ctx := context.Background()
	t.Run("above 1,000,000 the risk officer signs after the department manager", func(t *testing.T) {
		f := newFixture(t, nil)
		ro := f.user(t, "风控", dd.RoleRiskOfficer)
		in := goodPerson()
		in.Request.Amount = money.MustMoney("2000000.00")
		income := money.MustMoney("500000.00")
		in.Applicant.MonthlyIncome = &income
		c := submit(t, f, readyToSubmit(t, f, in))
		require.Len(t, c.Approvals[0].Steps, 2)
		_, err := f.svc.Decide(ctx, ro, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove})
		e := asError(t, err, dd.CodeForbidden)
		assert.Contains(t, e.Message, "the department manager's, not the risk officer's")
		c, err = f.svc.Decide(ctx, f.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove})
		require.NoError(t, err)
		assert.Equal(t, dd.StageSubmitted, c.Stage, "one step of two")
		c, err = f.svc.Decide(ctx, ro, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove})
		require.NoError(t, err)
		assert.Equal(t, dd.StageApproved, c.Stage)
	})

	t.Run("nobody signs two steps", func(t *testing.T) {
		p := dd.DefaultPolicy()
		p.ApprovalMatrix = []dd.ApprovalLevel{{Role: dd.RoleDepartmentManager}, {Role: dd.RoleDepartmentManager}}
		f := newFixture(t, p)
		c := submit(t, f, readyToSubmit(t, f, goodPerson()))
		c, err := f.svc.Decide(ctx, f.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove})
		require.NoError(t, err)
		_, err = f.svc.Decide(ctx, f.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove})
		e := asError(t, err, dd.CodeForbidden)
		assert.Contains(t, e.Message, "two steps")
		dm2 := f.user(t, "另一部长", dd.RoleDepartmentManager)
		c, err = f.svc.Decide(ctx, dm2, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove})
		require.NoError(t, err)
		assert.Equal(t, dd.StageApproved, c.Stage)
	})

	t.Run("return sends the case back; resubmission keeps its ledger number", func(t *testing.T) {
		f := newFixture(t, nil)
		c := submit(t, f, readyToSubmit(t, f, goodPerson()))
		number := c.LedgerNumber
		c, err := f.svc.Decide(ctx, f.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionReturn, Comment: "补充经营流水"})
		require.NoError(t, err)
		assert.Equal(t, dd.StageInvestigation, c.Stage)
		assert.Empty(t, c.Report.Hash, "the report is a draft again")
		assert.Empty(t, c.Report.Attestations, "and needs attesting again")
		c, err = f.svc.AttestReport(ctx, f.am, c.ID, c.Version, dd.AttestationInput{Statement: "已补充调查"})
		require.NoError(t, err)
		c = submit(t, f, c)
		assert.Equal(t, number, c.LedgerNumber)
		assert.Len(t, c.Approvals, 2)
		assert.Equal(t, 2, c.Approvals[1].Round)
	})

	t.Run("reject rejects", func(t *testing.T) {
		f := newFixture(t, nil)
		c := submit(t, f, readyToSubmit(t, f, goodPerson()))
		c, err := f.svc.Decide(ctx, f.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionReject, Comment: "还款来源不足"})
		require.NoError(t, err)
		assert.Equal(t, dd.StageRejected, c.Stage)
	})
}

func TestReport_HashCoversEveryByte(t *testing.T) {
	r := dd.Report{Opinion: "同意", Recommendation: dd.Recommendation{Amount: money.MustMoney("500000.00"), TermMonths: 36}}
	h1, err := r.ComputeHash()
	require.NoError(t, err)
	r.Opinion = "同意 "
	h2, err := r.ComputeHash()
	require.NoError(t, err)
	assert.NotEqual(t, h1, h2)
	r.Opinion = "同意"
	r.Hash = h1
	h3, err := r.ComputeHash()
	require.NoError(t, err)
	assert.Equal(t, h1, h3, "the hash does not cover itself")
}

func TestService_Ledger(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c := submit(t, f, readyToSubmit(t, f, goodPerson()))
	other := submit(t, f, readyToSubmit(t, f, goodPerson()))
	ledger := func(actor dd.Actor, year int) ([]dd.Listing, error) {
		var out []dd.Listing
		err := f.svc.Ledger(ctx, actor, year, func(l dd.Listing) error {
			out = append(out, l)
			return nil
		})
		return out, err
	}
	all, err := ledger(f.dm, 2026)
	require.NoError(t, err)
	require.Len(t, all, 2)
	assert.Equal(t, []string{"2026-000001", "2026-000002"}, []string{all[0].LedgerNumber, all[1].LedgerNumber})
	assert.Equal(t, c.ID, all[0].ID)
	assert.Equal(t, other.ID, all[1].ID)
	mine, err := ledger(f.am2, 2026)
	require.NoError(t, err)
	assert.Empty(t, mine, "an account manager sees only their own cases")
	_, err = ledger(f.dm, 1999)
	asError(t, err, dd.CodeInvalid)
	audited, err := ledger(f.aud, 2026)
	require.NoError(t, err)
	assert.Equal(t, "360426********0071", audited[0].ApplicantID)

	stop := errors.New("enough")
	calls := 0
	err = f.svc.Ledger(ctx, f.dm, 2026, func(dd.Listing) error { calls++; return stop })
	assert.ErrorIs(t, err, stop, "an error of fn stops the ledger")
	assert.Equal(t, 1, calls)
}

// A lender may disable process.report_attested; submitting without a report
// must then be refused with a gate, not crash.
func TestService_SubmitWithoutReportIsAGate(t *testing.T) {
	p := dd.DefaultPolicy()
	p.Rules.Disabled = append(p.Rules.Disabled, "process.report_attested")
	f := newFixture(t, p)
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, goodPerson())
	require.NoError(t, err)
	c = toInvestigation(t, f, c)
	for _, m := range []dd.Method{dd.MethodSiteVisit, dd.MethodInterview} {
		c, _, err = f.svc.AddFinding(ctx, f.am, c.ID, c.Version, dd.FindingInput{Topic: dd.TopicOperations, Method: m, Statement: "属实", Result: dd.ResultConfirmed})
		require.NoError(t, err)
	}
	ch, err := f.svc.Checks(ctx, f.am, c.ID)
	require.NoError(t, err)
	for _, r := range ch.Results {
		if r.Severity == check.Warn && r.Acknowledged == nil {
			c, err = f.svc.Acknowledge(ctx, f.am, c.ID, c.Version, dd.AcknowledgementInput{Rule: r.Rule, Path: r.Path, Justification: "已核实"})
			require.NoError(t, err)
		}
	}
	require.NotPanics(t, func() {
		_, err = f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageSubmitted})
	})
	e := asError(t, err, dd.CodeGate)
	assert.Equal(t, []string{"process.report_attested report"}, rules(e))
	got, err := f.svc.FindCaseByID(ctx, f.am, c.ID)
	require.NoError(t, err)
	assert.Equal(t, dd.StageInvestigation, got.Stage, "nothing changed")
	assert.Empty(t, got.LedgerNumber)
}

// The attestation vouches for the case as it stood: a change to the request
// after it needs the report attested again, so the frozen report cannot show
// a different loan from the one the approval chain was built for.
func TestService_ChangeAfterAttestationNeedsNewAttestation(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c := readyToSubmit(t, f, goodPerson())
	require.Len(t, c.Report.Attestations, 1)
	req := c.Request
	req.Amount = money.MustMoney("400000.00")
	c, err := f.svc.UpdateCase(ctx, f.am, c.ID, c.Version, dd.CaseUpdate{Request: &req})
	require.NoError(t, err)
	assert.Empty(t, c.Report.Attestations, "the attestation was of the old request")
	_, err = f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageSubmitted})
	e := asError(t, err, dd.CodeGate)
	assert.Equal(t, []string{"process.report_attested report.attestations"}, rules(e))

	// A red flag raised and dismissed by others does not undo it.
	c, err = f.svc.AttestReport(ctx, f.am, c.ID, c.Version, dd.AttestationInput{})
	require.NoError(t, err)
	c, fl, err := f.svc.RaiseFlag(ctx, f.fin, c.ID, c.Version, dd.FlagInput{Description: "核实流水"})
	require.NoError(t, err)
	c, err = f.svc.ResolveFlag(ctx, f.dm, c.ID, c.Version, fl.ID, dd.ResolutionInput{Decision: dd.FlagDismissed, Comment: "已核实"})
	require.NoError(t, err)
	require.Len(t, c.Report.Attestations, 1)
	c = submit(t, f, c)
	assert.Equal(t, dd.StageSubmitted, c.Stage)
}

func TestService_ConfirmedFlagDuringApprovalEndsTheForm(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c := submit(t, f, readyToSubmit(t, f, goodPerson()))
	c, flag, err := f.svc.RaiseFlag(ctx, f.dm, c.ID, c.Version, dd.FlagInput{Description: "抵押物权属证书系伪造"})
	require.NoError(t, err)
	_, err = f.svc.ResolveFlag(ctx, f.dm, c.ID, c.Version, flag.ID, dd.ResolutionInput{Decision: dd.FlagDismissed, Comment: "我自己提的"})
	asError(t, err, dd.CodeForbidden) // whoever raised it does not resolve it
	dm2 := f.user(t, "另一部长", dd.RoleDepartmentManager)
	c, err = f.svc.ResolveFlag(ctx, dm2, c.ID, c.Version, flag.ID, dd.ResolutionInput{Decision: dd.FlagConfirmed, Comment: "登记中心查无此证"})
	require.NoError(t, err)
	assert.Equal(t, dd.StageRejected, c.Stage)
	assert.Equal(t, dd.DecisionReject, c.Approvals[0].Outcome, "the approval form shows the case rejected")
}
