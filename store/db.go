package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/driver/sqliteshim"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// DB is a pair of bun handles on one database: Write for transactions that
// change data, Read for queries.
type DB struct {
	// Write runs the transactions that change data. On SQLite it holds a
	// single connection whose transactions begin IMMEDIATE: writers queue
	// for it in Go instead of polling SQLite's file lock, which keeps their
	// latency tails bounded (see BenchmarkSQLiteWriters), and a Store
	// commits the units of work that queued together (group.go).
	Write *bun.DB
	// Read runs queries. On a SQLite file it is a separate pool of
	// read-only connections; thanks to WAL they neither block the writer
	// nor wait for it, and see the last committed transaction. On
	// PostgreSQL, and for an in-memory SQLite database, it is the same
	// *bun.DB as Write. Code must therefore not keep a Read query open
	// while it waits for a Write transaction to finish: with one shared
	// connection that would wait forever.
	Read *bun.DB
	// Dialect says which database this is.
	Dialect Dialect
	// hot are the prepared hot statements on PostgreSQL; nil on SQLite.
	hot *hotStatements
	// writeHot are the statements a transaction prepares to append to
	// the audit trail: hot on PostgreSQL, the writer's own on SQLite.
	writeHot *hotStatements
	// writeReady says that SQLite's writeHot are prepared.
	writeReady atomic.Bool
}

// Dialect names the kind of database a DB is connected to.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Options tune Open. The zero value gives the defaults.
type Options struct {
	// BusyTimeout is how long a SQLite connection waits for a lock held by
	// another connection (or process) before it fails with "database is
	// locked". Zero means 5s.
	BusyTimeout time.Duration
	// ReadConns is the size of the SQLite read-only pool. Zero means 4.
	ReadConns int
	// MaxConns is the size of the PostgreSQL connection pool. Zero means 10.
	MaxConns int
}

// withDefaults fills in the zero fields of o.
func (o Options) withDefaults() (Options, error) {
	if o.BusyTimeout < 0 || o.ReadConns < 0 || o.MaxConns < 0 {
		return o, duediligence.Errorf(duediligence.CodeInvalid, "", "negative option in %+v", o)
	}
	if o.BusyTimeout == 0 {
		o.BusyTimeout = 5 * time.Second
	}
	if o.ReadConns == 0 {
		o.ReadConns = 4
	}
	if o.MaxConns == 0 {
		o.MaxConns = 10
	}
	return o, nil
}

// Open opens the database named by url and checks that it is reachable.
//
// A "postgres://" or "postgresql://" URL opens PostgreSQL through pgdriver;
// its parameters are those of PostgresConnector. Anything else is SQLite,
// through sqliteshim and the pure Go modernc.org/sqlite driver:
// "sqlite:PATH", "file:PATH" or a plain path open (and create) a database
// file, creating its directory if need be; ":memory:" (or "sqlite::memory:",
// "file::memory:") opens a private in-memory database for tests and examples.
//
// Every SQLite connection runs with WAL, synchronous=FULL (a transaction
// whose commit has returned survives a power loss), busy_timeout and
// foreign keys on. A "sqlite:" or "file:" URL may add query parameters of
// the modernc driver: _pragma=NAME(VALUE), which replaces Open's setting of
// the same pragma, and _time_format, _time_integer_format, _inttotime and
// _texttotime.
func Open(ctx context.Context, url string, opt Options) (_ *DB, err error) {
	defer duediligence.Wrap(&err, "store.Open")
	opt, err = opt.withDefaults()
	if err != nil {
		return nil, err
	}
	scheme, _, hasScheme := strings.Cut(url, "://")
	switch scheme = strings.ToLower(scheme); {
	case url == "":
		return nil, duediligence.Errorf(duediligence.CodeInvalid, "", "empty database URL")
	case hasScheme && (scheme == "postgres" || scheme == "postgresql"):
		return openPostgres(ctx, url, opt)
	case hasScheme && scheme != "sqlite" && scheme != "file" && !strings.ContainsAny(scheme, `/\.`):
		// Without this, "mysql://…" would become a file in a directory "mysql:".
		return nil, duediligence.Errorf(duediligence.CodeInvalid, "", "unsupported database URL scheme %q (want postgres, postgresql, sqlite or file)", scheme)
	}
	return openSQLite(ctx, url, opt, 1)
}

// Close closes both handles.
func (db *DB) Close() (err error) {
	defer duediligence.Wrap(&err, "DB.Close")
	var rerr error
	if db.hot != nil {
		rerr = db.hot.close()
	}
	if db.writeHot != nil && db.writeHot != db.hot {
		rerr = errors.Join(rerr, db.writeHot.close())
	}
	if db.Read != db.Write {
		// The read-only connections go first, so that the writer, closing
		// last, checkpoints the WAL into the database file and removes it.
		rerr = errors.Join(rerr, db.Read.Close())
	}
	return errors.Join(rerr, db.Write.Close())
}

