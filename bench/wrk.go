package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// wrkScript is the Lua of a wrk run: a create posts the README's
// application; a read gets a case picked at random from the file of IDs.
// At the end it prints one line the benchmark reads: the requests, the
// errors (sockets and answers other than 2xx), and p50, p99 and p99.9 in
// microseconds.
const wrkScript = `
local ids = {}
local create = os.getenv("JINZHI_WRK_OP") == "create"
local body = os.getenv("JINZHI_WRK_BODY")
local token = os.getenv("JINZHI_WRK_TOKEN")
if not create then
  for line in io.lines(os.getenv("JINZHI_WRK_IDS")) do ids[#ids + 1] = line end
end
request = function()
  if create then
    return wrk.format("POST", "/v1/cases", {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
  end
  return wrk.format("GET", "/v1/cases/" .. ids[math.random(#ids)], {["Authorization"] = "Bearer " .. token})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("jinzhi %d %d %d %d %d %d\n", summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status,
    summary.duration, latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
`

// wrkLoad drives op ("create" or "read") with wrk, C's HTTP load generator
// as pgbench is C's, at cfg.clients connections over at most 2 threads (the
// machine's cores are shared with the server and the database). Reads pick
// from ids. Its figures have wrk's own resolution: a rate, and three
// percentiles instead of every latency.
func wrkLoad(ctx context.Context, cfg config, base, token, dir, op string, ids []string) (result, error) {
	script := filepath.Join(dir, "jinzhi.lua")
	if err := os.WriteFile(script, []byte(wrkScript), 0o600); err != nil {
		return result{}, err
	}
	idFile := filepath.Join(dir, "ids.txt")
	if op == "read" {
		if len(ids) == 0 {
			return result{}, fmt.Errorf("wrk: no cases to read")
		}
		if err := os.WriteFile(idFile, []byte(strings.Join(ids, "\n")+"\n"), 0o600); err != nil {
			return result{}, err
		}
	}
	threads := min(cfg.clients, 2)
	cmd := exec.CommandContext(ctx, "wrk", "-t", strconv.Itoa(threads), "-c", strconv.Itoa(cfg.clients),
		"-d", strconv.Itoa(max(1, int(cfg.duration.Round(time.Second).Seconds())))+"s", "-s", script, base)
	cmd.Env = append(os.Environ(), "JINZHI_WRK_OP="+op, "JINZHI_WRK_BODY="+caseBody, "JINZHI_WRK_TOKEN="+token, "JINZHI_WRK_IDS="+idFile)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("wrk: %w\n%s", err, out)
	}
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		if len(f) != 7 || f[0] != "jinzhi" {
			continue
		}
		var n [6]int64
		for i := range n {
			if n[i], err = strconv.ParseInt(f[i+1], 10, 64); err != nil {
				return result{}, fmt.Errorf("wrk printed %q: %w", line, err)
			}
		}
		if n[1] > 0 {
			return result{}, fmt.Errorf("wrk: %d of %d requests failed (a socket error or an answer other than 2xx):\n%s", n[1], n[0], out)
		}
		us := func(v int64) time.Duration { return time.Duration(v) * time.Microsecond }
		return result{n: int(n[0]), elapsed: us(n[2]), pcts: [3]time.Duration{us(n[3]), us(n[4]), us(n[5])}}, nil
	}
	return result{}, fmt.Errorf("wrk printed no summary:\n%s", out)
}
