package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// readmeToday is the date the README's walk assumes ("The walk assumes
// today is 1 December 2026"): its appraisal date is recent on that day. The
// walk test runs the server on this clock, so the README's dates stay valid.
var readmeToday = time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)

// walkSections are the README's sections whose sh blocks make one walk, in
// order: the variables one section sets (CASE, ITEM, …) are there for the
// next. A later section (contracts, disbursement, repayment) is one more
// entry here; done checks what the section must have reached.
var walkSections = []struct {
	heading string
	// server, when set, starts the section on a server of its own (the
	// README says what it holds); at, when set, moves the section's
	// server's clock to that day.
	server func(t *testing.T, backend func(*envConfig)) (*env, func(time.Time))
	at     time.Time
	done   func(t *testing.T, e *env, sh *shell)
}{
	{"A case through the API", nil, time.Time{}, func(t *testing.T, e *env, sh *shell) {
		c, err := e.hooks.Store.Cases().FindCaseByID(context.Background(), sh.vars["CASE"])
		require.NoError(t, err)
		require.Equal(t, duediligence.StageApproved, c.Stage, "the README's walk must end approved")
		require.Equal(t, "2026-000001", c.LedgerNumber)
		report, err := os.ReadFile(filepath.Join(sh.dir, "report.html"))
		require.NoError(t, err)
		for _, s := range []string{"家庭主要成员", "张小明", "1,200,000.00", "1.67%", "女、76 岁", "89.50", "京(2020)朝阳区不动产权第0012345号"} {
			require.Contains(t, string(report), s, "the report shows the case's facts")
		}
		form, err := os.ReadFile(filepath.Join(sh.dir, "approval-form.html"))
		require.NoError(t, err)
		require.Contains(t, string(form), "放款前办妥抵押登记")
		// The ledger shows the collateral's eligible value (regression: it
		// showed 可贷价值 0.00 for ¥1,000,000 at the residential rate of 70%).
		f, err := excelize.OpenFile(filepath.Join(sh.dir, "ledger-2026.xlsx"))
		require.NoError(t, err)
		defer f.Close()
		rows, err := f.GetRows(f.GetSheetList()[0])
		require.NoError(t, err)
		require.Len(t, rows, 2)
		require.Contains(t, rows[1], "住宅×1；可贷价值 700,000.00")
	}},
	{"From approval to disbursement", nil, time.Time{}, func(t *testing.T, e *env, sh *shell) {
		c, err := e.hooks.Store.Cases().FindCaseByID(context.Background(), sh.vars["CASE"])
		require.NoError(t, err)
		require.Equal(t, duediligence.StageDisbursed, c.Stage, "the README's walk must end disbursed")
	}},
	{"Follow-up after disbursement", nil, time.Time{}, func(t *testing.T, e *env, sh *shell) {
		visits, err := e.hooks.Store.FollowUps().FindVisits(context.Background(), sh.vars["CASE"])
		require.NoError(t, err)
		require.Len(t, visits, 1)
		demands, err := e.hooks.Store.FollowUps().FindDemands(context.Background(), sh.vars["CASE"])
		require.NoError(t, err)
		require.Len(t, demands, 1)
		c, err := e.hooks.Store.Cases().FindCaseByID(context.Background(), sh.vars["CASE"])
		require.NoError(t, err)
		requirePostLoanDocument(t, c, demands[0].Proof, "collection_delivery_proof", "receipt.jpg")
		weekly, err := os.ReadFile(filepath.Join(sh.dir, "weekly.html"))
		require.NoError(t, err)
		for _, s := range []string{"部门工作周报汇总", "2026-W49", "合计"} {
			require.Contains(t, string(weekly), s)
		}
	}},
	{"Repayments, to a closed loan", nil, time.Time{}, func(t *testing.T, e *env, sh *shell) {
		c, err := e.hooks.Store.Cases().FindCaseByID(context.Background(), sh.vars["CASE"])
		require.NoError(t, err)
		require.Equal(t, duediligence.StageClosed, c.Stage, "the README's walk must end with a closed loan")
		notice, err := os.ReadFile(filepath.Join(sh.dir, "notice.html"))
		require.NoError(t, err)
		require.Contains(t, string(notice), "催收通知书")
	}},
	{"Investors and funders", nil, time.Time{}, func(t *testing.T, e *env, sh *shell) {
		inv, err := e.hooks.Store.Funding().FindInvestorByID(context.Background(), sh.vars["INV"])
		require.NoError(t, err)
		require.Equal(t, 3, inv.Suitability.Level, "the README's investor is registered")
	}},
	{"An extension, walked", thirdPartyLoan, time.Date(2026, 3, 20, 2, 0, 0, 0, time.UTC), func(t *testing.T, e *env, sh *shell) {
		l, err := e.hooks.Store.Loans().FindLoanByCase(context.Background(), sh.vars["LOAN"])
		require.NoError(t, err)
		require.Len(t, l.Extensions, 1, "the README's walk extends the loan")
		require.Equal(t, "2030-03-02", l.Maturity.String())
		require.Len(t, l.Tranches[0].Installments, 48)
		c, err := e.hooks.Store.Cases().FindCaseByID(context.Background(), sh.vars["LOAN"])
		require.NoError(t, err)
		x := c.Approvals[len(c.Approvals)-1].Extension
		require.Len(t, x.Consents, 1)
		require.Equal(t, sh.vars["MACHINE"], x.Consents[0].CollateralID, "赵六 consented for the machine")
		requirePostLoanDocument(t, c, x.Consents[0].DocumentID, "extension_consent", "consent.pdf")
	}},
	{"A write-off, walked", nil, time.Date(2027, 6, 1, 2, 0, 0, 0, time.UTC), func(t *testing.T, e *env, sh *shell) {
		c, err := e.hooks.Store.Cases().FindCaseByID(context.Background(), sh.vars["LOAN"])
		require.NoError(t, err)
		require.Equal(t, duediligence.StageWrittenOff, c.Stage, "the README's walk writes the loan off")
		wo := c.Approvals[len(c.Approvals)-1].WriteOff
		require.NotNil(t, wo)
		require.Equal(t, "2027-06-01", wo.EffectiveOn.String())
		require.Equal(t, []string{sh.vars["PROOF"]}, wo.Evidence)
		i := slices.IndexFunc(c.Documents, func(d duediligence.Document) bool { return d.ID == sh.vars["PROOF"] })
		require.GreaterOrEqual(t, i, 0)
		require.Equal(t, "write_off_evidence", c.Documents[i].Type, "the evidence was added at the write-off")
		require.Len(t, c.Documents[i].Files, 1)
		st := decode[duediligence.LoanStatus](t, e.do(t, am, "GET", "/v1/cases/"+sh.vars["LOAN"]+"/loan", nil).must(t, http.StatusOK))
		require.Equal(t, 425, st.DaysPastDue, "the README says the loan is 425 days past due")
		require.Equal(t, duediligence.ClassLoss, st.Classification)
		require.NotNil(t, st.WrittenOff)
		require.Equal(t, "20000.00", st.WrittenOff.Recovered.String(), "the README's recovery")
	}},
}

