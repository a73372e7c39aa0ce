package duediligence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
	"github.com/jinzhi-dev/jinzhi/money"
)

// FunderKind is where a part of a loan's money comes from (资金来源).
type FunderKind string

// Funder kinds.
const (
	FunderOwnFunds     FunderKind = "own_funds"             // 自有资金
	FunderCoLender     FunderKind = "co_lender"             // 联合出资机构 (a named co-lender)
	FunderOrganization FunderKind = "investor_organization" // 机构投资客户
	FunderPerson       FunderKind = "investor_person"       // 个人投资客户
)

// FunderKinds lists the funder kinds.
var FunderKinds = []FunderKind{FunderOwnFunds, FunderCoLender, FunderOrganization, FunderPerson}

func funderKindNames() []string {
	out := make([]string, len(FunderKinds))
	for i, k := range FunderKinds {
		out[i] = string(k)
	}
	return out
}

// FundingPolicy is the lender's regime of funding: which funders it may
// take, whether a loan needs external funding, how many investors one
// loan may be shown to.
type FundingPolicy struct {
	// AllowedSources are the funder kinds the lender may take; empty means
	// its pricing regime's default (AllowedSources).
	AllowedSources []FunderKind `json:"allowed_sources,omitempty"`
	// RequireExternal makes the disbursement wait until co-lenders or
	// investors fund the loan with its own funds to the amount disbursed.
	RequireExternal bool `json:"require_external,omitempty"`
	// MaxInvestors caps the investors chosen for one loan; 0 means
	// DefaultMaxInvestors.
	MaxInvestors int `json:"max_investors,omitempty"`
	// SuitabilityValidMonths is how long an investor's suitability
	// assessment stands (funding.suitability_current); 0 means
	// DefaultSuitabilityValidMonths.
	SuitabilityValidMonths int `json:"suitability_valid_months,omitempty"`
}

func (p FundingPolicy) suitabilityValidMonths() int {
	if p.SuitabilityValidMonths > 0 {
		return p.SuitabilityValidMonths
	}
	return DefaultSuitabilityValidMonths
}

// DefaultMaxInvestors is the default cap of investors chosen for one
// loan: a small, specific circle, far from the 200 persons at which an
// offering is public (证券法 art. 9) and from anything that reads as
// taking money from the public (防范和处置非法集资条例 art. 2).
const DefaultMaxInvestors = 10

// AllowedSources returns the funder kinds the policy allows. By default a
// small-loan company takes its own funds, co-lenders and organizations —
// no individual investors: its funding sources are restricted
// (关于小额贷款公司试点的指导意见 (银监发〔2008〕23号) §2; 金规〔2024〕26号), and
// taking money from individuals for loans is the illegal taking of public
// deposits (刑法 art. 176; 防范和处置非法集资条例 art. 2). Other regimes
// allow every kind unless the policy says otherwise.
func (p FundingPolicy) allowed(regime contracts.Regime) []FunderKind {
	if len(p.AllowedSources) > 0 {
		return p.AllowedSources
	}
	if regime == contracts.RegimeSmallLoan {
		return []FunderKind{FunderOwnFunds, FunderCoLender, FunderOrganization}
	}
	return FunderKinds
}

// AllowedSources returns the funder kinds the policy allows.
func (p *Policy) AllowedSources() []FunderKind { return p.Funding.allowed(p.Pricing.Regime) }

func (p FundingPolicy) maxInvestors() int {
	if p.MaxInvestors > 0 {
		return p.MaxInvestors
	}
	return DefaultMaxInvestors
}

func (p FundingPolicy) validate(probs *check.Problems) {
	for i, k := range p.AllowedSources {
		probs.OneOf(fmtPath("funding.allowed_sources", i), string(k), funderKindNames()...)
	}
	if p.MaxInvestors < 0 {
		probs.Add(check.NotPositive("funding.max_investors", strconv.Itoa(p.MaxInvestors)))
	}
	if m := p.SuitabilityValidMonths; m < 0 || m > 120 {
		probs.Add(check.NotBetween("funding.suitability_valid_months", strconv.Itoa(m), "0", "120"))
	}
}

