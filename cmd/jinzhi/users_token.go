package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// oneUserID returns the single USER_ID argument of cmd.
func oneUserID(cmd string, args []string) (string, error) {
	switch len(args) {
	case 0:
		return "", usagef(cmd, "missing USER_ID (jinzhi users list shows them)")
	case 1:
		return args[0], nil
	}
	return "", usagef(cmd, "unexpected argument %q", args[1])
}

func usersRevokeCommand() *command {
	return &command{name: "revoke", synopsis: "USER_ID", summary: "disable a user: their token is refused at once",
		about: `Disable a user. From the moment this returns, no server on the database
accepts the user's token: every replica checks the database's
authentication epoch on every request and forgets the tokens it holds
when it moved on. A revoked user cannot be given a new token; create a
new user instead. The revocation is in the audit trail.`,
		setup: func(fs *flag.FlagSet, env *environ) func(context.Context, []string) error {
			cfg := readConfig(env.getenv)
			databaseFlag(fs, &cfg)
			return func(ctx context.Context, args []string) error {
				id, err := oneUserID("users revoke", args)
				if err != nil {
					return err
				}
				a, err := openStore(ctx, cfg.withDefaults())
				if err != nil {
					return err
				}
				defer a.Close()
				u, err := a.service.RevokeUser(ctx, duediligence.SystemActor, id)
				if err != nil {
					return err
				}
				fmt.Fprintf(env.stdout, "%s (%s) revoked at %s\n", u.ID, u.Name, u.DisabledAt.Format(time.RFC3339))
				return nil
			}
		}}
}

func usersRotateCommand() *command {
	return &command{name: "rotate", synopsis: "USER_ID [--json]", summary: "give a user a new token and print it",
		about: `Give a user a new API token and print it, which is shown only now. The
old token is refused at once by every server on the database. The new
one expires after the policy's token_lifetime_days (90 days by default).
With --json, print {"id", "name", "role", "token", "expires_at"}.`,
		setup: func(fs *flag.FlagSet, env *environ) func(context.Context, []string) error {
			cfg := readConfig(env.getenv)
			databaseFlag(fs, &cfg)
			asJSON := fs.Bool("json", false, `print {"id","name","role","token","expires_at"} as JSON instead of the token alone`)
			return func(ctx context.Context, args []string) error {
				id, err := oneUserID("users rotate", args)
				if err != nil {
					return err
				}
				a, err := openStore(ctx, cfg.withDefaults())
				if err != nil {
					return err
				}
				defer a.Close()
				u, token, err := a.service.RotateToken(ctx, duediligence.SystemActor, id)
				if err != nil {
					return err
				}
				if !*asJSON {
					fmt.Fprintln(env.stdout, token)
					return nil
				}
				return json.NewEncoder(env.stdout).Encode(struct {
					newUser
					ExpiresAt *time.Time `json:"expires_at"`
				}{newUser{ID: u.ID, Name: u.Name, Role: u.Role, Token: token}, u.ExpiresAt})
			}
		}}
}
