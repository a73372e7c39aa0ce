package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestClientFile follows a borrower to its client file: after
// disbursement it shows the borrower's roles (borrower, and owner of the
// mortgaged flat), the case, and the loan outstanding; a department
// manager's read is on the case's record; another account manager does not
// learn the client exists; finance may not look a person up by resident ID.
func TestClientFile(t *testing.T) { testClientFile(t, newEnv(t, withLender)) }

// TestClientFilePostgres is TestClientFile on PostgreSQL.
func TestClientFilePostgres(t *testing.T) {
	testClientFile(t, newEnv(t, withLender, func(cfg *envConfig) { cfg.databaseURL = postgresURL(t) }))
}

func testClientFile(t *testing.T, e *env) {
	w := readyToDisburse(t, e)
	e.do(t, finance, "POST", w.base+"/disbursement", `{"amount":"450000.00","account":"6222020200112233445"}`, "Idempotency-Key", "pay-1").must(t, http.StatusCreated)
	const key = "360426199101010071" // the borrower of goodBody, owner of borrowerHouse

	cl := decode[duediligence.Client](t, e.do(t, dm, "GET", "/v1/clients/"+key, nil).must(t, http.StatusOK))
	assert.Equal(t, key, cl.Key)
	assert.Equal(t, duediligence.Person, cl.Kind)
	assert.Equal(t, "王五", cl.Name)
	assert.Equal(t, []duediligence.ClientRole{duediligence.ClientBorrower, duediligence.ClientMortgagor}, cl.Roles)
	require.NotEmpty(t, cl.Cases)
	assert.Equal(t, duediligence.StageDisbursed, cl.Cases[0].Stage)
	assert.Equal(t, "2026-000001", cl.Cases[0].LedgerNumber)
	require.Len(t, cl.Loans, 1)
	assert.Equal(t, "2026-000001-JK", cl.Loans[0].ContractNumber)
	assert.Equal(t, "450000.00", cl.Loans[0].Outstanding.String(), "nothing repaid yet")
	assert.Equal(t, "450000.00", cl.Outstanding.String())

	evs := decode[struct{ Events []duediligence.Event }](t, e.do(t, auditor, "GET", w.base+"/events", nil).must(t, http.StatusOK)).Events
	var viewed int
	for _, ev := range evs {
		if ev.Action == "client.viewed" {
			viewed++
			assert.Equal(t, e.users[dm].ID, ev.ActorID)
		}
	}
	assert.Equal(t, 1, viewed, "the department manager's read of the client file is on the case's record")

	// Lower case is the same key; the owner reads it unrecorded.
	mine := decode[duediligence.Client](t, e.do(t, am, "GET", "/v1/clients/360426199101010071", nil).must(t, http.StatusOK))
	assert.Equal(t, cl.Cases, mine.Cases)
	problemOf(t, e.do(t, am2, "GET", "/v1/clients/"+key, nil), http.StatusNotFound, "not_found")
	p := problemOf(t, e.do(t, finance, "GET", "/v1/clients/"+key, nil), http.StatusForbidden, "forbidden")
	assert.Contains(t, p.Detail, "身份证号码")
	problemOf(t, e.do(t, dm, "GET", "/v1/clients/110105198001010016", nil), http.StatusNotFound, "not_found")
	problemOf(t, e.do(t, dm, "GET", "/v1/clients/36042619910101007", nil), http.StatusNotFound, "not_found")
}
