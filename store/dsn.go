package store

import (
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun/driver/pgdriver"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// PostgresConnector returns a pgdriver connector for a libpq-style URL,
//
//	postgres://USER:PASSWORD@HOST:PORT/DATABASE?PARAM=VALUE&…
//
// ("postgresql://" works too). It understands these libpq parameters:
//
//   - host, port, user, password, dbname: override the URL's parts. A host
//     that starts with "/" is the directory of a Unix socket, used without
//     TLS as libpq does. Without a host, localhost:5432; without a user or
//     database, pgdriver's defaults ($PGUSER, $PGDATABASE, else postgres).
//   - sslmode: as in libpq (see tlsConfigFor), default prefer.
//   - sslrootcert: PEM file of the CAs that verify the server; "system" for
//     the system's roots, which libpq allows with verify-full only.
//   - sslcert, sslkey: PEM files of a client certificate and its
//     unencrypted key (both or neither).
//   - connect_timeout: seconds to wait for the connection and TLS handshake;
//     0 means no limit. Without it, 5 seconds (pgdriver's default, where
//     libpq would wait indefinitely).
//   - application_name, fallback_application_name.
//
// and two of pgdriver's: read_timeout and write_timeout (seconds or a Go
// duration; pgdriver's defaults are 10s and 5s). Any other parameter is a
// server setting that every new connection SETs (search_path=…,
// statement_timeout=…), except the libpq parameters this function does not
// implement (sslcrl, sslpassword, target_session_attrs, …), which are
// refused rather than ignored.
//
// The connector negotiates TLS in its Dialer, not through pgdriver's
// TLSConfig (which it leaves nil), because pgdriver can only insist on TLS
// or never ask for it, while libpq's prefer uses TLS when the server offers
// it and plain TCP when it does not.
func PostgresConnector(url string) (_ *pgdriver.Connector, err error) {
	defer duediligence.Wrap(&err, "store.PostgresConnector")
	return postgresConnector(url)
}

// postgresConnector is PostgresConnector without the Op, for Open.
func postgresConnector(url string) (*pgdriver.Connector, error) {
	u, err := parsePostgresURL(url)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	for key := range q {
		if unsupportedLibpqParam(key) {
			return nil, duediligence.Errorf(duediligence.CodeInvalid, "", "PostgreSQL URL parameter %q is not supported", key)
		}
	}
	tlsConfig, optional, err := tlsConfigFor(u)
	if err != nil {
		return nil, err
	}

	network, addr, err := postgresAddr(u)
	if err != nil {
		return nil, err
	}
	connectTimeout := 5 * time.Second
	if s := q.Get("connect_timeout"); s != "" {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return nil, duediligence.Errorf(duediligence.CodeInvalid, "", "connect_timeout %q is not a number of seconds", s)
		}
		switch {
		case n <= 0:
			connectTimeout = 0
		case n == 1:
			connectTimeout = 2 * time.Second // libpq's minimum
		default:
			connectTimeout = time.Duration(n) * time.Second
		}
	}
	opts := []pgdriver.Option{
		pgdriver.WithNetwork(network),
		pgdriver.WithAddr(addr),
		pgdriver.WithTLSConfig(nil),
		pgdriver.WithDialTimeout(connectTimeout),
		withDialer(postgresDialer(connectTimeout, tlsConfig, optional)),
	}

	user, password := "", ""
	hasPassword := false
	if u.User != nil {
		user = u.User.Username()
		password, hasPassword = u.User.Password()
	}
	if q.Has("user") {
		user = q.Get("user")
	}
	if q.Has("password") {
		password, hasPassword = q.Get("password"), true
	}
	if user != "" {
		opts = append(opts, pgdriver.WithUser(user))
	}
	if hasPassword {
		opts = append(opts, pgdriver.WithPassword(password))
	}
	database := strings.TrimPrefix(u.Path, "/")
	if q.Has("dbname") {
		database = q.Get("dbname")
	}
	if database != "" {
		opts = append(opts, pgdriver.WithDatabase(database))
	}
	if name := cmp.Or(q.Get("application_name"), q.Get("fallback_application_name")); name != "" {
		opts = append(opts, pgdriver.WithApplicationName(name))
	}
	for _, p := range []struct {
		key string
		opt func(time.Duration) pgdriver.Option
	}{{"read_timeout", pgdriver.WithReadTimeout}, {"write_timeout", pgdriver.WithWriteTimeout}} {
		if s := q.Get(p.key); s != "" {
			d, err := parseTimeout(s)
			if err != nil {
				return nil, duediligence.Errorf(duediligence.CodeInvalid, "", "%s %q is not a duration", p.key, s)
			}
			opts = append(opts, p.opt(d))
		}
	}

	settings := map[string]any{}
	for key := range q {
		if !libpqParams[key] {
			settings[key] = q.Get(key)
		}
	}
	if len(settings) > 0 {
		opts = append(opts, pgdriver.WithConnParams(settings))
	}
	return pgdriver.NewConnector(opts...), nil
}

