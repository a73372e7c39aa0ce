package duediligence_test

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
	"github.com/jinzhi-dev/jinzhi/store"
)

// taggingStore tags each case with its version, as a store that can tag
// cases does (PostgreSQL's tag is tested in the store), and counts the
// case files it sends.
type taggingStore struct {
	*store.Store
	sent atomic.Int64
}

func (s *taggingStore) Cases() dd.CaseStore { return taggingCases{s.Store.Cases(), s} }

type taggingCases struct {
	dd.CaseStore
	s *taggingStore
}

func (c taggingCases) FindCaseByIDIfChanged(ctx context.Context, id, tag string) (*dd.Case, string, int64, bool, error) {
	got, epoch, ok, err := c.CaseStore.(dd.CaseEpochReader).FindCaseByIDWithAuthEpoch(ctx, id)
	if !ok || err != nil {
		return nil, "", epoch, ok, err
	}
	newTag := strconv.Itoa(got.Version)
	if newTag == tag {
		return nil, tag, epoch, true, nil
	}
	c.s.sent.Add(1)
	return got, newTag, epoch, true, nil
}

// TestCaseJSON_Cached: the read by ID answers the JSON of what FindCaseByID
// returns, to each reader as they may see it; a case unchanged since the
// service answered it is answered without its file being sent again, for
// each of its two views (whole and masked), and the readers the case
// refuses are refused from what is held. A change is read at once, and a
// case whose answer is derived from other cases too (collateral) is read
// whole every time.
func TestCaseJSON_Cached(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	ts := &taggingStore{Store: f.st}
	svc, err := dd.NewService(dd.Config{Store: ts, Clock: dd.ClockFunc(func() time.Time { return today })})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, svc.Close(context.Background())) })
	epoch, err := f.st.Users().AuthEpoch(ctx)
	require.NoError(t, err)
	c, err := f.svc.CreateCase(ctx, f.am, personCase(dd.Single))
	require.NoError(t, err)

	read := func(actor dd.Actor) ([]byte, int, error) {
		t.Helper()
		b, v, confirmed, err := svc.CaseJSONAtEpoch(ctx, actor, c.ID, epoch)
		require.True(t, confirmed)
		return b, v, err
	}
	want := func(actor dd.Actor) []byte {
		t.Helper()
		got, err := f.svc.FindCaseByID(ctx, actor, c.ID)
		require.NoError(t, err)
		b, err := json.Marshal(got)
		require.NoError(t, err)
		return b
	}

	for _, reader := range []dd.Actor{f.am, f.fin} {
		sent := ts.sent.Load()
		for i := range 3 {
			b, v, err := read(reader)
			require.NoError(t, err)
			assert.Equal(t, string(want(reader)), string(b), "%s, read %d", reader.Role, i+1)
			assert.Equal(t, c.Version, v)
		}
		assert.Equal(t, sent+1, ts.sent.Load(), "%s: the file is sent once, for the first read", reader.Role)
	}
	whole, _, _ := read(f.am)
	masked, _, _ := read(f.fin)
	assert.NotEqual(t, string(whole), string(masked), "finance reads the resident ID masked")

	sent := ts.sent.Load()
	_, _, err = read(f.am2)
	assert.Equal(t, dd.CodeNotFound, dd.ErrorCode(err), "another account manager is refused from what is held")
	assert.Equal(t, sent, ts.sent.Load())
	_, _, confirmed, err := svc.CaseJSONAtEpoch(ctx, f.am, c.ID, epoch-1)
	assert.False(t, confirmed, "another epoch is not confirmed")
	assert.NoError(t, err)

	// A change is read at once.
	amount := money.MustMoney("400000.00")
	req := c.Request
	req.Amount = amount
	c, err = f.svc.UpdateCase(ctx, f.am, c.ID, c.Version, dd.CaseUpdate{Request: &req})
	require.NoError(t, err)
	b, v, err := read(f.am)
	require.NoError(t, err)
	assert.Equal(t, c.Version, v)
	assert.Equal(t, string(want(f.am)), string(b))
	assert.Equal(t, sent+1, ts.sent.Load(), "the changed file is sent")

	// With collateral, the answer derives from other cases (exposure) and
	// from today (valuation): read whole each time.
	c, _, err = f.svc.AddCollateral(ctx, f.am, c.ID, c.Version, dd.CollateralInput{Item: flat("皖(2019)长丰县不动产权第0000001号", "1000000.00")})
	require.NoError(t, err)
	sent = ts.sent.Load()
	for range 3 {
		b, _, err := read(f.am)
		require.NoError(t, err)
		assert.Equal(t, string(want(f.am)), string(b))
	}
	assert.Equal(t, sent+3, ts.sent.Load(), "a case with collateral is not held")
}

