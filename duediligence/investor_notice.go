package duediligence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// NoticeKind is what an investor notice tells (投资客户通知).
type NoticeKind string

// Notice kinds.
const (
	NoticeRepayment      NoticeKind = "repayment"      // 还款
	NoticeOverdue        NoticeKind = "overdue"        // 逾期
	NoticeClassification NoticeKind = "classification" // 五级分类变化
	NoticeCollection     NoticeKind = "collection"     // 催收通知已送达借款人
	NoticeExtension      NoticeKind = "extension"      // 展期
)

// InvestorNotice is a notice drafted for one investor of a loan on an
// event of the loan ("与投资客户进行沟通"): drafted again on every read from
// the loan as it stands — each repayment, the overdue, a classification
// other than normal, each collection notice delivered to the borrower,
// each extension — with its delivery once recorded. Its ID is derived
// from the event and the investor, so the same notice keeps its ID.
type InvestorNotice struct {
	ID         string     `json:"id"`
	Kind       NoticeKind `json:"kind"`
	InvestorID string     `json:"investor_id"`
	Investor   string     `json:"investor"`
	// Date is the day of the event it tells.
	Date money.Date `json:"date"`
	// Source names the event: a repayment's, a demand's or an extension's
	// ID, the first overdue due date, or the classification.
	Source   string          `json:"source"`
	Text     string          `json:"text"`
	Delivery *NoticeDelivery `json:"delivery,omitempty"`
}

// NoticeDelivery records that a notice reached its investor.
type NoticeDelivery struct {
	NoticeID    string       `json:"notice_id"`
	Method      DemandMethod `json:"method"`
	DeliveredOn money.Date   `json:"delivered_on"`
	// Proof names the record of the delivery (a receipt, the message's ID).
	Proof string    `json:"proof"`
	By    string    `json:"by"`
	At    time.Time `json:"at"`
}

// NoticeDeliveryInput records a notice's delivery.
type NoticeDeliveryInput struct {
	Method      DemandMethod `json:"method"`
	DeliveredOn money.Date   `json:"delivered_on"`
	Proof       string       `json:"proof"`
}

