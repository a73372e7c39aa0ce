package duediligence_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// TestReport_DSCRForAnOrganization checks that the report of a company's
// case shows its debt service coverage beside the rule that judges it, as
// a person's shows the DSR: (operating cash flow + interest expense) over
// a year of existing and new debt service.
func TestReport_DSCRForAnOrganization(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	in := orgCase()
	debt := money.MustMoney("1000.00")
	in.Applicant.MonthlyDebtPayments = &debt
	in.Applicant.Statements = []dd.FinancialStatement{{Year: 2025,
		Revenue: money.MustMoney("10000000.00"), CostOfSales: money.MustMoney("8000000.00"),
		TotalAssets: money.MustMoney("10000000.00"), TotalLiabilities: money.MustMoney("4000000.00"),
		OperatingCashFlow: money.MustMoney("600000.00"), InterestExpense: money.MustMoney("50000.00")}}
	c, err := f.svc.CreateCase(ctx, f.am, in)
	require.NoError(t, err)
	c = toInvestigation(t, f, c)
	c, err = f.svc.GenerateReport(ctx, f.am, c.ID, c.Version)
	require.NoError(t, err)

	s, err := dd.NewView(c, f.svc.Policy(), today).Schedule()
	require.NoError(t, err)
	var figure *dd.Figure
	for i := range c.Report.Repayment {
		if c.Report.Repayment[i].Key == "report.figure.dscr" {
			figure = &c.Report.Repayment[i]
		}
		require.NotEqual(t, "report.figure.dsr", c.Report.Repayment[i].Key, "a company has no DSR")
	}
	require.NotNil(t, figure, "the report shows the DSCR: %+v", c.Report.Repayment)
	// The first year of the new schedule, by hand from its installments.
	first := money.Money{}
	for _, inst := range s.Installments[:min(12, len(s.Installments))] {
		first, err = first.Add(inst.Payment)
		require.NoError(t, err)
	}
	service, err := first.Add(money.MustMoney("12000.00"))
	require.NoError(t, err)
	want, err := money.HalfUp.Ratio(money.MustMoney("650000.00").Decimal(), service.Decimal())
	require.NoError(t, err)
	require.Equal(t, want.String(), figure.Value)
	require.Equal(t, "2025", figure.Params["year"])
	require.Empty(t, figure.Unit, "a multiple beside its minimum 1.20, not a percentage")
}
