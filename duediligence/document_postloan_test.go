package duediligence_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestService_PostLoanDocuments: after disbursement the papers of the
// loan's life are added as they come — here a guarantor's written consent
// to an extension, recorded and uploaded on the day, and accepted as the
// extension's consent — while the checklist submitted for approval stays
// as it was: no status, no note, no new file, and no new document of a
// checklist type, each refused naming the field or the document, the case
// unchanged.
func TestService_PostLoanDocuments(t *testing.T) {
	lf := disbursedLoan(t, nil)
	ctx := context.Background()
	c := withGuarantor(t, lf)
	frozen := c.Documents[0]
	require.Equal(t, "id_card", frozen.Type)
	before := c.Version
	zh := func(e *dd.Error) string { return dd.Messages().Render(check.ZH, e.Fields[0].Key, e.Fields[0].Params) }

	// The checklist: no status, no file, no new document of its types.
	_, _, err := lf.svc.RecordDocument(ctx, lf.am, c.ID, c.Version, dd.DocumentInput{ID: frozen.ID, Status: dd.DocumentRejected, Note: "补正"})
	e := asError(t, err, dd.CodeInvalid)
	assert.Equal(t, []string{"id"}, fields(e))
	assert.Equal(t, frozen.ID, e.Fields[0].Value)
	assert.Contains(t, zh(e), "借款人身份证")
	assert.Contains(t, zh(e), "审批后不得更改")
	assert.Contains(t, e.Fields[0].Message, frozen.ID)
	_, _, err = lf.svc.UploadDocumentContent(ctx, lf.am, c.ID, c.Version, frozen.ID, "id2.jpg", "image/jpeg", strings.NewReader("another scan"))
	e = asError(t, err, dd.CodeConflict)
	assert.Contains(t, e.Render(check.ZH), "借款人身份证")
	assert.Contains(t, e.Render(check.EN), "Borrower's resident identity card")
	_, _, err = lf.svc.RecordDocument(ctx, lf.am, c.ID, c.Version, dd.DocumentInput{Type: "credit_report", Status: dd.DocumentReceived})
	e = asError(t, err, dd.CodeInvalid)
	assert.Equal(t, []string{"type"}, fields(e))
	assert.Contains(t, zh(e), "征信报告")
	assert.Contains(t, zh(e), "extension_consent", "the refusal lists the types that may be added")
	c, err = lf.svc.FindCaseByID(ctx, lf.am, c.ID)
	require.NoError(t, err)
	assert.Equal(t, before, c.Version, "nothing changed")
	assert.Equal(t, frozen.Status, c.Documents[0].Status)
	assert.Len(t, c.Documents[0].Files, len(frozen.Files))

	// Who may write after disbursement: not the auditor, not another
	// account manager (who does not see the case).
	_, _, err = lf.svc.RecordDocument(ctx, lf.aud, c.ID, c.Version, dd.DocumentInput{Type: "extension_consent"})
	asError(t, err, dd.CodeForbidden)
	_, _, err = lf.svc.RecordDocument(ctx, lf.am2, c.ID, c.Version, dd.DocumentInput{Type: "extension_consent"})
	asError(t, err, dd.CodeNotFound)

	// The guarantor's consent, on the day of the extension: recorded,
	// then its scan uploaded.
	c, consent, err := lf.svc.RecordDocument(ctx, lf.am, c.ID, c.Version, dd.DocumentInput{Type: "extension_consent", Note: "李四同意展期六个月"})
	require.NoError(t, err)
	assert.Equal(t, "担保人同意展期的书面意见", consent.Label)
	assert.False(t, consent.Required, "no part of the application asks for it")
	assert.Equal(t, dd.DocumentMissing, consent.Status)
	c, file, err := lf.svc.UploadDocumentContent(ctx, lf.am, c.ID, c.Version, consent.ID, "consent.pdf", "application/pdf", strings.NewReader("%PDF consent"))
	require.NoError(t, err)
	assert.Equal(t, int64(12), file.Size)
	d := c.Documents[len(c.Documents)-1]
	assert.Equal(t, consent.ID, d.ID)
	assert.Equal(t, dd.DocumentReceived, d.Status)
	// The department manager adds a paper too, each one a document of its own.
	c, visit, err := lf.svc.RecordDocument(ctx, lf.dm, c.ID, c.Version, dd.DocumentInput{Type: "visit_record", Status: dd.DocumentReceived})
	require.NoError(t, err)
	assert.NotEqual(t, consent.ID, visit.ID)
	c, again, err := lf.svc.RecordDocument(ctx, lf.am, c.ID, c.Version, dd.DocumentInput{Type: "extension_consent"})
	require.NoError(t, err)
	assert.NotEqual(t, consent.ID, again.ID, "one consent per guarantor")
	c, again, err = lf.svc.RecordDocument(ctx, lf.am, c.ID, c.Version, dd.DocumentInput{ID: again.ID, Status: dd.DocumentRejected, Note: "未签字"})
	require.NoError(t, err, "a post-loan paper is updated as the checklist was before submission")
	assert.Equal(t, dd.DocumentRejected, again.Status)

	// The consent uploaded after disbursement is the extension's.
	c, err = lf.svc.RequestExtension(ctx, lf.am, c.ID, c.Version, dd.ExtensionInput{Months: 6, Reason: "经营周转困难",
		Consents: []dd.ConsentInput{{GuaranteeID: c.Guarantees[0].ID, DocumentID: consent.ID}}})
	require.NoError(t, err)
	c, err = lf.svc.Decide(ctx, lf.dm, c.ID, c.Version, dd.DecisionInput{Decision: dd.DecisionApprove, Comment: "同意展期"})
	require.NoError(t, err)
	a := c.Approvals[len(c.Approvals)-1]
	assert.Equal(t, dd.DecisionApprove, a.Outcome)
	require.Len(t, a.Extension.Consents, 1)
	assert.Equal(t, consent.ID, a.Extension.Consents[0].DocumentID)

	// The audit trail: the same events as for the checklist.
	evs, err := lf.svc.Events(ctx, lf.dm, c.ID)
	require.NoError(t, err)
	var recorded, uploaded int
	for _, ev := range evs {
		if strings.Contains(string(ev.Data), consent.ID) {
			switch ev.Action {
			case "document.recorded":
				recorded++
			case "document.uploaded":
				uploaded++
			}
		}
	}
	assert.Equal(t, 1, recorded)
	assert.Equal(t, 1, uploaded)

	// A co-investigator follows the loan with its owner, as for visits.
	c = changeCase(t, lf, func(c *dd.Case) {
		c.CoInvestigators = append(c.CoInvestigators, dd.CoInvestigator{ID: lf.am2.ID, Name: lf.am2.Name})
	})
	_, _, err = lf.svc.RecordDocument(ctx, lf.am2, c.ID, c.Version, dd.DocumentInput{Type: "visit_record", Note: "电话回访"})
	require.NoError(t, err)
}

