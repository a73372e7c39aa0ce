package duediligence

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Client is the client file (客户档案): one person or organization known to
// the lender, found by resident ID number or unified social credit code —
// never by name alone — with every role it has played across the cases
// the reader may see, and the loans it owes.
type Client struct {
	// Key is the resident ID number or credit code, upper case; masked
	// like a case's for the roles that see resident IDs masked.
	Key  string    `json:"key"`
	Kind PartyKind `json:"kind"`
	// Name is the name the newest case gives it.
	Name string `json:"name"`
	// Roles are the distinct roles it has played (borrower, co_borrower,
	// guarantor, mortgagor, investor), in that order.
	Roles []ClientRole `json:"roles"`
	// Cases are the cases it appears in, newest first, one row per role.
	Cases []ClientCase `json:"cases"`
	// Loans are the disbursed loans it borrows, as borrower or
	// co-borrower, with their outstanding principal.
	Loans []ClientLoan `json:"loans"`
	// Outstanding is the principal outstanding over Loans (贷款余额).
	Outstanding money.Money `json:"outstanding"`
	// WorstClassification is the worst category over Loans (五级分类),
	// empty without a loan; each loan has its own.
	WorstClassification Classification `json:"worst_classification,omitempty"`
	// Guarantees are the cases in which it guarantees (对外担保), as Cases
	// lists them; GuaranteesGiven is their amount over the cases not
	// closed, rejected or withdrawn.
	Guarantees      []ClientCase `json:"guarantees"`
	GuaranteesGiven money.Money  `json:"guarantees_given"`
	// Visits are the newest follow-up visits of its cases (回访), and
	// Consultations the consultations that led to them (咨询登记), the
	// prospect's phone masked.
	Visits        []Visit        `json:"visits"`
	Consultations []Consultation `json:"consultations"`
	// Investments are what it funds as an investor (投资客户), where the
	// store keeps funders (ClientInvestmentStore); empty otherwise.
	Investments []ClientInvestment `json:"investments"`
	// Truncated says that it appears in more cases than one answer lists
	// (MaxClientCases).
	Truncated bool `json:"truncated,omitempty"`
}

// ClientRole is a role a client plays in a case.
type ClientRole string

// Client roles.
const (
	ClientBorrower   ClientRole = "borrower"    // 借款人
	ClientCoBorrower ClientRole = "co_borrower" // 共同借款人
	ClientGuarantor  ClientRole = "guarantor"   // 保证人
	ClientMortgagor  ClientRole = "mortgagor"   // 抵（质）押人: an owner of collateral
	ClientInvestor   ClientRole = "investor"    // 投资客户: a funder of a loan (ClientInvestmentStore)
)

// clientRoles are the roles in the order a client file lists them.
var clientRoles = []ClientRole{ClientBorrower, ClientCoBorrower, ClientGuarantor, ClientMortgagor, ClientInvestor}

// ClientInvestment is a loan a client funds as an investor: the slot the
// funders' store fills (ClientInvestmentStore).
type ClientInvestment struct {
	CaseID       string      `json:"case_id"`
	LedgerNumber string      `json:"ledger_number,omitempty"`
	Amount       money.Money `json:"amount"`
	// Status is the funder's own word for where the investment stands.
	Status string `json:"status,omitempty"`
}

// ClientInvestmentStore is what a store that keeps the funders of loans
// adds to the client file: the investments of a client, in the cases the
// member (if set) owns or co-investigates. FindClient asks the client
// store for it and lists the role investor where it answers any.
type ClientInvestmentStore interface {
	FindClientInvestments(ctx context.Context, key, member string) ([]ClientInvestment, error)
}

// ClientCase is one role of a client in one case.
type ClientCase struct {
	CaseID       string     `json:"case_id"`
	Role         ClientRole `json:"role"`
	Stage        Stage      `json:"stage"`
	LedgerNumber string     `json:"ledger_number,omitempty"`
	Owner        string     `json:"owner"`
	OwnerName    string     `json:"owner_name,omitempty"`
	// Applicant is the case's borrower, the client itself or the one it
	// guarantees or pledges for.
	Applicant string      `json:"applicant"`
	Amount    money.Money `json:"amount"`
	// Guaranteed is the amount it guarantees, as guarantor.
	Guaranteed *money.Money `json:"guaranteed,omitempty"`
	CreatedAt  time.Time    `json:"created_at"`
	// Name is the client's name in this case.
	Name    string `json:"-"`
	Version int    `json:"-"`
}

