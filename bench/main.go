// Command bench measures the API against the database's own ceiling.
//
// On PostgreSQL it creates a fresh database, starts the server on it (in
// this process, on 127.0.0.1), and alternates, round by round, pgbench
// running the fixed minimum database work of an operation with a Go load
// generator driving the same operation over HTTP at the same concurrency:
//
//	create: BEGIN; INSERT one case row of the API's size; INSERT one event; COMMIT
//	read:   SELECT the case's body by primary key
//
// and prints each pair and the ratio API/pgbench. Each round also measures
// net/http running pgbench's own statements through pgdriver, with nothing
// of the API's (ceilingServer; -ceiling=false skips it): what any HTTP
// server leaves of pgbench's rate on this machine, against which the API's
// ratio reads as its own share of the gap. The pgbench side works on
// tables of its own (bench_cases, bench_events), so its figure does not move
// when the API's statements change. On SQLite, where there is no pgbench,
// it prints the API's latency percentiles (p50, p99, p99.9) for creates,
// for reads, and for reads by a department manager (each of which the case
// file audits) while creates run beside them.
//
//	go run ./bench                                  # PostgreSQL on 127.0.0.1 and SQLite, 8 clients, 3 rounds of 10 s
//	go run ./bench -duration 5s -clients 8 -rounds 3 -sqlite=false
//	go run ./bench -ops read -sqlite=false              # reads only (of cases created beforehand, unmeasured)
//	go run ./bench -load wrk -sqlite=false              # the API driven by wrk, a C client as pgbench is
//
// It is not a test and no part of go test. It connects to 127.0.0.1 only,
// and drops the database it created when it ends.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"
)

// Bounds on the flags, so that a run cannot take the machine for long.
const (
	maxDuration = 2 * time.Minute
	maxClients  = 64
	maxRounds   = 5
)

type config struct {
	postgres string // server URL with a database the benchmark may CREATE DATABASE from
	prefix   string // of the database names it creates
	duration time.Duration
	clients  int
	rounds   int
	sqlite   bool
	pg       bool
	profile  string
	// roundsProfile is -cpuprofile-rounds: a profile from the first
	// measured round on, without the setup and the unmeasured creates.
	roundsProfile string
	// sqlitePragma is -sqlite-pragma: a pragma the SQLite URL sets on
	// every connection, over Open's (wal_autocheckpoint(0), say).
	sqlitePragma string
	// create and read choose the operations measured on PostgreSQL
	// (-ops); a read needs cases, so creates are made anyway, unmeasured.
	create, read bool
	// ceiling is -ceiling: measure, each round, net/http running pgbench's
	// statements (ceilingServer) beside pgbench and the API.
	ceiling bool
	// load is -load: the API's load generator on PostgreSQL, "go" (this
	// process's HTTP client) or "wrk".
	load string
}

