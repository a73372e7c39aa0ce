package httpapi

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// recordDocument answers POST /v1/cases/{id}/documents: it records a
// checklist document's status, note or sighting of the original, or adds a
// document of a catalogue type. It answers 201 with the document whether
// the document was new or already on the checklist (most are: the
// checklist is derived from the case), so that a retry with the same
// Idempotency-Key answers exactly as the first request did.
func (s *server) recordDocument(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	var in duediligence.DocumentInput
	if err := s.decodeJSON(w, r, &in); err != nil {
		return err
	}
	in.IdempotencyKey = key
	c, doc, err := s.svc.RecordDocument(r.Context(), actorOf(r), r.PathValue("id"), expected, in)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", caseETag(c.Version))
	return writeJSON(w, http.StatusCreated, doc)
}

// uploadContent answers PUT /v1/cases/{id}/documents/{doc_id}/content: the
// raw body is streamed, hashed and stored, and the file attached to the
// document. Content-Type (required) is recorded as the file's media type; the name
// comes from Content-Disposition (attachment; filename=...) or ?name=.
// It answers 201 with the file; the ETag is the case's new version, the
// one the next write's If-Match names.
func (s *server) uploadContent(w http.ResponseWriter, r *http.Request) error {
	expected, err := expectedVersion(r)
	if err != nil {
		return err
	}
	// The media type is recorded and served back with the file, so it is
	// required: a client that does not know it says application/octet-stream.
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return &httpError{status: http.StatusUnsupportedMediaType, kind: "unsupported_media_type", title: "Unsupported media type",
			detail:   "send the file's media type as Content-Type (application/octet-stream if unknown)",
			detailZH: "请在 Content-Type 中发送文件的媒体类型（未知时用 application/octet-stream）"}
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return badRequest("Content-Type %q is not a media type", truncate(ct, 80)).zh("Content-Type %q 不是媒体类型", truncate(ct, 80))
	}
	mediaType := mime.FormatMediaType(mt, params)
	name := r.URL.Query().Get("name")
	if cd := r.Header.Get("Content-Disposition"); cd != "" {
		_, params, err := mime.ParseMediaType(cd)
		if err != nil {
			return badRequest("Content-Disposition %q is malformed; send attachment; filename=\"...\"", truncate(cd, 80)).
				zh("Content-Disposition %q 格式有误，请发送 attachment; filename=\"...\"", truncate(cd, 80))
		}
		if fn := params["filename"]; fn != "" {
			if !cleanText(fn) {
				e := badRequest("the file name of Content-Disposition must be %s", cleanTextRule)
				e.fields = []duediligence.FieldError{{Field: "Content-Disposition", Message: "filename must be " + cleanTextRule}}
				return e
			}
			name = fn
		}
	}
	name = cleanFileName(name)
	if r.ContentLength > s.maxUpload {
		return tooLarge("the file", s.maxUpload)
	}

	body := &bodyReader{r: http.MaxBytesReader(w, r.Body, s.maxUpload)}
	caseID, docID := r.PathValue("id"), r.PathValue("doc_id")
	c, file, err := s.svc.UploadDocumentContent(r.Context(), actorOf(r), caseID, expected, docID, name, mediaType, body)
	if err != nil {
		// A failure reading the body is the client's, however the content
		// store reported it: over the limit, or cut short.
		if _, ok := errors.AsType[*http.MaxBytesError](body.err); ok {
			return tooLarge("the file", s.maxUpload)
		}
		if body.err != nil && duediligence.ErrorCode(err) == duediligence.CodeInternal {
			return &httpError{status: http.StatusBadRequest, kind: "malformed", title: "Malformed request",
				detail: "the upload could not be read to its end", detailZH: "上传的文件未能完整读取", err: err}
		}
		return err
	}
	w.Header().Set("Location", "/v1/cases/"+url.PathEscape(caseID)+"/documents/"+url.PathEscape(docID)+"/content?sha256="+file.SHA256)
	w.Header().Set("ETag", caseETag(c.Version))
	return writeJSON(w, http.StatusCreated, file)
}

// downloadContent answers GET /v1/cases/{id}/documents/{doc_id}/content:
// the newest file of the document, or the one ?sha256= names, with its
// media type, length and name, and its SHA-256 as the ETag. The service
// records the download in the case's audit trail before a byte is sent.
func (s *server) downloadContent(w http.ResponseWriter, r *http.Request) error {
	rc, file, err := s.svc.OpenDocumentContent(r.Context(), actorOf(r), r.PathValue("id"), r.PathValue("doc_id"), r.URL.Query().Get("sha256"))
	if err != nil {
		return err
	}
	defer rc.Close()
	h := w.Header()
	mediaType := file.MediaType
	if _, _, err := mime.ParseMediaType(mediaType); err != nil {
		mediaType = "application/octet-stream"
	}
	h.Set("Content-Type", mediaType)
	h.Set("Content-Length", strconv.FormatInt(file.Size, 10))
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": file.Name})
	if disposition == "" {
		disposition = "attachment"
	}
	h.Set("Content-Disposition", disposition)
	h.Set("ETag", `"`+file.SHA256+`"`)
	// Never let a browser run an uploaded file as something else.
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return nil
	}
	if n, err := io.Copy(w, rc); err != nil {
		s.log.WarnContext(r.Context(), "download cut short", "request_id", logInfoOf(r.Context()).requestID,
			"sha256", file.SHA256, "sent", n, "size", file.Size, "error", err.Error())
	}
	return nil
}

// bodyReader remembers the first error reading a request body, so that a
// failed upload can be blamed on the body whatever the store made of it.
type bodyReader struct {
	r   io.Reader
	err error
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF && b.err == nil {
		b.err = err
	}
	return n, err
}

// maxFileName bounds a recorded file name, in bytes.
const maxFileName = 255

// cleanFileName keeps the last element of a client's file name (browsers
// may send a path), without control characters, at most maxFileName bytes.
func cleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	for len(name) > maxFileName {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "." || name == ".." {
		return ""
	}
	return name
}
