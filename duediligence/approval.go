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

// ApprovalKind is what an approval round decides (审批事项). Every round
// reuses the chain of the policy's matrix, the separation of duties and the
// decision's shape (DESIGN §5).
type ApprovalKind string

// The kinds of approval round.
const (
	// ApprovalCredit is the round of a submission (授信审批): its approval
	// moves the case to approved.
	ApprovalCredit ApprovalKind = "credit"
	// ApprovalExtension is the round of an extension of a disbursed loan
	// (展期审批): its approval extends the loan (extension.go).
	ApprovalExtension ApprovalKind = "extension"
	// ApprovalWriteOff is the round of the write-off of a 损失 loan (核销审批):
	// its approval moves the case to written_off (writeoff.go).
	ApprovalWriteOff ApprovalKind = "write_off"
)

// Approval is the approval form of one round: its chain of steps, built
// from the policy's matrix by amount when the round opens — on submission
// for a credit round, on the request for an extension or a write-off.
type Approval struct {
	Round int `json:"round"`
	// Kind is what the round decides; credit for every round opened before
	// rounds had a kind.
	Kind        ApprovalKind   `json:"kind"`
	SubmittedAt time.Time      `json:"submitted_at"`
	Steps       []ApprovalStep `json:"steps"`
	// Outcome is approved, rejected or returned once decided.
	Outcome Decision `json:"outcome,omitempty"`
	// ReportHash is the SHA-256 of the report frozen for this submission
	// (credit rounds).
	ReportHash string `json:"report_hash"`
	// Extension is what an extension round decides on.
	Extension *Extension `json:"extension,omitempty"`
	// WriteOff is what a write-off round decides on.
	WriteOff *WriteOff `json:"write_off,omitempty"`
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

// currentApproval returns the approval of the latest submission (the
// latest credit round), or nil: the one that fixed the loan's terms.
func (c *Case) currentApproval() *Approval {
	for i := len(c.Approvals) - 1; i >= 0; i-- {
		if c.Approvals[i].Kind == ApprovalCredit || c.Approvals[i].Kind == "" {
			return &c.Approvals[i]
		}
	}
	return nil
}

// CreditApproval returns the approval round of the latest submission (the
// latest credit round), or nil before one: the round the approval form
// (立项审批表) shows. Extension and write-off rounds come after it.
func (c *Case) CreditApproval() *Approval { return c.currentApproval() }

// latestRound returns the latest approval round of any kind, or nil.
func (c *Case) latestRound() *Approval {
	if len(c.Approvals) == 0 {
		return nil
	}
	return &c.Approvals[len(c.Approvals)-1]
}

// pendingRound returns the round of kind under way (not decided), or nil.
func (c *Case) pendingRound(kind ApprovalKind) *Approval {
	if a := c.latestRound(); a != nil && a.Kind == kind && a.Outcome == "" {
		return a
	}
	return nil
}

// roundStage is the stage a round of the kind is decided in.
func roundStage(k ApprovalKind) Stage {
	if k == ApprovalCredit || k == "" {
		return StageSubmitted
	}
	return StageDisbursed
}

// openRound appends a round of a kind with the chain of the matrix for
// the loan's amount, and returns it.
func (s *Service) openRound(c *Case, kind ApprovalKind, now time.Time) *Approval {
	c.Approvals = append(c.Approvals, Approval{Round: len(c.Approvals) + 1, Kind: kind, SubmittedAt: now,
		Steps: chainFor(s.policy.ApprovalMatrix, c.LoanTerms().Amount)})
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
// latest approval round (审贷分离): the approver's role must be the step's,
// and no approver may be the owner or an investigator of the case or have
// signed another step of the round. In a credit round, reject rejects the
// case; return sends it back to investigation with the reasons; the last
// approval approves it. In an extension or write-off round (on a disbursed
// loan) reject and return end the round and leave the loan as it is; the
// last approval extends the loan or writes it off.
func (s *Service) Decide(ctx context.Context, actor Actor, caseID string, expected int, in DecisionInput) (c *Case, err error) {
	defer Wrap(&err, "Service.Decide")
	var probs check.Problems
	in.validate(&probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	// onApproved is what the last approval of an extension or write-off
	// round writes besides the case, in the change's transaction.
	var onApproved func(ctx context.Context, tx Tx, c *Case, now time.Time) error
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "case.decided", roles: []Role{RoleDepartmentManager, RoleRiskOfficer, RoleGeneralManager},
		stages: []Stage{StageSubmitted, StageDisbursed},
		duties: func(c *Case, actor Actor) error {
			a := c.latestRound()
			if a == nil || c.Stage != roundStage(a.Kind) || a.Outcome != "" || !slices.Contains(c.investigators(), actor.ID) {
				return nil
			}
			i := slices.IndexFunc(a.Steps, func(st ApprovalStep) bool { return st.Decision == "" })
			if i < 0 {
				return nil
			}
			return separationOfDuties("case.decided", fmtPath(fmtPath("approvals", len(c.Approvals)-1)+".steps", i), a.Steps[i].Role,
				"process.separation_of_duties.investigator", nil)
		},
		inTx: func(ctx context.Context, tx Tx, c *Case, now time.Time) error {
			if onApproved == nil {
				return nil
			}
			return onApproved(ctx, tx, c, now)
		},
		apply: func(c *Case, now time.Time) (any, error) {
			onApproved = nil
			a := c.latestRound()
			if a == nil || c.Stage != roundStage(a.Kind) {
				return nil, errorKey(CodeConflict, "error.no_approval", nil)
			}
			i := slices.IndexFunc(a.Steps, func(st ApprovalStep) bool { return st.Decision == "" })
			if i < 0 || a.Outcome != "" {
				return nil, errorKey(CodeConflict, "error.approval_decided", nil)
			}
			if a.Kind != ApprovalCredit && in.Terms != nil {
				return nil, invalidField(fieldError("terms", check.ErrRange, "decision.terms_credit_only", check.Params{"kind": "approval_kind." + string(a.Kind)}))
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
			data := map[string]any{"round": a.Round, "kind": a.Kind, "step": i + 1, "role": step.Role, "decision": in.Decision, "comment": in.Comment, "conditions": in.Conditions}
			if in.Terms != nil {
				data["terms"] = in.Terms
			}
			if a.Kind != ApprovalCredit {
				return data, s.decideRound(c, a, i, in, actor, now, data, &onApproved)
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

// decideRound ends an extension or write-off round on a reject or a return
// (the loan stays as it is) and, on the last approval, checks the round's
// gate and sets what the approval writes besides the case.
func (s *Service) decideRound(c *Case, a *Approval, i int, in DecisionInput, actor Actor, now time.Time, data map[string]any,
	onApproved *func(ctx context.Context, tx Tx, c *Case, now time.Time) error) error {
	switch {
	case in.Decision == DecisionReject, in.Decision == DecisionReturn:
		a.Outcome = in.Decision
		return nil
	case i < len(a.Steps)-1:
		return nil
	}
	unmet, err := s.completeRound(c, a, actor, now, data, onApproved)
	if err != nil {
		return err
	}
	// A condition the policy made a warning (or info) does not stop the
	// approval; the audit event records it (extensionGate).
	var block, notes []Unmet
	for _, u := range unmet {
		if u.Severity == check.Block {
			block = append(block, u)
		} else {
			notes = append(notes, u)
		}
	}
	if len(block) > 0 {
		return &Error{Code: CodeGate, Message: fmt.Sprintf("cannot approve the %s: %d condition(s) unmet", a.Kind, len(block)), Unmet: block}
	}
	if len(notes) > 0 {
		data["warnings"] = notes
	}
	a.Outcome = DecisionApprove
	return nil
}

// completeRound is the last approval of a round other than credit: it
// returns the round's unmet gate conditions, makes the change to c the
// kind makes and sets what it writes besides the case.
func (s *Service) completeRound(c *Case, a *Approval, actor Actor, now time.Time, data map[string]any,
	onApproved *func(ctx context.Context, tx Tx, c *Case, now time.Time) error) ([]Unmet, error) {
	switch a.Kind {
	case ApprovalExtension:
		*onApproved = func(ctx context.Context, tx Tx, c *Case, now time.Time) error {
			return s.extend(ctx, tx, actor, c, a.Round, a.Extension, now, data)
		}
		return s.extensionGate(c, a.Extension, BusinessDate(now)), nil
	case ApprovalWriteOff:
		*onApproved = func(ctx context.Context, tx Tx, c *Case, now time.Time) error {
			return s.writeOff(ctx, tx, c, a.WriteOff, now, data)
		}
		c.Transitions = append(c.Transitions, StageChange{From: c.Stage, To: StageWrittenOff, By: actor.ID, At: now, Reason: a.WriteOff.Reason})
		c.Stage = StageWrittenOff
		data["to"] = StageWrittenOff
		return nil, nil
	default:
		return nil, Errorf(CodeInternal, "", "round %d is of kind %q, which no approval completes", a.Round, a.Kind)
	}
}
