package strictjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/jinzhi-dev/jinzhi/check"
)

// The kinds of SyntaxError, for errors.Is.
var (
	// ErrEmpty: there is no JSON value at all.
	ErrEmpty = errors.New("strictjson: empty input")
	// ErrTruncated: the input ends inside a value.
	ErrTruncated = errors.New("strictjson: input ends early")
	// ErrSyntax: a character that JSON does not allow there.
	ErrSyntax = errors.New("strictjson: malformed JSON")
	// ErrTrailing: more data follows the value.
	ErrTrailing = errors.New("strictjson: more data after the value")
)

// SyntaxError is input that is not one JSON value: where it breaks and why.
type SyntaxError struct {
	// Offset counts the bytes read when the problem was found, the
	// offending one included, as encoding/json counts; Line and Column (in
	// bytes, from 1) are where the offending byte is.
	Offset       int64
	Line, Column int
	// Msg says what is wrong there.
	Msg string
	// Kind is ErrEmpty, ErrTruncated, ErrSyntax or ErrTrailing.
	Kind error
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s at offset %d (line %d, column %d): %s", e.Kind, e.Offset, e.Line, e.Column, e.Msg)
}

// Unwrap returns the kind.
func (e *SyntaxError) Unwrap() error { return e.Kind }

// maxDepth bounds nesting, as encoding/json does.
const maxDepth = 10000

// Parse parses data, which must hold exactly one JSON value, into a tree of
// map[string]any, []any, string, json.Number, bool and nil. Malformed input
// is a *SyntaxError. A well-formed value with keys given twice in one
// object, invalid UTF-8, lone surrogates or NUL characters in its strings is
// a *check.Problems naming each place; the tree is not returned then.
func Parse(data []byte) (any, error) {
	p := parser{data: data}
	p.ws()
	if p.i == len(data) {
		return nil, p.syntax(ErrEmpty, "there is no JSON value")
	}
	v, err := p.value("", 0)
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i != len(data) {
		return nil, p.syntax(ErrTrailing, "more data follows the JSON value")
	}
	if err := p.probs.Err(); err != nil {
		return nil, err
	}
	return v, nil
}

type parser struct {
	data  []byte
	i     int
	probs check.Problems
}

func (p *parser) syntax(kind error, format string, args ...any) *SyntaxError {
	at := min(p.i, len(p.data))
	before := p.data[:at]
	line := 1 + strings.Count(string(before), "\n")
	col := at - strings.LastIndexByte(string(before), '\n')
	read := at
	if at < len(p.data) && kind != ErrTrailing {
		read++ // the offending byte was read
	}
	return &SyntaxError{Offset: int64(read), Line: line, Column: col, Msg: fmt.Sprintf(format, args...), Kind: kind}
}

func (p *parser) unexpected(what string) *SyntaxError {
	if p.i >= len(p.data) {
		return p.syntax(ErrTruncated, "the input ends inside %s", what)
	}
	r, _ := utf8.DecodeRune(p.data[p.i:])
	return p.syntax(ErrSyntax, "unexpected %q in %s", r, what)
}

func (p *parser) ws() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value(path string, depth int) (any, error) {
	if depth > maxDepth {
		return nil, p.syntax(ErrSyntax, "nested more than %d deep", maxDepth)
	}
	p.ws()
	if p.i >= len(p.data) {
		return nil, p.unexpected("a value")
	}
	switch c := p.data[p.i]; {
	case c == '{':
		return p.object(path, depth)
	case c == '[':
		return p.array(path, depth)
	case c == '"':
		return p.string(path)
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	}
	return nil, p.unexpected("a value")
}

func (p *parser) literal(word string) error {
	for k := 0; k < len(word); k++ {
		if p.i >= len(p.data) || p.data[p.i] != word[k] {
			return p.unexpected("the literal " + word)
		}
		p.i++
	}
	return nil
}

func (p *parser) object(path string, depth int) (any, error) {
	p.i++ // {
	obj := map[string]any{}
	p.ws()
	if p.i < len(p.data) && p.data[p.i] == '}' {
		p.i++
		return obj, nil
	}
	for {
		p.ws()
		if p.i >= len(p.data) || p.data[p.i] != '"' {
			return nil, p.unexpected("an object, looking for a key")
		}
		k, err := p.string(path)
		if err != nil {
			return nil, err
		}
		key := k.(string)
		p.ws()
		if p.i >= len(p.data) || p.data[p.i] != ':' {
			return nil, p.unexpected("an object, looking for ':'")
		}
		p.i++
		kpath := check.JoinPath(path, key)
		v, err := p.value(kpath, depth+1)
		if err != nil {
			return nil, err
		}
		if _, dup := obj[key]; dup {
			p.probs.Add(check.DuplicateKey(kpath))
		}
		obj[key] = v
		p.ws()
		if p.i >= len(p.data) {
			return nil, p.unexpected("an object")
		}
		switch p.data[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return obj, nil
		default:
			return nil, p.unexpected("an object, looking for ',' or '}'")
		}
	}
}

