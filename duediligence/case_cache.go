package duediligence

import (
	"container/list"
	"context"
	"encoding/json"
	"slices"
	"sync"

	"github.com/jinzhi-dev/jinzhi/check"
)

// The read of a case by ID answers, most of the time, a case that has not
// changed since the server last answered it. The service keeps the JSON it
// answered — one encoding for the readers who see resident IDs whole, one
// for those who see them masked — with the case's stored tag
// (CaseTagReader), and the statement that reads the case sends the tag it
// holds: while the stored case still has it, the database sends back the
// tag and the authentication epoch alone, and the service answers the JSON
// it holds, without decoding the stored document, deriving or encoding
// anything. The tag is checked on every read, in the statement the read
// makes anyway, so a change written by another server on the same database
// is answered at once, and a read costs one statement, cached or not.
//
// Only a case whose answer is a function of its stored document (and the
// policy, fixed for the service's life) is held: one without collateral
// (whose exposure in other cases and valuation as of today are derived on
// read), without guarantees (whose mutual guarantees are other cases'), and
// whose contracts are stored (a case written before they were is drafted on
// read). Everything else about the read is as without the cache: the
// caller is authorised from the case, the reading of whole resident IDs is
// audited (case.viewed), and the answer is the bytes json.Marshal gives of
// the case as the caller may see it.

// CaseTagReader is the optional part of a CaseStore that tags each stored
// case so that a read can leave out a case that is unchanged since the
// caller read it: FindCaseByIDIfChanged reads the case's tag and the
// authentication epoch (UserStore.AuthEpoch) in one statement, and the case
// only when its tag is not tag. c is nil, with ok true and newTag tag, when
// the case is unchanged; newTag is empty when the store cannot tag the case
// (then c is always read). ok is false when there is no such case. A tag
// must change with every write of the case, whatever it writes.
type CaseTagReader interface {
	FindCaseByIDIfChanged(ctx context.Context, id, tag string) (c *Case, newTag string, epoch int64, ok bool, err error)
}

// DefaultCaseCacheBytes bounds the answers the service holds (Config.CaseCacheBytes).
const DefaultCaseCacheBytes = 64 << 20

// caseView names one of the two answers of a case.
type caseView int

const (
	viewWhole  caseView = iota // resident IDs whole: the investigators, and the roles that see them
	viewMasked                 // resident IDs masked: everyone else
)

// cachedCase is what the service holds of a case: what authorising and
// auditing a read need, and the answers given so far.
type cachedCase struct {
	id, tag         string
	version         int
	owner           string
	coInvestigators []string
	json            [2][]byte // by caseView; nil until answered
}

func (e *cachedCase) size() int64 {
	n := 200 + len(e.id) + len(e.tag) + len(e.owner) + len(e.json[viewWhole]) + len(e.json[viewMasked])
	for _, id := range e.coInvestigators {
		n += 16 + len(id)
	}
	return int64(n)
}

// mayRead is readableAsStored's rule on the cached case.
func (e *cachedCase) mayRead(actor Actor) bool {
	return actor.Role.readsAllCases() || e.investigates(actor)
}

func (e *cachedCase) investigates(actor Actor) bool {
	return e.owner == actor.ID || slices.Contains(e.coInvestigators, actor.ID)
}

// viewOf is view's choice on the cached case.
func (e *cachedCase) viewOf(actor Actor) caseView {
	if e.investigates(actor) || actor.Role.seesResidentIDs() {
		return viewWhole
	}
	return viewMasked
}

// caseCache holds cachedCases, the most recently read first, up to max
// bytes of them.
type caseCache struct {
	max int64

	mu    sync.Mutex
	size  int64
	order *list.List // of *cachedCase, the most recently read at the front
	byID  map[string]*list.Element
}

func newCaseCache(max int64) *caseCache {
	if max <= 0 {
		return nil
	}
	return &caseCache{max: max, order: list.New(), byID: map[string]*list.Element{}}
}

