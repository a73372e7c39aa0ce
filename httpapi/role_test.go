package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/httpapi"
)

// TestRoles is the role × route matrix of DESIGN §9. Each row runs on a
// fresh case of the account manager (am), in intake, with one uploaded file
// and one open red flag; am2 is another account manager.
func TestRoles(t *testing.T) {
	const (
		ok   = http.StatusOK
		made = http.StatusCreated
		no   = http.StatusForbidden
		hid  = http.StatusNotFound
		gate = http.StatusConflict
	)
	finding := `{"topic":"identity","method":"document_review","statement":"核对身份证","result":"confirmed"}`
	rows := []struct {
		route string
		body  string
		hdr   []string
		//          am    am2   dm    risk  gm    fin   aud   admin
		want [8]int
	}{
		{route: "GET /v1/me", want: [8]int{ok, ok, ok, ok, ok, ok, ok, ok}},
		{route: "POST /v1/cases", body: personBody, want: [8]int{made, made, no, no, no, no, no, no}},
		{route: "GET /v1/cases", want: [8]int{ok, ok, ok, ok, ok, ok, ok, no}},
		{route: "GET /v1/cases/{id}", want: [8]int{ok, hid, ok, ok, ok, ok, ok, no}},
		{route: "PATCH /v1/cases/{id}", body: `{"applicant":{"kind":"person","name":"张三","id_number":"11010519491231002X","marital_status":"single"}}`,
			want: [8]int{ok, hid, no, no, no, no, no, no}},
		{route: "POST /v1/cases/{id}/documents", body: `{"type":"id_card","status":"received"}`, want: [8]int{made, hid, no, no, no, no, no, no}},
		{route: "PUT /v1/cases/{id}/documents/{doc_id}/content", body: "scan", hdr: []string{"Content-Type", "image/png"},
			want: [8]int{made, hid, no, no, no, no, no, no}},
		{route: "GET /v1/cases/{id}/documents/{doc_id}/content", want: [8]int{ok, hid, ok, ok, ok, ok, ok, no}},
		{route: "POST /v1/cases/{id}/findings", body: finding, want: [8]int{made, hid, no, no, no, no, no, no}},
		{route: "POST /v1/cases/{id}/flags", body: `{"description":"可疑"}`, want: [8]int{made, hid, made, made, made, made, no, no}},
		{route: "POST /v1/cases/{id}/flags/{flag_id}/resolution", body: `{"decision":"dismissed","comment":"已核实"}`,
			want: [8]int{no, hid, ok, no, no, no, no, no}},
		// The owner passes the role check and meets the documents gate.
		{route: "POST /v1/cases/{id}/transitions", body: `{"to":"investigation"}`, want: [8]int{gate, hid, no, no, no, no, no, no}},
		{route: "GET /v1/cases/{id}/events", want: [8]int{ok, hid, ok, ok, ok, ok, ok, no}},
	}

	e := newEnv(t)
	covered := map[string]bool{}
	for _, row := range rows {
		covered[row.route] = true
		t.Run(row.route, func(t *testing.T) {
			c := e.createCase(t, personBody)
			doc := docID(t, c, "id_card")
			e.do(t, am, "PUT", "/v1/cases/"+c.ID+"/documents/"+doc+"/content", "front", "Content-Type", "image/png").must(t, http.StatusCreated)
			flag := decode[duediligence.RedFlag](t, e.do(t, am, "POST", "/v1/cases/"+c.ID+"/flags", `{"description":"待核实"}`).must(t, http.StatusCreated))
			method, pattern, _ := strings.Cut(row.route, " ")
			path := strings.NewReplacer("{id}", c.ID, "{doc_id}", doc, "{flag_id}", flag.ID).Replace(pattern)
			for i, who := range allActors {
				var body any
				if row.body != "" {
					body = row.body
				}
				r := e.do(t, who, method, path, body, row.hdr...)
				require.Equal(t, row.want[i], r.status, "%s as %s: %s", row.route, who, r.body)
			}
		})
	}
	for _, rt := range httpapi.Routes() {
		if !rt.Public {
			require.True(t, covered[rt.Method+" "+rt.Pattern], "the matrix has no row for %s %s", rt.Method, rt.Pattern)
		}
	}
}

// TestAuthentication checks that every /v1 route wants a valid bearer token
// and says so with a challenge, while the operational routes do not.
func TestAuthentication(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	for _, rt := range httpapi.Routes() {
		path := strings.NewReplacer("{id}", c.ID, "{doc_id}", "d", "{flag_id}", "f").Replace(rt.Pattern)
		if rt.Public {
			require.NotEqual(t, http.StatusUnauthorized, e.do(t, "", rt.Method, path, nil).status, path)
			continue
		}
		for _, auth := range []string{"", "Bearer", "Bearer jz_not-a-token", "Basic YWRtaW46YWRtaW4=", "Bearer " + e.tokens[am] + "x"} {
			r := e.do(t, "", rt.Method, path, `{}`, "Authorization", auth)
			problemOf(t, r, http.StatusUnauthorized, "unauthorized")
			challenge := r.header.Get("WWW-Authenticate")
			require.True(t, strings.HasPrefix(challenge, `Bearer realm="jinzhi"`), challenge)
			require.Equal(t, strings.HasPrefix(auth, "Bearer jz_"), strings.Contains(challenge, `error="invalid_token"`), "%q → %q", auth, challenge)
		}
	}
	me := decode[duediligence.Actor](t, e.do(t, "", "GET", "/v1/me", nil, "Authorization", "bearer "+e.tokens[dm]).must(t, http.StatusOK))
	require.Equal(t, duediligence.Actor{ID: e.users[dm].ID, Name: "user department_manager", Role: duediligence.RoleDepartmentManager}, me)
}
