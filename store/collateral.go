package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// collateralDoc is a duediligence.CollateralItem as stored: the item's facts
// and its registration. Its valuation and exposure are derived on read.
type collateralDoc struct {
	ID                string           `json:"id,omitempty"`
	Kind              string           `json:"kind"`
	Arrangement       string           `json:"arrangement,omitempty"`
	Description       string           `json:"description,omitempty"`
	Address           string           `json:"address,omitempty"`
	Area              string           `json:"area,omitempty"`
	Land              *landDoc         `json:"land,omitempty"`
	MortgagedTogether bool             `json:"mortgaged_together,omitempty"`
	TitleNumber       string           `json:"title_number,omitempty"`
	UnitNumber        string           `json:"unit_number,omitempty"`
	CoOwnership       string           `json:"co_ownership,omitempty"`
	Owners            []ownerDoc       `json:"owners"`
	MaritalProperty   bool             `json:"marital_property,omitempty"`
	Consents          []consentDoc     `json:"consents,omitempty"`
	Status            legalStatusDoc   `json:"status,omitzero"`
	Rank              int              `json:"rank,omitempty"`
	Encumbrances      []encumbranceDoc `json:"encumbrances,omitempty"`
	Occupancy         occupancyDoc     `json:"occupancy,omitzero"`
	Appraisals        []appraisalDoc   `json:"appraisals,omitempty"`
	Perfection        perfectionDoc    `json:"perfection,omitzero"`
	Registration      *registrationDoc `json:"registration,omitempty"`
}

type landDoc struct {
	Right         string `json:"right"`
	CollectiveUse string `json:"collective_use,omitempty"`
	HasBuildings  bool   `json:"has_buildings,omitempty"`
}

type ownerDoc struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number,omitempty"`
	Relation string `json:"relation,omitempty"`
	Share    string `json:"share,omitempty"`
}

type consentDoc struct {
	Owner    *int   `json:"owner,omitempty"`
	Name     string `json:"name,omitempty"`
	GivenOn  string `json:"given_on,omitempty"`
	Document string `json:"document,omitempty"`
}

type legalStatusDoc struct {
	DisputedTitle         bool `json:"disputed_title,omitempty"`
	Sealed                bool `json:"sealed,omitempty"`
	Seized                bool `json:"seized,omitempty"`
	Supervised            bool `json:"supervised,omitempty"`
	IllegalBuilding       bool `json:"illegal_building,omitempty"`
	PublicWelfareFacility bool `json:"public_welfare_facility,omitempty"`
	NonProfitOwner        bool `json:"non_profit_owner,omitempty"`
}

type encumbranceDoc struct {
	Kind         string `json:"kind"`
	Holder       string `json:"holder,omitempty"`
	Rank         int    `json:"rank,omitempty"`
	Amount       string `json:"amount,omitempty"`
	RegisteredOn string `json:"registered_on,omitempty"`
	LeaseStart   string `json:"lease_start,omitempty"`
	HandedOverOn string `json:"handed_over_on,omitempty"`
	LeaseEnd     string `json:"lease_end,omitempty"`
}

type occupancyDoc struct {
	SoleResidence bool   `json:"sole_residence,omitempty"`
	Occupant      string `json:"occupant,omitempty"`
}

type appraisalDoc struct {
	Appraiser string `json:"appraiser,omitempty"`
	Method    string `json:"method,omitempty"`
	Value     string `json:"value"`
	Date      string `json:"date,omitempty"`
	Report    string `json:"report,omitempty"`
}

type perfectionDoc struct {
	Registered   bool   `json:"registered,omitempty"`
	RegisteredOn string `json:"registered_on,omitempty"`
	Delivered    bool   `json:"delivered,omitempty"`
	DeliveredOn  string `json:"delivered_on,omitempty"`
	Registry     string `json:"registry,omitempty"`
	Reference    string `json:"reference,omitempty"`
	Evidence     string `json:"evidence,omitempty"`
}

// registrationDoc is a collateral.Registration as stored.
type registrationDoc struct {
	CertificateNumber string   `json:"certificate_number"`
	UnitNumber        string   `json:"unit_number,omitempty"`
	Registry          string   `json:"registry,omitempty"`
	Mortgagee         string   `json:"mortgagee,omitempty"`
	Mortgagors        []string `json:"mortgagors"`
	SecuredAmount     string   `json:"secured_amount"`
	MaximumAmount     bool     `json:"maximum_amount,omitempty"`
	TermEnd           string   `json:"term_end,omitempty"`
	RegisteredOn      string   `json:"registered_on,omitempty"`
	Rank              int      `json:"rank,omitempty"`
}

