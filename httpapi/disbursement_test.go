package httpapi_test

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// lenderName is the lender the contracts and the registration name.
const lenderName = "金之小额贷款有限公司"

func withLender(cfg *envConfig) {
	cfg.policy = func(p *duediligence.Policy) { p.LenderName = lenderName }
}

// borrowerHouse is a flat the borrower of goodBody owns alone.
const borrowerHouse = `{"kind":"residential","arrangement":"mortgage","description":"两室一厅","address":"江西省九江市某路1号","title_number":"赣(2020)九江市不动产权第0000001号","co_ownership":"sole","rank":1,"owners":[{"name":"王五","id_number":"360426199101010071","relation":"borrower"}],"status":{},"occupancy":{},"perfection":{},"appraisals":[{"appraiser":"某评估公司","method":"market","value":"1000000.00","date":"2026-02-01"}]}`

func TestWalk_disbursement(t *testing.T) { walkToDisbursement(t, newEnv(t, withLender)) }

// TestWalk_disbursementPostgres is TestWalk_disbursement on PostgreSQL.
func TestWalk_disbursementPostgres(t *testing.T) {
	walkToDisbursement(t, newEnv(t, withLender, func(cfg *envConfig) { cfg.databaseURL = postgresURL(t) }))
}

func unmetRules(t *testing.T, r response) []string {
	t.Helper()
	p := problemOf(t, r, http.StatusConflict, "gate")
	var out []string
	for _, u := range p.Unmet {
		out = append(out, u.Rule)
	}
	return out
}

// walkToDisbursement takes a case with a mortgage from intake to disbursed
// through the API, as the README's walk does.
func walkToDisbursement(t *testing.T, e *env) {
	w := readyToDisburse(t, e)
	post := `{"amount":"450000.00","account":"6222020200112233445"}`

	// Disburse: more than approved is refused; the approved amount goes out, once.
	over := e.do(t, finance, "POST", w.base+"/disbursement", `{"amount":"450000.01","account":"6222020200112233445"}`, "Idempotency-Key", "pay-over")
	assert.Equal(t, []string{"disbursement.amount"}, unmetRules(t, over))
	r := e.do(t, finance, "POST", w.base+"/disbursement", post, "Idempotency-Key", "pay-1").must(t, http.StatusCreated)
	loan := decode[duediligence.Loan](t, r)
	assert.Equal(t, "450000.00", loan.Disbursed.String())
	assert.Equal(t, w.base+"/loan-receipts/1", r.header.Get("Location"))
	again := decode[duediligence.Loan](t, e.do(t, finance, "POST", w.base+"/disbursement", post, "Idempotency-Key", "pay-1").must(t, http.StatusCreated))
	assert.Equal(t, loan.Tranches, again.Tranches)
	e.do(t, finance, "POST", w.base+"/disbursement", `{"amount":"1.00","account":"x"}`, "Idempotency-Key", "pay-1").must(t, http.StatusUnprocessableEntity) // the key is bound to its first body
	assert.Equal(t, duediligence.StageDisbursed, w.get(t, am).Stage)

	// The schedule and the loan receipt.
	sched := decode[duediligence.Loan](t, e.do(t, am, "GET", w.base+"/schedule", nil).must(t, http.StatusOK))
	require.Len(t, sched.Tranches, 1)
	assert.Len(t, sched.Tranches[0].Installments, 36)
	csv := e.do(t, am, "GET", w.base+"/schedule", nil, "Accept", "text/csv").must(t, http.StatusOK)
	lines := strings.Split(strings.TrimSpace(string(csv.body)), "\n")
	assert.Len(t, lines, 37)
	assert.Equal(t, "\uFEFF借据编号,期数,应还日期,应还金额,贷款本金,利息,费用,剩余本金", lines[0])
	assert.True(t, strings.HasPrefix(lines[1], "2026-000001-JK-1,1,2026-04-02,"), lines[1])
	xlsx := e.do(t, am, "GET", w.base+"/schedule", nil, "Accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").must(t, http.StatusOK)
	assert.True(t, bytes.HasPrefix(xlsx.body, []byte("PK")))
	receipt := e.do(t, finance, "GET", w.base+"/loan-receipts/1", nil, "Accept", "text/html").must(t, http.StatusOK)
	assert.Contains(t, string(receipt.body), "借款借据")
	assert.Contains(t, string(receipt.body), "肆拾伍万元整")
	assert.Contains(t, string(receipt.body), "以本借据为准", "the receipt's schedule binds")
	e.do(t, finance, "GET", w.base+"/loan-receipts/2", nil).must(t, http.StatusNotFound)
}

