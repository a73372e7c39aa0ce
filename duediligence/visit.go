package duediligence

import (
	"context"
	"slices"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// VisitSubject is whom a follow-up visit met or what it saw (回访对象).
type VisitSubject string

// Visit subjects.
const (
	VisitBorrower   VisitSubject = "borrower"        // 借款人
	VisitGuarantor  VisitSubject = "guarantor"       // 保证人
	VisitCollateral VisitSubject = "collateral_site" // 抵押物、质物所在地
	// VisitInvestor is a visit of an investor whose commitment funds the
	// loan ("定期对已贷款或已投资客户进行回访"; investor.go).
	VisitInvestor VisitSubject = "investor" // 投资客户
)

// VisitMethod is how a follow-up visit was made (回访方式).
type VisitMethod string

// Visit methods.
const (
	VisitOnSite VisitMethod = "on_site" // 上门
	VisitPhone  VisitMethod = "phone"   // 电话
	VisitVideo  VisitMethod = "video"   // 视频
	VisitOffice VisitMethod = "office"  // 来访（客户到本单位）
)

var (
	visitSubjects = []string{string(VisitBorrower), string(VisitGuarantor), string(VisitCollateral), string(VisitInvestor)}
	visitMethods  = []string{string(VisitOnSite), string(VisitPhone), string(VisitVideo), string(VisitOffice)}
)

// Visit is a follow-up visit of a disbursed loan (贷后回访): when, by whom,
// whom it met or which collateral site it saw, how, what it found, what is
// to be done and when the next visit is due.
//
// Opinion is the account manager's written opinion (书面意见) on a loan
// under watch, and Evidence the case's documents it rests on: a finding's
// statement and evidence, kept with the visit because the case's findings
// close with the investigation.
type Visit struct {
	ID     string     `json:"id"`
	CaseID string     `json:"case_id"`
	Date   money.Date `json:"date"`
	// Visitor is the user who made the visit.
	Visitor string       `json:"visitor"`
	Subject VisitSubject `json:"subject"`
	// SubjectID names the guarantee (guarantor) or the collateral item
	// (collateral_site); empty for the borrower.
	SubjectID string      `json:"subject_id,omitempty"`
	Method    VisitMethod `json:"method"`
	Findings  string      `json:"findings"`
	Actions   string      `json:"actions,omitempty"`
	NextVisit money.Date  `json:"next_visit,omitzero"`
	Opinion   string      `json:"opinion,omitempty"`
	Evidence  []string    `json:"evidence"`
	// RecordedAt is when it was recorded; RecordedBy who recorded it.
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
}

// VisitInput records a follow-up visit.
type VisitInput struct {
	// Date (YYYY-MM-DD) defaults to today and may not be in the future.
	Date      money.Date   `json:"date,omitzero"`
	Subject   VisitSubject `json:"subject"`
	SubjectID string       `json:"subject_id,omitempty"`
	Method    VisitMethod  `json:"method"`
	// Findings are required, at most 10000 characters.
	Findings string `json:"findings"`
	Actions  string `json:"actions,omitempty"`
	// NextVisit, when given, is after Date.
	NextVisit money.Date `json:"next_visit,omitzero"`
	Opinion   string     `json:"opinion,omitempty"`
	Evidence  []string   `json:"evidence,omitempty"`
	// Visitor is the user who visited; default the one recording.
	Visitor string `json:"visitor,omitempty"`
}

func (in *VisitInput) validate(today money.Date, p *check.Problems) {
	if !in.Date.IsZero() {
		switch {
		case !in.Date.IsValid():
			p.Add(check.NotDate("date", in.Date.String()))
		case in.Date.After(today):
			p.Add(check.InFuture("date", in.Date.String()))
		}
	}
	p.OneOf("subject", string(in.Subject), visitSubjects...)
	switch in.Subject {
	case VisitGuarantor, VisitCollateral, VisitInvestor:
		p.RequiredText("subject_id", in.SubjectID, maxID)
	default:
		p.Text("subject_id", in.SubjectID, maxID)
	}
	p.OneOf("method", string(in.Method), visitMethods...)
	p.RequiredText("findings", in.Findings, maxStatement)
	p.Text("actions", in.Actions, maxStatement)
	p.Text("opinion", in.Opinion, maxStatement)
	p.Texts("evidence", in.Evidence, maxEvidence, maxID)
	p.Text("visitor", in.Visitor, maxID)
	if !in.NextVisit.IsZero() {
		date := in.Date
		if date.IsZero() {
			date = today
		}
		switch {
		case !in.NextVisit.IsValid():
			p.Add(check.NotDate("next_visit", in.NextVisit.String()))
		case !in.NextVisit.After(date):
			p.Add(check.BelowMin("next_visit", in.NextVisit.String(), date.AddDays(1).String()))
		}
	}
}

// FollowUpStore reads the records kept after disbursement: visits,
// demands and consultations, and the activity the summaries count.
type FollowUpStore interface {
	// FindVisits returns a case's visits, oldest first.
	FindVisits(ctx context.Context, caseID string) ([]Visit, error)
	// FindDemands returns a case's demand deliveries, oldest first.
	FindDemands(ctx context.Context, caseID string) ([]Demand, error)
	// FindConsultations returns the consultations f selects, in date order.
	FindConsultations(ctx context.Context, f ConsultationFilter) ([]Consultation, error)
	// FindActivity counts, per account manager, what f's period holds: the
	// events of their cases by action, their visits and consultations. It
	// is computed in the database.
	FindActivity(ctx context.Context, f ActivityFilter) ([]Activity, error)
	// FindActivityItems lists what FindActivity counts for f.Owner (who
	// must be set), oldest first, at most limit items.
	FindActivityItems(ctx context.Context, f ActivityFilter, limit int) ([]ActivityItem, error)
}

// FollowUpTx writes follow-up records.
type FollowUpTx interface {
	FollowUpStore
	CreateVisit(ctx context.Context, v *Visit, owner string) error
	CreateDemand(ctx context.Context, d *Demand) error
	CreateConsultation(ctx context.Context, c *Consultation) error
}

// followUpRoles may record visits and demands: the account manager of the
// case (and its co-investigators) and the department manager.
var followUpRoles = []Role{RoleAccountManager, RoleDepartmentManager}

// followUpCase loads a disbursed case the actor may record follow-up on,
// at the version expected (0: any).
func (s *Service) followUpCase(ctx context.Context, actor Actor, caseID string, expected int, action string) (*Case, error) {
	c, err := s.readable(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	if expected != 0 && c.Version != expected {
		return nil, Errorf(CodeStale, "", "case %s is at version %d, not %d", caseID, c.Version, expected)
	}
	if err := s.checkWriteBy(action, actor, c, followUpRoles, []Stage{StageDisbursed}, true); err != nil {
		return nil, err
	}
	return c, nil
}

// RecordVisit records a follow-up visit of a disbursed loan at the case's
// expected version, with its audit event on the case's stream. The visit
// is a record of its own beside the case file, which keeps its version.
func (s *Service) RecordVisit(ctx context.Context, actor Actor, caseID string, expected int, in VisitInput) (v *Visit, err error) {
	defer Wrap(&err, "Service.RecordVisit")
	now := s.clock.Now()
	today := BusinessDate(now)
	var probs check.Problems
	in.validate(today, &probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	c, err := s.followUpCase(ctx, actor, caseID, expected, "visit.recorded")
	if err != nil {
		return nil, err
	}
	if err := c.checkEvidence(in.Evidence); err != nil {
		return nil, err
	}
	switch in.Subject {
	case VisitGuarantor:
		if c.guaranteeIndex(in.SubjectID) < 0 {
			return nil, invalidField(fieldError("subject_id", check.ErrNotFound, "visit.subject_unknown", check.Params{"id": check.Shown(in.SubjectID)}))
		}
	case VisitCollateral:
		if c.itemIndex(in.SubjectID) < 0 {
			return nil, invalidField(fieldError("subject_id", check.ErrNotFound, "visit.subject_unknown", check.Params{"id": check.Shown(in.SubjectID)}))
		}
	case VisitInvestor:
		if ok, err := s.fundsLoan(ctx, c.ID, in.SubjectID); err != nil {
			return nil, err
		} else if !ok {
			return nil, invalidField(fieldError("subject_id", check.ErrNotFound, "visit.subject_unknown", check.Params{"id": check.Shown(in.SubjectID)}))
		}
	}
	visitor := in.Visitor
	if visitor == "" {
		visitor = actor.ID
	} else if _, err := s.store.Users().FindUserByID(ctx, visitor); err != nil {
		if ErrorCode(err) == CodeNotFound {
			return nil, invalidField(fieldError("visitor", check.ErrNotFound, "visit.visitor_unknown", check.Params{"id": check.Shown(visitor)}))
		}
		return nil, err
	}
	v = &Visit{ID: s.ids.NewID(), CaseID: c.ID, Date: in.Date, Visitor: visitor, Subject: in.Subject, SubjectID: in.SubjectID,
		Method: in.Method, Findings: in.Findings, Actions: in.Actions, NextVisit: in.NextVisit, Opinion: in.Opinion,
		Evidence: slices.Clone(in.Evidence), RecordedBy: actor.ID, RecordedAt: now}
	if v.Date.IsZero() {
		v.Date = today
	}
	if v.Evidence == nil {
		v.Evidence = []string{}
	}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.FollowUps().CreateVisit(ctx, v, c.Owner); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, s.event(actor, c.ID, c.Version, "visit.recorded",
			map[string]any{"id": v.ID, "date": v.Date, "visitor": v.Visitor, "subject": v.Subject, "method": v.Method, "next_visit": v.NextVisit}))
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// Visits is a case's visits with the visit-due check as of a day.
type Visits struct {
	Visits []Visit `json:"visits"`
	// Due is the day the next visit is due: the last visit's next_visit,
	// or its date (the disbursement's, before any visit) plus the policy's
	// interval for the loan's classification.
	Due money.Date `json:"due,omitzero"`
	// Classification is the one the interval was chosen for.
	Classification Classification `json:"classification,omitempty"`
	// Checks are the results of postloan.visit_due: empty when no visit
	// is overdue.
	Checks []Unmet `json:"checks"`
}

// Visits returns a case's follow-up visits and, once disbursed, when the
// next is due and whether it is overdue as of a day (today when zero).
func (s *Service) Visits(ctx context.Context, actor Actor, caseID string, asOf money.Date) (out Visits, err error) {
	defer Wrap(&err, "Service.Visits")
	c, err := s.readable(ctx, actor, caseID)
	if err != nil {
		return Visits{}, err
	}
	if asOf.IsZero() {
		asOf = BusinessDate(s.clock.Now())
	}
	facts, err := s.postLoanFacts(ctx, c, asOf)
	if err != nil {
		return Visits{}, err
	}
	out = Visits{Visits: facts.Visits, Checks: []Unmet{}}
	if c.Stage == StageDisbursed {
		out.Due, out.Classification = facts.visitDue(s.policy)
		out.Checks = s.evaluatePostLoan(c, facts, RuleVisitDue)
	}
	return out, nil
}
