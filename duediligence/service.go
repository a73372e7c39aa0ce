package duediligence

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
)

// Service carries out the commands on case files. Each command checks the
// actor's role, the case's stage and the expected version, then writes the new
// state and one audit event in a single store transaction.
type Service struct {
	store        Store
	content      ContentStore
	clock        Clock
	ids          IDSource
	policy       *Policy
	workflow     *Workflow
	catalogue    *Catalogue
	requirements []RequirementSource
	// reads queues the audit events of reads (readaudit.go).
	reads *readAudit
	// tokens are the users authenticated lately (auth.go).
	tokens *tokenCache
	// cases are the answers of reads by ID lately given (case_cache.go);
	// nil when Config.CaseCacheBytes is negative.
	cases *caseCache
}

// Config wires a Service. Store is required; the rest have defaults.
type Config struct {
	Store   Store
	Content ContentStore // required for document uploads
	Clock   Clock        // default SystemClock
	IDs     IDSource     // default UUIDv7
	Policy  *Policy      // default DefaultPolicy()
	// Workflow defaults to DefaultWorkflow(); add gates to it before passing it.
	Workflow *Workflow
	// Catalogue is the rule catalogue; default DefaultCatalogue(). Its rules
	// gate the stages they name.
	Catalogue *Catalogue
	// Requirements are document requirement sources added to
	// ApplicantRequirements, CollateralRequirements and GuaranteeRequirements.
	Requirements []RequirementSource
	// CaseCacheBytes bounds the JSON answers of reads by ID the service
	// holds, checked against the stored case on every read
	// (case_cache.go); default DefaultCaseCacheBytes, negative for none.
	CaseCacheBytes int64
}

// NewService returns a Service on cfg.
func NewService(cfg Config) (*Service, error) {
	if cfg.Store == nil {
		return nil, Errorf(CodeInvalid, "NewService", "a Store is required")
	}
	s := &Service{
		store: cfg.Store, content: cfg.Content, clock: cfg.Clock, ids: cfg.IDs,
		policy: cfg.Policy, workflow: cfg.Workflow,
		requirements: append([]RequirementSource{ApplicantRequirements, CollateralRequirements, GuaranteeRequirements}, cfg.Requirements...),
		tokens:       newTokenCache(),
	}
	if s.clock == nil {
		s.clock = SystemClock{}
	}
	if s.ids == nil {
		s.ids = UUIDv7{}
	}
	if s.policy == nil {
		s.policy = DefaultPolicy()
	}
	if s.workflow == nil {
		s.workflow = DefaultWorkflow()
	}
	s.reads = newReadAudit(s.store)
	if cfg.CaseCacheBytes == 0 {
		cfg.CaseCacheBytes = DefaultCaseCacheBytes
	}
	s.cases = newCaseCache(cfg.CaseCacheBytes)
	s.catalogue = cfg.Catalogue
	if s.catalogue == nil {
		s.catalogue = DefaultCatalogue()
	}
	for _, st := range []Stage{StageInvestigation, StageSubmitted, StageApproved, StageContracting, StageDisbursed, StageClosed} {
		s.workflow.AddGate(s.catalogue.gate(st))
	}
	return s, nil
}

// Policy returns the policy the service checks cases under.
func (s *Service) Policy() *Policy { return s.policy }

// Catalogue returns the rule catalogue.
func (s *Service) Catalogue() *Catalogue { return s.catalogue }

// Workflow returns the stage machine.
func (s *Service) Workflow() *Workflow { return s.workflow }

// Close stores the audit events of reads still queued (a manager's reading
// of whole resident IDs is recorded behind the read, in batches) and makes
// later reads record theirs before they answer. Call it once the last
// request is answered, as a graceful shutdown does; it returns an error
// when ctx ends before every event is stored.
func (s *Service) Close(ctx context.Context) error { return s.reads.close(ctx) }

// Ping checks the store.
func (s *Service) Ping(ctx context.Context) error { return s.store.Ping(ctx) }

// Unavailable reports whether err, returned by one of the service's
// methods, means that the store's database cannot be reached for now.
func (s *Service) Unavailable(err error) bool { return err != nil && s.store.Unavailable(err) }

