package render_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/duediligence/render"
)

// TestApprovalForm_CreditRound: the approval form (立项审批表) is the credit
// round's, also after an extension round on the loan: its chain, comments
// and conditions, not the extension's.
func TestApprovalForm_CreditRound(t *testing.T) {
	r := newRenderer(t, render.Options{})
	c := fullCase()
	c.Approvals = append(c.Approvals, duediligence.Approval{Round: 2, Kind: duediligence.ApprovalExtension, SubmittedAt: t0,
		Steps: []duediligence.ApprovalStep{{Role: duediligence.RoleDepartmentManager, Decision: duediligence.DecisionApprove,
			Approver: "u-sun", ApproverName: "孙经理", Comment: "同意展期十二个月", At: t0}}})
	var b bytes.Buffer
	require.NoError(t, r.ApprovalForm(&b, c, "zh"))
	assert.Contains(t, b.String(), "同意，报风险管理部门审查")
	assert.Contains(t, b.String(), "放款前办妥抵押登记")
	assert.NotContains(t, b.String(), "同意展期十二个月")
}
