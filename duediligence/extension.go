package duediligence

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Extension is an extension of a loan's term (贷款展期), asked for by the
// account manager before maturity and decided in an extension round.
// 贷款通则 art. 12: the borrower asks before the loan falls due; the
// guarantors (and mortgagors, pledgors) consent in writing; the extensions
// together are at most the original term for a short-term loan (≤ 1 year),
// half of it for a medium-term one (1–5 years) and three years for a
// long-term one.
type Extension struct {
	// Months is how many months the extension adds to the term.
	Months int    `json:"months"`
	Reason string `json:"reason"`
	// Maturity is the loan's maturity when asked; NewMaturity the one the
	// extension sets.
	Maturity    money.Date `json:"maturity"`
	NewMaturity money.Date `json:"new_maturity"`
	// Consents are the written consents of the third parties who secure
	// the loan (保证人、第三人抵押人或出质人同意展期的书面证明): without a
	// guarantor's, the guarantee period does not move and the guarantor is
	// not liable for what the extension adds (Civil Code art. 695); a third
	// party who gave its property as security is treated the same (SPC
	// interpretation on security, art. 20).
	Consents    []GuarantorConsent `json:"consents"`
	RequestedBy string             `json:"requested_by"`
	// EffectiveOn is the day the last approval extended the loan.
	EffectiveOn money.Date `json:"effective_on,omitzero"`
}

// GuarantorConsent is the written consent to an extension of a guarantor
// (GuaranteeID) or of the third-party owners of a collateral item
// (CollateralID), a document of the case. Exactly one of the two is set.
type GuarantorConsent struct {
	GuaranteeID  string    `json:"guarantee_id,omitempty"`
	CollateralID string    `json:"collateral_id,omitempty"`
	DocumentID   string    `json:"document_id"`
	By           string    `json:"recorded_by"`
	At           time.Time `json:"recorded_at"`
}

// ExtensionInput asks for an extension of a disbursed loan.
type ExtensionInput struct {
	// Months is 1 to 600.
	Months int `json:"months"`
	// Reason is at most 5000 characters.
	Reason   string         `json:"reason"`
	Consents []ConsentInput `json:"consents,omitempty"`
}

// ConsentInput records a written consent to the extension asked for: of
// a guarantor (GuaranteeID, the guarantee) or of the third parties who own
// a collateral item (CollateralID, the item: a mortgagor or pledgor other
// than the borrower), exactly one of the two, and the document that
// proves it.
type ConsentInput struct {
	GuaranteeID  string `json:"guarantee_id,omitempty"`
	CollateralID string `json:"collateral_id,omitempty"`
	DocumentID   string `json:"document_id"`
}

// maxConsents bounds the consents of one request.
const maxConsents = 50

func (in *ConsentInput) validate(path string, c *Case, p *check.Problems) {
	p.Text(path+"guarantee_id", in.GuaranteeID, maxID)
	p.Text(path+"collateral_id", in.CollateralID, maxID)
	p.RequiredText(path+"document_id", in.DocumentID, maxID)
	switch {
	case in.GuaranteeID == "" && in.CollateralID == "":
		p.Add(fieldError(path+"guarantee_id", check.ErrRequired, "extension.consent_whose", nil))
	case in.GuaranteeID != "" && in.CollateralID != "":
		p.Add(fieldError(path+"collateral_id", check.ErrInconsistent, "extension.consent_whose", nil))
	case utf8.RuneCountInString(in.GuaranteeID) > maxID || utf8.RuneCountInString(in.CollateralID) > maxID:
		// too long, said above
	case in.GuaranteeID != "":
		if !slices.ContainsFunc(c.Guarantees, func(g Guarantee) bool { return g.ID == in.GuaranteeID }) {
			p.Add(fieldError(path+"guarantee_id", check.ErrNotFound, "extension.guarantee_unknown", check.Params{"id": check.Shown(in.GuaranteeID)}))
		}
	default:
		i := slices.IndexFunc(c.Collateral, func(it CollateralItem) bool { return it.ID == in.CollateralID })
		switch {
		case i < 0:
			p.Add(fieldError(path+"collateral_id", check.ErrNotFound, "extension.collateral_unknown", check.Params{"id": check.Shown(in.CollateralID)}))
		case len(thirdPartyOwners(&c.Collateral[i])) == 0:
			p.Add(fieldError(path+"collateral_id", check.ErrInconsistent, "extension.collateral_borrowers", check.Params{"item": itemName(&c.Collateral[i])}))
		}
	}
	if in.DocumentID != "" && c.documentIndex(in.DocumentID) < 0 {
		p.Add(fieldError(path+"document_id", check.ErrNotFound, "signature.document_unknown", check.Params{"id": check.Shown(in.DocumentID)}))
	}
}

