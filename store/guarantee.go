package store

import (
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// guaranteeDoc is a duediligence.Guarantee as stored; its mutual guarantees
// are derived on read (from case_parties, see party.go).
type guaranteeDoc struct {
	ID                 string        `json:"id"`
	Guarantor          partyDoc      `json:"guarantor"`
	GuarantorKind      string        `json:"guarantor_kind,omitempty"`
	Kind               string        `json:"kind,omitempty"`
	Amount             string        `json:"amount"`
	Period             periodDoc     `json:"period,omitzero"`
	Relation           string        `json:"relation,omitempty"`
	NetWorth           *string       `json:"net_worth,omitempty"`
	ExistingGuarantees *string       `json:"existing_guarantees,omitempty"`
	Corporate          *corporateDoc `json:"corporate,omitempty"`
	OnLendingApproved  bool          `json:"on_lending_approved,omitempty"`
}

type periodDoc struct {
	Months      int     `json:"months,omitempty"`
	Ends        *string `json:"ends,omitempty"`
	UntilRepaid bool    `json:"until_repaid,omitempty"`
}

type corporateDoc struct {
	Listed                bool           `json:"listed,omitempty"`
	WhollyOwnsBorrower    bool           `json:"wholly_owns_borrower,omitempty"`
	TwoThirdsSigned       bool           `json:"two_thirds_signed,omitempty"`
	BorrowerIsShareholder bool           `json:"borrower_is_shareholder,omitempty"`
	Resolution            *resolutionDoc `json:"resolution,omitempty"`
}

type resolutionDoc struct {
	Body               string  `json:"body"`
	Date               *string `json:"date,omitempty"`
	InterestedExcluded bool    `json:"interested_excluded,omitempty"`
	Document           string  `json:"document,omitempty"`
}

func (e *encoder) guaranteeDoc(g *duediligence.Guarantee) guaranteeDoc {
	return guaranteeDoc{
		ID: g.ID, Guarantor: e.partyDoc(&g.Guarantor), GuarantorKind: string(g.GuarantorKind), Kind: string(g.Kind),
		Amount:   e.money(g.Amount),
		Period:   periodDoc{Months: g.Period.Months, Ends: e.dateP(g.Period.Ends), UntilRepaid: g.Period.UntilRepaid},
		Relation: string(g.Relation), NetWorth: e.moneyP(g.NetWorth), ExistingGuarantees: e.moneyP(g.ExistingGuarantees),
		Corporate: ptr(g.Corporate, func(c *duediligence.CorporateGuarantor) corporateDoc {
			return corporateDoc{
				Listed: c.Listed, WhollyOwnsBorrower: c.WhollyOwnsBorrower, TwoThirdsSigned: c.TwoThirdsSigned,
				BorrowerIsShareholder: c.BorrowerIsShareholder,
				Resolution: ptr(c.Resolution, func(r *duediligence.Resolution) resolutionDoc {
					return resolutionDoc{Body: string(r.Body), Date: e.dateP(r.Date), InterestedExcluded: r.InterestedExcluded, Document: r.Document}
				}),
			}
		}),
		OnLendingApproved: g.OnLendingApproved,
	}
}

func (d *decoder) guarantee(g *guaranteeDoc) duediligence.Guarantee {
	return duediligence.Guarantee{
		ID: g.ID, Guarantor: d.party(&g.Guarantor), GuarantorKind: duediligence.GuarantorKind(g.GuarantorKind),
		Kind: duediligence.GuaranteeKind(g.Kind), Amount: d.money(g.Amount),
		Period:   duediligence.GuaranteePeriod{Months: g.Period.Months, Ends: d.dateP(g.Period.Ends), UntilRepaid: g.Period.UntilRepaid},
		Relation: duediligence.GuarantorRelation(g.Relation), NetWorth: d.moneyP(g.NetWorth), ExistingGuarantees: d.moneyP(g.ExistingGuarantees),
		Corporate: ptr(g.Corporate, func(c *corporateDoc) duediligence.CorporateGuarantor {
			return duediligence.CorporateGuarantor{
				Listed: c.Listed, WhollyOwnsBorrower: c.WhollyOwnsBorrower, TwoThirdsSigned: c.TwoThirdsSigned,
				BorrowerIsShareholder: c.BorrowerIsShareholder,
				Resolution: ptr(c.Resolution, func(r *resolutionDoc) duediligence.Resolution {
					return duediligence.Resolution{Body: duediligence.ResolutionBody(r.Body), Date: d.dateP(r.Date), InterestedExcluded: r.InterestedExcluded, Document: r.Document}
				}),
			}
		}),
		OnLendingApproved: g.OnLendingApproved,
	}
}
