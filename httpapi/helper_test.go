package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi-validator/paths"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/httpapi"
	"github.com/jinzhi-dev/jinzhi/store"
)

// now is the fixed time of every test: 09:30 in Beijing on 2 March 2026.
var now = time.Date(2026, 3, 2, 1, 30, 0, 0, time.UTC)

// personBody is the application of DESIGN §9.
const personBody = `{"applicant": {"kind":"person","name":"张三","id_number":"11010519491231002X","phone":"13800138000","marital_status":"married","monthly_income":"30000.00","monthly_debt_payments":"2000.00"},"request":{"amount":"500000.00","term_months":36,"purpose":"采购原材料","purpose_category":"business_operation","repayment_method":"equal_installment","annual_rate":"0.0850","repayment_source":"经营收入"}}`

// orgBody is an organization's application, its legal representative a person.
const orgBody = `{"applicant": {"kind":"organization","name":"北京金之商贸有限公司","credit_code":"91110000600037341L","legal_representative":{"kind":"person","name":"李四","id_number":"440524188001010014"},"founding_date":"2010-05-18","industry":"批发业","registered_capital":"10000000.00"},"request":{"amount":"3000000.00","term_months":12,"purpose":"补充流动资金","purpose_category":"working_capital","repayment_method":"interest_only","annual_rate":"0.0600","repayment_source":"销售回款"}}`

// The roles of the tests, plus a second account manager.
const (
	am      = "account_manager"
	am2     = "other_account_manager"
	dm      = "department_manager"
	risk    = "risk_officer"
	gm      = "general_manager"
	finance = "finance"
	auditor = "auditor"
	admin   = "admin"
)

var allActors = []string{am, am2, dm, risk, gm, finance, auditor, admin}

// env is a server over a real service on a SQLite file, with one user per
// role, reached through a client that validates every response (and every
// request the server accepted) against openapi.json.
type env struct {
	svc        *duediligence.Service
	srv        *httptest.Server
	client     *http.Client
	tokens     map[string]string
	users      map[string]duediligence.User
	contentDir string
	logs       *syncBuffer
	hooks      *hookStore
}

// envConfig adjusts an env before it starts.
type envConfig struct {
	opt    httpapi.Options
	policy func(*duediligence.Policy)
	// databaseURL is the store's database; default a new SQLite file.
	databaseURL string
	// now is the service's clock; default now.
	now time.Time
}

func newEnv(t *testing.T, adjust ...func(*envConfig)) *env {
	t.Helper()
	ctx := context.Background()
	var cfg envConfig
	for _, f := range adjust {
		f(&cfg)
	}
	if cfg.databaseURL == "" {
		cfg.databaseURL = filepath.Join(t.TempDir(), "t.db")
	}
	db, err := store.Open(ctx, cfg.databaseURL, store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	st := store.New(db)
	require.NoError(t, st.Migrate(ctx))
	e := &env{contentDir: t.TempDir(), logs: &syncBuffer{}, hooks: &hookStore{Store: st}}
	files, err := store.NewContentDir(e.contentDir)
	require.NoError(t, err)
	if cfg.now.IsZero() {
		cfg.now = now
	}
	policy := duediligence.DefaultPolicy()
	if cfg.policy != nil {
		cfg.policy(policy)
	}
	e.svc, err = duediligence.NewService(duediligence.Config{
		Store: e.hooks, Content: files, Policy: policy,
		Clock: duediligence.ClockFunc(func() time.Time { return cfg.now }),
	})
	require.NoError(t, err)
	t.Cleanup(func() { e.svc.Close(context.Background()) }) // after the server's, before the database's
	e.tokens, e.users = map[string]string{}, map[string]duediligence.User{}
	for _, who := range allActors {
		role := duediligence.Role(who)
		if who == am2 {
			role = duediligence.RoleAccountManager
		}
		u, token, err := e.svc.CreateUser(ctx, duediligence.SystemActor, "user "+who, role)
		require.NoError(t, err)
		e.tokens[who], e.users[who] = token, u
	}
	opt := cfg.opt
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewJSONHandler(e.logs, nil))
	}
	e.srv = httptest.NewServer(httpapi.New(e.svc, opt))
	t.Cleanup(e.srv.Close)
	e.client = &http.Client{Transport: &validatingTransport{t: t, base: e.srv.Client().Transport}}
	return e
}

