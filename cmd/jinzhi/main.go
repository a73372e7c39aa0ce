// Command jinzhi runs the Jinzhi case-file API and its housekeeping.
//
//	jinzhi serve [flags]                     start the API (SQLite in ./jinzhi-data by default)
//	jinzhi migrate [flags]                   apply database migrations
//	jinzhi users add NAME --role R [--json]  create a user; prints only the token, or JSON with its ID
//	jinzhi users list [--json]               list users
//	jinzhi audit verify [flags]              check the audit trail's hash chains
//	jinzhi rules [--json] [--lang zh|en]     the rule catalogue (docs/rules.md)
//	jinzhi version                           the module version and VCS revision
//	jinzhi help [COMMAND]                    usage
//
// Every command takes -h or --help. Configuration comes from the
// environment, and each variable has a flag of the same name that
// overrides it (JINZHI_DATABASE_URL, --database-url):
//
//	JINZHI_DATABASE_URL   postgres://… or a SQLite file path (default jinzhi-data/jinzhi.db)
//	JINZHI_DOCUMENTS_DIR  where uploaded files go (default: documents/ beside the SQLite file, or jinzhi-data/documents)
//	JINZHI_ADDR           listen address (default 127.0.0.1:8080)
//	JINZHI_POLICY         a policy JSON file (default: the built-in policy)
//	JINZHI_REQUEST_TIMEOUT   a request body's deadline once its headers are in (default 30s)
//	JINZHI_TRANSFER_TIMEOUT  the same for a document's file, up or down (default 15m)
//	JINZHI_MAX_IN_FLIGHT     requests served at once, 503 beyond (default 512; -1 for no cap)
//	JINZHI_CORS_ORIGINS      origins a browser frontend may call from, comma-separated, or * (default none)
//	JINZHI_METRICS_ADDR      the Prometheus /metrics listener (default 127.0.0.1:9464; off for none)
//	JINZHI_METRICS_TOKEN     a bearer token /metrics requires (default none; no flag, to keep it out of ps)
//
// Exit codes: 0 success, 1 failure (including an audit trail that does not
// verify), 2 a mistake in the command line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// run is main without the process: tests call it with their own arguments,
// environment and output. It returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	env := &environ{getenv: getenv, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, overview())
		return exitUsage
	}
	err := commands().dispatch(ctx, env, args)
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, ue.Error())
		// The usage of the command, or of the group of the one mistyped.
		path := strings.Fields(ue.cmd)
		for len(path) > 0 && commands().find(path) == nil {
			path = path[:len(path)-1]
		}
		if len(path) > 0 {
			fmt.Fprintf(stderr, "Run 'jinzhi %s -h' for usage.\n", strings.Join(path, " "))
		} else {
			fmt.Fprintln(stderr, "Run 'jinzhi help' for usage.")
		}
		return exitUsage
	default:
		fmt.Fprintf(stderr, "jinzhi %s: %v\n", args[0], err)
		return exitFailure
	}
}

// commands is jinzhi's tree of commands.
func commands() *command {
	root := &command{sub: []*command{
		serveCommand(),
		migrateCommand(),
		{name: "users", summary: "manage the API's users", sub: []*command{usersAddCommand(), usersListCommand(), usersRevokeCommand(), usersRotateCommand()},
			about: "Create, list, revoke and rotate the API's users. A user's token is printed\nonce, when it is created or rotated; the database keeps only its hash.\nTokens expire (90 days by default) and a revocation is refused at once."},
		{name: "audit", summary: "check the audit trail", sub: []*command{auditVerifyCommand(), auditHeadCommand(), auditRotateKeyCommand()},
			about: "Check the audit trail: every change to a case, and every audited read, is\nan event of a hash chain."},
		rulesCommand(),
		versionCommand(),
	}}
	root.sub = append(root.sub, helpCommand(root))
	return root.index("")
}

// overview is the usage of jinzhi itself.
func overview() string {
	var b strings.Builder
	b.WriteString("Jinzhi serves the credit due-diligence case file (尽职调查档案) over HTTP.\n\n")
	b.WriteString("usage: jinzhi COMMAND [ARGUMENTS] [FLAGS]\n\nCommands:\n")
	root := commands()
	listCommands(&b, root.sub)
	b.WriteString(`
Run 'jinzhi help COMMAND' or 'jinzhi COMMAND -h' for a command's flags.
Configuration comes from JINZHI_* environment variables; each has a flag
that overrides it (JINZHI_DATABASE_URL, --database-url): see 'jinzhi serve -h'.
Roles: account_manager, department_manager, risk_officer, general_manager,
finance, auditor, admin.

`)
	b.WriteString(exitCodes)
	return b.String()
}

// helpCommand prints the usage of jinzhi or of one of its commands.
func helpCommand(root *command) *command {
	return &command{name: "help", synopsis: "[COMMAND]", summary: "print the usage of jinzhi or of a command",
		about: "Print the usage of jinzhi, or of a command ('jinzhi help users add').",
		setup: func(fs *flag.FlagSet, env *environ) func(context.Context, []string) error {
			return func(_ context.Context, args []string) error {
				c := root.find(args)
				if c == nil {
					return usagef("help", "unknown command %q", strings.Join(args, " "))
				}
				c.usage(env.stdout)
				return nil
			}
		}}
}
