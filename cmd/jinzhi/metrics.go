package main

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/jinzhi-dev/jinzhi/duediligence"
	"github.com/jinzhi-dev/jinzhi/httpapi"
	"github.com/jinzhi-dev/jinzhi/store"
)

// newRegistry is the registry of serve's /metrics: the Go runtime and the
// process, the build, the database pools (go_sql_*, by db_name), the
// business gauges read from the store at each scrape, and the API's own
// (httpapi registers them through Options.Metrics).
func newRegistry(a *app) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewBuildInfoCollector(),
		&storeCollector{store: a.store},
	)
	if a.db.Read == a.db.Write {
		reg.MustRegister(collectors.NewDBStatsCollector(a.db.Write.DB, string(a.db.Dialect)))
	} else {
		// SQLite: one writer connection, and a pool of readers.
		reg.MustRegister(
			collectors.NewDBStatsCollector(a.db.Write.DB, string(a.db.Dialect)+"_write"),
			collectors.NewDBStatsCollector(a.db.Read.DB, string(a.db.Dialect)+"_read"),
		)
	}
	return reg
}

// newMetricsServer serves GET /metrics, and nothing else, with the bounds
// of the API's server.
func newMetricsServer(reg *prometheus.Registry, token string, log *slog.Logger) *http.Server {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", httpapi.MetricsHandler(reg, token, log))
	return &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readHeaderTimeout,
		WriteTimeout:      time.Minute,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// storeCountsTimeout bounds the store's queries at a scrape, well within
// Prometheus's default scrape timeout of 10 s.
const storeCountsTimeout = 5 * time.Second

// storeCollector reads the business gauges from the store at each scrape,
// so that every replica reports the same numbers (aggregate them with max,
// not sum):
//
//	jinzhi_cases{stage}                       gauge: cases in each stage, every stage listed
//	jinzhi_ledger_numbers_issued_total{year}  counter: ledger numbers taken in the year
type storeCollector struct {
	store *store.Store
}

var (
	casesDesc = prometheus.NewDesc("jinzhi_cases",
		"Cases in each stage, read from the database at the scrape.", []string{"stage"}, nil)
	ledgerDesc = prometheus.NewDesc("jinzhi_ledger_numbers_issued_total",
		"Ledger numbers (台帐编号) issued in each year, read from the database at the scrape.", []string{"year"}, nil)
)

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- casesDesc
	ch <- ledgerDesc
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), storeCountsTimeout)
	defer cancel()
	counts, err := c.store.Counts(ctx)
	if err != nil {
		// The scrape answers the other metrics; MetricsHandler logs this.
		ch <- prometheus.NewInvalidMetric(casesDesc, err)
		return
	}
	for _, stage := range duediligence.Stages {
		ch <- prometheus.MustNewConstMetric(casesDesc, prometheus.GaugeValue, float64(counts.CasesByStage[stage]), string(stage))
	}
	for year, n := range counts.LedgerNumbers {
		ch <- prometheus.MustNewConstMetric(ledgerDesc, prometheus.CounterValue, float64(n), strconv.Itoa(year))
	}
}