// appendStatements are the prepared statements a transaction appends to
// the audit trail with, once prepareWriter has made them, or nil for bun's.
func (db *DB) appendStatements() *hotStatements {
	if db.writeReady.Load() {
		return db.writeHot
	}
	return nil
}

// prepareWriter makes the statements of appendStatements, if they are not
// yet. A statement is first prepared on a free connection of its pool (a
// transaction then prepares it again on its own connection, the first
// time it runs there), so it must be made outside every transaction: a
// transaction waiting for a free connection while the others wait for its
// locks would never get one. On PostgreSQL the Store makes them before it
// begins a transaction; SQLite's one writer connection is free only
// between transactions, and group commit makes them there. It fails,
// harmlessly, until the migrations have made the tables; bun's statements
// serve meanwhile.
func (db *DB) prepareWriter(ctx context.Context) {
	h := db.writeHot
	if h == nil || db.writeReady.Load() {
		return
	}
	queries := appendQueries
	if h.pg {
		queries = append(slices.Clip(queries), hotLockHead, hotAppendSigned, hotUpdateCase, hotRaiseShard, hotSignShard, hotCreateCase)
	}
	if h.prepare(ctx, queries...) == nil {
		db.writeReady.Store(true)
	}
}

// Ping checks that both handles can reach the database.
func (db *DB) Ping(ctx context.Context) (err error) {
	defer duediligence.Wrap(&err, "DB.Ping")
	if err := db.Write.PingContext(ctx); err != nil {
		return err
	}
	if db.Read != db.Write {
		return db.Read.PingContext(ctx)
	}
	return nil
}

// openPostgres opens one pool that serves as both Write and Read.
func openPostgres(ctx context.Context, url string, opt Options) (*DB, error) {
	connector, err := postgresConnector(url)
	if err != nil {
		return nil, err
	}
	sqldb := sql.OpenDB(connector)
	sqldb.SetMaxOpenConns(opt.MaxConns)
	sqldb.SetMaxIdleConns(opt.MaxConns)
	bdb := bun.NewDB(sqldb, pgdialect.New())
	hot := newHotStatements(sqldb, true)
	db := &DB{Write: bdb, Read: bdb, Dialect: Postgres, hot: hot, writeHot: hot}
	if err := db.Ping(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	return db, nil
}

// openSQLite opens a SQLite database with writeConns writer connections.
// Open always asks for one; the benchmark asks for more to show why.
func openSQLite(ctx context.Context, url string, opt Options, writeConns int) (_ *DB, err error) {
	if name := sqliteshim.DriverName(); name != "sqlite" {
		// The DSN below is modernc's syntax; another driver would silently
		// ignore it and run without WAL or synchronous=FULL.
		return nil, fmt.Errorf("SQLite needs the modernc.org/sqlite driver, but sqliteshim chose %q on this platform", name)
	}
	t, err := parseSQLiteURL(url)
	if err != nil {
		return nil, err
	}
	busy := "busy_timeout(" + strconv.FormatInt(opt.BusyTimeout.Milliseconds(), 10) + ")"
	if t.memory {
		// A ":memory:" database lives and dies with its one connection, so
		// the writer's connection must be the only one and must never be
		// closed by the pool; it also serves reads.
		dsn := ":memory:?" + t.query(map[string]string{
			"busy_timeout": busy,
			"foreign_keys": "foreign_keys(1)",
		}, "_txlock=immediate")
		w, err := openSQLitePool(ctx, dsn, 1)
		if err != nil {
			return nil, err
		}
		return &DB{Write: w, Read: w, Dialect: SQLite, writeHot: newHotStatements(w.DB, false)}, nil
	}

	if err := os.MkdirAll(filepath.Dir(t.path), 0o750); err != nil {
		return nil, err
	}
	uri := sqliteFileURI(t.path)
	// The writer goes first: it turns the database into WAL mode, which the
	// read-only connections can then use but could not set.
	wdsn := uri + "?" + t.query(map[string]string{
		"busy_timeout": busy,
		"foreign_keys": "foreign_keys(1)",
		"journal_mode": "journal_mode(WAL)",
		"synchronous":  "synchronous(FULL)",
		// A statement that writes several rows, and a savepoint (group.go),
		// keeps the pages it changes in a sub-journal so that it can be
		// rolled back alone; past 64 KiB that is a temporary file. In
		// memory it costs a copy per page, never a write.
		"temp_store": "temp_store(MEMORY)",
	}, "_txlock=immediate")
	w, err := openSQLitePool(ctx, wdsn, writeConns)
	if err != nil {
		return nil, err
	}
	if _, set := t.pragmas["journal_mode"]; !set {
		// journal_mode(WAL) does not fail where WAL is unavailable (some
		// network file systems): it leaves the old mode.
		var mode string
		if err := w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			w.Close()
			return nil, err
		}
		if !strings.EqualFold(mode, "wal") {
			w.Close()
			return nil, fmt.Errorf("SQLite database %s could not switch to WAL (journal_mode is %q)", t.path, mode)
		}
	}
	rdsn := uri + "?mode=ro&" + t.query(map[string]string{
		"busy_timeout": busy,
		"foreign_keys": "foreign_keys(1)",
		"synchronous":  "synchronous(FULL)",
		"query_only":   "query_only(1)",
	}, "")
	r, err := openSQLitePool(ctx, rdsn, opt.ReadConns)
	if err != nil {
		w.Close()
		return nil, err
	}
	return &DB{Write: w, Read: r, Dialect: SQLite, writeHot: newHotStatements(w.DB, false)}, nil
}

