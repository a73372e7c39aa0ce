package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// A case's entity tag is its version as a strong quoted string, "7". The
// version changes with every write, so the tag names exactly one state of
// the case (whichever view of it, whole or masked, the caller gets).

// caseETag returns the entity tag of version.
func caseETag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// precondition is what a route asks of a request before it runs, so that a
// write cannot overwrite what its client has not seen (RFC 9110 §13.1.1,
// DESIGN §9). Each route's row in the routes table names its own.
type precondition int

const (
	// noPrecondition: reads, and POST /v1/cases, which creates the case
	// later writes name.
	noPrecondition precondition = iota
	// matchVersion: a write to a case. If-Match must name the case's
	// current version as its ETag gives it: 428 without it or with *, 412
	// with any other entity tag.
	matchVersion
	// postingKey is for the financial postings of the loan (disbursements,
	// repayments, commitments): each is idempotent by its Idempotency-Key
	// and serialised on its loan by the service, so it needs no If-Match —
	// a repayment must not fail because a colleague just annotated the case
	// — but it must carry a key: 428 without one.
	postingKey
)

// String names the precondition as the tests and the OpenAPI check see it.
func (p precondition) String() string {
	switch p {
	case noPrecondition:
		return ""
	case matchVersion:
		return "If-Match"
	case postingKey:
		return "Idempotency-Key"
	}
	return "precondition(" + strconv.Itoa(int(p)) + ")"
}

type expectedKey struct{}

// checkPrecondition evaluates rt's precondition on r before the handler
// reads a byte of the body, and returns r with the version a write expects.
func (s *server) checkPrecondition(rt route, r *http.Request) (*http.Request, error) {
	switch rt.precondition {
	case matchVersion:
		v, err := s.ifMatch(r)
		if err != nil {
			return nil, err
		}
		return r.WithContext(context.WithValue(r.Context(), expectedKey{}, v)), nil
	case postingKey:
		if strings.TrimSpace(r.Header.Get("Idempotency-Key")) == "" {
			return nil, preconditionRequired("a posting needs an Idempotency-Key: a retry that sends the same key is recognised, so that the money moves once").
				zh("资金类操作须带 Idempotency-Key：重试时发送同一键值即被识别，款项只划转一次")
		}
	}
	return r, nil
}

// ifMatch evaluates If-Match on a write to the case of r's {id}:
//
//   - absent: 428, saying how to get the tag;
//   - *: 428 too. RFC 9110 reads it as "any current representation", which
//     would let the write overwrite whatever changed since the client read
//     the case — exactly what requiring the header prevents;
//   - one strong tag of a version, "7": the version the write expects,
//     which the service compares with the current one in the same
//     transaction as the write (412 when they differ);
//   - any other tag, weak (W/"7", which never matches strongly), malformed
//     or one this server never issues: 412 at once, naming the current
//     version;
//   - a list naming several versions: 400, since a write is based on one.
func (s *server) ifMatch(r *http.Request) (int, error) {
	raw := strings.TrimSpace(strings.Join(r.Header.Values("If-Match"), ", "))
	id := r.PathValue("id")
	if raw == "" {
		return 0, preconditionRequired(fmt.Sprintf(`a write to a case must name the version it is based on: send If-Match with the ETag that GET /v1/cases/%s answers (such as "3"), so that it cannot overwrite a change you have not seen`, id)).
			zh(`修改案件须注明所依据的版本：请在 If-Match 中发送 GET /v1/cases/%s 返回的 ETag（如 "3"），以免覆盖您未看到的修改`, id)
	}
	var versions []int
	for _, tag := range strings.Split(raw, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" {
			return 0, preconditionRequired(fmt.Sprintf(`If-Match: * matches any version, so the write could overwrite a change you have not seen; send the ETag that GET /v1/cases/%s answers (such as "3") instead`, id)).
				zh(`If-Match: * 匹配任何版本，修改可能覆盖您未看到的改动；请改为发送 GET /v1/cases/%s 返回的 ETag（如 "3"）`, id)
		}
		if v, ok := versionOfTag(tag); ok && !slices.Contains(versions, v) {
			versions = append(versions, v)
		}
	}
	switch len(versions) {
	case 1:
		return versions[0], nil
	case 0:
		current, err := s.svc.CaseVersion(r.Context(), actorOf(r), id)
		if err != nil {
			return 0, err
		}
		return 0, &httpError{status: http.StatusPreconditionFailed, kind: string(duediligence.CodeStale), title: "The entity tag does not match",
			detail: fmt.Sprintf(`If-Match %s names no version of case %s, which is at version %d (ETag %s): send the ETag of the case as you last read it, exactly`,
				truncate(raw, 80), id, current, caseETag(current)),
			detailZH: fmt.Sprintf(`If-Match %s 不是案件 %s 的任何版本；案件当前为第 %d 版（ETag %s）：请原样发送您上次读取时的 ETag`,
				truncate(raw, 80), id, current, caseETag(current))}
	}
	return 0, badRequest("If-Match names %d versions of the case; a write is based on one, the ETag of the case as you last read it", len(versions)).
		zh("If-Match 给出了案件的 %d 个版本；一次修改只能基于一个版本，即您上次读取时的 ETag", len(versions))
}

// versionOfTag reads a strong entity tag of a case version, "7".
func versionOfTag(tag string) (int, bool) {
	if len(tag) < 3 || tag[0] != '"' || tag[len(tag)-1] != '"' {
		return 0, false
	}
	digits := tag[1 : len(tag)-1]
	if digits[0] < '1' || digits[0] > '9' || len(digits) > 9 {
		return 0, false
	}
	v, err := strconv.Atoi(digits)
	return v, err == nil
}

// expectedVersion returns the version a write's If-Match named, which
// checkPrecondition evaluated. A route that reads it must have
// matchVersion in its row: without it the write would name no version, and
// the service would take that for "any".
func expectedVersion(r *http.Request) (int, error) {
	v, ok := r.Context().Value(expectedKey{}).(int)
	if !ok {
		return 0, fmt.Errorf("%s %s writes a case but its route does not require If-Match", r.Method, r.URL.Path)
	}
	return v, nil
}

// preconditionRequired is a 428 (RFC 6585 §3).
func preconditionRequired(detail string) *httpError {
	return &httpError{status: http.StatusPreconditionRequired, kind: "precondition_required", title: "Precondition required", detail: detail}
}

// maxIdempotencyKey bounds the Idempotency-Key header.
const maxIdempotencyKey = 200

// idempotencyKey reads the Idempotency-Key header of a creating POST. A
// retry with the same key returns what the first request created.
func idempotencyKey(r *http.Request) (string, error) {
	k := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if len(k) > maxIdempotencyKey {
		return "", badRequest("Idempotency-Key must be at most %d characters; got %d", maxIdempotencyKey, len(k)).
			zh("Idempotency-Key 最长 %d 个字符，收到 %d 个", maxIdempotencyKey, len(k))
	}
	return k, nil
}

// writeCase answers a case with its entity tag.
func writeCase(w http.ResponseWriter, status int, c *duediligence.Case) error {
	w.Header().Set("ETag", caseETag(c.Version))
	return writeJSON(w, status, c)
}

// truncate shortens s to at most n bytes for a message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
