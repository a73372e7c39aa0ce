package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// maxPatchAttempts bounds the retries of a merge patch sent without
// If-Match when another write moves the case between the read and the write.
const maxPatchAttempts = 3

// readMergePatch reads a JSON merge patch (RFC 7396) of an object: the body
// must be a JSON object, sent as application/merge-patch+json or
// application/json.
func (s *server) readMergePatch(w http.ResponseWriter, r *http.Request) (map[string]any, error) {
	_, tree, err := s.readJSON(w, r)
	if err != nil {
		return nil, err
	}
	patch, ok := tree.(map[string]any)
	if !ok {
		// RFC 7396 would replace the whole target with a non-object; for a
		// part of a case that is never what the client means.
		return nil, invalidField("", "a merge patch must be a JSON object")
	}
	return patch, nil
}

// applyMergePatch applies patch to the JSON form of current and decodes the
// result into dst, checked as decodeJSON checks a body: unknown fields are
// a 400 and values of the wrong type a 422, each with its path.
func applyMergePatch(current any, patch map[string]any, dst any) error {
	raw, err := json.Marshal(current)
	if err != nil {
		return fmt.Errorf("encoding the current value: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var target any
	if err := dec.Decode(&target); err != nil {
		return fmt.Errorf("decoding the current value: %w", err)
	}
	merged := mergePatch(target, patch)
	raw, err = json.Marshal(merged)
	if err != nil { // a tree of json.Number, string, bool, []any and map[string]any always encodes
		return fmt.Errorf("encoding the merged value: %w", err)
	}
	return decodeTree(raw, merged, dst)
}

// mergePatch is RFC 7396's MergePatch(target, patch): members of an object
// patch are merged recursively, null removes a member, and anything else
// (arrays included) replaces the target. target may be changed in place.
func mergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
			continue
		}
		t[k] = mergePatch(t[k], v)
	}
	return t
}

// patchCase reads the case, lets apply merge the patch onto the current
// state and write it, naming the version it read. With If-Match, a case at
// another version is a 412 at once. Without it the client asked for "the
// current version", so a write that loses a race with another is retried
// on the new state a few times rather than answered 412.
func (s *server) patchCase(r *http.Request, expected int, apply func(c *duediligence.Case) (*duediligence.Case, error)) (*duediligence.Case, error) {
	caseID := r.PathValue("id")
	for attempt := 1; ; attempt++ {
		c, err := s.svc.FindCaseByID(r.Context(), actorOf(r), caseID)
		if err != nil {
			return nil, err
		}
		if expected != 0 && c.Version != expected {
			return nil, duediligence.Errorf(duediligence.CodeStale, "", "case %s is at version %d, not %d", caseID, c.Version, expected)
		}
		updated, err := apply(c)
		if duediligence.ErrorCode(err) == duediligence.CodeStale && expected == 0 && attempt < maxPatchAttempts {
			continue
		}
		return updated, err
	}
}