// ClientLoan is a disbursed loan of a client's case.
type ClientLoan struct {
	CaseID         string      `json:"case_id"`
	ContractNumber string      `json:"contract_number"`
	Disbursed      money.Money `json:"disbursed"`
	Outstanding    money.Money `json:"outstanding"`
	MaturityDate   string      `json:"maturity_date"`
	// Classification is the loan's category after its last posting
	// (五级分类), or the risk officer's downgrade where there is one;
	// WorstClassification the worst of that and the floor of the days past
	// due (postloan.classification).
	Classification      Classification `json:"classification"`
	WorstClassification Classification `json:"worst_classification"`
	// DaysPastDue are the days its oldest unpaid installment is past due,
	// as of the last posting; LateInstallments count the installments paid
	// after their due day or still unpaid past it (the overdue history).
	DaysPastDue      int `json:"days_past_due"`
	LateInstallments int `json:"late_installments"`
	// History is the classification over time (五级分类历史): as it stood
	// on the disbursement, every month-end since and the last day, in
	// periods of equal samples, each with its cause (the days-past-due
	// floor or a downgrade); Downgrades are the risk officer's downgrades,
	// with the day, who and why. The client file fills both from one
	// replay of the loan's book; a case's history leaves them out.
	History    []ClassificationPeriod `json:"classification_history,omitempty"`
	Downgrades []Downgrade            `json:"downgrades,omitempty"`
}

// PartyHistoryRow is one role of a party in a case, with the case's loan:
// what the history of an application's parties is built from.
type PartyHistoryRow struct {
	PartyKey     string
	Role         ClientRole
	CaseID       string
	LedgerNumber string
	Stage        Stage
	Amount       money.Money
	// Guaranteed is the amount guaranteed, for the role guarantor.
	Guaranteed money.Money
	Loan       *ClientLoan
}

// ClientStore reads client files from the index the store keeps of every
// case's parties.
type ClientStore interface {
	// FindClientCases returns the roles of the party key in every case,
	// newest case first, at most limit rows; with member set, only in the
	// cases that user owns or co-investigates.
	FindClientCases(ctx context.Context, key, member string, limit int) ([]ClientCase, error)
	// FindClientLoans returns the loans of the cases caseIDs, with the
	// principal repaid so far deducted and their installments late as of
	// today.
	FindClientLoans(ctx context.Context, caseIDs []string, today money.Date) ([]ClientLoan, error)
	// FindClientVisits and FindClientConsultations return the newest visits
	// of the cases caseIDs and the consultations that led to them.
	FindClientVisits(ctx context.Context, caseIDs []string) ([]Visit, error)
	FindClientConsultations(ctx context.Context, caseIDs []string) ([]Consultation, error)
	// FindClientsByName returns a page of the parties named name, in the
	// order of their keys from offset; with member set, only in the cases
	// that user owns or co-investigates.
	FindClientsByName(ctx context.Context, name, member string, offset, limit int) ([]ClientMatch, error)
	// FindPartyRelations returns the relations recorded in any case of the
	// parties keys, or with them as the related party.
	FindPartyRelations(ctx context.Context, keys []string) ([]PartyRelation, error)
	// FindPartyHistory returns every role of the parties keys in cases other
	// than caseID, with each case's loan as of today, newest case first, at
	// most limit rows.
	FindPartyHistory(ctx context.Context, caseID string, keys []string, today money.Date, limit int) ([]PartyHistoryRow, error)
}

// MaxClientCases bounds the cases one client file lists.
const MaxClientCases = 200

