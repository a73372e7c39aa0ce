package duediligence

import (
	"time"

	"errors"
	"maps"
	"slices"
	"strconv"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
	"github.com/jinzhi-dev/jinzhi/strictjson"
)

// Policy is the lender's configuration of the checks: which documents each
// kind of case needs, which finding methods the investigation must cover and
// how strongly. It is data, versioned and loadable from JSON; DefaultPolicy
// gives every field a value.
type Policy struct {
	// Version names this policy; each case records the version it was checked under.
	Version string `json:"version"`
	// Documents is the checklist catalogue (资料清单).
	Documents []DocumentRequirement `json:"documents"`
	// RequireVerifiedDocuments makes process.documents_complete ask for
	// verified documents, not merely received ones.
	RequireVerifiedDocuments bool `json:"require_verified_documents"`
	// MaxUploadBytes limits one uploaded document file.
	MaxUploadBytes int64 `json:"max_upload_bytes"`
	// RateCeilings are the absolute ceilings of a proposed annual rate, by
	// pricing regime: a request above its regime's is refused (422), not
	// merely flagged by the rate-cap rule. A regime without one has
	// DefaultRateCeiling.
	RateCeilings map[contracts.Regime]money.Rate `json:"rate_ceilings,omitempty"`
	// TokenLifetimeDays is how long a new or rotated API token is
	// accepted; 0 means the default, 90 days.
	TokenLifetimeDays int `json:"token_lifetime_days,omitempty"`
	// LenderName is the lender as it appears on contracts and registrations
	// (the mortgagee registration.matches expects).
	LenderName string `json:"lender_name"`
	// LenderContact is how a borrower or guarantor reaches the lender, as
	// a notice prints it under the lender's name (联系地址及电话): at most
	// 200 characters. Empty, a notice leaves a line to fill in by hand.
	LenderContact string `json:"lender_contact,omitempty"`
	// Language is the language of what people read — problems, rendered
	// documents — when a request asks for none: "zh" (the default, also
	// when empty) or "en".
	Language string `json:"language,omitempty"`
	// Valuation holds advance rates, appraisal validity and the minimum coverage.
	Valuation collateral.ValuationPolicy `json:"valuation"`
	// Rounding of amounts owed: half_up (四舍五入, the default) or half_even.
	Rounding money.Rounding `json:"rounding"`
	// Limits are the thresholds of the rules.
	Limits Limits `json:"limits"`
	// Pricing is the lender's regime for rate caps.
	Pricing contracts.CapPolicy `json:"pricing"`
	// LenderFundsOnLent records that the lender's funds are re-lent bank
	// loans or that it lends to the public without a licence (lender.onlending).
	LenderFundsOnLent bool `json:"lender_funds_on_lent"`
	// ApprovalMatrix decides the approval chain by amount.
	ApprovalMatrix []ApprovalLevel `json:"approval_matrix"`
	// FundingCost is the lender's annual cost of funds, for the margin.
	FundingCost money.Rate `json:"funding_cost"`
	// Drawdowns lets a loan be disbursed in several tranches (分次提款),
	// together at most the approved amount.
	Drawdowns bool `json:"drawdowns,omitempty"`
	// Repayment is the allocation order of repayments, the early-repayment
	// fee and how overdue interest is charged (loanbook.go).
	Repayment RepaymentPolicy `json:"repayment,omitzero"`
	// Rules disables rules and overrides their severities.
	Rules RulePolicy `json:"rules"`
	// FollowUp sets the post-loan intervals and alert windows (postloan.go).
	FollowUp FollowUpPolicy `json:"follow_up,omitzero"`
	// Funding is the regime of funders and investors (funding.go).
	Funding FundingPolicy `json:"funding,omitzero"`
}

// RulePolicy adapts the catalogue to the lender.
type RulePolicy struct {
	// Disabled lists rule IDs that are not run.
	Disabled []string `json:"disabled,omitempty"`
	// Severity overrides a rule's default severity.
	Severity map[string]check.Severity `json:"severity,omitempty"`
}

// LoanType classifies a loan for the limits that differ by type (贷款品种).
type LoanType string

// Loan types, derived from the applicant's kind and the purpose category.
const (
	LoanConsumer         LoanType = "consumer"          // 个人消费贷款
	LoanPersonalBusiness LoanType = "personal_business" // 个人经营贷款
	LoanWorkingCapital   LoanType = "working_capital"   // 流动资金贷款
	LoanFixedAsset       LoanType = "fixed_asset"       // 固定资产贷款
)

