package store

import (
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// approvalDoc is a duediligence.Approval (立项审批表) as stored.
type approvalDoc struct {
	Round       int               `json:"round"`
	SubmittedAt time.Time         `json:"submitted_at,omitzero"`
	Steps       []approvalStepDoc `json:"steps"`
	Outcome     string            `json:"outcome,omitempty"`
	ReportHash  string            `json:"report_hash,omitempty"`
}

type approvalStepDoc struct {
	Role         string    `json:"role"`
	Decision     string    `json:"decision,omitempty"`
	Approver     string    `json:"approver,omitempty"`
	ApproverName string    `json:"approver_name,omitempty"`
	Comment      string    `json:"comment,omitempty"`
	Conditions   []string  `json:"conditions,omitempty"`
	At           time.Time `json:"at,omitzero"`
}

func (e *encoder) approvalDoc(a *duediligence.Approval) approvalDoc {
	return approvalDoc{
		Round: a.Round, SubmittedAt: a.SubmittedAt, Outcome: string(a.Outcome), ReportHash: a.ReportHash,
		Steps: convert(a.Steps, func(s *duediligence.ApprovalStep) approvalStepDoc {
			return approvalStepDoc{Role: string(s.Role), Decision: string(s.Decision), Approver: s.Approver, ApproverName: s.ApproverName,
				Comment: s.Comment, Conditions: s.Conditions, At: s.At}
		}),
	}
}

func (d *decoder) approval(a *approvalDoc) duediligence.Approval {
	return duediligence.Approval{
		Round: a.Round, SubmittedAt: a.SubmittedAt, Outcome: duediligence.Decision(a.Outcome), ReportHash: a.ReportHash,
		Steps: convert(a.Steps, func(s *approvalStepDoc) duediligence.ApprovalStep {
			return duediligence.ApprovalStep{Role: duediligence.Role(s.Role), Decision: duediligence.Decision(s.Decision), Approver: s.Approver,
				ApproverName: s.ApproverName, Comment: s.Comment, Conditions: s.Conditions, At: s.At}
		}),
	}
}
