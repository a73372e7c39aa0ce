package store

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// testCA is a certificate authority made up for a test.
type testCA struct {
	cert    *x509.Certificate
	key     *ecdsa.PrivateKey
	pemFile string // the CA certificate as a PEM file, for sslrootcert
}

// newTestCA makes a CA and writes its certificate to a file.
func newTestCA(t testing.TB, name string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), name+".crt")
	require.NoError(t, os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	return &testCA{cert: cert, key: key, pemFile: file}
}

// issue makes a certificate for hosts (DNS names or IP addresses), usable by
// servers and clients.
func (ca *testCA) issue(t testing.TB, hosts ...string) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "leaf"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	require.NoError(t, err)
	leaf, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

// writeKeyPair writes cert and its key as PEM files, for sslcert and sslkey.
func writeKeyPair(t testing.TB, cert tls.Certificate) (certFile, keyFile string) {
	t.Helper()
	dir := t.TempDir()
	keyDER, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	require.NoError(t, err)
	certFile, keyFile = filepath.Join(dir, "client.crt"), filepath.Join(dir, "client.key")
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600))
	return certFile, keyFile
}

func mustParseURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

func TestTLSConfigFor(t *testing.T) {
	ca := newTestCA(t, "trusted")
	other := newTestCA(t, "untrusted")
	byCA := ca.issue(t, "db.internal").Leaf
	byOther := other.issue(t, "db.internal").Leaf
	clientCert, clientKey := writeKeyPair(t, ca.issue(t, "client"))
	root := url.QueryEscape(ca.pemFile)

	// verifies reports whether cfg accepts the chain of leaf, as the TLS
	// stack would after a handshake with a server presenting it.
	verifies := func(t *testing.T, cfg *tls.Config, leaf *x509.Certificate) bool {
		t.Helper()
		require.NotNil(t, cfg.VerifyConnection, "no chain verifier")
		return cfg.VerifyConnection(tls.ConnectionState{
			ServerName:       "another.host",
			PeerCertificates: []*x509.Certificate{leaf},
		}) == nil
	}

	tests := []struct {
		name     string
		query    string
		optional bool
		check    func(t *testing.T, cfg *tls.Config)
	}{
		{"disable", "sslmode=disable", false, func(t *testing.T, cfg *tls.Config) {
			assert.Nil(t, cfg)
		}},
		{"absent is prefer", "", true, func(t *testing.T, cfg *tls.Config) {
			require.NotNil(t, cfg)
			assert.True(t, cfg.InsecureSkipVerify)
			assert.Nil(t, cfg.VerifyConnection)
		}},
		{"allow", "sslmode=allow", true, func(t *testing.T, cfg *tls.Config) {
			assert.True(t, cfg.InsecureSkipVerify)
			assert.Nil(t, cfg.VerifyConnection)
		}},
		{"prefer ignores sslrootcert", "sslmode=prefer&sslrootcert=" + root, true, func(t *testing.T, cfg *tls.Config) {
			assert.True(t, cfg.InsecureSkipVerify)
			assert.Nil(t, cfg.VerifyConnection)
		}},
		{"require", "sslmode=require", false, func(t *testing.T, cfg *tls.Config) {
			assert.True(t, cfg.InsecureSkipVerify)
			assert.Nil(t, cfg.VerifyConnection)
			assert.Equal(t, "db.internal", cfg.ServerName, "SNI")
		}},
		{"require with sslrootcert is verify-ca", "sslmode=require&sslrootcert=" + root, false, func(t *testing.T, cfg *tls.Config) {
			assert.True(t, verifies(t, cfg, byCA), "cert by the root")
			assert.False(t, verifies(t, cfg, byOther), "cert by another CA")
		}},
		{"verify-ca", "sslmode=verify-ca&sslrootcert=" + root, false, func(t *testing.T, cfg *tls.Config) {
			assert.True(t, cfg.InsecureSkipVerify, "the host name must not be checked")
			assert.True(t, verifies(t, cfg, byCA), "cert by the root, for another host")
			assert.False(t, verifies(t, cfg, byOther), "cert by another CA")
			assert.Error(t, cfg.VerifyConnection(tls.ConnectionState{}), "no certificate")
		}},
		{"verify-ca without sslrootcert uses the system roots", "sslmode=verify-ca", false, func(t *testing.T, cfg *tls.Config) {
			assert.False(t, verifies(t, cfg, byCA), "a made-up CA is not a system root")
		}},
		{"verify-full", "sslmode=verify-full&sslrootcert=" + root, false, func(t *testing.T, cfg *tls.Config) {
			assert.False(t, cfg.InsecureSkipVerify)
			assert.Equal(t, "db.internal", cfg.ServerName)
			require.NotNil(t, cfg.RootCAs)
			_, err := byCA.Verify(x509.VerifyOptions{Roots: cfg.RootCAs, DNSName: cfg.ServerName})
			assert.NoError(t, err)
		}},
		{"sslrootcert=system is verify-full on the system roots", "sslrootcert=system", false, func(t *testing.T, cfg *tls.Config) {
			assert.False(t, cfg.InsecureSkipVerify)
			assert.Nil(t, cfg.RootCAs)
			assert.Equal(t, "db.internal", cfg.ServerName)
		}},
		{"client certificate", "sslmode=require&sslcert=" + url.QueryEscape(clientCert) + "&sslkey=" + url.QueryEscape(clientKey), false, func(t *testing.T, cfg *tls.Config) {
			require.Len(t, cfg.Certificates, 1)
		}},
		{"client certificate ignored by disable", "sslmode=disable&sslcert=/nonexistent&sslkey=/nonexistent", false, func(t *testing.T, cfg *tls.Config) {
			assert.Nil(t, cfg)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, optional, err := tlsConfigFor(mustParseURL(t, "postgres://u@db.internal:5432/test?"+tt.query))
			require.NoError(t, err)
			assert.Equal(t, tt.optional, optional, "optional")
			tt.check(t, cfg)
		})
	}

	errTests := []struct {
		name, query, want string
	}{
		{"unknown sslmode", "sslmode=verify-some", `"verify-some"`},
		{"sslrootcert=system with require", "sslmode=require&sslrootcert=system", "verify-full"},
		{"missing sslrootcert", "sslmode=verify-full&sslrootcert=/nonexistent/root.crt", "sslrootcert"},
		{"sslrootcert without PEM", "sslmode=verify-ca&sslrootcert=" + url.QueryEscape(clientKey), "no PEM certificate"},
		{"sslcert without sslkey", "sslmode=require&sslcert=" + url.QueryEscape(clientCert), "sslkey"},
		{"sslkey not matching", "sslmode=require&sslcert=" + url.QueryEscape(ca.pemFile) + "&sslkey=" + url.QueryEscape(clientKey), "sslcert/sslkey"},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := tlsConfigFor(mustParseURL(t, "postgres://u@db.internal/test?"+tt.query))
			require.Error(t, err)
			assert.ErrorIs(t, err, duediligence.ErrInvalid)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// fakePostgres is a listener on 127.0.0.1 that answers a PostgreSQL
// SSLRequest with answer ('S' or 'N') and, after 'S', does a TLS handshake
// with config and writes "K" when its side of it succeeded.
func fakePostgres(t *testing.T, answer byte, config *tls.Config) (addr string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				conn.SetDeadline(time.Now().Add(10 * time.Second))
				var req [8]byte
				if _, err := io.ReadFull(conn, req[:]); err != nil || string(req[:]) != string(sslRequest) {
					return
				}
				conn.Write([]byte{answer})
				if answer != 'S' {
					conn.Write([]byte("plain"))
					return
				}
				tconn := tls.Server(conn, config)
				if err := tconn.Handshake(); err != nil {
					return
				}
				tconn.Write([]byte("K"))
			}()
		}
	}()
	return ln.Addr().String()
}

