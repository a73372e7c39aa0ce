package render

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"sync"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

//go:embed templates/notice.html.tmpl
var noticeSrc string

var noticeTemplate = sync.OnceValues(func() (*htmltemplate.Template, error) {
	return htmltemplate.New("notice.html.tmpl").Funcs(funcs()).Funcs(htmltemplate.FuncMap{"dayzh": dayZH}).Parse(noticeSrc)
})

// NoticeLine is one overdue installment of a collection notice.
type NoticeLine struct {
	duediligence.InstallmentStatus
	// Principal is the principal unpaid, InterestFee the interest and fees
	// unpaid, Penalty the overdue interest unpaid, Total all of it.
	Principal, InterestFee, Penalty, Total money.Money
}

// NoticeData is what the collection notice template sees.
type NoticeData struct {
	Lender string
	// Contact is the lender's address and telephone (Policy.LenderContact).
	Contact    string
	Date       money.Date
	Status     *duediligence.LoanStatus
	Overdue    []NoticeLine
	Guarantors []string
}

// CollectionNoticeHTML writes the collection notice (催收通知书) of a loan as
// of st.AsOf as a printable A4 page in Chinese: the overdue installments,
// the amounts owed in figures and 大写, the guarantors to be notified, the
// lender's contact (a line to fill in when contact is empty).
func CollectionNoticeHTML(w io.Writer, c *duediligence.Case, st *duediligence.LoanStatus, lender, contact string) error {
	if c == nil || st == nil {
		return errors.New("render: nil case or loan")
	}
	t, err := noticeTemplate()
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	d := &NoticeData{Lender: lender, Contact: contact, Date: st.AsOf, Status: st}
	for _, is := range st.Installments {
		if is.Status != "overdue" {
			continue
		}
		ln := NoticeLine{InstallmentStatus: is}
		ln.Principal, _ = is.Principal.Sub(is.PaidPrincipal)
		i, _ := is.Interest.Add(is.Fee)
		paid, _ := is.PaidInterest.Add(is.PaidFee)
		ln.InterestFee, _ = i.Sub(paid)
		ln.Penalty, _ = is.Penalty.Sub(is.PaidPenalty)
		ln.Total = is.Outstanding
		d.Overdue = append(d.Overdue, ln)
	}
	for _, g := range c.Guarantees {
		d.Guarantors = append(d.Guarantors, g.Guarantor.Name)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return fmt.Errorf("render: collection notice: %w", err)
	}
	_, err = w.Write(b.Bytes())
	return err
}