// requirePostLoanDocument checks that the document id of c, named as a
// proof or a consent, is a post-loan paper of type typ added during the
// walk, with the scan name uploaded.
func requirePostLoanDocument(t *testing.T, c *duediligence.Case, id, typ, name string) {
	t.Helper()
	i := slices.IndexFunc(c.Documents, func(d duediligence.Document) bool { return d.ID == id })
	require.GreaterOrEqual(t, i, 0, "the document %s is the case's", id)
	d := c.Documents[i]
	require.Equal(t, typ, d.Type, "the paper was added after disbursement")
	require.Len(t, d.Files, 1)
	require.Equal(t, name, d.Files[0].Name)
	require.Equal(t, duediligence.DocumentReceived, d.Status)
}

// thirdPartyLoan is the server of the README's extension and write-off:
// a loan disbursed on 2 March 2026, secured by the borrower's flat and a
// machine a third party (赵六) pledged. Its tokens last the walk's year.
func thirdPartyLoan(t *testing.T, backend func(*envConfig)) (*env, func(time.Time)) {
	var cfg *envConfig
	e := newEnv(t, backend, func(c *envConfig) {
		cfg = c
		c.policy = func(p *duediligence.Policy) { p.LenderName, p.TokenLifetimeDays = lenderName, 3650 }
	})
	w := readyToDisburseWith(t, e, []string{thirdPartyMachine}, func(w *walk, ids []string) {
		doc := w.get(t, am).Documents[0].ID
		w.write(t, finance, "POST", "/perfections", map[string]any{"item_id": ids[0], "act": "delivery", "on": "2026-03-02", "document": doc}, http.StatusCreated)
	})
	disburse(t, e, w)
	return e, func(at time.Time) { cfg.now = at }
}

