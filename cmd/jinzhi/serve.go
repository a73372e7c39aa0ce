package main

import (
	"context"
	"errors"
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

// serveEnv is what the environment says of the server's limits, unparsed.
type serveEnv struct {
	RequestTimeout  string // JINZHI_REQUEST_TIMEOUT, a Go duration (30s)
	TransferTimeout string // JINZHI_TRANSFER_TIMEOUT, a Go duration (15m)
	MaxInFlight     string // JINZHI_MAX_IN_FLIGHT, a count (512; -1 for no cap)
	CORSOrigins     string // JINZHI_CORS_ORIGINS, comma-separated origins, or *
}

func loadServeEnv(getenv func(string) string) serveEnv {
	return serveEnv{
		RequestTimeout:  getenv("JINZHI_REQUEST_TIMEOUT"),
		TransferTimeout: getenv("JINZHI_TRANSFER_TIMEOUT"),
		MaxInFlight:     getenv("JINZHI_MAX_IN_FLIGHT"),
		CORSOrigins:     getenv("JINZHI_CORS_ORIGINS"),
	}
}

// options parses the environment's limits into the handler's Options,
// with httpapi's defaults for what it leaves unset.
func (e serveEnv) options() (httpapi.Options, error) {
	opt := httpapi.Options{
		RequestTimeout:  httpapi.DefaultRequestTimeout,
		TransferTimeout: httpapi.DefaultTransferTimeout,
		MaxInFlight:     httpapi.DefaultMaxInFlight,
	}
	for _, d := range []struct {
		name, value string
		to          *time.Duration
	}{
		{"JINZHI_REQUEST_TIMEOUT", e.RequestTimeout, &opt.RequestTimeout},
		{"JINZHI_TRANSFER_TIMEOUT", e.TransferTimeout, &opt.TransferTimeout},
	} {
		if d.value == "" {
			continue
		}
		v, err := time.ParseDuration(d.value)
		if err != nil || v <= 0 {
			return httpapi.Options{}, fmt.Errorf("%s=%q: want a positive duration such as 30s or 15m", d.name, d.value)
		}
		*d.to = v
	}
	if e.MaxInFlight != "" {
		n, err := strconv.Atoi(e.MaxInFlight)
		if err != nil || n == 0 {
			return httpapi.Options{}, fmt.Errorf("JINZHI_MAX_IN_FLIGHT=%q: want a number of requests, or -1 for no cap", e.MaxInFlight)
		}
		opt.MaxInFlight = n
	}
	for _, o := range strings.Split(e.CORSOrigins, ",") {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		if err := checkOrigin(o); err != nil {
			return httpapi.Options{}, fmt.Errorf("JINZHI_CORS_ORIGINS: %w", err)
		}
		opt.CORSOrigins = append(opt.CORSOrigins, o)
	}
	return opt, nil
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

func serve(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	// Every line the process logs is masked, the server's own included.
	logger := slog.New(httpapi.MaskResidentIDs(slog.NewJSONHandler(stderr, nil)))
	opt, err := cfg.Serve.options()
	if err != nil {
		return err
	}
	opt.Logger = logger
	a, err := open(ctx, cfg)
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
	if len(users) == 0 {
		if err := createDemoUsers(ctx, a.service, "http://"+ln.Addr().String(), stdout); err != nil {
			ln.Close()
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
	logger.Info("listening", "addr", ln.Addr().String(), "database", redactURL(cfg.DatabaseURL), "documents", cfg.DocumentsDir,
		"request_timeout", opt.RequestTimeout.String(), "transfer_timeout", opt.TransferTimeout.String(), "max_in_flight", opt.MaxInFlight,
		"cors_origins", opt.CORSOrigins)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing in-flight requests", "grace", shutdownGrace.String())
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
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
