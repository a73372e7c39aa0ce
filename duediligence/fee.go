package duediligence

import (
	"context"
	"strconv"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// FeePayment is a fee the borrower paid (费用缴纳): what, how much, who
// paid, to whom, when, and the receipt among the case's documents. The
// fees the borrower bears for the loan count in its annualized rate by IRR
// — in the loan contract's disclosure and under the rate cap on the
// contract and disbursement dates (民间借贷规定 art. 29, PBOC announcement
// 2021 No. 3): a fee paid to the lender, and a fee paid to a third party
// that the lender requires (an appraisal, a notarization it asks for). A
// fee paid to a third party of the borrower's own choosing does not. The
// disbursement gate asks that the fees the request names are paid to the
// lender.
type FeePayment struct {
	ID     string      `json:"id"`
	Name   string      `json:"name"`
	Amount money.Money `json:"amount"`
	Payer  string      `json:"payer"`
	// PaidTo is who was paid: FeeToLender (also when empty, as in fees
	// recorded before it existed) or FeeToThirdParty.
	PaidTo FeePayee `json:"paid_to"`
	// RequiredByLender marks a fee paid to a third party that the lender
	// requires, which counts in the annualized rate.
	RequiredByLender bool       `json:"required_by_lender,omitempty"`
	PaidOn           money.Date `json:"paid_on"`
	Receipt          string     `json:"receipt,omitempty"`
	RecordedBy       string     `json:"recorded_by"`
	RecordedAt       time.Time  `json:"recorded_at"`
}

// FeePayee is who a fee was paid to.
type FeePayee string

// Fee payees.
const (
	FeeToLender     FeePayee = "lender"      // 贷款人收取
	FeeToThirdParty FeePayee = "third_party" // 向第三方支付（评估、公证、登记等）
)

// counted reports whether the fee counts in the annualized rate: paid to
// the lender, or to a third party the lender requires.
func (f *FeePayment) counted() bool { return f.toLender() || f.RequiredByLender }

func (f *FeePayment) toLender() bool { return f.PaidTo == "" || f.PaidTo == FeeToLender }

// FeeInput records a fee paid.
type FeeInput struct {
	Name   string      `json:"name"`
	Amount money.Money `json:"amount"`
	Payer  string      `json:"payer"`
	// PaidTo is lender (the default) or third_party.
	PaidTo FeePayee `json:"paid_to,omitempty"`
	// RequiredByLender marks a third party's fee the lender requires; it
	// then counts in the annualized rate. Only with paid_to third_party.
	RequiredByLender bool `json:"required_by_lender,omitempty"`
	// PaidOn defaults to today and may not be in the future.
	PaidOn money.Date `json:"paid_on,omitzero"`
	// Receipt is the receipt's document ID, if filed.
	Receipt string `json:"receipt,omitempty"`
	// IdempotencyKey makes a retried record return the first result.
	IdempotencyKey string `json:"-"`
}

func (in *FeeInput) validate(p *check.Problems) {
	p.RequiredText("name", in.Name, 100)
	p.RequiredText("payer", in.Payer, maxName)
	p.Text("receipt", in.Receipt, maxID)
	if in.Amount.Sign() <= 0 {
		p.Add(check.NotPositive("amount", in.Amount.String()))
	}
	if in.PaidTo != "" {
		p.OneOf("paid_to", string(in.PaidTo), string(FeeToLender), string(FeeToThirdParty))
	}
	if in.RequiredByLender && in.PaidTo != FeeToThirdParty {
		p.Add(fieldError("required_by_lender", check.ErrRange, "fee.required_by_lender_third_party", nil))
	}
}

// feesPaid returns the sum of the fees recorded as paid to the lender.
func (k *Contracting) feesPaid() money.Money {
	var sum money.Money
	for i := range k.Fees {
		if k.Fees[i].toLender() {
			sum, _ = sum.Add(k.Fees[i].Amount) // bounded: each fee is a request-sized amount
		}
	}
	return sum
}

// ChargedFees returns the fees the borrower bears for the loan, which
// count in its annualized rate: the lender's — the request's fees, or
// what was recorded as paid to the lender where that is more — and the
// third parties' fees the lender requires; nil when there are none. They
// are taken as paid at disbursement, as the request's fees are.
func (c *Case) ChargedFees() *money.Money {
	var lender money.Money
	if f := c.Request.Fees; f != nil {
		lender = *f
	}
	var third money.Money
	if k := c.Contracting; k != nil {
		if paid := k.feesPaid(); paid.Cmp(lender) > 0 {
			lender = paid
		}
		for i := range k.Fees {
			if f := &k.Fees[i]; !f.toLender() && f.RequiredByLender {
				third, _ = third.Add(f.Amount) // bounded as feesPaid
			}
		}
	}
	total, _ := lender.Add(third)
	if total.IsZero() {
		return nil
	}
	return &total
}

// RecordFee records a fee the borrower paid, by the account manager or finance.
func (s *Service) RecordFee(ctx context.Context, actor Actor, caseID string, expected int, in FeeInput) (c *Case, fee FeePayment, err error) {
	defer Wrap(&err, "Service.RecordFee")
	var probs check.Problems
	in.validate(&probs)
	if err := invalid(&probs); err != nil {
		return nil, FeePayment{}, err
	}
	c, id, err := s.mutateID(ctx, actor, caseID, expected, mutation{
		action: "fee.paid", idemKey: in.IdempotencyKey, roles: []Role{RoleAccountManager, RoleFinance}, stages: []Stage{StageContracting},
		apply: func(c *Case, now time.Time) (any, error) {
			on := in.PaidOn
			if on.IsZero() {
				on = BusinessDate(now)
			}
			if on.After(BusinessDate(now)) {
				return nil, invalidField(check.InFuture("paid_on", on.String()))
			}
			if in.Receipt != "" && c.documentIndex(in.Receipt) < 0 {
				return nil, invalidField(fieldError("receipt", check.ErrNotFound, "signature.document_unknown", check.Params{"id": check.Shown(in.Receipt)}))
			}
			to := in.PaidTo
			if to == "" {
				to = FeeToLender
			}
			f := FeePayment{ID: s.ids.NewID(), Name: in.Name, Amount: in.Amount, Payer: in.Payer, PaidTo: to, RequiredByLender: in.RequiredByLender,
				PaidOn: on, Receipt: in.Receipt, RecordedBy: actor.ID, RecordedAt: now}
			c.Contracting.Fees = append(c.Contracting.Fees, f)
			return map[string]any{"id": f.ID, "name": f.Name, "amount": f.Amount, "payer": f.Payer, "paid_to": f.PaidTo,
				"counted": f.counted(), "paid_on": f.PaidOn}, nil
		},
	})
	if err != nil {
		return nil, FeePayment{}, err
	}
	for _, f := range c.Contracting.Fees {
		if f.ID == id {
			fee = f
		}
	}
	return c, fee, nil
}

// ConditionMet records that an approval condition is met (落实审批条件),
// with its evidence and by whom.
type ConditionMet struct {
	// Index is the condition's place in the approved terms' Conditions.
	Index     int       `json:"index"`
	Condition string    `json:"condition"`
	Evidence  string    `json:"evidence"`
	Document  string    `json:"document,omitempty"`
	By        string    `json:"by"`
	ByName    string    `json:"by_name"`
	At        time.Time `json:"at"`
}

// ConditionInput marks an approval condition met.
type ConditionInput struct {
	Index int `json:"-"`
	// Evidence says how the condition was met, at most 2000 characters.
	Evidence string `json:"evidence"`
	// Document is the evidence's document ID, if filed.
	Document string `json:"document,omitempty"`
}

// MeetCondition marks the approval condition at in.Index met, by the
// account manager or finance, with its evidence.
func (s *Service) MeetCondition(ctx context.Context, actor Actor, caseID string, expected int, in ConditionInput) (c *Case, err error) {
	defer Wrap(&err, "Service.MeetCondition")
	var probs check.Problems
	probs.RequiredText("evidence", in.Evidence, 2000)
	probs.Text("document", in.Document, maxID)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "condition.met", roles: []Role{RoleAccountManager, RoleFinance}, stages: []Stage{StageContracting},
		apply: func(c *Case, now time.Time) (any, error) {
			conds := c.LoanTerms().Conditions
			if in.Index < 0 || in.Index >= len(conds) {
				return nil, errorKey(CodeNotFound, "error.no_condition", check.Params{"index": strconv.Itoa(in.Index), "count": strconv.Itoa(len(conds))})
			}
			if in.Document != "" && c.documentIndex(in.Document) < 0 {
				return nil, invalidField(fieldError("document", check.ErrNotFound, "signature.document_unknown", check.Params{"id": check.Shown(in.Document)}))
			}
			k := c.Contracting
			m := ConditionMet{Index: in.Index, Condition: conds[in.Index], Evidence: in.Evidence, Document: in.Document, By: actor.ID, ByName: actor.Name, At: now}
			for i := range k.Conditions {
				if k.Conditions[i].Index == in.Index {
					k.Conditions[i] = m
					return map[string]any{"index": in.Index, "condition": m.Condition, "evidence": m.Evidence}, nil
				}
			}
			k.Conditions = append(k.Conditions, m)
			return map[string]any{"index": in.Index, "condition": m.Condition, "evidence": m.Evidence}, nil
		},
	})
}