// Funding is the funding record of a loan (资金安排), kept beside the case
// file and locked while it changes: the lender's own funds and named
// co-lenders as recorded, the investors chosen for the project, each
// showing of its teaser, the investors' interest and commitments, and the
// deliveries of the notices to them.
type Funding struct {
	CaseID      string           `json:"case_id"`
	OwnFunds    money.Money      `json:"own_funds"`
	CoLenders   []CoLender       `json:"co_lenders"`
	Selections  []Selection      `json:"selections"`
	Showings    []Showing        `json:"showings"`
	Interests   []Interest       `json:"interests"`
	Commitments []Commitment     `json:"commitments"`
	Deliveries  []NoticeDelivery `json:"deliveries"`
	UpdatedAt   time.Time        `json:"updated_at,omitzero"`
}

// CoLender is a named institution lending part of the loan with the lender
// (联合出资机构).
type CoLender struct {
	Name       string      `json:"name"`
	CreditCode string      `json:"credit_code"`
	Amount     money.Money `json:"amount"`
}

// Selection is an investor the account manager chose for the project.
type Selection struct {
	InvestorID string    `json:"investor_id"`
	By         string    `json:"by"`
	At         time.Time `json:"at"`
}

// Showing records one handing-over of the teaser to an investor.
type Showing struct {
	ID         string    `json:"id"`
	InvestorID string    `json:"investor_id"`
	Language   string    `json:"language"`
	Hash       string    `json:"hash"`
	By         string    `json:"by"`
	At         time.Time `json:"at"`
}

// Interest is an investor's stated interest in a project (投资意向).
type Interest struct {
	InvestorID string    `json:"investor_id"`
	Note       string    `json:"note,omitempty"`
	By         string    `json:"by"`
	At         time.Time `json:"at"`
}

// Commitment is an investor's commitment to fund part of a loan (认购):
// an amount at a time, withdrawn before disbursement only.
type Commitment struct {
	ID          string      `json:"id"`
	InvestorID  string      `json:"investor_id"`
	Amount      money.Money `json:"amount"`
	At          time.Time   `json:"at"`
	By          string      `json:"by"`
	WithdrawnAt *time.Time  `json:"withdrawn_at,omitempty"`
	Reason      string      `json:"withdrawal_reason,omitempty"`
}

// active reports whether the commitment stands.
func (c Commitment) active() bool { return c.WithdrawnAt == nil }

// Funder is one source of a loan's money with its share of the total,
// derived from the funding record.
type Funder struct {
	Kind       FunderKind  `json:"kind"`
	Name       string      `json:"name"`
	InvestorID string      `json:"investor_id,omitempty"`
	Amount     money.Money `json:"amount"`
	// Share is Amount over Total, to four decimals.
	Share string `json:"share"`
}

// FundingView is the funding of a loan as read: the record, the funders
// it makes, what they add up to against the loan, and the funding checks.
type FundingView struct {
	Funding
	Funders []Funder `json:"funders"`
	// Total is what the funders add up to; Approved the loan's amount,
	// which they may not exceed; Disbursed what the tranches add up to.
	Total     money.Money `json:"total"`
	Approved  money.Money `json:"approved"`
	Disbursed money.Money `json:"disbursed"`
	// AllowedSources are the funder kinds the regime allows.
	AllowedSources []FunderKind `json:"allowed_sources"`
	MaxInvestors   int          `json:"max_investors"`
	Checks         []Unmet      `json:"checks"`
}

// FundingStore reads investors and funding records.
type FundingStore interface {
	InvestorStore
	// FindFunding returns a case's funding record, or CodeNotFound.
	FindFunding(ctx context.Context, caseID string) (*Funding, error)
}

// FundingTx writes them. Changes to one loan's funding are serialised:
// LockFunding holds its row until the transaction ends.
type FundingTx interface {
	FundingStore
	// CreateInvestor inserts an investor, or fails with CodeConflict when
	// its resident ID or credit code is registered already.
	CreateInvestor(ctx context.Context, inv *Investor) error
	// LockInvestor returns an investor held for the transaction, or
	// CodeNotFound; SaveInvestor stores the one it returned.
	LockInvestor(ctx context.Context, id string) (*Investor, error)
	SaveInvestor(ctx context.Context, inv *Investor) error
	// LockFunding returns the case's funding record, an empty one if it
	// has none yet, locked for the transaction.
	LockFunding(ctx context.Context, caseID string) (*Funding, error)
	// SaveFunding stores the record LockFunding returned.
	SaveFunding(ctx context.Context, f *Funding) error
}

