package duediligence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Loan is the loan a disbursement creates (贷款): kept in its own tables,
// not in the case file, so that the portfolio is queried across loans. Its
// Tranches are the disbursements (放款笔次), each with its own schedule from
// its own date.
type Loan struct {
	ID     string `json:"id"`
	CaseID string `json:"case_id"`
	// ContractNumber is the loan contract's (2026-000123-JK).
	ContractNumber string `json:"contract_number"`
	Borrower       string `json:"borrower"`
	// Approved is the approved amount no tranches together may exceed;
	// Disbursed what they add up to.
	Approved     money.Money               `json:"approved"`
	Disbursed    money.Money               `json:"disbursed"`
	AnnualRate   money.Rate                `json:"annual_rate"`
	TermMonths   int                       `json:"term_months"`
	Method       contracts.RepaymentMethod `json:"repayment_method"`
	ContractDate money.Date                `json:"contract_date"`
	// Maturity is the latest maturity of a tranche.
	Maturity  money.Date `json:"maturity"`
	Tranches  []Tranche  `json:"tranches"`
	CreatedAt time.Time  `json:"created_at"`
	// Manual is a risk officer's downgrade, if any (repayment.go).
	Manual *ManualClassification `json:"manual_classification,omitempty"`
	// Extensions are the approved extensions (展期), oldest first, each
	// with the installments it superseded (extension.go).
	Extensions []LoanExtension `json:"extensions,omitempty"`
	// WrittenOffOn is the day the loan was written off (核销), zero while
	// it is in the active book; WrittenOff what it owed then (writeoff.go).
	WrittenOffOn money.Date  `json:"written_off_on,omitzero"`
	WrittenOff   money.Money `json:"written_off,omitzero"`
}

// Tranche is one disbursement and its loan receipt (借款借据).
type Tranche struct {
	ID  string `json:"id"`
	Seq int    `json:"seq"`
	// ReceiptNumber is the loan receipt's number: the contract number and
	// the tranche (2026-000123-JK-1).
	ReceiptNumber string      `json:"receipt_number"`
	Amount        money.Money `json:"amount"`
	DisbursedOn   money.Date  `json:"disbursed_on"`
	Maturity      money.Date  `json:"maturity"`
	// Account is the borrower's account the money is paid to, or the
	// payee's under entrusted payment.
	Account string `json:"account"`
	// Entrusted is the entrusted payment (受托支付) to a payee, if made.
	Entrusted *EntrustedPayment `json:"entrusted,omitempty"`
	// Installments are the tranche's schedule, binding (the receipt
	// prevails over the contract's indicative schedule).
	Installments []contracts.Installment `json:"installments"`
	CreatedBy    string                  `json:"created_by"`
	CreatedAt    time.Time               `json:"created_at"`
}

// EntrustedPayment is the lender's payment to the borrower's counterparty
// (受托支付): who, to which account, and the evidence (the purchase
// contract, the invoice) among the case's documents.
type EntrustedPayment struct {
	Payee    string `json:"payee"`
	Account  string `json:"account"`
	Evidence string `json:"evidence"`
}

// DisbursementInput is a disbursement posting (放款).
type DisbursementInput struct {
	// Amount is at most what the approved amount leaves undisbursed.
	Amount money.Money `json:"amount"`
	// Date defaults to today; it may not be in the future nor before the
	// contract date.
	Date    money.Date `json:"date,omitzero"`
	Account string     `json:"account"`
	// Entrusted is required where the policy's threshold asks for it.
	Entrusted *EntrustedPayment `json:"entrusted,omitempty"`
	// IdempotencyKey is required: a retry with it answers the first
	// posting, and the same key with another body is refused.
	IdempotencyKey string `json:"-"`
}

func (in *DisbursementInput) validate(p *check.Problems) {
	if in.Amount.Sign() <= 0 {
		p.Add(check.NotPositive("amount", in.Amount.String()))
	}
	if !in.Date.IsZero() && !in.Date.IsValid() {
		p.Add(check.NotDate("date", in.Date.String()))
	}
	p.RequiredText("account", in.Account, 64)
	if e := in.Entrusted; e != nil {
		p.RequiredText("entrusted.payee", e.Payee, maxName)
		p.RequiredText("entrusted.account", e.Account, 64)
		p.RequiredText("entrusted.evidence", e.Evidence, maxID)
	}
	if in.IdempotencyKey == "" {
		p.Add(check.Required("idempotency_key"))
	}
}

