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
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("JINZHI_REQUIRE_CHROMIUM") == "1" {
			t.Fatalf("JINZHI_REQUIRE_CHROMIUM=1 but chromium is not installed: %v", err)
		}
		t.Skip("chromium is not installed (apt-get install chromium); set JINZHI_REQUIRE_CHROMIUM=1 to make this a failure")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	pdf := filepath.Join(dir, "report.pdf")
	var b bytes.Buffer
	if err := newRenderer(t, render.Options{}).HTML(&b, fullCase(), "zh"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, b.Bytes(), 0o600); err != nil {
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
	if len(data) < 20_000 {
		t.Errorf("the PDF has only %d bytes", len(data))
	}
	if dst := os.Getenv("JINZHI_KEEP_PDF"); dst != "" {
		if err := os.WriteFile(dst, data, 0o600); err != nil {
			t.Error(err)
		}
	}
}
