package store

import (
	"encoding/json"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// reportDoc is a duediligence.Report as stored. A frozen report's hash
// covers its values, so it is stored whole, figures included, and read back
// exactly.
type reportDoc struct {
	GeneratedAt         time.Time           `json:"generated_at,omitzero"`
	Profile             string              `json:"profile,omitempty"`
	RequestAndPurpose   string              `json:"request_and_purpose,omitempty"`
	OperationsAndMarket string              `json:"operations_and_market,omitempty"`
	Opinion             string              `json:"opinion,omitempty"`
	Financials          []figureDoc         `json:"financials"`
	Repayment           []figureDoc         `json:"repayment"`
	Collateral          []collateralLineDoc `json:"collateral"`
	Coverage            *coverageDoc        `json:"coverage,omitempty"`
	Findings            []findingDoc        `json:"findings"`
	Checks              []checkResultDoc    `json:"checks"`
	Assessments         []assessmentDoc     `json:"assessments"`
	Profitability       profitabilityDoc    `json:"profitability"`
	Risks               []riskDoc           `json:"risks"`
	Recommendation      recommendationDoc   `json:"recommendation"`
	Attestations        []attestationDoc    `json:"attestations"`
	Hash                string              `json:"hash,omitempty"`
	FrozenAt            time.Time           `json:"frozen_at,omitzero"`
	// Frozen is duediligence.Report.Frozen, the bytes the hash covers, as
	// a string so that they are read back exactly as they were frozen; a
	// frozen report is read from them. Absent before submission, and in
	// reports frozen before the bytes were kept.
	Frozen string `json:"frozen,omitempty"`
}

type figureDoc struct {
	Name   string            `json:"name"`
	Value  string            `json:"value"`
	Basis  string            `json:"basis,omitempty"`
	Key    string            `json:"key,omitempty"`
	Params map[string]string `json:"params,omitempty"`
	Unit   string            `json:"unit,omitempty"`
}

type collateralLineDoc struct {
	ItemID      string `json:"item_id"`
	Kind        string `json:"kind"`
	Description string `json:"description,omitempty"`
	TitleNumber string `json:"title_number,omitempty"`
	ValueInUse  string `json:"value_in_use"`
	AdvanceRate string `json:"advance_rate"`
	SeniorLiens string `json:"senior_liens"`
	Eligible    string `json:"eligible"`
}

// coverageDoc is the collateral.Coverage a report froze.
type coverageDoc struct {
	Items         []valuationDoc `json:"items"`
	Principal     string         `json:"principal"`
	TotalValue    string         `json:"total_value"`
	TotalEligible string         `json:"total_eligible"`
	Ratio         string         `json:"ratio"`
	LTV           *string        `json:"ltv"`
}

type valuationDoc struct {
	Kind        string `json:"kind"`
	Appraisals  []int  `json:"appraisals"`
	ValueInUse  string `json:"value_in_use"`
	AdvanceRate string `json:"advance_rate"`
	SeniorLiens string `json:"senior_liens"`
	Eligible    string `json:"eligible"`
}

// checkResultDoc is a duediligence.CheckResult as stored.
type checkResultDoc struct {
	Rule         string              `json:"rule"`
	Severity     string              `json:"severity"`
	Message      string              `json:"message"`
	Path         string              `json:"path,omitempty"`
	Citation     string              `json:"citation,omitempty"`
	Key          string              `json:"key,omitempty"`
	Params       map[string]string   `json:"params,omitempty"`
	Acknowledged *acknowledgementDoc `json:"acknowledged,omitempty"`
}

type assessmentDoc struct {
	Aspect     string            `json:"aspect"`
	Conclusion string            `json:"conclusion"`
	Basis      []string          `json:"basis"`
	Key        string            `json:"key,omitempty"`
	Params     map[string]string `json:"params,omitempty"`
	Rules      []string          `json:"rules,omitempty"`
}

type profitabilityDoc struct {
	InterestIncome string `json:"interest_income"`
	FeeIncome      string `json:"fee_income"`
	AnnualizedRate string `json:"annualized_rate,omitempty"`
	FundingCost    string `json:"funding_cost"`
	Margin         string `json:"margin,omitempty"`
}

type riskDoc struct {
	Risk       string `json:"risk"`
	Mitigation string `json:"mitigation"`
}

type recommendationDoc struct {
	Amount     string   `json:"amount"`
	TermMonths int      `json:"term_months"`
	AnnualRate string   `json:"annual_rate"`
	Conditions []string `json:"conditions"`
}

type attestationDoc struct {
	By        string    `json:"by"`
	Name      string    `json:"name"`
	Order     int       `json:"order"`
	Statement string    `json:"statement"`
	At        time.Time `json:"at"`
}

func (e *encoder) reportDoc(r *duediligence.Report) reportDoc {
	figures := func(fs []duediligence.Figure) []figureDoc {
		return convert(fs, func(f *duediligence.Figure) figureDoc {
			return figureDoc{Name: f.Name, Value: f.Value, Basis: f.Basis, Key: f.Key, Params: f.Params, Unit: f.Unit}
		})
	}
	return reportDoc{
		GeneratedAt: r.GeneratedAt, Profile: r.Profile, RequestAndPurpose: r.RequestAndPurpose,
		OperationsAndMarket: r.OperationsAndMarket, Opinion: r.Opinion,
		Financials: figures(r.Financials), Repayment: figures(r.Repayment),
		Collateral: convert(r.Collateral, func(l *duediligence.CollateralLine) collateralLineDoc {
			return collateralLineDoc{
				ItemID: l.ItemID, Kind: string(l.Kind), Description: l.Description, TitleNumber: l.TitleNumber,
				ValueInUse: e.money(l.ValueInUse), AdvanceRate: l.AdvanceRate.String(), SeniorLiens: e.money(l.SeniorLiens), Eligible: e.money(l.Eligible),
			}
		}),
		Coverage: ptr(r.Coverage, func(c *collateral.Coverage) coverageDoc {
			return coverageDoc{
				Items: convert(c.Items, func(v *collateral.Valuation) valuationDoc {
					return valuationDoc{
						Kind: string(v.Kind), Appraisals: v.Appraisals, ValueInUse: e.money(v.ValueInUse), AdvanceRate: v.AdvanceRate.String(),
						SeniorLiens: e.money(v.SeniorLiens), Eligible: e.money(v.Eligible),
					}
				}),
				Principal: e.money(c.Principal), TotalValue: e.money(c.TotalValue), TotalEligible: e.money(c.TotalEligible),
				Ratio: e.decimal(c.Ratio), LTV: e.decimalP(c.LTV),
			}
		}),
		Findings: convert(r.Findings, e.findingDoc),
		Checks: convert(r.Checks, func(c *duediligence.CheckResult) checkResultDoc {
			return checkResultDoc{
				Rule: c.Rule, Severity: string(c.Severity), Message: c.Message, Path: c.Path, Citation: c.Citation,
				Key: c.Key, Params: c.Params,
				Acknowledged: ptr(c.Acknowledged, func(a *duediligence.Acknowledgement) acknowledgementDoc {
					return acknowledgementDoc{Rule: a.Rule, Path: a.Path, Justification: a.Justification, By: a.By, At: a.At}
				}),
			}
		}),
		Assessments: convert(r.Assessments, func(a *duediligence.Assessment) assessmentDoc {
			return assessmentDoc{Aspect: string(a.Aspect), Conclusion: a.Conclusion, Basis: a.Basis, Key: a.Key, Params: a.Params, Rules: a.Rules}
		}),
		Profitability: profitabilityDoc{
			InterestIncome: e.money(r.Profitability.InterestIncome), FeeIncome: e.money(r.Profitability.FeeIncome),
			AnnualizedRate: r.Profitability.AnnualizedRate, FundingCost: r.Profitability.FundingCost.String(), Margin: r.Profitability.Margin,
		},
		Risks: convert(r.Risks, func(k *duediligence.Risk) riskDoc { return riskDoc{Risk: k.Risk, Mitigation: k.Mitigation} }),
		Recommendation: recommendationDoc{
			Amount: e.money(r.Recommendation.Amount), TermMonths: r.Recommendation.TermMonths,
			AnnualRate: r.Recommendation.AnnualRate.String(), Conditions: r.Recommendation.Conditions,
		},
		Attestations: convert(r.Attestations, func(a *duediligence.Attestation) attestationDoc {
			return attestationDoc{By: a.By, Name: a.Name, Order: a.Order, Statement: a.Statement, At: a.At}
		}),
		Hash: r.Hash, FrozenAt: r.FrozenAt, Frozen: string(r.Frozen),
	}
}

// report returns the stored report; a frozen one as its frozen bytes say,
// which VerifyFrozen checks against its hash.
func (d *decoder) report(r *reportDoc) duediligence.Report {
	if r.Frozen != "" {
		var frozen duediligence.Report
		if err := json.Unmarshal([]byte(r.Frozen), &frozen); err == nil {
			frozen.Hash, frozen.FrozenAt, frozen.Frozen = r.Hash, r.FrozenAt, []byte(r.Frozen)
			return frozen
		}
		// Bytes that do not decode do not match the hash either: the
		// report as stored is returned with them, for VerifyFrozen to refuse.
	}
	rep := d.reportFields(r)
	if r.Frozen != "" {
		rep.Frozen = []byte(r.Frozen)
	}
	return rep
}

func (d *decoder) reportFields(r *reportDoc) duediligence.Report {
	figures := func(fs []figureDoc) []duediligence.Figure {
		return convert(fs, func(f *figureDoc) duediligence.Figure {
			return duediligence.Figure{Name: f.Name, Value: f.Value, Basis: f.Basis, Key: f.Key, Params: f.Params, Unit: f.Unit}
		})
	}
	return duediligence.Report{
		GeneratedAt: r.GeneratedAt, Profile: r.Profile, RequestAndPurpose: r.RequestAndPurpose,
		OperationsAndMarket: r.OperationsAndMarket, Opinion: r.Opinion,
		Financials: figures(r.Financials), Repayment: figures(r.Repayment),
		Collateral: convert(r.Collateral, func(l *collateralLineDoc) duediligence.CollateralLine {
			return duediligence.CollateralLine{
				ItemID: l.ItemID, Kind: collateral.Kind(l.Kind), Description: l.Description, TitleNumber: l.TitleNumber,
				ValueInUse: d.money(l.ValueInUse), AdvanceRate: d.rate(l.AdvanceRate), SeniorLiens: d.money(l.SeniorLiens), Eligible: d.money(l.Eligible),
			}
		}),
		Coverage: ptr(r.Coverage, func(c *coverageDoc) collateral.Coverage {
			return collateral.Coverage{
				Items: convert(c.Items, func(v *valuationDoc) collateral.Valuation {
					return collateral.Valuation{
						Kind: collateral.Kind(v.Kind), Appraisals: v.Appraisals, ValueInUse: d.money(v.ValueInUse), AdvanceRate: d.rate(v.AdvanceRate),
						SeniorLiens: d.money(v.SeniorLiens), Eligible: d.money(v.Eligible),
					}
				}),
				Principal: d.money(c.Principal), TotalValue: d.money(c.TotalValue), TotalEligible: d.money(c.TotalEligible),
				Ratio: d.decimal(c.Ratio), LTV: d.decimalP(c.LTV),
			}
		}),
		Findings: convert(r.Findings, d.finding),
		Checks: convert(r.Checks, func(c *checkResultDoc) duediligence.CheckResult {
			return duediligence.CheckResult{
				Unmet: duediligence.Unmet{Rule: c.Rule, Severity: check.Severity(c.Severity), Message: c.Message, Path: c.Path, Citation: c.Citation,
					Key: c.Key, Params: c.Params},
				Acknowledged: ptr(c.Acknowledged, func(a *acknowledgementDoc) duediligence.Acknowledgement {
					return duediligence.Acknowledgement{Rule: a.Rule, Path: a.Path, Justification: a.Justification, By: a.By, At: a.At}
				}),
			}
		}),
		Assessments: convert(r.Assessments, func(a *assessmentDoc) duediligence.Assessment {
			return duediligence.Assessment{Aspect: duediligence.Aspect(a.Aspect), Conclusion: a.Conclusion, Basis: a.Basis, Key: a.Key, Params: a.Params, Rules: a.Rules}
		}),
		Profitability: duediligence.Profitability{
			InterestIncome: d.money(r.Profitability.InterestIncome), FeeIncome: d.money(r.Profitability.FeeIncome),
			AnnualizedRate: r.Profitability.AnnualizedRate, FundingCost: d.rate(r.Profitability.FundingCost), Margin: r.Profitability.Margin,
		},
		Risks: convert(r.Risks, func(k *riskDoc) duediligence.Risk { return duediligence.Risk{Risk: k.Risk, Mitigation: k.Mitigation} }),
		Recommendation: duediligence.Recommendation{
			Amount: d.money(r.Recommendation.Amount), TermMonths: r.Recommendation.TermMonths,
			AnnualRate: d.rate(r.Recommendation.AnnualRate), Conditions: r.Recommendation.Conditions,
		},
		Attestations: convert(r.Attestations, func(a *attestationDoc) duediligence.Attestation {
			return duediligence.Attestation{By: a.By, Name: a.Name, Order: a.Order, Statement: a.Statement, At: a.At}
		}),
		Hash: r.Hash, FrozenAt: r.FrozenAt,
	}
}
