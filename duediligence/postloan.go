package duediligence

import (
	"context"
	"slices"
	"strconv"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// FollowUpPolicy sets the post-loan follow-up: how often a loan is visited
// by its classification, and how long before a legal deadline ends the
// rules warn.
type FollowUpPolicy struct {
	// VisitIntervalDays is the longest time between visits by the loan's
	// five-category classification (normal, special_mention, substandard,
	// doubtful, loss). Default 90 days for normal, 30 for special mention
	// (关注) and 15 below it.
	VisitIntervalDays map[string]int `json:"visit_interval_days,omitempty"`
	// LimitationAlertDays is how long before a limitation period ends to
	// warn (postloan.limitation_period, postloan.guarantor_limitation).
	// Default 90. The guarantee period's alert is limits.guarantee_alert_days.
	LimitationAlertDays int `json:"limitation_alert_days,omitempty"`
}

var defaultVisitIntervals = map[Classification]int{ClassNormal: 90, ClassSpecialMention: 30, ClassSubstandard: 15, ClassDoubtful: 15, ClassLoss: 15}

// visitInterval is the policy's interval for a classification.
func (p FollowUpPolicy) visitInterval(class Classification) int {
	if n, ok := p.VisitIntervalDays[string(class)]; ok && n > 0 {
		return n
	}
	if n, ok := defaultVisitIntervals[class]; ok {
		return n
	}
	return defaultVisitIntervals[ClassSpecialMention]
}

func (p FollowUpPolicy) limitationAlert() int {
	if p.LimitationAlertDays > 0 {
		return p.LimitationAlertDays
	}
	return 90
}

// PostLoanFacts is what the post-loan rules read of a disbursed loan,
// fetched by the service for their evaluation.
type PostLoanFacts struct {
	AsOf money.Date
	// Loan is the case's loan; nil when it has none.
	Loan *Loan
	// Classification is the loan's five-category class as of AsOf: the
	// floor its days past due set, or a risk officer's downgrade (正常
	// without a loan).
	Classification Classification
	Visits         []Visit
	Demands        []Demand
}

// postLoanFacts fetches the facts of c as of a day.
func (s *Service) postLoanFacts(ctx context.Context, c *Case, asOf money.Date) (*PostLoanFacts, error) {
	f := &PostLoanFacts{AsOf: asOf, Classification: ClassNormal}
	lb, err := s.loanBook(ctx, c.ID, asOf)
	switch {
	case err == nil:
		f.Loan, f.Classification = lb.loan, lb.book.classification(asOf)
	case ErrorCode(err) != CodeNotFound:
		return nil, err
	}
	if f.Visits, err = s.store.FollowUps().FindVisits(ctx, c.ID); err != nil {
		return nil, err
	}
	if f.Demands, err = s.store.FollowUps().FindDemands(ctx, c.ID); err != nil {
		return nil, err
	}
	return f, nil
}

// firstDisbursement is the day the loan's first tranche went out.
func (f *PostLoanFacts) firstDisbursement() (money.Date, bool) {
	if f.Loan == nil || len(f.Loan.Tranches) == 0 {
		return money.Date{}, false
	}
	return f.Loan.Tranches[0].DisbursedOn, true
}

// visitDue is when the next visit is due and the classification chosen.
func (f *PostLoanFacts) visitDue(p *Policy) (money.Date, Classification) {
	base, ok := f.firstDisbursement()
	if !ok {
		return money.Date{}, f.Classification
	}
	var next money.Date
	for _, v := range f.Visits {
		if !v.Date.Before(base) {
			base, next = v.Date, v.NextVisit
		}
	}
	due := base.AddDays(p.FollowUp.visitInterval(f.Classification))
	if !next.IsZero() && next.Before(due) {
		due = next
	}
	return due, f.Classification
}

// Post-loan rule IDs.
const (
	RuleVisitDue            = "postloan.visit_due"
	RuleGuaranteeDeadline   = "postloan.guarantee_deadline"
	RuleLimitationPeriod    = "postloan.limitation_period"
	RuleGuarantorLimitation = "postloan.guarantor_limitation"
)

// postLoanGates: the post-loan rules run on a disbursed loan when the
// service evaluates them (visits, deadlines) with its facts. Gating entry
// to disbursed they find nothing, since a case entering it has no loan
// yet; they gate no later move, so a loan repaid is never held by them.
var postLoanGates = []Stage{StageDisbursed}

// postLoan returns the view's facts, or nil when the rule has nothing to
// say: the case is not disbursed, or the view is a gate's (a drawdown's),
// not the follow-up's, and holds no facts. Facts without a loan on a
// disbursed case cannot be computed from, and block.
func postLoan(v *View) (*PostLoanFacts, []check.Result) {
	if v.Case.Stage != StageDisbursed || v.PostLoan == nil {
		return nil, nil
	}
	if v.PostLoan.Loan == nil {
		return nil, []check.Result{{Path: "loan", Severity: check.Block, Key: "postloan.no_loan"}}
	}
	return v.PostLoan, nil
}

// followUpRules are the post-loan rules of the follow-up: visits and the
// deadlines the law sets (deadline.go).
var followUpRules = []Rule{
	{ID: RuleVisitDue, Severity: check.Warn, Gates: postLoanGates, Citation: "practice (定期对已贷款客户进行回访)",
		CitationZH:    "信贷业务惯例（定期对已贷款客户进行回访）",
		Description:   "a disbursed loan is visited within the policy's interval for its classification (tighter for special mention and below)",
		DescriptionZH: "已放款贷款按政策规定的回访间隔（按五级分类，关注及以下更短）进行贷后回访",
		Eval: func(v *View) []check.Result {
			f, res := postLoan(v)
			if f == nil {
				return res
			}
			due, class := f.visitDue(v.Policy)
			if !f.AsOf.After(due) {
				return nil
			}
			return []check.Result{{Path: "visits", Key: "postloan.visit_due", Params: check.Params{
				"due": due.String(), "days": strconv.Itoa(f.AsOf.DaysSince(due)), "class": "classification." + string(class),
				"interval": strconv.Itoa(v.Policy.FollowUp.visitInterval(class))}}}
		}},
	{ID: RuleGuaranteeDeadline, Severity: check.Warn, Gates: postLoanGates, Citation: "Civil Code arts. 692, 693 (verified)",
		CitationZH:    "《中华人民共和国民法典》第六百九十二条、第六百九十三条",
		Description:   "each guarantee period is alerted before it ends: within it the lender sues the borrower (general guarantee) or demands from the guarantor (joint and several), or the guarantor is released; after it ends without, it blocks",
		DescriptionZH: "保证期间届满前提示：一般保证须在期间内对债务人提起诉讼或仲裁，连带责任保证须在期间内向保证人请求承担保证责任，否则保证人免责；届满而未主张的，阻断",
		Eval:          func(v *View) []check.Result { return deadlineResults(v, RuleGuaranteeDeadline) }},
	{ID: RuleLimitationPeriod, Severity: check.Warn, Gates: postLoanGates, Citation: "Civil Code arts. 188, 189, 195 (verified)",
		CitationZH:    "《中华人民共和国民法典》第一百八十八条、第一百八十九条、第一百九十五条",
		Description:   "the three-year limitation period of the claim against the borrower, from the last instalment's due date and restarted by each delivered demand, is alerted before it ends; once ended, it blocks",
		DescriptionZH: "对借款人债权的三年诉讼时效（分期履行的自最后一期履行期限届满之日起算，每次催收送达后重新起算）届满前提示；已届满的，阻断",
		Eval:          func(v *View) []check.Result { return deadlineResults(v, RuleLimitationPeriod) }},
	{ID: RuleGuarantorLimitation, Severity: check.Warn, Gates: postLoanGates, Citation: "Civil Code arts. 692, 694 (verified)",
		CitationZH:    "《中华人民共和国民法典》第六百九十二条、第六百九十四条",
		Description:   "the guarantor's own limitation period (joint and several: from the lender's demand within the guarantee period) is alerted before it ends; once ended, it blocks",
		DescriptionZH: "保证债务的诉讼时效（连带责任保证自债权人在保证期间内请求保证人承担责任之日起算）届满前提示；已届满的，阻断",
		Eval:          func(v *View) []check.Result { return deadlineResults(v, RuleGuarantorLimitation) }},
}

// evaluatePostLoan runs the named post-loan rules of the catalogue on c
// with facts, as Evaluate does: the policy's disabled rules left out, its
// severities applied.
func (s *Service) evaluatePostLoan(c *Case, facts *PostLoanFacts, ids ...string) []Unmet {
	v := NewView(c, s.policy, s.clock.Now())
	v.PostLoan = facts
	out := []Unmet{}
	for _, id := range ids {
		r, ok := s.catalogue.Rule(id)
		if !ok || slices.Contains(s.policy.Rules.Disabled, id) {
			continue
		}
		for _, res := range r.Eval(v) {
			res.Rule, res.Citation = r.ID, r.Citation
			if res.Severity == "" {
				res.Severity = r.Severity
			}
			if o, ok := s.policy.Rules.Severity[r.ID]; ok {
				res.Severity = o
			}
			if res.Message == "" {
				res.Message = s.catalogue.messages.Render(check.EN, res.Key, res.Params)
			}
			out = append(out, res)
		}
	}
	return out
}