// TestREADMEWalk runs the README's walk as written: every curl of its sh
// blocks is sent to a real server with exactly the method, headers, body and
// URL the README gives, the variables it assigns (CASE=… # the answer's .id)
// taken from the answer before, and each answer checked against what the
// README says of it (2xx unless the comment above says "answers 409").
func TestREADMEWalk(t *testing.T) {
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			backend := func(*envConfig) {}
			if name == "postgres" {
				// A database of its own for each server.
				backend = func(c *envConfig) { c.databaseURL = postgresURL(t) }
			}
			walkREADME(t, backend)
		})
	}
}

func walkREADME(t *testing.T, backend func(*envConfig)) {
	raw, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	var cfg *envConfig
	e := newEnv(t, backend, func(c *envConfig) {
		cfg = c
		c.now = readmeToday
		// The policy.json the README's contracts section starts serve with.
		c.policy = func(p *duediligence.Policy) { p.LenderName = "某某小额贷款有限公司" }
	})
	at := func(d time.Time) { cfg.now = d }
	sh := &shell{t: t, e: e, dir: t.TempDir(), vars: map[string]string{
		"AM": e.tokens[am], "DM": e.tokens[dm], "FIN": e.tokens[finance],
	}, funcs: map[string][]word{}}
	// The files the walk uploads: the applicant's ID card scan,
	require.NoError(t, os.WriteFile(filepath.Join(sh.dir, "id-card.jpg"), []byte("\xff\xd8\xff\xe0 scan of an ID card"), 0o600))
	// and the papers added after disbursement: a demand's signed receipt,
	// a third party's consent to the extension, the write-off's evidence.
	require.NoError(t, os.WriteFile(filepath.Join(sh.dir, "receipt.jpg"), []byte("\xff\xd8\xff\xe0 scan of a signed receipt"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(sh.dir, "consent.pdf"), []byte("%PDF-1.7 scan of a consent to the extension"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(sh.dir, "ruling.pdf"), []byte("%PDF-1.7 scan of a ruling ending the enforcement"), 0o600))
	for _, sec := range walkSections {
		if sec.server != nil {
			// A server of its own: the shell's variables and functions
			// stay, the tokens are its users'.
			sh.e, at = sec.server(t, backend)
			for k, who := range map[string]string{"AM": am, "DM": dm, "FIN": finance} {
				sh.vars[k] = sh.e.tokens[who]
			}
		}
		if !sec.at.IsZero() {
			at(sec.at)
		}
		blocks := shBlocks(t, string(raw), sec.heading)
		require.NotEmpty(t, blocks, "README section %q has no sh block", sec.heading)
		for _, b := range blocks {
			sh.runAll(parseShell(t, b.text, b.line))
		}
		sec.done(t, sh.e, sh)
	}
}

// block is a fenced sh block and the README line its first line is on.
type block struct {
	text string
	line int
}

// shBlocks returns the sh blocks of the README section with heading (any
// level), up to the next heading of the same or a higher level.
func shBlocks(t *testing.T, readme, heading string) []block {
	t.Helper()
	lines := strings.Split(readme, "\n")
	var out []block
	level, in, fence := 0, false, -1
	var cur []string
	for i, l := range lines {
		if fence >= 0 {
			if strings.HasPrefix(l, "```") {
				out = append(out, block{text: strings.Join(cur, "\n"), line: fence + 2})
				fence, cur = -1, nil
			} else {
				cur = append(cur, l)
			}
			continue
		}
		if strings.HasPrefix(l, "```") {
			if in && strings.TrimSpace(strings.TrimPrefix(l, "```")) == "sh" {
				fence = i
			} else {
				// Skip another language's block whole.
				for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
				}
			}
			continue
		}
		if h := strings.TrimLeft(l, "#"); h != l && strings.HasPrefix(h, " ") {
			n := len(l) - len(h)
			switch {
			case strings.TrimSpace(h) == heading:
				in, level = true, n
			case in && n <= level:
				in = false
			}
		}
	}
	require.Equal(t, -1, fence, "README: unterminated code block")
	return out
}

// A word of a shell command is a sequence of parts, expanded when the
// command runs: literal text, a variable ($CASE) or a command substitution
// of a function ($(v)).
type part struct {
	lit, variable, subst string
	isVar, isSubst       bool
}

type word []part

// command is one simple command of the walk with the comment lines just
// above it and the README line it starts on.
type command struct {
	words   []word
	comment string // a comment on the command's own line
	above   string // the comment lines before it, joined
	line    int
}

// parseShell splits a block into commands: the small part of sh the README
// uses — single and double quotes, $VAR, ${VAR}, $(func), backslash line
// continuation, comments, ; and |, > redirection.
func parseShell(t *testing.T, src string, firstLine int) []command {
	t.Helper()
	var (
		out    []command
		cur    command
		w      word
		inWord bool
		above  []string
		line   = firstLine
		lit    strings.Builder
		rs     = []rune(src)
	)
	flushLit := func() {
		if lit.Len() > 0 {
			w = append(w, part{lit: lit.String()})
			lit.Reset()
		}
	}
	endWord := func() {
		flushLit()
		if inWord {
			cur.words = append(cur.words, w)
		}
		w, inWord = nil, false
	}
	endCommand := func() {
		endWord()
		if len(cur.words) > 0 {
			cur.above = strings.Join(above, " ")
			out = append(out, cur)
			above = nil
		}
		cur = command{line: line}
	}
	cur.line = line
	// dollar reads an expansion after a $ at rs[i] and returns the index of
	// its last rune.
	dollar := func(i int) int {
		flushLit()
		inWord = true
		switch {
		case i+1 < len(rs) && rs[i+1] == '(':
			j := i + 2
			for j < len(rs) && rs[j] != ')' {
				j++
			}
			require.Less(t, j, len(rs), "README line %d: unterminated $(", line)
			w = append(w, part{subst: strings.TrimSpace(string(rs[i+2 : j])), isSubst: true})
			return j
		case i+1 < len(rs) && rs[i+1] == '{':
			j := i + 2
			for j < len(rs) && rs[j] != '}' {
				j++
			}
			w = append(w, part{variable: string(rs[i+2 : j]), isVar: true})
			return j
		default:
			j := i + 1
			for j < len(rs) && (rs[j] == '_' || rs[j] >= 'A' && rs[j] <= 'Z' || rs[j] >= 'a' && rs[j] <= 'z' || rs[j] >= '0' && rs[j] <= '9') {
				j++
			}
			if j == i+1 {
				lit.WriteRune('$')
				return i
			}
			w = append(w, part{variable: string(rs[i+1 : j]), isVar: true})
			return j - 1
		}
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\\' && i+1 < len(rs) && rs[i+1] == '\n':
			i++
			line++
		case r == '\n':
			endCommand()
			line++
			cur.line = line
		case r == ';':
			endCommand()
		case r == ' ' || r == '\t':
			endWord()
		case r == '#' && !inWord:
			j := i
			for j < len(rs) && rs[j] != '\n' {
				j++
			}
			text := strings.TrimSpace(string(rs[i+1 : j]))
			if len(cur.words) == 0 {
				above = append(above, text)
			} else {
				cur.comment = text
			}
			i = j - 1
		case r == '|' || r == '>':
			endWord()
			cur.words = append(cur.words, word{{lit: string(r)}})
		case r == '\'':
			inWord = true
			j := i + 1
			for j < len(rs) && rs[j] != '\'' {
				if rs[j] == '\n' {
					line++
				}
				j++
			}
			require.Less(t, j, len(rs), "README line %d: unterminated '", line)
			lit.WriteString(string(rs[i+1 : j]))
			i = j
		case r == '"':
			inWord = true
			j := i + 1
			for ; j < len(rs) && rs[j] != '"'; j++ {
				switch {
				case rs[j] == '\\' && j+1 < len(rs) && strings.ContainsRune("\"\\$`", rs[j+1]):
					j++
					lit.WriteRune(rs[j])
				case rs[j] == '$':
					j = dollar(j)
				default:
					if rs[j] == '\n' {
						line++
					}
					lit.WriteRune(rs[j])
				}
			}
			require.Less(t, j, len(rs), "README line %d: unterminated \"", line)
			i = j
		case r == '$':
			i = dollar(i)
		default:
			inWord = true
			lit.WriteRune(r)
		}
	}
	endCommand()
	return out
}

