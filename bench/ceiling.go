package main

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun/driver/pgdriver"
)

// ceilingServer is the least an HTTP API can do over pgbench's work: a
// net/http server whose handlers run pgbench's statements, prepared,
// through the driver and pool size the API uses (pgdriver, 10
// connections), and answer the stored bytes — no authentication, no
// validation, no JSON, no audit, no access log. What it reaches is what
// net/http and a round trip to PostgreSQL leave of pgbench's rate on this
// machine, so the API's ratio to pgbench can be read against it: the part
// of the gap that is Jinzhi's, and the part no server on net/http closes.
//
//	POST /v1/cases       BEGIN; INSERT bench_cases; INSERT bench_events; COMMIT — the create script's rows
//	GET  /v1/cases/{id}  SELECT body FROM bench_cases WHERE id = $1
type ceilingServer struct {
	db      *sql.DB
	srv     *http.Server
	base    string
	stopped chan error
	// listing, body and data are the rows pgbench inserts (vars).
	listing, body, data, at           string
	insertCase, insertEvent, readBody *sql.Stmt
}

func startCeiling(ctx context.Context, dbURL, listing, body, data, at string) (*ceilingServer, error) {
	db := sql.OpenDB(pgdriver.NewConnector(pgdriver.WithDSN(dbURL)))
	db.SetMaxOpenConns(10)
	db.SetMaxIdleConns(10)
	c := &ceilingServer{db: db, listing: listing, body: body, data: data, at: at, stopped: make(chan error, 1)}
	var err error
	prepare := func(q string) *sql.Stmt {
		var st *sql.Stmt
		if err == nil {
			st, err = db.PrepareContext(ctx, q)
		}
		return st
	}
	c.insertCase = prepare(`INSERT INTO bench_cases (id, version, listing, body) VALUES ($1, 1, $2, $3)`)
	c.insertEvent = prepare(`INSERT INTO bench_events (stream, seq, id, at, data, prev_hash, hash) VALUES ($1, 1, $1, $2, $3, '', $4)`)
	c.readBody = prepare(`SELECT body FROM bench_cases WHERE id = $1`)
	if err != nil {
		db.Close()
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/cases", c.create)
	mux.HandleFunc("GET /v1/cases/{id}", c.read)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		db.Close()
		return nil, err
	}
	c.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	c.base = "http://" + ln.Addr().String()
	go func() { c.stopped <- c.srv.Serve(ln) }()
	return c, nil
}

func (c *ceilingServer) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := c.srv.Shutdown(ctx)
	if serr := <-c.stopped; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return errors.Join(err, c.db.Close())
}

func (c *ceilingServer) create(w http.ResponseWriter, r *http.Request) {
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var b [8]byte
	_, _ = crand.Read(b[:])
	id := hex.EncodeToString(b[:])
	err := func() error {
		tx, err := c.db.BeginTx(r.Context(), nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if _, err := tx.StmtContext(r.Context(), c.insertCase).ExecContext(r.Context(), id, c.listing, c.body); err != nil {
			return err
		}
		if _, err := tx.StmtContext(r.Context(), c.insertEvent).ExecContext(r.Context(), id, c.at, c.data, id); err != nil {
			return err
		}
		return tx.Commit()
	}()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	c.answer(w, http.StatusCreated, c.body)
}

func (c *ceilingServer) read(w http.ResponseWriter, r *http.Request) {
	var body string
	if err := c.readBody.QueryRowContext(r.Context(), r.PathValue("id")).Scan(&body); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	c.answer(w, http.StatusOK, body)
}

func (c *ceilingServer) answer(w http.ResponseWriter, status int, body string) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("ETag", `"1"`)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// ceilingIDs are the IDs the ceiling server's reads pick from: pgbench's
// rows, 1 … readRows.
func ceilingIDs() []string {
	ids := make([]string, readRows)
	for i := range ids {
		ids[i] = strconv.Itoa(i + 1)
	}
	return ids
}

// ceilingLoad drives op on the ceiling server with cfg's load generator.
func ceilingLoad(ctx context.Context, cfg config, c *ceilingServer, client *http.Client, dir, op string) (result, error) {
	if cfg.load == "wrk" {
		var ids []string
		if op == "read" {
			ids = ceilingIDs()
		}
		return wrkLoad(ctx, cfg, c.base, "", dir, op, ids)
	}
	do := func(ctx context.Context, method, path string, body io.Reader, want int) error {
		req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return err
		}
		if resp.StatusCode != want {
			return fmt.Errorf("ceiling %s %s: %d, want %d", method, path, resp.StatusCode, want)
		}
		return nil
	}
	return load(ctx, cfg.clients, cfg.duration, func(ctx context.Context) error {
		if op == "create" {
			return do(ctx, "POST", "/v1/cases", strings.NewReader(caseBody), http.StatusCreated)
		}
		return do(ctx, "GET", "/v1/cases/"+strconv.Itoa(1+rand.IntN(readRows)), nil, http.StatusOK)
	})
}