// FindClient returns the client file of a resident ID number or credit
// code. Account managers see the client in their own cases only; roles
// that see resident IDs masked may not look a person up by one, as in a
// search. A client in no case the actor may see is not found. Reading a
// person's file whole is on the record of each case it lists that the
// reader does not investigate.
func (s *Service) FindClient(ctx context.Context, actor Actor, key string) (cl *Client, err error) {
	defer Wrap(&err, "Service.FindClient")
	if actor.Role == RoleAdmin || !actor.Role.Valid() {
		return nil, forbidden("cases.read", actor.Role, caseReaders()...)
	}
	key = strings.ToUpper(strings.TrimSpace(key))
	kind, ok := clientKind(key)
	if !ok {
		return nil, invalidField(fieldError("key", check.ErrFormat, "client.key", nil))
	}
	if kind == Person {
		if err := s.mayLookUpByID(actor); err != nil {
			return nil, err
		}
	}
	member := ""
	if !actor.Role.readsAllCases() {
		member = actor.ID
	}
	rows, err := s.store.Clients().FindClientCases(ctx, key, member, MaxClientCases+1)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errorKey(CodeNotFound, "error.no_client", nil)
	}
	cl = &Client{Key: key, Kind: kind, Name: rows[0].Name, Cases: rows, Loans: []ClientLoan{}}
	if len(rows) > MaxClientCases {
		cl.Cases, cl.Truncated = rows[:MaxClientCases], true
	}
	var borrowed, all []string
	cl.Guarantees = []ClientCase{}
	for _, r := range cl.Cases {
		if !slices.Contains(cl.Roles, r.Role) {
			cl.Roles = append(cl.Roles, r.Role)
		}
		if !slices.Contains(all, r.CaseID) {
			all = append(all, r.CaseID)
		}
		if (r.Role == ClientBorrower || r.Role == ClientCoBorrower) && !slices.Contains(borrowed, r.CaseID) {
			borrowed = append(borrowed, r.CaseID)
		}
		if r.Role == ClientGuarantor && r.Guaranteed != nil {
			cl.Guarantees = append(cl.Guarantees, r)
			if !r.Stage.Final() {
				if cl.GuaranteesGiven, err = cl.GuaranteesGiven.Add(*r.Guaranteed); err != nil {
					return nil, err
				}
			}
		}
	}
	cs := s.store.Clients()
	if len(borrowed) > 0 {
		today := BusinessDate(s.clock.Now())
		if cl.Loans, err = cs.FindClientLoans(ctx, borrowed, today); err != nil {
			return nil, err
		}
		for i := range cl.Loans {
			l := &cl.Loans[i]
			if l.History, l.Downgrades, err = s.classificationHistory(ctx, l.CaseID, today); err != nil {
				return nil, err
			}
		}
		for _, l := range cl.Loans {
			if cl.Outstanding, err = cl.Outstanding.Add(l.Outstanding); err != nil {
				return nil, err
			}
			cl.WorstClassification = worse(cl.WorstClassification, l.WorstClassification)
		}
	}
	if cl.Visits, err = cs.FindClientVisits(ctx, all); err != nil {
		return nil, err
	}
	if cl.Consultations, err = cs.FindClientConsultations(ctx, all); err != nil {
		return nil, err
	}
	for i := range cl.Consultations {
		cl.Consultations[i].Prospect.Phone = MaskPhone(cl.Consultations[i].Prospect.Phone)
	}
	cl.Investments = []ClientInvestment{}
	if is, ok := cs.(ClientInvestmentStore); ok {
		if cl.Investments, err = is.FindClientInvestments(ctx, key, member); err != nil {
			return nil, err
		}
		if len(cl.Investments) > 0 {
			cl.Roles = append(cl.Roles, ClientInvestor)
		}
	}
	slices.SortFunc(cl.Roles, func(a, b ClientRole) int {
		return slices.Index(clientRoles, a) - slices.Index(clientRoles, b)
	})
	if kind == Person && actor.Role.seesResidentIDs() {
		if err := s.auditClientRead(ctx, actor, cl); err != nil {
			return nil, err
		}
	}
	if kind == Person && !actor.Role.seesResidentIDs() && actor.Role != RoleAccountManager {
		cl.Key = identity.MaskResidentID(cl.Key)
	}
	return cl, nil
}

// auditClientRead records client.viewed on every case of the file whose
// investigators the reader is not among, as reading the case would.
func (s *Service) auditClientRead(ctx context.Context, actor Actor, cl *Client) error {
	seen := map[string]bool{}
	for _, r := range cl.Cases {
		if seen[r.CaseID] || r.Owner == actor.ID {
			continue
		}
		seen[r.CaseID] = true
		ev := s.event(actor, r.CaseID, r.Version, "client.viewed", map[string]any{"personal_data": "client file", "client": identity.MaskResidentID(cl.Key)})
		if !s.reads.add(ev) {
			if err := s.appendEvent(ctx, ev); err != nil {
				return err
			}
		}
	}
	return nil
}

// clientKind tells from a key's shape whom it names (identity.KeyKind): a
// person by resident ID, an organization by credit code.
func clientKind(key string) (PartyKind, bool) {
	switch k, ok := identity.KeyKind(key); {
	case !ok:
		return "", false
	case k == identity.KindResidentID:
		return Person, true
	default:
		return Organization, true
	}
}

// ClientMatch is a client as a search lists it: enough to tell it from
// another of the same name, never enough to stand for its identity.
type ClientMatch struct {
	// Key is the credit code, or the resident ID number — masked in every
	// answer to a search by name (110105********002X).
	Key   string       `json:"key"`
	Kind  PartyKind    `json:"kind"`
	Name  string       `json:"name"`
	Roles []ClientRole `json:"roles"`
	// Cases counts the cases it appears in that the reader may see.
	Cases int `json:"cases"`
}

