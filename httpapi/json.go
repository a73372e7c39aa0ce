package httpapi

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/strictjson"
)

// decodeJSON reads a JSON request body into v, a pointer to the input
// struct, with the one strict decoder (strictjson). It answers, through the
// error it returns:
//
//   - 415 when the Content-Type is not JSON;
//   - 413 when the body is over MaxBodyBytes;
//   - 400 for an empty body, malformed JSON (with the offset, line and
//     column), a second value after the first, invalid UTF-8, a key given
//     twice in one object, or fields v does not have (each named with its
//     path);
//   - 422 for a string longer than the OpenAPI document's maxLength
//     (maxlength.go), a value of the wrong JSON type, one its Go type
//     refuses (money that is not a "0.00" string) or a string holding NUL,
//     each named with its path, such as request.term_months, all at once.
//
// It never answers 500: whatever the body, the error is the client's.
func (s *server) decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	raw, tree, err := s.readJSON(w, r)
	if err != nil {
		return err
	}
	return decodeTree(raw, tree, v)
}

// readJSON reads a JSON request body and parses it strictly: it returns the
// raw bytes and the generic tree (numbers as json.Number), or the 415, 413,
// 400 or 422 of decodeJSON.
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
			detail: "the request body could not be read", detailZH: "请求体未能读取", err: err}
	}
	tree, err = strictjson.Parse(raw)
	if err != nil {
		return nil, nil, bodyError(err)
	}
	// Strings longer than the OpenAPI document allows (maxlength.go).
	if fes := checkLengths(r.Pattern, tree); len(fes) > 0 {
		return nil, nil, &duediligence.Error{Code: duediligence.CodeInvalid, Message: "the body does not match the request's schema", Fields: fes}
	}
	return raw, tree, nil
}

// decodeTree checks the parsed body tree against v's type, naming every
// unknown field (400) and every value of the wrong type (422) with its
// path, then decodes raw, the same JSON, into v.
func decodeTree(raw []byte, tree any, v any) error {
	if err := strictjson.DecodeTree(raw, tree, v); err != nil {
		return bodyError(err)
	}
	return nil
}

// bodyError answers a strictjson error: a syntax error or a malformed field
// (unknown, given twice, invalid UTF-8) is a 400, every other field a 422.
func bodyError(err error) error {
	if se, ok := errors.AsType[*strictjson.SyntaxError](err); ok {
		switch {
		case errors.Is(se, strictjson.ErrEmpty):
			return badRequest("the request body is empty; send a JSON object").zh("请求体为空，请发送一个 JSON 对象")
		case errors.Is(se, strictjson.ErrTruncated):
			return badRequest("the JSON body ends early, at offset %d (line %d, column %d)", se.Offset, se.Line, se.Column).
				zh("JSON 请求体在偏移 %d 处（第 %d 行第 %d 列）提前结束", se.Offset, se.Line, se.Column)
		case errors.Is(se, strictjson.ErrTrailing):
			return badRequest("the body must hold one JSON value; more data follows at offset %d", se.Offset).
				zh("请求体只能包含一个 JSON 值；偏移 %d 处后还有数据", se.Offset)
		}
		return badRequest("malformed JSON at offset %d (line %d, column %d): %s", se.Offset, se.Line, se.Column, se.Msg).
			zh("JSON 在偏移 %d 处（第 %d 行第 %d 列）格式有误：%s", se.Offset, se.Line, se.Column, se.Msg)
	}
	probs, ok := errors.AsType[*check.Problems](err)
	if !ok {
		return badRequest("the body does not fit the request: %v", err).zh("请求体与接口要求不符：%v", err)
	}
	var malformed, invalid []duediligence.FieldError
	for _, fe := range probs.Fields {
		if strictjson.Malformed(fe) {
			malformed = append(malformed, fe)
		} else {
			invalid = append(invalid, fe)
		}
	}
	if len(malformed) > 0 {
		names := make([]string, len(malformed))
		for i, fe := range malformed {
			names[i] = fe.Field
		}
		e := badRequest("the body is not acceptable JSON at %s", strings.Join(names, ", ")).zh("请求体在 %s 处不是可接受的 JSON", strings.Join(names, "、"))
		if slices.ContainsFunc(malformed, func(fe duediligence.FieldError) bool { return errors.Is(fe.Err, check.ErrUnknownField) }) {
			e = badRequest("unknown field(s) or keys given twice: %s", strings.Join(names, ", ")).zh("未知字段或重复的键：%s", strings.Join(names, "、"))
		}
		e.fields = malformed
		return e
	}
	return &duediligence.Error{Code: duediligence.CodeInvalid, Message: "the body does not match the request's schema", Fields: invalid}
}

// isJSONMediaType accepts application/json and any +json type
// (application/merge-patch+json for PATCH).
func isJSONMediaType(mt string) bool {
	return mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")
}
