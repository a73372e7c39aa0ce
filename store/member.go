package store

import (
	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// memberRow says that a user owns or co-investigates a case (双人调查), so
// that an account manager's list — the cases they own or co-investigate —
// is one index scan of (member, case_id), or of (member, stage, case_id),
// newest first. "owner = ? OR id IN (…)" would read every case instead.
type memberRow struct {
	bun.BaseModel `bun:"table:case_members"`

	Member string `bun:"member,pk"`
	CaseID string `bun:"case_id,pk"`
	// Stage is the case's, for the list of one stage.
	Stage string `bun:"stage"`
}

// memberRows are the member rows of c: its owner and co-investigators.
func memberRows(c *duediligence.Case) []memberRow {
	rows := []memberRow{{Member: c.Owner, CaseID: c.ID, Stage: string(c.Stage)}}
	for _, ci := range c.CoInvestigators {
		if ci.ID != c.Owner {
			rows = append(rows, memberRow{Member: ci.ID, CaseID: c.ID, Stage: string(c.Stage)})
		}
	}
	return rows
}
