package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// A case is stored in two rows. Its listing (caseRow, the table cases) holds
// what lists, searches and the ledger show, in columns, and the version
// that orders changes; its file (bodyRow, case_bodies) is the one document
// of the case in the store's format (format.go), read only when the case
// itself is. Index tables (case_members, case_ngrams, case_collateral,
// case_parties) are kept from each case in the same transaction.

// caseRow is a case's listing, as duediligence.Listing gives it.
type caseRow struct {
	bun.BaseModel `bun:"table:cases"`

	ID            string `bun:"id,pk"`
	Version       int    `bun:"version"`
	Stage         string `bun:"stage"`
	Owner         string `bun:"owner"`
	OwnerName     string `bun:"owner_name"`
	ApplicantKind string `bun:"applicant_kind"`
	ApplicantName string `bun:"applicant_name"`
	// ApplicantNameLC is ApplicantName in lower case, lowered in Go (SQLite's
	// lower() knows only ASCII) for case-insensitive search.
	ApplicantNameLC string `bun:"applicant_name_lc"`
	// ApplicantKey is the applicant's resident ID or credit code in upper
	// case, for exact search; NULL when not known yet.
	ApplicantKey string `bun:"applicant_key,nullzero"`
	// ApplicantID is what lists show of it: the credit code, or the
	// resident ID masked.
	ApplicantID string `bun:"applicant_id"`
	// Amount is the requested principal in fen.
	Amount       int64  `bun:"amount"`
	TermMonths   int    `bun:"term_months"`
	AnnualRate   string `bun:"annual_rate"`
	LedgerNumber string `bun:"ledger_number,nullzero"`
	// LedgerYear and LedgerSeq are LedgerNumber's parts, which the ledger
	// is read by.
	LedgerYear  int    `bun:"ledger_year,nullzero"`
	LedgerSeq   int    `bun:"ledger_seq,nullzero"`
	SubmittedAt string `bun:"submitted_at,nullzero"`
	Decision    string `bun:"decision,nullzero"`
	DecidedAt   string `bun:"decided_at,nullzero"`
	// EligibleValue (fen) and Coverage are the service's figures; NULL when
	// it gave none.
	EligibleValue sql.NullInt64 `bun:"eligible_value"`
	Coverage      string        `bun:"coverage,nullzero"`
	// CollateralKinds and Guarantees are the ledger's lists, as JSON of
	// kindCountDoc and guaranteeLineDoc; NULL when empty.
	CollateralKinds string `bun:"collateral_kinds,nullzero"`
	Guarantees      string `bun:"guarantees,nullzero"`
	CreatedAt       string `bun:"created_at"`
	UpdatedAt       string `bun:"updated_at"`
}

// summaryColumns are the columns FindCases reads.
var summaryColumns = []string{"id", "version", "stage", "owner", "owner_name", "applicant_kind", "applicant_name",
	"applicant_id", "amount", "term_months", "ledger_number", "created_at", "updated_at"}

// listingColumns are the columns a write sets besides the version.
var listingColumns = []string{"stage", "owner", "owner_name", "applicant_kind", "applicant_name", "applicant_name_lc",
	"applicant_key", "applicant_id", "amount", "term_months", "annual_rate", "ledger_number", "ledger_year", "ledger_seq",
	"submitted_at", "decision", "decided_at", "eligible_value", "coverage", "collateral_kinds", "guarantees",
	"created_at", "updated_at"}

type kindCountDoc struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
}

type guaranteeLineDoc struct {
	Guarantor string `json:"guarantor"`
	Kind      string `json:"kind,omitempty"`
	Amount    string `json:"amount"`
}

