package duediligence

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// SignatureMethod is how a party signed.
type SignatureMethod string

// Signature methods.
const (
	SignWetInk     SignatureMethod = "wet_ink"     // 手写签字（盖章），扫描页存档
	SignElectronic SignatureMethod = "e_signature" // 电子签名
)

// Signature is one party's signature of one contract (签字), as the
// account manager records it: who, in what capacity, how, when, before whom,
// and the hash of the contract as signed.
type Signature struct {
	ID string `json:"id"`
	// Contract is the contract's number.
	Contract string             `json:"contract"`
	Name     string             `json:"name"`
	IDNumber string             `json:"id_number,omitempty"`
	Capacity contracts.Capacity `json:"capacity"`
	Method   SignatureMethod    `json:"method"`
	// Document is the scanned signed page among the case's documents (wet
	// ink); Reference the e-signature platform's reference.
	Document  string     `json:"document,omitempty"`
	Reference string     `json:"reference,omitempty"`
	SignedOn  money.Date `json:"signed_on"`
	Witness   string     `json:"witness,omitempty"`
	// Hash is the contract's hash when it was signed.
	Hash       string    `json:"hash"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
}

// SignatureInput records a signature.
type SignatureInput struct {
	Contract string             `json:"-"`
	Name     string             `json:"name"`
	IDNumber string             `json:"id_number,omitempty"`
	Capacity contracts.Capacity `json:"capacity"`
	Method   SignatureMethod    `json:"method"`
	Document string             `json:"document,omitempty"`
	// Reference is required for an e-signature, at most 200 characters.
	Reference string `json:"reference,omitempty"`
	// SignedOn defaults to today; it may not be in the future nor before
	// the contract date.
	SignedOn money.Date `json:"signed_on,omitzero"`
	Witness  string     `json:"witness,omitempty"`
}

func capacityNames() []string {
	var out []string
	for _, c := range contracts.Capacities() {
		out = append(out, string(c))
	}
	return out
}

func (in *SignatureInput) validate(p *check.Problems) {
	p.RequiredText("name", in.Name, maxName)
	p.Text("id_number", in.IDNumber, maxID)
	p.OneOf("capacity", string(in.Capacity), capacityNames()...)
	p.OneOf("method", string(in.Method), string(SignWetInk), string(SignElectronic))
	p.Text("document", in.Document, maxID)
	p.Text("reference", in.Reference, 200)
	p.Text("witness", in.Witness, maxName)
	switch {
	case in.Method == SignWetInk && in.Document == "":
		p.Add(fieldError("document", check.ErrRequired, "signature.scan_required", nil))
	case in.Method == SignElectronic && strings.TrimSpace(in.Reference) == "":
		p.Add(check.Required("reference"))
	}
}

// RecordSignature records a party's signature of a contract (the account
// manager, who arranges the signing). A signer who is not a party of that
// contract in that capacity is refused, naming the contract and the person.
func (s *Service) RecordSignature(ctx context.Context, actor Actor, caseID string, expected int, in SignatureInput) (c *Case, sig Signature, err error) {
	defer Wrap(&err, "Service.RecordSignature")
	var probs check.Problems
	in.validate(&probs)
	if err := invalid(&probs); err != nil {
		return nil, Signature{}, err
	}
	c, id, err := s.mutateID(ctx, actor, caseID, expected, mutation{
		action: "contract.signed", stages: []Stage{StageContracting},
		apply: func(c *Case, now time.Time) (any, error) {
			ct, ok := c.Contract(in.Contract)
			if !ok {
				return nil, errorKey(CodeNotFound, "error.no_contract", check.Params{"id": in.Contract})
			}
			party, ok := ct.Party(in.Name, in.IDNumber)
			if !ok || party.Capacity != in.Capacity {
				return nil, &Error{Code: CodeInvalid, Message: "invalid input", Fields: []FieldError{fieldError("name", check.ErrNotFound, "signature.not_a_party",
					check.Params{"name": check.Shown(in.Name), "capacity": string(in.Capacity), "contract": ct.Number})}}
			}
			on := in.SignedOn
			if on.IsZero() {
				on = BusinessDate(now)
			}
			if on.After(BusinessDate(now)) {
				return nil, invalidField(check.InFuture("signed_on", on.String()))
			}
			if on.Before(ct.Date) {
				fe := fieldError("signed_on", check.ErrRange, "signature.before_contract", check.Params{"date": ct.Date.String()})
				fe.Value = on.String()
				return nil, invalidField(fe)
			}
			if in.Document != "" && c.documentIndex(in.Document) < 0 {
				return nil, invalidField(fieldError("document", check.ErrNotFound, "signature.document_unknown", check.Params{"id": check.Shown(in.Document)}))
			}
			sig := Signature{ID: s.ids.NewID(), Contract: ct.Number, Name: party.Name, IDNumber: party.IDNumber, Capacity: party.Capacity,
				Method: in.Method, Document: in.Document, Reference: in.Reference, SignedOn: on, Witness: in.Witness,
				Hash: ct.Hash, RecordedBy: actor.ID, RecordedAt: now}
			k := c.Contracting
			// A party's signature of the same text replaces an earlier one.
			k.Signatures = slices.DeleteFunc(k.Signatures, func(o Signature) bool {
				return o.Contract == sig.Contract && o.Name == sig.Name && o.Capacity == sig.Capacity
			})
			k.Signatures = append(k.Signatures, sig)
			return map[string]any{"id": sig.ID, "contract": sig.Contract, "name": sig.Name, "capacity": sig.Capacity, "method": sig.Method, "hash": sig.Hash}, nil
		},
	})
	if err != nil {
		return nil, Signature{}, err
	}
	for _, sg := range c.Contracting.Signatures {
		if sg.ID == id {
			sig = sg
		}
	}
	return c, sig, nil
}