// libpqParams are the URL parameters PostgresConnector handles itself.
var libpqParams = map[string]bool{
	"host": true, "port": true, "user": true, "password": true, "dbname": true,
	"sslmode": true, "sslrootcert": true, "sslcert": true, "sslkey": true,
	"connect_timeout": true, "application_name": true, "fallback_application_name": true,
	"read_timeout": true, "write_timeout": true,
}

// unsupportedLibpqParam reports whether key is a libpq connection parameter
// that PostgresConnector does not implement. Passed on as a server setting it
// would fail obscurely at connection time, or, for ssl*, weaken security
// silently.
func unsupportedLibpqParam(key string) bool {
	if libpqParams[key] {
		return false
	}
	if strings.HasPrefix(key, "ssl") || strings.HasPrefix(key, "keepalives") {
		return true
	}
	switch key {
	case "hostaddr", "passfile", "require_auth", "channel_binding", "options",
		"gssencmode", "gsslib", "gssdelegation", "krbsrvname", "requirepeer",
		"target_session_attrs", "load_balance_hosts", "service", "replication",
		"tcp_user_timeout", "client_encoding":
		return true
	}
	return false
}

// parsePostgresURL parses url without letting a parse error echo it (and
// the password in it).
func parsePostgresURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, duediligence.Errorf(duediligence.CodeInvalid, "", "malformed PostgreSQL URL: %v", err)
	}
	if s := strings.ToLower(u.Scheme); s != "postgres" && s != "postgresql" {
		return nil, duediligence.Errorf(duediligence.CodeInvalid, "", "PostgreSQL URL scheme is %q, want postgres or postgresql", u.Scheme)
	}
	if strings.Contains(u.Host, ",") {
		return nil, duediligence.Errorf(duediligence.CodeInvalid, "", "PostgreSQL URLs with several hosts are not supported")
	}
	return u, nil
}

// postgresHost returns the host the URL names: the host parameter, else the
// URL's host, else localhost.
func postgresHost(u *url.URL) string {
	return cmp.Or(u.Query().Get("host"), u.Hostname(), "localhost")
}

// postgresAddr returns the network and address to dial.
func postgresAddr(u *url.URL) (network, addr string, err error) {
	port := cmp.Or(u.Query().Get("port"), u.Port(), "5432")
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
		return "", "", duediligence.Errorf(duediligence.CodeInvalid, "", "bad PostgreSQL port %q", port)
	}
	host := postgresHost(u)
	if strings.HasPrefix(host, "/") {
		return "unix", filepath.Join(host, ".s.PGSQL."+port), nil
	}
	return "tcp", net.JoinHostPort(host, port), nil
}

// tlsConfigFor maps the URL's sslmode and sslrootcert, sslcert and sslkey to
// the TLS configuration of a connection. It returns nil for no TLS, and
// optional=true when the connection should go on without TLS if the server
// does not offer it. The modes follow libpq:
//
//   - disable: no TLS.
//   - allow, prefer: TLS if the server offers it, else plain TCP; the
//     certificate is not checked, so this only defeats passive eavesdropping.
//     libpq's allow tries plain TCP first and TLS only if that fails; here
//     allow behaves like prefer, which succeeds against the same servers
//     (except one that accepts only non-TLS connections yet offers TLS) and
//     encrypts whenever it can. libpq's prefer also retries without TLS when
//     the TLS connection fails; this one does not. prefer is the default,
//     as in libpq, so that a URL without sslmode connects to servers with
//     and without TLS.
//   - require: TLS, certificate not checked; but with sslrootcert it is
//     verify-ca, as in libpq.
//   - verify-ca: TLS, the server's chain must lead to a root in sslrootcert
//     (or, without it, the system's roots; libpq would insist on
//     ~/.postgresql/root.crt), whatever host name it names.
//   - verify-full: as verify-ca, and the certificate must name the host.
//
// sslrootcert=system means the system's roots and, as in libpq, requires
// verify-full, which is then the default.
func tlsConfigFor(u *url.URL) (cfg *tls.Config, optional bool, err error) {
	q := u.Query()
	mode, rootFile := q.Get("sslmode"), q.Get("sslrootcert")
	if rootFile == "system" {
		if mode == "" {
			mode = "verify-full"
		}
		if mode != "verify-full" {
			return nil, false, duediligence.Errorf(duediligence.CodeInvalid, "", "sslrootcert=system requires sslmode=verify-full, not %q", mode)
		}
		rootFile = ""
	}
	if mode == "" {
		mode = "prefer"
	}

	host := postgresHost(u)
	switch mode {
	case "disable":
		return nil, false, nil
	case "allow", "prefer":
		cfg, optional = &tls.Config{InsecureSkipVerify: true}, true
	case "require", "verify-ca":
		if mode == "require" && rootFile == "" {
			cfg = &tls.Config{InsecureSkipVerify: true}
			break
		}
		roots, err := loadRoots(rootFile)
		if err != nil {
			return nil, false, err
		}
		// Go verifies the host name with the chain; verify-ca must not, so
		// it switches the built-in check off and checks the chain itself.
		cfg = &tls.Config{InsecureSkipVerify: true, VerifyConnection: verifyChain(roots)}
	case "verify-full":
		roots, err := loadRoots(rootFile)
		if err != nil {
			return nil, false, err
		}
		cfg = &tls.Config{RootCAs: roots}
	default:
		return nil, false, duediligence.Errorf(duediligence.CodeInvalid, "", "sslmode %q is not supported (want disable, allow, prefer, require, verify-ca or verify-full)", mode)
	}
	// ServerName is the name verify-full checks, and the SNI the other
	// modes send, as libpq does.
	cfg.ServerName = host

	certFile, keyFile := q.Get("sslcert"), q.Get("sslkey")
	switch {
	case certFile != "" && keyFile != "":
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, false, duediligence.Errorf(duediligence.CodeInvalid, "", "sslcert/sslkey: %v", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	case certFile != "" || keyFile != "":
		return nil, false, duediligence.Errorf(duediligence.CodeInvalid, "", "sslcert and sslkey go together")
	}
	return cfg, optional, nil
}

// loadRoots reads a PEM file of CA certificates; "" means the system's roots
// (a nil pool).
func loadRoots(file string) (*x509.CertPool, error) {
	if file == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, duediligence.Errorf(duediligence.CodeInvalid, "", "sslrootcert: %v", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		return nil, duediligence.Errorf(duediligence.CodeInvalid, "", "sslrootcert %s holds no PEM certificate", file)
	}
	return roots, nil
}

// verifyChain returns a tls.Config.VerifyConnection that checks that the
// server's certificate chains to roots (nil: the system's), whatever host
// name it is for.
func verifyChain(roots *x509.CertPool) func(tls.ConnectionState) error {
	return func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errors.New("the server sent no certificate")
		}
		opts := x509.VerifyOptions{Roots: roots, Intermediates: x509.NewCertPool()}
		for _, cert := range cs.PeerCertificates[1:] {
			opts.Intermediates.AddCert(cert)
		}
		_, err := cs.PeerCertificates[0].Verify(opts)
		return err
	}
}

