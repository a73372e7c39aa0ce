package store

import (
	"encoding/json"
	"time"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// contractingDoc is a duediligence.Contracting as stored: the contract
// date, the contract set as drafted and what was recorded of the signing.
// Absent in documents written before the contract phase existed, and in
// cases not yet drafted. Contracts is absent in documents written before
// the set was stored, which duediligence drafts on read until their next
// write stores it.
type contractingDoc struct {
	ContractDate string    `json:"contract_date"`
	DraftedBy    string    `json:"drafted_by,omitempty"`
	DraftedAt    time.Time `json:"drafted_at,omitzero"`
	// Contracts are the drafted contracts, each the contracts package's
	// JSON of the contract (its data and its hash) as drafted, so that a
	// later change of the case does not alter a drafted or signed
	// contract — but for the installments of the loan contract's
	// indicative schedule, which are computed again from the schedule's
	// stored terms on reading (see leanContract): the hash, which covers
	// them, proves them the same as drafted (contract.current).
	Contracts  []json.RawMessage `json:"contracts,omitempty"`
	Signatures []signatureDoc    `json:"signatures"`
	Fees       []feeDoc          `json:"fees"`
	Conditions []conditionMetDoc `json:"conditions"`
	Registries []itemRegistryDoc `json:"registries,omitempty"`
}

type itemRegistryDoc struct {
	ItemID   string `json:"item_id"`
	Registry string `json:"registry"`
}

type signatureDoc struct {
	ID         string    `json:"id"`
	Contract   string    `json:"contract"`
	Name       string    `json:"name"`
	IDNumber   string    `json:"id_number,omitempty"`
	Capacity   string    `json:"capacity"`
	Method     string    `json:"method,omitempty"`
	Document   string    `json:"document,omitempty"`
	Reference  string    `json:"reference,omitempty"`
	SignedOn   string    `json:"signed_on"`
	Witness    string    `json:"witness,omitempty"`
	Hash       string    `json:"hash"`
	RecordedBy string    `json:"recorded_by,omitempty"`
	RecordedAt time.Time `json:"recorded_at,omitzero"`
}

type feeDoc struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Amount     string    `json:"amount"`
	Payer      string    `json:"payer,omitempty"`
	PaidTo     string    `json:"paid_to,omitempty"`
	Required   bool      `json:"required_by_lender,omitempty"`
	PaidOn     string    `json:"paid_on"`
	Receipt    string    `json:"receipt,omitempty"`
	RecordedBy string    `json:"recorded_by,omitempty"`
	RecordedAt time.Time `json:"recorded_at,omitzero"`
}

type conditionMetDoc struct {
	Index     int       `json:"index"`
	Condition string    `json:"condition"`
	Evidence  string    `json:"evidence"`
	Document  string    `json:"document,omitempty"`
	By        string    `json:"by,omitempty"`
	ByName    string    `json:"by_name,omitempty"`
	At        time.Time `json:"at,omitzero"`
}

func (e *encoder) contractingDoc(k *duediligence.Contracting) contractingDoc {
	return contractingDoc{
		ContractDate: e.date(k.ContractDate), DraftedBy: k.DraftedBy, DraftedAt: k.DraftedAt,
		Contracts: convert(k.Contracts, func(c *duediligence.ContractStatus) json.RawMessage {
			b, err := json.Marshal(leanContract(c.Contract))
			if err != nil {
				e.fail(err)
			}
			return b
		}),
		Signatures: convert(k.Signatures, func(s *duediligence.Signature) signatureDoc {
			return signatureDoc{ID: s.ID, Contract: s.Contract, Name: s.Name, IDNumber: s.IDNumber, Capacity: string(s.Capacity),
				Method: string(s.Method), Document: s.Document, Reference: s.Reference, SignedOn: e.date(s.SignedOn), Witness: s.Witness,
				Hash: s.Hash, RecordedBy: s.RecordedBy, RecordedAt: s.RecordedAt}
		}),
		Fees: convert(k.Fees, func(f *duediligence.FeePayment) feeDoc {
			return feeDoc{ID: f.ID, Name: f.Name, Amount: e.money(f.Amount), Payer: f.Payer, PaidTo: string(f.PaidTo), Required: f.RequiredByLender, PaidOn: e.date(f.PaidOn),
				Receipt: f.Receipt, RecordedBy: f.RecordedBy, RecordedAt: f.RecordedAt}
		}),
		Conditions: convert(k.Conditions, func(m *duediligence.ConditionMet) conditionMetDoc {
			return conditionMetDoc{Index: m.Index, Condition: m.Condition, Evidence: m.Evidence, Document: m.Document, By: m.By, ByName: m.ByName, At: m.At}
		}),
		Registries: convert(k.Registries, func(r *duediligence.ItemRegistry) itemRegistryDoc {
			return itemRegistryDoc{ItemID: r.ItemID, Registry: r.Registry}
		}),
	}
}