// fingerprint binds an idempotency key to the request it was first sent with.
func (in *DisbursementInput) fingerprint() string {
	b, _ := json.Marshal(in) // plain values: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// LoanStore reads loans.
type LoanStore interface {
	// FindLoanByCase returns the loan of a case with its tranches and
	// their installments, or CodeNotFound.
	FindLoanByCase(ctx context.Context, caseID string) (*Loan, error)
	// FindRecoveries returns a written-off loan's recoveries in the order
	// posted.
	FindRecoveries(ctx context.Context, loanID string) ([]Recovery, error)
}

// LoanTx writes loans. Postings on one loan are serialised: LockLoanByCase
// holds the loan's row until the transaction ends.
type LoanTx interface {
	LoanStore
	// LockLoanByCase returns the case's loan as FindLoanByCase does,
	// locked for the transaction, or CodeNotFound.
	LockLoanByCase(ctx context.Context, caseID string) (*Loan, error)
	// CreateLoan inserts a loan without tranches, or fails with
	// CodeConflict when the case has one.
	CreateLoan(ctx context.Context, l *Loan) error
	// AddTranche inserts a tranche and its installments and sets the loan's
	// Disbursed and Maturity to l's.
	AddTranche(ctx context.Context, l *Loan, t *Tranche) error
	// ExtendLoan records an extension: it keeps x.Superseded as superseded
	// installments, replaces them in the loan's installments by each
	// tranche's new ones (schedules, by tranche index; none for a tranche
	// left as it was), and sets the tranches' and the loan's maturity to
	// l's.
	ExtendLoan(ctx context.Context, l *Loan, x *LoanExtension, schedules [][]contracts.Installment) error
	// WriteOffLoan takes the loan out of the active book on a day, with
	// what it owed: its unpaid installments count as settled then, so the
	// portfolio lists it as overdue up to the day and not after.
	WriteOffLoan(ctx context.Context, loanID string, on money.Date, amount money.Money) error
	// AddRecovery inserts a recovery, or fails with CodeConflict when the
	// loan has one with its reference.
	AddRecovery(ctx context.Context, loanID string, r *Recovery) error
}

// Loan returns the loan of a case, once disbursed.
func (s *Service) Loan(ctx context.Context, actor Actor, caseID string) (l *Loan, err error) {
	defer Wrap(&err, "Service.Loan")
	if _, err := s.readable(ctx, actor, caseID); err != nil {
		return nil, err
	}
	return s.store.Loans().FindLoanByCase(ctx, caseID)
}

// Disburse posts a disbursement (finance): the first moves the case from
// contracting to disbursed past the disbursement gate — every contract
// signed by every party, collateral registered or perfected, every
// approval condition met, fees paid, the rate within the cap on the
// disbursement date, no open red flag — whose refusal lists every unmet
// condition; later ones are drawdowns where the policy allows them. The
// tranches together never exceed the approved amount, however many are
// posted at once: postings are serialised on the loan. The posting is
// idempotent by its key.
func (s *Service) Disburse(ctx context.Context, actor Actor, caseID string, in DisbursementInput) (l *Loan, t *Tranche, err error) {
	defer Wrap(&err, "Service.Disburse")
	if actor.Role != RoleFinance {
		return nil, nil, forbidden("loan.disbursed", actor.Role, RoleFinance)
	}
	var probs check.Problems
	in.validate(&probs)
	if err := invalid(&probs); err != nil {
		return nil, nil, err
	}
	for attempt := 0; ; attempt++ {
		l, t, err = s.disburse(ctx, actor, caseID, in)
		// A concurrent posting that created the loan or moved the case
		// first: start again from what it wrote (or replay our key).
		if c := ErrorCode(err); (c == CodeConflict || c == CodeStale) && attempt < 3 {
			continue
		}
		return l, t, err
	}
}

func (s *Service) disburse(ctx context.Context, actor Actor, caseID string, in DisbursementInput) (*Loan, *Tranche, error) {
	if l, t, err := s.replayDisbursement(ctx, actor, caseID, in); l != nil || err != nil {
		return l, t, err
	}
	c, err := s.readable(ctx, actor, caseID)
	if err != nil {
		return nil, nil, err
	}
	if c.Stage != StageContracting && !(c.Stage == StageDisbursed && s.policy.Drawdowns) {
		return nil, nil, errorKey(CodeConflict, map[bool]string{true: "error.no_drawdowns", false: "error.not_disbursable"}[c.Stage == StageDisbursed],
			check.Params{"stage": "stage." + string(c.Stage)})
	}
	now := s.clock.Now()
	date := in.Date
	if date.IsZero() {
		date = BusinessDate(now)
	}
	if date.After(BusinessDate(now)) {
		return nil, nil, invalidField(check.InFuture("date", date.String()))
	}
	if cd := c.ContractDate(); date.Before(cd) {
		fe := fieldError("date", check.ErrRange, "signature.before_contract", check.Params{"date": cd.String()})
		fe.Value = date.String()
		return nil, nil, invalidField(fe)
	}
	terms := c.LoanTerms()
	var unmet []Unmet
	if limit, ok := s.policy.Limits.EntrustedPayment[c.LoanType()]; ok && in.Amount.Cmp(limit) > 0 {
		if in.Entrusted == nil {
			unmet = append(unmet, gateResult("payment.entrusted", "流动资金贷款管理办法 2024; 个人贷款管理办法 2024 (secondary)", "entrusted",
				"disbursement.entrusted_required", check.Params{"amount": in.Amount.String(), "limit": limit.String()}))
		} else if c.documentIndex(in.Entrusted.Evidence) < 0 {
			return nil, nil, invalidField(fieldError("entrusted.evidence", check.ErrNotFound, "signature.document_unknown", check.Params{"id": check.Shown(in.Entrusted.Evidence)}))
		}
	}
	unmet = append(unmet, blocking(c, s.workflow.Check(c, StageDisbursed, GateEnv{Now: now, Policy: s.policy, Disbursement: date}))...)
	// The amount as the loan stands now, so that the refusal lists it with
	// the rest; the posting's transaction checks it again on the locked loan.
	var disbursed money.Money
	if l, err := s.store.Loans().FindLoanByCase(ctx, c.ID); err == nil {
		disbursed = l.Disbursed
	} else if ErrorCode(err) != CodeNotFound {
		return nil, nil, err
	}
	if u, ok := amountExceeds(in.Amount, terms.Amount, disbursed); ok {
		unmet = append(unmet, u)
	}
	if fu, err := s.disbursementFunding(ctx, c, nil, disbursed, in.Amount); err != nil {
		return nil, nil, err
	} else {
		unmet = append(unmet, fu...)
	}
	if len(unmet) > 0 {
		return nil, nil, &Error{Code: CodeGate, Message: fmt.Sprintf("cannot disburse: %d condition(s) unmet", len(unmet)), Unmet: unmet}
	}
	sched, err := contracts.NewSchedule(contracts.Terms{Principal: in.Amount, AnnualRate: terms.AnnualRate, TermMonths: terms.TermMonths,
		Method: terms.RepaymentMethod, Disbursement: date, Rounding: s.policy.Rounding})
	if err != nil {
		return nil, nil, Errorf(CodeInvalid, "", "the tranche's schedule cannot be computed: %v", err)
	}
	loanNumber := c.LedgerNumber + "-JK"
	var loan *Loan
	var tr *Tranche
	err = s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		loan, err = tx.Loans().LockLoanByCase(ctx, c.ID)
		first := ErrorCode(err) == CodeNotFound
		switch {
		case first:
			if c.Stage != StageContracting {
				return Errorf(CodeConflict, "", "case %s is %s but has no loan", c.ID, c.Stage)
			}
			loan = &Loan{ID: s.ids.NewID(), CaseID: c.ID, ContractNumber: loanNumber, Borrower: c.Applicant.Name,
				Approved: terms.Amount, AnnualRate: terms.AnnualRate, TermMonths: terms.TermMonths, Method: terms.RepaymentMethod,
				ContractDate: c.ContractDate(), Maturity: date.AddMonths(terms.TermMonths), Tranches: []Tranche{}, CreatedAt: now}
			if err := tx.Loans().CreateLoan(ctx, loan); err != nil {
				return err
			}
		case err != nil:
			return err
		case c.Stage == StageContracting:
			// Another posting disbursed first; ours is a drawdown, if allowed.
			return errorKey(CodeStale, "error.disbursed_meanwhile", check.Params{"case": c.ID})
		}
		if u, ok := amountExceeds(in.Amount, loan.Approved, loan.Disbursed); ok {
			return &Error{Code: CodeGate, Message: "cannot disburse: 1 condition(s) unmet", Unmet: []Unmet{u}}
		}
		total, _ := loan.Disbursed.Add(in.Amount) // at most Approved
		if fu, err := s.disbursementFunding(ctx, c, tx, loan.Disbursed, in.Amount); err != nil {
			return err
		} else if len(fu) > 0 {
			return &Error{Code: CodeGate, Message: fmt.Sprintf("cannot disburse: %d condition(s) unmet", len(fu)), Unmet: fu}
		}
		seq := len(loan.Tranches) + 1
		tr = &Tranche{ID: s.ids.NewID(), Seq: seq, ReceiptNumber: loanNumber + "-" + strconv.Itoa(seq), Amount: in.Amount,
			DisbursedOn: date, Maturity: date.AddMonths(terms.TermMonths), Account: in.Account, Entrusted: in.Entrusted,
			Installments: sched.Installments, CreatedBy: actor.ID, CreatedAt: now}
		loan.Disbursed = total
		if tr.Maturity.After(loan.Maturity) {
			loan.Maturity = tr.Maturity
		}
		if err := tx.Loans().AddTranche(ctx, loan, tr); err != nil {
			return err
		}
		loan.Tranches = append(loan.Tranches, *tr)
		data := map[string]any{"id": tr.ID, "loan": loan.ID, "receipt_number": tr.ReceiptNumber, "amount": tr.Amount,
			"disbursed_on": tr.DisbursedOn, "maturity": tr.Maturity, "request": in.fingerprint()}
		version := c.Version
		if first {
			d := c.forStorage()
			d.Transitions = append(slices.Clone(c.Transitions), StageChange{From: c.Stage, To: StageDisbursed, By: actor.ID, At: now})
			d.Stage, d.Version, d.UpdatedAt = StageDisbursed, c.Version+1, now
			if err := tx.Cases().UpdateCase(ctx, d, c.Version, d.Listing()); err != nil {
				return err
			}
			version, data["to"] = d.Version, StageDisbursed
		}
		ev := s.event(actor, c.ID, version, "loan.disbursed", data)
		ev.IdempotencyKey = in.IdempotencyKey
		return tx.Events().AppendEvent(ctx, ev)
	})
	if err != nil {
		return nil, nil, err
	}
	return loan, tr, nil
}

