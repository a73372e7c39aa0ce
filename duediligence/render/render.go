package render

import (
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"io/fs"
	texttemplate "text/template"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// The template names, in Options.Templates and in the built-in set.
const (
	MarkdownTemplate = "report.md.tmpl"
	HTMLTemplate     = "report.html.tmpl"
	// ApprovalTemplate is the approval form (立项审批表), printable HTML.
	ApprovalTemplate = "approval.html.tmpl"
)

//go:embed templates/report.md.tmpl templates/report.html.tmpl templates/approval.html.tmpl
var builtin embed.FS

// Options configure a Renderer.
type Options struct {
	// Templates holds a lender's replacement templates, MarkdownTemplate,
	// HTMLTemplate, ApprovalTemplate, ContractMarkdownTemplate and
	// ContractHTMLTemplate at its root; any may be absent, and then the
	// built-in one is used. Nil means the built-in templates. The report
	// and approval templates see a *Data, the contract templates a
	// *ContractData.
	Templates fs.FS
	// Lang is the language used when a call names none: "zh" (the
	// default) or "en".
	Lang string
}

// Renderer renders a case's feasibility report (可行性调查报告) as Markdown
// and as printable HTML. It is safe for concurrent use.
type Renderer struct {
	lang      string
	md        *texttemplate.Template
	html      *htmltemplate.Template
	approval  *htmltemplate.Template
	contracts *contractTemplates
}

// funcs are the formatting functions every template may call. The words of
// the language are methods of Data (.T, .Enum), so they follow each call's
// language without re-parsing.
func funcs() map[string]any {
	return map[string]any{
		"money":    formatMoney,
		"percent":  percent,
		"irr":      irr,
		"when":     when,
		"day":      day,
		"cell":     mdCell,
		"inc":      func(i int) int { return i + 1 },
		"date":     longDate,
		"moneyp":   moneyP,
		"masked":   Masked,
		"capitals": func(m money.Money) string { return m.Capitals() },
	}
}

// New parses the templates; a template that does not parse is an error
// here rather than at the first render.
func New(opt Options) (*Renderer, error) {
	lang := opt.Lang
	if lang == "" {
		lang = "zh"
	}
	if _, ok := languages[lang]; !ok {
		return nil, fmt.Errorf("render: unknown language %q: want zh or en", opt.Lang)
	}
	mdSrc, err := source(opt.Templates, MarkdownTemplate)
	if err != nil {
		return nil, err
	}
	htmlSrc, err := source(opt.Templates, HTMLTemplate)
	if err != nil {
		return nil, err
	}
	md, err := texttemplate.New(MarkdownTemplate).Funcs(funcs()).Parse(mdSrc)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	h, err := htmltemplate.New(HTMLTemplate).Funcs(funcs()).Parse(htmlSrc)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	apSrc, err := source(opt.Templates, ApprovalTemplate)
	if err != nil {
		return nil, err
	}
	ap, err := htmltemplate.New(ApprovalTemplate).Funcs(funcs()).Parse(apSrc)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	ct, err := parseContractTemplates(opt.Templates)
	if err != nil {
		return nil, err
	}
	return &Renderer{lang: lang, md: md, html: h, approval: ap, contracts: ct}, nil
}

// source reads the lender's template name from fsys, or the built-in one
// when fsys is nil or does not have it.
func source(fsys fs.FS, name string) (string, error) {
	if fsys != nil {
		b, err := fs.ReadFile(fsys, name)
		if err == nil {
			return string(b), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("render: template %s: %w", name, err)
		}
	}
	b, err := builtin.ReadFile("templates/" + name)
	return string(b), err
}

// Markdown writes c's report as Markdown in lang ("" for the renderer's
// default). A case without a report renders a short document that says so.
func (r *Renderer) Markdown(w io.Writer, c *duediligence.Case, lang string) error {
	d, err := r.data(c, lang, false)
	if err != nil {
		return err
	}
	if err := r.md.Execute(w, d); err != nil {
		return fmt.Errorf("render: markdown: %w", err)
	}
	return nil
}

// HTML writes c's report as a printable A4 HTML page in lang, with inline
// SVG charts of the collateral coverage and the repayment profile. Every
// text of the case is escaped.
func (r *Renderer) HTML(w io.Writer, c *duediligence.Case, lang string) error {
	d, err := r.data(c, lang, true)
	if err != nil {
		return err
	}
	if err := r.html.Execute(w, d); err != nil {
		return fmt.Errorf("render: html: %w", err)
	}
	return nil
}

// ApprovalForm writes c's approval form (立项审批表) as a printable one-page
// A4 HTML page in lang: the ledger number and submission, the applicant,
// the request beside the recommendation, the collateral and guarantees, the
// key ratios, the rules' blocks and acknowledged warnings, and the approval
// chain with each step's decision, comment, conditions, person and date.
// Every text of the case is escaped.
func (r *Renderer) ApprovalForm(w io.Writer, c *duediligence.Case, lang string) error {
	d, err := r.data(c, lang, false)
	if err != nil {
		return err
	}
	if err := r.approval.Execute(w, d); err != nil {
		return fmt.Errorf("render: approval form: %w", err)
	}
	return nil
}

// Data is what the templates see: the case and its report as they are,
// with a few things worked out for display. A replacement template calls
// .T "key" for a heading, .Enum "stage" .Case.Stage for a coded value, and
// the functions money, percent, when, day, cell (a Markdown table cell)
// and inc.
type Data struct {
	// Lang is "zh" or "en".
	Lang string
	Case *duediligence.Case
	// Report is nil until the case has one.
	Report *duediligence.Report
	// Identifier is the applicant's credit code or resident ID number,
	// exactly as the Case holds it (masked by the service where the reader
	// may not see it).
	Identifier string
	// Guarantees are the case's guarantees with the guarantor's capacity.
	Guarantees []GuaranteeLine
	// CoverageChart and RepaymentChart are inline SVG, generated here with
	// every text escaped; empty when there is nothing to draw and in
	// Markdown.
	CoverageChart  htmltemplate.HTML
	RepaymentChart htmltemplate.HTML

	words labels
}

// T returns the heading or label key in the document's language.
func (d *Data) T(key string) string { return d.words.label(key) }

// Enum returns the name of a coded value of a kind in the document's
// language: stage, decision, severity, aspect, method (repayment method),
// purpose, topic, how (investigation method), result, ckind (collateral
// kind), gkind (guarantee kind), guarantor (guarantor kind), party, order.
func (d *Data) Enum(kind string, v any) string { return d.words.enum(kind, v) }

// GuaranteeLine is a row of the guarantee table (保证担保).
type GuaranteeLine struct {
	duediligence.Guarantee
	// Existing is the guarantees the guarantor has already given: the
	// guarantee's own figure, else the credit report's; nil when unknown.
	Existing *money.Money
	// Capacity is NetWorth − Existing (剩余担保能力), nil when either is
	// unknown; negative when the guarantor has given more than it is worth.
	Capacity *money.Money
}

func (r *Renderer) data(c *duediligence.Case, lang string, charts bool) (*Data, error) {
	if c == nil {
		return nil, errors.New("render: nil case")
	}
	if lang == "" {
		lang = r.lang
	}
	words, ok := languages[lang]
	if !ok {
		return nil, fmt.Errorf("render: unknown language %q: want zh or en", lang)
	}
	d := &Data{Lang: lang, Case: c, Report: c.Report, Identifier: c.Applicant.Identifier(), words: words}
	for _, g := range c.Guarantees {
		line := GuaranteeLine{Guarantee: g, Existing: g.ExistingGuarantees}
		if line.Existing == nil && g.Guarantor.Credit != nil {
			line.Existing = g.Guarantor.Credit.GuaranteesGiven
		}
		if g.NetWorth != nil && line.Existing != nil {
			if capa, err := g.NetWorth.Sub(*line.Existing); err == nil {
				line.Capacity = &capa
			}
		}
		d.Guarantees = append(d.Guarantees, line)
	}
	if charts && c.Report != nil {
		d.CoverageChart = htmltemplate.HTML(coverageSVG(c.Report, words))
		if s, ok := profileSchedule(c); ok {
			d.RepaymentChart = htmltemplate.HTML(repaymentSVG(s, words))
		}
	}
	return d, nil
}

// profileSchedule computes the schedule the repayment chart draws: the
// recommended amount, term and rate (the request's where the report has
// none) repaid by the requested method, from the report's generation date.
func profileSchedule(c *duediligence.Case) (contracts.Schedule, bool) {
	t := contracts.Terms{
		Principal: c.Request.Amount, AnnualRate: c.Request.AnnualRate,
		TermMonths: c.Request.TermMonths, Method: c.Request.RepaymentMethod,
		Disbursement: money.DateOf(c.Report.GeneratedAt.In(chinaTime)),
	}
	if rec := c.Report.Recommendation; !rec.Amount.IsZero() && rec.TermMonths > 0 {
		t.Principal, t.TermMonths, t.AnnualRate = rec.Amount, rec.TermMonths, rec.AnnualRate
	}
	if c.Report.GeneratedAt.IsZero() {
		t.Disbursement = money.DateOf(c.CreatedAt.In(chinaTime))
	}
	s, err := contracts.NewSchedule(t)
	if err != nil || len(s.Installments) == 0 {
		return contracts.Schedule{}, false
	}
	return s, true
}