// response is what a test looks at.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request as who (a role of allActors, or "" for no token).
// body is nil, a string or []byte sent as is, or a value sent as JSON; a
// body is sent as application/json unless hdr names another Content-Type.
// hdr is pairs of header name and value.
func (e *env) do(t *testing.T, who, method, path string, body any, hdr ...string) response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	case io.Reader:
		rd = b
	default:
		raw, err := json.Marshal(b)
		require.NoError(t, err)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	require.NoError(t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
			continue
		}
		req.Header.Set(hdr[i], hdr[i+1])
	}
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[who])
	}
	resp, err := e.client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return response{status: resp.StatusCode, header: resp.Header, body: raw}
}

// must requires the status and returns the response.
func (r response) must(t *testing.T, status int) response {
	t.Helper()
	require.Equal(t, status, r.status, "body: %s", r.body)
	return r
}

// decode decodes the response's JSON body.
func decode[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(r.body, &v), "body: %s", r.body)
	return v
}

// problem is the problem+json body the tests read.
type problem struct {
	Type      string                    `json:"type"`
	Title     string                    `json:"title"`
	Status    int                       `json:"status"`
	Detail    string                    `json:"detail"`
	RequestID string                    `json:"request_id"`
	Errors    []duediligence.FieldError `json:"errors"`
	Unmet     []duediligence.Unmet      `json:"unmet"`
}

// problemOf requires a problem of status and kind (the type's last segment).
func problemOf(t *testing.T, r response, status int, kind string) problem {
	t.Helper()
	r.must(t, status)
	require.Equal(t, "application/problem+json", r.header.Get("Content-Type"))
	p := decode[problem](t, r)
	require.Equal(t, "https://jinzhi.dev/problems/"+kind, p.Type, "detail: %s", p.Detail)
	require.Equal(t, status, p.Status)
	return p
}

// fieldsOf lists the fields of a problem's errors.
func fieldsOf(p problem) []string {
	out := []string{}
	for _, f := range p.Errors {
		out = append(out, f.Field)
	}
	return out
}

// etag returns the ETag of the case as it is now, read from the store (no
// request, no audited read): the If-Match of a write a test makes outside a
// walk.
func (e *env) etag(t *testing.T, caseID string) string {
	t.Helper()
	c, err := e.hooks.Store.Cases().FindCaseByID(context.Background(), caseID)
	require.NoError(t, err)
	return fmt.Sprintf(`"%d"`, c.Version)
}

// write is do for a write to the case caseID, naming its current ETag.
func (e *env) write(t *testing.T, who, method, caseID, path string, body any, hdr ...string) response {
	t.Helper()
	return e.do(t, who, method, "/v1/cases/"+caseID+path, body, append([]string{"If-Match", e.etag(t, caseID)}, hdr...)...)
}

// createCase opens a case as the account manager and returns it.
func (e *env) createCase(t *testing.T, body string) duediligence.Case {
	t.Helper()
	return decode[duediligence.Case](t, e.do(t, am, "POST", "/v1/cases", body).must(t, http.StatusCreated))
}

// docID returns the ID of the case's document of type typ.
func docID(t *testing.T, c duediligence.Case, typ string) string {
	t.Helper()
	for _, d := range c.Documents {
		if d.Type == typ {
			return d.ID
		}
	}
	t.Fatalf("case %s has no document of type %s", c.ID, typ)
	return ""
}

// validation is the OpenAPI validator of the embedded document, built once.
var validation struct {
	once    sync.Once
	mu      sync.Mutex // the validator's caches are not documented as safe for concurrent use
	v       validator.Validator
	model   *v3.Document
	problem *base.Schema
	err     error
}

func openAPIValidator(t testing.TB) validator.Validator {
	t.Helper()
	validation.once.Do(func() {
		doc, err := libopenapi.NewDocument(httpapi.OpenAPI())
		if err != nil {
			validation.err = err
			return
		}
		v, errs := validator.NewValidator(doc, config.WithFormatAssertions(), config.WithStrictMode(),
			// An event's data is free-form by design: what each action changed;
			// a message's params are named by its key.
			config.WithStrictIgnorePaths("$.body.events[*].data.**", "$.body.**.params.*"),
			// CORS headers are the browser's protocol, on any answer to an
			// allowed origin, like Vary; openapi.json describes them once.
			config.WithStrictIgnoredHeadersExtra("access-control-allow-origin", "access-control-expose-headers"))
		if len(errs) > 0 {
			validation.err = fmt.Errorf("building the validator: %v", errs)
			return
		}
		model, err := doc.BuildV3Model()
		if err != nil {
			validation.err = err
			return
		}
		validation.v, validation.model = v, &model.Model
		validation.problem = model.Model.Components.Schemas.GetOrZero("Problem").Schema()
	})
	require.NoError(t, validation.err)
	return validation.v
}

