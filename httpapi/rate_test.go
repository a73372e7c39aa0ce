package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// TestAnnualRate_ceiling checks that a rate no lender can mean is refused
// with the reason: above 1 it looks like a percent; above the policy's
// ceiling for its regime (36% by default) it is above the ceiling; on
// creation and on an edit alike.
func TestAnnualRate_ceiling(t *testing.T) {
	withRate := func(rate string) string { return strings.Replace(personBody, `"0.0850"`, `"`+rate+`"`, 1) }
	keyOf := func(r response) string {
		p := problemOf(t, r, http.StatusUnprocessableEntity, "invalid")
		require.Equal(t, []string{"request.annual_rate"}, fieldsOf(p))
		return p.Errors[0].Key
	}
	e := newEnv(t)
	require.Equal(t, "request.rate_percent", keyOf(e.do(t, am, "POST", "/v1/cases", withRate("8.5"))))
	require.Equal(t, "request.rate_above_ceiling", keyOf(e.do(t, am, "POST", "/v1/cases", withRate("0.40"))))
	e.do(t, am, "POST", "/v1/cases", withRate("0.36")).must(t, http.StatusCreated)

	strict := newEnv(t, func(cfg *envConfig) {
		cfg.policy = func(p *duediligence.Policy) {
			p.RateCeilings = map[contracts.Regime]money.Rate{contracts.RegimeLicensed: money.MustRate("0.10")}
		}
	})
	require.Equal(t, "request.rate_above_ceiling", keyOf(strict.do(t, am, "POST", "/v1/cases", withRate("0.12"))))
	c := strict.createCase(t, personBody)
	edit := `{"request":{"amount":"500000.00","term_months":36,"purpose":"采购原材料","purpose_category":"business_operation","repayment_method":"equal_installment","annual_rate":"0.1500","repayment_source":"经营收入"}}`
	require.Equal(t, "request.rate_above_ceiling", keyOf(strict.write(t, am, "PATCH", c.ID, "", edit)))
}
