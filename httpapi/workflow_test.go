package httpapi_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestWalk follows a case from intake to the submission gate, as the
// frontend would, for a person and for an organization: each write names the
// ETag of the one before.
func TestWalk(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string
		docs []string
	}{
		{"person", personBody, []string{"id_card", "household_register", "marriage_certificate", "spouse_id_card",
			"income_proof", "bank_statements", "credit_report", "purpose_proof"}},
		{"organization", orgBody, []string{"business_license", "articles_of_association", "legal_representative_id",
			"financial_statements", "borrowing_resolution", "bank_statements", "credit_report", "purpose_proof"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			created := e.createCase(t, tc.body)
			base := "/v1/cases/" + created.ID
			etag := `"1"`
			write := func(who, method, path string, body any, status int, hdr ...string) response {
				t.Helper()
				r := e.do(t, who, method, path, body, append([]string{"If-Match", etag}, hdr...)...).must(t, status)
				if status < 300 {
					etag = r.header.Get("ETag")
				}
				return r
			}

			// The checklist follows from the applicant.
			c := decode[duediligence.Case](t, e.do(t, am, "GET", base, nil).must(t, http.StatusOK))
			var types []string
			for _, d := range c.Documents {
				types = append(types, d.Type)
			}
			require.ElementsMatch(t, tc.docs, types)

			// Two documents in: one recorded as sighted, one by its scan.
			write(am, "POST", base+"/documents", map[string]any{"type": tc.docs[0], "status": "received", "original_sighted": true}, http.StatusCreated)
			write(am, "PUT", base+"/documents/"+docID(t, c, tc.docs[1])+"/content", []byte("scan of "+tc.docs[1]), http.StatusCreated,
				"Content-Type", "image/jpeg", "Content-Disposition", `attachment; filename="`+tc.docs[1]+`.jpg"`)

			// Investigation is refused, naming every missing document.
			p := problemOf(t, write(am, "POST", base+"/transitions", `{"to":"investigation"}`, http.StatusConflict), http.StatusConflict, "gate")
			var wantPaths, gotPaths []string
			for i, d := range c.Documents {
				if d.Type != tc.docs[0] && d.Type != tc.docs[1] {
					wantPaths = append(wantPaths, fmt.Sprintf("documents[%d]", i))
				}
			}
			for _, u := range p.Unmet {
				require.Equal(t, "process.documents_complete", u.Rule)
				require.Equal(t, check.Block, u.Severity)
				gotPaths = append(gotPaths, u.Path)
			}
			require.ElementsMatch(t, wantPaths, gotPaths)

			for i, typ := range tc.docs[2:] {
				if i%2 == 0 {
					write(am, "PUT", base+"/documents/"+docID(t, c, typ)+"/content", []byte("scan of "+typ), http.StatusCreated, "Content-Type", "application/pdf")
				} else {
					write(am, "POST", base+"/documents", map[string]any{"type": typ, "status": "verified"}, http.StatusCreated)
				}
			}
			r := write(am, "POST", base+"/transitions", `{"to":"investigation","reason":"资料齐全"}`, http.StatusOK)
			c = decode[duediligence.Case](t, r)
			require.Equal(t, duediligence.StageInvestigation, c.Stage)
			require.Equal(t, []duediligence.StageChange{{From: duediligence.StageIntake, To: duediligence.StageInvestigation,
				By: e.users[am].ID, At: now, Reason: "资料齐全"}}, c.Transitions)

			// Findings of the investigation, including the site visit and the interview.
			evidence := docID(t, c, "bank_statements")
			for _, f := range []map[string]any{
				{"topic": "operations", "method": "site_visit", "statement": "经营场所实地查看，库存与账面相符", "result": "confirmed",
					"evidence": []string{evidence}, "date": "2026-02-27", "location": "北京市朝阳区"},
				{"topic": "character", "method": "interview", "statement": "与借款人面谈，陈述与资料一致", "result": "confirmed"},
				{"topic": "finances", "method": "document_review", "statement": "银行流水月均入账 52 万元", "result": "confirmed", "evidence": []string{evidence}},
			} {
				got := decode[duediligence.Finding](t, write(am, "POST", base+"/findings", f, http.StatusCreated))
				require.Equal(t, f["method"], string(got.Method))
				require.Equal(t, e.users[am].ID, got.Investigator)
			}
			p = problemOf(t, write(am, "POST", base+"/findings", `{"topic":"purpose","method":"interview","statement":"x","result":"confirmed","date":"2027-01-01"}`,
				http.StatusUnprocessableEntity), http.StatusUnprocessableEntity, "invalid")
			require.Equal(t, []string{"date"}, fieldsOf(p))

			// The risk officer raises a red flag.
			flag := decode[duediligence.RedFlag](t, write(risk, "POST", base+"/flags", map[string]any{"description": "银行流水与纳税申报收入差异较大", "evidence": []string{evidence}}, http.StatusCreated))
			require.Equal(t, duediligence.FlagOpen, flag.Status)
			require.Equal(t, e.users[risk].ID, flag.RaisedBy)

			// Submission is refused for the open flag and the missing report
			// (and for what the rule engine finds in this application, which
			// the flag does not change).
			p = problemOf(t, write(am, "POST", base+"/transitions", `{"to":"submitted"}`, http.StatusConflict), http.StatusConflict, "gate")
			process, others := splitRules(t, p)
			require.Equal(t, []string{"process.red_flags", "process.report_attested"}, process, "%+v", p.Unmet)
			require.Equal(t, "flags[0]", p.Unmet[slices.IndexFunc(p.Unmet, func(u duediligence.Unmet) bool { return u.Rule == "process.red_flags" })].Path)

			// Only a department manager resolves it.
			resolution := `{"decision":"dismissed","comment":"差异系季节性回款，已核实"}`
			problemOf(t, write(am, "POST", base+"/flags/"+flag.ID+"/resolution", resolution, http.StatusForbidden), http.StatusForbidden, "forbidden")
			problemOf(t, write(risk, "POST", base+"/flags/"+flag.ID+"/resolution", resolution, http.StatusForbidden), http.StatusForbidden, "forbidden")
			c = decode[duediligence.Case](t, write(dm, "POST", base+"/flags/"+flag.ID+"/resolution", resolution, http.StatusOK))
			require.Equal(t, duediligence.FlagDismissed, c.Flags[0].Status)
			require.Equal(t, e.users[dm].ID, c.Flags[0].Resolution.By)
			problemOf(t, write(dm, "POST", base+"/flags/"+flag.ID+"/resolution", resolution, http.StatusConflict), http.StatusConflict, "conflict")

			// Left of the process: the report, which later features bring.
			p = problemOf(t, write(am, "POST", base+"/transitions", `{"to":"submitted"}`, http.StatusConflict), http.StatusConflict, "gate")
			process, othersAfter := splitRules(t, p)
			require.Equal(t, []string{"process.report_attested"}, process, "%+v", p.Unmet)
			require.Equal(t, others, othersAfter)

			// Every change is in the audit trail, in order.
			evs := decode[struct{ Events []duediligence.Event }](t, e.do(t, auditor, "GET", base+"/events", nil).must(t, http.StatusOK)).Events
			var actions []string
			for _, ev := range evs {
				actions = append(actions, ev.Action)
			}
			require.Equal(t, []string{"case.created", "document.recorded", "document.uploaded",
				"document.uploaded", "document.recorded", "document.uploaded", "document.recorded", "document.uploaded", "document.recorded",
				"case.transitioned", "finding.added", "finding.added", "finding.added", "flag.raised", "flag.resolved"}, actions,
				"refused writes leave no event")
			require.Equal(t, fmt.Sprintf(`"%d"`, evs[len(evs)-1].CaseVersion), etag)
		})
	}
}

