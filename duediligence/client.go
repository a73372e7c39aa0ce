package duediligence

import (
	"context"
	"slices"
	"strings"
	"time"

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
	// guarantor, mortgagor), in that order.
	Roles []ClientRole `json:"roles"`
	// Cases are the cases it appears in, newest first, one row per role.
	Cases []ClientCase `json:"cases"`
	// Loans are the disbursed loans it borrows, as borrower or
	// co-borrower, with their outstanding principal.
	Loans []ClientLoan `json:"loans"`
	// Outstanding is the principal outstanding over Loans (贷款余额).
	Outstanding money.Money `json:"outstanding"`
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
)

// clientRoles are the roles in the order a client file lists them.
var clientRoles = []ClientRole{ClientBorrower, ClientCoBorrower, ClientGuarantor, ClientMortgagor}

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
	CreatedAt time.Time   `json:"created_at"`
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
}

// ClientStore reads client files from the index the store keeps of every
// case's parties.
type ClientStore interface {
	// FindClientCases returns the roles of the party key in every case,
	// newest case first, at most limit rows; with member set, only in the
	// cases that user owns or co-investigates.
	FindClientCases(ctx context.Context, key, member string, limit int) ([]ClientCase, error)
	// FindClientLoans returns the loans of the cases caseIDs, with the
	// principal repaid so far deducted.
	FindClientLoans(ctx context.Context, caseIDs []string) ([]ClientLoan, error)
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
	var borrowed []string
	for _, r := range cl.Cases {
		if !slices.Contains(cl.Roles, r.Role) {
			cl.Roles = append(cl.Roles, r.Role)
		}
		if (r.Role == ClientBorrower || r.Role == ClientCoBorrower) && !slices.Contains(borrowed, r.CaseID) {
			borrowed = append(borrowed, r.CaseID)
		}
	}
	slices.SortFunc(cl.Roles, func(a, b ClientRole) int {
		return slices.Index(clientRoles, a) - slices.Index(clientRoles, b)
	})
	if len(borrowed) > 0 {
		if cl.Loans, err = s.store.Clients().FindClientLoans(ctx, borrowed); err != nil {
			return nil, err
		}
		for _, l := range cl.Loans {
			if cl.Outstanding, err = cl.Outstanding.Add(l.Outstanding); err != nil {
				return nil, err
			}
		}
	}
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
