package duediligence

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
)

// maxQuery is the longest search text of a case list, in characters.
const maxQuery = 100

// Case is the credit-review case file (尽职调查档案) of one loan application.
type Case struct {
	ID string `json:"id"`
	// LedgerNumber (台帐编号, "2026-000123") is assigned on submission.
	LedgerNumber string `json:"ledger_number,omitempty"`
	Stage        Stage  `json:"stage"`
	// Version counts the changes; writes name the version they expect.
	Version   int    `json:"version"`
	Owner     string `json:"owner"`
	OwnerName string `json:"owner_name"`
	Applicant Party  `json:"applicant"`
	// CoBorrowers (共同借款人) share the debt.
	CoBorrowers []Party     `json:"co_borrowers"`
	Request     LoanRequest `json:"request"`
	Documents   []Document  `json:"documents"`
	Findings    []Finding   `json:"findings"`
	Flags       []RedFlag   `json:"flags"`
	// Collateral lists the items offered as security.
	Collateral []CollateralItem `json:"collateral"`
	// Coverage is derived on read: Σ eligible value against the principal, and the LTV.
	Coverage *collateral.Coverage `json:"coverage,omitempty"`
	// Guarantees are the guarantors' promises (保证).
	Guarantees []Guarantee `json:"guarantees"`
	// Acknowledgements record the owner's justification of each warning.
	Acknowledgements []Acknowledgement `json:"acknowledgements"`
	// CoInvestigators are the other account managers who investigate the
	// case with the owner (双人调查): they read it, record findings and
	// attest the report.
	CoInvestigators []CoInvestigator `json:"co_investigators"`
	// Report is the feasibility report, once generated.
	Report *Report `json:"report,omitempty"`
	// Approvals are the approval forms, one per submission.
	Approvals []Approval `json:"approvals"`
	// Contracting is the contract phase, from the drafting of the contracts.
	Contracting *Contracting `json:"contracting,omitempty"`
	// History is derived on read, before the case's loan: what the lender
	// knows of its borrowers and guarantors from its other cases (history.go).
	History *CaseHistory `json:"history,omitempty"`
	// Transitions is the stage history.
	Transitions []StageChange `json:"transitions"`
	// PolicyVersion is the version of the policy the case was last checked under.
	PolicyVersion string    `json:"policy_version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// StageChange records one move of the case between stages.
type StageChange struct {
	From   Stage     `json:"from"`
	To     Stage     `json:"to"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason,omitempty"`
}

