package duediligence

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"slices"
	"time"
)

// Role is what a user may do. The set is closed.
type Role string

// The roles of DESIGN §9.
const (
	RoleAccountManager    Role = "account_manager"    // 客户经理: builds their own cases
	RoleDepartmentManager Role = "department_manager" // 部门经理: the team's cases, red flags, approval
	RoleRiskOfficer       Role = "risk_officer"       // 风险经理
	RoleGeneralManager    Role = "general_manager"    // 总经理
	RoleFinance           Role = "finance"            // registrations, disbursement, repayments
	RoleAuditor           Role = "auditor"            // reads everything, changes nothing
	RoleAdmin             Role = "admin"              // users and tokens
)

// Roles lists every role, in a stable order.
var Roles = []Role{RoleAccountManager, RoleDepartmentManager, RoleRiskOfficer, RoleGeneralManager, RoleFinance, RoleAuditor, RoleAdmin}

// roleNames lists the roles' names, for a field error.
func roleNames() []string {
	out := make([]string, len(Roles))
	for i, r := range Roles {
		out[i] = string(r)
	}
	return out
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// readsAllCases reports whether the role sees every case, not only its own.
func (r Role) readsAllCases() bool {
	switch r {
	case RoleDepartmentManager, RoleRiskOfficer, RoleGeneralManager, RoleFinance, RoleAuditor:
		return true
	}
	return false
}

// caseReaders are the roles that read cases: every role but the admin.
func caseReaders() []Role {
	return slices.DeleteFunc(slices.Clone(Roles), func(r Role) bool { return r == RoleAdmin })
}

// seesResidentIDs reports whether the role needs whole resident ID numbers:
// the owner (checked separately) and the approvers do; finance, auditors and
// admins see them masked.
func (r Role) seesResidentIDs() bool {
	switch r {
	case RoleDepartmentManager, RoleRiskOfficer, RoleGeneralManager:
		return true
	}
	return false
}

// Actor is the user on whose behalf a command runs.
type Actor struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role Role   `json:"role"`
}

// User is a person with a role and an API token. Only the token's SHA-256 is
// kept; the token itself is shown once, when the user is created.
type User struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	TokenHash string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	// ExpiresAt is when the token stops being accepted; nil for a user
	// created before tokens expired, whose token expires the policy's
	// TokenLifetimeDays after CreatedAt (see Expiry).
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	// DisabledAt is when the user was revoked: from then on no token of
	// theirs is accepted, on any replica.
	DisabledAt *time.Time `json:"disabled_at,omitempty"`
}

// Expiry returns when the user's token expires, lifetime after its
// creation when the user has no ExpiresAt.
func (u User) Expiry(lifetime time.Duration) time.Time {
	if u.ExpiresAt != nil {
		return *u.ExpiresAt
	}
	return u.CreatedAt.Add(lifetime)
}

// Actor returns the user as an Actor.
func (u User) Actor() Actor { return Actor{ID: u.ID, Name: u.Name, Role: u.Role} }

// NewToken returns a random API token ("jz_" and 52 base32 characters, 256 bits).
func NewToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return "jz_" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:])
}

// HashToken returns the hex SHA-256 under which a token is stored. Tokens carry
// 256 random bits, so a plain hash is enough: there is nothing to guess.
func HashToken(token string) string {
	s := sha256.Sum256([]byte(token))
	return hex.EncodeToString(s[:])
}