// thirdPartyOwners are the owners of a collateral item other than the
// borrower: each gave its property as security for another's debt (第三人
// 提供物保), and consents to an extension as a guarantor does.
func thirdPartyOwners(it *CollateralItem) []string {
	var out []string
	for _, o := range it.Owners {
		if o.Relation != collateral.RelationBorrower {
			out = append(out, o.Name)
		}
	}
	return out
}

// itemName names a collateral item for people: its title number, else its
// description, else its ID.
func itemName(it *CollateralItem) string {
	switch {
	case it.TitleNumber != "":
		return it.TitleNumber
	case it.Description != "":
		return it.Description
	}
	return it.ID
}

// LoanExtension is an extension as the loan's tables keep it: the schedule
// it replaced is kept, superseded, for the loan's history.
type LoanExtension struct {
	ID  string `json:"id"`
	Seq int    `json:"seq"`
	// Round is the extension round of the case that approved it.
	Round       int        `json:"round"`
	Months      int        `json:"months"`
	EffectiveOn money.Date `json:"effective_on"`
	// MaturityBefore and MaturityAfter are the loan's maturity before and
	// after it.
	MaturityBefore money.Date `json:"maturity_before"`
	MaturityAfter  money.Date `json:"maturity_after"`
	// Principal is the principal outstanding it rescheduled.
	Principal  money.Money `json:"principal"`
	ApprovedBy string      `json:"approved_by"`
	CreatedAt  time.Time   `json:"created_at"`
	// Superseded are the installments it replaced: those due after
	// EffectiveOn, as they stood.
	Superseded []TrancheInstallment `json:"superseded"`
}

// TrancheInstallment is an installment of a tranche.
type TrancheInstallment struct {
	TrancheID string `json:"tranche_id"`
	contracts.Installment
}

// Extension rule IDs (RULES.md Post-loan).
const (
	RuleExtensionLimit   = "postloan.extension_limit"
	RuleExtensionConsent = "postloan.extension_guarantor_consent"
)

const (
	extensionCitation = "贷款通则 1996 art. 12 (secondary; binding on banks, practice for others)"
	consentCitation   = "Civil Code art. 695 (verified); SPC interpretation on security under the Civil Code (法释〔2020〕28号) art. 20; 贷款通则 1996 art. 12"
)

// ExtensionLimit is the most months the extensions of a loan of the term
// may add together (贷款通则 art. 12): the original term for a short-term
// loan (up to a year), half of it for a medium-term one (over a year, up to
// five), three years for a long-term one.
func ExtensionLimit(termMonths int) int {
	switch {
	case termMonths <= 12:
		return termMonths
	case termMonths <= 60:
		return termMonths / 2
	}
	return 36
}

// extendedMonths is what the loan's extensions added so far.
func (l *Loan) extendedMonths() int {
	n := 0
	for _, x := range l.Extensions {
		n += x.Months
	}
	return n
}

// extensionLimitUnmet is the refusal of an extension beyond art. 12.
func extensionLimitUnmet(l *Loan, months int) (Unmet, bool) {
	limit, before := ExtensionLimit(l.TermMonths), l.extendedMonths()
	if before+months <= limit {
		return Unmet{}, false
	}
	kind := "extension.term_short"
	switch {
	case l.TermMonths > 60:
		kind = "extension.term_long"
	case l.TermMonths > 12:
		kind = "extension.term_medium"
	}
	return gateResult(RuleExtensionLimit, extensionCitation, "months", "extension.beyond_limit", check.Params{
		"months": strconv.Itoa(months), "before": strconv.Itoa(before), "term": strconv.Itoa(l.TermMonths),
		"limit": strconv.Itoa(limit), "kind": kind}), true
}

