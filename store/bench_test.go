package store

// Benchmarks of lists, searches and writes (issue #9), on SQLite and, when
// JINZHI_TEST_DATABASE_URL names a server, PostgreSQL. They seed their
// cases in bulk, with multi-row inserts of the rows the store itself would
// write, and run only when asked:
//
//	JINZHI_BENCH_CASES=1000,10000,100000 go test -run '^$' -bench . -benchtime 200x ./store
//
// CI runs them at the smallest size, once each (.ci/run). Compare a
// benchmark across sizes: the time of a list or a search should not grow
// with the number of cases, nor its allocations.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

var (
	benchSurnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	benchGiven    = []rune("伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华红玉兰飞鹏辉建国文斌宇浩凯健俊帆帅旭宁龙林欣佳琳晶雪婷颖倩琪萍梅莉燕玲丹云莹鑫楠博文轩昊天瑞泽睿思源子豪嘉怡雨涵梓萱欣怡佳怡一诺可馨诗涵")
)

const (
	benchOwners  = 30
	benchOwn     = "am-07"
	benchMatch   = "张伟" // every 97th case is named so
	benchNoMatch = "龘靐" // no case is
)

// benchSizes returns the sizes JINZHI_BENCH_CASES asks for, or skips.
func benchSizes(b *testing.B) []int {
	v := os.Getenv("JINZHI_BENCH_CASES")
	if v == "" {
		b.Skip("set JINZHI_BENCH_CASES=1000,10000,100000 to run")
	}
	var out []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		require.NoError(b, err)
		out = append(out, n)
	}
	return out
}

func benchID(i int) string { return fmt.Sprintf("1101051980%08d", i) }

// benchCase is the i-th seeded case: 30 owners, one case in 20
// co-investigated, one in 10 submitted (and numbered), Chinese names of two
// or three characters.
func benchCase(i int, rng *rand.Rand, at time.Time) *duediligence.Case {
	name := string(benchSurnames[rng.IntN(len(benchSurnames))]) + string(benchGiven[rng.IntN(len(benchGiven))])
	if rng.IntN(2) == 0 {
		name += string(benchGiven[rng.IntN(len(benchGiven))])
	}
	if i%97 == 0 {
		name = benchMatch
	}
	owner := fmt.Sprintf("am-%02d", i%benchOwners)
	c := &duediligence.Case{
		ID: duediligence.UUIDv7{}.NewID(), Stage: duediligence.StageInvestigation, Version: 1, Owner: owner, OwnerName: "经理" + owner,
		Applicant: duediligence.Party{Kind: duediligence.Person, Name: name, IDNumber: benchID(i), MaritalStatus: duediligence.Single,
			MonthlyIncome: yuanP("30000.00"), Phone: "13800138000", Address: "北京市朝阳区某某街道某某号"},
		CoBorrowers: []duediligence.Party{},
		Request: duediligence.LoanRequest{Amount: money.MustMoney("500000.00"), TermMonths: 36, Purpose: "采购原材料",
			PurposeCategory: duediligence.PurposeBusinessOperation, RepaymentSource: "经营收入", RepaymentMethod: contracts.EqualInstallment,
			AnnualRate: money.MustRate("0.085")},
		Documents: []duediligence.Document{}, Findings: []duediligence.Finding{}, Flags: []duediligence.RedFlag{},
		Collateral: []duediligence.CollateralItem{}, Guarantees: []duediligence.Guarantee{}, Acknowledgements: []duediligence.Acknowledgement{},
		CoInvestigators: []duediligence.CoInvestigator{}, Approvals: []duediligence.Approval{}, Transitions: []duediligence.StageChange{},
		PolicyVersion: "2026-01", CreatedAt: at, UpdatedAt: at,
	}
	for _, typ := range []string{"id_card", "hukou", "income_proof", "bank_statement", "credit_report"} {
		c.Documents = append(c.Documents, duediligence.Document{ID: duediligence.UUIDv7{}.NewID(), Type: typ, Label: typ, Required: true,
			RequiredBy: "applicant", Status: duediligence.DocumentMissing, Files: []duediligence.FileRef{}, UpdatedAt: at})
	}
	switch {
	case i%10 == 0:
		c.Stage = duediligence.StageSubmitted
		c.LedgerNumber = duediligence.FormatLedgerNumber(2026, i/10+1)
	case i%10 == 1:
		c.Stage = duediligence.StageIntake
	}
	if i%20 == 3 {
		co := fmt.Sprintf("am-%02d", (i+1)%benchOwners)
		c.CoInvestigators = append(c.CoInvestigators, duediligence.CoInvestigator{ID: co, Name: "经理" + co, AddedBy: owner, AddedAt: at})
	}
	return c
}

