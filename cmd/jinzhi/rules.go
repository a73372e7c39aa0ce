package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// ruleEntry is a rule as `jinzhi rules --json` prints it.
type ruleEntry struct {
	ID            string   `json:"id"`
	Severity      string   `json:"severity"`
	Description   string   `json:"description"`
	DescriptionZH string   `json:"description_zh"`
	Citation      string   `json:"citation"`
	CitationZH    string   `json:"citation_zh"`
	Gates         []string `json:"gates"`
	PolicyKnobs   []string `json:"policy_knobs"`
}

// ruleEntries are the rules of the default catalogue, in its order.
func ruleEntries() []ruleEntry {
	rules := duediligence.DefaultCatalogue().Rules()
	out := make([]ruleEntry, 0, len(rules))
	for _, r := range rules {
		e := ruleEntry{ID: r.ID, Severity: string(r.Severity), Description: r.Description, DescriptionZH: r.DescriptionZH,
			Citation: r.Citation, CitationZH: r.CitationIn(check.ZH), Gates: []string{}, PolicyKnobs: append([]string{}, duediligence.PolicyKnobs(r.ID)...)}
		for _, g := range r.Gates {
			e.Gates = append(e.Gates, string(g))
		}
		if len(e.Gates) == 0 {
			e.Gates = []string{string(duediligence.StageSubmitted)}
		}
		out = append(out, e)
	}
	return out
}

func rulesCommand() *command {
	return &command{name: "rules", synopsis: "[--json] [--lang zh|en]", summary: "list the rule catalogue: ID, severity, description, citation, policy knobs",
		about: `List the rules of the built-in catalogue: each one's ID, default severity,
what it checks, the law or practice it cites, the stages it gates and the
policy fields that set its limits (every rule also answers to
rules.severity.<id> and rules.disabled). docs/rules.md is this list,
generated. Touches no database.`,
		setup: func(fs *flag.FlagSet, env *environ) func(context.Context, []string) error {
			asJSON := fs.Bool("json", false, "print a JSON array instead of a table")
			lang := fs.String("lang", "zh", "the `language` of the descriptions in the table: zh or en")
			return func(_ context.Context, args []string) error {
				if err := noArgs("rules", args); err != nil {
					return err
				}
				if *lang != "zh" && *lang != "en" {
					return usagef("rules", "--lang must be zh or en, not %q", *lang)
				}
				if *asJSON {
					enc := json.NewEncoder(env.stdout)
					enc.SetIndent("", "  ")
					return enc.Encode(ruleEntries())
				}
				return printRules(env.stdout, check.Lang(*lang))
			}
		}}
}

// printRules writes the catalogue as a table.
func printRules(w io.Writer, lang check.Lang) error {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tDESCRIPTION\tCITATION\tPOLICY")
	for _, e := range ruleEntries() {
		desc, cite := e.Description, e.Citation
		if lang == check.ZH && e.DescriptionZH != "" {
			desc = e.DescriptionZH
		}
		if lang == check.ZH && e.CitationZH != "" {
			cite = e.CitationZH
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.ID, e.Severity, desc, cite, strings.Join(e.PolicyKnobs, ", "))
	}
	return tw.Flush()
}

// rulesMarkdown is docs/rules.md: the catalogue as a reference for a
// lender's engineers and compliance officers.
func rulesMarkdown() string {
	var b strings.Builder
	b.WriteString(`# Rules reference (审查规则)

<!-- Generated from duediligence.DefaultCatalogue by 'go test ./cmd/jinzhi -run TestRulesDoc -update'; do not edit. -->

Every rule of the built-in catalogue, in the order it runs: its stable ID, the
severity it raises by default (` + "`block`" + ` stops the gate, ` + "`warn`" + ` must be
acknowledged with a justification, ` + "`info`" + ` is shown), what it checks in English
and Chinese, the law or practice it cites (as an English reader and as a
Chinese document cites it), the stages whose entry it gates,
and the policy fields that set its limits. Every rule also answers to the
policy's ` + "`rules.severity.<id>`" + ` (another severity) and ` + "`rules.disabled`" + `.
` + "`jinzhi rules`" + ` prints the same list (` + "`--json`" + ` for a script).

| ID | Severity | Checks | 检查内容 | Citation | 依据 | Gates | Policy |
|---|---|---|---|---|---|---|---|
`)
	cell := func(s string) string { return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s) }
	for _, e := range ruleEntries() {
		knobs := make([]string, len(e.PolicyKnobs))
		for i, k := range e.PolicyKnobs {
			knobs[i] = "`" + k + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s | %s |\n", e.ID, e.Severity, cell(e.Description), cell(e.DescriptionZH),
			cell(e.Citation), cell(e.CitationZH), strings.Join(e.Gates, ", "), strings.Join(knobs, ", "))
	}
	return b.String()
}