// RequestExtension asks for an extension of a disbursed loan (the account
// manager, before maturity): it opens an extension round with the chain of
// the policy's matrix. An extension beyond 贷款通则 art. 12's limit, or
// asked for on or after the maturity, is refused with the rule's citation.
func (s *Service) RequestExtension(ctx context.Context, actor Actor, caseID string, expected int, in ExtensionInput) (c *Case, err error) {
	defer Wrap(&err, "Service.RequestExtension")
	var probs check.Problems
	if in.Months < 1 || in.Months > 600 {
		probs.Add(check.NotBetween("months", strconv.Itoa(in.Months), "1", "600"))
	}
	probs.RequiredText("reason", in.Reason, maxText)
	if len(in.Consents) > maxConsents {
		probs.Add(check.NotBetween("consents", strconv.Itoa(len(in.Consents)), "0", strconv.Itoa(maxConsents)))
	}
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	l, err := s.store.Loans().FindLoanByCase(ctx, caseID)
	if err != nil && ErrorCode(err) != CodeNotFound {
		return nil, err
	}
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "loan.extension_requested", stages: []Stage{StageDisbursed},
		apply: func(c *Case, now time.Time) (any, error) {
			if l == nil {
				return nil, Errorf(CodeConflict, "", "case %s has no loan to extend", c.ID)
			}
			if a := c.latestRound(); a != nil && a.Outcome == "" {
				return nil, errorKey(CodeConflict, "error.round_pending", check.Params{"round": strconv.Itoa(a.Round), "kind": "approval_kind." + string(a.Kind)})
			}
			var probs check.Problems
			for i := range in.Consents {
				in.Consents[i].validate(fmtPath("consents", i)+".", c, &probs)
			}
			if err := invalid(&probs); err != nil {
				return nil, err
			}
			today := BusinessDate(now)
			var unmet []Unmet
			if !today.Before(l.Maturity) {
				unmet = append(unmet, gateResult(RuleExtensionLimit, extensionCitation, "loan.maturity", "extension.after_maturity",
					check.Params{"maturity": l.Maturity.String()}))
			}
			if u, ok := extensionLimitUnmet(l, in.Months); ok {
				unmet = append(unmet, u)
			}
			if len(unmet) > 0 {
				return nil, &Error{Code: CodeGate, Message: fmt.Sprintf("cannot extend the loan: %d condition(s) unmet", len(unmet)), Unmet: unmet}
			}
			x := &Extension{Months: in.Months, Reason: in.Reason, Maturity: l.Maturity, NewMaturity: l.Maturity.AddMonths(in.Months),
				Consents: []GuarantorConsent{}, RequestedBy: actor.ID}
			for _, ci := range in.Consents {
				x.consent(ci, actor, now)
			}
			a := s.openRound(c, ApprovalExtension, now)
			a.Extension = x
			return map[string]any{"round": a.Round, "kind": a.Kind, "months": x.Months, "reason": x.Reason, "maturity": x.Maturity,
				"new_maturity": x.NewMaturity, "approval_steps": a.Steps, "consents": x.Consents}, nil
		},
	})
}

// consent records a consent, replacing an earlier one of the guarantee or
// the collateral item.
func (x *Extension) consent(in ConsentInput, actor Actor, now time.Time) {
	x.Consents = slices.DeleteFunc(x.Consents, func(g GuarantorConsent) bool {
		return g.GuaranteeID == in.GuaranteeID && g.CollateralID == in.CollateralID
	})
	x.Consents = append(x.Consents, GuarantorConsent{GuaranteeID: in.GuaranteeID, CollateralID: in.CollateralID, DocumentID: in.DocumentID, By: actor.ID, At: now})
}

