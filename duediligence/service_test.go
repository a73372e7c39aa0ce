package duediligence_test

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/contracts"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
	"github.com/jinzhi-dev/jinzhi/store"
)

// today is the fixed date the tests run on.
var today = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

type fixture struct {
	svc   *dd.Service
	st    *store.Store
	db    *store.DB // for the tests that go behind the store's back
	am    dd.Actor  // owns the cases
	am2   dd.Actor  // another account manager
	dm    dd.Actor
	aud   dd.Actor
	fin   dd.Actor
	admin dd.Actor
}

func newFixture(t *testing.T, policy *dd.Policy) *fixture {
	t.Helper()
	return newFixtureClock(t, policy, func() time.Time { return today })
}

// newFixtureClock is newFixture on a clock the test moves.
func newFixtureClock(t *testing.T, policy *dd.Policy, clock func() time.Time) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "test.db"), store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	st := store.New(db)
	require.NoError(t, st.Migrate(ctx))
	files, err := store.NewContentDir(t.TempDir())
	require.NoError(t, err)
	svc, err := dd.NewService(dd.Config{Store: st, Content: files, Policy: policy, Clock: dd.ClockFunc(clock)})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, svc.Close(context.Background())) }) // before the database's
	f := &fixture{svc: svc, st: st, db: db}
	for _, u := range []struct {
		a    *dd.Actor
		name string
		role dd.Role
	}{{&f.am, "李经理", dd.RoleAccountManager}, {&f.am2, "赵经理", dd.RoleAccountManager},
		{&f.dm, "王部长", dd.RoleDepartmentManager}, {&f.aud, "审计", dd.RoleAuditor},
		{&f.fin, "财务", dd.RoleFinance}, {&f.admin, "管理员", dd.RoleAdmin}} {
		user, _, err := svc.CreateUser(ctx, dd.SystemActor, u.name, u.role)
		require.NoError(t, err)
		*u.a = user.Actor()
	}
	return f
}

// user creates another user.
func (f *fixture) user(t *testing.T, name string, role dd.Role) dd.Actor {
	t.Helper()
	u, _, err := f.svc.CreateUser(context.Background(), dd.SystemActor, name, role)
	require.NoError(t, err)
	return u.Actor()
}

func personCase(status dd.MaritalStatus) dd.NewCase {
	income := money.MustMoney("30000.00")
	return dd.NewCase{
		Applicant: dd.Party{Kind: dd.Person, Name: "张三", IDNumber: "11010519491231002X", MaritalStatus: status, MonthlyIncome: &income},
		Request: dd.LoanRequest{
			Amount: money.MustMoney("500000.00"), TermMonths: 36, Purpose: "采购原材料",
			PurposeCategory: dd.PurposeBusinessOperation, RepaymentSource: "经营收入",
			RepaymentMethod: contracts.EqualInstallment, AnnualRate: money.MustRate("0.0850"),
		},
	}
}

// goodPerson is an applicant every personal rule accepts: 35, earning enough.
func goodPerson() dd.NewCase {
	in := personCase(dd.Single)
	income := money.MustMoney("50000.00")
	in.Applicant.IDNumber, in.Applicant.MonthlyIncome = "360426199101010071", &income
	return in
}

func orgCase() dd.NewCase {
	in := personCase("")
	in.Applicant = dd.Party{Kind: dd.Organization, Name: "某某贸易有限公司", CreditCode: "91310115ma1k3btp2b",
		LegalRepresentative: &dd.Party{Kind: dd.Person, Name: "李四", IDNumber: "440524188001010014"}}
	return in
}

func asError(t *testing.T, err error, code dd.Code) *dd.Error {
	t.Helper()
	var e *dd.Error
	require.True(t, errors.As(err, &e), "want *duediligence.Error with code %s, got %v", code, err)
	require.Equal(t, code, e.Code, "error: %v", err)
	return e
}

func fields(e *dd.Error) []string {
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field)
	}
	return out
}

func rules(e *dd.Error) []string {
	var out []string
	for _, u := range e.Unmet {
		out = append(out, u.Rule+" "+u.Path)
	}
	return out
}

