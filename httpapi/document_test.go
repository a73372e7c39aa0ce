package httpapi_test

import (
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestDocumentContent uploads a file and downloads it back, byte for byte,
// and checks that the download is in the audit trail.
func TestDocumentContent(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	doc := docID(t, c, "id_card")
	path := "/v1/cases/" + c.ID + "/documents/" + doc + "/content"
	content := make([]byte, 70_000)
	for i := range content {
		content[i] = byte(i * 7)
	}
	sum := sha256.Sum256(content)
	hash := hex.EncodeToString(sum[:])

	r := e.do(t, am, "PUT", path, content, "Content-Type", "image/png",
		"Content-Disposition", `attachment; filename*=UTF-8''%E8%BA%AB%E4%BB%BD%E8%AF%81.png`, "If-Match", `"1"`).must(t, http.StatusCreated)
	require.Equal(t, `"2"`, r.header.Get("ETag"), "the case's new version")
	require.Equal(t, path+"?sha256="+hash, r.header.Get("Location"))
	file := decode[duediligence.FileRef](t, r)
	require.Equal(t, duediligence.FileRef{SHA256: hash, Size: int64(len(content)), MediaType: "image/png", Name: "身份证.png",
		UploadedBy: e.users[am].ID, UploadedAt: now}, file)
	got := decode[duediligence.Case](t, e.do(t, am, "GET", "/v1/cases/"+c.ID, nil).must(t, http.StatusOK))
	for _, d := range got.Documents {
		if d.ID == doc {
			require.Equal(t, duediligence.DocumentReceived, d.Status, "a missing document with a file is received")
			require.Equal(t, []duediligence.FileRef{file}, d.Files)
		}
	}

	// A second file, named by ?name= with a path a browser may send.
	second := []byte("%PDF-1.7 second scan")
	r = e.do(t, am, "PUT", path+"?name=C:%5Cscans%5Cid-back.pdf", second, "Content-Type", "application/pdf", "If-Match", `"2"`).must(t, http.StatusCreated)
	require.Equal(t, "id-back.pdf", decode[duediligence.FileRef](t, r).Name)

	// The auditor downloads: the newest file by default, the first by ?sha256=.
	r = e.do(t, auditor, "GET", path, nil).must(t, http.StatusOK)
	require.Equal(t, second, r.body)
	r = e.do(t, auditor, "GET", path+"?sha256="+hash, nil).must(t, http.StatusOK)
	require.Equal(t, content, r.body, "the exact bytes uploaded")
	require.Equal(t, "image/png", r.header.Get("Content-Type"))
	require.Equal(t, strconv.Itoa(len(content)), r.header.Get("Content-Length"))
	require.Equal(t, `"`+hash+`"`, r.header.Get("ETag"))
	require.Equal(t, "nosniff", r.header.Get("X-Content-Type-Options"))
	disposition, params, err := mime.ParseMediaType(r.header.Get("Content-Disposition"))
	require.NoError(t, err)
	require.Equal(t, "attachment", disposition)
	require.Equal(t, "身份证.png", params["filename"])

	problemOf(t, e.do(t, auditor, "GET", path+"?sha256="+strings.Repeat("0", 64), nil), http.StatusNotFound, "not_found")
	problemOf(t, e.do(t, auditor, "GET", "/v1/cases/"+c.ID+"/documents/"+docID(t, c, "income_proof")+"/content", nil), http.StatusNotFound, "not_found")
	problemOf(t, e.do(t, am2, "GET", path, nil), http.StatusNotFound, "not_found")

	evs := decode[struct{ Events []duediligence.Event }](t, e.do(t, auditor, "GET", "/v1/cases/"+c.ID+"/events", nil).must(t, http.StatusOK)).Events
	var downloads []string
	for _, ev := range evs {
		if ev.Action == "document.downloaded" {
			require.Equal(t, e.users[auditor].ID, ev.ActorID)
			require.Contains(t, string(ev.Data), doc)
			downloads = append(downloads, string(ev.Data))
		}
	}
	require.Len(t, downloads, 2, "each successful download is audited")
	require.Contains(t, downloads[1], hash)
	require.NoError(t, duediligence.VerifyChain(evs), "the trail is an unbroken chain")
}

// TestDocumentContent_tooLarge checks that an upload over a limit is 413 and
// leaves nothing behind: no file on the document, none in the content store.
func TestDocumentContent_tooLarge(t *testing.T) {
	for _, tc := range []struct {
		name   string
		adjust func(*envConfig)
	}{
		{"server limit", func(c *envConfig) { c.opt.MaxUploadBytes = 1024 }},
		{"policy limit", func(c *envConfig) {
			c.opt.MaxUploadBytes = 1 << 20
			c.policy = func(p *duediligence.Policy) { p.MaxUploadBytes = 1024 }
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.adjust)
			c := e.createCase(t, personBody)
			doc := docID(t, c, "id_card")
			path := "/v1/cases/" + c.ID + "/documents/" + doc + "/content"
			big := []byte(strings.Repeat("x", 2048))

			problemOf(t, e.do(t, am, "PUT", path, big, "Content-Type", "image/jpeg", "If-Match", `"1"`), http.StatusRequestEntityTooLarge, "too_large")
			// Without a Content-Length, the limit is met while streaming.
			problemOf(t, e.do(t, am, "PUT", path, struct{ *strings.Reader }{strings.NewReader(string(big))}, "Content-Type", "image/jpeg", "If-Match", `"1"`),
				http.StatusRequestEntityTooLarge, "too_large")

			got := decode[duediligence.Case](t, e.do(t, am, "GET", "/v1/cases/"+c.ID, nil).must(t, http.StatusOK))
			require.Equal(t, 1, got.Version, "the case did not change")
			for _, d := range got.Documents {
				require.Empty(t, d.Files, d.Type)
				require.Equal(t, duediligence.DocumentMissing, d.Status, d.Type)
			}
			require.Empty(t, storedFiles(t, e.contentDir), "the content store keeps nothing")

			// Exactly at the limit is fine.
			e.do(t, am, "PUT", path, big[:1024], "Content-Type", "image/jpeg", "If-Match", `"1"`).must(t, http.StatusCreated)
		})
	}
}