// openSQLitePool opens a pool of at most n connections that are kept open,
// and pings it so that a bad DSN fails here.
func openSQLitePool(ctx context.Context, dsn string, n int) (*bun.DB, error) {
	sqldb, err := sql.Open(sqliteshim.ShimName, dsn)
	if err != nil {
		return nil, err
	}
	sqldb.SetMaxOpenConns(n)
	sqldb.SetMaxIdleConns(n)
	sqldb.SetConnMaxLifetime(0)
	sqldb.SetConnMaxIdleTime(0)
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	return bun.NewDB(sqldb, sqlitedialect.New()), nil
}

// sqliteTarget is a parsed SQLite URL.
type sqliteTarget struct {
	memory  bool
	path    string            // absolute; empty when memory
	pragmas map[string]string // the URL's _pragma values by pragma name
	params  url.Values        // the URL's other driver parameters
}

// sqliteParams are the driver parameters, besides _pragma, that a SQLite URL
// may carry. Others (mode, _txlock, vfs, …) would undo what Open sets up.
var sqliteParams = map[string]bool{
	"_time_format":         true,
	"_time_integer_format": true,
	"_inttotime":           true,
	"_texttotime":          true,
}

// parseSQLiteURL parses ":memory:", "sqlite:PATH", "file:PATH" (both with
// optional "//" and query) and plain paths.
func parseSQLiteURL(raw string) (sqliteTarget, error) {
	t := sqliteTarget{pragmas: map[string]string{}, params: url.Values{}}
	rest, isURI := raw, false
	for _, prefix := range []string{"sqlite:", "file:"} {
		if len(raw) >= len(prefix) && strings.EqualFold(raw[:len(prefix)], prefix) {
			rest, isURI = raw[len(prefix):], true
			break
		}
	}
	if !isURI {
		if raw == ":memory:" {
			t.memory = true
			return t, nil
		}
		abs, err := filepath.Abs(raw)
		t.path = abs
		return t, err
	}

	// "sqlite:///abs/path" and "file:///abs/path" name "/abs/path".
	rest = strings.TrimPrefix(rest, "//")
	p, rawQuery, _ := strings.Cut(rest, "?")
	p, err := url.PathUnescape(p)
	if err != nil {
		return t, duediligence.Errorf(duediligence.CodeInvalid, "", "bad SQLite path: %v", err)
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return t, duediligence.Errorf(duediligence.CodeInvalid, "", "bad SQLite URL query: %v", err)
	}
	for key, values := range q {
		switch {
		case key == "_pragma":
			for _, v := range values {
				name, _, _ := strings.Cut(v, "(")
				t.pragmas[strings.ToLower(strings.TrimSpace(name))] = v
			}
		case key == "mode" && len(values) == 1 && values[0] == "memory":
			t.memory = true
		case sqliteParams[key]:
			t.params[key] = values
		default:
			return t, duediligence.Errorf(duediligence.CodeInvalid, "", "unsupported SQLite URL parameter %q", key)
		}
	}
	switch {
	case p == ":memory:":
		t.memory = true
	case p == "" && !t.memory:
		return t, duediligence.Errorf(duediligence.CodeInvalid, "", "SQLite URL names no file")
	}
	if !t.memory {
		t.path, err = filepath.Abs(p)
	}
	return t, err
}

// query builds a DSN query from the default pragmas (by name), overridden
// by the URL's, the URL's other parameters and extra ("k=v", may be empty).
func (t sqliteTarget) query(defaults map[string]string, extra string) string {
	q := url.Values{}
	for k, v := range t.params {
		q[k] = v
	}
	for name, v := range defaults {
		if override, ok := t.pragmas[name]; ok {
			v = override
		}
		q.Add("_pragma", v)
	}
	for name, v := range t.pragmas {
		if _, ok := defaults[name]; !ok && name != "journal_mode" {
			q.Add("_pragma", v)
		}
	}
	s := q.Encode()
	if extra != "" {
		s += "&" + extra
	}
	return s
}

// sqliteURIEscaper escapes what SQLite's URI parser would otherwise take as
// an escape, the query or the fragment.
var sqliteURIEscaper = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// sqliteFileURI returns the SQLite URI ("file:///abs/path") of an absolute
// path. A URI is needed for mode=ro.
func sqliteFileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // "C:/x" on Windows
	}
	return "file://" + sqliteURIEscaper.Replace(p)
}
