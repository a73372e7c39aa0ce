package collateral

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jinzhi-dev/jinzhi/check"
)

// ValidCertificateNumber reports whether s has the form of a registration
// certificate number (不动产登记证明号), such as "皖(2019)长丰县不动产证明第0010484号"
// or "桂（2017）南宁市不动产证明第0208814号": the design notes'
// `^\p{Han}[（(]\d{4}[）)].+?不动产证明第\d+号$` — a province abbreviation, the
// year in full- or half-width brackets, the registry's place and a serial of
// any length. It is matched by hand rather than by that regexp, which
// backtracks and was the slowest part of the rule catalogue; the tests hold
// the two to the same answers. Invalid UTF-8 is refused.
func ValidCertificateNumber(s string) bool {
	// Every part but the place is checked rune by rune or byte by byte
	// against valid UTF-8, so the whole is valid exactly when the place is.
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
	return ok && place != "" && !strings.Contains(place, "\n") && utf8.ValidString(place)
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
// number (不动产单元号), such as "340121261006GB00014F00220045": a six-digit
// county code, three-digit township and three-digit cadastral area, two
// letters for the land (or sea) right type, a five-digit parcel number,
// F/L/Q/W for the kind of fixture (house, forest, other, none) and an
// eight-digit fixture number — `^\d{6}\d{3}\d{3}[A-Z]{2}\d{5}[FLQW]\d{8}$`,
// matched byte by byte rather than by that regexp, which the rule called
// for every item; the tests hold the two to the same answers.
func ValidUnitNumber(s string) bool {
	if len(s) != 28 || !asciiDigits(s[:12]) || !asciiDigits(s[14:19]) || !asciiDigits(s[20:]) {
		return false
	}
	if s[12] < 'A' || s[12] > 'Z' || s[13] < 'A' || s[13] > 'Z' {
		return false
	}
	switch s[19] {
	case 'F', 'L', 'Q', 'W':
		return true
	}
	return false
}

// The registration rules below each check one rule of the Registration
// section of the catalogue. Paths are relative to the registration, or to
// the item for CheckUnitNumber and CheckRegisterPrevails.

// CheckRegistration runs every registration rule on the registration of
// an item.
func CheckRegistration(reg Registration, it Item, loan Loan) []check.Result {
	var out []check.Result
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
func CheckRegistrationMatches(reg Registration, it Item, loan Loan) []check.Result {
	var out []check.Result
	add := func(path, key string, p check.Params) {
		out = append(out, result(RuleRegistrationMatches, path, key, p))
	}
	if !sameName(reg.Mortgagee, loan.Lender) {
		add("mortgagee", "registration.matches.mortgagee", check.Params{"mortgagee": reg.Mortgagee, "lender": loan.Lender})
	}
	for i, m := range reg.Mortgagors {
		if !isOwner(it.Owners, m) {
			add("mortgagors["+strconv.Itoa(i)+"]", "registration.matches.mortgagor_not_owner", check.Params{"name": m})
		}
	}
	for _, o := range it.Owners {
		if !hasName(reg.Mortgagors, o.Name) {
			add("mortgagors", "registration.matches.owner_not_mortgagor", check.Params{"name": o.Name})
		}
	}
	if reg.SecuredAmount.Cmp(loan.Principal) < 0 {
		what := "registration.secured_amount"
		if reg.MaximumAmount {
			what = "registration.maximum_amount"
		}
		add("secured_amount", "registration.matches.secured_amount", check.Params{
			"what": what, "secured": reg.SecuredAmount.String(), "principal": loan.Principal.String()})
	}
	switch {
	case reg.TermEnd.IsZero():
		add("term_end", "registration.matches.no_term", check.Params{"maturity": loan.Maturity.String()})
	case reg.TermEnd.Before(loan.Maturity):
		add("term_end", "registration.matches.term_short", check.Params{"term_end": reg.TermEnd.String(), "maturity": loan.Maturity.String()})
	}
	if reg.UnitNumber != "" && it.UnitNumber != "" && reg.UnitNumber != it.UnitNumber {
		add("unit_number", "registration.matches.unit_number", check.Params{"reg_unit": reg.UnitNumber, "item_unit": it.UnitNumber})
	}
	return out
}

// CheckRegistrationContract finds a registration that does not register
// the mortgage the contract agreed (不动产登记暂行条例 arts. 14, 21): the
// registry the contract names, the rank it gives the lender's mortgage —
// which the registration must record where the contract states one — and
// a secured amount at least the contract's. Paths are relative to the
// registration.
func CheckRegistrationContract(reg Registration, c MortgageContract) []check.Result {
	var out []check.Result
	add := func(path, key string, p check.Params) {
		p["number"] = c.Number
		out = append(out, result(RuleRegistrationMatches, path, key, p))
	}
	if c.Registry != "" && !sameName(reg.Registry, c.Registry) {
		add("registry", "registration.matches.contract_registry", check.Params{"registry": reg.Registry, "contract_registry": c.Registry})
	}
	switch {
	case c.Rank <= 0:
	case reg.Rank == 0:
		add("rank", "registration.matches.contract_rank_missing", check.Params{"contract_rank": strconv.Itoa(c.Rank)})
	case reg.Rank != c.Rank:
		add("rank", "registration.matches.contract_rank", check.Params{"rank": strconv.Itoa(reg.Rank), "contract_rank": strconv.Itoa(c.Rank)})
	}
	if reg.SecuredAmount.Cmp(c.SecuredAmount) < 0 {
		add("secured_amount", "registration.matches.contract_amount", check.Params{"secured": reg.SecuredAmount.String(), "contract_amount": c.SecuredAmount.String()})
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
func CheckCertificateNumber(reg Registration) []check.Result {
	if ValidCertificateNumber(reg.CertificateNumber) {
		return nil
	}
	return []check.Result{result(RuleCertificateNumber, "certificate_number", "registration.certificate_number",
		check.Params{"number": check.Shown(reg.CertificateNumber)})}
}

// CheckUnitNumber finds a real-estate item whose unit number is missing or
// not of the 28-character form 340121261006GB00014F00220045.
func CheckUnitNumber(it Item) []check.Result {
	if !it.Kind.IsRealEstate() || ValidUnitNumber(it.UnitNumber) {
		return nil
	}
	if it.UnitNumber == "" {
		return []check.Result{result(RuleUnitNumber, "unit_number", "registration.unit_number.missing", nil)}
	}
	return []check.Result{result(RuleUnitNumber, "unit_number", "registration.unit_number.form", check.Params{"number": check.Shown(it.UnitNumber)})}
}

// CheckRegisterPrevails reminds, for real estate, that the register and
// not the paper certificate governs (Civil Code arts. 216–217), until a
// register search (查档) is recorded; registerSearched says whether one is.
func CheckRegisterPrevails(it Item, registerSearched bool) []check.Result {
	if !it.Kind.IsRealEstate() || registerSearched {
		return nil
	}
	return []check.Result{result(RuleRegisterPrevails, "title_number", "registration.register_prevails", nil)}
}
