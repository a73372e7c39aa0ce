package collateral_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/jinzhi-dev/jinzhi/collateral"
)

// TestCheckRegistrationContract compares a certificate with the mortgage
// contract that lists its item: the registry it names, the rank it gives
// and the amount it secures.
func TestCheckRegistrationContract(t *testing.T) {
	reg := registration()
	reg.Rank = 1
	mc := collateral.MortgageContract{Number: "2026-000123-DY1", Registry: reg.Registry, Rank: 1, SecuredAmount: reg.SecuredAmount}
	keys := func(reg collateral.Registration, mc collateral.MortgageContract) []string {
		var out []string
		for _, r := range collateral.CheckRegistrationContract(reg, mc) {
			assert.Equal(t, collateral.RuleRegistrationMatches, r.Rule)
			assert.Equal(t, "2026-000123-DY1", r.Params["number"])
			out = append(out, r.Key)
		}
		return out
	}
	assert.Empty(t, keys(reg, mc), "as agreed")

	other := reg
	other.Registry = " " + reg.Registry + "\u3000" // spacing is not a difference
	assert.Empty(t, keys(other, mc))
	other.Registry = "合肥市不动产登记中心"
	assert.Equal(t, []string{"registration.matches.contract_registry"}, keys(other, mc))
	assert.Empty(t, keys(other, collateral.MortgageContract{Number: mc.Number, SecuredAmount: mc.SecuredAmount}), "a contract naming no registry and no rank")

	other = reg
	other.Rank = 0
	assert.Equal(t, []string{"registration.matches.contract_rank_missing"}, keys(other, mc))
	other.Rank = 2
	assert.Equal(t, []string{"registration.matches.contract_rank"}, keys(other, mc))

	other = reg
	more := mc
	more.SecuredAmount = yuan("700000.00")
	assert.Equal(t, []string{"registration.matches.contract_amount"}, keys(other, more))

	bad := reg
	bad.Rank = -1
	assert.NotEmpty(t, bad.Validate())
}
