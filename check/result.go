package check

// Params are the named values a message template refers to, already written
// as a person reads them ("500000.00", "0.9500", "2026-11-27").
type Params map[string]string

// Result is one finding of a rule about a case (审查结果): the rule that
// found it, how strongly it weighs, the JSON path of the field it concerns,
// the message key and parameters it is rendered from, the message in
// English, and the law or practice the rule comes from.
//
// A rule usually sets Path, Key and Params only: the catalogue that runs it
// fills in Rule, Citation and the rule's default Severity and renders
// Message. A Severity set by the rule (a rule with two thresholds) overrides
// its default; a lender's policy overrides both.
type Result struct {
	// Rule is the stable ID of the rule ("repayment.dsr").
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Message is the result in English, rendered from Key and Params.
	Message string `json:"message"`
	// Path is the JSON path of the case field concerned ("collateral[2].encumbrances[0]").
	Path string `json:"path,omitempty"`
	// Citation is the law or practice the rule comes from.
	Citation string `json:"citation,omitempty"`
	// Key names the message in a Messages catalogue ("repayment.dsr.above");
	// Params fill its template. Render them in another language with
	// Messages.RenderResult.
	Key    string `json:"key,omitempty"`
	Params Params `json:"params,omitempty"`
}
