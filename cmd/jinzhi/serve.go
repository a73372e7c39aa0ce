package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/httpapi"
)

// shutdownGrace is how long in-flight requests may take to finish after SIGTERM.
const shutdownGrace = 30 * time.Second

// The server's own bounds, around what the handler sets per request.
const (
	// readHeaderTimeout: a client that has not sent its headers by then is
	// cut off, before any handler (and its deadlines) sees it.
	readHeaderTimeout = 10 * time.Second
	// idleTimeout: a kept-alive connection with no request is closed.
	idleTimeout = 2 * time.Minute
	// maxHeaderBytes: a bearer token, an If-Match and a few more fit well.
	maxHeaderBytes = 64 << 10
)

// serveEnv is what the environment and the flags say of the server's
// limits and metrics, unparsed.
type serveEnv struct {
	RequestTimeout  setting // JINZHI_REQUEST_TIMEOUT, a Go duration (30s)
	TransferTimeout setting // JINZHI_TRANSFER_TIMEOUT, a Go duration (15m)
	MaxInFlight     setting // JINZHI_MAX_IN_FLIGHT, a count (512; -1 for no cap)
	CORSOrigins     setting // JINZHI_CORS_ORIGINS, comma-separated origins, or *
	MetricsAddr     setting // JINZHI_METRICS_ADDR, host:port (127.0.0.1:9464), or off
	// MetricsToken is JINZHI_METRICS_TOKEN. It has no flag: a flag's value
	// is there for anyone on the machine to read in ps.
	MetricsToken string
}

func loadServeEnv(getenv func(string) string) serveEnv {
	env := func(name string) setting { return setting{value: getenv(name), from: name} }
	return serveEnv{
		RequestTimeout:  env("JINZHI_REQUEST_TIMEOUT"),
		TransferTimeout: env("JINZHI_TRANSFER_TIMEOUT"),
		MaxInFlight:     env("JINZHI_MAX_IN_FLIGHT"),
		CORSOrigins:     env("JINZHI_CORS_ORIGINS"),
		MetricsAddr:     env("JINZHI_METRICS_ADDR"),
		MetricsToken:    getenv("JINZHI_METRICS_TOKEN"),
	}
}

// setting is a value from the environment or a flag, with where it came
// from, so that a refusal names what to fix.
type setting struct {
	value string
	from  string // JINZHI_REQUEST_TIMEOUT or --request-timeout
}

// fromFlag says whether a flag gave the value.
func (s setting) fromFlag() bool { return strings.HasPrefix(s.from, "--") }

// refuse is the error for a value that does not parse: a mistake in the
// command line for a flag (exit 2), a failure of the configuration for a
// variable (exit 1).
func (s setting) refuse(want string) error {
	msg := fmt.Sprintf("%s=%q: want %s", s.from, s.value, want)
	if s.fromFlag() {
		return usagef("serve", "%s", msg)
	}
	return errors.New(msg)
}

// settingFlag is a flag that overrides, when given, the environment's
// setting in *dst.
type settingFlag struct {
	dst  *setting
	name string
}

func (f settingFlag) String() string { return "" }
func (f settingFlag) Set(v string) error {
	*f.dst = setting{value: v, from: "--" + f.name}
	return nil
}

// options parses the limits into the handler's Options, with httpapi's
// defaults for what they leave unset.
func (e serveEnv) options() (httpapi.Options, error) {
	opt := httpapi.Options{
		RequestTimeout:  httpapi.DefaultRequestTimeout,
		TransferTimeout: httpapi.DefaultTransferTimeout,
		MaxInFlight:     httpapi.DefaultMaxInFlight,
	}
	for _, d := range []struct {
		s  setting
		to *time.Duration
	}{
		{e.RequestTimeout, &opt.RequestTimeout},
		{e.TransferTimeout, &opt.TransferTimeout},
	} {
		if d.s.value == "" {
			continue
		}
		v, err := time.ParseDuration(d.s.value)
		if err != nil || v <= 0 {
			return httpapi.Options{}, d.s.refuse("a positive duration such as 30s or 15m")
		}
		*d.to = v
	}
	if e.MaxInFlight.value != "" {
		n, err := strconv.Atoi(e.MaxInFlight.value)
		if err != nil || n == 0 {
			return httpapi.Options{}, e.MaxInFlight.refuse("a number of requests, or -1 for no cap")
		}
		opt.MaxInFlight = n
	}
	for _, o := range strings.Split(e.CORSOrigins.value, ",") {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		if err := checkOrigin(o); err != nil {
			if e.CORSOrigins.fromFlag() {
				return httpapi.Options{}, usagef("serve", "%s: %v", e.CORSOrigins.from, err)
			}
			return httpapi.Options{}, fmt.Errorf("%s: %w", e.CORSOrigins.from, err)
		}
		opt.CORSOrigins = append(opt.CORSOrigins, o)
	}
	return opt, nil
}

