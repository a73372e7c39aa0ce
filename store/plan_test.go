package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// TestQueryPlans runs every kind of list and search and asks each database
// how it runs the statements they send: none may read a table through
// (only an unfiltered list may walk an index in order, stopping at the
// page). On PostgreSQL sequential scans are disabled, so that a plan shows
// one only where no index can serve, however few the rows.
func TestQueryPlans(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testQueryPlans(t, openSQLiteTestStore(t)) })
	t.Run("postgres", func(t *testing.T) { testQueryPlans(t, openPostgresTestStore(t, testPostgresURL(t))) })
}

// recorder keeps the SELECTs a DB runs while on.
type recorder struct {
	mu      sync.Mutex
	on      bool
	queries []string
}

func (r *recorder) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }

func (r *recorder) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on && strings.HasPrefix(strings.TrimSpace(e.Query), "SELECT") {
		r.queries = append(r.queries, e.Query)
	}
}

func (r *recorder) record(fn func()) []string {
	r.mu.Lock()
	r.on, r.queries = true, nil
	r.mu.Unlock()
	fn()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = false
	return r.queries
}

func testQueryPlans(t *testing.T, st *Store) {
	ctx := t.Context()
	// Enough cases for the planners to prefer what they would at scale.
	seedBulk(t, st, 3000)
	for i := range 20 {
		c := testCase(t, fmt.Sprintf("am-%d", i%4), "王五丰")
		c.Collateral = []duediligence.CollateralItem{testItem("item", fmt.Sprintf("皖(2019)长丰县不动产权第%07d号", i), "")}
		require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))
	}
	analyze(t, st)

	rec := &recorder{}
	st.hook(rec, false)
	after := duediligence.UUIDv7{}.NewID()
	lists := []struct {
		name string
		f    duediligence.CaseFilter
	}{
		{"stage", duediligence.CaseFilter{Stage: duediligence.StageSubmitted}},
		{"owner", duediligence.CaseFilter{Owner: benchOwn}},
		{"owner and stage", duediligence.CaseFilter{Owner: benchOwn, Stage: duediligence.StageSubmitted}},
		{"member", duediligence.CaseFilter{Member: benchOwn}},
		{"member and stage", duediligence.CaseFilter{Member: benchOwn, Stage: duediligence.StageInvestigation}},
		{"member, next page", duediligence.CaseFilter{Member: benchOwn, After: after}},
		{"name of one character", duediligence.CaseFilter{Query: "张"}},
		{"name of two characters", duediligence.CaseFilter{Query: benchMatch}},
		{"name of two characters, none", duediligence.CaseFilter{Query: benchNoMatch}},
		{"name of three characters", duediligence.CaseFilter{Query: "王五丰"}},
		{"name, member's", duediligence.CaseFilter{Query: benchMatch, Member: benchOwn}},
		{"name and stage", duediligence.CaseFilter{Query: benchMatch, Stage: duediligence.StageSubmitted}},
		{"latin name", duediligence.CaseFilter{Query: "zhang s"}},
		{"resident ID", duediligence.CaseFilter{Query: benchID(7)}},
		{"ledger number", duediligence.CaseFilter{Query: duediligence.FormatLedgerNumber(2026, 5)}},
		{"next page of a search", duediligence.CaseFilter{Query: benchMatch, After: after}},
	}
	check := func(t *testing.T, allow planAllowance, run func() error) {
		t.Helper()
		queries := rec.record(func() { require.NoError(t, run()) })
		require.NotEmpty(t, queries)
		for _, q := range queries {
			if st.db.Dialect == Postgres {
				checkPostgresPlan(t, st.db, q, allow)
			} else {
				checkSQLitePlan(t, st.db, q, allow)
			}
		}
	}
	t.Run("all cases", func(t *testing.T) {
		check(t, orderedWalk, func() error { _, err := st.Cases().FindCases(ctx, duediligence.CaseFilter{}); return err })
	})
	for _, tt := range lists {
		t.Run(tt.name, func(t *testing.T) {
			check(t, 0, func() error { _, err := st.Cases().FindCases(ctx, tt.f); return err })
		})
	}
	t.Run("ledger", func(t *testing.T) {
		check(t, 0, func() error { _, err := st.ledger(ctx, duediligence.LedgerFilter{Year: 2026}); return err })
		check(t, 0, func() error {
			_, err := st.ledger(ctx, duediligence.LedgerFilter{Year: 2026, Member: benchOwn})
			return err
		})
	})
	t.Run("case", func(t *testing.T) {
		page, err := st.Cases().FindCases(ctx, duediligence.CaseFilter{Limit: 1})
		require.NoError(t, err)
		check(t, 0, func() error { _, err := st.Cases().FindCaseByID(ctx, page.Cases[0].ID); return err })
	})
	t.Run("indexes", func(t *testing.T) {
		// The rules' lookups sort what the index found: a few rows.
		check(t, sortFound, func() error {
			_, err := st.Indexes().FindCollateralExposure(ctx, after, []string{"皖(2019)长丰县不动产权第0000001号"}, []string{"340121261006GB00014F00220045"})
			return err
		})
		check(t, sortFound, func() error {
			_, err := st.Indexes().FindPartyLinks(ctx, after, []string{benchID(7)})
			return err
		})
	})
	t.Run("client file", func(t *testing.T) {
		check(t, sortFound, func() error {
			_, err := st.Clients().FindClientCases(ctx, benchID(7), "", 201)
			return err
		})
		check(t, sortFound, func() error {
			_, err := st.Clients().FindClientCases(ctx, benchID(7), benchOwn, 201)
			return err
		})
		check(t, sortFound, func() error {
			_, err := st.Clients().FindClientLoans(ctx, []string{after}, money.MustDate("2026-12-04"))
			return err
		})
		check(t, sortFound, func() error {
			_, err := st.Clients().FindPartyHistory(ctx, after, []string{benchID(7), benchID(8)}, money.MustDate("2026-12-04"), 201)
			return err
		})
		check(t, sortFound, func() error {
			_, err := st.Clients().FindPartyRelations(ctx, []string{benchID(7)})
			return err
		})
		check(t, sortFound, func() error {
			_, err := st.Clients().FindClientVisits(ctx, []string{after})
			return err
		})
		check(t, sortFound, func() error {
			_, err := st.Clients().FindClientConsultations(ctx, []string{after})
			return err
		})
		for _, member := range []string{"", benchOwn} {
			check(t, sortFound, func() error {
				_, err := st.Clients().FindClientsByName(ctx, "王五丰", member, 0, 21)
				return err
			})
		}
	})
}

