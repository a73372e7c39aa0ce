package store

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jinzhi-dev/jinzhi/contracts"
	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/money"
)

// testTime is a fixed instant with nanoseconds, in UTC as the service's clock
// gives it.
var testTime = time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC)

func yuanP(s string) *money.Money {
	m := money.MustMoney(s)
	return &m
}

// testCase returns a case at version 1 with every part filled in: a married
// applicant with spouse and credit report, a co-borrower organization,
// documents with files, findings, red flags and transitions.
func testCase(t *testing.T, owner, applicant string) *duediligence.Case {
	t.Helper()
	return &duediligence.Case{
		ID: duediligence.UUIDv7{}.NewID(), Stage: duediligence.StageInvestigation, Version: 1,
		Owner: owner, OwnerName: "李经理",
		Applicant: duediligence.Party{
			Kind: duediligence.Person, Name: applicant, IDNumber: "11010519491231002X",
			BirthDate: "1949-12-31", Sex: "female", Phone: "13800000000", Address: "北京市朝阳区",
			MaritalStatus: duediligence.Married,
			Spouse:        &duediligence.Party{Kind: duediligence.Person, Name: "王五", IDNumber: "110105194912310029"},
			Occupation:    "engineer", Employer: "某公司", MonthlyIncome: yuanP("25000.00"),
			MonthlyDebtPayments: yuanP("3000.50"),
			Credit: &duediligence.CreditSummary{
				CurrentOverdue: yuanP("0.00"), MaxOverdueDays24M: 15, OutstandingDebt: yuanP("120000.00"),
				ReportDate: "2026-03-01",
			},
			PendingLitigation: true,
		},
		CoBorrowers: []duediligence.Party{{
			Kind: duediligence.Organization, Name: "厦门某某贸易有限公司", CreditCode: "91350100M000100Y43",
			LegalRepresentative: &duediligence.Party{Kind: duediligence.Person, Name: "赵六"},
			RegisteredCapital:   yuanP("1000000.00"), FoundingDate: "2015-06-01", Industry: "wholesale",
		}},
		Request: duediligence.LoanRequest{
			Amount: money.MustMoney("500000.00"), TermMonths: 36, Purpose: "备货",
			PurposeCategory: duediligence.PurposeWorkingCapital, RepaymentSource: "经营收入",
			RepaymentMethod: contracts.EqualInstallment, AnnualRate: money.MustRate("0.0435"),
			Fees: yuanP("1200.00"),
		},
		Documents: []duediligence.Document{
			{ID: "doc-1", Type: "resident_id", Label: "身份证", Required: true, RequiredBy: "applicant",
				Status: duediligence.DocumentVerified, Note: "原件已核",
				Files: []duediligence.FileRef{{
					SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Size: 4,
					MediaType: "image/jpeg", Name: "id.jpg", UploadedBy: owner, UploadedAt: testTime,
				}},
				OriginalSighted: &duediligence.Sighting{By: owner, At: testTime.Add(time.Hour)},
				UpdatedAt:       testTime.Add(time.Hour)},
			{ID: "doc-2", Type: "marriage_certificate", Label: "结婚证", Required: true,
				Status: duediligence.DocumentMissing, Files: []duediligence.FileRef{}, UpdatedAt: testTime},
		},
		Findings: []duediligence.Finding{{
			ID: "finding-1", Topic: duediligence.TopicOperations, Method: duediligence.MethodSiteVisit,
			Statement: "仓库存货与报表相符", Result: duediligence.ResultConfirmed, Evidence: []string{"doc-1"},
			Date: "2026-03-10", Location: "厦门", Investigator: owner, RecordedAt: testTime,
		}},
		Flags: []duediligence.RedFlag{{
			ID: "flag-1", Description: "流水疑似伪造", Evidence: []string{"doc-1"}, RaisedBy: owner,
			RaisedAt: testTime, Status: duediligence.FlagDismissed,
			Resolution: &duediligence.FlagResolution{Decision: duediligence.FlagDismissed, Comment: "银行已核实", By: "dm-1", At: testTime.Add(2 * time.Hour)},
		}},
		Transitions: []duediligence.StageChange{{
			From: duediligence.StageIntake, To: duediligence.StageInvestigation, By: owner, At: testTime,
		}},
		PolicyVersion: "2026-01", CreatedAt: testTime, UpdatedAt: testTime.Add(3 * time.Hour),
	}
}