func (e *encoder) collateralDoc(c *duediligence.CollateralItem) collateralDoc {
	it := &c.Item
	return collateralDoc{
		ID: it.ID, Kind: string(it.Kind), Arrangement: string(it.Arrangement), Description: it.Description, Address: it.Address, Area: it.Area,
		Land: ptr(it.Land, func(l *collateral.Land) landDoc {
			return landDoc{Right: string(l.Right), CollectiveUse: string(l.CollectiveUse), HasBuildings: l.HasBuildings}
		}),
		MortgagedTogether: it.MortgagedTogether, TitleNumber: it.TitleNumber, UnitNumber: it.UnitNumber,
		CoOwnership: string(it.CoOwnership),
		Owners: convert(it.Owners, func(o *collateral.Owner) ownerDoc {
			return ownerDoc{Name: o.Name, IDNumber: o.IDNumber, Relation: string(o.Relation), Share: o.Share.String()}
		}),
		MaritalProperty: it.MaritalProperty,
		Consents: convert(it.Consents, func(c *collateral.Consent) consentDoc {
			return consentDoc{Owner: ptr(c.Owner, func(i *int) int { return *i }), Name: c.Name, GivenOn: e.date(c.GivenOn), Document: c.Document}
		}),
		Status: legalStatusDoc{
			DisputedTitle: it.Status.DisputedTitle, Sealed: it.Status.Sealed, Seized: it.Status.Seized, Supervised: it.Status.Supervised,
			IllegalBuilding: it.Status.IllegalBuilding, PublicWelfareFacility: it.Status.PublicWelfareFacility, NonProfitOwner: it.Status.NonProfitOwner,
		},
		Rank: it.Rank,
		Encumbrances: convert(it.Encumbrances, func(en *collateral.Encumbrance) encumbranceDoc {
			return encumbranceDoc{
				Kind: string(en.Kind), Holder: en.Holder, Rank: en.Rank, Amount: e.moneyZ(en.Amount), RegisteredOn: e.date(en.RegisteredOn),
				LeaseStart: e.date(en.LeaseStart), HandedOverOn: e.date(en.HandedOverOn), LeaseEnd: e.date(en.LeaseEnd),
			}
		}),
		Occupancy: occupancyDoc{SoleResidence: it.Occupancy.SoleResidence, Occupant: it.Occupancy.Occupant},
		Appraisals: convert(it.Appraisals, func(a *collateral.Appraisal) appraisalDoc {
			return appraisalDoc{Appraiser: a.Appraiser, Method: string(a.Method), Value: e.money(a.Value), Date: e.date(a.Date), Report: a.Report}
		}),
		Perfection: perfectionDoc{
			Registered: it.Perfection.Registered, RegisteredOn: e.date(it.Perfection.RegisteredOn),
			Delivered: it.Perfection.Delivered, DeliveredOn: e.date(it.Perfection.DeliveredOn),
			Registry: it.Perfection.Registry, Reference: it.Perfection.Reference, Evidence: it.Perfection.Evidence,
		},
		Registration: ptr(c.Registration, func(r *collateral.Registration) registrationDoc {
			return registrationDoc{
				CertificateNumber: r.CertificateNumber, UnitNumber: r.UnitNumber, Registry: r.Registry, Mortgagee: r.Mortgagee,
				Mortgagors: r.Mortgagors, SecuredAmount: e.money(r.SecuredAmount), MaximumAmount: r.MaximumAmount,
				TermEnd: e.date(r.TermEnd), RegisteredOn: e.date(r.RegisteredOn), Rank: r.Rank,
			}
		}),
	}
}

func (d *decoder) collateralItem(c *collateralDoc) duediligence.CollateralItem {
	return duediligence.CollateralItem{
		Item: collateral.Item{
			ID: c.ID, Kind: collateral.Kind(c.Kind), Arrangement: collateral.Arrangement(c.Arrangement), Description: c.Description, Address: c.Address, Area: c.Area,
			Land: ptr(c.Land, func(l *landDoc) collateral.Land {
				return collateral.Land{Right: collateral.LandRight(l.Right), CollectiveUse: collateral.CollectiveUse(l.CollectiveUse), HasBuildings: l.HasBuildings}
			}),
			MortgagedTogether: c.MortgagedTogether, TitleNumber: c.TitleNumber, UnitNumber: c.UnitNumber,
			CoOwnership: collateral.CoOwnership(c.CoOwnership),
			Owners: convert(c.Owners, func(o *ownerDoc) collateral.Owner {
				return collateral.Owner{Name: o.Name, IDNumber: o.IDNumber, Relation: collateral.Relation(o.Relation), Share: d.share(o.Share)}
			}),
			MaritalProperty: c.MaritalProperty,
			Consents: convert(c.Consents, func(cs *consentDoc) collateral.Consent {
				return collateral.Consent{Owner: ptr(cs.Owner, func(i *int) int { return *i }), Name: cs.Name, GivenOn: d.date(cs.GivenOn), Document: cs.Document}
			}),
			Status: collateral.LegalStatus{
				DisputedTitle: c.Status.DisputedTitle, Sealed: c.Status.Sealed, Seized: c.Status.Seized, Supervised: c.Status.Supervised,
				IllegalBuilding: c.Status.IllegalBuilding, PublicWelfareFacility: c.Status.PublicWelfareFacility, NonProfitOwner: c.Status.NonProfitOwner,
			},
			Rank: c.Rank,
			Encumbrances: convert(c.Encumbrances, func(en *encumbranceDoc) collateral.Encumbrance {
				return collateral.Encumbrance{
					Kind: collateral.EncumbranceKind(en.Kind), Holder: en.Holder, Rank: en.Rank, Amount: d.moneyZ(en.Amount),
					RegisteredOn: d.date(en.RegisteredOn), LeaseStart: d.date(en.LeaseStart), HandedOverOn: d.date(en.HandedOverOn), LeaseEnd: d.date(en.LeaseEnd),
				}
			}),
			Occupancy: collateral.Occupancy{SoleResidence: c.Occupancy.SoleResidence, Occupant: c.Occupancy.Occupant},
			Appraisals: convert(c.Appraisals, func(a *appraisalDoc) collateral.Appraisal {
				return collateral.Appraisal{Appraiser: a.Appraiser, Method: collateral.Method(a.Method), Value: d.money(a.Value), Date: d.date(a.Date), Report: a.Report}
			}),
			Perfection: collateral.Perfection{
				Registered: c.Perfection.Registered, RegisteredOn: d.date(c.Perfection.RegisteredOn),
				Delivered: c.Perfection.Delivered, DeliveredOn: d.date(c.Perfection.DeliveredOn),
				Registry: c.Perfection.Registry, Reference: c.Perfection.Reference, Evidence: c.Perfection.Evidence,
			},
		},
		Registration: ptr(c.Registration, func(r *registrationDoc) collateral.Registration {
			return collateral.Registration{
				CertificateNumber: r.CertificateNumber, UnitNumber: r.UnitNumber, Registry: r.Registry, Mortgagee: r.Mortgagee,
				Mortgagors: r.Mortgagors, SecuredAmount: d.money(r.SecuredAmount), MaximumAmount: r.MaximumAmount,
				TermEnd: d.date(r.TermEnd), RegisteredOn: d.date(r.RegisteredOn), Rank: r.Rank,
			}
		}),
	}
}