func (d *decoder) contracting(k *contractingDoc) duediligence.Contracting {
	return duediligence.Contracting{
		ContractDate: d.date(k.ContractDate), DraftedBy: k.DraftedBy, DraftedAt: k.DraftedAt,
		Contracts: convert(k.Contracts, func(raw *json.RawMessage) duediligence.ContractStatus {
			var c duediligence.ContractStatus
			if err := json.Unmarshal(*raw, &c.Contract); err != nil {
				d.fail(err)
			}
			if err := withInstallments(&c.Contract); err != nil {
				d.fail(err)
			}
			return c
		}),
		Signatures: convert(k.Signatures, func(s *signatureDoc) duediligence.Signature {
			return duediligence.Signature{ID: s.ID, Contract: s.Contract, Name: s.Name, IDNumber: s.IDNumber, Capacity: contracts.Capacity(s.Capacity),
				Method: duediligence.SignatureMethod(s.Method), Document: s.Document, Reference: s.Reference, SignedOn: d.date(s.SignedOn),
				Witness: s.Witness, Hash: s.Hash, RecordedBy: s.RecordedBy, RecordedAt: s.RecordedAt}
		}),
		Fees: convert(k.Fees, func(f *feeDoc) duediligence.FeePayment {
			return duediligence.FeePayment{ID: f.ID, Name: f.Name, Amount: d.money(f.Amount), Payer: f.Payer, PaidTo: feePayee(f.PaidTo),
				RequiredByLender: f.Required, PaidOn: d.date(f.PaidOn),
				Receipt: f.Receipt, RecordedBy: f.RecordedBy, RecordedAt: f.RecordedAt}
		}),
		Conditions: convert(k.Conditions, func(m *conditionMetDoc) duediligence.ConditionMet {
			return duediligence.ConditionMet{Index: m.Index, Condition: m.Condition, Evidence: m.Evidence, Document: m.Document, By: m.By, ByName: m.ByName, At: m.At}
		}),
		Registries: convert(k.Registries, func(r *itemRegistryDoc) duediligence.ItemRegistry {
			return duediligence.ItemRegistry{ItemID: r.ItemID, Registry: r.Registry}
		}),
	}
}

// feePayee is the payee of a stored fee: the lender for fees stored before
// the payee was recorded, which were all the lender's.
func feePayee(s string) duediligence.FeePayee {
	if s == "" {
		return duediligence.FeeToLender
	}
	return duediligence.FeePayee(s)
}

// leanContract is c as stored: without the installments of its schedule,
// the bulk of a loan contract's data and of the time to decode it, which
// withInstallments computes again from the schedule's terms.
func leanContract(c contracts.Contract) *contracts.Contract {
	if c.Schedule != nil {
		s := *c.Schedule
		s.Installments = nil
		c.Schedule = &s
	}
	return &c
}

// withInstallments computes the installments of a stored contract's
// schedule from its terms. The contract's hash covers them: a schedule
// that the code of today computes otherwise than at drafting no longer
// has the hash it was signed with, which contract.current reports.
func withInstallments(c *contracts.Contract) error {
	if c.Schedule == nil || c.Schedule.Installments != nil {
		return nil
	}
	s, err := contracts.NewSchedule(c.Schedule.Terms)
	if err != nil {
		return err
	}
	c.Schedule.Installments = s.Installments
	return nil
}
