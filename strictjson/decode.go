package strictjson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/money"
)

// Decode parses data strictly (Parse) and decodes it into v, a pointer to
// the value to fill. It returns a *SyntaxError for input that is not one
// JSON value, and a *check.Problems naming every field of the wrong type,
// every value its Go type refuses, every unknown field and every problem
// Parse finds.
func Decode(data []byte, v any) error {
	tree, err := Parse(data)
	if err != nil {
		return err
	}
	return DecodeTree(data, tree, v)
}

// DecodeOnto is Decode onto a value that holds defaults: a JSON object
// sets the fields it names and leaves the others; a JSON array replaces
// the list it is decoded into, never merging into it element by element
// (encoding/json would decode the first element onto the default's first).
func DecodeOnto(data []byte, v any) error { return Decode(data, v) }

// DecodeTree checks tree, data as Parse returned it, against v's type and
// decodes data into v; see Decode.
func DecodeTree(data []byte, tree any, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errors.New("strictjson: decoding needs a non-nil pointer")
	}
	var c shape
	c.value(tree, rv.Type().Elem(), "")
	if err := c.probs.Err(); err != nil {
		return err
	}
	replaceLists(tree, rv.Elem())
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		// The shape check and encoding/json disagree; still the input's fault.
		path := ""
		if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
			path = te.Field
		}
		return &check.Problems{Fields: []check.FieldError{check.Invalid(path, check.ErrType, "", plainMessage(err))}}
	}
	return nil
}

// Malformed reports whether a field error of Decode makes the input
// malformed rather than invalid: an unknown field, a key given twice,
// invalid UTF-8. HTTP answers those 400 and the others 422.
func Malformed(fe check.FieldError) bool {
	return errors.Is(fe.Err, check.ErrUnknownField) || errors.Is(fe.Err, check.ErrDuplicate) || fe.Key == keyInvalidUTF8
}

// Messages returns the messages of the field errors this package adds to
// check's, in Chinese and English.
func Messages() check.Messages { return check.Merge(messages) }

const keyInvalidUTF8 = "json.invalid_utf8"

var messages = check.Messages{
	keyInvalidUTF8: {EN: "must be valid UTF-8 (no invalid bytes or lone surrogates)", ZH: "必须是有效的 UTF-8 文本（不得含无效字节或孤立的代理项）"},
	"json.money":   {EN: "{detail}", ZH: "金额格式无效，应为以元为单位、最多两位小数的字符串，如 \"1000000.00\"（{detail}）"},
	"json.rate":    {EN: "{detail}", ZH: "利率格式无效，应为小数形式的字符串，如 \"0.0435\"（{detail}）"},
	"json.date":    {EN: "{detail}", ZH: "日期格式无效，应为 YYYY-MM-DD 格式的字符串（{detail}）"},
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	moneyType           = reflect.TypeFor[money.Money]()
	rateType            = reflect.TypeFor[money.Rate]()
	dateType            = reflect.TypeFor[money.Date]()
)

// shape walks a parsed tree alongside the Go type it is meant for, as
// encoding/json would fill it, and records every unknown field and every
// value of the wrong type with its path: encoding/json stops at the first
// and cannot name the field behind an UnmarshalJSON error.
type shape struct{ probs check.Problems }

// refused records a value t's own decoder refused.
func (c *shape) refused(path string, t reflect.Type, node any, err error) {
	value := ""
	if s, ok := node.(string); ok {
		value = s
	}
	detail := plainMessage(err)
	key := ""
	switch t {
	case moneyType:
		key = "json.money"
	case rateType:
		key = "json.rate"
	case dateType:
		key = "json.date"
	}
	if key == "" {
		c.probs.Add(check.Invalid(path, check.ErrFormat, value, detail))
		return
	}
	fe := messages.FieldError(path, check.ErrFormat, key, check.Params{"detail": detail})
	fe.Value = check.Shown(value)
	c.probs.Add(fe)
}