// withDialer sets the pgdriver dialer; pgdriver has no option for it.
func withDialer(dial func(ctx context.Context, network, addr string) (net.Conn, error)) pgdriver.Option {
	return func(c *pgdriver.Config) { c.Dialer = dial }
}

// postgresDialer returns a dialer that connects within timeout (0: no limit)
// and then, on TCP, negotiates TLS with cfg (nil: no TLS). With optional it
// goes on without TLS when the server declines.
func postgresDialer(timeout time.Duration, cfg *tls.Config, optional bool) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, timeout)
			defer cancel()
		}
		d := net.Dialer{KeepAlive: 5 * time.Minute}
		conn, err := d.DialContext(ctx, network, addr)
		if err != nil || cfg == nil || network == "unix" {
			return conn, err
		}
		tconn, err := startTLS(ctx, conn, cfg, optional)
		if err != nil {
			conn.Close()
			return nil, err
		}
		return tconn, nil
	}
}

// sslRequest is the PostgreSQL protocol's SSLRequest message: length 8,
// code 80877103.
var sslRequest = []byte{0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f}

// startTLS asks the server for TLS and does the handshake. It reads the
// server's one-byte answer unbuffered, so that bytes a man in the middle
// slips in after it go to the TLS handshake (and fail it) rather than being
// taken for the server's (CVE-2021-23222).
func startTLS(ctx context.Context, conn net.Conn, cfg *tls.Config, optional bool) (net.Conn, error) {
	// Plain reads and writes ignore ctx; a past deadline unblocks them.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if _, err := conn.Write(sslRequest); err != nil {
		return nil, cmp.Or(ctx.Err(), err)
	}
	var answer [1]byte
	if _, err := io.ReadFull(conn, answer[:]); err != nil {
		return nil, cmp.Or(ctx.Err(), fmt.Errorf("reading the answer to the TLS request: %w", err))
	}
	var result net.Conn
	switch answer[0] {
	case 'S':
		tconn := tls.Client(conn, cfg)
		if err := tconn.HandshakeContext(ctx); err != nil {
			return nil, fmt.Errorf("TLS handshake: %w", err)
		}
		result = tconn
	case 'N':
		if !optional {
			return nil, errors.New("the server does not accept TLS connections (sslmode is require or verify-*)")
		}
		result = conn
	default:
		return nil, fmt.Errorf("unexpected answer %q to the TLS request", answer[0])
	}
	if !stop() {
		// ctx ended after the exchange, and may have set the deadline.
		return nil, ctx.Err()
	}
	return result, nil
}

// parseTimeout parses pgdriver's timeout syntax: whole seconds or a Go
// duration; 0 or less means none.
func parseTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if n, aerr := strconv.Atoi(s); aerr == nil {
		d, err = time.Duration(n)*time.Second, nil
	}
	// pgdriver takes 0 for no timeout (and a negative one for a deadline
	// in the past).
	return max(d, 0), err
}
