package duediligence

import (
	"context"
	"slices"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
)

// FlagStatus is where a red flag stands.
type FlagStatus string

// Red flag statuses.
const (
	FlagOpen      FlagStatus = "open"
	FlagDismissed FlagStatus = "dismissed"
	FlagConfirmed FlagStatus = "confirmed"
)

// RedFlag is suspicious material reported on a case (可疑资料): it stops the
// case until a department manager dismisses it, and a confirmed flag rejects
// the case.
type RedFlag struct {
	ID          string          `json:"id"`
	Description string          `json:"description"`
	Evidence    []string        `json:"evidence"`
	RaisedBy    string          `json:"raised_by"`
	RaisedAt    time.Time       `json:"raised_at"`
	Status      FlagStatus      `json:"status"`
	Resolution  *FlagResolution `json:"resolution,omitempty"`
}

// FlagResolution is a department manager's decision on a red flag.
type FlagResolution struct {
	Decision FlagStatus `json:"decision"`
	Comment  string     `json:"comment"`
	By       string     `json:"by"`
	At       time.Time  `json:"at"`
}

// FlagInput raises a red flag.
type FlagInput struct {
	// Description is required, at most 5000 characters.
	Description string `json:"description"`
	// Evidence names at most 100 documents of the case.
	Evidence []string `json:"evidence,omitempty"`
	// IdempotencyKey makes a retried creation return the first result.
	IdempotencyKey string `json:"-"`
}

// ResolutionInput dismisses or confirms a red flag.
type ResolutionInput struct {
	// Decision is dismissed or confirmed.
	Decision FlagStatus `json:"decision"`
	// Comment is required, at most 5000 characters.
	Comment string `json:"comment"`
}

// maxText is the longest description, comment or justification, in characters.
const maxText = 5000

func (in *FlagInput) validate(p *check.Problems) {
	p.RequiredText("description", in.Description, maxText)
	p.Texts("evidence", in.Evidence, maxEvidence, maxID)
}

func (in *ResolutionInput) validate(p *check.Problems) {
	p.OneOf("decision", string(in.Decision), string(FlagDismissed), string(FlagConfirmed))
	p.RequiredText("comment", in.Comment, maxText)
}

// RaiseFlag reports suspicious material. Anyone who works on cases may raise
// one (the owner, managers, the risk officer), in any stage that is not final.
func (s *Service) RaiseFlag(ctx context.Context, actor Actor, caseID string, expected int, in FlagInput) (c *Case, f RedFlag, err error) {
	defer Wrap(&err, "Service.RaiseFlag")
	var probs check.Problems
	in.validate(&probs)
	if err := invalid(&probs); err != nil {
		return nil, RedFlag{}, err
	}
	c, id, err := s.mutateID(ctx, actor, caseID, expected, mutation{
		action: "flag.raised", idemKey: in.IdempotencyKey,
		roles:  []Role{RoleAccountManager, RoleDepartmentManager, RoleRiskOfficer, RoleGeneralManager, RoleFinance},
		stages: []Stage{StageIntake, StageInvestigation, StageSubmitted, StageApproved, StageContracting, StageDisbursed},
		apply: func(c *Case, now time.Time) (any, error) {
			if err := c.checkEvidence(in.Evidence); err != nil {
				return nil, err
			}
			f := RedFlag{ID: s.ids.NewID(), Description: in.Description, Evidence: in.Evidence, RaisedBy: actor.ID, RaisedAt: now, Status: FlagOpen}
			if f.Evidence == nil {
				f.Evidence = []string{}
			}
			c.Flags = append(c.Flags, f)
			return map[string]any{"id": f.ID, "description": f.Description}, nil
		},
	})
	if err != nil {
		return nil, RedFlag{}, err
	}
	if i := slices.IndexFunc(c.Flags, func(f RedFlag) bool { return f.ID == id }); i >= 0 {
		f = c.Flags[i]
	}
	return c, f, nil
}

// ResolveFlag dismisses or confirms an open red flag. Only a department
// manager resolves flags; a confirmed flag rejects the case.
func (s *Service) ResolveFlag(ctx context.Context, actor Actor, caseID string, expected int, flagID string, in ResolutionInput) (c *Case, err error) {
	defer Wrap(&err, "Service.ResolveFlag")
	var probs check.Problems
	in.validate(&probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "flag.resolved", roles: []Role{RoleDepartmentManager},
		stages: []Stage{StageIntake, StageInvestigation, StageSubmitted, StageApproved, StageContracting, StageDisbursed},
		apply: func(c *Case, now time.Time) (any, error) {
			i := slices.IndexFunc(c.Flags, func(f RedFlag) bool { return f.ID == flagID })
			if i < 0 {
				return nil, errorKey(CodeNotFound, "error.no_flag", check.Params{"id": flagID})
			}
			f := &c.Flags[i]
			if f.RaisedBy == actor.ID {
				return nil, forbiddenBy("forbidden.own_flag", "flag.resolved", actor.Role, []Role{RoleDepartmentManager})
			}
			if f.Status != FlagOpen {
				return nil, errorKey(CodeConflict, "error.flag_already", check.Params{"id": flagID, "status": "flag.status." + string(f.Status)})
			}
			f.Status = in.Decision
			f.Resolution = &FlagResolution{Decision: in.Decision, Comment: in.Comment, By: actor.ID, At: now}
			data := map[string]any{"flag_id": f.ID, "decision": in.Decision, "comment": in.Comment}
			if in.Decision == FlagConfirmed && c.Stage != StageDisbursed {
				c.Transitions = append(c.Transitions, StageChange{From: c.Stage, To: StageRejected, By: actor.ID, At: now,
					Reason: "red flag confirmed: " + f.Description})
				data["rejected_from"] = c.Stage
				// An approval under way ends with the case: the form and the
				// ledger show it rejected.
				if a := c.currentApproval(); a != nil && a.Outcome == "" {
					a.Outcome = DecisionReject
				}
				c.Stage = StageRejected
			}
			return data, nil
		},
	})
}