func TestService_CreateCase(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()

	t.Run("OK person: birth date and sex derived, checklist from the catalogue", func(t *testing.T) {
		c, err := f.svc.CreateCase(ctx, f.am, personCase(dd.Married))
		require.NoError(t, err)
		assert.Equal(t, dd.StageIntake, c.Stage)
		assert.Equal(t, 1, c.Version)
		assert.Equal(t, "1949-12-31", c.Applicant.BirthDate)
		assert.Equal(t, "female", c.Applicant.Sex)
		var types []string
		for _, d := range c.Documents {
			types = append(types, d.Type)
			assert.Equal(t, dd.DocumentMissing, d.Status)
			assert.True(t, d.Required)
		}
		assert.ElementsMatch(t, []string{"id_card", "household_register", "marriage_certificate", "spouse_id_card",
			"income_proof", "bank_statements", "credit_report", "purpose_proof"}, types)
	})

	t.Run("OK organization: credit code upper-cased, company documents", func(t *testing.T) {
		c, err := f.svc.CreateCase(ctx, f.am, orgCase())
		require.NoError(t, err)
		assert.Equal(t, "91310115MA1K3BTP2B", c.Applicant.CreditCode)
		assert.Equal(t, "1880-01-01", c.Applicant.LegalRepresentative.BirthDate)
		var types []string
		for _, d := range c.Documents {
			types = append(types, d.Type)
		}
		assert.Contains(t, types, "business_license")
		assert.Contains(t, types, "financial_statements")
		assert.NotContains(t, types, "marriage_certificate")
	})

	t.Run("OK legacy 15-digit ID is upgraded", func(t *testing.T) {
		in := personCase(dd.Single)
		in.Applicant.IDNumber = "110105491231002"
		c, err := f.svc.CreateCase(ctx, f.am, in)
		require.NoError(t, err)
		assert.Equal(t, "11010519491231002X", c.Applicant.IDNumber)
	})

	t.Run("ErrInvalid lists every problem with its JSON path", func(t *testing.T) {
		in := personCase(dd.Single)
		in.Applicant.IDNumber = "110105194912310021"
		in.Request.TermMonths = 0
		in.Request.Amount = money.MustMoney("-1.00")
		in.Request.RepaymentMethod = "whenever"
		in.CoBorrowers = []dd.Party{{Kind: dd.Person, Name: "王五", IDNumber: "360426199113010079"}}
		_, err := f.svc.CreateCase(ctx, f.am, in)
		e := asError(t, err, dd.CodeInvalid)
		assert.ElementsMatch(t, []string{"applicant.id_number", "request.term_months", "request.amount",
			"request.repayment_method", "co_borrowers[0].id_number"}, fields(e))
	})

	t.Run("ErrInvalid for an organization with a bad credit code and a stated birth date that differs", func(t *testing.T) {
		in := orgCase()
		in.Applicant.CreditCode = "91110000600037341N"
		in.Applicant.LegalRepresentative.BirthDate = "1980-01-01"
		_, err := f.svc.CreateCase(ctx, f.am, in)
		e := asError(t, err, dd.CodeInvalid)
		assert.ElementsMatch(t, []string{"applicant.credit_code", "applicant.legal_representative.birth_date"}, fields(e))
	})

	t.Run("ErrForbidden for roles other than account manager", func(t *testing.T) {
		for _, a := range []dd.Actor{f.dm, f.aud, f.fin, f.admin} {
			_, err := f.svc.CreateCase(ctx, a, personCase(dd.Single))
			asError(t, err, dd.CodeForbidden)
		}
	})

	t.Run("idempotency key returns the first case", func(t *testing.T) {
		in := personCase(dd.Single)
		in.IdempotencyKey = "k-1"
		c1, err := f.svc.CreateCase(ctx, f.am, in)
		require.NoError(t, err)
		c2, err := f.svc.CreateCase(ctx, f.am, in)
		require.NoError(t, err)
		assert.Equal(t, c1.ID, c2.ID)
	})
}

func TestService_Access(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, personCase(dd.Single))
	require.NoError(t, err)

	_, err = f.svc.FindCaseByID(ctx, f.am2, c.ID)
	asError(t, err, dd.CodeNotFound)
	_, err = f.svc.FindCaseByID(ctx, f.admin, c.ID)
	asError(t, err, dd.CodeForbidden)

	own, err := f.svc.FindCaseByID(ctx, f.am, c.ID)
	require.NoError(t, err)
	assert.Equal(t, "11010519491231002X", own.Applicant.IDNumber)
	mgr, err := f.svc.FindCaseByID(ctx, f.dm, c.ID)
	require.NoError(t, err)
	assert.Equal(t, "11010519491231002X", mgr.Applicant.IDNumber)
	for _, a := range []dd.Actor{f.aud, f.fin} {
		got, err := f.svc.FindCaseByID(ctx, a, c.ID)
		require.NoError(t, err)
		assert.Equal(t, "110105********002X", got.Applicant.IDNumber, a.Role)
	}

	page, err := f.svc.FindCases(ctx, f.am2, dd.CaseFilter{})
	require.NoError(t, err)
	assert.Empty(t, page.Cases, "another account manager lists none of these cases")
	page, err = f.svc.FindCases(ctx, f.dm, dd.CaseFilter{})
	require.NoError(t, err)
	require.Len(t, page.Cases, 1)
	assert.Equal(t, "110105********002X", page.Cases[0].ApplicantID)

	_, _, err = f.svc.AddFinding(ctx, f.dm, c.ID, 0, dd.FindingInput{Topic: dd.TopicOther, Method: dd.MethodInterview, Statement: "x", Result: dd.ResultConfirmed})
	asError(t, err, dd.CodeForbidden)
	_, err = f.svc.UpdateCase(ctx, f.am, c.ID, 99, dd.CaseUpdate{Request: &c.Request})
	asError(t, err, dd.CodeStale)
}

