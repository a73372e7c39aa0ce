package store

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// partyRow indexes a case's borrowers and guarantors by resident ID or
// credit code, so that a guarantor who borrows in another case, guaranteed
// by this case's borrower (互保), is found without reading every case. It is
// rewritten with the case in the same transaction.
type partyRow struct {
	bun.BaseModel `bun:"table:case_parties"`

	CaseID       string `bun:"case_id,pk"`
	Role         string `bun:"role,pk"`
	PartyKey     string `bun:"party_key,pk"`
	Stage        string `bun:"stage"`
	LedgerNumber string `bun:"ledger_number,nullzero"`
}

// syncParties rewrites the party index rows of c.
func syncParties(ctx context.Context, tx bun.Tx, c *duediligence.Case) error {
	if _, err := tx.NewDelete().Model((*partyRow)(nil)).Where("case_id = ?", c.ID).Exec(ctx); err != nil {
		return err
	}
	var rows []partyRow
	for _, role := range []duediligence.PartyRole{duediligence.PartyRoleBorrower, duediligence.PartyRoleGuarantor} {
		for _, key := range c.PartyKeys()[role] {
			rows = append(rows, partyRow{CaseID: c.ID, Role: string(role), PartyKey: key, Stage: string(c.Stage), LedgerNumber: c.LedgerNumber})
		}
	}
	for _, ci := range c.CoInvestigators {
		rows = append(rows, partyRow{CaseID: c.ID, Role: string(duediligence.PartyRoleInvestigator), PartyKey: ci.ID, Stage: string(c.Stage), LedgerNumber: c.LedgerNumber})
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.NewInsert().Model(&rows).Exec(ctx)
	return err
}

// maxPartyLinks bounds the links one lookup returns; a party named in more
// open cases than this is a finding of its own long before the rule needs
// every one.
const maxPartyLinks = 500

// FindPartyLinks returns the borrowers and guarantors of open or active
// cases other than caseID whose resident ID or credit code is one of keys.
func (s indexStore) FindPartyLinks(ctx context.Context, caseID string, keys []string) (out []duediligence.PartyLink, err error) {
	defer duediligence.Wrap(&err, "IndexStore.FindPartyLinks")
	var norm []string
	for _, k := range keys {
		if k = strings.ToUpper(strings.TrimSpace(k)); k != "" {
			norm = append(norm, k)
		}
	}
	if len(norm) == 0 {
		return nil, nil
	}
	var rows []partyRow
	err = s.q.NewSelect().Model(&rows).
		Where("case_id <> ?", caseID).
		Where("stage NOT IN (?)", bun.List(closedStages)).
		Where("party_key IN (?)", bun.List(norm)).
		Where("role IN (?)", bun.List([]string{string(duediligence.PartyRoleBorrower), string(duediligence.PartyRoleGuarantor)})).
		OrderExpr("case_id, role, party_key").
		Limit(maxPartyLinks).
		Scan(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out = append(out, duediligence.PartyLink{CaseID: r.CaseID, Role: duediligence.PartyRole(r.Role), PartyKey: r.PartyKey,
			Stage: duediligence.Stage(r.Stage), LedgerNumber: r.LedgerNumber})
	}
	return out, nil
}
