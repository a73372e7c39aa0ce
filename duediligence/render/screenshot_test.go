package render_test

import (
	"bytes"
	"context"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

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

// TestScreenshot_Chinese renders the report and the approval form of a full
// case in Chinese, has headless Chromium lay them out (its DOM after
// layout, and a PNG screenshot), and checks that every section heading is
// there and that no label — heading, column or row name, caption — is in
// English. Skipped without chromium unless JINZHI_REQUIRE_CHROMIUM=1;
// JINZHI_KEEP_SCREENSHOTS=dir keeps the PNGs to look at.
func TestScreenshot_Chinese(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("JINZHI_REQUIRE_CHROMIUM") == "1" {
			t.Fatalf("JINZHI_REQUIRE_CHROMIUM=1 but chromium is not installed: %v", err)
		}
		t.Skip("chromium is not installed (apt-get install chromium); set JINZHI_REQUIRE_CHROMIUM=1 to make this a failure")
	}
	r := newRenderer(t, render.Options{})
	for _, doc := range []struct {
		name     string
		render   func(*bytes.Buffer) error
		sections []string
		height   string
	}{
		{"report", func(b *bytes.Buffer) error { return r.HTML(b, fullCase(), "zh") }, reportSectionsZH, "7000"},
		{"approval-form", func(b *bytes.Buffer) error { return r.ApprovalForm(b, fullCase(), "zh") }, approvalSectionsZH, "1754"},
	} {
		t.Run(doc.name, func(t *testing.T) {
			dir := t.TempDir()
			page := filepath.Join(dir, doc.name+".html")
			var b bytes.Buffer
			if err := doc.render(&b); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(page, b.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			png := filepath.Join(dir, doc.name+".png")
			chromium(t, bin, dir, "--screenshot="+png, "--window-size=1240,"+doc.height, "file://"+page)
			data, err := os.ReadFile(png)
			if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
				t.Fatalf("no PNG screenshot: %v", err)
			}
			if keep := os.Getenv("JINZHI_KEEP_SCREENSHOTS"); keep != "" {
				if err := os.WriteFile(filepath.Join(keep, doc.name+".png"), data, 0o600); err != nil {
					t.Error(err)
				}
			}
			dom := chromium(t, bin, dir, "--dump-dom", "file://"+page)
			headings := texts(dom, `h1|h2|h3`)
			for _, want := range doc.sections {
				found := false
				for _, h := range headings {
					found = found || h == want
				}
				if !found {
					t.Errorf("no heading %q in %q", want, headings)
				}
			}
			for _, label := range texts(dom, `h1|h2|h3|th|figcaption|strong|title`) {
				if english.MatchString(allowed.ReplaceAllString(label, "")) {
					t.Errorf("an English label in the Chinese rendering: %q", label)
				}
			}
		})
	}
}

var (
	english = regexp.MustCompile(`[A-Za-z]{2,}`)
	// allowed are the abbreviations a Chinese report writes in Latin letters.
	allowed = regexp.MustCompile(`SHA-256|DSR|DSCR|LTV|IRR`)
)

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
