package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// testPostgresURL returns the URL of the PostgreSQL database for tests, from
// JINZHI_TEST_DATABASE_URL (for example
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable). Without it the
// test is skipped, unless JINZHI_REQUIRE_POSTGRES=1, when it fails.
func testPostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("JINZHI_TEST_DATABASE_URL")
	if u == "" {
		if os.Getenv("JINZHI_REQUIRE_POSTGRES") == "1" {
			t.Fatal("JINZHI_REQUIRE_POSTGRES=1 but JINZHI_TEST_DATABASE_URL is not set")
		}
		t.Skip("JINZHI_TEST_DATABASE_URL is not set; skipping PostgreSQL test")
	}
	return u
}

// openTestSQLite opens a SQLite file in a temporary directory.
func openTestSQLite(t testing.TB, opt Options) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "jinzhi.db")
	db, err := Open(context.Background(), path, opt)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, db.Close()) })
	return db, path
}

// conns takes n connections of db at once, so that a check runs on each of
// a pool's connections and not n times on the same one.
func conns(t *testing.T, db *bun.DB, n int) []bun.Conn {
	t.Helper()
	var cs []bun.Conn
	for range n {
		c, err := db.Conn(context.Background())
		require.NoError(t, err)
		t.Cleanup(func() { c.Close() })
		cs = append(cs, c)
	}
	return cs
}

func pragma(t *testing.T, c bun.Conn, name string) string {
	t.Helper()
	var v string
	require.NoError(t, c.QueryRowContext(context.Background(), "PRAGMA "+name).Scan(&v))
	return v
}

func TestOpen_SQLiteSettings(t *testing.T) {
	ctx := context.Background()
	db, _ := openTestSQLite(t, Options{BusyTimeout: 1234 * time.Millisecond, ReadConns: 3})
	assert.Equal(t, SQLite, db.Dialect)
	require.NotSame(t, db.Write, db.Read)
	assert.Equal(t, 1, db.Write.Stats().MaxOpenConnections, "one writer connection")
	assert.Equal(t, 3, db.Read.Stats().MaxOpenConnections)

	handles := map[string][]bun.Conn{
		"Write": conns(t, db.Write, 1),
		"Read":  conns(t, db.Read, 3),
	}
	for name, cs := range handles {
		for i, c := range cs {
			t.Run(name, func(t *testing.T) {
				assert.Equal(t, "wal", pragma(t, c, "journal_mode"), "conn %d", i)
				assert.Equal(t, "2", pragma(t, c, "synchronous"), "conn %d: FULL", i)
				assert.Equal(t, "1234", pragma(t, c, "busy_timeout"), "conn %d", i)
				assert.Equal(t, "1", pragma(t, c, "foreign_keys"), "conn %d", i)
			})
		}
	}
	for _, c := range handles["Read"] {
		assert.Equal(t, "1", pragma(t, c, "query_only"))
	}
	for _, c := range append(handles["Write"], handles["Read"]...) {
		require.NoError(t, c.Close())
	}

	_, err := db.Write.ExecContext(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
	require.NoError(t, err)
	t.Run("ReaderCannotWrite", func(t *testing.T) {
		for _, stmt := range []string{
			"INSERT INTO t (v) VALUES ('x')",
			"CREATE TABLE u (id INTEGER)",
			"PRAGMA query_only = 0; INSERT INTO t (v) VALUES ('x')",
		} {
			_, err := db.Read.ExecContext(ctx, stmt)
			assert.ErrorContains(t, err, "readonly", stmt)
		}
		var n int
		require.NoError(t, db.Write.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n))
		assert.Zero(t, n)
	})
	t.Run("ForeignKeys", func(t *testing.T) {
		_, err := db.Write.ExecContext(ctx, "CREATE TABLE child (id INTEGER PRIMARY KEY, t_id INTEGER NOT NULL REFERENCES t (id))")
		require.NoError(t, err)
		_, err = db.Write.ExecContext(ctx, "INSERT INTO child (t_id) VALUES (42)")
		assert.ErrorContains(t, err, "FOREIGN KEY")
	})
	t.Run("ReadsDoNotWaitForAWrite", func(t *testing.T) {
		tx, err := db.Write.BeginTx(ctx, nil)
		require.NoError(t, err)
		defer tx.Rollback()
		_, err = tx.ExecContext(ctx, "INSERT INTO t (v) VALUES ('uncommitted')")
		require.NoError(t, err)
		// A reader that had to wait for the writer's lock would fail at
		// once with SQLITE_BUSY: this connection does not wait at all.
		// Under WAL it reads the last committed state instead.
		reader, err := db.Read.Conn(ctx)
		require.NoError(t, err)
		defer reader.Close()
		_, err = reader.ExecContext(ctx, "PRAGMA busy_timeout = 0")
		require.NoError(t, err)
		defer func() { _, _ = reader.ExecContext(ctx, "PRAGMA busy_timeout = 5000") }() // Open's default
		var n int
		require.NoError(t, reader.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n))
		assert.Zero(t, n, "the uncommitted row is not seen")
		require.NoError(t, tx.Commit())
		require.NoError(t, reader.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n))
		assert.Equal(t, 1, n, "the committed row is seen")
	})
}

