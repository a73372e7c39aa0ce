package render_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/duediligence/render"
)

func newRenderer(t *testing.T, opt render.Options) *render.Renderer {
	t.Helper()
	r, err := render.New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func markdown(t *testing.T, r *render.Renderer, c *duediligence.Case, lang string) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Markdown(&b, c, lang); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func htmlOf(t *testing.T, r *render.Renderer, c *duediligence.Case, lang string) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.HTML(&b, c, lang); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var headings = map[string][]string{
	"zh": {"基本信息", "借款人基本情况", "征信情况", "借款申请及用途", "经营及市场情况", "财务分析", "还款能力分析", "担保分析", "抵质押物", "保证担保",
		"合法性、合规性、安全性、盈利性分析", "合法性", "合规性", "安全性", "盈利性", "风险及防范措施", "调查结论及授信建议", "授信条件", "客户经理意见",
		"调查人声明", "审查审批意见", "附：规则检查结果"},
	"en": {"Basic information", "Borrower profile", "Credit record", "Loan request and purpose", "Operations and market", "Financial analysis", "Repayment ability",
		"Security analysis", "Collateral", "Guarantees", "Legality, compliance, safety and profitability", "Legality", "Compliance", "Safety", "Profitability",
		"Risks and mitigations", "Recommendation", "Conditions", "Account manager's opinion", "Attestations", "Review and approval opinions", "Annex: rule results"},
}

func TestRenderer_Markdown(t *testing.T) {
	r := newRenderer(t, render.Options{})
	for lang, want := range headings {
		t.Run(lang, func(t *testing.T) {
			md := markdown(t, r, fullCase(), lang)
			for _, h := range want {
				if !regexp.MustCompile(`(?m)^##+ ` + regexp.QuoteMeta(h) + `$`).MatchString(md) {
					t.Errorf("no heading %q", h)
				}
			}
			for _, s := range []string{"2026-000123", "杭州青山贸易有限公司", "91330106MA2B3C4D5E", "1,000,000.00", "4.35%",
				"104.00%", "62.50%", "评估报告将于放款前更新", "王五", "2,500,000.00", "办妥抵押登记后放款", "3b1f0c0d9e1a2b3c", "2026-03-02 09:30"} {
				if !strings.Contains(md, s) {
					t.Errorf("markdown lacks %q", s)
				}
			}
			for _, line := range fullCase().Report.Collateral {
				row := regexp.MustCompile(`(?m)^\| [^|]+ \| ` + regexp.QuoteMeta(line.Description) + ` \|.*\|$`)
				if !row.MatchString(md) {
					t.Errorf("no collateral row for %q", line.Description)
				}
			}
		})
	}
	t.Run("DefaultLanguage", func(t *testing.T) {
		en := newRenderer(t, render.Options{Lang: "en"})
		if md := markdown(t, en, fullCase(), ""); !strings.Contains(md, "## Borrower profile") {
			t.Error("Options.Lang en does not make English the default")
		}
		if md := markdown(t, r, fullCase(), ""); !strings.Contains(md, "## 借款人基本情况") {
			t.Error("the default language is not Chinese")
		}
	})
	t.Run("TableCellEscaped", func(t *testing.T) {
		c := fullCase()
		c.Report.Collateral[0].Description = "A | B\nC"
		md := markdown(t, r, c, "en")
		if !strings.Contains(md, `| A \| B C |`) {
			t.Error("a pipe or line break in a cell is not escaped")
		}
	})
}

func TestRenderer_NoReport(t *testing.T) {
	r := newRenderer(t, render.Options{})
	c := fullCase()
	c.Report, c.LedgerNumber = nil, ""
	md := markdown(t, r, c, "zh")
	for _, s := range []string{"尚无报告", "尚未生成可行性调查报告", "未编号", "杭州青山贸易有限公司"} {
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q:\n%s", s, md)
		}
	}
	h := htmlOf(t, r, c, "en")
	if !strings.Contains(h, "No report yet") || strings.Contains(h, "<svg") {
		t.Errorf("html of a case without a report:\n%s", h)
	}
}

