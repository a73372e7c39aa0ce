package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// visitRow is a row of visits.
type visitRow struct {
	bun.BaseModel `bun:"table:visits"`

	ID         string `bun:"id,pk"`
	CaseID     string `bun:"case_id"`
	Owner      string `bun:"owner"`
	VisitedOn  string `bun:"visited_on"`
	Visitor    string `bun:"visitor"`
	Subject    string `bun:"subject"`
	SubjectID  string `bun:"subject_id"`
	Method     string `bun:"method"`
	Findings   string `bun:"findings"`
	Actions    string `bun:"actions"`
	NextVisit  string `bun:"next_visit"`
	Opinion    string `bun:"opinion"`
	Evidence   string `bun:"evidence"`
	RecordedBy string `bun:"recorded_by"`
	RecordedAt string `bun:"recorded_at"`
}

// demandRow is a row of demands.
type demandRow struct {
	bun.BaseModel `bun:"table:demands"`

	ID          string `bun:"id,pk"`
	CaseID      string `bun:"case_id"`
	Addressee   string `bun:"addressee"`
	GuaranteeID string `bun:"guarantee_id"`
	Method      string `bun:"method"`
	DeliveredOn string `bun:"delivered_on"`
	Proof       string `bun:"proof"`
	RecordedBy  string `bun:"recorded_by"`
	RecordedAt  string `bun:"recorded_at"`
}

// consultationRow is a row of consultations.
type consultationRow struct {
	bun.BaseModel `bun:"table:consultations"`

	ID            string `bun:"id,pk"`
	Owner         string `bun:"owner"`
	ConsultedOn   string `bun:"consulted_on"`
	ProspectName  string `bun:"prospect_name"`
	ProspectPhone string `bun:"prospect_phone"`
	Topic         string `bun:"topic"`
	Answer        string `bun:"answer"`
	FollowUp      string `bun:"follow_up"`
	CaseID        string `bun:"case_id"`
	RecordedAt    string `bun:"recorded_at"`
}

// followUpStore reads follow-up records through q.
type followUpStore struct{ q bun.IDB }

// followUpTx writes them in a transaction.
type followUpTx struct {
	followUpStore
	tx bun.Tx
}

// FollowUps reads follow-up records from the read pool.
func (s *Store) FollowUps() duediligence.FollowUpStore { return followUpStore{s.db.Read} }

// FollowUps writes follow-up records in the unit of work.
func (u unit) FollowUps() duediligence.FollowUpTx { return followUpTx{followUpStore{u.tx}, u.tx} }

