package duediligence

import (
	"strconv"
	"strings"
	"sync"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
)

// itemRule is a rule run on every collateral item by one of the collateral
// package's checks; the results' paths, relative to the item, are put
// under the item's path.
func itemRule(r Rule, run func(v *View, it *CollateralItem) []check.Result) Rule {
	r.Eval = func(v *View) []check.Result {
		var out []check.Result
		for i := range v.Case.Collateral {
			// The path is built only for an item with results: most have none.
			if rs := run(v, &v.Case.Collateral[i]); len(rs) > 0 {
				if out == nil {
					out = make([]check.Result, 0, len(v.Case.Collateral)-i)
				}
				out = append(out, underItem(i, rs)...)
			}
		}
		return out
	}
	return r
}

// The paths the most frequent results name, built once for the first
// items and guarantees: strings are immutable, so every result may share them.
const sharedPaths = 64

var (
	titleNumberPaths = sync.OnceValue(func() []string { return pathTable("collateral[", "].title_number") })
	guarantorPaths   = sync.OnceValue(func() []string { return pathTable("guarantees[", "].guarantor") })
)

func pathTable(prefix, suffix string) []string {
	t := make([]string, sharedPaths)
	for i := range t {
		t[i] = prefix + strconv.Itoa(i) + suffix
	}
	return t
}

// titleNumberPath returns "collateral[i].title_number".
func titleNumberPath(i int) string {
	if i < sharedPaths {
		return titleNumberPaths()[i]
	}
	return "collateral[" + strconv.Itoa(i) + "].title_number"
}

// underItem puts results about item i under "collateral[i]", each path
// built in one concatenation.
func underItem(i int, rs []check.Result) []check.Result {
	n := strconv.Itoa(i)
	for j := range rs {
		switch rel := rs[j].Path; {
		case rel == "":
			rs[j].Path = "collateral[" + n + "]"
		case rel[0] == '[':
			rs[j].Path = "collateral[" + n + "]" + rel
		default:
			rs[j].Path = "collateral[" + n + "]." + rel
		}
	}
	return rs
}

// under puts results about a part of the case under the part's path.
func under(prefix string, rs []check.Result) []check.Result {
	for i := range rs {
		rs[i].Path = check.JoinPath(prefix, rs[i].Path)
	}
	return rs
}

var (
	beforeSubmission   = []Stage{StageSubmitted}
	beforeDisbursement = []Stage{StageDisbursed}
	// fromSubmission: the checks of what may be recorded from the
	// investigation on (a registration), shown at the next gate after it
	// is recorded.
	fromSubmission = []Stage{StageSubmitted, StageContracting, StageDisbursed}
)

