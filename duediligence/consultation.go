package duediligence

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Prospect is who asked (咨询人): a name and a phone number.
type Prospect struct {
	Name  string `json:"name"`
	Phone string `json:"phone,omitempty"`
}

// Consultation is one inquiry an account manager answered (咨询登记): when,
// who asked, about what, the answer, the follow-up, and the case it became
// if the prospect applied.
type Consultation struct {
	ID string `json:"id"`
	// Owner is the account manager who answered it.
	Owner    string     `json:"owner"`
	Date     money.Date `json:"date"`
	Prospect Prospect   `json:"prospect"`
	Topic    string     `json:"topic"`
	Answer   string     `json:"answer"`
	FollowUp string     `json:"follow_up,omitempty"`
	// CaseID is the application it became, if any.
	CaseID     string    `json:"case_id,omitempty"`
	RecordedAt time.Time `json:"recorded_at"`
}

// ConsultationInput records a consultation.
type ConsultationInput struct {
	// Date defaults to today and may not be in the future.
	Date     money.Date `json:"date,omitzero"`
	Prospect Prospect   `json:"prospect"`
	Topic    string     `json:"topic"`
	Answer   string     `json:"answer"`
	FollowUp string     `json:"follow_up,omitempty"`
	CaseID   string     `json:"case_id,omitempty"`
}

func (in *ConsultationInput) validate(today money.Date, p *check.Problems) {
	if !in.Date.IsZero() {
		switch {
		case !in.Date.IsValid():
			p.Add(check.NotDate("date", in.Date.String()))
		case in.Date.After(today):
			p.Add(check.InFuture("date", in.Date.String()))
		}
	}
	p.RequiredText("prospect.name", in.Prospect.Name, maxName)
	p.Text("prospect.phone", in.Prospect.Phone, 32)
	p.RequiredText("topic", in.Topic, maxLocation)
	p.RequiredText("answer", in.Answer, maxStatement)
	p.Text("follow_up", in.FollowUp, maxStatement)
	p.Text("case_id", in.CaseID, maxID)
}

// ConsultationFilter selects consultations. Empty fields do not filter.
type ConsultationFilter struct {
	Owner string
	// From and To bound the dates, both included.
	From, To money.Date
}

// MaskPhone keeps a phone number's first three and last four characters
// (138****8000), as lists show it.
func MaskPhone(s string) string {
	n := utf8.RuneCountInString(s)
	if n <= 7 {
		if n == 0 {
			return ""
		}
		return "****"
	}
	r := []rune(s)
	return string(r[:3]) + "****" + string(r[n-4:])
}

