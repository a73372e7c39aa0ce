package httpapi_test

import (
	"math"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// backends runs f on SQLite and PostgreSQL, each env adjusted by adjust.
func backends(t *testing.T, f func(t *testing.T, e *env), adjust ...func(*envConfig)) {
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			a := append([]func(*envConfig){}, adjust...)
			if name == "postgres" {
				url := postgresURL(t)
				a = append(a, func(cfg *envConfig) { cfg.databaseURL = url })
			}
			f(t, newEnv(t, a...))
		})
	}
}

// privateLender is a lender under the private-lending regime: 4 × the
// one-year LPR (3.00% since 2025-05-20), a cap of 12%.
func privateLender(cfg *envConfig) {
	cfg.policy = func(p *duediligence.Policy) {
		p.LenderName = lenderName
		p.Pricing = contracts.CapPolicy{Regime: contracts.RegimePrivateLending}
	}
}

// independentNominal solves, apart from the contracts package, the
// nominal annualized rate (monthly IRR × 12) of receiving received and
// paying payments month after month: bisection in floating point on the
// present value, which falls as the rate rises.
func independentNominal(received float64, payments []float64) float64 {
	pv := func(r float64) float64 {
		v := -received
		for k, p := range payments {
			v += p / math.Pow(1+r, float64(k+1))
		}
		return v
	}
	lo, hi := 0.0, 1.0
	for range 200 {
		mid := (lo + hi) / 2
		if pv(mid) > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2 * 12
}

func yuanOf(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return f
}

func contractOf(t *testing.T, e *env, w *walk, number string) duediligence.ContractStatus {
	t.Helper()
	return decode[duediligence.ContractStatus](t, e.do(t, am, "GET", w.base+"/contracts/"+number, nil).must(t, http.StatusOK))
}

// TestContracts_feesInRateAndRedraft: fees recorded as paid after the
// contracts were signed — the lender's above what the request named, and
// a third party's the lender requires — enter the annualized rate; one the
// borrower chose does not. The signed contracts are served as stored until
// they are redrafted explicitly; the redrafted loan contract discloses the
// IRR an independent computation finds, and once more fees take it above
// the private-lending cap the gate refuses it, as a redraft is.
func TestContracts_feesInRateAndRedraft(t *testing.T) {
	backends(t, func(t *testing.T, e *env) {
		w := readyToDisburse(t, e)
		jk := contractOf(t, e, w, "2026-000001-JK")
		dy := contractOf(t, e, w, "2026-000001-DY1")
		require.True(t, jk.Signed)
		assert.Equal(t, "450000.00", jk.Schedule.AmountReceived.String(), "no fees at drafting")

		fee := func(key string, body map[string]any) {
			w.write(t, am, "POST", "/fees", body, http.StatusCreated, "Idempotency-Key", key)
		}
		fee("fee-1", map[string]any{"name": "服务费", "amount": "15000.00", "payer": "王五"})
		fee("fee-2", map[string]any{"name": "评估费", "amount": "3000.00", "payer": "王五", "paid_to": "third_party", "required_by_lender": true})
		fee("fee-3", map[string]any{"name": "代办费", "amount": "500.00", "payer": "王五", "paid_to": "third_party"})
		r := w.write(t, am, "POST", "/fees", map[string]any{"name": "x", "amount": "1.00", "payer": "王五", "required_by_lender": true},
			http.StatusUnprocessableEntity, "Idempotency-Key", "fee-4")
		assert.Contains(t, string(r.body), "required_by_lender")

		// The stored contracts are served as drafted and signed: the fees
		// did not change them silently.
		again := contractOf(t, e, w, "2026-000001-JK")
		assert.Equal(t, jk.Hash, again.Hash)
		assert.True(t, again.Signed)

		// The checks say the loan contract no longer states the case; the
		// rate with the fees counted is still within the cap.
		changed := false
		for _, r := range w.checks(t, finance).Results {
			changed = changed || (r.Rule == duediligence.RuleContractCurrent && r.Key == "contract.current.changed" && r.Params["number"] == "2026-000001-JK")
			if r.Rule == duediligence.RuleContractRateCap {
				assert.Equal(t, "contracts.cap.within", r.Params["cap_result"])
				assert.Equal(t, "contracts.figure.irr", r.Params["figure"])
			}
		}
		assert.True(t, changed, "contract.current does not name the loan contract")
		got := unmetRules(t, e.do(t, finance, "POST", w.base+"/disbursement", `{"amount":"450000.00","account":"6222020200112233445"}`, "Idempotency-Key", "pay-1"))
		assert.Contains(t, got, duediligence.RuleContractCurrent)
		assert.NotContains(t, got, duediligence.RuleContractRateCap)

		// Redrafting is explicit: the loan contract's text changes and its
		// parties must sign again; the mortgage contract's does not.
		k := decode[duediligence.Contracting](t, w.write(t, am, "POST", "/contracts", `{}`, http.StatusCreated))
		require.Len(t, k.Contracts, 2)
		jk2, dy2 := k.Contracts[0], k.Contracts[1]
		assert.NotEqual(t, jk.Hash, jk2.Hash)
		assert.False(t, jk2.Signed)
		assert.Equal(t, dy.Hash, dy2.Hash)
		assert.True(t, dy2.Signed)
		assert.Equal(t, "432000.00", jk2.Schedule.AmountReceived.String(), "15,000 to the lender and 3,000 required, not the 500 chosen")
		assert.Equal(t, "18000.00", jk2.Schedule.TotalFees.String())
		fees, _ := jk2.Clause("loan.fees")
		assert.Contains(t, fees.Text, "壹万捌仟元整")

		// The disclosure is the IRR an independent computation finds.
		var pays []float64
		for _, in := range jk2.Schedule.Installments {
			pays = append(pays, yuanOf(t, in.Payment.String()))
		}
		want := independentNominal(432000, pays)
		gotAPR := yuanOf(t, jk2.APR.Nominal.String())
		assert.InDelta(t, want, gotAPR, 1e-7, "APR %v, independently %v", gotAPR, want)
		assert.InDelta(t, 0.113, want, 0.003, "about 11.3%% a year against the contract's 8.5%%")
		rate, _ := jk2.Clause("loan.rate")
		assert.Contains(t, rate.Text, "按内部收益率法计算的年化利率为 "+pctOf(jk2.APR.Nominal.String()))

		var stillChanged bool
		unsigned := 0
		for _, r := range w.checks(t, finance).Results {
			stillChanged = stillChanged || r.Rule == duediligence.RuleContractCurrent
			if r.Rule == "contract.signed_by_parties" {
				unsigned++
				assert.Equal(t, "contract.signed_by_parties.changed", r.Key)
			}
		}
		assert.False(t, stillChanged, "the redrafted set states the case")
		assert.Equal(t, len(jk2.Parties), unsigned, "every party of the loan contract signs again")

		// Signed again, the gate is met.
		for _, p := range jk2.Unsigned {
			w.write(t, am, "POST", "/contracts/"+jk2.Number+"/signatures",
				map[string]any{"name": p.Name, "capacity": p.Capacity, "method": "e_signature", "reference": "ESIGN2-" + p.Name}, http.StatusCreated)
		}
		for _, r := range w.checks(t, finance).Results {
			if r.Severity == check.Warn && r.Acknowledged == nil {
				w.write(t, am, "POST", "/checks/"+r.Rule+"/acknowledgement", map[string]any{"path": r.Path, "justification": "已核实"}, http.StatusOK)
			}
		}
		require.True(t, w.checks(t, finance).Ready)

		// 7,000 more to the lender: 25,000 in all take the rate above the
		// 12% cap, which the gate refuses on the disbursement date and a
		// redraft refuses too, at the rate computed independently.
		fee("fee-5", map[string]any{"name": "咨询费", "amount": "7000.00", "payer": "王五"})
		got = unmetRules(t, e.do(t, finance, "POST", w.base+"/disbursement", `{"amount":"450000.00","account":"6222020200112233445"}`, "Idempotency-Key", "pay-2"))
		assert.ElementsMatch(t, []string{duediligence.RuleContractCurrent, duediligence.RuleContractRateCap}, got)
		p := problemOf(t, w.write(t, am, "POST", "/contracts", `{}`, http.StatusConflict), http.StatusConflict, "gate")
		require.Len(t, p.Unmet, 1)
		assert.Equal(t, duediligence.RuleContractRateCap, p.Unmet[0].Rule)
		assert.Equal(t, "contracts.cap.exceeds", p.Unmet[0].Params["cap_result"])
		assert.InDelta(t, independentNominal(425000, pays)*100, yuanOf(t, p.Unmet[0].Params["rate"]), 1e-4)
	}, privateLender)
}

// pctOf writes a rate fraction as the contract's percent: 0.1225 → 12.25.
func pctOf(rate string) string {
	f, _ := strconv.ParseFloat(rate, 64)
	s := strconv.FormatFloat(f*100, 'f', 4, 64)
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}