// InvestorNotices drafts the notices of a disbursed loan for each investor
// whose commitment funds it, newest event last, with their deliveries.
// Their texts name the project by number only and are scanned like the
// teaser's: a notice that would hold a personal value or a promise is
// refused, never drafted.
func (s *Service) InvestorNotices(ctx context.Context, actor Actor, caseID string, lang string) (out []InvestorNotice, err error) {
	defer Wrap(&err, "Service.InvestorNotices")
	c, err := s.readable(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	return s.investorNotices(ctx, actor, c, lang)
}

func (s *Service) investorNotices(ctx context.Context, actor Actor, c *Case, lang string) ([]InvestorNotice, error) {
	out := []InvestorNotice{}
	if c.Stage != StageDisbursed && c.Stage != StageClosed {
		return out, nil
	}
	if lang != "en" {
		lang = "zh"
	}
	f, err := s.findFunding(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	var investors []*Investor
	for _, cm := range f.Commitments {
		if !cm.active() || slices.ContainsFunc(investors, func(i *Investor) bool { return i.ID == cm.InvestorID }) {
			continue
		}
		inv, err := s.store.Funding().FindInvestorByID(ctx, cm.InvestorID)
		if err != nil {
			return nil, err
		}
		investors = append(investors, inv)
	}
	if len(investors) == 0 {
		return out, nil
	}
	today := BusinessDate(s.clock.Now())
	st, err := s.LoanAsOf(ctx, actor, c.ID, today)
	if err != nil {
		return nil, err
	}
	type event struct {
		kind   NoticeKind
		date   money.Date
		source string
		params check.Params
	}
	var evs []event
	for _, r := range st.Repayments {
		if r.Reversed == nil {
			evs = append(evs, event{NoticeRepayment, r.Date, r.ID, check.Params{"amount": groupedMoney(r.Amount), "date": r.Date.String()}})
		}
	}
	if st.DaysPastDue > 0 {
		for _, is := range st.Installments {
			if is.Status == "overdue" {
				evs = append(evs, event{NoticeOverdue, is.DueDate, "overdue:" + is.DueDate.String(),
					check.Params{"due": is.DueDate.String(), "days": itoa(st.DaysPastDue), "overdue": groupedMoney(st.Overdue)}})
				break
			}
		}
	}
	if st.Classification != ClassNormal && st.Classification != "" {
		evs = append(evs, event{NoticeClassification, today, "classification:" + string(st.Classification),
			check.Params{"class": "classification." + string(st.Classification)}})
	}
	demands, err := s.store.FollowUps().FindDemands(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, d := range demands {
		if d.To == DemandBorrower {
			evs = append(evs, event{NoticeCollection, d.DeliveredOn, d.ID, check.Params{"date": d.DeliveredOn.String()}})
		}
	}
	trail, err := s.store.Events().FindEvents(ctx, c.ID, 0, 0)
	if err != nil {
		return nil, err
	}
	for _, e := range trail {
		// An extension takes effect with the decision that approves its
		// round (extension.go): that event carries the new maturity. A
		// request, refused or still under way, tells the investors nothing.
		if e.Action != "case.decided" {
			continue
		}
		var d struct {
			Extension *struct {
				MaturityAfter money.Date `json:"maturity_after"`
			} `json:"extension"`
		}
		if json.Unmarshal(e.Data, &d) != nil || d.Extension == nil {
			continue
		}
		evs = append(evs, event{NoticeExtension, BusinessDate(e.At), e.ID, check.Params{"date": BusinessDate(e.At).String(), "maturity": d.Extension.MaturityAfter.String()}})
	}
	slices.SortStableFunc(evs, func(a, b event) int { return a.date.Compare(b.date) })
	personal := personalValues(c)
	for _, inv := range investors {
		for _, e := range evs {
			p := check.Params{"investor": inv.Party.Name, "number": c.LedgerNumber, "contract": st.ContractNumber}
			for k, v := range e.params {
				p[k] = v
			}
			text := s.catalogue.messages.Render(langOf(lang), "investor_notice."+string(e.kind), p)
			sum := sha256.Sum256([]byte(c.ID + "|" + string(e.kind) + "|" + e.source + "|" + inv.ID))
			n := InvestorNotice{ID: hex.EncodeToString(sum[:8]), Kind: e.kind, InvestorID: inv.ID, Investor: inv.Party.Name, Date: e.date,
				Source: e.source, Text: text}
			// The investor's own name is in its notice; the borrower's must not be.
			facts := &FundingFacts{Texts: []GeneratedText{{Path: "notices." + n.ID, Text: strings.ReplaceAll(text, inv.Party.Name, "")}}, Personal: personal}
			if unmet := onlyBlocking(s.evaluateFunding(facts, RuleNoPromisedReturn, RuleTeaserPersonalData)); len(unmet) > 0 {
				return nil, &Error{Code: CodeGate, Message: fmt.Sprintf("the notices cannot be drafted: %d condition(s) unmet", len(unmet)), Unmet: unmet}
			}
			for i := range f.Deliveries {
				if f.Deliveries[i].NoticeID == n.ID {
					d := f.Deliveries[i]
					n.Delivery = &d
				}
			}
			out = append(out, n)
		}
	}
	return out, nil
}

// langOf is a language code as check's.
func langOf(lang string) check.Lang {
	if lang == "en" {
		return check.EN
	}
	return check.ZH
}

// itoa is strconv.Itoa for the params of a message.
func itoa(n int) string { return fmt.Sprint(n) }

// RecordNoticeDelivery records that an investor notice was delivered
// (how, when, the proof). A notice is delivered once.
func (s *Service) RecordNoticeDelivery(ctx context.Context, actor Actor, caseID string, expected int, noticeID string, in NoticeDeliveryInput) (d *NoticeDelivery, err error) {
	defer Wrap(&err, "Service.RecordNoticeDelivery")
	now := s.clock.Now()
	var probs check.Problems
	probs.OneOf("method", string(in.Method), demandMethods...)
	pastDate(&probs, "delivered_on", in.DeliveredOn, BusinessDate(now))
	probs.RequiredText("proof", in.Proof, maxID)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	c, err := s.fundingCase(ctx, actor, caseID, expected, "funding.notice_delivered", []Stage{StageDisbursed, StageClosed})
	if err != nil {
		return nil, err
	}
	notices, err := s.investorNotices(ctx, actor, c, "zh")
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(notices, func(n InvestorNotice) bool { return n.ID == noticeID })
	if i < 0 {
		return nil, errorKey(CodeNotFound, "error.no_notice", check.Params{"id": check.Shown(noticeID)})
	}
	d = &NoticeDelivery{NoticeID: noticeID, Method: in.Method, DeliveredOn: in.DeliveredOn, Proof: in.Proof, By: actor.ID, At: now}
	err = s.store.WithTx(ctx, func(tx Tx) error {
		f, err := tx.Funding().LockFunding(ctx, c.ID)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(f.Deliveries, func(x NoticeDelivery) bool { return x.NoticeID == noticeID }) {
			return errorKey(CodeConflict, "error.notice_delivered", check.Params{"id": noticeID})
		}
		f.Deliveries = append(f.Deliveries, *d)
		f.UpdatedAt = now
		if err := tx.Funding().SaveFunding(ctx, f); err != nil {
			return err
		}
		return tx.Events().AppendEvent(ctx, s.event(actor, c.ID, c.Version, "funding.notice_delivered", map[string]any{"notice": noticeID,
			"kind": notices[i].Kind, "investor": notices[i].InvestorID, "method": in.Method, "delivered_on": in.DeliveredOn}))
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}
