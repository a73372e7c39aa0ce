package main

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"

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
	*listening
	db *sql.DB
	// listing, body and data are the rows pgbench inserts (vars).
	listing, body, data, at           string
	insertCase, insertEvent, readBody *sql.Stmt
}

func startCeiling(ctx context.Context, dbURL, listing, body, data, at string) (*ceilingServer, error) {
	db := sql.OpenDB(pgdriver.NewConnector(pgdriver.WithDSN(dbURL)))
	db.SetMaxOpenConns(10)
	db.SetMaxIdleConns(10)
	c := &ceilingServer{db: db, listing: listing, body: body, data: data, at: at}
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
	if c.listening, err = listen(mux); err != nil {
		db.Close()
		return nil, err
	}
	return c, nil
}

func (c *ceilingServer) close() error {
	return errors.Join(c.shutdown(), c.db.Close())
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
	return load(ctx, cfg.clients, cfg.duration, func(ctx context.Context) error {
		var err error
		if op == "create" {
			_, err = request(ctx, client, c.base+"/v1/cases", "POST", "", []byte(caseBody), http.StatusCreated)
		} else {
			_, err = request(ctx, client, c.base+"/v1/cases/"+strconv.Itoa(1+rand.IntN(readRows)), "GET", "", nil, http.StatusOK)
		}
		return err
	})
}
