package contracts_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/jinzhi-dev/jinzhi/collateral"
	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/money"
)

func draftInput() contracts.DraftInput {
	house := func(id, owner string) contracts.SecurityItem {
		return contracts.SecurityItem{Registry: "长丰县不动产登记中心", Item: collateral.Item{ID: id, Kind: collateral.KindResidential, Arrangement: collateral.Mortgage,
			Description: "住宅 " + id, TitleNumber: "皖(2020)长丰县不动产权第000" + id + "号",
			Owners: []collateral.Owner{{Name: owner, Relation: collateral.RelationBorrower}}}}
	}
	return contracts.DraftInput{
		LedgerNumber: "2026-000123", ContractDate: money.MustDate("2026-12-05"),
		Lender:    contracts.Party{Name: "某某小额贷款有限公司"},
		Borrowers: []contracts.Party{{Name: "张三", IDNumber: "11010519491231002X"}, {Name: "李四"}},
		Spouse:    &contracts.Party{Name: "王芳"},
		Terms: contracts.Terms{Principal: money.MustMoney("1000000.00"), AnnualRate: money.MustRate("0.085"), TermMonths: 36,
			Method: contracts.EqualInstallment},
		Purpose: "采购原材料",
		Collateral: []contracts.SecurityItem{house("1", "张三"), house("2", "赵六"), house("3", "张三"),
			{Item: collateral.Item{ID: "4", Kind: collateral.KindDeposit, Arrangement: collateral.Pledge, Description: "定期存单",
				Owners: []collateral.Owner{{Name: "李四", Relation: collateral.RelationThirdParty}}}}},
		Guarantees: []contracts.GuaranteeTerms{
			{Guarantor: contracts.Party{Name: "合肥某某商贸有限公司"}, Kind: "joint_and_several", Amount: money.MustMoney("1000000.00"), PeriodMonths: 36},
			{Guarantor: contracts.Party{Name: "钱七"}, Amount: money.MustMoney("500000.00")}},
	}
}

func TestDraft(t *testing.T) {
	cs, err := contracts.Draft(draftInput())
	if err != nil {
		t.Fatal(err)
	}
	var nums []string
	for _, c := range cs {
		nums = append(nums, c.Number)
	}
	want := "2026-000123-JK 2026-000123-DY1 2026-000123-DY2 2026-000123-ZY1 2026-000123-BZ1 2026-000123-BZ2"
	if got := strings.Join(nums, " "); got != want {
		t.Fatalf("numbers %s, want %s", got, want)
	}
	// One mortgage contract per mortgagor, listing that mortgagor's items.
	if l := cs[1].Collateral; len(l) != 2 || l[0].ItemID != "1" || l[1].ItemID != "3" {
		t.Errorf("DY1 lists %+v, want items 1 and 3 of 张三", l)
	}
	if _, ok := cs[2].Party("赵六", ""); !ok || len(cs[2].Collateral) != 1 {
		t.Errorf("DY2 is not 赵六's: %+v", cs[2].Parties)
	}
	loan := cs[0]
	if loan.AmountCapitals != "壹佰万元整" {
		t.Errorf("capitals %q", loan.AmountCapitals)
	}
	amount, _ := loan.Clause("loan.amount")
	if !strings.Contains(amount.Text, "壹佰万元整") || !strings.Contains(amount.Text, "1,000,000.00") {
		t.Errorf("the amount clause says %q", amount.Text)
	}
	if sec, _ := loan.Clause("loan.security"); !strings.Contains(sec.Text, "2026-000123-DY1") || !strings.Contains(sec.Text, "2026-000123-BZ2") {
		t.Errorf("the loan contract does not name its security: %q", sec.Text)
	}
	if loan.Schedule == nil || len(loan.Schedule.Installments) != 36 || loan.APR == nil {
		t.Fatalf("no schedule or APR attached")
	}
	if loan.Schedule.Installments[0].DueDate != money.MustDate("2027-01-05") {
		t.Errorf("the first installment falls due %s", loan.Schedule.Installments[0].DueDate)
	}
	if _, ok := loan.Party("王芳", ""); !ok {
		t.Error("the spouse is not a party of the loan contract")
	}
	if _, ok := loan.Party("赵六", ""); ok {
		t.Error("a mortgagor is a party of the loan contract")
	}
	for _, c := range cs {
		if h, _ := c.ComputeHash(); h != c.Hash || len(h) != 64 {
			t.Errorf("%s: hash %q, computed %q", c.Number, c.Hash, h)
		}
	}
	for name, rs := range map[string]int{
		"loan_terms": len(contracts.CheckLoanTerms(cs)), "no_forfeiture": len(contracts.CheckNoForfeiture(cs)),
		"security_terms": len(contracts.CheckSecurityTerms(cs)), "secured_amount": len(contracts.CheckSecuredAmount(cs)),
	} {
		if rs != 0 {
			t.Errorf("%s: %d results on the built-in draft", name, rs)
		}
	}
	// The second guarantee agrees neither kind nor period.
	if g := contracts.CheckGuaranteeTerms(cs); len(g) != 2 || g[0].Path != "contracts[5].guarantee_kind" || !strings.Contains(g[1].Message, "2030-06-05") {
		t.Errorf("guarantee terms: %+v", g)
	}
}

func TestContractChecks_FindEditedClauses(t *testing.T) {
	cs, err := contracts.Draft(draftInput())
	if err != nil {
		t.Fatal(err)
	}
	cs[1].Clauses[4].Text = "债务人不履行到期债务的，抵押财产归抵押权人所有。"
	cs[1].Amount = money.MustMoney("800000.00")
	cs[3].Clauses = cs[3].Clauses[1:] // the pledge contract loses its secured debt
	cs[0].Clauses = cs[0].Clauses[:1]
	if r := contracts.CheckNoForfeiture(cs); len(r) != 1 || r[0].Path != "contracts[1].clauses[4]" {
		t.Errorf("forfeiture: %+v", r)
	}
	if r := contracts.CheckSecuredAmount(cs); len(r) != 1 || r[0].Path != "contracts[1].amount" {
		t.Errorf("secured amount: %+v", r)
	}
	if r := contracts.CheckSecurityTerms(cs); len(r) != 1 || !strings.Contains(r[0].Message, "security.debt") {
		t.Errorf("security terms: %+v", r)
	}
	if r := contracts.CheckLoanTerms(cs); len(r) != 5 {
		t.Errorf("loan terms: %d results, want 5: %+v", len(r), r)
	}
	if r := contracts.CheckLoanTerms(cs[1:]); len(r) != 1 || r[0].Key != "contract.loan_terms.none" {
		t.Errorf("no loan contract: %+v", r)
	}
}

func TestDraft_Invalid(t *testing.T) {
	in := draftInput()
	in.LedgerNumber, in.Borrowers = "", nil
	_, err := contracts.Draft(in)
	if !errors.Is(err, contracts.ErrInvalidDraft) || !strings.Contains(err.Error(), "ledger_number") || !strings.Contains(err.Error(), "borrowers") {
		t.Errorf("err = %v", err)
	}
}

func TestThousands(t *testing.T) {
	for in, want := range map[string]string{"0.05": "0.05", "999.00": "999.00", "1000.00": "1,000.00", "123456789.01": "123,456,789.01", "-1234.50": "-1,234.50"} {
		if got := contracts.Thousands(money.MustMoney(in)); got != want {
			t.Errorf("Thousands(%s) = %s, want %s", in, got, want)
		}
	}
}