// Limits are the thresholds the rules apply; all are policy, with defaults
// from docs/rules.md.
type Limits struct {
	MinBorrowerAge   int        `json:"min_borrower_age"`    // borrower.capacity, 18
	MaxAgeAtMaturity int        `json:"max_age_at_maturity"` // borrower.age_at_maturity, 65
	MaxDSR           money.Rate `json:"max_dsr"`             // repayment.dsr, 0.50
	MinDSCR          money.Rate `json:"min_dscr"`            // repayment.dscr, 1.20
	MaxLeverage      money.Rate `json:"max_leverage"`        // repayment.leverage, 0.70
	// MaxTermMonths by loan type (term.max).
	MaxTermMonths map[LoanType]int `json:"max_term_months"`
	// EntrustedPayment is the amount above which the lender pays the payee
	// directly (受托支付), by loan type (payment.entrusted).
	EntrustedPayment map[LoanType]money.Money `json:"entrusted_payment"`
	// LenderNetAssets, for a small-loan company, bounds one borrower's
	// balance to SingleBorrowerShare of it (limit.single_borrower).
	LenderNetAssets     *money.Money `json:"lender_net_assets,omitempty"`
	SingleBorrowerShare money.Rate   `json:"single_borrower_share"`
	// RelatedPartiesShare bounds, for a small-loan company, one borrower's
	// balance with its related parties to that share of net assets
	// (limit.related_parties, default 15%); RelatedPartiesLimit, where set,
	// is the lender's own limit on it, whatever its regime.
	RelatedPartiesShare money.Rate   `json:"related_parties_share"`
	RelatedPartiesLimit *money.Money `json:"related_parties_limit,omitempty"`
	// GuaranteeAlertDays is how long before a guarantee period ends to warn.
	GuaranteeAlertDays int `json:"guarantee_alert_days"`
}

// DocumentRequirement is one line of the checklist catalogue: a document type
// and the cases that need it.
type DocumentRequirement struct {
	// Type is the stable code of the document ("id_card").
	Type string `json:"type"`
	// Label names it for people, in Chinese and English.
	Label   string `json:"label"`
	LabelEN string `json:"label_en"`
	// Applicant lists the applicant kinds that need it; empty means none (the
	// document exists in the catalogue for other requirement sources).
	Applicant []PartyKind `json:"applicant,omitempty"`
	// MaritalStatus, if set, restricts the requirement to applicants with this marital status.
	MaritalStatus MaritalStatus `json:"marital_status,omitempty"`
	// Collateral lists the collateral that needs it, one per item: a kind
	// ("residential") or a class ("real_estate", "movable", "right", "any").
	Collateral []string `json:"collateral,omitempty"`
	// Guarantee lists the guarantees that need it, one per guarantee: a
	// guarantor kind ("company"), the guarantor party's kind ("person",
	// "organization") or "any".
	Guarantee []string `json:"guarantee,omitempty"`
	// Condition restricts a collateral line ("co_owned" or "leased") or a
	// guarantee line ("resolution_required").
	Condition string `json:"condition,omitempty"`
	// PostLoan marks a paper of the loan's life after disbursement (a
	// guarantor's consent to an extension, the proof of a collection
	// notice's delivery, a write-off's evidence, a settlement
	// certificate): it is added once the loan is disbursed (and when the
	// case is written off or closed), never before, and no part of the
	// application asks for it. The other types are the checklist's, which
	// stays as it was submitted for approval.
	PostLoan bool `json:"post_loan,omitempty"`
}

