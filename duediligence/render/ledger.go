package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// LedgerRow is one line of the loan ledger (贷款台帐): a case as the
// register lists it. Every field is text so that the JSON, CSV and XLSX
// forms show the same thing; amounts and rates keep their exact decimal
// strings.
type LedgerRow struct {
	// Number is the ledger number (台帐编号); empty before submission.
	Number string `json:"number"`
	// Date is the day of the first submission (YYYY-MM-DD, China time),
	// when the ledger number was taken.
	Date     string `json:"date"`
	Borrower string `json:"borrower"`
	// CreditCodeOrMaskedID is an organization's credit code or a person's
	// resident ID number, always masked ("110105********002X").
	CreditCodeOrMaskedID string `json:"credit_code_or_masked_id"`
	// Amount is the principal requested, CNY, two decimals ("1000000.00").
	Amount     string `json:"amount"`
	TermMonths string `json:"term_months"`
	// Rate is the annual rate as a fraction ("0.0435").
	Rate string `json:"rate"`
	// CollateralSummary and GuaranteeSummary are in Chinese, the register's
	// language: "住宅×1、机动车×1；可贷价值 1,040,000.00".
	CollateralSummary string `json:"collateral_summary"`
	GuaranteeSummary  string `json:"guarantee_summary"`
	// Owner is the account manager's name.
	Owner string `json:"owner"`
	// Stage and Decision are codes ("approved", "approve"); the CSV and XLSX
	// writers put them in the file's language.
	Stage    string `json:"stage"`
	Decision string `json:"decision"`
	// DecisionDate is the day of the decision that settled the latest
	// submission (YYYY-MM-DD, China time); empty while undecided.
	DecisionDate string `json:"decision_date"`
}

// LedgerRows returns one ledger row per case, in the order given, each from
// the case's listing (duediligence.Case.Listing).
func LedgerRows(cases []*duediligence.Case) []LedgerRow {
	rows := make([]LedgerRow, 0, len(cases))
	for _, c := range cases {
		if c == nil {
			continue
		}
		rows = append(rows, LedgerRowOf(c.Listing()))
	}
	return rows
}

// LedgerRowOf returns the ledger row of a case's listing, as
// duediligence.Service.Ledger yields them.
func LedgerRowOf(l duediligence.Listing) LedgerRow {
	return LedgerRow{
		Number: l.LedgerNumber, Date: day(l.SubmittedAt), Borrower: l.ApplicantName, CreditCodeOrMaskedID: l.ApplicantID,
		Amount: l.Amount, TermMonths: strconv.Itoa(l.TermMonths), Rate: l.AnnualRate.String(),
		CollateralSummary: collateralSummary(l), GuaranteeSummary: guaranteeSummary(l),
		Owner: l.OwnerName, Stage: string(l.Stage), Decision: string(l.Decision), DecisionDate: day(l.DecidedAt),
	}
}

// collateralSummary counts the items by kind and gives their eligible value.
func collateralSummary(l duediligence.Listing) string {
	if len(l.Collateral) == 0 {
		return ""
	}
	parts := make([]string, len(l.Collateral))
	for i, k := range l.Collateral {
		parts[i] = fmt.Sprintf("%s×%d", zhLabels.enum("ckind", k.Kind), k.Count)
	}
	var eligible money.Money
	if l.EligibleValue != nil {
		eligible = *l.EligibleValue
	}
	return strings.Join(parts, "、") + "；可贷价值 " + formatMoney(eligible)
}

// guaranteeSummary names each guarantor, the kind of guarantee and the amount.
func guaranteeSummary(l duediligence.Listing) string {
	parts := make([]string, len(l.Guarantees))
	for i, g := range l.Guarantees {
		parts[i] = fmt.Sprintf("%s（%s）%s", g.Guarantor, zhLabels.enum("gkind", g.Kind), formatMoney(g.Amount))
	}
	return strings.Join(parts, "；")
}

