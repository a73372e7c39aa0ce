package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// indexStore reads the index tables through q: the read pool, or a
// transaction.
type indexStore struct{ q bun.IDB }

// collateralRow indexes a case's collateral by title certificate and unit
// number, so that the same property named in another case is found without
// reading every case. It is rewritten with the case in the same transaction.
type collateralRow struct {
	bun.BaseModel `bun:"table:case_collateral"`

	CaseID       string `bun:"case_id,pk"`
	ItemID       string `bun:"item_id,pk"`
	Stage        string `bun:"stage"`
	LedgerNumber string `bun:"ledger_number,nullzero"`
	TitleNumber  string `bun:"title_number,nullzero"`
	UnitNumber   string `bun:"unit_number,nullzero"`
}

// syncCollateral rewrites the collateral index rows of c.
func syncCollateral(ctx context.Context, tx bun.Tx, c *duediligence.Case) error {
	if _, err := tx.NewDelete().Model((*collateralRow)(nil)).Where("case_id = ?", c.ID).Exec(ctx); err != nil {
		return err
	}
	var rows []collateralRow
	for _, it := range c.Collateral {
		title, unit := duediligence.NormalizeCollateralNumber(it.TitleNumber), duediligence.NormalizeCollateralNumber(it.UnitNumber)
		if title == "" && unit == "" {
			continue
		}
		rows = append(rows, collateralRow{CaseID: c.ID, ItemID: it.ID, Stage: string(c.Stage),
			LedgerNumber: c.LedgerNumber, TitleNumber: title, UnitNumber: unit})
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.NewInsert().Model(&rows).Exec(ctx)
	return err
}

// closedStages are the stages whose cases no longer claim their collateral.
var closedStages = []string{string(duediligence.StageRejected), string(duediligence.StageClosed), string(duediligence.StageWithdrawn)}

// FindCollateralExposure returns the collateral items of open or active
// cases other than caseID that name one of the title or unit numbers.
func (s indexStore) FindCollateralExposure(ctx context.Context, caseID string, titles, units []string) (out []duediligence.Exposure, err error) {
	defer duediligence.Wrap(&err, "IndexStore.FindCollateralExposure")
	norm := func(in []string) []string {
		var out []string
		for _, v := range in {
			if v = duediligence.NormalizeCollateralNumber(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	titles, units = norm(titles), norm(units)
	if len(titles) == 0 && len(units) == 0 {
		return nil, nil
	}
	var rows []collateralRow
	q := s.q.NewSelect().Model(&rows).
		Where("case_id <> ?", caseID).
		Where("stage NOT IN (?)", bun.List(closedStages)).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			if len(titles) > 0 {
				q = q.WhereOr("title_number IN (?)", bun.List(titles))
			}
			if len(units) > 0 {
				q = q.WhereOr("unit_number IN (?)", bun.List(units))
			}
			return q
		}).
		OrderExpr("case_id, item_id").
		Limit(100)
	if err := q.Scan(ctx); err != nil {
		return nil, err
	}
	for _, r := range rows {
		out = append(out, duediligence.Exposure{CaseID: r.CaseID, ItemID: r.ItemID, Stage: duediligence.Stage(r.Stage),
			LedgerNumber: r.LedgerNumber, TitleNumber: r.TitleNumber, UnitNumber: r.UnitNumber})
	}
	return out, nil
}
