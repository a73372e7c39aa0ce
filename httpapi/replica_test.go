package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/httpapi"
	"github.com/jinzhi-dev/jinzhi/store"
)

// replica starts a second server on the database at url, which e's store
// uses too: its own pool, service and handler, and e's users and tokens.
func (e *env) replica(t *testing.T, url string) *env {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url, store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	// Every replica signs the audit trail with the same key.
	st := store.New(db, store.WithAuditKey(e.hooks.Store.(*store.Store).AuditKey()))
	files, err := store.NewContentDir(e.contentDir)
	require.NoError(t, err)
	svc, err := duediligence.NewService(duediligence.Config{
		Store: st, Content: files,
		Clock: duediligence.ClockFunc(func() time.Time { return now }),
	})
	require.NoError(t, err)
	t.Cleanup(func() { svc.Close(context.Background()) })
	r := &env{svc: svc, tokens: e.tokens, users: e.users, contentDir: e.contentDir, logs: &syncBuffer{}, hooks: &hookStore{Store: st}}
	r.srv = httptest.NewServer(httpapi.New(svc, httpapi.Options{Logger: slog.New(slog.NewJSONHandler(r.logs, nil))}))
	t.Cleanup(r.srv.Close)
	r.client = &http.Client{Transport: &validatingTransport{t: t, base: r.srv.Client().Transport}}
	return r
}

// answer is what a request sent from a goroutine got, for the test's own
// goroutine to check (require may not stop a test from another one).
type answer struct {
	status int
	etag   string
	body   []byte
	err    error
}

// send is e.do for goroutines: no require, no validation. hdr are more
// headers, name and value.
func (e *env) send(who, method, path, body, ifMatch string, hdr ...string) answer {
	req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		return answer{err: err}
	}
	req.Header.Set("Authorization", "Bearer "+e.tokens[who])
	req.Header.Set("Content-Type", "application/json")
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, etag: resp.Header.Get("ETag"), body: b, err: err}
}

