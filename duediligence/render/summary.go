package render

import (
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io"
	"strconv"
	"sync"

	"github.com/jinzhi-dev/jinzhi/check"
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
	return htmltemplate.New("weekly.html.tmpl").Funcs(htmltemplate.FuncMap{"date": dayZH, "item": itemZH}).Parse(string(src))
})

// stageWords are the catalogue's, for the stages' Chinese names.
var stageWords = duediligence.Messages()

// itemWords name the items of a week's list as the summary's columns do.
var itemWords = map[string]string{
	"case.created": "新建案件", "case.transitioned": "阶段变更", "case.decided": "审批意见", "contracts.drafted": "起草合同",
	"contract.signed": "合同签字", "loan.disbursed": "放款", "repayment.recorded": "收到还款", "repayment.reversed": "还款冲正",
	"demand.recorded": "催收送达", "visit": "贷后回访", "consultation": "咨询登记",
}

// itemZH names an item of the week's list: a move to submitted is a
// submission (提交审批), another move names the stage it reached.
func itemZH(it duediligence.ActivityItem) string {
	if it.Kind == "case.transitioned" && it.Stage != "" {
		if it.Stage == duediligence.StageSubmitted {
			return "提交审批"
		}
		return "阶段变更（" + stageWords.Render(check.ZH, "stage."+string(it.Stage), nil) + "）"
	}
	if w, ok := itemWords[it.Kind]; ok {
		return w
	}
	return it.Kind
}

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
