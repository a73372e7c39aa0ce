package store

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCreateCase_PreparedRowsAsBun: on PostgreSQL a new case's rows go to
// the database as hotCreateCase's JSON parameters. Created so on one
// database and by bun's inserts on another, the case with every part of
// its file filled in has the same rows, column for column, NULLs
// included, in each of the tables a new case writes.
func TestCreateCase_PreparedRowsAsBun(t *testing.T) {
	server := testPostgresURL(t)
	ctx := t.Context()
	prepared, plain := openPostgresTestStore(t, server), openPostgresTestStore(t, server)
	plain.db.writeHot = nil // bun's statements only

	var (
		mu  sync.Mutex
		ran []string
	)
	prepared.db.writeHot.trace = func(query string, _ []any) {
		mu.Lock()
		ran = append(ran, query)
		mu.Unlock()
	}
	for _, st := range []*Store{prepared, plain} {
		c := goldenCase()
		c.Version = 1
		require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))
	}
	assert.Contains(t, ran, hotCreateCase, "the prepared statement created the case")

	id := goldenCase().ID
	for _, tb := range freshTables {
		col := "case_id"
		if tb.Name == "cases" {
			col = "id"
		}
		rows := func(st *Store) []string {
			var out []string
			require.NoError(t, st.db.Write.NewRaw("SELECT row_to_json(t)::text FROM "+string(tb.SQLName)+" t WHERE "+col+" = ? ORDER BY 1", id).
				Scan(ctx, &out))
			return out
		}
		want := rows(plain)
		assert.NotEmpty(t, want, "the golden case has rows in %s", tb.Name)
		assert.Equal(t, want, rows(prepared), "rows of %s", tb.Name)
		if tb.Name == "cases" {
			assert.True(t, strings.Contains(want[0], `"eligible_value":`), "the listing: %s", want[0])
		}
	}
}
