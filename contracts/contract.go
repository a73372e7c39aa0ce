package contracts

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Kind is what a contract of the set is.
type Kind string

// The contract kinds, with the suffix of their numbers.
const (
	LoanContract      Kind = "loan"      // 借款合同, -JK
	MortgageContract  Kind = "mortgage"  // 抵押合同, -DY1, -DY2 …
	PledgeContract    Kind = "pledge"    // 质押合同, -ZY1 …
	GuaranteeContract Kind = "guarantee" // 保证合同, -BZ1 …
)

// suffix is the letters a number of kind k ends in.
func (k Kind) suffix() string {
	switch k {
	case LoanContract:
		return "JK"
	case MortgageContract:
		return "DY"
	case PledgeContract:
		return "ZY"
	case GuaranteeContract:
		return "BZ"
	}
	return "XX"
}

// Capacity is the capacity in which a party signs a contract (签约身份).
type Capacity string

// The capacities.
const (
	CapacityLender     Capacity = "lender"      // 贷款人（出借人），由其代表签署
	CapacityBorrower   Capacity = "borrower"    // 借款人
	CapacityCoBorrower Capacity = "co_borrower" // 共同借款人
	CapacityMortgagor  Capacity = "mortgagor"   // 抵押人
	CapacityPledgor    Capacity = "pledgor"     // 出质人
	CapacityGuarantor  Capacity = "guarantor"   // 保证人
	CapacitySpouse     Capacity = "spouse"      // 借款人配偶（共同签署）
)

// Capacities lists every capacity.
func Capacities() []Capacity {
	return []Capacity{CapacityLender, CapacityBorrower, CapacityCoBorrower, CapacityMortgagor, CapacityPledgor, CapacityGuarantor, CapacitySpouse}
}

// Party is a party of a contract (合同当事人): who signs, in what capacity.
type Party struct {
	Capacity Capacity `json:"capacity"`
	Name     string   `json:"name"`
	// IDNumber is the resident ID number or the unified social credit code.
	IDNumber string `json:"id_number,omitempty"`
	Address  string `json:"address,omitempty"`
	// Representative is an organization's legal representative.
	Representative string `json:"representative,omitempty"`
}

// Clause is one article of a contract as data (合同条款): the checks read
// its text, so a lender's wording is checked as the built-in one is.
type Clause struct {
	// Name names the clause ("loan.amount", "security.scope").
	Name string `json:"name"`
	// Title is the article's heading, Text its words, in Chinese: the
	// language the contract is signed in.
	Title string `json:"title"`
	Text  string `json:"text"`
	// TitleEN and TextEN are an English reading, for a reader who asks
	// for one; the Chinese text is the contract.
	TitleEN string `json:"title_en,omitempty"`
	TextEN  string `json:"text_en,omitempty"`
}

// CollateralLine is one item of a security contract's collateral list
// (抵押物/质物清单).
type CollateralLine struct {
	ItemID      string          `json:"item_id"`
	Kind        collateral.Kind `json:"kind"`
	Description string          `json:"description,omitempty"`
	Address     string          `json:"address,omitempty"`
	TitleNumber string          `json:"title_number,omitempty"`
	UnitNumber  string          `json:"unit_number,omitempty"`
	Owners      []string        `json:"owners"`
	// Appraised is the newest appraisal's value, if any.
	Appraised *money.Money `json:"appraised,omitempty"`
	// Rank is the rank the lender's mortgage takes (1 = first), 0 unknown.
	Rank int `json:"rank,omitempty"`
}

