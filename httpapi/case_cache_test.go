package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestCaseCache_SameAnswers: a server that answers reads of a case by ID
// from its cache (of the JSON it answered, checked against the stored case
// in the read's statement) answers every role byte for byte what a server
// without it answers — the whole file to the owner and the roles that see
// resident IDs, masked to the others, 404 to another account manager — and
// a change written through another server is answered at once, to every
// role, with the new version.
func TestCaseCache_SameAnswers(t *testing.T) {
	url := postgresURL(t)
	// ref reads through a store the service cannot read tags from (the
	// test's hooks), so it answers every read by decoding and encoding the
	// case, as before the cache; cached and writer read the store itself.
	ref := newEnv(t, func(cfg *envConfig) { cfg.databaseURL = url })
	cached := ref.replica(t, url)
	writer := ref.replica(t, url)

	person := ref.newWalk(t, personBody)
	org := ref.newWalk(t, orgBody)
	readers := []string{am, am2, dm, risk, gm, finance, auditor, admin}

	// same reads each case as each role through both servers, three times
	// through the cached one: the first read may authenticate the token
	// (and so not use the cache), the second fills the cache, the third is
	// answered from it.
	same := func(t *testing.T, when string) {
		t.Helper()
		for _, w := range []*walk{person, org} {
			for _, who := range readers {
				want := ref.do(t, who, "GET", w.base, nil)
				for i := range 3 {
					got := cached.do(t, who, "GET", w.base, nil)
					require.Equal(t, want.status, got.status, "%s: %s reading %s, read %d", when, who, w.id, i+1)
					if want.status != http.StatusOK {
						// A problem names its request; the rest is the same.
						wp, gp := decode[map[string]any](t, want), decode[map[string]any](t, got)
						delete(wp, "request_id")
						delete(gp, "request_id")
						assert.Equal(t, wp, gp, "%s: %s reading %s, read %d", when, who, w.id, i+1)
						continue
					}
					assert.Equal(t, string(want.body), string(got.body), "%s: %s reading %s, read %d", when, who, w.id, i+1)
					assert.Equal(t, want.header.Get("ETag"), got.header.Get("ETag"), "%s: %s reading %s, read %d", when, who, w.id, i+1)
					assert.Equal(t, want.header.Get("Content-Type"), got.header.Get("Content-Type"))
					assert.Equal(t, want.header.Get("Content-Length"), got.header.Get("Content-Length"))
				}
			}
		}
	}
	same(t, "as created")
	whole := decode[duediligence.Case](t, cached.do(t, am, "GET", person.base, nil))
	masked := decode[duediligence.Case](t, cached.do(t, finance, "GET", person.base, nil))
	require.Equal(t, "11010519491231002X", whole.Applicant.IDNumber, "the owner reads the resident ID whole")
	require.NotEqual(t, whole.Applicant.IDNumber, masked.Applicant.IDNumber, "finance reads it masked")

	// Changes written through the other server: the cached server answers
	// them on the next read, of every role.
	person.e = writer
	person.write(t, am, "PATCH", "", `{"request":{"amount":"400000.00","term_months":36,"purpose":"采购原材料","purpose_category":"business_operation","repayment_method":"equal_installment","annual_rate":"0.0850","repayment_source":"经营收入"}}`, http.StatusOK)
	got := cached.do(t, am, "GET", person.base, nil).must(t, http.StatusOK)
	assert.Equal(t, person.etag, got.header.Get("ETag"), "the version written through the other server, at once")
	assert.Equal(t, "400000.00", decode[duediligence.Case](t, got).Request.Amount.String())
	// The other account manager becomes a co-investigator: the case the
	// cached server refused them is now theirs to read, whole.
	person.write(t, dm, "POST", "/co-investigators", `{"user_id":"`+ref.users[am2].ID+`"}`, http.StatusOK)
	c := decode[duediligence.Case](t, cached.do(t, am2, "GET", person.base, nil).must(t, http.StatusOK))
	assert.Equal(t, "11010519491231002X", c.Applicant.IDNumber, "a co-investigator reads the resident ID whole")
	org.e = writer
	org.write(t, am, "POST", "/findings", map[string]any{"topic": "operations", "method": "site_visit", "statement": "门店正常营业", "result": "confirmed"}, http.StatusCreated)
	same(t, "after changes through another server")

	// A token revoked through the other server is refused at once, though
	// the answer of the case its holder read is held.
	cached.do(t, am2, "GET", person.base, nil).must(t, http.StatusOK)
	writer.do(t, admin, "POST", "/v1/users/"+ref.users[am2].ID+"/revocation", nil).must(t, http.StatusOK)
	problemOf(t, cached.do(t, am2, "GET", person.base, nil), http.StatusUnauthorized, "unauthorized")
}

// TestCaseCache_ReadsAudited: a department manager's read answered from the
// cache is on the case's record (case.viewed) as every other read is.
func TestCaseCache_ReadsAudited(t *testing.T) {
	url := postgresURL(t)
	ref := newEnv(t, func(cfg *envConfig) { cfg.databaseURL = url })
	cached := ref.replica(t, url)
	w := ref.newWalk(t, personBody)
	const reads = 4
	for range reads {
		cached.do(t, dm, "GET", w.base, nil).must(t, http.StatusOK)
	}
	require.NoError(t, cached.svc.Close(context.Background()), "the queued events are stored")
	evs, err := ref.svc.Events(context.Background(), ref.users[auditor].Actor(), w.id)
	require.NoError(t, err)
	viewed := 0
	for _, ev := range evs {
		if ev.Action == "case.viewed" && ev.ActorID == ref.users[dm].ID {
			viewed++
			assert.Equal(t, 1, ev.CaseVersion)
		}
	}
	assert.Equal(t, reads, viewed, "every read is on record, cached or not")
}
