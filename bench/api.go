package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/httpapi"
	"github.com/jinzhi-dev/jinzhi/store"
)

// caseBody is what the load generator creates: the README's application.
const caseBody = `{
  "applicant": {"kind": "person", "name": "张三", "id_number": "11010519491231002X",
                "phone": "13800138000", "marital_status": "single", "monthly_income": "50000.00",
                "monthly_debt_payments": "2000.00"},
  "request": {"amount": "500000.00", "term_months": 36, "purpose": "采购原材料",
              "purpose_category": "business_operation", "repayment_method": "equal_installment",
              "annual_rate": "0.0850", "repayment_source": "经营收入"}}`

// apiServer is the server on a fresh database, on 127.0.0.1, with an
// account manager and a department manager.
type apiServer struct {
	*listening
	db     *store.DB
	svc    *duediligence.Service
	am, dm string // tokens
	client *http.Client
}

// listening is an HTTP server on 127.0.0.1, serving in the background.
type listening struct {
	srv     *http.Server
	base    string // http://127.0.0.1:port
	stopped chan error
}

// listen serves h on a free port of 127.0.0.1, with the API's timeouts.
func listen(h http.Handler) (*listening, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	l := &listening{
		srv:     &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute},
		base:    "http://" + ln.Addr().String(),
		stopped: make(chan error, 1),
	}
	go func() { l.stopped <- l.srv.Serve(ln) }()
	return l, nil
}

// shutdown stops the server gracefully.
func (l *listening) shutdown() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := l.srv.Shutdown(ctx)
	if serr := <-l.stopped; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}

// startServer migrates the database at dbURL and serves the API on it.
func startServer(ctx context.Context, dbURL string, clients int) (*apiServer, error) {
	db, err := store.Open(ctx, dbURL, store.Options{})
	if err != nil {
		return nil, err
	}
	st := store.New(db)
	if err := st.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	svc, err := duediligence.NewService(duediligence.Config{Store: st})
	if err != nil {
		db.Close()
		return nil, err
	}
	a := &apiServer{db: db, svc: svc}
	if _, a.am, err = svc.CreateUser(ctx, duediligence.SystemActor, "bench manager", duediligence.RoleAccountManager); err != nil {
		db.Close()
		return nil, err
	}
	if _, a.dm, err = svc.CreateUser(ctx, duediligence.SystemActor, "bench department", duediligence.RoleDepartmentManager); err != nil {
		db.Close()
		return nil, err
	}
	// The access log goes nowhere: what is measured is the API, not the
	// terminal.
	if a.listening, err = listen(httpapi.New(svc, httpapi.Options{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})); err != nil {
		db.Close()
		return nil, err
	}
	a.client = &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConns: 2 * clients, MaxIdleConnsPerHost: 2 * clients, MaxConnsPerHost: 2 * clients},
	}
	return a, nil
}

// close shuts the server down gracefully, then closes the database.
func (a *apiServer) close() error {
	err := a.shutdown()
	a.client.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// The audit events of the last reads are stored before the database closes.
	return errors.Join(err, a.svc.Close(ctx), a.db.Close())
}

// do sends one request to the API as the token's holder.
func (a *apiServer) do(ctx context.Context, method, path, token string, body []byte, want int) ([]byte, error) {
	return request(ctx, a.client, a.base+path, method, token, body, want)
}

// request sends one request to url, with the bearer token unless it is
// empty, and reads its answer whole; an answer other than want is an
// error.
func request(ctx context.Context, client *http.Client, url, method, token string, body []byte, want int) ([]byte, error) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	if err != nil {
		return nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != want {
		return nil, fmt.Errorf("%s %s: %d, want %d: %.200s", method, url, resp.StatusCode, want, b)
	}
	return b, nil
}

// createCase creates one case and returns its ID.
func (a *apiServer) createCase(ctx context.Context) (string, error) {
	b, err := a.do(ctx, "POST", "/v1/cases", a.am, []byte(caseBody), http.StatusCreated)
	if err != nil {
		return "", err
	}
	var c struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &c); err != nil || c.ID == "" {
		return "", fmt.Errorf("POST /v1/cases answered no id: %.200s", b)
	}
	return c.ID, nil
}

// readCase reads a case as the token's holder.
func (a *apiServer) readCase(ctx context.Context, token, id string) error {
	_, err := a.do(ctx, "GET", "/v1/cases/"+id, token, nil, http.StatusOK)
	return err
}

// ids is the set of cases created so far, for readers to pick from.
type ids struct {
	mu  sync.Mutex
	ids []string
}

func (s *ids) add(id string) {
	s.mu.Lock()
	s.ids = append(s.ids, id)
	s.mu.Unlock()
}

func (s *ids) pick() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ids[rand.IntN(len(s.ids))]
}

// result is one measurement of the load generator.
type result struct {
	n       int
	elapsed time.Duration
	lat     []time.Duration // sorted
	// pcts are p50, p99 and p99.9 when lat is empty: wrk gives those only.
	pcts [3]time.Duration
	// tps is pgbench's own figure (without its connection time); zero for
	// the API's, whose rate is n/elapsed.
	tps float64
}

func (r result) rate() float64 {
	if r.tps > 0 {
		return r.tps
	}
	return float64(r.n) / r.elapsed.Seconds()
}

// pct is the q-quantile of the latencies (nearest rank).
func (r result) pct(q float64) time.Duration {
	if len(r.lat) == 0 {
		switch q {
		case 0.50:
			return r.pcts[0]
		case 0.99:
			return r.pcts[1]
		case 0.999:
			return r.pcts[2]
		}
		return 0
	}
	i := int(q*float64(len(r.lat))+0.5) - 1
	return r.lat[min(max(i, 0), len(r.lat)-1)]
}

func (r result) String() string {
	return fmt.Sprintf("%7.0f/s  p50 %6s  p99 %6s  p99.9 %6s  (%d requests)", r.rate(),
		ms(r.pct(0.50)), ms(r.pct(0.99)), ms(r.pct(0.999)), r.n)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond)) }

// load runs op from clients goroutines for d and measures each call. The
// first error stops the run.
func load(ctx context.Context, clients int, d time.Duration, op func(ctx context.Context) error) (result, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg      sync.WaitGroup
		stop    atomic.Bool
		mu      sync.Mutex
		all     []time.Duration
		firstMu sync.Mutex
		first   error
	)
	start := time.Now()
	timer := time.AfterFunc(d, func() { stop.Store(true) })
	defer timer.Stop()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := make([]time.Duration, 0, 4096)
			for !stop.Load() {
				t := time.Now()
				if err := op(ctx); err != nil {
					firstMu.Lock()
					if first == nil {
						first = err
					}
					firstMu.Unlock()
					stop.Store(true)
					cancel()
					break
				}
				lat = append(lat, time.Since(t))
			}
			mu.Lock()
			all = append(all, lat...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if first != nil {
		return result{}, first
	}
	slices.Sort(all)
	return result{n: len(all), elapsed: elapsed, lat: all}, nil
}