// Contract is one contract of the set drafted from the approved terms: its
// number, parties, figures, clauses and attachments.
type Contract struct {
	// Number derives from the ledger number: 2026-000123-JK, -DY1, -ZY1, -BZ1.
	Number string `json:"number"`
	Kind   Kind   `json:"kind"`
	// Date is the contract date (签订日期), which fixes the LPR of the cap.
	Date    money.Date `json:"date"`
	Parties []Party    `json:"parties"`
	// LoanNumber is the loan contract a security contract secures.
	LoanNumber string `json:"loan_number,omitempty"`
	// Amount is the principal of a loan contract, the secured amount of a
	// mortgage or pledge, the guaranteed amount of a guarantee;
	// AmountCapitals is it in 大写.
	Amount         money.Money `json:"amount"`
	AmountCapitals string      `json:"amount_capitals"`
	// Principal is the loan's principal, on every contract of the set.
	Principal money.Money `json:"principal"`
	// AnnualRate, TermMonths, Method and Maturity are the loan's.
	AnnualRate money.Rate      `json:"annual_rate"`
	TermMonths int             `json:"term_months"`
	Method     RepaymentMethod `json:"repayment_method"`
	Maturity   money.Date      `json:"maturity"`
	Purpose    string          `json:"purpose,omitempty"`
	// Collateral is the list of a mortgage or pledge contract.
	Collateral []CollateralLine `json:"collateral,omitempty"`
	// Registry is the registration authority (登记机构) a mortgage
	// contract names, empty when it names none: the registration
	// certificate is compared with it.
	Registry string `json:"registry,omitempty"`
	// GuaranteeKind (general, joint_and_several or empty: not agreed) and
	// GuaranteePeriod (in words; empty: not agreed) are a guarantee's.
	GuaranteeKind   string `json:"guarantee_kind,omitempty"`
	GuaranteePeriod string `json:"guarantee_period,omitempty"`
	// Security lists the numbers of the security contracts of the loan.
	Security []string `json:"security,omitempty"`
	Clauses  []Clause `json:"clauses"`
	// Schedule is the indicative repayment schedule from the contract
	// date, attached to the loan contract; the loan receipt of each
	// disbursement binds where its dates differ.
	Schedule *Schedule `json:"schedule,omitempty"`
	// APR is the annualized rate by IRR (年化利率, the disclosure).
	APR *AnnualizedRate `json:"apr,omitempty"`
	// Hash is the SHA-256 of the contract's other fields: what a party
	// signs, and what a change after signing changes.
	Hash string `json:"hash"`
}

// Party returns the party of c with name and ID number (the ID number
// compared only when both have one), or false.
func (c *Contract) Party(name, id string) (Party, bool) {
	for _, p := range c.Parties {
		if p.Name == name && (p.IDNumber == "" || id == "" || strings.EqualFold(p.IDNumber, id)) {
			return p, true
		}
	}
	return Party{}, false
}

// Clause returns the clause named name, or false.
func (c *Contract) Clause(name string) (Clause, bool) {
	for _, cl := range c.Clauses {
		if cl.Name == name {
			return cl, true
		}
	}
	return Clause{}, false
}

// SecurityItem is a collateral item to draft a security contract for,
// with the registry its mortgage is registered at.
type SecurityItem struct {
	Item collateral.Item
	// Registry is the registration authority (登记机构), if known.
	Registry string
}

// GuaranteeTerms is a guarantor's promise to draft a guarantee contract for.
type GuaranteeTerms struct {
	Guarantor Party
	// Kind is general, joint_and_several, or empty when not agreed.
	Kind string
	// Amount is the guaranteed amount.
	Amount money.Money
	// PeriodMonths after maturity, or PeriodEnds; neither means not agreed.
	PeriodMonths int
	PeriodEnds   money.Date
}

// DraftInput is what a contract set is drafted from: the approved terms
// and the parties of the case.
type DraftInput struct {
	// LedgerNumber (2026-000123) numbers the contracts.
	LedgerNumber string
	// ContractDate is the date of every contract of the set.
	ContractDate money.Date
	// Lender is the lender's party; its capacity is set to lender.
	Lender Party
	// Borrowers are the borrower, then co-borrowers.
	Borrowers []Party
	// Spouse is the married borrower's spouse who co-signs, if any.
	Spouse *Party
	// Terms are the approved terms; their Disbursement is ignored (the
	// indicative schedule runs from the contract date).
	Terms   Terms
	Purpose string
	// Collateral are the items offered, mortgages and pledges.
	Collateral []SecurityItem
	Guarantees []GuaranteeTerms
}

// ErrInvalidDraft is wrapped by Draft's errors.
var ErrInvalidDraft = errors.New("contracts: invalid draft")

