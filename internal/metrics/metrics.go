// Package metrics exposes Prometheus metrics: HTTP requests by route pattern, and database
// pool statistics.
package metrics

import (
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics owns a registry and the request instruments.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inflight prometheus.Gauge
}

// New creates the registry with Go runtime and process collectors.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "roster", Name: "http_requests_total",
			Help: "HTTP requests by method, route pattern and status code.",
		}, []string{"method", "route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "roster", Name: "http_request_duration_seconds",
			Help:    "HTTP request latency by method and route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"method", "route"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "roster", Name: "http_requests_in_flight", Help: "Requests being served.",
		}),
	}
	reg.MustRegister(m.requests, m.latency, m.inflight,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// RegisterDB adds pool statistics for the database's connection pools, by pool name
// ("writer", "reader", …).
func (m *Metrics) RegisterDB(pools map[string]func() sql.DBStats) {
	m.reg.MustRegister(&dbCollector{pools: pools})
}

// RegisterDirectory adds the number of users in the in-memory directory index.
func (m *Metrics) RegisterDirectory(users func() int) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: "roster", Name: "directory_index_users",
		Help: "Users held by the in-memory directory index (0 until it is loaded).",
	}, func() float64 { return float64(users()) }))
}

// Handler serves /metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Middleware counts and times requests, labelled by the route pattern the mux (or a
// dispatcher) put on the request; unmatched paths are labelled "unmatched".
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		m.inflight.Inc()
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			m.inflight.Dec()
			route := r.Pattern
			if route == "" || route == "/" {
				route = "unmatched"
			}
			m.requests.WithLabelValues(r.Method, route, strconv.Itoa(rec.status)).Inc()
			m.latency.WithLabelValues(r.Method, route).Observe(time.Since(start).Seconds())
		}()
		next.ServeHTTP(rec, r)
	})
}

type recorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

type dbCollector struct {
	pools map[string]func() sql.DBStats
}

var (
	dbOpen     = prometheus.NewDesc("roster_db_open_connections", "Open connections.", []string{"pool"}, nil)
	dbInUse    = prometheus.NewDesc("roster_db_in_use_connections", "Connections in use.", []string{"pool"}, nil)
	dbIdle     = prometheus.NewDesc("roster_db_idle_connections", "Idle connections.", []string{"pool"}, nil)
	dbWait     = prometheus.NewDesc("roster_db_wait_count_total", "Waits for a connection.", []string{"pool"}, nil)
	dbWaitTime = prometheus.NewDesc("roster_db_wait_seconds_total", "Time spent waiting for a connection.", []string{"pool"}, nil)
	dbMaxOpen  = prometheus.NewDesc("roster_db_max_open_connections", "Pool size limit.", []string{"pool"}, nil)
)

func (c *dbCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{dbOpen, dbInUse, dbIdle, dbWait, dbWaitTime, dbMaxOpen} {
		ch <- d
	}
}

func (c *dbCollector) Collect(ch chan<- prometheus.Metric) {
	for name, stats := range c.pools {
		s := stats()
		ch <- prometheus.MustNewConstMetric(dbOpen, prometheus.GaugeValue, float64(s.OpenConnections), name)
		ch <- prometheus.MustNewConstMetric(dbInUse, prometheus.GaugeValue, float64(s.InUse), name)
		ch <- prometheus.MustNewConstMetric(dbIdle, prometheus.GaugeValue, float64(s.Idle), name)
		ch <- prometheus.MustNewConstMetric(dbWait, prometheus.CounterValue, float64(s.WaitCount), name)
		ch <- prometheus.MustNewConstMetric(dbWaitTime, prometheus.CounterValue, s.WaitDuration.Seconds(), name)
		ch <- prometheus.MustNewConstMetric(dbMaxOpen, prometheus.GaugeValue, float64(s.MaxOpenConnections), name)
	}
}
