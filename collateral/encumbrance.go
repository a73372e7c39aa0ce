package collateral

import (
	"github.com/jinzhi-dev/jinzhi/money"
)

// EncumbranceKind is the kind of a right a third party holds over an item.
type EncumbranceKind string

// The encumbrance kinds. Seizure is not one: it is a legal status
// (LegalStatus.Sealed, Seized, Supervised) that bars the item altogether.
const (
	// EncumbranceLien is a prior mortgage or pledge (在先抵押、质押).
	EncumbranceLien EncumbranceKind = "lien"
	// EncumbranceLease is a lease of the item (租赁).
	EncumbranceLease EncumbranceKind = "lease"
)

// Encumbrance is a right a third party holds over the item (权利负担): a
// prior lien, which ranks before a later mortgage (Civil Code art. 414), or
// a lease, which survives a later mortgage if made and handed over before
// it (art. 405).
type Encumbrance struct {
	// Kind is lien or lease.
	Kind EncumbranceKind `json:"kind"`
	// Holder is the lien holder or the tenant.
	Holder string `json:"holder"`

	// Rank is a lien's rank in the register (1 = first); 0 when unknown,
	// in which case the lien counts as senior to the lender's.
	Rank int `json:"rank,omitempty"`
	// Amount is the amount a lien secures (for a maximum-amount mortgage,
	// the maximum).
	Amount money.Money `json:"amount,omitzero"`
	// RegisteredOn is the day a lien was registered.
	RegisteredOn money.Date `json:"registered_on,omitzero"`

	// LeaseStart is the day a lease was made (its contract date; its start
	// date where that is all that is known).
	LeaseStart money.Date `json:"lease_start,omitzero"`
	// HandedOverOn is the day the leased item was handed to the tenant (交付).
	HandedOverOn money.Date `json:"handed_over_on,omitzero"`
	// LeaseEnd is the day a lease ends.
	LeaseEnd money.Date `json:"lease_end,omitzero"`
}

// seniorTo reports whether a lien ranks before a mortgage of rank rank.
// An unknown rank on either side counts as senior: the cautious reading.
func (e Encumbrance) seniorTo(rank int) bool {
	if e.Kind != EncumbranceLien {
		return false
	}
	if e.Rank <= 0 || rank <= 0 {
		return true
	}
	return e.Rank < rank
}

// SeniorLiens returns the indexes of the item's liens that rank before the
// lender's own mortgage (Item.Rank).
func (it Item) SeniorLiens() []int {
	var out []int
	for i, e := range it.Encumbrances {
		if e.seniorTo(it.Rank) {
			out = append(out, i)
		}
	}
	return out
}