// validatingTransport checks every response against openapi.json, and every
// request the server accepted (2xx), so that no answer of the tests escapes
// the contract.
type validatingTransport struct {
	t    *testing.T
	base http.RoundTripper
}

func (vt *validatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		if reqBody, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
		chunked := req.ContentLength <= 0
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
		if chunked {
			// Keep the request chunked, as the test asked, so the server
			// meets a body of unknown length.
			req.Body = io.NopCloser(struct{ io.Reader }{bytes.NewReader(reqBody)})
		}
	}
	resp, err := vt.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))

	v := openAPIValidator(vt.t)
	vreq := req.Clone(req.Context())
	vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	vresp := *resp
	vresp.Body = io.NopCloser(bytes.NewReader(respBody))
	validation.mu.Lock()
	defer validation.mu.Unlock()
	if !documented(vreq) {
		// No operation to check against: what the server answers outside
		// its routes (404, 405) must still be a problem with a request ID.
		if resp.Header.Get("Content-Type") != "application/problem+json" || resp.Header.Get("X-Request-ID") == "" {
			vt.t.Errorf("%s %s → %d: not a problem with a request ID: %v", req.Method, req.URL.Path, resp.StatusCode, resp.Header)
		}
		if ok, errs := schema_validation.NewSchemaValidator().ValidateSchemaBytes(validation.problem, respBody); !ok {
			vt.t.Errorf("%s %s → %d: the body is not a Problem:\n%s\nbody: %s", req.Method, req.URL.Path, resp.StatusCode, describe(errs), respBody)
		}
		return resp, nil
	}
	if ok, errs := v.ValidateHttpResponse(vreq, &vresp); !ok {
		vt.t.Errorf("%s %s → %d: the response breaks openapi.json:\n%s\nbody: %s", req.Method, req.URL.Path, resp.StatusCode, describe(errs), printable(resp.Header, respBody))
	}
	if resp.StatusCode < 300 {
		vreq = req.Clone(req.Context())
		vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
		if ok, errs := v.ValidateHttpRequest(vreq); !ok {
			vt.t.Errorf("%s %s → %d: the server accepted a request that breaks openapi.json:\n%s\nbody: %s", req.Method, req.URL.Path, resp.StatusCode, describe(errs), printable(req.Header, reqBody))
		}
	}
	return resp, nil
}

// documented reports whether openapi.json has an operation for r.
func documented(r *http.Request) bool {
	item, errs, _ := paths.FindPath(r, validation.model, config.NewValidationOptions())
	return item != nil && len(errs) == 0 && helpers.ExtractOperation(r, item) != nil
}

// printable shows a JSON body, cut short, and only the size of another.
func printable(h http.Header, body []byte) string {
	if !strings.Contains(h.Get("Content-Type"), "json") {
		return fmt.Sprintf("<%d bytes of %s>", len(body), h.Get("Content-Type"))
	}
	if len(body) > 2000 {
		return string(body[:2000]) + "…"
	}
	return string(body)
}

// describe lists validation errors one per line, with each schema failure.
func describe[E interface{ Error() string }](errs []E) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "  - %s\n", e.Error())
	}
	return b.String()
}

// hookStore is the real store with a hook on FindCaseByID, to make it fail
// or panic.
type hookStore struct {
	duediligence.Store
	mu       sync.Mutex
	findHook func() error
}

func (h *hookStore) setFindHook(f func() error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.findHook = f
}

func (h *hookStore) Cases() duediligence.CaseStore { return hookCases{h.Store.Cases(), h} }

// hookCases runs the hook before each FindCaseByID.
type hookCases struct {
	duediligence.CaseStore
	h *hookStore
}

func (c hookCases) FindCaseByID(ctx context.Context, id string) (*duediligence.Case, error) {
	c.h.mu.Lock()
	f := c.h.findHook
	c.h.mu.Unlock()
	if f != nil {
		if err := f(); err != nil {
			return nil, err
		}
	}
	return c.CaseStore.FindCaseByID(ctx, id)
}

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// entries returns the JSON log entries with the given message.
func (b *syncBuffer) entries(t *testing.T, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m), "log line %q", line)
		if m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}