// shortDuration writes 15m for 15m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") || strings.HasSuffix(s, "h0m0s") {
		s = strings.TrimSuffix(strings.TrimSuffix(s, "0s"), "0m")
	}
	return s
}

// defaultMetricsAddr is where serve offers /metrics unless told otherwise:
// the loopback, off the API's listener. Not 9090, Prometheus's own port.
const defaultMetricsAddr = "127.0.0.1:9464"

// metricsAddr says where to serve /metrics: "" for nowhere, and whether the
// address was asked for (a taken default is only warned about).
func (e serveEnv) metricsAddr() (addr string, asked bool, err error) {
	switch v := e.MetricsAddr.value; {
	case v == "" && !e.MetricsAddr.fromFlag():
		return defaultMetricsAddr, false, nil
	case v == "" || v == "off":
		return "", true, nil
	default:
		if _, _, err := net.SplitHostPort(v); err != nil {
			return "", true, e.MetricsAddr.refuse("host:port, such as 127.0.0.1:9464 or :9464, or off")
		}
		return v, true, nil
	}
}

// checkOrigin refuses what a browser would never send as an Origin, so
// that a mistyped origin fails at start rather than silently matching
// nothing: * or scheme://host[:port], http or https, nothing after.
func checkOrigin(o string) error {
	if o == "*" {
		return nil
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%q is not an origin such as https://loans.example.com or http://localhost:5173", o)
	}
	return nil
}

func serveCommand() *command {
	return &command{name: "serve", synopsis: "[flags]", summary: "start the API (SQLite in ./jinzhi-data and demo users by default)",
		about: `Start the API. Migrations are applied first; on an empty database one
demo user per role is created and their tokens printed (shown only then),
with a first curl to try. SIGINT or SIGTERM stops it after the requests in
flight finish (30 s at most).

Each flag overrides its environment variable; unset, the variable's value
or the default holds. JSON log lines go to standard error, with every
resident ID number masked.

Prometheus metrics are served at /metrics on a listener of their own,
--metrics-addr, never on the API's. With JINZHI_METRICS_TOKEN set (an
environment variable only, so that it does not show in ps) a scrape must
send "Authorization: Bearer TOKEN"; do set it when the metrics address is
reachable from other hosts.`,
		setup: func(fs *flag.FlagSet, env *environ) func(context.Context, []string) error {
			cfg := readConfig(env.getenv)
			overrideFlag(fs, &cfg.Addr, "addr", "the API's listen `address` (env JINZHI_ADDR; default 127.0.0.1:8080)")
			databaseFlag(fs, &cfg)
			overrideFlag(fs, &cfg.DocumentsDir, "documents-dir",
				"the `directory` of uploaded files, content-addressed by SHA-256\n"+
					"(env JINZHI_DOCUMENTS_DIR; default documents/ beside the SQLite file, jinzhi-data/documents with PostgreSQL)")
			overrideFlag(fs, &cfg.PolicyFile, "policy", "a policy JSON `file`; unnamed fields keep their defaults (env JINZHI_POLICY; default built in)")
			for _, f := range []struct {
				dst         *setting
				name, usage string
			}{
				{&cfg.Serve.RequestTimeout, "request-timeout", "how long a request's body may take once its headers are in (a `duration`); its answer gets twice that\n" +
					"(env JINZHI_REQUEST_TIMEOUT; default " + shortDuration(httpapi.DefaultRequestTimeout) + ")"},
				{&cfg.Serve.TransferTimeout, "transfer-timeout", "the same for uploading or downloading a document's file (a `duration`)\n" +
					"(env JINZHI_TRANSFER_TIMEOUT; default " + shortDuration(httpapi.DefaultTransferTimeout) + ")"},
				{&cfg.Serve.MaxInFlight, "max-in-flight", "`requests` served at once, one more answered 503 with Retry-After; -1 for no cap\n" +
					"(env JINZHI_MAX_IN_FLIGHT; default " + strconv.Itoa(httpapi.DefaultMaxInFlight) + ")"},
				{&cfg.Serve.CORSOrigins, "cors-origins", "`origins` whose browser pages may call the API, comma-separated, or *\n" +
					"(env JINZHI_CORS_ORIGINS; default none: no CORS headers)"},
				{&cfg.Serve.MetricsAddr, "metrics-addr", "the `address` of the /metrics listener, or off (an empty --metrics-addr too)\n" +
					"(env JINZHI_METRICS_ADDR; default " + defaultMetricsAddr + ")"},
			} {
				fs.Var(settingFlag{dst: f.dst, name: f.name}, f.name, f.usage)
			}
			return func(ctx context.Context, args []string) error {
				if err := noArgs("serve", args); err != nil {
					return err
				}
				return serve(ctx, cfg.withDefaults(), env.stdout, env.stderr)
			}
		}}
}