// DefaultPolicy returns the built-in policy.
func DefaultPolicy() *Policy {
	return &Policy{
		Version:        "jinzhi-default-1",
		MaxUploadBytes: 32 << 20,
		LenderName:     "",
		Valuation:      collateral.DefaultValuationPolicy(),
		Rounding:       money.HalfUp,
		ApprovalMatrix: DefaultApprovalMatrix(),
		FundingCost:    money.MustRate("0.03"),
		// Two investigators (双人调查) is lender practice: on by policy only.
		Rules:   RulePolicy{Disabled: []string{"process.two_investigators"}},
		Pricing: contracts.CapPolicy{Regime: contracts.RegimeLicensed},
		Limits: Limits{
			MinBorrowerAge: 18, MaxAgeAtMaturity: 65,
			MaxDSR: money.MustRate("0.50"), MinDSCR: money.MustRate("1.20"), MaxLeverage: money.MustRate("0.70"),
			MaxTermMonths: map[LoanType]int{LoanConsumer: 60, LoanPersonalBusiness: 60, LoanWorkingCapital: 36, LoanFixedAsset: 120},
			EntrustedPayment: map[LoanType]money.Money{
				LoanPersonalBusiness: money.MustMoney("500000.00"), LoanConsumer: money.MustMoney("300000.00"),
			},
			SingleBorrowerShare: money.MustRate("0.10"),
			RelatedPartiesShare: money.MustRate("0.15"),
			GuaranteeAlertDays:  30,
		},
		Documents: []DocumentRequirement{
			{Type: "id_card", Label: "借款人身份证", LabelEN: "Borrower's resident identity card", Applicant: []PartyKind{Person}},
			{Type: "household_register", Label: "户口簿", LabelEN: "Household register", Applicant: []PartyKind{Person}},
			{Type: "marriage_certificate", Label: "结婚证", LabelEN: "Marriage certificate", Applicant: []PartyKind{Person}, MaritalStatus: Married},
			{Type: "spouse_id_card", Label: "配偶身份证", LabelEN: "Spouse's resident identity card", Applicant: []PartyKind{Person}, MaritalStatus: Married},
			{Type: "income_proof", Label: "收入证明", LabelEN: "Proof of income", Applicant: []PartyKind{Person}},
			{Type: "bank_statements", Label: "银行流水（近六个月）", LabelEN: "Bank statements, last six months", Applicant: []PartyKind{Person, Organization}},
			{Type: "credit_report", Label: "征信报告", LabelEN: "Credit report", Applicant: []PartyKind{Person, Organization}},
			{Type: "purpose_proof", Label: "借款用途证明（合同、发票等）", LabelEN: "Proof of purpose (contracts, invoices)", Applicant: []PartyKind{Person, Organization}},
			{Type: "business_license", Label: "营业执照", LabelEN: "Business licence", Applicant: []PartyKind{Organization}},
			{Type: "articles_of_association", Label: "公司章程", LabelEN: "Articles of association", Applicant: []PartyKind{Organization}},
			{Type: "legal_representative_id", Label: "法定代表人身份证", LabelEN: "Legal representative's identity card", Applicant: []PartyKind{Organization}},
			{Type: "financial_statements", Label: "近三年财务报表", LabelEN: "Financial statements, last three years", Applicant: []PartyKind{Organization}},
			{Type: "borrowing_resolution", Label: "同意借款的董事会或股东会决议", LabelEN: "Board or shareholders' resolution to borrow", Applicant: []PartyKind{Organization}},
			{Type: "title_certificate", Label: "不动产权证书", LabelEN: "Real-estate title certificate", Collateral: []string{"real_estate"}},
			{Type: "register_search", Label: "不动产登记簿查询结果（查档）", LabelEN: "Register search result", Collateral: []string{"real_estate"}},
			{Type: "ownership_proof", Label: "权属证明（登记证书、发票、权利凭证）", LabelEN: "Proof of ownership", Collateral: []string{"movable", "right"}},
			{Type: "appraisal_report", Label: "评估报告", LabelEN: "Appraisal report", Collateral: []string{"any"}},
			{Type: "coowner_consent", Label: "共有人同意抵押（质押）声明", LabelEN: "Co-owners' consent", Collateral: []string{"any"}, Condition: ConditionCoOwned},
			{Type: "lease_statement", Label: "承租人声明", LabelEN: "Tenant's statement on the lease", Collateral: []string{"any"}, Condition: ConditionLeased},
			{Type: "guarantor_id_card", Label: "保证人身份证", LabelEN: "Guarantor's resident identity card", Guarantee: []string{"person"}},
			{Type: "guarantor_income_proof", Label: "保证人收入证明", LabelEN: "Guarantor's proof of income", Guarantee: []string{"person"}},
			{Type: "guarantor_business_license", Label: "保证人营业执照", LabelEN: "Guarantor's business licence", Guarantee: []string{"organization"}},
			{Type: "guarantor_financial_statements", Label: "保证人近三年财务报表", LabelEN: "Guarantor's financial statements", Guarantee: []string{"organization"}},
			{Type: "guarantor_resolution", Label: "保证人同意担保的董事会或股东会决议", LabelEN: "Guarantor's board or shareholders' resolution to guarantee", Guarantee: []string{"company"}, Condition: ConditionResolution},
			{Type: "guarantor_credit_report", Label: "保证人征信报告", LabelEN: "Guarantor's credit report", Guarantee: []string{"any"}},
			{Type: "other", Label: "其他资料", LabelEN: "Other"},
			// After disbursement (贷后资料).
			{Type: "extension_consent", Label: "担保人同意展期的书面意见", LabelEN: "Guarantor's or third-party security provider's written consent to an extension", PostLoan: true},
			{Type: "collection_delivery_proof", Label: "催收通知送达凭证（签收回执、邮寄凭证等）", LabelEN: "Proof of delivery of a collection notice", PostLoan: true},
			{Type: "visit_record", Label: "贷后回访记录及书面意见", LabelEN: "Record of a follow-up visit, written opinion", PostLoan: true},
			{Type: "write_off_evidence", Label: "核销证据（判决书、终结执行裁定、注销或死亡证明等）", LabelEN: "Evidence for a write-off (judgment, ruling ending enforcement, certificate of deregistration or death)", PostLoan: true},
			{Type: "recovery_evidence", Label: "核销后收回凭证", LabelEN: "Evidence of a recovery after write-off", PostLoan: true},
			{Type: "settlement_certificate", Label: "贷款结清证明", LabelEN: "Certificate of settlement", PostLoan: true},
			{Type: "post_loan_other", Label: "其他贷后资料", LabelEN: "Other post-loan papers", PostLoan: true},
		},
	}
}

