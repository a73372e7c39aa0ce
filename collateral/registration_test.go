package collateral_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/collateral"
)

var loan = collateral.Loan{Lender: "徽商银行股份有限公司长丰支行", Principal: yuan("600000.00"), Maturity: date("2029-03-15")}

// registration returns the registration of house() for loan.
func registration() collateral.Registration {
	return collateral.Registration{
		CertificateNumber: "皖(2026)长丰县不动产证明第0010484号",
		UnitNumber:        "340121261006GB00014F00220045",
		Registry:          "长丰县不动产登记中心",
		Mortgagee:         "徽商银行股份有限公司长丰支行",
		Mortgagors:        []string{"张三"},
		SecuredAmount:     yuan("600000.00"),
		TermEnd:           date("2029-03-15"),
		RegisteredOn:      date("2026-03-10"),
	}
}

func TestCheckRegistrationMatches(t *testing.T) {
	block := check.Block
	tests := []struct {
		name   string
		mutate func(*collateral.Registration, *collateral.Item)
		path   string // "" means: must not fire
		msg    string
	}{
		{"OK", func(*collateral.Registration, *collateral.Item) {}, "", ""},
		{"maximum amount above principal", func(r *collateral.Registration, _ *collateral.Item) {
			r.MaximumAmount, r.SecuredAmount = true, yuan("1000000.00")
		}, "", ""},
		{"names compared ignoring bracket width and spaces", func(r *collateral.Registration, it *collateral.Item) {
			r.Mortgagee = " 徽商银行股份有限公司长丰支行 "
			it.Owners[0].Name = "合肥某某（集团）有限公司"
			r.Mortgagors = []string{"合肥某某(集团)有限公司"}
		}, "", ""},
		{"mortgagee not the lender", func(r *collateral.Registration, _ *collateral.Item) { r.Mortgagee = "合肥科技农村商业银行" }, "mortgagee", ""},
		{"mortgagor not an owner", func(r *collateral.Registration, _ *collateral.Item) { r.Mortgagors = []string{"张三", "王五"} }, "mortgagors[1]", `mortgagor "王五" is not an owner of the item`},
		{"owner not a mortgagor", func(r *collateral.Registration, it *collateral.Item) {
			it.CoOwnership = collateral.CoOwnershipJoint
			it.Owners = append(it.Owners, collateral.Owner{Name: "李四", Relation: collateral.RelationSpouse})
		}, "mortgagors", `owner "李四" is not a mortgagor: that owner's right is not mortgaged`},
		{"secured amount below principal", func(r *collateral.Registration, _ *collateral.Item) { r.SecuredAmount = yuan("599999.99") }, "secured_amount", "the secured amount ¥599999.99 is less than the principal ¥600000.00"},
		{"maximum amount below principal", func(r *collateral.Registration, _ *collateral.Item) {
			r.MaximumAmount, r.SecuredAmount = true, yuan("500000.00")
		}, "secured_amount", "the maximum amount ¥500000.00 is less than the principal ¥600000.00"},
		{"term ends before maturity", func(r *collateral.Registration, _ *collateral.Item) { r.TermEnd = date("2029-03-14") }, "term_end", "the term ends 2029-03-14, before the maturity 2029-03-15"},
		{"term not recorded", func(r *collateral.Registration, _ *collateral.Item) { r.TermEnd = collateral.Registration{}.TermEnd }, "term_end", ""},
		{"another unit", func(r *collateral.Registration, _ *collateral.Item) { r.UnitNumber = "340121261006GB00015F00220045" }, "unit_number", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, it := registration(), house()
			tt.mutate(&reg, &it)
			got := collateral.CheckRegistrationMatches(reg, it, loan)
			if tt.path == "" {
				assert.Empty(t, got)
				return
			}
			assertFires(t, got, collateral.RuleRegistrationMatches, block, tt.path)
			if tt.msg != "" {
				assert.Equal(t, tt.msg, got[0].Message)
			}
		})
	}
}

func TestCheckCertificateNumber(t *testing.T) {
	for _, ok := range []string{
		"皖(2019)长丰县不动产证明第0010484号",
		"桂（2017）南宁市不动产证明第0208814号",
		"苏(2019)海门市不动产证明第020号",
		"京(2020)朝阳区不动产证明第1号",
	} {
		reg := registration()
		reg.CertificateNumber = ok
		assert.Empty(t, collateral.CheckCertificateNumber(reg), ok)
	}
	for _, bad := range []string{
		"",
		"皖(19)长丰县不动产证明第0010484号",    // two-digit year
		"皖(2019)长丰县不动产权第0010484号",   // a title certificate, not a registration certificate
		"皖(2019)不动产证明第0010484号",     // no place
		"AH(2019)长丰县不动产证明第0010484号", // not a province character
		"皖[2019]长丰县不动产证明第0010484号",  // square brackets
		"皖(2019)长丰县不动产证明第号",         // no serial
		"皖(2019)长丰县不动产证明第0010484号 ", // trailing space
		"皖(2019)长丰县不动产证明第００１号",      // full-width digits
	} {
		reg := registration()
		reg.CertificateNumber = bad
		assertFires(t, collateral.CheckCertificateNumber(reg), collateral.RuleCertificateNumber, check.Warn, "certificate_number")
	}
}

