package contracts

import (
	"fmt"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Regime is the body of law that caps a lender's pricing (监管口径).
type Regime string

const (
	// RegimePrivateLending is lending outside the financial licensing
	// system (民间借贷): capped at 4 × the one-year LPR.
	RegimePrivateLending Regime = "private_lending"
	// RegimeSmallLoan is a small-loan company (小额贷款公司): its
	// annualized comprehensive cost is held to 24% and watched above
	// 4 × LPR.
	RegimeSmallLoan Regime = "small_loan_company"
	// RegimeLicensed is a licensed financial institution (持牌金融机构),
	// outside the private-lending provisions: no cap by default.
	RegimeLicensed Regime = "licensed_institution"
	// RegimeCustom is a cap of the lender's own choosing.
	RegimeCustom Regime = "custom"
)

// Rule IDs of the pricing rules, as in the rule catalogue.
const (
	RulePrivateLendingCap = "pricing.private_lending_cap"
	RuleMicrolenderCost   = "pricing.microlender_cost"
	RuleAPRDisclosure     = "pricing.apr_disclosure"
	RuleCustomCap         = "pricing.custom_cap"
)

// Citations of the pricing rules.
const (
	CitationPrivateLending = "民间借贷规定 (SPC Provisions on Private Lending, 2020-12-29 revision) arts. 25, 26, 28, 29; 新民间借贷适用范围批复 (2021 reply on scope)"
	CitationMicrolender    = "PBOC/NFRA guideline on small-loan companies' financing cost, December 2025 (secondary source)"
	CitationAPRDisclosure  = "PBOC announcement 2021 No. 3 (secondary source); 民间借贷规定 art. 26"
	CitationCustom         = "lender policy"
)

// lprMultiple is the private-lending cap as a multiple of the one-year LPR
// (民间借贷规定 art. 25).
var lprMultiple = decimal.MustNew(4, 0)

// defaultMicrolenderCap is the small-loan companies' cost ceiling (24%).
var defaultMicrolenderCap = money.MustRate("0.24")

// CapPolicy says which regime caps a lender's pricing. The zero value is
// RegimeLicensed with no cap.
type CapPolicy struct {
	Regime Regime `json:"regime"`
	// CustomCap is the annual cap for RegimeCustom (required), or one a
	// licensed institution sets itself (optional).
	CustomCap *money.Rate `json:"custom_cap,omitempty"`
	// MicrolenderCap replaces the small-loan companies' 24% ceiling.
	MicrolenderCap *money.Rate `json:"microlender_cap,omitempty"`
}

// CapResult is the outcome of checking a loan's price against its cap, in
// a form a rule engine can use as it is.
type CapResult struct {
	RuleID   string         `json:"rule_id"`
	Severity check.Severity `json:"severity"`
	// Exceeded reports whether Figure is above Cap.
	Exceeded bool `json:"exceeded"`
	// Figure is the rate tested and FigureName says which one it is.
	Figure     money.Rate `json:"figure"`
	FigureName string     `json:"figure_name"`
	// Cap is the threshold Figure was held to, nil when there is none;
	// CapName says where it comes from.
	Cap     *money.Rate `json:"cap,omitempty"`
	CapName string      `json:"cap_name,omitempty"`
	// LPR is the row the cap was derived from, if any.
	LPR *LPRRow `json:"lpr,omitempty"`
	// APR is the annualized rate of the schedule, always computed so it
	// can be disclosed.
	APR      AnnualizedRate `json:"apr"`
	Citation string         `json:"citation"`
	// Message says in English what was found; Key and Params render it in
	// another language with Messages.
	Message string       `json:"message"`
	Key     string       `json:"key"`
	Params  check.Params `json:"params"`
}

// PrivateLendingCap returns 4 × the one-year LPR published on or before the
// contract date (民间借贷规定 art. 25) and the LPR row used. A nil table
// means ShippedLPR.
func PrivateLendingCap(lpr *LPRTable, contractDate money.Date) (money.Rate, LPRRow, error) {
	if lpr == nil {
		lpr = ShippedLPR()
	}
	row, err := lpr.LPR(contractDate, OneYear)
	if err != nil {
		return money.Rate{}, LPRRow{}, err
	}
	c, err := row.Rate.Decimal().Mul(lprMultiple)
	if err != nil {
		return money.Rate{}, LPRRow{}, err
	}
	r, err := money.NewRate(c)
	return r, row, err
}

// CheckRateCap tests the schedule's price against the cap of the lender's
// regime, on the contract date (the disbursement date if zero), with LPRs
// from lpr (ShippedLPR if nil):
//
//   - private lending: above 4 × the one-year LPR blocks
//     (pricing.private_lending_cap);
//   - small-loan company: above 24% blocks, above 4 × LPR warns
//     (pricing.microlender_cost);
//   - licensed institution: no cap; the figure is reported as info
//     (pricing.apr_disclosure), unless the policy sets CustomCap;
//   - custom: above CustomCap blocks (pricing.custom_cap).
//
// The figure tested is the comprehensive annual cost: the contract rate,
// or, when fees or interest are taken up front or monthly fees charged, the
// annualized rate by IRR over the net cash flows if that is higher
// (民间借贷规定 art. 26). Without such charges the contract rate is the
// cost: the IRR of its schedule differs from it only by the rounding of
// payments to the fen, which must not make a loan priced exactly at its cap
// fail. Annualized rates are nominal (monthly IRR × 12), the convention of
// the APR disclosure rules; the effective rate is in APR. A figure equal to
// its cap is within it.
func CheckRateCap(s Schedule, contractDate money.Date, p CapPolicy, lpr *LPRTable) (CapResult, error) {
	apr, err := s.AnnualizedRate()
	if err != nil {
		return CapResult{}, err
	}
	return CheckRateCapAPR(s, apr, contractDate, p, lpr)
}

// CheckRateCapAPR is CheckRateCap with the schedule's annualized rate
// already solved (apr must be s.AnnualizedRate()), so that a caller that
// also discloses it solves the IRR once.
func CheckRateCapAPR(s Schedule, apr AnnualizedRate, contractDate money.Date, p CapPolicy, lpr *LPRTable) (CapResult, error) {
	if contractDate.IsZero() {
		contractDate = s.Terms.Disbursement
	}
	res := CapResult{APR: apr, Figure: s.Terms.AnnualRate, FigureName: "contract annual rate"}
	figure := "contracts.figure.contract_rate"
	if s.hasCharges() && apr.Nominal.Cmp(res.Figure) > 0 {
		res.Figure, res.FigureName = apr.Nominal, "annualized rate (IRR of net cash flows, nominal)"
		figure = "contracts.figure.irr"
	}
	res.Params = check.Params{"figure": figure, "rate": percent(res.Figure)}
	lprCap := func(row LPRRow) string {
		res.Params["lpr"], res.Params["lpr_date"] = percent(row.Rate), row.Date.String()
		return "contracts.cap_name.lpr"
	}
	switch p.Regime {
	case RegimePrivateLending:
		limit, row, err := PrivateLendingCap(lpr, contractDate)
		if err != nil {
			return CapResult{}, err
		}
		res.RuleID, res.Citation, res.LPR = RulePrivateLendingCap, CitationPrivateLending, &row
		res.judge(limit, lprCap(row), check.Block)
	case RegimeSmallLoan:
		hard := defaultMicrolenderCap
		if p.MicrolenderCap != nil {
			hard = *p.MicrolenderCap
		}
		soft, row, err := PrivateLendingCap(lpr, contractDate)
		if err != nil {
			return CapResult{}, err
		}
		res.RuleID, res.Citation, res.LPR = RuleMicrolenderCost, CitationMicrolender, &row
		if res.Figure.Cmp(hard) > 0 {
			res.judge(hard, "contracts.cap_name.microlender", check.Block)
		} else {
			res.judge(soft, lprCap(row), check.Warn)
		}
	case RegimeCustom, RegimeLicensed, "":
		if p.CustomCap == nil {
			if p.Regime == RegimeCustom {
				return CapResult{}, fmt.Errorf("%w: %w", ErrInvalidCapPolicy, &check.Problems{Fields: []check.FieldError{check.Required("custom_cap")}})
			}
			res.RuleID, res.Citation, res.Severity = RuleAPRDisclosure, CitationAPRDisclosure, check.Info
			res.Params["effective"] = percent(apr.Effective)
			res.Key = "contracts.cap.none"
			res.Message = messages.Render(check.EN, res.Key, res.Params)
			return res, nil
		}
		res.RuleID, res.Citation = RuleCustomCap, CitationCustom
		res.judge(*p.CustomCap, "contracts.cap_name.custom", check.Block)
	default:
		return CapResult{}, fmt.Errorf("%w: %w", ErrInvalidCapPolicy, &check.Problems{Fields: []check.FieldError{
			check.NotOneOf("regime", string(p.Regime), string(RegimePrivateLending), string(RegimeSmallLoan), string(RegimeLicensed), string(RegimeCustom))}})
	}
	return res, nil
}

// hasCharges reports whether anything besides contract interest is charged:
// fees of any kind or interest deducted in advance.
func (s Schedule) hasCharges() bool {
	return s.AmountReceived.Cmp(s.Terms.Principal) != 0 || !s.TotalFees.IsZero()
}

// judge sets the cap and the outcome: sev if the figure exceeds it, info
// otherwise. capName is the message key of where the cap comes from.
func (r *CapResult) judge(limit money.Rate, capName string, sev check.Severity) {
	r.Cap = &limit
	r.Params["cap"], r.Params["cap_name"] = percent(limit), capName
	r.CapName = messages.Render(check.EN, capName, r.Params)
	r.Exceeded = r.Figure.Cmp(limit) > 0
	r.Key, r.Severity = "contracts.cap.within", check.Info
	if r.Exceeded {
		r.Key, r.Severity = "contracts.cap.exceeds", sev
	}
	r.Message = messages.Render(check.EN, r.Key, r.Params)
}

// OverdueCap returns the annual cap on overdue interest, penalties and fees
// together under the policy's regime: 4 × the one-year LPR on the contract
// date for private lending (民间借贷规定 art. 29), nil otherwise.
func (p CapPolicy) OverdueCap(lpr *LPRTable, contractDate money.Date) (*money.Rate, error) {
	if p.Regime != RegimePrivateLending {
		return nil, nil
	}
	c, _, err := PrivateLendingCap(lpr, contractDate)
	if err != nil {
		return nil, err
	}
	return &c, nil
}
