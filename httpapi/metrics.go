package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// The server keeps Prometheus metrics (DESIGN §11) in the registry of
// Options.Metrics, never in the global default one, so that two servers in
// one process, or two tests, keep their own counts:
//
//	jinzhi_http_requests_total{method,route,code}          counter
//	jinzhi_http_request_duration_seconds{method,route,code} histogram
//	jinzhi_http_requests_in_flight                         gauge
//	jinzhi_gate_refusals_total{rule}                       counter
//
// route is the route's pattern ("/v1/cases/{id}"), never the request's
// path, which holds case IDs; a request no route took (a 404, a preflight,
// one refused over the in-flight cap) counts under route="none". A gate
// refusal counts once for each rule it names as unmet.
//
// The metrics are served by MetricsHandler, on a listener of their own
// rather than the API's (cmd/jinzhi serves them on JINZHI_METRICS_ADDR).

// metrics are the server's collectors; a nil *metrics keeps none.
type metrics struct {
	requests     *prometheus.CounterVec
	duration     *prometheus.HistogramVec
	inFlight     prometheus.Gauge
	gateRefusals *prometheus.CounterVec
}

// durationBuckets reach past prometheus.DefBuckets' 10 s for the routes
// that stream a document's file.
var durationBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 120, 900}

// newMetrics registers the server's collectors on reg, or keeps none when
// reg is nil. A collector reg already has (a second server on one
// registry) is shared rather than refused.
func newMetrics(reg prometheus.Registerer) *metrics {
	if reg == nil {
		return nil
	}
	return &metrics{
		requests: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jinzhi_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status code.",
		}, []string{"method", "route", "code"})),
		duration: register(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "jinzhi_http_request_duration_seconds",
			Help:    "Time from a request's headers to the end of its answer, by method, route pattern and status code.",
			Buckets: durationBuckets,
		}, []string{"method", "route", "code"})),
		inFlight: register(reg, prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "jinzhi_http_requests_in_flight",
			Help: "HTTP requests being served now.",
		})),
		gateRefusals: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "jinzhi_gate_refusals_total",
			Help: "Conditions found unmet by a workflow gate that refused a transition, by rule ID (a refusal counts once for each rule it names).",
		}, []string{"rule"})),
	}
}

// register registers c on reg and returns it, or the collector reg already
// has under c's name.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	err := reg.Register(c)
	if err == nil {
		return c
	}
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(C); ok {
			return existing
		}
	}
	// Only a programming error gets here: a name taken by a collector of
	// another kind or with other labels.
	panic("httpapi: registering metrics: " + err.Error())
}

// begin counts a request in flight and returns what counts it done.
func (m *metrics) begin() (done func(r *http.Request, li *logInfo, status int, start time.Time)) {
	if m == nil {
		return func(*http.Request, *logInfo, int, time.Time) {}
	}
	m.inFlight.Inc()
	return func(r *http.Request, li *logInfo, status int, start time.Time) {
		m.inFlight.Dec()
		if status == 0 { // nothing written: net/http answers 200
			status = http.StatusOK
		}
		method, route := metricsMethod(r.Method), "none"
		if rm, pattern, ok := strings.Cut(li.route, " "); ok {
			method, route = rm, pattern
		}
		code := strconv.Itoa(status)
		m.requests.WithLabelValues(method, route, code).Inc()
		m.duration.WithLabelValues(method, route, code).Observe(time.Since(start).Seconds())
	}
}

// metricsMethod is r.Method as a label: a method no route has counts as
// "other", so that a client cannot make up label values.
func metricsMethod(method string) string {
	switch method {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS":
		return method
	}
	return "other"
}

// refused counts the unmet rules of a gate refusal.
func (m *metrics) refused(err error) {
	if m == nil {
		return
	}
	var de *duediligence.Error
	if !errors.As(err, &de) || de.Code != duediligence.CodeGate {
		return
	}
	for _, u := range de.Unmet {
		m.gateRefusals.WithLabelValues(u.Rule).Inc()
	}
}

// MetricsHandler serves the metrics of g in Prometheus's text format. With
// a token, a scrape must send "Authorization: Bearer TOKEN" (Prometheus's
// authorization.credentials) and is otherwise answered 401; without one it
// is answered to anyone who reaches it, which suits a listener on the
// loopback or a private network only. Failures to gather a metric (the
// database down for the case counts) are logged to log, when not nil, and
// the other metrics are still answered.
func MetricsHandler(g prometheus.Gatherer, token string, log *slog.Logger) http.Handler {
	opts := promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}
	if log != nil {
		opts.ErrorLog = slog.NewLogLogger(MaskResidentIDs(log.Handler()), slog.LevelWarn)
	}
	h := promhttp.HandlerFor(g, opts)
	if token == "" {
		return h
	}
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Both sides hashed: the comparison takes the same time whatever
		// the length of what was sent.
		scheme, got, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
		sum := sha256.Sum256([]byte(strings.TrimSpace(got)))
		if subtle.ConstantTimeCompare(sum[:], want[:]) != 1 || !strings.EqualFold(scheme, "Bearer") {
			w.Header().Set("WWW-Authenticate", `Bearer realm="jinzhi metrics"`)
			http.Error(w, "a bearer token is required for the metrics", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}
