package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// environ is what a command runs with besides its arguments.
type environ struct {
	getenv         func(string) string
	stdout, stderr io.Writer
}

// errHelp says that a usage was asked for and printed: run exits 0.
var errHelp = errors.New("help printed")

// usageError is a mistake in the command line: run prints it with a
// pointer to the usage and exits 2.
type usageError struct {
	cmd string // "users add"
	msg string
}

func (e *usageError) Error() string { return "jinzhi " + e.cmd + ": " + e.msg }

func usagef(cmd, format string, args ...any) *usageError {
	return &usageError{cmd: cmd, msg: fmt.Sprintf(format, args...)}
}

// command is one of jinzhi's commands, or a group of them (users, audit).
type command struct {
	name     string // as typed: "add"
	synopsis string // what follows the name in a usage line: "NAME --role ROLE [--json]"
	summary  string // one line for the list of commands
	about    string // what the command does, for its usage
	sub      []*command
	// setup defines the command's flags on fs and returns its body, which
	// runs once they are parsed, with the arguments that are not flags.
	// Nothing happens before the body runs: -h never touches a database.
	setup func(fs *flag.FlagSet, env *environ) func(ctx context.Context, args []string) error

	path string // "users add", set by index
}

// index sets the commands' paths below c.
func (c *command) index(prefix string) *command {
	for _, s := range c.sub {
		s.path = strings.TrimSpace(prefix + " " + s.name)
		s.index(s.path)
	}
	return c
}

// find returns the command of path (["users", "add"]), or nil.
func (c *command) find(path []string) *command {
	for _, name := range path {
		var next *command
		for _, s := range c.sub {
			if s.name == name {
				next = s
			}
		}
		if next == nil {
			return nil
		}
		c = next
	}
	return c
}

func isHelpFlag(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

// dispatch runs the command that args name below c.
func (c *command) dispatch(ctx context.Context, env *environ, args []string) error {
	if c.sub != nil {
		switch {
		case len(args) == 0:
			return usagef(c.path, "missing command: want one of %s", c.subNames())
		case isHelpFlag(args[0]):
			c.usage(env.stdout)
			return errHelp
		}
		s := c.find(args[:1])
		if s == nil {
			where := "jinzhi"
			if c.path != "" {
				where = c.path
			}
			return usagef(strings.TrimPrefix(c.path+" "+args[0], " "), "unknown command; %s has %s", where, c.subNames())
		}
		return s.dispatch(ctx, env, args[1:])
	}
	fs := flag.NewFlagSet("jinzhi "+c.path, flag.ContinueOnError)
	// The flag package's own messages go nowhere: run prints the error and
	// -h prints the usage, to stdout, since it was asked for.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	body := c.setup(fs, env)
	rest, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		c.usage(env.stdout)
		return errHelp
	}
	if err != nil {
		return usagef(c.path, "%v", err)
	}
	return body(ctx, rest)
}

func (c *command) subNames() string {
	var names []string
	for _, s := range c.sub {
		names = append(names, s.name)
	}
	return strings.Join(names, ", ")
}

// parseFlags parses args into fs with flags and other arguments in any
// order ("users add 李经理 --role account_manager"); after "--" every
// argument is taken as it is.
func parseFlags(fs *flag.FlagSet, args []string) (rest []string, err error) {
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		if len(left) == 0 {
			return rest, nil
		}
		if n := len(args) - len(left); n > 0 && args[n-1] == "--" {
			return append(rest, left...), nil
		}
		rest, args = append(rest, left[0]), left[1:]
	}
}

// exitCodes ends every usage.
const exitCodes = "Exit codes: 0 success, 1 failure, 2 a mistake in the command line.\n"

// usage prints c's usage: its synopsis, what it does, and its flags or its
// commands.
func (c *command) usage(w io.Writer) {
	if c.path == "" {
		fmt.Fprint(w, overview())
		return
	}
	fmt.Fprintf(w, "usage: jinzhi %s", c.path)
	if c.synopsis != "" {
		fmt.Fprintf(w, " %s", c.synopsis)
	}
	fmt.Fprintf(w, "\n\n%s\n", strings.TrimSpace(c.about))
	if c.sub != nil {
		fmt.Fprintf(w, "\nCommands:\n")
		listCommands(w, c.sub)
		fmt.Fprintf(w, "\nRun 'jinzhi %s COMMAND -h' for a command's flags.\n", c.path)
	} else {
		fs := flag.NewFlagSet(c.path, flag.ContinueOnError)
		c.setup(fs, &environ{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard})
		printFlags(w, fs)
	}
	fmt.Fprint(w, "\n"+exitCodes)
}

// listCommands prints one line per command, subcommands spelt out.
func listCommands(w io.Writer, cmds []*command) {
	type line struct{ left, summary string }
	var lines []line
	var walk func(cmds []*command)
	walk = func(cmds []*command) {
		for _, c := range cmds {
			if c.sub != nil {
				walk(c.sub)
				continue
			}
			lines = append(lines, line{strings.TrimSpace(c.path + " " + c.synopsis), c.summary})
		}
	}
	walk(cmds)
	width := 0
	for _, l := range lines {
		width = max(width, len(l.left))
	}
	for _, l := range lines {
		fmt.Fprintf(w, "  %-*s  %s\n", width, l.left, l.summary)
	}
}

// printFlags prints fs's flags as Go users read them, with two dashes
// (the flag package takes one or two).
func printFlags(w io.Writer, fs *flag.FlagSet) {
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			fmt.Fprintf(w, "\nFlags:\n")
			first = false
		}
		typ, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(w, "  --%s", f.Name)
		if typ != "" {
			fmt.Fprintf(w, " %s", typ)
		}
		fmt.Fprintf(w, "\n        %s\n", strings.ReplaceAll(usage, "\n", "\n        "))
	})
}

// stringOverride is a flag that overrides, when given, what the
// environment put in *dst.
type stringOverride struct{ dst *string }

func (o stringOverride) String() string     { return "" }
func (o stringOverride) Set(s string) error { *o.dst = s; return nil }

// overrideFlag defines --name over *dst, which holds the environment's
// value: usage is what it means, with the variable and the default.
func overrideFlag(fs *flag.FlagSet, dst *string, name, usage string) {
	fs.Var(stringOverride{dst}, name, usage)
}

// databaseFlag defines --database-url over JINZHI_DATABASE_URL.
func databaseFlag(fs *flag.FlagSet, cfg *config) {
	overrideFlag(fs, &cfg.DatabaseURL, "database-url",
		"the `url` of the database: postgres://user@host:5432/db?sslmode=verify-full, or a SQLite file path\n"+
			"(env JINZHI_DATABASE_URL; default jinzhi-data/jinzhi.db)")
	auditKeyFlag(fs, cfg) // auditkey.go
}
