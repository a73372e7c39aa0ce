package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// An Idempotency-Key is bound to the request it first came with (DESIGN
// §9): the server keeps, in the database, the key with a fingerprint of the
// request — its method, path and the SHA-256 of its body — and, once it
// succeeded, its answer. A retry of the same request is answered with the
// first answer's status, headers and body, byte for byte, whatever the
// case became since; the same key with another request is refused 422,
// naming the request the key belongs to. A request that failed keeps
// nothing: its key may be sent again. Keys are forgotten after
// Options.IdempotencyRetention.
//
// The service's own replay (an event per key, unique in the audit trail)
// still decides a race between two first attempts with the same key and
// an attempt whose first one ended without an answer (a crash): both come
// through here as the same request and the service answers the second one
// from the first one's event.

// DefaultIdempotencyRetention is the default of Options.IdempotencyRetention.
const DefaultIdempotencyRetention = 24 * time.Hour

// maxReplayBytes bounds an answer kept for replay; a longer one is not kept
// (a retry is then answered by the service's own replay).
const maxReplayBytes = 1 << 20

// secretAnswers are the routes whose answer holds a secret (a new user's
// token): it is never kept for a replay, so a retry creates nothing more
// (the service's replay) but shows no token.
var secretAnswers = map[string]bool{"POST /v1/users": true}

// replayHeaders are the headers of an answer that a replay repeats.
var replayHeaders = []string{"Content-Type", "ETag", "Location"}

// idempotency binds keys to requests through the service's store.
type idempotency struct {
	store     duediligence.IdempotencyStore
	retention time.Duration
	// lastPurge is when expired keys were last deleted (Unix nanoseconds).
	lastPurge atomic.Int64
}

// fingerprint is what the request is, for comparing a retry with it.
func fingerprint(method, path string, body []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%d\n", method, path, len(body))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// serve runs the route's handler for r, replaying the first answer to r's
// Idempotency-Key or refusing the key when it belongs to another request.
// A request without a key, and a route other than a POST, is handled as is.
func (s *server) serve(rt route, w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	if key == "" || rt.method != http.MethodPost || rt.public || s.idem == nil || secretAnswers[rt.method+" "+rt.pattern] {
		return rt.handle(s, w, r)
	}
	if r.ContentLength > s.maxBody {
		return tooLarge("the JSON body", s.maxBody)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return tooLarge("the JSON body", s.maxBody)
		}
		return &httpError{status: http.StatusBadRequest, kind: "malformed", title: "Malformed request",
			detail: "the request body could not be read", detailZH: "请求体未能读取", err: err}
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	now := time.Now()
	req := &duediligence.IdempotentRequest{ActorID: actorOf(r).ID, Key: key, Fingerprint: fingerprint(r.Method, r.URL.Path, body),
		Method: r.Method, Path: r.URL.Path, CreatedAt: now}
	s.idem.purge(r.Context(), now)
	held, err := s.idem.store.ReserveIdempotentRequest(r.Context(), req, now.Add(-s.idem.retention))
	if err != nil {
		return err
	}
	if held != nil {
		if held.Fingerprint != req.Fingerprint {
			return keyReused(key, held)
		}
		if held.Status != 0 {
			replay(w, held)
			return nil
		}
		// The first request is being served, or ended without an answer:
		// the service answers this one from what the first one stored.
	}
	rec := &answerRecorder{ResponseWriter: w}
	herr := func() (herr error) {
		defer func() {
			if herr != nil || !rec.keep() {
				// Nothing to replay: free the key for another attempt.
				_ = s.idem.store.ReleaseIdempotentRequest(context.WithoutCancel(r.Context()), req.ActorID, key)
			}
		}()
		return rt.handle(s, rec, r)
	}()
	if herr != nil || !rec.keep() {
		return herr
	}
	req.Status, req.Body, req.Header = rec.status, rec.body.Bytes(), map[string]string{}
	for _, h := range replayHeaders {
		if v := w.Header().Get(h); v != "" {
			req.Header[h] = v
		}
	}
	if err := s.idem.store.CompleteIdempotentRequest(context.WithoutCancel(r.Context()), req); err != nil {
		// The change is made and answered; a retry is answered by the
		// service's own replay instead.
		s.log.WarnContext(r.Context(), "idempotency: the answer could not be kept", "request_id", logInfoOf(r.Context()).requestID, "error", maskIDs(err.Error()))
	}
	return nil
}

// purge deletes the expired keys, at most once per hundredth of the
// retention (the delete uses an index on created_at).
func (i *idempotency) purge(ctx context.Context, now time.Time) {
	last := i.lastPurge.Load()
	if now.UnixNano()-last < int64(i.retention/100) || !i.lastPurge.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	_, _ = i.store.PurgeIdempotentRequests(ctx, now.Add(-i.retention))
}

// keyReused is the 422 of a key sent with another request than its own.
func keyReused(key string, held *duediligence.IdempotentRequest) error {
	return &httpError{status: http.StatusUnprocessableEntity, kind: "idempotency_key_reused", title: "Idempotency-Key used for another request",
		detail: fmt.Sprintf("Idempotency-Key %q was used at %s for %s %s with another body; send a new key with a new request",
			key, held.CreatedAt.UTC().Format(time.RFC3339), held.Method, held.Path),
		fields: []duediligence.FieldError{{Field: "Idempotency-Key", Message: fmt.Sprintf("belongs to %s %s with another body", held.Method, held.Path)}}}
}

// replay answers what the first request was answered.
func replay(w http.ResponseWriter, held *duediligence.IdempotentRequest) {
	for k, v := range held.Header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(held.Body)))
	w.WriteHeader(held.Status)
	_, _ = w.Write(held.Body)
}

// answerRecorder passes an answer on and keeps a copy to replay.
type answerRecorder struct {
	http.ResponseWriter
	status   int
	body     bytes.Buffer
	overflow bool
}

func (a *answerRecorder) WriteHeader(code int) {
	if a.status == 0 {
		a.status = code
	}
	a.ResponseWriter.WriteHeader(code)
}

func (a *answerRecorder) Write(b []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	if a.body.Len()+len(b) > maxReplayBytes {
		a.overflow = true
	} else if !a.overflow {
		a.body.Write(b)
	}
	return a.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (a *answerRecorder) Unwrap() http.ResponseWriter { return a.ResponseWriter }

// keep reports whether the answer is one to replay: a success, whole, in
// text the database keeps.
func (a *answerRecorder) keep() bool {
	return a.status >= 200 && a.status < 300 && !a.overflow && utf8.Valid(a.body.Bytes()) && !bytes.ContainsRune(a.body.Bytes(), 0)
}