// amountExceeds is the condition of an amount that would take the
// disbursed total past the approved amount.
func amountExceeds(amount, approved, disbursed money.Money) (Unmet, bool) {
	total, err := disbursed.Add(amount)
	if err == nil && total.Cmp(approved) <= 0 {
		return Unmet{}, false
	}
	left, _ := approved.Sub(disbursed)
	return gateResult("disbursement.amount", "", "amount", "disbursement.amount", check.Params{"amount": amount.String(),
		"approved": approved.String(), "disbursed": disbursed.String(), "left": left.String()}), true
}

// replayDisbursement answers a posting whose key was used before: the
// first posting's loan and tranche, or a conflict when the key came with
// another request.
func (s *Service) replayDisbursement(ctx context.Context, actor Actor, caseID string, in DisbursementInput) (*Loan, *Tranche, error) {
	ev, err := s.store.Events().FindEventByIdempotencyKey(ctx, actor.ID, in.IdempotencyKey)
	if ErrorCode(err) == CodeNotFound {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var d struct {
		ID      string `json:"id"`
		Request string `json:"request"`
	}
	_ = json.Unmarshal(ev.Data, &d)
	if ev.Action != "loan.disbursed" || ev.CaseID != caseID || d.Request != in.fingerprint() {
		return nil, nil, errorKey(CodeConflict, "error.idempotency_reused", check.Params{"key": in.IdempotencyKey, "action": ev.Action})
	}
	l, err := s.store.Loans().FindLoanByCase(ctx, caseID)
	if err != nil {
		return nil, nil, err
	}
	for i := range l.Tranches {
		if l.Tranches[i].ID == d.ID {
			return l, &l.Tranches[i], nil
		}
	}
	return nil, nil, Errorf(CodeInternal, "", "posting %s names tranche %s, which loan %s lacks", ev.ID, d.ID, l.ID)
}
