package render_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/duediligence/render"
	"github.com/jinzhi-dev/jinzhi/money"
)

// fitScript, run by Chromium after the page is laid out at the width of an
// A4 page (210 mm at 96 dpi), writes into the DOM every table that runs
// past the body, which a printout would cut off.
const fitScript = `<script>
const edge = document.body.getBoundingClientRect().right + 1;
const over = [...document.querySelectorAll("table")].filter(t => t.getBoundingClientRect().right > edge)
  .map(t => (t.querySelector("th") || t).textContent.trim().slice(0, 20));
const out = document.createElement("pre");
out.id = "fit";
out.textContent = JSON.stringify(over);
document.body.append(out);
</script>`

// TestPrint_TablesFitA4: the weekly summary of one account manager and the
// department's roll-up (thirteen columns of counts), and the collection
// notice, lay out within an A4 page in headless Chromium: no table runs
// past the page's edge. Skipped without chromium unless
// JINZHI_REQUIRE_CHROMIUM=1; JINZHI_KEEP_SCREENSHOTS=dir keeps the pages.
func TestPrint_TablesFitA4(t *testing.T) {
	bin := chromiumBin(t)
	r := newRenderer(t, render.Options{})
	busy := duediligence.Activity{Owner: "u-1", OwnerName: "欧阳慧敏", CasesCreated: 12, StageChanges: 148, Submissions: 10, Decisions: 36,
		Signatures: 24, Disbursements: 9, Repayments: 1234, RepaymentsReversed: 3, Demands: 17, Visits: 41, Consultations: 212, Applications: 19}
	week := duediligence.WeeklySummary{Week: "2026-W10", From: money.Date{Year: 2026, Month: 3, Day: 2}, To: money.Date{Year: 2026, Month: 3, Day: 8}}
	mine := week
	mine.Owner, mine.Rows = busy.Owner, []duediligence.Activity{busy}
	mine.Items = []duediligence.ActivityItem{
		{On: week.From, Kind: "case.transitioned", Stage: duediligence.StageSubmitted, CaseID: "c-1", LedgerNumber: "2026-000123", Subject: "上海某某机械制造有限公司"},
		{On: week.From, Kind: "loan.disbursed", CaseID: "c-2", LedgerNumber: "2026-000124", Subject: "欧阳建国"},
		{On: week.To, Kind: "consultation", Subject: "李四"},
	}
	team := week
	team.Rows, team.Total = []duediligence.Activity{busy, busy, busy}, busy
	team.Total.OwnerName = "合计"

	c := pricedCase(t)
	due := money.Date{Year: 2026, Month: 4, Day: 2}
	st := &duediligence.LoanStatus{CaseID: c.ID, ContractNumber: "2026-000001-JK", Borrower: "上海某某机械制造有限公司", AsOf: due.AddDays(100),
		Principal: money.MustMoney("9876543.21"), Overdue: money.MustMoney("1234567.89"), DaysPastDue: 100}
	for i := range 4 {
		st.Installments = append(st.Installments, duediligence.InstallmentStatus{Receipt: "2026-000001-JK-1", Period: i + 1,
			DueDate: due.AddDays(30 * i), Principal: money.MustMoney("1000000.00"), Interest: money.MustMoney("200000.00"),
			Penalty: money.MustMoney("34567.89"), Status: "overdue", DaysPastDue: 100 - 30*i, Outstanding: money.MustMoney("1234567.89")})
	}

	for _, doc := range []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"weekly-owner", func(b *bytes.Buffer) error { return r.WeeklySummaryHTML(b, mine) }},
		{"weekly-team", func(b *bytes.Buffer) error { return r.WeeklySummaryHTML(b, team) }},
		{"collection-notice", func(b *bytes.Buffer) error {
			return render.CollectionNoticeHTML(b, c, st, "金之小额贷款有限公司", "上海市浦东新区某某路 100 号 12 楼，电话 021-12345678")
		}},
	} {
		t.Run(doc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := doc.render(&b); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			page := filepath.Join(dir, doc.name+".html")
			if err := os.WriteFile(page, []byte(strings.Replace(b.String(), "</body>", fitScript+"</body>", 1)), 0o600); err != nil {
				t.Fatal(err)
			}
			if keep := os.Getenv("JINZHI_KEEP_SCREENSHOTS"); keep != "" {
				chromium(t, bin, dir, "--screenshot="+filepath.Join(keep, doc.name+".png"), "--window-size=794,1123", "file://"+page)
			}
			dom := chromium(t, bin, dir, "--window-size=794,1123", "--dump-dom", "file://"+page)
			m := regexp.MustCompile(`<pre id="fit">(.*?)</pre>`).FindStringSubmatch(dom)
			if m == nil {
				t.Fatalf("the page's script did not run: %s", dom)
			}
			if doc.name == "collection-notice" && !strings.Contains(dom, "联系地址及电话：上海市浦东新区某某路 100 号 12 楼，电话 021-12345678") {
				t.Error("the notice does not print the lender's contact")
			}
			if m[1] != "[]" {
				t.Errorf("tables run past the edge of an A4 page: %s", m[1])
			}
		})
	}
}
