package render_test

import (
	"bytes"
	"context"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jinzhi-dev/jinzhi/duediligence/render"
)

// reportSectionsZH are the headings a 授信调查报告 must show (DOCUMENTS.md),
// and approvalSectionsZH those of the 立项审批表.
var (
	reportSectionsZH = []string{"授信调查报告", "基本信息", "借款人基本情况", "征信情况", "借款申请及用途", "经营及市场情况", "财务分析",
		"还款能力分析", "担保分析", "抵质押物", "保证担保", "合法性、合规性、安全性、盈利性分析", "合法性", "合规性", "安全性", "盈利性",
		"风险及防范措施", "调查结论及授信建议", "授信条件", "客户经理意见", "调查人声明", "审查审批意见", "附：规则检查结果"}
	approvalSectionsZH = []string{"立项审批表", "申请人", "申请与建议", "担保情况", "主要指标", "规则检查", "审批流程"}
)

// TestScreenshot_Chinese renders the report and the approval form of a
// priced case (8.50% with a fee, collateral, a guarantee, an approval chain
// with one step signed and one open, the real catalogue's checks) in
// Chinese, has headless Chromium lay them out (its DOM after layout, and a
// PNG screenshot), and checks that every section heading is there, that no
// label — heading, column or row name, caption — is in English, and that
// nothing a reader sees is: no English word in a message or a citation
// ("Civil Code art. 401"), no rate or ratio left a raw fraction ("名义
// 0.0849999922") or shown to more digits than a document shows
// ("8.49999922%"). The English renderings are laid out and screenshot too,
// and their labels must not be Chinese. Skipped without chromium unless
// JINZHI_REQUIRE_CHROMIUM=1; JINZHI_KEEP_SCREENSHOTS=dir keeps the PNGs to
// look at.
func TestScreenshot_Chinese(t *testing.T) {
	bin := chromiumBin(t)
	r := newRenderer(t, render.Options{})
	c := pricedCase(t)
	for _, doc := range []struct {
		name     string
		render   func(*bytes.Buffer, string) error
		sections []string
		height   string
	}{
		{"report", func(b *bytes.Buffer, lang string) error { return r.HTML(b, c, lang) }, reportSectionsZH, "7600"},
		{"approval-form", func(b *bytes.Buffer, lang string) error { return r.ApprovalForm(b, c, lang) }, approvalSectionsZH, "1754"},
	} {
		for _, lang := range []string{"zh", "en"} {
			t.Run(doc.name+"-"+lang, func(t *testing.T) {
				dom := layOut(t, bin, doc.name+"-"+lang, doc.height, func(b *bytes.Buffer) error { return doc.render(b, lang) })
				if lang == "en" {
					// The charts' tooltips name the case's items in its own words.
					outside := regexp.MustCompile(`(?s)<svg.*?</svg>`).ReplaceAllString(dom, "")
					for _, label := range texts(outside, `h1|h2|h3|th|figcaption|strong|title`) {
						if han.MatchString(label) {
							t.Errorf("a Chinese label in the English rendering: %q", label)
						}
					}
					return
				}
				headings := texts(dom, `h1|h2|h3`)
				for _, want := range doc.sections {
					if !slices.Contains(headings, want) {
						t.Errorf("no heading %q in %q", want, headings)
					}
				}
				for _, label := range texts(dom, `h1|h2|h3|th|figcaption|strong|title`) {
					if english.MatchString(allowed.ReplaceAllString(label, "")) {
						t.Errorf("an English label in the Chinese rendering: %q", label)
					}
				}
				body := bodyText(dom)
				seen := map[string]bool{}
				for _, w := range english.FindAllString(allowed.ReplaceAllString(body, " "), -1) {
					if !seen[w] {
						seen[w] = true
						t.Errorf("an English word %q in the Chinese rendering: …%s…", w, around(body, w))
					}
				}
				for _, m := range rawFraction.FindAllStringIndex(body, -1) {
					f := body[m[0]:m[1]]
					if strings.HasPrefix(body[m[1]:], "%") && !strings.HasSuffix(f, "%") {
						continue // a small percentage (精确至 0.0001%), not a fraction
					}
					if !seen[f] {
						seen[f] = true
						t.Errorf("a rate or ratio left a fraction or over-precise: %q in …%s…", f, around(body, f))
					}
				}
			})
		}
	}
}