// RecordExtensionConsent records the written consent of a guarantor, or of
// the third-party owners of a collateral item, to the extension under way
// (the account manager), the document among the case's.
func (s *Service) RecordExtensionConsent(ctx context.Context, actor Actor, caseID string, expected int, in ConsentInput) (c *Case, err error) {
	defer Wrap(&err, "Service.RecordExtensionConsent")
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "loan.extension_consent_recorded", stages: []Stage{StageDisbursed},
		apply: func(c *Case, now time.Time) (any, error) {
			a := c.pendingRound(ApprovalExtension)
			if a == nil || a.Extension == nil {
				return nil, errorKey(CodeConflict, "error.no_extension", nil)
			}
			var probs check.Problems
			in.validate("", c, &probs)
			if err := invalid(&probs); err != nil {
				return nil, err
			}
			a.Extension.consent(in, actor, now)
			data := map[string]any{"round": a.Round, "document_id": in.DocumentID}
			if in.GuaranteeID != "" {
				data["guarantee_id"] = in.GuaranteeID
			} else {
				data["collateral_id"] = in.CollateralID
			}
			return data, nil
		},
	})
}

// extensionGate is what the last approval of an extension needs: the loan
// not yet due, and the written consent of every third party who secures
// it — each guarantor (Civil Code art. 695) and each owner of a collateral
// item other than the borrower (SPC interpretation on security, art. 20,
// applying art. 695 para. 1 to a third-party mortgagor or pledgor);
// 贷款通则 art. 12.
//
// The consent is a gate condition (issue #11), so it blocks by default,
// though RULES.md rates postloan.extension_guarantor_consent warn: the law
// does not void an extension without consent, it leaves the guarantee
// period as it was and the security short of what the extension adds,
// which a lender must not find out at enforcement. A lender that accepts
// that risk sets the rule's severity in the policy (rules.severity), as
// for a rule of the catalogue: warn or info lets the approval through and
// the missing consents are recorded in the approval's audit event
// (decideRound); rules.disabled leaves the check out. The art. 12 limit
// always blocks.
func (s *Service) extensionGate(c *Case, x *Extension, today money.Date) []Unmet {
	var out []Unmet
	if x == nil {
		return []Unmet{gateResult(RuleExtensionLimit, extensionCitation, "extension", "error.no_extension", nil)}
	}
	if !today.Before(x.Maturity) {
		out = append(out, gateResult(RuleExtensionLimit, extensionCitation, "loan.maturity", "extension.after_maturity",
			check.Params{"maturity": x.Maturity.String()}))
	}
	consented := func(match func(GuarantorConsent) bool) bool { return slices.ContainsFunc(x.Consents, match) }
	var missing []Unmet
	for i, g := range c.Guarantees {
		if !consented(func(k GuarantorConsent) bool { return k.GuaranteeID == g.ID }) {
			missing = append(missing, gateResult(RuleExtensionConsent, consentCitation, fmtPath("guarantees", i), "extension.consent_missing",
				check.Params{"guarantor": g.Guarantor.Name}))
		}
	}
	for i := range c.Collateral {
		it := &c.Collateral[i]
		owners := thirdPartyOwners(it)
		if len(owners) > 0 && !consented(func(k GuarantorConsent) bool { return k.CollateralID == it.ID }) {
			missing = append(missing, gateResult(RuleExtensionConsent, consentCitation, fmtPath("collateral", i), "extension.security_consent_missing",
				check.Params{"owners": strings.Join(owners, "、"), "item": itemName(it)}))
		}
	}
	if slices.Contains(s.policy.Rules.Disabled, RuleExtensionConsent) {
		missing = nil
	}
	if sev, ok := s.policy.Rules.Severity[RuleExtensionConsent]; ok {
		for i := range missing {
			missing[i].Severity = sev
		}
	}
	return append(out, missing...)
}

// monthsBetween counts the calendar months from a to b (b a's day of the
// month, or the month's last day, some months on).
func monthsBetween(a, b money.Date) int {
	return (b.Year-a.Year)*12 + int(b.Month) - int(a.Month)
}

