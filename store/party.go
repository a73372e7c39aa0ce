package store

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// partyDoc is a duediligence.Party as stored. Lists that version 1 left out
// when empty (statements here, consents, encumbrances and appraisals of
// collateral) read back as nil, as they did.
type partyDoc struct {
	Kind                string         `json:"kind"`
	Name                string         `json:"name"`
	IDNumber            string         `json:"id_number,omitempty"`
	LegacyIDNumber      string         `json:"legacy_id_number,omitempty"`
	BirthDate           string         `json:"birth_date,omitempty"`
	Sex                 string         `json:"sex,omitempty"`
	Phone               string         `json:"phone,omitempty"`
	Address             string         `json:"address,omitempty"`
	MaritalStatus       string         `json:"marital_status,omitempty"`
	Spouse              *partyDoc      `json:"spouse,omitempty"`
	Occupation          string         `json:"occupation,omitempty"`
	Employer            string         `json:"employer,omitempty"`
	MonthlyIncome       *string        `json:"monthly_income,omitempty"`
	Household           []memberDoc    `json:"household,omitempty"`
	Assets              []holdingDoc   `json:"assets,omitempty"`
	Liabilities         []holdingDoc   `json:"liabilities,omitempty"`
	CreditCode          string         `json:"credit_code,omitempty"`
	LegalRepresentative *partyDoc      `json:"legal_representative,omitempty"`
	ActualController    *partyDoc      `json:"actual_controller,omitempty"`
	RegisteredCapital   *string        `json:"registered_capital,omitempty"`
	FoundingDate        string         `json:"founding_date,omitempty"`
	Industry            string         `json:"industry,omitempty"`
	Statements          []statementDoc `json:"statements,omitempty"`
	MonthlyDebtPayments *string        `json:"monthly_debt_payments,omitempty"`
	Credit              *creditDoc     `json:"credit,omitempty"`
	DishonestDebtor     bool           `json:"dishonest_debtor,omitempty"`
	PendingLitigation   bool           `json:"pending_litigation,omitempty"`
}

// memberDoc is a duediligence.HouseholdMember as stored.
type memberDoc struct {
	Relation      string  `json:"relation"`
	Name          string  `json:"name"`
	Occupation    string  `json:"occupation,omitempty"`
	MonthlyIncome *string `json:"monthly_income,omitempty"`
}

// holdingDoc is a duediligence.Holding as stored.
type holdingDoc struct {
	Kind   string `json:"kind"`
	Amount string `json:"amount"`
}

// creditDoc is a duediligence.CreditSummary as stored.
type creditDoc struct {
	CurrentOverdue    *string `json:"current_overdue,omitempty"`
	MaxOverdueDays24M int     `json:"max_overdue_days_24m,omitempty"`
	OutstandingDebt   *string `json:"outstanding_debt,omitempty"`
	GuaranteesGiven   *string `json:"guarantees_given,omitempty"`
	ReportDate        string  `json:"report_date,omitempty"`
}

// statementDoc is a duediligence.FinancialStatement as stored.
type statementDoc struct {
	Year              int    `json:"year"`
	Revenue           string `json:"revenue,omitempty"`
	CostOfSales       string `json:"cost_of_sales,omitempty"`
	NetProfit         string `json:"net_profit,omitempty"`
	Receivables       string `json:"receivables,omitempty"`
	Inventory         string `json:"inventory,omitempty"`
	Payables          string `json:"payables,omitempty"`
	Prepayments       string `json:"prepayments,omitempty"`
	AdvanceReceipts   string `json:"advance_receipts,omitempty"`
	TotalAssets       string `json:"total_assets,omitempty"`
	TotalLiabilities  string `json:"total_liabilities,omitempty"`
	OperatingCashFlow string `json:"operating_cash_flow,omitempty"`
	InterestExpense   string `json:"interest_expense,omitempty"`
}

// workingCapitalDoc is a duediligence.WorkingCapitalPlan as stored.
type workingCapitalDoc struct {
	ExpectedGrowth string `json:"expected_growth,omitempty"`
	OwnFunds       string `json:"own_funds,omitempty"`
	ExistingLoans  string `json:"existing_loans,omitempty"`
	OtherSources   string `json:"other_sources,omitempty"`
}

