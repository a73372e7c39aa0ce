package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestWalk_approval follows a 500,000 loan from intake to approval through
// the API.
func TestWalk_approval(t *testing.T) {
	walkToApproval(t, newEnv(t))
}

// walkToApproval is the walk of TestWalk_approval on e's store.
func walkToApproval(t *testing.T, e *env) {
	w := e.newWalk(t, goodBody("500000.00", "50000.00"))

	// Documents: an upload, the rest recorded; then investigation.
	c := w.get(t, am)
	id := docID(t, c, "id_card")
	w.write(t, am, "PUT", "/documents/"+id+"/content", []byte("scan"), http.StatusCreated, "Content-Type", "image/jpeg")
	for _, d := range c.Documents {
		if d.ID != id {
			w.write(t, am, "POST", "/documents", map[string]any{"id": d.ID, "status": "verified"}, http.StatusCreated)
		}
	}
	require.Equal(t, duediligence.StageInvestigation, decode[duediligence.Case](t, w.write(t, am, "POST", "/transitions", `{"to":"investigation"}`, http.StatusOK)).Stage)

	// The checks ask for the site visit and the interview.
	warned := map[string]bool{}
	for _, r := range w.checks(t, am).Results {
		if r.Severity == check.Warn {
			warned[r.Rule] = true
		}
	}
	require.True(t, warned["process.site_visit"] && warned["process.interview"], "%v", warned)
	bank := docID(t, c, "bank_statements")
	w.write(t, am, "POST", "/findings", map[string]any{"topic": "operations", "method": "site_visit", "statement": "经营场所实地查看，库存与账面相符",
		"result": "confirmed", "evidence": []string{bank}, "date": "2026-02-27", "location": "江西省九江市"}, http.StatusCreated)
	w.write(t, am, "POST", "/findings", map[string]any{"topic": "character", "method": "interview", "statement": "与借款人面谈，陈述与资料一致", "result": "confirmed"}, http.StatusCreated)

	// The report, and every warning the checks still list acknowledged
	// (none for this loan once the findings are in; the 2,000,000 loan of
	// TestDecisions has one).
	w.write(t, am, "POST", "/report", nil, http.StatusOK)
	w.write(t, am, "PATCH", "/report", `{"opinion":"同意贷款"}`, http.StatusOK)
	ch := w.checks(t, am)
	require.False(t, ch.Ready, "the report is not attested")
	for _, r := range ch.Results {
		if r.Severity == check.Warn && r.Acknowledged == nil {
			w.write(t, am, "POST", "/checks/"+r.Rule+"/acknowledgement", map[string]any{"path": r.Path, "justification": "已核实"}, http.StatusOK)
		}
	}
	rep := decode[duediligence.Report](t, w.write(t, am, "POST", "/report/attestation", `{"statement":"本人对调查内容的真实性负责。"}`, http.StatusOK))
	require.Len(t, rep.Attestations, 1)
	require.True(t, w.checks(t, am).Ready)

	// Submission numbers the case in the ledger and freezes the report.
	c = w.submit(t)
	require.Equal(t, duediligence.StageSubmitted, c.Stage)
	require.Equal(t, fmt.Sprintf("%d-000001", now.Year()), c.LedgerNumber)
	require.NotEmpty(t, c.Report.Hash)
	require.Len(t, c.Approvals, 1)
	require.Equal(t, []duediligence.ApprovalStep{{Role: duediligence.RoleDepartmentManager}}, c.Approvals[0].Steps, "500,000 needs the department manager only")
	require.Equal(t, c.Report.Hash, c.Approvals[0].ReportHash)
	require.Equal(t, duediligence.ApprovalCredit, c.Approvals[0].Kind, "a submission opens a credit round")
	problemOf(t, w.write(t, am, "PATCH", "/report", `{"opinion":"改"}`, http.StatusConflict), http.StatusConflict, "conflict")

	// The owner may not decide; a reject needs a comment.
	problemOf(t, w.write(t, am, "POST", "/decisions", `{"decision":"approve"}`, http.StatusForbidden), http.StatusForbidden, "forbidden")
	p := problemOf(t, w.write(t, dm, "POST", "/decisions", `{"decision":"reject"}`, http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"comment"}, fieldsOf(p))
	p = problemOf(t, w.write(t, dm, "POST", "/decisions", `{"decision":"maybe"}`, http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"decision"}, fieldsOf(p))

	c = decode[duediligence.Case](t, w.write(t, dm, "POST", "/decisions", `{"decision":"approve","comment":"同意","conditions":["放款前核实用途合同原件"]}`, http.StatusOK))
	require.Equal(t, duediligence.StageApproved, c.Stage)
	step := c.Approvals[0].Steps[0]
	require.Equal(t, duediligence.DecisionApprove, c.Approvals[0].Outcome)
	require.Equal(t, duediligence.ApprovalStep{Role: duediligence.RoleDepartmentManager, Decision: duediligence.DecisionApprove, Approver: e.users[dm].ID,
		ApproverName: "user department_manager", Comment: "同意", Conditions: []string{"放款前核实用途合同原件"}, At: now}, step)
	problemOf(t, w.write(t, dm, "POST", "/decisions", `{"decision":"approve"}`, http.StatusConflict), http.StatusConflict, "conflict")
}

