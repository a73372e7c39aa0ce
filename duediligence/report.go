package duediligence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Report is the feasibility report (可行性调查报告): figures generated from the
// case, narrative the owner writes, the four assessments, a recommendation,
// and the investigators' attestation that it is true (对调查内容的真实性负责).
// On submission it is frozen: its canonical JSON is hashed and any change
// needs the case returned.
type Report struct {
	GeneratedAt time.Time `json:"generated_at"`

	// Narrative, written by the owner.
	Profile             string `json:"profile"`               // 借款人基本情况
	RequestAndPurpose   string `json:"request_and_purpose"`   // 借款申请及用途
	OperationsAndMarket string `json:"operations_and_market"` // 经营及市场情况
	Opinion             string `json:"opinion"`               // 客户经理意见

	// Figures, generated.
	Financials []Figure             `json:"financials"`
	Repayment  []Figure             `json:"repayment"`
	Collateral []CollateralLine     `json:"collateral"`
	Coverage   *collateral.Coverage `json:"coverage,omitempty"`
	Findings   []Finding            `json:"findings"`
	Checks     []CheckResult        `json:"checks"`

	// Assessments are legality, compliance, safety and profitability, in that order.
	Assessments    []Assessment   `json:"assessments"`
	Profitability  Profitability  `json:"profitability"`
	Risks          []Risk         `json:"risks"`
	Recommendation Recommendation `json:"recommendation"`
	Attestations   []Attestation  `json:"attestations"`
	// Hash is the SHA-256 of the frozen report's canonical JSON; empty while a draft.
	Hash     string    `json:"hash,omitempty"`
	FrozenAt time.Time `json:"frozen_at,omitzero"`
	// Frozen is the canonical JSON that Hash covers, byte for byte as it
	// was frozen: stores keep it as it is, whatever Report becomes later,
	// and a frozen report is read from it (VerifyFrozen).
	Frozen []byte `json:"-"`
}

// Figure is one computed figure with how it was computed. Name and Basis
// are English; Key is the message key of its name ("report.figure.dsr"),
// and the same key under report.basis gives its formula, rendered with
// Params, so that a rendering in Chinese says it in Chinese. Unit tells how Value reads: "ratio" (a fraction, shown as
// a percentage), "money" (CNY, two decimals) or "" (as it is).
type Figure struct {
	Name   string       `json:"name"`
	Value  string       `json:"value"`
	Basis  string       `json:"basis,omitempty"`
	Key    string       `json:"key,omitempty"`
	Params check.Params `json:"params,omitempty"`
	Unit   string       `json:"unit,omitempty"`
}

// CollateralLine is one row of the report's collateral table.
type CollateralLine struct {
	ItemID      string          `json:"item_id"`
	Kind        collateral.Kind `json:"kind"`
	Description string          `json:"description,omitempty"`
	TitleNumber string          `json:"title_number,omitempty"`
	ValueInUse  money.Money     `json:"value_in_use"`
	AdvanceRate money.Rate      `json:"advance_rate"`
	SeniorLiens money.Money     `json:"senior_liens"`
	Eligible    money.Money     `json:"eligible"`
}

// Aspect is one of the four assessments the job description asks for.
type Aspect string

// The four aspects.
const (
	AspectLegality      Aspect = "legality"      // 合法性
	AspectCompliance    Aspect = "compliance"    // 合规性
	AspectSafety        Aspect = "safety"        // 安全性
	AspectProfitability Aspect = "profitability" // 盈利性
)

// Assessment is a conclusion on one aspect and the results it rests on.
// Conclusion and Basis are English; a generated conclusion also has its
// message Key and Params ("report.conclusion.clear"), cleared when the owner
// writes one, and Rules are the rules of the report's checks the aspect
// rests on, in order, so that a rendering words them in its language.
type Assessment struct {
	Aspect     Aspect       `json:"aspect"`
	Conclusion string       `json:"conclusion"`
	Basis      []string     `json:"basis"`
	Key        string       `json:"key,omitempty"`
	Params     check.Params `json:"params,omitempty"`
	Rules      []string     `json:"rules,omitempty"`
}

// Profitability is what the loan earns over its term.
type Profitability struct {
	InterestIncome money.Money `json:"interest_income"`
	FeeIncome      money.Money `json:"fee_income"`
	AnnualizedRate string      `json:"annualized_rate,omitempty"`
	FundingCost    money.Rate  `json:"funding_cost"`
	Margin         string      `json:"margin,omitempty"`
}

