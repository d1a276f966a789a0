package web

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics the background work reports; exposed at /metrics for Prometheus.
var (
	registry = prometheus.NewRegistry()

	RunDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "relance_run_duration_seconds", Help: "Duration of the daily runs.",
		Buckets: prometheus.ExponentialBuckets(0.05, 2, 14)}, []string{"company"})
	RunActions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "relance_run_actions_total", Help: "Actions recorded by the daily runs."}, []string{"company"})
	EmailsSent = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "relance_emails_sent_total", Help: "E-mails delivered to the SMTP server."})
	SendFailures = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "relance_send_failures_total", Help: "Delivery failures, by kind (permanent or temporary)."}, []string{"kind"})
	OutboxItems = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "relance_outbox_items", Help: "Outbox items by status, as of the last sender pass."}, []string{"status"})
	HTTPDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "relance_http_request_duration_seconds", Help: "Duration of HTTP requests by route.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5}}, []string{"route"})
)

func init() {
	registry.MustRegister(RunDuration, RunActions, EmailsSent, SendFailures, OutboxItems, HTTPDuration,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
}

func metricsHandler() http.Handler { return promhttp.HandlerFor(registry, promhttp.HandlerOpts{}) }

// observe records a request's duration under its route pattern (not its path: one series per
// page, not one per customer).
func observe(pattern string, start time.Time) {
	HTTPDuration.WithLabelValues(pattern).Observe(time.Since(start).Seconds())
}
