package httpapi

import (
	"context"
	"net/http"
	"time"
)

// healthz answers GET /healthz: 200 whenever the process serves requests,
// for a liveness probe that must not restart the server because its
// database is down.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyTimeout bounds the readiness check, so that a hung database answers
// 503 before the load balancer's own probe times out.
const readyTimeout = 2 * time.Second

// readyz answers GET /readyz: 200 when Ready (by default the store's ping)
// succeeds, else a 503 problem; the cause is logged, not shown.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.ready(ctx); err != nil {
		li := logInfoOf(r.Context())
		s.log.WarnContext(r.Context(), "not ready", "request_id", li.requestID, "error", maskIDs(err.Error()))
		return &httpError{status: http.StatusServiceUnavailable, kind: "unavailable", title: "Service unavailable",
			detail: "the server cannot reach its database", detailZH: "服务器无法连接数据库", header: http.Header{"Retry-After": {"5"}}}
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