// TestReplicas_OnePostgres runs two servers on one PostgreSQL database, as
// two replicas behind a load balancer: each sees the other's writes, an
// ETag one answered is stale on the other once either wrote, concurrent
// writes on one version through both leave one winner, concurrent
// submissions through both take unique and consecutive ledger numbers, and
// every audit chain verifies.
func TestReplicas_OnePostgres(t *testing.T) {
	url := postgresURL(t)
	a := newEnv(t, func(cfg *envConfig) { cfg.databaseURL = url })
	b := a.replica(t, url)
	servers := []*env{a, b}

	t.Run("each reads the other's writes", func(t *testing.T) {
		w := a.newWalk(t, personBody)
		w.e = b
		got := w.get(t, am)
		assert.Equal(t, w.etag, b.etag(t, w.id))
		w.write(t, am, "POST", "/findings", map[string]any{"topic": "operations", "method": "site_visit", "statement": "门店正常营业", "result": "confirmed"}, http.StatusCreated)
		w.e = a
		assert.Len(t, w.get(t, am).Findings, len(got.Findings)+1, "server A reads what B wrote")
	})

	t.Run("an ETag is stale on the other server", func(t *testing.T) {
		w := a.newWalk(t, personBody)
		first := w.etag
		w.e = b
		w.write(t, am, "PATCH", "", `{"request":{"amount":"400000.00","term_months":36,"purpose":"采购原材料","purpose_category":"business_operation","repayment_method":"equal_installment","annual_rate":"0.0850","repayment_source":"经营收入"}}`, http.StatusOK)
		r := a.do(t, am, "PATCH", w.base, `{"request":{"amount":"300000.00","term_months":36,"purpose":"采购原材料","purpose_category":"business_operation","repayment_method":"equal_installment","annual_rate":"0.0850","repayment_source":"经营收入"}}`, "If-Match", first)
		problemOf(t, r, http.StatusPreconditionFailed, "stale")
		assert.Equal(t, "400000.00", w.get(t, am).Request.Amount.String(), "the stale write changed nothing")
	})

	t.Run("concurrent writes on one version: one wins", func(t *testing.T) {
		const rounds = 5
		w := a.newWalk(t, personBody)
		for i := range rounds {
			var wg sync.WaitGroup
			answers := make([]answer, 2)
			for j, s := range servers {
				wg.Go(func() {
					answers[j] = s.send(am, "POST", w.base+"/findings",
						`{"topic":"operations","method":"document_review","statement":"第`+string(rune('一'+i))+`次","result":"confirmed"}`, w.etag)
				})
			}
			wg.Wait()
			var won []string
			for _, an := range answers {
				require.NoError(t, an.err)
				switch an.status {
				case http.StatusCreated:
					won = append(won, an.etag)
				case http.StatusPreconditionFailed:
				default:
					t.Fatalf("answer %d: %s", an.status, an.body)
				}
			}
			require.Len(t, won, 1, "exactly one of two writes on version %s", w.etag)
			w.etag = won[0]
		}
		assert.Len(t, w.get(t, am).Findings, rounds, "no update lost, none doubled")
	})

	t.Run("concurrent submissions take consecutive ledger numbers", func(t *testing.T) {
		const n = 6
		walks := make([]*walk, n)
		for i := range walks {
			// Created on one server, readied on the other.
			walks[i] = servers[i%2].newWalk(t, goodBody("500000.00", "50000.00"))
			walks[i].e = servers[(i+1)%2]
			walks[i].readyToSubmit(t)
		}
		answers := make([]answer, n)
		var wg sync.WaitGroup
		for i, w := range walks {
			wg.Go(func() {
				answers[i] = servers[i%2].send(am, "POST", w.base+"/transitions", `{"to":"submitted"}`, w.etag)
			})
		}
		wg.Wait()
		numbers := map[string]bool{}
		for _, an := range answers {
			require.NoError(t, an.err)
			require.Equal(t, http.StatusOK, an.status, "%s", an.body)
			var c duediligence.Case
			require.NoError(t, json.Unmarshal(an.body, &c))
			numbers[c.LedgerNumber] = true
		}
		want := map[string]bool{}
		for k := 1; k <= n; k++ {
			want[duediligence.FormatLedgerNumber(now.Year(), k)] = true
		}
		assert.Equal(t, want, numbers, "unique and without a gap")
	})

	t.Run("one idempotency key retried through both at once: one case", func(t *testing.T) {
		const n = 8
		answers := make([]answer, n)
		var wg sync.WaitGroup
		for i := range answers {
			wg.Go(func() {
				answers[i] = servers[i%2].send(am, "POST", "/v1/cases", personBody, "", "Idempotency-Key", "replica-open-1")
			})
		}
		wg.Wait()
		ids := map[string]bool{}
		for i, an := range answers {
			require.NoError(t, an.err)
			require.Equal(t, http.StatusCreated, an.status, "retry %d through server %d: %s", i, i%2, an.body)
			var c duediligence.Case
			require.NoError(t, json.Unmarshal(an.body, &c))
			ids[c.ID] = true
		}
		require.Len(t, ids, 1, "every retry answers the one case created")
		for id := range ids {
			for _, s := range servers {
				assert.Equal(t, http.StatusOK, s.send(am, "GET", "/v1/cases/"+id, "", "").status)
			}
		}
		other := b.send(am, "POST", "/v1/cases", strings.Replace(personBody, "张三", "李四", 1), "", "Idempotency-Key", "replica-open-1")
		require.NoError(t, other.err)
		assert.Equal(t, http.StatusUnprocessableEntity, other.status, "the key with another body is refused by the other server too: %s", other.body)
	})

	t.Run("a token revoked on one is refused by the other at once, under load", func(t *testing.T) {
		ctx := t.Context()
		u, token, err := a.svc.CreateUser(ctx, duediligence.SystemActor, "赵六", duediligence.RoleAccountManager)
		require.NoError(t, err)
		id := a.newWalk(t, personBody).id // a case the user may not read: 404 while the token is valid
		// Readers on both servers send the token until they have seen it
		// refused 20 times each (at most 2,000 requests), each request
		// stamped with when it was sent and when it was answered; the
		// revocation is made once each has had 20 answers.
		type sent struct {
			start, end time.Time
			status     int
		}
		const readers = 4
		logs := make([][]sent, readers)
		warm := make(chan struct{}, readers)
		var wg sync.WaitGroup
		for i := range readers {
			wg.Go(func() {
				refused := 0
				for k := 0; k < 2000 && refused < 20; k++ {
					req, err := http.NewRequestWithContext(ctx, "GET", servers[i%2].srv.URL+"/v1/cases/"+id, nil)
					if err != nil {
						return
					}
					req.Header.Set("Authorization", "Bearer "+token)
					st := time.Now()
					resp, err := servers[i%2].srv.Client().Do(req)
					if err != nil {
						return
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					logs[i] = append(logs[i], sent{start: st, end: time.Now(), status: resp.StatusCode})
					if resp.StatusCode == http.StatusUnauthorized {
						refused++
					}
					if k == 19 {
						warm <- struct{}{} // 20 answered: this reader is under way
					}
				}
			})
		}
		for range readers {
			select {
			case <-warm:
			case <-time.After(30 * time.Second):
				t.Fatal("the readers did not get 20 answers each within 30 s")
			}
		}
		_, err = a.svc.RevokeUser(ctx, duediligence.SystemActor, u.ID)
		require.NoError(t, err)
		done := time.Now()
		wg.Wait()
		var before, after int
		for i, l := range logs {
			for _, r := range l {
				switch {
				case r.start.After(done):
					after++
					require.Equal(t, http.StatusUnauthorized, r.status, "reader %d on server %d: a request sent after the revocation returned", i, i%2)
				case r.end.Before(done):
					before++
					require.Contains(t, []int{http.StatusNotFound, http.StatusUnauthorized}, r.status, "reader %d", i)
				}
			}
		}
		assert.Positive(t, before, "requests were answered before the revocation")
		assert.GreaterOrEqual(t, after, readers*10, "requests were sent to both servers after it")
	})

	for _, s := range servers {
		_, err := duediligence.VerifyAudit(context.Background(), s.hooks.Store, s.hooks.Store.(*store.Store).AuditKey(), nil)
		require.NoError(t, err, "every audit chain verifies, read through either server")
	}
}
