package duediligence

import (
	"encoding/binary"
	"testing"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

// FuzzReplay replays repayments made of the fuzzer's bytes (amount, day,
// kind, reversed) over a loan of 12 monthly installments and checks what
// holds for every input: every fen repaid is somewhere (paid to an
// installment, a fee, the credit or principal prepaid), nothing is paid
// beyond what is owed, and the replay is deterministic.
func FuzzReplay(f *testing.F) {
	f.Add([]byte{0x10, 0x27, 0, 0, 30, 0, 0, 0x20, 0x4e, 0, 0, 45, 1, 0})
	f.Add([]byte{0xff, 0xff, 0x0f, 0, 200, 2, 0, 0x10, 0x27, 0, 0, 10, 0, 1})
	fee := money.MustRate("0.02")
	f.Fuzz(func(t *testing.T, data []byte) {
		on := money.MustDate("2026-01-31")
		for _, method := range []contracts.RepaymentMethod{contracts.EqualInstallment, contracts.EqualPrincipal, contracts.InterestOnly} {
			sched, err := contracts.NewSchedule(contracts.Terms{Principal: money.MustMoney("120000.00"), AnnualRate: money.MustRate("0.12"),
				TermMonths: 12, Method: method, Disbursement: on})
			if err != nil {
				t.Fatal(err)
			}
			l := &Loan{AnnualRate: money.MustRate("0.12"), Method: method, ContractDate: on,
				Tranches: []Tranche{{ID: "t", ReceiptNumber: "R-1", DisbursedOn: on, Installments: sched.Installments}}}
			var reps []Repayment
			for i := 0; i+7 <= len(data) && len(reps) < 20; i += 7 {
				fen := int64(binary.LittleEndian.Uint32(data[i:])%50_000_000) + 1
				r := Repayment{ID: string(rune('a' + len(reps))), Seq: len(reps) + 1, Amount: fenMoney(fen), Date: on.AddDays(int(data[i+4]) * 2),
					Kind: []RepaymentKind{RepaymentRegular, RepaymentEarlyPartial, RepaymentEarlyFull}[data[i+5]%3]}
				if data[i+6]%4 == 1 {
					r.Reversed = &Reversal{Reason: "x"}
				}
				reps = append(reps, r)
			}
			asOf := on.AddDays(600)
			p := RepaymentPolicy{EarlyRepaymentFee: &fee, Overdue: contracts.OverduePolicy{Compound: true}}
			b, res, err := replay(l, reps, asOf, p, money.HalfUp, nil)
			if err != nil {
				t.Fatal(err)
			}
			var in, out int64
			for _, r := range reps {
				if r.Reversed == nil {
					in += r.Amount.Fen()
					out += res[r.ID].fee
				}
			}
			for _, r := range b.rows {
				for c := range components {
					if r.paid[c] < 0 || r.paid[c] > r.owed[c] {
						t.Fatalf("%s row %d: paid %d of %d", components[c], r.period, r.paid[c], r.owed[c])
					}
					out += r.paid[c]
				}
			}
			if in != out+b.credit+b.prepaid {
				t.Fatalf("repaid %d, allocated %d + credit %d + prepaid %d", in, out, b.credit, b.prepaid)
			}
			b2, _, _ := replay(l, reps, asOf, p, money.HalfUp, nil)
			if b2.credit != b.credit || b2.closed() != b.closed() {
				t.Fatal("the replay is not deterministic")
			}
		}
	})
}
