package httpapi

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/duediligence/render"
)

// mediaCSV and mediaXLSX are the ledger's file forms.
const (
	mediaCSV  = "text/csv"
	mediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// ledgerBody is the JSON form of GET /v1/ledger.
type ledgerBody struct {
	Year int                `json:"year"`
	Rows []render.LedgerRow `json:"rows"`
}

// ledger answers GET /v1/ledger?year=2026: the year's loan ledger (贷款台帐),
// the cases numbered that year as the caller may see them, by Accept: JSON
// (the default), CSV or XLSX, the files as attachments named
// ledger-2026.csv and ledger-2026.xlsx with headings in the language of
// ?lang= or Accept-Language. year is required: the ledger of "this year"
// would change meaning at midnight on 31 December.
func (s *server) ledger(w http.ResponseWriter, r *http.Request) error {
	media, lang, err := s.negotiateIn(w, r, mediaJSON, mediaCSV, mediaXLSX)
	if err != nil {
		return err
	}
	v := r.URL.Query().Get("year")
	if v == "" {
		return invalidField("year", "is required, such as year=2026")
	}
	year, err := strconv.Atoi(v)
	if err != nil {
		return invalidField("year", "must be a year such as 2026")
	}
	rows := []render.LedgerRow{}
	err = s.svc.Ledger(r.Context(), actorOf(r), year, func(l duediligence.Listing) error {
		rows = append(rows, render.LedgerRowOf(l))
		return nil
	})
	if err != nil {
		return err
	}
	if media == mediaJSON {
		return writeJSON(w, http.StatusOK, ledgerBody{Year: year, Rows: rows})
	}
	var buf bytes.Buffer
	ext := "csv"
	if media == mediaCSV {
		err = render.WriteLedgerCSV(&buf, rows, lang)
		media += "; charset=utf-8"
	} else {
		ext = "xlsx"
		err = render.WriteLedgerXLSX(&buf, rows, lang)
	}
	if err != nil {
		return fmt.Errorf("writing the ledger: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", media)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": fmt.Sprintf("ledger-%d.%s", year, ext)}))
	h.Set("Content-Language", lang)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
	return nil
}
