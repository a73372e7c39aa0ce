package duediligence

import (
	"context"
	"slices"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
)

// Topic is what a finding is about (调查内容).
type Topic string

// Finding topics.
const (
	TopicIdentity      Topic = "identity"      // 身份证明
	TopicCharacter     Topic = "character"     // 人品
	TopicQualification Topic = "qualification" // 主体资格
	TopicMarket        Topic = "market"        // 产品市场
	TopicFinances      Topic = "finances"      // 财务状况
	TopicInventory     Topic = "inventory"     // 库存
	TopicPurpose       Topic = "purpose"       // 贷款真实用途
	TopicOperations    Topic = "operations"    // 经营状况
	TopicRepayment     Topic = "repayment"     // 偿债能力
	TopicCollateral    Topic = "collateral"    // 抵押物、质物
	TopicGuarantee     Topic = "guarantee"     // 担保人
	TopicOther         Topic = "other"
)

// Method is how a finding was established.
type Method string

// Investigation methods.
const (
	MethodDocumentReview  Method = "document_review"   // 资料审查
	MethodSiteVisit       Method = "site_visit"        // 实地调查
	MethodInterview       Method = "interview"         // 面谈
	MethodThirdPartyQuery Method = "third_party_query" // 第三方查询
)

// Result is what the investigation concluded.
type Result string

// Finding results.
const (
	ResultConfirmed    Result = "confirmed"    // 属实
	ResultDiscrepancy  Result = "discrepancy"  // 不符
	ResultUnverifiable Result = "unverifiable" // 无法核实
)

// Finding is one fact the investigation established (调查结论), with how it
// was established and the documents that evidence it.
type Finding struct {
	ID        string `json:"id"`
	Topic     Topic  `json:"topic"`
	Method    Method `json:"method"`
	Statement string `json:"statement"`
	Result    Result `json:"result"`
	// Evidence lists the IDs of documents of this case.
	Evidence []string `json:"evidence"`
	// Date is when the investigation took place (YYYY-MM-DD).
	Date     string `json:"date"`
	Location string `json:"location,omitempty"`
	// Item names the collateral item the finding concerns, if any.
	Item         string    `json:"item_id,omitempty"`
	Investigator string    `json:"investigator"`
	RecordedAt   time.Time `json:"recorded_at"`
}

// FindingInput records a finding.
type FindingInput struct {
	Topic  Topic  `json:"topic"`
	Method Method `json:"method"`
	// Statement is required, at most 10000 characters.
	Statement string `json:"statement"`
	Result    Result `json:"result"`
	// Evidence names at most 100 documents of the case.
	Evidence []string `json:"evidence,omitempty"`
	// Date (YYYY-MM-DD) defaults to today and may not be in the future.
	Date string `json:"date,omitempty"`
	// Location is at most 500 characters.
	Location string `json:"location,omitempty"`
	// Item names the collateral item the finding concerns (a register search, a site visit).
	Item string `json:"item_id,omitempty"`
	// IdempotencyKey makes a retried creation return the first result.
	IdempotencyKey string `json:"-"`
}

// The limits of a finding's text fields, in characters.
const (
	maxStatement = 10000
	maxLocation  = 500
)

var (
	topics  = []string{string(TopicIdentity), string(TopicCharacter), string(TopicQualification), string(TopicMarket), string(TopicFinances), string(TopicInventory), string(TopicPurpose), string(TopicOperations), string(TopicRepayment), string(TopicCollateral), string(TopicGuarantee), string(TopicOther)}
	methods = []string{string(MethodDocumentReview), string(MethodSiteVisit), string(MethodInterview), string(MethodThirdPartyQuery)}
	results = []string{string(ResultConfirmed), string(ResultDiscrepancy), string(ResultUnverifiable)}
)

func (in *FindingInput) validate(now time.Time, p *check.Problems) {
	p.OneOf("topic", string(in.Topic), topics...)
	p.OneOf("method", string(in.Method), methods...)
	p.RequiredText("statement", in.Statement, maxStatement)
	p.OneOf("result", string(in.Result), results...)
	p.Texts("evidence", in.Evidence, maxEvidence, maxID)
	if in.Date != "" {
		switch d, err := time.Parse(dateLayout, in.Date); {
		case err != nil:
			p.Add(check.NotDate("date", in.Date))
		case d.After(now):
			p.Add(check.InFuture("date", in.Date))
		}
	}
	p.Text("location", in.Location, maxLocation)
	p.Text("item_id", in.Item, maxID)
}

// AddFinding records a finding of the investigation. Only the owner records
// findings, during intake and investigation; the date may not be in the future.
func (s *Service) AddFinding(ctx context.Context, actor Actor, caseID string, expected int, in FindingInput) (c *Case, f Finding, err error) {
	defer Wrap(&err, "Service.AddFinding")
	var probs check.Problems
	in.validate(s.clock.Now(), &probs)
	if err := invalid(&probs); err != nil {
		return nil, Finding{}, err
	}
	c, id, err := s.mutateID(ctx, actor, caseID, expected, mutation{
		action: "finding.added", idemKey: in.IdempotencyKey, coInvestigators: true,
		stages: []Stage{StageIntake, StageInvestigation},
		apply: func(c *Case, now time.Time) (any, error) {
			if err := c.checkEvidence(in.Evidence); err != nil {
				return nil, err
			}
			if in.Item != "" && c.itemIndex(in.Item) < 0 {
				return nil, invalidField(fieldError("item_id", check.ErrNotFound, "collateral.item_unknown", check.Params{"id": in.Item}))
			}
			f := Finding{Item: in.Item,
				ID: s.ids.NewID(), Topic: in.Topic, Method: in.Method, Statement: in.Statement, Result: in.Result,
				Evidence: in.Evidence, Date: in.Date, Location: in.Location, Investigator: actor.ID, RecordedAt: now,
			}
			if f.Evidence == nil {
				f.Evidence = []string{}
			}
			if f.Date == "" {
				f.Date = now.Format(dateLayout)
			}
			c.Findings = append(c.Findings, f)
			return map[string]any{"id": f.ID, "topic": f.Topic, "method": f.Method, "result": f.Result}, nil
		},
	})
	if err != nil {
		return nil, Finding{}, err
	}
	if i := slices.IndexFunc(c.Findings, func(f Finding) bool { return f.ID == id }); i >= 0 {
		f = c.Findings[i]
	}
	return c, f, nil
}