// fundingStages are the stages in which a project is funded: after
// approval, before disbursement.
var fundingStages = []Stage{StageApproved, StageContracting}

// FundersInput records the lender's own funds and the co-lenders of a loan.
type FundersInput struct {
	OwnFunds  money.Money `json:"own_funds"`
	CoLenders []CoLender  `json:"co_lenders"`
}

// maxCoLenders bounds the co-lenders of one loan.
const maxCoLenders = 20

func (in *FundersInput) validate(p *check.Problems) {
	if in.OwnFunds.Sign() < 0 {
		p.Add(check.Negative("own_funds", in.OwnFunds.String()))
	}
	if len(in.CoLenders) > maxCoLenders {
		p.Add(check.TooMany("co_lenders", maxCoLenders))
		return
	}
	for i := range in.CoLenders {
		cl := &in.CoLenders[i]
		path := fmtPath("co_lenders", i)
		cl.Name = strings.TrimSpace(cl.Name)
		p.RequiredText(path+".name", cl.Name, maxName)
		if cl.CreditCode == "" {
			p.Add(check.Required(path + ".credit_code"))
		} else if cc, err := identity.ParseCreditCode(cl.CreditCode); err != nil {
			p.Add(identityFieldError(path+".credit_code", cl.CreditCode, err))
		} else {
			cl.CreditCode = cc.Code
		}
		if cl.Amount.Sign() <= 0 {
			p.Add(check.NotPositive(path+".amount", cl.Amount.String()))
		}
	}
}