// TestConfirmedFlag checks that a confirmed red flag rejects the case.
func TestConfirmedFlag(t *testing.T) {
	e := newEnv(t)
	c := e.createCase(t, personBody)
	flag := decode[duediligence.RedFlag](t, e.write(t, finance, "POST", c.ID, "/flags", `{"description":"身份证照片疑似篡改"}`).must(t, http.StatusCreated))
	c = decode[duediligence.Case](t, e.write(t, dm, "POST", c.ID, "/flags/"+flag.ID+"/resolution", `{"decision":"confirmed","comment":"公安核查不符"}`).must(t, http.StatusOK))
	require.Equal(t, duediligence.StageRejected, c.Stage)
	problemOf(t, e.write(t, am, "POST", c.ID, "/transitions", `{"to":"investigation"}`), http.StatusConflict, "conflict")
	p := problemOf(t, e.write(t, am, "POST", c.ID, "/transitions", `{"to":"sideways"}`), http.StatusUnprocessableEntity, "invalid")
	require.Equal(t, []string{"to"}, fieldsOf(p))
}

// splitRules lists the rules of a problem's unmet conditions, sorted: those
// of the process (documents, investigation, flags, report) and the others,
// from the rule catalogue, each of which must cite its source.
func splitRules(t *testing.T, p problem) (process, others []string) {
	t.Helper()
	for _, u := range p.Unmet {
		if strings.HasPrefix(u.Rule, "process.") {
			process = append(process, u.Rule)
			continue
		}
		require.NotEmpty(t, u.Citation, "rule %s cites no source", u.Rule)
		others = append(others, u.Rule)
	}
	slices.Sort(process)
	slices.Sort(others)
	return process, others
}