func (e *encoder) partyDoc(p *duediligence.Party) partyDoc {
	return partyDoc{
		Kind: string(p.Kind), Name: p.Name, IDNumber: p.IDNumber, LegacyIDNumber: p.LegacyIDNumber,
		BirthDate: p.BirthDate, Sex: p.Sex, Phone: p.Phone, Address: p.Address,
		MaritalStatus: string(p.MaritalStatus), Spouse: ptr(p.Spouse, e.partyDoc),
		Occupation: p.Occupation, Employer: p.Employer, MonthlyIncome: e.moneyP(p.MonthlyIncome),
		Household: convert(p.Household, func(m *duediligence.HouseholdMember) memberDoc {
			return memberDoc{Relation: m.Relation, Name: m.Name, Occupation: m.Occupation, MonthlyIncome: e.moneyP(m.MonthlyIncome)}
		}),
		Assets:      convert(p.Assets, func(h *duediligence.Holding) holdingDoc { return holdingDoc{Kind: h.Kind, Amount: e.money(h.Amount)} }),
		Liabilities: convert(p.Liabilities, func(h *duediligence.Holding) holdingDoc { return holdingDoc{Kind: h.Kind, Amount: e.money(h.Amount)} }),
		CreditCode:  p.CreditCode, LegalRepresentative: ptr(p.LegalRepresentative, e.partyDoc),
		ActualController:  ptr(p.ActualController, e.partyDoc),
		RegisteredCapital: e.moneyP(p.RegisteredCapital), FoundingDate: p.FoundingDate, Industry: p.Industry,
		Statements: convert(p.Statements, func(s *duediligence.FinancialStatement) statementDoc {
			return statementDoc{
				Year: s.Year, Revenue: e.moneyZ(s.Revenue), CostOfSales: e.moneyZ(s.CostOfSales), NetProfit: e.moneyZ(s.NetProfit),
				Receivables: e.moneyZ(s.Receivables), Inventory: e.moneyZ(s.Inventory), Payables: e.moneyZ(s.Payables),
				Prepayments: e.moneyZ(s.Prepayments), AdvanceReceipts: e.moneyZ(s.AdvanceReceipts), TotalAssets: e.moneyZ(s.TotalAssets),
				TotalLiabilities: e.moneyZ(s.TotalLiabilities), OperatingCashFlow: e.moneyZ(s.OperatingCashFlow), InterestExpense: e.moneyZ(s.InterestExpense),
			}
		}),
		MonthlyDebtPayments: e.moneyP(p.MonthlyDebtPayments),
		Credit: ptr(p.Credit, func(c *duediligence.CreditSummary) creditDoc {
			return creditDoc{
				CurrentOverdue: e.moneyP(c.CurrentOverdue), MaxOverdueDays24M: c.MaxOverdueDays24M,
				OutstandingDebt: e.moneyP(c.OutstandingDebt), GuaranteesGiven: e.moneyP(c.GuaranteesGiven), ReportDate: c.ReportDate,
			}
		}),
		DishonestDebtor: p.DishonestDebtor, PendingLitigation: p.PendingLitigation,
	}
}

