package httpapi_test

import (
	"fmt"
	"maps"
	"net/http"
	"strings"
	"sync/atomic"
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
		gone = http.StatusNoContent
	)
	finding := `{"topic":"identity","method":"document_review","statement":"核对身份证","result":"confirmed"}`
	rows := []struct {
		route string
		query string
		body  string
		hdr   []string
		// setup prepares the case further and returns more path values
		// ({item_id}) or another case ({id}).
		setup func(t *testing.T, e *env, c duediligence.Case) map[string]string
		// fresh gives each caller a case of its own, for a write whose
		// success would change what the next caller meets (a decision).
		fresh bool
		//          am    am2   dm    risk  gm    fin   aud   admin
		want [8]int
	}{
		{route: "GET /v1/me", want: [8]int{ok, ok, ok, ok, ok, ok, ok, ok}},
		{route: "GET /v1/users", want: [8]int{ok, ok, ok, no, no, no, ok, ok}},
		{route: "POST /v1/users", body: `{"name":"新同事","role":"auditor"}`, want: [8]int{no, no, no, no, no, no, no, made}},
		{route: "POST /v1/users/{user_id}/revocation", fresh: true,
			setup: func(t *testing.T, e *env, c duediligence.Case) map[string]string {
				u, _, err := e.svc.CreateUser(t.Context(), duediligence.SystemActor, "离职员工", duediligence.RoleAccountManager)
				require.NoError(t, err)
				return map[string]string{"{user_id}": u.ID}
			}, want: [8]int{no, no, no, no, no, no, no, ok}},
		{route: "POST /v1/cases", body: personBody, want: [8]int{made, made, no, no, no, no, no, no}},
		{route: "GET /v1/cases", want: [8]int{ok, ok, ok, ok, ok, ok, ok, no}},
		{route: "GET /v1/cases/{id}", want: [8]int{ok, hid, ok, ok, ok, ok, ok, no}},
		{route: "PATCH /v1/cases/{id}", body: `{"applicant":{"kind":"person","name":"张三","id_number":"11010519491231002X","marital_status":"single"}}`,
			want: [8]int{ok, hid, no, no, no, no, no, no}},
		{route: "POST /v1/cases/{id}/documents", body: `{"type":"id_card","status":"received"}`, want: [8]int{made, hid, no, no, no, no, no, no}},
		{route: "PUT /v1/cases/{id}/documents/{doc_id}/content", body: "scan", hdr: []string{"Content-Type", "image/png"},
			want: [8]int{made, hid, no, no, no, no, no, no}},
		{route: "GET /v1/cases/{id}/documents/{doc_id}/content", want: [8]int{ok, hid, ok, ok, ok, ok, ok, no}},
		// After disbursement the roles that follow the loan add post-loan
		// papers and their files; the approved checklist stays as it was
		// (422 naming the type, 409 naming the document). TestPostLoanDocuments
		// walks them on real loans.
		{route: "POST /v1/cases/{id}/documents", body: `{"type":"extension_consent"}`, setup: inStage(duediligence.StageDisbursed),
			want: [8]int{made, hid, made, made, no, made, no, no}},
		{route: "POST /v1/cases/{id}/documents", body: `{"type":"id_card","status":"verified"}`, setup: inStage(duediligence.StageDisbursed),
			want: [8]int{http.StatusUnprocessableEntity, hid, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, no, http.StatusUnprocessableEntity, no, no}},
		{route: "POST /v1/cases/{id}/documents", body: `{"type":"recovery_evidence"}`, setup: inStage(duediligence.StageWrittenOff),
			want: [8]int{made, hid, made, made, no, made, no, no}},
		{route: "POST /v1/cases/{id}/documents", body: `{"type":"settlement_certificate"}`, setup: inStage(duediligence.StageClosed),
			want: [8]int{made, hid, made, made, no, made, no, no}},
		{route: "PUT /v1/cases/{id}/documents/{doc_id}/content", body: "scan", hdr: []string{"Content-Type", "image/png"},
			setup: withPostLoanDocument, want: [8]int{made, hid, made, made, no, made, no, no}},
		{route: "PUT /v1/cases/{id}/documents/{doc_id}/content", body: "scan", hdr: []string{"Content-Type", "image/png"},
			setup: inStage(duediligence.StageWrittenOff), want: [8]int{gate, hid, gate, gate, no, gate, no, no}},
		{route: "POST /v1/cases/{id}/findings", body: finding, want: [8]int{made, hid, no, no, no, no, no, no}},
		{route: "POST /v1/cases/{id}/co-investigators", body: `{"user_id":"{co}"}`, fresh: true,
			setup: func(t *testing.T, e *env, c duediligence.Case) map[string]string {
				return map[string]string{"{co}": e.users[am2].ID}
			}, want: [8]int{ok, hid, ok, no, no, no, no, no}},
		{route: "POST /v1/cases/{id}/flags", body: `{"description":"可疑"}`, want: [8]int{made, hid, made, made, made, made, no, no}},
		{route: "POST /v1/cases/{id}/flags/{flag_id}/resolution", body: `{"decision":"dismissed","comment":"已核实"}`,
			want: [8]int{no, hid, ok, no, no, no, no, no}},
		// The owner passes the role check and meets the documents gate.
		{route: "POST /v1/cases/{id}/transitions", body: `{"to":"investigation"}`, want: [8]int{gate, hid, no, no, no, no, no, no}},
		{route: "GET /v1/cases/{id}/events", want: [8]int{ok, hid, ok, ok, ok, ok, ok, no}},

		{route: "POST /v1/cases/{id}/collateral", body: houseItem, want: [8]int{made, hid, no, no, no, no, no, no}},
		{route: "PATCH /v1/cases/{id}/collateral/{item_id}", body: `{"description":"三室一厅"}`, setup: withItem,
			want: [8]int{ok, hid, no, no, no, no, no, no}},
		{route: "DELETE /v1/cases/{id}/collateral/{item_id}", setup: withItem, want: [8]int{gone, hid, no, no, no, no, no, no}},
		{route: "POST /v1/cases/{id}/collateral/{item_id}/appraisals", body: `{"appraiser":"某评估公司","method":"market","value":"1100000.00","date":"2026-02-20"}`,
			setup: withItem, want: [8]int{made, hid, no, no, no, no, no, no}},
		// Finance records registrations too; from investigation on.
		{route: "POST /v1/cases/{id}/registrations", body: `{"item_id":"{item_id}","registration":{"certificate_number":"京(2026)朝阳区不动产证明第0000001号","registry":"北京市朝阳区不动产登记中心","mortgagee":"金之银行","mortgagors":["张三"],"secured_amount":"500000.00","registered_on":"2026-03-01"}}`,
			setup: func(t *testing.T, e *env, c duediligence.Case) map[string]string {
				repl := withItem(t, e, c)
				w := e.walkOf(t, c)
				w.dismissFlags(t)
				w.investigate(t)
				return repl
			}, want: [8]int{made, hid, no, no, no, made, no, no}},
		// Finance records a pledge's perfection too; from investigation on.
		{route: "POST /v1/cases/{id}/perfections", body: `{"item_id":"{item_id}","act":"registration","registry":"中国人民银行征信中心动产融资统一登记公示系统","reference":"0581234567890","document":"{doc_id}"}`,
			setup: func(t *testing.T, e *env, c duediligence.Case) map[string]string {
				it := decode[duediligence.CollateralItem](t, e.write(t, am, "POST", c.ID, "/collateral", receivableItem).must(t, http.StatusCreated))
				w := e.walkOf(t, c)
				w.dismissFlags(t)
				w.investigate(t)
				return map[string]string{"{item_id}": it.ID, "{doc_id}": w.get(t, am).Documents[0].ID}
			}, want: [8]int{made, hid, no, no, no, made, no, no}},
		{route: "POST /v1/cases/{id}/guarantees", body: personGuarantee, want: [8]int{made, hid, no, no, no, no, no, no}},
		{route: "PATCH /v1/cases/{id}/guarantees/{guarantee_id}", body: `{"amount":"300000.00"}`, setup: withGuarantee,
			want: [8]int{ok, hid, no, no, no, no, no, no}},
		{route: "DELETE /v1/cases/{id}/guarantees/{guarantee_id}", setup: withGuarantee, want: [8]int{gone, hid, no, no, no, no, no, no}},
		{route: "GET /v1/cases/{id}/checks", want: [8]int{ok, hid, ok, ok, ok, ok, ok, no}},
		// In investigation the site visit is a warning until recorded.
		{route: "POST /v1/cases/{id}/checks/{rule_id}/acknowledgement", body: `{"justification":"次日补做实地调查"}`,
			setup: func(t *testing.T, e *env, c duediligence.Case) map[string]string {
				w := e.walkOf(t, c)
				w.dismissFlags(t)
				w.investigate(t)
				return map[string]string{"{rule_id}": "process.site_visit"}
			}, want: [8]int{ok, hid, no, no, no, no, no, no}},
		{route: "POST /v1/cases/{id}/report", want: [8]int{ok, hid, no, no, no, no, no, no}},
		{route: "PATCH /v1/cases/{id}/report", body: `{"opinion":"同意"}`, setup: withReport, want: [8]int{ok, hid, no, no, no, no, no, no}},
		{route: "POST /v1/cases/{id}/report/attestation", body: `{"statement":"属实"}`, setup: withReport,
			want: [8]int{ok, hid, no, no, no, no, no, no}},
		{route: "GET /v1/cases/{id}/report", setup: withReport, want: [8]int{ok, hid, ok, ok, ok, ok, ok, no}},
		// The department manager signs the first step; the risk officer and
		// the general manager are refused by separation of duties, the
		// others by their role.
		{route: "POST /v1/cases/{id}/decisions", body: `{"decision":"approve"}`, fresh: true,
			setup: func(t *testing.T, e *env, _ duediligence.Case) map[string]string {
				w := e.newWalk(t, goodBody("500000.00", "50000.00"))
				w.readyToSubmit(t)
				w.submit(t)
				return map[string]string{"{id}": w.id}
			}, want: [8]int{no, hid, ok, no, no, no, no, no}},
		{route: "GET /v1/ledger", query: "?year=2026", want: [8]int{ok, ok, ok, ok, ok, ok, ok, no}},
		// A person's client file: not to a role that sees resident IDs masked,
		// nor to an account manager with no case of theirs.
		{route: "GET /v1/clients/{key}", setup: func(t *testing.T, e *env, c duediligence.Case) map[string]string {
			e.createCase(t, strings.Replace(personBody, "11010519491231002X", "110105198001010016", 1))
			return map[string]string{"{key}": "110105198001010016"}
		}, want: [8]int{ok, hid, ok, ok, ok, no, no, no}},
		// A search by name answers every reader (masked); the history reads as the case does.
		{route: "GET /v1/clients", query: "?q=%E7%8E%8B%E4%BA%94", want: [8]int{ok, ok, ok, ok, ok, ok, ok, no}},
		{route: "GET /v1/cases/{id}/history", want: [8]int{ok, hid, ok, ok, ok, ok, ok, no}},
		// The approval form reads as the report does, once submitted.
		{route: "GET /v1/cases/{id}/approval-form", hdr: []string{"Accept", "text/html"}, fresh: true,
			setup: func(t *testing.T, e *env, _ duediligence.Case) map[string]string {
				w := e.newWalk(t, goodBody("500000.00", "50000.00"))
				w.readyToSubmit(t)
				w.submit(t)
				return map[string]string{"{id}": w.id}
			}, want: [8]int{ok, hid, ok, ok, ok, ok, ok, no}},
		// The contract phase on a case in intake: the roles that may act
		// pass the role check and meet the stage (409); readers find no
		// contracts or loan yet (404). TestWalk_disbursement walks them
		// with success.
		{route: "POST /v1/cases/{id}/contracts", body: `{}`, want: [8]int{gate, hid, no, no, no, no, no, no}},
		{route: "GET /v1/cases/{id}/contracts", want: [8]int{hid, hid, hid, hid, hid, hid, hid, no}},
		{route: "GET /v1/cases/{id}/contracts/{number}", setup: withContractNumber, want: [8]int{hid, hid, hid, hid, hid, hid, hid, no}},
		{route: "POST /v1/cases/{id}/contracts/{number}/signatures", setup: withContractNumber,
			body: `{"name":"张三","capacity":"borrower","method":"e_signature","reference":"E-1"}`, want: [8]int{gate, hid, no, no, no, no, no, no}},
		{route: "POST /v1/cases/{id}/fees", body: `{"name":"服务费","amount":"5000.00","payer":"张三"}`, want: [8]int{gate, hid, no, no, no, gate, no, no}},
		{route: "POST /v1/cases/{id}/conditions/{index}/fulfilment", setup: func(*testing.T, *env, duediligence.Case) map[string]string {
			return map[string]string{"{index}": "0"}
		}, body: `{"evidence":"已办妥"}`, want: [8]int{gate, hid, no, no, no, gate, no, no}},
		// Only finance disburses, whoever owns the case.
		{route: "POST /v1/cases/{id}/disbursement", body: `{"amount":"500000.00","account":"6222020200112233445"}`, hdr: []string{"Idempotency-Key", "roles-1"},
			want: [8]int{no, no, no, no, no, gate, no, no}},
		{route: "GET /v1/cases/{id}/schedule", want: [8]int{hid, hid, hid, hid, hid, hid, hid, no}},
		{route: "GET /v1/cases/{id}/loan-receipts/{seq}", setup: func(*testing.T, *env, duediligence.Case) map[string]string {
			return map[string]string{"{seq}": "1"}
		}, want: [8]int{hid, hid, hid, hid, hid, hid, hid, no}},
		// After disbursement, on a case with no loan: finance and the risk
		// officer pass the role check and meet the stage (409) or find no
		// repayment (404). TestWalk_repayments walks them with success.
		{route: "POST /v1/cases/{id}/repayments", body: `{"amount":"100.00","payer":"张三","reference":"R-1","channel":"cash"}`,
			hdr: []string{"Idempotency-Key", "roles-r"}, want: [8]int{no, no, no, no, no, gate, no, no}},
		{route: "GET /v1/cases/{id}/repayments", want: [8]int{hid, hid, hid, hid, hid, hid, hid, no}},
		{route: "POST /v1/cases/{id}/repayments/{rid}/reversal", body: `{"reason":"退票"}`, hdr: []string{"Idempotency-Key", "roles-rv"},
			setup: func(*testing.T, *env, duediligence.Case) map[string]string {
				return map[string]string{"{rid}": duediligence.UUIDv7{}.NewID()}
			}, want: [8]int{no, no, no, no, no, hid, no, no}},
		{route: "GET /v1/cases/{id}/loan", want: [8]int{hid, hid, hid, hid, hid, hid, hid, no}},
		{route: "POST /v1/cases/{id}/loan/classification", body: `{"classification":"doubtful","reason":"涉诉"}`, hdr: []string{"Idempotency-Key", "roles-c"},
			want: [8]int{no, no, no, gate, no, no, no, no}},
		// The follow-up on a case in intake: who may record passes the role
		// check and meets the stage (409); the deadlines need a loan (404).
		// TestFollowUp walks them on a disbursed loan.
		{route: "POST /v1/cases/{id}/visits", body: `{"subject":"borrower","method":"phone","findings":"经营正常"}`, want: [8]int{gate, hid, gate, no, no, no, no, no}},
		{route: "GET /v1/cases/{id}/visits", want: [8]int{ok, hid, ok, ok, ok, ok, ok, no}},
		{route: "POST /v1/cases/{id}/demands", body: `{"to":"borrower","method":"post","delivered_on":"2026-03-01","proof":"{doc_id}"}`, want: [8]int{gate, hid, gate, no, no, no, no, no}},
		{route: "GET /v1/cases/{id}/deadlines", want: [8]int{hid, hid, hid, hid, hid, hid, hid, no}},
		{route: "POST /v1/consultations", body: `{"prospect":{"name":"李四","phone":"13800138000"},"topic":"经营贷款","answer":"介绍产品与所需资料"}`,
			want: [8]int{made, made, no, no, no, no, no, no}},
		{route: "GET /v1/consultations", want: [8]int{ok, ok, ok, ok, ok, ok, ok, no}},
		{route: "GET /v1/reports/daily", want: [8]int{ok, ok, ok, ok, ok, ok, ok, no}},
		{route: "GET /v1/reports/weekly", query: "?week=2026-W10", want: [8]int{ok, ok, ok, ok, ok, ok, ok, no}},
		// The portfolio: everyone who reads cases, each as far as they see.
		{route: "GET /v1/portfolio/overdue", query: "?as_of=2027-06-30", want: [8]int{ok, ok, ok, ok, ok, ok, ok, no}},
		{route: "GET /v1/portfolio/maturities", query: "?within_days=30", want: [8]int{ok, ok, ok, ok, ok, ok, ok, no}},
		{route: "GET /v1/cases/{id}/collection-notice", want: [8]int{hid, hid, hid, hid, hid, hid, hid, no}},
		// Extensions on a case in intake: its account manager passes the role
		// check and meets the stage (409). TestExtension walks them.
		{route: "POST /v1/cases/{id}/extensions", body: `{"months":6,"reason":"经营周转困难"}`, want: [8]int{gate, hid, no, no, no, no, no, no}},
		{route: "POST /v1/cases/{id}/extensions/consents", body: `{"guarantee_id":"g-1","document_id":"{doc_id}"}`,
			want: [8]int{gate, hid, no, no, no, no, no, no}},
		// Investors and funders: the investor-relations roles (account and
		// department managers) register investors and work a project's
		// funding; on a case in intake they meet the stage (409). TestWalk_funding
		// walks them with success.
		{route: "POST /v1/investors", body: investorBody("钱一", "{new_id}", 3), fresh: true, setup: newInvestorID,
			want: [8]int{made, made, made, no, no, no, no, no}},
		{route: "GET /v1/investors", want: [8]int{ok, ok, ok, ok, ok, no, ok, no}},
		{route: "GET /v1/investors/{investor_id}", setup: withInvestor, want: [8]int{ok, hid, ok, ok, ok, no, ok, no}},
		{route: "POST /v1/investors/{investor_id}/assessments", body: `{"level":4,"assessed_on":"2026-03-02","basis":"风险测评问卷 80 分","document":"CP-1"}`,
			setup: withInvestor, fresh: true, want: [8]int{made, hid, made, no, no, no, no, no}},
		{route: "GET /v1/cases/{id}/funding", want: [8]int{ok, hid, ok, ok, ok, ok, ok, no}},
		{route: "PUT /v1/cases/{id}/funding", body: `{"own_funds":"100.00"}`, want: [8]int{gate, hid, gate, no, no, no, no, no}},
		{route: "POST /v1/cases/{id}/funding/selections", body: `{"investor_id":"{investor_id}"}`, setup: withInvestor,
			want: [8]int{gate, hid, gate, no, no, no, no, no}},
		{route: "POST /v1/cases/{id}/funding/interests", body: `{"investor_id":"{investor_id}"}`, setup: withInvestor,
			want: [8]int{gate, hid, gate, no, no, no, no, no}},
		{route: "POST /v1/cases/{id}/teasers", body: `{"investor_id":"{investor_id}"}`, setup: withInvestor,
			want: [8]int{gate, hid, gate, no, no, no, no, no}},
		{route: "POST /v1/cases/{id}/commitments", body: `{"investor_id":"{investor_id}","amount":"100.00"}`, setup: withInvestor,
			hdr: []string{"Idempotency-Key", "roles-cm"}, want: [8]int{gate, hid, gate, no, no, no, no, no}},
		{route: "POST /v1/cases/{id}/commitments/{commitment_id}/withdrawal", body: `{"reason":"资金安排变化"}`,
			setup: func(*testing.T, *env, duediligence.Case) map[string]string {
				return map[string]string{"{commitment_id}": "0190c2d2-0000-7000-8000-0000000000cc"}
			}, want: [8]int{hid, hid, hid, no, no, no, no, no}},
		{route: "GET /v1/cases/{id}/investor-notices", want: [8]int{ok, hid, ok, ok, ok, ok, ok, no}},
		{route: "POST /v1/cases/{id}/investor-notices/{notice_id}/delivery", body: `{"method":"sms","delivered_on":"2026-03-01","proof":"SMS-1"}`,
			setup: func(*testing.T, *env, duediligence.Case) map[string]string {
				return map[string]string{"{notice_id}": "0123456789abcdef"}
			},
			want: [8]int{gate, hid, gate, no, no, no, no, no}},
		// A write-off is asked for by the account manager or a risk officer
		// (409 on a case in intake); recoveries are finance's (409: not
		// written off). TestWriteOff walks them.
		{route: "POST /v1/cases/{id}/write-off", body: `{"reason":"借款人破产清算终结","evidence":["{doc_id}"]}`,
			want: [8]int{gate, hid, no, gate, no, no, no, no}},
		{route: "POST /v1/cases/{id}/recoveries", body: `{"amount":"100.00","payer":"破产管理人","reference":"REC-1","channel":"bank_transfer"}`,
			hdr: []string{"Idempotency-Key", "roles-rec"}, want: [8]int{no, no, no, no, no, hid, no, no}},
	}

	e := newEnv(t)
	preconditions := map[string]string{}
	for _, rt := range httpapi.Routes() {
		preconditions[rt.Method+" "+rt.Pattern] = rt.Precondition
	}
	covered := map[string]bool{}
	for _, row := range rows {
		covered[row.route] = true
		t.Run(row.route, func(t *testing.T) {
			method, pattern, _ := strings.Cut(row.route, " ")
			// prepare makes the case of the row and returns the replacer
			// of its path (and body) values, and the case's ID.
			prepare := func() (*strings.Replacer, string) {
				c := e.createCase(t, personBody)
				doc := docID(t, c, "id_card")
				e.write(t, am, "PUT", c.ID, "/documents/"+doc+"/content", "front", "Content-Type", "image/png").must(t, http.StatusCreated)
				flag := decode[duediligence.RedFlag](t, e.write(t, am, "POST", c.ID, "/flags", `{"description":"待核实"}`).must(t, http.StatusCreated))
				values := map[string]string{"{id}": c.ID, "{doc_id}": doc, "{flag_id}": flag.ID}
				if row.setup != nil {
					maps.Copy(values, row.setup(t, e, c))
				}
				var pairs []string
				for k, v := range values {
					pairs = append(pairs, k, v)
				}
				return strings.NewReplacer(pairs...), values["{id}"]
			}
			repl, caseID := prepare()
			for i, who := range allActors {
				if row.fresh && i > 0 {
					repl, caseID = prepare()
				}
				var body any
				if row.body != "" {
					body = repl.Replace(row.body)
				}
				hdr := row.hdr
				if preconditions[row.route] == "If-Match" {
					// Each caller names the case as it is now: what an
					// earlier caller's success changed is theirs to see.
					hdr = append([]string{"If-Match", e.etag(t, caseID)}, hdr...)
				}
				r := e.do(t, who, method, repl.Replace(pattern)+row.query, body, hdr...)
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
		path := strings.NewReplacer("{id}", c.ID, "{doc_id}", "d", "{flag_id}", "f", "{item_id}", "i", "{guarantee_id}", "g", "{rule_id}", "r", "{user_id}", "u",
			"{number}", "2026-000001-JK", "{index}", "0", "{seq}", "1").Replace(rt.Pattern)
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

// houseItem is a flat the borrower owns alone, appraised at 1,000,000.
const houseItem = `{"kind":"residential","arrangement":"mortgage","description":"两室一厅","address":"北京市朝阳区某路1号","title_number":"京(2020)朝阳区不动产权第0000001号","co_ownership":"sole","owners":[{"name":"张三","id_number":"11010519491231002X","relation":"borrower"}],"status":{},"occupancy":{},"perfection":{},"appraisals":[{"appraiser":"某评估公司","method":"market","value":"1000000.00","date":"2026-02-01"}]}`

// personGuarantee is a person's joint and several guarantee of 500,000.
const personGuarantee = `{"guarantor":{"kind":"person","name":"赵六","id_number":"110105198001010016","marital_status":"single","monthly_income":"40000.00"},"guarantor_kind":"person","kind":"joint_and_several","amount":"500000.00","period":{"months":36},"relation":"none"}`

// withItem adds houseItem to the case.
func withItem(t *testing.T, e *env, c duediligence.Case) map[string]string {
	t.Helper()
	it := decode[duediligence.CollateralItem](t, e.write(t, am, "POST", c.ID, "/collateral", houseItem).must(t, http.StatusCreated))
	return map[string]string{"{item_id}": it.ID}
}

// receivableItem is a pledge of the borrower's receivables.
const receivableItem = `{"kind":"receivable","arrangement":"pledge","description":"对某某公司的应收账款","co_ownership":"sole","owners":[{"name":"张三","id_number":"11010519491231002X","relation":"borrower"}],"status":{},"occupancy":{},"perfection":{},"appraisals":[{"appraiser":"某评估公司","method":"market","value":"300000.00","date":"2026-02-01"}]}`

// withGuarantee adds personGuarantee to the case.
func withGuarantee(t *testing.T, e *env, c duediligence.Case) map[string]string {
	t.Helper()
	g := decode[duediligence.Guarantee](t, e.write(t, am, "POST", c.ID, "/guarantees", personGuarantee).must(t, http.StatusCreated))
	return map[string]string{"{guarantee_id}": g.ID}
}

// withContractNumber names the loan contract a case would have.
func withContractNumber(*testing.T, *env, duediligence.Case) map[string]string {
	return map[string]string{"{number}": "2026-000001-JK"}
}

// inStage moves the case to a stage behind the service's back: what a
// document write checks is the stage, not how the case got there.
func inStage(st duediligence.Stage) func(*testing.T, *env, duediligence.Case) map[string]string {
	return func(t *testing.T, e *env, c duediligence.Case) map[string]string {
		t.Helper()
		ctx := t.Context()
		cur, err := e.hooks.Store.Cases().FindCaseByID(ctx, c.ID)
		require.NoError(t, err)
		d := *cur
		d.Stage, d.Version = st, cur.Version+1
		require.NoError(t, e.hooks.Store.WithTx(ctx, func(tx duediligence.Tx) error {
			return tx.Cases().UpdateCase(ctx, &d, cur.Version, d.Listing())
		}))
		return nil
	}
}

// withPostLoanDocument moves the case to disbursed and adds a post-loan
// document to it, {doc_id}.
func withPostLoanDocument(t *testing.T, e *env, c duediligence.Case) map[string]string {
	t.Helper()
	inStage(duediligence.StageDisbursed)(t, e, c)
	d := decode[duediligence.Document](t, e.write(t, am, "POST", c.ID, "/documents", `{"type":"visit_record"}`).must(t, http.StatusCreated))
	return map[string]string{"{doc_id}": d.ID}
}

// withReport generates the case's report.
func withReport(t *testing.T, e *env, c duediligence.Case) map[string]string {
	t.Helper()
	e.write(t, am, "POST", c.ID, "/report", nil).must(t, http.StatusOK)
	return nil
}

// TestCoInvestigator checks 双人调查 over HTTP: once added, the other account
// manager reads the case with whole IDs and records findings, and nothing else.
func TestCoInvestigator(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	e.do(t, am2, "GET", "/v1/cases/"+c.ID, nil).must(t, http.StatusNotFound)
	e.write(t, am, "POST", c.ID, "/co-investigators", `{"user_id":"`+e.users[dm].ID+`"}`).must(t, http.StatusUnprocessableEntity)
	got := decode[duediligence.Case](t, e.write(t, dm, "POST", c.ID, "/co-investigators", `{"user_id":"`+e.users[am2].ID+`"}`).must(t, http.StatusOK))
	require.Len(t, got.CoInvestigators, 1)
	e.write(t, dm, "POST", c.ID, "/co-investigators", `{"user_id":"`+e.users[am2].ID+`"}`).must(t, http.StatusConflict)
	read := decode[duediligence.Case](t, e.do(t, am2, "GET", "/v1/cases/"+c.ID, nil).must(t, http.StatusOK))
	require.Equal(t, "11010519491231002X", read.Applicant.IDNumber)
	e.write(t, am2, "POST", c.ID, "/findings", `{"topic":"identity","method":"interview","statement":"面谈","result":"confirmed"}`).must(t, http.StatusCreated)
	e.write(t, am2, "POST", c.ID, "/documents", `{"type":"id_card","status":"received"}`).must(t, http.StatusForbidden)
}

// investorSeq numbers the investors the matrix registers, each with a
// resident ID of its own.
var investorSeq atomic.Int32

// newInvestorID gives the row's body a resident ID not registered yet.
func newInvestorID(*testing.T, *env, duediligence.Case) map[string]string {
	return map[string]string{"{new_id}": residentID(fmt.Sprintf("11010519850101%03d", investorSeq.Add(1)))}
}

// withInvestor registers an investor of the account manager's.
func withInvestor(t *testing.T, e *env, c duediligence.Case) map[string]string {
	id := newInvestorID(t, e, c)["{new_id}"]
	inv := registerInvestor(t, e, am, "钱一", id, 3)
	return map[string]string{"{investor_id}": inv.ID}
}
