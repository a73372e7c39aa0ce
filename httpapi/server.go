package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"runtime/debug"
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
	"github.com/jinzhi-dev/jinzhi/duediligence/render"
)

// Options configure the handler New returns. The zero value gives defaults.
type Options struct {
	// Logger receives one access log entry per request and the details of
	// internal errors. Default: JSON lines on standard error.
	Logger *slog.Logger
	// MaxBodyBytes limits JSON request bodies. Default 1 MiB.
	MaxBodyBytes int64
	// MaxUploadBytes limits one uploaded document file. Default: the
	// service policy's MaxUploadBytes, which the content store also enforces.
	MaxUploadBytes int64
	// Ready reports whether the server can serve (GET /readyz). Default:
	// the service's Ping of its store.
	Ready func(ctx context.Context) error
	// Renderer renders the feasibility report as Markdown and HTML (GET
	// /v1/cases/{id}/report). Default: render.New with the built-in
	// templates.
	Renderer *render.Renderer
}

// route is one endpoint: its method and path pattern (net/http's syntax,
// which OpenAPI's path templates share), whether it needs a bearer token,
// and the handler. A handler returns an error instead of writing one, so
// every refusal goes through writeError.
type route struct {
	method  string
	pattern string
	public  bool
	handle  func(s *server, w http.ResponseWriter, r *http.Request) error
}

// routes is the one list of endpoints: New registers it and the tests check
// it against the paths of openapi.json, both ways.
var routes = []route{
	{method: "GET", pattern: "/healthz", public: true, handle: (*server).healthz},
	{method: "GET", pattern: "/readyz", public: true, handle: (*server).readyz},
	{method: "GET", pattern: "/openapi.json", public: true, handle: (*server).openAPI},
	{method: "GET", pattern: "/v1/me", handle: (*server).me},
	{method: "POST", pattern: "/v1/cases", handle: (*server).createCase},
	{method: "GET", pattern: "/v1/cases", handle: (*server).listCases},
	{method: "GET", pattern: "/v1/cases/{id}", handle: (*server).getCase},
	{method: "PATCH", pattern: "/v1/cases/{id}", handle: (*server).updateCase},
	{method: "POST", pattern: "/v1/cases/{id}/collateral", handle: (*server).addCollateral},
	{method: "PATCH", pattern: "/v1/cases/{id}/collateral/{item_id}", handle: (*server).updateCollateral},
	{method: "DELETE", pattern: "/v1/cases/{id}/collateral/{item_id}", handle: (*server).removeCollateral},
	{method: "POST", pattern: "/v1/cases/{id}/collateral/{item_id}/appraisals", handle: (*server).addAppraisal},
	{method: "POST", pattern: "/v1/cases/{id}/registrations", handle: (*server).recordRegistration},
	{method: "POST", pattern: "/v1/cases/{id}/guarantees", handle: (*server).addGuarantee},
	{method: "PATCH", pattern: "/v1/cases/{id}/guarantees/{guarantee_id}", handle: (*server).updateGuarantee},
	{method: "DELETE", pattern: "/v1/cases/{id}/guarantees/{guarantee_id}", handle: (*server).removeGuarantee},
	{method: "POST", pattern: "/v1/cases/{id}/documents", handle: (*server).recordDocument},
	{method: "PUT", pattern: "/v1/cases/{id}/documents/{doc_id}/content", handle: (*server).uploadContent},
	{method: "GET", pattern: "/v1/cases/{id}/documents/{doc_id}/content", handle: (*server).downloadContent},
	{method: "POST", pattern: "/v1/cases/{id}/findings", handle: (*server).addFinding},
	{method: "POST", pattern: "/v1/cases/{id}/co-investigators", handle: (*server).addCoInvestigator},
	{method: "POST", pattern: "/v1/cases/{id}/flags", handle: (*server).raiseFlag},
	{method: "POST", pattern: "/v1/cases/{id}/flags/{flag_id}/resolution", handle: (*server).resolveFlag},
	{method: "GET", pattern: "/v1/cases/{id}/checks", handle: (*server).checks},
	{method: "POST", pattern: "/v1/cases/{id}/checks/{rule_id}/acknowledgement", handle: (*server).acknowledge},
	{method: "POST", pattern: "/v1/cases/{id}/report", handle: (*server).generateReport},
	{method: "PATCH", pattern: "/v1/cases/{id}/report", handle: (*server).editReport},
	{method: "GET", pattern: "/v1/cases/{id}/report", handle: (*server).getReport},
	{method: "POST", pattern: "/v1/cases/{id}/report/attestation", handle: (*server).attestReport},
	{method: "POST", pattern: "/v1/cases/{id}/transitions", handle: (*server).transition},
	{method: "GET", pattern: "/v1/cases/{id}/events", handle: (*server).events},
	{method: "POST", pattern: "/v1/cases/{id}/decisions", handle: (*server).decide},
	{method: "GET", pattern: "/v1/ledger", handle: (*server).ledger},
}

// server is the handler New returns.
type server struct {
	svc       *duediligence.Service
	log       *slog.Logger
	maxBody   int64
	maxUpload int64
	ready     func(ctx context.Context) error
	mux       *http.ServeMux
	// render renders reports; renderErr is why there is none (the
	// built-in templates did not parse), answered on the routes that need it.
	render    *render.Renderer
	renderErr error
}