// TestDocumentContent_headers checks the refusals of malformed upload headers.
func TestDocumentContent_headers(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	path := "/v1/cases/" + c.ID + "/documents/" + docID(t, c, "id_card") + "/content"
	v1 := []string{"If-Match", `"1"`}
	problemOf(t, e.do(t, am, "PUT", path, []byte("x"), append(v1, "Content-Type", "image/")...), http.StatusBadRequest, "malformed")
	problemOf(t, e.do(t, am, "PUT", path, []byte("x"), append(v1, "Content-Type", "image/png", "Content-Disposition", `attachment; filename="`)...), http.StatusBadRequest, "malformed")
	problemOf(t, e.do(t, am, "PUT", "/v1/cases/"+c.ID+"/documents/nope/content", []byte("x"), append(v1, "Content-Type", "image/png")...), http.StatusNotFound, "not_found")

	problemOf(t, e.do(t, am, "PUT", path, []byte("x"), append(v1, "Content-Type", "")...), http.StatusUnsupportedMediaType, "unsupported_media_type")

	// No name: named by its hash.
	r := e.do(t, am, "PUT", path, []byte("raw"), append(v1, "Content-Type", "application/octet-stream")...).must(t, http.StatusCreated)
	f := decode[duediligence.FileRef](t, r)
	require.Equal(t, "application/octet-stream", f.MediaType)
	require.Equal(t, f.SHA256[:12], f.Name)
}

// TestRecordDocument checks recording a checklist document's metadata.
func TestRecordDocument(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	r := e.write(t, am, "POST", c.ID, "/documents", `{"type":"credit_report","status":"verified","original_sighted":true,"note":"人行征信 2026-02-28"}`).must(t, http.StatusCreated)
	require.Equal(t, `"2"`, r.header.Get("ETag"))
	d := decode[duediligence.Document](t, r)
	require.Equal(t, docID(t, c, "credit_report"), d.ID, "the checklist's document, not a new one")
	require.Equal(t, duediligence.DocumentVerified, d.Status)
	require.Equal(t, e.users[am].ID, d.OriginalSighted.By)

	// A type the checklist does not ask for is added.
	d = decode[duediligence.Document](t, e.write(t, am, "POST", c.ID, "/documents", `{"type":"other","status":"received","note":"营业场所照片"}`).must(t, http.StatusCreated))
	require.False(t, d.Required)

	p := problemOf(t, e.write(t, am, "POST", c.ID, "/documents", `{"type":"horoscope","status":"lost"}`), http.StatusUnprocessableEntity, "invalid")
	require.ElementsMatch(t, []string{"status", "type"}, fieldsOf(p))
}

// TestDocumentContent_refusedStoresNothing checks that an upload refused for
// its version, its caller or its case's stage is refused before its body is
// stored: the content directory is as it was, however often it is sent.
func TestDocumentContent_refusedStoresNothing(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	path := "/v1/cases/" + c.ID + "/documents/" + docID(t, c, "id_card") + "/content"
	e.do(t, am, "PUT", path, "first scan", "Content-Type", "image/png", "If-Match", `"1"`).must(t, http.StatusCreated)
	before := storedFiles(t, e.contentDir)
	require.Len(t, before, 1)

	big := strings.Repeat("another scan ", 20_000)
	for i := range 3 {
		p := problemOf(t, e.do(t, am, "PUT", path, big+strconv.Itoa(i), "Content-Type", "image/png", "If-Match", `"1"`), http.StatusPreconditionFailed, "stale")
		require.Contains(t, p.Detail, "当前为第 2 版")
	}
	problemOf(t, e.do(t, dm, "PUT", path, big, "Content-Type", "image/png", "If-Match", `"2"`), http.StatusForbidden, "forbidden")
	problemOf(t, e.do(t, am2, "PUT", path, big, "Content-Type", "image/png", "If-Match", `"2"`), http.StatusNotFound, "not_found")
	problemOf(t, e.do(t, am, "PUT", path, big, "Content-Type", "image/png"), http.StatusPreconditionRequired, "precondition_required")
	problemOf(t, e.do(t, am, "PUT", path, big, "Content-Type", "image/png", "If-Match", `W/"2"`), http.StatusPreconditionFailed, "stale")

	// A rejected case takes no more files.
	flag := decode[duediligence.RedFlag](t, e.write(t, risk, "POST", c.ID, "/flags", `{"description":"伪造"}`).must(t, http.StatusCreated))
	e.write(t, dm, "POST", c.ID, "/flags/"+flag.ID+"/resolution", `{"decision":"confirmed","comment":"核实为伪造"}`).must(t, http.StatusOK)
	problemOf(t, e.write(t, am, "PUT", c.ID, "/documents/"+docID(t, c, "id_card")+"/content", big, "Content-Type", "image/png"), http.StatusConflict, "conflict")

	require.Equal(t, before, storedFiles(t, e.contentDir), "the content directory is as it was")
}
