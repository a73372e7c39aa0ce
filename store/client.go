package store

import (
	"context"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// The client file (客户档案) is read from case_parties (party.go), joined with
// the cases' listing columns and the loan tables: one indexed query for the
// roles, one for the loans, never a read of a case file.

// Clients reads client files.
func (s *Store) Clients() duediligence.ClientStore { return clientStore{s.db.Read} }

// clientStore reads client files from the party index.
type clientStore struct{ q bun.IDB }

// FindClientCases returns the roles of key in every case, newest case
// first; with member set, only in that user's cases (case_members).
func (s clientStore) FindClientCases(ctx context.Context, key, member string, limit int) (out []duediligence.ClientCase, err error) {
	defer duediligence.Wrap(&err, "ClientStore.FindClientCases")
	var rows []struct {
		CaseID       string `bun:"case_id"`
		Role         string `bun:"role"`
		Name         string `bun:"name"`
		Version      int    `bun:"version"`
		Stage        string `bun:"stage"`
		LedgerNumber string `bun:"ledger_number"`
		Owner        string `bun:"owner"`
		OwnerName    string `bun:"owner_name"`
		Applicant    string `bun:"applicant_name"`
		ApplicantKey string `bun:"applicant_key"`
		Amount       int64  `bun:"amount"`
		Guaranteed   int64  `bun:"amount_fen"`
		CreatedAt    string `bun:"created_at"`
	}
	q := s.q.NewSelect().TableExpr("case_parties AS p").
		ColumnExpr("p.case_id, p.role, p.name, p.amount_fen, c.version, c.stage, c.ledger_number, c.owner, c.owner_name, c.applicant_name, c.applicant_key, c.amount, c.created_at").
		Join("JOIN cases AS c ON c.id = p.case_id").
		Where("p.party_key = ?", key)
	if member != "" {
		q = q.Where("EXISTS (SELECT 1 FROM case_members AS m WHERE m.member = ? AND m.case_id = p.case_id)", member)
	}
	if err := q.OrderExpr("c.created_at DESC, p.case_id DESC, p.role").Limit(int64(limit)).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	for _, r := range rows {
		role := duediligence.ClientRole(r.Role)
		if r.Role == string(duediligence.PartyRoleBorrower) && r.ApplicantKey != key {
			role = duediligence.ClientCoBorrower
		}
		at, err := parseTime(r.CreatedAt)
		if err != nil {
			return nil, err
		}
		amount, err := money.FromFen(r.Amount)
		if err != nil {
			return nil, err
		}
		cc := duediligence.ClientCase{CaseID: r.CaseID, Role: role, Stage: duediligence.Stage(r.Stage),
			LedgerNumber: r.LedgerNumber, Owner: r.Owner, OwnerName: r.OwnerName, Applicant: r.Applicant,
			Amount: amount, CreatedAt: at, Name: r.Name, Version: r.Version}
		if role == duediligence.ClientGuarantor {
			g, err := money.FromFen(r.Guaranteed)
			if err != nil {
				return nil, err
			}
			cc.Guaranteed = &g
		}
		out = append(out, cc)
	}
	return out, nil
}

// FindClientLoans returns the loans of caseIDs: the principal disbursed
// over every tranche, less the principal repaid on their installments, and
// their classification and overdue history (loanColumns).
func (s clientStore) FindClientLoans(ctx context.Context, caseIDs []string, today money.Date) (out []duediligence.ClientLoan, err error) {
	defer duediligence.Wrap(&err, "ClientStore.FindClientLoans")
	var rows []struct {
		CaseID string `bun:"case_id"`
		loanCols
	}
	err = s.q.NewSelect().TableExpr("loans AS l").
		ColumnExpr("l.case_id").ColumnExpr(loanColumns, today.String()).
		Where("l.case_id IN (?)", bun.List(caseIDs)).
		OrderExpr("l.contract_date DESC, l.id").
		Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	out = []duediligence.ClientLoan{}
	for i := range rows {
		l, err := rows[i].loan(rows[i].CaseID)
		if err != nil {
			return nil, err
		}
		out = append(out, *l)
	}
	return out, nil
}

// migrateClients gives case_parties the parties' names and has the owners
// of collateral (role mortgagor) of every stored case indexed, for the
// client file.
func migrateClients(ctx context.Context, tx bun.Tx) error {
	if err := addColumn(ctx, tx, "case_parties", "name", "TEXT NOT NULL DEFAULT ''"); err != nil {
		return err
	}
	return requestReindex(ctx, tx)
}

// maxClientActivity bounds the visits and the consultations one client
// file lists: the newest.
const maxClientActivity = 50

// FindClientVisits returns the newest visits of caseIDs (visits_case_date).
func (s clientStore) FindClientVisits(ctx context.Context, caseIDs []string) (out []duediligence.Visit, err error) {
	defer duediligence.Wrap(&err, "ClientStore.FindClientVisits")
	var rows []visitRow
	// Every visit of the cases, by their index (case_id, visited_on), the
	// newest kept: a LIMIT would have the planner walk all visits by date.
	if err := s.q.NewSelect().Model(&rows).Where("case_id IN (?)", bun.List(caseIDs)).Scan(ctx); err != nil {
		return nil, err
	}
	slices.SortFunc(rows, func(a, b visitRow) int { return strings.Compare(b.VisitedOn+b.ID, a.VisitedOn+a.ID) })
	rows = rows[:min(len(rows), maxClientActivity)]
	out = make([]duediligence.Visit, 0, len(rows))
	var d decoder
	for _, r := range rows {
		v := duediligence.Visit{ID: r.ID, CaseID: r.CaseID, Date: d.date(r.VisitedOn), Visitor: r.Visitor, Subject: duediligence.VisitSubject(r.Subject),
			SubjectID: r.SubjectID, Method: duediligence.VisitMethod(r.Method), Findings: r.Findings, Actions: r.Actions,
			NextVisit: readOptDate(&d, r.NextVisit), Opinion: r.Opinion, RecordedBy: r.RecordedBy, Evidence: []string{}}
		if v.RecordedAt, err = parseTime(r.RecordedAt); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, d.err
}

// FindClientConsultations returns the newest consultations that led to
// caseIDs (consultations_case).
func (s clientStore) FindClientConsultations(ctx context.Context, caseIDs []string) (out []duediligence.Consultation, err error) {
	defer duediligence.Wrap(&err, "ClientStore.FindClientConsultations")
	var rows []consultationRow
	if err := s.q.NewSelect().Model(&rows).Where("case_id IN (?)", bun.List(caseIDs)).Scan(ctx); err != nil {
		return nil, err
	}
	slices.SortFunc(rows, func(a, b consultationRow) int { return strings.Compare(b.ConsultedOn+b.ID, a.ConsultedOn+a.ID) })
	rows = rows[:min(len(rows), maxClientActivity)]
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

// FindClientsByName returns the parties named name, a page of them in the
// order of their keys, from offset: the name index (case_parties_name)
// finds them; with member set, only in that user's cases.
func (s clientStore) FindClientsByName(ctx context.Context, name, member string, offset, limit int) (out []duediligence.ClientMatch, err error) {
	defer duediligence.Wrap(&err, "ClientStore.FindClientsByName")
	var keys []struct {
		PartyKey string `bun:"party_key"`
		Cases    int    `bun:"cases"`
	}
	q := s.q.NewSelect().TableExpr("case_parties AS p").
		ColumnExpr("p.party_key, COUNT(DISTINCT p.case_id) AS cases").
		Where("p.name = ?", name)
	if member != "" {
		q = q.Where("EXISTS (SELECT 1 FROM case_members AS m WHERE m.member = ? AND m.case_id = p.case_id)", member)
	}
	if err := q.GroupExpr("p.party_key").OrderExpr("p.party_key").Offset(int64(offset)).Limit(int64(limit)).Scan(ctx, &keys); err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return []duediligence.ClientMatch{}, nil
	}
	list := make([]string, len(keys))
	for i, k := range keys {
		list[i] = k.PartyKey
	}
	var roles []struct {
		PartyKey     string `bun:"party_key"`
		Role         string `bun:"role"`
		ApplicantKey string `bun:"applicant_key"`
	}
	rq := s.q.NewSelect().TableExpr("case_parties AS p").
		ColumnExpr("p.party_key, p.role, c.applicant_key").
		Join("JOIN cases AS c ON c.id = p.case_id").
		Where("p.name = ?", name).Where("p.party_key IN (?)", bun.List(list))
	if member != "" {
		rq = rq.Where("EXISTS (SELECT 1 FROM case_members AS m WHERE m.member = ? AND m.case_id = p.case_id)", member)
	}
	if err := rq.Scan(ctx, &roles); err != nil {
		return nil, err
	}
	for _, k := range keys {
		m := duediligence.ClientMatch{Key: k.PartyKey, Name: name, Cases: k.Cases}
		for _, r := range roles {
			if r.PartyKey != k.PartyKey {
				continue
			}
			role := duediligence.ClientRole(r.Role)
			if r.Role == string(duediligence.PartyRoleBorrower) && r.ApplicantKey != r.PartyKey {
				role = duediligence.ClientCoBorrower
			}
			if !slices.Contains(m.Roles, role) {
				m.Roles = append(m.Roles, role)
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// clientTables are the tables and indexes of the client file beside
// case_parties, made by migrateClientRelations and filled by the rebuild of the
// index rows: the relations the cases record of their parties, found from
// either side, and the parties' names for the client search.
var clientTables = []string{
	`CREATE TABLE IF NOT EXISTS party_relations (
		case_id     TEXT NOT NULL,
		party_key   TEXT NOT NULL,
		relation    TEXT NOT NULL,
		related_key TEXT NOT NULL,
		PRIMARY KEY (case_id, party_key, relation, related_key)
	)`,
	`CREATE INDEX IF NOT EXISTS party_relations_party ON party_relations (party_key, related_key)`,
	`CREATE INDEX IF NOT EXISTS party_relations_related ON party_relations (related_key, party_key)`,
	`CREATE INDEX IF NOT EXISTS case_parties_name ON case_parties (name, party_key)`,
}

// migrateClientRelations gives case_parties the amounts the parties
// guarantee and adds the relations' table and the name index, and has the
// relations of every stored case indexed, for the client file and the
// concentration limits.
func migrateClientRelations(ctx context.Context, tx bun.Tx) error {
	if err := addColumn(ctx, tx, "case_parties", "amount_fen", "BIGINT NOT NULL DEFAULT 0"); err != nil {
		return err
	}
	for _, stmt := range clientTables {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return requestReindex(ctx, tx)
}

// FindPartyRelations returns the relations recorded of keys, or with them
// as the related party: two indexed reads, one from each side.
func (s clientStore) FindPartyRelations(ctx context.Context, keys []string) (out []duediligence.PartyRelation, err error) {
	defer duediligence.Wrap(&err, "ClientStore.FindPartyRelations")
	if len(keys) == 0 {
		return nil, nil
	}
	var rows []relationRow
	for _, col := range []string{"party_key", "related_key"} {
		var part []relationRow
		if err := s.q.NewSelect().Model(&part).Where("? IN (?)", bun.Ident(col), bun.List(keys)).
			OrderExpr("party_key, relation, related_key").Limit(maxPartyLinks).Scan(ctx); err != nil {
			return nil, err
		}
		rows = append(rows, part...)
	}
	for _, r := range rows {
		rel := duediligence.PartyRelation{PartyKey: r.PartyKey, Relation: duediligence.RelatedBy(r.Relation), RelatedKey: r.RelatedKey}
		if !slices.Contains(out, rel) {
			out = append(out, rel)
		}
	}
	return out, nil
}

// loanColumns are a loan's figures for the client file and the history,
// each read from its installments by the index on (loan_id, due_date):
// principal repaid, the days past due as of the last posting, and the
// installments paid late or unpaid past their due day (? is today).
const loanColumns = `l.contract_number, l.disbursed_fen, l.maturity_date, l.classification, l.manual_classification,
	COALESCE((SELECT SUM(i.paid_principal_fen) FROM loan_installments AS i WHERE i.loan_id = l.id), 0) AS repaid_fen,
	COALESCE((SELECT MAX(i.days_past_due) FROM loan_installments AS i WHERE i.loan_id = l.id), 0) AS days_past_due,
	(SELECT COUNT(*) FROM loan_installments AS i WHERE i.loan_id = l.id AND i.due_date < ? AND i.settled_on > i.due_date) AS late`

// loanCols is a row's loan figures (loanColumns).
type loanCols struct {
	ContractNumber *string `bun:"contract_number"`
	Disbursed      int64   `bun:"disbursed_fen"`
	MaturityDate   string  `bun:"maturity_date"`
	Class          string  `bun:"classification"`
	Manual         string  `bun:"manual_classification"`
	Repaid         int64   `bun:"repaid_fen"`
	DaysPastDue    int     `bun:"days_past_due"`
	Late           int     `bun:"late"`
}

// loan returns the loan of the row, nil for a case without one.
func (r *loanCols) loan(caseID string) (*duediligence.ClientLoan, error) {
	if r.ContractNumber == nil {
		return nil, nil
	}
	disbursed, err := money.FromFen(r.Disbursed)
	if err != nil {
		return nil, err
	}
	outstanding, err := money.FromFen(r.Disbursed - r.Repaid)
	if err != nil {
		return nil, err
	}
	class := duediligence.Classification(r.Class)
	if m := duediligence.Classification(r.Manual); m.Valid() {
		class = m
	}
	worst := class
	if f := duediligence.ClassificationFloor(r.DaysPastDue); slices.Index(duediligence.Classifications, f) > slices.Index(duediligence.Classifications, worst) {
		worst = f
	}
	return &duediligence.ClientLoan{CaseID: caseID, ContractNumber: *r.ContractNumber, Disbursed: disbursed, Outstanding: outstanding,
		MaturityDate: r.MaturityDate, Classification: class, WorstClassification: worst, DaysPastDue: r.DaysPastDue, LateInstallments: r.Late}, nil
}

// FindPartyHistory returns every role of keys in cases other than caseID,
// with the case's loan, newest case first: a read by the index on
// case_parties (party_key), then one of their loans.
func (s clientStore) FindPartyHistory(ctx context.Context, caseID string, keys []string, today money.Date, limit int) (out []duediligence.PartyHistoryRow, err error) {
	defer duediligence.Wrap(&err, "ClientStore.FindPartyHistory")
	if len(keys) == 0 {
		return nil, nil
	}
	var rows []struct {
		PartyKey     string `bun:"party_key"`
		Role         string `bun:"role"`
		Guaranteed   int64  `bun:"amount_fen"`
		CaseID       string `bun:"case_id"`
		Stage        string `bun:"stage"`
		LedgerNumber string `bun:"ledger_number"`
		ApplicantKey string `bun:"applicant_key"`
		Amount       int64  `bun:"amount"`
	}
	err = s.q.NewSelect().TableExpr("case_parties AS p").
		ColumnExpr("p.party_key, p.role, p.amount_fen, p.case_id, c.stage, c.ledger_number, c.applicant_key, c.amount").
		Join("JOIN cases AS c ON c.id = p.case_id").
		Where("p.party_key IN (?)", bun.List(keys)).
		Where("p.case_id <> ?", caseID).
		OrderExpr("c.created_at DESC, p.case_id DESC, p.role, p.party_key").
		Limit(int64(limit)).
		Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		r := &rows[i]
		role := duediligence.ClientRole(r.Role)
		if r.Role == string(duediligence.PartyRoleBorrower) && r.ApplicantKey != r.PartyKey {
			role = duediligence.ClientCoBorrower
		}
		amount, err := money.FromFen(r.Amount)
		if err != nil {
			return nil, err
		}
		guaranteed, err := money.FromFen(r.Guaranteed)
		if err != nil {
			return nil, err
		}
		out = append(out, duediligence.PartyHistoryRow{PartyKey: r.PartyKey, Role: role, CaseID: r.CaseID, LedgerNumber: r.LedgerNumber,
			Stage: duediligence.Stage(r.Stage), Amount: amount, Guaranteed: guaranteed})
	}
	if len(out) == 0 {
		return out, nil
	}
	// The loans by their own index (loans.case_id), not joined: a join lets
	// the planner walk every loan.
	var ids []string
	for _, r := range out {
		if !slices.Contains(ids, r.CaseID) {
			ids = append(ids, r.CaseID)
		}
	}
	loans, err := s.FindClientLoans(ctx, ids, today)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for j := range loans {
			if loans[j].CaseID == out[i].CaseID {
				out[i].Loan = &loans[j]
			}
		}
	}
	return out, nil
}
