package duediligence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// WriteOff is the write-off of a 损失 loan (呆账核销), asked for with its
// reasons and evidence and decided in a write-off round. Once approved the
// case is written_off and the loan's balance leaves the active book;
// recoveries are still recorded against it (账销案存).
type WriteOff struct {
	Reason string `json:"reason"`
	// Evidence are documents of the case: the judgment, the certificate of
	// the borrower's death or deregistration, the record of a fruitless
	// enforcement.
	Evidence    []string `json:"evidence"`
	RequestedBy string   `json:"requested_by"`
	// EffectiveOn is the day the last approval wrote the loan off; Amount
	// what it owed then (principal, interest, fees, overdue interest).
	EffectiveOn money.Date  `json:"effective_on,omitzero"`
	Amount      money.Money `json:"amount,omitzero"`
}

// WriteOffInput asks for the write-off of a 损失 loan.
type WriteOffInput struct {
	// Reason is at most 5000 characters.
	Reason string `json:"reason"`
	// Evidence are 1 to 50 document IDs of the case.
	Evidence []string `json:"evidence"`
}

// RuleWriteOffLoss is the condition of a write-off: the loan is 损失.
const RuleWriteOffLoss = "postloan.write_off_loss"

const writeOffCitation = "金融企业呆账核销管理办法 (2017 revision) (secondary); DESIGN §5"

// writeOffUnmet is the refusal of a write-off of a loan not classified 损失.
func writeOffUnmet(class Classification) []Unmet {
	if class == ClassLoss {
		return nil
	}
	return []Unmet{gateResult(RuleWriteOffLoss, writeOffCitation, "classification", "write_off.not_loss",
		check.Params{"class": "classification." + string(class)})}
}

// RequestWriteOff asks for the write-off of a disbursed loan classified 损失
// (the account manager of the case or a risk officer), with its reasons and
// evidence: it opens a write-off round with the chain of the policy's
// matrix, decided by Decide.
func (s *Service) RequestWriteOff(ctx context.Context, actor Actor, caseID string, expected int, in WriteOffInput) (c *Case, err error) {
	defer Wrap(&err, "Service.RequestWriteOff")
	var probs check.Problems
	probs.RequiredText("reason", in.Reason, maxText)
	if len(in.Evidence) == 0 {
		probs.Add(check.Required("evidence"))
	}
	probs.Texts("evidence", in.Evidence, maxConditions, maxID)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	class := Classification("")
	if st, err := s.loanBook(ctx, caseID, BusinessDate(s.clock.Now())); err == nil {
		class = st.book.classification(st.asOf)
	} else if ErrorCode(err) != CodeNotFound {
		return nil, err
	}
	return s.mutate(ctx, actor, caseID, expected, mutation{
		action: "loan.write_off_requested", roles: []Role{RoleAccountManager, RoleRiskOfficer}, stages: []Stage{StageDisbursed},
		apply: func(c *Case, now time.Time) (any, error) {
			if class == "" {
				return nil, Errorf(CodeConflict, "", "case %s has no loan to write off", c.ID)
			}
			if a := c.latestRound(); a != nil && a.Outcome == "" {
				return nil, errorKey(CodeConflict, "error.round_pending", check.Params{"round": strconv.Itoa(a.Round), "kind": "approval_kind." + string(a.Kind)})
			}
			var probs check.Problems
			for i, id := range in.Evidence {
				if c.documentIndex(id) < 0 {
					probs.Add(fieldError(fmtPath("evidence", i), check.ErrNotFound, "signature.document_unknown", check.Params{"id": check.Shown(id)}))
				}
			}
			if err := invalid(&probs); err != nil {
				return nil, err
			}
			if unmet := writeOffUnmet(class); len(unmet) > 0 {
				return nil, &Error{Code: CodeGate, Message: "cannot write the loan off: 1 condition(s) unmet", Unmet: unmet}
			}
			a := s.openRound(c, ApprovalWriteOff, now)
			a.WriteOff = &WriteOff{Reason: in.Reason, Evidence: slices.Clone(in.Evidence), RequestedBy: actor.ID}
			return map[string]any{"round": a.Round, "kind": a.Kind, "reason": in.Reason, "evidence": in.Evidence, "approval_steps": a.Steps}, nil
		},
	})
}

// writeOff writes an approved write-off in the loan's tables, in the
// approval's transaction: what the loan owes today leaves the active book.
func (s *Service) writeOff(ctx context.Context, tx Tx, c *Case, x *WriteOff, now time.Time, data map[string]any) error {
	today := BusinessDate(now)
	l, err := tx.Loans().LockLoanByCase(ctx, c.ID)
	if err != nil {
		return err
	}
	reps, err := tx.Repayments().FindRepayments(ctx, l.ID)
	if err != nil {
		return err
	}
	b, _, err := s.bookOf(l, reps, today)
	if err != nil {
		return err
	}
	if unmet := writeOffUnmet(b.classification(today)); len(unmet) > 0 {
		return &Error{Code: CodeGate, Message: "cannot write the loan off: 1 condition(s) unmet", Unmet: unmet}
	}
	var owed int64
	for _, r := range b.rows {
		if !r.canceled {
			owed += r.unpaid()
		}
	}
	x.EffectiveOn, x.Amount = today, fenMoney(owed)
	if err := tx.Loans().WriteOffLoan(ctx, l.ID, today, x.Amount); err != nil {
		return err
	}
	data["written_off"] = map[string]any{"loan": l.ID, "on": today, "amount": x.Amount}
	return nil
}

