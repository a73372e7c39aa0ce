package store

import (
	"database/sql/driver"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/schema"
)

// freshModels are the tables a new case's rows go to, in the order of
// hotCreateCase's parameters: its listing, its file, and its index rows
// (indexModels).
var freshModels = []any{(*caseRow)(nil), (*bodyRow)(nil), (*memberRow)(nil), (*ngramRow)(nil),
	(*collateralRow)(nil), (*partyRow)(nil), (*relationRow)(nil)}

// freshTables are freshModels' bun tables, and hotCreateCase is the one
// prepared statement that creates a case on PostgreSQL: its rows, the
// signed count of its audit shard, its stream's checkpoint and its first
// event. bun writes a new case's inserts with their values in the text,
// so PostgreSQL parsed and planned a 5 kB statement for every case — two
// fifths of the statement's time. Here each table's rows are one JSON
// parameter (json_populate_recordset), whatever their number, so the text
// is the same for every case and is planned once per connection.
var freshTables, hotCreateCase = createCaseStatement()

func createCaseStatement() ([]*schema.Table, string) {
	tables := pgdialect.New().Tables()
	var (
		ts []*schema.Table
		b  strings.Builder
	)
	b.WriteString("WITH ")
	for i, m := range freshModels {
		t := tables.Get(reflect.TypeOf(m).Elem())
		ts = append(ts, t)
		cols := make([]string, len(t.Fields))
		for j, f := range t.Fields {
			cols[j] = string(f.SQLName)
		}
		list := strings.Join(cols, ", ")
		fmt.Fprintf(&b, "t%d AS (INSERT INTO %s (%s) SELECT %s FROM json_populate_recordset(NULL::%s, $%d::json)),\n",
			i, t.SQLName, list, list, t.SQLName, i+1)
	}
	n := len(freshModels)
	p := func(k int) string { return "$" + strconv.Itoa(n+k) }
	// The shard's raised count, signed (hotSignShard's UPDATE), and the
	// stream's checkpoint.
	fmt.Fprintf(&b, "signed AS (UPDATE audit_shards SET key_id = %s, mac = %s WHERE shard = %s),\n", p(2), p(3), p(1))
	fmt.Fprintf(&b, "checkpoint AS (INSERT INTO audit_checkpoints (stream, shard, ordinal, seq, hash, key_id, mac) VALUES (%s, %s, %s, %s, %s, %s, %s))\n",
		p(4), p(1), p(5), p(6), p(7), p(8), p(9))
	// The first event, as hotInsertEvent inserts one.
	b.WriteString(strings.SplitN(hotInsertEvent, "VALUES", 2)[0] + "VALUES (")
	for k := range 14 {
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p(10 + k))
	}
	b.WriteString(")")
	return ts, b.String()
}

// freshArgs are the JSON parameters of hotCreateCase for a new case's rows
// (models as CreateCase gives them: a struct pointer or a pointer to a
// slice of structs), one per table of freshTables, "[]" for none. ok is
// false when a row is not of those tables, or holds a value that has no
// JSON form here; bun's statement serves then.
func freshArgs(rows []any) (args []any, ok bool) {
	bufs := make([][]byte, len(freshTables))
	for _, m := range rows {
		v := reflect.ValueOf(m)
		if v.Kind() != reflect.Pointer || v.IsNil() {
			return nil, false
		}
		v = v.Elem()
		typ := v.Type()
		if v.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		i := tableIndex(typ)
		if i < 0 {
			return nil, false
		}
		t := freshTables[i]
		add := func(strct reflect.Value) bool {
			b := bufs[i]
			if len(b) == 0 {
				b = append(b, '[')
			} else {
				b = append(b, ',')
			}
			b = append(b, '{')
			for j, f := range t.Fields {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendJSONString(b, f.Name)
				b = append(b, ':')
				var good bool
				if b, good = appendFieldJSON(b, f, strct); !good {
					return false
				}
			}
			bufs[i] = append(b, '}')
			return true
		}
		if v.Kind() == reflect.Slice {
			for k := range v.Len() {
				if !add(v.Index(k)) {
					return nil, false
				}
			}
		} else if !add(v) {
			return nil, false
		}
	}
	args = make([]any, len(bufs))
	for i, b := range bufs {
		if len(b) == 0 {
			args[i] = "[]"
		} else {
			args[i] = string(append(b, ']'))
		}
	}
	return args, true
}

func tableIndex(typ reflect.Type) int {
	for i, t := range freshTables {
		if t.Type == typ {
			return i
		}
	}
	return -1
}

// appendFieldJSON appends f's value in strct as JSON, as bun would insert
// it: null for a zero value of a nullzero field (whose column has no other
// default) or for a driver.Valuer's nil. ok is false for a kind it does not
// know.
func appendFieldJSON(b []byte, f *schema.Field, strct reflect.Value) (_ []byte, ok bool) {
	fv := f.Value(strct)
	if (f.IsPtr && fv.IsNil()) || (f.NullZero && f.HasZeroValue(strct)) {
		return append(b, "null"...), true
	}
	if vr, isValuer := fv.Interface().(driver.Valuer); isValuer {
		x, err := vr.Value()
		if err != nil {
			return b, false
		}
		switch x := x.(type) {
		case nil:
			return append(b, "null"...), true
		case int64:
			return strconv.AppendInt(b, x, 10), true
		case string:
			return appendJSONString(b, x), true
		}
		return b, false
	}
	switch fv.Kind() {
	case reflect.String:
		return appendJSONString(b, fv.String()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, fv.Int(), 10), true
	case reflect.Bool:
		return strconv.AppendBool(b, fv.Bool()), true
	}
	return b, false
}

// appendJSONString appends s as a JSON string: what json.Marshal writes
// means the same to a JSON parser (invalid UTF-8 as U+FFFD, byte by byte),
// without its allocation and HTML escapes — a case's file is kilobytes of
// JSON inside the JSON of its row.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
