package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// The borrower's pledges: receivables (perfected by registration, art.
// 445), a machine (by delivery, art. 429) and a bill the item's facts say
// was delivered, without the document that proves it.
const (
	pledgedReceivable = `{"kind":"receivable","arrangement":"pledge","description":"对九江某某公司的应收账款","co_ownership":"sole","owners":[{"name":"王五","id_number":"360426199101010071","relation":"borrower"}],"status":{},"occupancy":{},"perfection":{},"appraisals":[{"appraiser":"某评估公司","method":"market","value":"200000.00","date":"2026-02-01"}]}`
	pledgedMachine    = `{"kind":"equipment","arrangement":"pledge","description":"数控机床一台","co_ownership":"sole","owners":[{"name":"王五","id_number":"360426199101010071","relation":"borrower"}],"status":{},"occupancy":{},"perfection":{},"appraisals":[{"appraiser":"某评估公司","method":"market","value":"100000.00","date":"2026-02-01"}]}`
	pledgedBill       = `{"kind":"bill","arrangement":"pledge","description":"银行承兑汇票一张","co_ownership":"sole","owners":[{"name":"王五","id_number":"360426199101010071","relation":"borrower"}],"status":{},"occupancy":{},"perfection":{"delivered":true,"delivered_on":"2026-02-01"},"appraisals":[{"appraiser":"某评估公司","method":"market","value":"50000.00","date":"2026-02-01"}]}`
)

// perfectionResults returns the collateral.perfection results of the
// checks, by key, with their messages.
func perfectionResults(t *testing.T, w *walk) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, r := range w.checks(t, finance).Results {
		if r.Rule == collateral.RulePerfection {
			assert.Equal(t, check.Block, r.Severity, "%+v", r)
			out[r.Key] += r.Message + "\n"
		}
	}
	return out
}

// TestPerfection_pledgesByKind: each pledge is checked by its kind at the
// disbursement gate, which names the unperfected pledge; the act that
// perfects it is recorded with its date, registry, reference and
// evidence, on SQLite and PostgreSQL.
func TestPerfection_pledgesByKind(t *testing.T) {
	backends(t, func(t *testing.T, e *env) {
		w := readyToDisburseWith(t, e, []string{pledgedReceivable, pledgedMachine, pledgedBill}, func(w *walk, ids []string) {
			receivable, machine, bill := ids[0], ids[1], ids[2]
			doc := w.get(t, am).Documents[0].ID
			got := perfectionResults(t, w)
			assert.Contains(t, got["collateral.perfection.receivable"], "对九江某某公司的应收账款")
			assert.Contains(t, got["collateral.perfection.receivable"], "民法典第445条")
			assert.Contains(t, got["collateral.perfection.movable_pledge"], "数控机床一台")
			assert.Contains(t, got["collateral.perfection.movable_pledge"], "民法典第429条")
			assert.Contains(t, got["collateral.perfection.evidence"], "银行承兑汇票一张")
			assert.Len(t, got, 3)

			// The gate's refusal names each unperfected pledge.
			r := e.do(t, finance, "POST", w.base+"/disbursement", `{"amount":"450000.00","account":"6222020200112233445"}`, "Idempotency-Key", "pay-early")
			p := problemOf(t, r, http.StatusConflict, "gate")
			var named []string
			for _, u := range p.Unmet {
				if u.Rule == collateral.RulePerfection {
					named = append(named, u.Message)
				}
			}
			require.Len(t, named, 3, "%+v", p.Unmet)
			assert.Contains(t, strings.Join(named, "\n"), "数控机床一台")

			act := func(status int, body map[string]any) response {
				return w.write(t, finance, "POST", "/perfections", body, status)
			}
			// Real estate is perfected by its certificate; a registration
			// names its registry; every act has its evidence.
			house := w.get(t, am).Collateral[0].ID
			bad := problemOf(t, act(http.StatusUnprocessableEntity, map[string]any{"item_id": house, "act": "registration", "registry": "九江市不动产登记中心", "document": doc}),
				http.StatusUnprocessableEntity, "invalid")
			assert.Equal(t, "item_id", bad.Errors[0].Field)
			bad = problemOf(t, act(http.StatusUnprocessableEntity, map[string]any{"item_id": receivable, "act": "registration"}), http.StatusUnprocessableEntity, "invalid")
			var fields []string
			for _, f := range bad.Errors {
				fields = append(fields, f.Field)
			}
			assert.ElementsMatch(t, []string{"registry", "document"}, fields)
			act(http.StatusUnprocessableEntity, map[string]any{"item_id": machine, "act": "delivery", "document": "no-such-doc"})

			// Registering a movable pledge does not make it: delivery does.
			act(http.StatusCreated, map[string]any{"item_id": machine, "act": "registration", "registry": "中登网", "document": doc})
			assert.Contains(t, perfectionResults(t, w), "collateral.perfection.movable_pledge")
			it := decode[duediligence.CollateralItem](t, act(http.StatusCreated, map[string]any{"item_id": machine, "act": "delivery", "on": "2026-03-02", "reference": "JJ-2026-001", "document": doc}))
			assert.True(t, it.Perfection.Delivered)
			assert.Equal(t, "2026-03-02", it.Perfection.DeliveredOn.String())
			assert.Equal(t, doc, it.Perfection.Evidence)

			it = decode[duediligence.CollateralItem](t, act(http.StatusCreated, map[string]any{"item_id": receivable, "act": "registration",
				"registry": "中国人民银行征信中心动产融资统一登记公示系统", "reference": "05812345000123456789", "document": doc}))
			assert.True(t, it.Perfection.Registered)
			assert.Equal(t, "05812345000123456789", it.Perfection.Reference)
			act(http.StatusCreated, map[string]any{"item_id": bill, "act": "delivery", "on": "2026-02-01", "document": doc})
			assert.Empty(t, perfectionResults(t, w))

			// The acts are stored: read again, the item has them.
			for _, ci := range w.get(t, finance).Collateral {
				if ci.ID == receivable {
					assert.Equal(t, "中国人民银行征信中心动产融资统一登记公示系统", ci.Perfection.Registry)
				}
			}
		})
		r := e.do(t, finance, "POST", w.base+"/disbursement", `{"amount":"450000.00","account":"6222020200112233445"}`, "Idempotency-Key", "pay-1")
		r.must(t, http.StatusCreated)
	}, withLender)
}
