package duediligence_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dd "github.com/jinzhi-dev/jinzhi/duediligence"
)

func TestService_TwoInvestigators(t *testing.T) {
	p := dd.DefaultPolicy()
	p.Rules.Disabled = nil // 双人调查 on
	f := newFixture(t, p)
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, goodPerson())
	require.NoError(t, err)

	// Before being added, the other account manager cannot see the case.
	_, err = f.svc.FindCaseByID(ctx, f.am2, c.ID)
	asError(t, err, dd.CodeNotFound)
	_, err = f.svc.AddCoInvestigator(ctx, f.am, c.ID, c.Version, dd.CoInvestigatorInput{UserID: f.dm.ID})
	e := asError(t, err, dd.CodeInvalid)
	assert.Equal(t, []string{"user_id"}, fields(e), "only an account manager investigates")
	c, err = f.svc.AddCoInvestigator(ctx, f.dm, c.ID, c.Version, dd.CoInvestigatorInput{UserID: f.am2.ID})
	require.NoError(t, err)
	require.Len(t, c.CoInvestigators, 1)

	// The co-investigator reads the whole file and records findings, but the rest stays the owner's.
	got, err := f.svc.FindCaseByID(ctx, f.am2, c.ID)
	require.NoError(t, err)
	assert.Equal(t, "360426199101010071", got.Applicant.IDNumber)
	c = toInvestigation(t, f, c)
	_, err = f.svc.Transition(ctx, f.am2, c.ID, c.Version, dd.TransitionInput{To: dd.StageWithdrawn, Reason: "x"})
	asError(t, err, dd.CodeForbidden)
	c, _, err = f.svc.AddFinding(ctx, f.am, c.ID, c.Version, dd.FindingInput{Topic: dd.TopicOperations, Method: dd.MethodSiteVisit, Statement: "实地查看", Result: dd.ResultConfirmed})
	require.NoError(t, err)

	ch, err := f.svc.Checks(ctx, f.am, c.ID)
	require.NoError(t, err)
	var ruleIDs []string
	for _, r := range ch.Results {
		ruleIDs = append(ruleIDs, r.Rule)
	}
	assert.Contains(t, ruleIDs, "process.two_investigators")

	c, _, err = f.svc.AddFinding(ctx, f.am2, c.ID, c.Version, dd.FindingInput{Topic: dd.TopicPurpose, Method: dd.MethodInterview, Statement: "面谈", Result: dd.ResultConfirmed})
	require.NoError(t, err)
	c, err = f.svc.GenerateReport(ctx, f.am, c.ID, c.Version)
	require.NoError(t, err)
	c, err = f.svc.AttestReport(ctx, f.am2, c.ID, c.Version, dd.AttestationInput{})
	require.NoError(t, err)
	c, err = f.svc.AttestReport(ctx, f.am, c.ID, c.Version, dd.AttestationInput{})
	require.NoError(t, err)
	orders := map[string]int{}
	for _, a := range c.Report.Attestations {
		orders[a.By] = a.Order
	}
	assert.Equal(t, map[string]int{f.am.ID: 1, f.am2.ID: 2}, orders, "the owner is first in responsibility")

	ch, err = f.svc.Checks(ctx, f.am, c.ID)
	require.NoError(t, err)
	for _, r := range ch.Results {
		assert.NotEqual(t, "process.two_investigators", r.Rule)
		assert.NotEqual(t, "process.report_attested", r.Rule)
	}

	// With both attestations the case can be submitted.
	c, err = f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageSubmitted})
	require.NoError(t, err)
	assert.Equal(t, dd.StageSubmitted, c.Stage)
}

func TestService_CoInvestigatorListsTheCase(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, goodPerson())
	require.NoError(t, err)
	mine, err := f.svc.CreateCase(ctx, f.am2, goodPerson())
	require.NoError(t, err)
	page, err := f.svc.FindCases(ctx, f.am2, dd.CaseFilter{})
	require.NoError(t, err)
	require.Len(t, page.Cases, 1)
	_, err = f.svc.AddCoInvestigator(ctx, f.am, c.ID, c.Version, dd.CoInvestigatorInput{UserID: f.am2.ID})
	require.NoError(t, err)
	page, err = f.svc.FindCases(ctx, f.am2, dd.CaseFilter{})
	require.NoError(t, err)
	require.Len(t, page.Cases, 2, "their own case and the one they co-investigate")
	assert.Equal(t, mine.ID, page.Cases[0].ID, "newest first")
	assert.Equal(t, c.ID, page.Cases[1].ID)
	page, err = f.svc.FindCases(ctx, f.am2, dd.CaseFilter{Owner: f.am.ID})
	require.NoError(t, err)
	require.Len(t, page.Cases, 1, "filtered by owner, still within what they may see")
	page, err = f.svc.FindCases(ctx, f.am, dd.CaseFilter{})
	require.NoError(t, err)
	require.Len(t, page.Cases, 1, "the owner does not see the other's case")
}