func (d *decoder) party(p *partyDoc) duediligence.Party {
	return duediligence.Party{
		Kind: duediligence.PartyKind(p.Kind), Name: p.Name, IDNumber: p.IDNumber, LegacyIDNumber: p.LegacyIDNumber,
		BirthDate: p.BirthDate, Sex: p.Sex, Phone: p.Phone, Address: p.Address,
		MaritalStatus: duediligence.MaritalStatus(p.MaritalStatus), Spouse: ptr(p.Spouse, d.party),
		Occupation: p.Occupation, Employer: p.Employer, MonthlyIncome: d.moneyP(p.MonthlyIncome),
		Household: convert(p.Household, func(m *memberDoc) duediligence.HouseholdMember {
			return duediligence.HouseholdMember{Relation: m.Relation, Name: m.Name, Occupation: m.Occupation, MonthlyIncome: d.moneyP(m.MonthlyIncome)}
		}),
		Assets: convert(p.Assets, func(h *holdingDoc) duediligence.Holding {
			return duediligence.Holding{Kind: h.Kind, Amount: d.money(h.Amount)}
		}),
		Liabilities: convert(p.Liabilities, func(h *holdingDoc) duediligence.Holding {
			return duediligence.Holding{Kind: h.Kind, Amount: d.money(h.Amount)}
		}),
		CreditCode: p.CreditCode, LegalRepresentative: ptr(p.LegalRepresentative, d.party),
		ActualController:  ptr(p.ActualController, d.party),
		RegisteredCapital: d.moneyP(p.RegisteredCapital), FoundingDate: p.FoundingDate, Industry: p.Industry,
		Statements: convert(p.Statements, func(s *statementDoc) duediligence.FinancialStatement {
			return duediligence.FinancialStatement{
				Year: s.Year, Revenue: d.moneyZ(s.Revenue), CostOfSales: d.moneyZ(s.CostOfSales), NetProfit: d.moneyZ(s.NetProfit),
				Receivables: d.moneyZ(s.Receivables), Inventory: d.moneyZ(s.Inventory), Payables: d.moneyZ(s.Payables),
				Prepayments: d.moneyZ(s.Prepayments), AdvanceReceipts: d.moneyZ(s.AdvanceReceipts), TotalAssets: d.moneyZ(s.TotalAssets),
				TotalLiabilities: d.moneyZ(s.TotalLiabilities), OperatingCashFlow: d.moneyZ(s.OperatingCashFlow), InterestExpense: d.moneyZ(s.InterestExpense),
			}
		}),
		MonthlyDebtPayments: d.moneyP(p.MonthlyDebtPayments),
		Credit: ptr(p.Credit, func(c *creditDoc) duediligence.CreditSummary {
			return duediligence.CreditSummary{
				CurrentOverdue: d.moneyP(c.CurrentOverdue), MaxOverdueDays24M: c.MaxOverdueDays24M,
				OutstandingDebt: d.moneyP(c.OutstandingDebt), GuaranteesGiven: d.moneyP(c.GuaranteesGiven), ReportDate: c.ReportDate,
			}
		}),
		DishonestDebtor: p.DishonestDebtor, PendingLitigation: p.PendingLitigation,
	}
}

func (e *encoder) workingCapitalDoc(w *duediligence.WorkingCapitalPlan) workingCapitalDoc {
	return workingCapitalDoc{ExpectedGrowth: e.rate(w.ExpectedGrowth), OwnFunds: e.moneyZ(w.OwnFunds),
		ExistingLoans: e.moneyZ(w.ExistingLoans), OtherSources: e.moneyZ(w.OtherSources)}
}

func (d *decoder) workingCapital(w *workingCapitalDoc) duediligence.WorkingCapitalPlan {
	return duediligence.WorkingCapitalPlan{ExpectedGrowth: d.rate(w.ExpectedGrowth), OwnFunds: d.moneyZ(w.OwnFunds),
		ExistingLoans: d.moneyZ(w.ExistingLoans), OtherSources: d.moneyZ(w.OtherSources)}
}

// partyRow indexes a case's borrowers, guarantors and owners of collateral
// by resident ID or credit code: so that a guarantor who borrows in
// another case, guaranteed by this case's borrower (互保), is found without
// reading every case, and so that the client file (client.go) lists every
// role a party has played. Co-borrowers are borrowers here (the mutual
// guarantee rule treats them alike); the client file tells them from the
// applicant by cases.applicant_key.
type partyRow struct {
	bun.BaseModel `bun:"table:case_parties"`

	CaseID   string `bun:"case_id,pk"`
	Role     string `bun:"role,pk"`
	PartyKey string `bun:"party_key,pk"`
	// Name is the party's name in this case, for the client file.
	Name string `bun:"name"`
	// Amount is the amount guaranteed, in fen, for the role guarantor:
	// the guarantees given of the client file and the concentration rules.
	Amount int64 `bun:"amount_fen"`
}

// partyRoleMortgagor indexes the owners of a case's collateral: a role of
// the client file, not of the mutual-guarantee rule.
const partyRoleMortgagor = "mortgagor"

