package duediligence

import "github.com/jinzhi-dev/jinzhi/check"

// ruleMessages are the keys of the results of this package's rules, in
// Chinese and English. A key starts with its rule's ID.
var ruleMessages = check.Messages{
	// Process.
	"process.red_flags": {
		EN: "open red flag awaits a department manager: {description}",
		ZH: "存在待部门经理处理的可疑情况：{description}"},
	"process.documents_complete": {
		EN: "{label} ({type}) is {@status}, must be {@want}",
		ZH: "{label}（{type}）状态为“{@status}”，须为“{@want}”"},
	"process.site_visit": {
		EN: "no on-site visit recorded (实地调查)", ZH: "未记录实地调查"},
	"process.interview": {
		EN: "no face-to-face interview with the borrower recorded (面谈)", ZH: "未记录与借款人的面谈"},
	"process.two_investigators": {
		EN: "two investigators are required (双人调查); findings name {n}",
		ZH: "须双人调查，目前调查记录仅涉及 {n} 名调查人"},
	"process.report_attested.missing": {
		EN: "no feasibility report: generate, complete and attest it (可行性报告)",
		ZH: "尚无可行性调查报告：请生成、完善并签署"},
	"process.report_attested.owner": {
		EN: "the owner has not attested the report (客户经理未签署)",
		ZH: "客户经理（主调查人）尚未签署报告"},
	"process.report_attested.co_investigator": {
		EN: "the policy asks for two investigators: a co-investigator has not attested the report (协调查人未签署)",
		ZH: "政策要求双人调查：协调查人尚未签署报告"},
	"process.separation_of_duties.step_role": {
		EN: "the next step ({step} of {steps}) is the {@role}'s, not the {@actor_role}'s",
		ZH: "下一审批环节（第 {step} 步，共 {steps} 步）应由{@role}审批，而非{@actor_role}"},
	"process.separation_of_duties.investigator": {
		EN: "the owner or an investigator of the case may not approve it (审贷分离)",
		ZH: "案件的客户经理或调查人不得审批本案（审贷分离）"},
	"process.separation_of_duties.two_steps": {
		EN: "nobody signs two steps of one approval (审贷分离)",
		ZH: "同一人不得在同一审批中签署两个环节（审贷分离）"},
	"contract.lender_name": {
		EN: "the policy names no lender (lender_name): the contracts and the registration's mortgagee need it",
		ZH: "政策未设置贷款人名称（lender_name），合同及抵押登记的抵押权人均须载明"},
	"contract.rate_cap": {
		EN: "{@cap_result} — {@basis} {date}", ZH: "{@cap_result}（{@basis} {date}）"},
	"contract.rate_cap.contract_date":     {EN: "on the contract date", ZH: "按合同签订日"},
	"contract.rate_cap.assumed_date":      {EN: "no contract is drafted yet: assumed contract date", ZH: "尚未起草合同，假定合同签订日为"},
	"contract.rate_cap.disbursement_date": {EN: "re-checked on the disbursement date", ZH: "按放款日复核"},
	"contract.spouse_cosign.no_spouse": {
		EN: "{name} is married but no spouse is recorded to co-sign the loan contract", ZH: "{name} 已婚，但未登记配偶，无法由配偶共同签署借款合同"},
	"contract.signed_by_parties": {
		EN: "{name} ({@capacity}) has not signed contract {number}", ZH: "{name}（{@capacity}）尚未签署合同 {number}"},
	"contract.signed_by_parties.changed": {
		EN: "contract {number} changed after signing: {name} ({@capacity}) must sign it again", ZH: "合同 {number} 签署后发生变更，{name}（{@capacity}）须重新签署"},
	"capacity.lender":      {EN: "lender's representative", ZH: "贷款人代表"},
	"capacity.borrower":    {EN: "borrower", ZH: "借款人"},
	"capacity.co_borrower": {EN: "co-borrower", ZH: "共同借款人"},
	"capacity.mortgagor":   {EN: "mortgagor", ZH: "抵押人"},
	"capacity.pledgor":     {EN: "pledgor", ZH: "出质人"},
	"capacity.guarantor":   {EN: "guarantor", ZH: "保证人"},
	"capacity.spouse":      {EN: "spouse", ZH: "配偶"},
	"disbursement.conditions_met": {
		EN: "approval condition not marked met: {condition}", ZH: "审批条件尚未落实：{condition}"},
	"disbursement.entrusted_required": {
		EN: "a disbursement of {amount} is above {limit}: it must be paid to the payee (受托支付) with evidence", ZH: "放款金额 {amount} 元超过 {limit} 元，须采用受托支付并提供证明材料"},
	"disbursement.amount": {
		EN: "{amount} would exceed the approved {approved}: {disbursed} is disbursed, {left} left", ZH: "放款 {amount} 元将超过批准金额 {approved} 元：已放款 {disbursed} 元，尚可放款 {left} 元"},
	"disbursement.fees_paid": {
		EN: "fees of {due} are due, {paid} recorded as paid", ZH: "应缴费用 {due} 元，已缴 {paid} 元"},
	"contract.drafted": {
		EN: "no contracts drafted from the approved terms", ZH: "尚未按审批条件起草合同"},

	// Identity.
	"identity.resident_id.missing": {
		EN: "{name} has no resident ID number on file", ZH: "{name} 未登记居民身份证号码"},
	"identity.invalid_number": {
		EN: "invalid {@kind}: {@problem} ({detail})", ZH: "{@kind}无效：{@problem}（{detail_zh|detail}）"},
	"identity.resident_id_birthdate.differs": {
		EN: "the stated birth date differs from the ID number's", ZH: "填写的出生日期与身份证号码中的出生日期不一致"},
	"identity.resident_id_region": {
		EN: "region code {code} is not a known county", ZH: "地区码 {code} 不是已知的县级行政区划代码（含历史代码）"},
	"identity.legacy_id": {
		EN: "upgraded from a 15-digit legacy number: check the card the person holds",
		ZH: "由 15 位旧号码升位而来：请核对本人所持身份证"},
	"identity.credit_code.missing": {
		EN: "{name} has no unified social credit code on file", ZH: "{name} 未登记统一社会信用代码"},
	"identity.credit_code_structure": {
		EN: "{detail}", ZH: "统一社会信用代码结构有误：{detail}"},
	"borrower.no_birth_date": {
		EN: "{name} has no birth date on file: the age cannot be computed", ZH: "{name} 未登记出生日期，无法计算年龄"},
	"borrower.capacity": {
		EN: "{name} is {age} on the application date", ZH: "{name} 在申请日仅 {age} 周岁"},
	"borrower.age_at_maturity": {
		EN: "{name} will be {age} at maturity, above {max}", ZH: "{name} 到期时将满 {age} 周岁，超过 {max} 周岁的上限"},

	// Credit standing and purpose.
	"credit.dishonest_debtor": {
		EN: "{name} is on the dishonest judgment-debtor list", ZH: "{name} 被列入失信被执行人名单"},
	"credit.current_overdue": {
		EN: "{name} has {amount} overdue now", ZH: "{name} 当前逾期 {amount} 元"},
	"credit.litigation": {
		EN: "{name} is a defendant in pending litigation", ZH: "{name} 作为被告涉及未决诉讼"},
	"purpose.specified": {
		EN: `"{purpose}" is not a specific purpose`, ZH: "“{purpose}”不是明确具体的借款用途"},
	"purpose.prohibited": {
		EN: "loans may not finance {@what}", ZH: "贷款不得用于{@what}"},
	"purpose.prohibited.securities": {
		EN: "securities or futures speculation (证券、期货投机)", ZH: "证券、期货投机"},
	"purpose.prohibited.equity_investment": {
		EN: "equity investment (股本权益性投资)", ZH: "股本权益性投资"},
	"purpose.prohibited.real_estate_speculation": {
		EN: "real-estate speculation or business without qualification (房地产投机)", ZH: "房地产投机或无资质的房地产经营"},
	"purpose.working_capital_need.no_plan": {
		EN: "no working-capital plan (expected growth, own funds, existing loans): the need cannot be estimated",
		ZH: "未填写营运资金测算参数（预计销售增长率、自有资金、现有流动资金贷款），无法测算营运资金需求"},
	"purpose.working_capital_need.no_statements": {
		EN: "no financial statements to estimate the working-capital need", ZH: "没有财务报表，无法测算营运资金需求"},
	"purpose.working_capital_need.not_estimable": {
		EN: "the {year} statements do not allow an estimate (zero revenue or cost of sales, or no positive cash cycle)",
		ZH: "{year} 年报表无法测算营运资金需求（营业收入或营业成本为零，或资金周转天数不为正）"},
	"purpose.working_capital_need.above": {
		EN: "{amount} requested, above the estimated need of {need}", ZH: "申请金额 {amount} 元，超过测算的营运资金需求 {need} 元"},
	"term.max": {
		EN: "{months} months, above the {max} allowed for a {@type} loan", ZH: "期限 {months} 个月，超过{@type}最长 {max} 个月的规定"},
	"payment.entrusted": {
		EN: "{amount} is above {limit}: pay the payee directly (受托支付)", ZH: "金额 {amount} 元超过 {limit} 元，应采用受托支付"},
	"lender.onlending": {
		EN: "the policy records that the lender's funds are re-lent bank loans or unlicensed public lending: the contract would be void",
		ZH: "政策记载贷款人资金系套取金融机构贷款转贷或未经许可向社会公众放贷：借款合同将被认定无效"},

	// Repayment ability.
	"repayment.no_schedule": {
		EN: "no repayment schedule: {detail}", ZH: "无法生成还款计划：{detail}"},
	"repayment.dsr.no_income": {
		EN: "no monthly income on file: the debt-service ratio cannot be computed", ZH: "未登记月收入，无法计算债务收入比"},
	"repayment.dsr.not_computed": {
		EN: "the debt-service ratio cannot be computed: {detail}", ZH: "无法计算债务收入比：{detail}"},
	"repayment.dsr.above": {
		EN: "DSR {dsr%}: monthly debt service {debt} (new installment up to {installment}) against income {income}, above {max%}",
		ZH: "债务收入比 {dsr%} 超过上限 {max%}：月还款额 {debt} 元（其中新贷款月供最高 {installment} 元），月收入 {income} 元"},
	"repayment.dscr.no_statements": {
		EN: "no financial statements: the debt-service coverage cannot be computed", ZH: "没有财务报表，无法计算偿债覆盖率"},
	"repayment.dscr.not_computed": {
		EN: "the debt-service coverage cannot be computed: {detail}", ZH: "无法计算偿债覆盖率：{detail}"},
	"repayment.dscr.below": {
		EN: "DSCR {dscr}: cash flow available {available} against annual debt service {service}, below {min}",
		ZH: "偿债覆盖率 {dscr} 低于下限 {min}：可用于偿债的现金流 {available} 元，年还本付息额 {service} 元"},
	"repayment.leverage.no_statements": {
		EN: "{name} has no financial statements: the debt-to-asset ratio cannot be computed", ZH: "{name} 没有财务报表，无法计算资产负债率"},
	"repayment.leverage.not_computed": {
		EN: "the debt-to-asset ratio of {year} cannot be computed: total assets are {assets}", ZH: "{year} 年资产总额为 {assets} 元，无法计算资产负债率"},
	"repayment.leverage.above": {
		EN: "debt-to-asset ratio {ratio%} in {year}, above {max%}", ZH: "{year} 年资产负债率 {ratio%}，超过上限 {max%}"},

	// Pricing and limits.
	"pricing.cap.not_computed": {
		EN: "the cap cannot be checked: {detail}", ZH: "无法核查利率上限：{detail}"},
	"pricing.apr_disclosure": {
		EN: "annualized rate by IRR of the net cash flows, to 0.0001%: {nominal%4} nominal (monthly rate × 12), {effective%4} effective (compounded)",
		ZH: "年化利率（按净现金流内部收益率法计算，精确至 0.0001%）：名义年化 {nominal%4}（月利率 × 12），实际年化 {effective%4}（按月复利）"},
	"pricing.apr_disclosure.not_computed": {
		EN: "the annualized rate cannot be computed: {detail}", ZH: "无法计算年化利率：{detail}"},
	"limit.single_borrower": {
		EN: "{amount} is above {share%} of net assets {net_assets}", ZH: "借款金额 {amount} 元超过净资产 {net_assets} 元的 {share%}"},
	"limit.single_borrower.no_net_assets": {
		EN: "the policy states no net assets of the lender: the single-borrower limit cannot be checked",
		ZH: "政策未填写贷款人净资产，无法核查单户贷款余额上限"},
	"limit.single_borrower.not_computed": {
		EN: "the single-borrower limit cannot be computed: {detail}", ZH: "无法计算单户贷款余额上限：{detail}"},

	// Collateral across cases.
	"collateral.parallel_claim": {
		EN: "the same collateral ({numbers}) is named in case {case}, stage {@stage}: a parallel or senior claim",
		ZH: "同一押品（{numbers}）已出现在案件 {case}（{@stage}）中：存在并行或在先的权利主张"},

	// Guarantee.
	"guarantor.ineligible": {
		EN: "{name}: {@why}; the guarantee is void", ZH: "{name}：{@why}，保证合同无效"},
	"guarantor.ineligible.state_organ": {
		EN: "a state organ (机关法人) may not guarantee, bar State Council-approved on-lending of foreign loans",
		ZH: "机关法人不得为保证人（经国务院批准为使用外国政府或者国际经济组织贷款进行转贷的除外）"},
	"guarantor.ineligible.non_profit": {
		EN: "a non-profit legal person or unincorporated organization for public welfare (以公益为目的的非营利法人、非法人组织) may not guarantee",
		ZH: "以公益为目的的非营利法人、非法人组织不得为保证人"},
	"guarantor.ineligible.committee": {
		EN: "a residents' or villagers' committee (居民委员会、村民委员会) may not guarantee",
		ZH: "居民委员会、村民委员会不得为保证人"},
	"guarantor.corporate_resolution.missing": {
		EN: "{name} is a company: its board or shareholders' resolution to guarantee is not on file",
		ZH: "{name} 为公司：未提供同意担保的董事会或股东会决议"},
	"guarantor.corporate_resolution.shareholders": {
		EN: "{name} guarantees its own shareholder or actual controller: a shareholders' resolution passed without the interested shareholders' votes is required",
		ZH: "{name} 为其股东或实际控制人提供担保：须经股东会决议，且关联股东不得参加表决"},
	"guarantor.capacity.no_net_worth": {
		EN: "{name}: no net worth on file, the capacity to guarantee cannot be assessed",
		ZH: "{name}：未登记净资产，无法评估代偿能力"},
	"guarantor.capacity.not_computed": {
		EN: "{name}: the capacity to guarantee cannot be computed: {detail}", ZH: "{name}：无法计算代偿能力：{detail}"},
	"guarantor.capacity.short": {
		EN: "{name}: net worth {net_worth} less guarantees already given {existing} less this guarantee {amount} leaves {left}",
		ZH: "{name}：净资产 {net_worth} 元减去已对外担保 {existing} 元、本笔担保 {amount} 元后为 {left} 元，代偿能力不足"},
	"guarantor.credit.dishonest_debtor": {
		EN: "{name} (guarantor) is on the dishonest judgment-debtor list", ZH: "保证人 {name} 被列入失信被执行人名单"},
	"guarantor.credit.current_overdue": {
		EN: "{name} (guarantor) has {amount} overdue now", ZH: "保证人 {name} 当前逾期 {amount} 元"},
	"guarantor.mutual": {
		EN: "{name} borrows in case {case} ({@stage}), which the borrower guarantees: a mutual guarantee (互保)",
		ZH: "{name} 在案件 {case}（{@stage}）中借款，而本案借款人为其提供担保：构成互保"},
	"guarantor.mutual.related_party": {
		EN: "{name} is a related party of the borrower: the guarantee adds little independent security",
		ZH: "{name} 为借款人的关联方，其保证提供的独立保障有限"},
	"guarantee.mode_default": {
		EN: "{name}: the kind is not agreed, so it is a general guarantee (一般保证) with the right to have the borrower pursued first",
		ZH: "{name}：未约定保证方式，按一般保证承担责任，保证人享有先诉抗辩权"},
	"guarantee.period.until_repaid": {
		EN: `{name}: "until fully repaid" is not a clear period; it is six months from the due date {due}`,
		ZH: "{name}：约定“直至主债务本息还清时为止”视为约定不明，保证期间为主债务履行期限届满之日（{due}）起六个月"},
	"guarantee.period.not_agreed": {
		EN: "{name}: no period agreed; it is six months from the due date {due}",
		ZH: "{name}：未约定保证期间，保证期间为主债务履行期限届满之日（{due}）起六个月"},
	"guarantee.period.ends_early": {
		EN: "{name}: the period ends {ends}, not after the due date {due}, so it counts as not agreed: six months from the due date",
		ZH: "{name}：保证期间至 {ends} 止，未晚于主债务履行期限届满之日（{due}），视为没有约定，保证期间为届满之日起六个月"},
	"borrower.spouse_cosign": {
		EN: "{name} is married and {spouse} is neither a co-borrower nor a guarantor",
		ZH: "{name} 已婚，配偶 {spouse} 既非共同借款人也非保证人"},
	"borrower.spouse_cosign.unnamed": {
		EN: "{name} is married and the spouse is neither a co-borrower nor a guarantor",
		ZH: "{name} 已婚，其配偶既非共同借款人也非保证人"},
}
