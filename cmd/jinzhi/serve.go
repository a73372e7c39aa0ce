package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/httpapi"
)

// shutdownGrace is how long in-flight requests may take to finish after SIGTERM.
const shutdownGrace = 30 * time.Second

func serve(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
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
		Handler:           httpapi.New(a.service, httpapi.Options{Logger: logger}),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	logger.Info("listening", "addr", ln.Addr().String(), "database", redactURL(cfg.DatabaseURL), "documents", cfg.DocumentsDir)
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