func testCreateCase(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	c := testCase(t, "owner-1", "张三")
	require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))

	t.Run("OK", func(t *testing.T) {
		got, err := st.Cases().FindCaseByID(ctx, c.ID)
		require.NoError(t, err)
		assert.Equal(t, c, got)
		evs, err := st.Events().FindEvents(ctx, c.ID, 0, 0)
		require.NoError(t, err)
		require.Len(t, evs, 1)
		assert.Equal(t, int64(1), evs[0].Seq)
		assert.Empty(t, evs[0].PrevHash)
	})
	t.Run("ErrConflict", func(t *testing.T) {
		err := st.createCase(ctx, c, testEvent(c.ID, "case.created"))
		assert.ErrorIs(t, err, duediligence.ErrConflict)
		evs, err := st.Events().FindEvents(ctx, c.ID, 0, 0)
		require.NoError(t, err)
		assert.Len(t, evs, 1, "the refused creation left no event")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := st.Cases().FindCaseByID(ctx, duediligence.UUIDv7{}.NewID())
		assert.ErrorIs(t, err, duediligence.ErrNotFound)
		assert.Contains(t, err.Error(), "Store.FindCaseByID")
	})
	t.Run("ErrInternal_Version", func(t *testing.T) {
		c := testCase(t, "owner-1", "张三")
		c.Version = 2
		assert.ErrorIs(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")), duediligence.ErrInternal)
	})
	t.Run("ErrInternal_Unstorable", func(t *testing.T) {
		c := testCase(t, "owner-1", "张三")
		c.Collateral = []duediligence.CollateralItem{testItem("item-x", "", "")}
		c.Collateral[0].Perfection.RegisteredOn = money.Date{Year: 2026, Month: 2, Day: 30} // no such day
		err := st.createCase(ctx, c, testEvent(c.ID, "case.created"))
		assert.ErrorIs(t, err, duediligence.ErrInternal)
		assert.ErrorContains(t, err, "cannot be stored")
		_, err = st.Cases().FindCaseByID(ctx, c.ID)
		assert.ErrorIs(t, err, duediligence.ErrNotFound, "nothing was stored")
		_, err = st.Cases().FindCases(ctx, duediligence.CaseFilter{})
		assert.NoError(t, err, "listings still read")
	})
}

// updated returns a copy of c changed as a command would change it.
func updated(c *duediligence.Case, stage duediligence.Stage) *duediligence.Case {
	u := *c
	u.Stage = stage
	u.Version = c.Version + 1
	u.LedgerNumber = "2026-000123"
	u.UpdatedAt = c.UpdatedAt.Add(time.Minute)
	return &u
}

