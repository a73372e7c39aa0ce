package httpapi_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/jinzhi-dev/jinzhi/duediligence/render"
)

func TestLedger(t *testing.T) {
	e := newEnv(t)
	approved := e.newWalk(t, goodBody("500000.00", "50000.00"))
	approved.readyToSubmit(t)
	approved.submit(t)
	approved.write(t, dm, "POST", "/decisions", `{"decision":"approve"}`, http.StatusOK)
	pending := e.newWalk(t, goodBody("800000.00", "80000.00"))
	pending.readyToSubmit(t)
	pending.submit(t)
	e.newWalk(t, personBody) // not submitted: no number, not in the ledger
	year := fmt.Sprint(now.Year())
	first, second := year+"-000001", year+"-000002"

	// JSON by default.
	r := e.do(t, auditor, "GET", "/v1/ledger?year="+year, nil).must(t, http.StatusOK)
	require.Equal(t, "application/json", r.header.Get("Content-Type"))
	body := decode[struct {
		Year int                `json:"year"`
		Rows []render.LedgerRow `json:"rows"`
	}](t, r)
	require.Equal(t, now.Year(), body.Year)
	require.Len(t, body.Rows, 2)
	row := body.Rows[0]
	require.Equal(t, first, row.Number)
	require.Equal(t, "王五", row.Borrower)
	require.Equal(t, "360426********0071", row.CreditCodeOrMaskedID, "always masked")
	require.Equal(t, "500000.00", row.Amount)
	require.Equal(t, "approved", row.Stage)
	require.Equal(t, "approve", row.Decision)
	require.Equal(t, "2026-03-02", row.DecisionDate)
	require.Equal(t, second, body.Rows[1].Number)
	require.Equal(t, "submitted", body.Rows[1].Stage)
	require.Empty(t, body.Rows[1].Decision)

	// An account manager sees their own cases only.
	require.Empty(t, decode[struct{ Rows []render.LedgerRow }](t, e.do(t, am2, "GET", "/v1/ledger?year="+year, nil).must(t, http.StatusOK)).Rows)
	require.Len(t, decode[struct{ Rows []render.LedgerRow }](t, e.do(t, am, "GET", "/v1/ledger?year="+year, nil).must(t, http.StatusOK)).Rows, 2)

	// CSV, parsed back.
	r = e.do(t, dm, "GET", "/v1/ledger?year="+year+"&lang=en", nil, "Accept", "text/csv").must(t, http.StatusOK)
	require.Equal(t, "text/csv; charset=utf-8", r.header.Get("Content-Type"))
	require.Equal(t, "attachment; filename=ledger-"+year+".csv", r.header.Get("Content-Disposition"))
	require.True(t, bytes.HasPrefix(r.body, []byte("\uFEFF")), "a byte-order mark for Excel")
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.body, []byte("\uFEFF")))).ReadAll()
	require.NoError(t, err)
	require.Len(t, records, 3, "a header and two rows")
	require.Len(t, records[0], 13)
	require.Equal(t, first, records[1][0])
	require.Contains(t, records[1], "500000.00")
	require.Equal(t, second, records[2][0])

	// XLSX, read back by excelize.
	r = e.do(t, finance, "GET", "/v1/ledger?year="+year, nil, "Accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").must(t, http.StatusOK)
	require.Equal(t, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", r.header.Get("Content-Type"))
	require.Equal(t, "attachment; filename=ledger-"+year+".xlsx", r.header.Get("Content-Disposition"))
	require.Equal(t, "zh", r.header.Get("Content-Language"))
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	require.NoError(t, err)
	defer f.Close()
	sheets := f.GetSheetList()
	require.Len(t, sheets, 1)
	rows, err := f.GetRows(sheets[0])
	require.NoError(t, err)
	require.Len(t, rows, 3)
	require.Equal(t, first, rows[1][0])
	require.Equal(t, "王五", rows[1][2])
	require.Equal(t, second, rows[2][0])

	// The year is required; other media types are refused.
	p := problemOf(t, e.do(t, dm, "GET", "/v1/ledger", nil), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"year"}, fieldsOf(p))
	p = problemOf(t, e.do(t, dm, "GET", "/v1/ledger?year=1999", nil), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"year"}, fieldsOf(p))
	problemOf(t, e.do(t, dm, "GET", "/v1/ledger?year=twenty", nil), http.StatusUnprocessableEntity, "invalid")
	problemOf(t, e.do(t, dm, "GET", "/v1/ledger?year="+year, nil, "Accept", "application/pdf"), http.StatusNotAcceptable, "not_acceptable")
	problemOf(t, e.do(t, admin, "GET", "/v1/ledger?year="+year, nil), http.StatusForbidden, "forbidden")
}

// TestLedger_EligibleValue is the regression test of a ledger that showed
// 可贷价值 0.00 for a case with ¥700,000 of eligible collateral: JSON, CSV
// and XLSX all show the value the service derived.
func TestLedger_EligibleValue(t *testing.T) {
	e := newEnv(t)
	w := e.newWalk(t, goodBody("500000.00", "50000.00"))
	w.write(t, am, "POST", "/collateral", `{"kind":"residential","arrangement":"mortgage","co_ownership":"sole","mortgaged_together":true,
		"owners":[{"name":"王五","id_number":"360426199101010071","relation":"borrower"}],"status":{},"occupancy":{},"perfection":{},
		"appraisals":[{"appraiser":"某评估公司","method":"market","value":"1000000.00","date":"2026-02-01"}]}`, http.StatusCreated)
	w.readyToSubmit(t)
	w.submit(t)
	const want = "住宅×1；可贷价值 700,000.00"
	year := fmt.Sprint(now.Year())

	body := decode[struct{ Rows []render.LedgerRow }](t, e.do(t, dm, "GET", "/v1/ledger?year="+year, nil).must(t, http.StatusOK))
	require.Len(t, body.Rows, 1)
	require.Equal(t, want, body.Rows[0].CollateralSummary)

	r := e.do(t, dm, "GET", "/v1/ledger?year="+year, nil, "Accept", "text/csv").must(t, http.StatusOK)
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.body, []byte("\uFEFF")))).ReadAll()
	require.NoError(t, err)
	require.Contains(t, records[1], want)

	r = e.do(t, dm, "GET", "/v1/ledger?year="+year, nil, "Accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").must(t, http.StatusOK)
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	require.NoError(t, err)
	require.Contains(t, rows[1], want)
}
