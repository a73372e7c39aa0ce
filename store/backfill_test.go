package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestMigrate_Backfill writes cases as the store did before its own format
// (rows of the first schema, with the case file in cases.body), migrates as
// an upgraded server would, and checks that every index sees them.
func TestMigrate_Backfill(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testBackfill(t, openSQLiteTestDB(t)) })
	t.Run("postgres", func(t *testing.T) { testBackfill(t, openPostgresTestDB(t, testPostgresURL(t))) })
}

func openSQLiteTestDB(t *testing.T) *DB {
	t.Helper()
	db, _ := openTestSQLite(t, Options{})
	return db
}

func openPostgresTestDB(t *testing.T, server string) *DB {
	t.Helper()
	db, err := Open(t.Context(), newPostgresTestDatabase(t, server), Options{})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, db.Close()) })
	return db
}

func testBackfill(t *testing.T, db *DB) {
	ctx := t.Context()
	// Case a, stored before case_collateral and case_parties existed, from
	// the version 1 fixture; case old from the code that also stored what
	// it derived.
	require.NoError(t, migrateUpTo(ctx, db, "20261127000001"))
	a := goldenV1()
	insertV1(t, db, readFixture(t, "case.v1.json"))
	insertV1(t, db, readFixture(t, "case.v1-derived.json"))
	require.NoError(t, migrateUpTo(ctx, db, "20261127000004"))

	// What the old migrations left: no collateral, the applicant alone.
	var n int
	require.NoError(t, db.Read.NewSelect().Table("case_collateral").ColumnExpr("count(*)").Scan(ctx, &n))
	assert.Zero(t, n, "case_collateral was added with no backfill")
	require.NoError(t, db.Read.NewSelect().Table("case_parties").ColumnExpr("count(*)").Where("case_id = ?", a.ID).Scan(ctx, &n))
	assert.Equal(t, 1, n, "case_parties held only the applicant")

	require.NoError(t, Migrate(ctx, db))
	st := New(db)

	// b is stored now: 孙七, a's guarantor, borrows, a's borrower 张三
	// guarantees, and the same flat is offered.
	b := testCase(t, "am-3", "孙七")
	b.Applicant = duediligence.Party{Kind: duediligence.Person, Name: "孙七", IDNumber: "110105194912310029"}
	b.CoBorrowers = []duediligence.Party{}
	b.Guarantees = []duediligence.Guarantee{testGuarantee("g-b", duediligence.Party{Kind: duediligence.Person, Name: "张三", IDNumber: "11010519491231002X"})}
	b.Collateral = []duediligence.CollateralItem{testItem("item-b", "皖（2019）长丰县不动产权第0000001号", "")}
	require.NoError(t, st.createCase(ctx, b, testEvent(b.ID, "case.created")))

	t.Run("the old case reads back", func(t *testing.T) {
		got, err := st.Cases().FindCaseByID(ctx, a.ID)
		require.NoError(t, err)
		assert.Equal(t, a, got)
	})
	t.Run("shared collateral", func(t *testing.T) {
		exp, err := st.Indexes().FindCollateralExposure(ctx, b.ID, []string{b.Collateral[0].TitleNumber}, nil)
		require.NoError(t, err)
		require.NotEmpty(t, exp)
		assert.Equal(t, a.ID, exp[0].CaseID)
		assert.Equal(t, "item-1", exp[0].ItemID)
		assert.Equal(t, "2026-000123", exp[0].LedgerNumber)
	})
	t.Run("mutual guarantee", func(t *testing.T) {
		links, err := st.Indexes().FindPartyLinks(ctx, b.ID, []string{"110105194912310029", "11010519491231002X"})
		require.NoError(t, err)
		var got []string
		for _, l := range links {
			if l.CaseID == a.ID {
				got = append(got, string(l.Role)+" "+l.PartyKey)
			}
		}
		assert.ElementsMatch(t, []string{"borrower 11010519491231002X", "guarantor 110105194912310029"}, got,
			"a's guarantor is indexed although a has not changed since")
		links, err = st.Indexes().FindPartyLinks(ctx, b.ID, []string{"91350100M000100Y43"})
		require.NoError(t, err)
		var roles []string
		for _, l := range links {
			if l.CaseID == a.ID {
				roles = append(roles, string(l.Role))
			}
		}
		assert.ElementsMatch(t, []string{"borrower", "guarantor"}, roles, "a's co-borrower and corporate guarantor")
	})
	t.Run("lists", func(t *testing.T) {
		for _, f := range []duediligence.CaseFilter{
			{Member: "am-2"}, // a's co-investigator
			{Member: "am-1", Stage: duediligence.StageSubmitted},
			{Query: "张三"},
			{Query: "张"},
			{Query: "11010519491231002x"},
			{Query: "2026-000123"},
			{Owner: "am-1"},
		} {
			page, err := st.Cases().FindCases(ctx, f)
			require.NoError(t, err)
			i := indexOf(page.Cases, a.ID)
			if assert.GreaterOrEqual(t, i, 0, "%+v", f) {
				assert.Equal(t, a.Summary(), page.Cases[i], "%+v: the listing columns were backfilled", f)
			}
		}
	})
	t.Run("ledger", func(t *testing.T) {
		ledger, err := st.ledger(ctx, duediligence.LedgerFilter{Year: 2026})
		require.NoError(t, err)
		require.Len(t, ledger, 1)
		want := a.Listing()
		assert.Equal(t, want, ledger[0])
		assert.Nil(t, ledger[0].EligibleValue, "the store does not value collateral; the next change does")
	})
	t.Run("upgraded on the next change", func(t *testing.T) {
		var version int
		require.NoError(t, db.Read.NewSelect().Table("case_bodies").Column("schema_version").Where("case_id = ?", a.ID).Scan(ctx, &version))
		assert.Equal(t, 1, version)
		u := goldenCase()
		u.Version = 2
		require.NoError(t, st.updateCase(ctx, u, 1, testEvent(a.ID, "case.updated")))
		require.NoError(t, db.Read.NewSelect().Table("case_bodies").Column("schema_version").Where("case_id = ?", a.ID).Scan(ctx, &version))
		assert.Equal(t, schemaVersion, version)
	})
	t.Run("again", func(t *testing.T) {
		require.NoError(t, db.Write.RunInTx(ctx, nil, migrateListings), "the migration does no harm when run again")
		page, err := st.Cases().FindCases(ctx, duediligence.CaseFilter{Query: "孙七"})
		require.NoError(t, err)
		assert.Len(t, page.Cases, 1)
	})
}

