package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/duediligence/render"
)

// Options configure the handler New returns. The zero value gives defaults.
type Options struct {
	// Logger receives one access log entry per request and the details of
	// internal errors, wrapped in MaskResidentIDs so that no entry holds a
	// whole resident ID. Default: JSON lines on standard error.
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
	// RequestTimeout bounds a request from the moment its headers are in:
	// its body must arrive within it, else it is answered 408 and its
	// connection closed, and its answer must be written within twice it.
	// Default 30 s.
	RequestTimeout time.Duration
	// TransferTimeout is RequestTimeout for the routes that stream a
	// document's file up or down, once the caller is authenticated and the
	// upload's If-Match checked. Default 15 min.
	TransferTimeout time.Duration
	// MaxInFlight caps the requests served at once (/healthz and /readyz
	// aside). One more is answered 503 with Retry-After at once, rather
	// than queued. Default 512; negative for no cap.
	MaxInFlight int
	// CORSOrigins are the origins (https://app.example.com) whose browser
	// pages may call the API (cors.go), or "*" for any. Default none: no
	// CORS header is sent and a preflight is answered 405.
	CORSOrigins []string
	// IdempotencyRetention is how long an Idempotency-Key stays bound to
	// its request and answer (idempotency.go). Default 24 h.
	IdempotencyRetention time.Duration
	// Metrics is the registry the server registers its Prometheus
	// collectors on (metrics.go); serve it with MetricsHandler. Default
	// nil: no metrics are kept.
	Metrics prometheus.Registerer
}

