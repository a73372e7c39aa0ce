package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/store"
)

// benchTables are pgbench's own: a case row (its listing and body, as the
// API stores them) and an event row, apart from the API's tables so that
// the baseline's statements are fixed.
const benchTables = `
CREATE TABLE bench_cases (id TEXT PRIMARY KEY, version INTEGER NOT NULL, listing TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE bench_events (stream TEXT NOT NULL, seq BIGINT NOT NULL, id TEXT NOT NULL, at TEXT NOT NULL,
	data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (stream, seq));
`

// readRows is how many cases pgbench's reads pick from, inserted before the
// first round with the IDs 1 … readRows.
const readRows = 10000

const createScript = `\set id random(1000000000000, 9000000000000000000)
BEGIN;
INSERT INTO bench_cases (id, version, listing, body) VALUES (:id, 1, :listing, :body);
INSERT INTO bench_events (stream, seq, id, at, data, prev_hash, hash) VALUES (:id, 1, :id, :at, :data, '', :hash);
COMMIT;
`

var readScript = `\set n random(1, ` + strconv.Itoa(readRows) + `)
SELECT body FROM bench_cases WHERE id = :n;
`

func runPostgres(ctx context.Context, cfg config) (err error) {
	if _, err := exec.LookPath("pgbench"); err != nil {
		return fmt.Errorf("pgbench is not installed (apt-get install postgresql-client): %w", err)
	}
	admin, err := store.Open(ctx, cfg.postgres, store.Options{MaxConns: 1})
	if err != nil {
		return err
	}
	defer admin.Close()
	name := randomName(cfg.prefix)
	if _, err := admin.Write.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return err
	}
	defer func() {
		_, derr := admin.Write.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		err = errors.Join(err, derr)
	}()
	u, _ := url.Parse(cfg.postgres)
	u.Path = "/" + name
	dbURL := u.String()
	fmt.Printf("\nPostgreSQL (database %s)\n", name)

	a, err := startServer(ctx, dbURL, cfg.clients)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, a.close()) }()
	created := &ids{}
	id, err := a.createCase(ctx)
	if err != nil {
		return err
	}
	created.add(id)

	// The pgbench rows are the API's own: the listing and the body of the
	// case just created, and the data of its event.
	var listing, body, data string
	db := a.db.Write
	if err := db.QueryRowContext(ctx, "SELECT row_to_json(c)::text FROM cases c WHERE id = ?", id).Scan(&listing); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, "SELECT body FROM case_bodies WHERE case_id = ?", id).Scan(&body); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, "SELECT data FROM events WHERE case_id = ? AND action = 'case.created'", id).Scan(&data); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, benchTables); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO bench_cases SELECT n::text, 1, ?, ? FROM generate_series(1, `+strconv.Itoa(readRows)+`) n`, listing, body); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, "VACUUM ANALYZE bench_cases"); err != nil {
		return err
	}
	fmt.Printf("a case row: listing %d bytes, body %d bytes; its event's data %d bytes\n", len(listing), len(body), len(data))

	dir, err := os.MkdirTemp("", "jinzhi-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	createFile, readFile := filepath.Join(dir, "create.sql"), filepath.Join(dir, "read.sql")
	if err := os.WriteFile(createFile, []byte(createScript), 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(readFile, []byte(readScript), 0o600); err != nil {
		return err
	}
	at := time.Now().UTC().Format("2006-01-02T15:04:05.000000000Z07:00")
	vars := []string{"-D", "listing=" + listing, "-D", "body=" + body, "-D", "data=" + data,
		"-D", "at=" + at, "-D", "hash=" + strings.Repeat("ab", 32)}
	var ceiling *ceilingServer
	if cfg.ceiling {
		if ceiling, err = startCeiling(ctx, dbURL, listing, body, data, at); err != nil {
			return err
		}
		defer func() { err = errors.Join(err, ceiling.close()) }()
	}

	// A pair is one round of an operation: pgbench, the API and (with
	// -ceiling) net/http over pgbench's statements.
	type pair struct{ db, api, ceiling result }
	var creates, reads []pair
	// measureCeiling measures op on the ceiling server into p, and prints it.
	measureCeiling := func(p *pair, op string) error {
		if ceiling == nil {
			return nil
		}
		var err error
		if p.ceiling, err = ceilingLoad(ctx, cfg, ceiling, a.client, dir, op); err != nil {
			return err
		}
		fmt.Printf("                net/http %s   ratio %.2f (the API to it %.2f)\n", p.ceiling,
			p.ceiling.rate()/p.db.rate(), p.api.rate()/p.ceiling.rate())
		return nil
	}
	create := func(ctx context.Context) error {
		id, err := a.createCase(ctx)
		if err == nil {
			created.add(id)
		}
		return err
	}
	if !cfg.create {
		// Reads alone: the cases to read are created first, for as long
		// as a round's creates would take, and not measured.
		r, err := load(ctx, cfg.clients, cfg.duration, create)
		if err != nil {
			return err
		}
		fmt.Printf("created %d cases to read (not measured)\n", r.n)
	}
	if err := startRoundsProfile(cfg); err != nil {
		return err
	}
	for round := 1; round <= cfg.rounds; round++ {
		var p pair
		if cfg.create {
			if p.db, err = pgbench(ctx, cfg, dbURL, dir, createFile, vars); err != nil {
				return err
			}
			if cfg.load == "wrk" {
				p.api, err = wrkLoad(ctx, cfg, a.base, a.am, dir, "create", nil)
			} else {
				p.api, err = load(ctx, cfg.clients, cfg.duration, create)
			}
			if err != nil {
				return err
			}
			fmt.Printf("round %d create  pgbench %s\n                API     %s   ratio %.2f\n", round, p.db, p.api, p.api.rate()/p.db.rate())
			if err := measureCeiling(&p, "create"); err != nil {
				return err
			}
			creates = append(creates, p)
		}
		if !cfg.read {
			continue
		}
		if p.db, err = pgbench(ctx, cfg, dbURL, dir, readFile, nil); err != nil {
			return err
		}
		if cfg.load == "wrk" {
			var ids []string
			if err := db.NewRaw("SELECT id FROM cases LIMIT ?", readRows).Scan(ctx, &ids); err != nil {
				return err
			}
			p.api, err = wrkLoad(ctx, cfg, a.base, a.am, dir, "read", ids)
		} else {
			p.api, err = load(ctx, cfg.clients, cfg.duration, func(ctx context.Context) error {
				return a.readCase(ctx, a.am, created.pick())
			})
		}
		if err != nil {
			return err
		}
		fmt.Printf("round %d read    pgbench %s\n                API     %s   ratio %.2f\n", round, p.db, p.api, p.api.rate()/p.db.rate())
		if err := measureCeiling(&p, "read"); err != nil {
			return err
		}
		reads = append(reads, p)
	}
	ratio := func(ps []pair, of func(pair) float64) string {
		var rs []string
		for _, p := range ps {
			rs = append(rs, fmt.Sprintf("%.2f", of(p)))
		}
		return strings.Join(rs, " ")
	}
	apiToDB := func(p pair) float64 { return p.api.rate() / p.db.rate() }
	fmt.Printf("PostgreSQL ratios API/pgbench, by round: create %s; read %s (load average %s)\n",
		ratio(creates, apiToDB), ratio(reads, apiToDB), loadAverage())
	if ceiling != nil {
		ceilingToDB := func(p pair) float64 { return p.ceiling.rate() / p.db.rate() }
		apiToCeiling := func(p pair) float64 { return p.api.rate() / p.ceiling.rate() }
		fmt.Printf("net/http+SQL/pgbench, by round: create %s; read %s\nAPI/(net/http+SQL), by round: create %s; read %s\n",
			ratio(creates, ceilingToDB), ratio(reads, ceilingToDB), ratio(creates, apiToCeiling), ratio(reads, apiToCeiling))
	}
	return nil
}

// pgbench runs script for cfg.duration at cfg.clients and reads each
// transaction's latency from its log.
func pgbench(ctx context.Context, cfg config, dbURL, dir, script string, vars []string) (result, error) {
	logs, err := os.MkdirTemp(dir, "log-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(logs)
	args := []string{"-n", "-M", "prepared", "-c", strconv.Itoa(cfg.clients), "-j", strconv.Itoa(min(cfg.clients, 4)),
		"-T", strconv.Itoa(max(1, int(cfg.duration.Round(time.Second).Seconds()))), "-f", script,
		"-l", "--log-prefix", filepath.Join(logs, "tx")}
	args = append(args, vars...)
	args = append(args, dbURL)
	cmd := exec.CommandContext(ctx, "pgbench", args...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(start)
	if err != nil {
		return result{}, fmt.Errorf("pgbench: %w\n%s", err, out)
	}
	if strings.Contains(string(out), "number of failed transactions: ") && !strings.Contains(string(out), "number of failed transactions: 0 ") {
		return result{}, fmt.Errorf("pgbench had failed transactions:\n%s", out)
	}
	var r result
	for line := range strings.Lines(string(out)) {
		if v, ok := strings.CutPrefix(line, "tps = "); ok {
			f := strings.Fields(v)
			if r.tps, err = strconv.ParseFloat(f[0], 64); err != nil {
				return result{}, fmt.Errorf("pgbench's tps %q: %w", f[0], err)
			}
		}
	}
	if r.tps == 0 {
		return result{}, fmt.Errorf("pgbench printed no tps:\n%s", out)
	}
	// Each log line: client_id transaction_no time_us script_no epoch us.
	files, err := filepath.Glob(filepath.Join(logs, "tx*"))
	if err != nil {
		return result{}, err
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return result{}, err
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 3 {
				continue
			}
			us, err := strconv.ParseInt(fields[2], 10, 64)
			if err != nil {
				continue
			}
			r.lat = append(r.lat, time.Duration(us)*time.Microsecond)
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			return result{}, err
		}
	}
	slices.Sort(r.lat)
	r.n, r.elapsed = len(r.lat), elapsed
	return r, nil
}
