package identity

// Kind names what an identity number identifies: a person by resident ID
// number, an organization by unified social credit code.
type Kind string

// The kinds of identity number.
const (
	KindResidentID Kind = "resident_id" // 居民身份证号码
	KindCreditCode Kind = "credit_code" // 统一社会信用代码
)

// KeyKind tells from its shape alone what an 18-character key names — the
// one test of a key's shape, shared by the HTTP layer (a path or query
// value) and the domain (the client file): 17 digits and a digit or X (or
// x) are a resident ID number, any other 18 digits and Latin letters a
// credit code. It reports false for anything else. It does not validate:
// a number of resident-ID shape with a wrong check character still names
// a person, so that it is masked as one; ParseResidentID and
// ParseCreditCode validate.
func KeyKind(s string) (Kind, bool) {
	if len(s) != 18 {
		return "", false
	}
	digits := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
			if i < 17 || c != 'X' && c != 'x' {
				digits = false
			}
		default:
			return "", false
		}
	}
	if digits {
		return KindResidentID, true
	}
	return KindCreditCode, true
}