// optDate is an optional date as stored: empty for none.
func optDate(d money.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// readOptDate reads an optional date.
func readOptDate(d *decoder, s string) money.Date {
	if s == "" {
		return money.Date{}
	}
	return d.date(s)
}

// CreateVisit inserts a visit of a case owned by owner.
func (s followUpTx) CreateVisit(ctx context.Context, v *duediligence.Visit, owner string) (err error) {
	defer duediligence.Wrap(&err, "FollowUpStore.CreateVisit")
	ev, err := json.Marshal(v.Evidence)
	if err != nil {
		return err
	}
	row := &visitRow{ID: v.ID, CaseID: v.CaseID, Owner: owner, VisitedOn: v.Date.String(), Visitor: v.Visitor, Subject: string(v.Subject),
		SubjectID: v.SubjectID, Method: string(v.Method), Findings: v.Findings, Actions: v.Actions, NextVisit: optDate(v.NextVisit),
		Opinion: v.Opinion, Evidence: string(ev), RecordedBy: v.RecordedBy, RecordedAt: formatTime(v.RecordedAt)}
	_, err = s.tx.NewInsert().Model(row).Exec(ctx)
	return err
}

// FindVisits reads a case's visits, oldest first.
func (s followUpStore) FindVisits(ctx context.Context, caseID string) (out []duediligence.Visit, err error) {
	defer duediligence.Wrap(&err, "FollowUpStore.FindVisits")
	var rows []visitRow
	if err := s.q.NewSelect().Model(&rows).Where("case_id = ?", caseID).OrderExpr("visited_on, recorded_at, id").Scan(ctx); err != nil {
		return nil, err
	}
	out = make([]duediligence.Visit, 0, len(rows))
	var d decoder
	for _, r := range rows {
		v := duediligence.Visit{ID: r.ID, CaseID: r.CaseID, Date: d.date(r.VisitedOn), Visitor: r.Visitor, Subject: duediligence.VisitSubject(r.Subject),
			SubjectID: r.SubjectID, Method: duediligence.VisitMethod(r.Method), Findings: r.Findings, Actions: r.Actions,
			NextVisit: readOptDate(&d, r.NextVisit), Opinion: r.Opinion, RecordedBy: r.RecordedBy}
		if err := json.Unmarshal([]byte(r.Evidence), &v.Evidence); err != nil {
			return nil, err
		}
		if v.RecordedAt, err = parseTime(r.RecordedAt); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, d.err
}

// CreateDemand inserts a demand's delivery.
func (s followUpTx) CreateDemand(ctx context.Context, dm *duediligence.Demand) (err error) {
	defer duediligence.Wrap(&err, "FollowUpStore.CreateDemand")
	row := &demandRow{ID: dm.ID, CaseID: dm.CaseID, Addressee: string(dm.To), GuaranteeID: dm.GuaranteeID, Method: string(dm.Method),
		DeliveredOn: dm.DeliveredOn.String(), Proof: dm.Proof, RecordedBy: dm.RecordedBy, RecordedAt: formatTime(dm.RecordedAt)}
	_, err = s.tx.NewInsert().Model(row).Exec(ctx)
	return err
}

// FindDemands reads a case's demands, oldest delivery first.
func (s followUpStore) FindDemands(ctx context.Context, caseID string) (out []duediligence.Demand, err error) {
	defer duediligence.Wrap(&err, "FollowUpStore.FindDemands")
	var rows []demandRow
	if err := s.q.NewSelect().Model(&rows).Where("case_id = ?", caseID).OrderExpr("delivered_on, recorded_at, id").Scan(ctx); err != nil {
		return nil, err
	}
	out = make([]duediligence.Demand, 0, len(rows))
	var d decoder
	for _, r := range rows {
		dm := duediligence.Demand{ID: r.ID, CaseID: r.CaseID, To: duediligence.DemandAddressee(r.Addressee), GuaranteeID: r.GuaranteeID,
			Method: duediligence.DemandMethod(r.Method), DeliveredOn: d.date(r.DeliveredOn), Proof: r.Proof, RecordedBy: r.RecordedBy}
		if dm.RecordedAt, err = parseTime(r.RecordedAt); err != nil {
			return nil, err
		}
		out = append(out, dm)
	}
	return out, d.err
}

// CreateConsultation inserts a consultation.
func (s followUpTx) CreateConsultation(ctx context.Context, c *duediligence.Consultation) (err error) {
	defer duediligence.Wrap(&err, "FollowUpStore.CreateConsultation")
	row := &consultationRow{ID: c.ID, Owner: c.Owner, ConsultedOn: c.Date.String(), ProspectName: c.Prospect.Name, ProspectPhone: c.Prospect.Phone,
		Topic: c.Topic, Answer: c.Answer, FollowUp: c.FollowUp, CaseID: c.CaseID, RecordedAt: formatTime(c.RecordedAt)}
	_, err = s.tx.NewInsert().Model(row).Exec(ctx)
	return err
}

// FindConsultations reads the consultations f selects, by date.
func (s followUpStore) FindConsultations(ctx context.Context, f duediligence.ConsultationFilter) (out []duediligence.Consultation, err error) {
	defer duediligence.Wrap(&err, "FollowUpStore.FindConsultations")
	var rows []consultationRow
	q := s.q.NewSelect().Model(&rows).OrderExpr("consulted_on, id")
	if f.Owner != "" {
		q = q.Where("owner = ?", f.Owner)
	}
	if !f.From.IsZero() {
		q = q.Where("consulted_on >= ?", f.From.String())
	}
	if !f.To.IsZero() {
		q = q.Where("consulted_on <= ?", f.To.String())
	}
	if err := q.Scan(ctx); err != nil {
		return nil, err
	}
	out = make([]duediligence.Consultation, 0, len(rows))
	var d decoder
	for _, r := range rows {
		c := duediligence.Consultation{ID: r.ID, Owner: r.Owner, Date: d.date(r.ConsultedOn), Prospect: duediligence.Prospect{Name: r.ProspectName, Phone: r.ProspectPhone},
			Topic: r.Topic, Answer: r.Answer, FollowUp: r.FollowUp, CaseID: r.CaseID}
		if c.RecordedAt, err = parseTime(r.RecordedAt); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, d.err
}

// summaryActions are the events the weekly summary counts.
var summaryActions = []string{"case.created", "case.transitioned", "case.decided", "contracts.drafted", "contract.signed",
	"loan.disbursed", "repayment.recorded", "repayment.reversed", "demand.recorded"}

// weekEvents selects the events the summaries count in f's period, of
// f.Owner's cases when it is set, joined to their cases (as c).
func (s followUpStore) weekEvents(f duediligence.ActivityFilter) *bun.SelectQuery {
	q := s.q.NewSelect().TableExpr("events AS e").Join("JOIN cases AS c ON c.id = e.case_id").
		Where("e.action IN (?)", bun.List(summaryActions)).
		Where("e.at >= ?", formatTime(f.From)).Where("e.at < ?", formatTime(f.To))
	if f.Owner != "" {
		q = q.Where("c.owner = ?", f.Owner)
	}
	return q
}

// FindActivity counts a period's activity per account manager in three
// grouped queries: the events of their cases by action (over the
// events_at_action index), their visits and their consultations.
func (s followUpStore) FindActivity(ctx context.Context, f duediligence.ActivityFilter) (out []duediligence.Activity, err error) {
	defer duediligence.Wrap(&err, "FollowUpStore.FindActivity")
	at := map[string]int{}
	row := func(owner string) *duediligence.Activity {
		i, ok := at[owner]
		if !ok {
			i = len(out)
			at[owner] = i
			out = append(out, duediligence.Activity{Owner: owner})
		}
		return &out[i]
	}
	var evs []struct {
		Owner  string `bun:"owner"`
		Action string `bun:"action"`
		// Moved is 1 for an event that moved its case (its data names the
		// stage it went to), Submitted for a move to submitted.
		Moved     int `bun:"moved"`
		Submitted int `bun:"submitted"`
		N         int `bun:"n"`
	}
	q := s.weekEvents(f).
		ColumnExpr("c.owner AS owner, e.action AS action").
		ColumnExpr(`CASE WHEN e.data LIKE '%"to":"%' AND e.action <> 'demand.recorded' THEN 1 ELSE 0 END AS moved`).
		ColumnExpr(`CASE WHEN e.action = 'case.transitioned' AND e.data LIKE '%"to":"submitted"%' THEN 1 ELSE 0 END AS submitted`).
		ColumnExpr("COUNT(*) AS n").
		GroupExpr("c.owner, e.action, moved, submitted")
	if err := q.Scan(ctx, &evs); err != nil {
		return nil, err
	}
	for _, e := range evs {
		a := row(e.Owner)
		if e.Moved == 1 {
			a.StageChanges += e.N
		}
		if e.Submitted == 1 {
			a.Submissions += e.N
		}
		switch e.Action {
		case "case.created":
			a.CasesCreated += e.N
		case "case.decided":
			a.Decisions += e.N
		case "contract.signed":
			a.Signatures += e.N
		case "loan.disbursed":
			a.Disbursements += e.N
		case "repayment.recorded":
			a.Repayments += e.N
		case "repayment.reversed":
			a.RepaymentsReversed += e.N
		case "demand.recorded":
			a.Demands += e.N
		}
	}
	var counts []struct {
		Owner string `bun:"owner"`
		N     int    `bun:"n"`
		Cases int    `bun:"cases"`
	}
	vq := s.q.NewSelect().TableExpr("visits").ColumnExpr("owner, COUNT(*) AS n, 0 AS cases").
		Where("visited_on >= ?", f.FromDate.String()).Where("visited_on <= ?", f.ToDate.String()).GroupExpr("owner")
	if f.Owner != "" {
		vq = vq.Where("owner = ?", f.Owner)
	}
	if err := vq.Scan(ctx, &counts); err != nil {
		return nil, err
	}
	for _, c := range counts {
		row(c.Owner).Visits += c.N
	}
	counts = counts[:0]
	cq := s.q.NewSelect().TableExpr("consultations").
		ColumnExpr("owner, COUNT(*) AS n, SUM(CASE WHEN case_id <> '' THEN 1 ELSE 0 END) AS cases").
		Where("consulted_on >= ?", f.FromDate.String()).Where("consulted_on <= ?", f.ToDate.String()).GroupExpr("owner")
	if f.Owner != "" {
		cq = cq.Where("owner = ?", f.Owner)
	}
	if err := cq.Scan(ctx, &counts); err != nil {
		return nil, err
	}
	for _, c := range counts {
		a := row(c.Owner)
		a.Consultations += c.N
		a.Applications += c.Cases
	}
	return out, nil
}

// FindActivityItems lists an account manager's activity of a period —
// the events FindActivity counts, the visits and the consultations — in
// three queries over the same indexes, each bounded by limit.
func (s followUpStore) FindActivityItems(ctx context.Context, f duediligence.ActivityFilter, limit int) (out []duediligence.ActivityItem, err error) {
	defer duediligence.Wrap(&err, "FollowUpStore.FindActivityItems")
	if f.Owner == "" || limit <= 0 {
		return nil, duediligence.Errorf(duediligence.CodeInvalid, "", "activity items need an owner and a limit")
	}
	var evs []struct {
		At      string         `bun:"at"`
		Action  string         `bun:"action"`
		CaseID  string         `bun:"case_id"`
		Ledger  sql.NullString `bun:"ledger_number"`
		Subject string         `bun:"applicant_name"`
		Data    string         `bun:"data"`
	}
	if err := s.weekEvents(f).
		ColumnExpr("e.at, e.action, e.case_id, c.ledger_number, c.applicant_name").
		ColumnExpr("CASE WHEN e.action = 'case.transitioned' THEN e.data ELSE '' END AS data").
		OrderExpr("e.at").Limit(int64(limit)).Scan(ctx, &evs); err != nil {
		return nil, err
	}
	for _, e := range evs {
		at, err := parseTime(e.At)
		if err != nil {
			return nil, err
		}
		it := duediligence.ActivityItem{On: duediligence.BusinessDate(at), Kind: e.Action, CaseID: e.CaseID, LedgerNumber: e.Ledger.String, Subject: e.Subject}
		if e.Data != "" {
			var moved struct {
				To duediligence.Stage `json:"to"`
			}
			if json.Unmarshal([]byte(e.Data), &moved) == nil {
				it.Stage = moved.To
			}
		}
		out = append(out, it)
	}
	var visits []struct {
		On      string         `bun:"visited_on"`
		CaseID  string         `bun:"case_id"`
		Ledger  sql.NullString `bun:"ledger_number"`
		Subject string         `bun:"applicant_name"`
	}
	if err := s.q.NewSelect().TableExpr("visits AS v").Join("JOIN cases AS c ON c.id = v.case_id").
		ColumnExpr("v.visited_on, v.case_id, c.ledger_number, c.applicant_name").
		Where("v.owner = ?", f.Owner).Where("v.visited_on >= ?", f.FromDate.String()).Where("v.visited_on <= ?", f.ToDate.String()).
		OrderExpr("v.visited_on").Limit(int64(limit)).Scan(ctx, &visits); err != nil {
		return nil, err
	}
	var d decoder
	for _, v := range visits {
		out = append(out, duediligence.ActivityItem{On: d.date(v.On), Kind: "visit", CaseID: v.CaseID, LedgerNumber: v.Ledger.String, Subject: v.Subject})
	}
	var cons []struct {
		On      string `bun:"consulted_on"`
		CaseID  string `bun:"case_id"`
		Subject string `bun:"prospect_name"`
	}
	if err := s.q.NewSelect().TableExpr("consultations").ColumnExpr("consulted_on, case_id, prospect_name").
		Where("owner = ?", f.Owner).Where("consulted_on >= ?", f.FromDate.String()).Where("consulted_on <= ?", f.ToDate.String()).
		OrderExpr("consulted_on").Limit(int64(limit)).Scan(ctx, &cons); err != nil {
		return nil, err
	}
	for _, c := range cons {
		out = append(out, duediligence.ActivityItem{On: d.date(c.On), Kind: "consultation", CaseID: c.CaseID, Subject: c.Subject})
	}
	if d.err != nil {
		return nil, d.err
	}
	// The events come in time order, the visits and consultations by day:
	// a stable sort by day keeps each day's events in their order.
	slices.SortStableFunc(out, func(a, b duediligence.ActivityItem) int { return a.On.Compare(b.On) })
	return out[:min(len(out), limit)], nil
}