// fmtPath is the JSON path of element i of field. Rules build one per
// result, so it avoids fmt.
func fmtPath(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

// readable loads a case the actor may read. An account manager reading
// another's case gets not_found, so case IDs do not leak. A case whose
// frozen report no longer matches its hash is not served (nor changed):
// the error, internal, is logged by whoever reports it.
func (s *Service) readable(ctx context.Context, actor Actor, id string) (*Case, error) {
	c, err := s.readableAsStored(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := c.Report.VerifyFrozen(); err != nil {
		return nil, &Error{Code: CodeInternal, Message: fmt.Sprintf("case %s is refused: %v (see jinzhi audit verify)", id, err), Err: err}
	}
	return c, nil
}

// readableAsStored is readable without the check of the frozen report:
// the audit trail of a case stays readable when its report was changed.
func (s *Service) readableAsStored(ctx context.Context, actor Actor, id string) (*Case, error) {
	if actor.Role == RoleAdmin || !actor.Role.Valid() {
		return nil, forbidden("cases.read", actor.Role, caseReaders()...)
	}
	c, err := s.store.Cases().FindCaseByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !actor.Role.readsAllCases() && c.Owner != actor.ID && !c.isCoInvestigator(actor.ID) {
		return nil, errorKey(CodeNotFound, "error.no_case", check.Params{"id": id})
	}
	if err := s.enrich(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// enrich fills in what the service derives rather than stores: collateral
// exposure and mutual guarantees in other cases, valuations, coverage.
// The answers of reads by ID are held for the cases where what it derives
// depends on the stored case alone (Case.cacheable, case_cache.go): a new
// derivation from anything else must make those cases not cacheable.
func (s *Service) enrich(ctx context.Context, c *Case) error {
	var titles, units []string
	for _, it := range c.Collateral {
		titles = append(titles, it.TitleNumber)
		units = append(units, it.UnitNumber)
	}
	for i := range c.Collateral {
		c.Collateral[i].Exposure = nil
	}
	if len(c.Collateral) > 0 {
		exp, err := s.store.Indexes().FindCollateralExposure(ctx, c.ID, titles, units)
		if err != nil {
			return err
		}
		for i := range c.Collateral {
			it := &c.Collateral[i]
			for _, e := range exp {
				if (e.TitleNumber != "" && e.TitleNumber == NormalizeCollateralNumber(it.TitleNumber)) ||
					(e.UnitNumber != "" && e.UnitNumber == NormalizeCollateralNumber(it.UnitNumber)) {
					it.Exposure = append(it.Exposure, e)
				}
			}
		}
	}
	if err := s.enrichGuarantees(ctx, c); err != nil {
		return err
	}
	s.derive(c, s.clock.Now())
	return nil
}

// checkWriteBy checks that the actor's role may make a change and that the
// case is in one of the stages where the change is allowed; with
// coInvestigators it also lets the case's co-investigators act (findings,
// attestation).
func (s *Service) checkWriteBy(action string, actor Actor, c *Case, roles []Role, stages []Stage, coInvestigators bool) error {
	if len(roles) == 0 {
		roles = []Role{RoleAccountManager}
	}
	if !slices.Contains(roles, actor.Role) {
		return forbidden(action, actor.Role, roles...)
	}
	if actor.Role == RoleAccountManager && c.Owner != actor.ID && !(coInvestigators && c.isCoInvestigator(actor.ID)) {
		if c.isCoInvestigator(actor.ID) {
			return forbiddenBy("forbidden.co_investigator", action, actor.Role, roles)
		}
		return forbiddenBy("forbidden.owner_only", action, actor.Role, roles)
	}
	if len(stages) > 0 && !slices.Contains(stages, c.Stage) {
		return errorKey(CodeConflict, "error.stage", check.Params{"stage": "stage." + string(c.Stage), "allowed": stageList(stages)})
	}
	return nil
}

// view returns c as the actor may see it: resident IDs whole for the owner
// and the approvers, masked for everyone else.
func (s *Service) view(actor Actor, c *Case) *Case {
	if c.Owner == actor.ID || c.isCoInvestigator(actor.ID) || actor.Role.seesResidentIDs() {
		return c
	}
	return c.masked()
}

// appendEvent appends an event that changes nothing else (a read, a
// download) in a unit of work of its own.
func (s *Service) appendEvent(ctx context.Context, ev *Event) error {
	return s.store.WithTx(ctx, func(tx Tx) error { return tx.Events().AppendEvent(ctx, ev) })
}

// event builds an unsealed audit event on a case's stream.
func (s *Service) event(actor Actor, caseID string, version int, action string, data any) *Event {
	raw, err := json.Marshal(data)
	if err != nil {
		raw = json.RawMessage(`{"error":"unencodable event data"}`)
	}
	stream := caseID
	if stream == "" {
		stream = StreamSystem
	}
	return &Event{
		ID: s.ids.NewID(), Stream: stream, At: s.clock.Now(), ActorID: actor.ID, ActorRole: actor.Role,
		Action: action, CaseID: caseID, CaseVersion: version, Data: raw,
	}
}

// mutation is one change to a case.
type mutation struct {
	action  string
	idemKey string
	// roles may make the change (default: account managers, their own cases).
	roles  []Role
	stages []Stage
	// coInvestigators lets the case's co-investigators make the change too.
	coInvestigators bool
	// access, when set, gives roles and coInvestigators by the stage the
	// case is in (a document: the owner's checklist before submission,
	// post-loan papers by the roles that follow the loan).
	access func(Stage) (roles []Role, coInvestigators bool)
	// history reads the parties' history in other cases before apply, for
	// the gates whose rules need it (history.go).
	history bool
	// duties, when set, is checked before the actor's role: separation of
	// duties refuses a person (the case's owner deciding on it) whatever
	// their role, and says so rather than name the role.
	duties func(c *Case, actor Actor) error
	// assignsLedger gives a case without a ledger number the next number of
	// the year, taken in the change's transaction (submission).
	assignsLedger bool
	// apply changes c in place and returns the event data. For a change that
	// creates something, the data's "id" names it.
	apply func(c *Case, now time.Time) (any, error)
	// inTx, when set, writes what the change makes besides the case (the
	// loan's tables) in the change's transaction, after apply.
	inTx func(ctx context.Context, tx Tx, c *Case, now time.Time) error
}

// changesAttestedFacts reports whether the change alters what the owner's
// attestation of the report covers: the parties, the request, collateral,
// guarantees, documents, findings and acknowledgements. Moving the case,
// attesting, and red flags, registrations and perfection acts (which
// others record and the gates check on their own) do not.
func (m mutation) changesAttestedFacts() bool {
	switch {
	case m.action == "case.transitioned", m.action == "report.attested",
		strings.HasPrefix(m.action, "flag."), strings.HasPrefix(m.action, "registration."), strings.HasPrefix(m.action, "perfection."):
		return false
	}
	return true
}

// mutate loads the case, checks access, stage and version, applies the change
// and stores it with its event.
func (s *Service) mutate(ctx context.Context, actor Actor, id string, expected int, m mutation) (*Case, error) {
	c, _, err := s.mutateID(ctx, actor, id, expected, m)
	return c, err
}

// mutateID is mutate for changes that create something: it also returns the
// new thing's ID, and with an idempotency key a retry returns the first
// result instead of creating it again.
func (s *Service) mutateID(ctx context.Context, actor Actor, id string, expected int, m mutation) (*Case, string, error) {
	if m.idemKey != "" {
		if c, created, err := s.replay(ctx, actor, id, m); c != nil || err != nil {
			return c, created, err
		}
	}
	c, err := s.readable(ctx, actor, id)
	if err != nil {
		return nil, "", err
	}
	if expected != 0 && c.Version != expected {
		return nil, "", errorKey(CodeStale, "error.stale", check.Params{"case": id, "version": strconv.Itoa(c.Version), "expected": strconv.Itoa(expected)})
	}
	if m.duties != nil {
		if err := m.duties(c, actor); err != nil {
			return nil, "", err
		}
	}
	roles, co := m.roles, m.coInvestigators
	if m.access != nil {
		roles, co = m.access(c.Stage)
	}
	if err := s.checkWriteBy(m.action, actor, c, roles, m.stages, co); err != nil {
		return nil, "", err
	}
	if m.history {
		if err := s.enrichHistory(ctx, c); err != nil {
			return nil, "", err
		}
	}
	now := s.clock.Now()
	attested := c.Report != nil && len(c.Report.Attestations) > 0 && slices.Contains(reportStages, c.Stage)
	data, err := m.apply(c, now)
	c.History = nil // read for the gates, not part of the case as answered
	if err != nil {
		return nil, "", err
	}
	if attested && m.changesAttestedFacts() {
		// An attestation vouches for the case as it stood; the report must
		// be attested again before it is submitted and frozen.
		c.Report.Attestations = []Attestation{}
		if d, ok := data.(map[string]any); ok {
			d["attestations_cleared"] = true
		}
	}
	s.derive(c, now)
	prev := c.Version
	c.Version = prev + 1
	c.UpdatedAt = now
	ev := s.event(actor, c.ID, c.Version, m.action, data)
	ev.IdempotencyKey = m.idemKey
	data0, ledger0 := ev.Data, c.LedgerNumber
	err = s.store.WithTx(ctx, func(tx Tx) error {
		// WithTx may run this again: start from what the change made.
		ev.Data, c.LedgerNumber = data0, ledger0
		if m.assignsLedger && c.LedgerNumber == "" {
			year := now.Year()
			n, err := tx.Ledger().NextLedgerNumber(ctx, year)
			if err != nil {
				return err
			}
			c.LedgerNumber = FormatLedgerNumber(year, n)
			if ev.Data, err = withField(data0, "ledger_number", c.LedgerNumber); err != nil {
				return err
			}
		}
		if m.inTx != nil {
			if err := m.inTx(ctx, tx, c, now); err != nil {
				return err
			}
			if ev.Data, err = json.Marshal(data); err != nil {
				return err
			}
		}
		if err := tx.Cases().UpdateCase(ctx, c.forStorage(), prev, c.Listing()); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, ev)
	})
	if err != nil {
		if m.idemKey != "" && ErrorCode(err) == CodeConflict {
			if c, created, rerr := s.replay(ctx, actor, id, m); c != nil || rerr != nil {
				return c, created, rerr
			}
		}
		return nil, "", err
	}
	// What other cases share (collateral, guarantors) may have changed with
	// this write; the answer shows it as the next read would. The write is
	// stored, so a failed lookup only leaves the answer less complete.
	if len(c.Collateral) > 0 || len(c.Guarantees) > 0 {
		_ = s.enrich(ctx, c)
	}
	return s.view(actor, c), createdID(ev.Data), nil
}

// withField returns the JSON object data with one more field.
func withField(data json.RawMessage, key string, value any) (json.RawMessage, error) {
	m := map[string]json.RawMessage{}
	if len(data) > 0 && string(data) != "null" {
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, err
		}
	}
	v, err := json.Marshal(value)
	if err != nil {
		return nil, err
	}
	m[key] = v
	return json.Marshal(m)
}

// replay returns the case and created ID of an earlier request with the same
// idempotency key, or a nil case when the key is new.
func (s *Service) replay(ctx context.Context, actor Actor, id string, m mutation) (*Case, string, error) {
	ev, err := s.store.Events().FindEventByIdempotencyKey(ctx, actor.ID, m.idemKey)
	if ErrorCode(err) == CodeNotFound {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	if ev.Action != m.action || ev.CaseID != id {
		return nil, "", errorKey(CodeConflict, "error.idempotency_reused", check.Params{"key": m.idemKey, "action": ev.Action})
	}
	c, err := s.readable(ctx, actor, id)
	if err != nil {
		return nil, "", err
	}
	return s.view(actor, c), createdID(ev.Data), nil
}

func createdID(data json.RawMessage) string {
	var v struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(data, &v)
	return v.ID
}

// Events returns a case's audit trail. Auditors and the roles that read the
// case may see it.
func (s *Service) Events(ctx context.Context, actor Actor, caseID string) (evs []Event, err error) {
	defer Wrap(&err, "Service.Events")
	if _, err := s.readableAsStored(ctx, actor, caseID); err != nil {
		return nil, err
	}
	// The trail shows every read recorded before this request.
	if err := s.reads.sync(ctx); err != nil {
		return nil, err
	}
	evs, err = s.store.Events().FindEvents(ctx, caseID, 0, 0)
	if evs == nil {
		evs = []Event{}
	}
	return evs, err
}
