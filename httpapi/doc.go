// Package httpapi serves a duediligence.Service over HTTP: JSON under /v1,
// bearer tokens, errors as application/problem+json (RFC 9457), ETag on
// every answer with a case and If-Match required on every write to one (428
// without it or with *, 412 on any other tag than the current version),
// Idempotency-Key on creating POSTs. The contract is the OpenAPI 3.1
// document it serves at /openapi.json (see OpenAPI).
//
//	svc, _ := duediligence.NewService(duediligence.Config{Store: st, Content: files})
//	h := httpapi.New(svc, httpapi.Options{Logger: logger})
//	http.ListenAndServe("127.0.0.1:8080", h)
//
// The handlers decide nothing about roles, stages or versions: the service
// does, and its error codes map to statuses in one table (error.go):
// invalid 422, not_found 404, conflict 409, stale 412, gate 409 (with every
// unmet condition), forbidden 403, too_large 413, internal 500.
//
// Before a handler reads a request's body, the request is admitted
// (server.go): the headers the handlers read, the path's IDs and the query
// must be clean text of the right shape (param.go: 400, or 404 for an ID
// that cannot name anything), the caller authenticated and the route's
// precondition met (etag.go). Each request has deadlines on its connection
// and the requests in flight are capped (limit.go: 408, 503 with
// Retry-After); browser frontends of allowed origins get CORS (cors.go).
// Every log entry has its resident IDs masked (log.go). With
// Options.Metrics, requests and gate refusals are counted in that
// Prometheus registry, which MetricsHandler serves on a listener of its own
// (metrics.go).
package httpapi