// Risk is a risk and how it is mitigated.
type Risk struct {
	Risk       string `json:"risk"`
	Mitigation string `json:"mitigation"`
}

// Recommendation is what the owner proposes.
type Recommendation struct {
	Amount     money.Money `json:"amount"`
	TermMonths int         `json:"term_months"`
	AnnualRate money.Rate  `json:"annual_rate"`
	Conditions []string    `json:"conditions"`
}

// Attestation is an investigator's statement that the report is true.
type Attestation struct {
	By        string    `json:"by"`
	Name      string    `json:"name"`
	Order     int       `json:"order"` // 1 主调查人, 2 协调查人
	Statement string    `json:"statement"`
	At        time.Time `json:"at"`
}

// ReportEdit changes the narrative parts of the draft. Nil fields stay.
// Each narrative is at most 20000 characters; a conclusion, a risk and a
// mitigation at most 5000.
type ReportEdit struct {
	Profile             *string         `json:"profile,omitempty"`
	RequestAndPurpose   *string         `json:"request_and_purpose,omitempty"`
	OperationsAndMarket *string         `json:"operations_and_market,omitempty"`
	Opinion             *string         `json:"opinion,omitempty"`
	Assessments         []Assessment    `json:"assessments,omitempty"`
	Risks               []Risk          `json:"risks,omitempty"`
	Recommendation      *Recommendation `json:"recommendation,omitempty"`
}

// AttestationInput is the statement an investigator signs.
type AttestationInput struct {
	Statement string `json:"statement"`
}

// DefaultStatement is the attestation text when none is given.
const DefaultStatement = "本人已按规定对借款人进行了调查，对调查内容的真实性、准确性、完整性负责。"

func (r *Report) unfreeze() {
	if r != nil {
		r.Hash, r.FrozenAt, r.Frozen, r.Attestations = "", time.Time{}, nil, []Attestation{}
	}
}

// CanonicalJSON is the form the hash covers: the report without its hash.
func (r Report) CanonicalJSON() ([]byte, error) {
	r.Hash, r.FrozenAt, r.Frozen = "", time.Time{}, nil
	return json.Marshal(r)
}

// ErrFrozenReport is the reason of a frozen report that does not match
// its hash.
var ErrFrozenReport = errors.New("the frozen report does not match its hash")

// VerifyFrozen checks a frozen report against its hash: the SHA-256 of
// the bytes frozen. A report frozen before the bytes were kept is checked
// by its canonical JSON. It returns an error wrapping ErrFrozenReport on a
// mismatch, and nil for a draft.
func (r *Report) VerifyFrozen() error {
	if r == nil || r.Hash == "" {
		return nil
	}
	b := r.Frozen
	if len(b) == 0 {
		var err error
		if b, err = r.CanonicalJSON(); err != nil {
			return err
		}
	}
	if h := sha256.Sum256(b); hex.EncodeToString(h[:]) != r.Hash {
		return fmt.Errorf("%w %s (frozen %s): it was changed after submission", ErrFrozenReport, r.Hash, r.FrozenAt.Format(time.RFC3339))
	}
	return nil
}

// ComputeHash returns the hex SHA-256 of the report's canonical JSON.
func (r Report) ComputeHash() (string, error) {
	b, err := r.CanonicalJSON()
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), nil
}

// generate fills the computed parts of r from the case and keeps the narrative.
func (s *Service) generate(c *Case, r *Report, now time.Time) {
	r.GeneratedAt = now
	v := NewView(c, s.policy, now)
	r.Findings = slices.Clone(c.Findings)
	r.Checks = s.checks(c, now).Results
	r.Coverage = c.Coverage
	r.Collateral = make([]CollateralLine, 0, len(c.Collateral)) // [] rather than null without collateral, as the other lists
	for _, it := range c.Collateral {
		line := CollateralLine{ItemID: it.ID, Kind: it.Kind, Description: it.Description, TitleNumber: it.TitleNumber}
		if it.Valuation != nil {
			line.ValueInUse, line.AdvanceRate, line.SeniorLiens, line.Eligible = it.Valuation.ValueInUse, it.Valuation.AdvanceRate, it.Valuation.SeniorLiens, it.Valuation.Eligible
		}
		r.Collateral = append(r.Collateral, line)
	}
	r.Financials = financialFigures(c)
	r.Repayment, r.Profitability = repaymentFigures(v, s.policy)
	if r.Recommendation.Amount.IsZero() {
		r.Recommendation = Recommendation{Amount: c.Request.Amount, TermMonths: c.Request.TermMonths, AnnualRate: c.Request.AnnualRate, Conditions: []string{}}
	}
	r.Assessments = s.assess(c, r)
	if r.Risks == nil {
		r.Risks = []Risk{}
	}
	if r.Attestations == nil {
		r.Attestations = []Attestation{}
	}
}

