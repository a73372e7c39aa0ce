package httpapi

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// decodeJSON reads a JSON request body into v, a pointer to the input
// struct. It answers, through the error it returns:
//
//   - 415 when the Content-Type is not JSON;
//   - 413 when the body is over MaxBodyBytes;
//   - 400 for an empty body, malformed JSON (with the offset, line and
//     column), a second value after the first, or fields v does not have
//     (each named with its path);
//   - 422 for a value of the wrong JSON type or one its Go type refuses
//     (money that is not a "0.00" string), each named with its path, such
//     as request.term_months, all at once.
//
// It never answers 500: whatever the body, the error is the client's.
func (s *server) decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	raw, tree, err := s.readJSON(w, r)
	if err != nil {
		return err
	}
	return decodeTree(raw, tree, v)
}

// readJSON reads a JSON request body and parses its syntax: it returns the
// raw bytes and the generic tree (numbers as json.Number), or the 415, 413
// or 400 of decodeJSON.
func (s *server) readJSON(w http.ResponseWriter, r *http.Request) (raw []byte, tree any, err error) {
	ct := r.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || !isJSONMediaType(mt) {
		return nil, nil, &httpError{status: http.StatusUnsupportedMediaType, kind: "unsupported_media_type", title: "Unsupported media type",
			detail: fmt.Sprintf("the body must be JSON sent with Content-Type: application/json, not %q", ct)}
	}
	if r.ContentLength > s.maxBody {
		return nil, nil, tooLarge("the JSON body", s.maxBody)
	}
	raw, err = io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, nil, tooLarge("the JSON body", s.maxBody)
		}
		return nil, nil, &httpError{status: http.StatusBadRequest, kind: "malformed", title: "Malformed request",
			detail: "the request body could not be read", err: err}
	}

	// First the syntax, on a generic tree that the schema check then walks.
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&tree); err != nil {
		return nil, nil, malformedJSON(raw, err)
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, badRequest("the body must hold one JSON value; more data follows at offset %d", end)
	}
	return raw, tree, nil
}

// decodeTree checks the parsed body tree against v's type, naming every
// unknown field (400) and every value of the wrong type (422) with its
// path, then decodes raw, the same JSON, into v.
func decodeTree(raw []byte, tree any, v any) error {
	var c shapeCheck
	c.value(tree, reflect.TypeOf(v).Elem(), "")
	if len(c.unknown) > 0 {
		e := badRequest("unknown field(s): %s", strings.Join(c.unknown, ", "))
		for _, f := range c.unknown {
			e.fields = append(e.fields, duediligence.FieldError{Field: f, Message: "is not a field of this request"})
		}
		return e
	}
	if len(c.invalid) > 0 {
		return &duediligence.Error{Code: duediligence.CodeInvalid, Message: "the body does not match the request's schema", Fields: c.invalid}
	}

	// The shape is right; decode for real. A failure here means the shape
	// check and encoding/json disagree, which is still the body's fault.
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
			return invalidField(te.Field, "must be %s", jsonKind(te.Type))
		}
		return badRequest("the body does not fit the request: %v", err)
	}
	return nil
}

// isJSONMediaType accepts application/json and any +json type
// (application/merge-patch+json for PATCH).
func isJSONMediaType(mt string) bool {
	return mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")
}

// malformedJSON describes a syntax error with its offset, line and column.
func malformedJSON(raw []byte, err error) error {
	switch se, isSyntax := errors.AsType[*json.SyntaxError](err); {
	case errors.Is(err, io.EOF):
		return badRequest("the request body is empty; send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := position(raw, int64(len(raw)))
		return badRequest("the JSON body ends early, at offset %d (line %d, column %d)", len(raw), line, col)
	case isSyntax:
		line, col := position(raw, se.Offset)
		return badRequest("malformed JSON at offset %d (line %d, column %d): %s", se.Offset, line, col, strings.TrimPrefix(se.Error(), "json: "))
	default:
		return badRequest("malformed JSON: %v", err)
	}
}

// position returns the 1-based line and column (in bytes) of offset in raw.
func position(raw []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(raw)))
	before := raw[:offset]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// shapeCheck walks a decoded JSON tree alongside the Go type it is meant for,
// as encoding/json would fill it, and records every unknown field and every
// value of the wrong type with its path. encoding/json stops at the first
// such problem and cannot name the field behind an UnmarshalJSON error, so
// the frontend would learn of one mistake per request, some without a path.
type shapeCheck struct {
	unknown []string
	invalid []duediligence.FieldError
}

