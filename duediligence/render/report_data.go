package render

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// The words the report computes — figures, formulas, conclusions, rule
// messages — come from the library's message catalogue in the document's
// language, so that one rendering speaks one language.

// lang is the catalogue's language of the document.
func (d *Data) lang() check.Lang {
	if d.Lang == "en" {
		return check.EN
	}
	return check.ZH
}

// Msg renders a message key of the library's catalogue with params.
func (d *Data) Msg(key string, params check.Params) string {
	return duediligence.Messages().Render(d.lang(), key, params)
}

// FigureName is a figure's name in the document's language.
func (d *Data) FigureName(f duediligence.Figure) string {
	if f.Key == "" {
		return f.Name
	}
	return d.Msg(f.Key, f.Params)
}

// FigureBasis is a figure's formula or source in the document's language.
func (d *Data) FigureBasis(f duediligence.Figure) string {
	if f.Key == "" {
		return f.Basis
	}
	return d.Msg("report.basis."+strings.TrimPrefix(f.Key, "report.figure."), f.Params)
}

// FigureValue shows a figure by its unit: a ratio as a percentage to two
// decimals, money with thousands separators.
func (d *Data) FigureValue(f duediligence.Figure) string {
	switch f.Unit {
	case "ratio":
		return percent(f.Value)
	case "money":
		return formatMoney(f.Value)
	case "":
		if f.Key == "report.figure.schedule_unavailable" {
			return "—"
		}
	}
	return f.Value
}

// CheckMessage is a rule result's message in the document's language.
func (d *Data) CheckMessage(c duediligence.CheckResult) string {
	return duediligence.Messages().RenderResult(c.Unmet, d.lang())
}

// Citation is the law or practice a rule's result rests on, in the
// document's language (《中华人民共和国民法典》第四百零一条 in Chinese), from
// the rule catalogue.
func (d *Data) Citation(c duediligence.CheckResult) string {
	return duediligence.CitationIn(c.Unmet, d.lang())
}

// Conclusion is an assessment's conclusion: the owner's words as written,
// a generated one in the document's language.
func (d *Data) Conclusion(a duediligence.Assessment) string {
	if a.Key == "" {
		return a.Conclusion
	}
	return d.Msg(a.Key, a.Params)
}

// AspectChecks are the report's check results an assessment rests on.
func (d *Data) AspectChecks(a duediligence.Assessment) []duediligence.CheckResult {
	if d.Report == nil {
		return nil
	}
	var out []duediligence.CheckResult
	for _, c := range d.Report.Checks {
		if duediligence.AspectOf(c.Rule) == a.Aspect {
			out = append(out, c)
		}
	}
	return out
}

// Acknowledged are the warnings the report's checks list with the owner's
// justification: the risks the investigation found and accepted.
func (d *Data) Acknowledged() []duediligence.CheckResult {
	if d.Report == nil {
		return nil
	}
	var out []duediligence.CheckResult
	for _, c := range d.Report.Checks {
		if c.Acknowledged != nil {
			out = append(out, c)
		}
	}
	return out
}

// Unresolved are the report's blocking or unacknowledged results: none in
// a report frozen on submission.
func (d *Data) Unresolved() []duediligence.CheckResult {
	if d.Report == nil {
		return nil
	}
	var out []duediligence.CheckResult
	for _, c := range d.Report.Checks {
		if c.Acknowledged == nil && c.Severity != check.Info {
			out = append(out, c)
		}
	}
	return out
}

// reportDate is the day the report speaks of: its generation.
func (d *Data) reportDate() time.Time {
	if d.Report != nil && !d.Report.GeneratedAt.IsZero() {
		return d.Report.GeneratedAt
	}
	return d.Case.CreatedAt
}