func TestDecisions(t *testing.T) {
	t.Run("above 1,000,000 the risk officer signs after the department manager", func(t *testing.T) {
		e := newEnv(t)
		w := e.newWalk(t, goodBody("2000000.00", "500000.00"))
		// Above 1,000,000 the loan must be paid to the counterparty (受托支付):
		// a warning the owner acknowledges.
		require.Equal(t, []string{"payment.entrusted"}, w.readyToSubmit(t))
		c := w.submit(t)
		require.Equal(t, "payment.entrusted", c.Acknowledgements[0].Rule)
		require.Equal(t, []duediligence.ApprovalStep{{Role: duediligence.RoleDepartmentManager}, {Role: duediligence.RoleRiskOfficer}}, c.Approvals[0].Steps)

		p := problemOf(t, w.write(t, risk, "POST", "/decisions", `{"decision":"approve"}`, http.StatusForbidden), http.StatusForbidden, "forbidden")
		require.Len(t, p.Unmet, 1, p.Detail)
		require.Equal(t, "process.separation_of_duties", p.Unmet[0].Rule)
		require.Contains(t, p.Unmet[0].Message, "应由部门负责人审批，而非风险经理", "the role the step is for, in Chinese words")
		english := problemOf(t, w.write(t, risk, "POST", "/decisions", `{"decision":"approve"}`, http.StatusForbidden, "Accept-Language", "en"), http.StatusForbidden, "forbidden")
		require.Contains(t, english.Unmet[0].Message, "the department manager's, not the risk officer's")
		problemOf(t, w.write(t, gm, "POST", "/decisions", `{"decision":"approve"}`, http.StatusForbidden), http.StatusForbidden, "forbidden")

		c = decode[duediligence.Case](t, w.write(t, dm, "POST", "/decisions", `{"decision":"approve"}`, http.StatusOK))
		require.Equal(t, duediligence.StageSubmitted, c.Stage, "one step of two")
		c = decode[duediligence.Case](t, w.write(t, risk, "POST", "/decisions", `{"decision":"approve","comment":"风险可控"}`, http.StatusOK))
		require.Equal(t, duediligence.StageApproved, c.Stage)
	})

	t.Run("nobody signs two steps", func(t *testing.T) {
		e := newEnv(t, func(cfg *envConfig) {
			cfg.policy = func(p *duediligence.Policy) {
				p.ApprovalMatrix = []duediligence.ApprovalLevel{{Role: duediligence.RoleDepartmentManager}, {Role: duediligence.RoleDepartmentManager}}
			}
		})
		_, token, err := e.svc.CreateUser(t.Context(), duediligence.SystemActor, "另一部长", duediligence.RoleDepartmentManager)
		require.NoError(t, err)
		e.tokens["dm2"] = token
		w := e.newWalk(t, goodBody("500000.00", "50000.00"))
		w.readyToSubmit(t)
		w.submit(t)
		w.write(t, dm, "POST", "/decisions", `{"decision":"approve"}`, http.StatusOK)
		p := problemOf(t, w.write(t, dm, "POST", "/decisions", `{"decision":"approve"}`, http.StatusForbidden), http.StatusForbidden, "forbidden")
		require.Len(t, p.Unmet, 1, p.Detail)
		require.Equal(t, "process.separation_of_duties", p.Unmet[0].Rule)
		require.Contains(t, p.Unmet[0].Message, "两个环节")
		c := decode[duediligence.Case](t, w.write(t, "dm2", "POST", "/decisions", `{"decision":"approve"}`, http.StatusOK))
		require.Equal(t, duediligence.StageApproved, c.Stage)
	})

	t.Run("return sends the case back to investigation", func(t *testing.T) {
		e := newEnv(t)
		w := e.newWalk(t, goodBody("500000.00", "50000.00"))
		w.readyToSubmit(t)
		w.submit(t)
		c := decode[duediligence.Case](t, w.write(t, dm, "POST", "/decisions", `{"decision":"return","comment":"补充经营流水"}`, http.StatusOK))
		require.Equal(t, duediligence.StageInvestigation, c.Stage)
		require.Empty(t, c.Report.Hash, "the report is a draft again")
		require.Equal(t, duediligence.DecisionReturn, c.Approvals[0].Outcome)
	})

	t.Run("reject rejects", func(t *testing.T) {
		e := newEnv(t)
		w := e.newWalk(t, goodBody("500000.00", "50000.00"))
		w.readyToSubmit(t)
		w.submit(t)
		c := decode[duediligence.Case](t, w.write(t, dm, "POST", "/decisions", `{"decision":"reject","comment":"还款来源不足"}`, http.StatusOK))
		require.Equal(t, duediligence.StageRejected, c.Stage)
	})
}

