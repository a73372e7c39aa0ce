package render

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// LoanReceiptTemplate is the loan receipt's template name; a lender may
// replace it as the others (Options.Templates).
const LoanReceiptTemplate = "receipt.html.tmpl"

// ReceiptData is what the loan receipt template sees.
type ReceiptData struct {
	Lang    string
	Case    *duediligence.Case
	Loan    *duediligence.Loan
	Tranche *duediligence.Tranche
	words   labels
}

// T returns the label key in the document's language.
func (d *ReceiptData) T(key string) string { return d.words.label(key) }

// Enum returns the name of a coded value of a kind in the document's language.
func (d *ReceiptData) Enum(kind string, v any) string { return d.words.enum(kind, v) }

// LoanReceiptHTML writes the loan receipt (借款借据) of tranche seq of l as a
// printable A4 page: contract number, amount in figures and 大写, date,
// rate, maturity, account, entrusted payee, the binding schedule, and the
// signature blocks.
func (r *Renderer) LoanReceiptHTML(w io.Writer, c *duediligence.Case, l *duediligence.Loan, seq int, lang string) error {
	if c == nil || l == nil {
		return errors.New("render: nil case or loan")
	}
	if lang == "" {
		lang = r.lang
	}
	words, ok := contractLanguages[lang]
	if !ok {
		return fmt.Errorf("render: unknown language %q: want zh or en", lang)
	}
	if seq < 1 || seq > len(l.Tranches) {
		return fmt.Errorf("render: loan %s has no tranche %d", l.ID, seq)
	}
	d := &ReceiptData{Lang: lang, Case: c, Loan: l, Tranche: &l.Tranches[seq-1], words: words}
	var b bytes.Buffer
	if err := r.contracts.receipt.Execute(&b, d); err != nil {
		return fmt.Errorf("render: loan receipt: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

func parseReceiptTemplate(src string) (*htmltemplate.Template, error) {
	t, err := htmltemplate.New(LoanReceiptTemplate).Funcs(funcs()).Parse(src)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	return t, nil
}

// scheduleHeader is the schedule's columns.
func scheduleHeader(words labels) []string {
	return []string{words.label("receipt_number"), words.label("period"), words.label("due_date"), words.label("payment"),
		words.label("principal"), words.label("interest"), words.label("fee"), words.label("balance")}
}

// scheduleCells lists the rows of every tranche's schedule.
func scheduleCells(l *duediligence.Loan) [][]string {
	var out [][]string
	for _, t := range l.Tranches {
		for _, in := range t.Installments {
			out = append(out, []string{t.ReceiptNumber, strconv.Itoa(in.Period), in.DueDate.String(), in.Payment.String(),
				in.Principal.String(), in.Interest.String(), in.Fee.String(), in.Balance.String()})
		}
	}
	return out
}

// WriteScheduleCSV writes every tranche's installments as CSV with a
// header in lang, beginning with a UTF-8 byte-order mark for Excel.
func WriteScheduleCSV(w io.Writer, l *duediligence.Loan, lang string) error {
	words, err := contractWordsFor(lang)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(scheduleHeader(words)); err != nil {
		return err
	}
	if err := cw.WriteAll(scheduleCells(l)); err != nil {
		return err
	}
	return cw.Error()
}

// WriteScheduleXLSX writes the schedule as a workbook of one sheet; the
// amounts are number cells written from their exact decimal strings.
func WriteScheduleXLSX(w io.Writer, l *duediligence.Loan, lang string) (err error) {
	words, err := contractWordsFor(lang)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	sheet := words.label("schedule_sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	amount, err := f.NewStyle(&excelize.Style{NumFmt: 4})
	if err != nil {
		return err
	}
	rows := append([][]string{scheduleHeader(words)}, scheduleCells(l)...)
	for r, row := range rows {
		for i, v := range row {
			ref, _ := excelize.CoordinatesToCellName(i+1, r+1)
			if r > 0 && i >= 1 && i != 2 {
				err = f.SetCellDefault(sheet, ref, v)
			} else {
				err = f.SetCellStr(sheet, ref, v)
			}
			if err != nil {
				return err
			}
		}
	}
	if len(rows) > 1 {
		last, _ := excelize.CoordinatesToCellName(8, len(rows))
		if err := f.SetCellStyle(sheet, "D2", last, amount); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return f.Write(w)
}

func contractWordsFor(lang string) (labels, error) {
	if lang == "" {
		lang = "zh"
	}
	words, ok := contractLanguages[lang]
	if !ok {
		return nil, fmt.Errorf("render: unknown language %q: want zh or en", lang)
	}
	return words, nil
}
