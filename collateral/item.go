package collateral

import (
	"github.com/jinzhi-dev/jinzhi/money"
)

// Kind is what a collateral item is (抵质押物类型). It decides the default
// advance rate, whether the item may be mortgaged or pledged, and how the
// security interest is perfected.
type Kind string

// The kinds of collateral. Listed and unlisted equity are separate kinds
// because their default advance rates differ.
const (
	KindResidential       Kind = "residential"                 // 住宅
	KindCommercial        Kind = "commercial"                  // 商业用房
	KindIndustrial        Kind = "industrial"                  // 工业用房
	KindLandUseRight      Kind = "land_use_right"              // 土地使用权 (see Land)
	KindUnderConstruction Kind = "building_under_construction" // 在建工程
	KindVehicle           Kind = "vehicle"                     // 机动车
	KindEquipment         Kind = "equipment"                   // 机器设备
	KindInventory         Kind = "inventory"                   // 存货
	KindReceivable        Kind = "receivable"                  // 应收账款
	KindDeposit           Kind = "deposit"                     // 存单、保证金
	KindEquityListed      Kind = "equity_listed"               // 上市公司股权
	KindEquityUnlisted    Kind = "equity_unlisted"             // 非上市公司股权
	KindFundShare         Kind = "fund_share"                  // 基金份额
	KindBond              Kind = "bond"                        // 债券
	KindBill              Kind = "bill"                        // 汇票、本票、支票
	KindIPRight           Kind = "ip_right"                    // 知识产权中的财产权
)

// Kinds lists every kind, in the order above.
func Kinds() []Kind {
	return []Kind{
		KindResidential, KindCommercial, KindIndustrial, KindLandUseRight,
		KindUnderConstruction, KindVehicle, KindEquipment, KindInventory,
		KindReceivable, KindDeposit, KindEquityListed, KindEquityUnlisted,
		KindFundShare, KindBond, KindBill, KindIPRight,
	}
}

// Valid reports whether k is one of the kinds.
func (k Kind) Valid() bool {
	for _, v := range Kinds() {
		if k == v {
			return true
		}
	}
	return false
}

// IsBuilding reports whether k is a building, finished or not (房屋、在建工程).
func (k Kind) IsBuilding() bool {
	return k == KindResidential || k == KindCommercial || k == KindIndustrial || k == KindUnderConstruction
}

// IsRealEstate reports whether k is immovable property: a building, finished
// or not, or a land use right (不动产). A mortgage of it exists only once
// registered (Civil Code art. 402).
func (k Kind) IsRealEstate() bool { return k.IsBuilding() || k == KindLandUseRight }

// IsMovable reports whether k is a tangible movable (动产): vehicles,
// equipment and inventory, which may be mortgaged (art. 395) or pledged
// (art. 425).
func (k Kind) IsMovable() bool {
	return k == KindVehicle || k == KindEquipment || k == KindInventory
}

// IsRight reports whether k is a right that may be pledged under Civil Code
// art. 440: receivables, deposit certificates, equity, fund shares, bonds,
// bills and the property rights in intellectual property.
func (k Kind) IsRight() bool {
	switch k {
	case KindReceivable, KindDeposit, KindEquityListed, KindEquityUnlisted,
		KindFundShare, KindBond, KindBill, KindIPRight:
		return true
	}
	return false
}

// Arrangement is how the item secures the loan: a mortgage (抵押), where the
// owner keeps the item, or a pledge (质押), where it is delivered to the
// lender or, for rights, registered.
type Arrangement string

// The arrangements.
const (
	Mortgage Arrangement = "mortgage" // 抵押
	Pledge   Arrangement = "pledge"   // 质押
)

// Item is one piece of collateral offered for a loan (抵押物、质物).
//
// Every field is a fact as the account manager found it; nothing here is
// computed. Valuation and the rules read an Item; Validate checks its form.
type Item struct {
	// ID identifies the item within its case; the case assigns it.
	ID string `json:"id,omitempty"`
	// Kind is what the item is.
	Kind Kind `json:"kind"`
	// Arrangement is mortgage or pledge.
	Arrangement Arrangement `json:"arrangement"`
	// Description says what it is, for people ("三室一厅, 建筑面积 98.5 m²").
	Description string `json:"description,omitempty"`
	// Address is where the property or movable is.
	Address string `json:"address,omitempty"`
	// Area is the floor area (建筑面积), or a land right's land area, in
	// square metres as a decimal with at most two places ("89.50").
	Area string `json:"area,omitempty"`
	// Land describes the land right; required for KindLandUseRight.
	Land *Land `json:"land,omitempty"`
	// MortgagedTogether records that a building and the land use right under
	// it (or a land use right and the buildings on it) are in the same
	// mortgage (房地一并抵押, Civil Code arts. 397–398).
	MortgagedTogether bool `json:"mortgaged_together,omitempty"`

	// TitleNumber is the title certificate number (不动产权证书号, 权证号).
	TitleNumber string `json:"title_number,omitempty"`
	// UnitNumber is the 28-character real-estate unit number (不动产单元号).
	UnitNumber string `json:"unit_number,omitempty"`

	// CoOwnership is how the owners hold the item; one owner is CoOwnershipSole.
	CoOwnership CoOwnership `json:"co_ownership"`
	// Owners are the holders of the title, in the order of the certificate.
	Owners []Owner `json:"owners"`
	// MaritalProperty records that the item is the marital joint property
	// of an owner (夫妻共同财产) even if only one spouse is on the title; the
	// spouse must then be listed as an owner and consent.
	MaritalProperty bool `json:"marital_property,omitempty"`
	// Consents are the owners' written consents to the mortgage or pledge.
	Consents []Consent `json:"consents,omitempty"`

	// Status holds the legal facts that may bar the item.
	Status LegalStatus `json:"status"`
	// Rank is the rank the lender's own mortgage takes (1 = first); 0 when
	// not known, in which case every recorded lien counts as senior.
	Rank int `json:"rank,omitempty"`
	// Encumbrances are prior liens and leases on the item.
	Encumbrances []Encumbrance `json:"encumbrances,omitempty"`
	// Occupancy records who lives in or uses the item.
	Occupancy Occupancy `json:"occupancy"`
	// Appraisals are the valuations of the item, in any order.
	Appraisals []Appraisal `json:"appraisals,omitempty"`
	// Perfection records the steps, other than a real-estate registration
	// certificate, that make the security interest exist or opposable.
	Perfection Perfection `json:"perfection"`
}