func TestOpen_SQLiteWriterBeginsImmediate(t *testing.T) {
	ctx := context.Background()
	db, path := openTestSQLite(t, Options{})
	tx, err := db.Write.BeginTx(ctx, nil)
	require.NoError(t, err)

	// Another writer, which does not wait for locks, cannot take the write
	// lock: the empty transaction above already holds it.
	other, err := sql.Open("sqlite", sqliteFileURI(path)+"?_pragma=busy_timeout(0)")
	require.NoError(t, err)
	defer other.Close()
	_, err = other.ExecContext(ctx, "BEGIN IMMEDIATE")
	assert.ErrorContains(t, err, "database is locked")

	require.NoError(t, tx.Rollback())
	_, err = other.ExecContext(ctx, "BEGIN IMMEDIATE; ROLLBACK")
	assert.NoError(t, err)
}

func TestOpen_SQLiteMemory(t *testing.T) {
	ctx := context.Background()
	for _, u := range []string{":memory:", "sqlite::memory:", "file::memory:", "file:cases?mode=memory"} {
		t.Run(u, func(t *testing.T) {
			db, err := Open(ctx, u, Options{})
			require.NoError(t, err)
			defer db.Close()
			assert.Same(t, db.Write, db.Read)
			assert.Equal(t, 1, db.Write.Stats().MaxOpenConnections)
			c := conns(t, db.Write, 1)[0]
			assert.Equal(t, "1", pragma(t, c, "foreign_keys"))
			assert.Equal(t, "5000", pragma(t, c, "busy_timeout"))
			require.NoError(t, c.Close())

			_, err = db.Write.ExecContext(ctx, "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('x')")
			require.NoError(t, err)
			var v string
			require.NoError(t, db.Read.QueryRowContext(ctx, "SELECT v FROM t").Scan(&v))
			assert.Equal(t, "x", v)
			assert.NoError(t, db.Ping(ctx))
		})
	}
	t.Run("Private", func(t *testing.T) {
		a, err := Open(ctx, ":memory:", Options{})
		require.NoError(t, err)
		defer a.Close()
		b, err := Open(ctx, ":memory:", Options{})
		require.NoError(t, err)
		defer b.Close()
		_, err = a.Write.ExecContext(ctx, "CREATE TABLE t (v TEXT)")
		require.NoError(t, err)
		_, err = b.Write.ExecContext(ctx, "CREATE TABLE t (v TEXT)")
		assert.NoError(t, err, "b does not see a's table")
	})
}