// readyToDisburse walks a case with a mortgage to where the disbursement
// gate is met: approved for 450,000 with a condition, contracts drafted and
// signed, the registration recorded, the condition met.
func readyToDisburse(t *testing.T, e *env) *walk { return readyToDisburseWith(t, e, nil, nil) }

// readyToDisburseWith is readyToDisburse with the borrower's pledges
// added besides the flat, and perfect called, with the pledges' IDs in
// order, before the gate must be met.
func readyToDisburseWith(t *testing.T, e *env, pledges []string, perfect func(w *walk, ids []string)) *walk {
	t.Helper()
	w := e.newWalk(t, goodBody("500000.00", "50000.00"))
	item := decode[duediligence.CollateralItem](t, w.write(t, am, "POST", "/collateral", borrowerHouse, http.StatusCreated))
	var ids []string
	for _, p := range pledges {
		ids = append(ids, decode[duediligence.CollateralItem](t, w.write(t, am, "POST", "/collateral", p, http.StatusCreated)).ID)
	}
	w.readyToSubmit(t)
	c := w.submit(t)

	// The approval lends less than asked, with a condition.
	c = decode[duediligence.Case](t, w.write(t, dm, "POST", "/decisions",
		`{"decision":"approve","comment":"同意","conditions":["放款前办妥抵押登记"],"terms":{"amount":"450000.00"}}`, http.StatusOK))
	require.Equal(t, duediligence.StageApproved, c.Stage)
	ch := w.checks(t, am)
	assert.Equal(t, duediligence.StageContracting, ch.To)
	var sawDrafted, sawCap bool
	for _, r := range ch.Results {
		sawDrafted = sawDrafted || r.Rule == "contract.drafted"
		sawCap = sawCap || (r.Rule == "contract.rate_cap" && r.Params["basis"] == "contract.rate_cap.assumed_date" && r.Params["date"] == "2026-03-02")
	}
	assert.True(t, sawDrafted && sawCap, "%+v", ch.Results)

	// Drafting: the loan contract and one mortgage contract.
	// The mortgage contract names the registry and gives the lender's
	// mortgage the first rank, as the item says.
	k := decode[duediligence.Contracting](t, w.write(t, am, "POST", "/contracts",
		map[string]any{"registries": []map[string]any{{"item_id": item.ID, "registry": "九江市不动产登记中心"}}}, http.StatusCreated))
	require.Len(t, k.Contracts, 2+min(len(pledges), 1))
	assert.Equal(t, "2026-000001-JK", k.Contracts[0].Number)
	assert.Equal(t, "2026-000001-DY1", k.Contracts[1].Number)
	assert.Equal(t, "九江市不动产登记中心", k.Contracts[1].Registry)
	assert.Equal(t, 1, k.Contracts[1].Collateral[0].Rank)
	regClause, _ := k.Contracts[1].Clause("security.registration")
	assert.Contains(t, regClause.Text, "九江市不动产登记中心")
	assert.Equal(t, duediligence.StageContracting, w.get(t, am).Stage)
	page := e.do(t, am, "GET", w.base+"/contracts/2026-000001-JK", nil, "Accept", "text/html").must(t, http.StatusOK)
	assert.Contains(t, string(page.body), "肆拾伍万元整")
	assert.Contains(t, string(page.body), "450,000.00")
	en := e.do(t, am, "GET", w.base+"/contracts/2026-000001-JK", nil, "Accept", "text/html", "Accept-Language", "en").must(t, http.StatusOK)
	assert.Contains(t, string(en.body), "Loan contract")
	e.do(t, am, "GET", w.base+"/contracts/2026-000001-ZZ9", nil).must(t, http.StatusNotFound)

	// The gate lists everything unmet, and nothing moves.
	post := `{"amount":"450000.00","account":"6222020200112233445"}`
	r := e.do(t, finance, "POST", w.base+"/disbursement", post, "Idempotency-Key", "pay-1")
	got := unmetRules(t, r)
	for _, want := range []string{"contract.signed_by_parties", "disbursement.conditions_met", "collateral.perfection"} {
		assert.Contains(t, got, want)
	}
	e.do(t, finance, "POST", w.base+"/disbursement", post).must(t, http.StatusPreconditionRequired)

	// A stranger's signature is refused, naming the contract and the person.
	r = w.write(t, am, "POST", "/contracts/2026-000001-JK/signatures",
		`{"name":"路人甲","capacity":"guarantor","method":"e_signature","reference":"X-1"}`, http.StatusUnprocessableEntity)
	assert.Contains(t, string(r.body), "2026-000001-JK")
	assert.Contains(t, string(r.body), "路人甲")
	for _, ct := range k.Contracts {
		for _, p := range ct.Unsigned {
			w.write(t, am, "POST", "/contracts/"+ct.Number+"/signatures",
				map[string]any{"name": p.Name, "capacity": p.Capacity, "method": "e_signature", "reference": "ESIGN-" + p.Name}, http.StatusCreated)
		}
	}

	// A certificate number that is none is refused, naming the field.
	reg := func(number, registry string, rank int) map[string]any {
		return map[string]any{"item_id": item.ID, "registration": map[string]any{"certificate_number": number, "registry": registry, "rank": rank,
			"mortgagee": lenderName, "mortgagors": []string{"王五"}, "secured_amount": "450000.00", "term_end": "2029-12-31", "registered_on": "2026-03-02"}}
	}
	bad := problemOf(t, w.write(t, finance, "POST", "/registrations", reg("不是证明号", "九江市不动产登记中心", 1), http.StatusUnprocessableEntity),
		http.StatusUnprocessableEntity, "invalid")
	require.Len(t, bad.Errors, 1)
	assert.Equal(t, "registration.certificate_number", bad.Errors[0].Field)
	assert.Contains(t, bad.Errors[0].Message, "不动产登记证明号")

	// A certificate from another registry, without the rank, is recorded
	// and compared with the mortgage contract at once.
	w.write(t, finance, "POST", "/registrations", reg("赣(2026)九江市不动产证明第0000123号", "九江市濂溪区不动产登记中心", 0), http.StatusCreated)
	var keys []string
	for _, r := range w.checks(t, finance).Results {
		if r.Rule == "registration.matches" {
			assert.Equal(t, check.Block, r.Severity)
			assert.Equal(t, "2026-000001-DY1", r.Params["number"])
			keys = append(keys, r.Key)
		}
	}
	assert.ElementsMatch(t, []string{"registration.matches.contract_registry", "registration.matches.contract_rank_missing"}, keys)
	w.write(t, finance, "POST", "/registrations", reg("赣(2026)九江市不动产证明第0000123号", "九江市濂溪区不动产登记中心", 2), http.StatusCreated)
	keys = nil
	for _, r := range w.checks(t, finance).Results {
		if r.Rule == "registration.matches" {
			keys = append(keys, r.Key)
		}
	}
	assert.ElementsMatch(t, []string{"registration.matches.contract_registry", "registration.matches.contract_rank"}, keys)
	w.write(t, finance, "POST", "/registrations", reg("赣(2026)九江市不动产证明第0000123号", "九江市不动产登记中心", 1), http.StatusCreated)
	w.write(t, finance, "POST", "/conditions/0/fulfilment", `{"evidence":"他项权证已取得"}`, http.StatusOK)
	if perfect != nil {
		perfect(w, ids)
	}
	for _, r := range w.checks(t, finance).Results {
		if r.Severity == check.Warn && r.Acknowledged == nil {
			w.write(t, am, "POST", "/checks/"+r.Rule+"/acknowledgement", map[string]any{"path": r.Path, "justification": "已核实"}, http.StatusOK)
		}
	}
	ch = w.checks(t, finance)
	require.True(t, ch.Ready, "%+v", ch.Results)

	return w
}

