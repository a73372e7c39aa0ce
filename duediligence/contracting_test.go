package duediligence_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// approve submits a ready case and approves it in one step with in.
func approve(t *testing.T, f *fixture, c *dd.Case, in dd.DecisionInput) *dd.Case {
	t.Helper()
	c = submit(t, f, c)
	in.Decision = dd.DecisionApprove
	c, err := f.svc.Decide(context.Background(), f.dm, c.ID, c.Version, in)
	require.NoError(t, err)
	require.Equal(t, dd.StageApproved, c.Stage)
	return c
}

func resultOf(ch dd.Checks, rule string) *dd.CheckResult {
	for i := range ch.Results {
		if ch.Results[i].Rule == rule {
			return &ch.Results[i]
		}
	}
	return nil
}

func TestService_ApprovedTermsDriveTheContracts(t *testing.T) {
	p := dd.DefaultPolicy()
	f := newFixture(t, p)
	ctx := context.Background()
	c := submit(t, f, readyToSubmit(t, f, goodPerson()))

	// The approver may not lend more than was asked.
	_, err := f.svc.Decide(ctx, f.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove,
		Terms: &dd.ApprovedTerms{Amount: m("600000.00")}})
	e := asError(t, err, dd.CodeInvalid)
	assert.Equal(t, []string{"terms.amount"}, fields(e))
	_, err = f.svc.Decide(ctx, f.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionReturn, Comment: "补充",
		Terms: &dd.ApprovedTerms{Amount: m("400000.00")}})
	assert.Equal(t, []string{"terms"}, fields(asError(t, err, dd.CodeInvalid)))

	term, rate := 24, money.MustRate("0.0800")
	c, err = f.svc.Decide(ctx, f.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove, Comment: "同意",
		Conditions: []string{"放款前办妥抵押登记"}, Terms: &dd.ApprovedTerms{Amount: m("450000.00"), TermMonths: &term, AnnualRate: &rate}})
	require.NoError(t, err)
	lt := c.LoanTerms()
	assert.Equal(t, dd.TermsFromApproval, lt.Source)
	assert.Equal(t, "450000.00", lt.Amount.String())
	assert.Equal(t, 24, lt.TermMonths)
	assert.Equal(t, contracts.EqualInstallment, lt.RepaymentMethod, "a method not set stays the request's")
	assert.Equal(t, []string{"放款前办妥抵押登记"}, lt.Conditions)

	// Before drafting, the checks say the contracts are missing and which
	// contract date the rate cap assumed.
	ch, err := f.svc.Checks(ctx, f.am, c.ID)
	require.NoError(t, err)
	assert.Equal(t, dd.StageContracting, ch.To)
	assert.False(t, ch.Ready)
	require.NotNil(t, resultOf(ch, "contract.drafted"))
	rc := resultOf(ch, dd.RuleContractRateCap)
	require.NotNil(t, rc)
	assert.Equal(t, "2026-11-27", rc.Params["date"])
	assert.Contains(t, dd.Messages().RenderResult(rc.Unmet, check.ZH), "假定合同签订日为 2026-11-27")

	// The contracts name the lender, which the policy must name.
	_, err = f.svc.DraftContracts(ctx, f.am, c.ID, c.Version, dd.ContractsInput{})
	assert.Equal(t, []string{"contract.lender_name policy.lender_name"}, rules(asError(t, err, dd.CodeGate)))
	p.LenderName = "某某小额贷款有限公司"

	// The contract date may not precede the approval.
	_, err = f.svc.DraftContracts(ctx, f.am, c.ID, c.Version, dd.ContractsInput{ContractDate: money.MustDate("2026-11-26")})
	assert.Equal(t, []string{"contract_date"}, fields(asError(t, err, dd.CodeInvalid)))
	_, err = f.svc.DraftContracts(ctx, f.dm, c.ID, c.Version, dd.ContractsInput{})
	asError(t, err, dd.CodeForbidden)

	c, err = f.svc.DraftContracts(ctx, f.am, c.ID, c.Version, dd.ContractsInput{})
	require.NoError(t, err)
	assert.Equal(t, dd.StageContracting, c.Stage)
	require.Len(t, c.Contracting.Contracts, 1)
	loan := c.Contracting.Contracts[0]
	assert.Equal(t, "2026-000001-JK", loan.Number)
	assert.Equal(t, "2026-11-27", loan.Date.String())
	assert.Equal(t, "肆拾伍万元整", loan.AmountCapitals)
	cl, _ := loan.Clause("loan.amount")
	assert.Contains(t, cl.Text, "肆拾伍万元整")
	assert.Contains(t, cl.Text, "450,000.00")
	assert.Len(t, loan.Schedule.Installments, 24)
	assert.False(t, loan.Signed)
	assert.Len(t, loan.Unsigned, 2, "the lender's representative and the borrower")

	// The contracts survive the store: read back, they are drafted again the same.
	got, err := f.svc.FindCaseByID(ctx, f.am, c.ID)
	require.NoError(t, err)
	assert.Equal(t, loan.Hash, got.Contracting.Contracts[0].Hash)
}

