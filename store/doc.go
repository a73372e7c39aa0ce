// Package store keeps Jinzhi's data in a database through bun: Store
// implements duediligence.Store on PostgreSQL (pgdriver) or SQLite (the pure
// Go modernc.org/sqlite, the embedded default), and ContentDir implements
// duediligence.ContentStore on a directory.
//
//	db, err := store.Open(ctx, "jinzhi.db", store.Options{}) // or "postgres://…"
//	st := store.New(db)
//	err = st.Migrate(ctx)
//	svc, err := duediligence.NewService(duediligence.Config{Store: st, Content: files})
//
// A case is one row: its whole file as JSON, beside copies of the fields
// that listing and search use. Every change is one transaction on the
// writer: the case row, checked against the version the change was made
// on, and one audit event hash-chained onto the end of its stream. Queries
// go to the read pool (on SQLite, read-only connections that WAL keeps from
// waiting for the writer).
//
// Migrations are versioned SQL files embedded in the binary, recorded in
// the table jinzhi_migrations.
package store
