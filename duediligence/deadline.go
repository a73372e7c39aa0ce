package duediligence

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// DemandAddressee is whom a demand for payment was delivered to.
type DemandAddressee string

// Demand addressees.
const (
	DemandBorrower  DemandAddressee = "borrower"  // 借款人
	DemandGuarantor DemandAddressee = "guarantor" // 保证人
)

// DemandMethod is how a demand was delivered (送达方式).
type DemandMethod string

// Demand delivery methods.
const (
	DemandInPerson DemandMethod = "in_person" // 直接送达（当面签收）
	DemandPost     DemandMethod = "post"      // 邮寄（挂号信、快递）
	DemandNotary   DemandMethod = "notary"    // 公证送达
	DemandSMS      DemandMethod = "sms"       // 短信
	DemandEmail    DemandMethod = "email"     // 电子邮件
)

var (
	demandAddressees = []string{string(DemandBorrower), string(DemandGuarantor)}
	demandMethods    = []string{string(DemandInPerson), string(DemandPost), string(DemandNotary), string(DemandSMS), string(DemandEmail)}
)

// Demand is the delivery of a demand for payment (催收, a collection
// notice delivered): the collection log's entry. A demand delivered to the
// borrower restarts the limitation period of the claim (Civil Code art.
// 195); one delivered to a joint and several guarantor within the
// guarantee period keeps the guarantee and starts the guarantor's own
// limitation period (arts. 693, 694).
type Demand struct {
	ID     string          `json:"id"`
	CaseID string          `json:"case_id"`
	To     DemandAddressee `json:"to"`
	// GuaranteeID names the guarantee of the guarantor demanded from.
	GuaranteeID string       `json:"guarantee_id,omitempty"`
	Method      DemandMethod `json:"method"`
	DeliveredOn money.Date   `json:"delivered_on"`
	// Proof is the case's document proving the delivery (a signed
	// receipt, a postal record, a notarial certificate).
	Proof      string    `json:"proof"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
}

// DemandInput records a demand's delivery.
type DemandInput struct {
	To          DemandAddressee `json:"to"`
	GuaranteeID string          `json:"guarantee_id,omitempty"`
	Method      DemandMethod    `json:"method"`
	// DeliveredOn is required and may not be in the future.
	DeliveredOn money.Date `json:"delivered_on"`
	Proof       string     `json:"proof"`
}

func (in *DemandInput) validate(today money.Date, p *check.Problems) {
	p.OneOf("to", string(in.To), demandAddressees...)
	if in.To == DemandGuarantor {
		p.RequiredText("guarantee_id", in.GuaranteeID, maxID)
	} else if in.GuaranteeID != "" {
		p.Add(check.Invalid("guarantee_id", check.ErrRange, in.GuaranteeID, "only a demand to a guarantor names a guarantee"))
	}
	p.OneOf("method", string(in.Method), demandMethods...)
	switch {
	case in.DeliveredOn.IsZero():
		p.Add(check.Required("delivered_on"))
	case !in.DeliveredOn.IsValid():
		p.Add(check.NotDate("delivered_on", in.DeliveredOn.String()))
	case in.DeliveredOn.After(today):
		p.Add(check.InFuture("delivered_on", in.DeliveredOn.String()))
	}
	p.RequiredText("proof", in.Proof, maxID)
}

// RecordDemand records the delivery of a demand for payment on a disbursed
// loan (the collection log) at the case's expected version, with its audit
// event; the case file keeps its version.
func (s *Service) RecordDemand(ctx context.Context, actor Actor, caseID string, expected int, in DemandInput) (d *Demand, err error) {
	defer Wrap(&err, "Service.RecordDemand")
	now := s.clock.Now()
	var probs check.Problems
	in.validate(BusinessDate(now), &probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	c, err := s.followUpCase(ctx, actor, caseID, expected, "demand.recorded")
	if err != nil {
		return nil, err
	}
	if in.To == DemandGuarantor && c.guaranteeIndex(in.GuaranteeID) < 0 {
		return nil, invalidField(fieldError("guarantee_id", check.ErrNotFound, "demand.guarantee_unknown", check.Params{"id": check.Shown(in.GuaranteeID)}))
	}
	if c.documentIndex(in.Proof) < 0 {
		fe := fieldError("proof", check.ErrNotFound, "document.unknown", check.Params{"id": check.Shown(in.Proof)})
		fe.Value = in.Proof
		return nil, invalidField(fe)
	}
	d = &Demand{ID: s.ids.NewID(), CaseID: c.ID, To: in.To, GuaranteeID: in.GuaranteeID, Method: in.Method,
		DeliveredOn: in.DeliveredOn, Proof: in.Proof, RecordedBy: actor.ID, RecordedAt: now}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.FollowUps().CreateDemand(ctx, d); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, s.event(actor, c.ID, c.Version, "demand.recorded",
			map[string]any{"id": d.ID, "to": d.To, "guarantee_id": d.GuaranteeID, "method": d.Method, "delivered_on": d.DeliveredOn, "proof": d.Proof}))
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// Deadline statuses.
const (
	DeadlineRunning    = "running"     // running, not yet within the alert window
	DeadlineAlert      = "alert"       // ends within the alert window
	DeadlineExpired    = "expired"     // ended
	DeadlineAsserted   = "asserted"    // a guarantee period in which the lender demanded from the guarantor
	DeadlineNotStarted = "not_started" // a guarantor's limitation period that has not begun
)

// Deadline is one period the law sets on a loan's claims (法定期间) as of a
// day: a guarantee period (保证期间), the limitation period of the claim
// against the borrower (诉讼时效) or a guarantor's own limitation period.
type Deadline struct {
	Rule string `json:"rule"`
	// Party is the borrower's or the guarantor's name; GuaranteeID the
	// guarantee of a guarantor's period.
	Party       string `json:"party"`
	GuaranteeID string `json:"guarantee_id,omitempty"`
	// Starts and Ends bound the period; Ends is its last day.
	Starts money.Date `json:"starts,omitzero"`
	Ends   money.Date `json:"ends,omitzero"`
	Status string     `json:"status"`
	// DaysLeft is the days from the day of the question to Ends
	// (negative once ended).
	DaysLeft int `json:"days_left"`
	// Basis says how the period was computed, in the reader's language.
	Basis string `json:"basis"`
	// RestartedBy is the demand the period runs from, if one restarted it.
	RestartedBy string `json:"restarted_by,omitempty"`
	Citation    string `json:"citation"`
}

// Deadlines is a loan's legal deadlines as of a day, with the rules'
// results on them.
type Deadlines struct {
	AsOf money.Date `json:"as_of"`
	// DebtDue is the last instalment's due date, from which the guarantee
	// periods and the borrower's limitation period run.
	DebtDue   money.Date `json:"debt_due"`
	Deadlines []Deadline `json:"deadlines"`
	Demands   []Demand   `json:"demands"`
	Checks    []Unmet    `json:"checks"`
}

// limitationMonths is the ordinary limitation period (Civil Code art. 188).
const limitationMonths = 36

// lastDue is the last instalment's due date over the loan's tranches.
func (l *Loan) lastDue() money.Date {
	var last money.Date
	for _, t := range l.Tranches {
		for _, in := range t.Installments {
			if in.DueDate.After(last) {
				last = in.DueDate
			}
		}
	}
	if last.IsZero() {
		last = l.Maturity
	}
	return last
}

// Deadlines works out every period the law sets on c's loan as of f.AsOf:
// the borrower's limitation period, then per guarantee its guarantee
// period and the guarantor's limitation period. It returns the last
// instalment's due date they run from. The basis of each is written in
// lang. f.Loan must be set.
func (f *PostLoanFacts) Deadlines(c *Case, p *Policy, lang check.Lang) (debtDue money.Date, ds []Deadline) {
	msgs := allMessages()
	due := f.Loan.lastDue()
	demands := slices.Clone(f.Demands)
	slices.SortStableFunc(demands, func(a, b Demand) int { return a.DeliveredOn.Compare(b.DeliveredOn) })
	var out []Deadline
	status := func(d *Deadline, alertDays int) {
		d.DaysLeft = d.Ends.DaysSince(f.AsOf)
		switch {
		case d.Status != "":
		case d.DaysLeft < 0:
			d.Status = DeadlineExpired
		case d.DaysLeft <= alertDays:
			d.Status = DeadlineAlert
		default:
			d.Status = DeadlineRunning
		}
	}
	// The borrower's claim: three years from the last due date (art. 189),
	// started again by each demand delivered while it runs (art. 195).
	lim := Deadline{Rule: RuleLimitationPeriod, Party: c.Applicant.Name, Starts: due, Ends: due.AddMonths(limitationMonths),
		Citation: citationOf(RuleLimitationPeriod, lang), Basis: msgs.Render(lang, "deadline.limitation", check.Params{"due": due.String()})}
	for _, d := range demands {
		if d.To == DemandBorrower && !d.DeliveredOn.Before(lim.Starts) && !d.DeliveredOn.After(lim.Ends) {
			lim.Starts, lim.Ends, lim.RestartedBy = d.DeliveredOn, d.DeliveredOn.AddMonths(limitationMonths), d.ID
			lim.Basis = msgs.Render(lang, "deadline.limitation_restarted", check.Params{"due": due.String(), "date": d.DeliveredOn.String()})
		}
	}
	status(&lim, p.FollowUp.limitationAlert())
	out = append(out, lim)
	for _, g := range c.Guarantees {
		// The guarantee period: as agreed, or six months from the due date
		// when not agreed, unclear, or ending on or before it (art. 692,
		// 担保制度解释 art. 32); never interrupted nor extended.
		gp := Deadline{Rule: RuleGuaranteeDeadline, Party: g.Guarantor.Name, GuaranteeID: g.ID, Starts: due,
			Citation: citationOf(RuleGuaranteeDeadline, lang)}
		switch {
		case g.Period.agreed() && g.Period.Ends != nil && g.Period.Ends.After(due):
			gp.Ends = *g.Period.Ends
			gp.Basis = msgs.Render(lang, "deadline.guarantee_agreed", check.Params{"due": due.String()})
		case g.Period.agreed() && g.Period.Ends == nil:
			gp.Ends = due.AddMonths(g.Period.Months)
			gp.Basis = msgs.Render(lang, "deadline.guarantee_months", check.Params{"due": due.String(), "months": strconv.Itoa(g.Period.Months)})
		default:
			gp.Ends = due.AddMonths(6)
			gp.Basis = msgs.Render(lang, "deadline.guarantee_default", check.Params{"due": due.String()})
		}
		joint := g.Kind == GuaranteeJointAndSeveral
		gl := Deadline{Rule: RuleGuarantorLimitation, Party: g.Guarantor.Name, GuaranteeID: g.ID, Citation: citationOf(RuleGuarantorLimitation, lang)}
		for _, d := range demands {
			if d.To != DemandGuarantor || d.GuaranteeID != g.ID {
				continue
			}
			switch {
			case gl.Starts.IsZero() && joint && !d.DeliveredOn.Before(due) && !d.DeliveredOn.After(gp.Ends):
				// Demanded within the guarantee period: the guarantee holds and
				// the guarantor's limitation period begins (art. 694).
				gp.Status, gp.RestartedBy = DeadlineAsserted, d.ID
				gl.Starts, gl.Ends, gl.RestartedBy = d.DeliveredOn, d.DeliveredOn.AddMonths(limitationMonths), d.ID
				gl.Basis = msgs.Render(lang, "deadline.guarantor_demanded", check.Params{"date": d.DeliveredOn.String()})
			case !gl.Starts.IsZero() && !d.DeliveredOn.Before(gl.Starts) && !d.DeliveredOn.After(gl.Ends):
				gl.Starts, gl.Ends, gl.RestartedBy = d.DeliveredOn, d.DeliveredOn.AddMonths(limitationMonths), d.ID
				gl.Basis = msgs.Render(lang, "deadline.guarantor_restarted", check.Params{"date": d.DeliveredOn.String()})
			}
		}
		if gp.Status == DeadlineAsserted {
			gp.DaysLeft = gp.Ends.DaysSince(f.AsOf)
		}
		status(&gp, p.Limits.GuaranteeAlertDays)
		out = append(out, gp)
		if gl.Starts.IsZero() {
			// A general guarantor's period runs from when the right to
			// demand the borrower be pursued first ends (art. 694 ¶1), which
			// a judgment against the borrower decides: not recorded here.
			gl.Status = DeadlineNotStarted
			key := "deadline.guarantor_not_demanded"
			if !joint {
				key = "deadline.guarantor_general"
			}
			gl.Basis = msgs.Render(lang, key, nil)
		} else {
			status(&gl, p.FollowUp.limitationAlert())
		}
		out = append(out, gl)
	}
	return due, out
}

// deadlineResults are a rule's results on the view's loan: a warning for
// a period within its alert window, a block for one ended (the guarantor
// released, the claim time-barred).
func deadlineResults(v *View, rule string) []check.Result {
	f, res := postLoan(v)
	if f == nil {
		return res
	}
	_, ds := f.Deadlines(v.Case, v.Policy, check.EN)
	var out []check.Result
	for i, d := range ds {
		if d.Rule != rule {
			continue
		}
		params := check.Params{"party": d.Party, "ends": d.Ends.String(), "days": strconv.Itoa(max(d.DaysLeft, -d.DaysLeft))}
		switch d.Status {
		case DeadlineAlert:
			out = append(out, check.Result{Path: fmtPath("deadlines", i), Key: rule + ".alert", Params: params})
		case DeadlineExpired:
			out = append(out, check.Result{Path: fmtPath("deadlines", i), Severity: check.Block, Key: rule + ".expired", Params: params})
		}
	}
	return out
}

// Deadlines returns the legal deadlines of a disbursed case's loan as of a
// day (today when asOf is zero), its demands, and the rules' results.
func (s *Service) Deadlines(ctx context.Context, actor Actor, caseID string, asOf money.Date, lang check.Lang) (out Deadlines, err error) {
	defer Wrap(&err, "Service.Deadlines")
	c, err := s.readable(ctx, actor, caseID)
	if err != nil {
		return Deadlines{}, err
	}
	if asOf.IsZero() {
		asOf = BusinessDate(s.clock.Now())
	}
	f, err := s.postLoanFacts(ctx, c, asOf)
	if err != nil {
		return Deadlines{}, err
	}
	if f.Loan == nil {
		return Deadlines{}, Errorf(CodeNotFound, "", "case %s has no loan", caseID)
	}
	out = Deadlines{AsOf: asOf, Demands: f.Demands, Checks: []Unmet{}}
	out.DebtDue, out.Deadlines = f.Deadlines(c, s.policy, lang)
	if out.Demands == nil {
		out.Demands = []Demand{}
	}
	if c.Stage == StageDisbursed {
		out.Checks = s.evaluatePostLoan(c, f, RuleGuaranteeDeadline, RuleLimitationPeriod, RuleGuarantorLimitation)
	}
	// The checks speak the reader's language, as the deadlines' bases do.
	for i := range out.Checks {
		out.Checks[i].Message = s.catalogue.messages.RenderResult(out.Checks[i], lang)
		out.Checks[i].Citation = CitationIn(out.Checks[i], lang)
	}
	return out, nil
}
