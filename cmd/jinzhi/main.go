// Command jinzhi runs the Jinzhi case-file API and its housekeeping.
//
//	jinzhi serve                     start the API (SQLite in ./jinzhi-data by default)
//	jinzhi migrate                   apply database migrations
//	jinzhi users add NAME --role R   create a user; prints only the token
//	jinzhi users list                list users
//	jinzhi audit verify              check the audit trail's hash chains
//
// Configuration comes from the environment:
//
//	JINZHI_DATABASE_URL   postgres://… or a SQLite file path (default jinzhi-data/jinzhi.db)
//	JINZHI_DOCUMENTS_DIR  where uploaded files go (default: documents/ beside the SQLite file, or jinzhi-data/documents)
//	JINZHI_ADDR           listen address (default 127.0.0.1:8080)
//	JINZHI_POLICY         a policy JSON file (default: the built-in policy)
//	JINZHI_REQUEST_TIMEOUT   a request body's deadline once its headers are in (default 30s)
//	JINZHI_TRANSFER_TIMEOUT  the same for a document's file, up or down (default 15m)
//	JINZHI_MAX_IN_FLIGHT     requests served at once, 503 beyond (default 512; -1 for no cap)
//	JINZHI_CORS_ORIGINS      origins a browser frontend may call from, comma-separated, or * (default none)
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

const usage = `usage:
  jinzhi serve                     start the API
  jinzhi migrate                   apply database migrations
  jinzhi users add NAME --role R   create a user and print its token
  jinzhi users list                list users
  jinzhi audit verify              verify the audit trail's hash chains
roles: account_manager, department_manager, risk_officer, general_manager, finance, auditor, admin
`

// run is main without the process: tests call it with their own arguments,
// environment and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cfg := loadConfig(getenv)
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, cfg, stdout, stderr)
	case "migrate":
		err = migrateCmd(ctx, cfg, stdout)
	case "users":
		err = usersCmd(ctx, cfg, args[1:], stdout)
	case "audit":
		err = auditCmd(ctx, cfg, args[1:], stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "jinzhi: unknown command %q\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "jinzhi %s: %v\n", args[0], err)
		return 1
	}
	return 0
}
