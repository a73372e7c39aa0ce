package collateral

import (
	"github.com/jinzhi-dev/jinzhi/money"
)

// Registration is a mortgage registration of real estate: the certificate of
// registration the registry issues to the mortgagee (不动产登记证明, formerly
// 他项权证). Under Civil Code arts. 214 and 402 a mortgage of real estate
// exists only once registered; the register, not this paper, governs
// (arts. 216–217).
type Registration struct {
	// CertificateNumber is the certificate's number, such as
	// "皖(2019)长丰县不动产证明第0010484号".
	CertificateNumber string `json:"certificate_number"`
	// UnitNumber is the real-estate unit number the certificate names.
	UnitNumber string `json:"unit_number,omitempty"`
	// Registry is the registration authority (登记机构).
	Registry string `json:"registry"`
	// Mortgagee is the holder of the mortgage (抵押权人): the lender.
	Mortgagee string `json:"mortgagee"`
	// Mortgagors are the mortgagors (抵押人, 义务人): the item's owners.
	Mortgagors []string `json:"mortgagors"`
	// SecuredAmount is the secured claim (被担保主债权数额), or the maximum
	// amount (最高债权额) for a maximum-amount mortgage.
	SecuredAmount money.Money `json:"secured_amount"`
	// MaximumAmount marks a maximum-amount mortgage (最高额抵押).
	MaximumAmount bool `json:"maximum_amount,omitempty"`
	// TermEnd is the end of the debt performance period the certificate
	// records (债务履行期限).
	TermEnd money.Date `json:"term_end,omitzero"`
	// RegisteredOn is the day of registration (登记时间).
	RegisteredOn money.Date `json:"registered_on,omitzero"`
	// Rank is the mortgage's rank (抵押顺位) the register records, 1 for
	// the first; 0 when not recorded.
	Rank int `json:"rank,omitempty"`
}

// MortgageContract is what a registration is compared with of the
// mortgage contract (抵押合同) that lists the item: its number, the
// registry it says the mortgage is registered with (empty: none named),
// the rank it gives the lender's mortgage of the item (0: none), and the
// secured amount it states.
type MortgageContract struct {
	Number        string
	Registry      string
	Rank          int
	SecuredAmount money.Money
}