func TestRenderer_HTML(t *testing.T) {
	r := newRenderer(t, render.Options{})
	t.Run("Escapes", func(t *testing.T) {
		c := fullCase()
		c.Report.Profile = `<script>alert("x")</script>`
		c.Applicant.Name = `<b>公司</b>`
		c.Report.Collateral[1].Description = `<script>svg</script>`
		h := htmlOf(t, r, c, "zh")
		if strings.Contains(h, "<script") || strings.Contains(h, "<b>公司") {
			t.Error("user text reached the page unescaped")
		}
		if !strings.Contains(h, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
			t.Error("the narrative is not shown escaped")
		}
	})
	t.Run("Printable", func(t *testing.T) {
		h := htmlOf(t, r, fullCase(), "zh")
		for _, s := range []string{"@page { size: A4; margin: 18mm; }", "break-inside: avoid", `"Noto Sans CJK SC"`, `lang="zh-CN"`} {
			if !strings.Contains(h, s) {
				t.Errorf("html lacks %q", s)
			}
		}
	})
	t.Run("SVG", func(t *testing.T) {
		c := fullCase()
		c.Report.Collateral[0].Description = `<&"'>`
		h := htmlOf(t, r, c, "en")
		svgs := regexp.MustCompile(`(?s)<svg.*?</svg>`).FindAllString(h, -1)
		if len(svgs) != 2 {
			t.Fatalf("found %d SVG charts, want coverage and repayment", len(svgs))
		}
		for _, s := range svgs {
			if strings.Contains(s, "<script") {
				t.Error("script in an SVG")
			}
		}
		cov := wellFormed(t, svgs[1])
		if !containsText(cov, "Principal 1,000,000.00") || !containsText(cov, `residential <&"'>: 840,000.00`) {
			t.Errorf("coverage chart texts: %q", cov)
		}
		rep := wellFormed(t, svgs[0])
		if !containsText(rep, "Period 12") {
			t.Errorf("repayment chart texts: %q", rep)
		}
	})
}

// wellFormed parses an SVG with encoding/xml and returns its texts.
func wellFormed(t *testing.T, s string) []string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	var texts []string
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, s)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if depth == 0 && (tok.Name.Local != "svg" || tok.Name.Space != "http://www.w3.org/2000/svg") {
				t.Errorf("root element %v", tok.Name)
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if s := strings.TrimSpace(string(tok)); s != "" {
				texts = append(texts, s)
			}
		}
	}
	if depth != 0 {
		t.Errorf("SVG ends at depth %d", depth)
	}
	return texts
}

func containsText(texts []string, s string) bool {
	for _, t := range texts {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

func TestNew_ReplacementTemplates(t *testing.T) {
	fsys := fstest.MapFS{
		render.MarkdownTemplate: {Data: []byte(`{{.T "ledger_number"}}: {{.Case.LedgerNumber}} / {{.Enum "stage" .Case.Stage}} / {{money .Report.Recommendation.Amount}}`)},
	}
	r := newRenderer(t, render.Options{Templates: fsys})
	if got, want := markdown(t, r, fullCase(), "zh"), "台帐编号: 2026-000123 / 已提交审批 / 1,000,000.00"; got != want {
		t.Errorf("replacement markdown = %q, want %q", got, want)
	}
	if got, want := markdown(t, r, fullCase(), "en"), "Ledger number: 2026-000123 / submitted / 1,000,000.00"; got != want {
		t.Errorf("replacement markdown = %q, want %q", got, want)
	}
	// The HTML template was not replaced: the built-in one is used.
	if h := htmlOf(t, r, fullCase(), "zh"); !strings.Contains(h, "<h2>借款人基本情况</h2>") {
		t.Error("the built-in HTML template is not used when the lender gives none")
	}

	t.Run("ErrParse", func(t *testing.T) {
		_, err := render.New(render.Options{Templates: fstest.MapFS{render.HTMLTemplate: {Data: []byte(`{{.Case`)}}})
		if err == nil {
			t.Error("a template that does not parse is accepted")
		}
	})
	t.Run("ErrLang", func(t *testing.T) {
		if _, err := render.New(render.Options{Lang: "fr"}); err == nil {
			t.Error("an unknown language is accepted")
		}
		if err := newRenderer(t, render.Options{}).Markdown(io.Discard, fullCase(), "fr"); err == nil {
			t.Error("an unknown language is accepted by Markdown")
		}
	})
}
