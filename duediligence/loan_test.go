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

// contracting takes a ready case with fees of 5,000 through approval (with
// one condition) and drafting.
func contracting(t *testing.T, f *fixture, p *dd.Policy) *dd.Case {
	t.Helper()
	p.LenderName = "某某小额贷款有限公司"
	in := goodPerson()
	in.Request.Fees = m("5000.00")
	c := approve(t, f, readyToSubmit(t, f, in), dd.DecisionInput{Comment: "同意", Conditions: []string{"提供购销合同原件"}})
	c, err := f.svc.DraftContracts(context.Background(), f.am, c.ID, c.Version, dd.ContractsInput{})
	require.NoError(t, err)
	return c
}

// signAll records every party's e-signature of every contract.
func signAll(t *testing.T, f *fixture, c *dd.Case) *dd.Case {
	t.Helper()
	for _, ct := range c.Contracting.Contracts {
		for _, p := range ct.Unsigned {
			var err error
			c, _, err = f.svc.RecordSignature(context.Background(), f.am, c.ID, c.Version, dd.SignatureInput{Contract: ct.Number,
				Name: p.Name, Capacity: p.Capacity, Method: dd.SignElectronic, Reference: "ESIGN-" + p.Name})
			require.NoError(t, err)
		}
	}
	return c
}

func TestService_DisbursementGate(t *testing.T) {
	p := dd.DefaultPolicy()
	now := today
	f := newFixtureClock(t, p, func() time.Time { return now })
	ctx := context.Background()
	c := contracting(t, f, p)

	post := dd.DisbursementInput{Amount: money.MustMoney("500000.00"), Account: "6222020200112233445", IdempotencyKey: "d-1"}
	_, _, err := f.svc.Disburse(ctx, f.am, c.ID, post)
	asError(t, err, dd.CodeForbidden)

	// Everything unmet is listed at once.
	_, _, err = f.svc.Disburse(ctx, f.fin, c.ID, post)
	e := asError(t, err, dd.CodeGate)
	got := rules(e)
	for _, want := range []string{"contract.signed_by_parties contracting.contracts[0]", "disbursement.conditions_met conditions[0]",
		"disbursement.fees_paid contracting.fees"} {
		assert.Contains(t, got, want)
	}

	// A stranger's signature is refused, naming the contract and the person.
	_, _, err = f.svc.RecordSignature(ctx, f.am, c.ID, c.Version, dd.SignatureInput{Contract: "2026-000001-JK", Name: "路人甲",
		Capacity: contracts.CapacityGuarantor, Method: dd.SignElectronic, Reference: "X"})
	e = asError(t, err, dd.CodeInvalid)
	assert.Equal(t, []string{"name"}, fields(e))
	assert.Contains(t, dd.Messages().RenderField(e.Fields[0], "zh"), "路人甲 不是合同 2026-000001-JK 的当事人")

	// Each condition in turn: meet the others, and only it is unmet.
	c = signAll(t, f, c)
	c, err = f.svc.MeetCondition(ctx, f.am, c.ID, c.Version, dd.ConditionInput{Index: 0, Evidence: "已核验购销合同原件"})
	require.NoError(t, err)
	_, _, err = f.svc.Disburse(ctx, f.fin, c.ID, post)
	assert.Equal(t, []string{"disbursement.fees_paid contracting.fees"}, rules(asError(t, err, dd.CodeGate)))
	c, _, err = f.svc.RecordFee(ctx, f.fin, c.ID, c.Version, dd.FeeInput{Name: "服务费", Amount: money.MustMoney("5000.00"), Payer: "张三"})
	require.NoError(t, err)

	// A change after signing needs the parties again: drafting the next
	// day changes every contract's text.
	now = now.Add(24 * time.Hour)
	c, err = f.svc.DraftContracts(ctx, f.am, c.ID, c.Version, dd.ContractsInput{})
	require.NoError(t, err)
	assert.False(t, c.Contracting.Contracts[0].Signed)
	_, _, err = f.svc.Disburse(ctx, f.fin, c.ID, post)
	got = rules(asError(t, err, dd.CodeGate))
	require.Len(t, got, 2, "the lender's and the borrower's signatures")
	assert.Equal(t, "contract.signed_by_parties contracting.contracts[0]", got[0])
	assert.Contains(t, dd.Messages().RenderResult(asError(t, err, dd.CodeGate).Unmet[0], "zh"), "签署后发生变更")
	c = signAll(t, f, c)

	// More than approved is refused; the approved amount goes out.
	over := post
	over.Amount, over.IdempotencyKey = money.MustMoney("500000.01"), "d-over"
	_, _, err = f.svc.Disburse(ctx, f.fin, c.ID, over)
	assert.Equal(t, []string{"payment.entrusted entrusted", "disbursement.amount amount"}, rules(asError(t, err, dd.CodeGate)),
		"above the entrusted-payment threshold, and above the approved amount")
	l, tr, err := f.svc.Disburse(ctx, f.fin, c.ID, post)
	require.NoError(t, err)
	assert.Equal(t, "2026-000001-JK-1", tr.ReceiptNumber)
	assert.Equal(t, "500000.00", l.Disbursed.String())
	assert.Len(t, tr.Installments, 36)
	assert.Equal(t, "2026-12-28", tr.Installments[0].DueDate.String(), "from the disbursement date")

	// The retry answers the same tranche; the key with another body is refused.
	l2, tr2, err := f.svc.Disburse(ctx, f.fin, c.ID, post)
	require.NoError(t, err)
	assert.Equal(t, tr.ID, tr2.ID)
	assert.Len(t, l2.Tranches, 1)
	other := post
	other.Account = "other"
	_, _, err = f.svc.Disburse(ctx, f.fin, c.ID, other)
	asError(t, err, dd.CodeConflict)

	c, err = f.svc.FindCaseByID(ctx, f.am, c.ID)
	require.NoError(t, err)
	assert.Equal(t, dd.StageDisbursed, c.Stage)
	stored, err := f.svc.Loan(ctx, f.am, c.ID)
	require.NoError(t, err)
	assert.Equal(t, l.Tranches[0].Installments, stored.Tranches[0].Installments)
}

func TestService_DrawdownsNeverExceedTheApprovedAmount(t *testing.T) {
	p := dd.DefaultPolicy()
	p.Drawdowns = true
	f := newFixture(t, p)
	ctx := context.Background()
	c := contracting(t, f, p)
	c = signAll(t, f, c)
	c, err := f.svc.MeetCondition(ctx, f.fin, c.ID, c.Version, dd.ConditionInput{Index: 0, Evidence: "已核验"})
	require.NoError(t, err)
	_, _, err = f.svc.RecordFee(ctx, f.fin, c.ID, c.Version, dd.FeeInput{Name: "服务费", Amount: money.MustMoney("5000.00"), Payer: "张三"})
	require.NoError(t, err)

	// Eight postings of 100,000 at once against 500,000 approved: five go out.
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			_, _, errs[i] = f.svc.Disburse(ctx, f.fin, c.ID, dd.DisbursementInput{Amount: money.MustMoney("100000.00"),
				Account: "6222020200112233445", IdempotencyKey: fmt.Sprintf("draw-%d", i)})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else {
			assert.Equal(t, []string{"disbursement.amount amount"}, rules(asError(t, err, dd.CodeGate)))
		}
	}
	assert.Equal(t, 5, ok)
	l, err := f.svc.Loan(ctx, f.am, c.ID)
	require.NoError(t, err)
	assert.Equal(t, "500000.00", l.Disbursed.String())
	assert.Len(t, l.Tranches, 5)
}