// newCaseRow returns the listing row of c: its version, its search key and
// the listing the service computed.
func newCaseRow(c *duediligence.Case, l *duediligence.Listing) (*caseRow, error) {
	r := &caseRow{
		ID: l.ID, Version: c.Version, Stage: string(l.Stage), Owner: l.Owner, OwnerName: l.OwnerName,
		ApplicantKind: string(l.ApplicantKind), ApplicantName: l.ApplicantName,
		ApplicantNameLC: strings.ToLower(l.ApplicantName), ApplicantKey: strings.ToUpper(c.Applicant.Identifier()),
		ApplicantID: l.ApplicantID, TermMonths: l.TermMonths, AnnualRate: l.AnnualRate.String(),
		LedgerNumber: l.LedgerNumber, Decision: string(l.Decision),
		CreatedAt: formatTime(l.CreatedAt), UpdatedAt: formatTime(l.UpdatedAt),
	}
	amount, err := money.ParseMoney(l.Amount)
	if err != nil {
		return nil, err
	}
	r.Amount = amount.Fen()
	if l.LedgerNumber != "" {
		year, seq, ok := duediligence.ParseLedgerNumber(l.LedgerNumber)
		if !ok {
			return nil, errors.New("ledger number " + l.LedgerNumber + " is not one FormatLedgerNumber writes")
		}
		r.LedgerYear, r.LedgerSeq = year, seq
	}
	if !l.SubmittedAt.IsZero() {
		r.SubmittedAt = formatTime(l.SubmittedAt)
	}
	if !l.DecidedAt.IsZero() {
		r.DecidedAt = formatTime(l.DecidedAt)
	}
	if l.EligibleValue != nil {
		r.EligibleValue = sql.NullInt64{Int64: l.EligibleValue.Fen(), Valid: true}
	}
	if l.Coverage != nil {
		r.Coverage = l.Coverage.String()
	}
	if len(l.Collateral) > 0 {
		kinds := make([]kindCountDoc, len(l.Collateral))
		for i, k := range l.Collateral {
			kinds[i] = kindCountDoc{Kind: string(k.Kind), Count: k.Count}
		}
		b, err := json.Marshal(kinds)
		if err != nil {
			return nil, err
		}
		r.CollateralKinds = string(b)
	}
	if len(l.Guarantees) > 0 {
		lines := make([]guaranteeLineDoc, len(l.Guarantees))
		for i, g := range l.Guarantees {
			lines[i] = guaranteeLineDoc{Guarantor: g.Guarantor, Kind: string(g.Kind), Amount: g.Amount.String()}
		}
		b, err := json.Marshal(lines)
		if err != nil {
			return nil, err
		}
		r.Guarantees = string(b)
	}
	return r, nil
}

// summary returns the CaseSummary of a row read with summaryColumns.
func (r *caseRow) summary() (duediligence.CaseSummary, error) {
	created, err := parseTime(r.CreatedAt)
	if err != nil {
		return duediligence.CaseSummary{}, err
	}
	updated, err := parseTime(r.UpdatedAt)
	if err != nil {
		return duediligence.CaseSummary{}, err
	}
	amount, err := money.FromFen(r.Amount)
	if err != nil {
		return duediligence.CaseSummary{}, err
	}
	return duediligence.CaseSummary{
		ID: r.ID, LedgerNumber: r.LedgerNumber, Stage: duediligence.Stage(r.Stage), Version: r.Version,
		Owner: r.Owner, OwnerName: r.OwnerName, ApplicantKind: duediligence.PartyKind(r.ApplicantKind),
		ApplicantName: r.ApplicantName, ApplicantID: r.ApplicantID, Amount: amount.String(), TermMonths: r.TermMonths,
		CreatedAt: created, UpdatedAt: updated,
	}, nil
}

// listing returns the Listing of a row read whole.
func (r *caseRow) listing() (duediligence.Listing, error) {
	s, err := r.summary()
	if err != nil {
		return duediligence.Listing{}, err
	}
	l := duediligence.Listing{CaseSummary: s, Decision: duediligence.Decision(r.Decision)}
	var d decoder
	l.AnnualRate = d.rate(r.AnnualRate)
	at := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, err := parseTime(s)
		if err != nil {
			d.fail(err)
		}
		return t
	}
	l.SubmittedAt, l.DecidedAt = at(r.SubmittedAt), at(r.DecidedAt)
	if r.EligibleValue.Valid {
		m, err := money.FromFen(r.EligibleValue.Int64)
		d.fail(err)
		l.EligibleValue = &m
	}
	if r.Coverage != "" {
		v := d.decimal(r.Coverage)
		l.Coverage = &v
	}
	if r.CollateralKinds != "" {
		var kinds []kindCountDoc
		d.fail(json.Unmarshal([]byte(r.CollateralKinds), &kinds))
		for _, k := range kinds {
			l.Collateral = append(l.Collateral, duediligence.KindCount{Kind: collateral.Kind(k.Kind), Count: k.Count})
		}
	}
	if r.Guarantees != "" {
		var lines []guaranteeLineDoc
		d.fail(json.Unmarshal([]byte(r.Guarantees), &lines))
		for _, g := range lines {
			l.Guarantees = append(l.Guarantees, duediligence.GuaranteeLine{Guarantor: g.Guarantor, Kind: duediligence.GuaranteeKind(g.Kind), Amount: d.money(g.Amount)})
		}
	}
	return l, d.err
}

