package duediligence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"

	"slices"
	"strconv"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// RepaymentKind is what a repayment is for.
type RepaymentKind string

// Repayment kinds.
const (
	// RepaymentRegular pays what is due; what is left is held as a credit
	// and taken by the next installment when it falls due.
	RepaymentRegular RepaymentKind = "regular"
	// RepaymentEarlyPartial repays principal before it is due (部分提前还款)
	// after what is due: the installment stays, the term shortens.
	RepaymentEarlyPartial RepaymentKind = "early_partial"
	// RepaymentEarlyFull repays the whole loan (全部提前还款).
	RepaymentEarlyFull RepaymentKind = "early_full"
)

var repaymentKinds = []string{string(RepaymentRegular), string(RepaymentEarlyPartial), string(RepaymentEarlyFull)}

// Repayment is a repayment posted by finance (还款), with how the replay of
// the loan allocated it.
type Repayment struct {
	ID  string `json:"id"`
	Seq int    `json:"seq"`
	// Reference is the payment's reference (银行流水号): a repayment is
	// recorded once per reference.
	Reference string        `json:"reference"`
	Amount    money.Money   `json:"amount"`
	Date      money.Date    `json:"date"`
	Payer     string        `json:"payer"`
	Channel   string        `json:"channel"`
	Kind      RepaymentKind `json:"kind"`
	// Request is the fingerprint of the posting, for its retries.
	Request   string     `json:"-"`
	Reversed  *Reversal  `json:"reversed,omitempty"`
	CreatedBy string     `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	Result    *Allocated `json:"allocation,omitempty"`
}

// Allocated is how a repayment was allocated, computed by the replay.
type Allocated struct {
	// Classification is the loan's on the repayment's date, which chose
	// the order.
	Classification Classification   `json:"classification"`
	Lines          []AllocationLine `json:"lines"`
	// Fee is the early-repayment fee it paid.
	Fee money.Money `json:"fee"`
	// Credit is what the loan held as a credit after it.
	Credit money.Money `json:"credit"`
	// Payoff is what a full early repayment on its date had to cover, and
	// Short whether it did not (it was then applied as a partial one).
	Payoff *money.Money `json:"payoff,omitempty"`
	Short  bool         `json:"short,omitempty"`
}

// AllocationLine is one part of a repayment paid to one installment.
type AllocationLine struct {
	Receipt   string      `json:"receipt_number"`
	Period    int         `json:"period"`
	DueDate   money.Date  `json:"due_date"`
	Component Component   `json:"component"`
	Amount    money.Money `json:"amount"`
	// Early marks principal repaid before it was due.
	Early bool `json:"early,omitempty"`
}

// Reversal is the reversal of a repayment (冲正).
type Reversal struct {
	By     string    `json:"by"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// ManualClassification is a risk officer's downgrade of a loan.
type ManualClassification struct {
	Classification Classification `json:"classification"`
	Reason         string         `json:"reason"`
	// Since is the day it applies from.
	Since money.Date `json:"since"`
	By    string     `json:"by"`
	At    time.Time  `json:"at"`
}

// RepaymentInput is a repayment posting.
type RepaymentInput struct {
	Amount money.Money `json:"amount"`
	// Date defaults to today; it may not be in the future nor before the
	// first disbursement.
	Date      money.Date    `json:"date,omitzero"`
	Payer     string        `json:"payer"`
	Reference string        `json:"reference"`
	Channel   string        `json:"channel"`
	Kind      RepaymentKind `json:"kind,omitempty"`
}

func (in *RepaymentInput) validate(p *check.Problems) {
	if in.Amount.Sign() <= 0 {
		p.Add(check.NotPositive("amount", in.Amount.String()))
	}
	if !in.Date.IsZero() && !in.Date.IsValid() {
		p.Add(check.NotDate("date", in.Date.String()))
	}
	p.RequiredText("payer", in.Payer, maxName)
	p.RequiredText("reference", in.Reference, 64)
	p.RequiredText("channel", in.Channel, 32)
	if !slices.Contains(repaymentKinds, string(in.Kind)) {
		p.Add(check.NotOneOf("kind", string(in.Kind), repaymentKinds...))
	}
}

func (in *RepaymentInput) fingerprint() string {
	b, _ := json.Marshal(in)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ReversalInput reverses a repayment.
type ReversalInput struct {
	Reason string `json:"reason"`
}

// ClassificationInput is a manual downgrade.
type ClassificationInput struct {
	Classification Classification `json:"classification"`
	Reason         string         `json:"reason"`
}

// RepaymentStore reads repayments.
type RepaymentStore interface {
	// FindRepayments returns a loan's repayments in the order posted.
	FindRepayments(ctx context.Context, loanID string) ([]Repayment, error)
}

// BookRow is what the store keeps of an installment after a posting, for
// the portfolio's queries.
type BookRow struct {
	TrancheID string
	Period    int
	// Owed is what the installment owes as it stands (principal, interest
	// and fee, after any early repayment); Paid what was paid of it.
	Owed, Paid  money.Money
	PaidPrinc   money.Money
	PaidInt     money.Money
	SettledOn   money.Date
	DaysPastDue int
}

// RepaymentTx writes repayments, within a transaction that holds the loan
// (LoanTx.LockLoanByCase).
type RepaymentTx interface {
	RepaymentStore
	// AddRepayment inserts a repayment, or fails with CodeConflict when the
	// loan has one with its reference.
	AddRepayment(ctx context.Context, loanID string, r *Repayment) error
	// ReverseRepayment marks a repayment reversed.
	ReverseRepayment(ctx context.Context, loanID, id string, rv Reversal) error
	// SaveBook writes the installments' standing and the loan's
	// classification after a posting.
	SaveBook(ctx context.Context, loanID string, rows []BookRow, class Classification, manual *ManualClassification) error
}

// loanMessages are the keys of the repayments' field errors.
var loanMessages = check.Messages{
	"loan.paid_off": {EN: "the schedule is not fully repaid: the repayment that clears it closes the loan (POST …/repayments); it is not closed by hand",
		ZH: "还款计划尚未结清：登记结清的还款后案件自动结清，不能手工结清"},
	"repayment.reference_reused": {
		EN: "reference {reference} was recorded with another repayment", ZH: "流水号 {reference} 已用于另一笔还款"},
	"repayment.before_disbursement": {
		EN: "may not precede the disbursement on {date}", ZH: "不得早于放款日 {date}"},
	"repayment.payoff_short": {
		EN: "repays the loan in full only with {payoff}", ZH: "全部提前还款须还 {payoff} 元"},
	"classification.above_floor": {
		EN: "may not be above {floor}, the floor for {days} days past due", ZH: "逾期 {days} 天，分类不得高于{floor}"},
	"classification.not_downgrade": {
		EN: "must be worse than the current {current}", ZH: "须低于当前分类{current}"},
}

// bookOf replays the repayments over the loan up to asOf, with the
// policy's allocation and the overdue cap of the lender's regime.
func (s *Service) bookOf(l *Loan, reps []Repayment, asOf money.Date) (*book, map[string]postingResult, error) {
	capRate, err := s.policy.Pricing.OverdueCap(nil, l.ContractDate)
	if err != nil {
		return nil, nil, Errorf(CodeInvalid, "", "the overdue cap cannot be computed: %v", err)
	}
	return replay(l, reps, asOf, s.policy.Repayment, s.policy.Rounding, capRate)
}

// attach sets each repayment's allocation from the replay.
func attach(reps []Repayment, res map[string]postingResult) {
	for i := range reps {
		r, ok := res[reps[i].ID]
		if !ok {
			continue
		}
		a := &Allocated{Classification: r.class, Lines: r.lines, Fee: fenMoney(r.fee), Credit: fenMoney(r.credit), Short: r.short}
		if a.Lines == nil {
			a.Lines = []AllocationLine{}
		}
		if reps[i].Kind == RepaymentEarlyFull {
			p := fenMoney(r.payoff)
			a.Payoff = &p
		}
		reps[i].Result = a
	}
}

// RecordRepayment posts a repayment (finance). It is idempotent by its
// reference: the same reference with the same posting answers the first
// one; with another, 422. Postings on a loan are serialised on it; the
// repayments are allocated by replaying them all; a repayment that pays
// the schedule off closes the case.
func (s *Service) RecordRepayment(ctx context.Context, actor Actor, caseID string, in RepaymentInput) (r *Repayment, err error) {
	defer Wrap(&err, "Service.RecordRepayment")
	if actor.Role != RoleFinance {
		return nil, Errorf(CodeForbidden, "", "only finance records repayments")
	}
	if in.Kind == "" {
		in.Kind = RepaymentRegular
	}
	var probs check.Problems
	in.validate(&probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	return retryRace(errReferenceRace, func() (*Repayment, error) { return s.recordRepayment(ctx, actor, caseID, in) })
}

const errReferenceRace = "a repayment with this reference was recorded meanwhile"

// retryRace runs post again, up to three times, while it fails with the
// conflict race: a concurrent first posting of the same reference, which
// the next attempt replays. Repayments and recoveries post this way.
func retryRace[T any](race string, post func() (T, error)) (T, error) {
	for attempt := 0; ; attempt++ {
		r, err := post()
		var e *Error
		if errors.As(err, &e) && e.Code == CodeConflict && e.Message == race && attempt < 3 {
			continue
		}
		return r, err
	}
}

// postOnLoan is the frame of a posting on a case's loan (a repayment, a
// recovery): the case as the actor may read it; the posting's date, today
// when absent and never in the future; and post, run in a transaction with
// the loan locked (LoanTx.LockLoanByCase), so that postings of one loan
// are made one after the other. For a case without a loan it answers
// noLoan, when set, else not found.
func (s *Service) postOnLoan(ctx context.Context, actor Actor, caseID string, date money.Date, noLoan func(c *Case) error,
	post func(tx Tx, c *Case, l *Loan, date money.Date, now time.Time) error) error {
	c, err := s.readable(ctx, actor, caseID)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	if date.IsZero() {
		date = BusinessDate(now)
	}
	if date.After(BusinessDate(now)) {
		return invalidField(check.InFuture("date", date.String()))
	}
	return s.store.WithTx(ctx, func(tx Tx) error {
		l, err := tx.Loans().LockLoanByCase(ctx, c.ID)
		if ErrorCode(err) == CodeNotFound && noLoan != nil {
			return noLoan(c)
		}
		if err != nil {
			return err
		}
		return post(tx, c, l, date, now)
	})
}

func (s *Service) recordRepayment(ctx context.Context, actor Actor, caseID string, in RepaymentInput) (*Repayment, error) {
	fp := in.fingerprint()
	var out *Repayment
	noLoan := func(c *Case) error { return Errorf(CodeConflict, "", "case %s has no loan to repay", c.ID) }
	err := s.postOnLoan(ctx, actor, caseID, in.Date, noLoan, func(tx Tx, c *Case, l *Loan, date money.Date, now time.Time) error {
		reps, err := tx.Repayments().FindRepayments(ctx, l.ID)
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(reps, func(r Repayment) bool { return r.Reference == in.Reference }); i >= 0 {
			if reps[i].Request != fp {
				fe := fieldError("reference", check.ErrDuplicate, "repayment.reference_reused", check.Params{"reference": check.Shown(in.Reference)})
				return invalidField(fe)
			}
			_, res, err := s.bookOf(l, reps, BusinessDate(now))
			if err != nil {
				return err
			}
			attach(reps, res)
			out = &reps[i]
			return nil
		}
		if c.Stage != StageDisbursed {
			return Errorf(CodeConflict, "", "a case in %s takes no repayments", c.Stage)
		}
		if first := firstDisbursement(l); date.Before(first) {
			fe := fieldError("date", check.ErrRange, "repayment.before_disbursement", check.Params{"date": first.String()})
			fe.Value = date.String()
			return invalidField(fe)
		}
		if err := settledByExtension(l, in.Kind, date, "date"); err != nil {
			return err
		}
		r := Repayment{ID: s.ids.NewID(), Seq: len(reps) + 1, Reference: in.Reference, Amount: in.Amount, Date: date, Payer: in.Payer,
			Channel: in.Channel, Kind: in.Kind, Request: fp, CreatedBy: actor.ID, CreatedAt: now}
		all := append(reps, r)
		b, res, err := s.bookOf(l, all, BusinessDate(now))
		if err != nil {
			return err
		}
		if pr := res[r.ID]; pr.short {
			fe := fieldError("amount", check.ErrRange, "repayment.payoff_short", check.Params{"payoff": fenMoney(pr.payoff).String()})
			fe.Value = in.Amount.String()
			return invalidField(fe)
		}
		if err := tx.Repayments().AddRepayment(ctx, l.ID, &r); err != nil {
			if ErrorCode(err) == CodeConflict {
				return Errorf(CodeConflict, "", errReferenceRace)
			}
			return err
		}
		attach(all, res)
		out = &all[len(all)-1]
		a := out.Result
		data := map[string]any{"id": r.ID, "loan": l.ID, "reference": r.Reference, "amount": r.Amount, "date": r.Date, "kind": r.Kind,
			"payer": r.Payer, "channel": r.Channel, "allocated": totals(a.Lines), "fee": a.Fee, "credit": a.Credit}
		version, err := s.saveBook(ctx, tx, actor, c, l, b, now)
		if err != nil {
			return err
		}
		if version != c.Version {
			data["to"] = StageClosed
		}
		return tx.Events().AppendEvent(ctx, s.event(actor, c.ID, version, "repayment.recorded", data))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// totals sums allocation lines by component.
func totals(lines []AllocationLine) map[Component]money.Money {
	out := map[Component]money.Money{}
	for _, ln := range lines {
		out[ln.Component], _ = out[ln.Component].Add(ln.Amount)
	}
	return out
}

func firstDisbursement(l *Loan) money.Date {
	var d money.Date
	for _, t := range l.Tranches {
		if d.IsZero() || t.DisbursedOn.Before(d) {
			d = t.DisbursedOn
		}
	}
	return d
}

// saveBook writes the book's standing and closes the case when the book is
// paid off; it returns the case's version after it.
func (s *Service) saveBook(ctx context.Context, tx Tx, actor Actor, c *Case, l *Loan, b *book, now time.Time) (int, error) {
	today := BusinessDate(now)
	rows := make([]BookRow, 0, len(b.rows))
	for _, r := range b.rows {
		var owed, paid int64
		for ci := 1; ci < len(components); ci++ {
			owed += r.owed[ci]
			paid += r.paid[ci]
		}
		dpd := 0
		if r.settled.IsZero() && !r.canceled && r.due.Before(today) {
			dpd = today.DaysSince(r.due)
		}
		rows = append(rows, BookRow{TrancheID: l.Tranches[r.tranche].ID, Period: r.period, Owed: fenMoney(owed), Paid: fenMoney(paid),
			PaidPrinc: fenMoney(r.paid[3]), PaidInt: fenMoney(r.paid[1]), SettledOn: r.settled, DaysPastDue: dpd})
	}
	if err := tx.Repayments().SaveBook(ctx, l.ID, rows, b.classification(today), l.Manual); err != nil {
		return 0, err
	}
	if !b.closed() || c.Stage != StageDisbursed {
		return c.Version, nil
	}
	d := c.forStorage()
	d.Transitions = append(slices.Clone(c.Transitions), StageChange{From: c.Stage, To: StageClosed, By: actor.ID, At: now})
	d.Stage, d.Version, d.UpdatedAt = StageClosed, c.Version+1, now
	if err := tx.Cases().UpdateCase(ctx, d, c.Version, d.Listing()); err != nil {
		return 0, err
	}
	return d.Version, nil
}

// Repayments returns a loan's repayments with their allocation as the loan
// stands today.
func (s *Service) Repayments(ctx context.Context, actor Actor, caseID string) (reps []Repayment, err error) {
	defer Wrap(&err, "Service.Repayments")
	st, err := s.LoanAsOf(ctx, actor, caseID, BusinessDate(s.clock.Now()))
	if err != nil {
		return nil, err
	}
	return st.Repayments, nil
}

// ReverseRepayment reverses a repayment (冲正, finance) with a reason: the
// replay allocates the others again. A reversed repayment stays reversed;
// reversing it again answers it as it is. A closed loan's repayments are
// not reversed.
func (s *Service) ReverseRepayment(ctx context.Context, actor Actor, caseID, id string, in ReversalInput) (r *Repayment, err error) {
	defer Wrap(&err, "Service.ReverseRepayment")
	if actor.Role != RoleFinance {
		return nil, Errorf(CodeForbidden, "", "only finance reverses repayments")
	}
	var probs check.Problems
	probs.RequiredText("reason", in.Reason, maxText)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	c, err := s.readable(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	err = s.store.WithTx(ctx, func(tx Tx) error {
		l, err := tx.Loans().LockLoanByCase(ctx, c.ID)
		if err != nil {
			return err
		}
		reps, err := tx.Repayments().FindRepayments(ctx, l.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(reps, func(r Repayment) bool { return r.ID == id })
		if i < 0 {
			return Errorf(CodeNotFound, "", "loan %s has no repayment %s", l.ID, id)
		}
		if reps[i].Reversed != nil {
			r = &reps[i]
			return nil
		}
		if c.Stage != StageDisbursed {
			return Errorf(CodeConflict, "", "a case in %s has its repayments settled", c.Stage)
		}
		if err := settledByExtension(l, reps[i].Kind, reps[i].Date, "id"); err != nil {
			return err
		}
		rv := Reversal{By: actor.ID, Reason: in.Reason, At: now}
		if err := tx.Repayments().ReverseRepayment(ctx, l.ID, id, rv); err != nil {
			return err
		}
		reps[i].Reversed = &rv
		b, res, err := s.bookOf(l, reps, BusinessDate(now))
		if err != nil {
			return err
		}
		attach(reps, res)
		r = &reps[i]
		if _, err := s.saveBook(ctx, tx, actor, c, l, b, now); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, s.event(actor, c.ID, c.Version, "repayment.reversed", map[string]any{"id": id, "loan": l.ID,
			"reference": r.Reference, "amount": r.Amount, "date": r.Date, "reason": in.Reason}))
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// LoanStatus is a loan as of a day: what each installment owes, has paid
// and is overdue, the loan's days past due and classification.
type LoanStatus struct {
	CaseID         string      `json:"case_id"`
	ContractNumber string      `json:"contract_number"`
	Borrower       string      `json:"borrower"`
	AsOf           money.Date  `json:"as_of"`
	Disbursed      money.Money `json:"disbursed"`
	AnnualRate     money.Rate  `json:"annual_rate"`
	// Maturity is the loan's, as extended (展期) by the day.
	Maturity money.Date `json:"maturity"`
	// Installments are every tranche's, by due date.
	Installments []InstallmentStatus `json:"installments"`
	// Principal is the principal outstanding; Overdue what is past due
	// (principal, interest, fees and overdue interest); Penalty the
	// overdue interest accrued and unpaid.
	Principal money.Money `json:"principal_outstanding"`
	Overdue   money.Money `json:"overdue"`
	Penalty   money.Money `json:"penalty"`
	// Capped reports that the regime's cap held overdue interest down.
	Capped      bool `json:"capped"`
	DaysPastDue int  `json:"days_past_due"`
	// Floor is the classification the days past due set; Classification
	// the loan's, the floor or a worse manual one.
	Floor          Classification        `json:"floor"`
	Classification Classification        `json:"classification"`
	ClassZH        string                `json:"classification_zh"`
	Manual         *ManualClassification `json:"manual,omitempty"`
	// Credit is what was paid beyond what is due, held for the next
	// installment (or to refund once the loan is closed).
	Credit money.Money `json:"credit"`
	// Prepaid is the principal repaid early by partial early repayments,
	// which the installments no longer owe.
	Prepaid money.Money `json:"prepaid_principal"`
	// Payoff is what repays the loan in full on AsOf (提前结清金额).
	Payoff money.Money `json:"payoff"`
	Closed bool        `json:"closed"`
	// WrittenOff is the write-off (核销) and the recoveries since, as of
	// the day; nil for a loan in the active book.
	WrittenOff *WrittenOff `json:"written_off,omitempty"`
	ClosedOn   *money.Date `json:"closed_on,omitempty"`
	Repayments []Repayment `json:"repayments"`
}

// InstallmentStatus is one installment as of a day.
type InstallmentStatus struct {
	Receipt   string      `json:"receipt_number"`
	Period    int         `json:"period"`
	DueDate   money.Date  `json:"due_date"`
	Principal money.Money `json:"principal"`
	Interest  money.Money `json:"interest"`
	Fee       money.Money `json:"fee"`
	// Penalty is the overdue interest (罚息 and 复利) charged on it so far.
	Penalty       money.Money `json:"penalty"`
	PaidPrincipal money.Money `json:"paid_principal"`
	PaidInterest  money.Money `json:"paid_interest"`
	PaidFee       money.Money `json:"paid_fee"`
	PaidPenalty   money.Money `json:"paid_penalty"`
	Outstanding   money.Money `json:"outstanding"`
	// Status is due (not yet), paid, overdue, or cancelled (the term was
	// shortened past it).
	Status      string      `json:"status"`
	DaysPastDue int         `json:"days_past_due"`
	SettledOn   *money.Date `json:"settled_on,omitempty"`
	Capped      bool        `json:"capped,omitempty"`
}

// loanState is a loan as of a day: the loan, its repayments with their
// allocation, and the replay's book.
type loanState struct {
	loan *Loan
	reps []Repayment
	book *book
	asOf money.Date
}

// loanBook reads a case's loan and its repayments and replays them as of
// a day (zero for today): what LoanAsOf and the follow-up's facts both
// read. It returns CodeNotFound when the case has no loan.
func (s *Service) loanBook(ctx context.Context, caseID string, asOf money.Date) (*loanState, error) {
	if asOf.IsZero() {
		asOf = BusinessDate(s.clock.Now())
	}
	l, err := s.store.Loans().FindLoanByCase(ctx, caseID)
	if err != nil {
		return nil, err
	}
	reps, err := s.store.Repayments().FindRepayments(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	b, res, err := s.bookOf(l, reps, asOf)
	if err != nil {
		return nil, err
	}
	attach(reps, res)
	return &loanState{loan: l, reps: reps, book: b, asOf: asOf}, nil
}

// LoanAsOf returns the loan as of a day (a calendar day in the lender's
// time zone; zero for today): the replay of its repayments posted up to
// then.
func (s *Service) LoanAsOf(ctx context.Context, actor Actor, caseID string, asOf money.Date) (st *LoanStatus, err error) {
	defer Wrap(&err, "Service.LoanAsOf")
	if _, err := s.readable(ctx, actor, caseID); err != nil {
		return nil, err
	}
	lb, err := s.loanBook(ctx, caseID, asOf)
	if err != nil {
		return nil, err
	}
	l, b, reps, asOf := lb.loan, lb.book, lb.reps, lb.asOf
	st = &LoanStatus{CaseID: l.CaseID, ContractNumber: l.ContractNumber, Borrower: l.Borrower, AsOf: asOf, Disbursed: l.Disbursed,
		Maturity:   l.maturityOn(asOf),
		AnnualRate: l.AnnualRate, Installments: []InstallmentStatus{}, Credit: fenMoney(b.credit), Prepaid: fenMoney(b.prepaid),
		Manual: l.Manual, Repayments: reps}
	var principal, overdue, penalty int64
	for _, r := range b.rows {
		is := InstallmentStatus{Receipt: r.receipt, Period: r.period, DueDate: r.due, Principal: fenMoney(r.owed[3]), Interest: fenMoney(r.owed[1]),
			Fee: fenMoney(r.owed[2]), Penalty: fenMoney(r.owed[0]), PaidPrincipal: fenMoney(r.paid[3]), PaidInterest: fenMoney(r.paid[1]),
			PaidFee: fenMoney(r.paid[2]), PaidPenalty: fenMoney(r.paid[0]), Outstanding: fenMoney(r.unpaid()), Capped: r.capped}
		switch {
		case r.canceled:
			is.Status = "cancelled"
		case r.unpaid() == 0:
			is.Status = "paid"
		case r.due.Before(asOf):
			is.Status, is.DaysPastDue = "overdue", asOf.DaysSince(r.due)
			overdue += r.unpaid()
		default:
			is.Status = "due"
		}
		if !r.settled.IsZero() {
			d := r.settled
			is.SettledOn = &d
		}
		principal += r.outstanding(3)
		penalty += r.outstanding(0)
		st.Capped = st.Capped || r.capped
		st.Installments = append(st.Installments, is)
	}
	st.Principal, st.Overdue, st.Penalty = fenMoney(principal), fenMoney(overdue), fenMoney(penalty)
	if st.WrittenOff, err = s.writtenOffOf(ctx, l, asOf); err != nil {
		return nil, err
	}
	st.DaysPastDue = b.daysPastDue(asOf)
	st.Floor = ClassificationFloor(st.DaysPastDue)
	st.Classification = b.classification(asOf)
	st.ClassZH = st.Classification.Chinese()
	if b.closed() {
		st.Closed = true
		d := b.closedOn()
		st.ClosedOn = &d
	} else {
		var due int64
		for _, r := range b.rows {
			if !r.canceled && !r.due.After(asOf) {
				due += r.unpaid()
			}
		}
		pay, _ := b.payoffOf(asOf)
		st.Payoff = fenMoney(max(due+pay-b.credit, 0))
	}
	return st, nil
}

// maturityOn is the loan's maturity on a day: before an extension took
// effect, the one it moved.
func (l *Loan) maturityOn(d money.Date) money.Date {
	for _, x := range l.Extensions {
		if d.Before(x.EffectiveOn) {
			return x.MaturityBefore
		}
	}
	return l.Maturity
}

// Classify records a risk officer's downgrade of a loan, with a reason:
// never above the floor its days past due set today, and worse than its
// classification now.
func (s *Service) Classify(ctx context.Context, actor Actor, caseID string, in ClassificationInput) (st *LoanStatus, err error) {
	defer Wrap(&err, "Service.Classify")
	if actor.Role != RoleRiskOfficer {
		return nil, Errorf(CodeForbidden, "", "only a risk officer classifies loans")
	}
	var probs check.Problems
	if !in.Classification.Valid() {
		vals := make([]string, len(Classifications))
		for i, c := range Classifications {
			vals[i] = string(c)
		}
		probs.Add(check.NotOneOf("classification", string(in.Classification), vals...))
	}
	probs.RequiredText("reason", in.Reason, maxText)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	c, err := s.readable(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	if c.Stage != StageDisbursed {
		return nil, Errorf(CodeConflict, "", "a case in %s has no loan to classify", c.Stage)
	}
	now := s.clock.Now()
	today := BusinessDate(now)
	err = s.store.WithTx(ctx, func(tx Tx) error {
		l, err := tx.Loans().LockLoanByCase(ctx, c.ID)
		if err != nil {
			return err
		}
		reps, err := tx.Repayments().FindRepayments(ctx, l.ID)
		if err != nil {
			return err
		}
		b, _, err := s.bookOf(l, reps, today)
		if err != nil {
			return err
		}
		days := b.daysPastDue(today)
		floor, current := ClassificationFloor(days), b.classification(today)
		if in.Classification.rank() < floor.rank() {
			fe := fieldError("classification", check.ErrRange, "classification.above_floor", check.Params{"floor": floor.Chinese(), "days": strconv.Itoa(days)})
			fe.Value = string(in.Classification)
			return invalidField(fe)
		}
		if in.Classification.rank() <= current.rank() {
			fe := fieldError("classification", check.ErrRange, "classification.not_downgrade", check.Params{"current": current.Chinese()})
			fe.Value = string(in.Classification)
			return invalidField(fe)
		}
		l.Manual = &ManualClassification{Classification: in.Classification, Reason: in.Reason, Since: today, By: actor.ID, At: now}
		b.manual = l.Manual
		if _, err := s.saveBook(ctx, tx, actor, c, l, b, now); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, s.event(actor, c.ID, c.Version, "loan.classified", map[string]any{"loan": l.ID,
			"from": current, "to": in.Classification, "floor": floor, "days_past_due": days, "reason": in.Reason}))
	})
	if err != nil {
		return nil, err
	}
	return s.LoanAsOf(ctx, actor, caseID, today)
}

// settledByExtension refuses an early repayment dated on or before the
// latest extension's day, posted or reversed after it: the extension
// rescheduled the principal outstanding on its day, which such a posting
// would change behind it.
func settledByExtension(l *Loan, kind RepaymentKind, date money.Date, path string) error {
	if kind == RepaymentRegular || len(l.Extensions) == 0 {
		return nil
	}
	if on := l.Extensions[len(l.Extensions)-1].EffectiveOn; !date.After(on) {
		fe := fieldError(path, check.ErrRange, "repayment.before_extension", check.Params{"date": on.String()})
		fe.Value = date.String()
		return invalidField(fe)
	}
	return nil
}