// seedBulk writes n cases, with all the rows the store keeps of each, in
// multi-row inserts of 500 cases, then updates the planners' statistics.
func seedBulk(tb testing.TB, st *Store, n int) {
	tb.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	const batch = 500
	for start := 0; start < n; start += batch {
		var (
			cases   []*caseRow
			bodies  []*bodyRow
			members []memberRow
			grams   []ngramRow
			parties []partyRow
		)
		for i := start; i < min(n, start+batch); i++ {
			c := benchCase(i, rng, at.Add(time.Duration(i)*time.Second))
			l := c.Listing()
			row, body, err := caseRows(c, &l)
			require.NoError(tb, err)
			cases, bodies = append(cases, row), append(bodies, body)
			members = append(members, memberRows(c)...)
			grams = append(grams, ngramRows(c)...)
			parties = append(parties, partyRows(c)...)
		}
		err := st.db.Write.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			for _, rows := range []any{&cases, &bodies, &members, &grams, &parties} {
				if _, err := tx.NewInsert().Model(rows).Exec(ctx); err != nil {
					return err
				}
			}
			return nil
		})
		require.NoError(tb, err)
	}
	analyze(tb, st)
}

// analyze updates the planners' statistics, as autovacuum would on
// PostgreSQL (where VACUUM also marks the pages all-visible, which
// index-only scans need).
func analyze(tb testing.TB, st *Store) {
	tb.Helper()
	stmt := "ANALYZE"
	if st.db.Dialect == Postgres {
		stmt = "VACUUM ANALYZE"
	}
	_, err := st.db.Write.ExecContext(context.Background(), stmt)
	require.NoError(tb, err)
}

// benchStores opens an empty store on each backend there is.
func benchStores(b *testing.B) []struct {
	name string
	open func(b *testing.B) *Store
} {
	out := []struct {
		name string
		open func(b *testing.B) *Store
	}{{"sqlite", func(b *testing.B) *Store {
		db, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), Options{})
		require.NoError(b, err)
		b.Cleanup(func() { db.Close() })
		st := New(db)
		require.NoError(b, st.Migrate(context.Background()))
		return st
	}}}
	if u := os.Getenv("JINZHI_TEST_DATABASE_URL"); u != "" {
		out = append(out, struct {
			name string
			open func(b *testing.B) *Store
		}{"postgres", func(b *testing.B) *Store {
			// No read timeout: VACUUM ANALYZE of a million cases takes longer
			// than the default.
			db, err := Open(context.Background(), withParam(newPostgresTestDatabase(b, u), "read_timeout=0"), Options{})
			require.NoError(b, err)
			b.Cleanup(func() { db.Close() })
			st := New(db)
			require.NoError(b, st.Migrate(context.Background()))
			return st
		}})
	}
	return out
}

// BenchmarkLists lists and searches a page of 50 among n cases.
func BenchmarkLists(b *testing.B) {
	sizes := benchSizes(b)
	for _, backend := range benchStores(b) {
		for _, n := range sizes {
			b.Run(fmt.Sprintf("%s/n=%d", backend.name, n), func(b *testing.B) {
				st := backend.open(b)
				seedBulk(b, st, n)
				ctx := context.Background()
				for _, q := range []struct {
					name string
					f    duediligence.CaseFilter
				}{
					{"list_own", duediligence.CaseFilter{Member: benchOwn}},
					{"list_all", duediligence.CaseFilter{}},
					{"list_stage", duediligence.CaseFilter{Stage: duediligence.StageSubmitted}},
					{"search_name_match", duediligence.CaseFilter{Query: benchMatch}},
					{"search_name_none", duediligence.CaseFilter{Query: benchNoMatch}},
					{"search_id", duediligence.CaseFilter{Query: benchID(n / 2)}},
				} {
					q.f.Limit = 50
					b.Run(q.name, func(b *testing.B) {
						b.ReportAllocs()
						for b.Loop() {
							if _, err := st.Cases().FindCases(ctx, q.f); err != nil {
								b.Fatal(err)
							}
						}
					})
				}
			})
		}
	}
}

// sqlBytes counts the bytes of the statements that change data.
type sqlBytes struct{ n int }

func (h *sqlBytes) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }

func (h *sqlBytes) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	q := strings.TrimSpace(e.Query)
	if len(q) >= 6 && !strings.EqualFold(q[:6], "SELECT") {
		h.n += len(e.Query)
	}
}

func walLSN(b *testing.B, st *Store) string {
	var lsn string
	require.NoError(b, st.db.Write.QueryRowContext(context.Background(), "SELECT pg_current_wal_insert_lsn()::text").Scan(&lsn))
	return lsn
}