// CaseSummary is a case as listed: enough to find it, with resident IDs masked.
type CaseSummary struct {
	ID            string    `json:"id"`
	LedgerNumber  string    `json:"ledger_number,omitempty"`
	Stage         Stage     `json:"stage"`
	Version       int       `json:"version"`
	Owner         string    `json:"owner"`
	OwnerName     string    `json:"owner_name"`
	ApplicantKind PartyKind `json:"applicant_kind"`
	ApplicantName string    `json:"applicant_name"`
	// ApplicantID is the credit code, or the resident ID masked.
	ApplicantID string    `json:"applicant_id,omitempty"`
	Amount      string    `json:"amount"`
	TermMonths  int       `json:"term_months"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Summary returns the listing form of c.
func (c *Case) Summary() CaseSummary {
	id := c.Applicant.Identifier()
	if c.Applicant.Kind == Person && id != "" {
		id = identity.MaskResidentID(id)
	}
	return CaseSummary{
		ID: c.ID, LedgerNumber: c.LedgerNumber, Stage: c.Stage, Version: c.Version,
		Owner: c.Owner, OwnerName: c.OwnerName, ApplicantKind: c.Applicant.Kind,
		ApplicantName: c.Applicant.Name, ApplicantID: id, Amount: c.Request.Amount.String(),
		TermMonths: c.Request.TermMonths, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
}

// forStorage returns a shallow copy of c without what the service derives
// on every read (valuations, coverage, exposure in other cases, mutual
// guarantees), so that the stored case holds facts only and nothing stale.
func (c *Case) forStorage() *Case {
	s := *c
	s.Coverage, s.History = nil, nil
	s.Collateral = slices.Clone(c.Collateral)
	for i := range s.Collateral {
		s.Collateral[i].Valuation, s.Collateral[i].Exposure = nil, nil
	}
	s.Guarantees = slices.Clone(c.Guarantees)
	for i := range s.Guarantees {
		s.Guarantees[i].Mutual = nil
	}
	return &s
}

// masked returns a copy of c with every resident ID number masked.
func (c *Case) masked() *Case {
	m := *c
	m.Applicant = *c.Applicant.masked()
	m.Collateral = maskOwners(c.Collateral)
	m.Guarantees = maskGuarantors(c.Guarantees)
	m.Contracting = maskedContracting(c.Contracting)
	m.CoBorrowers = make([]Party, len(c.CoBorrowers))
	for i := range c.CoBorrowers {
		m.CoBorrowers[i] = *c.CoBorrowers[i].masked()
	}
	return &m
}

// NewCase is an application as the account manager accepts it (受理).
type NewCase struct {
	Applicant   Party       `json:"applicant"`
	CoBorrowers []Party     `json:"co_borrowers,omitempty"`
	Request     LoanRequest `json:"request"`
	// IdempotencyKey makes a retried creation return the first result.
	IdempotencyKey string `json:"-"`
}

// CaseUpdate edits the applicant and the request before submission. Nil
// fields are left as they are.
type CaseUpdate struct {
	Applicant   *Party       `json:"applicant,omitempty"`
	CoBorrowers *[]Party     `json:"co_borrowers,omitempty"`
	Request     *LoanRequest `json:"request,omitempty"`
}

// maxCoBorrowers is the most co-borrowers a case takes, as openapi.json says.
const maxCoBorrowers = 10

// validateCoBorrowers validates and normalizes co-borrowers.
func validateCoBorrowers(co []Party, now time.Time, probs *check.Problems) {
	if len(co) > maxCoBorrowers {
		probs.Add(check.TooMany("co_borrowers", maxCoBorrowers))
		return
	}
	for i := range co {
		co[i].validate(fmtPath("co_borrowers", i), now, probs)
	}
}

// validate checks the application and normalizes its parties.
func (in *NewCase) validate(now time.Time, probs *check.Problems) {
	in.Applicant.validate("applicant", now, probs)
	validateCoBorrowers(in.CoBorrowers, now, probs)
	in.Request.validate("request", probs)
}

// validate checks the edit and normalizes its parties.
func (upd *CaseUpdate) validate(now time.Time, probs *check.Problems) {
	if upd.Applicant != nil {
		upd.Applicant.validate("applicant", now, probs)
	}
	if upd.CoBorrowers != nil {
		validateCoBorrowers(*upd.CoBorrowers, now, probs)
	}
	if upd.Request != nil {
		upd.Request.validate("request", probs)
	}
	if upd.Applicant == nil && upd.CoBorrowers == nil && upd.Request == nil {
		probs.Add(fieldError("", check.ErrRequired, "case.nothing_to_change", nil))
	}
}

// CreateCase opens a case for an application. Only account managers create
// cases, and they own what they create.
func (s *Service) CreateCase(ctx context.Context, actor Actor, in NewCase) (c *Case, err error) {
	defer Wrap(&err, "Service.CreateCase")
	if actor.Role != RoleAccountManager {
		return nil, forbidden("case.created", actor.Role, RoleAccountManager)
	}
	if in.IdempotencyKey != "" {
		if c, err := s.replayCase(ctx, actor, in.IdempotencyKey); c != nil || err != nil {
			return c, err
		}
	}
	now := s.clock.Now()
	var probs check.Problems
	in.validate(now, &probs)
	s.policy.checkRateCeiling("request", &in.Request, &probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	c = &Case{
		ID: s.ids.NewID(), Stage: StageIntake, Version: 1, Owner: actor.ID, OwnerName: actor.Name,
		Applicant: in.Applicant, CoBorrowers: in.CoBorrowers, Request: in.Request,
		Documents: []Document{}, Findings: []Finding{}, Flags: []RedFlag{}, Transitions: []StageChange{},
		Collateral: []CollateralItem{}, Guarantees: []Guarantee{}, Acknowledgements: []Acknowledgement{}, Approvals: []Approval{}, CoInvestigators: []CoInvestigator{},
		PolicyVersion: s.policy.Version, CreatedAt: now, UpdatedAt: now,
	}
	if c.CoBorrowers == nil {
		c.CoBorrowers = []Party{}
	}
	s.refreshChecklist(c, now)
	ev := s.event(actor, c.ID, 1, "case.created", map[string]any{"id": c.ID, "applicant": c.Applicant.masked(), "request": c.Request})
	ev.IdempotencyKey = in.IdempotencyKey
	err = s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.Cases().CreateCase(ctx, c.forStorage(), c.Listing()); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, ev)
	})
	if err != nil {
		if in.IdempotencyKey != "" && ErrorCode(err) == CodeConflict {
			if c, rerr := s.replayCase(ctx, actor, in.IdempotencyKey); c != nil || rerr != nil {
				return c, rerr
			}
		}
		return nil, err
	}
	return s.view(actor, c), nil
}

// replayCase returns the case an earlier request with the same idempotency key
// created, or nil when the key is new.
func (s *Service) replayCase(ctx context.Context, actor Actor, key string) (*Case, error) {
	ev, err := s.store.Events().FindEventByIdempotencyKey(ctx, actor.ID, key)
	if ErrorCode(err) == CodeNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if ev.Action != "case.created" {
		return nil, errorKey(CodeConflict, "error.idempotency_reused", check.Params{"key": key, "action": ev.Action})
	}
	c, err := s.readable(ctx, actor, ev.CaseID)
	if err != nil {
		return nil, err
	}
	return s.view(actor, c), nil
}

// FindCaseByID returns the whole case file. Account managers see only their
// own cases; resident IDs are masked for roles that do not need them.
func (s *Service) FindCaseByID(ctx context.Context, actor Actor, id string) (c *Case, err error) {
	defer Wrap(&err, "Service.FindCaseByID")
	c, err = s.readable(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := s.auditRead(ctx, actor, c, "case.viewed"); err != nil {
		return nil, err
	}
	return s.view(actor, c), nil
}

// CaseVersion returns the current version of a case the actor may read,
// without reading its personal data: what a client names as the version its
// next write expects, told back when it named another.
func (s *Service) CaseVersion(ctx context.Context, actor Actor, id string) (v int, err error) {
	defer Wrap(&err, "Service.CaseVersion")
	c, err := s.readable(ctx, actor, id)
	if err != nil {
		return 0, err
	}
	return c.Version, nil
}

// auditRead records in the case's audit trail that someone other than its
// investigators read its personal data whole (档案借阅登记). The
// investigators entered that data; everyone else's reading is on record.
// Reads with resident IDs masked are not personal-data reads.
func (s *Service) auditRead(ctx context.Context, actor Actor, c *Case, action string) error {
	if c.Owner == actor.ID || c.isCoInvestigator(actor.ID) || !actor.Role.seesResidentIDs() {
		return nil
	}
	ev := s.event(actor, c.ID, c.Version, action, map[string]any{"personal_data": "whole resident ID numbers"})
	if s.reads.add(ev) {
		// Stored behind the read, with others', so that a read does not
		// wait for the writer; Close and Events wait for it.
		return nil
	}
	return s.appendEvent(ctx, ev)
}

// FindCases lists cases. Account managers list only their own.
func (s *Service) FindCases(ctx context.Context, actor Actor, f CaseFilter) (page CasePage, err error) {
	defer Wrap(&err, "Service.FindCases")
	if actor.Role == RoleAdmin || !actor.Role.Valid() {
		return CasePage{}, forbidden("cases.read", actor.Role, caseReaders()...)
	}
	var probs check.Problems
	if f.Stage != "" && !f.Stage.Valid() {
		probs.Add(check.NotOneOf("stage", string(f.Stage), stageNames()...))
	}
	if f.Limit < 0 || f.Limit > 200 {
		probs.Add(check.NotBetween("limit", strconv.Itoa(f.Limit), "1", "200"))
	}
	probs.Text("q", f.Query, maxQuery)
	probs.Text("owner", f.Owner, maxID)
	probs.Text("cursor", f.After, maxID)
	if err := invalid(&probs); err != nil {
		return CasePage{}, err
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	if actor.Role == RoleAccountManager {
		// An account manager lists the cases they own or co-investigate.
		f.Member = actor.ID
	}
	// A role that sees resident IDs masked must not learn, by searching one,
	// whether that person has a case.
	if err := s.mayLookUpByID(actor); err != nil {
		if _, perr := identity.ParseResidentID(f.Query, s.clock.Now()); perr == nil {
			return CasePage{}, err
		}
	}
	page, err = s.store.Cases().FindCases(ctx, f)
	if page.Cases == nil {
		page.Cases = []CaseSummary{}
	}
	return page, err
}

// mayLookUpByID refuses a role that sees resident IDs masked a look-up by
// a person's resident ID — a case search, a client file, a client search —
// so that it never learns by one whether that person is known. Account
// managers look up the applicants they take in.
func (s *Service) mayLookUpByID(actor Actor) error {
	if actor.Role == RoleAccountManager || actor.Role.seesResidentIDs() {
		return nil
	}
	return forbiddenBy("forbidden.search_by_id", "cases.searched_by_id", actor.Role,
		[]Role{RoleAccountManager, RoleDepartmentManager, RoleRiskOfficer, RoleGeneralManager})
}

// UpdateCase edits the applicant, co-borrowers or request in intake or
// investigation. The checklist follows the change (a newly married applicant
// needs a marriage certificate).
func (s *Service) UpdateCase(ctx context.Context, actor Actor, id string, expected int, upd CaseUpdate) (c *Case, err error) {
	defer Wrap(&err, "Service.UpdateCase")
	now := s.clock.Now()
	var probs check.Problems
	upd.validate(now, &probs)
	if upd.Request != nil {
		s.policy.checkRateCeiling("request", upd.Request, &probs)
	}
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	return s.mutate(ctx, actor, id, expected, mutation{
		action: "case.updated", stages: []Stage{StageIntake, StageInvestigation},
		apply: func(c *Case, now time.Time) (any, error) {
			changed := []string{}
			if upd.Applicant != nil {
				c.Applicant = *upd.Applicant
				changed = append(changed, "applicant")
			}
			if upd.CoBorrowers != nil {
				c.CoBorrowers = *upd.CoBorrowers
				changed = append(changed, "co_borrowers")
			}
			if upd.Request != nil {
				c.Request = *upd.Request
				changed = append(changed, "request")
			}
			s.refreshChecklist(c, now)
			return map[string]any{"changed": changed}, nil
		},
	})
}