// LoadPolicy reads a policy from JSON over the defaults: an object sets the
// fields it names and keeps the defaults of the others; a list replaces the
// default list whole (an approval matrix of two steps is those two steps).
// The JSON is read strictly: an unknown field, a wrong type, a key given
// twice, invalid text or trailing data is refused with its path, and so is
// a value that cannot work (an approval matrix without a step, a custom
// regime without its cap).
func LoadPolicy(data []byte) (*Policy, error) {
	p := DefaultPolicy()
	if err := strictjson.DecodeOnto(data, p); err != nil {
		e := &Error{Code: CodeInvalid, Op: "LoadPolicy", Message: "invalid policy", Err: err}
		if probs, ok := errors.AsType[*check.Problems](err); ok {
			e.Fields = probs.Fields
		} else {
			e.Fields = []FieldError{check.Invalid("", check.ErrFormat, "", err.Error())}
		}
		return nil, e
	}
	var probs check.Problems
	p.validate(&probs)
	if probs.Len() > 0 {
		return nil, &Error{Code: CodeInvalid, Op: "LoadPolicy", Message: "invalid policy", Fields: probs.Fields}
	}
	return p, nil
}

// approverRoles are the roles an approval step may name.
var approverRoles = []string{string(RoleDepartmentManager), string(RoleRiskOfficer), string(RoleGeneralManager), string(RoleFinance)}

// validate checks what a policy must say to work.
// maxLenderContact bounds Policy.LenderContact.
const maxLenderContact = 200