// ClientFilter is a client search (GET /v1/clients?q=).
type ClientFilter struct {
	// Query is a resident ID number or credit code, which finds the one
	// client it identifies, or a name, which finds the clients of that name
	// with their resident IDs masked.
	Query string
	// Offset and Limit page a search by name (default 20, at most 100).
	Offset, Limit int
}

// ClientPage is a page of a client search.
type ClientPage struct {
	Clients []ClientMatch `json:"clients"`
	// ByName says the search was by name: the persons' resident IDs are
	// masked, and a file is opened by the whole number alone.
	ByName bool `json:"by_name"`
	// Next is the offset of the next page, if there is one.
	Next int `json:"next,omitempty"`
}

// maxClientOffset bounds how far a search by name pages: a name shared by
// more clients than this needs a resident ID to be told apart anyway.
const maxClientOffset = 1000

// FindClients searches the client file. A resident ID number or credit
// code finds the one client it identifies, as FindClient does (and is
// refused, for a person, to the roles that see resident IDs masked). A
// name alone never identifies anyone — two borrowers may share one, and a
// name is what an impostor knows — so a search by name lists the clients
// of exactly that name with every person's resident ID masked, for every
// role: it tells the reader that people of that name are known and in
// which roles, and the file of one is opened by the number on the ID card
// the applicant shows. Neither kind of search is on a case's record: like
// the case list, it shows no whole resident ID the reader did not type.
func (s *Service) FindClients(ctx context.Context, actor Actor, f ClientFilter) (page ClientPage, err error) {
	defer Wrap(&err, "Service.FindClients")
	if actor.Role == RoleAdmin || !actor.Role.Valid() {
		return ClientPage{}, forbidden("cases.read", actor.Role, caseReaders()...)
	}
	f.Query = strings.TrimSpace(f.Query)
	var probs check.Problems
	probs.Text("q", f.Query, maxQuery)
	if f.Limit < 0 || f.Limit > 100 {
		probs.Add(check.NotBetween("limit", strconv.Itoa(f.Limit), "1", "100"))
	}
	if f.Offset < 0 || f.Offset > maxClientOffset {
		probs.Add(check.NotBetween("offset", strconv.Itoa(f.Offset), "0", strconv.Itoa(maxClientOffset)))
	}
	if err := invalid(&probs); err != nil {
		return ClientPage{}, err
	}
	if f.Limit == 0 {
		f.Limit = 20
	}
	member := ""
	if !actor.Role.readsAllCases() {
		member = actor.ID
	}
	key := strings.ToUpper(f.Query)
	if kind, ok := clientKind(key); ok {
		if kind == Person {
			if err := s.mayLookUpByID(actor); err != nil {
				return ClientPage{}, err
			}
		}
		rows, err := s.store.Clients().FindClientCases(ctx, key, member, MaxClientCases+1)
		if err != nil {
			return ClientPage{}, err
		}
		page.Clients = []ClientMatch{}
		if len(rows) > 0 {
			m := ClientMatch{Key: key, Kind: kind, Name: rows[0].Name}
			var ids []string
			for _, r := range rows {
				if !slices.Contains(m.Roles, r.Role) {
					m.Roles = append(m.Roles, r.Role)
				}
				if !slices.Contains(ids, r.CaseID) {
					ids = append(ids, r.CaseID)
				}
			}
			m.Cases = len(ids)
			page.Clients = append(page.Clients, m)
		}
		return page, nil
	}
	if f.Query == "" {
		return ClientPage{}, invalidField(fieldError("q", check.ErrRequired, "client.query", nil))
	}
	if utf8.RuneCountInString(f.Query) < 2 {
		return ClientPage{}, invalidField(fieldError("q", check.ErrFormat, "client.query", nil))
	}
	rows, err := s.store.Clients().FindClientsByName(ctx, f.Query, member, f.Offset, f.Limit+1)
	if err != nil {
		return ClientPage{}, err
	}
	if len(rows) > f.Limit {
		rows, page.Next = rows[:f.Limit], f.Offset+f.Limit
		if page.Next > maxClientOffset {
			page.Next = 0
		}
	}
	for i := range rows {
		k, _ := clientKind(rows[i].Key)
		rows[i].Kind = k
		if k == Person {
			rows[i].Key = identity.MaskResidentID(rows[i].Key)
		}
		slices.SortFunc(rows[i].Roles, func(a, b ClientRole) int {
			return slices.Index(clientRoles, a) - slices.Index(clientRoles, b)
		})
	}
	page.Clients, page.ByName = rows, true
	if page.Clients == nil {
		page.Clients = []ClientMatch{}
	}
	return page, nil
}
