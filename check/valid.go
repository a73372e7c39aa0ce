package check

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// fieldMessages are the messages of the reasons common to every input; see
// FieldMessages.
var fieldMessages = Messages{
	"field.required":      {EN: "is required", ZH: "必填"},
	"field.too_long":      {EN: "must be at most {max} characters", ZH: "不得超过 {max} 个字符"},
	"field.too_many":      {EN: "must have at most {max} items", ZH: "不得超过 {max} 项"},
	"field.one_of":        {EN: "must be one of: {allowed}", ZH: "必须是以下之一：{allowed}"},
	"field.positive":      {EN: "must be greater than 0", ZH: "必须大于 0"},
	"field.not_negative":  {EN: "must not be negative", ZH: "不得为负数"},
	"field.between":       {EN: "must be between {min} and {max}", ZH: "必须在 {min} 至 {max} 之间"},
	"field.at_most":       {EN: "must be at most {max}", ZH: "不得大于 {max}"},
	"field.at_least":      {EN: "must be at least {min}", ZH: "不得小于 {min}"},
	"field.date":          {EN: "must be a date YYYY-MM-DD", ZH: "必须是 YYYY-MM-DD 格式的日期"},
	"field.future":        {EN: "is in the future", ZH: "不得晚于今天"},
	"field.encoding":      {EN: "must be valid UTF-8 text without NUL characters", ZH: "必须是有效的 UTF-8 文本，且不含 NUL 字符"},
	"field.unknown":       {EN: "is not a field of this request", ZH: "不是本请求的字段"},
	"field.type":          {EN: "must be {@type}", ZH: "必须是{@type}"},
	"field.integer_range": {EN: "must be an integer between {min} and {max}", ZH: "必须是 {min} 至 {max} 之间的整数"},
	"field.duplicate_key": {EN: "appears more than once in its object", ZH: "在同一对象中重复出现"},
	"field.invalid":       {EN: "{detail}", ZH: "取值无效：{detail}"},

	// Terms: the JSON types field.type names.
	"json.string":  {EN: "a string", ZH: "字符串"},
	"json.integer": {EN: "an integer", ZH: "整数"},
	"json.number":  {EN: "a number", ZH: "数字"},
	"json.boolean": {EN: "a boolean", ZH: "布尔值（true 或 false）"},
	"json.object":  {EN: "an object", ZH: "对象"},
	"json.array":   {EN: "an array", ZH: "数组"},
	"json.base64":  {EN: "a base64 string", ZH: "base64 编码的字符串"},
}

// FieldMessages returns the messages of the field errors this package
// builds (keys "field.…" and the JSON type terms "json.…").
func FieldMessages() Messages { return Merge(fieldMessages) }

func field(path string, reason error, value, key string, p Params) FieldError {
	fe := fieldMessages.FieldError(path, reason, key, p)
	fe.Value = Shown(value)
	return fe
}

// Required is the field error of a missing or blank field.
func Required(path string) FieldError { return field(path, ErrRequired, "", "field.required", nil) }

// TooLong is the field error of a string over max characters.
func TooLong(path string, max int) FieldError {
	return field(path, ErrTooLong, "", "field.too_long", Params{"max": strconv.Itoa(max)})
}

// TooMany is the field error of a list over max items.
func TooMany(path string, max int) FieldError {
	return field(path, ErrTooMany, "", "field.too_many", Params{"max": strconv.Itoa(max)})
}

// NotOneOf is the field error of a value outside the allowed set.
func NotOneOf(path, value string, allowed ...string) FieldError {
	return field(path, ErrOneOf, value, "field.one_of", Params{"allowed": strings.Join(allowed, ", ")})
}

// NotPositive is the field error of an amount that must be greater than 0.
func NotPositive(path, value string) FieldError {
	return field(path, ErrRange, value, "field.positive", nil)
}

// Negative is the field error of an amount that must not be negative.
func Negative(path, value string) FieldError {
	return field(path, ErrRange, value, "field.not_negative", nil)
}

