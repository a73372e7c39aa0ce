package httpapi

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// portfolioQuery reads ?after= and ?limit= of a portfolio page.
func portfolioQuery(r *http.Request) (after string, limit int, err error) {
	q := r.URL.Query()
	after = q.Get("after")
	if v := q.Get("limit"); v != "" {
		limit, err = strconv.Atoi(v)
		if err != nil || limit < 1 || limit > duediligence.MaxPortfolioPage {
			return "", 0, invalidField("limit", "must be an integer between 1 and %d", duediligence.MaxPortfolioPage)
		}
	}
	return after, limit, nil
}

// portfolioOverdue answers GET /v1/portfolio/overdue?as_of=: the loans
// overdue on the day, as the caller may see them — a page as JSON, or
// every page as CSV or XLSX for the department manager's spreadsheet.
func (s *server) portfolioOverdue(w http.ResponseWriter, r *http.Request) error {
	d, err := asOf(r)
	if err != nil {
		return err
	}
	page := func(after string, limit int) ([][]string, string, any, error) {
		p, err := s.svc.PortfolioOverdue(r.Context(), actorOf(r), d, after, limit)
		if err != nil {
			return nil, "", nil, err
		}
		cells := make([][]string, len(p.Rows))
		for i, o := range p.Rows {
			cells[i] = []string{o.ContractNumber, o.Borrower, o.OldestDue.String(), strconv.Itoa(o.DaysPastDue), strconv.Itoa(o.Installments),
				o.Overdue.String(), o.Classification.Chinese(), o.Maturity.String()}
		}
		return cells, p.Next, p, nil
	}
	heads := map[string][]string{
		"zh": {"合同编号", "借款人", "最早逾期应还日", "逾期天数", "逾期期数", "逾期金额", "五级分类", "到期日"},
		"en": {"Contract", "Borrower", "Oldest due", "Days past due", "Installments", "Overdue", "Classification", "Maturity"},
	}
	return s.portfolio(w, r, "overdue", heads, []int{3, 4, 5}, page)
}

// portfolioMaturities answers GET /v1/portfolio/maturities?within_days=:
// what falls due from today to within_days days on, by day and loan.
func (s *server) portfolioMaturities(w http.ResponseWriter, r *http.Request) error {
	days := 30
	if v := r.URL.Query().Get("within_days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return invalidField("within_days", "must be a number of days such as 30")
		}
		days = n
	}
	page := func(after string, limit int) ([][]string, string, any, error) {
		p, err := s.svc.PortfolioMaturities(r.Context(), actorOf(r), days, after, limit)
		if err != nil {
			return nil, "", nil, err
		}
		cells := make([][]string, len(p.Rows))
		for i, m := range p.Rows {
			final := ""
			if m.Final {
				final = "✓"
			}
			cells[i] = []string{m.DueDate.String(), m.ContractNumber, m.Borrower, strconv.Itoa(m.Installments), m.Amount.String(), final,
				m.Classification.Chinese()}
		}
		return cells, p.Next, p, nil
	}
	heads := map[string][]string{
		"zh": {"应还日", "合同编号", "借款人", "期数", "应还金额", "到期", "五级分类"},
		"en": {"Due", "Contract", "Borrower", "Installments", "Amount", "Maturity", "Classification"},
	}
	return s.portfolio(w, r, "maturities", heads, []int{3, 4}, page)
}

// portfolio serves a portfolio list by Accept: the page asked for as JSON,
// or every page, one query each, as CSV (with a byte-order mark) or XLSX.
// numeric are the columns written as numbers in XLSX.
func (s *server) portfolio(w http.ResponseWriter, r *http.Request, name string, heads map[string][]string, numeric []int,
	page func(after string, limit int) ([][]string, string, any, error)) error {
	media, lang, err := s.negotiateIn(w, r, mediaJSON, mediaCSV, mediaXLSX)
	if err != nil {
		return err
	}
	after, limit, err := portfolioQuery(r)
	if err != nil {
		return err
	}
	if media == mediaJSON {
		_, _, body, err := page(after, limit)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, body)
	}
	head, ok := heads[lang]
	if !ok {
		head = heads["zh"]
	}
	rows := [][]string{head}
	for {
		cells, next, _, err := page(after, duediligence.MaxPortfolioPage)
		if err != nil {
			return err
		}
		rows = append(rows, cells...)
		if next == "" {
			break
		}
		after = next
	}
	var buf bytes.Buffer
	ext := "csv"
	if media == mediaCSV {
		buf.WriteString("\uFEFF")
		cw := csv.NewWriter(&buf)
		_ = cw.WriteAll(rows)
		err = cw.Error()
		media += "; charset=utf-8"
	} else {
		ext = "xlsx"
		err = writeSheet(&buf, name, rows, numeric)
	}
	if err != nil {
		return fmt.Errorf("writing the %s list: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", media)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "portfolio-" + name + "." + ext}))
	h.Set("Content-Language", lang)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
	return nil
}

// writeSheet writes rows as a workbook of one sheet, the numeric columns
// as number cells from their exact decimal strings.
func writeSheet(buf *bytes.Buffer, name string, rows [][]string, numeric []int) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	for r, row := range rows {
		for i, v := range row {
			ref, _ := excelize.CoordinatesToCellName(i+1, r+1)
			isNum := false
			for _, n := range numeric {
				isNum = isNum || n == i
			}
			if r > 0 && isNum {
				err = f.SetCellDefault(name, ref, v)
			} else {
				err = f.SetCellStr(name, ref, v)
			}
			if err != nil {
				return err
			}
		}
	}
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return f.Write(buf)
}