func TestValidUnitNumber(t *testing.T) {
	assert.True(t, collateral.ValidUnitNumber("340121261006GB00014F00220045"))
	for _, fixture := range "FLQW" {
		assert.True(t, collateral.ValidUnitNumber("340121261006GB00014"+string(fixture)+"00220045"))
	}
	for _, bad := range []string{
		"",
		"340121261006GB00014F0022004",   // 27
		"340121261006GB00014F002200451", // 29
		"340121261006gb00014F00220045",  // lower-case letters
		"340121261006GB00014X00220045",  // fixture type
		"34012126100AGB00014F00220045",  // letter in the cadastral area
		"340121261006G100014F00220045",  // one letter
		"３40121261006GB00014F00220045",  // a full-width digit
	} {
		assert.False(t, collateral.ValidUnitNumber(bad), bad)
	}
}

func TestCheckRegistration(t *testing.T) {
	assert.Empty(t, collateral.CheckRegistration(registration(), house(), loan))
	reg := registration()
	reg.CertificateNumber = "他项权证第123号"
	reg.Mortgagee = "别家银行"
	got := collateral.CheckRegistration(reg, house(), loan)
	require.Len(t, got, 2)
	assert.Equal(t, collateral.RuleRegistrationMatches, got[0].Rule)
	assert.Equal(t, collateral.RuleCertificateNumber, got[1].Rule)
}

func FuzzValidCertificateNumber(f *testing.F) {
	for _, s := range []string{
		"皖(2019)长丰县不动产证明第0010484号", "桂（2017）南宁市不动产证明第0208814号", "苏(2019)海门市不动产证明第020号",
		"", "(", "皖(2019)", "不动产证明第号", "\xff\xfe",
		"皖(2019)a不动产证明第12不动产证明第3号", "皖(2019)不动产证明第1号", "皖(2019)x\n不动产证明第1号",
		"皖(2019)x不动产证明第号", "皖(2019)x不动产证明第1号x", "皖(２０１９)x不动产证明第1号", "皖（2019)长丰县不动产证明第１号",
		"a(2019)x不动产证明第1号", "皖(201)x不动产证明第1号", "皖(2019）不动产证明第不动产证明第1号",
	} {
		f.Add(s)
	}
	// The design notes state the form as this regexp; the hand-written matcher must
	// give its answers on valid UTF-8.
	oracle := regexp.MustCompile(`^\p{Han}[（(]\d{4}[）)].+?不动产证明第\d+号$`)
	f.Fuzz(func(t *testing.T, s string) {
		if utf8.ValidString(s) && collateral.ValidCertificateNumber(s) != oracle.MatchString(s) {
			t.Fatalf("ValidCertificateNumber(%q) = %v, the regexp says %v", s, collateral.ValidCertificateNumber(s), oracle.MatchString(s))
		}
		if !collateral.ValidCertificateNumber(s) {
			return
		}
		if !utf8.ValidString(s) || !strings.HasSuffix(s, "号") || !strings.Contains(s, "不动产证明第") {
			t.Fatalf("accepted %q", s)
		}
		reg := registration()
		reg.CertificateNumber = s
		if got := collateral.CheckCertificateNumber(reg); len(got) != 0 {
			t.Fatalf("valid %q but the rule fired: %v", s, got)
		}
	})
}

func FuzzValidUnitNumber(f *testing.F) {
	for _, s := range []string{"340121261006GB00014F00220045", "", "340121261006GB00014X00220045", "ＧＢ", "\x00",
		"340121261006gB00014F00220045", "34012126100６GB00014F0022004", "340121261006GB00014W00220045\n", "340121261006G\xff00014F00220045"} {
		f.Add(s)
	}
	// The design notes state the form as this regexp; the byte-by-byte
	// matcher must give its answers on any input.
	oracle := regexp.MustCompile(`^\d{6}\d{3}\d{3}[A-Z]{2}\d{5}[FLQW]\d{8}$`)
	f.Fuzz(func(t *testing.T, s string) {
		ok := collateral.ValidUnitNumber(s)
		if ok != oracle.MatchString(s) {
			t.Fatalf("ValidUnitNumber(%q) = %v, the regexp says %v", s, ok, !ok)
		}
		if ok && len(s) != 28 {
			t.Fatalf("accepted %q of %d bytes", s, len(s))
		}
		it := house()
		it.UnitNumber = s
		if got := collateral.CheckUnitNumber(it); ok != (len(got) == 0) {
			t.Fatalf("ValidUnitNumber(%q) = %v but the rule says %v", s, ok, got)
		}
	})
}

func FuzzParseShare(f *testing.F) {
	for _, s := range []string{"1/3", "0.5", "1", "", "1/0", "999999999999999999/1", "0.000000000000000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := collateral.ParseShare(s)
		if err != nil {
			return
		}
		if sh.Rat() == nil || sh.Rat().Sign() < 0 || sh.String() != s {
			t.Fatalf("ParseShare(%q) = %v", s, sh)
		}
	})
}

// TestValidUnitNumber_EveryByte changes each byte of a valid unit number
// to every other byte, and drops and doubles it, and holds the byte-by-byte
// matcher to the regexp of the design notes on each.
func TestValidUnitNumber_EveryByte(t *testing.T) {
	oracle := regexp.MustCompile(`^\d{6}\d{3}\d{3}[A-Z]{2}\d{5}[FLQW]\d{8}$`)
	const valid = "340121261006GB00014F00220045"
	for i := range len(valid) {
		cases := []string{valid[:i] + valid[i+1:], valid[:i+1] + valid[i:]}
		for c := range 256 {
			cases = append(cases, valid[:i]+string([]byte{byte(c)})+valid[i+1:])
		}
		for _, s := range cases {
			if got, want := collateral.ValidUnitNumber(s), oracle.MatchString(s); got != want {
				t.Fatalf("ValidUnitNumber(%q) = %v, the regexp says %v", s, got, want)
			}
		}
	}
}
