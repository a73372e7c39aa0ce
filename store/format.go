package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// The stored format of a case file.
//
// A case file is stored as one JSON document (case_bodies.body) of the
// store's own types (caseDoc and the types it holds, one file per noun),
// never of duediligence's: the API's JSON may change its names without
// changing, or dropping, what is stored. Each document carries the version
// of the format it was written in (case_bodies.schema_version):
//
//   - 1: the JSON of duediligence.Case itself, as the store wrote it before
//     it had a format of its own. Until duediligence stopped storing what it
//     derives, it also held each item's valuation and exposure, the case's
//     coverage and each guarantee's mutual guarantees.
//   - 2: caseDoc. It holds facts only, and leaves out fields at their zero
//     value except lists, so that an empty list and no list stay apart.
//
// Reading a document runs the upgrade chain from its version to
// schemaVersion, one step per version, on the JSON, then decodes it
// strictly: a field the current types do not know is an error, in tests and
// in production alike, because a case read without it would be written back
// without it. A document of a version newer than this code knows (written by
// a newer Jinzhi) is refused for the same reason. Documents are upgraded on
// read and rewritten in the current version by the next change of the case;
// testdata/case.v*.json hold a document of every version, and the tests read
// each of them.
const schemaVersion = 2

// upgrades[v] turns a version v document into a version v+1 one.
var upgrades = map[int]func(doc map[string]any) error{
	1: upgradeV1,
}

// upgradeV1 drops what version 1 held of the figures duediligence derives on
// every read; the rest of version 1 is version 2 as it stands.
func upgradeV1(doc map[string]any) error {
	delete(doc, "coverage")
	for _, it := range objects(doc["collateral"]) {
		delete(it, "valuation")
		delete(it, "exposure")
	}
	for _, g := range objects(doc["guarantees"]) {
		delete(g, "mutual")
	}
	return nil
}

// objects returns the JSON objects of a JSON array, skipping anything else.
func objects(v any) []map[string]any {
	list, _ := v.([]any)
	var out []map[string]any
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// encodeCase returns the stored document of c in the current version.
func encodeCase(c *duediligence.Case) ([]byte, error) {
	var e encoder
	doc := e.caseDoc(c)
	if e.err != nil {
		return nil, duediligence.Errorf(duediligence.CodeInternal, "", "case %s cannot be stored: %v", c.ID, e.err)
	}
	return json.Marshal(doc)
}

// decodeCase reads a stored document of the given version.
func decodeCase(version int, body []byte) (*duediligence.Case, error) {
	switch {
	case version < 1 || version > schemaVersion:
		return nil, fmt.Errorf("case document of version %d: this Jinzhi reads versions 1 to %d", version, schemaVersion)
	case version < schemaVersion:
		var doc map[string]any
		d := json.NewDecoder(bytes.NewReader(body))
		d.UseNumber() // numbers pass through the upgrade as they were written
		if err := d.Decode(&doc); err != nil {
			return nil, fmt.Errorf("case document of version %d: %w", version, err)
		}
		for v := version; v < schemaVersion; v++ {
			if err := upgrades[v](doc); err != nil {
				return nil, fmt.Errorf("upgrading a case document from version %d: %w", v, err)
			}
		}
		var err error
		if body, err = json.Marshal(doc); err != nil {
			return nil, err
		}
	}
	var doc caseDoc
	d := json.NewDecoder(bytes.NewReader(body))
	d.DisallowUnknownFields()
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("case document (version %d): %w", version, err)
	}
	var dec decoder
	c := dec.caseOf(&doc)
	if dec.err != nil {
		return nil, fmt.Errorf("case document (version %d): %w", version, dec.err)
	}
	return c, nil
}

// encoder converts duediligence values to their stored form, keeping the
// first error.
type encoder struct{ err error }

func (e *encoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

func (e *encoder) money(m money.Money) string { return m.String() }

func (e *encoder) moneyP(m *money.Money) *string {
	if m == nil {
		return nil
	}
	s := m.String()
	return &s
}

// moneyZ is money that is left out when zero.
func (e *encoder) moneyZ(m money.Money) string {
	if m.IsZero() {
		return ""
	}
	return m.String()
}

func (e *encoder) rate(r money.Rate) string {
	if r.IsZero() {
		return ""
	}
	return r.String()
}

func (e *encoder) date(d money.Date) string {
	b, err := d.MarshalText()
	if err != nil {
		e.fail(err)
	}
	return string(b)
}

func (e *encoder) dateP(d *money.Date) *string {
	if d == nil {
		return nil
	}
	s := e.date(*d)
	return &s
}

func (e *encoder) decimal(d decimal.Decimal) string { return d.String() }

func (e *encoder) decimalP(d *decimal.Decimal) *string {
	if d == nil {
		return nil
	}
	s := d.String()
	return &s
}

// decoder converts stored values back, keeping the first error.
type decoder struct{ err error }

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *decoder) money(s string) money.Money {
	m, err := money.ParseMoney(s)
	if err != nil {
		d.fail(err)
	}
	return m
}

func (d *decoder) moneyP(s *string) *money.Money {
	if s == nil {
		return nil
	}
	m := d.money(*s)
	return &m
}

func (d *decoder) moneyZ(s string) money.Money {
	if s == "" {
		return money.Money{}
	}
	return d.money(s)
}

func (d *decoder) rate(s string) money.Rate {
	if s == "" {
		return money.Rate{}
	}
	r, err := money.ParseRate(s)
	if err != nil {
		d.fail(err)
	}
	return r
}

func (d *decoder) date(s string) money.Date {
	var v money.Date
	if err := v.UnmarshalText([]byte(s)); err != nil {
		d.fail(err)
	}
	return v
}

func (d *decoder) dateP(s *string) *money.Date {
	if s == nil {
		return nil
	}
	v := d.date(*s)
	return &v
}

func (d *decoder) decimal(s string) decimal.Decimal {
	v, err := decimal.Parse(s)
	if err != nil {
		d.fail(err)
	}
	return v
}

func (d *decoder) decimalP(s *string) *decimal.Decimal {
	if s == nil {
		return nil
	}
	v := d.decimal(*s)
	return &v
}

func (d *decoder) share(s string) collateral.Share {
	if s == "" {
		return collateral.Share{}
	}
	v, err := collateral.ParseShare(s)
	if err != nil {
		d.fail(err)
	}
	return v
}

// convert maps a list element by element, keeping nil apart from empty.
func convert[A, B any](in []A, f func(*A) B) []B {
	if in == nil {
		return nil
	}
	out := make([]B, len(in))
	for i := range in {
		out[i] = f(&in[i])
	}
	return out
}

// ptr maps a pointer, nil to nil.
func ptr[A, B any](in *A, f func(*A) B) *B {
	if in == nil {
		return nil
	}
	out := f(in)
	return &out
}