// TestDrawdowns_concurrent posts eight drawdowns of 100,000 at once against
// 450,000 approved, on SQLite and PostgreSQL: four go out, and the loan
// never holds more than approved.
func TestDrawdowns_concurrent(t *testing.T) {
	drawdowns := func(cfg *envConfig) {
		cfg.policy = func(p *duediligence.Policy) { p.LenderName, p.Drawdowns = lenderName, true }
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			adjust := []func(*envConfig){drawdowns}
			if name == "postgres" {
				url := postgresURL(t)
				adjust = append(adjust, func(cfg *envConfig) { cfg.databaseURL = url })
			}
			e := newEnv(t, adjust...)
			w := readyToDisburse(t, e)
			statuses := make([]int, 8)
			var wg sync.WaitGroup
			for i := range statuses {
				wg.Go(func() {
					r := e.do(t, finance, "POST", w.base+"/disbursement", `{"amount":"100000.00","account":"6222020200112233445"}`,
						"Idempotency-Key", fmt.Sprintf("draw-%d", i))
					statuses[i] = r.status
				})
			}
			wg.Wait()
			slices.Sort(statuses)
			assert.Equal(t, []int{201, 201, 201, 201, 409, 409, 409, 409}, statuses)
			l := decode[duediligence.Loan](t, e.do(t, am, "GET", w.base+"/schedule", nil).must(t, http.StatusOK))
			assert.Equal(t, "400000.00", l.Disbursed.String())
			assert.Len(t, l.Tranches, 4)
		})
	}
}
