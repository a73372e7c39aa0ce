package store

import (
	"context"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// Counts are the store's aggregates that monitoring reads (cmd/jinzhi's
// /metrics): counts only, never a field of a case.
type Counts struct {
	// CasesByStage is how many cases stand in each stage; a stage without
	// a case is absent.
	CasesByStage map[duediligence.Stage]int
	// LedgerNumbers is how many ledger numbers each year has issued: the
	// last number taken, since the numbers run without a gap.
	LedgerNumbers map[int]int
}

// Counts reads the Counts in two small queries: a GROUP BY over the
// index on cases (stage, id) and the ledger's counter rows, one per year.
func (s *Store) Counts(ctx context.Context) (_ Counts, err error) {
	defer duediligence.Wrap(&err, "Store.Counts")
	var stages []struct {
		Stage string `bun:"stage"`
		N     int    `bun:"n"`
	}
	if err := s.db.Read.NewSelect().Table("cases").Column("stage").ColumnExpr("count(*) AS n").
		Group("stage").Scan(ctx, &stages); err != nil {
		return Counts{}, err
	}
	var years []struct {
		Year int `bun:"year"`
		Last int `bun:"last"`
	}
	if err := s.db.Read.NewSelect().Table("ledger_counters").Column("year", "last").Scan(ctx, &years); err != nil {
		return Counts{}, err
	}
	c := Counts{CasesByStage: make(map[duediligence.Stage]int, len(stages)), LedgerNumbers: make(map[int]int, len(years))}
	for _, r := range stages {
		c.CasesByStage[duediligence.Stage(r.Stage)] = r.N
	}
	for _, r := range years {
		c.LedgerNumbers[r.Year] = r.Last
	}
	return c, nil
}
