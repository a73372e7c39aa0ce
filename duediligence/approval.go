package duediligence

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// ApprovalLevel is one row of the policy's approval matrix: loans above
// Above also need a step signed by Role (审批权限).
type ApprovalLevel struct {
	// Above is the amount the principal must exceed; zero means every loan.
	Above money.Money `json:"above"`
	Role  Role        `json:"role"`
}

// DefaultApprovalMatrix is the matrix of DESIGN §5: the department manager
// always; above 1,000,000 also the risk officer; above 5,000,000 also the
// general manager.
func DefaultApprovalMatrix() []ApprovalLevel {
	return []ApprovalLevel{
		{Role: RoleDepartmentManager},
		{Above: money.MustMoney("1000000.00"), Role: RoleRiskOfficer},
		{Above: money.MustMoney("5000000.00"), Role: RoleGeneralManager},
	}
}

// Decision is an approver's answer on a step.
type Decision string

// Decisions.
const (
	DecisionApprove Decision = "approve" // 同意
	DecisionReject  Decision = "reject"  // 否决
	DecisionReturn  Decision = "return"  // 退回补充调查
)

// ApprovalStep is one signature the approval form (立项审批表) needs.
type ApprovalStep struct {
	Role         Role     `json:"role"`
	Decision     Decision `json:"decision,omitempty"`
	Approver     string   `json:"approver,omitempty"`
	ApproverName string   `json:"approver_name,omitempty"`
	Comment      string   `json:"comment,omitempty"`
	Conditions   []string `json:"conditions,omitempty"`
	// Terms are the terms the step fixes, if any (the last step's stand).
	Terms *ApprovedTerms `json:"terms,omitempty"`
	At    time.Time      `json:"at,omitzero"`
}

// Approval is the approval form of one submission: its chain of steps, built
// from the policy's matrix by amount when the case is submitted.
type Approval struct {
	Round       int            `json:"round"`
	SubmittedAt time.Time      `json:"submitted_at"`
	Steps       []ApprovalStep `json:"steps"`
	// Outcome is approved, rejected or returned once decided.
	Outcome Decision `json:"outcome,omitempty"`
	// ReportHash is the SHA-256 of the report frozen for this submission.
	ReportHash string `json:"report_hash"`
}

// DecisionInput is an approver's decision on the case's current step.
type DecisionInput struct {
	// Decision is approve, reject or return.
	Decision Decision `json:"decision"`
	// Comment is at most 5000 characters, required to reject or return.
	Comment string `json:"comment,omitempty"`
	// Conditions are at most 50 conditions of at most 1000 characters each.
	Conditions []string `json:"conditions,omitempty"`
	// Terms, with an approval, fix the loan's terms: the amount (at most
	// the requested one), term, rate and method. Absent fields keep the
	// terms standing before the step.
	Terms *ApprovedTerms `json:"terms,omitempty"`
}

// The limits of a decision's conditions.
const (
	maxConditions = 50
	maxCondition  = 1000
)

func (in *DecisionInput) validate(p *check.Problems) {
	p.OneOf("decision", string(in.Decision), string(DecisionApprove), string(DecisionReject), string(DecisionReturn))
	p.Text("comment", in.Comment, maxText)
	p.Texts("conditions", in.Conditions, maxConditions, maxCondition)
	if (in.Decision == DecisionReject || in.Decision == DecisionReturn) && strings.TrimSpace(in.Comment) == "" {
		p.Add(fieldError("comment", check.ErrRequired, "decision.comment_required", check.Params{"decision": "decision." + string(in.Decision)}))
	}
	if in.Terms != nil && in.Decision != DecisionApprove {
		p.Add(fieldError("terms", check.ErrRange, "decision.terms_without_approval", nil))
	}
}

// chainFor builds the approval steps for a principal from the matrix.
func chainFor(matrix []ApprovalLevel, amount money.Money) []ApprovalStep {
	var steps []ApprovalStep
	for _, l := range matrix {
		if amount.Cmp(l.Above) > 0 || l.Above.IsZero() {
			steps = append(steps, ApprovalStep{Role: l.Role})
		}
	}
	return steps
}

// currentApproval returns the approval of the latest submission, or nil.
func (c *Case) currentApproval() *Approval {
	if len(c.Approvals) == 0 {
		return nil
	}
	return &c.Approvals[len(c.Approvals)-1]
}