// extend writes an approved extension in the loan's tables, in the
// approval's transaction: the installments of each tranche due after today
// are superseded (kept for history) by a schedule of the principal they
// had outstanding over the months they had left and the extension's; the
// tranches' and the loan's maturities move. The replay takes the new
// schedule from the day on.
func (s *Service) extend(ctx context.Context, tx Tx, actor Actor, c *Case, round int, x *Extension, now time.Time, data map[string]any) error {
	today := BusinessDate(now)
	l, err := tx.Loans().LockLoanByCase(ctx, c.ID)
	if err != nil {
		return err
	}
	if u, ok := extensionLimitUnmet(l, x.Months); ok {
		return &Error{Code: CodeGate, Message: "cannot extend the loan: 1 condition(s) unmet", Unmet: []Unmet{u}}
	}
	reps, err := tx.Repayments().FindRepayments(ctx, l.ID)
	if err != nil {
		return err
	}
	b, _, err := s.bookOf(l, reps, today)
	if err != nil {
		return err
	}
	ext := &LoanExtension{ID: s.ids.NewID(), Seq: len(l.Extensions) + 1, Round: round, Months: x.Months, EffectiveOn: today,
		MaturityBefore: l.Maturity, ApprovedBy: actor.ID, CreatedAt: now, Superseded: []TrancheInstallment{}}
	var principal int64
	schedules := make([][]contracts.Installment, len(l.Tranches))
	for ti, t := range l.Tranches {
		var bal int64
		for _, r := range b.rows {
			if r.tranche == ti && !r.canceled && r.due.After(today) {
				bal += r.outstanding(3)
			}
		}
		// The installments due by today stay; the schedule starts again
		// from the last of them (or the disbursement).
		start, kept := t.DisbursedOn, 0
		var superseded []contracts.Installment
		for _, in := range t.Installments {
			if in.DueDate.After(today) {
				superseded = append(superseded, in)
				continue
			}
			if in.DueDate.After(start) {
				start = in.DueDate
			}
			kept = max(kept, in.Period)
		}
		left := monthsBetween(start, t.Maturity)
		if len(superseded) == 0 || left <= 0 || bal == 0 {
			continue // nothing of the tranche is still to fall due
		}
		sched, err := contracts.NewSchedule(contracts.Terms{Principal: fenMoney(bal), AnnualRate: l.AnnualRate, TermMonths: left + x.Months,
			Method: l.Method, Disbursement: start, Rounding: s.policy.Rounding})
		if err != nil {
			return Errorf(CodeInvalid, "", "the extended schedule cannot be computed: %v", err)
		}
		elapsed := monthsBetween(t.DisbursedOn, start)
		for _, in := range sched.Installments {
			// On the tranche's own day of the month, numbered on from the
			// installments kept.
			in.DueDate = t.DisbursedOn.AddMonths(elapsed + monthsBetween(start, in.DueDate))
			in.Period += kept
			schedules[ti] = append(schedules[ti], in)
		}
		for _, in := range superseded {
			ext.Superseded = append(ext.Superseded, TrancheInstallment{TrancheID: t.ID, Installment: in})
		}
		l.Tranches[ti].Maturity = t.Maturity.AddMonths(x.Months)
		l.Tranches[ti].Installments = append(slices.DeleteFunc(slices.Clone(t.Installments), func(in contracts.Installment) bool {
			return in.DueDate.After(today)
		}), schedules[ti]...)
		principal += bal
	}
	if principal == 0 {
		return errorKey(CodeConflict, "extension.nothing_to_extend", check.Params{"date": today.String()})
	}
	for _, t := range l.Tranches {
		if t.Maturity.After(l.Maturity) {
			l.Maturity = t.Maturity
		}
	}
	ext.Principal, ext.MaturityAfter = fenMoney(principal), l.Maturity
	if err := tx.Loans().ExtendLoan(ctx, l, ext, schedules); err != nil {
		return err
	}
	x.EffectiveOn, x.NewMaturity = today, l.Maturity
	data["extension"] = map[string]any{"id": ext.ID, "seq": ext.Seq, "months": ext.Months, "effective_on": today,
		"maturity_before": ext.MaturityBefore, "maturity_after": ext.MaturityAfter, "principal": ext.Principal}
	return nil
}
