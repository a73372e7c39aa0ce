package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/httpapi"
	"github.com/jinzhi-dev/jinzhi/store"
)

// ExampleNew serves the API over a service on an in-memory SQLite database,
// opens a case as an account manager would and records a document of its
// checklist, naming the case's version.
func ExampleNew() {
	ctx := context.Background()
	db, err := store.Open(ctx, ":memory:", store.Options{})
	if err != nil {
		panic(err)
	}
	defer db.Close()
	st := store.New(db)
	if err := st.Migrate(ctx); err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "jinzhi-content-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	files, err := store.NewContentDir(dir)
	if err != nil {
		panic(err)
	}
	svc, err := duediligence.NewService(duediligence.Config{Store: st, Content: files})
	if err != nil {
		panic(err)
	}
	_, token, err := svc.CreateUser(ctx, duediligence.SystemActor, "王经理", duediligence.RoleAccountManager)
	if err != nil {
		panic(err)
	}

	h := httpapi.New(svc, httpapi.Options{Logger: slog.New(slog.DiscardHandler)})
	req := httptest.NewRequest("POST", "/v1/cases", strings.NewReader(personBody))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)

	var c duediligence.Case
	if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil {
		panic(err)
	}
	fmt.Println(rec.Code, rec.Header().Get("ETag"), c.Stage, c.Applicant.BirthDate, len(c.Documents), "documents to collect")

	// A write to the case names the version it is based on: If-Match with
	// the ETag of the case as last read. Without it, it is refused.
	record := func(ifMatch string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/v1/cases/"+c.ID+"/documents", strings.NewReader(`{"type":"id_card","status":"received"}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		if ifMatch != "" {
			req.Header.Set("If-Match", ifMatch)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	fmt.Println(record("").Code)
	etag := rec.Header().Get("ETag")
	rec = record(etag)
	fmt.Println(rec.Code, rec.Header().Get("ETag"))
	fmt.Println(record(etag).Code, "for the version before")
	// Output:
	// 201 "1" intake 1949-12-31 8 documents to collect
	// 428
	// 201 "2"
	// 412 for the version before
}