func TestService_Workflow(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, goodPerson())
	require.NoError(t, err)
	required := len(c.Documents)

	// Every missing document is named, not only the first.
	_, err = f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageInvestigation})
	e := asError(t, err, dd.CodeGate)
	require.Len(t, e.Unmet, required)
	for i, u := range e.Unmet {
		assert.Equal(t, "process.documents_complete", u.Rule)
		assert.Equal(t, "documents["+strconv.Itoa(i)+"]", u.Path)
	}

	// Submitting from intake is not a move the workflow has.
	_, err = f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageSubmitted})
	asError(t, err, dd.CodeConflict)

	// Upload one file; mark the rest received but one.
	c, file, err := f.svc.UploadDocumentContent(ctx, f.am, c.ID, c.Version, c.Documents[0].ID, "id.jpg", "image/jpeg", strings.NewReader("scan"))
	require.NoError(t, err)
	assert.Equal(t, int64(4), file.Size)
	assert.Equal(t, dd.DocumentReceived, c.Documents[0].Status)
	for _, d := range c.Documents[1 : required-1] {
		c, _, err = f.svc.RecordDocument(ctx, f.am, c.ID, c.Version, dd.DocumentInput{ID: d.ID, Status: dd.DocumentReceived})
		require.NoError(t, err)
	}
	_, err = f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageInvestigation})
	e = asError(t, err, dd.CodeGate)
	assert.Equal(t, []string{"process.documents_complete documents[" + strconv.Itoa(required-1) + "]"}, rules(e))
	c, _, err = f.svc.RecordDocument(ctx, f.am, c.ID, c.Version, dd.DocumentInput{Type: c.Documents[required-1].Type, Status: dd.DocumentVerified, OriginalSighted: true})
	require.NoError(t, err)
	require.NotNil(t, c.Documents[required-1].OriginalSighted)
	c, err = f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageInvestigation})
	require.NoError(t, err)
	assert.Equal(t, dd.StageInvestigation, c.Stage)

	// Submission: no site visit, no interview, an open flag, no report — all listed.
	c, flag, err := f.svc.RaiseFlag(ctx, f.am, c.ID, c.Version, dd.FlagInput{Description: "收入证明印章可疑", Evidence: []string{c.Documents[0].ID}})
	require.NoError(t, err)
	_, err = f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageSubmitted})
	e = asError(t, err, dd.CodeGate)
	assert.Equal(t, []string{"process.red_flags flags[0]", "process.site_visit findings", "process.interview findings", "process.report_attested report"}, rules(e))

	// Only a department manager resolves a flag.
	_, err = f.svc.ResolveFlag(ctx, f.am, c.ID, c.Version, flag.ID, dd.ResolutionInput{Decision: dd.FlagDismissed, Comment: "ok"})
	asError(t, err, dd.CodeForbidden)
	c, err = f.svc.ResolveFlag(ctx, f.dm, c.ID, c.Version, flag.ID, dd.ResolutionInput{Decision: dd.FlagDismissed, Comment: "经核实无误"})
	require.NoError(t, err)
	assert.Equal(t, dd.FlagDismissed, c.Flags[0].Status)
	_, err = f.svc.ResolveFlag(ctx, f.dm, c.ID, c.Version, flag.ID, dd.ResolutionInput{Decision: dd.FlagConfirmed, Comment: "again"})
	asError(t, err, dd.CodeConflict)

	for _, m := range []dd.Method{dd.MethodSiteVisit, dd.MethodInterview} {
		c, _, err = f.svc.AddFinding(ctx, f.am, c.ID, c.Version, dd.FindingInput{Topic: dd.TopicOperations, Method: m, Statement: "属实", Result: dd.ResultConfirmed, Evidence: []string{c.Documents[0].ID}})
		require.NoError(t, err)
	}
	_, err = f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageSubmitted})
	e = asError(t, err, dd.CodeGate)
	assert.Equal(t, []string{"process.report_attested report"}, rules(e), "only the later features' conditions remain")

	// The trail holds every change, chained.
	evs, err := f.svc.Events(ctx, f.aud, c.ID)
	require.NoError(t, err)
	assert.Equal(t, c.Version, len(evs))
	require.NoError(t, dd.VerifyChain(evs))
}

