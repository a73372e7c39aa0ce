package httpapi

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// The maximum lengths of the request bodies' strings are those the OpenAPI
// document states (maxLength, in characters): the server reads them from
// the document it serves, so that what it enforces and what it says are
// one. Every string of every request body has one
// (TestOpenAPI_RequestStringsHaveMaxLength); the domain checks the same
// fields again, where it words them itself.

// lengthNode is what a request schema bounds at one place of the body.
type lengthNode struct {
	// maxLength is the longest string the place takes (0: none stated, or
	// not a string).
	maxLength int
	props     map[string]*lengthNode
	items     *lengthNode
}

// requestLengths are the limits of each route's JSON body, by the route's
// method and pattern ("POST /v1/cases"), as the mux names it.
var requestLengths = mustRequestLengths(openapiJSON)

func mustRequestLengths(doc []byte) map[string]*lengthNode {
	m, err := buildRequestLengths(doc)
	if err != nil {
		panic("httpapi: openapi.json: " + err.Error())
	}
	return m
}

type schemaDoc struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]*schema `json:"schemas"`
	} `json:"components"`
}

// schema is the part of a JSON schema that bounds strings.
type schema struct {
	Ref        string             `json:"$ref"`
	Type       any                `json:"type"`
	MaxLength  *int               `json:"maxLength"`
	Properties map[string]*schema `json:"properties"`
	Items      *schema            `json:"items"`
	AnyOf      []*schema          `json:"anyOf"`
	OneOf      []*schema          `json:"oneOf"`
	AllOf      []*schema          `json:"allOf"`
}

type operation struct {
	RequestBody *struct {
		Content map[string]struct {
			Schema *schema `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
}

func buildRequestLengths(doc []byte) (map[string]*lengthNode, error) {
	var d schemaDoc
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	b := &lengthBuilder{schemas: d.Components.Schemas, named: map[string]*lengthNode{}}
	out := map[string]*lengthNode{}
	for path, ops := range d.Paths {
		for method, raw := range ops {
			var op operation
			if json.Unmarshal(raw, &op) != nil || op.RequestBody == nil {
				continue // parameters, or an operation without a body
			}
			for ct, c := range op.RequestBody.Content {
				if c.Schema == nil || !isJSONMediaType(ct) {
					continue
				}
				n, err := b.node(c.Schema)
				if err != nil {
					return nil, fmt.Errorf("%s %s: %w", method, path, err)
				}
				key := strings.ToUpper(method) + " " + path
				if old := out[key]; old != nil {
					n = merge(old, n)
				}
				out[key] = n
			}
		}
	}
	return out, nil
}

type lengthBuilder struct {
	schemas map[string]*schema
	named   map[string]*lengthNode
}

func (b *lengthBuilder) node(s *schema) (*lengthNode, error) {
	if s == nil {
		return nil, nil
	}
	if s.Ref != "" {
		name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/")
		if !ok || b.schemas[name] == nil {
			return nil, fmt.Errorf("unknown $ref %q", s.Ref)
		}
		if n := b.named[name]; n != nil {
			return n, nil // built, or being built (a schema that holds itself)
		}
		n := &lengthNode{}
		b.named[name] = n
		built, err := b.node(b.schemas[name])
		if err != nil {
			return nil, err
		}
		*n = *built
		return n, nil
	}
	n := &lengthNode{}
	if s.MaxLength != nil {
		n.maxLength = *s.MaxLength
	}
	for name, p := range s.Properties {
		pn, err := b.node(p)
		if err != nil {
			return nil, err
		}
		if n.props == nil {
			n.props = map[string]*lengthNode{}
		}
		n.props[name] = pn
	}
	var err error
	if n.items, err = b.node(s.Items); err != nil {
		return nil, err
	}
	for _, group := range [][]*schema{s.AnyOf, s.OneOf, s.AllOf} {
		for _, alt := range group {
			an, err := b.node(alt)
			if err != nil {
				return nil, err
			}
			n = merge(n, an)
		}
	}
	return n, nil
}

// merge returns the limits of either a or b: the shorter maximum where
// both state one.
func merge(a, b *lengthNode) *lengthNode {
	switch {
	case a == nil:
		return b
	case b == nil || a == b:
		return a
	}
	n := &lengthNode{maxLength: a.maxLength, items: merge(a.items, b.items)}
	if b.maxLength > 0 && (n.maxLength == 0 || b.maxLength < n.maxLength) {
		n.maxLength = b.maxLength
	}
	if len(a.props)+len(b.props) > 0 {
		n.props = map[string]*lengthNode{}
		for k, v := range a.props {
			n.props[k] = v
		}
		for k, v := range b.props {
			n.props[k] = merge(n.props[k], v)
		}
	}
	return n
}

// checkLengths returns the strings of tree, a request body as strictjson
// parsed it, that are longer than the route's schema allows, each named by
// its JSON path, in path order.
func checkLengths(pattern string, tree any) []duediligence.FieldError {
	n := requestLengths[pattern]
	if n == nil {
		return nil
	}
	var fes []duediligence.FieldError
	n.check(tree, "", &fes, 0)
	sort.Slice(fes, func(i, j int) bool { return fes[i].Field < fes[j].Field })
	return fes
}

func (n *lengthNode) check(v any, path string, fes *[]duediligence.FieldError, depth int) {
	if n == nil || depth > 64 {
		return
	}
	switch v := v.(type) {
	case string:
		if n.maxLength > 0 && utf8.RuneCountInString(v) > n.maxLength {
			*fes = append(*fes, check.TooLong(path, n.maxLength))
		}
	case map[string]any:
		for k, e := range v {
			n.props[k].check(e, check.JoinPath(path, k), fes, depth+1)
		}
	case []any:
		for i, e := range v {
			n.items.check(e, fmt.Sprintf("%s[%d]", path, i), fes, depth+1)
		}
	}
}
