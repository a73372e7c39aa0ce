package duediligence_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

func TestService_Guarantees(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	a, err := f.svc.CreateCase(ctx, f.am, goodPerson()) // 360426199101010071 borrows
	require.NoError(t, err)

	t.Run("the guarantor's ID is checked with the guarantee's path", func(t *testing.T) {
		g := cleanGuarantee()
		g.Guarantor.IDNumber = "110105194912310021"
		g.Amount = money.Money{}
		_, _, err := f.svc.AddGuarantee(ctx, f.am, a.ID, a.Version, dd.GuaranteeInput{Guarantee: g})
		var e *dd.Error
		require.ErrorAs(t, err, &e)
		var fields []string
		for _, fe := range e.Fields {
			fields = append(fields, fe.Field)
		}
		assert.ElementsMatch(t, []string{"guarantees[0].guarantor.id_number", "guarantees[0].amount"}, fields)
	})

	t.Run("checklist, masking and idempotency", func(t *testing.T) {
		in := dd.GuaranteeInput{Guarantee: companyGuarantee(), IdempotencyKey: "g-key-1"}
		in.Guarantee.Corporate.Resolution = nil
		c, g, err := f.svc.AddGuarantee(ctx, f.am, a.ID, a.Version, in)
		require.NoError(t, err)
		assert.ElementsMatch(t, []string{"guarantor_business_license", "guarantor_financial_statements", "guarantor_resolution", "guarantor_credit_report"},
			types(c, "guarantee:"+g.ID))
		again, g2, err := f.svc.AddGuarantee(ctx, f.am, a.ID, a.Version, in)
		require.NoError(t, err)
		assert.Equal(t, g.ID, g2.ID)
		assert.Len(t, again.Guarantees, 1, "a retry adds nothing")

		c, _, err = f.svc.AddGuarantee(ctx, f.am, a.ID, c.Version, dd.GuaranteeInput{Guarantee: cleanGuarantee()})
		require.NoError(t, err)
		seen, err := f.svc.FindCaseByID(ctx, f.dm, a.ID)
		require.NoError(t, err)
		assert.Equal(t, "11010219840406970X", seen.Guarantees[1].Guarantor.IDNumber, "approvers see it whole")
		masked, err := f.svc.FindCaseByID(ctx, f.aud, a.ID)
		require.NoError(t, err)
		assert.NotEqual(t, "11010219840406970X", masked.Guarantees[1].Guarantor.IDNumber, "an auditor sees it masked")
		a = c
	})

	t.Run("a mutual guarantee across cases warns", func(t *testing.T) {
		// In case b the company borrows and a's borrower guarantees it.
		in := goodPerson()
		in.Applicant = companyGuarantee().Guarantor
		b, err := f.svc.CreateCase(ctx, f.am, in)
		require.NoError(t, err)
		g := cleanGuarantee()
		g.Guarantor = dd.Party{Kind: dd.Person, Name: "张三", IDNumber: "360426199101010071"}
		_, _, err = f.svc.AddGuarantee(ctx, f.am, b.ID, b.Version, dd.GuaranteeInput{Guarantee: g})
		require.NoError(t, err)

		c, err := f.svc.FindCaseByID(ctx, f.am, a.ID)
		require.NoError(t, err)
		assert.Equal(t, []dd.MutualGuarantee{{CaseID: b.ID, Stage: dd.StageIntake}}, c.Guarantees[0].Mutual)
		// The rule gates submission; evaluate it on the case as read.
		p := dd.DefaultPolicy()
		got := resultsOf(c, p, "guarantor.mutual")
		require.Len(t, got, 1)
		assert.Equal(t, "guarantees[0].guarantor", got[0].Path)
	})

	t.Run("remove", func(t *testing.T) {
		c, err := f.svc.RemoveGuarantee(ctx, f.am, a.ID, a.Version, a.Guarantees[1].ID)
		require.NoError(t, err)
		assert.Len(t, c.Guarantees, 1)
		_, err = f.svc.RemoveGuarantee(ctx, f.am, a.ID, c.Version, "nope")
		assert.Equal(t, dd.CodeNotFound, dd.ErrorCode(err))
	})
}
