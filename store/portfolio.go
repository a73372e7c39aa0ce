package store

import (
	"context"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/schema"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// portfolioStore runs the portfolio's queries on the read pool: each page
// is one statement, walking an index in the page's order — the overdue
// loans by loans.oldest_unpaid_due, the installments due by their index on
// (settled_on, due_date, loan_id) — and joining the page's loans by key.
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

// paidSince is the table of the installments due before a day and paid
// off after it (its arguments: the day, unsettled, the day), sorted in
// the page's order before the page's walk checks them one by one, so that
// a day in the past costs a sort of what was paid since and the checks of
// a page. Left to themselves, SQLite, which cannot tell how few they are,
// would walk the index on due_date for the page's order, through
// everything due before the day, and PostgreSQL would do the same or sort
// them in parallel, starting a worker for a few hundred rows: SQLite is
// told which index to use, and PostgreSQL reads them as a materialised
// CTE, which no parallel plan reads. On SQLite the subquery's LIMIT (-1,
// none) keeps it from being flattened into the page's query, which would
// check every installment paid since before sorting them and cutting the
// page: sorted alone, its order is the page's, and the checks stop at the
// page.
//
// bounded (SQLite only; two more arguments: the page's size, unsettled)
// keeps those due no later than the last of a full page of the loans
// unpaid now, the common table n: a full page of those already holds the
// page's rows up to it, so those paid since after it are not sorted.
func paidSince(q bun.IDB, bounded bool) string {
	paid := " WHERE i.settled_on > ? AND i.settled_on < ? AND i.due_date < ?"
	if bounded {
		paid += " AND i.due_date <= (SELECT CASE WHEN COUNT(*) < ? THEN ? ELSE MAX(n.oldest_due) END FROM n)"
	}
	if q.Dialect().Name() == dialect.SQLite {
		return "(SELECT i.due_date, i.loan_id FROM loan_installments AS i INDEXED BY loan_installments_unsettled" + paid + " ORDER BY i.due_date, i.loan_id LIMIT -1) AS i"
	}
	return "(WITH paid AS MATERIALIZED (SELECT i.due_date, i.loan_id FROM loan_installments AS i" + paid + ") SELECT * FROM paid ORDER BY due_date, loan_id) AS i"
}

// fence keeps a subquery from being flattened into the query around it:
// PostgreSQL (OFFSET 0) plans it alone, and does not turn an EXISTS into a
// join; SQLite (LIMIT 1) does not turn an EXISTS into a join either, for
// which it would build a Bloom filter of all the member's cases, whatever
// few a page checks.
func fence(q interface{ Dialect() schema.Dialect }) string {
	if q.Dialect().Name() == dialect.PG {
		return " OFFSET 0"
	}
	return " LIMIT 1"
}

// byLoanSettled is the loan's installments, as alias, walked by the index
// on (loan_id, settled_on, due_date): the check for one paid off after a
// day and due before another reads the few the loan paid since the day,
// and the count and sum of those unpaid on a day read the rows of those
// alone. SQLite, which cannot tell how few they are, would otherwise walk
// the loan's installments by (loan_id, due_date), up to 36 of them, and
// read each one's row.
func byLoanSettled(q interface{ Dialect() schema.Dialect }, alias string) string {
	return installmentsBy(q, alias, "loan_installments_loan_unsettled")
}

// installmentsBy is loan_installments as alias, read on SQLite by the index
// named (INDEXED BY), where its planner would pick another; PostgreSQL
// chooses for itself.
func installmentsBy(q interface{ Dialect() schema.Dialect }, alias, index string) string {
	if q.Dialect().Name() == dialect.SQLite {
		return "loan_installments AS " + alias + " INDEXED BY " + index
	}
	return "loan_installments AS " + alias
}

// member keeps the loans of the cases the member belongs to, checked for
// each loan a page's walk meets (some 30 for each row of the page of a
// member of one case in 30, whatever the portfolio's size): PostgreSQL
// would otherwise join the loans met to all the member's cases, and sort
// them. loanCase is the expression of the loan's case.
func member(q *bun.SelectQuery, who, loanCase string) *bun.SelectQuery {
	if who == "" {
		return q
	}
	return q.Where("EXISTS (SELECT 1 FROM case_members AS m WHERE m.member = ? AND m.case_id = "+loanCase+fence(q)+")", who)
}

// visible is member for a walk of installments i.
func visible(q *bun.SelectQuery, m string) *bun.SelectQuery {
	return member(q, m, "(SELECT v.case_id FROM loans AS v WHERE v.id = i.loan_id)")
}

// FindOverdue returns the loans with installments due before f.AsOf and
// unpaid on it, the oldest due first (then by ID), after the cursor
// oldest due|loan ID.
//
// A page reads about as many rows whatever the size of the portfolio. A
// loan's oldest installment unpaid on the day is either the oldest unpaid
// now — loans.oldest_unpaid_due (portfolio_oldest.go), whose partial index
// is walked in the page's order, one entry per overdue loan, with the
// member's membership checked for each — unless one paid off after the day
// is older (a short range of the index on (loan_id, settled_on,
// due_date)); or one of those paid off after the day (an as_of in the
// past), found in the index on (settled_on, due_date, loan_id) and sorted,
// so a day in the past costs what was paid since (on SQLite, those due no
// later than the last of a full page of the first kind). The two are
// merged, and the page's loans counted and looked up by key.
func (s portfolioStore) FindOverdue(ctx context.Context, f duediligence.PortfolioFilter) (out []duediligence.OverdueLoan, err error) {
	defer duediligence.Wrap(&err, "PortfolioStore.FindOverdue")
	var e encoder
	asOf := e.date(f.AsOf)
	if e.err != nil {
		return nil, e.err
	}
	day, loan, paged := strings.Cut(f.After, "|")
	var rows []overdueRow
	// Unpaid now: the loans by their oldest unpaid installment.
	now := s.q.NewSelect().TableExpr("loans AS l").ColumnExpr("l.oldest_unpaid_due AS oldest_due, l.id AS loan_id").
		Where("l.oldest_unpaid_due < ?", asOf)
	if paged {
		now = now.Where("(l.oldest_unpaid_due, l.id) > (?, ?)", day, loan)
	}
	now = member(now, f.Member, "l.case_id").Where("NOT EXISTS (SELECT 1 FROM "+byLoanSettled(s.q, "j")+" WHERE j.loan_id = l.id AND j.settled_on > ? AND j.settled_on < ? AND j.due_date < l.oldest_unpaid_due)", asOf, unsettled).
		OrderExpr("l.oldest_unpaid_due, l.id").Limit(int64(f.Limit))
	// Paid off after the day: those that were the loan's oldest unpaid then.
	// On SQLite the loans unpaid now are a common table, n, which bounds
	// those paid since (paidSince).
	bounded := s.q.Dialect().Name() == dialect.SQLite && f.Limit > 0
	sinceArgs := []any{asOf, unsettled, asOf}
	if bounded {
		sinceArgs = append(sinceArgs, f.Limit, unsettled)
	}
	since := s.q.NewSelect().TableExpr(paidSince(s.q, bounded), sinceArgs...).ColumnExpr("i.due_date AS oldest_due, i.loan_id")
	if paged {
		since = since.Where("(i.due_date, i.loan_id) > (?, ?)", day, loan)
	}
	since = visible(since, f.Member).
		Where("NOT EXISTS (SELECT 1 FROM loan_installments AS j WHERE j.loan_id = i.loan_id AND j.settled_on = ? AND j.due_date < i.due_date)", unsettled).
		Where("NOT EXISTS (SELECT 1 FROM "+byLoanSettled(s.q, "j")+" WHERE j.loan_id = i.loan_id AND j.settled_on > ? AND j.settled_on < ? AND j.due_date < i.due_date)", asOf, unsettled).
		GroupExpr("i.due_date, i.loan_id").OrderExpr("i.due_date, i.loan_id").Limit(int64(f.Limit))
	page := s.q.NewSelect().TableExpr("(SELECT * FROM (?) AS n UNION ALL SELECT * FROM (?) AS p) AS u", now, since)
	if bounded {
		page = s.q.NewSelect().With("n", now).TableExpr("(SELECT * FROM n UNION ALL SELECT * FROM (?) AS p) AS u", since)
	}
	page = page.ColumnExpr("u.oldest_due, u.loan_id").GroupExpr("u.oldest_due, u.loan_id").OrderExpr("u.oldest_due, u.loan_id").Limit(int64(f.Limit))
	overdue := "FROM " + byLoanSettled(s.q, "k") + " WHERE k.loan_id = o.loan_id AND k.settled_on > ? AND k.due_date < ?"
	q := s.q.NewSelect().TableExpr("(?) AS o", page).Join(loansOf(s.q)).
		ColumnExpr("o.loan_id, o.oldest_due").
		ColumnExpr("(SELECT COUNT(*) "+overdue+") AS installments", asOf, asOf).
		ColumnExpr("(SELECT SUM(k.owed_fen - k.paid_fen) "+overdue+") AS overdue_fen", asOf, asOf).
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

// unpaidByDue is the installments i walked by the index on (settled_on,
// due_date, loan_id), unpaid ones by due date. SQLite would walk the index
// on (due_date, loan_id) for a cursor's (due_date, loan_id) > (…), and read
// each installment's row for its settled_on before checking the member's
// membership, where this index has it.
func unpaidByDue(q interface{ Dialect() schema.Dialect }) string {
	return installmentsBy(q, "i", "loan_installments_unsettled")
}

// FindMaturities returns what the unpaid installments due from f.From to
// f.To owe, by day and loan, after the cursor date|loan ID: a walk of the
// index on (settled_on, due_date, loan_id) from the cursor, grouped as it
// goes and stopped at the page, then the page's loans by key.
func (s portfolioStore) FindMaturities(ctx context.Context, f duediligence.PortfolioFilter) (out []duediligence.Maturity, err error) {
	defer duediligence.Wrap(&err, "PortfolioStore.FindMaturities")
	var e encoder
	from, to := e.date(f.From), e.date(f.To)
	if e.err != nil {
		return nil, e.err
	}
	day, loan, paged := strings.Cut(f.After, "|")
	if paged && s.q.Dialect().Name() == dialect.SQLite && day > from {
		// SQLite starts the walk at the lower bound on due_date, not at
		// the cursor's (due_date, loan_id): the cursor's day skips the
		// pages before it (dates compare as SQLite compares them).
		from = day
	}
	var rows []maturityRow
	page := s.q.NewSelect().TableExpr(unpaidByDue(s.q)).
		ColumnExpr("i.due_date, i.loan_id, COUNT(*) AS installments, SUM(i.owed_fen - i.paid_fen) AS amount_fen").
		Where("i.settled_on = ?", unsettled).Where("i.due_date >= ?", from).Where("i.due_date <= ?", to)
	if paged {
		page = page.Where("(i.due_date, i.loan_id) > (?, ?)", day, loan)
	}
	page = visible(page, f.Member).GroupExpr("i.due_date, i.loan_id").OrderExpr("i.due_date, i.loan_id").Limit(int64(f.Limit))
	q := s.q.NewSelect().TableExpr("(?) AS o", page).Join(loansOf(s.q)).
		ColumnExpr("o.due_date, o.loan_id, o.installments, o.amount_fen").
		ColumnExpr("l.case_id, l.contract_number, l.borrower, l.classification, l.maturity_date").OrderExpr("o.due_date, o.loan_id")
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
