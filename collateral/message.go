package collateral

import "github.com/jinzhi-dev/jinzhi/check"

// messages are the keys of this package's results and field errors, in
// Chinese and English. Citations in Chinese name the Civil Code (民法典)
// unless another source is given.
var messages = check.Messages{
	// collateral.non_mortgageable (Civil Code art. 399; 担保制度解释 art. 6)
	"collateral.non_mortgageable.land_ownership": {
		EN: "land ownership cannot be mortgaged (art. 399(1))",
		ZH: "土地所有权不得抵押（民法典第399条第1项）"},
	"collateral.non_mortgageable.collective_use": {
		EN: "a collective land use right of {@use} cannot be mortgaged (art. 399(2))",
		ZH: "{@use}等集体所有土地的使用权不得抵押（民法典第399条第2项）"},
	"collateral.non_mortgageable.public_welfare": {
		EN: "a public-welfare facility of a non-profit school, kindergarten, hospital or the like cannot be mortgaged (art. 399(3); 担保制度解释 art. 6)",
		ZH: "非营利性学校、幼儿园、医疗机构等的公益设施不得抵押（民法典第399条第3项；担保制度解释第6条）"},
	"collateral.non_mortgageable.disputed_title": {
		EN: "the ownership is unclear or disputed (art. 399(4))",
		ZH: "所有权、使用权不明或者有争议，不得抵押（民法典第399条第4项）"},
	"collateral.non_mortgageable.sealed": {
		EN: "the property is sealed (查封) and cannot be mortgaged (art. 399(5))",
		ZH: "财产已被查封，不得抵押（民法典第399条第5项）"},
	"collateral.non_mortgageable.seized": {
		EN: "the property is seized (扣押) and cannot be mortgaged (art. 399(5))",
		ZH: "财产已被扣押，不得抵押（民法典第399条第5项）"},
	"collateral.non_mortgageable.supervised": {
		EN: "the property is under supervision (监管) and cannot be mortgaged (art. 399(5))",
		ZH: "财产已被监管，不得抵押（民法典第399条第5项）"},
	"collateral.collective_use.homestead":    {EN: "homestead (宅基地)", ZH: "宅基地"},
	"collateral.collective_use.private_plot": {EN: "private plot (自留地)", ZH: "自留地"},
	"collateral.collective_use.private_hill": {EN: "private hill (自留山)", ZH: "自留山"},

	"collateral.illegal_building": {
		EN: "the building is illegal (违法建筑): a mortgage of it is void",
		ZH: "该建筑为违法建筑，以其设立的抵押无效（担保制度解释第49条）"},

	"collateral.building_with_land.building": {
		EN: "the land use right under the building is mortgaged with it by law: value and register both (arts. 397–398)",
		ZH: "房地一并抵押：建筑物占用范围内的建设用地使用权依法一并抵押，应一并评估、一并登记（民法典第397条、第398条）"},
	"collateral.building_with_land.land": {
		EN: "the buildings on the land are mortgaged with the land use right by law: value and register both (arts. 397–398)",
		ZH: "房地一并抵押：该土地上的建筑物依法随建设用地使用权一并抵押，应一并评估、一并登记（民法典第397条、第398条）"},

	"collateral.coowner_consent.marital": {
		EN: "the item is marital joint property: list the owner's spouse as a joint owner and record the spouse's consent",
		ZH: "该财产为夫妻共同财产：应将配偶列为共同共有人，并取得配偶同意抵押的书面意见"},
	"collateral.coowner_consent.shares": {
		EN: "the consenting owners hold {held} of the shares; owners holding at least 2/3 must consent",
		ZH: "同意抵押的共有人合计持有 {held} 的份额；须经占份额三分之二以上的按份共有人同意（民法典第301条）"},
	"collateral.coowner_consent.joint": {
		EN: "joint owner {name} has not consented to the mortgage",
		ZH: "共同共有人 {name} 尚未同意抵押（民法典第301条）"},

	"collateral.prior_encumbrance.lien": {
		EN: "prior lien of ¥{amount} held by {holder} ({@rank}) ranks before the lender's mortgage; the eligible value is reduced by it",
		ZH: "{holder} 持有的在先抵押权 ¥{amount}（{@rank}）优先于本笔贷款的抵押权受偿，可贷价值已相应扣减"},
	"collateral.rank.known":   {EN: "rank {rank_no}", ZH: "第 {rank_no} 顺位"},
	"collateral.rank.unknown": {EN: "of unknown rank, counted as senior", ZH: "顺位不明，按在先计"},

	"collateral.prior_lease.handed_over": {
		EN: "the lease to {holder} made on {start} and handed over on {handed_over} precedes the mortgage and survives it",
		ZH: "与 {holder} 的租赁于 {start} 订立、{handed_over} 交付，先于抵押，抵押后原租赁关系不受影响（民法典第405条）"},
	"collateral.prior_lease.handover_unknown": {
		EN: "the lease to {holder} made on {start} precedes the mortgage; its handover date is not recorded, and if it was handed over before the mortgage it survives it",
		ZH: "与 {holder} 的租赁于 {start} 订立，早于抵押；交付日期未记录，如在抵押前已交付，原租赁关系不受抵押影响（民法典第405条）"},

	"collateral.appraisal_stale.none": {
		EN: "the item has no appraisal",
		ZH: "该押品尚无评估"},
	"collateral.appraisal_stale.old": {
		EN: "the newest appraisal, of {date}, is {age} days old on {as_of}; the policy keeps appraisals {validity} days",
		ZH: "最近一次评估（价值时点 {date}）截至 {as_of} 已过 {age} 天，超过政策规定的 {validity} 天有效期"},

	"collateral.coverage.below": {
		EN: "eligible value ¥{eligible} covers {ratio%} of the principal ¥{principal}; the policy minimum is {min%}",
		ZH: "抵押物可贷价值覆盖率 {ratio%} 低于政策下限 {min%}（可贷价值 ¥{eligible}，本金 ¥{principal}）"},
	"collateral.coverage.no_advance_rate": {
		EN: "the policy has no advance rate for a {@kind}: the coverage cannot be computed",
		ZH: "政策未规定{@kind}的抵质押率，无法计算覆盖率"},
	"collateral.coverage.not_computed": {
		EN: "the coverage of the principal cannot be computed: {reason}",
		ZH: "无法计算抵押物对本金的覆盖率：{reason}"},

	"collateral.sole_residence": {
		EN: "the item is the debtor's sole residence, which is hard to enforce against",
		ZH: "该押品为债务人唯一住房，处置变现难度较大"},

	"collateral.perfection.real_estate": {
		EN: "{item}: a mortgage of real estate exists only once registered: obtain the registration certificate before disbursement (arts. 402, 214)",
		ZH: "{item}：不动产抵押权自登记时设立，放款前须取得不动产登记证明（民法典第402条、第214条）"},
	"collateral.perfection.movable_mortgage": {
		EN: "{item}: a mortgage of a movable is not opposable to a good-faith third party unless registered (art. 403)",
		ZH: "{item}：动产抵押未经登记，不得对抗善意第三人（民法典第403条）"},
	"collateral.perfection.movable_pledge": {
		EN: "{item}: a pledge of a movable exists only once the movable is delivered to the lender (art. 429): record the delivery",
		ZH: "{item}：动产质权自出质人交付质押财产时设立（民法典第429条），请记录交付"},
	"collateral.perfection.certificate": {
		EN: "{item}: a pledge of a bill, bond or deposit certificate exists only once the certificate is delivered, or registered where there is none (art. 441): record the delivery or the registration",
		ZH: "{item}：以汇票、债券、存单出质的，质权自权利凭证交付时设立；没有权利凭证的，自办理出质登记时设立（民法典第441条），请记录交付或登记"},
	"collateral.perfection.equity": {
		EN: "{item}: a pledge of fund shares or equity exists only once registered (art. 443) — unlisted equity with the market regulator (市场监管部门), listed equity and fund shares with the securities depository: record the registration",
		ZH: "{item}：以基金份额、股权出质的，质权自办理出质登记时设立（民法典第443条）——非上市公司股权在市场监督管理部门、上市公司股权及基金份额在证券登记结算机构办理，请记录出质登记"},
	"collateral.perfection.ip": {
		EN: "{item}: a pledge of an intellectual property right exists only once registered (art. 444), with the IP office (国家知识产权局): record the registration",
		ZH: "{item}：以知识产权中的财产权出质的，质权自办理出质登记时设立（民法典第444条），在国家知识产权局办理，请记录出质登记"},
	"collateral.perfection.receivable": {
		EN: "{item}: a pledge of receivables exists only once registered (art. 445), in the unified movables and rights registry (中登网): record the registration",
		ZH: "{item}：以应收账款出质的，质权自办理出质登记时设立（民法典第445条），在中国人民银行征信中心动产融资统一登记公示系统（中登网）办理，请记录出质登记"},

	"collateral.pledgeable_right.right_mortgaged": {
		EN: "a {@kind} is a right: it is pledged (art. 440), not mortgaged",
		ZH: "{@kind}属于权利，应当设立质押（民法典第440条），不能抵押"},
	"collateral.pledgeable_right.real_estate_pledged": {
		EN: "a {@kind} is real estate: it is mortgaged (art. 395), not pledged; art. 440 lists no such right",
		ZH: "{@kind}属于不动产，应当设立抵押（民法典第395条），不能质押；第440条未列此类权利"},

	// Kinds, as the messages name them.
	"collateral.kind.residential":                 {EN: "residential", ZH: "住宅"},
	"collateral.kind.commercial":                  {EN: "commercial", ZH: "商业用房"},
	"collateral.kind.industrial":                  {EN: "industrial", ZH: "工业用房"},
	"collateral.kind.land_use_right":              {EN: "land use right", ZH: "土地使用权"},
	"collateral.kind.building_under_construction": {EN: "building under construction", ZH: "在建工程"},
	"collateral.kind.vehicle":                     {EN: "vehicle", ZH: "机动车"},
	"collateral.kind.equipment":                   {EN: "equipment", ZH: "机器设备"},
	"collateral.kind.inventory":                   {EN: "inventory", ZH: "存货"},
	"collateral.kind.receivable":                  {EN: "receivable", ZH: "应收账款"},
	"collateral.kind.deposit":                     {EN: "deposit", ZH: "存单"},
	"collateral.kind.equity_listed":               {EN: "equity listed", ZH: "上市公司股权"},
	"collateral.kind.equity_unlisted":             {EN: "equity unlisted", ZH: "非上市公司股权"},
	"collateral.kind.fund_share":                  {EN: "fund share", ZH: "基金份额"},
	"collateral.kind.bond":                        {EN: "bond", ZH: "债券"},
	"collateral.kind.bill":                        {EN: "bill", ZH: "票据"},
	"collateral.kind.ip_right":                    {EN: "ip right", ZH: "知识产权中的财产权"},

	// registration.* (不动产登记暂行条例; Civil Code arts. 216–217)
	"registration.matches.mortgagee": {
		EN: `the mortgagee is "{mortgagee}", not the lender "{lender}"`,
		ZH: "抵押权人为“{mortgagee}”，不是贷款人“{lender}”"},
	"registration.matches.mortgagor_not_owner": {
		EN: `mortgagor "{name}" is not an owner of the item`,
		ZH: "抵押人“{name}”不是该押品的权利人"},
	"registration.matches.owner_not_mortgagor": {
		EN: `owner "{name}" is not a mortgagor: that owner's right is not mortgaged`,
		ZH: "权利人“{name}”未列为抵押人，其权利未设立抵押"},
	"registration.matches.secured_amount": {
		EN: "the {@what} ¥{secured} is less than the principal ¥{principal}",
		ZH: "{@what} ¥{secured} 低于借款本金 ¥{principal}"},
	"registration.secured_amount": {EN: "secured amount", ZH: "被担保主债权数额"},
	"registration.maximum_amount": {EN: "maximum amount", ZH: "最高债权额"},
	"registration.matches.no_term": {
		EN: "the registration records no term: it cannot be shown to cover the maturity {maturity}",
		ZH: "登记证明未记载债务履行期限，无法证明覆盖贷款到期日 {maturity}"},
	"registration.matches.term_short": {
		EN: "the term ends {term_end}, before the maturity {maturity}",
		ZH: "债务履行期限至 {term_end}，早于贷款到期日 {maturity}"},
	"registration.matches.unit_number": {
		EN: "the registration is for unit {reg_unit}, the item is unit {item_unit}",
		ZH: "登记证明的不动产单元号为 {reg_unit}，与押品的单元号 {item_unit} 不一致"},
	"registration.matches.contract_registry": {
		EN: "the mortgage is registered with {registry}, but mortgage contract {number} names {contract_registry}",
		ZH: "抵押登记机构为“{registry}”，与抵押合同 {number} 约定的登记机构“{contract_registry}”不一致"},
	"registration.matches.contract_rank": {
		EN: "the register records the mortgage in rank {rank}, but mortgage contract {number} gives it rank {contract_rank}",
		ZH: "登记的抵押顺位为第 {rank} 顺位，与抵押合同 {number} 约定的第 {contract_rank} 顺位不一致"},
	"registration.matches.contract_rank_missing": {
		EN: "mortgage contract {number} gives the mortgage rank {contract_rank}: record the rank the register shows",
		ZH: "抵押合同 {number} 约定为第 {contract_rank} 顺位抵押：请记录登记簿所载的抵押顺位"},
	"registration.matches.contract_amount": {
		EN: "the secured amount ¥{secured} registered is less than the ¥{contract_amount} mortgage contract {number} secures",
		ZH: "登记的被担保主债权数额 ¥{secured} 低于抵押合同 {number} 约定的 ¥{contract_amount}"},
	"registration.certificate_number": {
		EN: `"{number}" is not of the form 皖(2019)长丰县不动产证明第0010484号`,
		ZH: "“{number}”不符合不动产登记证明号的格式（如 皖(2019)长丰县不动产证明第0010484号）"},
	"registration.unit_number.missing": {
		EN: "the real-estate unit number (不动产单元号) is not recorded",
		ZH: "未记录不动产单元号"},
	"registration.unit_number.form": {
		EN: `"{number}" is not a 28-character unit number such as 340121261006GB00014F00220045`,
		ZH: "“{number}”不是 28 位的不动产单元号（如 340121261006GB00014F00220045）"},
	"registration.register_prevails": {
		EN: "the register governs over the title certificate: search the register (查档) and record the finding",
		ZH: "物权以不动产登记簿为准，不以权属证书为准：请查询登记簿（查档）并记录调查结果（民法典第216条、第217条）"},

	// Field errors of Validate.
	"collateral.field.shares_sum": {
		EN: "the shares add up to {sum}, not 1", ZH: "各共有人份额合计为 {sum}，不等于 1"},
	"collateral.field.share_range": {
		EN: "must be more than 0 and at most 1, got {share}", ZH: "份额须大于 0 且不超过 1，现为 {share}"},
	"collateral.field.share_required": {
		EN: "is required in a co-ownership by shares", ZH: "按份共有时必须填写份额"},
	"collateral.field.land_required": {
		EN: "is required for a land use right", ZH: "土地使用权必须填写土地权利信息"},
	"collateral.field.collective_use_only": {
		EN: "is only for a collective land use right", ZH: "仅适用于集体土地使用权"},
	"collateral.field.sole_many": {
		EN: "is sole but there are {n} owners", ZH: "为单独所有，但登记了 {n} 名权利人"},
	"collateral.field.co_owners_min": {
		EN: "a co-ownership needs at least two owners", ZH: "共有至少需要两名权利人"},
	"collateral.field.owner_required": {
		EN: "at least one owner is required", ZH: "至少需要一名权利人"},
	"collateral.field.consent_owner_index": {
		EN: "must be the index of an owner (0 to {max})", ZH: "须为权利人的序号（0 至 {max}）"},
	"collateral.field.consent_names_none": {
		EN: "must name the owner by index or name", ZH: "须以序号或姓名指明同意的权利人"},
	"collateral.field.consent_not_owner": {
		EN: `"{name}" is not an owner`, ZH: "“{name}”不是权利人"},
	"collateral.field.rank": {
		EN: "must be 1 or more, or 0 if unknown", ZH: "顺位须为 1 或以上，不明时填 0"},
	"collateral.field.lease_start_required": {
		EN: "is required for a lease", ZH: "租赁必须填写订立日期"},
	"collateral.field.lease_end_before_start": {
		EN: "is before the lease start", ZH: "早于租赁订立日期"},
	"collateral.field.id_number": {
		EN: "must be a resident ID number or a unified social credit code: {@problem}",
		ZH: "须为有效的居民身份证号码或统一社会信用代码：{@problem}"},
	"collateral.id_problem.length":    {EN: "wrong length", ZH: "位数不对"},
	"collateral.id_problem.character": {EN: "a character outside its alphabet", ZH: "含有无效字符"},
	"collateral.id_problem.checksum":  {EN: "wrong check character", ZH: "校验码不符"},
	"collateral.id_problem.other":     {EN: "not a valid number", ZH: "号码无效"},
	"collateral.field.advance_rate_kind": {
		EN: "is not a kind of collateral", ZH: "不是押品种类"},
}

// Messages returns the messages of the keys this package's results and
// field errors use, in Chinese and English.
func Messages() check.Messages { return check.Merge(messages) }