func (p *Policy) validate(probs *check.Problems) {
	probs.Text("version", p.Version, maxName)
	probs.Text("lender_name", p.LenderName, maxName)
	probs.Text("lender_contact", p.LenderContact, maxLenderContact)
	probs.OptionalOneOf("language", p.Language, "zh", "en")
	p.Repayment.validate(probs)
	p.Funding.validate(probs)
	seen := map[string]bool{}
	for i, d := range p.Documents {
		path := fmtPath("documents", i)
		probs.RequiredText(path+".type", d.Type, maxType)
		if seen[d.Type] {
			probs.Add(fieldError(path+".type", check.ErrDuplicate, "policy.document_type_twice", check.Params{"type": d.Type}))
		}
		seen[d.Type] = true
		probs.Text(path+".label", d.Label, maxName)
		probs.Text(path+".label_en", d.LabelEN, maxName)
		switch {
		case d.Condition == "":
		case len(d.Guarantee) > 0 && d.Condition != ConditionResolution:
			probs.Add(fieldError(path+".condition", check.ErrOneOf, "policy.guarantee_condition", nil))
		case len(d.Guarantee) == 0:
			probs.OneOf(path+".condition", d.Condition, ConditionCoOwned, ConditionLeased)
		}
		if d.PostLoan && (len(d.Applicant) > 0 || d.MaritalStatus != "" || len(d.Collateral) > 0 || len(d.Guarantee) > 0) {
			probs.Add(fieldError(path+".post_loan", check.ErrInconsistent, "policy.post_loan_required", check.Params{"type": d.Type}))
		}
	}
	probs.Under("valuation", p.Valuation.Validate())
	for _, id := range slices.Sorted(maps.Keys(p.Rules.Severity)) {
		probs.OneOf("rules.severity."+id, string(p.Rules.Severity[id]), string(check.Block), string(check.Warn), string(check.Info))
	}
	if _, err := money.ParseRounding(string(p.Rounding)); err != nil {
		probs.Add(check.NotOneOf("rounding", string(p.Rounding), string(money.HalfUp), string(money.HalfEven)))
	}
	for i, l := range p.ApprovalMatrix {
		path := fmtPath("approval_matrix", i)
		probs.OneOf(path+".role", string(l.Role), approverRoles...)
		if l.Above.Sign() < 0 {
			probs.Add(check.Negative(path+".above", l.Above.String()))
		}
	}
	if len(p.ApprovalMatrix) == 0 {
		probs.Add(fieldError("approval_matrix", check.ErrRequired, "policy.approval_matrix_empty", nil))
	}
	switch p.Pricing.Regime {
	case contracts.RegimePrivateLending, contracts.RegimeSmallLoan, contracts.RegimeLicensed:
	case contracts.RegimeCustom:
		if p.Pricing.CustomCap == nil {
			probs.Add(check.Required("pricing.custom_cap"))
		}
	default:
		probs.Add(check.NotOneOf("pricing.regime", string(p.Pricing.Regime), string(contracts.RegimePrivateLending),
			string(contracts.RegimeSmallLoan), string(contracts.RegimeLicensed), string(contracts.RegimeCustom)))
	}
	if l := p.Limits.RelatedPartiesLimit; l != nil && l.Sign() < 0 {
		probs.Add(check.Negative("limits.related_parties_limit", l.String()))
	}
	for path, r := range map[string]money.Rate{"limits.single_borrower_share": p.Limits.SingleBorrowerShare, "limits.related_parties_share": p.Limits.RelatedPartiesShare} {
		if r.Decimal().Sign() < 0 || r.Decimal().Cmp(money.MustRate("1").Decimal()) > 0 {
			probs.Add(check.NotBetween(path, r.String(), "0", "1"))
		}
	}
	if p.MaxUploadBytes <= 0 {
		probs.Add(check.NotPositive("max_upload_bytes", strconv.FormatInt(p.MaxUploadBytes, 10)))
	}
	for _, regime := range slices.Sorted(maps.Keys(p.RateCeilings)) {
		if r := p.RateCeilings[regime]; r.Decimal().Sign() <= 0 || r.Decimal().Cmp(maxAnnualRate) > 0 {
			probs.Add(fieldError("rate_ceilings."+string(regime), check.ErrRange, "policy.rate_ceiling", check.Params{"value": r.String()}))
		}
	}
	if p.TokenLifetimeDays < 0 {
		probs.Add(check.NotPositive("token_lifetime_days", strconv.Itoa(p.TokenLifetimeDays)))
	}
}

// DefaultRateCeiling is the ceiling of a regime the policy names none
// for: 36% a year, above which no Chinese court enforces interest (the
// Supreme People's Court's 2015 private-lending provisions, art. 26) and no
// lender can have meant the figure.
var DefaultRateCeiling = money.MustRate("0.36")

// RateCeiling is the highest annual rate a request may propose under the
// policy's pricing regime.
func (p *Policy) RateCeiling() money.Rate {
	if r, ok := p.RateCeilings[p.Pricing.Regime]; ok {
		return r
	}
	return DefaultRateCeiling
}

// checkRateCeiling records a request whose rate (a fraction, not a
// percent: that is checked first) is above the policy's ceiling.
func (p *Policy) checkRateCeiling(path string, r *LoanRequest, probs *check.Problems) {
	if r.AnnualRate.Decimal().Cmp(maxAnnualRate) > 0 || r.AnnualRate.Cmp(p.RateCeiling()) <= 0 {
		return
	}
	fe := fieldError(path+".annual_rate", check.ErrRange, "request.rate_above_ceiling",
		check.Params{"value": r.AnnualRate.String(), "ceiling": p.RateCeiling().String(), "regime": string(p.Pricing.Regime)})
	fe.Value = r.AnnualRate.String()
	probs.Add(fe)
}

// DefaultTokenLifetimeDays is the default of Policy.TokenLifetimeDays.
const DefaultTokenLifetimeDays = 90

// TokenLifetime is how long a new or rotated token is accepted.
func (p *Policy) TokenLifetime() time.Duration {
	days := p.TokenLifetimeDays
	if days <= 0 {
		days = DefaultTokenLifetimeDays
	}
	return time.Duration(days) * 24 * time.Hour
}

// postLoanTypes lists the catalogue's post-loan document types.
func (p *Policy) postLoanTypes() []string {
	var out []string
	for _, d := range p.Documents {
		if d.PostLoan {
			out = append(out, d.Type)
		}
	}
	return out
}

// documentType returns the catalogue line of a type.
func (p *Policy) documentType(t string) (DocumentRequirement, bool) {
	for _, d := range p.Documents {
		if d.Type == t {
			return d, true
		}
	}
	return DocumentRequirement{}, false
}