// planAllowance is what a plan may do besides looking rows up by index.
type planAllowance int

const (
	// orderedWalk: walk an index from one end, in the order asked for, to
	// stop at the page (a list of everything).
	orderedWalk planAllowance = 1 << iota
	// sortFound: sort the rows an index lookup found.
	sortFound
)

// checkSQLitePlan fails when SQLite would scan a table for q, or sort its
// rows, unless allowed.
func checkSQLitePlan(t *testing.T, db *DB, q string, allow planAllowance) {
	t.Helper()
	rows, err := db.Read.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+q)
	require.NoError(t, err)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
		plan = append(plan, detail)
	}
	require.NoError(t, rows.Err())
	subqueries := map[string]bool{} // "SCAN p" of a subquery p reads no table
	for _, step := range plan {
		for _, kind := range []string{"CO-ROUTINE ", "MATERIALIZE "} {
			if name, ok := strings.CutPrefix(step, kind); ok {
				subqueries[name] = true
			}
		}
	}
	for _, step := range plan {
		bad := strings.Contains(step, "TEMP B-TREE") && allow&sortFound == 0
		if name, ok := strings.CutPrefix(step, "SCAN "); ok && !subqueries[name] {
			bad = bad || allow&orderedWalk == 0 || !strings.Contains(step, "USING ")
		}
		if bad {
			t.Errorf("SQLite scans or sorts (%s) for\n%s\nplan:\n  %s", step, q, strings.Join(plan, "\n  "))
		}
	}
}

// checkPostgresPlan fails when PostgreSQL would read a table for q: a
// sequential scan, or an index scan with no condition on the index (unless
// allowed to walk one in order).
func checkPostgresPlan(t *testing.T, db *DB, q string, allow planAllowance) {
	t.Helper()
	var raw string
	err := db.Write.RunInTx(t.Context(), nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "EXPLAIN (FORMAT JSON) "+q).Scan(&raw)
	})
	require.NoError(t, err)
	var plans []struct {
		Plan pgPlan `json:"Plan"`
	}
	require.NoError(t, json.Unmarshal([]byte(raw), &plans))
	require.Len(t, plans, 1)
	var walk func(n pgPlan)
	walk = func(n pgPlan) {
		switch n.NodeType {
		case "Seq Scan":
			t.Errorf("PostgreSQL reads %s whole for\n%s\nplan: %s", n.Relation, q, raw)
		case "Index Scan", "Index Only Scan":
			if n.IndexCond == "" && allow&orderedWalk == 0 {
				t.Errorf("PostgreSQL walks all of %s (%s) for\n%s\nplan: %s", n.IndexName, n.Relation, q, raw)
			}
		}
		for _, c := range n.Plans {
			walk(c)
		}
	}
	walk(plans[0].Plan)
}

type pgPlan struct {
	NodeType  string   `json:"Node Type"`
	Relation  string   `json:"Relation Name"`
	IndexName string   `json:"Index Name"`
	IndexCond string   `json:"Index Cond"`
	Plans     []pgPlan `json:"Plans"`
}