func main() {
	var cfg config
	flag.StringVar(&cfg.postgres, "postgres", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
		"PostgreSQL server on 127.0.0.1 (a database to connect to for CREATE DATABASE)")
	flag.StringVar(&cfg.prefix, "db-prefix", "jinzhi_bench_", "prefix of the name of the database the benchmark creates and drops")
	flag.DurationVar(&cfg.duration, "duration", 10*time.Second, "length of each measurement (at most 2m)")
	flag.IntVar(&cfg.clients, "clients", 8, "concurrent clients, for pgbench and the API alike (at most 64)")
	flag.IntVar(&cfg.rounds, "rounds", 3, "how often pgbench and the API alternate (at most 5)")
	flag.BoolVar(&cfg.pg, "pg", true, "run the PostgreSQL comparison")
	flag.BoolVar(&cfg.sqlite, "sqlite", true, "run the SQLite percentiles")
	flag.BoolVar(&cfg.ceiling, "ceiling", true, "measure, each round, net/http running pgbench's statements through pgdriver (no authentication, JSON or audit): what an HTTP server leaves of pgbench's rate on this machine")
	ops := flag.String("ops", "create,read", "the PostgreSQL operations to measure, comma-separated: create, read")
	flag.StringVar(&cfg.profile, "cpuprofile", "", "write a CPU profile of the whole run (server and load generator) to `file`")
	flag.StringVar(&cfg.load, "load", "go", "the API's load generator on PostgreSQL: go (this process's HTTP client, beside the server) or wrk (a C program, as pgbench is; apt-get install wrk)")
	flag.StringVar(&cfg.sqlitePragma, "sqlite-pragma", "", "a `pragma` the SQLite database's URL sets, such as wal_autocheckpoint(0), to compare")
	flag.StringVar(&cfg.roundsProfile, "cpuprofile-rounds", "", "write a CPU profile of the measured rounds only (from the first round on, without the setup) to `file`")
	flag.Parse()
	for _, op := range strings.Split(*ops, ",") {
		switch strings.TrimSpace(op) {
		case "create":
			cfg.create = true
		case "read":
			cfg.read = true
		default:
			fmt.Fprintf(os.Stderr, "bench: -ops %q: want create, read or both\n", *ops)
			os.Exit(2)
		}
	}
	if err := cfg.check(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	fmt.Printf("bench: %d clients, %d rounds of %s, GOMAXPROCS %d, load average %s\n",
		cfg.clients, cfg.rounds, cfg.duration, runtime.GOMAXPROCS(0), loadAverage())
	var errs []error
	if cfg.profile != "" {
		f, err := os.Create(cfg.profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	defer stopRoundsProfile()
	if cfg.pg {
		errs = append(errs, runPostgres(ctx, cfg))
	}
	if cfg.sqlite {
		errs = append(errs, runSQLite(ctx, cfg))
	}
	if err := errors.Join(errs...); err != nil {
		pprof.StopCPUProfile()
		stopRoundsProfile()
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

var roundsProfile struct {
	once sync.Once
	f    *os.File
}

// startRoundsProfile starts the -cpuprofile-rounds profile, once, when the
// first measured round begins.
func startRoundsProfile(cfg config) error {
	var err error
	roundsProfile.once.Do(func() {
		if cfg.roundsProfile == "" {
			return
		}
		if cfg.profile != "" {
			err = errors.New("-cpuprofile and -cpuprofile-rounds: choose one")
			return
		}
		if roundsProfile.f, err = os.Create(cfg.roundsProfile); err != nil {
			return
		}
		if err = pprof.StartCPUProfile(roundsProfile.f); err != nil {
			roundsProfile.f.Close()
			roundsProfile.f = nil
		}
	})
	return err
}

func stopRoundsProfile() {
	if roundsProfile.f != nil {
		pprof.StopCPUProfile()
		roundsProfile.f.Close()
		roundsProfile.f = nil
	}
}

func (c config) check() error {
	switch {
	case c.duration <= 0 || c.duration > maxDuration:
		return fmt.Errorf("-duration %s: want more than 0 and at most %s", c.duration, maxDuration)
	case c.clients < 1 || c.clients > maxClients:
		return fmt.Errorf("-clients %d: want 1 to %d", c.clients, maxClients)
	case c.rounds < 1 || c.rounds > maxRounds:
		return fmt.Errorf("-rounds %d: want 1 to %d", c.rounds, maxRounds)
	case strings.Trim(c.prefix, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" || c.prefix == "":
		return fmt.Errorf("-db-prefix %q: want lower-case letters, digits and _", c.prefix)
	case c.load != "go" && c.load != "wrk":
		return fmt.Errorf("-load %q: want go or wrk", c.load)
	}
	if c.load == "wrk" {
		if _, err := exec.LookPath("wrk"); err != nil {
			return fmt.Errorf("-load wrk: wrk is not installed (apt-get install wrk): %w", err)
		}
	}
	if !c.pg {
		return nil
	}
	u, err := url.Parse(c.postgres)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return fmt.Errorf("-postgres %q: want a postgres:// URL", c.postgres)
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-postgres: the benchmark connects to 127.0.0.1 only, not %q", u.Hostname())
	}
	return nil
}

// randomName is prefix and 12 hex digits.
func randomName(prefix string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// loadAverage is the first line of /proc/loadavg, the machine's load while
// the benchmark runs (the figures are only comparable within one run).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
