package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

func TestReport(t *testing.T) {
	e := newEnv(t)
	w := e.newWalk(t, goodBody("500000.00", "50000.00"))

	// Nothing to read before it is generated.
	p := problemOf(t, e.do(t, am, "GET", w.base+"/report", nil), http.StatusNotFound, "not_found")
	require.Contains(t, p.Detail, "generate")
	problemOf(t, w.write(t, am, "PATCH", "/report", `{"opinion":"同意"}`, http.StatusConflict), http.StatusConflict, "conflict")

	r := w.write(t, am, "POST", "/report", nil, http.StatusOK)
	rep := decode[duediligence.Report](t, r)
	require.Equal(t, now, rep.GeneratedAt)
	require.Equal(t, "500000.00", rep.Recommendation.Amount.String())
	require.Len(t, rep.Assessments, 4)
	require.Empty(t, rep.Attestations)
	// Generating again is the same request: 200 again.
	w.write(t, am, "POST", "/report", nil, http.StatusOK)

	rep = decode[duediligence.Report](t, w.write(t, am, "PATCH", "/report",
		`{"profile":"王五，个体经营十年","opinion":"同意贷款","risks":[{"risk":"原材料价格波动","mitigation":"按月监控流水"}],"assessments":[{"aspect":"safety","conclusion":"还款来源充足"}]}`, http.StatusOK))
	require.Equal(t, "王五，个体经营十年", rep.Profile)
	require.Equal(t, []duediligence.Risk{{Risk: "原材料价格波动", Mitigation: "按月监控流水"}}, rep.Risks)
	require.Equal(t, "还款来源充足", rep.Assessments[2].Conclusion)
	p = problemOf(t, w.write(t, am, "PATCH", "/report", `{"assessments":[{"aspect":"beauty","conclusion":"x"}]}`, http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"assessments[0].aspect"}, fieldsOf(p))

	rep = decode[duediligence.Report](t, w.write(t, am, "POST", "/report/attestation", `{}`, http.StatusOK))
	require.Len(t, rep.Attestations, 1)
	require.Equal(t, duediligence.DefaultStatement, rep.Attestations[0].Statement)
	require.Equal(t, 1, rep.Attestations[0].Order)
	problemOf(t, w.write(t, am, "POST", "/report/attestation", `{}`, http.StatusConflict), http.StatusConflict, "conflict")

	// Read back: JSON by default and by Accept, with the case's ETag.
	for _, accept := range []string{"", "application/json", "*/*", "application/*;q=0.9, text/html;q=0.1"} {
		r = e.do(t, dm, "GET", w.base+"/report", nil, "Accept", accept).must(t, http.StatusOK)
		require.Equal(t, "application/json", r.header.Get("Content-Type"), accept)
		require.Equal(t, w.etag, r.header.Get("ETag"))
		require.Equal(t, rep, decode[duediligence.Report](t, r))
	}

	// Markdown, Chinese by default, English on request.
	r = e.do(t, auditor, "GET", w.base+"/report", nil, "Accept", "text/markdown").must(t, http.StatusOK)
	require.Equal(t, "text/markdown; charset=utf-8", r.header.Get("Content-Type"))
	require.Equal(t, "zh", r.header.Get("Content-Language"))
	md := string(r.body)
	require.Contains(t, md, "王五，个体经营十年")
	require.Contains(t, md, "360426********0071", "the auditor's view is masked")
	require.NotContains(t, md, "360426199101010071")
	r = e.do(t, am, "GET", w.base+"/report", nil, "Accept", "text/markdown", "Accept-Language", "en-GB,en;q=0.9").must(t, http.StatusOK)
	require.Equal(t, "en", r.header.Get("Content-Language"))
	require.NotEqual(t, md, string(r.body))
	r = e.do(t, am, "GET", w.base+"/report?lang=zh", nil, "Accept", "text/markdown", "Accept-Language", "en").must(t, http.StatusOK)
	require.Equal(t, "zh", r.header.Get("Content-Language"), "lang wins over Accept-Language")

	// HTML, a printable page that loads and runs nothing.
	r = e.do(t, dm, "GET", w.base+"/report?lang=en", nil, "Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8").must(t, http.StatusOK)
	require.Equal(t, "text/html; charset=utf-8", r.header.Get("Content-Type"))
	require.Equal(t, "en", r.header.Get("Content-Language"))
	require.Contains(t, r.header.Get("Content-Security-Policy"), "default-src 'none'")
	html := string(r.body)
	require.True(t, strings.HasPrefix(strings.ToLower(strings.TrimSpace(html)), "<!doctype html"), html[:min(len(html), 80)])
	require.Contains(t, html, "王五，个体经营十年")

	// Anything else is refused.
	p = problemOf(t, e.do(t, dm, "GET", w.base+"/report", nil, "Accept", "application/pdf"), http.StatusNotAcceptable, "not_acceptable")
	require.Contains(t, p.Detail, "text/markdown")
	problemOf(t, e.do(t, dm, "GET", w.base+"/report", nil, "Accept", "text/html;q=0, application/json;q=0"), http.StatusNotAcceptable, "not_acceptable")
	p = problemOf(t, e.do(t, dm, "GET", w.base+"/report?lang=fr", nil, "Accept", "text/html"), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"lang"}, fieldsOf(p))
}

// TestReport_FrozenAgreesWithItself is the regression test of a frozen
// report that listed process.report_attested as unmet, and "1 unresolved
// finding", beside the attestation: its checks are those at submission.
// And one rendering speaks one language: no English in the Chinese page, no
// Chinese label in the English one, rates to two decimals.
func TestReport_FrozenAgreesWithItself(t *testing.T) {
	e := newEnv(t)
	w := e.newWalk(t, goodBody("500000.00", "50000.00"))
	w.readyToSubmit(t)
	w.submit(t)
	rep := decode[duediligence.Report](t, e.do(t, am, "GET", w.base+"/report", nil).must(t, http.StatusOK))
	require.NotEmpty(t, rep.Hash)
	require.NotEmpty(t, rep.Attestations)
	for _, c := range rep.Checks {
		require.False(t, c.Severity == check.Block, "a frozen report lists a block: %+v", c)
		require.False(t, c.Severity == check.Warn && c.Acknowledged == nil, "a frozen report lists an open warning: %+v", c)
	}
	for _, a := range rep.Assessments {
		require.NotEqual(t, "report.conclusion.open", a.Key, "%s: %s", a.Aspect, a.Conclusion)
	}
	zh := string(e.do(t, am, "GET", w.base+"/report", nil, "Accept", "text/html").must(t, http.StatusOK).body)
	for _, s := range []string{"债务收入比（DSR）", "月收入", "年化利率高于资金成本", "8.50%", "审查审批意见", "部门负责人意见", "主调查人"} {
		require.Contains(t, zh, s)
	}
	for _, s := range []string{"monthly income", "over funding cost", "unresolved", "8.49999"} {
		require.NotContains(t, zh, s)
	}
	en := string(e.do(t, am, "GET", w.base+"/report?lang=en", nil, "Accept", "text/html").must(t, http.StatusOK).body)
	for _, s := range []string{"debt service ratio (DSR)", "Monthly income", "exceeds the funding cost", "Review and approval opinions"} {
		require.Contains(t, en, s)
	}
	for _, s := range []string{"月收入", "债务收入比", "部门负责人"} {
		require.NotContains(t, en, s)
	}
}
