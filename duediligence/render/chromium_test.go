package render_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence/render"
)

// TestHTML_RendersInChromium prints the HTML of a full case to PDF with
// headless Chromium, as a lender would file it. It skips when chromium is
// not installed, unless JINZHI_REQUIRE_CHROMIUM=1 (as in CI). JINZHI_KEEP_PDF=path
// keeps a copy of the PDF to look at.
func TestHTML_RendersInChromium(t *testing.T) {
	var b bytes.Buffer
	if err := newRenderer(t, render.Options{}).HTML(&b, fullCase(), "zh"); err != nil {
		t.Fatal(err)
	}
	printPDF(t, b.Bytes(), 20_000, os.Getenv("JINZHI_KEEP_PDF"))
}

// TestContractHTML_RendersInChromium prints the loan contract, with its
// schedule attached, as TestHTML_RendersInChromium prints the report;
// JINZHI_KEEP_CONTRACT_PDF=path keeps a copy.
func TestContractHTML_RendersInChromium(t *testing.T) {
	var b bytes.Buffer
	if err := newRenderer(t, render.Options{}).ContractHTML(&b, contractedCase(t), "2026-000123-JK", "zh"); err != nil {
		t.Fatal(err)
	}
	printPDF(t, b.Bytes(), 20_000, os.Getenv("JINZHI_KEEP_CONTRACT_PDF"))
}

// printPDF prints page to PDF in headless Chromium and checks that a PDF of
// at least minBytes came out; keep, when set, is where a copy goes. It
// skips when chromium is not installed, unless JINZHI_REQUIRE_CHROMIUM=1.
func printPDF(t *testing.T, html []byte, minBytes int, keep string) {
	t.Helper()
	bin := chromiumBin(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "page.html")
	pdf := filepath.Join(dir, "page.pdf")
	if err := os.WriteFile(page, html, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
		"--no-first-run", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--print-to-pdf="+pdf, "file://"+page)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("chromium: %v (context: %v)\n%s", err, ctx.Err(), out)
	}
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatalf("no PDF: %v\n%s", err, out)
	}
	if !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Errorf("the output does not start with %%PDF: %q", data[:min(len(data), 16)])
	}
	if len(data) < minBytes {
		t.Errorf("the PDF has only %d bytes", len(data))
	}
	if keep != "" {
		if err := os.WriteFile(keep, data, 0o600); err != nil {
			t.Error(err)
		}
	}
}

// chromiumBin is the path of headless Chromium. Without it the test is
// skipped, or fails when JINZHI_REQUIRE_CHROMIUM=1 (as in CI).
func chromiumBin(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("JINZHI_REQUIRE_CHROMIUM") == "1" {
			t.Fatalf("JINZHI_REQUIRE_CHROMIUM=1 but chromium is not installed: %v", err)
		}
		t.Skip("chromium is not installed (apt-get install chromium); set JINZHI_REQUIRE_CHROMIUM=1 to make this a failure")
	}
	return bin
}