func TestOpen_SQLitePaths(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, tt := range []struct{ url, file string }{
		{filepath.Join(dir, "new", "sub", "plain.db"), filepath.Join(dir, "new", "sub", "plain.db")},
		{"sqlite:" + filepath.Join(dir, "s.db"), filepath.Join(dir, "s.db")},
		{"file:" + filepath.Join(dir, "f.db"), filepath.Join(dir, "f.db")},
		{"sqlite://" + filepath.Join(dir, "slashes.db"), filepath.Join(dir, "slashes.db")},
		{filepath.Join(dir, "odd ?#%.db"), filepath.Join(dir, "odd ?#%.db")},
		{"file:" + filepath.Join(dir, "esc%20aped.db"), filepath.Join(dir, "esc aped.db")},
	} {
		t.Run(tt.url, func(t *testing.T) {
			db, err := Open(ctx, tt.url, Options{})
			require.NoError(t, err)
			_, err = db.Write.ExecContext(ctx, "CREATE TABLE t (v TEXT)")
			require.NoError(t, err)
			require.NoError(t, db.Ping(ctx))
			require.NoError(t, db.Close())
			fi, err := os.Stat(tt.file)
			require.NoError(t, err)
			assert.Positive(t, fi.Size())
		})
	}
	t.Run("RelativePath", func(t *testing.T) {
		t.Chdir(t.TempDir())
		db, err := Open(ctx, "data/rel.db", Options{})
		require.NoError(t, err)
		require.NoError(t, db.Close())
		_, err = os.Stat(filepath.Join("data", "rel.db"))
		assert.NoError(t, err)
	})
	t.Run("PragmaOverride", func(t *testing.T) {
		db, err := Open(ctx, "file:"+filepath.Join(dir, "o.db")+"?_pragma=synchronous(NORMAL)&_pragma=cache_size(-4000)", Options{})
		require.NoError(t, err)
		defer db.Close()
		for _, h := range []*bun.DB{db.Write, db.Read} {
			c := conns(t, h, 1)[0]
			assert.Equal(t, "1", pragma(t, c, "synchronous"))
			assert.Equal(t, "-4000", pragma(t, c, "cache_size"))
			assert.Equal(t, "1", pragma(t, c, "foreign_keys"))
			require.NoError(t, c.Close())
		}
	})
}