// financialFigures computes the ratios of the newest statements on file.
func financialFigures(c *Case) []Figure {
	out := []Figure{}
	for _, np := range c.organizations() {
		st := latest(np.party.Statements)
		if st == nil {
			continue
		}
		year := strconv.Itoa(st.Year)
		ratio := func(key, name string, a, b money.Money, basis string) {
			if q, ok := showRatio(a, b); ok {
				out = append(out, Figure{Name: fmt.Sprintf("%s %s (%d)", np.party.Name, name, st.Year), Value: q, Basis: basis,
					Key: key, Params: check.Params{"party": np.party.Name, "year": year}, Unit: "ratio"})
			}
		}
		ratio("report.figure.debt_to_asset", "debt-to-asset ratio", st.TotalLiabilities, st.TotalAssets, "total liabilities / total assets")
		gross, _ := st.Revenue.Sub(st.CostOfSales)
		ratio("report.figure.gross_margin", "gross margin", gross, st.Revenue, "(revenue − cost of sales) / revenue")
		ratio("report.figure.net_margin", "net margin", st.NetProfit, st.Revenue, "net profit / revenue")
		if c.Request.WorkingCapital != nil && np.path == "applicant" {
			if need, ok := WorkingCapitalNeed(*st, *c.Request.WorkingCapital); ok {
				out = append(out, Figure{Name: "estimated working-capital need", Value: need.String(),
					Basis: "流动资金贷款管理暂行办法 annex: revenue × (1 − margin) × (1 + growth) / turnover − own funds − other working capital",
					Key:   "report.figure.working_capital_need", Params: check.Params{"party": np.party.Name, "year": year}, Unit: "money"})
			}
		}
	}
	if a := c.Applicant; a.Kind == Person && a.MonthlyIncome != nil {
		out = append(out, Figure{Name: "monthly income", Value: a.MonthlyIncome.String(), Key: "report.figure.monthly_income", Unit: "money"})
		out = append(out, Figure{Name: "existing monthly debt service", Value: moneyOr0(a.MonthlyDebtPayments).String(),
			Basis: "the credit report's monthly payments", Key: "report.figure.existing_debt_service", Unit: "money"})
	}
	return out
}

// repaymentFigures computes the schedule figures and the profitability.
func repaymentFigures(v *View, p *Policy) ([]Figure, Profitability) {
	prof := Profitability{FundingCost: p.FundingCost}
	s, err := v.Schedule()
	if err != nil {
		return []Figure{{Name: "schedule", Value: "not computable", Basis: err.Error(), Key: "report.figure.schedule_unavailable"}}, prof
	}
	method := string(v.Case.Request.RepaymentMethod)
	out := []Figure{
		{Name: "highest monthly installment", Value: s.MaxInstallment().String(), Basis: method,
			Key: "report.figure.max_installment", Params: check.Params{"method": "repayment_method." + method}, Unit: "money"},
		{Name: "total interest", Value: s.TotalInterest.String(), Basis: "sum of the schedule's interest", Key: "report.figure.total_interest", Unit: "money"},
	}
	if a := v.Case.Applicant; a.Kind == Person && a.MonthlyIncome != nil && a.MonthlyIncome.Sign() > 0 {
		debt, _ := moneyOr0(a.MonthlyDebtPayments).Add(s.MaxInstallment())
		if q, ok := showRatio(debt, *a.MonthlyIncome); ok {
			out = append(out, Figure{Name: "DSR", Value: q, Basis: "(existing debt service + highest installment) / monthly income",
				Key: "report.figure.dsr", Params: check.Params{"limit": p.Limits.MaxDSR.String()}, Unit: "ratio"})
		}
	}
	if a := v.Case.Applicant; a.Kind == Organization {
		if st := latest(a.Statements); st != nil {
			if available, service, err := debtService(&a, st, s); err == nil {
				if q, ok := showDecimalRatio(available, service); ok {
					out = append(out, Figure{Name: "DSCR", Value: q, Basis: "(operating cash flow + interest expense) / (existing annual debt service + first year of the new schedule)",
						Key: "report.figure.dscr", Params: check.Params{"min": p.Limits.MinDSCR.String(), "year": strconv.Itoa(st.Year)}})
				}
			}
		}
	}
	prof.InterestIncome, prof.FeeIncome = s.TotalInterest, s.TotalFees
	if apr, err := s.AnnualizedRate(); err == nil {
		prof.AnnualizedRate = apr.Nominal.String()
		if m, err := apr.Nominal.Decimal().Sub(p.FundingCost.Decimal()); err == nil {
			prof.Margin = money.HalfUp.Round(m, money.RatioScale).String()
		}
	}
	return out, prof
}

