package store

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/uptrace/bun"
)

// groupCommit runs the units of work of a SQLite database's one writer
// connection in shared transactions: the units that queued while a
// transaction was being written go together in the next, each in a
// savepoint of its own, and one commit — one sync of the WAL, which is
// most of a small write's time with synchronous=FULL — makes them all
// durable. A unit that fails is rolled back to its savepoint and told its
// error; the others commit. No unit is answered before the commit that
// holds it has returned. This keeps writers' latency tails short: with 8
// writers at once, the eighth waits for one or two commits, not seven.
type groupCommit struct {
	db *DB // its Write handle, read at each transaction

	mu      sync.Mutex
	queue   []*groupUnit
	running bool
}

type groupUnit struct {
	ctx  context.Context
	fn   func(ctx context.Context, tx bun.Tx) error
	done chan error
}

// maxGroup bounds the units of one transaction.
const maxGroup = 64

// run queues fn and waits until the transaction holding it has committed
// (or fn failed). A unit whose ctx ends before its turn is not run.
func (g *groupCommit) run(ctx context.Context, fn func(ctx context.Context, tx bun.Tx) error) error {
	u := &groupUnit{ctx: ctx, fn: fn, done: make(chan error, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, u)
	if !g.running {
		g.running = true
		go g.loop()
	}
	g.mu.Unlock()
	err := <-u.done
	if p, ok := err.(unitPanic); ok {
		panic(p.value) // in the caller's goroutine, as if fn had run there
	}
	return err
}

// unitPanic carries a unit's panic back to its caller's goroutine.
type unitPanic struct{ value any }

func (p unitPanic) Error() string { return fmt.Sprintf("panic in a unit of work: %v", p.value) }

// call runs u's fn, turning a panic into a unitPanic.
func (u *groupUnit) call(tx bun.Tx) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = unitPanic{v}
		}
	}()
	return u.fn(context.WithoutCancel(u.ctx), tx)
}

// pending is how many units wait for a transaction (for tests).
func (g *groupCommit) pending() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.queue)
}

func (g *groupCommit) loop() {
	for {
		g.mu.Lock()
		if len(g.queue) == 0 {
			g.running = false
			g.mu.Unlock()
			return
		}
		n := min(len(g.queue), maxGroup)
		batch := g.queue[:n:n]
		g.queue = g.queue[n:]
		if len(g.queue) == 0 {
			g.queue = nil
		}
		g.mu.Unlock()
		g.commit(batch)
	}
}

// commit runs a batch in one transaction and answers each unit.
func (g *groupCommit) commit(batch []*groupUnit) {
	errs := make([]error, len(batch))
	fail := func(err error) {
		for i, u := range batch {
			if errs[i] == nil {
				errs[i] = err
			}
			u.done <- errs[i]
		}
	}
	var live []int
	for i, u := range batch {
		if err := u.ctx.Err(); err != nil {
			errs[i] = err
		} else {
			live = append(live, i)
		}
	}
	if len(live) == 0 {
		fail(nil)
		return
	}
	// The units' statements run without their contexts' cancellation: an
	// interrupted statement would roll back the whole shared transaction.
	ctx := context.WithoutCancel(batch[live[0]].ctx)
	g.db.prepareWriter(ctx)
	if len(live) > 1 && g.together(ctx, batch, live) {
		fail(nil)
		return
	}
	tx, err := g.db.Write.BeginTx(ctx, nil)
	if err != nil {
		fail(err)
		return
	}
	for _, i := range live {
		u := batch[i]
		if len(live) == 1 {
			errs[i] = u.call(tx)
			break
		}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT unit"); err != nil {
			_ = tx.Rollback()
			fail(err)
			return
		}
		errs[i] = u.call(tx)
		if errs[i] != nil {
			if _, err := tx.ExecContext(ctx, "ROLLBACK TO unit"); err != nil {
				_ = tx.Rollback()
				fail(errors.Join(errors.New("rolling back a failed unit of a shared transaction"), err))
				return
			}
		}
		if _, err := tx.ExecContext(ctx, "RELEASE unit"); err != nil {
			_ = tx.Rollback()
			fail(err)
			return
		}
	}
	if len(live) == 1 && errs[live[0]] != nil {
		_ = tx.Rollback()
		fail(nil)
		return
	}
	if err := tx.Commit(); err != nil {
		fail(err)
		return
	}
	fail(nil)
}

// together runs the live units of batch in one transaction without
// savepoints and commits it, reporting whether every unit succeeded and
// the commit with them. A savepoint makes SQLite copy each page a unit
// changes into a sub-journal before changing it, so that the unit alone
// can be rolled back — work that is wasted unless a unit fails, which is
// rare. When one does (or the commit fails), the transaction is rolled
// back and commit runs the batch again, a savepoint per unit: units are
// safe to repeat (inTx), and each gets the answer of that second run.
func (g *groupCommit) together(ctx context.Context, batch []*groupUnit, live []int) bool {
	tx, err := g.db.Write.BeginTx(ctx, nil)
	if err != nil {
		return false
	}
	for _, i := range live {
		if err := batch[i].call(tx); err != nil {
			_ = tx.Rollback()
			return false
		}
	}
	return tx.Commit() == nil
}
