package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/store"
)

// config is what the environment says.
type config struct {
	DatabaseURL  string
	DocumentsDir string
	Addr         string
	PolicyFile   string
	// Serve is what the environment says of the server's limits; serve
	// parses it (serve.go).
	Serve serveEnv
}

func loadConfig(getenv func(string) string) config {
	c := config{
		DatabaseURL:  getenv("JINZHI_DATABASE_URL"),
		DocumentsDir: getenv("JINZHI_DOCUMENTS_DIR"),
		Addr:         getenv("JINZHI_ADDR"),
		PolicyFile:   getenv("JINZHI_POLICY"),
		Serve:        loadServeEnv(getenv),
	}
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

// open connects to the database, applies migrations and wires the service.
func open(ctx context.Context, cfg config) (*app, error) {
	db, err := store.Open(ctx, cfg.DatabaseURL, store.Options{})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	st := store.New(db)
	if err := st.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	content, err := store.NewContentDir(cfg.DocumentsDir)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("documents directory: %w", err)
	}
	policy := duediligence.DefaultPolicy()
	if cfg.PolicyFile != "" {
		data, err := os.ReadFile(cfg.PolicyFile)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("policy: %w", err)
		}
		if policy, err = duediligence.LoadPolicy(data); err != nil {
			db.Close()
			return nil, fmt.Errorf("policy %s: %w", cfg.PolicyFile, err)
		}
	}
	svc, err := duediligence.NewService(duediligence.Config{Store: st, Content: content, Policy: policy})
	if err != nil {
		db.Close()
		return nil, err
	}
	return &app{db: db, store: st, service: svc}, nil
}

func (a *app) Close() error { return a.db.Close() }