func walSince(b *testing.B, st *Store, from string) int64 {
	var n int64
	require.NoError(b, st.db.Write.QueryRowContext(context.Background(), "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), ?::pg_lsn)::bigint", from).Scan(&n))
	return n
}

// BenchmarkBytesPerCommand writes a case with 100 documents and 50
// findings, then adds findings to it through the service, and reports the
// bytes of SQL each write sends and, on PostgreSQL, the WAL it writes.
func BenchmarkBytesPerCommand(b *testing.B) {
	benchSizes(b)
	for _, backend := range benchStores(b) {
		b.Run(backend.name, func(b *testing.B) {
			st := backend.open(b)
			hook := &sqlBytes{}
			st.hook(hook, true)
			ctx := context.Background()
			svc, err := duediligence.NewService(duediligence.Config{Store: st})
			require.NoError(b, err)
			am := duediligence.Actor{ID: "am-01", Name: "经理", Role: duediligence.RoleAccountManager}
			c, err := svc.CreateCase(ctx, am, duediligence.NewCase{
				Applicant: duediligence.Party{Kind: duediligence.Person, Name: "张三", IDNumber: "11010519491231002X", MaritalStatus: duediligence.Single},
				Request: duediligence.LoanRequest{Amount: money.MustMoney("500000.00"), TermMonths: 36, Purpose: "采购原材料",
					PurposeCategory: duediligence.PurposeBusinessOperation, RepaymentSource: "经营收入", RepaymentMethod: contracts.EqualInstallment,
					AnnualRate: money.MustRate("0.085")},
			})
			require.NoError(b, err)
			big, err := st.Cases().FindCaseByID(ctx, c.ID)
			require.NoError(b, err)
			now := time.Now().UTC()
			big.Stage = duediligence.StageInvestigation
			for i := len(big.Documents); i < 100; i++ {
				big.Documents = append(big.Documents, duediligence.Document{ID: duediligence.UUIDv7{}.NewID(), Type: "other", Label: "其他材料",
					Status: duediligence.DocumentReceived, Note: "客户提供的补充材料第" + strconv.Itoa(i) + "份",
					Files:     []duediligence.FileRef{{SHA256: strings.Repeat("ab", 32), Size: 123456, MediaType: "application/pdf", Name: "材料.pdf", UploadedBy: am.ID, UploadedAt: now}},
					UpdatedAt: now})
			}
			for i := range 50 {
				big.Findings = append(big.Findings, duediligence.Finding{ID: duediligence.UUIDv7{}.NewID(), Topic: duediligence.TopicOperations,
					Method: duediligence.MethodSiteVisit, Statement: "现场查看经营场所，库存与报表基本相符，第" + strconv.Itoa(i) + "次",
					Result: duediligence.ResultConfirmed, Evidence: []string{big.Documents[i].ID}, Date: "2026-03-01", Investigator: am.ID, RecordedAt: now})
			}
			big.Version++
			var lsn string
			if st.db.Dialect == Postgres {
				lsn = walLSN(b, st)
			}
			hook.n = 0
			ev := &duediligence.Event{ID: duediligence.UUIDv7{}.NewID(), Stream: big.ID, At: now, ActorID: am.ID, ActorRole: am.Role,
				Action: "case.seeded", CaseID: big.ID, CaseVersion: big.Version, Data: []byte(`{}`)}
			require.NoError(b, st.updateCase(ctx, big, big.Version-1, ev))
			bigSQL, bigWAL := hook.n, int64(0)
			if lsn != "" {
				bigWAL = walSince(b, st, lsn)
			}
			version := big.Version
			var sqlTotal, walTotal int64
			ops := 0
			for b.Loop() {
				hook.n = 0
				if lsn != "" {
					lsn = walLSN(b, st)
				}
				got, _, err := svc.AddFinding(ctx, am, big.ID, version, duediligence.FindingInput{Topic: duediligence.TopicFinances,
					Method: duediligence.MethodDocumentReview, Statement: "银行流水与申报收入一致", Result: duediligence.ResultConfirmed})
				if err != nil {
					b.Fatal(err)
				}
				version = got.Version
				sqlTotal += int64(hook.n)
				if lsn != "" {
					walTotal += walSince(b, st, lsn)
				}
				ops++
			}
			b.ReportMetric(float64(bigSQL), "sql-bytes/write-big")
			if bigWAL > 0 {
				b.ReportMetric(float64(bigWAL), "wal-bytes/write-big")
			}
			b.ReportMetric(float64(sqlTotal)/float64(ops), "sql-bytes/add-finding")
			if walTotal > 0 {
				b.ReportMetric(float64(walTotal)/float64(ops), "wal-bytes/add-finding")
			}
		})
	}
}