// AspectOf is the aspect a rule's result bears on in the report.
func AspectOf(rule string) Aspect {
	switch {
	case hasPrefix(rule, "identity.", "borrower.capacity", "collateral.non_mortgageable", "collateral.illegal_building", "guarantor.ineligible", "lender.", "pricing."):
		return AspectLegality
	case hasPrefix(rule, "process.", "purpose.", "term.", "payment.", "limit."):
		return AspectCompliance
	}
	return AspectSafety
}

// assess draws the four assessments from the check results, keeping the
// owner's conclusions where written.
func (s *Service) assess(c *Case, r *Report) []Assessment {
	prev := map[Aspect]Assessment{}
	for _, a := range r.Assessments {
		prev[a.Aspect] = a
	}
	basis := map[Aspect][]string{}
	rules := map[Aspect][]string{}
	open := map[Aspect]int{}
	for _, ch := range r.Checks {
		a := AspectOf(ch.Rule)
		note := fmt.Sprintf("[%s] %s: %s", ch.Severity, ch.Rule, ch.Message)
		if ch.Acknowledged != nil {
			note += " — acknowledged: " + ch.Acknowledged.Justification
		} else if ch.Severity != check.Info {
			open[a]++
		}
		basis[a] = append(basis[a], note)
		if !slices.Contains(rules[a], ch.Rule) {
			rules[a] = append(rules[a], ch.Rule)
		}
	}
	if r.Coverage != nil {
		basis[AspectSafety] = append(basis[AspectSafety], fmt.Sprintf("coverage %s of the principal by eligible collateral value", r.Coverage.Ratio))
	}
	basis[AspectProfitability] = append(basis[AspectProfitability], fmt.Sprintf("interest %s and fees %s over the term; annualized rate %s against funding cost %s",
		r.Profitability.InterestIncome, r.Profitability.FeeIncome, r.Profitability.AnnualizedRate, r.Profitability.FundingCost))
	out := make([]Assessment, 0, 4)
	for _, a := range []Aspect{AspectLegality, AspectCompliance, AspectSafety, AspectProfitability} {
		as := Assessment{Aspect: a, Basis: basis[a], Rules: rules[a]}
		if p, ok := prev[a]; ok && p.Key == "" && p.Conclusion != "" {
			as.Conclusion = p.Conclusion // the owner's
		} else {
			as.Conclusion, as.Key = "no unresolved finding", "report.conclusion.clear"
			if open[a] > 0 {
				as.Conclusion, as.Key = fmt.Sprintf("%d unresolved finding(s): see the basis", open[a]), "report.conclusion.open"
				as.Params = check.Params{"n": strconv.Itoa(open[a])}
			}
			if a == AspectProfitability {
				as.Conclusion, as.Key, as.Params = "margin "+r.Profitability.Margin+" over funding cost", "report.conclusion.margin", check.Params{"margin": r.Profitability.Margin}
				if m, err := decimal.Parse(r.Profitability.Margin); err == nil && m.Sign() <= 0 {
					as.Conclusion, as.Key, as.Params = "the loan does not earn its funding cost", "report.conclusion.no_margin", nil
				}
			}
		}
		if as.Basis == nil {
			as.Basis = []string{}
		}
		out = append(out, as)
	}
	return out
}

