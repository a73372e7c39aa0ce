package duediligence

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Stage is where a case stands in the workflow (DESIGN §5).
type Stage string

// The stages.
const (
	StageIntake        Stage = "intake"        // 受理
	StageInvestigation Stage = "investigation" // 调查
	StageSubmitted     Stage = "submitted"     // 已提交审批
	StageApproved      Stage = "approved"      // 已批准
	StageRejected      Stage = "rejected"      // 已否决
	StageContracting   Stage = "contracting"   // 签约
	StageDisbursed     Stage = "disbursed"     // 已放款
	StageClosed        Stage = "closed"        // 已结清
	StageWithdrawn     Stage = "withdrawn"     // 已撤回
	// StageWrittenOff is a 损失 loan written off through its own approval
	// round (已核销); recoveries are still recorded against it.
	StageWrittenOff Stage = "written_off"
)

// Stages lists every stage in workflow order.
var Stages = []Stage{StageIntake, StageInvestigation, StageSubmitted, StageApproved, StageRejected, StageContracting, StageDisbursed, StageClosed, StageWithdrawn, StageWrittenOff}

// Valid reports whether s is one of Stages.
func (s Stage) Valid() bool { return slices.Contains(Stages, s) }

// stageNames lists the stages' names, for a field error.
func stageNames() []string {
	out := make([]string, len(Stages))
	for i, s := range Stages {
		out[i] = string(s)
	}
	return out
}

// Final reports whether no transition leaves s.
func (s Stage) Final() bool {
	return s == StageRejected || s == StageClosed || s == StageWithdrawn || s == StageWrittenOff
}

// Move is one allowed transition and who may make it.
type Move struct {
	From, To Stage
	// Roles may make the move; an account manager only on their own cases.
	Roles []Role
	// ByDecision marks moves made by an approval decision or a red-flag
	// resolution, never by a plain transition request.
	ByDecision bool
}

// GateEnv is what a gate may look at besides the case.
type GateEnv struct {
	Now    time.Time
	Policy *Policy
	// Disbursement is the day of the disbursement the gate is checked for,
	// zero when the move is not a disbursement: the rate cap is checked on
	// it again.
	Disbursement money.Date
}

// Gate is a condition on moves into a stage. Check returns every unmet
// condition; an empty result lets the move through.
type Gate struct {
	// Name identifies the gate (usually the rule ID it checks).
	Name string
	// From restricts the gate to moves out of one stage; empty means any.
	From Stage
	To   Stage
	// Check returns the unmet conditions, each naming its rule and path.
	Check func(c *Case, env GateEnv) []Unmet
}

// Workflow is the stage machine: the allowed moves and the gates on them.
// Features add gates with AddGate; nothing switches over them centrally.
type Workflow struct {
	moves []Move
	gates []Gate
}

// DefaultWorkflow returns the stage machine of DESIGN §5. The rule catalogue
// adds its gates when a Service is built; the two gates here stand for the
// feasibility report and the contracts, which this version does not have yet.
func DefaultWorkflow() *Workflow {
	am := []Role{RoleAccountManager}
	withdraw := []Role{RoleAccountManager, RoleDepartmentManager}
	w := &Workflow{moves: []Move{
		{From: StageIntake, To: StageInvestigation, Roles: am},
		{From: StageInvestigation, To: StageSubmitted, Roles: am},
		{From: StageSubmitted, To: StageApproved, Roles: []Role{RoleDepartmentManager, RoleRiskOfficer, RoleGeneralManager}, ByDecision: true},
		{From: StageSubmitted, To: StageRejected, Roles: []Role{RoleDepartmentManager, RoleRiskOfficer, RoleGeneralManager}, ByDecision: true},
		{From: StageSubmitted, To: StageInvestigation, Roles: []Role{RoleDepartmentManager, RoleRiskOfficer, RoleGeneralManager}, ByDecision: true},
		{From: StageApproved, To: StageContracting, Roles: am},
		{From: StageContracting, To: StageDisbursed, Roles: []Role{RoleFinance}},
		{From: StageDisbursed, To: StageClosed, Roles: []Role{RoleFinance}},
	}}
	for _, from := range []Stage{StageIntake, StageInvestigation, StageSubmitted, StageApproved, StageContracting} {
		w.moves = append(w.moves, Move{From: from, To: StageWithdrawn, Roles: withdraw})
		// A confirmed red flag rejects the case from wherever it stands.
		if from != StageSubmitted {
			w.moves = append(w.moves, Move{From: from, To: StageRejected, Roles: []Role{RoleDepartmentManager}, ByDecision: true})
		}
	}
	w.AddGate(Gate{Name: "process.approval_chain", From: StageApproved, To: StageContracting, Check: contractsDrafted})
	w.AddGate(Gate{Name: "loan.paid_off", From: StageDisbursed, To: StageClosed, Check: closedByRepayment})
	return w
}

// AddGate adds a condition on moves into g.To (from g.From, if set).
func (w *Workflow) AddGate(g Gate) { w.gates = append(w.gates, g) }

// AddMove allows another transition.
func (w *Workflow) AddMove(m Move) { w.moves = append(w.moves, m) }

