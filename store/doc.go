// Package store keeps Jinzhi's data in a database through bun: Store
// implements duediligence.Store on PostgreSQL (pgdriver) or SQLite (the pure
// Go modernc.org/sqlite, the embedded default), and ContentDir implements
// duediligence.ContentStore on a directory.
//
//	db, err := store.Open(ctx, "jinzhi.db", store.Options{}) // or "postgres://…"
//	key, err := duediligence.ParseAuditKey(os.Getenv("JINZHI_AUDIT_KEY"))
//	st := store.New(db, store.WithAuditKey(key)) // the key signs the audit trail
//	err = st.Migrate(ctx)
//	svc, err := duediligence.NewService(duediligence.Config{Store: st, Content: files})
//
// Store's noun stores (Cases, Events, Users, Ledger, Indexes) read from the
// read pool (on SQLite, read-only connections that WAL keeps from waiting
// for the writer); Store.WithTx runs a unit of work as one transaction on
// the writer, and runs it again when an audit event it appends loses its
// sequence number to a concurrent one.
//
// Each event appended rewrites its stream's checkpoint in the same
// transaction, signed with the audit key (audit.go); an event that changes a
// case records the hash of the rows written.
//
// A case is stored as its listing (the table cases: what lists, searches
// and the ledger show, in columns, and the version that orders changes),
// its file (case_bodies: one JSON document in the store's own format, with
// its schema_version, read through an upgrade chain; see format.go) and its
// index rows (case_members, case_ngrams, case_collateral, case_parties),
// all written in the unit of work that changes it, the index rows by
// difference. Lists and searches read listings along indexes only, never a
// case file (search.go).
//
// Migrations are versioned SQL files embedded in the binary and Go
// functions (backfill.go) for those that fill new tables from the stored
// case files, recorded in the table jinzhi_migrations. Constraint
// violations are read from the drivers' codes (SQLSTATE and constraint
// name, SQLite extended result codes), never from their messages.
package store
