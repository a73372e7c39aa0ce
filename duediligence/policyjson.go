package duediligence

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// decodeProblems explains why a policy's JSON did not decode, as field
// errors naming the JSON path: encoding/json names neither the path of an
// unknown field nor that of a value its type's own decoder refused, so the
// JSON is walked against the Policy type to find them.
func decodeProblems(data []byte, err error) []FieldError {
	var raw any
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if d.Decode(&raw) == nil {
		var probs Problems
		walkJSON(raw, reflect.TypeFor[Policy](), "", &probs)
		if probs.Len() > 0 {
			return probs.fields
		}
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return []FieldError{{Field: te.Field, Message: fmt.Sprintf("must be %s, not %s", te.Type, te.Value)}}
	}
	return []FieldError{{Field: "", Message: strings.TrimPrefix(err.Error(), "json: ")}}
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// walkJSON records every place where v, decoded with UseNumber, does not fit t.
func walkJSON(v any, t reflect.Type, path string, probs *Problems) {
	if v == nil {
		return // null leaves the default
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if pt := reflect.PointerTo(t); pt.Implements(jsonUnmarshaler) || pt.Implements(textUnmarshaler) {
		b, err := json.Marshal(v)
		if err == nil {
			err = json.Unmarshal(b, reflect.New(t).Interface())
		}
		if err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				probs.Add(path, "must be a %s, not a %s", t, te.Value)
			} else {
				probs.Add(path, "%s", strings.TrimPrefix(err.Error(), "json: "))
			}
		}
		return
	}
	want := func(what string, ok bool) {
		if !ok {
			probs.Add(path, "must be %s, not %s", what, jsonKind(v))
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if want("an object", ok); !ok {
			return
		}
		fields := jsonFields(t)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			f, ok := fields[k]
			if !ok {
				for name, g := range fields {
					if strings.EqualFold(name, k) { // as encoding/json matches
						f, ok = g, true
						break
					}
				}
			}
			if !ok {
				probs.Add(joinPath(path, k), "unknown field")
				continue
			}
			walkJSON(obj[k], f.Type, joinPath(path, k), probs)
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if want("an object", ok); !ok {
			return
		}
		for k, e := range obj {
			walkJSON(e, t.Elem(), joinPath(path, k), probs)
		}
	case reflect.Slice, reflect.Array:
		arr, ok := v.([]any)
		if want("an array", ok); !ok {
			return
		}
		for i, e := range arr {
			walkJSON(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i), probs)
		}
	case reflect.Bool:
		_, ok := v.(bool)
		want("true or false", ok)
	case reflect.String:
		_, ok := v.(string)
		want("a string", ok)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := v.(json.Number)
		if want("an integer", ok); ok {
			if _, err := n.Int64(); err != nil {
				probs.Add(path, "must be an integer, not %s", n)
			}
		}
	case reflect.Float32, reflect.Float64:
		_, ok := v.(json.Number)
		want("a number", ok)
	}
}

// jsonFields maps the JSON names of t's fields, embedded structs' included, to the fields.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				for n, g := range jsonFields(et) {
					if _, dup := out[n]; !dup {
						out[n] = g
					}
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f
	}
	return out
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// jsonKind names the JSON type of a value decoded with UseNumber.
func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}