func TestService_ConfirmedFlagRejects(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, personCase(dd.Single))
	require.NoError(t, err)
	c, flag, err := f.svc.RaiseFlag(ctx, f.am, c.ID, c.Version, dd.FlagInput{Description: "伪造的营业执照"})
	require.NoError(t, err)
	c, err = f.svc.ResolveFlag(ctx, f.dm, c.ID, c.Version, flag.ID, dd.ResolutionInput{Decision: dd.FlagConfirmed, Comment: "工商系统查无此企业"})
	require.NoError(t, err)
	assert.Equal(t, dd.StageRejected, c.Stage)
	_, _, err = f.svc.AddFinding(ctx, f.am, c.ID, c.Version, dd.FindingInput{Topic: dd.TopicOther, Method: dd.MethodInterview, Statement: "x", Result: dd.ResultConfirmed})
	asError(t, err, dd.CodeConflict)
}

func TestService_ChecklistFollowsChanges(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, personCase(dd.Single))
	require.NoError(t, err)
	n := len(c.Documents)
	a := c.Applicant
	a.MaritalStatus = dd.Married
	c, err = f.svc.UpdateCase(ctx, f.am, c.ID, c.Version, dd.CaseUpdate{Applicant: &a})
	require.NoError(t, err)
	assert.Len(t, c.Documents, n+2, "a married applicant needs a marriage certificate and the spouse's ID")
	a.MaritalStatus = dd.Divorced
	c, err = f.svc.UpdateCase(ctx, f.am, c.ID, c.Version, dd.CaseUpdate{Applicant: &a})
	require.NoError(t, err)
	assert.Len(t, c.Documents, n+2, "documents stay on file")
	required := 0
	for _, d := range c.Documents {
		if d.Required {
			required++
		}
	}
	assert.Equal(t, n, required, "but no longer count")
}

func TestService_PolicyMakesSiteVisitBlock(t *testing.T) {
	p, err := dd.LoadPolicy([]byte(`{"version":"strict-1","rules":{"severity":{"process.site_visit":"block"}},"documents":[{"type":"id_card","label":"身份证","applicant":["person"]}]}`))
	require.NoError(t, err)
	f := newFixture(t, p)
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, goodPerson())
	require.NoError(t, err)
	require.Len(t, c.Documents, 1, "the policy's catalogue decides the checklist")
	assert.Equal(t, "strict-1", c.PolicyVersion)
	c, _, err = f.svc.RecordDocument(ctx, f.am, c.ID, c.Version, dd.DocumentInput{Type: "id_card", Status: dd.DocumentReceived})
	require.NoError(t, err)
	c, err = f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageInvestigation})
	require.NoError(t, err)
	_, err = f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageSubmitted})
	e := asError(t, err, dd.CodeGate)
	assert.Contains(t, e.Unmet, dd.Unmet{Rule: "process.site_visit", Severity: check.Block, Path: "findings",
		Message: "no on-site visit recorded (实地调查)", Citation: "个人贷款管理暂行办法 2010 art. 15 (secondary)", Key: "process.site_visit"})
}

func TestLoadPolicy(t *testing.T) {
	for _, tc := range []struct{ name, json, want string }{
		{"unknown field", `{"versoin":"x"}`, "versoin"},
		{"wrong type", `{"max_upload_bytes":"big"}`, "max_upload_bytes"},
		{"bad severity", `{"rules":{"severity":{"process.interview":"maybe"}}}`, "rules.severity.process.interview"},
		{"duplicate type", `{"documents":[{"type":"a"},{"type":"a"}]}`, "documents[1].type"},
		{"approver role", `{"approval_matrix":[{"role":"account_manager"}]}`, "approval_matrix[0].role"},
		{"empty approval matrix", `{"approval_matrix":[]}`, "approval_matrix"},
		{"regime", `{"pricing":{"regime":"pawnshop"}}`, "pricing.regime"},
		{"custom regime without cap", `{"pricing":{"regime":"custom"}}`, "pricing.custom_cap"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dd.LoadPolicy([]byte(tc.json))
			assert.Contains(t, fields(asError(t, err, dd.CodeInvalid)), tc.want)
		})
	}
	p, err := dd.LoadPolicy([]byte(`{"require_verified_documents":true}`))
	require.NoError(t, err)
	assert.True(t, p.RequireVerifiedDocuments)
	assert.Equal(t, dd.DefaultPolicy().Documents, p.Documents, "unnamed fields keep their defaults")
}

