package store

import (
	"context"
	"database/sql/driver"
	"embed"
	"errors"
	"io/fs"

	"github.com/uptrace/bun/migrate"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// migrationFiles are the versioned schema changes in SQL, named
// VERSION_NAME.tx.up.sql (and .tx.down.sql): each runs in one transaction.
// Their SQL is the common subset of SQLite and PostgreSQL, and every
// statement is written to be harmless when run again (IF NOT EXISTS), because
// a migration is recorded as applied only after it succeeded.
//
// goMigrations (backfill.go) are the changes that need Go: those that read
// the stored case files, to fill in the tables they add. They follow the
// same rules.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// allMigrations returns the SQL and Go migrations, up to and including the
// one named upTo when it is not empty (tests migrate part of the way, write
// rows as an older version did, and migrate the rest).
func allMigrations(upTo string) (*migrate.Migrations, error) {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	all := migrate.NewMigrations()
	if err := all.Discover(sub); err != nil {
		return nil, err
	}
	for _, m := range goMigrations {
		all.Add(m)
	}
	if upTo == "" {
		return all, nil
	}
	some := migrate.NewMigrations()
	for _, m := range all.Sorted() {
		if m.Name <= upTo {
			some.Add(m)
		}
	}
	return some, nil
}

// Names of the tables in which bun/migrate records what it applied.
const (
	migrationsTable     = "jinzhi_migrations"
	migrationLocksTable = "jinzhi_migration_locks"
)

// migrationLockKey is the PostgreSQL advisory lock that keeps two processes
// (replicas starting together) from migrating at once. Any constant will do;
// this one is "jinzhi" in ASCII.
const migrationLockKey = 0x6a696e7a6869

// Migrate applies the migrations that db has not applied yet, in order, on
// db.Write. It is safe to run again and, on PostgreSQL, from several
// processes at once.
func Migrate(ctx context.Context, db *DB) (err error) {
	defer duediligence.Wrap(&err, "store.Migrate")
	return migrateUpTo(ctx, db, "")
}

// migrateUpTo applies the migrations up to upTo (all when empty).
func migrateUpTo(ctx context.Context, db *DB, upTo string) error {
	ms, err := allMigrations(upTo)
	if err != nil {
		return err
	}
	m := migrate.NewMigrator(db.Write, ms,
		migrate.WithTableName(migrationsTable),
		migrate.WithLocksTableName(migrationLocksTable),
		migrate.WithMarkAppliedOnSuccess(true))

	if db.Dialect == Postgres {
		unlock, err := lockMigrations(ctx, db)
		if err != nil {
			return err
		}
		defer unlock()
	}
	// SQLite takes no lock: its file belongs to one server, and the
	// migrations' IF NOT EXISTS makes a second run harmless.
	if err := m.Init(ctx); err != nil {
		return err
	}
	if _, err = m.Migrate(ctx); err != nil || upTo != "" {
		// Part of the way (tests): the schema is older than the rows
		// the rebuild writes, which waits for the last migration.
		return err
	}
	return reindexIfRequested(ctx, db)
}

// Migrate applies the pending migrations to the store's database; see the
// function Migrate. The migrations that sign the audit trail sign with the
// store's key, which the function Migrate does not have.
func (s *Store) Migrate(ctx context.Context) error {
	return Migrate(withMigrationKey(ctx, s.key), s.db)
}

// lockMigrations takes the PostgreSQL advisory lock that keeps other
// processes from migrating until unlock is called. bun/migrate's own lock is
// a row that a crashed process would leave behind, locking out every later
// start; an advisory lock ends with its session.
func lockMigrations(ctx context.Context, db *DB) (unlock func(), err error) {
	if db.Write.Stats().MaxOpenConnections == 1 {
		// The lock holds a connection while the migrations need another.
		return nil, errors.New("migrating PostgreSQL needs a pool of at least 2 connections")
	}
	conn, err := db.Write.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(?)", migrationLockKey); err != nil {
		conn.Close()
		return nil, err
	}
	return func() {
		// Unlock even when ctx has ended.
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(?)", migrationLockKey); err != nil {
			// End the session, and with it the lock, rather than give the
			// connection back to the pool still locked: the pool discards
			// a connection whose Raw returns ErrBadConn.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}, nil
}
