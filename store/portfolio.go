package store

import (
	"context"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// portfolioStore runs the portfolio's queries on the read pool: each page
// is one statement over loan_installments (by its index on settled_on,
// due_date, loan_id) joined to loans by primary key.
type portfolioStore struct{ q bun.IDB }

// Portfolio reads the portfolio.
func (s *Store) Portfolio() duediligence.PortfolioStore { return portfolioStore{s.db.Read} }

type overdueRow struct {
	LoanID         string `bun:"loan_id"`
	CaseID         string `bun:"case_id"`
	ContractNumber string `bun:"contract_number"`
	Borrower       string `bun:"borrower"`
	OldestDue      string `bun:"oldest_due"`
	Installments   int    `bun:"installments"`
	OverdueFen     int64  `bun:"overdue_fen"`
	Classification string `bun:"classification"`
	MaturityDate   string `bun:"maturity_date"`
}

// loansOf joins a page's loans to it by primary key. PostgreSQL, which may
// otherwise hash the whole of loans for a page of a hundred, is made to
// look each one up (a LATERAL subquery, kept from being flattened into a
// join by its LIMIT); SQLite looks them up as it is.
func loansOf(q bun.IDB) string {
	if q.Dialect().Name() == dialect.PG {
		return "JOIN LATERAL (SELECT * FROM loans WHERE loans.id = o.loan_id LIMIT 1) AS l ON true"
	}
	return "JOIN loans AS l ON l.id = o.loan_id"
}

// visible keeps the loans of the cases the member belongs to.
func visible(q *bun.SelectQuery, member string) *bun.SelectQuery {
	if member != "" {
		q = q.Where("EXISTS (SELECT 1 FROM case_members AS m WHERE m.member = ? AND m.case_id = (SELECT v.case_id FROM loans AS v WHERE v.id = i.loan_id))", member)
	}
	return q
}

// FindOverdue returns the loans with installments due before f.AsOf and
// unpaid on it, the oldest due first (then by ID), after the cursor
// oldest due|loan ID.
func (s portfolioStore) FindOverdue(ctx context.Context, f duediligence.PortfolioFilter) (out []duediligence.OverdueLoan, err error) {
	defer duediligence.Wrap(&err, "PortfolioStore.FindOverdue")
	var e encoder
	asOf := e.date(f.AsOf)
	if e.err != nil {
		return nil, e.err
	}
	var rows []overdueRow
	// The installments unpaid on the day and due before it: those unpaid
	// now, and those paid off after it — two ranges of the index on
	// (settled_on, due_date). Grouped by loan in a subquery, the page taken
	// most days past due first, then its loans by primary key.
	page := s.q.NewSelect().TableExpr("loan_installments AS i").
		ColumnExpr("i.loan_id, MIN(i.due_date) AS oldest_due, COUNT(*) AS installments, SUM(i.owed_fen - i.paid_fen) AS overdue_fen").
		Where("(i.settled_on = ? AND i.due_date < ?) OR (i.settled_on > ? AND i.settled_on < ? AND i.due_date < ?)",
			unsettled, asOf, asOf, unsettled, asOf)
	page = visible(page, f.Member).GroupExpr("i.loan_id")
	if day, loan, ok := strings.Cut(f.After, "|"); ok {
		page = page.Having("MIN(i.due_date) > ? OR (MIN(i.due_date) = ? AND i.loan_id > ?)", day, day, loan)
	}
	page = page.OrderExpr("oldest_due, i.loan_id").Limit(int64(f.Limit))
	q := s.q.NewSelect().TableExpr("(?) AS o", page).Join(loansOf(s.q)).
		ColumnExpr("o.loan_id, o.oldest_due, o.installments, o.overdue_fen").
		ColumnExpr("l.case_id, l.contract_number, l.borrower, l.classification, l.maturity_date").OrderExpr("o.oldest_due, o.loan_id")
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, err
	}
	var d decoder
	out = make([]duediligence.OverdueLoan, 0, len(rows))
	for _, r := range rows {
		out = append(out, duediligence.OverdueLoan{LoanID: r.LoanID, CaseID: r.CaseID, ContractNumber: r.ContractNumber, Borrower: r.Borrower,
			OldestDue: d.date(r.OldestDue), Installments: r.Installments, Overdue: fen(&d, r.OverdueFen),
			Classification: duediligence.Classification(r.Classification), Maturity: d.date(r.MaturityDate)})
	}
	return out, d.err
}

