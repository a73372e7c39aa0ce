package identity

import "errors"

// Sentinel errors. Every error returned by this package wraps exactly one of them, so a
// caller can branch with errors.Is while the error text says precisely what is wrong.
// The text never repeats the number itself: identity numbers must not reach logs whole.
var (
	// ErrLength reports a number with the wrong count of characters.
	ErrLength = errors.New("identity: wrong length")
	// ErrCharacter reports a character outside the number's alphabet.
	ErrCharacter = errors.New("identity: invalid character")
	// ErrChecksum reports a check character that does not match the rest of the number.
	ErrChecksum = errors.New("identity: wrong check character")
	// ErrBirthDate reports resident ID characters 7–14 that are not a real date.
	ErrBirthDate = errors.New("identity: invalid birth date")
	// ErrFutureBirthDate reports a resident ID birth date after the reference date. It is
	// distinct from ErrBirthDate: the date exists, it just has not happened yet.
	ErrFutureBirthDate = errors.New("identity: birth date in the future")
)

// numberError is a parse failure: which kind of number, what is wrong with it, and the
// sentinel it is an instance of.
type numberError struct {
	kind string // "resident ID", "legacy resident ID", "credit code"
	msg  string
	err  error
	zh   string // msg in Chinese
}

func (e *numberError) Error() string { return "invalid " + e.kind + ": " + e.msg }

func (e *numberError) Unwrap() error { return e.err }

// DetailZH is what is wrong with the number of a parse error of this
// package, in Chinese ("第 18 位为 1，应为 X"), for a Chinese message that
// gives identity's own words; "" for any other error.
func DetailZH(err error) string {
	var e *numberError
	if errors.As(err, &e) {
		return e.zh
	}
	return ""
}