func serve(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	// Every line the process logs is masked, the server's own included.
	logger := slog.New(httpapi.MaskResidentIDs(slog.NewJSONHandler(stderr, nil)))
	opt, err := cfg.Serve.options()
	if err != nil {
		return err
	}
	metricsAddr, metricsAsked, err := cfg.Serve.metricsAddr()
	if err != nil {
		return err
	}
	opt.Logger = logger
	a, err := open(ctx, cfg, logger.Warn)
	if err != nil {
		return err
	}
	defer a.Close()
	users, err := a.service.Users(ctx, duediligence.SystemActor)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	var metricsSrv *http.Server
	var mln net.Listener
	if metricsAddr != "" {
		mln, err = net.Listen("tcp", metricsAddr)
		switch {
		case err != nil && metricsAsked:
			ln.Close()
			return fmt.Errorf("metrics listener: %w", err)
		case err != nil:
			// The default address, taken (by another jinzhi, say): the
			// cases matter more than their metrics.
			logger.Warn("metrics not served: the default address is taken; set JINZHI_METRICS_ADDR", "metrics_addr", metricsAddr, "error", err.Error())
		default:
			reg := newRegistry(a)
			opt.Metrics = reg
			metricsSrv = newMetricsServer(reg, cfg.Serve.MetricsToken, logger)
		}
	}
	if len(users) == 0 {
		if err := createDemoUsers(ctx, a.service, "http://"+reachable(ln.Addr()), stdout); err != nil {
			ln.Close()
			if mln != nil {
				mln.Close()
			}
			return err
		}
	}
	srv := &http.Server{
		Handler:           httpapi.New(a.service, opt),
		ReadHeaderTimeout: readHeaderTimeout,
		// The handler gives each request its own deadlines, short for
		// JSON and long for files; these bound the rest, and renew the
		// write deadline for each request of a kept-alive connection.
		ReadTimeout:    opt.TransferTimeout,
		WriteTimeout:   2 * opt.TransferTimeout,
		IdleTimeout:    idleTimeout,
		MaxHeaderBytes: maxHeaderBytes,
		ErrorLog:       slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	metricsURL := "off"
	if metricsSrv != nil {
		metricsURL = "http://" + mln.Addr().String() + "/metrics"
		go func() {
			if err := metricsSrv.Serve(mln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				logger.Error("metrics listener stopped", "error", err.Error())
			}
		}()
	}
	logger.Info("listening", "addr", ln.Addr().String(), "database", redactURL(cfg.DatabaseURL), "documents", cfg.DocumentsDir,
		"request_timeout", opt.RequestTimeout.String(), "transfer_timeout", opt.TransferTimeout.String(), "max_in_flight", opt.MaxInFlight,
		"cors_origins", opt.CORSOrigins, "metrics", metricsURL, "metrics_token", cfg.Serve.MetricsToken != "")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if metricsSrv != nil {
			metricsSrv.Close()
		}
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing in-flight requests", "grace", shutdownGrace.String())
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err = srv.Shutdown(sctx)
	// The audit events of the last reads, queued behind them, are stored
	// within the same grace.
	err = errors.Join(err, a.service.Close(sctx))
	if metricsSrv != nil {
		// After the API, so that a scrape sees the drain to its end.
		_ = metricsSrv.Shutdown(sctx)
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

// createDemoUsers makes one user per role on an empty database and prints
// their tokens, with a first request to try.
func createDemoUsers(ctx context.Context, svc *duediligence.Service, base string, out io.Writer) error {
	fmt.Fprintln(out, "Empty database: created one demo user per role. Their tokens (shown only now):")
	var amToken string
	for _, role := range duediligence.Roles {
		name := "demo " + string(role)
		_, token, err := svc.CreateUser(ctx, duediligence.SystemActor, name, role)
		if err != nil {
			return err
		}
		if role == duediligence.RoleAccountManager {
			amToken = token
		}
		fmt.Fprintf(out, "  %-20s %s\n", role, token)
	}
	fmt.Fprintf(out, `
Try, as the account manager:
  curl -s -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \
    -d '{"applicant":{"kind":"person","name":"张三","id_number":"11010519491231002X","marital_status":"single","monthly_income":"30000.00"},"request":{"amount":"500000.00","term_months":36,"purpose":"采购原材料","purpose_category":"business_operation","repayment_method":"equal_installment","annual_rate":"0.0850","repayment_source":"经营收入"}}' \
    %s/v1/cases
The API description is at %s/openapi.json
`, amToken, base, base)
	return nil
}

// reachable is addr as a client on this host reaches it: localhost for a
// listener on every address (":8080" in a container).
func reachable(addr net.Addr) string {
	if tcp, ok := addr.(*net.TCPAddr); ok && (tcp.IP == nil || tcp.IP.IsUnspecified()) {
		return net.JoinHostPort("localhost", strconv.Itoa(tcp.Port))
	}
	return addr.String()
}

// redactURL hides a password in a database URL for logs.
func redactURL(u string) string {
	if !isPostgres(u) {
		return u
	}
	p, err := parseURL(u)
	if err != nil {
		return "postgres://…"
	}
	return p.Redacted()
}
