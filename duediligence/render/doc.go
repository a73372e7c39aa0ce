// Package render turns a case file into the documents people read and
// file: the feasibility report (可行性调查报告) as Markdown and as printable
// A4 HTML, and the loan ledger (贷款台帐) as CSV, XLSX or JSON rows.
//
// Reports are in Chinese by default and in English on request; one
// template serves both, with the words taken from a label table. A lender
// may replace either template (Options.Templates); its templates see a
// *Data.
//
//	r, err := render.New(render.Options{})
//	if err != nil { ... }
//	err = r.HTML(w, c, "zh") // print it to PDF with any browser
//
// The report renders exactly what the Case holds: a resident ID number is
// shown masked only if the service masked it for the reader. The ledger
// always masks a person's ID number.
package render
