package httpapi

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// A database that cannot be reached is not a bug (DESIGN §9): a request
// that fails because of it is answered 503 with Retry-After and the problem
// type .../unavailable, and the outage is logged once, at WARN, when the
// first such request fails — with the driver's error — and once, at INFO,
// when a request succeeds again, with how many were refused. The requests
// in between are in the access log at INFO, not each an ERROR.

// retryAfterUnavailable is what a 503 of an unreachable database asks a
// client to wait, in seconds: a restart or a failover takes a few.
const retryAfterUnavailable = "2"

// outage tracks whether the database is unreachable, as the last requests
// found it.
type outage struct {
	mu      sync.Mutex
	down    bool
	since   time.Time
	refused int
}

// unavailable answers err, which the store classified as the database
// being unreachable, and logs the outage if it is the first refusal of one.
func (s *server) unavailable(r *http.Request, err error) *httpError {
	s.outage.mu.Lock()
	first := !s.outage.down
	if first {
		s.outage.down, s.outage.since, s.outage.refused = true, time.Now(), 0
	}
	s.outage.refused++
	s.outage.mu.Unlock()
	if first {
		s.log.WarnContext(r.Context(), "database unavailable: answering 503 until it is reachable again",
			"request_id", logInfoOf(r.Context()).requestID, "error", maskIDs(err.Error()))
	}
	return &httpError{status: http.StatusServiceUnavailable, kind: "unavailable", title: "Service unavailable",
		detail:   "the database cannot be reached for now; retry after " + retryAfterUnavailable + " seconds",
		detailZH: "暂时无法连接数据库，请 " + retryAfterUnavailable + " 秒后重试",
		header:   http.Header{"Retry-After": {retryAfterUnavailable}}}
}

// reachable records that a request that needed the database succeeded, and
// ends the outage if there was one.
func (s *server) reachable(ctx context.Context) {
	s.outage.mu.Lock()
	if !s.outage.down {
		s.outage.mu.Unlock()
		return
	}
	since, refused := s.outage.since, s.outage.refused
	s.outage.down = false
	s.outage.mu.Unlock()
	s.log.InfoContext(ctx, "database reachable again", "outage_seconds", time.Since(since).Seconds(), "refused", refused)
}
