package duediligence_test

import (
	"encoding/json"
	"testing"

	"github.com/jinzhi-dev/jinzhi/contracts"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
)

// BenchmarkContractsRead compares what a read of a contracting case costs
// for its contracts: drafting the set again (as every read did before the
// set was stored: schedule, IRR, hashes) against decoding the stored set
// as the store does (store/contracting.go: the contracts' JSON without the
// schedule's installments, which are computed again from its terms).
func BenchmarkContractsRead(b *testing.B) {
	t := &testing.T{}
	p := dd.DefaultPolicy()
	p.LenderName = "某某小额贷款有限公司"
	c := contracted(person(nil), true, nil)(t, p)
	lean := make([]contracts.Contract, len(c.Contracting.Contracts))
	for i := range lean {
		lean[i] = c.Contracting.Contracts[i].Contract
		if lean[i].Schedule != nil {
			sc := *lean[i].Schedule
			sc.Installments = nil
			lean[i].Schedule = &sc
		}
	}
	stored, err := json.Marshal(lean)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("drafted", func(b *testing.B) {
		for b.Loop() {
			if err := c.RefreshContracts(p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stored", func(b *testing.B) {
		for b.Loop() {
			var out []contracts.Contract
			if err := json.Unmarshal(stored, &out); err != nil {
				b.Fatal(err)
			}
			for i := range out {
				if out[i].Schedule != nil {
					s, err := contracts.NewSchedule(out[i].Schedule.Terms)
					if err != nil {
						b.Fatal(err)
					}
					out[i].Schedule.Installments = s.Installments
				}
			}
		}
	})
}
