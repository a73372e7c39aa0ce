package httpapi_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/store"
)

// TestFrozenReportChanged walks a case to approval, changes one character
// of its frozen report's opinion in the database, and checks that the
// report is not served (an internal error, logged with the reason) and
// that the audit trail no longer verifies, on SQLite and PostgreSQL.
func TestFrozenReportChanged(t *testing.T) {
	for _, backend := range []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "t.db") }},
		{"postgres", postgresURL},
	} {
		t.Run(backend.name, func(t *testing.T) {
			url := backend.url(t)
			e := newEnv(t, func(cfg *envConfig) { cfg.databaseURL = url })
			walkToApproval(t, e)
			page := decode[duediligence.CasePage](t, e.do(t, dm, "GET", "/v1/cases", nil).must(t, http.StatusOK))
			require.Len(t, page.Cases, 1)
			id := page.Cases[0].ID
			e.do(t, dm, "GET", "/v1/cases/"+id+"/report", nil).must(t, http.StatusOK)
			st := e.hooks.Store.(*store.Store)
			ctx := context.Background()
			_, err := duediligence.VerifyAudit(ctx, st, st.AuditKey(), nil)
			require.NoError(t, err)

			db, err := store.Open(ctx, url, store.Options{})
			require.NoError(t, err)
			defer db.Close()
			res, err := db.Write.ExecContext(ctx, `UPDATE case_bodies SET body = replace(body, '同意贷款', '同意贷款。') WHERE case_id = ?`, id)
			require.NoError(t, err)
			n, err := res.RowsAffected()
			require.NoError(t, err)
			require.EqualValues(t, 1, n)

			for _, path := range []string{"/report", ""} {
				r := e.do(t, dm, "GET", "/v1/cases/"+id+path, nil)
				problemOf(t, r, http.StatusInternalServerError, "internal")
				assert.NotContains(t, string(r.body), "同意贷款。", "the changed report is not served")
			}
			logged := e.logs.entries(t, "internal error")
			require.NotEmpty(t, logged)
			assert.Contains(t, logged[len(logged)-1]["error"], "frozen report does not match its hash")
			e.do(t, auditor, "GET", "/v1/cases/"+id+"/events", nil).must(t, http.StatusOK)

			_, err = duediligence.VerifyAudit(ctx, st, st.AuditKey(), nil)
			require.Error(t, err)
			assert.True(t, strings.Contains(err.Error(), "(report)"), err.Error())
		})
	}
}
