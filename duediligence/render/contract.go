package render

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"io/fs"
	"strings"
	texttemplate "text/template"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// The contract templates' names, in Options.Templates and the built-in set.
const (
	ContractMarkdownTemplate = "contract.md.tmpl"
	ContractHTMLTemplate     = "contract.html.tmpl"
)

//go:embed templates/contract.md.tmpl templates/contract.html.tmpl templates/receipt.html.tmpl
var builtinContracts embed.FS

// ErrForfeiture is returned for a rendered contract whose text holds
// wording by which the collateral would become the lender's on default
// (流押、流质: void under Civil Code arts. 401, 428). A lender's edited
// template is scanned as the built-in one is, and the page is not given out.
var ErrForfeiture = errors.New("render: the contract's text makes the collateral the lender's on default (流押/流质)")

// ContractData is what the contract templates see: the case, the contract
// as drafted with its signing, and the words of the language (.T, .Enum).
type ContractData struct {
	Lang     string
	Case     *duediligence.Case
	Contract *duediligence.ContractStatus
	// Lender is the lender's name as the contract names it.
	Lender string
	words  labels
}

// T returns the label key in the document's language.
func (d *ContractData) T(key string) string { return d.words.label(key) }

// Enum returns the name of a coded value of a kind in the document's language.
func (d *ContractData) Enum(kind string, v any) string { return d.words.enum(kind, v) }

// ClauseTitle and ClauseText return a clause in the document's language:
// the Chinese text, or the English reading when asked for and present.
func (d *ContractData) ClauseTitle(c contracts.Clause) string {
	if d.Lang == "en" && c.TitleEN != "" {
		return c.TitleEN
	}
	return c.Title
}

// ClauseText returns the clause's words in the document's language.
func (d *ContractData) ClauseText(c contracts.Clause) string {
	if d.Lang == "en" && c.TextEN != "" {
		return c.TextEN
	}
	return c.Text
}

// contractTemplates are the parsed contract templates.
type contractTemplates struct {
	md      *texttemplate.Template
	html    *htmltemplate.Template
	receipt *htmltemplate.Template
}

func parseContractTemplates(fsys fs.FS) (*contractTemplates, error) {
	read := func(name string) (string, error) {
		if fsys != nil {
			b, err := fs.ReadFile(fsys, name)
			if err == nil {
				return string(b), nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("render: template %s: %w", name, err)
			}
		}
		b, err := builtinContracts.ReadFile("templates/" + name)
		return string(b), err
	}
	mdSrc, err := read(ContractMarkdownTemplate)
	if err != nil {
		return nil, err
	}
	htmlSrc, err := read(ContractHTMLTemplate)
	if err != nil {
		return nil, err
	}
	md, err := texttemplate.New(ContractMarkdownTemplate).Funcs(funcs()).Parse(mdSrc)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	h, err := htmltemplate.New(ContractHTMLTemplate).Funcs(funcs()).Parse(htmlSrc)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	rcSrc, err := read(LoanReceiptTemplate)
	if err != nil {
		return nil, err
	}
	rc, err := parseReceiptTemplate(rcSrc)
	if err != nil {
		return nil, err
	}
	return &contractTemplates{md: md, html: h, receipt: rc}, nil
}

func (r *Renderer) contractData(c *duediligence.Case, number, lang string) (*ContractData, error) {
	if c == nil {
		return nil, errors.New("render: nil case")
	}
	if lang == "" {
		lang = r.lang
	}
	words, ok := contractLanguages[lang]
	if !ok {
		return nil, fmt.Errorf("render: unknown language %q: want zh or en", lang)
	}
	ct, ok := c.Contract(number)
	if !ok {
		return nil, fmt.Errorf("render: case %s has no contract %s", c.ID, number)
	}
	d := &ContractData{Lang: lang, Case: c, Contract: ct, words: words}
	for _, p := range ct.Parties {
		if p.Capacity == contracts.CapacityLender {
			d.Lender = p.Name
		}
	}
	return d, nil
}

// ContractMarkdown writes the contract numbered number of c as Markdown in lang.
func (r *Renderer) ContractMarkdown(w io.Writer, c *duediligence.Case, number, lang string) error {
	d, err := r.contractData(c, number, lang)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := r.contracts.md.Execute(&b, d); err != nil {
		return fmt.Errorf("render: contract markdown: %w", err)
	}
	return scanned(w, b.Bytes())
}

// ContractHTML writes the contract numbered number of c as a printable A4
// HTML page in lang: parties, clauses, the signature blocks and the
// attachments (repayment schedule, collateral list, annualized rate).
func (r *Renderer) ContractHTML(w io.Writer, c *duediligence.Case, number, lang string) error {
	d, err := r.contractData(c, number, lang)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := r.contracts.html.Execute(&b, d); err != nil {
		return fmt.Errorf("render: contract html: %w", err)
	}
	return scanned(w, b.Bytes())
}

// scanned writes a rendered contract unless its text has forfeiture wording.
func scanned(w io.Writer, page []byte) error {
	if ws := contracts.ScanForfeiture(string(page)); len(ws) > 0 {
		return fmt.Errorf("%w: %s", ErrForfeiture, strings.Join(ws, "、"))
	}
	_, err := w.Write(page)
	return err
}
