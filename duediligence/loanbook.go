package duediligence

import (
	"cmp"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/check"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// The loan book: what a loan owes and has paid, as of a date, computed by
// replaying every repayment that is not reversed over the tranches'
// schedules. The replay is deterministic — the same loan, repayments and
// date give the same book — so a reversal (冲正) needs no undo: the next
// replay simply leaves the reversed repayment out and allocates the others
// again.

// Component is a part of what an installment owes, in the order a
// repayment pays them.
type Component string

// The components of an installment.
const (
	// ComponentPenalty is overdue interest: 罚息 on overdue principal and,
	// where the contract charges it, 复利 on overdue interest.
	ComponentPenalty   Component = "penalty"
	ComponentInterest  Component = "interest"
	ComponentFee       Component = "fee"
	ComponentPrincipal Component = "principal"
)

var components = []Component{ComponentPenalty, ComponentInterest, ComponentFee, ComponentPrincipal}

func (c Component) index() int { return slices.Index(components, c) }

// Default allocation orders: a performing loan pays overdue interest, then
// interest, fees and principal (先息后本); a non-performing one (次级 and
// below) pays principal first, as lenders collect on a doubtful loan.
var (
	defaultOrder              = []Component{ComponentPenalty, ComponentInterest, ComponentFee, ComponentPrincipal}
	defaultNonPerformingOrder = []Component{ComponentPrincipal, ComponentInterest, ComponentFee, ComponentPenalty}
)

// RepaymentPolicy is how repayments are allocated and overdue interest
// charged.
type RepaymentPolicy struct {
	// Order is the allocation order within an installment, oldest
	// installment first; default penalty, interest, fee, principal. It
	// must name each component once.
	Order []Component `json:"order,omitempty"`
	// NonPerformingOrder is the order for a loan classified 次级, 可疑 or
	// 损失 on the repayment's date; default principal, interest, fee,
	// penalty.
	NonPerformingOrder []Component `json:"non_performing_order,omitempty"`
	// EarlyRepaymentFee is the lender's fee on principal repaid before it
	// falls due (提前还款违约金), as a share of it; none when nil.
	EarlyRepaymentFee *money.Rate `json:"early_repayment_fee,omitempty"`
	// Overdue is how overdue interest is charged (markup, day basis,
	// compound interest); its cap comes from the lender's regime.
	Overdue contracts.OverduePolicy `json:"overdue"`
}

func (p RepaymentPolicy) order(nonPerforming bool) []Component {
	if nonPerforming {
		if len(p.NonPerformingOrder) > 0 {
			return p.NonPerformingOrder
		}
		return defaultNonPerformingOrder
	}
	if len(p.Order) > 0 {
		return p.Order
	}
	return defaultOrder
}

// validOrder reports whether o names every component once (or is empty).
func validOrder(o []Component) bool {
	if len(o) == 0 {
		return true
	}
	if len(o) != len(components) {
		return false
	}
	for _, c := range components {
		if !slices.Contains(o, c) {
			return false
		}
	}
	return true
}

// Classification is the five-category loan classification (五级分类).
type Classification string

// The five categories, from best to worst.
const (
	ClassNormal         Classification = "normal"          // 正常
	ClassSpecialMention Classification = "special_mention" // 关注
	ClassSubstandard    Classification = "substandard"     // 次级
	ClassDoubtful       Classification = "doubtful"        // 可疑
	ClassLoss           Classification = "loss"            // 损失
)

// Classifications lists the categories from best to worst.
var Classifications = []Classification{ClassNormal, ClassSpecialMention, ClassSubstandard, ClassDoubtful, ClassLoss}

var classNames = map[Classification]string{ClassNormal: "正常", ClassSpecialMention: "关注", ClassSubstandard: "次级", ClassDoubtful: "可疑", ClassLoss: "损失"}

// Chinese returns the category's Chinese name (正常 … 损失).
func (c Classification) Chinese() string { return classNames[c] }

// Valid reports whether c is one of the five categories.
func (c Classification) Valid() bool { return slices.Contains(Classifications, c) }

// rank orders the categories: 0 for 正常 … 4 for 损失.
func (c Classification) rank() int { return slices.Index(Classifications, c) }

// NonPerforming reports whether c is 次级, 可疑 or 损失 (不良贷款).
func (c Classification) NonPerforming() bool { return c.rank() >= ClassSubstandard.rank() }

// ClassificationFloor is the best category a loan so many days past due may
// have (RULES.md postloan.classification): any overdue is at least 关注,
// more than 90 days 次级, more than 270 可疑, more than 360 损失.
func ClassificationFloor(daysPastDue int) Classification {
	switch {
	case daysPastDue > 360:
		return ClassLoss
	case daysPastDue > 270:
		return ClassDoubtful
	case daysPastDue > 90:
		return ClassSubstandard
	case daysPastDue > 0:
		return ClassSpecialMention
	}
	return ClassNormal
}

// worse returns the worse of two categories.
func worse(a, b Classification) Classification {
	if b.rank() > a.rank() {
		return b
	}
	return a
}

// bookRow is one installment in the replay, amounts in fen.
type bookRow struct {
	tranche  int // index in Loan.Tranches
	receipt  string
	period   int
	due      money.Date
	last     bool  // the tranche's last installment
	payment  int64 // as scheduled, for keeping the installment
	owed     [4]int64
	paid     [4]int64
	accrued  money.Date // penalty accrued up to
	capped   bool
	settled  money.Date
	canceled bool // the term was shortened past it
}

func (r *bookRow) outstanding(c int) int64 { return r.owed[c] - r.paid[c] }

// unpaid is what remains of the row, penalty included.
func (r *bookRow) unpaid() int64 {
	var s int64
	for c := range components {
		s += r.outstanding(c)
	}
	return s
}

// bookPosting is a repayment as the replay sees it.
type bookPosting struct {
	date   money.Date
	amount int64
	kind   RepaymentKind
}

// postingResult is what the replay made of a posting.
type postingResult struct {
	lines []AllocationLine
	// fee is the early-repayment fee it paid; credit the credit the loan
	// held after it; class the classification it was allocated under.
	fee, credit int64
	class       Classification
	// short is set for a full early repayment that did not cover the
	// payoff (it was applied as far as it went).
	short bool
	// payoff is what a full early repayment on its date had to cover.
	payoff int64
}

// book is the replay's state.
type book struct {
	loan   *Loan
	policy RepaymentPolicy
	rnd    money.Rounding
	cap    *money.Rate
	manual *ManualClassification
	rows   []*bookRow
	credit int64
	// prepaid is the principal repaid early by partial early repayments:
	// it left the rows when they were computed again.
	prepaid int64
	// swaps are the extensions still to take effect, in order.
	swaps []swap
	err   error
}

func newBook(l *Loan, p RepaymentPolicy, rnd money.Rounding, capRate *money.Rate, manual *ManualClassification) *book {
	b := &book{loan: l, policy: p, rnd: rnd, cap: capRate, manual: manual}
	index := make(map[string]int, len(l.Tranches))
	var cur []*bookRow
	for ti, t := range l.Tranches {
		index[t.ID] = ti
		for _, in := range t.Installments {
			cur = append(cur, newRow(ti, t.ReceiptNumber, in))
		}
	}
	// The schedule in force is the last extension's: going back, each
	// extension gave the rows due after its day, where the rows it
	// superseded stood before it. The replay starts from the schedule of
	// the disbursement and swaps each extension's rows in on its day.
	for i := len(l.Extensions) - 1; i >= 0; i-- {
		x := &l.Extensions[i]
		var kept, added []*bookRow
		for _, r := range cur {
			if r.due.After(x.EffectiveOn) {
				added = append(added, r)
			} else {
				kept = append(kept, r)
			}
		}
		for _, si := range x.Superseded {
			ti, ok := index[si.TrancheID]
			if !ok {
				b.fail(fmt.Errorf("extension %d supersedes an installment of tranche %s, which the loan lacks", x.Seq, si.TrancheID))
				continue
			}
			kept = append(kept, newRow(ti, l.Tranches[ti].ReceiptNumber, si.Installment))
		}
		b.swaps = append(b.swaps, swap{on: x.EffectiveOn, rows: added})
		cur = kept
	}
	slices.Reverse(b.swaps)
	b.rows = cur
	b.order()
	return b
}

func newRow(ti int, receipt string, in contracts.Installment) *bookRow {
	return &bookRow{tranche: ti, receipt: receipt, period: in.Period, due: in.DueDate,
		payment: in.Payment.Fen() - in.Fee.Fen(), accrued: in.DueDate,
		owed: [4]int64{0, in.Interest.Fen(), in.Fee.Fen(), in.Principal.Fen()}}
}

// swap is an extension taking effect in the replay: at the end of day on,
// the rows due after it give way to the extension's.
type swap struct {
	on   money.Date
	rows []*bookRow
}

// extend swaps an extension's rows in.
func (b *book) extend(sw swap) {
	b.rows = slices.DeleteFunc(b.rows, func(r *bookRow) bool { return r.due.After(sw.on) })
	b.rows = append(b.rows, sw.rows...)
	b.order()
}

// order sorts the rows by due date and marks each tranche's last.
func (b *book) order() {
	slices.SortStableFunc(b.rows, func(x, y *bookRow) int {
		return cmp.Or(x.due.Compare(y.due), cmp.Compare(x.tranche, y.tranche), cmp.Compare(x.period, y.period))
	})
	last := map[int]*bookRow{}
	for _, r := range b.rows {
		r.last = false
		if l, ok := last[r.tranche]; !ok || r.period > l.period {
			last[r.tranche] = r
		}
	}
	for _, r := range last {
		r.last = true
	}
}

func (b *book) fail(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

// accrue charges overdue interest on every overdue row up to d.
func (b *book) accrue(d money.Date) {
	ov := b.policy.Overdue
	if ov.Rounding == "" {
		ov.Rounding = b.rnd
	}
	for _, r := range b.rows {
		if r.canceled || !r.due.Before(d) || !r.accrued.Before(d) {
			continue
		}
		pr, in := r.outstanding(3), r.outstanding(1)
		from := r.accrued
		r.accrued = d
		if pr <= 0 && in <= 0 {
			continue
		}
		p, _ := money.FromFen(pr)
		i, _ := money.FromFen(in)
		res, err := contracts.OverdueInterest(contracts.Overdue{ContractRate: b.loan.AnnualRate, AsOf: d, Policy: ov, Cap: b.cap,
			Items: []contracts.OverdueItem{{DueDate: from, Principal: p, Interest: i}}})
		if err != nil {
			b.fail(err)
			continue
		}
		r.owed[0] += res.Total.Fen()
		r.capped = r.capped || res.Capped
		b.settle(r, d)
	}
}

// settle records the day a row was paid off.
func (b *book) settle(r *bookRow, d money.Date) {
	if r.settled.IsZero() && r.unpaid() == 0 {
		r.settled = d
	}
}

// daysPastDue is the days since the oldest row due before d and unpaid.
func (b *book) daysPastDue(d money.Date) int {
	for _, r := range b.rows {
		if !r.canceled && r.due.Before(d) && r.unpaid() > 0 {
			return d.DaysSince(r.due)
		}
	}
	return 0
}

// classification is the loan's category on d: the days-past-due floor, or
// the manual downgrade in force on d if worse.
func (b *book) classification(d money.Date) Classification {
	c := ClassificationFloor(b.daysPastDue(d))
	if m := b.manual; m != nil && !m.Since.After(d) {
		c = worse(c, m.Classification)
	}
	return c
}

// allocate pays funds to the rows due on or before d, oldest first, in the
// order of the loan's classification on d, and returns what is left.
func (b *book) allocate(d money.Date, funds int64, order []Component, res *postingResult) int64 {
	for _, r := range b.rows {
		if funds == 0 {
			break
		}
		if r.canceled || r.due.After(d) {
			continue
		}
		for _, c := range order {
			ci := c.index()
			take := min(funds, r.outstanding(ci))
			if take <= 0 {
				continue
			}
			r.paid[ci] += take
			funds -= take
			if res != nil {
				res.lines = append(res.lines, b.line(r, c, take))
			}
		}
		b.settle(r, d)
	}
	return funds
}

func (b *book) line(r *bookRow, c Component, fen int64) AllocationLine {
	m, _ := money.FromFen(fen)
	return AllocationLine{Receipt: r.receipt, Period: r.period, DueDate: r.due, Component: c, Amount: m}
}

// applyCredit pays the credit held to what falls due on d.
func (b *book) applyCredit(d money.Date) {
	if b.credit > 0 {
		b.credit = b.allocate(d, b.credit, b.policy.order(b.classification(d).NonPerforming()), nil)
	}
}

// advance brings the book to d: each due date up to d accrues overdue
// interest and takes the credit held, then d accrues.
func (b *book) advance(from, d money.Date) {
	var dues []money.Date
	for _, r := range b.rows {
		if r.due.After(from) && !r.due.After(d) && !slices.Contains(dues, r.due) {
			dues = append(dues, r.due)
		}
	}
	for _, due := range dues {
		b.accrue(due)
		b.applyCredit(due)
	}
	b.accrue(d)
}

// feeOn is the early-repayment fee on principal prepaid.
func (b *book) feeOn(prepaid int64) int64 {
	r := b.policy.EarlyRepaymentFee
	if r == nil || prepaid <= 0 {
		return 0
	}
	c, den := r.Parts()
	m, err := b.rnd.Rat(new(big.Int).Mul(big.NewInt(prepaid), new(big.Int).SetUint64(c)), new(big.Int).SetUint64(den*100))
	b.fail(err)
	return m.Fen()
}

// post replays one repayment.
func (b *book) post(p bookPosting) postingResult {
	res := postingResult{class: b.classification(p.date)}
	order := b.policy.order(res.class.NonPerforming())
	funds := b.allocate(p.date, p.amount+b.credit, order, &res)
	b.credit = 0
	switch p.kind {
	case RepaymentEarlyFull:
		funds = b.payOff(p.date, funds, &res)
	case RepaymentEarlyPartial:
		funds = b.prepay(p.date, funds, &res)
	}
	b.credit = funds
	res.credit = funds
	return res
}

// future is the rows not yet due on d, per tranche.
func (b *book) future(d money.Date) [][]*bookRow {
	out := make([][]*bookRow, len(b.loan.Tranches))
	for _, r := range b.rows {
		if !r.canceled && r.due.After(d) {
			out[r.tranche] = append(out[r.tranche], r)
		}
	}
	return out
}

// payoffOf is what repays the loan in full on d once everything due is
// paid: the current installment of each tranche in full, the principal of
// the later ones (their interest is not owed) and the fee on the principal
// repaid early.
func (b *book) payoffOf(d money.Date) (total, principal int64) {
	for _, rows := range b.future(d) {
		for i, r := range rows {
			principal += r.outstanding(3)
			if i == 0 {
				total += r.outstanding(1) + r.outstanding(2)
			}
		}
	}
	return total + principal + b.feeOn(principal), principal
}

// payOff settles every future installment from funds when they suffice;
// otherwise it prepays what they cover.
func (b *book) payOff(d money.Date, funds int64, res *postingResult) int64 {
	total, principal := b.payoffOf(d)
	res.payoff = total
	if funds < total {
		res.short = true
		return b.prepay(d, funds, res)
	}
	res.fee = b.feeOn(principal)
	funds -= res.fee
	for _, rows := range b.future(d) {
		for i, r := range rows {
			if i > 0 {
				r.owed[1], r.owed[2] = r.paid[1], r.paid[2] // not yet accrued: waived
			}
			for _, c := range []Component{ComponentInterest, ComponentFee, ComponentPrincipal} {
				if take := r.outstanding(c.index()); take > 0 {
					r.paid[c.index()] += take
					funds -= take
					res.lines = append(res.lines, b.line(r, c, take))
				}
			}
			b.settle(r, d)
		}
	}
	return funds
}

// prepay repays principal early from funds, keeping each installment and
// shortening the term (缩期): the fee comes off first, the principal goes to
// the oldest tranche first, and the installments after d are computed again
// from the lower balance — the current one keeps its interest (the prepaid
// principal bears interest to the end of the period it is repaid in), the
// later ones owe interest on the new balance, and those the balance no
// longer reaches are cancelled. It returns the funds it did not use.
func (b *book) prepay(d money.Date, funds int64, res *postingResult) int64 {
	left := funds
	prepaid := left
	if r := b.policy.EarlyRepaymentFee; r != nil {
		// the largest prepaid amount whose fee still fits
		c, den := r.Parts()
		q := new(big.Int).Mul(big.NewInt(left), new(big.Int).SetUint64(den))
		q.Quo(q, new(big.Int).SetUint64(den+c))
		prepaid = q.Int64()
		for prepaid > 0 && prepaid+b.feeOn(prepaid) > left {
			prepaid--
		}
	}
	var used int64
	for _, rows := range b.future(d) {
		if prepaid == 0 {
			break
		}
		var bal int64
		for _, r := range rows {
			bal += r.outstanding(3)
		}
		p := min(prepaid, bal)
		if p == 0 {
			continue
		}
		prepaid -= p
		used += p
		b.prepaid += p
		first := rows[0]
		res.lines = append(res.lines, AllocationLine{Receipt: first.receipt, Period: first.period, DueDate: first.due,
			Component: ComponentPrincipal, Amount: fenMoney(p), Early: true})
		b.reschedule(rows, bal-p, d)
	}
	res.fee = b.feeOn(used)
	return left - used - res.fee
}

// reschedule computes the rows of a tranche after d again from balance bal.
func (b *book) reschedule(rows []*bookRow, bal int64, d money.Date) {
	rate, den := b.loan.AnnualRate.Parts()
	for i, r := range rows {
		if bal == 0 {
			r.owed, r.paid = [4]int64{}, [4]int64{}
			r.canceled, r.settled = true, d
			continue
		}
		if i > 0 {
			m, err := b.rnd.Rat(new(big.Int).Mul(big.NewInt(bal), new(big.Int).SetUint64(rate)), new(big.Int).SetUint64(den*12*100))
			b.fail(err)
			r.owed[1] = m.Fen()
		}
		target := r.owed[3]
		if b.loan.Method == contracts.EqualInstallment {
			target = max(r.payment-r.owed[1], 0)
		}
		pr := min(target, bal)
		if r.last || i == len(rows)-1 {
			pr = bal
		}
		r.owed[3] = pr
		bal -= pr
	}
}

func fenMoney(f int64) money.Money {
	m, _ := money.FromFen(f)
	return m
}

// replay runs the repayments (in date order, then as posted) over l and
// brings the book to asOf. It returns the book and each posting's result.
func replay(l *Loan, reps []Repayment, asOf money.Date, p RepaymentPolicy, rnd money.Rounding, capRate *money.Rate) (*book, map[string]postingResult, error) {
	b := newBook(l, p, rnd, capRate, l.Manual)
	live := slices.DeleteFunc(slices.Clone(reps), func(r Repayment) bool { return r.Reversed != nil || r.Date.After(asOf) })
	slices.SortStableFunc(live, func(x, y Repayment) int { return cmp.Or(x.Date.Compare(y.Date), cmp.Compare(x.Seq, y.Seq)) })
	out := make(map[string]postingResult, len(live))
	var at money.Date
	// extendBy takes the extensions effective before d in: each at the end
	// of its day, after that day's repayments.
	extendBy := func(due func(on money.Date) bool) {
		for len(b.swaps) > 0 && due(b.swaps[0].on) {
			b.advance(at, b.swaps[0].on)
			at = b.swaps[0].on
			b.extend(b.swaps[0])
			b.swaps = b.swaps[1:]
		}
	}
	for _, r := range live {
		extendBy(func(on money.Date) bool { return on.Before(r.Date) })
		b.advance(at, r.Date)
		at = r.Date
		out[r.ID] = b.post(bookPosting{date: r.Date, amount: r.Amount.Fen(), kind: r.Kind})
	}
	extendBy(func(on money.Date) bool { return !on.After(asOf) })
	b.advance(at, asOf)
	if b.err != nil {
		return nil, nil, errors.Join(errors.New("the loan book cannot be computed"), b.err)
	}
	return b, out, nil
}

// closed reports whether every installment is paid.
func (b *book) closed() bool {
	for _, r := range b.rows {
		if !r.canceled && r.unpaid() > 0 {
			return false
		}
	}
	return true
}

// closedOn is the day the last installment was paid, once closed.
func (b *book) closedOn() money.Date {
	var d money.Date
	for _, r := range b.rows {
		if r.settled.After(d) {
			d = r.settled
		}
	}
	return d
}

func (p RepaymentPolicy) validate(probs *check.Problems) {
	names := make([]string, len(components))
	for i, c := range components {
		names[i] = string(c)
	}
	for path, o := range map[string][]Component{"repayment.order": p.Order, "repayment.non_performing_order": p.NonPerformingOrder} {
		if !validOrder(o) {
			probs.Add(check.NotOneOf(path, fmt.Sprint(o), names...))
		}
	}
	if r := p.EarlyRepaymentFee; r != nil && (r.Decimal().Sign() < 0 || r.Decimal().Cmp(decimal.One) >= 0) {
		probs.Add(check.NotBetween("repayment.early_repayment_fee", r.String(), "0", "1"))
	}
}
