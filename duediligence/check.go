package duediligence

import (
	"context"
	"slices"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
)

// Acknowledgement is the owner's justification of a warning (风险提示说明):
// a warned condition stops the case until acknowledged, and the
// acknowledgement is carried into the report.
type Acknowledgement struct {
	Rule          string    `json:"rule"`
	Path          string    `json:"path,omitempty"`
	Justification string    `json:"justification"`
	By            string    `json:"by"`
	At            time.Time `json:"at"`
}

// CheckResult is one condition the gates found, with its acknowledgement.
type CheckResult struct {
	Unmet
	Acknowledged *Acknowledgement `json:"acknowledged,omitempty"`
}

// Checks is what the gates say of the case's next move.
type Checks struct {
	Stage Stage `json:"stage"`
	// To is the next stage of the workflow's main line; empty for final stages.
	To      Stage         `json:"to,omitempty"`
	Results []CheckResult `json:"results"`
	// Ready is true when nothing blocks the move and every warning is acknowledged.
	Ready bool `json:"ready"`
}

// AcknowledgementInput justifies a warning.
type AcknowledgementInput struct {
	Rule string `json:"-"`
	// Path picks one of several warnings of the rule; empty when there is one.
	Path string `json:"path,omitempty"`
	// Justification is required, at most 5000 characters.
	Justification string `json:"justification"`
}

// maxJustification is the longest justification of a warning, in characters.
const maxJustification = 5000

func (in *AcknowledgementInput) validate(p *check.Problems) {
	p.Text("path", in.Path, maxPath)
	p.RequiredText("justification", in.Justification, maxJustification)
}

// maxPath is the longest JSON path an input may name.
const maxPath = 200

// nextStage is the stage the case's main line moves to next.
func nextStage(s Stage) Stage {
	switch s {
	case StageIntake:
		return StageInvestigation
	case StageInvestigation:
		return StageSubmitted
	case StageSubmitted:
		return StageApproved
	case StageApproved:
		return StageContracting
	case StageContracting:
		return StageDisbursed
	case StageDisbursed:
		return StageClosed
	}
	return ""
}

// acknowledged returns the acknowledgement that covers u, if any.
func (c *Case) acknowledged(u Unmet) *Acknowledgement {
	i := slices.IndexFunc(c.Acknowledgements, func(a Acknowledgement) bool { return a.Rule == u.Rule && a.Path == u.Path })
	if i < 0 {
		return nil
	}
	return &c.Acknowledgements[i]
}

// blocking keeps the conditions that stop a move: blocks, and warnings the
// owner has not acknowledged.
func blocking(c *Case, us []Unmet) []Unmet {
	var out []Unmet
	for _, u := range us {
		switch {
		case u.Severity == check.Info:
		case u.Severity == check.Warn && c.acknowledged(u) != nil:
		default:
			out = append(out, u)
		}
	}
	return out
}

// checks runs the gates of the case's next move.
func (s *Service) checks(c *Case, now time.Time) Checks {
	out := Checks{Stage: c.Stage, To: nextStage(c.Stage), Results: []CheckResult{}}
	if out.To == "" {
		return out
	}
	env := GateEnv{Now: now, Policy: s.policy}
	if out.To == StageDisbursed {
		// What a disbursement made today would be checked against.
		env.Disbursement = BusinessDate(now)
	}
	us := s.workflow.Check(c, out.To, env)
	for _, u := range us {
		out.Results = append(out.Results, CheckResult{Unmet: u, Acknowledged: c.acknowledged(u)})
	}
	out.Ready = len(blocking(c, us)) == 0
	return out
}

// Checks runs the gates of the case's next move now and returns every
// result, blocking, warning or informative, with its acknowledgement.
func (s *Service) Checks(ctx context.Context, actor Actor, caseID string) (ch Checks, err error) {
	defer Wrap(&err, "Service.Checks")
	c, err := s.readable(ctx, actor, caseID)
	if err != nil {
		return Checks{}, err
	}
	if err := s.enrichHistory(ctx, c); err != nil {
		return Checks{}, err
	}
	return s.checks(c, s.clock.Now()), nil
}

// Acknowledge records the owner's justification of a current warning.
func (s *Service) Acknowledge(ctx context.Context, actor Actor, caseID string, expected int, in AcknowledgementInput) (c *Case, err error) {
	defer Wrap(&err, "Service.Acknowledge")
	var probs check.Problems
	in.validate(&probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "check.acknowledged", stages: []Stage{StageIntake, StageInvestigation, StageApproved, StageContracting},
		apply: func(c *Case, now time.Time) (any, error) {
			var warns []Unmet
			for _, r := range s.checks(c, now).Results {
				if r.Rule == in.Rule && r.Severity == check.Warn && (in.Path == "" || r.Path == in.Path) {
					warns = append(warns, r.Unmet)
				}
			}
			switch {
			case len(warns) == 0:
				return nil, errorKey(CodeNotFound, map[bool]string{true: "error.no_warning", false: "error.no_warning_at"}[in.Path == ""], check.Params{"rule": in.Rule, "path": in.Path})
			case len(warns) > 1:
				return nil, invalidField(fieldError("path", check.ErrRequired, "check.acknowledge_which", check.Params{"rule": in.Rule}))
			}
			u := warns[0]
			c.Acknowledgements = slices.DeleteFunc(c.Acknowledgements, func(a Acknowledgement) bool { return a.Rule == u.Rule && a.Path == u.Path })
			c.Acknowledgements = append(c.Acknowledgements, Acknowledgement{Rule: u.Rule, Path: u.Path, Justification: in.Justification, By: actor.ID, At: now})
			return map[string]any{"rule": u.Rule, "path": u.Path, "justification": in.Justification}, nil
		},
	})
}
