package duediligence

import (
	"fmt"

	"github.com/jinzhi-dev/jinzhi/money"
)

// ineligibleGuarantors are the kinds that may not guarantee (Civil Code art. 683).
var ineligibleGuarantors = map[GuarantorKind]string{
	GuarantorStateOrgan: "a state organ (机关法人) may not guarantee, bar State Council-approved on-lending of foreign loans",
	GuarantorNonProfit:  "a non-profit legal person or unincorporated organization for public welfare (以公益为目的的非营利法人、非法人组织) may not guarantee",
	GuarantorCommittee:  "a residents' or villagers' committee (居民委员会、村民委员会) may not guarantee",
}

// dueDate is the debt's due date: the term counted from submission, or from
// the day of the check before the case is submitted.
func dueDate(v *View) money.Date {
	start := v.Case.lastTransitionTo(StageSubmitted)
	if start.IsZero() {
		start = v.Now
	}
	return money.DateOf(start).AddMonths(v.Case.Request.TermMonths)
}

var guaranteeRules = []Rule{
	{ID: "guarantor.ineligible", Severity: SeverityBlock, Citation: "Civil Code art. 683; 担保制度解释 art. 5",
		Description: "the guarantor is not a state organ, a non-profit public-welfare body or a residents' or villagers' committee",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for i, g := range v.Case.Guarantees {
				why, bad := ineligibleGuarantors[g.GuarantorKind]
				if bad && !(g.GuarantorKind == GuarantorStateOrgan && g.OnLendingApproved) {
					out = append(out, RuleResult{Path: fmtPath("guarantees", i) + ".guarantor_kind", Message: g.Guarantor.Name + ": " + why + "; the guarantee is void"})
				}
			}
			return out
		}},
	{ID: "guarantor.corporate_resolution", Severity: SeverityBlock, Citation: "Company Law 2023 art. 15; 担保制度解释 arts. 7–8",
		Description: "a company guarantor has a board or shareholders' resolution; guaranteeing its own shareholder or actual controller, a shareholders' resolution without the interested votes (exempt: financial institutions, guarantee companies, a wholly-owned subsidiary, two thirds of the votes signing — the last two not for listed companies)",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for i := range v.Case.Guarantees {
				g := &v.Case.Guarantees[i]
				needed, shareholders := g.needsResolution()
				if !needed {
					continue
				}
				path := fmtPath("guarantees", i) + ".corporate.resolution"
				var res *Resolution
				if g.Corporate != nil {
					res = g.Corporate.Resolution
				}
				switch {
				case res == nil:
					out = append(out, RuleResult{Path: path, Message: g.Guarantor.Name + " is a company: its board or shareholders' resolution to guarantee is not on file"})
				case shareholders && (res.Body != BodyShareholders || !res.InterestedExcluded):
					out = append(out, RuleResult{Path: path, Message: g.Guarantor.Name + " guarantees its own shareholder or actual controller: a shareholders' resolution passed without the interested shareholders' votes is required"})
				}
			}
			return out
		}},
	{ID: "guarantor.capacity", Severity: SeverityWarn, Citation: "practice; Commercial Bank Law art. 36",
		Description: "the guarantor's net worth less the guarantees already given covers the guaranteed amount",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for i, g := range v.Case.Guarantees {
				path := fmtPath("guarantees", i)
				if g.NetWorth == nil {
					out = append(out, RuleResult{Path: path + ".net_worth", Message: g.Guarantor.Name + ": no net worth on file, the capacity to guarantee cannot be assessed"})
					continue
				}
				existing := g.ExistingGuarantees
				if existing == nil && g.Guarantor.Credit != nil {
					existing = g.Guarantor.Credit.GuaranteesGiven
				}
				left, err := g.NetWorth.Sub(moneyOr0(existing))
				if err == nil {
					left, err = left.Sub(g.Amount)
				}
				if err != nil {
					out = append(out, RuleResult{Path: path + ".net_worth", Message: err.Error()})
				} else if left.Sign() < 0 {
					out = append(out, RuleResult{Path: path + ".net_worth", Message: fmt.Sprintf("%s: net worth %s less guarantees already given %s less this guarantee %s leaves %s",
						g.Guarantor.Name, g.NetWorth, moneyOr0(existing), g.Amount, left)})
				}
			}
			return out
		}},
	{ID: "guarantor.credit", Severity: SeverityBlock, Citation: "practice",
		Description: "no guarantor is on the dishonest judgment-debtor list (失信被执行人) or has a current overdue",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for i, g := range v.Case.Guarantees {
				path := fmtPath("guarantees", i) + ".guarantor"
				if g.Guarantor.DishonestDebtor {
					out = append(out, RuleResult{Path: path + ".dishonest_debtor", Message: g.Guarantor.Name + " (guarantor) is on the dishonest judgment-debtor list"})
				}
				if cr := g.Guarantor.Credit; cr != nil && cr.CurrentOverdue != nil && cr.CurrentOverdue.Sign() > 0 {
					out = append(out, RuleResult{Path: path + ".credit.current_overdue", Message: fmt.Sprintf("%s (guarantor) has %s overdue now", g.Guarantor.Name, cr.CurrentOverdue)})
				}
			}
			return out
		}},
	{ID: "guarantor.mutual", Severity: SeverityWarn, Citation: "practice",
		Description: "the guarantor is not guaranteed by the borrower in another loan (互保) nor a related party of the borrower",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for i, g := range v.Case.Guarantees {
				path := fmtPath("guarantees", i)
				for _, m := range g.Mutual {
					out = append(out, RuleResult{Path: path + ".guarantor", Message: fmt.Sprintf("%s borrows in case %s (%s), which the borrower guarantees: a mutual guarantee (互保)",
						g.Guarantor.Name, m.CaseID, m.Stage)})
				}
				if g.Relation == RelationRelatedParty {
					out = append(out, RuleResult{Path: path + ".relation", Message: g.Guarantor.Name + " is a related party of the borrower: the guarantee adds little independent security"})
				}
			}
			return out
		}},
	{ID: "guarantee.mode_default", Severity: SeverityInfo, Citation: "Civil Code arts. 686–687",
		Description: "a guarantee without a clearly agreed kind is a general guarantee: the guarantor may demand that the borrower be pursued first",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for i, g := range v.Case.Guarantees {
				if g.Kind == "" {
					out = append(out, RuleResult{Path: fmtPath("guarantees", i) + ".kind", Message: g.Guarantor.Name + ": the kind is not agreed, so it is a general guarantee (一般保证) with the right to have the borrower pursued first"})
				}
			}
			return out
		}},
	{ID: "guarantee.period", Severity: SeverityWarn, Citation: "Civil Code art. 692; 担保制度解释 art. 32",
		Description: "the guarantee period is agreed and ends after the debt's due date; otherwise it is six months from the due date",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			due := dueDate(v)
			for i, g := range v.Case.Guarantees {
				path := fmtPath("guarantees", i) + ".period"
				switch p := g.Period; {
				case p.UntilRepaid:
					out = append(out, RuleResult{Path: path, Message: fmt.Sprintf("%s: \"until fully repaid\" is not a clear period; it is six months from the due date %s", g.Guarantor.Name, due)})
				case !p.agreed():
					out = append(out, RuleResult{Path: path, Message: fmt.Sprintf("%s: no period agreed; it is six months from the due date %s", g.Guarantor.Name, due)})
				case p.Ends != nil && !p.Ends.After(due):
					out = append(out, RuleResult{Path: path + ".ends", Message: fmt.Sprintf("%s: the period ends %s, not after the due date %s, so it counts as not agreed: six months from the due date", g.Guarantor.Name, p.Ends, due)})
				}
			}
			return out
		}},
	{ID: "borrower.spouse_cosign", Severity: SeverityWarn, Citation: "Civil Code art. 1064",
		Description: "a married individual borrower's spouse co-signs, as co-borrower or guarantor: a debt above daily household needs is otherwise not joint unless used for the family",
		Eval: func(v *View) []RuleResult {
			var out []RuleResult
			for _, np := range v.borrowers() {
				p := np.party
				if p.Kind != Person || p.MaritalStatus != Married {
					continue
				}
				if p.Spouse != nil && v.Case.cosigns(p.Spouse) {
					continue
				}
				name := "the spouse"
				if p.Spouse != nil && p.Spouse.Name != "" {
					name = p.Spouse.Name
				}
				out = append(out, RuleResult{Path: np.path + ".spouse", Message: fmt.Sprintf("%s is married and %s is neither a co-borrower nor a guarantor", p.Name, name)})
			}
			return out
		}},
}

// cosigns reports whether p is a borrower or a guarantor of the case, by ID
// number where both sides have one, else by name.
func (c *Case) cosigns(p *Party) bool {
	same := func(o *Party) bool {
		if k, ko := PartyKey(p), PartyKey(o); k != "" && ko != "" {
			return k == ko
		}
		return p.Name != "" && p.Name == o.Name
	}
	for _, b := range c.borrowers() {
		if same(b.party) {
			return true
		}
	}
	for i := range c.Guarantees {
		if same(&c.Guarantees[i].Guarantor) {
			return true
		}
	}
	return false
}