// collateralRules are the Collateral and Registration rules of docs/rules.md,
// checked by package collateral, and the parallel claim, which needs other
// cases.
var collateralRules = []Rule{
	itemRule(Rule{ID: collateral.RuleNonMortgageable, Severity: check.Block, Gates: beforeSubmission,
		Citation:      "Civil Code art. 399 (verified); 担保制度解释 art. 6 (verified)",
		CitationZH:    "《中华人民共和国民法典》第三百九十九条；《最高人民法院关于适用〈中华人民共和国民法典〉有关担保制度的解释》第六条",
		Description:   "land ownership; homestead / private-plot / private-hill collective land use rights; public-welfare facilities of non-profit schools, kindergartens, hospitals and the like; property of unclear or disputed ownership; property sealed, seized or under supervision",
		DescriptionZH: "土地所有权；宅基地、自留地、自留山等集体所有土地的使用权；非营利性学校、幼儿园、医疗机构等的公益设施；所有权、使用权不明或者有争议的财产；依法被查封、扣押、监管的财产，均不得抵押",
	}, func(v *View, it *CollateralItem) []check.Result { return collateral.CheckNonMortgageable(it.Item) }),
	itemRule(Rule{ID: collateral.RuleIllegalBuilding, Severity: check.Block, Gates: beforeSubmission,
		Citation:      "担保制度解释 art. 49 (verified)",
		CitationZH:    "《最高人民法院关于适用〈中华人民共和国民法典〉有关担保制度的解释》第四十九条",
		Description:   "a mortgage of an illegal building is void",
		DescriptionZH: "以违法建筑物抵押的，抵押合同无效",
	}, func(v *View, it *CollateralItem) []check.Result { return collateral.CheckIllegalBuilding(it.Item) }),
	itemRule(Rule{ID: collateral.RuleBuildingWithLand, Severity: check.Warn, Gates: beforeSubmission,
		Citation:      "Civil Code arts. 397–398 (verified)",
		CitationZH:    "《中华人民共和国民法典》第三百九十七条、第三百九十八条",
		Description:   "a building and its land use right are mortgaged together",
		DescriptionZH: "建筑物与其占用范围内的建设用地使用权一并抵押（房地一并抵押）",
	}, func(v *View, it *CollateralItem) []check.Result { return collateral.CheckBuildingWithLand(it.Item) }),
	itemRule(Rule{ID: collateral.RuleCoOwnerConsent, Severity: check.Block, Gates: beforeSubmission,
		Citation:      "Civil Code art. 301 (verified)",
		CitationZH:    "《中华人民共和国民法典》第三百零一条",
		Description:   "co-owned property (including a spouse's share of marital property) needs every joint owner's consent, or two thirds of the shares for shares-based co-ownership",
		DescriptionZH: "共有财产（含夫妻共同财产中配偶的份额）抵押，须经全体共同共有人同意；按份共有的，须经占份额三分之二以上的共有人同意",
	}, func(v *View, it *CollateralItem) []check.Result { return collateral.CheckCoOwnerConsent(it.Item) }),
	itemRule(Rule{ID: collateral.RulePriorEncumbrance, Severity: check.Warn, Gates: beforeSubmission,
		Citation:      "Civil Code art. 414 (verified)",
		CitationZH:    "《中华人民共和国民法典》第四百一十四条",
		Description:   "prior registered liens rank first; eligible value is reduced by senior liens",
		DescriptionZH: "在先登记的抵押权优先受偿；可贷价值扣减在先抵押担保的债权",
	}, func(v *View, it *CollateralItem) []check.Result { return collateral.CheckPriorEncumbrance(it.Item) }),
	itemRule(Rule{ID: collateral.RulePriorLease, Severity: check.Warn, Gates: beforeSubmission,
		Citation:      "Civil Code art. 405 (verified)",
		CitationZH:    "《中华人民共和国民法典》第四百零五条",
		Description:   "a lease made and handed over before the mortgage survives it",
		DescriptionZH: "抵押权设立前抵押财产已出租并转移占有的，原租赁关系不受该抵押权影响",
	}, func(v *View, it *CollateralItem) []check.Result {
		date := v.Today()
		if it.Registration != nil && !it.Registration.RegisteredOn.IsZero() {
			date = it.Registration.RegisteredOn
		}
		return collateral.CheckPriorLease(it.Item, date)
	}),
	itemRule(Rule{ID: collateral.RuleAppraisalStale, Severity: check.Warn, Gates: beforeSubmission,
		Citation:      "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "newest appraisal older than the policy validity (default 180 days)",
		DescriptionZH: "最近一次评估已超过政策规定的有效期（默认 180 天）",
	}, func(v *View, it *CollateralItem) []check.Result {
		return collateral.CheckAppraisalStale(it.Item, v.Today(), v.Policy.Valuation)
	}),
	itemRule(Rule{ID: collateral.RuleSoleResidence, Severity: check.Warn, Gates: beforeSubmission,
		Citation:      "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "the debtor's sole residence is hard to enforce",
		DescriptionZH: "债务人的唯一住房处置变现困难",
	}, func(v *View, it *CollateralItem) []check.Result { return collateral.CheckSoleResidence(it.Item) }),
	itemRule(Rule{ID: collateral.RulePledgeableRight, Severity: check.Warn, Gates: beforeSubmission,
		Citation:      "Civil Code art. 440 (verified)",
		CitationZH:    "《中华人民共和国民法典》第四百四十条",
		Description:   "a pledged right must be of a kind art. 440 lists",
		DescriptionZH: "出质的权利须属于民法典第440条所列的权利",
	}, func(v *View, it *CollateralItem) []check.Result { return collateral.CheckPledgeableRight(it.Item) }),
	itemRule(Rule{ID: collateral.RuleUnitNumber, Severity: check.Warn, Gates: beforeSubmission,
		Citation:      "GB/T 37346-2019, the unit-number code (secondary)",
		CitationZH:    "《不动产单元设定与代码编制规则》（GB/T 37346-2019）",
		Description:   "不动产单元号: 28 chars = 6-digit county + 3 + 3 + 2 letters + 5 digits + one of F L Q W + 8 digits",
		DescriptionZH: "不动产单元号为 28 位：6 位县级行政区划代码 + 3 位 + 3 位 + 2 位字母 + 5 位数字 + F/L/Q/W 之一 + 8 位数字",
	}, func(v *View, it *CollateralItem) []check.Result { return collateral.CheckUnitNumber(it.Item) }),
	{ID: collateral.RuleRegisterPrevails, Severity: check.Info, Gates: beforeSubmission,
		Citation:      "Civil Code arts. 216–217 (verified)",
		CitationZH:    "《中华人民共和国民法典》第二百一十六条、第二百一十七条",
		Description:   "the register governs over the paper certificate: record a register search (查档) finding",
		DescriptionZH: "不动产登记簿是物权归属和内容的根据，以登记簿为准：应记录查档结果",
		// collateral.CheckRegisterPrevails on every item, its one result
		// built here, in one slice for all items: until the searches are
		// recorded every real-estate item has it, so it is the catalogue's
		// most frequent result. Evaluate renders the same message.
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for i := range v.Case.Collateral {
				it := &v.Case.Collateral[i]
				if !it.Kind.IsRealEstate() || v.registerSearched(it.ID) {
					continue
				}
				if out == nil {
					out = make([]check.Result, 0, len(v.Case.Collateral)-i)
				}
				out = append(out, check.Result{Path: titleNumberPath(i), Key: "registration.register_prevails"})
			}
			return out
		}},
	{ID: RuleParallelClaim, Severity: check.Warn, Citation: "Civil Code art. 414; practice",
		CitationZH:    "《中华人民共和国民法典》第四百一十四条；信贷业务惯例",
		Description:   "the same collateral (title certificate or unit number) is named in another open or active case",
		DescriptionZH: "同一押品（权属证书号或不动产单元号）出现在另一件未结案件中",
		Eval: func(v *View) []check.Result {
			var out []check.Result
			for i, it := range v.Case.Collateral {
				for _, e := range it.Exposure {
					out = append(out, check.Result{Path: fmtPath("collateral", i), Key: "collateral.parallel_claim", Params: check.Params{
						"numbers": strings.TrimSpace(e.TitleNumber + " " + e.UnitNumber), "case": e.CaseID, "stage": "stage." + string(e.Stage)}})
				}
			}
			return out
		}},
	{ID: collateral.RuleCoverage, Severity: check.Block, Citation: "practice",
		CitationZH:    "信贷业务惯例",
		Description:   "Σ eligible value (value in use × advance rate − senior liens) / principal is at least the policy minimum (default 1.0) for a secured loan",
		DescriptionZH: "有抵质押的贷款，可贷价值合计（认定价值 × 抵质押率 − 在先债权）/ 本金不低于政策下限（默认 1.0）",
		Eval: func(v *View) []check.Result {
			if len(v.Case.Collateral) == 0 {
				return nil
			}
			item := func(i int) *collateral.Item { return &v.Case.Collateral[i].Item }
			return under("collateral", collateral.CheckCoverOf(len(v.Case.Collateral), item, v.Case.Request.Amount, v.Today(), v.Policy.Valuation))
		}},
	itemRule(Rule{ID: collateral.RulePerfection, Severity: check.Block, Gates: beforeDisbursement,
		Citation:      "Civil Code arts. 214, 402, 403, 429, 441, 443, 444, 445 (verified)",
		CitationZH:    "《中华人民共和国民法典》第二百一十四条、第四百零二条、第四百零三条、第四百二十九条、第四百四十一条、第四百四十三条、第四百四十四条、第四百四十五条",
		Description:   "before disbursement: real estate, land use rights and buildings under construction registered (arts. 402, 214); movables registered (art. 403, warn); pledges perfected by kind, with the document that proves it — a movable delivered (art. 429), a bill, bond or deposit certificate delivered or registered (art. 441), fund shares and equity registered (art. 443), IP registered (art. 444), receivables registered (art. 445)",
		DescriptionZH: "放款前：不动产、建设用地使用权、在建工程抵押已登记（第402条、第214条）；动产抵押已登记（第403条，未登记仅警示）；质押已按种类设立并有证明材料——动产已交付（第429条），汇票、债券、存单已交付权利凭证或已登记（第441条），基金份额、股权已出质登记（第443条），知识产权已出质登记（第444条），应收账款已出质登记（第445条）",
	}, func(v *View, it *CollateralItem) []check.Result {
		out := collateral.CheckPerfection(it.Item, it.Registration)
		if len(out) == 0 && it.Arrangement == collateral.Pledge && it.Perfection.Evidence == "" {
			// Delivered or registered by the item's facts alone: the act
			// needs its proof before the money goes out.
			out = []check.Result{{Path: "perfection.evidence", Key: "collateral.perfection.evidence", Params: check.Params{"item": collateral.ItemName(it.Item)}}}
		}
		return out
	}),
	itemRule(Rule{ID: collateral.RuleRegistrationMatches, Severity: check.Block, Gates: fromSubmission,
		Citation:      "不动产登记暂行条例 arts. 14, 21 (verified); register field spec (secondary)",
		CitationZH:    "《不动产登记暂行条例》第十四条、第二十一条；不动产登记簿记载事项",
		Description:   "mortgagee is the lender; mortgagor is the collateral owner; secured amount ≥ principal (or the maximum amount for a maximum-amount mortgage); term covers maturity; and as the mortgage contract agreed: its registry, the rank it gives the mortgage, its secured amount",
		DescriptionZH: "抵押权人为贷款人；抵押人为押品权利人；被担保主债权数额（最高额抵押为最高债权额）不低于本金；债务履行期限覆盖到期日；并与抵押合同约定一致：登记机构、抵押顺位、担保的债权数额",
	}, func(v *View, it *CollateralItem) []check.Result {
		if it.Registration == nil {
			return nil
		}
		out := collateral.CheckRegistrationMatches(*it.Registration, it.Item, v.loanOf())
		if mc, ok := v.Case.mortgageContractOf(it.ID); ok {
			out = append(out, collateral.CheckRegistrationContract(*it.Registration, mc)...)
		}
		return under("registration", out)
	}),
	itemRule(Rule{ID: collateral.RuleCertificateNumber, Severity: check.Warn, Gates: fromSubmission,
		Citation:      "the registries' certificate-number form (secondary)",
		CitationZH:    "不动产登记证明编号格式（登记机构通行写法）",
		Description:   "the registration certificate number has the form 皖(2019)长丰县不动产证明第0010484号",
		DescriptionZH: "不动产登记证明号符合“皖(2019)长丰县不动产证明第0010484号”的格式",
	}, func(v *View, it *CollateralItem) []check.Result {
		if it.Registration == nil {
			return nil
		}
		return under("registration", collateral.CheckCertificateNumber(*it.Registration))
	}),
}
