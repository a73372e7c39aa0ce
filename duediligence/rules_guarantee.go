package duediligence

import (
	"strconv"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// ineligibleGuarantors are the kinds that may not guarantee (Civil Code
// art. 683), with the message term that says why.
var ineligibleGuarantors = map[GuarantorKind]string{
	GuarantorStateOrgan: "guarantor.ineligible.state_organ",
	GuarantorNonProfit:  "guarantor.ineligible.non_profit",
	GuarantorCommittee:  "guarantor.ineligible.committee",
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
	{ID: "guarantor.ineligible", Severity: check.Block, Citation: "Civil Code art. 683; 担保制度解释 art. 5",
		CitationZH:    "《中华人民共和国民法典》第六百八十三条；《最高人民法院关于适用〈中华人民共和国民法典〉有关担保制度的解释》第五条",
		Description:   "the guarantor is not a state organ, a non-profit public-welfare body or a residents' or villagers' committee",
		DescriptionZH: "保证人不是机关法人、以公益为目的的非营利法人或非法人组织、居民委员会或村民委员会",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for i, g := range v.Case.Guarantees {
				why, bad := ineligibleGuarantors[g.GuarantorKind]
				if bad && !(g.GuarantorKind == GuarantorStateOrgan && g.OnLendingApproved) {
					out = append(out, check.Result{Path: fmtPath("guarantees", i) + ".guarantor_kind", Key: "guarantor.ineligible",
						Params: check.Params{"name": g.Guarantor.Name, "why": why}})
				}
			}
			return out
		}},
	{ID: "guarantor.corporate_resolution", Severity: check.Block, Citation: "Company Law 2023 art. 15; 担保制度解释 arts. 7–8",
		CitationZH:    "《中华人民共和国公司法》（2023年修订）第十五条；《最高人民法院关于适用〈中华人民共和国民法典〉有关担保制度的解释》第七条、第八条",
		Description:   "a company guarantor has a board or shareholders' resolution; guaranteeing its own shareholder or actual controller, a shareholders' resolution without the interested votes (exempt: financial institutions, guarantee companies, a wholly-owned subsidiary, two thirds of the votes signing — the last two not for listed companies)",
		DescriptionZH: "公司保证人须有董事会或股东会决议；为其股东或实际控制人担保的，须经股东会决议且关联股东回避表决（金融机构、担保公司、为全资子公司担保、三分之二以上表决权股东签字同意的除外，后两项不适用于上市公司）",
		Eval: func(v *View) []check.Result {
			var out []check.Result
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
				name := check.Params{"name": g.Guarantor.Name}
				switch {
				case res == nil:
					out = append(out, check.Result{Path: path, Key: "guarantor.corporate_resolution.missing", Params: name})
				case shareholders && (res.Body != BodyShareholders || !res.InterestedExcluded):
					out = append(out, check.Result{Path: path, Key: "guarantor.corporate_resolution.shareholders", Params: name})
				}
			}
			return out
		}},
	{ID: "guarantor.capacity", Severity: check.Warn, Citation: "practice; Commercial Bank Law art. 36",
		CitationZH:    "信贷业务惯例；《中华人民共和国商业银行法》第三十六条",
		Description:   "the guarantor's net worth less the guarantees already given covers the guaranteed amount",
		DescriptionZH: "保证人净资产扣除已对外担保后足以覆盖本笔担保金额（代偿能力）",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for i := range v.Case.Guarantees {
				g := &v.Case.Guarantees[i]
				path := func() string { return "guarantees[" + strconv.Itoa(i) + "].net_worth" }
				if g.NetWorth == nil {
					out = append(out, notComputed(path(), "guarantor.capacity.no_net_worth", check.Params{"name": g.Guarantor.Name})...)
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
				switch {
				case err != nil:
					out = append(out, notComputed(path(), "guarantor.capacity.not_computed", check.Params{"name": g.Guarantor.Name, "detail": err.Error()})...)
				case left.Sign() < 0:
					out = append(out, check.Result{Path: path(), Key: "guarantor.capacity.short", Params: check.Params{"name": g.Guarantor.Name,
						"net_worth": g.NetWorth.String(), "existing": moneyOr0(existing).String(), "amount": g.Amount.String(), "left": left.String()}})
				}
			}
			return out
		}},
	{ID: "guarantor.credit", Severity: check.Block, Citation: "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "no guarantor is on the dishonest judgment-debtor list (失信被执行人) or has a current overdue",
		DescriptionZH: "保证人未被列入失信被执行人名单，征信无当前逾期",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for i := range v.Case.Guarantees {
				g := &v.Case.Guarantees[i]
				if g.Guarantor.DishonestDebtor {
					out = append(out, check.Result{Path: guarantorPath(i) + ".dishonest_debtor", Key: "guarantor.credit.dishonest_debtor", Params: check.Params{"name": g.Guarantor.Name}})
				}
				if cr := g.Guarantor.Credit; cr != nil && cr.CurrentOverdue != nil && cr.CurrentOverdue.Sign() > 0 {
					out = append(out, check.Result{Path: guarantorPath(i) + ".credit.current_overdue", Key: "guarantor.credit.current_overdue",
						Params: check.Params{"name": g.Guarantor.Name, "amount": cr.CurrentOverdue.String()}})
				}
			}
			return out
		}},
	{ID: "guarantor.mutual", Severity: check.Warn, Citation: "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "the guarantor is not guaranteed by the borrower in another loan (互保) nor a related party of the borrower",
		DescriptionZH: "保证人与借款人之间不存在互保，保证人也不是借款人的关联方",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for i := range v.Case.Guarantees {
				g := &v.Case.Guarantees[i]
				for _, m := range g.Mutual {
					out = append(out, check.Result{Path: guarantorPath(i), Key: "guarantor.mutual",
						Params: check.Params{"name": g.Guarantor.Name, "case": m.CaseID, "stage": "stage." + string(m.Stage)}})
				}
				if g.Relation == RelationRelatedParty {
					out = append(out, check.Result{Path: fmtPath("guarantees", i) + ".relation", Key: "guarantor.mutual.related_party", Params: check.Params{"name": g.Guarantor.Name}})
				}
			}
			return out
		}},
	{ID: "guarantee.mode_default", Severity: check.Info, Citation: "Civil Code arts. 686–687",
		CitationZH:    "《中华人民共和国民法典》第六百八十六条、第六百八十七条",
		Description:   "a guarantee without a clearly agreed kind is a general guarantee: the guarantor may demand that the borrower be pursued first",
		DescriptionZH: "未约定或约定不明保证方式的，按一般保证承担责任，保证人享有先诉抗辩权",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for i, g := range v.Case.Guarantees {
				if g.Kind == "" {
					out = append(out, check.Result{Path: fmtPath("guarantees", i) + ".kind", Key: "guarantee.mode_default", Params: check.Params{"name": g.Guarantor.Name}})
				}
			}
			return out
		}},
	{ID: "guarantee.period", Severity: check.Warn, Citation: "Civil Code art. 692; 担保制度解释 art. 32",
		CitationZH:    "《中华人民共和国民法典》第六百九十二条；《最高人民法院关于适用〈中华人民共和国民法典〉有关担保制度的解释》第三十二条",
		Description:   "the guarantee period is agreed and ends after the debt's due date; otherwise it is six months from the due date",
		DescriptionZH: "约定了保证期间且晚于主债务履行期限届满之日；否则保证期间为主债务履行期限届满之日起六个月",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			dueDay := dueDate(v)
			due := dueDay.String()
			for i := range v.Case.Guarantees {
				g := &v.Case.Guarantees[i]
				// The path and the parameters are built only for a result.
				path := func() string { return "guarantees[" + strconv.Itoa(i) + "].period" }
				p := func() check.Params { return check.Params{"name": g.Guarantor.Name, "due": due} }
				switch per := g.Period; {
				case per.UntilRepaid:
					out = append(out, check.Result{Path: path(), Key: "guarantee.period.until_repaid", Params: p()})
				case !per.agreed():
					out = append(out, check.Result{Path: path(), Key: "guarantee.period.not_agreed", Params: p()})
				case per.Ends != nil && !per.Ends.After(dueDay):
					ps := p()
					ps["ends"] = per.Ends.String()
					out = append(out, check.Result{Path: path() + ".ends", Key: "guarantee.period.ends_early", Params: ps})
				}
			}
			return out
		}},
	{ID: "borrower.spouse_cosign", Severity: check.Warn, Citation: "Civil Code art. 1064",
		CitationZH:    "《中华人民共和国民法典》第一千零六十四条",
		Description:   "a married individual borrower's spouse co-signs, as co-borrower or guarantor: a debt above daily household needs is otherwise not joint unless used for the family",
		DescriptionZH: "已婚个人借款人的配偶作为共同借款人或保证人共同签字；否则超出家庭日常生活需要的债务，除用于夫妻共同生活外不属于夫妻共同债务",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for _, np := range v.borrowers() {
				p := np.party
				if p.Kind != Person || p.MaritalStatus != Married {
					continue
				}
				if p.Spouse != nil && v.Case.cosigns(p.Spouse) {
					continue
				}
				if p.Spouse != nil && p.Spouse.Name != "" {
					out = append(out, check.Result{Path: np.path + ".spouse", Key: "borrower.spouse_cosign", Params: check.Params{"name": p.Name, "spouse": p.Spouse.Name}})
				} else {
					out = append(out, check.Result{Path: np.path + ".spouse", Key: "borrower.spouse_cosign.unnamed", Params: check.Params{"name": p.Name}})
				}
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