// bodyRow is a case's file: its document in the store's format.
type bodyRow struct {
	bun.BaseModel `bun:"table:case_bodies"`

	CaseID        string `bun:"case_id,pk"`
	SchemaVersion int    `bun:"schema_version"`
	Body          string `bun:"body"`
}

// caseStore reads cases through q: the read pool, or a transaction. hot
// are the prepared statements of the read pool on PostgreSQL; nil in a
// transaction and on SQLite.
type caseStore struct {
	q   bun.IDB
	hot *hotStatements
}

// caseTx writes cases in a transaction.
type caseTx struct {
	caseStore
	tx      bun.Tx
	written map[string]string
	fresh   *freshStreams
	// prepared are the writer's prepared statements (unit.hot): on
	// PostgreSQL, a change's (hotUpdateCase).
	prepared *hotStatements
}

// CreateCase inserts a new case (Version 1) with its listing and index rows.
func (s caseTx) CreateCase(ctx context.Context, c *duediligence.Case, l duediligence.Listing) (err error) {
	defer duediligence.Wrap(&err, "CaseStore.CreateCase")
	if c.ID == "" || c.Version != 1 || l.ID != c.ID {
		return duediligence.Errorf(duediligence.CodeInternal, "", "a new case needs an ID, its listing and version 1, not %q version %d", c.ID, c.Version)
	}
	row, body, err := caseRows(c, &l)
	if err != nil {
		return err
	}
	rows := append([]any{row, body}, indexModels(c)...)
	if err := s.fresh.add(ctx, s.tx, c.ID, rows); err != nil {
		return err
	}
	s.written[c.ID] = contentHash(row, body)
	return nil
}

// caseExists is the error of creating a case whose ID is taken.
func caseExists(id string) error {
	return duediligence.Errorf(duediligence.CodeConflict, "", "case %s exists already", id)
}

// UpdateCase stores c, whose Version is expected+1, if the stored case is
// still at version expected. Of two changes made on the same version, the
// second finds the version moved on and fails with CodeStale.
func (s caseTx) UpdateCase(ctx context.Context, c *duediligence.Case, expected int, l duediligence.Listing) (err error) {
	defer duediligence.Wrap(&err, "CaseStore.UpdateCase")
	if c.Version != expected+1 || l.ID != c.ID {
		return duediligence.Errorf(duediligence.CodeInternal, "", "case %s: version %d does not follow the expected %d, or the listing is another case's", c.ID, c.Version, expected)
	}
	if err := s.fresh.flush(ctx, s.tx); err != nil {
		return err
	}
	row, body, err := caseRows(c, &l)
	if err != nil {
		return err
	}
	if s.prepared.onPostgres() {
		updated, ok, err := updateCasePrepared(ctx, s.tx, s.prepared, c, expected, row, body)
		switch {
		case err != nil:
			return err
		case ok && !updated:
			return staleOrMissing(ctx, s.tx, c.ID, expected)
		case ok:
			s.written[c.ID] = contentHash(row, body)
			return nil
		}
	}
	res, err := s.tx.NewUpdate().Model(row).
		Set("version = version + 1").
		Column(listingColumns...).
		Where("id = ?", c.ID).
		Where("version = ?", expected).
		Exec(ctx)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return staleOrMissing(ctx, s.tx, c.ID, expected)
	}
	if _, err := s.tx.NewUpdate().Model(body).Column("schema_version", "body").WherePK().Exec(ctx); err != nil {
		return err
	}
	s.written[c.ID] = contentHash(row, body)
	return syncIndexes(ctx, s.tx, c, false)
}

// caseRows returns the rows of c at its version with its listing.
func caseRows(c *duediligence.Case, l *duediligence.Listing) (*caseRow, *bodyRow, error) {
	body, err := encodeCase(c)
	if err != nil {
		return nil, nil, err
	}
	row, err := newCaseRow(c, l)
	if err != nil {
		return nil, nil, duediligence.Errorf(duediligence.CodeInternal, "", "the listing of case %s cannot be stored: %v", c.ID, err)
	}
	return row, &bodyRow{CaseID: c.ID, SchemaVersion: schemaVersion, Body: string(body)}, nil
}

// staleOrMissing explains why no row had id at version expected.
func staleOrMissing(ctx context.Context, tx bun.IDB, id string, expected int) error {
	var version int
	err := tx.NewSelect().Table("cases").Column("version").Where("id = ?", id).Scan(ctx, &version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return duediligence.Errorf(duediligence.CodeNotFound, "", "no case %s", id)
	case err != nil:
		return err
	}
	return duediligence.Errorf(duediligence.CodeStale, "", "case %s is at version %d, not %d", id, version, expected)
}

