package duediligence

import (
	"fmt"
	"slices"
	"time"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Rule is one check of the catalogue (审查规则): a stable ID, the severity it
// raises by default, what it checks, the law or practice it comes from, and
// an evaluation over a read-only view of the case. Evaluation does no I/O:
// what it needs from other cases (shared collateral, mutual guarantees) is
// prefetched into the view.
type Rule struct {
	ID          string   `json:"id"`
	Severity    Severity `json:"severity"`
	Description string   `json:"description"`
	Citation    string   `json:"citation"`
	// Gates lists the stages whose entry the rule gates; empty means submission.
	Gates []Stage `json:"gates,omitempty"`
	// Eval returns the rule's findings; none means the rule is satisfied.
	// Eval must not change the view.
	Eval func(v *View) []RuleResult `json:"-"`
}

// RuleResult is one finding of a rule: the JSON path of the field it concerns and
// a message for people. Severity, when set, overrides the rule's default
// (a rule with two thresholds, say); the policy's override still wins.
type RuleResult struct {
	Path     string
	Message  string
	Severity Severity
}

// View is what a rule may read: the case as enriched by the service, the
// policy and the time of the check. It caches derived figures such as the
// repayment schedule, so rules share one computation.
type View struct {
	Case   *Case
	Policy *Policy
	Now    time.Time

	schedule    *contracts.Schedule
	scheduleErr error
	parties     map[string][]namedParty
}

// partyList returns a cached list of the case's parties; the identity,
// credit and guarantee rules each walk them.
func (v *View) partyList(kind string, build func() []namedParty) []namedParty {
	if l, ok := v.parties[kind]; ok {
		return l
	}
	if v.parties == nil {
		v.parties = make(map[string][]namedParty, 3)
	}
	l := build()
	v.parties[kind] = l
	return l
}

func (v *View) persons() []namedParty { return v.partyList("persons", v.Case.persons) }

func (v *View) organizations() []namedParty {
	return v.partyList("organizations", v.Case.organizations)
}

func (v *View) borrowers() []namedParty { return v.partyList("borrowers", v.Case.borrowers) }

// NewView returns a view of c.
func NewView(c *Case, p *Policy, now time.Time) *View { return &View{Case: c, Policy: p, Now: now} }

// Today is the date of the check.
func (v *View) Today() money.Date { return money.DateOf(v.Now) }

// Schedule is the repayment schedule of the requested loan, disbursed today,
// computed once per view by the contracts package.
func (v *View) Schedule() (contracts.Schedule, error) {
	if v.schedule == nil && v.scheduleErr == nil {
		r := v.Case.Request
		s, err := contracts.NewSchedule(contracts.Terms{
			Principal: r.Amount, AnnualRate: r.AnnualRate, TermMonths: r.TermMonths,
			Method: r.RepaymentMethod, Disbursement: v.Today(), Rounding: v.Policy.Rounding,
		})
		v.schedule, v.scheduleErr = &s, err
	}
	return *v.schedule, v.scheduleErr
}

// Catalogue is the set of rules a service runs. DefaultCatalogue has every
// rule of RULES.md but the post-loan ones; a lender adds its own with Add.
type Catalogue struct {
	rules []Rule
}

// NewCatalogue returns a catalogue of rules; it panics on a duplicate or
// incomplete rule, which is a programming error.
func NewCatalogue(rules ...Rule) *Catalogue {
	c := &Catalogue{}
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
	case !r.Severity.valid():
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

func (s Severity) valid() bool { return s == SeverityBlock || s == SeverityWarn || s == SeverityInfo }

// Evaluate runs the rules that gate entry to stage (every rule when stage is
// empty) and returns their results as gate conditions, with the policy's
// severity overrides applied and its disabled rules left out.
func (c *Catalogue) Evaluate(v *View, stage Stage) []Unmet {
	var out []Unmet
	for i := range c.rules {
		r := &c.rules[i]
		if stage != "" && !slices.Contains(r.Gates, stage) {
			continue
		}
		if slices.Contains(v.Policy.Rules.Disabled, r.ID) {
			continue
		}
		for _, res := range r.Eval(v) {
			sev := r.Severity
			if res.Severity != "" {
				sev = res.Severity
			}
			if o, ok := v.Policy.Rules.Severity[r.ID]; ok {
				sev = o
			}
			out = append(out, Unmet{Rule: r.ID, Severity: sev, Message: res.Message, Path: res.Path, Citation: r.Citation})
		}
	}
	return out
}

// gate returns a workflow gate that runs the catalogue's rules for entry to stage.
func (c *Catalogue) gate(stage Stage) Gate {
	return Gate{Name: "rules", To: stage, Check: func(cs *Case, env GateEnv) []Unmet {
		return c.Evaluate(NewView(cs, env.Policy, env.Now), stage)
	}}
}