func TestService_RateCapOnTheContractDate(t *testing.T) {
	now := time.Date(2024, 7, 10, 2, 0, 0, 0, time.UTC)
	p := dd.DefaultPolicy()
	p.Pricing.Regime = contracts.RegimePrivateLending
	p.LenderName = "某某小额贷款有限公司"
	f := newFixtureClock(t, p, func() time.Time { return now })
	ctx := context.Background()
	in := goodPerson()
	// 4 × the one-year LPR of 2023-08-21 (3.45%): exactly at the cap.
	in.Request.AnnualRate = money.MustRate("0.1380")
	c := approve(t, f, readyToSubmit(t, f, in), dd.DecisionInput{Comment: "同意"})
	c, err := f.svc.DraftContracts(ctx, f.am, c.ID, c.Version, dd.ContractsInput{})
	require.NoError(t, err)

	// A month later the LPR is 3.35%: the contract keeps its cap of 13.80%,
	// but a disbursement today is re-checked against 13.40%.
	now = time.Date(2024, 8, 1, 2, 0, 0, 0, time.UTC)
	ch, err := f.svc.Checks(ctx, f.am, c.ID)
	require.NoError(t, err)
	var onContract, onDisbursement *dd.CheckResult
	for i, r := range ch.Results {
		if r.Rule == dd.RuleContractRateCap {
			if r.Params["basis"] == "contract.rate_cap.contract_date" {
				onContract = &ch.Results[i]
			} else {
				onDisbursement = &ch.Results[i]
			}
		}
	}
	require.NotNil(t, onContract)
	assert.Equal(t, check.Info, onContract.Severity)
	assert.Equal(t, "13.80", onContract.Params["cap"])
	assert.Equal(t, "2023-08-21", onContract.Params["lpr_date"])
	require.NotNil(t, onDisbursement)
	assert.Equal(t, check.Block, onDisbursement.Severity)
	assert.Equal(t, "13.40", onDisbursement.Params["cap"])
	assert.True(t, strings.Contains(onDisbursement.Message, "2024-08-01"), onDisbursement.Message)
}

func TestService_ContractPartiesMaskedAsTheReaderSeesThem(t *testing.T) {
	p := dd.DefaultPolicy()
	p.LenderName = "某某小额贷款有限公司"
	f := newFixture(t, p)
	ctx := context.Background()
	c := approve(t, f, readyToSubmit(t, f, goodPerson()), dd.DecisionInput{Comment: "同意"})
	c, err := f.svc.DraftContracts(ctx, f.am, c.ID, c.Version, dd.ContractsInput{})
	require.NoError(t, err)
	assert.Equal(t, "360426199101010071", c.Contracting.Contracts[0].Parties[1].IDNumber, "the owner sees it whole")
	got, err := f.svc.FindCaseByID(ctx, f.aud, c.ID)
	require.NoError(t, err)
	assert.Equal(t, "360426********0071", got.Contracting.Contracts[0].Parties[1].IDNumber)
	assert.Equal(t, "360426********0071", got.Contracting.Contracts[0].Unsigned[1].IDNumber)
}
