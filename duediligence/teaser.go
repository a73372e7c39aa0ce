package duediligence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Teaser is a project recommendation (项目推荐书) prepared for one chosen,
// registered investor: the loan's terms, the kinds of its security and
// how well they cover it, its classification and repayment record, the
// risk statement — and nothing that identifies the borrower. It is built
// from enumerations and figures only; the service scans its renderings
// for every personal value of the case before handing it over.
type Teaser struct {
	// Number is the project's reference: the case's ledger number.
	Number      string                    `json:"number"`
	Lender      string                    `json:"lender"`
	PreparedFor string                    `json:"prepared_for"`
	InvestorID  string                    `json:"investor_id"`
	Date        money.Date                `json:"date"`
	Amount      money.Money               `json:"amount"`
	TermMonths  int                       `json:"term_months"`
	AnnualRate  money.Rate                `json:"annual_rate"`
	Method      contracts.RepaymentMethod `json:"repayment_method"`
	Purpose     PurposeCategory           `json:"purpose_category"`
	// Collateral are the kinds of collateral, with how many of each.
	Collateral []TeaserCollateral `json:"collateral"`
	// Coverage is eligible value over the loan, LTV the loan over value
	// in use, as ratios; empty without collateral.
	Coverage   string          `json:"coverage,omitempty"`
	LTV        string          `json:"ltv,omitempty"`
	Guarantees []GuaranteeKind `json:"guarantees"`
	// RiskLevel is the project's risk level (1 to 5).
	RiskLevel      int            `json:"risk_level"`
	Classification Classification `json:"classification"`
	// Record is the repayment record once disbursed.
	Record   *TeaserRecord `json:"repayment_record,omitempty"`
	Language string        `json:"language"`
}

// TeaserCollateral is a kind of collateral and how many items of it.
type TeaserCollateral struct {
	Kind  collateral.Kind `json:"kind"`
	Count int             `json:"count"`
}

// TeaserRecord is a disbursed loan's repayment record.
type TeaserRecord struct {
	Paid        int `json:"installments_paid"`
	Overdue     int `json:"installments_overdue"`
	DaysPastDue int `json:"days_past_due"`
}

// TeaserDocument is a teaser as handed over: the teaser, its renderings
// and the showing that records the handing-over.
type TeaserDocument struct {
	Teaser   Teaser  `json:"teaser"`
	Markdown string  `json:"markdown"`
	HTML     string  `json:"html"`
	Showing  Showing `json:"showing"`
}

// SelectionInput chooses an investor for a project.
type SelectionInput struct {
	InvestorID string `json:"investor_id"`
}

// ChooseInvestor chooses a registered investor for an approved project
// (选定推介对象): the only investors its teaser may be shown to. The
// regime must allow the investor's kind, its suitability must reach the
// project's risk level, and the project's chosen investors stay within
// the policy's cap (funding.no_public_solicitation).
func (s *Service) ChooseInvestor(ctx context.Context, actor Actor, caseID string, expected int, in SelectionInput) (v *FundingView, err error) {
	defer Wrap(&err, "Service.ChooseInvestor")
	var probs check.Problems
	probs.RequiredText("investor_id", in.InvestorID, maxID)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	c, err := s.fundingCase(ctx, actor, caseID, expected, "funding.investor_chosen", fundingStages)
	if err != nil {
		return nil, err
	}
	inv, err := s.investorOf(ctx, actor, "investor_id", in.InvestorID)
	if err != nil {
		return nil, err
	}
	if unmet := s.investorEligible(c, inv, "investor_id"); len(unmet) > 0 {
		return nil, &Error{Code: CodeGate, Message: fmt.Sprintf("the investor cannot be chosen: %d condition(s) unmet", len(unmet)), Unmet: unmet}
	}
	now := s.clock.Now()
	err = s.store.WithTx(ctx, func(tx Tx) error {
		f, err := tx.Funding().LockFunding(ctx, c.ID)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(f.Selections, func(sel Selection) bool { return sel.InvestorID == inv.ID }) {
			return errorKey(CodeConflict, "error.investor_chosen", check.Params{"id": inv.ID})
		}
		f.Selections = append(f.Selections, Selection{InvestorID: inv.ID, By: actor.ID, At: now})
		facts := &FundingFacts{View: &FundingView{Funding: *f}}
		if unmet := onlyBlocking(s.evaluateFunding(facts, RuleNoPublicSolicitation)); len(unmet) > 0 {
			return &Error{Code: CodeGate, Message: fmt.Sprintf("the investor cannot be chosen: %d condition(s) unmet", len(unmet)), Unmet: unmet}
		}
		f.UpdatedAt = now
		if err := tx.Funding().SaveFunding(ctx, f); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, s.event(actor, c.ID, c.Version, "funding.investor_chosen",
			map[string]any{"investor": inv.ID, "chosen": len(f.Selections)}))
	})
	if err != nil {
		return nil, err
	}
	return s.FundingOf(ctx, actor, caseID)
}