// TestCaseJSON_CacheBounded: the service holds no more than
// Config.CaseCacheBytes of answers, the most recently read kept.
func TestCaseJSON_CacheBounded(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	epoch, err := f.st.Users().AuthEpoch(ctx)
	require.NoError(t, err)
	var ids []string
	for range 3 {
		c, err := f.svc.CreateCase(ctx, f.am, personCase(dd.Single))
		require.NoError(t, err)
		ids = append(ids, c.ID)
	}
	b, _, _, err := f.svc.CaseJSONAtEpoch(ctx, f.am, ids[0], epoch)
	require.NoError(t, err)
	// Room for two answers, not three.
	ts := &taggingStore{Store: f.st}
	svc, err := dd.NewService(dd.Config{Store: ts, CaseCacheBytes: int64(2*len(b) + 2*len(b)/2)})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, svc.Close(context.Background())) })
	readAll := func(order ...int) int64 {
		before := ts.sent.Load()
		for _, i := range order {
			_, _, confirmed, err := svc.CaseJSONAtEpoch(ctx, f.am, ids[i], epoch)
			require.NoError(t, err)
			require.True(t, confirmed)
		}
		return ts.sent.Load() - before
	}
	assert.Equal(t, int64(2), readAll(0, 1), "first reads")
	assert.Equal(t, int64(0), readAll(0, 1), "both held")
	assert.Equal(t, int64(1), readAll(2), "a third")
	assert.Equal(t, int64(0), readAll(2, 1), "the two most recent held")
	assert.Equal(t, int64(1), readAll(0), "the least recent is not")

	none, err := dd.NewService(dd.Config{Store: ts, CaseCacheBytes: -1})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, none.Close(context.Background())) })
	before := ts.sent.Load()
	for range 2 {
		_, _, _, err := none.CaseJSONAtEpoch(ctx, f.am, ids[0], epoch)
		require.NoError(t, err)
	}
	assert.Equal(t, before+2, ts.sent.Load(), "CaseCacheBytes < 0: nothing held")
}

// TestCaseJSON_Concurrent: readers of both views and a writer at once; each
// answer is of a version at least as new as the last committed before the
// read began, and whole or masked as its reader may see it.
func TestCaseJSON_Concurrent(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	ts := &taggingStore{Store: f.st}
	svc, err := dd.NewService(dd.Config{Store: ts, CaseCacheBytes: 8 << 10})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, svc.Close(context.Background())) })
	epoch, err := f.st.Users().AuthEpoch(ctx)
	require.NoError(t, err)
	var ids []string
	for range 3 {
		c, err := f.svc.CreateCase(ctx, f.am, personCase(dd.Single))
		require.NoError(t, err)
		ids = append(ids, c.ID)
	}
	var committed [3]atomic.Int64
	for i := range committed {
		committed[i].Store(1)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(done)
		for n := range 12 {
			i := n % len(ids)
			c, err := f.svc.FindCaseByID(ctx, f.am, ids[i])
			if !assert.NoError(t, err) {
				return
			}
			req := c.Request
			req.TermMonths = 12 + n
			c, err = f.svc.UpdateCase(ctx, f.am, c.ID, c.Version, dd.CaseUpdate{Request: &req})
			if !assert.NoError(t, err) {
				return
			}
			committed[i].Store(int64(c.Version))
		}
	})
	for r := range 6 {
		reader := []dd.Actor{f.am, f.fin}[r%2]
		wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-done:
					return
				default:
				}
				i := n % len(ids)
				least := committed[i].Load()
				b, v, confirmed, err := svc.CaseJSONAtEpoch(ctx, reader, ids[i], epoch)
				if !assert.NoError(t, err) || !assert.True(t, confirmed) {
					return
				}
				var c dd.Case
				if !assert.NoError(t, json.Unmarshal(b, &c)) {
					return
				}
				assert.Equal(t, v, c.Version)
				assert.GreaterOrEqual(t, int64(v), least, "no older version than the last committed")
				assert.Equal(t, reader.Role == dd.RoleAccountManager, c.Applicant.IDNumber == "11010519491231002X", "%s's view", reader.Role)
			}
		})
	}
	wg.Wait()
}
