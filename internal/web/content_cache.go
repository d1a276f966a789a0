package web

import (
	"net/http"
	"sync"
	"time"

	"github.com/relance-app/relance/internal/auth"
)

// contentCache keeps the rendered body of a page that many read and that changes only with the
// company's data — the worklist: collectors come back to it after every call, and its first
// page costs milliseconds to read and draw on a portfolio of a million invoices. An entry
// serves while the company has not changed (the changes dashCache counts: every change made
// through the web application or the API, and the daily run of relance serve) and for at most
// ttl, which bounds how long a change made elsewhere (the command line) goes unseen.
type contentCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[contentKey]contentEntry
}

// contentKey names a body: the page with its query, in a language, for readers who may act on
// it or not (the forms are shown to collectors only).
type contentKey struct {
	company     int64
	page, query string
	lang        string
	act         bool
}

type contentEntry struct {
	changes int // the company's changes when the body was read
	at      time.Time
	body    *pageBody
}

// maxContent bounds the bodies kept (a few hundred kilobytes of HTML at most, each).
const maxContent = 1000

func newContentCache(ttl time.Duration) *contentCache {
	return &contentCache{ttl: ttl, m: map[contentKey]contentEntry{}}
}

// get returns the body kept for k if the company is still at changes and it is fresh.
func (c *contentCache) get(k contentKey, changes int) (*pageBody, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok || e.changes != changes || time.Since(e.at) >= c.ttl {
		return nil, false
	}
	return e.body, true
}

// put keeps a body read when the company was at changes (read before the data: a change
// during the reading makes it stale at once).
func (c *contentCache) put(k contentKey, changes int, at time.Time, body *pageBody) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxContent {
		clear(c.m)
	}
	c.m[k] = contentEntry{changes: changes, at: at, body: body}
}

// keptPage answers the page name of the request from contentCache when its body is kept, else
// reads its data with read, draws it and keeps it. page names the body with the query (the
// flash message and the language parameter aside: the language is in the key). Only a GET is
// kept: a page drawn again with a refused form carries what was typed.
func (s *Server) keptPage(w http.ResponseWriter, r *http.Request, name, page string, read func() (any, error)) error {
	co := companyOf(r)
	q := r.URL.Query()
	q.Del("flash")
	q.Del("lang")
	key := contentKey{company: co.ID, page: page, query: q.Encode(), lang: langOf(r), act: roleOf(r).Allows(auth.Collector)}
	keep := r.Method == http.MethodGet
	changes, at := s.dash.changes(co.ID), time.Now()
	if body, ok := s.content.get(key, changes); ok && keep {
		s.renderPage(w, r, name, nil, body)
		return nil
	}
	d, err := read()
	if err != nil {
		return err
	}
	if !keep {
		s.render(w, r, name, d)
		return nil
	}
	body, err := s.renderBody(r, name, d)
	if err != nil {
		return err
	}
	s.content.put(key, changes, at, body)
	s.renderPage(w, r, name, d, body)
	return nil
}