// route is one endpoint: its method and path pattern (net/http's syntax,
// which OpenAPI's path templates share), whether it needs a bearer token,
// and the handler. A handler returns an error instead of writing one, so
// every refusal goes through writeError.
type route struct {
	method  string
	pattern string
	public  bool
	// precondition is what a request must carry before the handler runs:
	// matchVersion for every write to a case (etag.go).
	precondition precondition
	// transfer marks the routes that stream a document's file: they get
	// TransferTimeout instead of RequestTimeout.
	transfer bool
	// cachedAuth marks a read whose handler confirms a caller taken from
	// the token cache in the statement it reads with (case_read.go).
	cachedAuth bool
	handle     func(s *server, w http.ResponseWriter, r *http.Request) error
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
	{method: "GET", pattern: "/v1/cases/{id}", cachedAuth: true, handle: (*server).getCase},
	{method: "PATCH", pattern: "/v1/cases/{id}", precondition: matchVersion, handle: (*server).updateCase},
	{method: "POST", pattern: "/v1/cases/{id}/collateral", precondition: matchVersion, handle: (*server).addCollateral},
	{method: "PATCH", pattern: "/v1/cases/{id}/collateral/{item_id}", precondition: matchVersion, handle: (*server).updateCollateral},
	{method: "DELETE", pattern: "/v1/cases/{id}/collateral/{item_id}", precondition: matchVersion, handle: (*server).removeCollateral},
	{method: "POST", pattern: "/v1/cases/{id}/collateral/{item_id}/appraisals", precondition: matchVersion, handle: (*server).addAppraisal},
	{method: "POST", pattern: "/v1/cases/{id}/registrations", precondition: matchVersion, handle: (*server).recordRegistration},
	{method: "POST", pattern: "/v1/cases/{id}/perfections", precondition: matchVersion, handle: (*server).recordPerfection},
	{method: "POST", pattern: "/v1/cases/{id}/guarantees", precondition: matchVersion, handle: (*server).addGuarantee},
	{method: "PATCH", pattern: "/v1/cases/{id}/guarantees/{guarantee_id}", precondition: matchVersion, handle: (*server).updateGuarantee},
	{method: "DELETE", pattern: "/v1/cases/{id}/guarantees/{guarantee_id}", precondition: matchVersion, handle: (*server).removeGuarantee},
	{method: "POST", pattern: "/v1/cases/{id}/documents", precondition: matchVersion, handle: (*server).recordDocument},
	{method: "PUT", pattern: "/v1/cases/{id}/documents/{doc_id}/content", precondition: matchVersion, transfer: true, handle: (*server).uploadContent},
	{method: "GET", pattern: "/v1/cases/{id}/documents/{doc_id}/content", transfer: true, handle: (*server).downloadContent},
	{method: "POST", pattern: "/v1/cases/{id}/findings", precondition: matchVersion, handle: (*server).addFinding},
	{method: "POST", pattern: "/v1/cases/{id}/co-investigators", precondition: matchVersion, handle: (*server).addCoInvestigator},
	{method: "POST", pattern: "/v1/cases/{id}/flags", precondition: matchVersion, handle: (*server).raiseFlag},
	{method: "POST", pattern: "/v1/cases/{id}/flags/{flag_id}/resolution", precondition: matchVersion, handle: (*server).resolveFlag},
	{method: "GET", pattern: "/v1/cases/{id}/checks", handle: (*server).checks},
	{method: "POST", pattern: "/v1/cases/{id}/checks/{rule_id}/acknowledgement", precondition: matchVersion, handle: (*server).acknowledge},
	{method: "POST", pattern: "/v1/cases/{id}/report", precondition: matchVersion, handle: (*server).generateReport},
	{method: "PATCH", pattern: "/v1/cases/{id}/report", precondition: matchVersion, handle: (*server).editReport},
	{method: "GET", pattern: "/v1/cases/{id}/report", handle: (*server).getReport},
	{method: "POST", pattern: "/v1/cases/{id}/report/attestation", precondition: matchVersion, handle: (*server).attestReport},
	{method: "POST", pattern: "/v1/cases/{id}/transitions", precondition: matchVersion, handle: (*server).transition},
	{method: "GET", pattern: "/v1/cases/{id}/events", handle: (*server).events},
	{method: "POST", pattern: "/v1/cases/{id}/decisions", precondition: matchVersion, handle: (*server).decide},
	{method: "GET", pattern: "/v1/ledger", handle: (*server).ledger},
	{method: "GET", pattern: "/v1/users", handle: (*server).listUsers},
	{method: "POST", pattern: "/v1/users", handle: (*server).createUser},
	{method: "POST", pattern: "/v1/users/{user_id}/revocation", handle: (*server).revokeUser},
	{method: "GET", pattern: "/v1/cases/{id}/approval-form", handle: (*server).getApprovalForm},
	{method: "POST", pattern: "/v1/cases/{id}/contracts", precondition: matchVersion, handle: (*server).draftContracts},
	{method: "GET", pattern: "/v1/cases/{id}/contracts", handle: (*server).listContracts},
	{method: "GET", pattern: "/v1/cases/{id}/contracts/{number}", handle: (*server).getContract},
	{method: "POST", pattern: "/v1/cases/{id}/contracts/{number}/signatures", precondition: matchVersion, handle: (*server).recordSignature},
	{method: "POST", pattern: "/v1/cases/{id}/fees", precondition: matchVersion, handle: (*server).recordFee},
	{method: "POST", pattern: "/v1/cases/{id}/conditions/{index}/fulfilment", precondition: matchVersion, handle: (*server).meetCondition},
	{method: "POST", pattern: "/v1/cases/{id}/disbursement", precondition: postingKey, handle: (*server).disburse},
	{method: "GET", pattern: "/v1/cases/{id}/schedule", handle: (*server).schedule},
	{method: "GET", pattern: "/v1/cases/{id}/loan-receipts/{seq}", handle: (*server).loanReceipt},
	{method: "GET", pattern: "/v1/clients/{key}", handle: (*server).getClient},
	// After disbursement (repayment.go, portfolio.go).
	{method: "POST", pattern: "/v1/cases/{id}/repayments", precondition: postingKey, handle: (*server).recordRepayment},
	{method: "GET", pattern: "/v1/cases/{id}/repayments", handle: (*server).listRepayments},
	{method: "POST", pattern: "/v1/cases/{id}/repayments/{rid}/reversal", precondition: postingKey, handle: (*server).reverseRepayment},
	{method: "GET", pattern: "/v1/cases/{id}/loan", handle: (*server).loanStatus},
	{method: "POST", pattern: "/v1/cases/{id}/loan/classification", precondition: postingKey, handle: (*server).classifyLoan},
	// The follow-up (followup.go): visits and demands are records beside the case file.
	{method: "POST", pattern: "/v1/cases/{id}/visits", precondition: matchVersion, handle: (*server).recordVisit},
	{method: "GET", pattern: "/v1/cases/{id}/visits", handle: (*server).listVisits},
	{method: "POST", pattern: "/v1/cases/{id}/demands", precondition: matchVersion, handle: (*server).recordDemand},
	{method: "GET", pattern: "/v1/cases/{id}/deadlines", handle: (*server).getDeadlines},
	{method: "POST", pattern: "/v1/consultations", handle: (*server).recordConsultation},
	{method: "GET", pattern: "/v1/consultations", handle: (*server).listConsultations},
	{method: "GET", pattern: "/v1/reports/daily", handle: (*server).dailyReport},
	{method: "GET", pattern: "/v1/reports/weekly", handle: (*server).weeklyReport},
	{method: "GET", pattern: "/v1/portfolio/overdue", handle: (*server).portfolioOverdue},
	{method: "GET", pattern: "/v1/portfolio/maturities", handle: (*server).portfolioMaturities},
	{method: "GET", pattern: "/v1/cases/{id}/collection-notice", handle: (*server).collectionNotice},
	// Extensions (extension.go): rounds of their own, decided by POST …/decisions.
	{method: "POST", pattern: "/v1/cases/{id}/extensions", precondition: matchVersion, handle: (*server).requestExtension},
	{method: "POST", pattern: "/v1/cases/{id}/extensions/consents", precondition: matchVersion, handle: (*server).recordExtensionConsent},
	// Investors and funders (funding.go): records beside the case file.
	{method: "POST", pattern: "/v1/investors", handle: (*server).registerInvestor},
	{method: "GET", pattern: "/v1/investors", handle: (*server).listInvestors},
	{method: "GET", pattern: "/v1/investors/{investor_id}", handle: (*server).getInvestor},
	{method: "POST", pattern: "/v1/investors/{investor_id}/assessments", handle: (*server).assessInvestor},
	{method: "GET", pattern: "/v1/cases/{id}/funding", handle: (*server).getFunding},
	{method: "PUT", pattern: "/v1/cases/{id}/funding", precondition: matchVersion, handle: (*server).setFunders},
	{method: "POST", pattern: "/v1/cases/{id}/funding/selections", precondition: matchVersion, handle: (*server).chooseInvestor},
	{method: "POST", pattern: "/v1/cases/{id}/funding/interests", precondition: matchVersion, handle: (*server).recordInterest},
	{method: "POST", pattern: "/v1/cases/{id}/teasers", precondition: matchVersion, handle: (*server).showTeaser},
	{method: "POST", pattern: "/v1/cases/{id}/commitments", precondition: postingKey, handle: (*server).commit},
	{method: "POST", pattern: "/v1/cases/{id}/commitments/{commitment_id}/withdrawal", precondition: matchVersion, handle: (*server).withdrawCommitment},
	{method: "GET", pattern: "/v1/cases/{id}/investor-notices", handle: (*server).listInvestorNotices},
	{method: "POST", pattern: "/v1/cases/{id}/investor-notices/{notice_id}/delivery", precondition: matchVersion, handle: (*server).recordNoticeDelivery},
	// Write-off (writeoff.go): its own round; recoveries after it are postings.
	{method: "POST", pattern: "/v1/cases/{id}/write-off", precondition: matchVersion, handle: (*server).requestWriteOff},
	{method: "POST", pattern: "/v1/cases/{id}/recoveries", precondition: postingKey, handle: (*server).recordRecovery},
	// The client file (client.go): the search, and an application's history.
	{method: "GET", pattern: "/v1/clients", handle: (*server).listClients},
	{method: "GET", pattern: "/v1/cases/{id}/history", handle: (*server).caseHistory},
}

