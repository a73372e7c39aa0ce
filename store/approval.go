package store

import (
	"time"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// approvalDoc is a duediligence.Approval (立项审批表) as stored.
type approvalDoc struct {
	Round int `json:"round"`
	// Kind is the round's kind, left out for a credit round: every round
	// stored before rounds had a kind was a submission's, so a document
	// without it reads as it always did, and one written now reads the same
	// in a Jinzhi that predates kinds (no format version is needed).
	Kind        string            `json:"kind,omitempty"`
	SubmittedAt time.Time         `json:"submitted_at,omitzero"`
	Steps       []approvalStepDoc `json:"steps"`
	Outcome     string            `json:"outcome,omitempty"`
	ReportHash  string            `json:"report_hash,omitempty"`
	// Extension is an extension round's request (absent in other rounds).
	Extension *extensionDoc `json:"extension,omitempty"`
	// WriteOff is a write-off round's request (absent in other rounds).
	WriteOff *writeOffDoc `json:"write_off,omitempty"`
}

// writeOffDoc is a duediligence.WriteOff as stored.
type writeOffDoc struct {
	Reason      string   `json:"reason"`
	Evidence    []string `json:"evidence"`
	RequestedBy string   `json:"requested_by"`
	EffectiveOn string   `json:"effective_on,omitempty"`
	Amount      string   `json:"amount,omitempty"`
}

func (e *encoder) writeOffDoc(w *duediligence.WriteOff) writeOffDoc {
	d := writeOffDoc{Reason: w.Reason, Evidence: w.Evidence, RequestedBy: w.RequestedBy, Amount: e.moneyZ(w.Amount)}
	if !w.EffectiveOn.IsZero() {
		d.EffectiveOn = e.date(w.EffectiveOn)
	}
	return d
}

func (d *decoder) writeOff(w *writeOffDoc) duediligence.WriteOff {
	out := duediligence.WriteOff{Reason: w.Reason, Evidence: w.Evidence, RequestedBy: w.RequestedBy, Amount: d.moneyZ(w.Amount)}
	if w.EffectiveOn != "" {
		out.EffectiveOn = d.date(w.EffectiveOn)
	}
	return out
}

// extensionDoc is a duediligence.Extension as stored.
type extensionDoc struct {
	Months      int                   `json:"months"`
	Reason      string                `json:"reason"`
	Maturity    string                `json:"maturity"`
	NewMaturity string                `json:"new_maturity"`
	Consents    []guarantorConsentDoc `json:"consents"`
	RequestedBy string                `json:"requested_by"`
	EffectiveOn string                `json:"effective_on,omitempty"`
}

type guarantorConsentDoc struct {
	GuaranteeID  string    `json:"guarantee_id"`
	CollateralID string    `json:"collateral_id,omitempty"`
	DocumentID   string    `json:"document_id"`
	By           string    `json:"by"`
	At           time.Time `json:"at"`
}

func (e *encoder) extensionDoc(x *duediligence.Extension) extensionDoc {
	d := extensionDoc{Months: x.Months, Reason: x.Reason, Maturity: e.date(x.Maturity), NewMaturity: e.date(x.NewMaturity),
		RequestedBy: x.RequestedBy, Consents: convert(x.Consents, func(c *duediligence.GuarantorConsent) guarantorConsentDoc {
			return guarantorConsentDoc{GuaranteeID: c.GuaranteeID, CollateralID: c.CollateralID, DocumentID: c.DocumentID, By: c.By, At: c.At}
		})}
	if !x.EffectiveOn.IsZero() {
		d.EffectiveOn = e.date(x.EffectiveOn)
	}
	return d
}

func (d *decoder) extension(x *extensionDoc) duediligence.Extension {
	out := duediligence.Extension{Months: x.Months, Reason: x.Reason, Maturity: d.date(x.Maturity), NewMaturity: d.date(x.NewMaturity),
		RequestedBy: x.RequestedBy, Consents: convert(x.Consents, func(c *guarantorConsentDoc) duediligence.GuarantorConsent {
			return duediligence.GuarantorConsent{GuaranteeID: c.GuaranteeID, CollateralID: c.CollateralID, DocumentID: c.DocumentID, By: c.By, At: c.At}
		})}
	if x.EffectiveOn != "" {
		out.EffectiveOn = d.date(x.EffectiveOn)
	}
	return out
}

type approvalStepDoc struct {
	Role         string   `json:"role"`
	Decision     string   `json:"decision,omitempty"`
	Approver     string   `json:"approver,omitempty"`
	ApproverName string   `json:"approver_name,omitempty"`
	Comment      string   `json:"comment,omitempty"`
	Conditions   []string `json:"conditions,omitempty"`
	// Terms are the approved terms the step fixed; absent in documents
	// written before approvals set terms.
	Terms *approvedTermsDoc `json:"terms,omitempty"`
	At    time.Time         `json:"at,omitzero"`
}

// approvedTermsDoc is a duediligence.ApprovedTerms as stored: absent fields
// keep the terms standing before the step.
type approvedTermsDoc struct {
	Amount          *string `json:"amount,omitempty"`
	TermMonths      *int    `json:"term_months,omitempty"`
	AnnualRate      *string `json:"annual_rate,omitempty"`
	RepaymentMethod *string `json:"repayment_method,omitempty"`
}

func (e *encoder) approvedTermsDoc(t *duediligence.ApprovedTerms) approvedTermsDoc {
	return approvedTermsDoc{Amount: e.moneyP(t.Amount), TermMonths: t.TermMonths,
		AnnualRate:      ptr(t.AnnualRate, func(r *money.Rate) string { return r.String() }),
		RepaymentMethod: ptr(t.RepaymentMethod, func(m *contracts.RepaymentMethod) string { return string(*m) })}
}

func (d *decoder) approvedTerms(t *approvedTermsDoc) duediligence.ApprovedTerms {
	return duediligence.ApprovedTerms{Amount: d.moneyP(t.Amount), TermMonths: t.TermMonths,
		AnnualRate: ptr(t.AnnualRate, func(s *string) money.Rate {
			r, err := money.ParseRate(*s)
			if err != nil {
				d.fail(err)
			}
			return r
		}),
		RepaymentMethod: ptr(t.RepaymentMethod, func(s *string) contracts.RepaymentMethod { return contracts.RepaymentMethod(*s) })}
}

func (e *encoder) approvalDoc(a *duediligence.Approval) approvalDoc {
	kind := string(a.Kind)
	if a.Kind == duediligence.ApprovalCredit {
		kind = ""
	}
	return approvalDoc{
		Round: a.Round, Kind: kind, SubmittedAt: a.SubmittedAt, Outcome: string(a.Outcome), ReportHash: a.ReportHash,
		Extension: ptr(a.Extension, e.extensionDoc), WriteOff: ptr(a.WriteOff, e.writeOffDoc),
		Steps: convert(a.Steps, func(s *duediligence.ApprovalStep) approvalStepDoc {
			return approvalStepDoc{Role: string(s.Role), Decision: string(s.Decision), Approver: s.Approver, ApproverName: s.ApproverName,
				Comment: s.Comment, Conditions: s.Conditions, Terms: ptr(s.Terms, e.approvedTermsDoc), At: s.At}
		}),
	}
}

func (d *decoder) approval(a *approvalDoc) duediligence.Approval {
	kind := duediligence.ApprovalKind(a.Kind)
	if kind == "" {
		kind = duediligence.ApprovalCredit
	}
	return duediligence.Approval{
		Round: a.Round, Kind: kind, SubmittedAt: a.SubmittedAt, Outcome: duediligence.Decision(a.Outcome), ReportHash: a.ReportHash,
		Extension: ptr(a.Extension, d.extension), WriteOff: ptr(a.WriteOff, d.writeOff),
		Steps: convert(a.Steps, func(s *approvalStepDoc) duediligence.ApprovalStep {
			return duediligence.ApprovalStep{Role: duediligence.Role(s.Role), Decision: duediligence.Decision(s.Decision), Approver: s.Approver,
				ApproverName: s.ApproverName, Comment: s.Comment, Conditions: s.Conditions, Terms: ptr(s.Terms, d.approvedTerms), At: s.At}
		}),
	}
}
