package duediligence_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dd "github.com/jinzhi-dev/jinzhi/duediligence"
)

// TestService_FrozenReportFromTheTrail submits a case and rebuilds the
// report it froze from the audit trail alone: the edits carry what they
// changed, the attestation carries what was attested and its hash, and the
// submission the hash frozen.
func TestService_FrozenReportFromTheTrail(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c := submit(t, f, readyToSubmit(t, f, goodPerson()))
	c, err := f.svc.FindCaseByID(ctx, f.aud, c.ID)
	require.NoError(t, err)
	require.NotEmpty(t, c.Report.Hash)

	evs, err := f.svc.Events(ctx, f.aud, c.ID)
	require.NoError(t, err)
	var edited, attested, submitted *dd.Event
	for i := range evs {
		switch e := &evs[i]; e.Action {
		case "report.edited":
			edited = e
		case "report.attested":
			attested = e
		case "case.transitioned":
			submitted = e
		}
	}
	require.NotNil(t, edited)
	require.NotNil(t, attested)
	require.NotNil(t, submitted)

	var edit struct {
		Edit dd.ReportEdit `json:"edit"`
	}
	require.NoError(t, json.Unmarshal(edited.Data, &edit))
	require.NotNil(t, edit.Edit.Opinion, "the edit is in the trail with its content")
	assert.Equal(t, "同意贷款", *edit.Edit.Opinion)

	var att struct {
		ReportHash string          `json:"report_hash"`
		Report     json.RawMessage `json:"report"`
	}
	require.NoError(t, json.Unmarshal(attested.Data, &att))
	sum := sha256.Sum256(att.Report)
	assert.Equal(t, att.ReportHash, hex.EncodeToString(sum[:]), "the attested report hashes to the hash its event names")
	var sub struct {
		ReportHash string `json:"report_hash"`
	}
	require.NoError(t, json.Unmarshal(submitted.Data, &sub))
	assert.Equal(t, c.Report.Hash, sub.ReportHash, "the submission names the frozen hash")
	assert.Equal(t, c.Report.Hash, att.ReportHash, "what was frozen is what was last attested")

	var rebuilt dd.Report
	require.NoError(t, json.Unmarshal(att.Report, &rebuilt))
	assert.Equal(t, *edit.Edit.Opinion, rebuilt.Opinion)
	rebuilt.Hash, rebuilt.FrozenAt, rebuilt.Frozen = c.Report.Hash, c.Report.FrozenAt, c.Report.Frozen
	assert.Equal(t, *c.Report, rebuilt, "the trail rebuilds the report as frozen")
	assert.Equal(t, []byte(att.Report), c.Report.Frozen, "byte for byte")
}

// TestService_FrozenReportChanged changes a frozen report in the database:
// the case is refused with an internal error naming the report, audit
// verify fails, and the case's trail stays readable.
func TestService_FrozenReportChanged(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	c := submit(t, f, readyToSubmit(t, f, goodPerson()))
	_, err := dd.VerifyAudit(ctx, f.st, f.st.AuditKey(), nil)
	require.NoError(t, err)

	// One character of the opinion, in the stored fields and the bytes frozen.
	_, err = f.db.Write.ExecContext(ctx, `UPDATE case_bodies SET body = replace(body, '同意贷款', '同意贷款。') WHERE case_id = ?`, c.ID)
	require.NoError(t, err)

	_, err = f.svc.FindCaseByID(ctx, f.dm, c.ID)
	e := asError(t, err, dd.CodeInternal)
	assert.Contains(t, e.Message, "frozen report does not match its hash")
	assert.ErrorIs(t, err, dd.ErrFrozenReport)
	_, err = f.svc.Transition(ctx, f.am, c.ID, c.Version, dd.TransitionInput{To: dd.StageWithdrawn, Reason: "x"})
	assert.ErrorIs(t, err, dd.ErrFrozenReport, "nor is it changed")

	_, err = dd.VerifyAudit(ctx, f.st, f.st.AuditKey(), nil)
	var ae *dd.AuditError
	require.True(t, errors.As(err, &ae), "want an AuditError, got %v", err)
	assert.Equal(t, dd.FindingReport, ae.Finding)
	assert.Equal(t, c.ID, ae.Stream)

	evs, err := f.svc.Events(ctx, f.aud, c.ID)
	require.NoError(t, err)
	assert.NotEmpty(t, evs, "the trail of the case stays readable")
}
