package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// A case's entity tag is its version as a strong quoted string, "7". The
// version changes with every write, so the tag names exactly one state of
// the case (whichever view of it, whole or masked, the caller gets).

// caseETag returns the entity tag of version.
func caseETag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// expectedVersion reads If-Match: absent or "*" means "the current version"
// (0 for the service, which still checks and writes atomically); "7" means
// version 7. Anything else, including a weak tag or a list, is a 400: the
// server only issues single strong tags.
func expectedVersion(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.Header.Get("If-Match"))
	if v == "" || v == "*" {
		return 0, nil
	}
	if len(v) >= 3 && v[0] == '"' && v[len(v)-1] == '"' {
		if n, err := strconv.Atoi(v[1 : len(v)-1]); err == nil && n > 0 && !strings.ContainsAny(v[1:len(v)-1], "+-") {
			return n, nil
		}
	}
	return 0, badRequest(`If-Match must be a case version as the ETag gives it, such as "3", or *; got %q`, truncate(v, 80))
}

// maxIdempotencyKey bounds the Idempotency-Key header.
const maxIdempotencyKey = 200

// idempotencyKey reads the Idempotency-Key header of a creating POST. A
// retry with the same key returns what the first request created.
func idempotencyKey(r *http.Request) (string, error) {
	k := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if len(k) > maxIdempotencyKey {
		return "", badRequest("Idempotency-Key must be at most %d characters; got %d", maxIdempotencyKey, len(k))
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
