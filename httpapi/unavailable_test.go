package httpapi_test

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// pgProxy forwards TCP connections to a PostgreSQL server until it is cut:
// then it refuses new connections and breaks the open ones, as a server
// that stopped would.
type pgProxy struct {
	t      *testing.T
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newPGProxy(t *testing.T, target string) *pgProxy {
	p := &pgProxy{t: t, target: target}
	p.listen("127.0.0.1:0")
	t.Cleanup(p.cut)
	return p
}

func (p *pgProxy) listen(addr string) {
	ln, err := net.Listen("tcp", addr)
	require.NoError(p.t, err)
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
}

// cut stops listening and breaks every connection.
func (p *pgProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// restore listens again on the same address.
func (p *pgProxy) restore() { p.listen(p.addr) }

// TestUnavailable checks that while PostgreSQL cannot be reached every
// request is answered 503 with Retry-After and the problem type
// .../unavailable — never 500 — that the outage is logged once at WARN and
// no request at ERROR, and that the server serves again once the database
// is back, saying so once.
func TestUnavailable(t *testing.T) {
	u, err := url.Parse(postgresURL(t))
	require.NoError(t, err)
	proxy := newPGProxy(t, u.Host)
	u.Host = proxy.addr
	e := newEnv(t, func(cfg *envConfig) { cfg.databaseURL = u.String() })
	c := e.createCase(t, personBody)
	e.do(t, am, "GET", "/v1/cases", nil).must(t, http.StatusOK)

	proxy.cut()
	for range 3 {
		for _, r := range []response{
			e.do(t, am, "GET", "/v1/cases", nil),
			e.do(t, am, "GET", "/v1/cases/"+c.ID, nil),
			e.do(t, am, "POST", "/v1/cases", personBody),
			e.do(t, dm, "POST", "/v1/cases/"+c.ID+"/flags", `{"description":"可疑"}`, "If-Match", `"1"`),
		} {
			p := problemOf(t, r, http.StatusServiceUnavailable, "unavailable")
			require.Equal(t, "2", r.header.Get("Retry-After"))
			require.NotContains(t, p.Detail, "internal")
		}
	}
	require.Len(t, e.logs.entries(t, "database unavailable: answering 503 until it is reachable again"), 1, "one WARN per outage")
	require.NotContains(t, e.logs.String(), `"level":"ERROR"`)

	proxy.restore()
	e.do(t, am, "GET", "/v1/cases", nil).must(t, http.StatusOK)
	back := e.logs.entries(t, "database reachable again")
	require.Len(t, back, 1)
	require.EqualValues(t, 12, back[0]["refused"])
	e.do(t, am, "GET", "/v1/cases/"+c.ID, nil).must(t, http.StatusOK)
	require.Len(t, e.logs.entries(t, "database reachable again"), 1)
}