// ledgerColumns are the ledger's columns: the label key of the header, the
// XLSX column width (in characters), and the field.
var ledgerColumns = []struct {
	key   string
	width float64
	field func(r *LedgerRow) string
}{
	{"ledger_number", 14, func(r *LedgerRow) string { return r.Number }},
	{"submitted_at", 12, func(r *LedgerRow) string { return r.Date }},
	{"borrower", 28, func(r *LedgerRow) string { return r.Borrower }},
	{"identifier", 22, func(r *LedgerRow) string { return r.CreditCodeOrMaskedID }},
	{"amount", 16, func(r *LedgerRow) string { return r.Amount }},
	{"term", 10, func(r *LedgerRow) string { return r.TermMonths }},
	{"annual_rate", 10, func(r *LedgerRow) string { return r.Rate }},
	{"collateral_sum", 36, func(r *LedgerRow) string { return r.CollateralSummary }},
	{"guarantee_sum", 36, func(r *LedgerRow) string { return r.GuaranteeSummary }},
	{"owner", 12, func(r *LedgerRow) string { return r.Owner }},
	{"stage", 12, func(r *LedgerRow) string { return r.Stage }},
	{"decision", 14, func(r *LedgerRow) string { return r.Decision }},
	{"decision_date", 12, func(r *LedgerRow) string { return r.DecisionDate }},
}

// Ledger columns the XLSX writer stores as numbers.
const (
	colAmount = 4
	colTerm   = 5
	colRate   = 6
	colStage  = 10
	colDecide = 11
)

// ledgerCells returns row's cells as the file shows them in words: stage
// and decision named in the language.
func ledgerCells(r *LedgerRow, words labels) []string {
	out := make([]string, len(ledgerColumns))
	for i, col := range ledgerColumns {
		out[i] = col.field(r)
	}
	out[colStage] = words.enum("stage", r.Stage)
	if r.Decision != "" {
		out[colDecide] = words.enum("decision", r.Decision)
	}
	return out
}

func ledgerHeader(words labels) []string {
	out := make([]string, len(ledgerColumns))
	for i, col := range ledgerColumns {
		out[i] = words.label(col.key)
	}
	return out
}

func wordsFor(lang string) (labels, error) {
	if lang == "" {
		lang = "zh"
	}
	words, ok := languages[lang]
	if !ok {
		return nil, fmt.Errorf("render: unknown language %q: want zh or en", lang)
	}
	return words, nil
}

// WriteLedgerCSV writes the rows as CSV with a header in lang ("zh" when
// empty, or "en"). The file starts with a UTF-8 byte-order mark, without
// which Excel reads Chinese as mojibake; amounts and rates are the exact
// decimal strings.
func WriteLedgerCSV(w io.Writer, rows []LedgerRow, lang string) error {
	words, err := wordsFor(lang)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(ledgerHeader(words)); err != nil {
		return err
	}
	for i := range rows {
		if err := cw.Write(ledgerCells(&rows[i], words)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteLedgerXLSX writes the rows as an Excel workbook of one sheet, with a
// bold, frozen header in lang and a filter on it.
//
// Amounts, terms and rates are numeric cells, so they add up in Excel. The
// amount is written from its exact decimal string (SetCellDefault), never
// through a float64 here; the format "#,##0.00" shows it with two decimals
// and the rate's "0.00##%" as a percentage. Excel itself holds numbers as
// doubles, exact for amounts below 10^13 yuan with two decimals.
func WriteLedgerXLSX(w io.Writer, rows []LedgerRow, lang string) (err error) {
	words, err := wordsFor(lang)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	sheet := words.label("ledger_sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	if err != nil {
		return err
	}
	amount, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return err
	}
	ratePct := "0.00##%"
	rate, err := f.NewStyle(&excelize.Style{CustomNumFmt: &ratePct})
	if err != nil {
		return err
	}
	cell := func(col, row int) string {
		name, _ := excelize.CoordinatesToCellName(col+1, row)
		return name
	}
	for i, h := range ledgerHeader(words) {
		if err := f.SetCellStr(sheet, cell(i, 1), h); err != nil {
			return err
		}
		colName, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, colName, colName, ledgerColumns[i].width); err != nil {
			return err
		}
	}
	last := cell(len(ledgerColumns)-1, 1)
	if err := f.SetCellStyle(sheet, "A1", last, head); err != nil {
		return err
	}
	for r := range rows {
		n := r + 2
		for i, v := range ledgerCells(&rows[r], words) {
			ref := cell(i, n)
			switch {
			case v == "":
				continue
			case i == colAmount || i == colTerm || i == colRate:
				// A numeric string becomes a number cell as written; anything
				// else stays text, so nothing is lost.
				err = f.SetCellDefault(sheet, ref, v)
			default:
				err = f.SetCellStr(sheet, ref, v)
			}
			if err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(sheet, cell(colAmount, n), cell(colAmount, n), amount); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, cell(colRate, n), cell(colRate, n), rate); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := f.AutoFilter(sheet, "A1:"+cell(len(ledgerColumns)-1, max(1, len(rows)+1)), nil); err != nil {
		return err
	}
	return f.Write(w)
}
