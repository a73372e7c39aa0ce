package render_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govalues/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/duediligence/render"
	"github.com/jinzhi-dev/jinzhi/money"
)

// ledgerCases are the full case, decided, and a person's case with a
// resident ID held unmasked.
func ledgerCases() []*duediligence.Case {
	a := fullCase()
	a.Stage = duediligence.StageApproved
	a.Collateral = []duediligence.CollateralItem{
		{Item: collateral.Item{ID: "i1", Kind: collateral.KindResidential}},
		{Item: collateral.Item{ID: "i2", Kind: collateral.KindVehicle}},
		{Item: collateral.Item{ID: "i3", Kind: collateral.KindResidential}},
	}
	a.Coverage = a.Report.Coverage
	a.Approvals[0].Outcome = duediligence.DecisionApprove
	a.Approvals[0].Steps[0] = duediligence.ApprovalStep{Role: duediligence.RoleDepartmentManager, Decision: duediligence.DecisionApprove, At: t0.Add(72*time.Hour + 15*time.Hour)}

	b := fullCase()
	b.LedgerNumber, b.Stage, b.OwnerName = "2026-000124", duediligence.StageSubmitted, "周经理"
	b.Applicant = duediligence.Party{Kind: duediligence.Person, Name: "张三", IDNumber: "11010519491231002X"}
	b.Request.Amount, b.Request.AnnualRate = yuan("35000.50"), money.MustRate("0.04375")
	b.Guarantees, b.Collateral = nil, []duediligence.CollateralItem{}
	return []*duediligence.Case{a, b}
}

func TestLedgerRows(t *testing.T) {
	rows := render.LedgerRows(ledgerCases())
	want := []render.LedgerRow{{
		Number: "2026-000123", Date: "2026-03-04", Borrower: "杭州青山贸易有限公司", CreditCodeOrMaskedID: "91330106MA2B3C4D5E",
		Amount: "1000000.00", TermMonths: "12", Rate: "0.0435",
		CollateralSummary: "住宅×2、机动车×1；可贷价值 1,040,000.00", GuaranteeSummary: "王五（连带责任保证）1,000,000.00",
		Owner: "李客户经理", Stage: "approved", Decision: "approve", DecisionDate: "2026-03-06",
	}, {
		Number: "2026-000124", Date: "2026-03-04", Borrower: "张三", CreditCodeOrMaskedID: "110105********002X",
		Amount: "35000.50", TermMonths: "12", Rate: "0.04375", Owner: "周经理", Stage: "submitted",
	}}
	if !slices.Equal(rows, want) {
		t.Errorf("LedgerRows =\n%+v\nwant\n%+v", rows, want)
	}
	b, err := json.Marshal(rows[1])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"credit_code_or_masked_id":"110105********002X"`) || !strings.Contains(string(b), `"decision_date":""`) {
		t.Errorf("JSON form: %s", b)
	}
	if strings.Contains(string(b), "19491231") {
		t.Error("the ledger shows a resident ID unmasked")
	}
}

func TestWriteLedgerCSV(t *testing.T) {
	rows := render.LedgerRows(ledgerCases())
	for _, tc := range []struct {
		lang, header, stage, decision string
	}{
		{"zh", "台帐编号", "已批准", "同意"},
		{"", "台帐编号", "已批准", "同意"},
		{"en", "Ledger number", "approved", "approved"},
	} {
		t.Run("lang="+tc.lang, func(t *testing.T) {
			var b bytes.Buffer
			if err := render.WriteLedgerCSV(&b, rows, tc.lang); err != nil {
				t.Fatal(err)
			}
			data, ok := bytes.CutPrefix(b.Bytes(), []byte("\xEF\xBB\xBF"))
			if !ok {
				t.Fatal("no UTF-8 byte-order mark")
			}
			recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 3 || len(recs[0]) != 13 {
				t.Fatalf("got %d records of %d fields, want 3 of 13", len(recs), len(recs[0]))
			}
			if recs[0][0] != tc.header {
				t.Errorf("header starts %q, want %q", recs[0][0], tc.header)
			}
			r := rows[0]
			want := []string{r.Number, r.Date, r.Borrower, r.CreditCodeOrMaskedID, r.Amount, r.TermMonths, r.Rate,
				r.CollateralSummary, r.GuaranteeSummary, r.Owner, tc.stage, tc.decision, r.DecisionDate}
			if !slices.Equal(recs[1], want) {
				t.Errorf("row 1 = %q\nwant %q", recs[1], want)
			}
			if recs[2][3] != "110105********002X" || recs[2][11] != "" {
				t.Errorf("row 2 = %q", recs[2])
			}
		})
	}
	if err := render.WriteLedgerCSV(&bytes.Buffer{}, rows, "fr"); err == nil {
		t.Error("an unknown language is accepted")
	}
}

func TestWriteLedgerXLSX(t *testing.T) {
	rows := render.LedgerRows(ledgerCases())
	var b bytes.Buffer
	if err := render.WriteLedgerXLSX(&b, rows, "zh"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sheet = "贷款台帐"
	got := func(cell string, raw bool) string {
		t.Helper()
		v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: raw})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for cell, want := range map[string]string{
		"A1": "台帐编号", "M1": "审批日期",
		"A2": "2026-000123", "C2": "杭州青山贸易有限公司", "D2": "91330106MA2B3C4D5E", "K2": "已批准", "L2": "同意", "M2": "2026-03-06",
		"E2": "1,000,000.00", "F2": "12",
		"D3": "110105********002X", "E3": "35,000.50", "L3": "",
	} {
		if v := got(cell, false); v != want {
			t.Errorf("%s shows %q, want %q", cell, v, want)
		}
	}
	// The numbers held are the exact amounts and rates.
	for cell, want := range map[string]string{"E2": "1000000.00", "E3": "35000.50", "G2": "0.0435", "G3": "0.04375"} {
		v, err := decimal.Parse(got(cell, true))
		if err != nil || v.Cmp(decimal.MustParse(want)) != 0 {
			t.Errorf("%s holds %v (%v), want %s", cell, v, err, want)
		}
	}
	// Excel shows a rate with two to four decimals: 4.35%, 4.375%.
	if id, err := f.GetCellStyle(sheet, "G3"); err != nil {
		t.Fatal(err)
	} else if st, err := f.GetStyle(id); err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "0.00##%" {
		t.Errorf("rate format: %+v %v", st, err)
	}
	for _, cell := range []string{"E2", "F2", "G2"} {
		if typ, err := f.GetCellType(sheet, cell); err != nil || typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s has type %v (%v), want a number", cell, typ, err)
		}
	}
	style, err := f.GetCellStyle(sheet, "A1")
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(style)
	if err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("the header is not bold: %+v %v", st, err)
	}
	if w, err := f.GetColWidth(sheet, "C"); err != nil || w < 20 {
		t.Errorf("borrower column width %v %v", w, err)
	}
}
