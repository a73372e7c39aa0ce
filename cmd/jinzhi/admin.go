package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

func parseURL(s string) (*url.URL, error) { return url.Parse(s) }

// noArgs refuses arguments to a command that takes none.
func noArgs(cmd string, args []string) error {
	if len(args) > 0 {
		return usagef(cmd, "unexpected argument %q", args[0])
	}
	return nil
}

func migrateCommand() *command {
	return &command{name: "migrate", summary: "apply the database migrations (serve does it too)",
		about: `Apply the database migrations that have not been applied yet, and stop.
serve applies them on start as well; this runs them alone, before replicas
start on a new version. On PostgreSQL, replicas starting together are safe:
the migrations take a lock.`,
		setup: func(fs *flag.FlagSet, env *environ) func(context.Context, []string) error {
			cfg := readConfig(env.getenv)
			databaseFlag(fs, &cfg)
			return func(ctx context.Context, args []string) error {
				if err := noArgs("migrate", args); err != nil {
					return err
				}
				a, err := openStore(ctx, cfg.withDefaults()) // it applies the migrations
				if err != nil {
					return err
				}
				defer a.Close()
				fmt.Fprintln(env.stdout, "migrations applied")
				return nil
			}
		}}
}

// newUser is what users add --json prints.
type newUser struct {
	ID    string            `json:"id"`
	Name  string            `json:"name"`
	Role  duediligence.Role `json:"role"`
	Token string            `json:"token"`
}

func usersAddCommand() *command {
	return &command{name: "add", synopsis: "NAME --role ROLE [--json]", summary: "create a user and print its token",
		about: `Create a user and print its API token, which is shown only now: the
database keeps only its hash. NAME may be several words ("李 经理").
With --json, print {"id", "name", "role", "token"} instead, for a script
that needs the user's ID (to add a co-investigator, say).
Roles: ` + roleList(),
		setup: func(fs *flag.FlagSet, env *environ) func(context.Context, []string) error {
			cfg := readConfig(env.getenv)
			databaseFlag(fs, &cfg)
			role := fs.String("role", "", "the user's `role`: "+roleList()+" (required)")
			asJSON := fs.Bool("json", false, `print {"id","name","role","token"} as JSON instead of the token alone`)
			return func(ctx context.Context, args []string) error {
				if len(args) == 0 {
					return usagef("users add", "missing NAME")
				}
				if *role == "" {
					return usagef("users add", "missing --role (one of %s)", roleList())
				}
				a, err := openStore(ctx, cfg.withDefaults())
				if err != nil {
					return err
				}
				defer a.Close()
				u, token, err := a.service.CreateUser(ctx, duediligence.SystemActor, strings.Join(args, " "), duediligence.Role(*role))
				if err != nil {
					return err
				}
				if !*asJSON {
					fmt.Fprintln(env.stdout, token)
					return nil
				}
				return json.NewEncoder(env.stdout).Encode(newUser{ID: u.ID, Name: u.Name, Role: u.Role, Token: token})
			}
		}}
}

// listedUser is a line of users list --json.
type listedUser struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	Role       duediligence.Role `json:"role"`
	CreatedAt  time.Time         `json:"created_at"`
	ExpiresAt  *time.Time        `json:"expires_at,omitempty"`
	DisabledAt *time.Time        `json:"disabled_at,omitempty"`
}

func usersListCommand() *command {
	return &command{name: "list", synopsis: "[--json]", summary: "list the users (never their tokens)",
		about: `List the users: ID, role, name, when each was created and when their
token expires (or when they were revoked), one a line separated by tabs, or with --json as a JSON array. Tokens are never shown
again.`,
		setup: func(fs *flag.FlagSet, env *environ) func(context.Context, []string) error {
			cfg := readConfig(env.getenv)
			databaseFlag(fs, &cfg)
			asJSON := fs.Bool("json", false, "print a JSON array of {id, name, role, created_at}")
			return func(ctx context.Context, args []string) error {
				if err := noArgs("users list", args); err != nil {
					return err
				}
				a, err := openStore(ctx, cfg.withDefaults())
				if err != nil {
					return err
				}
				defer a.Close()
				users, err := a.service.Users(ctx, duediligence.SystemActor)
				if err != nil {
					return err
				}
				if *asJSON {
					out := make([]listedUser, 0, len(users))
					for _, u := range users {
						out = append(out, listedUser{ID: u.ID, Name: u.Name, Role: u.Role, CreatedAt: u.CreatedAt, ExpiresAt: u.ExpiresAt, DisabledAt: u.DisabledAt})
					}
					return json.NewEncoder(env.stdout).Encode(out)
				}
				for _, u := range users {
					status := ""
					switch {
					case u.DisabledAt != nil:
						status = "\trevoked " + u.DisabledAt.Format(time.RFC3339)
					case u.ExpiresAt != nil:
						status = "\texpires " + u.ExpiresAt.Format(time.RFC3339)
					}
					fmt.Fprintf(env.stdout, "%s\t%s\t%s\t%s%s\n", u.ID, u.Role, u.Name, u.CreatedAt.Format(time.RFC3339), status)
				}
				return nil
			}
		}}
}

// roleList names the roles, comma-separated.
func roleList() string {
	var names []string
	for _, r := range duediligence.Roles {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}
