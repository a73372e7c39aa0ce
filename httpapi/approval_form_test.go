package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

func TestApprovalForm(t *testing.T) {
	e := newEnv(t)
	w := e.newWalk(t, goodBody("500000.00", "50000.00"))
	w.readyToSubmit(t)
	problemOf(t, e.do(t, dm, "GET", w.base+"/approval-form", nil, "Accept", "text/html"), http.StatusNotFound, "not_found")
	w.submit(t)
	w.write(t, dm, "POST", "/decisions", `{"decision":"approve","comment":"同意放款","conditions":["放款前核实购销合同原件"]}`, http.StatusOK)

	r := e.do(t, auditor, "GET", w.base+"/approval-form", nil, "Accept", "text/html").must(t, http.StatusOK)
	require.Equal(t, "text/html; charset=utf-8", r.header.Get("Content-Type"))
	require.Equal(t, "zh", r.header.Get("Content-Language"))
	page := string(r.body)
	for _, s := range []string{"立项审批表", "2026-000001", "王五", "360426********0071", "500,000.00", "部门负责人", "user department_manager",
		"同意", "同意放款", "放款前核实购销合同原件", "2026年3月2日", "审批流程"} {
		require.Contains(t, page, s)
	}
	en := string(e.do(t, dm, "GET", w.base+"/approval-form?lang=en", nil, "Accept", "text/html").must(t, http.StatusOK).body)
	require.Contains(t, en, "Approval form")
	require.Contains(t, en, "Approval chain")
	require.False(t, strings.Contains(en, "审批流程"), "one language per rendering")
	problemOf(t, e.do(t, dm, "GET", w.base+"/approval-form", nil, "Accept", "application/pdf"), http.StatusNotAcceptable, "not_acceptable")
}

// TestProblem_Language checks that problems speak the reader's language:
// Chinese by default, English when Accept-Language asks for it, and the
// policy's language when the request names none.
func TestProblem_Language(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	zh := problemOf(t, e.write(t, am, "POST", c.ID, "/transitions", `{"to":"investigation"}`), http.StatusConflict, "gate")
	require.Equal(t, "流程条件未满足", zh.Title)
	require.Contains(t, zh.Detail, "项条件未满足")
	require.Contains(t, zh.Unmet[0].Message, "未收取")
	en := problemOf(t, e.write(t, am, "POST", c.ID, "/transitions", `{"to":"investigation"}`, "Accept-Language", "en-GB,en;q=0.9"), http.StatusConflict, "gate")
	require.Equal(t, "Workflow gate not met", en.Title)
	require.Contains(t, en.Unmet[0].Message, "missing")

	e = newEnv(t, func(c *envConfig) { c.policy = func(p *duediligence.Policy) { p.Language = "en" } })
	p := problemOf(t, e.do(t, am, "GET", "/v1/cases/nope", nil), http.StatusNotFound, "not_found")
	require.Equal(t, "Not found", p.Title)
	p = problemOf(t, e.do(t, am, "GET", "/v1/cases/nope", nil, "Accept-Language", "zh-CN"), http.StatusNotFound, "not_found")
	require.Equal(t, "未找到", p.Title)
}

// TestDocuments_PolicyLanguage checks that a printed document follows the
// policy's language when the request names none, and the request when it
// does: a lender that sets "en" gets English papers by default.
func TestDocuments_PolicyLanguage(t *testing.T) {
	e := newEnv(t, func(c *envConfig) { c.policy = func(p *duediligence.Policy) { p.Language = "en" } })
	w := e.newWalk(t, goodBody("500000.00", "50000.00"))
	w.readyToSubmit(t)
	w.submit(t)
	w.write(t, dm, "POST", "/decisions", `{"decision":"approve","comment":"agreed"}`, http.StatusOK)

	r := e.do(t, auditor, "GET", w.base+"/approval-form", nil, "Accept", "text/html").must(t, http.StatusOK)
	require.Equal(t, "en", r.header.Get("Content-Language"))
	require.Contains(t, string(r.body), "Approval chain")
	require.NotContains(t, string(r.body), "审批流程")

	r = e.do(t, auditor, "GET", w.base+"/approval-form", nil, "Accept", "text/html", "Accept-Language", "zh-CN").must(t, http.StatusOK)
	require.Equal(t, "zh", r.header.Get("Content-Language"))
	require.Contains(t, string(r.body), "审批流程")

	r = e.do(t, auditor, "GET", w.base+"/report", nil, "Accept", "text/html").must(t, http.StatusOK)
	require.Equal(t, "en", r.header.Get("Content-Language"))
}