// NotBetween is the field error of a value outside [min, max].
func NotBetween(path, value, min, max string) FieldError {
	return field(path, ErrRange, value, "field.between", Params{"min": min, "max": max})
}

// AboveMax is the field error of a value above max.
func AboveMax(path, value, max string) FieldError {
	return field(path, ErrRange, value, "field.at_most", Params{"max": max})
}

// BelowMin is the field error of a value below min.
func BelowMin(path, value, min string) FieldError {
	return field(path, ErrRange, value, "field.at_least", Params{"min": min})
}

// NotDate is the field error of a value that is not a date YYYY-MM-DD.
func NotDate(path, value string) FieldError {
	return field(path, ErrFormat, value, "field.date", nil)
}

// InFuture is the field error of a date after today.
func InFuture(path, value string) FieldError {
	return field(path, ErrRange, value, "field.future", nil)
}

// BadEncoding is the field error of text that is not valid UTF-8 or holds NUL.
func BadEncoding(path string) FieldError {
	return field(path, ErrEncoding, "", "field.encoding", nil)
}

// UnknownField is the field error of a JSON field the input does not have.
func UnknownField(path string) FieldError {
	return field(path, ErrUnknownField, "", "field.unknown", nil)
}

// WrongType is the field error of a JSON value that is not of the JSON type
// want: "string", "integer", "number", "boolean", "object", "array" or
// "base64".
func WrongType(path, want string) FieldError {
	return field(path, ErrType, "", "field.type", Params{"type": "json." + want})
}

// DuplicateKey is the field error of a key given twice in one JSON object.
func DuplicateKey(path string) FieldError {
	return field(path, ErrDuplicate, "", "field.duplicate_key", nil)
}

// Invalid is the field error of a value its own parser refused, with the
// parser's words as detail (English only: say it with a key of your own
// where the words matter).
func Invalid(path string, reason error, value, detail string) FieldError {
	return field(path, reason, value, "field.invalid", Params{"detail": detail})
}

// ValidText reports whether s is valid UTF-8 without NUL characters.
func ValidText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// Text checks an optional string: valid UTF-8 without NUL, at most max
// characters.
func (p *Problems) Text(path, s string, max int) {
	switch {
	case !ValidText(s):
		p.Add(BadEncoding(path))
	case utf8.RuneCountInString(s) > max:
		p.Add(TooLong(path, max))
	}
}

// RequiredText checks a string that must not be blank and has at most max
// characters.
func (p *Problems) RequiredText(path, s string, max int) {
	if strings.TrimSpace(s) == "" {
		p.Add(Required(path))
		return
	}
	p.Text(path, s, max)
}

// Texts checks a list of at most maxItems optional strings of at most
// maxLen characters each.
func (p *Problems) Texts(path string, ss []string, maxItems, maxLen int) {
	if len(ss) > maxItems {
		p.Add(TooMany(path, maxItems))
		return
	}
	for i, s := range ss {
		p.Text(path+"["+strconv.Itoa(i)+"]", s, maxLen)
	}
}

// OneOf checks that v, which is required, is one of allowed.
func (p *Problems) OneOf(path, v string, allowed ...string) {
	if v == "" {
		p.Add(Required(path))
		return
	}
	p.OptionalOneOf(path, v, allowed...)
}

// OptionalOneOf checks that v, if given, is one of allowed.
func (p *Problems) OptionalOneOf(path, v string, allowed ...string) {
	if v == "" {
		return
	}
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	p.Add(NotOneOf(path, v, allowed...))
}

// Count checks that a list has at most max items.
func (p *Problems) Count(path string, n, max int) {
	if n > max {
		p.Add(TooMany(path, max))
	}
}

// Between checks that an integer is within [min, max].
func (p *Problems) Between(path string, n, min, max int) {
	if n < min || n > max {
		p.Add(NotBetween(path, strconv.Itoa(n), strconv.Itoa(min), strconv.Itoa(max)))
	}
}