// shell runs the walk's commands against the env's server.
type shell struct {
	t     *testing.T
	e     *env
	dir   string            // the working directory of files named by the walk
	vars  map[string]string // AM, DM, H, CASE, …
	funcs map[string][]word
	// answer is the output of the last command, what "the answer" means.
	answer []byte
}

var (
	assignment = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=(.*)$`)
	fromAnswer = regexp.MustCompile(`the answer.s (\.[A-Za-z0-9_.\[\]=-]*[A-Za-z0-9_\]])`)
	answers    = regexp.MustCompile(`answers (\d{3})`)
)

// expand expands a word with the shell's variables and functions.
func (sh *shell) expand(c command, w word) string {
	var b strings.Builder
	for _, p := range w {
		switch {
		case p.isVar:
			v, ok := sh.vars[p.variable]
			require.True(sh.t, ok, "README line %d: $%s is used before it is set", c.line, p.variable)
			b.WriteString(v)
		case p.isSubst:
			b.WriteString(sh.call(c, p.subst))
		default:
			b.WriteString(p.lit)
		}
	}
	return b.String()
}

// call runs the function name: the curl of its body, whose pipeline reads
// the answer's ETag header.
func (sh *shell) call(c command, name string) string {
	t := sh.t
	body, ok := sh.funcs[name]
	require.True(t, ok, "README line %d: $(%s) of a function the README does not define", c.line, name)
	args := make([]string, 0, len(body)-1)
	for _, w := range body[2:] {
		args = append(args, sh.expand(c, w))
	}
	r := sh.curl(c, args)
	tag := r.header.Get("ETag")
	require.NotEmpty(t, tag, "README line %d: $(%s) found no ETag", c.line, name)
	return tag
}

// runAll runs commands in order; for NAME in WORDS; do …; done runs its
// body once for each word.
func (sh *shell) runAll(cmds []command) {
	t := sh.t
	for i := 0; i < len(cmds); i++ {
		c := cmds[i]
		if sh.expandedRaw(c.words[0]) != "for" {
			sh.run(c)
			continue
		}
		require.GreaterOrEqual(t, len(c.words), 3, "README line %d: for NAME in WORDS", c.line)
		require.Equal(t, "in", sh.expandedRaw(c.words[2]), "README line %d", c.line)
		name := sh.literal(c, c.words[1])
		j := i + 1
		require.True(t, j < len(cmds) && sh.expandedRaw(cmds[j].words[0]) == "do", "README line %d: for without do", c.line)
		var body []command
		for j++; j < len(cmds) && sh.expandedRaw(cmds[j].words[0]) != "done"; j++ {
			body = append(body, cmds[j])
		}
		require.Less(t, j, len(cmds), "README line %d: for without done", c.line)
		if len(body) > 0 && body[0].above == "" {
			body[0].above = c.above
		}
		for _, w := range c.words[3:] {
			sh.vars[name] = sh.expand(c, w)
			sh.runAll(body)
		}
		i = j
	}
}

// run runs one command.
func (sh *shell) run(c command) {
	t := sh.t
	t.Helper()
	first := sh.expandedRaw(c.words[0])
	switch {
	case strings.HasSuffix(first, "()"):
		// name() { curl … | tr … | sed …; }: keep the curl.
		name := strings.TrimSuffix(first, "()")
		var body []word
		for _, w := range c.words[1:] {
			if len(w) == 1 && w[0].lit == "|" {
				break
			}
			body = append(body, w)
		}
		require.Equal(t, "curl", sh.expandedRaw(body[1]), "README line %d: function %s must start with curl", c.line, name)
		joined := strings.Join(flatten(c.words), " ")
		require.Regexp(t, `(?i)\[Ee\]\[Tt\]\[Aa\]\[Gg\]|etag`, joined, "README line %d: %s must read the ETag", c.line, name)
		sh.funcs[name] = body
	case first == "}":
	case len(c.words) == 1 && assignment.MatchString(first):
		m := assignment.FindStringSubmatch(sh.expand(c, c.words[0]))
		if m[2] == "…" {
			p := fromAnswer.FindStringSubmatch(c.comment)
			require.NotNil(t, p, "README line %d: %s=… must say where it comes from (# the answer's .path)", c.line, m[1])
			m[2] = sh.pick(c, p[1])
		}
		sh.vars[m[1]] = m[2]
	case first == "curl":
		args := make([]string, 0, len(c.words)-1)
		for _, w := range c.words[1:] {
			args = append(args, sh.expand(c, w))
		}
		want := 0
		if m := answers.FindStringSubmatch(c.above); m != nil {
			want, _ = strconv.Atoi(m[1])
		}
		r := sh.curl(c, args)
		if want != 0 {
			require.Equal(t, want, r.status, "README line %d answered %d, the README says %d: %s", c.line, r.status, want, r.body)
		} else {
			require.True(t, r.status >= 200 && r.status < 300, "README line %d answered %d: %s", c.line, r.status, r.body)
		}
	case first == "go" && len(c.words) >= 4 && sh.literal(c, c.words[2]) == "./cmd/jinzhi":
		sh.jinzhi(c)
	default:
		t.Fatalf("README line %d: the walk test does not know the command %q", c.line, first)
	}
}

// literal is a word that must have no expansion.
func (sh *shell) literal(c command, w word) string {
	var b strings.Builder
	for _, p := range w {
		require.False(sh.t, p.isVar || p.isSubst, "README line %d: unexpected expansion", c.line)
		b.WriteString(p.lit)
	}
	return b.String()
}

// expandedRaw is a word's text without running anything (for the command name).
func (sh *shell) expandedRaw(w word) string {
	var b strings.Builder
	for _, p := range w {
		b.WriteString(p.lit)
	}
	return b.String()
}

func flatten(ws []word) []string {
	var out []string
	for _, w := range ws {
		for _, p := range w {
			out = append(out, p.lit)
		}
	}
	return out
}

// pick reads a path (.id, .documents[type=id_card].id, .collateral[0].id)
// from the last answer's JSON body.
func (sh *shell) pick(c command, path string) string {
	t := sh.t
	var v any
	require.NoError(t, json.Unmarshal(sh.answer, &v), "README line %d: the answer is not JSON: %s", c.line, sh.answer)
	for _, step := range strings.Split(strings.TrimPrefix(path, "."), ".") {
		name, sel, hasSel := strings.Cut(step, "[")
		if name != "" {
			obj, ok := v.(map[string]any)
			require.True(t, ok, "README line %d: %s: %q of a non-object", c.line, path, name)
			v, ok = obj[name]
			require.True(t, ok, "README line %d: %s: the answer has no %q", c.line, path, name)
		}
		if hasSel {
			sel = strings.TrimSuffix(sel, "]")
			list, ok := v.([]any)
			require.True(t, ok, "README line %d: %s: [%s] of a non-list", c.line, path, sel)
			if k, val, ok := strings.Cut(sel, "="); ok {
				v = nil
				for _, el := range list {
					if m, ok := el.(map[string]any); ok && fmt.Sprint(m[k]) == val {
						v = el
						break
					}
				}
				require.NotNil(t, v, "README line %d: %s: no element with %s", c.line, path, sel)
			} else {
				n, err := strconv.Atoi(sel)
				require.NoError(t, err)
				if n < 0 {
					n += len(list)
				}
				require.True(t, n >= 0 && n < len(list), "README line %d: %s: index out of range", c.line, path)
				v = list[n]
			}
		}
	}
	s, ok := v.(string)
	require.True(t, ok, "README line %d: %s is not a string: %v", c.line, path, v)
	return s
}

// curl sends the request of curl's arguments (-s -i -I -X -H -d
// --data-binary -o, > file) and keeps its output as the answer.
func (sh *shell) curl(c command, args []string) response {
	t := sh.t
	method, target, out := "", "", ""
	var hdr [][2]string
	var body []byte
	hasBody, include, head := false, false, false
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() string {
			i++
			require.Less(t, i, len(args), "README line %d: %s needs a value", c.line, a)
			return args[i]
		}
		switch {
		case a == ">":
			out = next()
		case a == "-X" || a == "--request":
			method = next()
		case a == "-H" || a == "--header":
			k, v, ok := strings.Cut(next(), ":")
			require.True(t, ok, "README line %d: header without a colon", c.line)
			hdr = append(hdr, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
		case a == "-d" || a == "--data" || a == "--data-binary":
			d := next()
			if strings.HasPrefix(d, "@") {
				b, err := os.ReadFile(filepath.Join(sh.dir, d[1:]))
				require.NoError(t, err, "README line %d", c.line)
				if a != "--data-binary" {
					b = bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r"), nil), []byte("\n"), nil)
				}
				d = string(b)
			}
			body, hasBody = append(body, d...), true
		case a == "-o" || a == "--output":
			out = next()
		case strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--"):
			for _, f := range a[1:] {
				switch f {
				case 's':
				case 'i':
					include = true
				case 'I':
					head = true
				default:
					t.Fatalf("README line %d: the walk test does not know curl's -%c", c.line, f)
				}
			}
		case strings.HasPrefix(a, "-"):
			t.Fatalf("README line %d: the walk test does not know curl's %s", c.line, a)
		default:
			require.Empty(t, target, "README line %d: two URLs", c.line)
			target = a
		}
	}
	require.NotEmpty(t, target, "README line %d: curl without a URL", c.line)
	u, err := url.Parse("http://" + target)
	require.NoError(t, err, "README line %d", c.line)
	require.Equal(t, "localhost:8080", u.Host, "README line %d: the walk talks to localhost:8080", c.line)
	switch {
	case method != "":
	case head:
		method = "HEAD"
	case hasBody:
		method = "POST"
	default:
		method = "GET"
	}
	var rd io.Reader
	if hasBody {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, sh.e.srv.URL+u.RequestURI(), rd)
	require.NoError(t, err)
	if hasBody {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded") // curl's -d default
	}
	for _, h := range hdr {
		req.Header.Set(h[0], h[1])
	}
	resp, err := sh.e.client.Do(req)
	require.NoError(t, err, "README line %d", c.line)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	r := response{status: resp.StatusCode, header: resp.Header, body: raw}
	sh.answer = raw
	if out != "" {
		require.NoError(t, os.WriteFile(filepath.Join(sh.dir, out), raw, 0o600))
		sh.answer = nil
	}
	_ = include // -i and -I put the headers before the body; "the answer" is the body.
	return r
}

// jinzhi runs the one CLI command the walk uses: users add NAME --role R
// --json, which prints {"id","name","role","token"} (cmd/jinzhi tests the
// printing; here the service makes the user in the server's database).
func (sh *shell) jinzhi(c command) {
	t := sh.t
	var args []string
	for _, w := range c.words[3:] {
		args = append(args, sh.expand(c, w))
	}
	require.GreaterOrEqual(t, len(args), 5, "README line %d", c.line)
	require.Equal(t, []string{"users", "add"}, args[:2], "README line %d: the walk test runs only users add", c.line)
	require.Equal(t, "--role", args[3], "README line %d", c.line)
	require.Equal(t, "--json", args[5], "README line %d: the walk needs the ID, so --json", c.line)
	u, token, err := sh.e.svc.CreateUser(context.Background(), duediligence.SystemActor, args[2], duediligence.Role(args[4]))
	require.NoError(t, err)
	sh.answer, err = json.Marshal(map[string]string{"id": u.ID, "name": u.Name, "role": string(u.Role), "token": token})
	require.NoError(t, err)
}