// Draft returns the contract set of in: the loan contract (借款合同), one
// mortgage contract (抵押合同) per mortgagor listing that mortgagor's
// items, one pledge contract (质押合同) per pledgor, one guarantee contract
// (保证合同) per guarantor, numbered from the ledger number, each hashed.
func Draft(in DraftInput) ([]Contract, error) {
	var p check.Problems
	p.RequiredText("ledger_number", in.LedgerNumber, 40)
	if in.ContractDate.IsZero() {
		p.Add(check.Required("contract_date"))
	}
	if len(in.Borrowers) == 0 {
		p.Add(check.Required("borrowers"))
	}
	p.RequiredText("lender.name", in.Lender.Name, 200)
	if err := p.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidDraft, err)
	}
	t := in.Terms
	t.Disbursement = in.ContractDate
	s, err := NewSchedule(t)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidDraft, err)
	}
	apr, err := s.AnnualizedRate()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidDraft, err)
	}
	lender := in.Lender
	lender.Capacity = CapacityLender
	base := Contract{Date: in.ContractDate, Principal: t.Principal, AnnualRate: t.AnnualRate, TermMonths: t.TermMonths,
		Method: t.Method, Maturity: in.ContractDate.AddMonths(t.TermMonths), Purpose: in.Purpose}
	loanNo := in.LedgerNumber + "-" + LoanContract.suffix()

	var security []Contract
	// One mortgage contract per mortgagor and one pledge contract per
	// pledgor: the items whose owners are the same people, in order.
	for _, kind := range []Kind{MortgageContract, PledgeContract} {
		arr := collateral.Mortgage
		capa := CapacityMortgagor
		if kind == PledgeContract {
			arr, capa = collateral.Pledge, CapacityPledgor
		}
		var keys []string
		groups := map[string][]SecurityItem{}
		for _, si := range in.Collateral {
			if si.Item.Arrangement != arr {
				continue
			}
			k := ownerKey(si.Item.Owners)
			if _, ok := groups[k]; !ok {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], si)
		}
		for n, k := range keys {
			c := base
			c.Kind, c.Number, c.LoanNumber = kind, in.LedgerNumber+"-"+kind.suffix()+strconv.Itoa(n+1), loanNo
			c.Parties = []Party{lender}
			for _, o := range groups[k][0].Item.Owners {
				c.Parties = append(c.Parties, Party{Capacity: capa, Name: o.Name, IDNumber: o.IDNumber})
			}
			c.Amount = t.Principal
			registry := ""
			for _, si := range groups[k] {
				c.Collateral = append(c.Collateral, lineOf(si.Item))
				if registry == "" {
					registry = si.Registry
				}
			}
			if kind == MortgageContract {
				c.Registry = registry
			}
			c.Clauses = securityClauses(c, registry)
			security = append(security, c)
		}
	}
	for n, g := range in.Guarantees {
		c := base
		c.Kind, c.Number, c.LoanNumber = GuaranteeContract, in.LedgerNumber+"-"+GuaranteeContract.suffix()+strconv.Itoa(n+1), loanNo
		gp := g.Guarantor
		gp.Capacity = CapacityGuarantor
		c.Parties = []Party{lender, gp}
		c.Amount = g.Amount
		c.GuaranteeKind = g.Kind
		switch {
		case g.PeriodMonths > 0:
			c.GuaranteePeriod = fmt.Sprintf("主债务履行期限届满之日起 %d 个月", g.PeriodMonths)
		case !g.PeriodEnds.IsZero():
			c.GuaranteePeriod = "至 " + g.PeriodEnds.String()
		}
		c.Clauses = guaranteeClauses(c)
		security = append(security, c)
	}

	loan := base
	loan.Kind, loan.Number, loan.Amount = LoanContract, loanNo, t.Principal
	loan.Parties = []Party{lender}
	for i, b := range in.Borrowers {
		b.Capacity = CapacityBorrower
		if i > 0 {
			b.Capacity = CapacityCoBorrower
		}
		loan.Parties = append(loan.Parties, b)
	}
	if in.Spouse != nil {
		sp := *in.Spouse
		sp.Capacity = CapacitySpouse
		loan.Parties = append(loan.Parties, sp)
	}
	for _, c := range security {
		loan.Security = append(loan.Security, c.Number)
	}
	loan.Schedule, loan.APR = &s, &apr
	loan.Clauses = loanClauses(loan, s)

	out := append([]Contract{loan}, security...)
	for i := range out {
		out[i].AmountCapitals = out[i].Amount.Capitals()
		if out[i].Clauses == nil {
			out[i].Clauses = []Clause{}
		}
		if out[i].Hash, err = out[i].ComputeHash(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ComputeHash returns the SHA-256, in hex, of the contract's canonical JSON
// without its Hash.
func (c Contract) ComputeHash() (string, error) {
	c.Hash = ""
	b, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// ownerKey identifies an item's owners as a group, in the certificate's order.
func ownerKey(os []collateral.Owner) string {
	var b strings.Builder
	for _, o := range os {
		b.WriteString(o.Name)
		b.WriteByte(0)
		b.WriteString(strings.ToUpper(o.IDNumber))
		b.WriteByte(1)
	}
	return b.String()
}

// lineOf is the collateral list line of an item.
func lineOf(it collateral.Item) CollateralLine {
	l := CollateralLine{ItemID: it.ID, Kind: it.Kind, Description: it.Description, Address: it.Address,
		TitleNumber: it.TitleNumber, UnitNumber: it.UnitNumber, Owners: []string{}, Rank: it.Rank}
	for _, o := range it.Owners {
		l.Owners = append(l.Owners, o.Name)
	}
	var newest *collateral.Appraisal
	for i := range it.Appraisals {
		if newest == nil || it.Appraisals[i].Date.After(newest.Date) {
			newest = &it.Appraisals[i]
		}
	}
	if newest != nil {
		v := newest.Value
		l.Appraised = &v
	}
	return l
}

// yuan writes an amount in figures with thousands separators and in 大写.
func yuan(m money.Money) string {
	return "人民币（大写）" + m.Capitals() + "（小写：¥" + Thousands(m) + "）"
}

// Thousands writes m with thousands separators: 1,000,000.00.
func Thousands(m money.Money) string {
	s := m.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String() + "." + frac
	if neg {
		out = "-" + out
	}
	return out
}

// methodZH names a repayment method in Chinese.
func methodZH(m RepaymentMethod) string {
	switch m {
	case EqualInstallment:
		return "等额本息"
	case EqualPrincipal:
		return "等额本金"
	case InterestOnly:
		return "按月付息、到期还本"
	case Bullet:
		return "到期一次还本付息"
	}
	return string(m)
}

func loanClauses(c Contract, s Schedule) []Clause {
	return []Clause{
		{Name: "loan.kind", Title: "第一条 借款种类及币种", Text: "本合同项下借款为人民币贷款。",
			TitleEN: "Article 1 Kind and currency", TextEN: "The loan is a loan in renminbi."},
		{Name: "loan.amount", Title: "第二条 借款金额", Text: "借款金额为" + yuan(c.Amount) + "。",
			TitleEN: "Article 2 Amount", TextEN: "The amount lent is " + yuanEN(c.Amount) + "."},
		{Name: "loan.purpose", Title: "第三条 借款用途", Text: "借款用于" + c.Purpose + "。未经贷款人书面同意，借款人不得改变借款用途。",
			TitleEN: "Article 3 Purpose", TextEN: "The loan is for: " + c.Purpose + ". The borrower may not change the purpose without the lender's written consent."},
		{Name: "loan.term", Title: "第四条 借款期限", Text: fmt.Sprintf("借款期限为 %d 个月，自实际放款之日起算，以借款借据记载为准；按合同签订日 %s 计算，到期日为 %s。", c.TermMonths, c.Date, c.Maturity),
			TitleEN: "Article 4 Term", TextEN: fmt.Sprintf("The term is %d months from the actual disbursement, as the loan receipt records it; counted from the contract date %s, maturity is %s.", c.TermMonths, c.Date, c.Maturity)},
		{Name: "loan.rate", Title: "第五条 借款利率", Text: fmt.Sprintf("年利率为 %s%%，按日计息、按月结息；按内部收益率法计算的年化利率为 %s%%。", pct(c.AnnualRate), pct(c.APR.Nominal)),
			TitleEN: "Article 5 Interest", TextEN: fmt.Sprintf("The annual rate is %s%%, accrued daily and settled monthly; the annualized rate by IRR is %s%%.", pct(c.AnnualRate), pct(c.APR.Nominal))},
		{Name: "loan.repayment", Title: "第六条 还款方式", Text: "借款人按" + methodZH(c.Method) + "方式还款，还款计划见附件一；实际放款日与本合同所附还款计划不一致的，以借款借据所附还款计划为准。",
			TitleEN: "Article 6 Repayment", TextEN: "The borrower repays by " + methodEN(c.Method) + " as Attachment 1 schedules; where the actual disbursement date differs, the schedule of the loan receipt prevails."},
		{Name: "loan.fees", Title: "第七条 费用", Text: "除本合同约定的利息外，借款人就本借款承担的费用（含贷款人收取的费用及贷款人要求借款人向第三方支付的费用）为" + yuan(s.TotalFees) + "，已计入年化利率。",
			TitleEN: "Article 7 Fees", TextEN: "Besides interest the borrower bears fees for the loan (the lender's, and those the lender requires to be paid to third parties) of " + yuanEN(s.TotalFees) + ", counted in the annualized rate."},
		{Name: "loan.security", Title: "第八条 担保", Text: securityText(c.Security),
			TitleEN: "Article 8 Security", TextEN: securityTextEN(c.Security)},
		{Name: "loan.default", Title: "第九条 逾期与违约", Text: "借款人未按期还款的，贷款人可就逾期部分收取逾期利息；逾期利息、违约金及其他费用之和不超过法律规定的上限。",
			TitleEN: "Article 9 Overdue and default", TextEN: "On late payment the lender may charge overdue interest on the amount overdue; overdue interest, penalties and other fees together stay within the legal cap."},
		{Name: "loan.early_repayment", Title: "第十条 提前还款", Text: "借款人提前还款的，应提前三十日书面通知贷款人，利息按实际借款期间计算。",
			TitleEN: "Article 10 Early repayment", TextEN: "The borrower gives thirty days' written notice of early repayment; interest runs for the time actually borrowed."},
		{Name: "loan.notices", Title: "第十一条 通知与送达", Text: "本合同首部所列地址为各方送达地址，一方变更地址的应及时书面通知另一方。",
			TitleEN: "Article 11 Notices", TextEN: "The addresses at the head of this contract are the parties' addresses for service; a change is notified in writing."},
		{Name: "loan.disputes", Title: "第十二条 争议解决", Text: "因本合同发生的争议，由贷款人住所地人民法院管辖。",
			TitleEN: "Article 12 Disputes", TextEN: "Disputes go to the people's court of the lender's domicile."},
	}
}

func securityText(nums []string) string {
	if len(nums) == 0 {
		return "本合同项下借款为信用借款。"
	}
	return "本合同项下借款的担保见担保合同（编号：" + strings.Join(nums, "、") + "）。"
}

func securityTextEN(nums []string) string {
	if len(nums) == 0 {
		return "The loan is unsecured."
	}
	return "The loan is secured by the security contracts " + strings.Join(nums, ", ") + "."
}

func securityClauses(c Contract, registry string) []Clause {
	what, who, whatEN, whoEN := "抵押", "抵押人", "mortgage", "mortgagor"
	if c.Kind == PledgeContract {
		what, who, whatEN, whoEN = "质押", "出质人", "pledge", "pledgor"
	}
	var items []string
	for _, l := range c.Collateral {
		d := l.Description
		if l.TitleNumber != "" {
			d += "（权证号：" + l.TitleNumber + "）"
		}
		items = append(items, d)
	}
	cl := []Clause{
		{Name: "security.debt", Title: "第一条 被担保的主债权", Text: fmt.Sprintf("被担保的主债权为贷款人依借款合同（编号：%s）向借款人发放的借款，种类为人民币贷款，金额为%s。", c.LoanNumber, yuan(c.Amount)),
			TitleEN: "Article 1 The secured debt", TextEN: fmt.Sprintf("The secured debt is the renminbi loan the lender makes under loan contract %s, of %s.", c.LoanNumber, yuanEN(c.Amount))},
		{Name: "security.term", Title: "第二条 债务人履行债务的期限", Text: fmt.Sprintf("债务人履行债务的期限为 %d 个月，至 %s 止，以借款借据记载为准。", c.TermMonths, c.Maturity),
			TitleEN: "Article 2 The debtor's term", TextEN: fmt.Sprintf("The debtor performs within %d months, until %s, as the loan receipt records it.", c.TermMonths, c.Maturity)},
		{Name: "security.collateral", Title: "第三条 " + what + "财产", Text: who + "以附件所列财产设定" + what + "：" + strings.Join(items, "；") + "。",
			TitleEN: "Article 3 The collateral", TextEN: "The " + whoEN + " grants a " + whatEN + " of the property the attachment lists: " + strings.Join(items, "; ") + "."},
		{Name: "security.scope", Title: "第四条 担保范围", Text: "担保范围为主债权及利息、违约金、损害赔偿金和实现债权的费用。",
			TitleEN: "Article 4 Scope", TextEN: "The security covers the principal, interest, penalties, damages and the costs of enforcing the claim."},
		{Name: "security.enforcement", Title: "第五条 实现" + what + "权", Text: "债务人不履行到期债务的，贷款人可以与" + who + "协议以" + what + "财产折价，或者以拍卖、变卖该财产所得的价款优先受偿。",
			TitleEN: "Article 5 Enforcement", TextEN: "If the debtor does not pay when due, the lender may agree with the " + whoEN + " to take the property at a valuation, or be paid first from the proceeds of its auction or sale."},
	}
	if c.Kind == MortgageContract {
		t, te := "抵押人应于本合同签订后会同贷款人向不动产登记机构办理抵押登记", "After signing, the mortgagor registers the mortgage with the lender at the real-estate registry"
		if registry != "" {
			t += "（登记机构：" + registry + "）"
			te += " (" + registry + ")"
		}
		cl = append(cl, Clause{Name: "security.registration", Title: "第六条 抵押登记", Text: t + "，抵押权自登记时设立。",
			TitleEN: "Article 6 Registration", TextEN: te + "; the mortgage exists from registration."})
	} else {
		cl = append(cl, Clause{Name: "security.delivery", Title: "第六条 质物交付或出质登记", Text: "出质人应按质物种类向贷款人交付质物或权利凭证，或办理出质登记，质权自交付或登记时设立。",
			TitleEN: "Article 6 Delivery or registration", TextEN: "The pledgor delivers the pledged thing or the certificate of the right, or registers the pledge, as its kind requires; the pledge exists from delivery or registration."})
	}
	return cl
}

func guaranteeClauses(c Contract) []Clause {
	kind, kindEN := "保证方式为连带责任保证。", "The guarantee is joint and several."
	switch c.GuaranteeKind {
	case "general":
		kind, kindEN = "保证方式为一般保证。", "The guarantee is a general guarantee."
	case "":
		kind, kindEN = "保证方式未约定，依法按一般保证承担保证责任（《民法典》第六百八十六条）。", "No kind is agreed: by law it is a general guarantee (Civil Code art. 686)."
	}
	period, periodEN := "保证期间为"+c.GuaranteePeriod+"。", "The guarantee period is: "+c.GuaranteePeriod+"."
	if c.GuaranteePeriod == "" {
		period, periodEN = "保证期间未约定，依法为主债务履行期限届满之日起六个月（《民法典》第六百九十二条）。", "No period is agreed: by law it is six months from the debt's maturity (Civil Code art. 692)."
	}
	return []Clause{
		{Name: "guarantee.debt", Title: "第一条 被保证的主债权", Text: fmt.Sprintf("被保证的主债权为借款合同（编号：%s）项下的借款，保证金额为%s，主债务履行期限至 %s 止。", c.LoanNumber, yuan(c.Amount), c.Maturity),
			TitleEN: "Article 1 The guaranteed debt", TextEN: fmt.Sprintf("The guaranteed debt is the loan under loan contract %s; the amount guaranteed is %s; the debt falls due by %s.", c.LoanNumber, yuanEN(c.Amount), c.Maturity)},
		{Name: "guarantee.kind", Title: "第二条 保证方式", Text: kind, TitleEN: "Article 2 Kind", TextEN: kindEN},
		{Name: "guarantee.scope", Title: "第三条 保证范围", Text: "保证范围为主债权及利息、违约金、损害赔偿金和实现债权的费用。",
			TitleEN: "Article 3 Scope", TextEN: "The guarantee covers the principal, interest, penalties, damages and the costs of enforcing the claim."},
		{Name: "guarantee.period", Title: "第四条 保证期间", Text: period, TitleEN: "Article 4 Period", TextEN: periodEN},
	}
}

// yuanEN writes an amount for an English reader.
func yuanEN(m money.Money) string { return "CNY " + Thousands(m) + " (" + m.Capitals() + ")" }

// methodEN names a repayment method in English.
func methodEN(m RepaymentMethod) string {
	switch m {
	case EqualInstallment:
		return "equal installments"
	case EqualPrincipal:
		return "equal principal"
	case InterestOnly:
		return "monthly interest and principal at maturity"
	case Bullet:
		return "principal and interest at maturity"
	}
	return string(m)
}

// pct writes a rate as a percent to at most four decimals: 0.085 → 8.5.
func pct(r money.Rate) string { return percent(r) }