// get returns a copy of the cached case id, or false.
func (cc *caseCache) get(id string) (cachedCase, bool) {
	if cc == nil {
		return cachedCase{}, false
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	el, ok := cc.byID[id]
	if !ok {
		return cachedCase{}, false
	}
	cc.order.MoveToFront(el)
	return *el.Value.(*cachedCase), true
}

// put holds view's answer b of the case e describes. An entry of the same
// tag keeps its other answer; one of another tag is replaced.
func (cc *caseCache) put(e cachedCase, view caseView, b []byte) {
	if cc == nil {
		return
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if el, ok := cc.byID[e.id]; ok {
		old := el.Value.(*cachedCase)
		if old.tag == e.tag {
			e.json = old.json
		}
		cc.size -= old.size()
		cc.order.Remove(el)
		delete(cc.byID, e.id)
	}
	e.json[view] = b
	n := &e
	if n.size() > cc.max {
		return
	}
	cc.byID[e.id] = cc.order.PushFront(n)
	cc.size += n.size()
	for cc.size > cc.max {
		last := cc.order.Back()
		old := last.Value.(*cachedCase)
		cc.size -= old.size()
		cc.order.Remove(last)
		delete(cc.byID, old.id)
	}
}

// cacheable reports whether the answer of c, as stored, is a function of
// its stored document alone (see the top of this file). enrich and derive
// must keep to it: a derivation from anything else makes the case not
// cacheable here.
func (c *Case) cacheable() bool {
	return len(c.Collateral) == 0 && len(c.Guarantees) == 0 &&
		(c.Contracting == nil || len(c.Contracting.Contracts) > 0)
}

// CaseJSONAtEpoch is FindCaseByIDAtEpoch that answers the JSON of the case
// as the actor may see it — the bytes json.Marshal gives of what
// FindCaseByIDAtEpoch returns — and its version, from the service's cache
// when the stored case is unchanged (see the top of this file). confirmed
// is false, with no error, as FindCaseByIDAtEpoch's is; the caller then
// authenticates again and calls FindCaseByID. The bytes must not be
// changed.
func (s *Service) CaseJSONAtEpoch(ctx context.Context, actor Actor, id string, epoch int64) (b []byte, version int, confirmed bool, err error) {
	defer Wrap(&err, "Service.FindCaseByID")
	r, ok := s.store.Cases().(CaseTagReader)
	if !ok {
		c, confirmed, err := s.FindCaseByIDAtEpoch(ctx, actor, id, epoch)
		if !confirmed || err != nil {
			return nil, 0, confirmed, err
		}
		b, err := json.Marshal(c)
		return b, c.Version, true, err
	}
	if actor.Role == RoleAdmin || !actor.Role.Valid() {
		return nil, 0, false, nil
	}
	held, isHeld := s.cases.get(id)
	var tag string
	if isHeld && held.json[held.viewOf(actor)] != nil {
		tag = held.tag
	}
	c, newTag, now, found, err := r.FindCaseByIDIfChanged(ctx, id, tag)
	if err != nil {
		return nil, 0, false, err
	}
	if !found || now != epoch {
		return nil, 0, false, nil
	}
	if c == nil {
		// Unchanged: the answer held is the case's.
		if !held.mayRead(actor) {
			return nil, 0, true, errorKey(CodeNotFound, "error.no_case", check.Params{"id": id})
		}
		if err := s.auditRead(ctx, actor, &Case{ID: held.id, Version: held.version, Owner: held.owner, CoInvestigators: coInvestigatorsOf(held.coInvestigators)}, "case.viewed"); err != nil {
			return nil, 0, true, err
		}
		return held.json[held.viewOf(actor)], held.version, true, nil
	}
	// The actor is confirmed: what follows is FindCaseByIDAtEpoch's.
	if !actor.Role.readsAllCases() && c.Owner != actor.ID && !c.isCoInvestigator(actor.ID) {
		return nil, 0, true, errorKey(CodeNotFound, "error.no_case", check.Params{"id": id})
	}
	cacheable := newTag != "" && c.cacheable()
	if err := s.enrich(ctx, c); err != nil {
		return nil, 0, true, err
	}
	if err := c.Report.VerifyFrozen(); err != nil {
		return nil, 0, true, &Error{Code: CodeInternal, Message: "case " + id + " is refused: " + err.Error() + " (see jinzhi audit verify)", Err: err}
	}
	if err := s.auditRead(ctx, actor, c, "case.viewed"); err != nil {
		return nil, 0, true, err
	}
	if b, err = json.Marshal(s.view(actor, c)); err != nil {
		return nil, 0, true, err
	}
	if cacheable {
		e := cachedCase{id: c.ID, tag: newTag, version: c.Version, owner: c.Owner}
		for _, ci := range c.CoInvestigators {
			e.coInvestigators = append(e.coInvestigators, ci.ID)
		}
		s.cases.put(e, e.viewOf(actor), b)
	}
	return b, c.Version, true, nil
}

// coInvestigatorsOf is what auditRead needs of the co-investigators ids.
func coInvestigatorsOf(ids []string) []CoInvestigator {
	out := make([]CoInvestigator, len(ids))
	for i, id := range ids {
		out[i].ID = id
	}
	return out
}
