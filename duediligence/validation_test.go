package duediligence_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	dd "github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// fieldErr returns the field error of e at path.
func fieldErr(t *testing.T, e *dd.Error, path string) dd.FieldError {
	t.Helper()
	for _, fe := range e.Fields {
		if fe.Field == path {
			return fe
		}
	}
	t.Fatalf("no field error at %s: %v", path, e.Fields)
	return dd.FieldError{}
}

func TestService_Validation(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	create := func(t *testing.T, edit func(*dd.NewCase)) *dd.Error {
		t.Helper()
		in := goodPerson()
		edit(&in)
		_, err := f.svc.CreateCase(ctx, f.am, in)
		return asError(t, err, dd.CodeInvalid)
	}

	t.Run("an annual rate above 1 is a percent typed for a fraction", func(t *testing.T) {
		e := create(t, func(in *dd.NewCase) { in.Request.AnnualRate = money.MustRate("8.5") })
		fe := fieldErr(t, e, "request.annual_rate")
		assert.ErrorIs(t, &fe, check.ErrRange)
		assert.Equal(t, "8.50 looks like a percent: write the annual rate as a fraction, 0.085 for 8.50%", fe.Message)
		assert.Equal(t, "8.50 像是百分数：年利率请填写小数，8.50% 应填写 0.085", dd.Messages().RenderField(fe, check.ZH))
	})
	t.Run("every text has a maximum", func(t *testing.T) {
		e := create(t, func(in *dd.NewCase) {
			in.Applicant.Name = strings.Repeat("张", 201)
			in.Applicant.Phone = strings.Repeat("1", 33)
			in.Applicant.Address = strings.Repeat("路", 501)
			in.Request.Purpose = strings.Repeat("用", 501)
			in.Request.RepaymentSource = strings.Repeat("源", 100000)
		})
		for _, path := range []string{"applicant.name", "applicant.phone", "applicant.address", "request.purpose", "request.repayment_source"} {
			fe := fieldErr(t, e, path)
			assert.ErrorIs(t, &fe, check.ErrTooLong, path)
		}
		assert.Equal(t, "不得超过 200 个字符", dd.Messages().RenderField(fieldErr(t, e, "applicant.name"), check.ZH))
	})
	t.Run("an identity number is masked in the error", func(t *testing.T) {
		e := create(t, func(in *dd.NewCase) { in.Applicant.IDNumber = "110105194912310021" })
		fe := fieldErr(t, e, "applicant.id_number")
		assert.ErrorIs(t, &fe, check.ErrChecksum)
		assert.Equal(t, "110105********0021", fe.Value)
		assert.Equal(t, "居民身份证号码无效：校验码不符（第 18 位为 1，应为 X）", dd.Messages().RenderField(fe, check.ZH))
	})
	t.Run("closed sets and text encoding", func(t *testing.T) {
		e := create(t, func(in *dd.NewCase) {
			in.Applicant.MaritalStatus = "complicated"
			in.Request.PurposeCategory = ""
			in.Applicant.Occupation = "a\x00b"
		})
		assert.ErrorIs(t, ptr(fieldErr(t, e, "applicant.marital_status")), check.ErrOneOf)
		assert.ErrorIs(t, ptr(fieldErr(t, e, "request.purpose_category")), check.ErrRequired)
		assert.ErrorIs(t, ptr(fieldErr(t, e, "applicant.occupation")), check.ErrEncoding)
	})
	t.Run("a collateral owner's number must be an identity number", func(t *testing.T) {
		c, err := f.svc.CreateCase(ctx, f.am, goodPerson())
		require.NoError(t, err)
		it := flat("皖(2019)长丰县不动产权第0000009号", "1000000.00")
		it.Owners[0].IDNumber = "1e6"
		it.Appraisals[0].Appraiser = strings.Repeat("评", 100000)
		_, _, err = f.svc.AddCollateral(ctx, f.am, c.ID, c.Version, dd.CollateralInput{Item: it})
		e := asError(t, err, dd.CodeInvalid)
		assert.ErrorIs(t, ptr(fieldErr(t, e, "collateral[0].owners[0].id_number")), check.ErrFormat)
		assert.ErrorIs(t, ptr(fieldErr(t, e, "collateral[0].appraisals[0].appraiser")), check.ErrTooLong)
	})
	t.Run("a finding's lists and texts", func(t *testing.T) {
		c, err := f.svc.CreateCase(ctx, f.am, goodPerson())
		require.NoError(t, err)
		_, _, err = f.svc.AddFinding(ctx, f.am, c.ID, c.Version, dd.FindingInput{Topic: dd.TopicIdentity, Method: dd.MethodInterview,
			Statement: strings.Repeat("述", 10001), Result: dd.ResultConfirmed, Evidence: make([]string, 101), Date: "2026-13-01"})
		e := asError(t, err, dd.CodeInvalid)
		assert.ElementsMatch(t, []string{"statement", "evidence", "date"}, fields(e))
	})
}