// Percent shows a fraction ("0.08499999") as a percentage rounded half up
// to two decimals ("8.50%") by money.Percent, the one place rates and
// ratios become percentages; text that is not a number is returned as it
// is. The report's messages show their figures with {ratio%}.
func Percent(fraction string) string {
	d, err := decimal.Parse(fraction)
	if err != nil {
		return fraction
	}
	return money.Percent(d, money.PercentPlaces, money.PercentPlaces)
}

func hasPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if len(s) >= len(p) && s[:len(p)] == p {
			return true
		}
	}
	return false
}

// The limits of a report's edits.
const (
	maxNarrative   = 20000
	maxAssessments = 4
	maxRisks       = 50
	maxAttestation = 2000
)

var aspects = []string{string(AspectLegality), string(AspectCompliance), string(AspectSafety), string(AspectProfitability)}

func (in *ReportEdit) validate(p *check.Problems) {
	for _, f := range []struct {
		path string
		v    *string
	}{{"profile", in.Profile}, {"request_and_purpose", in.RequestAndPurpose}, {"operations_and_market", in.OperationsAndMarket}, {"opinion", in.Opinion}} {
		if f.v != nil {
			p.Text(f.path, *f.v, maxNarrative)
		}
	}
	if len(in.Assessments) > maxAssessments {
		p.Add(check.TooMany("assessments", maxAssessments))
	} else {
		for i, a := range in.Assessments {
			path := fmtPath("assessments", i)
			p.OneOf(path+".aspect", string(a.Aspect), aspects...)
			p.Text(path+".conclusion", a.Conclusion, maxText)
		}
	}
	if len(in.Risks) > maxRisks {
		p.Add(check.TooMany("risks", maxRisks))
	} else {
		for i, r := range in.Risks {
			path := fmtPath("risks", i)
			p.Text(path+".risk", r.Risk, maxText)
			p.Text(path+".mitigation", r.Mitigation, maxText)
		}
	}
	if r := in.Recommendation; r != nil {
		checkMoney(p, "recommendation.amount", &r.Amount)
		if r.TermMonths != 0 {
			p.Between("recommendation.term_months", r.TermMonths, 1, contracts.MaxTermMonths)
		}
		if r.AnnualRate.Decimal().Cmp(maxAnnualRate) > 0 {
			p.Add(percentTyped("recommendation.annual_rate", r.AnnualRate))
		}
		p.Texts("recommendation.conditions", r.Conditions, maxConditions, maxCondition)
	}
}

// reportStages are the stages in which the owner drafts the report.
var reportStages = []Stage{StageIntake, StageInvestigation}

// GenerateReport (re)generates the draft's figures from the case, keeping
// the narrative. Any change clears earlier attestations.
func (s *Service) GenerateReport(ctx context.Context, actor Actor, caseID string, expected int) (c *Case, err error) {
	defer Wrap(&err, "Service.GenerateReport")
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "report.generated", stages: reportStages,
		apply: func(c *Case, now time.Time) (any, error) {
			if c.Report == nil {
				c.Report = &Report{}
			}
			s.generate(c, c.Report, now)
			c.Report.Attestations = []Attestation{}
			return map[string]any{"generated_at": now}, nil
		},
	})
}

// EditReport changes the narrative parts of the draft; attestations are cleared.
func (s *Service) EditReport(ctx context.Context, actor Actor, caseID string, expected int, in ReportEdit) (c *Case, err error) {
	defer Wrap(&err, "Service.EditReport")
	var probs check.Problems
	in.validate(&probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "report.edited", stages: reportStages,
		apply: func(c *Case, now time.Time) (any, error) {
			if c.Report == nil {
				return nil, errorKey(CodeConflict, "error.no_report", nil)
			}
			r := c.Report
			set := func(dst *string, v *string) {
				if v != nil {
					*dst = *v
				}
			}
			set(&r.Profile, in.Profile)
			set(&r.RequestAndPurpose, in.RequestAndPurpose)
			set(&r.OperationsAndMarket, in.OperationsAndMarket)
			set(&r.Opinion, in.Opinion)
			for _, a := range in.Assessments {
				for i := range r.Assessments {
					if r.Assessments[i].Aspect == a.Aspect {
						r.Assessments[i].Conclusion, r.Assessments[i].Key, r.Assessments[i].Params = a.Conclusion, "", nil
					}
				}
			}
			if in.Risks != nil {
				r.Risks = in.Risks
			}
			if in.Recommendation != nil {
				r.Recommendation = *in.Recommendation
				if r.Recommendation.Conditions == nil {
					r.Recommendation.Conditions = []string{}
				}
			}
			r.Attestations = []Attestation{}
			// The edit itself, so that the trail can rebuild each draft.
			return map[string]any{"edited": true, "edit": in}, nil
		},
	})
}

