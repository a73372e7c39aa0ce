package httpapi_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

func TestChecks(t *testing.T) {
	e := newEnv(t)
	w := e.newWalk(t, personBody)

	// In intake the checks are those of the move to investigation.
	ch := w.checks(t, auditor)
	require.Equal(t, duediligence.StageIntake, ch.Stage)
	require.Equal(t, duediligence.StageInvestigation, ch.To)
	require.False(t, ch.Ready)
	require.NotEmpty(t, ch.Results)

	w.investigate(t)
	ch = w.checks(t, am)
	require.Equal(t, duediligence.StageSubmitted, ch.To)
	result := func(ch duediligence.Checks, rule string) duediligence.CheckResult {
		t.Helper()
		i := slices.IndexFunc(ch.Results, func(r duediligence.CheckResult) bool { return r.Rule == rule })
		require.GreaterOrEqual(t, i, 0, "no result of %s in %+v", rule, ch.Results)
		return ch.Results[i]
	}
	// 张三, born 1949, is 79 at maturity: a warning to justify.
	age := result(ch, "borrower.age_at_maturity")
	require.Equal(t, check.Warn, age.Severity)
	require.Equal(t, "applicant.birth_date", age.Path)
	require.Nil(t, age.Acknowledged)
	require.NotEmpty(t, age.Citation)
	dsr := result(ch, "repayment.dsr")
	require.Equal(t, check.Block, dsr.Severity)
	// Messages and citations in the reader's language, Chinese by default;
	// the params stay the fractions a client words itself.
	require.Contains(t, dsr.Message, "债务收入比")
	require.Regexp(t, `^债务收入比 \d+\.\d{2,}% 超过上限 50\.00%`, dsr.Message)
	require.Equal(t, "0.50", dsr.Params["max"])
	co, ok := duediligence.DefaultCatalogue().Rule("borrower.age_at_maturity")
	require.True(t, ok)
	require.Equal(t, co.CitationZH, age.Citation)
	en := decode[duediligence.Checks](t, w.e.do(t, am, "GET", w.base+"/checks?lang=en", nil).must(t, http.StatusOK))
	require.Equal(t, co.Citation, result(en, "borrower.age_at_maturity").Citation)
	require.Contains(t, result(en, "repayment.dsr").Message, "DSR ")
	r := w.e.do(t, am, "GET", w.base+"/checks", nil, "Accept-Language", "en-GB,en;q=0.9").must(t, http.StatusOK)
	require.Equal(t, "en", r.header.Get("Content-Language"))

	// The owner acknowledges the warning; the checks show it.
	c := decode[duediligence.Case](t, w.write(t, am, "POST", "/checks/borrower.age_at_maturity/acknowledgement",
		`{"path":"applicant.birth_date","justification":"子女共同还款，已面谈确认"}`, http.StatusOK))
	require.Len(t, c.Acknowledgements, 1)
	require.Equal(t, duediligence.Acknowledgement{Rule: "borrower.age_at_maturity", Path: "applicant.birth_date",
		Justification: "子女共同还款，已面谈确认", By: e.users[am].ID, At: now}, c.Acknowledgements[0])
	age = result(w.checks(t, dm), "borrower.age_at_maturity")
	require.NotNil(t, age.Acknowledged)
	require.Equal(t, "子女共同还款，已面谈确认", age.Acknowledged.Justification)

	// A block cannot be acknowledged; nor a rule that does not warn.
	p := problemOf(t, w.write(t, am, "POST", "/checks/repayment.dsr/acknowledgement", `{"justification":"收入稳定"}`, http.StatusNotFound), http.StatusNotFound, "not_found")
	require.Contains(t, p.Detail, "repayment.dsr")
	problemOf(t, w.write(t, am, "POST", "/checks/no.such_rule/acknowledgement", `{"justification":"x"}`, http.StatusNotFound), http.StatusNotFound, "not_found")
	p = problemOf(t, w.write(t, am, "POST", "/checks/borrower.age_at_maturity/acknowledgement", `{"justification":""}`, http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"justification"}, fieldsOf(p))
	p = problemOf(t, w.write(t, am, "POST", "/checks/borrower.age_at_maturity/acknowledgement", `{"rule":"x","justification":"y"}`, http.StatusBadRequest), http.StatusBadRequest, "malformed")
	require.Equal(t, []string{"rule"}, fieldsOf(p), "the rule is the path's")
}
