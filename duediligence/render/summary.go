package render

import (
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io"
	"strconv"
	"sync"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

//go:embed templates/weekly.html.tmpl
var weeklyFS embed.FS

// weeklyTemplate is the weekly summary's page, parsed once.
var weeklyTemplate = sync.OnceValues(func() (*htmltemplate.Template, error) {
	src, err := weeklyFS.ReadFile("templates/weekly.html.tmpl")
	if err != nil {
		return nil, err
	}
	return htmltemplate.New("weekly.html.tmpl").Funcs(htmltemplate.FuncMap{"date": dayZH}).Parse(string(src))
})

// dayZH writes a day as 2026年12月7日.
func dayZH(d money.Date) string {
	return strconv.Itoa(d.Year) + "年" + strconv.Itoa(int(d.Month)) + "月" + strconv.Itoa(d.Day) + "日"
}

// WeeklySummaryHTML writes the weekly summary (周报) as a printable A4 page
// in Chinese: one row per account manager, and for the team's roll-up the
// total, with the lines the department manager signs to file it.
func (r *Renderer) WeeklySummaryHTML(w io.Writer, s duediligence.WeeklySummary) error {
	t, err := weeklyTemplate()
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	return t.Execute(w, s)
}