// TestService_PostLoanDocumentsBeforeDisbursement: before approval the
// checklist works as ever, and a post-loan paper is refused, naming the
// type; after submission and before disbursement nothing changes.
func TestService_PostLoanDocumentsBeforeDisbursement(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c, err := f.svc.CreateCase(ctx, f.am, personCase(dd.Single))
	require.NoError(t, err)
	_, _, err = f.svc.RecordDocument(ctx, f.am, c.ID, c.Version, dd.DocumentInput{Type: "write_off_evidence"})
	e := asError(t, err, dd.CodeInvalid)
	assert.Equal(t, []string{"type"}, fields(e))
	assert.Contains(t, dd.Messages().Render(check.ZH, e.Fields[0].Key, e.Fields[0].Params), "放款后方可登记")
	c, doc, err := f.svc.RecordDocument(ctx, f.am, c.ID, c.Version, dd.DocumentInput{Type: "other", Note: "补充资料"})
	require.NoError(t, err, "the checklist works as before")
	assert.Equal(t, "other", doc.Type)
	_, _, err = f.svc.RecordDocument(ctx, f.dm, c.ID, c.Version, dd.DocumentInput{Type: "other"})
	asError(t, err, dd.CodeForbidden)
}

// TestLoadPolicy_PostLoanDocuments: a post-loan type is no part of the
// application's checklist.
func TestLoadPolicy_PostLoanDocuments(t *testing.T) {
	p := dd.DefaultPolicy()
	var types []string
	for _, d := range p.Documents {
		if d.PostLoan {
			types = append(types, d.Type)
			assert.Empty(t, d.Applicant, d.Type)
			assert.NotEmpty(t, d.LabelEN, d.Type)
		}
	}
	assert.Subset(t, types, []string{"extension_consent", "collection_delivery_proof", "write_off_evidence", "visit_record", "settlement_certificate"})
	_, err := dd.LoadPolicy([]byte(`{"documents":[{"type":"other","label":"其他资料"},{"type":"consent","label":"同意书","post_loan":true,"applicant":["person"]}]}`))
	e := asError(t, err, dd.CodeInvalid)
	assert.Equal(t, []string{"documents[1].post_loan"}, fields(e))
}