func TestService_EvidenceMustBeOnFile(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, personCase(dd.Single))
	require.NoError(t, err)
	_, _, err = f.svc.AddFinding(ctx, f.am, c.ID, c.Version, dd.FindingInput{Topic: dd.TopicIdentity, Method: dd.MethodDocumentReview,
		Statement: "身份证与本人相符", Result: dd.ResultConfirmed, Evidence: []string{c.Documents[0].ID, "no-such-doc"}})
	e := asError(t, err, dd.CodeInvalid)
	assert.Equal(t, []string{"evidence[1]"}, fields(e))
	_, _, err = f.svc.RaiseFlag(ctx, f.am, c.ID, c.Version, dd.FlagInput{Description: "x", Evidence: []string{"nope"}})
	e = asError(t, err, dd.CodeInvalid)
	assert.Equal(t, []string{"evidence[0]"}, fields(e))
	got, err := f.svc.FindCaseByID(ctx, f.am, c.ID)
	require.NoError(t, err)
	assert.Equal(t, c.Version, got.Version, "a refused command changes nothing")
}

// The co-borrower list's limit (openapi.json: maxItems 10) holds on creation
// and on edit, and a refused edit changes nothing.
func TestService_CoBorrowerLimit(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	co := make([]dd.Party, 11)
	for i := range co {
		co[i] = dd.Party{Kind: dd.Person, Name: "共同借款人" + strconv.Itoa(i)}
	}
	in := goodPerson()
	in.CoBorrowers = co
	_, err := f.svc.CreateCase(ctx, f.am, in)
	e := asError(t, err, dd.CodeInvalid)
	assert.Equal(t, []string{"co_borrowers"}, fields(e))

	c, err := f.svc.CreateCase(ctx, f.am, goodPerson())
	require.NoError(t, err)
	_, err = f.svc.UpdateCase(ctx, f.am, c.ID, c.Version, dd.CaseUpdate{CoBorrowers: &co})
	e = asError(t, err, dd.CodeInvalid)
	assert.Equal(t, []string{"co_borrowers"}, fields(e))
	got, err := f.svc.FindCaseByID(ctx, f.am, c.ID)
	require.NoError(t, err)
	assert.Empty(t, got.CoBorrowers)
	assert.Equal(t, c.Version, got.Version)

	ten := co[:10]
	_, err = f.svc.UpdateCase(ctx, f.am, c.ID, c.Version, dd.CaseUpdate{CoBorrowers: &ten})
	require.NoError(t, err)
}

func TestService_PersonalDataReadsAreAudited(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, personCase(dd.Single))
	require.NoError(t, err)
	for _, a := range []dd.Actor{f.am, f.aud, f.fin, f.dm} {
		_, err := f.svc.FindCaseByID(ctx, a, c.ID)
		require.NoError(t, err)
	}
	evs, err := f.svc.Events(ctx, f.aud, c.ID)
	require.NoError(t, err)
	var viewed []string
	for _, e := range evs {
		if e.Action == "case.viewed" {
			viewed = append(viewed, e.ActorID)
		}
	}
	assert.Equal(t, []string{f.dm.ID}, viewed, "only the manager saw whole IDs; the owner entered them, the others saw them masked")
	_, err = dd.VerifyAudit(ctx, f.st, f.st.AuditKey(), nil)
	require.NoError(t, err)
}

func TestService_SearchByResidentIDNeedsARoleThatSeesThem(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	_, err := f.svc.CreateCase(ctx, f.am, personCase(dd.Single))
	require.NoError(t, err)
	for _, a := range []dd.Actor{f.am, f.dm} {
		page, err := f.svc.FindCases(ctx, a, dd.CaseFilter{Query: "11010519491231002X"})
		require.NoError(t, err)
		assert.Len(t, page.Cases, 1, a.Role)
	}
	for _, a := range []dd.Actor{f.aud, f.fin} {
		_, err := f.svc.FindCases(ctx, a, dd.CaseFilter{Query: "11010519491231002x"})
		asError(t, err, dd.CodeForbidden)
		page, err := f.svc.FindCases(ctx, a, dd.CaseFilter{Query: "张"})
		require.NoError(t, err)
		assert.Len(t, page.Cases, 1, "a name search still works")
	}
}
