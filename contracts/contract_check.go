package contracts

import (
	"strconv"
	"strings"

	"github.com/jinzhi-dev/jinzhi/check"
)

// Rule IDs of the contract checks (RULES.md, Contract).
const (
	RuleLoanTerms      = "contract.loan_terms"
	RuleNoForfeiture   = "contract.no_forfeiture"
	RuleSecurityTerms  = "contract.security_terms"
	RuleGuaranteeTerms = "contract.guarantee_terms"
	RuleSecuredAmount  = "contract.secured_amount"
)

// forfeitureWords are wordings by which collateral would become the
// lender's on default (流押、流质), which Civil Code arts. 401 and 428 void.
var forfeitureWords = []string{"流押", "流质", "归抵押权人所有", "归质权人所有", "归贷款人所有", "归债权人所有", "所有权转移给贷款人", "所有权归贷款人"}

// ScanForfeiture returns the forfeiture wordings text contains, in the
// order of forfeitureWords: a contract's clauses, or its rendered text.
func ScanForfeiture(text string) []string {
	var out []string
	for _, w := range forfeitureWords {
		if strings.Contains(text, w) {
			out = append(out, w)
		}
	}
	return out
}

func cpath(i int, rel string) string {
	return check.JoinPath("contracts["+strconv.Itoa(i)+"]", rel)
}

func res(path, key string, p check.Params) check.Result {
	return check.Result{Path: path, Key: key, Params: p, Message: messages.Render(check.EN, key, p)}
}

// CheckLoanTerms finds a set without a loan contract, or a loan contract
// that does not state kind, currency, purpose, amount, rate, term and
// repayment method (Civil Code art. 668).
func CheckLoanTerms(cs []Contract) []check.Result {
	var out []check.Result
	found := false
	for i, c := range cs {
		if c.Kind != LoanContract {
			continue
		}
		found = true
		for _, k := range []string{"loan.kind", "loan.amount", "loan.purpose", "loan.rate", "loan.term", "loan.repayment"} {
			if cl, ok := c.Clause(k); !ok || strings.TrimSpace(cl.Text) == "" {
				out = append(out, res(cpath(i, "clauses"), "contract.loan_terms.missing", check.Params{"number": c.Number, "clause": k}))
			}
		}
		if c.Amount.Sign() <= 0 || strings.TrimSpace(c.Purpose) == "" || c.TermMonths <= 0 || c.Method == "" {
			out = append(out, res(cpath(i, ""), "contract.loan_terms.figures", check.Params{"number": c.Number}))
		}
	}
	if !found {
		out = append(out, res("contracts", "contract.loan_terms.none", nil))
	}
	return out
}

// CheckNoForfeiture finds a clause by which collateral becomes the lender's
// on default (Civil Code arts. 401, 428).
func CheckNoForfeiture(cs []Contract) []check.Result {
	var out []check.Result
	for i, c := range cs {
		for j, cl := range c.Clauses {
			if ws := ScanForfeiture(cl.Title + cl.Text); len(ws) > 0 {
				out = append(out, res(cpath(i, "clauses["+strconv.Itoa(j)+"]"), "contract.no_forfeiture",
					check.Params{"number": c.Number, "words": strings.Join(ws, "、")}))
			}
		}
	}
	return out
}

// CheckSecurityTerms finds a mortgage or pledge contract that does not
// state the secured debt's kind and amount, the debtor's term, the
// collateral and the scope (Civil Code arts. 400, 427).
func CheckSecurityTerms(cs []Contract) []check.Result {
	var out []check.Result
	for i, c := range cs {
		if c.Kind != MortgageContract && c.Kind != PledgeContract {
			continue
		}
		for _, k := range []string{"security.debt", "security.term", "security.collateral", "security.scope"} {
			if cl, ok := c.Clause(k); !ok || strings.TrimSpace(cl.Text) == "" {
				out = append(out, res(cpath(i, "clauses"), "contract.security_terms.missing", check.Params{"number": c.Number, "clause": k}))
			}
		}
		if c.Amount.Sign() <= 0 || len(c.Collateral) == 0 || c.LoanNumber == "" || c.Maturity.IsZero() {
			out = append(out, res(cpath(i, ""), "contract.security_terms.figures", check.Params{"number": c.Number}))
		}
	}
	return out
}

// CheckGuaranteeTerms finds a guarantee contract whose kind or period is
// not agreed, and says what the law then reads (arts. 686, 692).
func CheckGuaranteeTerms(cs []Contract) []check.Result {
	var out []check.Result
	for i, c := range cs {
		if c.Kind != GuaranteeContract {
			continue
		}
		if c.GuaranteeKind == "" {
			out = append(out, res(cpath(i, "guarantee_kind"), "contract.guarantee_terms.kind", check.Params{"number": c.Number}))
		}
		if c.GuaranteePeriod == "" {
			out = append(out, res(cpath(i, "guarantee_period"), "contract.guarantee_terms.period",
				check.Params{"number": c.Number, "until": c.Maturity.AddMonths(6).String()}))
		}
		if _, ok := c.Clause("guarantee.debt"); !ok || c.Amount.Sign() <= 0 {
			out = append(out, res(cpath(i, "clauses"), "contract.guarantee_terms.debt", check.Params{"number": c.Number}))
		}
	}
	return out
}

// CheckSecuredAmount finds a mortgage contract of real estate whose secured
// amount is below the principal.
func CheckSecuredAmount(cs []Contract) []check.Result {
	var out []check.Result
	for i, c := range cs {
		if c.Kind != MortgageContract {
			continue
		}
		re := false
		for _, l := range c.Collateral {
			re = re || l.Kind.IsRealEstate()
		}
		if re && c.Amount.Cmp(c.Principal) < 0 {
			out = append(out, res(cpath(i, "amount"), "contract.secured_amount",
				check.Params{"number": c.Number, "amount": c.Amount.String(), "principal": c.Principal.String()}))
		}
	}
	return out
}