func TestOpen_Errors(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name, url string
		opt       Options
		want      string
	}{
		{"empty", "", Options{}, "empty database URL"},
		{"unknown scheme", "mysql://u@h/db", Options{}, `"mysql"`},
		{"no file", "sqlite:", Options{}, "names no file"},
		{"unsupported SQLite parameter", "file:x.db?_txlock=deferred", Options{}, `"_txlock"`},
		{"read-only mode", "file:x.db?mode=ro", Options{}, `"mode"`},
		{"negative option", ":memory:", Options{ReadConns: -1}, "negative"},
		{"bad sslmode", "postgres://u@127.0.0.1/db?sslmode=on", Options{}, `sslmode "on"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(ctx, tt.url, tt.opt)
			require.Error(t, err)
			assert.ErrorIs(t, err, duediligence.ErrInvalid)
			assert.Contains(t, err.Error(), tt.want)
			assert.True(t, strings.HasPrefix(err.Error(), "store.Open: "), err.Error())
		})
	}
	t.Run("unreachable PostgreSQL", func(t *testing.T) {
		_, err := Open(ctx, "postgres://u@127.0.0.1:1/db?sslmode=disable&connect_timeout=2", Options{})
		require.Error(t, err)
		assert.Equal(t, duediligence.CodeInternal, duediligence.ErrorCode(err))
	})
	t.Run("directory in the way", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		require.NoError(t, os.WriteFile(file, nil, 0o600))
		_, err := Open(ctx, filepath.Join(file, "x.db"), Options{})
		assert.Error(t, err)
	})
}

func TestParseSQLiteURL(t *testing.T) {
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		require.NoError(t, err)
		return a
	}
	for _, tt := range []struct {
		url     string
		memory  bool
		path    string
		pragmas map[string]string
	}{
		{":memory:", true, "", map[string]string{}},
		{"sqlite::memory:", true, "", map[string]string{}},
		{"file::memory:?_pragma=cache_size(10)", true, "", map[string]string{"cache_size": "cache_size(10)"}},
		{"data/jinzhi.db", false, abs("data/jinzhi.db"), map[string]string{}},
		{"sqlite:data/jinzhi.db", false, abs("data/jinzhi.db"), map[string]string{}},
		{"SQLite:data/jinzhi.db", false, abs("data/jinzhi.db"), map[string]string{}},
		{"sqlite:///var/lib/jinzhi.db", false, "/var/lib/jinzhi.db", map[string]string{}},
		{"file:/var/lib/jinzhi.db?_pragma=Synchronous(NORMAL)", false, "/var/lib/jinzhi.db", map[string]string{"synchronous": "Synchronous(NORMAL)"}},
		{"data/odd?name.db", false, abs("data/odd?name.db"), map[string]string{}},
	} {
		t.Run(tt.url, func(t *testing.T) {
			got, err := parseSQLiteURL(tt.url)
			require.NoError(t, err)
			assert.Equal(t, tt.memory, got.memory)
			assert.Equal(t, tt.path, got.path)
			assert.Equal(t, tt.pragmas, got.pragmas)
		})
	}
}

func TestSQLiteFileURI(t *testing.T) {
	assert.Equal(t, "file:///tmp/a%3fb%23c%25d e.db", sqliteFileURI("/tmp/a?b#c%d e.db"))
}

func TestOpen_Postgres(t *testing.T) {
	base := testPostgresURL(t)
	ctx := context.Background()
	db, err := Open(ctx, base, Options{MaxConns: 3})
	require.NoError(t, err)
	defer func() { assert.NoError(t, db.Close()) }()
	assert.Equal(t, Postgres, db.Dialect)
	assert.Same(t, db.Write, db.Read)
	assert.Equal(t, 3, db.Write.Stats().MaxOpenConnections)
	require.NoError(t, db.Ping(ctx))
	var one int
	require.NoError(t, db.Read.NewRaw("SELECT 1").Scan(ctx, &one))
	assert.Equal(t, 1, one)

	// The server's TLS setting decides what prefer and require do.
	var serverSSL string
	require.NoError(t, db.Read.QueryRowContext(ctx, "SHOW ssl").Scan(&serverSSL))
	withSSLMode := func(mode string) string {
		u, err := url.Parse(base)
		require.NoError(t, err)
		q := u.Query()
		q.Set("sslmode", mode)
		u.RawQuery = q.Encode()
		return u.String()
	}
	for _, mode := range []string{"disable", "allow", "prefer", "require"} {
		t.Run("sslmode="+mode, func(t *testing.T) {
			wantTLS := serverSSL == "on" && mode != "disable"
			db, err := Open(ctx, withSSLMode(mode), Options{})
			if mode == "require" && serverSSL != "on" {
				assert.ErrorContains(t, err, "does not accept TLS")
				return
			}
			require.NoError(t, err)
			defer db.Close()
			var ssl bool
			require.NoError(t, db.Read.QueryRowContext(ctx, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").Scan(&ssl))
			assert.Equal(t, wantTLS, ssl, "server ssl=%s", serverSSL)
		})
	}
}

func ExampleOpen() {
	ctx := context.Background()
	db, err := Open(ctx, ":memory:", Options{})
	if err != nil {
		panic(err)
	}
	defer db.Close()

	err = db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.ExecContext(ctx, "CREATE TABLE notes (body TEXT NOT NULL); INSERT INTO notes VALUES ('抵押物已核验')")
		return err
	})
	if err != nil {
		panic(err)
	}
	var body string
	if err := db.Read.NewRaw("SELECT body FROM notes").Scan(ctx, &body); err != nil {
		panic(err)
	}
	fmt.Println(db.Dialect, body)
	// Output: sqlite 抵押物已核验
}