func (c *shape) value(node any, t reflect.Type, path string) {
	for t.Kind() == reflect.Pointer {
		if node == nil {
			return // null sets a pointer to nil
		}
		t = t.Elem()
	}
	if pt := reflect.PointerTo(t); pt.Implements(jsonUnmarshalerType) {
		raw := []byte("null")
		if node != nil {
			raw, _ = json.Marshal(node) // a parsed tree always encodes
		}
		if err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
			c.refused(path, t, node, err)
		}
		return
	}
	if node == nil {
		return // null leaves any other value as it is
	}
	if pt := reflect.PointerTo(t); pt.Implements(textUnmarshalerType) {
		s, ok := node.(string)
		if !ok {
			c.probs.Add(check.WrongType(path, "string"))
			return
		}
		if err := reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			c.refused(path, t, node, err)
		}
		return
	}
	switch t.Kind() {
	case reflect.Interface:
		// anything goes
	case reflect.Struct:
		obj, ok := node.(map[string]any)
		if !ok {
			c.probs.Add(check.WrongType(path, "object"))
			return
		}
		fields := jsonFields(t)
		seen := map[string]bool{}
		for _, key := range sortedKeys(obj) {
			f, ok := lookupField(fields, key)
			if !ok {
				c.probs.Add(check.UnknownField(check.JoinPath(path, key)))
				continue
			}
			if seen[f.name] {
				// "name" and "Name" both fill one field: which one wins
				// would be encoding/json's choice, not the sender's.
				c.probs.Add(check.DuplicateKey(check.JoinPath(path, key)))
				continue
			}
			seen[f.name] = true
			c.value(obj[key], f.typ, check.JoinPath(path, f.name))
		}
	case reflect.Map:
		obj, ok := node.(map[string]any)
		if !ok {
			c.probs.Add(check.WrongType(path, "object"))
			return
		}
		for _, key := range sortedKeys(obj) {
			c.value(obj[key], t.Elem(), check.JoinPath(path, key))
		}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			if _, ok := node.(string); !ok {
				c.probs.Add(check.WrongType(path, "base64"))
			}
			return
		}
		arr, ok := node.([]any)
		if !ok {
			c.probs.Add(check.WrongType(path, "array"))
			return
		}
		for i, e := range arr {
			c.value(e, t.Elem(), path+"["+strconv.Itoa(i)+"]")
		}
	case reflect.String:
		if _, ok := node.(string); !ok {
			c.probs.Add(check.WrongType(path, "string"))
		}
	case reflect.Bool:
		if _, ok := node.(bool); !ok {
			c.probs.Add(check.WrongType(path, "boolean"))
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := node.(json.Number)
		if !ok {
			c.probs.Add(check.WrongType(path, "integer"))
		} else if _, err := strconv.ParseInt(string(n), 10, t.Bits()); err != nil {
			c.probs.Add(integerRange(path, string(n), strconv.FormatInt(-1<<(t.Bits()-1), 10), strconv.FormatInt(1<<(t.Bits()-1)-1, 10)))
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, ok := node.(json.Number)
		if !ok {
			c.probs.Add(check.WrongType(path, "integer"))
		} else if _, err := strconv.ParseUint(string(n), 10, t.Bits()); err != nil {
			c.probs.Add(integerRange(path, string(n), "0", strconv.FormatUint(math.MaxUint64>>(64-t.Bits()), 10)))
		}
	case reflect.Float32, reflect.Float64:
		n, ok := node.(json.Number)
		if !ok {
			c.probs.Add(check.WrongType(path, "number"))
		} else if _, err := strconv.ParseFloat(string(n), t.Bits()); err != nil {
			c.probs.Add(check.Invalid(path, check.ErrRange, string(n), "is out of range"))
		}
	default:
		c.probs.Add(check.Invalid(path, check.ErrType, "", "cannot be set from JSON"))
	}
}

func integerRange(path, value, min, max string) check.FieldError {
	fe := check.FieldMessages().FieldError(path, check.ErrRange, "field.integer_range", check.Params{"min": min, "max": max})
	fe.Value = check.Shown(value)
	return fe
}

// replaceLists sets to nil every list of v the tree gives a JSON array
// for, so that encoding/json fills it afresh rather than element by element
// over what v held. Only what the tree names is visited.
func replaceLists(node any, v reflect.Value) {
	if node == nil {
		return
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return // encoding/json allocates a new value: nothing to replace
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Slice:
		if _, ok := node.([]any); ok && v.CanSet() && v.Type().Elem().Kind() != reflect.Uint8 {
			v.SetZero()
		}
	case reflect.Struct:
		obj, ok := node.(map[string]any)
		if !ok {
			return
		}
		fields := jsonFields(v.Type())
		for key, sub := range obj {
			if f, ok := lookupField(fields, key); ok {
				replaceLists(sub, v.FieldByIndex(f.index))
			}
		}
	}
	// A map's values are decoded afresh by encoding/json; arrays are
	// overwritten element by element and the rest zeroed.
}

// jsonField is a struct field as encoding/json names it.
type jsonField struct {
	name  string
	typ   reflect.Type
	index []int
}

// fieldsByType holds jsonFields' answer per struct type: a type's fields
// do not change, and listing them (reflect.VisibleFields, the tags) was a
// fifth of decoding a request.
var fieldsByType sync.Map // reflect.Type → []jsonField

// jsonFields lists the fields encoding/json decodes into, by JSON name,
// including those promoted from embedded structs. The slice is shared:
// callers do not change it.
func jsonFields(t reflect.Type) []jsonField {
	if fs, ok := fieldsByType.Load(t); ok {
		return fs.([]jsonField)
	}
	fs, _ := fieldsByType.LoadOrStore(t, listJSONFields(t))
	return fs.([]jsonField)
}

func listJSONFields(t reflect.Type) []jsonField {
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
		out = append(out, jsonField{name: name, typ: f.Type, index: f.Index})
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

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// plainMessage is a decoder's error as a person reads it, without the
// package prefix.
func plainMessage(err error) string {
	msg := err.Error()
	if pkg, rest, ok := strings.Cut(msg, ": "); ok && !strings.ContainsAny(pkg, " \"") {
		msg = rest
	}
	return msg
}
