package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/store"
)

// config is what the environment says, overridden by the command's flags.
type config struct {
	DatabaseURL  string
	DocumentsDir string
	Addr         string
	PolicyFile   string
	// AuditKey (JINZHI_AUDIT_KEY) or AuditKeyFile (JINZHI_AUDIT_KEY_FILE)
	// give the key that signs the audit trail (auditkey.go).
	AuditKey     string
	AuditKeyFile string
	// Serve is what the environment and flags say of the server's limits
	// and metrics; serve parses it (serve.go).
	Serve serveEnv
}

// loadConfig reads the environment and fills in the defaults.
func loadConfig(getenv func(string) string) config {
	return readConfig(getenv).withDefaults()
}

// readConfig reads the environment as it is, for flags to override before
// withDefaults.
func readConfig(getenv func(string) string) config {
	return config{
		DatabaseURL:  getenv("JINZHI_DATABASE_URL"),
		DocumentsDir: getenv("JINZHI_DOCUMENTS_DIR"),
		Addr:         getenv("JINZHI_ADDR"),
		PolicyFile:   getenv("JINZHI_POLICY"),
		AuditKey:     getenv("JINZHI_AUDIT_KEY"),
		AuditKeyFile: getenv("JINZHI_AUDIT_KEY_FILE"),
		Serve:        loadServeEnv(getenv),
	}
}

// withDefaults fills in what neither the environment nor a flag said.
func (c config) withDefaults() config {
	if c.DatabaseURL == "" {
		c.DatabaseURL = filepath.Join("jinzhi-data", "jinzhi.db")
	}
	if c.DocumentsDir == "" {
		if isPostgres(c.DatabaseURL) {
			c.DocumentsDir = filepath.Join("jinzhi-data", "documents")
		} else {
			path := strings.TrimPrefix(strings.TrimPrefix(c.DatabaseURL, "sqlite:"), "file:")
			path, _, _ = strings.Cut(path, "?")
			c.DocumentsDir = filepath.Join(filepath.Dir(path), "documents")
		}
	}
	if c.Addr == "" {
		c.Addr = "127.0.0.1:8080"
	}
	return c
}

func isPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// app is the wired library: database, store, content and service.
type app struct {
	db      *store.DB
	store   *store.Store
	service *duediligence.Service
}

// openStore connects to the database and applies the migrations, for the
// commands that need no documents directory and no policy. What it has to
// say (a new audit key) goes to standard error.
func openStore(ctx context.Context, cfg config) (*app, error) {
	return openStoreNotice(ctx, cfg, func(msg string, args ...any) {
		fmt.Fprintln(os.Stderr, append([]any{"jinzhi:", msg}, args...)...)
	})
}

// openStoreNotice is openStore that tells notice what it has to say.
func openStoreNotice(ctx context.Context, cfg config, notice func(msg string, args ...any)) (*app, error) {
	key, err := auditKey(cfg, notice)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, cfg.DatabaseURL, store.Options{})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	st := store.New(db, store.WithAuditKey(key))
	if err := st.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	// The streams written before the trail was signed are signed once.
	n, err := st.SignUnsignedStreams(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("sign the audit trail: %w", err)
	}
	if n > 0 {
		notice("signed the checkpoints of the audit streams written before the audit key; verify them with jinzhi audit verify",
			"streams", n, "audit_key_id", key.ID())
	}
	svc, err := duediligence.NewService(duediligence.Config{Store: st})
	if err != nil {
		db.Close()
		return nil, err
	}
	return &app{db: db, store: st, service: svc}, nil
}

// open is openStore with the documents directory and the policy: the
// service as serve runs it.
func open(ctx context.Context, cfg config, notice func(msg string, args ...any)) (*app, error) {
	policy := duediligence.DefaultPolicy()
	if cfg.PolicyFile != "" {
		data, err := os.ReadFile(cfg.PolicyFile)
		if err != nil {
			return nil, fmt.Errorf("policy: %w", err)
		}
		if policy, err = duediligence.LoadPolicy(data); err != nil {
			return nil, fmt.Errorf("policy %s: %w", cfg.PolicyFile, err)
		}
	}
	a, err := openStoreNotice(ctx, cfg, notice)
	if err != nil {
		return nil, err
	}
	content, err := store.NewContentDir(cfg.DocumentsDir)
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("documents directory: %w", err)
	}
	if a.service, err = duediligence.NewService(duediligence.Config{Store: a.store, Content: content, Policy: policy}); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// Close stores the audit events of the last reads, queued behind them
// (duediligence.Service.Close), then closes the database.
func (a *app) Close() error {
	var err error
	if a.service != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = a.service.Close(ctx)
		cancel()
	}
	return errors.Join(err, a.db.Close())
}