// FindCaseByID returns the case, or an error with CodeNotFound.
func (s caseStore) FindCaseByID(ctx context.Context, id string) (_ *duediligence.Case, err error) {
	defer duediligence.Wrap(&err, "CaseStore.FindCaseByID")
	var row bodyRow
	if s.hot != nil {
		var r *sql.Row
		if r, err = s.hot.queryRow(ctx, nil, hotCaseByID, id); err == nil {
			err = r.Scan(&row.SchemaVersion, &row.Body)
		}
	} else {
		err = s.q.NewSelect().Model(&row).Where("case_id = ?", id).Scan(ctx)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, duediligence.Errorf(duediligence.CodeNotFound, "", "no case %s", id)
	}
	if err != nil {
		return nil, err
	}
	return decodeCase(row.SchemaVersion, []byte(row.Body))
}

// caseDoc is a case file as stored (format version 2; see format.go). The
// other nouns' stored types are in their own files: partyDoc in party.go,
// collateralDoc in collateral.go, and so on.
type caseDoc struct {
	ID               string               `json:"id"`
	LedgerNumber     string               `json:"ledger_number,omitempty"`
	Stage            string               `json:"stage"`
	Version          int                  `json:"version"`
	Owner            string               `json:"owner"`
	OwnerName        string               `json:"owner_name,omitempty"`
	Applicant        partyDoc             `json:"applicant"`
	CoBorrowers      []partyDoc           `json:"co_borrowers"`
	Request          requestDoc           `json:"request"`
	Documents        []documentDoc        `json:"documents"`
	Findings         []findingDoc         `json:"findings"`
	Flags            []flagDoc            `json:"flags"`
	Collateral       []collateralDoc      `json:"collateral"`
	Guarantees       []guaranteeDoc       `json:"guarantees"`
	Acknowledgements []acknowledgementDoc `json:"acknowledgements"`
	CoInvestigators  []coInvestigatorDoc  `json:"co_investigators"`
	Report           *reportDoc           `json:"report,omitempty"`
	Approvals        []approvalDoc        `json:"approvals"`
	Contracting      *contractingDoc      `json:"contracting,omitempty"`
	Transitions      []stageChangeDoc     `json:"transitions"`
	PolicyVersion    string               `json:"policy_version,omitempty"`
	CreatedAt        time.Time            `json:"created_at,omitzero"`
	UpdatedAt        time.Time            `json:"updated_at,omitzero"`
}

// requestDoc is a duediligence.LoanRequest as stored.
type requestDoc struct {
	Amount          string             `json:"amount"`
	TermMonths      int                `json:"term_months,omitempty"`
	Purpose         string             `json:"purpose,omitempty"`
	PurposeCategory string             `json:"purpose_category,omitempty"`
	RepaymentSource string             `json:"repayment_source,omitempty"`
	RepaymentMethod string             `json:"repayment_method,omitempty"`
	AnnualRate      string             `json:"annual_rate,omitempty"`
	Fees            *string            `json:"fees,omitempty"`
	WorkingCapital  *workingCapitalDoc `json:"working_capital,omitempty"`
}

// acknowledgementDoc is a duediligence.Acknowledgement as stored.
type acknowledgementDoc struct {
	Rule          string    `json:"rule"`
	Path          string    `json:"path,omitempty"`
	Justification string    `json:"justification,omitempty"`
	By            string    `json:"by,omitempty"`
	At            time.Time `json:"at,omitzero"`
}

// coInvestigatorDoc is a duediligence.CoInvestigator as stored.
type coInvestigatorDoc struct {
	ID      string    `json:"id"`
	Name    string    `json:"name,omitempty"`
	AddedBy string    `json:"added_by,omitempty"`
	AddedAt time.Time `json:"added_at,omitzero"`
}

// stageChangeDoc is a duediligence.StageChange as stored.
type stageChangeDoc struct {
	From   string    `json:"from,omitempty"`
	To     string    `json:"to"`
	By     string    `json:"by,omitempty"`
	At     time.Time `json:"at,omitzero"`
	Reason string    `json:"reason,omitempty"`
}