// move returns the allowed move from → to.
func (w *Workflow) move(from, to Stage) (Move, bool) {
	i := slices.IndexFunc(w.moves, func(m Move) bool { return m.From == from && m.To == to })
	if i < 0 {
		return Move{}, false
	}
	return w.moves[i], true
}

// Check runs every gate on the move of c to stage to and returns all unmet
// conditions, in gate order.
func (w *Workflow) Check(c *Case, to Stage, env GateEnv) []Unmet {
	var out []Unmet
	for _, g := range w.gates {
		if g.To != to || (g.From != "" && g.From != c.Stage) {
			continue
		}
		out = append(out, g.Check(c, env)...)
	}
	return out
}

// Next lists the stages c may move to by a transition request.
func (w *Workflow) Next(from Stage) []Stage {
	var out []Stage
	for _, m := range w.moves {
		if m.From == from && !m.ByDecision && !slices.Contains(out, m.To) {
			out = append(out, m.To)
		}
	}
	return out
}

// gateResult is a blocking condition of a gate that is not a catalogue
// rule's, its message rendered in English from key.
func gateResult(rule, citation, path, key string, p check.Params) Unmet {
	return Unmet{Rule: rule, Severity: check.Block, Path: path, Citation: citation, Key: key, Params: p,
		Message: allMessages().Render(check.EN, key, p)}
}

// TransitionInput asks to move a case to another stage.
type TransitionInput struct {
	To Stage `json:"to"`
	// Reason says why, in at most 2000 characters; required to withdraw.
	Reason string `json:"reason,omitempty"`
}

// maxReason is the longest reason of a transition, in characters.
const maxReason = 2000

func (in *TransitionInput) validate(p *check.Problems) {
	p.OneOf("to", string(in.To), stageNames()...)
	p.Text("reason", in.Reason, maxReason)
}

// Transition moves a case to another stage if the actor may make the move and
// every gate is met. A refused gate returns CodeGate with every unmet
// condition in Unmet.
func (s *Service) Transition(ctx context.Context, actor Actor, id string, expected int, in TransitionInput) (c *Case, err error) {
	defer Wrap(&err, "Service.Transition")
	var probs check.Problems
	in.validate(&probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	cur, err := s.readable(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	m, ok := s.workflow.move(cur.Stage, in.To)
	if !ok || m.ByDecision {
		return nil, &Error{Code: CodeConflict, Message: fmt.Sprintf("a case in %s cannot be moved to %s by a transition; it may go to %v", cur.Stage, in.To, s.workflow.Next(cur.Stage))}
	}
	if in.To == StageWithdrawn && in.Reason == "" {
		return nil, invalidField(fieldError("reason", check.ErrRequired, "transition.reason_to_withdraw", nil))
	}
	from := cur.Stage
	return s.mutate(ctx, actor, id, expected, mutation{
		action: "case.transitioned", roles: m.Roles, stages: []Stage{from},
		assignsLedger: in.To == StageSubmitted, history: true,
		apply: func(c *Case, now time.Time) (any, error) {
			if unmet := blocking(c, s.workflow.Check(c, in.To, GateEnv{Now: now, Policy: s.policy})); len(unmet) > 0 {
				return nil, &Error{Code: CodeGate, Message: fmt.Sprintf("cannot move from %s to %s: %d condition(s) unmet", c.Stage, in.To, len(unmet)), Unmet: unmet}
			}
			data := map[string]any{"from": from, "to": in.To, "reason": in.Reason}
			if in.To == StageSubmitted {
				// Submission freezes the report, so there must be one even
				// where the policy disables or downgrades process.report_attested.
				if c.Report == nil {
					return nil, &Error{Code: CodeGate, Message: fmt.Sprintf("cannot move from %s to %s: 1 condition(s) unmet", c.Stage, in.To),
						Unmet: []Unmet{gateResult(reportRule.ID, reportRule.Citation, "report", "process.report_attested.missing", nil)}}
				}
				if err := c.Report.freeze(now); err != nil {
					return nil, err
				}
				a := Approval{Round: len(c.Approvals) + 1, Kind: ApprovalCredit, SubmittedAt: now, ReportHash: c.Report.Hash,
					Steps: chainFor(s.policy.ApprovalMatrix, c.Request.Amount)}
				c.Approvals = append(c.Approvals, a)
				data["report_hash"], data["approval_steps"] = a.ReportHash, a.Steps
			}
			c.Transitions = append(c.Transitions, StageChange{From: c.Stage, To: in.To, By: actor.ID, At: now, Reason: in.Reason})
			c.Stage = in.To
			c.PolicyVersion = s.policy.Version
			return data, nil
		},
	})
}

// closedByRepayment is the gate on disbursed → closed (DESIGN §5: the
// schedule fully repaid). The repayment that clears the schedule closes the
// case itself (RecordRepayment), so a loan still disbursed is by that very
// fact not paid off: a move by hand is always refused, saying how a loan
// closes.
func closedByRepayment(*Case, GateEnv) []Unmet {
	return []Unmet{gateResult("loan.paid_off", "", "loan", "loan.paid_off", nil)}
}