// layOut writes the page render gives, has headless Chromium screenshot it
// (kept in JINZHI_KEEP_SCREENSHOTS as name.png) and returns its DOM after
// layout.
func layOut(t *testing.T, bin, name, height string, render func(*bytes.Buffer) error) string {
	t.Helper()
	dir := t.TempDir()
	page := filepath.Join(dir, name+".html")
	var b bytes.Buffer
	if err := render(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	png := filepath.Join(dir, name+".png")
	chromium(t, bin, dir, "--screenshot="+png, "--window-size=1240,"+height, "file://"+page)
	data, err := os.ReadFile(png)
	if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
		t.Fatalf("no PNG screenshot: %v", err)
	}
	if keep := os.Getenv("JINZHI_KEEP_SCREENSHOTS"); keep != "" {
		if err := os.WriteFile(filepath.Join(keep, name+".png"), data, 0o600); err != nil {
			t.Error(err)
		}
		if err := os.WriteFile(filepath.Join(keep, name+".html"), b.Bytes(), 0o600); err != nil {
			t.Error(err)
		}
	}
	return chromium(t, bin, dir, "--dump-dom", "file://"+page)
}

var (
	english = regexp.MustCompile(`[A-Za-z]{2,}`)
	han     = regexp.MustCompile(`\p{Han}`)
	// allowed are what a Chinese report writes in Latin letters: the
	// abbreviations of its figures and standards, rule IDs
	// (collateral.appraisal_stale), the report's hash, credit codes and
	// resident ID numbers, the case's own words in Latin letters (m²).
	allowed = regexp.MustCompile(`SHA-256|DSCR|DSR|LTV|IRR|LPR|GB/T|GB|\b[a-z][a-z_]*(?:\.[a-z_]+)+\b|\b[0-9a-f]{64}\b|\b[0-9A-Z]{18}\b|\b[0-9]{6}\*{8}[0-9]{3}[0-9X]\b`)
	// rawFraction is a rate or ratio shown as a fraction (0.0435, 0.085,
	// 0.0849999922) — not an amount, which has two decimals — or as a
	// percentage with more digits than 0.0001%.
	rawFraction = regexp.MustCompile(`(?:^|[^\d.,])0\.\d{3,}|\d+\.\d{5,}%`)
)

// bodyText is the text a reader sees of a DOM: the body's, tags stripped
// (the page's style is in its head), entities decoded.
func bodyText(dom string) string {
	if i := strings.Index(dom, "<body"); i >= 0 {
		dom = dom[i:]
	}
	dom = regexp.MustCompile(`(?s)<style.*?</style>`).ReplaceAllString(dom, " ")
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(dom, " "))
}

// around is the text about the first s in body, to say where it is.
func around(body, s string) string {
	i := strings.Index(body, s)
	if i < 0 {
		return s
	}
	from, to := max(0, i-60), min(len(body), i+len(s)+60)
	for from > 0 && !utf8.RuneStart(body[from]) {
		from--
	}
	for to < len(body) && !utf8.RuneStart(body[to]) {
		to++
	}
	return strings.Join(strings.Fields(body[from:to]), " ")
}

// chromium runs headless Chromium with args and returns its standard output.
func chromium(t *testing.T, bin, dir string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
		"--no-first-run", "--user-data-dir=" + filepath.Join(dir, "profile")}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v (context: %v)\n%s", args, err, ctx.Err(), errb.String())
	}
	return out.String()
}

// texts returns the text of every element of the tags (an alternation) in
// the DOM, tags inside stripped, entities decoded and spaces trimmed.
func texts(dom, tags string) []string {
	re := regexp.MustCompile(`(?s)<(` + tags + `)(?:\s[^>]*)?>(.*?)</(?:` + tags + `)>`)
	tag := regexp.MustCompile(`<[^>]*>`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(dom, -1) {
		out = append(out, strings.TrimSpace(html.UnescapeString(tag.ReplaceAllString(m[2], ""))))
	}
	return out
}