// TestForbidden_saysWhy checks that a 403 names the action and the roles
// that may take it, and that separation of duties names its rule and
// citation in unmet, as a gate does: for the owner trying to approve their
// own case, and for an approver out of turn.
func TestForbidden_saysWhy(t *testing.T) {
	e := newEnv(t)
	w := e.newWalk(t, goodBody("2000000.00", "500000.00"))
	w.readyToSubmit(t)
	w.submit(t)

	type why struct {
		Action       string
		AllowedRoles []duediligence.Role `json:"allowed_roles"`
		Unmet        []duediligence.Unmet
	}
	r := w.write(t, am, "POST", "/decisions", `{"decision":"approve"}`, http.StatusForbidden)
	p := problemOf(t, r, http.StatusForbidden, "forbidden")
	got := decode[why](t, r)
	require.Equal(t, "case.decided", got.Action)
	require.Len(t, got.Unmet, 1, p.Detail)
	require.Equal(t, "process.separation_of_duties", got.Unmet[0].Rule)
	require.Equal(t, "《中华人民共和国商业银行法》第三十五条（审贷分离、分级审批）", got.Unmet[0].Citation, "cited as a Chinese reader cites it")
	require.Equal(t, "approvals[0].steps[0]", got.Unmet[0].Path)
	english := decode[why](t, w.write(t, am, "POST", "/decisions", `{"decision":"approve"}`, http.StatusForbidden, "Accept-Language", "en"))
	require.Contains(t, english.Unmet[0].Citation, "Commercial Bank Law art. 35")
	require.Equal(t, []duediligence.Role{duediligence.RoleDepartmentManager}, got.AllowedRoles)

	r = w.write(t, risk, "POST", "/decisions", `{"decision":"approve"}`, http.StatusForbidden)
	got = decode[why](t, r)
	require.Equal(t, "process.separation_of_duties", got.Unmet[0].Rule)
	require.Equal(t, "process.separation_of_duties.step_role", got.Unmet[0].Key)

	// A role that may not decide at all is told which may.
	r = w.write(t, finance, "POST", "/decisions", `{"decision":"approve"}`, http.StatusForbidden)
	p = problemOf(t, r, http.StatusForbidden, "forbidden")
	got = decode[why](t, r)
	require.Equal(t, "case.decided", got.Action)
	require.Equal(t, []duediligence.Role{duediligence.RoleDepartmentManager, duediligence.RoleRiskOfficer, duediligence.RoleGeneralManager}, got.AllowedRoles)
	require.Empty(t, got.Unmet)
	require.Equal(t, "财务人员无权作出审批决定；可执行此操作的角色：部门负责人、风险经理、总经理", p.Detail)
	p = problemOf(t, w.write(t, finance, "POST", "/decisions", `{"decision":"approve"}`, http.StatusForbidden, "Accept-Language", "en"), http.StatusForbidden, "forbidden")
	require.Equal(t, "role finance may not decide an approval step; roles that may: department manager, risk officer, general manager", p.Detail)
}
