package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// TestCaseFormat_RoundKinds: rounds other than credit keep their kind and
// what they decide on through the stored format; a credit round is stored
// without a kind, as every round was before kinds.
func TestCaseFormat_RoundKinds(t *testing.T) {
	c := goldenCase()
	at := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
	c.Approvals = append(c.Approvals, duediligence.Approval{Round: 3, Kind: duediligence.ApprovalExtension, SubmittedAt: at,
		Steps: []duediligence.ApprovalStep{{Role: duediligence.RoleDepartmentManager}},
		Extension: &duediligence.Extension{Months: 12, Reason: "经营周转困难", Maturity: money.Date{Year: 2029, Month: 3, Day: 2},
			NewMaturity: money.Date{Year: 2030, Month: 3, Day: 2}, RequestedBy: "am-1", EffectiveOn: money.Date{Year: 2026, Month: 12, Day: 4},
			Consents: []duediligence.GuarantorConsent{{GuaranteeID: "g-1", DocumentID: "d-1", By: "am-1", At: at}}}})
	body, err := encodeCase(c)
	require.NoError(t, err)
	assert.Contains(t, string(body), `"kind":"extension"`)
	assert.NotContains(t, string(body), `"kind":"credit"`)
	back, err := decodeCase(schemaVersion, body)
	require.NoError(t, err)
	assert.Equal(t, c.Approvals, back.Approvals)
}