// Recovery is money recovered on a loan after its write-off (核销后收回),
// recorded by finance once per reference.
type Recovery struct {
	ID        string      `json:"id"`
	Seq       int         `json:"seq"`
	Reference string      `json:"reference"`
	Amount    money.Money `json:"amount"`
	Date      money.Date  `json:"date"`
	Payer     string      `json:"payer"`
	Channel   string      `json:"channel"`
	Request   string      `json:"-"`
	CreatedBy string      `json:"created_by"`
	CreatedAt time.Time   `json:"created_at"`
}

// RecoveryInput is a recovery posting.
type RecoveryInput struct {
	Amount money.Money `json:"amount"`
	// Date defaults to today; it may not be in the future nor before the
	// write-off.
	Date      money.Date `json:"date,omitzero"`
	Payer     string     `json:"payer"`
	Reference string     `json:"reference"`
	Channel   string     `json:"channel"`
}

func (in *RecoveryInput) fingerprint() string {
	b, _ := json.Marshal(in)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// WrittenOff is a written-off loan's standing: what was written off, on
// which day, and what has been recovered since.
type WrittenOff struct {
	On         money.Date  `json:"on"`
	Amount     money.Money `json:"amount"`
	Recovered  money.Money `json:"recovered"`
	Recoveries []Recovery  `json:"recoveries"`
}

// RecordRecovery posts a recovery on a written-off loan (finance),
// idempotent by its reference as a repayment is: the same reference with
// the same posting answers the first; with another, 422.
func (s *Service) RecordRecovery(ctx context.Context, actor Actor, caseID string, in RecoveryInput) (r *Recovery, err error) {
	defer Wrap(&err, "Service.RecordRecovery")
	if actor.Role != RoleFinance {
		return nil, forbidden("loan.recovery_recorded", actor.Role, RoleFinance)
	}
	var probs check.Problems
	if in.Amount.Sign() <= 0 {
		probs.Add(check.NotPositive("amount", in.Amount.String()))
	}
	if !in.Date.IsZero() && !in.Date.IsValid() {
		probs.Add(check.NotDate("date", in.Date.String()))
	}
	probs.RequiredText("payer", in.Payer, maxName)
	probs.RequiredText("reference", in.Reference, 64)
	probs.RequiredText("channel", in.Channel, 32)
	if err := invalid(&probs); err != nil {
		return nil, err
	}
	return retryRace(errRecoveryRace, func() (*Recovery, error) { return s.recordRecovery(ctx, actor, caseID, in) })
}

const errRecoveryRace = "a recovery with this reference was recorded meanwhile"

func (s *Service) recordRecovery(ctx context.Context, actor Actor, caseID string, in RecoveryInput) (*Recovery, error) {
	fp := in.fingerprint()
	var out *Recovery
	err := s.postOnLoan(ctx, actor, caseID, in.Date, nil, func(tx Tx, c *Case, l *Loan, date money.Date, now time.Time) error {
		recs, err := tx.Loans().FindRecoveries(ctx, l.ID)
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(recs, func(r Recovery) bool { return r.Reference == in.Reference }); i >= 0 {
			if recs[i].Request != fp {
				return invalidField(fieldError("reference", check.ErrDuplicate, "repayment.reference_reused", check.Params{"reference": check.Shown(in.Reference)}))
			}
			out = &recs[i]
			return nil
		}
		if c.Stage != StageWrittenOff || l.WrittenOffOn.IsZero() {
			return errorKey(CodeConflict, "error.not_written_off", check.Params{"stage": "stage." + string(c.Stage)})
		}
		if date.Before(l.WrittenOffOn) {
			fe := fieldError("date", check.ErrRange, "recovery.before_write_off", check.Params{"date": l.WrittenOffOn.String()})
			fe.Value = date.String()
			return invalidField(fe)
		}
		r := Recovery{ID: s.ids.NewID(), Seq: len(recs) + 1, Reference: in.Reference, Amount: in.Amount, Date: date, Payer: in.Payer,
			Channel: in.Channel, Request: fp, CreatedBy: actor.ID, CreatedAt: now}
		if err := tx.Loans().AddRecovery(ctx, l.ID, &r); err != nil {
			if ErrorCode(err) == CodeConflict {
				return Errorf(CodeConflict, "", errRecoveryRace)
			}
			return err
		}
		out = &r
		return tx.Events().AppendEvent(ctx, s.event(actor, c.ID, c.Version, "loan.recovery_recorded", map[string]any{"id": r.ID, "loan": l.ID,
			"reference": r.Reference, "amount": r.Amount, "date": r.Date, "payer": r.Payer, "channel": r.Channel}))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// writtenOffOf is the written-off standing of a loan as of a day, nil
// before its write-off.
func (s *Service) writtenOffOf(ctx context.Context, l *Loan, asOf money.Date) (*WrittenOff, error) {
	if l.WrittenOffOn.IsZero() || asOf.Before(l.WrittenOffOn) {
		return nil, nil
	}
	recs, err := s.store.Loans().FindRecoveries(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	w := &WrittenOff{On: l.WrittenOffOn, Amount: l.WrittenOff, Recoveries: []Recovery{}}
	for _, r := range recs {
		if r.Date.After(asOf) {
			continue
		}
		w.Recoveries = append(w.Recoveries, r)
		if w.Recovered, err = w.Recovered.Add(r.Amount); err != nil {
			return nil, fmt.Errorf("recoveries of loan %s: %w", l.ID, err)
		}
	}
	return w, nil
}
