package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/report"
	"github.com/relance-app/relance/internal/store"
)

func init() {
	addFR(map[string]string{
		"Receivables": "Encours clients", "Overdue": "Échu", "DSO": "DSO", "days": "jours",
		"Promised this week": "Promis cette semaine", "Today's work": "Travail du jour", "Calls": "Appels",
		"Tasks": "Tâches", "Approvals waiting": "Validations en attente", "Failed sends": "Envois en échec",
		"Aging": "Balance âgée", "DSO over 12 months": "DSO sur 12 mois", "Most overdue customers": "Clients les plus en retard",
		"Not due": "Non échu", "figures as of": "chiffres au", "promises": "promesses", "Days late": "Jours de retard",
		"Customer": "Client", "Open": "Encours", "Profile": "Profil",
	})
}

// dashboard is what the dashboard shows; computing it reads every open invoice (seconds on a
// million), so it is cached per company (dashCache) and the page answers from memory.
type dashboard struct {
	Day       civil.Date
	Currency  string
	Aging     report.Aging
	Months    []store.MonthFigure
	DSO       int
	Promised  money.Cents
	PromisedN int
	Work      store.WorkCount
	Top       []store.CustomerSummary
	Computed  time.Time
}

// dashboardView is a dashboard with its charts, drawn for each request in its language.
type dashboardView struct {
	*dashboard
	AgingChart template.HTML
	DSOChart   template.HTML
}

// dashCache keeps each company's dashboard. Once computed, figures are always answered from
// memory: when they are older than ttl, or a change moved them (invalidate), they are
// recomputed in the background, one computation at a time per company. After a change the
// page waits up to fresh for the new figures — on a small portfolio they are ready, and the
// change shows at once —, else it shows the previous ones, which say when they were computed.
type dashCache struct {
	ttl, fresh time.Duration
	mu         sync.Mutex
	m          map[int64]*dashEntry
}

type dashEntry struct {
	compute func(context.Context) (*dashboard, error)
	first   sync.Mutex // one first computation at a time

	mu      sync.Mutex // guards the fields below
	d       *dashboard
	when    time.Time
	cost    time.Duration // of the last computation
	changes int           // invalidations so far
	seen    int           // the invalidations d reflects: those before its computation started
	running chan struct{} // closed when the background computation ends; nil when none runs
}

func newDashCache(ttl time.Duration) *dashCache {
	return &dashCache{ttl: ttl, fresh: 500 * time.Millisecond, m: map[int64]*dashEntry{}}
}

func (c *dashCache) entry(companyID int64) *dashEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.m[companyID]
	if e == nil {
		e = &dashEntry{}
		c.m[companyID] = e
	}
	return e
}

// get returns the company's dashboard, computing it with compute the first time.
func (c *dashCache) get(ctx context.Context, companyID int64, compute func(context.Context) (*dashboard, error)) (*dashboard, error) {
	e := c.entry(companyID)
	e.mu.Lock()
	e.compute = compute
	d := e.d
	// Figures that take long to compute are recomputed less often for time passing alone (a
	// million invoices take seconds): changes still show at once.
	if d != nil && time.Since(e.when) >= max(c.ttl, 20*e.cost) {
		e.refresh()
	}
	// After a change, wait (a little) for figures computed after it.
	wait, cancel := context.WithTimeout(ctx, c.fresh)
	defer cancel()
	for target := e.changes; d != nil && e.seen < target && wait.Err() == nil; {
		running := e.refresh()
		e.mu.Unlock()
		select {
		case <-running:
		case <-wait.Done():
		}
		e.mu.Lock()
		d = e.d
	}
	e.mu.Unlock()
	if d != nil {
		return d, nil
	}
	e.first.Lock()
	defer e.first.Unlock()
	e.mu.Lock()
	d, gen := e.d, e.changes
	e.mu.Unlock()
	if d != nil {
		return d, nil
	}
	start := time.Now()
	d, err := compute(ctx)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	e.d, e.when, e.seen, e.cost = d, start, gen, time.Since(start)
	e.mu.Unlock()
	return d, nil
}

// refresh starts a background computation unless one runs, and returns its channel; when it
// ends, another starts if changes came meanwhile. e.mu is held.
func (e *dashEntry) refresh() chan struct{} {
	if e.running != nil || e.compute == nil {
		return e.running
	}
	done := make(chan struct{})
	e.running = done
	compute, gen := e.compute, e.changes
	go func() {
		start := time.Now()
		d, err := compute(context.Background())
		e.mu.Lock()
		if err == nil {
			e.d, e.when, e.seen, e.cost = d, start, gen, time.Since(start)
		}
		e.running = nil
		if err == nil && e.seen < e.changes {
			e.refresh()
		}
		e.mu.Unlock()
		close(done)
	}()
	return done
}

// changes is how many changes the company has had: what the pages kept in contentCache were
// read at.
func (c *dashCache) changes(companyID int64) int {
	e := c.entry(companyID)
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.changes
}

// invalidate says a change moved a company's figures: they are recomputed now, in the
// background, and the next visit waits a little for them.
func (c *dashCache) invalidate(companyID int64) {
	e := c.entry(companyID)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.changes++
	if e.d != nil {
		e.refresh()
	}
}