type maturityRow struct {
	LoanID         string `bun:"loan_id"`
	CaseID         string `bun:"case_id"`
	ContractNumber string `bun:"contract_number"`
	Borrower       string `bun:"borrower"`
	DueDate        string `bun:"due_date"`
	Installments   int    `bun:"installments"`
	AmountFen      int64  `bun:"amount_fen"`
	Classification string `bun:"classification"`
	MaturityDate   string `bun:"maturity_date"`
}

// FindMaturities returns what the unpaid installments due from f.From to
// f.To owe, by day and loan, after the cursor date|loan ID.
func (s portfolioStore) FindMaturities(ctx context.Context, f duediligence.PortfolioFilter) (out []duediligence.Maturity, err error) {
	defer duediligence.Wrap(&err, "PortfolioStore.FindMaturities")
	var e encoder
	from, to := e.date(f.From), e.date(f.To)
	if e.err != nil {
		return nil, e.err
	}
	var rows []maturityRow
	q := s.q.NewSelect().TableExpr("loan_installments AS i").Join("JOIN loans AS l ON l.id = i.loan_id").
		ColumnExpr("i.due_date, i.loan_id, l.case_id, l.contract_number, l.borrower, l.classification, l.maturity_date").
		ColumnExpr("COUNT(*) AS installments, SUM(i.owed_fen - i.paid_fen) AS amount_fen").
		Where("i.settled_on = ?", unsettled).Where("i.due_date >= ?", from).Where("i.due_date <= ?", to)
	if day, loan, ok := strings.Cut(f.After, "|"); ok {
		q = q.Where("(i.due_date > ? OR (i.due_date = ? AND i.loan_id > ?))", day, day, loan)
	}
	q = visible(q, f.Member).
		GroupExpr("i.due_date, i.loan_id, l.case_id, l.contract_number, l.borrower, l.classification, l.maturity_date").
		OrderExpr("i.due_date, i.loan_id").Limit(int64(f.Limit))
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, err
	}
	var d decoder
	out = make([]duediligence.Maturity, 0, len(rows))
	for _, r := range rows {
		out = append(out, duediligence.Maturity{LoanID: r.LoanID, CaseID: r.CaseID, ContractNumber: r.ContractNumber, Borrower: r.Borrower,
			DueDate: d.date(r.DueDate), Installments: r.Installments, Amount: fen(&d, r.AmountFen), Final: r.DueDate == r.MaturityDate,
			Classification: duediligence.Classification(r.Classification)})
	}
	return out, d.err
}

// FindWrittenOff totals the loans written off by f.AsOf (by the index on
// written_off_on) and their recoveries by then.
func (s portfolioStore) FindWrittenOff(ctx context.Context, f duediligence.PortfolioFilter) (out duediligence.WrittenOffTotal, err error) {
	defer duediligence.Wrap(&err, "PortfolioStore.FindWrittenOff")
	var e encoder
	asOf := e.date(f.AsOf)
	if e.err != nil {
		return out, e.err
	}
	member := func(q *bun.SelectQuery) *bun.SelectQuery {
		if f.Member != "" {
			q = q.Where("EXISTS (SELECT 1 FROM case_members AS m WHERE m.member = ? AND m.case_id = l.case_id)", f.Member)
		}
		return q
	}
	var tot struct {
		Loans     int   `bun:"loans"`
		AmountFen int64 `bun:"amount_fen"`
	}
	q := s.q.NewSelect().TableExpr("loans AS l").ColumnExpr("COUNT(*) AS loans, COALESCE(SUM(l.written_off_fen), 0) AS amount_fen").
		Where("l.written_off_on > ''").Where("l.written_off_on <= ?", asOf)
	if err := member(q).Scan(ctx, &tot); err != nil {
		return out, err
	}
	var rec struct {
		AmountFen int64 `bun:"amount_fen"`
	}
	q = s.q.NewSelect().TableExpr("loan_recoveries AS r").Join("JOIN loans AS l ON l.id = r.loan_id").
		ColumnExpr("COALESCE(SUM(r.amount_fen), 0) AS amount_fen").
		Where("l.written_off_on > ''").Where("l.written_off_on <= ?", asOf).Where("r.received_on <= ?", asOf)
	if err := member(q).Scan(ctx, &rec); err != nil {
		return out, err
	}
	var d decoder
	out = duediligence.WrittenOffTotal{Loans: tot.Loans, Amount: fen(&d, tot.AmountFen), Recovered: fen(&d, rec.AmountFen)}
	return out, d.err
}
