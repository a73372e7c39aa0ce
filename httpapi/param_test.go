package httpapi_test

import (
	"bufio"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestInput_notText sends NUL characters and invalid UTF-8 where the
// handlers read text — the query, the path, the headers — each of which
// answered 500 (NUL in SQL text) or reached the database before. Each is
// refused by its name, before any lookup.
func TestInput_notText(t *testing.T) {
	refusesText(t, newEnv(t))
}

// TestInput_notTextPostgres is TestInput_notText on PostgreSQL, which
// refuses NUL and invalid UTF-8 in text outright.
func TestInput_notTextPostgres(t *testing.T) {
	refusesText(t, newEnv(t, func(cfg *envConfig) { cfg.databaseURL = postgresURL(t) }))
}

func refusesText(t *testing.T, e *env) {
	c := e.createCase(t, personBody)
	base := "/v1/cases/" + c.ID
	doc := docID(t, c, "id_card")

	for _, tc := range []struct {
		method, path string
		field        string // the parameter the problem names
	}{
		{"GET", "/v1/cases?q=%00", "q"},
		{"GET", "/v1/cases?q=a%00b", "q"},
		{"GET", "/v1/cases?q=%ff%fe", "q"},
		{"GET", "/v1/cases?stage=%00", "stage"},
		{"GET", "/v1/cases?cursor=%00", "cursor"},
		{"GET", "/v1/cases?owner=%00", "owner"},
		{"GET", "/v1/cases?limit=%00", "limit"},
		{"GET", "/v1/cases?q=%0A", "q"},
		{"GET", "/v1/cases?%00=1", `"\x00"`},
		{"GET", "/v1/ledger?year=%00", "year"},
		{"GET", base + "/report?lang=%00", "lang"},
		{"GET", base + "/documents/" + doc + "/content?sha256=%00", "sha256"},
	} {
		p := problemOf(t, e.do(t, am, tc.method, tc.path, nil), http.StatusBadRequest, "malformed")
		require.Equal(t, []string{tc.field}, fieldsOf(p), tc.path)
		require.Contains(t, p.Detail, "without control characters", tc.path)
	}
	problemOf(t, e.do(t, am, "GET", "/v1/cases?q=%zz", nil), http.StatusBadRequest, "malformed")

	// A path value without the shape of an ID names nothing: 404, and the
	// store is not asked.
	e.hooks.setFindHook(func() error {
		t.Error("a malformed ID was looked up")
		return nil
	})
	for _, path := range []string{
		"/v1/cases/abc%00", "/v1/cases/abc%ff", "/v1/cases/" + strings.ToUpper(c.ID), "/v1/cases/" + c.ID + "0",
		"/v1/cases/abc%00/events", "/v1/cases/abc%00/checks", "/v1/cases/abc%00/report",
		"/v1/cases/abc%00/documents/" + doc + "/content", base[:len(base)-1] + "%00/events",
	} {
		p := problemOf(t, e.do(t, auditor, "GET", path, nil), http.StatusNotFound, "not_found")
		require.Contains(t, p.Detail, "no case", path)
	}
	for _, tc := range []struct{ method, path, noun string }{
		{"PATCH", "/v1/cases/abc%00", "case"},
		{"POST", "/v1/cases/abc%00/findings", "case"},
		{"POST", "/v1/cases/abc%00/transitions", "case"},
		{"POST", "/v1/cases/abc%00/report", "case"},
		{"GET", base + "/documents/a%00/content", "document"},
		{"PUT", base + "/documents/a%00/content", "document"},
		{"PATCH", base + "/collateral/x%00", "collateral item"},
		{"DELETE", base + "/guarantees/x%00", "guarantee"},
		{"POST", base + "/flags/x%00/resolution", "red flag"},
		{"POST", base + "/checks/a%00/acknowledgement", "rule"},
		{"POST", base + "/checks/process..site_visit/acknowledgement", "rule"},
	} {
		p := problemOf(t, e.do(t, am, tc.method, tc.path, `{}`, "If-Match", `"1"`), http.StatusNotFound, "not_found")
		require.Contains(t, p.Detail, "no "+tc.noun, tc.path)
	}
	e.hooks.setFindHook(nil)

	// Headers the handlers read: Go's server already refuses a NUL in
	// one; bytes that are not UTF-8 it lets through.
	p := problemOf(t, e.do(t, am, "POST", "/v1/cases", personBody, "Idempotency-Key", "key-\xff\xfe"), http.StatusBadRequest, "malformed")
	require.Equal(t, []string{"Idempotency-Key"}, fieldsOf(p))
	p = problemOf(t, e.do(t, am, "POST", base+"/findings", `{}`, "If-Match", `"1"`, "Idempotency-Key", "f-\xc3"), http.StatusBadRequest, "malformed")
	require.Equal(t, []string{"Idempotency-Key"}, fieldsOf(p))
	p = problemOf(t, e.do(t, am, "GET", base+"/report", nil, "Accept-Language", "en\xff"), http.StatusBadRequest, "malformed")
	require.Equal(t, []string{"Accept-Language"}, fieldsOf(p))
	require.Equal(t, "400", rawStatus(t, e, "POST /v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+e.tokens[am]+
		"\r\nContent-Type: application/json\r\nIdempotency-Key: k\x00y\r\nContent-Length: 2\r\n\r\n{}"), "a NUL in a header")

	// An upload's name, by ?name= or Content-Disposition, is text too; the
	// refused upload leaves the case and the content store as they were.
	upload := base + "/documents/" + doc + "/content"
	p = problemOf(t, e.do(t, am, "PUT", upload+"?name=a%00b", "scan", "Content-Type", "image/png", "If-Match", `"1"`), http.StatusBadRequest, "malformed")
	require.Equal(t, []string{"name"}, fieldsOf(p))
	p = problemOf(t, e.do(t, am, "PUT", upload, "scan", "Content-Type", "image/png", "If-Match", `"1"`,
		"Content-Disposition", `attachment; filename*=UTF-8''a%00b.png`), http.StatusBadRequest, "malformed")
	require.Equal(t, []string{"Content-Disposition"}, fieldsOf(p))
	require.Equal(t, `"1"`, e.etag(t, c.ID), "nothing was written")
	require.Empty(t, storedFiles(t, e.contentDir))

	// The sound requests still work.
	e.do(t, am, "GET", "/v1/cases?q=%E5%BC%A0&stage=intake", nil).must(t, http.StatusOK)
	e.do(t, am, "PUT", upload+"?name=%E8%BA%AB%E4%BB%BD%E8%AF%81.png", "scan", "Content-Type", "image/png", "If-Match", `"1"`).must(t, http.StatusCreated)
}

// rawStatus sends raw, a whole HTTP/1.1 request, to the env's server on a
// connection of its own, and returns the status code of the answer.
func rawStatus(t *testing.T, e *env, raw string) string {
	t.Helper()
	conn, err := net.DialTimeout("tcp", e.srv.Listener.Addr().String(), 5*time.Second)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
	_, err = conn.Write([]byte(raw))
	require.NoError(t, err)
	line, err := bufio.NewReader(conn).ReadString('\n')
	require.NoError(t, err)
	f := strings.Fields(line)
	require.GreaterOrEqual(t, len(f), 2, "status line %q", line)
	return f[1]
}

// storedFiles lists the files of a content directory.
func storedFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	}))
	return files
}

// postgresURL returns a fresh PostgreSQL database for a test, or skips it
// when JINZHI_TEST_DATABASE_URL is unset (and fails it then when
// JINZHI_REQUIRE_POSTGRES=1).
func postgresURL(t *testing.T) string {
	t.Helper()
	server := os.Getenv("JINZHI_TEST_DATABASE_URL")
	if server == "" {
		if os.Getenv("JINZHI_REQUIRE_POSTGRES") == "1" {
			t.Fatal("JINZHI_REQUIRE_POSTGRES=1 but JINZHI_TEST_DATABASE_URL is not set")
		}
		t.Skip("JINZHI_TEST_DATABASE_URL is not set; skipping the PostgreSQL test")
	}
	return newPostgresDatabase(t, server)
}