func testUpdateCase(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	c := testCase(t, "owner-1", "张三")
	require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))
	events := func() int {
		evs, err := st.Events().FindEvents(ctx, c.ID, 0, 0)
		require.NoError(t, err)
		return len(evs)
	}

	t.Run("OK", func(t *testing.T) {
		u := updated(c, duediligence.StageSubmitted)
		require.NoError(t, st.updateCase(ctx, u, 1, testEvent(c.ID, "case.submitted")))
		got, err := st.Cases().FindCaseByID(ctx, c.ID)
		require.NoError(t, err)
		assert.Equal(t, u, got)
		assert.Equal(t, 2, events())
		page, err := st.Cases().FindCases(ctx, duediligence.CaseFilter{Stage: duediligence.StageSubmitted})
		require.NoError(t, err)
		require.Len(t, page.Cases, 1, "the indexed columns follow the body")
		assert.Equal(t, 2, page.Cases[0].Version)
	})
	t.Run("ErrStale", func(t *testing.T) {
		u := updated(c, duediligence.StageWithdrawn) // from version 1, now 2
		err := st.updateCase(ctx, u, 1, testEvent(c.ID, "case.withdrawn"))
		assert.ErrorIs(t, err, duediligence.ErrStale)
		got, err := st.Cases().FindCaseByID(ctx, c.ID)
		require.NoError(t, err)
		assert.Equal(t, duediligence.StageSubmitted, got.Stage)
		assert.Equal(t, 2, events(), "no event for a stale change")
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		u := updated(testCase(t, "owner-1", "张三"), duediligence.StageSubmitted)
		err := st.updateCase(ctx, u, 1, testEvent(u.ID, "case.submitted"))
		assert.ErrorIs(t, err, duediligence.ErrNotFound)
	})
	t.Run("ErrConflict_IdempotencyKey", func(t *testing.T) {
		cur, err := st.Cases().FindCaseByID(ctx, c.ID)
		require.NoError(t, err)
		ev := testEvent(c.ID, "finding.added")
		ev.IdempotencyKey = "key-1"
		require.NoError(t, st.updateCase(ctx, updated(cur, cur.Stage), cur.Version, ev))

		again := testEvent(c.ID, "finding.added")
		again.IdempotencyKey = "key-1"
		err = st.updateCase(ctx, updated(updated(cur, cur.Stage), cur.Stage), cur.Version+1, again)
		assert.ErrorIs(t, err, duediligence.ErrConflict)
		got, err := st.Cases().FindCaseByID(ctx, c.ID)
		require.NoError(t, err)
		assert.Equal(t, cur.Version+1, got.Version, "the refused change was rolled back with its event")
	})
	t.Run("ErrInternal_Version", func(t *testing.T) {
		cur, err := st.Cases().FindCaseByID(ctx, c.ID)
		require.NoError(t, err)
		err = st.updateCase(ctx, cur, cur.Version, testEvent(c.ID, "case.updated"))
		assert.ErrorIs(t, err, duediligence.ErrInternal, "c.Version must be expected+1")
	})
}