// partyRows are the party index rows of c.
func partyRows(c *duediligence.Case) []partyRow {
	var rows []partyRow
	add := func(role string, key, name string, amount int64) {
		key = strings.ToUpper(strings.TrimSpace(key))
		if key == "" {
			return
		}
		for _, r := range rows {
			if r.Role == role && r.PartyKey == key {
				return
			}
		}
		rows = append(rows, partyRow{CaseID: c.ID, Role: role, PartyKey: key, Name: name, Amount: amount})
	}
	borrower, guarantor := string(duediligence.PartyRoleBorrower), string(duediligence.PartyRoleGuarantor)
	add(borrower, duediligence.PartyKey(&c.Applicant), c.Applicant.Name, 0)
	for i := range c.CoBorrowers {
		add(borrower, duediligence.PartyKey(&c.CoBorrowers[i]), c.CoBorrowers[i].Name, 0)
	}
	for i := range c.Guarantees {
		g := &c.Guarantees[i]
		add(guarantor, duediligence.PartyKey(&g.Guarantor), g.Guarantor.Name, g.Amount.Fen())
	}
	for i := range c.Collateral {
		for _, o := range c.Collateral[i].Owners {
			add(partyRoleMortgagor, o.IDNumber, o.Name, 0)
		}
	}
	return rows
}

// relationRow indexes a relation a case records of its parties (its
// spouse, legal representative, actual controller), for the related
// parties of the concentration limits: the parties that share a legal
// representative or a controller across cases are found by index.
type relationRow struct {
	bun.BaseModel `bun:"table:party_relations"`

	CaseID     string `bun:"case_id,pk"`
	PartyKey   string `bun:"party_key,pk"`
	Relation   string `bun:"relation,pk"`
	RelatedKey string `bun:"related_key,pk"`
}

// relationRows are the relation index rows of c.
func relationRows(c *duediligence.Case) []relationRow {
	rels := c.Relations()
	rows := make([]relationRow, 0, len(rels))
	for _, r := range rels {
		rows = append(rows, relationRow{CaseID: c.ID, PartyKey: r.PartyKey, Relation: string(r.Relation), RelatedKey: r.RelatedKey})
	}
	return rows
}

// maxPartyLinks bounds the links one lookup returns; a party named in more
// open cases than this is a finding of its own long before the rule needs
// every one.
const maxPartyLinks = 500

// FindPartyLinks returns the borrowers and guarantors of open or active
// cases other than caseID whose resident ID or credit code is one of keys.
func (s indexStore) FindPartyLinks(ctx context.Context, caseID string, keys []string) (out []duediligence.PartyLink, err error) {
	defer duediligence.Wrap(&err, "IndexStore.FindPartyLinks")
	var norm []string
	for _, k := range keys {
		if k = strings.ToUpper(strings.TrimSpace(k)); k != "" {
			norm = append(norm, k)
		}
	}
	if len(norm) == 0 {
		return nil, nil
	}
	var rows []struct {
		CaseID       string `bun:"case_id"`
		Role         string `bun:"role"`
		PartyKey     string `bun:"party_key"`
		Stage        string `bun:"stage"`
		LedgerNumber string `bun:"ledger_number"`
	}
	err = s.q.NewSelect().TableExpr("case_parties AS p").
		ColumnExpr("p.case_id, p.role, p.party_key, c.stage, c.ledger_number").
		Join("JOIN cases AS c ON c.id = p.case_id").
		Where("p.case_id <> ?", caseID).
		Where("c.stage NOT IN (?)", bun.List(closedStages)).
		Where("p.party_key IN (?)", bun.List(norm)).
		Where("p.role IN (?)", bun.List([]string{string(duediligence.PartyRoleBorrower), string(duediligence.PartyRoleGuarantor)})).
		OrderExpr("p.case_id, p.role, p.party_key").
		Limit(maxPartyLinks).
		Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out = append(out, duediligence.PartyLink{CaseID: r.CaseID, Role: duediligence.PartyRole(r.Role), PartyKey: r.PartyKey,
			Stage: duediligence.Stage(r.Stage), LedgerNumber: r.LedgerNumber})
	}
	return out, nil
}