func (c *shapeCheck) fail(path, format string, args ...any) {
	c.invalid = append(c.invalid, duediligence.FieldError{Field: path, Message: fmt.Sprintf(format, args...)})
}

func (c *shapeCheck) value(node any, t reflect.Type, path string) {
	for t.Kind() == reflect.Pointer {
		if node == nil {
			return // null sets a pointer to nil
		}
		t = t.Elem()
	}
	if pt := reflect.PointerTo(t); pt.Implements(jsonUnmarshalerType) {
		raw := []byte("null")
		if node != nil {
			raw, _ = json.Marshal(node) // a tree of json.Number, string, bool, []any and map[string]any always encodes
		}
		if err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
			c.fail(path, "%s", plainMessage(err))
		}
		return
	}
	if node == nil {
		return // null leaves any other value as it is
	}
	if pt := reflect.PointerTo(t); pt.Implements(textUnmarshalerType) {
		s, ok := node.(string)
		if !ok {
			c.fail(path, "must be a string")
			return
		}
		if err := reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			c.fail(path, "%s", plainMessage(err))
		}
		return
	}
	switch t.Kind() {
	case reflect.Interface:
		// anything goes
	case reflect.Struct:
		obj, ok := node.(map[string]any)
		if !ok {
			c.fail(path, "must be an object")
			return
		}
		fields := jsonFields(t)
		for _, key := range sortedKeys(obj) {
			f, ok := lookupField(fields, key)
			if !ok {
				c.unknown = append(c.unknown, joinPath(path, key))
				continue
			}
			c.value(obj[key], f.typ, joinPath(path, f.name))
		}
	case reflect.Map:
		obj, ok := node.(map[string]any)
		if !ok {
			c.fail(path, "must be an object")
			return
		}
		for _, key := range sortedKeys(obj) {
			c.value(obj[key], t.Elem(), joinPath(path, key))
		}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			if _, ok := node.(string); !ok {
				c.fail(path, "must be a base64 string")
			}
			return
		}
		arr, ok := node.([]any)
		if !ok {
			c.fail(path, "must be an array")
			return
		}
		for i, e := range arr {
			c.value(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.String:
		if _, ok := node.(string); !ok {
			c.fail(path, "must be a string")
		}
	case reflect.Bool:
		if _, ok := node.(bool); !ok {
			c.fail(path, "must be a boolean")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := node.(json.Number)
		if !ok {
			c.fail(path, "must be an integer")
		} else if _, err := strconv.ParseInt(string(n), 10, t.Bits()); err != nil {
			c.fail(path, "must be an integer between %d and %d", int64(-1)<<(t.Bits()-1), int64(1)<<(t.Bits()-1)-1)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, ok := node.(json.Number)
		if !ok {
			c.fail(path, "must be a non-negative integer")
		} else if _, err := strconv.ParseUint(string(n), 10, t.Bits()); err != nil {
			c.fail(path, "must be a non-negative integer of at most %d bits", t.Bits())
		}
	case reflect.Float32, reflect.Float64:
		n, ok := node.(json.Number)
		if !ok {
			c.fail(path, "must be a number")
		} else if _, err := strconv.ParseFloat(string(n), t.Bits()); err != nil {
			c.fail(path, "is out of range")
		}
	default:
		c.fail(path, "cannot be set from JSON")
	}
}

// jsonField is a struct field as encoding/json names it.
type jsonField struct {
	name string
	typ  reflect.Type
}

// jsonFields lists the fields encoding/json decodes into, by JSON name,
// including those promoted from embedded structs.
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for _, f := range reflect.VisibleFields(t) {
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && (f.Type.Kind() == reflect.Struct || f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct) {
			continue // its fields are promoted and listed themselves
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, jsonField{name: name, typ: f.Type})
	}
	return out
}

// lookupField finds key as encoding/json does: an exact name first, then
// one that matches without regard to case.
func lookupField(fields []jsonField, key string) (jsonField, bool) {
	for _, f := range fields {
		if f.name == key {
			return f, true
		}
	}
	for _, f := range fields {
		if strings.EqualFold(f.name, key) {
			return f, true
		}
	}
	return jsonField{}, false
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// plainMessage is an UnmarshalJSON or UnmarshalText error as a person reads
// it, without the package prefix.
func plainMessage(err error) string {
	msg := err.Error()
	if pkg, rest, ok := strings.Cut(msg, ": "); ok && !strings.ContainsAny(pkg, " \"") {
		msg = rest
	}
	return msg
}

// jsonKind names the JSON type that fills a Go type.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "of another type"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "of type " + t.String()
}
