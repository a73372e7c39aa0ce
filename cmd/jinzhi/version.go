package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// modulePath is the main module's path, for a binary that carries no build
// information about it (a test binary).
const modulePath = "github.com/jinzhi-dev/jinzhi"

func versionCommand() *command {
	return &command{name: "version", summary: "print the module version and the VCS revision it was built from",
		about: `Print the module version and the version control revision, time and
state the binary was built from, as the Go toolchain recorded them
(runtime/debug.ReadBuildInfo). A binary from 'go build' in a git checkout
has them; 'go run' and a build without the .git directory (the Dockerfile's)
record none, and say "unknown".`,
		setup: func(fs *flag.FlagSet, env *environ) func(context.Context, []string) error {
			return func(_ context.Context, args []string) error {
				if err := noArgs("version", args); err != nil {
					return err
				}
				bi, _ := debug.ReadBuildInfo()
				printVersion(env.stdout, bi)
				return nil
			}
		}}
}

// printVersion writes what bi says of the build; bi may be nil.
func printVersion(w io.Writer, bi *debug.BuildInfo) {
	if bi == nil {
		bi = &debug.BuildInfo{GoVersion: runtime.Version()}
	}
	path, version := bi.Main.Path, bi.Main.Version
	if path == "" {
		path = modulePath
	}
	if version == "" {
		version = "(devel)"
	}
	vcs := map[string]string{"vcs.revision": "unknown", "vcs.time": "unknown", "vcs.modified": "unknown"}
	for _, s := range bi.Settings {
		if _, ok := vcs[s.Key]; ok && s.Value != "" {
			vcs[s.Key] = s.Value
		}
	}
	fmt.Fprintf(w, "jinzhi %s\n", version)
	fmt.Fprintf(w, "module:   %s\n", path)
	fmt.Fprintf(w, "revision: %s\n", vcs["vcs.revision"])
	fmt.Fprintf(w, "time:     %s\n", vcs["vcs.time"])
	fmt.Fprintf(w, "modified: %s\n", vcs["vcs.modified"])
	fmt.Fprintf(w, "go:       %s %s/%s\n", bi.GoVersion, runtime.GOOS, runtime.GOARCH)
}
