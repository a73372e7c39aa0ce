package store

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
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

// TestUpdateCase_PreparedAsBun: on PostgreSQL a change is stored by
// hotUpdateCase in one statement. The same changes made on one database
// through it and on another by bun's updates and index reads, deletes and
// inserts (syncRows) leave the same rows in every table a case has (its
// listing, its file, its indexes) after each change: a stage moved (members' stage updated), a co-investigator added
// and dropped, the applicant renamed (n-grams), collateral numbers changed
// and an item dropped, a co-borrower dropped (parties and relations), and
// a change that touches no index.
func TestUpdateCase_PreparedAsBun(t *testing.T) {
	server := testPostgresURL(t)
	ctx := t.Context()
	prepared, plain := openPostgresTestStore(t, server), openPostgresTestStore(t, server)
	plain.db.writeHot = nil
	var (
		mu  sync.Mutex
		ran int
	)
	prepared.db.writeHot.trace = func(query string, _ []any) {
		if query == hotUpdateCase {
			mu.Lock()
			ran++
			mu.Unlock()
		}
	}
	changes := []struct {
		name   string
		change func(c *duediligence.Case)
	}{
		{"stage", func(c *duediligence.Case) { c.Stage = duediligence.StageApproved }},
		{"co-investigator added", func(c *duediligence.Case) {
			c.CoInvestigators = append(c.CoInvestigators, duediligence.CoInvestigator{ID: "am-9", Name: "孙七"})
		}},
		{"renamed", func(c *duediligence.Case) { c.Applicant.Name = "张三丰" }},
		{"collateral", func(c *duediligence.Case) {
			require.NotEmpty(t, c.Collateral)
			c.Collateral[0].UnitNumber = "2-1-1002"
			c.Collateral = c.Collateral[:1]
		}},
		{"co-borrower dropped", func(c *duediligence.Case) { c.CoBorrowers = nil }},
		{"co-investigator dropped", func(c *duediligence.Case) { c.CoInvestigators = nil }},
		{"nothing indexed", func(c *duediligence.Case) { c.Request.Purpose = "备货及支付货款" }},
	}
	for _, st := range []*Store{prepared, plain} {
		c := goldenCase()
		require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))
	}
	id := goldenCase().ID
	rows := func(st *Store, table string) []string {
		col := "case_id"
		if strings.Trim(table, `"`) == "cases" {
			col = "id"
		}
		var out []string
		require.NoError(t, st.db.Write.NewRaw("SELECT row_to_json(t)::text FROM "+table+" t WHERE "+col+" = ? ORDER BY 1", id).Scan(ctx, &out))
		return out
	}
	for _, ch := range changes {
		for _, st := range []*Store{prepared, plain} {
			c, err := st.Cases().FindCaseByID(ctx, id)
			require.NoError(t, err)
			read := c.Version
			ch.change(c)
			c.Version = read + 1
			ev := testEvent(id, "case.changed")
			ev.CaseVersion = c.Version
			require.NoError(t, st.updateCase(ctx, c, read, ev), ch.name)
		}
		for _, tb := range freshTables {
			assert.Equal(t, rows(plain, string(tb.SQLName)), rows(prepared, string(tb.SQLName)), "%s: rows of %s", ch.name, tb.Name)
		}
	}
	assert.Equal(t, len(changes), ran, "each change stored by the prepared statement")
	stale := goldenCase()
	stale.Version = 2
	err := prepared.updateCase(ctx, stale, 1, testEvent(id, "case.changed"))
	assert.ErrorIs(t, err, duediligence.ErrStale, "a change on an old version")
	assert.Equal(t, rows(plain, "case_bodies"), rows(prepared, "case_bodies"), "the stale change wrote nothing")
	assert.Equal(t, rows(plain, "case_members"), rows(prepared, "case_members"), "nor any index")
	var members []string
	require.NoError(t, prepared.db.Write.NewRaw("SELECT member || ':' || stage FROM case_members WHERE case_id = ? ORDER BY 1", id).Scan(ctx, &members))
	assert.Equal(t, []string{"am-1:approved"}, members, "the stage moved in place, the co-investigator gone")
}

// FuzzAppendJSONString: the JSON string appendJSONString writes decodes to
// what json.Marshal's decodes to, for any string, valid UTF-8 or not.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "张三", `{"a":"b\"c"}`, "\x00\x1f\t\n\r\\", "<&>\u2028\u2029", "\xff\xfe 半\xe5\x8d", "\U0001F600"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ours := appendJSONString([]byte("x"), s)[1:]
		require.True(t, json.Valid(ours), "%q gives %s", s, ours)
		want, err := json.Marshal(s)
		require.NoError(t, err)
		var got, wanted string
		require.NoError(t, json.Unmarshal(ours, &got))
		require.NoError(t, json.Unmarshal(want, &wanted))
		require.Equal(t, wanted, got)
	})
}
