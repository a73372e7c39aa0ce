package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

func auditVerifyCommand() *command {
	return &command{name: "verify", synopsis: "[--since HEAD]", summary: "check the audit trail: chains, signed checkpoints, cases, frozen reports",
		about: `Check the audit trail with the audit key: every stream's hash chain, its
signed checkpoint (an event rewritten with the later hashes recomputed,
events deleted from the end, a stream deleted with or without its
checkpoint), every case against its stream (its stored version and content
are what its last change recorded) and every frozen report against its hash.
With --since HEAD (what jinzhi audit head printed earlier, kept outside the
database), also that nothing was rolled back since: a database restored
from an older copy carries older checkpoints that are validly signed.
Exit 0 with the counts when the trail is intact, or 1 naming the first thing
wrong.`,
		setup: func(fs *flag.FlagSet, env *environ) func(context.Context, []string) error {
			cfg := readConfig(env.getenv)
			databaseFlag(fs, &cfg)
			since := fs.String("since", "", "a `head` printed by jinzhi audit head: prove that the trail has not gone back since")
			return func(ctx context.Context, args []string) error {
				if err := noArgs("audit verify", args); err != nil {
					return err
				}
				var head *duediligence.AuditHead
				if *since != "" {
					h, err := duediligence.ParseAuditHead(*since)
					if err != nil {
						return usagef("audit verify", "--since: %v", err)
					}
					head = &h
				}
				a, err := openStore(ctx, cfg.withDefaults())
				if err != nil {
					return err
				}
				defer a.Close()
				sum, err := duediligence.VerifyAudit(ctx, a.store, a.store.AuditKey(), head)
				if err != nil {
					return err
				}
				fmt.Fprintf(env.stdout, "audit trail intact: %d events verified in %d streams, %d cases match their streams", sum.Events, sum.Streams, sum.Cases)
				if sum.Unsealed > 0 {
					fmt.Fprintf(env.stdout, " (%d by version only: last changed before content hashes)", sum.Unsealed)
				}
				if head != nil {
					fmt.Fprintf(env.stdout, "; nothing rolled back since the head of %d events", head.Events)
				}
				fmt.Fprintln(env.stdout)
				return nil
			}
		}}
}

func auditHeadCommand() *command {
	return &command{name: "head", summary: "print a signed digest of every stream's checkpoint, to keep elsewhere",
		about: `Check every stream's signed checkpoint and print a signed digest of them
all (one line, jzh1.STREAMS.EVENTS.DIGEST.MAC). Keep it outside the
database (a ticket, a mail to the auditors, a WORM bucket): jinzhi audit
verify --since HEAD later proves that no stream is shorter or other than it
was then, which no signature inside the database can prove after the
database is restored from an older copy. The database records the length
of each stream the head covered, to recompute it.`,
		setup: func(fs *flag.FlagSet, env *environ) func(context.Context, []string) error {
			cfg := readConfig(env.getenv)
			databaseFlag(fs, &cfg)
			return func(ctx context.Context, args []string) error {
				if err := noArgs("audit head", args); err != nil {
					return err
				}
				a, err := openStore(ctx, cfg.withDefaults())
				if err != nil {
					return err
				}
				defer a.Close()
				h, err := duediligence.TakeAuditHead(ctx, a.store, a.store.AuditKey())
				if err != nil {
					return err
				}
				fmt.Fprintln(env.stdout, h.String())
				return nil
			}
		}}
}

func auditRotateKeyCommand() *command {
	return &command{name: "rotate-key", summary: "sign the audit trail again with the first audit key, so that the older ones can go",
		about: `Rotate the audit key: with the new key on the first line of the key file
(or JINZHI_AUDIT_KEY) and the old ones on the lines after it, check the
whole trail as jinzhi audit verify does, then sign every checkpoint and
every shard's count that an older key signed again with the new one, and
check that the trail verifies with the new key alone. Only then may the
older keys be removed from the key file of every replica (and kept apart:
a head taken before the rotation verifies only with the key that signed
it). Nothing is signed again when the trail does not verify. Run it with
the replicas already on the new key file, so that what they sign meanwhile
is signed with the new key; a checkpoint that an old replica rewrites
meanwhile is left to the next run, which says so.`,
		setup: func(fs *flag.FlagSet, env *environ) func(context.Context, []string) error {
			cfg := readConfig(env.getenv)
			databaseFlag(fs, &cfg)
			return func(ctx context.Context, args []string) error {
				if err := noArgs("audit rotate-key", args); err != nil {
					return err
				}
				a, err := openStore(ctx, cfg.withDefaults())
				if err != nil {
					return err
				}
				defer a.Close()
				key := a.store.AuditKey()
				if _, err := duediligence.VerifyAudit(ctx, a.store, key, nil); err != nil {
					return fmt.Errorf("the audit trail does not verify with the configured keys (%s), so nothing was signed again: %w", strings.Join(key.IDs(), ", "), err)
				}
				cps, shards, err := a.store.ResignAudit(ctx)
				if err != nil {
					return err
				}
				if _, err := duediligence.VerifyAudit(ctx, a.store, key.Signer(), nil); err != nil {
					return fmt.Errorf("signed again %d checkpoints and %d shard counts with audit key %s, but the trail does not verify with it alone yet (run jinzhi audit rotate-key again once every replica has the new key first): %w", cps, shards, key.ID(), err)
				}
				fmt.Fprintf(env.stdout, "audit trail signed again with audit key %s: %d checkpoints and %d shard counts; it verifies with that key alone", key.ID(), cps, shards)
				if ids := key.IDs()[1:]; len(ids) > 0 {
					fmt.Fprintf(env.stdout, ", and the older keys (%s) may be removed from the key file (keep them apart to verify heads taken before)", strings.Join(ids, ", "))
				}
				fmt.Fprintln(env.stdout)
				return nil
			}
		}}
}
