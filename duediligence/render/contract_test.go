package render_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/duediligence/render"
	"github.com/jinzhi-dev/jinzhi/money"
)

// contractedCase is fullCase approved and with its contracts drafted on
// 2026-12-05: a loan contract, a mortgage and a guarantee.
func contractedCase(t *testing.T) *duediligence.Case {
	t.Helper()
	c := fullCase()
	c.Stage = duediligence.StageContracting
	c.Approvals[0].Outcome = duediligence.DecisionApprove
	c.Approvals[0].Steps[0].Decision = duediligence.DecisionApprove
	c.Collateral = []duediligence.CollateralItem{{Item: collateral.Item{ID: "item-1", Kind: collateral.KindResidential, Arrangement: collateral.Mortgage,
		Description: "住宅，建筑面积 98.5 平方米", Address: "杭州市西湖区某路 1 号", TitleNumber: "浙(2020)杭州市不动产权第0000001号",
		Owners:     []collateral.Owner{{Name: "王五", Relation: collateral.RelationThirdParty}},
		Appraisals: []collateral.Appraisal{{Appraiser: "某评估公司", Method: collateral.MethodMarket, Value: money.MustMoney("2000000.00"), Date: money.MustDate("2026-11-01")}}}}}
	c.Contracting = &duediligence.Contracting{ContractDate: money.MustDate("2026-12-05")}
	p := duediligence.DefaultPolicy()
	p.LenderName = "某某小额贷款有限公司"
	if err := c.RefreshContracts(p); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestContractHTML(t *testing.T) {
	c := contractedCase(t)
	r := newRenderer(t, render.Options{})
	var zh, en bytes.Buffer
	if err := r.ContractHTML(&zh, c, "2026-000123-JK", ""); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"借款合同", "2026-000123-JK", "壹佰万元整", "1,000,000.00", "杭州青山贸易有限公司", "某某小额贷款有限公司",
		"附件一：还款计划表", "2026-000123-DY1", "2026-000123-BZ1", "4.35%"} {
		if !strings.Contains(zh.String(), want) {
			t.Errorf("the Chinese loan contract lacks %q", want)
		}
	}
	if err := r.ContractHTML(&en, c, "2026-000123-JK", "en"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Loan contract", "CNY 1,000,000.00 (壹佰万元整)", "Article 2 Amount", "Attachment 1: repayment schedule"} {
		if !strings.Contains(en.String(), want) {
			t.Errorf("the English loan contract lacks %q", want)
		}
	}
	var dy bytes.Buffer
	if err := r.ContractMarkdown(&dy, c, "2026-000123-DY1", "zh"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# 抵押合同", "王五", "浙(2020)杭州市不动产权第0000001号", "2026-000123-JK", "担保范围"} {
		if !strings.Contains(dy.String(), want) {
			t.Errorf("the mortgage contract lacks %q:\n%s", want, dy.String())
		}
	}
	if err := r.ContractHTML(&dy, c, "2026-000123-XX9", "zh"); err == nil {
		t.Error("an unknown contract renders")
	}
}

// TestContractHTML_LenderTemplateIsScanned: a lender's template that adds
// a forfeiture clause does not print.
func TestContractHTML_LenderTemplateIsScanned(t *testing.T) {
	c := contractedCase(t)
	r := newRenderer(t, render.Options{Templates: fstest.MapFS{
		render.ContractHTMLTemplate: {Data: []byte(`<h1>{{.Enum "contract" .Contract.Kind}}</h1><p>借款人到期不还的，抵押物归抵押权人所有。</p>`)},
	}})
	var b bytes.Buffer
	err := r.ContractHTML(&b, c, "2026-000123-DY1", "zh")
	if !errors.Is(err, render.ErrForfeiture) {
		t.Fatalf("err = %v, want ErrForfeiture", err)
	}
	if b.Len() != 0 {
		t.Error("the refused page was written")
	}
	// The Markdown template is still the built-in one.
	if err := r.ContractMarkdown(&b, c, "2026-000123-DY1", "zh"); err != nil {
		t.Error(err)
	}
}
