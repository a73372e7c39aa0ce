package duediligence

import (
	"fmt"
	"slices"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Rule is one check of the catalogue (审查规则): a stable ID, the severity it
// raises by default, what it checks, the law or practice it comes from, and
// an evaluation over a read-only view of the case. Evaluation does no I/O:
// what it needs from other cases (shared collateral, mutual guarantees) is
// prefetched into the view.
type Rule struct {
	ID       string         `json:"id"`
	Severity check.Severity `json:"severity"`
	// Description says what the rule checks, in English and in Chinese.
	Description   string `json:"description"`
	DescriptionZH string `json:"description_zh,omitempty"`
	// Citation is the law or practice the rule comes from, as an English
	// reader cites it ("Civil Code art. 401"); CitationZH as a Chinese
	// document cites it (《中华人民共和国民法典》第四百零一条). Every rule of
	// the library has both; a lender's rule without a Chinese one shows
	// its Citation in both languages.
	Citation   string `json:"citation"`
	CitationZH string `json:"citation_zh,omitempty"`
	// Gates lists the stages whose entry the rule gates; empty means submission.
	Gates []Stage `json:"gates,omitempty"`
	// Eval returns the rule's findings; none means the rule is satisfied.
	// Eval must not change the view. A result needs only its Path and either
	// a Key (with Params) of the catalogue's messages or a Message: the
	// catalogue fills in the rule, its citation and its severity, and
	// renders the message. A Severity set by Eval (a rule with two
	// thresholds, or one that cannot compute its figure and fails closed)
	// overrides the rule's default; the policy's override still wins.
	Eval func(v *View) []check.Result `json:"-"`
}

// DescriptionIn returns the rule's description in lang, falling back to
// English where it has no Chinese one.
func (r Rule) DescriptionIn(lang check.Lang) string {
	if lang == check.ZH && r.DescriptionZH != "" {
		return r.DescriptionZH
	}
	return r.Description
}

// CitationIn returns the rule's citation in lang, falling back to Citation
// where it has no Chinese one.
func (r Rule) CitationIn(lang check.Lang) string {
	if lang == check.ZH && r.CitationZH != "" {
		return r.CitationZH
	}
	return r.Citation
}

// View is what a rule may read: the case as enriched by the service, the
// policy and the time of the check. It caches derived figures such as the
// repayment schedule, so rules share one computation.
type View struct {
	Case   *Case
	Policy *Policy
	Now    time.Time
	// Disbursement is the day of the disbursement being checked, if any.
	Disbursement money.Date
	// PostLoan holds what the post-loan rules read of a disbursed loan
	// (postloan.go); nil outside their evaluation.
	PostLoan *PostLoanFacts
	// Funding holds what the funding rules read (funding_rules.go); nil
	// outside their evaluation.
	Funding *FundingFacts

	schedule    *contracts.Schedule
	scheduleErr error
	// today is Today, computed from todayOf (Now when it was computed).
	today   money.Date
	todayOf time.Time
	// The lists of the case's parties, built once (see partyList).
	personList, organizationList, borrowerList *[]namedParty
	// residentIDs are the persons' numbers, parsed once (residentID).
	residentIDs []parsedID
	// searched are the items a finding records a register search of,
	// built once: every item's register rule asks. There are few.
	searched *[]string
	// apr is the schedule's annualized rate, solved once for every rule
	// that needs it (the disclosure and the rate caps).
	apr    *contracts.AnnualizedRate
	aprErr error
	// loan is what the registration rules need of the loan, once per view.
	loan *collateral.Loan
}

// annualizedRate returns the schedule's annualized rate, solved once per
// view: the rules that disclose or cap it share one IRR.
func (v *View) annualizedRate(s contracts.Schedule) (contracts.AnnualizedRate, error) {
	if v.apr == nil && v.aprErr == nil {
		apr, err := s.AnnualizedRate()
		v.apr, v.aprErr = &apr, err
	}
	return *v.apr, v.aprErr
}

// loanOf returns what the registration rules need of the loan, once per view.
func (v *View) loanOf() collateral.Loan {
	if v.loan == nil {
		l := loanOf(v.Case, v.Policy)
		v.loan = &l
	}
	return *v.loan
}

// registerSearched reports whether a finding records a search of the
// real-estate register (查档) for the item.
func (v *View) registerSearched(itemID string) bool {
	if v.searched == nil {
		var ids []string
		for _, f := range v.Case.Findings {
			if f.Topic == TopicCollateral && f.Method == MethodThirdPartyQuery && !slices.Contains(ids, f.Item) {
				ids = append(ids, f.Item)
			}
		}
		v.searched = &ids
	}
	return slices.Contains(*v.searched, itemID)
}

// partyList returns a cached list of the case's parties; the identity,
// credit and guarantee rules each walk them.
func partyList(cache **[]namedParty, build func() []namedParty) []namedParty {
	if *cache == nil {
		l := build()
		*cache = &l
	}
	return **cache
}

func (v *View) persons() []namedParty { return partyList(&v.personList, v.Case.persons) }

func (v *View) organizations() []namedParty {
	return partyList(&v.organizationList, v.Case.organizations)
}

func (v *View) borrowers() []namedParty { return partyList(&v.borrowerList, v.Case.borrowers) }

// NewView returns a view of c.
func NewView(c *Case, p *Policy, now time.Time) *View { return &View{Case: c, Policy: p, Now: now} }

// Today is the date of the check.
func (v *View) Today() money.Date {
	// Cached for the item rules, which ask once per item; recomputed if Now
	// was changed after the view was made.
	if v.today.IsZero() || !v.todayOf.Equal(v.Now) {
		v.today, v.todayOf = money.DateOf(v.Now), v.Now
	}
	return v.today
}

// Schedule is the repayment schedule of the requested loan, disbursed today,
// computed once per view by the contracts package. The request's fees are
// in it, paid at disbursement, so the annualized rate (IRR) it gives is
// measured against what the borrower actually receives (民间借贷规定 art. 26)
// and the rate caps hold the fees under them.
func (v *View) Schedule() (contracts.Schedule, error) {
	if v.schedule == nil && v.scheduleErr == nil {
		s, err := contracts.NewSchedule(v.Case.Request.terms(v.Today(), v.Policy.Rounding))
		v.schedule, v.scheduleErr = &s, err
	}
	return *v.schedule, v.scheduleErr
}

// Catalogue is the set of rules a service runs, with the messages their
// results are rendered from. DefaultCatalogue has every rule of docs/rules.md
// but the post-loan ones; a lender adds its own with Add and their messages
// with AddMessages.
type Catalogue struct {
	rules    []Rule
	messages check.Messages
}

// NewCatalogue returns a catalogue of rules with the library's messages
// (Messages); it panics on a duplicate or incomplete rule, which is a
// programming error.
func NewCatalogue(rules ...Rule) *Catalogue {
	c := &Catalogue{messages: allMessages()}
	for _, r := range rules {
		if err := c.Add(r); err != nil {
			panic(err)
		}
	}
	return c
}

// Add registers a rule. Its ID must be new and it needs a severity, a
// citation and an evaluation.
func (c *Catalogue) Add(r Rule) error {
	switch {
	case r.ID == "" || r.Eval == nil:
		return fmt.Errorf("rule %q: an ID and an Eval are required", r.ID)
	case r.Citation == "":
		return fmt.Errorf("rule %s: a citation is required (the law, or \"practice\")", r.ID)
	case !r.Severity.Valid():
		return fmt.Errorf("rule %s: severity %q", r.ID, r.Severity)
	case slices.ContainsFunc(c.rules, func(o Rule) bool { return o.ID == r.ID }):
		return fmt.Errorf("rule %s is registered twice", r.ID)
	}
	if len(r.Gates) == 0 {
		r.Gates = []Stage{StageSubmitted}
	}
	c.rules = append(c.rules, r)
	return nil
}

// AddMessages adds a lender's own message keys, which its rules' results
// name; a key the catalogue has already is refused.
func (c *Catalogue) AddMessages(m check.Messages) error {
	if err := m.Validate(); err != nil {
		return err
	}
	for k := range m {
		if _, dup := c.messages[k]; dup {
			return fmt.Errorf("message key %s is defined twice", k)
		}
	}
	c.messages = check.Merge(c.messages, m)
	return nil
}

// Messages returns the messages the catalogue renders results from: the
// library's and the lender's own.
func (c *Catalogue) Messages() check.Messages { return check.Merge(c.messages) }

// Rules lists the registered rules in order.
func (c *Catalogue) Rules() []Rule { return slices.Clone(c.rules) }

// Rule returns the rule with id.
func (c *Catalogue) Rule(id string) (Rule, bool) {
	i := slices.IndexFunc(c.rules, func(r Rule) bool { return r.ID == id })
	if i < 0 {
		return Rule{}, false
	}
	return c.rules[i], true
}

// Evaluate runs the rules that gate entry to stage (every rule when stage is
// empty) and returns their results as gate conditions, with the policy's
// severity overrides applied and its disabled rules left out.
func (c *Catalogue) Evaluate(v *View, stage Stage) []Unmet {
	// The rules' results are gathered first and copied once into a slice
	// of their total length.
	type part struct {
		r  *Rule
		rs []check.Result
	}
	var buf [32]part
	parts, n := buf[:0], 0
	for i := range c.rules {
		r := &c.rules[i]
		if stage != "" && !slices.Contains(r.Gates, stage) {
			continue
		}
		if slices.Contains(v.Policy.Rules.Disabled, r.ID) {
			continue
		}
		if rs := r.Eval(v); len(rs) > 0 {
			parts = append(parts, part{r, rs})
			n += len(rs)
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Unmet, 0, n)
	for _, p := range parts {
		r := p.r
		for _, res := range p.rs {
			res.Rule, res.Citation = r.ID, r.Citation
			if res.Severity == "" {
				res.Severity = r.Severity
			}
			if o, ok := v.Policy.Rules.Severity[r.ID]; ok {
				res.Severity = o
			}
			if res.Message == "" {
				res.Message = c.messages.Render(check.EN, res.Key, res.Params)
			}
			out = append(out, res)
		}
	}
	return out
}

// gate returns a workflow gate that runs the catalogue's rules for entry to stage.
func (c *Catalogue) gate(stage Stage) Gate {
	return Gate{Name: "rules", To: stage, Check: func(cs *Case, env GateEnv) []Unmet {
		v := NewView(cs, env.Policy, env.Now)
		v.Disbursement = env.Disbursement
		return c.Evaluate(v, stage)
	}}
}
