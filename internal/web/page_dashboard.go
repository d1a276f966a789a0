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

// dashboard is what the dashboard shows; computing it reads every open invoice, so it is
// cached per company for a minute (dashCache) and the page answers from memory.
type dashboard struct {
	Day        civil.Date
	Currency   string
	Aging      report.Aging
	Months     []store.MonthFigure
	DSO        int
	Promised   money.Cents
	PromisedN  int
	Work       store.WorkCount
	Top        []store.CustomerSummary
	AgingChart template.HTML
	DSOChart   template.HTML
	Computed   time.Time
}

type dashCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[int64]*dashEntry
}

type dashEntry struct {
	mu         sync.Mutex // guards d, when and refreshing
	first      sync.Mutex // one first computation at a time
	d          *dashboard
	when       time.Time
	refreshing bool
}

func newDashCache(ttl time.Duration) *dashCache {
	return &dashCache{ttl: ttl, m: map[int64]*dashEntry{}}
}

// get returns the company's dashboard. A stale one is returned at once while a fresh one is
// computed in the background, so that after the first visit nobody waits for the figures.
func (c *dashCache) get(ctx context.Context, companyID int64, compute func(context.Context) (*dashboard, error)) (*dashboard, error) {
	c.mu.Lock()
	e := c.m[companyID]
	if e == nil {
		e = &dashEntry{}
		c.m[companyID] = e
	}
	c.mu.Unlock()

	e.mu.Lock()
	d := e.d
	if d != nil && time.Since(e.when) >= c.ttl && !e.refreshing {
		e.refreshing = true
		go func() {
			nd, err := compute(context.Background())
			e.mu.Lock()
			if err == nil {
				e.d, e.when = nd, time.Now()
			}
			e.refreshing = false
			e.mu.Unlock()
		}()
	}
	e.mu.Unlock()
	if d != nil {
		return d, nil
	}
	e.first.Lock()
	defer e.first.Unlock()
	e.mu.Lock()
	d = e.d
	e.mu.Unlock()
	if d != nil {
		return d, nil
	}
	d, err := compute(ctx)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	e.d, e.when = d, time.Now()
	e.mu.Unlock()
	return d, nil
}

// invalidate drops a company's dashboard after a change that moves its figures.
func (c *dashCache) invalidate(companyID int64) {
	c.mu.Lock()
	delete(c.m, companyID)
	c.mu.Unlock()
}

func (s *Server) computeDashboard(ctx context.Context, co receivable.Company, lang string) (*dashboard, error) {
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
	d.AgingChart = agingChart(d.Aging, lang)
	d.DSOChart = dsoChart(d.Months, lang)
	return d, nil
}

func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) error {
	co, lang := companyOf(r), langOf(r)
	d, err := s.dash.get(r.Context(), co.ID, func(ctx context.Context) (*dashboard, error) { return s.computeDashboard(ctx, co, lang) })
	if err != nil {
		return err
	}
	s.render(w, r, "dashboard", d)
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