// server is the handler New returns.
type server struct {
	svc       *duediligence.Service
	log       *slog.Logger
	maxBody   int64
	maxUpload int64
	ready     func(ctx context.Context) error
	mux       *http.ServeMux
	// timeout and transferTimeout are the deadlines of a request (limit.go).
	timeout, transferTimeout time.Duration
	// slots holds a token per request in flight; nil for no cap.
	slots chan struct{}
	// cors is the policy of cross-origin requests; nil for none.
	cors *corsPolicy
	// render renders reports; renderErr is why there is none (the
	// built-in templates did not parse), answered on the routes that need it.
	render    *render.Renderer
	renderErr error
	// metrics are the Prometheus collectors; nil for none.
	metrics *metrics
	// idem binds Idempotency-Keys to their requests.
	idem *idempotency
	// outage is whether the database is unreachable (unavailable.go).
	outage outage
}

// New returns the HTTP API of DESIGN §9 over svc: the routes of openapi.json
// behind request IDs, an access log, panic recovery and bearer-token
// authentication.
func New(svc *duediligence.Service, opt Options) http.Handler {
	s := &server{svc: svc, log: opt.Logger, maxBody: opt.MaxBodyBytes, maxUpload: opt.MaxUploadBytes, ready: opt.Ready}
	if s.log == nil {
		s.log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	s.log = slog.New(MaskResidentIDs(s.log.Handler()))
	if s.maxBody <= 0 {
		s.maxBody = 1 << 20
	}
	if s.maxUpload <= 0 {
		s.maxUpload = svc.Policy().MaxUploadBytes
	}
	if s.ready == nil {
		s.ready = svc.Ping
	}
	s.timeout, s.transferTimeout = opt.RequestTimeout, opt.TransferTimeout
	if s.timeout <= 0 {
		s.timeout = DefaultRequestTimeout
	}
	if s.transferTimeout <= 0 {
		s.transferTimeout = DefaultTransferTimeout
	}
	switch n := opt.MaxInFlight; {
	case n == 0:
		s.slots = make(chan struct{}, DefaultMaxInFlight)
	case n > 0:
		s.slots = make(chan struct{}, n)
	}
	s.cors = newCORS(opt.CORSOrigins)
	s.metrics = newMetrics(opt.Metrics)
	s.idem = &idempotency{store: svc.IdempotentRequests(), retention: opt.IdempotencyRetention}
	if s.idem.retention <= 0 {
		s.idem.retention = DefaultIdempotencyRetention
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

// endpoint adapts a route's handler: it admits the request and answers the
// handler's error as a problem.
func (s *server) endpoint(rt route) http.HandlerFunc {
	names := wildcards(rt.pattern)
	return func(w http.ResponseWriter, r *http.Request) {
		logInfoOf(r.Context()).route = rt.method + " " + rt.pattern
		admitted, err := s.admit(rt, names, w, r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if rt.transfer {
			logInfoOf(r.Context()).transfer = true
			setDeadlines(w, s.transferTimeout)
		}
		if err := s.serve(rt, w, admitted); err != nil {
			s.metrics.refused(err)
			s.writeError(w, admitted, err)
			return
		}
		if !rt.public {
			s.reachable(r.Context())
		}
	}
}

// admit checks what the route's handler will read before it reads a byte
// of the body: the headers, the caller's token unless the route is public,
// the path's values and the query (param.go), and the route's
// precondition (etag.go). It returns r with the caller and the version a
// write expects.
func (s *server) admit(rt route, names []string, w http.ResponseWriter, r *http.Request) (*http.Request, error) {
	if err := checkHeaders(r); err != nil {
		return nil, err
	}
	if !rt.public {
		// Case files hold personal data: no cache keeps a copy.
		w.Header().Set("Cache-Control", "no-store")
		if actor, epoch, ok := s.cachedActor(rt, r); ok {
			r = r.WithContext(context.WithValue(context.WithValue(r.Context(), actorKey{}, actor), cachedEpochKey{}, epoch))
		} else {
			actor, err := s.authenticate(r)
			if err != nil {
				return nil, err
			}
			r = r.WithContext(context.WithValue(r.Context(), actorKey{}, actor))
		}
	}
	if err := checkPath(r, names); err != nil {
		return nil, err
	}
	if err := checkQuery(r); err != nil {
		return nil, err
	}
	return s.checkPrecondition(rt, r)
}

// ServeHTTP gives the request an ID and its deadlines, logs it when done,
// answers it as CORS asks, admits it within the in-flight cap, recovers
// from a panic in a handler and routes it.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	setDeadlines(w, s.timeout)
	li := &logInfo{requestID: requestID(r)}
	w.Header().Set("X-Request-ID", li.requestID)
	rec := &statusRecorder{ResponseWriter: w}
	r = r.WithContext(context.WithValue(r.Context(), logInfoKey{}, li))
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = timedBody{ReadCloser: r.Body, li: li}
	}
	defer s.logAccess(r, rec, li, start)
	done := s.metrics.begin()
	defer func() { done(r, li, rec.status, start) }()
	if s.serveCORS(rec, r) {
		return
	}
	release, ok := s.admitInFlight(r)
	if !ok {
		s.writeError(rec, r, s.overloaded())
		return
	}
	defer release()
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
			detail: r.Method + " is not allowed on " + r.URL.Path, detailZH: r.URL.Path + " 不支持 " + r.Method + " 方法", header: http.Header{"Allow": probe.header.Values("Allow")}})
		return
	}
	s.writeError(w, r, &httpError{status: http.StatusNotFound, kind: "not_found", title: "Not found", detail: "no endpoint at " + r.URL.Path, detailZH: "没有接口 " + r.URL.Path})
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
