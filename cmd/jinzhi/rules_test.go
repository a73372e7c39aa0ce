package main

import (
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md from the catalogue")

// TestRulesDoc fails when docs/rules.md is not what the catalogue
// generates: run 'go test ./cmd/jinzhi -run TestRulesDoc -update'.
func TestRulesDoc(t *testing.T) {
	const path = "../../docs/rules.md"
	want := rulesMarkdown()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("docs/rules.md is stale: run 'go test ./cmd/jinzhi -run TestRulesDoc -update'")
	}
	for _, r := range duediligence.DefaultCatalogue().Rules() {
		if !strings.Contains(string(got), "| `"+r.ID+"` |") {
			t.Errorf("docs/rules.md has no row for %s", r.ID)
		}
	}
}

func TestRulesCommand(t *testing.T) {
	getenv, dir := env(t, nil)
	code, out, _ := runCmd(t, getenv, "rules", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var rules []ruleEntry
	if err := json.Unmarshal([]byte(out), &rules); err != nil {
		t.Fatal(err)
	}
	if len(rules) != len(duediligence.DefaultCatalogue().Rules()) {
		t.Fatalf("%d rules, the catalogue has %d", len(rules), len(duediligence.DefaultCatalogue().Rules()))
	}
	var dsr *ruleEntry
	for i := range rules {
		if rules[i].ID == "repayment.dsr" {
			dsr = &rules[i]
		}
	}
	if dsr == nil || dsr.Severity != "block" || dsr.DescriptionZH == "" || len(dsr.PolicyKnobs) != 1 || dsr.PolicyKnobs[0] != "limits.max_dsr" {
		t.Errorf("repayment.dsr: %+v", dsr)
	}
	code, out, _ = runCmd(t, getenv, "rules")
	if code != 0 || !strings.Contains(out, "repayment.dsr") || !strings.Contains(out, "limits.max_dsr") {
		t.Errorf("table (exit %d):\n%s", code, out)
	}
	if code, _, _ := runCmd(t, getenv, "rules", "--lang", "fr"); code != exitUsage {
		t.Errorf("--lang fr: exit %d, want %d", code, exitUsage)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("rules created files: %v", entries)
	}
}
