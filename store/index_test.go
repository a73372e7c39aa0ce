package store

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// statements records the statements a DB runs.
type statements struct {
	mu  sync.Mutex
	all []string
}

func (s *statements) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }

func (s *statements) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.all = append(s.all, e.Query)
}

// writes returns the recorded statements that change one of tables, and
// forgets what was recorded.
func (s *statements) writes(tables ...string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, q := range s.all {
		verb, _, _ := strings.Cut(strings.TrimSpace(q), " ")
		if strings.EqualFold(verb, "SELECT") {
			continue
		}
		for _, t := range tables {
			if strings.Contains(q, `"`+t+`"`) || strings.Contains(q, " "+t+" ") {
				out = append(out, q)
				break
			}
		}
	}
	s.all = nil
	return out
}

// testIndexWrites checks that a change rewrites only the index rows it
// changes.
func testIndexWrites(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	rec := &statements{}
	st.hook(rec, true)
	indexes := []string{"case_members", "case_ngrams", "case_collateral", "case_parties"}

	c := testCase(t, "am-1", "张三丰")
	c.Collateral = []duediligence.CollateralItem{testItem("item-1", "皖(2019)长丰县不动产权第0000001号", "")}
	require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))
	created := rec.writes(indexes...)
	for _, ix := range indexes {
		// One insert each; on PostgreSQL all in the create's one statement.
		assert.Equal(t, 1, strings.Count(strings.Join(created, "\n"), `INSERT INTO "`+ix+`"`), "one insert into %s", ix)
	}

	// On PostgreSQL the sync is one statement whatever it changes
	// (hotSyncIndexes): there the rows it wrote are those whose version
	// (xmin) is new, and those gone.
	pg := st.db.Dialect == Postgres
	before := rowVersions(t, st, c.ID, indexes)
	changed := func() (written, deleted []string) {
		after := rowVersions(t, st, c.ID, indexes)
		for row, x := range after {
			if before[row] != x {
				written = append(written, row)
			}
		}
		for row := range before {
			if _, ok := after[row]; !ok {
				deleted = append(deleted, row)
			}
		}
		before = after
		return written, deleted
	}

	u := *c
	u.Version = 2
	u.Findings = append(u.Findings, duediligence.Finding{ID: "f-2", Topic: duediligence.TopicOther, Evidence: []string{}})
	require.NoError(t, st.updateCase(ctx, &u, 1, testEvent(c.ID, "finding.added")))
	if pg {
		written, deleted := changed()
		assert.Empty(t, append(written, deleted...), "a finding changes no index row")
	} else {
		assert.Empty(t, rec.writes(indexes...), "a finding changes no index")
	}

	v := u
	v.Version = 3
	v.Applicant.Name = "张三"
	require.NoError(t, st.updateCase(ctx, &v, 2, testEvent(c.ID, "case.updated")))
	if pg {
		written, deleted := changed()
		require.Len(t, written, 1, "the party renamed in the client file's index, in place: %q", written)
		assert.Contains(t, written[0], `case_parties {"case_id"`)
		assert.Contains(t, written[0], `"name":"张三"`)
		assert.Len(t, deleted, 3, "the grams 三丰 and 丰 it no longer has, and the party row as it was: %q", deleted)
	} else {
		got := rec.writes(indexes...)
		require.Len(t, got, 3, "a new name drops the grams it no longer has and renames the party in the client file's index: %q", got)
		assert.Contains(t, got[0], "DELETE FROM \"case_ngrams\"")
		assert.Contains(t, got[1], "DELETE FROM \"case_parties\"")
		assert.Contains(t, got[2], "INSERT INTO \"case_parties\"")
	}
	page, err := st.Cases().FindCases(ctx, duediligence.CaseFilter{Query: "三丰"})
	require.NoError(t, err)
	assert.Empty(t, page.Cases)
	page, err = st.Cases().FindCases(ctx, duediligence.CaseFilter{Query: "张三"})
	require.NoError(t, err)
	assert.Len(t, page.Cases, 1)

	w := v
	w.Version = 4
	w.Stage = duediligence.StageSubmitted
	require.NoError(t, st.updateCase(ctx, &w, 3, testEvent(c.ID, "case.transitioned")))
	if pg {
		written, _ := changed()
		require.Len(t, written, 1, "a new stage rewrites the member row and nothing else: %q", written)
		assert.Contains(t, written[0], `case_members {"member":"am-1"`)
	} else {
		assert.Len(t, rec.writes(indexes...), 2, "a new stage rewrites the member row (a delete and an insert) and nothing else")
	}
	page, err = st.Cases().FindCases(ctx, duediligence.CaseFilter{Member: "am-1", Stage: duediligence.StageSubmitted})
	require.NoError(t, err)
	assert.Len(t, page.Cases, 1)
}

// rowVersions are a case's rows in tables, as "table row-json", each with
// the transaction that wrote its version (xmin), on PostgreSQL.
func rowVersions(t *testing.T, st *Store, caseID string, tables []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	if st.db.Dialect != Postgres {
		return out
	}
	for _, tb := range tables {
		var rows []struct {
			Row  string `bun:"row"`
			Xmin string `bun:"xmin"`
		}
		require.NoError(t, st.db.Write.NewRaw("SELECT row_to_json(t)::text AS row, t.xmin::text AS xmin FROM "+tb+" t WHERE case_id = ?", caseID).
			Scan(t.Context(), &rows))
		for _, r := range rows {
			out[tb+" "+r.Row] = r.Xmin
		}
	}
	return out
}
