package httpapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// clockedBackends runs f on SQLite and PostgreSQL, each on a new env with
// adjust, with at moving the env's clock to a day (04:00 UTC, noon in the
// lender's zone): the post-loan tests walk a loan's months that way.
func clockedBackends(t *testing.T, f func(t *testing.T, e *env, at func(money.Date)), adjust ...func(*envConfig)) {
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			var cfg *envConfig
			a := append(append([]func(*envConfig){}, adjust...), func(c *envConfig) { cfg = c })
			if name == "postgres" {
				url := postgresURL(t)
				a = append(a, func(c *envConfig) { c.databaseURL = url })
			}
			e := newEnv(t, a...)
			f(t, e, func(d money.Date) { cfg.now = time.Date(d.Year, d.Month, d.Day, 4, 0, 0, 0, time.UTC) })
		})
	}
}

// disburse disburses the 450,000.00 the walk's case was approved for
// (finance, Idempotency-Key pay-1) and returns the loan as disbursed.
func disburse(t *testing.T, e *env, w *walk) duediligence.LoanStatus {
	t.Helper()
	e.do(t, finance, "POST", w.base+"/disbursement", `{"amount":"450000.00","account":"6222020200112233445"}`, "Idempotency-Key", "pay-1").
		must(t, http.StatusCreated)
	return decode[duediligence.LoanStatus](t, e.do(t, am, "GET", w.base+"/loan", nil).must(t, http.StatusOK))
}

// disbursedLoan is readyToDisburse's case disbursed: 450,000.00 over 36
// months, secured by the borrower's flat.
func disbursedLoan(t *testing.T, e *env) (*walk, duediligence.LoanStatus) {
	t.Helper()
	w := readyToDisburse(t, e)
	return w, disburse(t, e, w)
}