// indexStore reads the index tables through q: the read pool, or a
// transaction.
type indexStore struct{ q bun.IDB }

// collateralRow indexes a case's collateral by title certificate and unit
// number, so that the same property named in another case is found without
// reading every case.
type collateralRow struct {
	bun.BaseModel `bun:"table:case_collateral"`

	CaseID      string `bun:"case_id,pk"`
	ItemID      string `bun:"item_id,pk"`
	TitleNumber string `bun:"title_number,nullzero"`
	UnitNumber  string `bun:"unit_number,nullzero"`
}

// collateralRows are the collateral index rows of c.
func collateralRows(c *duediligence.Case) []collateralRow {
	var rows []collateralRow
	for _, it := range c.Collateral {
		title, unit := duediligence.NormalizeCollateralNumber(it.TitleNumber), duediligence.NormalizeCollateralNumber(it.UnitNumber)
		if title == "" && unit == "" {
			continue
		}
		rows = append(rows, collateralRow{CaseID: c.ID, ItemID: it.ID, TitleNumber: title, UnitNumber: unit})
	}
	return rows
}

// closedStages are the stages whose cases no longer claim their collateral.
var closedStages = []string{string(duediligence.StageRejected), string(duediligence.StageClosed), string(duediligence.StageWithdrawn)}

// FindCollateralExposure returns the collateral items of open or active
// cases other than caseID that name one of the title or unit numbers.
func (s indexStore) FindCollateralExposure(ctx context.Context, caseID string, titles, units []string) (out []duediligence.Exposure, err error) {
	defer duediligence.Wrap(&err, "IndexStore.FindCollateralExposure")
	norm := func(in []string) []string {
		var out []string
		for _, v := range in {
			if v = duediligence.NormalizeCollateralNumber(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	titles, units = norm(titles), norm(units)
	if len(titles) == 0 && len(units) == 0 {
		return nil, nil
	}
	var rows []struct {
		CaseID       string `bun:"case_id"`
		ItemID       string `bun:"item_id"`
		TitleNumber  string `bun:"title_number"`
		UnitNumber   string `bun:"unit_number"`
		Stage        string `bun:"stage"`
		LedgerNumber string `bun:"ledger_number"`
	}
	q := s.q.NewSelect().TableExpr("case_collateral AS cc").
		ColumnExpr("cc.case_id, cc.item_id, cc.title_number, cc.unit_number, c.stage, c.ledger_number").
		Join("JOIN cases AS c ON c.id = cc.case_id").
		Where("cc.case_id <> ?", caseID).
		Where("c.stage NOT IN (?)", bun.List(closedStages)).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			if len(titles) > 0 {
				q = q.WhereOr("cc.title_number IN (?)", bun.List(titles))
			}
			if len(units) > 0 {
				q = q.WhereOr("cc.unit_number IN (?)", bun.List(units))
			}
			return q
		}).
		OrderExpr("cc.case_id, cc.item_id").
		Limit(100)
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, err
	}
	for _, r := range rows {
		out = append(out, duediligence.Exposure{CaseID: r.CaseID, ItemID: r.ItemID, Stage: duediligence.Stage(r.Stage),
			LedgerNumber: r.LedgerNumber, TitleNumber: r.TitleNumber, UnitNumber: r.UnitNumber})
	}
	return out, nil
}
