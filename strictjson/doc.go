// Package strictjson decodes JSON input strictly, naming the JSON path of
// every problem: the one decoder of request bodies (httpapi) and policy
// files (duediligence.LoadPolicy).
//
// Beyond what encoding/json refuses, it refuses what encoding/json lets
// through silently: a field the target type does not have, a key given
// twice in one object (also as "name" and "Name", which encoding/json
// would both map to one field), invalid UTF-8 and lone surrogate escapes
// (which encoding/json turns into U+FFFD), NUL characters in strings, and
// data after the value. It reports every such problem at once, each a
// check.FieldError with its path and reason; a body that is not JSON at all
// is a *SyntaxError with its offset, line and column.
//
//	if err := strictjson.Decode(body, &in); err != nil {
//		var syn *strictjson.SyntaxError // malformed: 400
//		var probs *check.Problems       // each field's problem
//	}
//
// A JSON array always replaces the value it is decoded into: decoding onto
// defaults (DecodeOnto) merges objects member by member and replaces
// lists whole, as a JSON merge patch does.
package strictjson
