package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
)

// runSQLite measures the API on a fresh SQLite file: creates, reads by the
// owner, and — at the same time as as many creating clients — reads by a
// department manager, each of which adds a case.viewed event to the case's
// audit trail (the reads must not wait behind the writes).
func runSQLite(ctx context.Context, cfg config) (err error) {
	dir, err := os.MkdirTemp("", "jinzhi-bench-sqlite-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dbURL := filepath.Join(dir, "jinzhi.db")
	if cfg.sqlitePragma != "" {
		dbURL = "file:" + dbURL + "?_pragma=" + url.QueryEscape(cfg.sqlitePragma)
	}
	fmt.Printf("\nSQLite (%s)\n", dbURL)
	a, err := startServer(ctx, dbURL, cfg.clients)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, a.close()) }()
	created := &ids{}
	create := func(ctx context.Context) error {
		id, err := a.createCase(ctx)
		if err == nil {
			created.add(id)
		}
		return err
	}
	if err := startRoundsProfile(cfg); err != nil {
		return err
	}
	for round := 1; round <= cfg.rounds; round++ {
		r, err := load(ctx, cfg.clients, cfg.duration, create)
		if err != nil {
			return err
		}
		fmt.Printf("round %d create                 %s\n", round, r)
		r, err = load(ctx, cfg.clients, cfg.duration, func(ctx context.Context) error {
			return a.readCase(ctx, a.am, created.pick())
		})
		if err != nil {
			return err
		}
		fmt.Printf("round %d read (owner)           %s\n", round, r)
		var (
			wg      sync.WaitGroup
			w       result
			werr    error
			readErr error
		)
		wg.Go(func() { w, werr = load(ctx, cfg.clients, cfg.duration, create) })
		r, readErr = load(ctx, cfg.clients, cfg.duration, func(ctx context.Context) error {
			return a.readCase(ctx, a.dm, created.pick())
		})
		wg.Wait()
		if err := errors.Join(werr, readErr); err != nil {
			return err
		}
		fmt.Printf("round %d read (manager, audited) %s\n        beside creates          %s\n", round, r, w)
	}
	fmt.Printf("SQLite done (load average %s)\n", loadAverage())
	return nil
}