func testFindCases(t *testing.T, open openStoreFunc) {
	st := open(t)
	ctx := t.Context()
	// 25 cases, oldest first: owners alternate, every third is submitted.
	var all []*duediligence.Case
	for i := range 25 {
		c := testCase(t, fmt.Sprintf("owner-%d", i%2), fmt.Sprintf("Applicant %02d", i))
		if i%3 == 0 {
			c.Stage = duediligence.StageSubmitted
			c.LedgerNumber = fmt.Sprintf("2026-%06d", i)
		}
		all = append(all, c)
	}
	all[7].Applicant = duediligence.Party{Kind: duediligence.Person, Name: "张三丰", IDNumber: "44030419900101001X"}
	all[8].Applicant = duediligence.Party{Kind: duediligence.Organization, Name: "Zhang San Trading Co.", CreditCode: "91350100M000100Y43"}
	all[9].Applicant.Name = "100%_Pure 公司"
	for _, c := range all {
		require.NoError(t, st.createCase(ctx, c, testEvent(c.ID, "case.created")))
	}
	newestFirst := slices.Clone(all)
	slices.Reverse(newestFirst)
	ids := func(cases []*duediligence.Case, keep func(*duediligence.Case) bool) []string {
		var out []string
		for _, c := range cases {
			if keep(c) {
				out = append(out, c.ID)
			}
		}
		return out
	}
	everyCase := func(*duediligence.Case) bool { return true }

	t.Run("Pages", func(t *testing.T) {
		var got []string
		f := duediligence.CaseFilter{Limit: 10}
		var sizes []int
		for range 5 { // bounded: 3 pages expected
			page, err := st.Cases().FindCases(ctx, f)
			require.NoError(t, err)
			sizes = append(sizes, len(page.Cases))
			for _, s := range page.Cases {
				got = append(got, s.ID)
			}
			if page.Next == "" {
				break
			}
			assert.Equal(t, page.Cases[len(page.Cases)-1].ID, page.Next)
			f.After = page.Next
		}
		assert.Equal(t, []int{10, 10, 5}, sizes)
		assert.Equal(t, ids(newestFirst, everyCase), got, "newest first, no duplicates, no gaps")
	})
	t.Run("ExactPage", func(t *testing.T) {
		page, err := st.Cases().FindCases(ctx, duediligence.CaseFilter{Limit: 25})
		require.NoError(t, err)
		assert.Len(t, page.Cases, 25)
		assert.Empty(t, page.Next, "no next page when the last one is exactly full")
	})
	t.Run("DefaultLimit", func(t *testing.T) {
		page, err := st.Cases().FindCases(ctx, duediligence.CaseFilter{})
		require.NoError(t, err)
		assert.Len(t, page.Cases, 25)
		assert.Empty(t, page.Next)
	})
	t.Run("Summary", func(t *testing.T) {
		page, err := st.Cases().FindCases(ctx, duediligence.CaseFilter{Limit: 1})
		require.NoError(t, err)
		require.Len(t, page.Cases, 1)
		want := newestFirst[0].Summary()
		assert.Equal(t, want, page.Cases[0])
		assert.Equal(t, "110105********002X", page.Cases[0].ApplicantID, "resident IDs masked in lists")
	})

	filters := []struct {
		name string
		f    duediligence.CaseFilter
		keep func(*duediligence.Case) bool
	}{
		{"Stage", duediligence.CaseFilter{Stage: duediligence.StageSubmitted},
			func(c *duediligence.Case) bool { return c.Stage == duediligence.StageSubmitted }},
		{"Owner", duediligence.CaseFilter{Owner: "owner-1"},
			func(c *duediligence.Case) bool { return c.Owner == "owner-1" }},
		{"OwnerStage", duediligence.CaseFilter{Owner: "owner-0", Stage: duediligence.StageInvestigation},
			func(c *duediligence.Case) bool {
				return c.Owner == "owner-0" && c.Stage == duediligence.StageInvestigation
			}},
		{"NameSubstring", duediligence.CaseFilter{Query: "plicant 1"},
			func(c *duediligence.Case) bool {
				return c.Applicant.Name >= "Applicant 10" && c.Applicant.Name <= "Applicant 19"
			}},
		{"NameCaseInsensitive", duediligence.CaseFilter{Query: "  zhang SAN "},
			func(c *duediligence.Case) bool { return c == all[8] }},
		{"NameChinese", duediligence.CaseFilter{Query: "三丰"},
			func(c *duediligence.Case) bool { return c == all[7] }},
		{"ResidentID", duediligence.CaseFilter{Query: "44030419900101001x"},
			func(c *duediligence.Case) bool { return c == all[7] }},
		{"ResidentIDNotSubstring", duediligence.CaseFilter{Query: "440304"},
			func(*duediligence.Case) bool { return false }},
		{"CreditCode", duediligence.CaseFilter{Query: "91350100m000100y43"},
			func(c *duediligence.Case) bool { return c == all[8] }},
		{"LedgerNumber", duediligence.CaseFilter{Query: "2026-000012"},
			func(c *duediligence.Case) bool { return c == all[12] }},
		{"WildcardsLiteral", duediligence.CaseFilter{Query: "%_p"},
			func(c *duediligence.Case) bool { return c == all[9] }},
		{"Percent", duediligence.CaseFilter{Query: "%"},
			func(c *duediligence.Case) bool { return c == all[9] }},
		{"Underscore", duediligence.CaseFilter{Query: "t_0"}, // as a wildcard, "Applicant 00"…
			func(*duediligence.Case) bool { return false }},
		{"QueryAndOwner", duediligence.CaseFilter{Query: "2026-000012", Owner: "owner-1"},
			func(*duediligence.Case) bool { return false }}, // all[12] is owner-0's
		{"After", duediligence.CaseFilter{Owner: "owner-1", After: all[10].ID},
			func(c *duediligence.Case) bool { return c.Owner == "owner-1" && c.ID < all[10].ID }},
	}
	for _, tt := range filters {
		t.Run(tt.name, func(t *testing.T) {
			page, err := st.Cases().FindCases(ctx, tt.f)
			require.NoError(t, err)
			var got []string
			for _, s := range page.Cases {
				got = append(got, s.ID)
			}
			want := ids(newestFirst, tt.keep)
			assert.Equal(t, want, got)
			assert.Empty(t, page.Next)
		})
	}
}