// TeaserInput asks for the teaser of a project for one investor.
type TeaserInput struct {
	InvestorID string `json:"investor_id"`
	// Language is "zh" (the default) or "en".
	Language string `json:"language,omitempty"`
}

// ShowTeaser generates the teaser of an approved project for an investor
// chosen for it and records the showing (推荐项目): the account manager
// hands the printed teaser over. It is refused for an investor not chosen
// for the project, of a kind the regime does not allow (a small-loan
// company takes no individual investors) or below the project's risk
// level, and for a teaser whose text would hold a personal value of the
// case or promise principal or a return — checked by scanning both
// renderings.
func (s *Service) ShowTeaser(ctx context.Context, actor Actor, caseID string, expected int, in TeaserInput) (doc *TeaserDocument, err error) {
	defer Wrap(&err, "Service.ShowTeaser")
	var probs check.Problems
	probs.RequiredText("investor_id", in.InvestorID, maxID)
	probs.OptionalOneOf("language", in.Language, "zh", "en")
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	if in.Language == "" {
		in.Language = "zh"
	}
	c, err := s.fundingCase(ctx, actor, caseID, expected, "funding.teaser_shown", append(slices.Clone(fundingStages), StageDisbursed))
	if err != nil {
		return nil, err
	}
	inv, err := s.investorOf(ctx, actor, "investor_id", in.InvestorID)
	if err != nil {
		return nil, err
	}
	f, err := s.findFunding(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	t, err := s.teaser(ctx, actor, c, inv, in.Language, now)
	if err != nil {
		return nil, err
	}
	doc = &TeaserDocument{Teaser: *t, Markdown: t.Markdown(), HTML: t.HTML()}
	chosen := slices.ContainsFunc(f.Selections, func(sel Selection) bool { return sel.InvestorID == inv.ID })
	facts := &FundingFacts{Candidate: inv, Chosen: chosen, ProjectLevel: t.RiskLevel, Personal: personalValues(c),
		Texts: []GeneratedText{{Path: "teaser.markdown", Text: doc.Markdown}, {Path: "teaser.html", Text: doc.HTML}}}
	unmet := onlyBlocking(s.evaluateFunding(facts, RuleNoPublicSolicitation, RuleFundingAllowedSources, RuleFundingSuitability,
		RuleSuitabilityCurrent, RuleNoPromisedReturn, RuleTeaserPersonalData))
	if len(unmet) > 0 {
		return nil, &Error{Code: CodeGate, Message: fmt.Sprintf("the teaser cannot be shown: %d condition(s) unmet", len(unmet)), Unmet: unmet}
	}
	sum := sha256.Sum256([]byte(doc.Markdown))
	doc.Showing = Showing{ID: s.ids.NewID(), InvestorID: inv.ID, Language: in.Language, Hash: hex.EncodeToString(sum[:]), By: actor.ID, At: now}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		f, err := tx.Funding().LockFunding(ctx, c.ID)
		if err != nil {
			return err
		}
		// The choice is checked again where it is recorded.
		if !slices.ContainsFunc(f.Selections, func(sel Selection) bool { return sel.InvestorID == inv.ID }) {
			return &Error{Code: CodeGate, Message: "the teaser cannot be shown: 1 condition(s) unmet",
				Unmet: []Unmet{s.fundingResult(RuleNoPublicSolicitation, "investor_id", "funding.not_chosen", nil)}}
		}
		f.Showings = append(f.Showings, doc.Showing)
		f.UpdatedAt = now
		if err := tx.Funding().SaveFunding(ctx, f); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, s.event(actor, c.ID, c.Version, "funding.teaser_shown",
			map[string]any{"id": doc.Showing.ID, "investor": inv.ID, "hash": doc.Showing.Hash, "language": in.Language}))
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// teaser builds the teaser of c for inv from enumerations and figures.
func (s *Service) teaser(ctx context.Context, actor Actor, c *Case, inv *Investor, lang string, now time.Time) (*Teaser, error) {
	terms := c.LoanTerms()
	t := &Teaser{Number: c.LedgerNumber, Lender: s.policy.LenderName, PreparedFor: inv.Party.Name, InvestorID: inv.ID, Date: BusinessDate(now),
		Amount: terms.Amount, TermMonths: terms.TermMonths, AnnualRate: terms.AnnualRate, Method: terms.RepaymentMethod,
		Purpose: c.Request.PurposeCategory, Collateral: []TeaserCollateral{}, Guarantees: []GuaranteeKind{},
		Classification: ClassNormal, Language: lang}
	for _, it := range c.Collateral {
		i := slices.IndexFunc(t.Collateral, func(tc TeaserCollateral) bool { return tc.Kind == it.Kind })
		if i < 0 {
			t.Collateral = append(t.Collateral, TeaserCollateral{Kind: it.Kind})
			i = len(t.Collateral) - 1
		}
		t.Collateral[i].Count++
	}
	if cov := s.coverage(c); cov != nil {
		t.Coverage = cov.Ratio.Trim(2).String()
		if cov.LTV != nil {
			t.LTV = cov.LTV.Trim(2).String()
		}
	}
	for _, g := range c.Guarantees {
		k := g.Kind
		if k == "" {
			k = GuaranteeGeneral
		}
		if !slices.Contains(t.Guarantees, k) {
			t.Guarantees = append(t.Guarantees, k)
		}
	}
	if c.Stage == StageDisbursed {
		st, err := s.LoanAsOf(ctx, actor, c.ID, t.Date)
		if err != nil {
			return nil, err
		}
		t.Classification = st.Classification
		rec := &TeaserRecord{DaysPastDue: st.DaysPastDue}
		for _, is := range st.Installments {
			switch is.Status {
			case "paid":
				rec.Paid++
			case "overdue":
				rec.Overdue++
			}
		}
		t.Record = rec
	}
	t.RiskLevel = s.projectRisk(c, t.Classification)
	return t, nil
}

// personalValues are every personal value of a case that a text for
// investors may not hold: each party's name, resident ID (and its legacy
// number) or credit code, phone, address and employer; household members'
// names; collateral owners, addresses and certificate numbers; the
// purpose and repayment source as written (they may name people).
func personalValues(c *Case) []string {
	var out []string
	add := func(vs ...string) {
		for _, v := range vs {
			v = strings.TrimSpace(v)
			if utf8.RuneCountInString(v) >= 2 && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	var party func(p *Party)
	party = func(p *Party) {
		if p == nil {
			return
		}
		add(p.Name, p.IDNumber, p.LegacyIDNumber, p.CreditCode, p.Phone, p.Address, p.Employer)
		for _, m := range p.Household {
			add(m.Name)
		}
		party(p.Spouse)
		party(p.LegalRepresentative)
	}
	party(&c.Applicant)
	for i := range c.CoBorrowers {
		party(&c.CoBorrowers[i])
	}
	for i := range c.Guarantees {
		party(&c.Guarantees[i].Guarantor)
	}
	for _, it := range c.Collateral {
		add(it.Address, it.TitleNumber, it.UnitNumber, it.Description)
		for _, o := range it.Owners {
			add(o.Name, o.IDNumber)
		}
	}
	add(c.Request.Purpose, c.Request.RepaymentSource)
	return out
}
