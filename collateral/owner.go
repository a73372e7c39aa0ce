package collateral

import (
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/jinzhi-dev/jinzhi/money"
)

// Relation is an owner's relation to the borrower.
type Relation string

// The relations.
const (
	RelationBorrower   Relation = "borrower"    // 借款人本人
	RelationSpouse     Relation = "spouse"      // 借款人配偶
	RelationThirdParty Relation = "third_party" // 第三人
)

// CoOwnership is how the owners hold an item (共有方式).
type CoOwnership string

// The co-ownership kinds.
const (
	// CoOwnershipSole: one owner (单独所有).
	CoOwnershipSole CoOwnership = "sole"
	// CoOwnershipJoint: joint co-ownership (共同共有), as of marital
	// property; every owner must consent to a mortgage (Civil Code art. 301).
	CoOwnershipJoint CoOwnership = "joint"
	// CoOwnershipByShares: co-ownership by shares (按份共有); owners holding
	// two thirds of the shares must consent (art. 301).
	CoOwnershipByShares CoOwnership = "by_shares"
)

// Owner is a holder of title to the item (权利人).
type Owner struct {
	// Name is the owner's name as on the title.
	Name string `json:"name"`
	// IDNumber is the resident ID number or unified social credit code.
	IDNumber string `json:"id_number,omitempty"`
	// Relation is the owner's relation to the borrower.
	Relation Relation `json:"relation"`
	// Share is the owner's share in a co-ownership by shares ("1/3",
	// "0.5"); absent otherwise.
	Share Share `json:"share,omitzero"`
}

// Consent is an owner's written consent to the mortgage or pledge (共有人同意
// 抵押声明). It names the owner by index into Item.Owners or, when Owner is
// nil, by name.
type Consent struct {
	// Owner is the index of the consenting owner in Item.Owners.
	Owner *int `json:"owner,omitempty"`
	// Name is the consenting owner's name, used when Owner is nil.
	Name string `json:"name,omitempty"`
	// GivenOn is the day the consent was signed.
	GivenOn money.Date `json:"given_on,omitzero"`
	// Document refers to the signed consent among the case's documents.
	Document string `json:"document,omitempty"`
}

// ownerIndex returns the index of the owner the consent names, or -1.
func (c Consent) ownerIndex(owners []Owner) int {
	if c.Owner != nil {
		if *c.Owner >= 0 && *c.Owner < len(owners) {
			return *c.Owner
		}
		return -1
	}
	name := strings.TrimSpace(c.Name)
	for i, o := range owners {
		if name != "" && strings.TrimSpace(o.Name) == name {
			return i
		}
	}
	return -1
}

// Share is an owner's exact share of a co-ownership by shares (份额),
// written as a fraction "1/3" or a decimal "0.5". It is exact: three shares
// of "1/3" add up to exactly 1, which no decimal can do.
//
// The zero value is no share given.
type Share struct {
	num, den uint64 // reduced; den == 0 for the zero value
	text     string // as written, canonical: "1/3", "0.5"
}

// ErrShare is wrapped by every error of ParseShare.
var ErrShare = errors.New("invalid share")

// maxShareDigits bounds the digits of each part, so num and den fit a uint64.
const maxShareDigits = 18

// ParseShare parses "n/d" (digits, d > 0) or a decimal "0.5", "1", "0.333".
// Signs, spaces, exponents and percent signs are refused. A share of zero
// parses; Validate refuses it.
func ParseShare(s string) (Share, error) {
	bad := func(why string) (Share, error) {
		return Share{}, fmt.Errorf("collateral: share %q: %w: %s", s, ErrShare, why)
	}
	if n, d, ok := strings.Cut(s, "/"); ok {
		num, ok1 := parseDigits(n)
		den, ok2 := parseDigits(d)
		if !ok1 || !ok2 {
			return bad("want a fraction such as \"1/3\" or a decimal such as \"0.5\"")
		}
		if den == 0 {
			return bad("zero denominator")
		}
		return newShare(num, den, s), nil
	}
	whole, frac, hasPoint := strings.Cut(s, ".")
	if hasPoint && frac == "" {
		return bad("want digits after the point")
	}
	if len(whole)+len(frac) > maxShareDigits {
		return bad("too many digits")
	}
	num, ok := parseDigits(whole + frac)
	if !ok || whole == "" {
		return bad("want a fraction such as \"1/3\" or a decimal such as \"0.5\"")
	}
	den := uint64(1)
	for range len(frac) {
		den *= 10
	}
	return newShare(num, den, s), nil
}

// MustShare is like ParseShare but panics on error; for tests and constants.
func MustShare(s string) Share {
	sh, err := ParseShare(s)
	if err != nil {
		panic(err)
	}
	return sh
}

func parseDigits(s string) (uint64, bool) {
	if s == "" || len(s) > maxShareDigits {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

func newShare(num, den uint64, text string) Share {
	g := gcd(num, den)
	return Share{num: num / g, den: den / g, text: text}
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// IsZero reports whether no share is given.
func (s Share) IsZero() bool { return s.den == 0 }

// String returns the share as written ("1/3", "0.5"), or "" if none.
func (s Share) String() string { return s.text }

// Rat returns the share as an exact fraction; nil if none is given.
func (s Share) Rat() *big.Rat {
	if s.den == 0 {
		return nil
	}
	return new(big.Rat).SetFrac(new(big.Int).SetUint64(s.num), new(big.Int).SetUint64(s.den))
}

// MarshalText returns the share as written.
func (s Share) MarshalText() ([]byte, error) { return []byte(s.text), nil }

// UnmarshalText parses the share as ParseShare does; empty text is no share.
func (s *Share) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*s = Share{}
		return nil
	}
	v, err := ParseShare(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// sumShares returns the exact sum of the shares of the owners at indexes
// (all owners if indexes is nil); owners without a share count as zero.
func sumShares(owners []Owner, indexes []int) *big.Rat {
	sum := new(big.Rat)
	add := func(o Owner) {
		if r := o.Share.Rat(); r != nil {
			sum.Add(sum, r)
		}
	}
	if indexes == nil {
		for _, o := range owners {
			add(o)
		}
		return sum
	}
	for _, i := range indexes {
		add(owners[i])
	}
	return sum
}

// ratString prints an exact fraction as "1", "9/10".
func ratString(r *big.Rat) string { return r.RatString() }
