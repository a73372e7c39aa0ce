package store

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// Finding cases by name, ID number or ledger number.
//
// Most Chinese names are two or three characters, and a search for a
// surname is one. Trigram indexes (pg_trgm, FTS5's trigram tokenizer) find
// nothing for a query of one or two characters, or fall back to reading the
// table, so the store keeps its own n-gram index on both databases:
// case_ngrams holds every distinct character (unigram) and pair of adjacent
// characters (bigram) of each applicant's name in lower case. A query of one
// or two characters is then one index range; a longer one walks the cases
// holding its least common bigram and keeps those whose name contains the
// whole query. Resident IDs, credit codes and ledger numbers are matched
// exactly, through their own indexes: a prefix search of resident IDs would
// let roles that see them masked learn who has a case.

// ngramRow is one gram of a case's applicant name.
type ngramRow struct {
	bun.BaseModel `bun:"table:case_ngrams"`

	Gram   string `bun:"gram,pk"`
	CaseID string `bun:"case_id,pk"`
}

// nameGrams returns the distinct unigrams and bigrams of name in lower case.
func nameGrams(name string) []string {
	r := []rune(strings.ToLower(name))
	out := make([]string, 0, 2*len(r))
	for i := range r {
		out = append(out, string(r[i]))
		if i+1 < len(r) {
			out = append(out, string(r[i:i+2]))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ngramRows are the n-gram rows of c.
func ngramRows(c *duediligence.Case) []ngramRow {
	grams := nameGrams(c.Applicant.Name)
	rows := make([]ngramRow, len(grams))
	for i, g := range grams {
		rows[i] = ngramRow{Gram: g, CaseID: c.ID}
	}
	return rows
}

// Page sizes of FindCases, as duediligence.CaseFilter documents them.
const (
	defaultPageSize = 50
	maxPageSize     = 200
)

// likeEscaper escapes LIKE's wildcards (and its escape character, "!") so
// that a query matches literally.
var likeEscaper = strings.NewReplacer("!", "!!", "%", "!%", "_", "!_")

// FindCases lists the cases matching f, newest first (case IDs are UUIDv7,
// so their order is the order of creation), one page at a time: f.After is
// the last ID of the previous page.
//
// Each list is read in two steps, so that no plan can read more than it
// needs whatever the planner makes of the statistics: the IDs of a page
// from an index that holds them in order (idSource), then the page's
// listings by primary key, with the conditions that index cannot answer.
// When those conditions drop some, the next IDs are read, until the page is
// full or the index has no more. A text query merges three such lists: by
// name (case_ngrams), by resident ID or credit code, and by ledger number.
func (s caseStore) FindCases(ctx context.Context, f duediligence.CaseFilter) (_ duediligence.CasePage, err error) {
	defer duediligence.Wrap(&err, "CaseStore.FindCases")
	limit := f.Limit
	if limit <= 0 {
		limit = defaultPageSize
	}
	limit = min(limit, maxPageSize)

	var sources []idSource
	if text := strings.TrimSpace(f.Query); text != "" {
		if sources, err = s.searchSources(ctx, f, text); err != nil {
			return duediligence.CasePage{}, err
		}
	} else {
		sources = []idSource{s.listSource(f)}
	}
	var rows []caseRow
	for _, src := range sources {
		found, err := s.page(ctx, src, f.After, limit+1)
		if err != nil {
			return duediligence.CasePage{}, err
		}
		rows = append(rows, found...)
	}
	if len(sources) > 1 {
		// The lists merged: newest first, each case once.
		slices.SortFunc(rows, func(a, b caseRow) int { return cmp.Compare(b.ID, a.ID) })
		rows = slices.CompactFunc(rows, func(a, b caseRow) bool { return a.ID == b.ID })
	}

	// One more than a page tells whether there is a next page.
	page := duediligence.CasePage{Cases: make([]duediligence.CaseSummary, 0, min(len(rows), limit))}
	for i := range rows {
		if i == limit {
			page.Next = page.Cases[limit-1].ID
			break
		}
		sum, err := rows[i].summary()
		if err != nil {
			return duediligence.CasePage{}, err
		}
		page.Cases = append(page.Cases, sum)
	}
	return page, nil
}

// idSource is one list of cases: ids selects, from an index in descending
// order, the IDs below after (all when empty), at most n of them; keep adds
// to the query of their listings (cases AS c) what that index cannot
// answer, or is nil.
type idSource struct {
	ids  func(after string, n int) *bun.SelectQuery
	keep func(q *bun.SelectQuery) *bun.SelectQuery
}

// maxBatch bounds the IDs page reads at a time when keep drops some.
const maxBatch = 1000

// page returns the listings of the first n cases of src below after,
// newest first.
func (s caseStore) page(ctx context.Context, src idSource, after string, n int) ([]caseRow, error) {
	batch := n
	if src.keep != nil {
		batch = min(4*n, maxBatch)
	}
	var out []caseRow
	for len(out) < n {
		var ids []string
		if err := src.ids(after, batch).Scan(ctx, &ids); err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			break
		}
		var rows []caseRow
		q := s.q.NewSelect().TableExpr("cases AS c")
		for _, col := range summaryColumns {
			q = q.ColumnExpr("c." + col)
		}
		q = q.Where("c.id IN (?)", bun.List(ids))
		if src.keep != nil {
			q = src.keep(q)
		}
		if err := q.Scan(ctx, &rows); err != nil {
			return nil, err
		}
		slices.SortFunc(rows, func(a, b caseRow) int { return cmp.Compare(b.ID, a.ID) })
		out = append(out, rows...)
		if len(ids) < batch {
			break
		}
		after = ids[len(ids)-1]
	}
	if len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// listSource is the list of f without a text query: along (member,
// case_id) or (member, stage, case_id) of case_members, or (owner, stage,
// id), (owner, id), (stage, id) or the primary key of cases.
func (s caseStore) listSource(f duediligence.CaseFilter) idSource {
	if f.Member != "" {
		src := idSource{ids: func(after string, n int) *bun.SelectQuery {
			q := s.q.NewSelect().Table("case_members").Column("case_id").Where("member = ?", f.Member)
			if f.Stage != "" {
				q = q.Where("stage = ?", f.Stage)
			}
			if after != "" {
				q = q.Where("case_id < ?", after)
			}
			return q.OrderExpr("case_id DESC").Limit(int64(n))
		}}
		if f.Owner != "" {
			src.keep = func(q *bun.SelectQuery) *bun.SelectQuery { return q.Where("c.owner = ?", f.Owner) }
		}
		return src
	}
	return idSource{ids: func(after string, n int) *bun.SelectQuery {
		q := s.q.NewSelect().Table("cases").Column("id")
		if f.Stage != "" {
			q = q.Where("stage = ?", f.Stage)
		}
		if f.Owner != "" {
			q = q.Where("owner = ?", f.Owner)
		}
		if after != "" {
			q = q.Where("id < ?", after)
		}
		return q.OrderExpr("id DESC").Limit(int64(n))
	}}
}

// keepFilter returns what keeps, of the cases an index found, those of f's
// stage, owner and member; nil when f asks none of them.
func keepFilter(f duediligence.CaseFilter, more func(q *bun.SelectQuery) *bun.SelectQuery) func(q *bun.SelectQuery) *bun.SelectQuery {
	if f.Stage == "" && f.Owner == "" && f.Member == "" && more == nil {
		return nil
	}
	return func(q *bun.SelectQuery) *bun.SelectQuery {
		if f.Stage != "" {
			q = q.Where("c.stage = ?", f.Stage)
		}
		if f.Owner != "" {
			q = q.Where("c.owner = ?", f.Owner)
		}
		if f.Member != "" {
			q = q.Where("EXISTS (SELECT 1 FROM case_members AS m WHERE m.member = ? AND m.case_id = c.id)", f.Member)
		}
		if more != nil {
			q = more(q)
		}
		return q
	}
}

// searchSources are the lists whose pages, merged, are the page of cases
// matching text: by name, by resident ID or credit code, by ledger number.
func (s caseStore) searchSources(ctx context.Context, f duediligence.CaseFilter, text string) ([]idSource, error) {
	exact := func(col, value string) idSource {
		return idSource{
			ids: func(after string, n int) *bun.SelectQuery {
				q := s.q.NewSelect().Table("cases").Column("id").Where(col+" = ?", value)
				if after != "" {
					q = q.Where("id < ?", after)
				}
				return q.OrderExpr("id DESC").Limit(int64(n))
			},
			keep: keepFilter(f, nil),
		}
	}
	sources := []idSource{exact("applicant_key", strings.ToUpper(text)), exact("ledger_number", text)}

	lower := strings.ToLower(text)
	gram, err := s.searchGram(ctx, lower)
	if err != nil || gram == "" {
		return sources, err // "": a bigram no name has
	}
	var contains func(q *bun.SelectQuery) *bun.SelectQuery
	if gram != lower {
		// The gram is one of the query's bigrams: the name must hold the
		// whole query.
		pattern := "%" + likeEscaper.Replace(lower) + "%"
		contains = func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("c.applicant_name_lc LIKE ? ESCAPE '!'", pattern)
		}
	}
	return append(sources, idSource{
		ids: func(after string, n int) *bun.SelectQuery {
			q := s.q.NewSelect().Table("case_ngrams").Column("case_id").Where("gram = ?", gram)
			if after != "" {
				q = q.Where("case_id < ?", after)
			}
			return q.OrderExpr("case_id DESC").Limit(int64(n))
		},
		keep: keepFilter(f, contains),
	}), nil
}

// gramProbe bounds how many postings of a bigram searchGram counts, and
// gramRare is a count low enough to walk without counting the others.
const (
	gramProbe = 1000
	gramRare  = 64
)

// searchGram returns the gram a name search walks: the query itself when it
// is one or two characters, else its bigram with the fewest cases (counted
// up to gramProbe, so that the count costs at most that), or "" when one of
// its bigrams is in no name, and nothing can match.
func (s caseStore) searchGram(ctx context.Context, lower string) (string, error) {
	r := []rune(lower)
	if len(r) <= 2 {
		return lower, nil
	}
	best, fewest := "", gramProbe+1
	seen := map[string]bool{}
	for i := 0; i+1 < len(r) && fewest > gramRare; i++ {
		gram := string(r[i : i+2])
		if seen[gram] {
			continue
		}
		seen[gram] = true
		var n int
		sub := s.q.NewSelect().Table("case_ngrams").ColumnExpr("1").Where("gram = ?", gram).Limit(gramProbe)
		if err := s.q.NewSelect().TableExpr("(?) AS p", sub).ColumnExpr("count(*)").Scan(ctx, &n); err != nil {
			return "", err
		}
		if n == 0 {
			return "", nil
		}
		if n < fewest {
			best, fewest = gram, n
		}
	}
	return best, nil
}
