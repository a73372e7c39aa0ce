package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/jinzhi-dev/jinzhi/duediligence"
)

func parseURL(s string) (*url.URL, error) { return url.Parse(s) }

func migrateCmd(ctx context.Context, cfg config, out io.Writer) error {
	a, err := open(ctx, cfg) // open applies the migrations
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintln(out, "migrations applied")
	return nil
}

// usersCmd handles "users add NAME --role ROLE" and "users list".
func usersCmd(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: users add NAME --role ROLE | users list")
	}
	switch args[0] {
	case "add":
		var name []string
		role := ""
		for i := 1; i < len(args); i++ {
			switch a := args[i]; {
			case a == "--role" || a == "-role":
				if i+1 >= len(args) {
					return errors.New("--role needs a value")
				}
				role = args[i+1]
				i++
			case strings.HasPrefix(a, "--role="):
				role = strings.TrimPrefix(a, "--role=")
			default:
				name = append(name, a)
			}
		}
		if len(name) == 0 || role == "" {
			return errors.New("usage: users add NAME --role ROLE")
		}
		a, err := open(ctx, cfg)
		if err != nil {
			return err
		}
		defer a.Close()
		_, token, err := a.service.CreateUser(ctx, duediligence.SystemActor, strings.Join(name, " "), duediligence.Role(role))
		if err != nil {
			return err
		}
		fmt.Fprintln(out, token)
		return nil
	case "list":
		a, err := open(ctx, cfg)
		if err != nil {
			return err
		}
		defer a.Close()
		users, err := a.service.Users(ctx, duediligence.SystemActor)
		if err != nil {
			return err
		}
		for _, u := range users {
			fmt.Fprintf(out, "%s\t%s\t%s\t%s\n", u.ID, u.Role, u.Name, u.CreatedAt.Format("2006-01-02T15:04:05Z07:00"))
		}
		return nil
	}
	return fmt.Errorf("unknown users command %q", args[0])
}

// auditCmd handles "audit verify".
func auditCmd(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) != 1 || args[0] != "verify" {
		return errors.New("usage: audit verify")
	}
	a, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := duediligence.VerifyAudit(ctx, a.store)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "audit trail intact: %d events verified\n", n)
	return nil
}
