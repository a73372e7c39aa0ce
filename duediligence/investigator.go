package duediligence

import (
	"context"
	"slices"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
)

// CoInvestigator is an account manager who investigates a case with its
// owner (协调查人, 双人调查).
type CoInvestigator struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	AddedBy string    `json:"added_by"`
	AddedAt time.Time `json:"added_at"`
}

// CoInvestigatorInput names the account manager to add.
type CoInvestigatorInput struct {
	UserID string `json:"user_id"`
}

func (in *CoInvestigatorInput) validate(p *check.Problems) {
	p.RequiredText("user_id", in.UserID, maxID)
}

func (c *Case) isCoInvestigator(id string) bool {
	return slices.ContainsFunc(c.CoInvestigators, func(ci CoInvestigator) bool { return ci.ID == id })
}

// AddCoInvestigator makes another account manager a co-investigator of the
// case. The owner or a department manager adds one, before submission.
func (s *Service) AddCoInvestigator(ctx context.Context, actor Actor, caseID string, expected int, in CoInvestigatorInput) (c *Case, err error) {
	defer Wrap(&err, "Service.AddCoInvestigator")
	var probs check.Problems
	in.validate(&probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	users, err := s.store.Users().FindUsers(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(users, func(u User) bool { return u.ID == in.UserID })
	if i < 0 || users[i].Role != RoleAccountManager || users[i].DisabledAt != nil {
		return nil, invalidField(fieldError("user_id", check.ErrNotFound, "investigator.not_account_manager", nil))
	}
	u := users[i]
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "case.coinvestigator_added", roles: []Role{RoleAccountManager, RoleDepartmentManager},
		stages: []Stage{StageIntake, StageInvestigation},
		apply: func(c *Case, now time.Time) (any, error) {
			switch {
			case u.ID == c.Owner:
				return nil, invalidField(fieldError("user_id", check.ErrInconsistent, "investigator.owner", nil))
			case c.isCoInvestigator(u.ID):
				return nil, errorKey(CodeConflict, "error.coinvestigator_already", check.Params{"name": u.Name})
			}
			c.CoInvestigators = append(c.CoInvestigators, CoInvestigator{ID: u.ID, Name: u.Name, AddedBy: actor.ID, AddedAt: now})
			return map[string]any{"id": u.ID, "name": u.Name}, nil
		},
	})
}
