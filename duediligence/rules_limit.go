package duediligence

import (
	"strconv"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// The concentration limits and the parties' history in the lender's other
// cases (RULES.md, Clients, concentration and funding). They read
// Case.History, which the service derives before the case's loan
// (history.go); a view of a case without it cannot compute a balance, and
// the limits then block rather than pass.

// concentrationCitation is the source of the small-loan company limits:
// the measures on small-loan companies (小额贷款公司监督管理暂行办法,
// 金规〔2024〕26号), one borrower's balance at most 10% of net assets, with
// its related parties 15%.
const concentrationCitation = "金规〔2024〕26号 (secondary)"

// singleBorrowerLimit is limit.single_borrower: the borrowers' balance in
// other cases plus this request, against the policy share of net assets.
func singleBorrowerLimit(v *View) []check.Result {
	l := v.Policy.Limits
	if v.Policy.Pricing.Regime != contracts.RegimeSmallLoan {
		return nil
	}
	if l.LenderNetAssets == nil || l.LenderNetAssets.Sign() <= 0 {
		return notComputed("request.amount", "limit.single_borrower.no_net_assets", nil)
	}
	if v.Case.History == nil {
		return notComputed("request.amount", "limit.no_history", nil)
	}
	limit, err := l.LenderNetAssets.Decimal().Mul(l.SingleBorrowerShare.Decimal())
	if err != nil {
		return notComputed("request.amount", "limit.single_borrower.not_computed", check.Params{"detail": err.Error()})
	}
	total, err := v.Case.History.BorrowerOutstanding.Add(v.Case.Request.Amount)
	if err != nil {
		return notComputed("request.amount", "limit.single_borrower.not_computed", check.Params{"detail": err.Error()})
	}
	if total.Decimal().Cmp(limit) <= 0 {
		return nil
	}
	p := check.Params{"amount": v.Case.Request.Amount.String(), "share": l.SingleBorrowerShare.String(), "net_assets": l.LenderNetAssets.String()}
	if v.Case.History.BorrowerOutstanding.IsZero() {
		return []check.Result{{Path: "request.amount", Key: "limit.single_borrower", Params: p}}
	}
	p["outstanding"], p["total"] = v.Case.History.BorrowerOutstanding.String(), total.String()
	return []check.Result{{Path: "request.amount", Key: "limit.single_borrower.with_outstanding", Params: p}}
}

// relatedPartiesLimit returns the limit on a borrower group's balance: the
// policy's own amount, or for a small-loan company its share of net
// assets. ok is false where no limit applies; a result is what stands in
// for a limit that cannot be computed.
func relatedPartiesLimit(p *Policy) (limit money.Money, params check.Params, fail []check.Result, ok bool) {
	l := p.Limits
	if l.RelatedPartiesLimit != nil {
		return *l.RelatedPartiesLimit, check.Params{"limit": l.RelatedPartiesLimit.String()}, nil, true
	}
	if p.Pricing.Regime != contracts.RegimeSmallLoan {
		return money.Money{}, nil, nil, false
	}
	if l.LenderNetAssets == nil || l.LenderNetAssets.Sign() <= 0 {
		return money.Money{}, nil, notComputed("request.amount", "limit.related_parties.no_net_assets", nil), true
	}
	d, err := l.LenderNetAssets.Decimal().Mul(l.RelatedPartiesShare.Decimal())
	if err == nil {
		limit, err = money.NewMoney(d)
	}
	if err != nil {
		return money.Money{}, nil, notComputed("request.amount", "limit.single_borrower.not_computed", check.Params{"detail": err.Error()}), true
	}
	return limit, check.Params{"limit": limit.String(), "share": l.RelatedPartiesShare.String(), "net_assets": l.LenderNetAssets.String()}, nil, true
}

var limitRules = []Rule{
	{ID: "limit.related_parties", Severity: check.Warn, Citation: concentrationCitation,
		CitationZH:    "《国家金融监督管理总局关于促进小额贷款公司稳健发展的指导意见》（金规〔2024〕26号）",
		Description:   "the balance of the borrower and its related parties (same legal representative, spouse, same actual controller or controlling shareholder) across the lender's loans, with this request, is within the lender's limit: for a small-loan company the policy share (default 15%) of net assets, for other lenders the policy's own amount",
		DescriptionZH: "借款人及其关联方（同一法定代表人、配偶、同一实际控制人或控股股东）在本机构的贷款余额加本笔借款不超过限额：小额贷款公司为净资产的政策比例（默认 15%），其他机构为政策设定的金额",
		Eval: func(v *View) []check.Result {
			limit, params, fail, ok := relatedPartiesLimit(v.Policy)
			switch {
			case !ok:
				return nil
			case fail != nil:
				return fail
			case v.Case.History == nil:
				return notComputed("request.amount", "limit.no_history", nil)
			}
			h := v.Case.History
			total, err := h.GroupOutstanding.Add(v.Case.Request.Amount)
			if err != nil {
				return notComputed("request.amount", "limit.single_borrower.not_computed", check.Params{"detail": err.Error()})
			}
			if total.Cmp(limit) <= 0 {
				return nil
			}
			params["name"], params["amount"], params["outstanding"], params["total"] = v.Case.Applicant.Name, v.Case.Request.Amount.String(), h.GroupOutstanding.String(), total.String()
			params["loans"] = strconv.Itoa(len(h.Group))
			key := "limit.related_parties"
			if _, share := params["share"]; share {
				key = "limit.related_parties.share"
			}
			return []check.Result{{Path: "request.amount", Key: key, Params: params}}
		}},
	{ID: "guarantor.portfolio_capacity", Severity: check.Warn, Citation: "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "a guarantor's guarantees across the lender's open cases and loans, with this one, are within its net worth",
		DescriptionZH: "保证人在本机构未结案件和贷款中的担保总额加本笔担保不超过其净资产（代偿能力）",
		Eval: func(v *View) []check.Result {
			if v.Case.History == nil {
				return nil // only what other cases show is added to guarantor.capacity
			}
			var out []check.Result
			for _, ph := range v.Case.History.Parties {
				if ph.GuaranteesGiven.IsZero() {
					continue
				}
				for i := range v.Case.Guarantees {
					g := &v.Case.Guarantees[i]
					if guarantorPath(i) != ph.Path {
						continue
					}
					path := fmtPath("guarantees", i) + ".net_worth"
					if g.NetWorth == nil {
						out = append(out, notComputed(path, "guarantor.capacity.no_net_worth", check.Params{"name": g.Guarantor.Name})...)
						continue
					}
					total, err := ph.GuaranteesGiven.Add(g.Amount)
					if err != nil {
						out = append(out, notComputed(path, "guarantor.capacity.not_computed", check.Params{"name": g.Guarantor.Name, "detail": err.Error()})...)
						continue
					}
					if total.Cmp(*g.NetWorth) > 0 {
						out = append(out, check.Result{Path: path, Key: "guarantor.portfolio_capacity", Params: check.Params{"name": g.Guarantor.Name,
							"given": ph.GuaranteesGiven.String(), "amount": g.Amount.String(), "total": total.String(), "net_worth": g.NetWorth.String()}})
					}
				}
			}
			return out
		}},
	{ID: "client.adverse_history", Severity: check.Warn, Citation: "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "no borrower or guarantor has, in the lender's other loans, an installment paid late or unpaid past due, or a loan classified below normal",
		DescriptionZH: "借款人、保证人在本机构的其他贷款无逾期还款记录，五级分类均为正常",
		Eval: func(v *View) []check.Result {
			if v.Case.History == nil {
				return nil
			}
			var out []check.Result
			for _, ph := range v.Case.History.Parties {
				bad := ph.WorstClassification != "" && ph.WorstClassification != ClassNormal
				if !bad && ph.LateInstallments == 0 {
					continue
				}
				class := ph.WorstClassification
				if class == "" {
					class = ClassNormal
				}
				key := "client.adverse_history"
				if class.NonPerforming() {
					key = "client.adverse_history.non_performing"
				}
				out = append(out, check.Result{Path: ph.Path, Key: key, Params: check.Params{"name": ph.Name,
					"late": strconv.Itoa(ph.LateInstallments), "class": "classification." + string(class)}})
			}
			return out
		}},
}