// dialThrough connects to addr with the dialer that PostgresConnector makes
// for rawURL, and returns what the server said after the TLS negotiation.
func dialThrough(t *testing.T, rawURL, addr string) (net.Conn, string, error) {
	t.Helper()
	connector, err := PostgresConnector(rawURL)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := connector.Config().Dialer(ctx, "tcp", addr)
	if err != nil {
		return nil, "", err
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	var b [5]byte
	n, err := conn.Read(b[:])
	return conn, string(b[:n]), err
}

func TestPostgresConnector_TLSHandshake(t *testing.T) {
	ca := newTestCA(t, "trusted")
	other := newTestCA(t, "untrusted")
	serverCert := ca.issue(t, "db.internal")
	clientCert, clientKey := writeKeyPair(t, ca.issue(t, "jinzhi"))
	trusted := fakePostgres(t, 'S', &tls.Config{Certificates: []tls.Certificate{serverCert}})
	untrusted := fakePostgres(t, 'S', &tls.Config{Certificates: []tls.Certificate{other.issue(t, "db.internal")}})
	clientPool := x509.NewCertPool()
	clientPool.AddCert(ca.cert)
	wantsClientCert := fakePostgres(t, 'S', &tls.Config{
		Certificates: []tls.Certificate{serverCert},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    clientPool,
	})
	noTLS := fakePostgres(t, 'N', nil)
	root := url.QueryEscape(ca.pemFile)

	tests := []struct {
		name   string
		host   string // in the URL; the dialer always dials server
		query  string
		server string
		ok     bool
	}{
		{"verify-full, right host", "db.internal", "sslmode=verify-full&sslrootcert=" + root, trusted, true},
		{"verify-full, wrong host", "wrong.example", "sslmode=verify-full&sslrootcert=" + root, trusted, false},
		{"verify-full, untrusted CA", "db.internal", "sslmode=verify-full&sslrootcert=" + root, untrusted, false},
		{"verify-ca, wrong host", "wrong.example", "sslmode=verify-ca&sslrootcert=" + root, trusted, true},
		{"verify-ca, untrusted CA", "db.internal", "sslmode=verify-ca&sslrootcert=" + root, untrusted, false},
		{"require with sslrootcert, untrusted CA", "db.internal", "sslmode=require&sslrootcert=" + root, untrusted, false},
		{"require, untrusted CA", "wrong.example", "sslmode=require", untrusted, true},
		{"prefer, untrusted CA", "wrong.example", "sslmode=prefer", untrusted, true},
		{"client certificate", "db.internal", "sslmode=verify-full&sslrootcert=" + root + "&sslcert=" + url.QueryEscape(clientCert) + "&sslkey=" + url.QueryEscape(clientKey), wantsClientCert, true},
		{"no client certificate", "db.internal", "sslmode=verify-full&sslrootcert=" + root, wantsClientCert, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, said, err := dialThrough(t, "postgres://u@"+tt.host+"/test?"+tt.query, tt.server)
			if !tt.ok {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.IsType(t, &tls.Conn{}, conn)
			assert.Equal(t, "K", said, "the server's side of the handshake")
		})
	}

	t.Run("prefer without TLS on the server", func(t *testing.T) {
		conn, said, err := dialThrough(t, "postgres://u@db.internal/test?sslmode=prefer", noTLS)
		require.NoError(t, err)
		_, isTLS := conn.(*tls.Conn)
		assert.False(t, isTLS)
		assert.Equal(t, "plain", said)
	})
	t.Run("allow without TLS on the server", func(t *testing.T) {
		_, said, err := dialThrough(t, "postgres://u@db.internal/test?sslmode=allow", noTLS)
		require.NoError(t, err)
		assert.Equal(t, "plain", said)
	})
	t.Run("require without TLS on the server", func(t *testing.T) {
		_, _, err := dialThrough(t, "postgres://u@db.internal/test?sslmode=require", noTLS)
		assert.ErrorContains(t, err, "does not accept TLS")
	})
	t.Run("disable sends no TLS request", func(t *testing.T) {
		// The fake server hangs up on anything but a TLS request.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer ln.Close()
		got := make(chan []byte, 1)
		go func() {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			defer conn.Close()
			b := make([]byte, 3)
			conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			n, _ := io.ReadFull(conn, b)
			got <- b[:n]
		}()
		connector, err := PostgresConnector("postgres://u@db.internal/test?sslmode=disable")
		require.NoError(t, err)
		conn, err := connector.Config().Dialer(context.Background(), "tcp", ln.Addr().String())
		require.NoError(t, err)
		conn.Write([]byte("abc"))
		assert.Equal(t, []byte("abc"), <-got, "bytes reach the server as written")
		conn.Close()
	})
	t.Run("connect_timeout bounds a silent server", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer ln.Close()
		go func() {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			defer conn.Close()
			io.Copy(io.Discard, conn) // never answers
		}()
		connector, err := PostgresConnector("postgres://u@db.internal/test?sslmode=require&connect_timeout=1")
		require.NoError(t, err)
		// The dialer's context has no deadline of its own: only
		// connect_timeout can end the silent TLS handshake.
		_, err = connector.Config().Dialer(context.Background(), "tcp", ln.Addr().String())
		assert.True(t, errors.Is(err, context.DeadlineExceeded), "err = %v", err)
	})
}

