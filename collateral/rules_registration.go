package collateral

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// unitNumberRE is the form of a real-estate unit number (不动产单元号): a
// six-digit county code, three-digit township and three-digit cadastral
// area, two letters for the land (or sea) right type, a five-digit parcel
// number, F/L/Q/W for the kind of fixture (house, forest, other, none) and
// an eight-digit fixture number.
var unitNumberRE = regexp.MustCompile(`^\d{6}\d{3}\d{3}[A-Z]{2}\d{5}[FLQW]\d{8}$`)

// ValidCertificateNumber reports whether s has the form of a registration
// certificate number (不动产登记证明号), such as "皖(2019)长丰县不动产证明第0010484号"
// or "桂（2017）南宁市不动产证明第0208814号": RULES.md's
// `^\p{Han}[（(]\d{4}[）)].+?不动产证明第\d+号$` — a province abbreviation, the
// year in full- or half-width brackets, the registry's place and a serial of
// any length. It is matched by hand rather than by that regexp, which
// backtracks and was the slowest part of the rule catalogue; the tests hold
// the two to the same answers. Invalid UTF-8 is refused.
func ValidCertificateNumber(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	r, n := utf8.DecodeRuneInString(s)
	if !unicode.Is(unicode.Han, r) {
		return false
	}
	s = s[n:]
	if r, n = utf8.DecodeRuneInString(s); r != '（' && r != '(' {
		return false
	}
	s = s[n:]
	if len(s) < 4 || !asciiDigits(s[:4]) {
		return false
	}
	s = s[4:]
	if r, n = utf8.DecodeRuneInString(s); r != '）' && r != ')' {
		return false
	}
	s = s[n:]
	const serialPrefix, serialEnd = "不动产证明第", "号"
	s, ok := strings.CutSuffix(s, serialEnd)
	if !ok {
		return false
	}
	// The serial is the whole run of digits before 号: the character before
	// it must be 第, which is not a digit.
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	if i == len(s) {
		return false
	}
	place, ok := strings.CutSuffix(s[:i], serialPrefix)
	// The place is at least one character and, like the regexp's ".", no newline.
	return ok && place != "" && !strings.Contains(place, "\n")
}

func asciiDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ValidUnitNumber reports whether s has the form of a real-estate unit
// number, such as "340121261006GB00014F00220045".
func ValidUnitNumber(s string) bool { return unitNumberRE.MatchString(s) }

// The registration rules below each check one rule of the Registration
// section of the catalogue. Paths are relative to the registration, or to
// the item for CheckUnitNumber and CheckRegisterPrevails.

// CheckRegistration runs every registration rule on the registration of
// an item.
func CheckRegistration(reg Registration, it Item, loan Loan) []Result {
	var out []Result
	out = append(out, CheckRegistrationMatches(reg, it, loan)...)
	out = append(out, CheckCertificateNumber(reg)...)
	return out
}

// CheckRegistrationMatches finds a registration that does not secure the
// loan as approved (不动产登记暂行条例 arts. 14, 21): the mortgagee must be
// the lender; every mortgagor an owner of the item and every owner a
// mortgagor; the secured amount (the maximum amount of a maximum-amount
// mortgage) at least the principal; the term at least to maturity; and the
// unit number, where both name one, the item's.
func CheckRegistrationMatches(reg Registration, it Item, loan Loan) []Result {
	var out []Result
	add := func(path, msg string) { out = append(out, result(RuleRegistrationMatches, path, msg)) }
	if !sameName(reg.Mortgagee, loan.Lender) {
		add("mortgagee", fmt.Sprintf("the mortgagee is %q, not the lender %q", reg.Mortgagee, loan.Lender))
	}
	for i, m := range reg.Mortgagors {
		if !isOwner(it.Owners, m) {
			add(fmt.Sprintf("mortgagors[%d]", i), fmt.Sprintf("mortgagor %q is not an owner of the item", m))
		}
	}
	for _, o := range it.Owners {
		if !hasName(reg.Mortgagors, o.Name) {
			add("mortgagors", fmt.Sprintf("owner %q is not a mortgagor: that owner's right is not mortgaged", o.Name))
		}
	}
	if reg.SecuredAmount.Cmp(loan.Principal) < 0 {
		what := "secured amount"
		if reg.MaximumAmount {
			what = "maximum amount"
		}
		add("secured_amount", fmt.Sprintf("the %s ¥%s is less than the principal ¥%s", what, reg.SecuredAmount, loan.Principal))
	}
	switch {
	case reg.TermEnd.IsZero():
		add("term_end", "the registration records no term: it cannot be shown to cover the maturity "+loan.Maturity.String())
	case reg.TermEnd.Before(loan.Maturity):
		add("term_end", fmt.Sprintf("the term ends %s, before the maturity %s", reg.TermEnd, loan.Maturity))
	}
	if reg.UnitNumber != "" && it.UnitNumber != "" && reg.UnitNumber != it.UnitNumber {
		add("unit_number", fmt.Sprintf("the registration is for unit %s, the item is unit %s", reg.UnitNumber, it.UnitNumber))
	}
	return out
}

func isOwner(owners []Owner, name string) bool {
	for _, o := range owners {
		if sameName(o.Name, name) {
			return true
		}
	}
	return false
}

func hasName(names []string, name string) bool {
	for _, n := range names {
		if sameName(n, name) {
			return true
		}
	}
	return false
}

// CheckCertificateNumber finds a certificate number not of the form
// 皖(2019)长丰县不动产证明第0010484号. The digit count of the serial varies
// by registry and is not checked.
func CheckCertificateNumber(reg Registration) []Result {
	if ValidCertificateNumber(reg.CertificateNumber) {
		return nil
	}
	return []Result{result(RuleCertificateNumber, "certificate_number",
		fmt.Sprintf("%q is not of the form 皖(2019)长丰县不动产证明第0010484号", reg.CertificateNumber))}
}

// CheckUnitNumber finds a real-estate item whose unit number is missing or
// not of the 28-character form 340121261006GB00014F00220045.
func CheckUnitNumber(it Item) []Result {
	if !it.Kind.IsRealEstate() || ValidUnitNumber(it.UnitNumber) {
		return nil
	}
	msg := fmt.Sprintf("%q is not a 28-character unit number such as 340121261006GB00014F00220045", it.UnitNumber)
	if it.UnitNumber == "" {
		msg = "the real-estate unit number (不动产单元号) is not recorded"
	}
	return []Result{result(RuleUnitNumber, "unit_number", msg)}
}

// CheckRegisterPrevails reminds, for real estate, that the register and
// not the paper certificate governs (Civil Code arts. 216–217), until a
// register search (查档) is recorded; registerSearched says whether one is.
func CheckRegisterPrevails(it Item, registerSearched bool) []Result {
	if !it.Kind.IsRealEstate() || registerSearched {
		return nil
	}
	return []Result{result(RuleRegisterPrevails, "title_number",
		"the register governs over the title certificate: search the register (查档) and record the finding")}
}