// investigators are the people who recorded findings, and the owner.
func (c *Case) investigators() []string {
	out := []string{c.Owner}
	for _, ci := range c.CoInvestigators {
		out = append(out, ci.ID)
	}
	for _, f := range c.Findings {
		if !slices.Contains(out, f.Investigator) {
			out = append(out, f.Investigator)
		}
	}
	return out
}

// Decide records an approver's decision on the next undecided step of the
// approval chain (审贷分离): the approver's role must be the step's, and no
// approver may be the owner or an investigator of the case or have signed
// another step. Reject rejects the case; return sends it back to
// investigation with the reasons; the last approval approves it.
func (s *Service) Decide(ctx context.Context, actor Actor, caseID string, expected int, in DecisionInput) (c *Case, err error) {
	defer Wrap(&err, "Service.Decide")
	var probs check.Problems
	in.validate(&probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "case.decided", roles: []Role{RoleDepartmentManager, RoleRiskOfficer, RoleGeneralManager},
		stages: []Stage{StageSubmitted},
		duties: func(c *Case, actor Actor) error {
			a := c.currentApproval()
			if c.Stage != StageSubmitted || a == nil || !slices.Contains(c.investigators(), actor.ID) {
				return nil
			}
			i := slices.IndexFunc(a.Steps, func(st ApprovalStep) bool { return st.Decision == "" })
			if i < 0 {
				return nil
			}
			return separationOfDuties("case.decided", fmtPath(fmtPath("approvals", len(c.Approvals)-1)+".steps", i), a.Steps[i].Role,
				"process.separation_of_duties.investigator", nil)
		},
		apply: func(c *Case, now time.Time) (any, error) {
			a := c.currentApproval()
			if a == nil {
				return nil, errorKey(CodeConflict, "error.no_approval", nil)
			}
			i := slices.IndexFunc(a.Steps, func(st ApprovalStep) bool { return st.Decision == "" })
			if i < 0 {
				return nil, errorKey(CodeConflict, "error.approval_decided", nil)
			}
			var probs check.Problems
			in.Terms.validate("terms", c.Request, &probs)
			if err := invalid(&probs); err != nil {
				return nil, err
			}
			step := &a.Steps[i]
			path := fmtPath(fmtPath("approvals", len(c.Approvals)-1)+".steps", i)
			switch {
			case step.Role != actor.Role:
				return nil, separationOfDuties("case.decided", path, step.Role, "process.separation_of_duties.step_role",
					check.Params{"step": strconv.Itoa(i + 1), "steps": strconv.Itoa(len(a.Steps)), "role": "role." + string(step.Role), "actor_role": "role." + string(actor.Role)})
			case slices.Contains(c.investigators(), actor.ID):
				return nil, separationOfDuties("case.decided", path, step.Role, "process.separation_of_duties.investigator", nil)
			case slices.ContainsFunc(a.Steps, func(st ApprovalStep) bool { return st.Approver == actor.ID }):
				return nil, separationOfDuties("case.decided", path, step.Role, "process.separation_of_duties.two_steps", nil)
			}
			*step = ApprovalStep{Role: step.Role, Decision: in.Decision, Approver: actor.ID, ApproverName: actor.Name,
				Comment: in.Comment, Conditions: in.Conditions, Terms: in.Terms, At: now}
			data := map[string]any{"round": a.Round, "step": i + 1, "role": step.Role, "decision": in.Decision, "comment": in.Comment, "conditions": in.Conditions}
			if in.Terms != nil {
				data["terms"] = in.Terms
			}
			to := Stage("")
			switch {
			case in.Decision == DecisionReject:
				to, a.Outcome = StageRejected, DecisionReject
			case in.Decision == DecisionReturn:
				to, a.Outcome = StageInvestigation, DecisionReturn
				c.Report.unfreeze()
			case i == len(a.Steps)-1:
				if unmet := blocking(c, s.workflow.Check(c, StageApproved, GateEnv{Now: now, Policy: s.policy})); len(unmet) > 0 {
					return nil, &Error{Code: CodeGate, Message: fmt.Sprintf("cannot approve: %d condition(s) unmet", len(unmet)), Unmet: unmet}
				}
				to, a.Outcome = StageApproved, DecisionApprove
			}
			if to != "" {
				c.Transitions = append(c.Transitions, StageChange{From: c.Stage, To: to, By: actor.ID, At: now, Reason: in.Comment})
				c.Stage = to
				data["to"] = to
			}
			return data, nil
		},
	})
}