func (e *encoder) caseDoc(c *duediligence.Case) caseDoc {
	return caseDoc{
		ID: c.ID, LedgerNumber: c.LedgerNumber, Stage: string(c.Stage), Version: c.Version,
		Owner: c.Owner, OwnerName: c.OwnerName,
		Applicant:   e.partyDoc(&c.Applicant),
		CoBorrowers: convert(c.CoBorrowers, e.partyDoc),
		Request:     e.requestDoc(&c.Request),
		Documents:   convert(c.Documents, e.documentDoc),
		Findings:    convert(c.Findings, e.findingDoc),
		Flags:       convert(c.Flags, e.flagDoc),
		Collateral:  convert(c.Collateral, e.collateralDoc),
		Guarantees:  convert(c.Guarantees, e.guaranteeDoc),
		Acknowledgements: convert(c.Acknowledgements, func(a *duediligence.Acknowledgement) acknowledgementDoc {
			return acknowledgementDoc{Rule: a.Rule, Path: a.Path, Justification: a.Justification, By: a.By, At: a.At}
		}),
		CoInvestigators: convert(c.CoInvestigators, func(ci *duediligence.CoInvestigator) coInvestigatorDoc {
			return coInvestigatorDoc{ID: ci.ID, Name: ci.Name, AddedBy: ci.AddedBy, AddedAt: ci.AddedAt}
		}),
		Report:      ptr(c.Report, e.reportDoc),
		Approvals:   convert(c.Approvals, e.approvalDoc),
		Contracting: ptr(c.Contracting, e.contractingDoc),
		Transitions: convert(c.Transitions, func(t *duediligence.StageChange) stageChangeDoc {
			return stageChangeDoc{From: string(t.From), To: string(t.To), By: t.By, At: t.At, Reason: t.Reason}
		}),
		PolicyVersion: c.PolicyVersion, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
}

func (d *decoder) caseOf(doc *caseDoc) *duediligence.Case {
	return &duediligence.Case{
		ID: doc.ID, LedgerNumber: doc.LedgerNumber, Stage: duediligence.Stage(doc.Stage), Version: doc.Version,
		Owner: doc.Owner, OwnerName: doc.OwnerName,
		Applicant:   d.party(&doc.Applicant),
		CoBorrowers: convert(doc.CoBorrowers, d.party),
		Request:     d.request(&doc.Request),
		Documents:   convert(doc.Documents, d.document),
		Findings:    convert(doc.Findings, d.finding),
		Flags:       convert(doc.Flags, d.flag),
		Collateral:  convert(doc.Collateral, d.collateralItem),
		Guarantees:  convert(doc.Guarantees, d.guarantee),
		Acknowledgements: convert(doc.Acknowledgements, func(a *acknowledgementDoc) duediligence.Acknowledgement {
			return duediligence.Acknowledgement{Rule: a.Rule, Path: a.Path, Justification: a.Justification, By: a.By, At: a.At}
		}),
		CoInvestigators: convert(doc.CoInvestigators, func(ci *coInvestigatorDoc) duediligence.CoInvestigator {
			return duediligence.CoInvestigator{ID: ci.ID, Name: ci.Name, AddedBy: ci.AddedBy, AddedAt: ci.AddedAt}
		}),
		Report:      ptr(doc.Report, d.report),
		Approvals:   convert(doc.Approvals, d.approval),
		Contracting: ptr(doc.Contracting, d.contracting),
		Transitions: convert(doc.Transitions, func(t *stageChangeDoc) duediligence.StageChange {
			return duediligence.StageChange{From: duediligence.Stage(t.From), To: duediligence.Stage(t.To), By: t.By, At: t.At, Reason: t.Reason}
		}),
		PolicyVersion: doc.PolicyVersion, CreatedAt: doc.CreatedAt, UpdatedAt: doc.UpdatedAt,
	}
}

func (e *encoder) requestDoc(r *duediligence.LoanRequest) requestDoc {
	return requestDoc{
		Amount: e.money(r.Amount), TermMonths: r.TermMonths, Purpose: r.Purpose,
		PurposeCategory: string(r.PurposeCategory), RepaymentSource: r.RepaymentSource,
		RepaymentMethod: string(r.RepaymentMethod), AnnualRate: e.rate(r.AnnualRate),
		Fees: e.moneyP(r.Fees), WorkingCapital: ptr(r.WorkingCapital, e.workingCapitalDoc),
	}
}

func (d *decoder) request(r *requestDoc) duediligence.LoanRequest {
	return duediligence.LoanRequest{
		Amount: d.money(r.Amount), TermMonths: r.TermMonths, Purpose: r.Purpose,
		PurposeCategory: duediligence.PurposeCategory(r.PurposeCategory), RepaymentSource: r.RepaymentSource,
		RepaymentMethod: contracts.RepaymentMethod(r.RepaymentMethod), AnnualRate: d.rate(r.AnnualRate),
		Fees: d.moneyP(r.Fees), WorkingCapital: ptr(r.WorkingCapital, d.workingCapital),
	}
}