// LandRight is the right over land that an item is (土地权利).
type LandRight string

// The land rights.
const (
	// LandOwnership is ownership of land itself (土地所有权), held by the
	// State or a collective; it can never be mortgaged (art. 399(1)).
	LandOwnership LandRight = "ownership"
	// LandStateOwned is a state-owned construction land use right
	// (国有建设用地使用权).
	LandStateOwned LandRight = "state_owned"
	// LandCollective is a collectively owned land use right (集体土地使用权);
	// its CollectiveUse decides whether it may be mortgaged.
	LandCollective LandRight = "collective"
)

// CollectiveUse is the subtype of a collective land use right.
type CollectiveUse string

// The collective land uses.
const (
	Homestead                  CollectiveUse = "homestead"                    // 宅基地
	PrivatePlot                CollectiveUse = "private_plot"                 // 自留地
	PrivateHill                CollectiveUse = "private_hill"                 // 自留山
	CollectiveConstructionLand CollectiveUse = "collective_construction_land" // 集体经营性建设用地
)

// Land describes a land right (土地).
type Land struct {
	// Right is the kind of land right.
	Right LandRight `json:"right"`
	// CollectiveUse is required when Right is LandCollective.
	CollectiveUse CollectiveUse `json:"collective_use,omitempty"`
	// HasBuildings records that there are buildings on the land.
	HasBuildings bool `json:"has_buildings,omitempty"`
}

// LegalStatus holds the legal facts about an item that may bar it as
// collateral (Civil Code art. 399; 担保制度解释 arts. 6, 49).
type LegalStatus struct {
	// DisputedTitle: the ownership is unclear or disputed (所有权、使用权不明或者有争议).
	DisputedTitle bool `json:"disputed_title,omitempty"`
	// Sealed: sealed up by a court or authority (查封).
	Sealed bool `json:"sealed,omitempty"`
	// Seized: seized (扣押).
	Seized bool `json:"seized,omitempty"`
	// Supervised: under supervision (监管).
	Supervised bool `json:"supervised,omitempty"`
	// IllegalBuilding: built without the required permits (违法建筑).
	IllegalBuilding bool `json:"illegal_building,omitempty"`
	// PublicWelfareFacility: an educational, medical or other public-welfare
	// facility (教育设施、医疗卫生设施和其他公益设施).
	PublicWelfareFacility bool `json:"public_welfare_facility,omitempty"`
	// NonProfitOwner: the owner is a school, kindergarten, hospital or other
	// body set up for public welfare as a non-profit legal person.
	NonProfitOwner bool `json:"non_profit_owner,omitempty"`
}

// Occupancy records how the item is lived in or used.
type Occupancy struct {
	// SoleResidence: the item is the debtor's (or mortgagor's) only home
	// (唯一住房), which courts are slow to sell.
	SoleResidence bool `json:"sole_residence,omitempty"`
	// Occupant names who lives in or uses the item, if not the owner.
	Occupant string `json:"occupant,omitempty"`
}

// Perfection records delivery and registration of the security interest,
// other than the real-estate registration certificate (see Registration).
type Perfection struct {
	// Registered: registered with the competent registry — the unified
	// movables and rights registry (动产融资统一登记), the securities
	// depository, the market regulator for equity, the IP office.
	Registered bool `json:"registered,omitempty"`
	// RegisteredOn is the day of that registration.
	RegisteredOn money.Date `json:"registered_on,omitzero"`
	// Delivered: the movable or the certificate of the right was delivered
	// to the lender (交付).
	Delivered bool `json:"delivered,omitempty"`
	// DeliveredOn is the day of delivery.
	DeliveredOn money.Date `json:"delivered_on,omitzero"`
	// Registry is the authority a registration was made with: the
	// unified movables and rights registry (中登网) for receivables and
	// movables, the market regulator (市场监管部门) for unlisted equity,
	// the securities depository for listed equity and fund shares, the
	// IP office (国家知识产权局) for IP.
	Registry string `json:"registry,omitempty"`
	// Reference is the registration's number (登记编号) or the delivery's
	// receipt (交接清单) number.
	Reference string `json:"reference,omitempty"`
	// Evidence is the document, among the case's, that proves the act:
	// the registration certificate or the signed delivery receipt.
	Evidence string `json:"evidence,omitempty"`
}