// AttestReport records the actor's attestation of the current draft: the
// owner first, then (where the policy asks for two investigators) another
// investigator of the case.
func (s *Service) AttestReport(ctx context.Context, actor Actor, caseID string, expected int, in AttestationInput) (c *Case, err error) {
	defer Wrap(&err, "Service.AttestReport")
	if in.Statement == "" {
		in.Statement = DefaultStatement
	}
	var probs check.Problems
	probs.Text("statement", in.Statement, maxAttestation)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "report.attested", stages: reportStages, coInvestigators: true,
		apply: func(c *Case, now time.Time) (any, error) {
			if c.Report == nil {
				return nil, errorKey(CodeConflict, "error.no_report", nil)
			}
			r := c.Report
			if slices.ContainsFunc(r.Attestations, func(a Attestation) bool { return a.By == actor.ID }) {
				return nil, errorKey(CodeConflict, "error.attested_already", check.Params{"name": actor.Name})
			}
			// Refresh the figures so what is attested is what the case says now.
			atts := r.Attestations
			s.generate(c, r, now)
			// The owner answers first (主调查人, order 1); co-investigators follow.
			order := 1
			if actor.ID != c.Owner {
				order = 2 + len(slices.DeleteFunc(slices.Clone(atts), func(a Attestation) bool { return a.By == c.Owner }))
			}
			r.Attestations = append(atts, Attestation{By: actor.ID, Name: actor.Name, Order: order, Statement: in.Statement, At: now})
			// The checks as they stand with this attestation, so that the
			// report frozen on submission (the last one attested) never lists
			// process.report_attested as unmet beside its attestations.
			r.Checks = s.checks(c, now).Results
			r.Assessments = s.assess(c, r)
			// What was attested, whole, and its hash: the trail holds every
			// attested version, and the frozen one is the last attested.
			b, err := r.CanonicalJSON()
			if err != nil {
				return nil, err
			}
			h := sha256.Sum256(b)
			return map[string]any{"order": order, "statement": in.Statement, "report_hash": hex.EncodeToString(h[:]), "report": json.RawMessage(b)}, nil
		},
	})
}

// freeze hashes the report on submission, and keeps the bytes hashed.
func (r *Report) freeze(now time.Time) error {
	b, err := r.CanonicalJSON()
	if err != nil {
		return err
	}
	h := sha256.Sum256(b)
	r.Hash, r.FrozenAt, r.Frozen = hex.EncodeToString(h[:]), now, b
	return nil
}

// reportRule is process.report_attested: a report exists and the owner has
// attested it.
var reportRule = Rule{ID: "process.report_attested", Severity: check.Block, Citation: "job description: 对调查内容的真实性负责; 撰写可行性报告",
	CitationZH:    "客户经理岗位职责：对调查内容的真实性负责，撰写可行性调查报告",
	Description:   "a feasibility report exists and the owner attested it (and a co-investigator, where the policy asks for two investigators)",
	DescriptionZH: "已生成可行性调查报告并经客户经理签署（政策要求双人调查的，还须协调查人签署）",
	Eval: func(v *View) []check.Result {
		r := v.Case.Report
		if r == nil {
			return []check.Result{{Path: "report", Key: "process.report_attested.missing"}}
		}
		if !slices.ContainsFunc(r.Attestations, func(a Attestation) bool { return a.By == v.Case.Owner }) {
			return []check.Result{{Path: "report.attestations", Key: "process.report_attested.owner"}}
		}
		twoInvestigators := !slices.Contains(v.Policy.Rules.Disabled, "process.two_investigators")
		if twoInvestigators && !slices.ContainsFunc(r.Attestations, func(a Attestation) bool { return v.Case.isCoInvestigator(a.By) }) {
			return []check.Result{{Path: "report.attestations", Key: "process.report_attested.co_investigator"}}
		}
		return nil
	}}
