package duediligence

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// readAudit writes the audit events of reads (case.viewed) behind the
// reads, in batches: a read answers without waiting for the single writer
// (SQLite's, or the case's audit stream on PostgreSQL), and the events of
// many reads go in one transaction. Nothing is dropped: a queue that is
// full, or a service that is closed, makes the read append its event
// itself, and Close waits until every queued event is stored. What a crash
// (not a shutdown) can lose is the batch being written at that moment, a
// few milliseconds of reads.
type readAudit struct {
	store Store

	mu      sync.Mutex
	pending []*Event
	running bool // a writer goroutine is at work
	closed  bool
	// queued counts the events ever queued, stored those written;
	// progress is closed (and replaced) whenever stored grows.
	queued, stored uint64
	progress       chan struct{}
	lastErr        error
}

// Bounds of the queue and of a batch. A batch is small so that a command
// waiting for the writer waits behind a few appends at most, not hundreds.
const (
	readAuditQueue = 4096
	readAuditBatch = 32
)

func newReadAudit(st Store) *readAudit {
	return &readAudit{store: st, progress: make(chan struct{})}
}

// add queues ev, or returns false when the caller must append it itself.
func (q *readAudit) add(ev *Event) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed || len(q.pending) >= readAuditQueue {
		return false
	}
	q.pending = append(q.pending, ev)
	q.queued++
	if !q.running {
		q.running = true
		go q.run()
	}
	return true
}

// run writes the queue in batches until it is empty, retrying a batch that
// fails (the database gone for a moment) with a growing pause.
func (q *readAudit) run() {
	pause := 10 * time.Millisecond
	for {
		q.mu.Lock()
		if len(q.pending) == 0 {
			q.running = false
			q.mu.Unlock()
			return
		}
		batch := q.pending[:min(len(q.pending), readAuditBatch)]
		q.mu.Unlock()

		// By stream, so that two replicas' batches take the streams' locks
		// in the same order; a stream's events keep theirs.
		ordered := slices.Clone(batch)
		slices.SortStableFunc(ordered, func(a, b *Event) int { return strings.Compare(a.Stream, b.Stream) })
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := q.store.WithTx(ctx, func(tx Tx) error {
			for _, ev := range ordered {
				if err := tx.Events().AppendEvent(ctx, ev); err != nil {
					return err
				}
			}
			return nil
		})
		cancel()

		q.mu.Lock()
		if err != nil {
			q.lastErr = err
			q.mu.Unlock()
			time.Sleep(pause)
			pause = min(2*pause, time.Second)
			continue
		}
		pause = 10 * time.Millisecond
		q.pending = q.pending[len(batch):]
		if len(q.pending) == 0 {
			q.pending = nil // let the backing array go
		}
		q.stored += uint64(len(batch))
		q.lastErr = nil
		close(q.progress)
		q.progress = make(chan struct{})
		q.mu.Unlock()
	}
}

// sync waits until every event queued before it was called is stored.
func (q *readAudit) sync(ctx context.Context) error {
	q.mu.Lock()
	target := q.queued
	for q.stored < target {
		wait := q.progress
		q.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			q.mu.Lock()
			n, last := target-q.stored, q.lastErr
			q.mu.Unlock()
			if last != nil {
				return fmt.Errorf("%d audit events of reads not stored yet: %w (last failure: %v)", n, ctx.Err(), last)
			}
			return fmt.Errorf("%d audit events of reads not stored yet: %w", n, ctx.Err())
		}
		q.mu.Lock()
	}
	q.mu.Unlock()
	return nil
}

// close makes later reads append their events themselves, then waits for
// the queue.
func (q *readAudit) close(ctx context.Context) error {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	return q.sync(ctx)
}