func TestPostgresConnector(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		c, err := PostgresConnector("postgresql://alice:s%40cret@db.internal:6543/loans?sslmode=disable&application_name=jinzhi&connect_timeout=7&search_path=jz&read_timeout=0&write_timeout=30s")
		require.NoError(t, err)
		cfg := c.Config()
		assert.Equal(t, "tcp", cfg.Network)
		assert.Equal(t, "db.internal:6543", cfg.Addr)
		assert.Equal(t, "alice", cfg.User)
		assert.Equal(t, "s@cret", cfg.Password)
		assert.Equal(t, "loans", cfg.Database)
		assert.Equal(t, "jinzhi", cfg.AppName)
		assert.Equal(t, 7*time.Second, cfg.DialTimeout)
		assert.Equal(t, time.Duration(0), cfg.ReadTimeout)
		assert.Equal(t, 30*time.Second, cfg.WriteTimeout)
		assert.Equal(t, map[string]any{"search_path": "jz"}, cfg.ConnParams)
		assert.Nil(t, cfg.TLSConfig, "TLS is negotiated by the dialer")
	})
	t.Run("query parameters", func(t *testing.T) {
		c, err := PostgresConnector("postgres:///?host=/var/run/postgresql&port=5433&user=bob&password=pw&dbname=cases&fallback_application_name=fb")
		require.NoError(t, err)
		cfg := c.Config()
		assert.Equal(t, "unix", cfg.Network)
		assert.Equal(t, filepath.Join("/var/run/postgresql", ".s.PGSQL.5433"), cfg.Addr)
		assert.Equal(t, "bob", cfg.User)
		assert.Equal(t, "pw", cfg.Password)
		assert.Equal(t, "cases", cfg.Database)
		assert.Equal(t, "fb", cfg.AppName)
	})
	t.Run("defaults", func(t *testing.T) {
		c, err := PostgresConnector("postgres://[::1]/x")
		require.NoError(t, err)
		assert.Equal(t, "[::1]:5432", c.Config().Addr)
		assert.Equal(t, 5*time.Second, c.Config().DialTimeout)
		c, err = PostgresConnector("postgres:///x?connect_timeout=0")
		require.NoError(t, err)
		assert.Equal(t, "localhost:5432", c.Config().Addr)
		assert.Equal(t, time.Duration(0), c.Config().DialTimeout)
	})
	for _, tt := range []struct{ name, url, want string }{
		{"unknown sslmode", "postgres://u@h/db?sslmode=maybe", `sslmode "maybe"`},
		{"unsupported ssl parameter", "postgres://u@h/db?sslcrl=/x", `"sslcrl"`},
		{"unsupported libpq parameter", "postgres://u@h/db?target_session_attrs=read-write", `"target_session_attrs"`},
		{"several hosts", "postgres://u@h1,h2/db", "several hosts"},
		{"bad port", "postgres://u@h/db?port=http", "port"},
		{"bad connect_timeout", "postgres://u@h/db?connect_timeout=soon", "connect_timeout"},
		{"bad read_timeout", "postgres://u@h/db?read_timeout=soon", "read_timeout"},
		{"wrong scheme", "mysql://u@h/db", "scheme"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PostgresConnector(tt.url)
			require.Error(t, err)
			assert.ErrorIs(t, err, duediligence.ErrInvalid)
			assert.Contains(t, err.Error(), tt.want)
			assert.True(t, strings.HasPrefix(err.Error(), "store.PostgresConnector: "), err.Error())
		})
	}
	t.Run("a malformed URL does not show its password", func(t *testing.T) {
		_, err := PostgresConnector("postgres://u:hunter2@h:port/db")
		require.Error(t, err)
		assert.NotContains(t, err.Error(), "hunter2")
	})
}