func (s *Server) computeDashboard(ctx context.Context, co receivable.Company) (*dashboard, error) {
	day := s.app.Today(co)
	d := &dashboard{Day: day, Currency: co.Currency, Computed: time.Now()}
	var err error
	if d.Aging, err = s.app.AgingReport(ctx, co, day); err != nil {
		return nil, err
	}
	var ends []civil.Date
	for i := 11; i >= 0; i-- {
		end := civil.D(day.Year, day.Month-time.Month(i), 1).EndOfMonth()
		if end.After(day) {
			end = day
		}
		ends = append(ends, end)
	}
	if d.Months, err = s.app.Store.MonthEnds(ctx, co.ID, ends); err != nil {
		return nil, err
	}
	d.DSO = d.Months[len(d.Months)-1].DSO()
	if d.PromisedN, d.Promised, err = s.app.Store.Promised(ctx, co.ID, day, day.AddDays(7)); err != nil {
		return nil, err
	}
	if d.Work, err = s.app.Store.WorkCounts(ctx, co.ID, day); err != nil {
		return nil, err
	}
	if d.Top, err = s.app.Store.ListCustomers(ctx, store.CustomerQuery{CompanyID: co.ID, Day: day, Sort: "overdue", Limit: 8}); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) error {
	co, lang := companyOf(r), langOf(r)
	d, err := s.dash.get(r.Context(), co.ID, func(ctx context.Context) (*dashboard, error) { return s.computeDashboard(ctx, co) })
	if err != nil {
		return err
	}
	s.render(w, r, "dashboard", dashboardView{dashboard: d, AgingChart: agingChart(d.Aging, lang), DSOChart: dsoChart(d.Months, lang)})
	return nil
}

// agingChart draws the aging buckets as bars, inline SVG (no script, no library).
func agingChart(a report.Aging, lang string) template.HTML {
	const w, h, pad = 520, 200, 28
	var max money.Cents
	for _, b := range a.Buckets {
		max = maxCents(max, b.Amount)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s">`, w, h, template.HTMLEscapeString(tr(lang, "Aging")))
	colors := []string{"#7aa7e8", "#f2c14e", "#f08a3e", "#e0563b", "#a3231c"}
	bw := (w - 2*pad) / len(a.Buckets)
	for i, b := range a.Buckets {
		bh := 0
		if max > 0 {
			bh = int(int64(b.Amount) * int64(h-2*pad) / int64(max))
		}
		x := pad + i*bw
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s" rx="3"><title>%s: %s</title></rect>`,
			x+6, h-pad-bh, bw-12, bh, colors[i], template.HTMLEscapeString(report.BucketTitle(b.Label, lang)), template.HTMLEscapeString(b.Amount.FormatCurrency(orEUR(a.Currency), lang)))
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="middle">%s</text>`, x+bw/2, h-pad+14, template.HTMLEscapeString(report.BucketTitle(b.Label, lang)))
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="middle">%s</text>`, x+bw/2, h-pad-bh-5, template.HTMLEscapeString(shortAmount(b.Amount, lang)))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// dsoChart draws the DSO of the last 12 month-ends as a line.
func dsoChart(ms []store.MonthFigure, lang string) template.HTML {
	const w, h, pad = 520, 200, 28
	maxD := 30
	for _, m := range ms {
		maxD = max(maxD, m.DSO())
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s">`, w, h, template.HTMLEscapeString(tr(lang, "DSO over 12 months")))
	var pts []string
	step := (w - 2*pad) / max(1, len(ms)-1)
	for i, m := range ms {
		x := pad + i*step
		y := h - pad - m.DSO()*(h-2*pad)/maxD
		pts = append(pts, fmt.Sprintf("%d,%d", x, y))
		fmt.Fprintf(&sb, `<circle cx="%d" cy="%d" r="3" fill="#2457c5"><title>%s: %d %s</title></circle>`, x, y, m.Day.Format(lang), m.DSO(), tr(lang, "days"))
		if i%2 == len(ms)%2 || i == len(ms)-1 {
			fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="middle">%02d/%02d</text>`, x, h-pad+14, int(m.Day.Month), m.Day.Year%100)
		}
	}
	fmt.Fprintf(&sb, `<polyline points="%s" fill="none" stroke="#2457c5" stroke-width="2"/>`, strings.Join(pts, " "))
	fmt.Fprintf(&sb, `<text x="4" y="%d">%d</text><text x="4" y="%d">0</text>`, pad, maxD, h-pad)
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

func maxCents(a, b money.Cents) money.Cents {
	if a > b {
		return a
	}
	return b
}

// shortAmount writes 12 345 € as "12 k€" for chart labels.
func shortAmount(c money.Cents, lang string) string {
	e := int64(c) / 100
	switch {
	case e >= 1_000_000:
		return fmt.Sprintf("%d M€", e/1_000_000)
	case e >= 10_000:
		return fmt.Sprintf("%d k€", e/1000)
	}
	return c.FormatCurrency("EUR", lang)
}