// age is a person's age in whole years on the report's date, from the
// birth date (YYYY-MM-DD) the resident ID gives; -1 when unknown.
func (d *Data) age(birth string) int {
	b, err := time.Parse("2006-01-02", birth)
	if err != nil {
		return -1
	}
	on := d.reportDate().In(chinaTime)
	n := on.Year() - b.Year()
	if on.Month() < b.Month() || on.Month() == b.Month() && on.Day() < b.Day() {
		n--
	}
	return n
}

// Age shows a person's age on the report's date ("76 岁"), "—" when unknown.
func (d *Data) Age(p duediligence.Party) string { return d.count(d.age(p.BirthDate), "age_suffix") }

// YearsSince shows the whole years from a date to the report's date ("16
// 年"), "—" when unknown.
func (d *Data) YearsSince(date string) string { return d.count(d.age(date), "years_suffix") }

func (d *Data) count(n int, suffix string) string {
	if n < 0 {
		return "—"
	}
	return strconv.Itoa(n) + d.T(suffix)
}

// CreditParty is a party whose credit report the report summarizes.
type CreditParty struct {
	Role  string // the label key of its role: borrower, spouse, co_borrower, guarantor
	Party duediligence.Party
}

// CreditParties are the borrower, the spouse, the co-borrowers and the
// guarantors, each with what its credit report and the court lists say.
func (d *Data) CreditParties() []CreditParty {
	c := d.Case
	out := []CreditParty{{Role: "borrower", Party: c.Applicant}}
	if s := c.Applicant.Spouse; s != nil {
		out = append(out, CreditParty{Role: "spouse", Party: *s})
	}
	for _, p := range c.CoBorrowers {
		out = append(out, CreditParty{Role: "co_borrower", Party: p})
	}
	for _, g := range c.Guarantees {
		out = append(out, CreditParty{Role: "guarantor", Party: g.Guarantor})
	}
	return out
}

// FindingsOf are the case's findings on the topics given, in the order
// recorded.
func (d *Data) FindingsOf(topics ...string) []duediligence.Finding {
	var out []duediligence.Finding
	src := d.Case.Findings
	if d.Report != nil {
		src = d.Report.Findings
	}
	for _, f := range src {
		if slices.Contains(topics, string(f.Topic)) {
			out = append(out, f)
		}
	}
	return out
}

// CollateralRow is a row of the report's collateral table: the frozen
// figures beside the item's facts.
type CollateralRow struct {
	duediligence.CollateralLine
	Address   string
	Area      string
	Owners    string
	Appraisal *collateral.Appraisal
}