func (p *parser) array(path string, depth int) (any, error) {
	p.i++ // [
	arr := []any{}
	p.ws()
	if p.i < len(p.data) && p.data[p.i] == ']' {
		p.i++
		return arr, nil
	}
	for n := 0; ; n++ {
		v, err := p.value(path+"["+strconv.Itoa(n)+"]", depth+1)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
		p.ws()
		if p.i >= len(p.data) {
			return nil, p.unexpected("an array")
		}
		switch p.data[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return arr, nil
		default:
			return nil, p.unexpected("an array, looking for ',' or ']'")
		}
	}
}

// string parses a string at p.i, recording at path any invalid UTF-8, lone
// surrogate or NUL it holds.
func (p *parser) string(path string) (any, error) {
	p.i++ // "
	var b strings.Builder
	bad := false
	for {
		if p.i >= len(p.data) {
			return nil, p.unexpected("a string")
		}
		c := p.data[p.i]
		switch {
		case c == '"':
			p.i++
			s := b.String()
			if bad || strings.IndexByte(s, 0) >= 0 {
				p.probs.Add(encodingProblem(path, bad))
			}
			return s, nil
		case c == '\\':
			r, ok, err := p.escape()
			if err != nil {
				return nil, err
			}
			if !ok {
				bad = true
				continue
			}
			b.WriteRune(r)
		case c < 0x20:
			return nil, p.syntax(ErrSyntax, "control character %#02x in a string: escape it", c)
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			p.i++
		default:
			r, n := utf8.DecodeRune(p.data[p.i:])
			if r == utf8.RuneError && n == 1 {
				bad = true
				p.i++
				continue
			}
			b.WriteRune(r)
			p.i += n
		}
	}
}

// encodingProblem is the field error of a string with invalid UTF-8 or a
// lone surrogate (malformed) or a NUL (well-formed, but not text).
func encodingProblem(path string, malformed bool) check.FieldError {
	if malformed {
		return messages.FieldError(path, check.ErrEncoding, keyInvalidUTF8, nil)
	}
	return check.BadEncoding(path)
}

// escape reads an escape sequence at p.i; ok is false for a lone surrogate.
func (p *parser) escape() (r rune, ok bool, err error) {
	if p.i+1 >= len(p.data) {
		p.i = len(p.data)
		return 0, false, p.unexpected("a string")
	}
	e := p.data[p.i+1]
	p.i += 2
	switch e {
	case '"', '\\', '/':
		return rune(e), true, nil
	case 'b':
		return '\b', true, nil
	case 'f':
		return '\f', true, nil
	case 'n':
		return '\n', true, nil
	case 'r':
		return '\r', true, nil
	case 't':
		return '\t', true, nil
	case 'u':
		r, err := p.hex4()
		if err != nil {
			return 0, false, err
		}
		if !utf16.IsSurrogate(r) {
			return r, true, nil
		}
		if r >= 0xDC00 || p.i+1 >= len(p.data) || p.data[p.i] != '\\' || p.data[p.i+1] != 'u' {
			return 0, false, nil // a low surrogate first, or a high one alone
		}
		save := p.i
		p.i += 2
		r2, err := p.hex4()
		if err != nil {
			return 0, false, err
		}
		if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
			return d, true, nil
		}
		p.i = save // the next escape is not its pair; read it on its own
		return 0, false, nil
	}
	p.i--
	return 0, false, p.syntax(ErrSyntax, "invalid escape \\%c in a string", e)
}

func (p *parser) hex4() (rune, error) {
	if p.i+4 > len(p.data) {
		p.i = len(p.data)
		return 0, p.unexpected("a \\u escape")
	}
	v, err := strconv.ParseUint(string(p.data[p.i:p.i+4]), 16, 32)
	if err != nil {
		return 0, p.syntax(ErrSyntax, "invalid \\u escape %q", p.data[p.i:p.i+4])
	}
	p.i += 4
	return rune(v), nil
}

// number parses a JSON number at p.i: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *parser) number() (any, error) {
	start := p.i
	digits := func() bool {
		s := p.i
		for p.i < len(p.data) && p.data[p.i] >= '0' && p.data[p.i] <= '9' {
			p.i++
		}
		return p.i > s
	}
	if p.data[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.data) && p.data[p.i] == '0':
		p.i++
	case !digits():
		return nil, p.unexpected("a number")
	}
	if p.i < len(p.data) && p.data[p.i] == '.' {
		p.i++
		if !digits() {
			return nil, p.unexpected("a number's fraction")
		}
	}
	if p.i < len(p.data) && (p.data[p.i] == 'e' || p.data[p.i] == 'E') {
		p.i++
		if p.i < len(p.data) && (p.data[p.i] == '+' || p.data[p.i] == '-') {
			p.i++
		}
		if !digits() {
			return nil, p.unexpected("a number's exponent")
		}
	}
	return json.Number(p.data[start:p.i]), nil
}