// New returns the HTTP API of DESIGN §9 over svc: the routes of openapi.json
// behind request IDs, an access log, panic recovery and bearer-token
// authentication.
func New(svc *duediligence.Service, opt Options) http.Handler {
	s := &server{svc: svc, log: opt.Logger, maxBody: opt.MaxBodyBytes, maxUpload: opt.MaxUploadBytes, ready: opt.Ready}
	if s.log == nil {
		s.log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	if s.maxBody <= 0 {
		s.maxBody = 1 << 20
	}
	if s.maxUpload <= 0 {
		s.maxUpload = svc.Policy().MaxUploadBytes
	}
	if s.ready == nil {
		s.ready = svc.Ping
	}
	s.render = opt.Renderer
	if s.render == nil {
		s.render, s.renderErr = render.New(render.Options{})
	}
	s.mux = http.NewServeMux()
	for _, rt := range routes {
		s.mux.HandleFunc(rt.method+" "+rt.pattern, s.endpoint(rt))
	}
	return s
}

// renderer returns the report renderer, or an internal error.
func (s *server) renderer() (*render.Renderer, error) {
	if s.render == nil {
		return nil, fmt.Errorf("no report renderer: %w", s.renderErr)
	}
	return s.render, nil
}

// endpoint adapts a route's handler: it authenticates the caller unless the
// route is public and answers the handler's error as a problem.
func (s *server) endpoint(rt route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		logInfoOf(r.Context()).route = rt.method + " " + rt.pattern
		if !rt.public {
			// Case files hold personal data: no cache keeps a copy.
			w.Header().Set("Cache-Control", "no-store")
			actor, err := s.authenticate(r)
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), actorKey{}, actor))
		}
		if err := rt.handle(s, w, r); err != nil {
			s.writeError(w, r, err)
		}
	}
}

// ServeHTTP gives the request an ID, logs it when done, recovers from a
// panic in a handler and routes it.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	li := &logInfo{requestID: requestID(r)}
	w.Header().Set("X-Request-ID", li.requestID)
	rec := &statusRecorder{ResponseWriter: w}
	r = r.WithContext(context.WithValue(r.Context(), logInfoKey{}, li))
	defer s.logAccess(r, rec, li, start)
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		s.log.ErrorContext(r.Context(), "panic", "request_id", li.requestID, "panic", maskIDs(fmt.Sprint(v)), "stack", string(debug.Stack()))
		if !rec.wrote {
			s.writeError(rec, r, fmt.Errorf("panic: %v", v))
		}
	}()
	s.route(rec, r)
}

// route serves r through the mux. What the mux would answer with its own
// plain-text 404 or 405 is answered as a problem instead.
func (s *server) route(w http.ResponseWriter, r *http.Request) {
	h, pattern := s.mux.Handler(r)
	if pattern != "" {
		s.mux.ServeHTTP(w, r)
		return
	}
	probe := &headerProbe{header: http.Header{}}
	h.ServeHTTP(probe, r)
	if probe.status == http.StatusMethodNotAllowed {
		s.writeError(w, r, &httpError{status: http.StatusMethodNotAllowed, kind: "method_not_allowed", title: "Method not allowed",
			detail: r.Method + " is not allowed on " + r.URL.Path, header: http.Header{"Allow": probe.header.Values("Allow")}})
		return
	}
	s.writeError(w, r, &httpError{status: http.StatusNotFound, kind: "not_found", title: "Not found", detail: "no endpoint at " + r.URL.Path})
}

// logAccess writes the access log entry of a request. It never logs the
// query string (a search may hold a resident ID) and masks anything in the
// path that looks like one.
func (s *server) logAccess(r *http.Request, rec *statusRecorder, li *logInfo, start time.Time) {
	status := rec.status
	if status == 0 {
		status = http.StatusOK
	}
	attrs := []slog.Attr{
		slog.String("request_id", li.requestID),
		slog.String("method", r.Method),
		slog.String("path", maskIDs(r.URL.Path)),
		slog.String("route", li.route),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		slog.Int64("bytes", rec.bytes),
	}
	if li.actorID != "" {
		attrs = append(attrs, slog.String("actor_id", li.actorID), slog.String("actor_role", string(li.actorRole)))
	}
	if li.errorCode != "" {
		attrs = append(attrs, slog.String("error_code", li.errorCode))
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	s.log.LogAttrs(r.Context(), level, "request", attrs...)
}

// logInfo is what the handlers learn about a request that its access log
// entry reports.
type logInfo struct {
	requestID string
	route     string
	actorID   string
	actorRole duediligence.Role
	errorCode string
}

type logInfoKey struct{}

func logInfoOf(ctx context.Context) *logInfo {
	if li, ok := ctx.Value(logInfoKey{}).(*logInfo); ok {
		return li
	}
	return &logInfo{} // a handler called without ServeHTTP, as in tests of one function
}

// requestID returns the client's X-Request-ID if it is a sensible token, or
// a new random one.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-ID"); validRequestID(id) {
		return id
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':') {
			return false
		}
	}
	return true
}

// residentIDLike matches what could be a resident ID number: 15 to 18
// digits, the last maybe an X.
var residentIDLike = regexp.MustCompile(`\d{14,17}[\dXx]`)

// maskIDs masks every resident-ID-like number in s, for logs.
func maskIDs(s string) string {
	return residentIDLike.ReplaceAllStringFunc(s, identity.MaskResidentID)
}

// statusRecorder remembers the status and size of a response for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (w *statusRecorder) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// headerProbe captures the status and headers of the mux's own 404 or 405
// and drops its plain-text body.
type headerProbe struct {
	header http.Header
	status int
}

func (p *headerProbe) Header() http.Header         { return p.header }
func (p *headerProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *headerProbe) WriteHeader(code int)        { p.status = code }