// RecordConsultation records an inquiry the account manager answered; the
// case it became, if named, must be one they may see.
func (s *Service) RecordConsultation(ctx context.Context, actor Actor, in ConsultationInput) (c *Consultation, err error) {
	defer Wrap(&err, "Service.RecordConsultation")
	if actor.Role != RoleAccountManager {
		return nil, forbidden("consultation.recorded", actor.Role, RoleAccountManager)
	}
	now := s.clock.Now()
	today := BusinessDate(now)
	var probs check.Problems
	in.validate(today, &probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	if in.CaseID != "" {
		if _, err := s.readableAsStored(ctx, actor, in.CaseID); err != nil {
			if ErrorCode(err) == CodeNotFound {
				return nil, invalidField(fieldError("case_id", check.ErrNotFound, "consultation.case_unknown", check.Params{"id": check.Shown(in.CaseID)}))
			}
			return nil, err
		}
	}
	c = &Consultation{ID: s.ids.NewID(), Owner: actor.ID, Date: in.Date, Prospect: in.Prospect, Topic: in.Topic, Answer: in.Answer,
		FollowUp: in.FollowUp, CaseID: in.CaseID, RecordedAt: now}
	if c.Date.IsZero() {
		c.Date = today
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.FollowUps().CreateConsultation(ctx, c); err != nil {
			return err
		}
		// The prospect's phone stays out of the audit trail.
		return tx.Events().AppendEvent(ctx, s.event(actor, "", 0, "consultation.recorded",
			map[string]any{"id": c.ID, "date": c.Date, "topic": c.Topic, "case_id": c.CaseID}))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// seesTeam reports whether the role reads every account manager's
// follow-up records and summaries, not only its own.
func (r Role) seesTeam() bool { return r.readsAllCases() }

// ownerFor is the account manager whose records the actor asks for: an
// account manager only their own (default themselves), a manager anyone's
// or, with owner empty, the team's.
func ownerFor(actor Actor, owner string) (string, error) {
	switch {
	case actor.Role == RoleAccountManager && (owner == "" || owner == actor.ID):
		return actor.ID, nil
	case actor.Role == RoleAccountManager:
		return "", Errorf(CodeForbidden, "", "an account manager sees only their own records")
	case actor.Role.seesTeam():
		return owner, nil
	}
	return "", forbidden("reports.read", actor.Role, RoleAccountManager, RoleDepartmentManager, RoleRiskOfficer, RoleGeneralManager, RoleFinance, RoleAuditor)
}

// Consultations lists consultations in date order, phones masked.
func (s *Service) Consultations(ctx context.Context, actor Actor, f ConsultationFilter) (out []Consultation, err error) {
	defer Wrap(&err, "Service.Consultations")
	if f.Owner, err = ownerFor(actor, f.Owner); err != nil {
		return nil, err
	}
	out, err = s.store.FollowUps().FindConsultations(ctx, f)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Prospect.Phone = MaskPhone(out[i].Prospect.Phone)
	}
	if out == nil {
		out = []Consultation{}
	}
	return out, nil
}

// DailySummary is one day's consultations of an account manager, or of
// the team (日汇总), for the department manager.
type DailySummary struct {
	Date  money.Date `json:"date"`
	Owner string     `json:"owner,omitempty"`
	// Rows count each account manager's consultations of the day and how
	// many became applications.
	Rows          []DailyRow     `json:"rows"`
	Consultations int            `json:"consultations"`
	Applications  int            `json:"applications"`
	Items         []Consultation `json:"items"`
}

// DailyRow is one account manager's day.
type DailyRow struct {
	Owner         string `json:"owner"`
	OwnerName     string `json:"owner_name"`
	Consultations int    `json:"consultations"`
	Applications  int    `json:"applications"`
}

// DailyConsultations summarises a day's consultations (today when date is
// zero) of an account manager, or of the team when owner is empty and the
// actor is a manager.
func (s *Service) DailyConsultations(ctx context.Context, actor Actor, owner string, date money.Date) (out DailySummary, err error) {
	defer Wrap(&err, "Service.DailyConsultations")
	if date.IsZero() {
		date = BusinessDate(s.clock.Now())
	}
	items, err := s.Consultations(ctx, actor, ConsultationFilter{Owner: owner, From: date, To: date})
	if err != nil {
		return DailySummary{}, err
	}
	owner, _ = ownerFor(actor, owner)
	out = DailySummary{Date: date, Owner: owner, Rows: []DailyRow{}, Items: items}
	names, err := s.userNames(ctx)
	if err != nil {
		return DailySummary{}, err
	}
	at := map[string]int{}
	for _, c := range items {
		i, ok := at[c.Owner]
		if !ok {
			i = len(out.Rows)
			at[c.Owner] = i
			out.Rows = append(out.Rows, DailyRow{Owner: c.Owner, OwnerName: names[c.Owner]})
		}
		out.Rows[i].Consultations++
		out.Consultations++
		if c.CaseID != "" {
			out.Rows[i].Applications++
			out.Applications++
		}
	}
	return out, nil
}

// userNames maps user IDs to names.
func (s *Service) userNames(ctx context.Context) (map[string]string, error) {
	us, err := s.store.Users().FindUsers(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(us))
	for _, u := range us {
		out[u.ID] = u.Name
	}
	return out, nil
}