// insertV1 writes a case file of format version 1 as the first schema
// stored it, columns and all.
func insertV1(t *testing.T, db *DB, body []byte) {
	t.Helper()
	var c struct {
		ID           string `json:"id"`
		Version      int    `json:"version"`
		Stage        string `json:"stage"`
		Owner        string `json:"owner"`
		LedgerNumber string `json:"ledger_number"`
		CreatedAt    string `json:"created_at"`
		UpdatedAt    string `json:"updated_at"`
		Applicant    struct {
			Name     string `json:"name"`
			IDNumber string `json:"id_number"`
		} `json:"applicant"`
	}
	require.NoError(t, json.Unmarshal(body, &c))
	var key, ledger any
	if c.Applicant.IDNumber != "" {
		key = c.Applicant.IDNumber
	}
	if c.LedgerNumber != "" {
		ledger = c.LedgerNumber
	}
	_, err := db.Write.ExecContext(context.Background(), `INSERT INTO cases
		(id, version, stage, owner, applicant_name, applicant_name_lc, applicant_key, ledger_number, created_at, updated_at, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Version, c.Stage, c.Owner, c.Applicant.Name, strings.ToLower(c.Applicant.Name), key, ledger,
		c.CreatedAt, c.UpdatedAt, string(body))
	require.NoError(t, err)
}

func indexOf(cases []duediligence.CaseSummary, id string) int {
	for i, c := range cases {
		if c.ID == id {
			return i
		}
	}
	return -1
}