// CollateralRows joins the report's collateral lines with the items' facts.
func (d *Data) CollateralRows() []CollateralRow {
	if d.Report == nil {
		return nil
	}
	rows := make([]CollateralRow, 0, len(d.Report.Collateral))
	for _, l := range d.Report.Collateral {
		row := CollateralRow{CollateralLine: l}
		for _, it := range d.Case.Collateral {
			if it.ID != l.ItemID {
				continue
			}
			row.Address, row.Area = it.Address, it.Area
			var owners []string
			for _, o := range it.Owners {
				s := o.Name + "（" + d.Enum("relation", o.Relation) + "）"
				if d.Lang == "en" {
					s = o.Name + " (" + d.Enum("relation", o.Relation) + ")"
				}
				if !o.Share.IsZero() {
					s += " " + o.Share.String()
				}
				owners = append(owners, s)
			}
			row.Owners = strings.Join(owners, d.T("list_sep"))
			if n := len(it.Appraisals); n > 0 {
				a := it.Appraisals[n-1]
				row.Appraisal = &a
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// Step is an opinion block of the report and a row of the approval form:
// one signature of the approval chain, filled once signed, blank while open.
type Step struct {
	duediligence.ApprovalStep
	N int
}

// Steps are the signatures of the latest submission's approval chain; a
// draft not yet submitted shows one open block for the department manager,
// the first signature of every chain.
func (d *Data) Steps() []Step {
	c := d.Case
	a := c.CreditApproval()
	if a == nil {
		return []Step{{ApprovalStep: duediligence.ApprovalStep{Role: duediligence.RoleDepartmentManager}, N: 1}}
	}
	out := make([]Step, len(a.Steps))
	for i, s := range a.Steps {
		out[i] = Step{ApprovalStep: s, N: i + 1}
	}
	return out
}

// Approval is the latest submission's approval form, nil before one: the
// credit round, not an extension's or a write-off's after it.
func (d *Data) Approval() *duediligence.Approval { return d.Case.CreditApproval() }

// Investigator is a row of the investigators' statement: the owner first
// (主调查人), then each co-investigator, with the attestation once signed.
type Investigator struct {
	Order       int
	Name        string
	Attestation *duediligence.Attestation
}

// Investigators lists the case's investigators in their order of
// responsibility with their attestations of the current draft.
func (d *Data) Investigators() []Investigator {
	c := d.Case
	var atts []duediligence.Attestation
	if d.Report != nil {
		atts = d.Report.Attestations
	}
	find := func(id string) *duediligence.Attestation {
		for i := range atts {
			if atts[i].By == id {
				return &atts[i]
			}
		}
		return nil
	}
	out := []Investigator{{Order: 1, Name: c.OwnerName, Attestation: find(c.Owner)}}
	for _, ci := range c.CoInvestigators {
		out = append(out, Investigator{Order: 2, Name: ci.Name, Attestation: find(ci.ID)})
	}
	return out
}

// Masked shows a resident ID as the reader may see it: the case's own
// masking is the service's; a spouse's or co-owner's number on a report is
// always masked (110105********002X).
func Masked(id string) string {
	if len(id) != 18 {
		return id
	}
	return id[:6] + "********" + id[14:]
}

// moneyP shows an optional amount, "—" when unknown.
func moneyP(m *money.Money) string {
	if m == nil {
		return "—"
	}
	return formatMoney(*m)
}

// KeyRatios are the report's repayment ratios for the approval form: the
// DSR (a percentage) or the DSCR (a multiple).
func (d *Data) KeyRatios() []duediligence.Figure {
	if d.Report == nil {
		return nil
	}
	var out []duediligence.Figure
	for _, f := range d.Report.Repayment {
		if f.Unit == "ratio" || f.Key == "report.figure.dscr" {
			out = append(out, f)
		}
	}
	return out
}

// Blocking are the report's blocking results not acknowledged: none on a
// case that was submitted.
func (d *Data) Blocking() []duediligence.CheckResult {
	var out []duediligence.CheckResult
	for _, c := range d.Unresolved() {
		if c.Severity == check.Block {
			out = append(out, c)
		}
	}
	return out
}

// Balance is a household's assets and liabilities with the asset-liability
// ratio (家庭资产负债率 = Σ liabilities ÷ Σ assets).
type Balance struct {
	Assets, Liabilities []duediligence.Holding
	TotalAssets         money.Money
	TotalLiabilities    money.Money
	// Ratio is the fraction to four digits (money.Ratio), "" when there are
	// no assets to divide by.
	Ratio string
}

// HouseholdBalance is the applicant's household balance, nil when the case
// records neither assets nor liabilities.
func (d *Data) HouseholdBalance() *Balance {
	a := d.Case.Applicant
	if len(a.Assets) == 0 && len(a.Liabilities) == 0 {
		return nil
	}
	b := &Balance{Assets: a.Assets, Liabilities: a.Liabilities}
	for _, h := range a.Assets {
		b.TotalAssets, _ = b.TotalAssets.Add(h.Amount)
	}
	for _, h := range a.Liabilities {
		b.TotalLiabilities, _ = b.TotalLiabilities.Add(h.Amount)
	}
	if b.TotalAssets.Sign() > 0 {
		if q, err := money.HalfUp.Ratio(b.TotalLiabilities.Decimal(), b.TotalAssets.Decimal()); err == nil {
			b.Ratio = q.String()
		}
	}
	return b
}