// fundingCase loads a case whose funding the actor may change, at the
// version expected (0: any): the
// investor-relations roles (an account manager on its own cases and
// those it co-investigates), in stages.
func (s *Service) fundingCase(ctx context.Context, actor Actor, caseID string, expected int, action string, stages []Stage) (*Case, error) {
	c, err := s.readable(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	if expected != 0 && c.Version != expected {
		return nil, Errorf(CodeStale, "", "case %s is at version %d, not %d", caseID, c.Version, expected)
	}
	if err := s.checkWriteBy(action, actor, c, investorRelations, stages, true); err != nil {
		return nil, err
	}
	return c, nil
}

// SetFunders records the lender's own funds and the named co-lenders of a
// loan (replacing what was recorded), before disbursement or, where
// drawdowns add to the loan, before each drawdown. The funders together
// never exceed the loan's amount, and every kind must be one the regime
// allows (funding.allowed_sources).
func (s *Service) SetFunders(ctx context.Context, actor Actor, caseID string, expected int, in FundersInput) (v *FundingView, err error) {
	defer Wrap(&err, "Service.SetFunders")
	var probs check.Problems
	in.validate(&probs)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	stages := fundingStages
	if s.policy.Drawdowns {
		stages = append(slices.Clone(stages), StageDisbursed)
	}
	c, err := s.fundingCase(ctx, actor, caseID, expected, "funding.funders_set", stages)
	if err != nil {
		return nil, err
	}
	allowed := s.policy.AllowedSources()
	var unmet []Unmet
	if in.OwnFunds.Sign() > 0 && !slices.Contains(allowed, FunderOwnFunds) {
		unmet = append(unmet, s.sourceRefused("own_funds", FunderOwnFunds))
	}
	if len(in.CoLenders) > 0 && !slices.Contains(allowed, FunderCoLender) {
		unmet = append(unmet, s.sourceRefused("co_lenders", FunderCoLender))
	}
	if len(unmet) > 0 {
		return nil, &Error{Code: CodeGate, Message: fmt.Sprintf("the funders cannot be recorded: %d condition(s) unmet", len(unmet)), Unmet: unmet}
	}
	now := s.clock.Now()
	approved := c.LoanTerms().Amount
	err = s.store.WithTx(ctx, func(tx Tx) error {
		f, err := tx.Funding().LockFunding(ctx, c.ID)
		if err != nil {
			return err
		}
		f.OwnFunds, f.CoLenders, f.UpdatedAt = in.OwnFunds, slices.Clone(in.CoLenders), now
		if f.CoLenders == nil {
			f.CoLenders = []CoLender{}
		}
		if total := f.total(); total > approved.Fen() {
			return &Error{Code: CodeGate, Message: "the funders cannot be recorded: 1 condition(s) unmet",
				Unmet: []Unmet{s.fundingResult(RuleFundingSum, "own_funds", "funding.sum.over", check.Params{"total": fenMoney(total).String(), "approved": approved.String()})}}
		}
		if err := tx.Funding().SaveFunding(ctx, f); err != nil {
			return err
		}
		names := []string{}
		for _, cl := range f.CoLenders {
			names = append(names, cl.Name)
		}
		return tx.Events().AppendEvent(ctx, s.event(actor, c.ID, c.Version, "funding.funders_set",
			map[string]any{"own_funds": f.OwnFunds, "co_lenders": names, "total": fenMoney(f.total())}))
	})
	if err != nil {
		return nil, err
	}
	return s.FundingOf(ctx, actor, caseID)
}

// total is what the funders add up to, in fen: own funds, co-lenders and
// the commitments that stand.
func (f *Funding) total() int64 {
	t := f.OwnFunds.Fen()
	for _, cl := range f.CoLenders {
		t += cl.Amount.Fen()
	}
	for _, cm := range f.Commitments {
		if cm.active() {
			t += cm.Amount.Fen()
		}
	}
	return t
}

// EmptyFunding is the record of a case with none.
func EmptyFunding(caseID string) *Funding {
	return &Funding{CaseID: caseID, CoLenders: []CoLender{}, Selections: []Selection{}, Showings: []Showing{},
		Interests: []Interest{}, Commitments: []Commitment{}, Deliveries: []NoticeDelivery{}}
}

// findFunding returns a case's record, an empty one when it has none.
func (s *Service) findFunding(ctx context.Context, caseID string) (*Funding, error) {
	f, err := s.store.Funding().FindFunding(ctx, caseID)
	if ErrorCode(err) == CodeNotFound {
		return EmptyFunding(caseID), nil
	}
	return f, err
}

// FundingOf returns the funding of a case: its record, the funders it
// makes with their shares, and the funding checks as they stand.
func (s *Service) FundingOf(ctx context.Context, actor Actor, caseID string) (v *FundingView, err error) {
	defer Wrap(&err, "Service.FundingOf")
	c, err := s.readable(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	f, err := s.findFunding(ctx, caseID)
	if err != nil {
		return nil, err
	}
	var disbursed money.Money
	if l, err := s.store.Loans().FindLoanByCase(ctx, caseID); err == nil {
		disbursed = l.Disbursed
	} else if ErrorCode(err) != CodeNotFound {
		return nil, err
	}
	v, err = s.fundingView(ctx, c, f, disbursed)
	if err != nil {
		return nil, err
	}
	if c.Stage != StageDisbursed || len(v.Funders) > 0 {
		v.Checks = append(v.Checks, s.fundingChecks(v, disbursed)...)
	}
	return v, nil
}

// fundingView derives the funders of a record.
func (s *Service) fundingView(ctx context.Context, c *Case, f *Funding, disbursed money.Money) (*FundingView, error) {
	v := &FundingView{Funding: *f, Funders: []Funder{}, Approved: c.LoanTerms().Amount, Disbursed: disbursed,
		AllowedSources: s.policy.AllowedSources(), MaxInvestors: s.policy.Funding.maxInvestors(), Checks: []Unmet{}}
	total := f.total()
	v.Total = fenMoney(total)
	add := func(kind FunderKind, name, investor string, amount money.Money) {
		v.Funders = append(v.Funders, Funder{Kind: kind, Name: name, InvestorID: investor, Amount: amount, Share: share(amount.Fen(), total)})
	}
	if f.OwnFunds.Sign() > 0 {
		add(FunderOwnFunds, s.policy.LenderName, "", f.OwnFunds)
	}
	for _, cl := range f.CoLenders {
		add(FunderCoLender, cl.Name, "", cl.Amount)
	}
	for _, cm := range f.Commitments {
		if !cm.active() {
			continue
		}
		inv, err := s.store.Funding().FindInvestorByID(ctx, cm.InvestorID)
		if err != nil {
			return nil, err
		}
		add(investorKind(inv), inv.Party.Name, inv.ID, cm.Amount)
	}
	return v, nil
}

// investorKind is the funder kind of an investor.
func investorKind(inv *Investor) FunderKind {
	if inv.Party.Kind == Organization {
		return FunderOrganization
	}
	return FunderPerson
}

// share is part over whole to four decimals, rounded half up ("0.2500").
func share(part, whole int64) string {
	if whole <= 0 {
		return "0.0000"
	}
	n := (part*100000/whole + 5) / 10
	return fmt.Sprintf("%d.%04d", n/10000, n%10000)
}

// fundingChecks are the funding rules on the view: the sources the regime
// allows, and the sum against the amount disbursed (or, before
// disbursement, against the loan).
func (s *Service) fundingChecks(v *FundingView, disbursed money.Money) []Unmet {
	target := disbursed
	if target.IsZero() {
		target = v.Approved
	}
	return s.evaluateFunding(&FundingFacts{View: v, Target: target}, RuleFundingAllowedSources, RuleFundingSum)
}

// fundingGate is the disbursement's funding condition (funding.sum,
// funding.allowed_sources): where the policy requires external funding or
// the loan has co-lenders or investors, the funders add up to what the
// tranches will, with this one, have disbursed. f is the record as read
// (locked, in the posting's transaction).
func (s *Service) fundingGate(ctx context.Context, c *Case, f *Funding, after money.Money) ([]Unmet, error) {
	external := len(f.CoLenders) > 0 || slices.ContainsFunc(f.Commitments, Commitment.active)
	if !external && !s.policy.Funding.RequireExternal {
		return nil, nil
	}
	v, err := s.fundingView(ctx, c, f, after)
	if err != nil {
		return nil, err
	}
	return blocking(c, s.evaluateFunding(&FundingFacts{View: v, Target: after, Disbursing: true}, RuleFundingAllowedSources, RuleFundingSum)), nil
}

// sourceRefused is funding.allowed_sources refusing a kind at path.
func (s *Service) sourceRefused(path string, kind FunderKind) Unmet {
	return s.fundingResult(RuleFundingAllowedSources, path, "funding.allowed_sources", check.Params{"kind": "funder." + string(kind),
		"regime": string(s.policy.Pricing.Regime)})
}

// InterestInput records an investor's interest in a project.
type InterestInput struct {
	InvestorID string `json:"investor_id"`
	Note       string `json:"note,omitempty"`
}

// RecordInterest records that an investor shown the project is interested
// (投资意向), the step before a commitment.
func (s *Service) RecordInterest(ctx context.Context, actor Actor, caseID string, expected int, in InterestInput) (v *FundingView, err error) {
	defer Wrap(&err, "Service.RecordInterest")
	var probs check.Problems
	probs.RequiredText("investor_id", in.InvestorID, maxID)
	probs.Text("note", in.Note, maxText)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	c, err := s.fundingCase(ctx, actor, caseID, expected, "funding.interest_recorded", fundingStages)
	if err != nil {
		return nil, err
	}
	if _, err := s.investorOf(ctx, actor, "investor_id", in.InvestorID); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	err = s.store.WithTx(ctx, func(tx Tx) error {
		f, err := tx.Funding().LockFunding(ctx, c.ID)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(f.Showings, func(sh Showing) bool { return sh.InvestorID == in.InvestorID }) {
			return &Error{Code: CodeGate, Message: "the interest cannot be recorded: 1 condition(s) unmet",
				Unmet: []Unmet{s.fundingResult(RuleNoPublicSolicitation, "investor_id", "funding.not_shown", nil)}}
		}
		f.Interests = append(f.Interests, Interest{InvestorID: in.InvestorID, Note: in.Note, By: actor.ID, At: now})
		f.UpdatedAt = now
		if err := tx.Funding().SaveFunding(ctx, f); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, s.event(actor, c.ID, c.Version, "funding.interest_recorded", map[string]any{"investor": in.InvestorID}))
	})
	if err != nil {
		return nil, err
	}
	return s.FundingOf(ctx, actor, caseID)
}

// CommitmentInput is an investor's commitment (认购): an amount, posted
// once by its idempotency key.
type CommitmentInput struct {
	InvestorID     string      `json:"investor_id"`
	Amount         money.Money `json:"amount"`
	IdempotencyKey string      `json:"-"`
}

func (in *CommitmentInput) fingerprint() string {
	b, _ := json.Marshal(in) // plain values: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Commit records an investor's commitment to fund part of a loan, after
// its interest. The funders together never exceed the loan, however many
// commit at once: commitments are serialised on the loan's funding record.
// The investor must still be one the regime allows and suitable for the
// project. A retry with the same key answers the first commitment.
func (s *Service) Commit(ctx context.Context, actor Actor, caseID string, in CommitmentInput) (cm *Commitment, err error) {
	defer Wrap(&err, "Service.Commit")
	var probs check.Problems
	probs.RequiredText("investor_id", in.InvestorID, maxID)
	if in.Amount.Sign() <= 0 {
		probs.Add(check.NotPositive("amount", in.Amount.String()))
	}
	if in.IdempotencyKey == "" {
		probs.Add(check.Required("idempotency_key"))
	}
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	if cm, err := s.replayCommitment(ctx, actor, caseID, "funding.committed", in.IdempotencyKey, in.fingerprint()); cm != nil || err != nil {
		return cm, err
	}
	c, err := s.fundingCase(ctx, actor, caseID, 0, "funding.committed", fundingStages)
	if err != nil {
		return nil, err
	}
	inv, err := s.investorOf(ctx, actor, "investor_id", in.InvestorID)
	if err != nil {
		return nil, err
	}
	if unmet := s.investorEligible(c, inv, "investor_id"); len(unmet) > 0 {
		return nil, &Error{Code: CodeGate, Message: fmt.Sprintf("the commitment cannot be recorded: %d condition(s) unmet", len(unmet)), Unmet: unmet}
	}
	now := s.clock.Now()
	approved := c.LoanTerms().Amount
	var made *Commitment
	err = s.store.WithTx(ctx, func(tx Tx) error {
		made = nil
		f, err := tx.Funding().LockFunding(ctx, c.ID)
		if err != nil {
			return err
		}
		if _, err := tx.Loans().LockLoanByCase(ctx, c.ID); err == nil {
			return errorKey(CodeConflict, "error.funding_disbursed", nil)
		} else if ErrorCode(err) != CodeNotFound {
			return err
		}
		if !slices.ContainsFunc(f.Interests, func(i Interest) bool { return i.InvestorID == inv.ID }) {
			return &Error{Code: CodeGate, Message: "the commitment cannot be recorded: 1 condition(s) unmet",
				Unmet: []Unmet{s.fundingResult(RuleNoPublicSolicitation, "investor_id", "funding.no_interest", nil)}}
		}
		total := f.total() + in.Amount.Fen()
		if total > approved.Fen() {
			left := max(approved.Fen()-f.total(), 0)
			return &Error{Code: CodeGate, Message: "the commitment cannot be recorded: 1 condition(s) unmet",
				Unmet: []Unmet{s.fundingResult(RuleFundingSum, "amount", "funding.sum.oversubscribed", check.Params{"amount": in.Amount.String(),
					"approved": approved.String(), "left": fenMoney(left).String()})}}
		}
		cm := &Commitment{ID: s.ids.NewID(), InvestorID: inv.ID, Amount: in.Amount, At: now, By: actor.ID}
		f.Commitments = append(f.Commitments, *cm)
		f.UpdatedAt = now
		if err := tx.Funding().SaveFunding(ctx, f); err != nil {
			return err
		}
		ev := s.event(actor, c.ID, c.Version, "funding.committed", map[string]any{"id": cm.ID, "investor": inv.ID, "amount": cm.Amount,
			"total": fenMoney(total), "request": in.fingerprint()})
		ev.IdempotencyKey = in.IdempotencyKey
		if err := tx.Events().AppendEvent(ctx, ev); err != nil {
			return err
		}
		made = cm
		return nil
	})
	if ErrorCode(err) == CodeConflict {
		// A concurrent retry with our key won: answer its commitment.
		if again, rerr := s.replayCommitment(ctx, actor, caseID, "funding.committed", in.IdempotencyKey, in.fingerprint()); again != nil {
			return again, nil
		} else if rerr != nil {
			return nil, rerr
		}
	}
	if err != nil {
		return nil, err
	}
	return made, nil
}

// WithdrawalInput withdraws a commitment.
type WithdrawalInput struct {
	Reason string `json:"reason"`
}

// WithdrawCommitment withdraws a commitment before the loan is disbursed;
// after, the investor's money is in the loan and the commitment stands.
func (s *Service) WithdrawCommitment(ctx context.Context, actor Actor, caseID string, expected int, id string, in WithdrawalInput) (cm *Commitment, err error) {
	defer Wrap(&err, "Service.WithdrawCommitment")
	var probs check.Problems
	probs.RequiredText("reason", in.Reason, maxText)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	c, err := s.fundingCase(ctx, actor, caseID, expected, "funding.withdrawn", nil)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	err = s.store.WithTx(ctx, func(tx Tx) error {
		f, err := tx.Funding().LockFunding(ctx, c.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(f.Commitments, func(cm Commitment) bool { return cm.ID == id })
		if i < 0 {
			return errorKey(CodeNotFound, "error.no_commitment", check.Params{"id": check.Shown(id)})
		}
		if _, err := tx.Loans().LockLoanByCase(ctx, c.ID); err == nil {
			return errorKey(CodeConflict, "error.funding_disbursed", nil)
		} else if ErrorCode(err) != CodeNotFound {
			return err
		}
		cm = &f.Commitments[i]
		if !cm.active() {
			return errorKey(CodeConflict, "error.commitment_withdrawn", check.Params{"id": id})
		}
		cm.WithdrawnAt, cm.Reason = &now, in.Reason
		f.UpdatedAt = now
		if err := tx.Funding().SaveFunding(ctx, f); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, s.event(actor, c.ID, c.Version, "funding.withdrawn",
			map[string]any{"id": cm.ID, "investor": cm.InvestorID, "amount": cm.Amount, "reason": in.Reason}))
	})
	if err != nil {
		return nil, err
	}
	return cm, nil
}

// replayCommitment answers a commitment whose key was used before: the
// first one, or a conflict when the key came with another request.
func (s *Service) replayCommitment(ctx context.Context, actor Actor, caseID, action, key, fingerprint string) (*Commitment, error) {
	ev, err := s.store.Events().FindEventByIdempotencyKey(ctx, actor.ID, key)
	if ErrorCode(err) == CodeNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var d struct {
		ID      string `json:"id"`
		Request string `json:"request"`
	}
	_ = json.Unmarshal(ev.Data, &d)
	if ev.Action != action || ev.CaseID != caseID || d.Request != fingerprint {
		return nil, errorKey(CodeConflict, "error.idempotency_reused", check.Params{"key": key, "action": ev.Action})
	}
	f, err := s.findFunding(ctx, caseID)
	if err != nil {
		return nil, err
	}
	for i := range f.Commitments {
		if f.Commitments[i].ID == d.ID {
			return &f.Commitments[i], nil
		}
	}
	return nil, Errorf(CodeInternal, "", "event %s names commitment %s, which case %s lacks", ev.ID, d.ID, caseID)
}

// disbursementFunding is the funding condition of a disbursement posting
// of amount on a loan that has disbursed so far: read as it stands
// (tx nil), or locked in the posting's transaction, so that no commitment
// is withdrawn or added between the check and the posting.
func (s *Service) disbursementFunding(ctx context.Context, c *Case, tx Tx, disbursed, amount money.Money) ([]Unmet, error) {
	after, err := disbursed.Add(amount)
	if err != nil {
		return nil, err
	}
	var f *Funding
	if tx == nil {
		f, err = s.findFunding(ctx, c.ID)
	} else {
		f, err = tx.Funding().LockFunding(ctx, c.ID)
	}
	if err != nil {
		return nil, err
	}
	return s.fundingGate(ctx, c, f, after)
}

// fundsLoan reports whether the investor's commitment funds the case's loan.
func (s *Service) fundsLoan(ctx context.Context, caseID, investorID string) (bool, error) {
	f, err := s.findFunding(ctx, caseID)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(f.Commitments, func(cm Commitment) bool { return cm.active() && cm.InvestorID == investorID }), nil
}
