package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/store"
)

// Setting reads a company setting.
func (c *conn) Setting(ctx context.Context, companyID int64, key string) (string, error) {
	var v string
	err := c.r.QueryRowContext(ctx, c.book.q("Setting"), companyID, key).Scan(&v)
	return v, c.mapErr(err, "setting "+key)
}

// SetSetting writes a company setting.
func (c *conn) SetSetting(ctx context.Context, companyID int64, key, value string) error {
	_, err := c.w.ExecContext(ctx, c.book.q("SetSetting"), companyID, key, value)
	return c.mapErr(err, "setting "+key)
}

// Template reads the company's version of a template.
func (c *conn) Template(ctx context.Context, companyID int64, key, lang, channel string) (store.StoredTemplate, error) {
	t, err := scanTemplate(c.r.QueryRowContext(ctx, c.book.q("Template"), companyID, key, lang, channel))
	return t, c.mapErr(err, fmt.Sprintf("template %s/%s/%s", key, lang, channel))
}

// SaveTemplate stores the company's version of a template.
func (c *conn) SaveTemplate(ctx context.Context, companyID int64, t store.StoredTemplate) error {
	_, err := c.w.ExecContext(ctx, c.book.q("SaveTemplate"), companyID, t.Key, t.Lang, t.Channel, t.Subject, t.Body, t.Author)
	return c.mapErr(err, "save template "+t.Key)
}

// DeleteTemplate goes back to the shipped template.
func (c *conn) DeleteTemplate(ctx context.Context, companyID int64, key, lang, channel string) error {
	return c.execOne(ctx, fmt.Sprintf("template %s/%s/%s", key, lang, channel), c.book.q("DeleteTemplate"), companyID, key, lang, channel)
}

// ListTemplates lists the company's edited templates.
func (c *conn) ListTemplates(ctx context.Context, companyID int64) ([]store.StoredTemplate, error) {
	rows, err := c.r.QueryContext(ctx, c.book.q("ListTemplates"), companyID)
	if err != nil {
		return nil, c.mapErr(err, "list templates")
	}
	defer rows.Close()
	var out []store.StoredTemplate
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, c.mapErr(err, "list templates")
		}
		out = append(out, t)
	}
	return out, c.mapErr(rows.Err(), "list templates")
}

func scanTemplate(s scanner) (store.StoredTemplate, error) {
	var t store.StoredTemplate
	err := s.Scan(&t.Key, &t.Lang, &t.Channel, &t.Subject, &t.Body, &t.Author, &t.UpdatedAt)
	return t, err
}

// Enqueue adds an item to the outbox unless its key is there already.
func (c *conn) Enqueue(ctx context.Context, it *store.OutboxItem) (bool, error) {
	if it.Key == "" || it.Kind == "" || it.Channel == "" {
		return false, errors.New("enqueue: key, kind and channel are required")
	}
	if it.Status == "" {
		it.Status = store.OutboxPending
	}
	if it.Payload == "" {
		it.Payload = "{}"
	}
	var next int64
	if !it.NextAt.IsZero() {
		next = it.NextAt.UnixNano()
	}
	err := c.w.QueryRowContext(ctx, c.book.q("Enqueue"), it.CompanyID, it.CustomerID, nullInt(it.ActionID), it.Key, it.Kind,
		it.Channel, it.Template, it.Payload, it.Status, next, nullInt(it.ContactID), it.Day, it.Author).Scan(&it.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, c.mapErr(err, "enqueue "+it.Key)
}

func (c *conn) outboxColumns() string { return c.book.q("OutboxColumns") }

// ClaimOutbox takes due items for sending; see store.ChannelQueries.
func (c *conn) ClaimOutbox(ctx context.Context, companyID int64, channels []string, now time.Time, lease time.Duration, limit int) ([]store.OutboxItem, error) {
	if limit <= 0 {
		limit = 50
	}
	w := newWhere(now.UnixNano(), now.Add(lease).UnixNano())
	if companyID != 0 {
		w.add("company_id = ?", companyID)
	}
	if len(channels) > 0 {
		args := make([]any, len(channels))
		for i, ch := range channels {
			args[i] = ch
		}
		w.add("channel IN ("+strings.TrimSuffix(strings.Repeat("?,", len(args)), ",")+")", args...)
	}
	returning := strings.ReplaceAll(c.outboxColumns(), "o.", "")
	q := strings.NewReplacer("{{where}}", w.sql(), "{{limit}}", strconv.Itoa(limit), "{{lock}}", c.book.q("ClaimLock"),
		"{{OutboxReturning}}", returning).Replace(c.book.q("ClaimOutbox"))
	rows, err := c.w.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, c.mapErr(err, "claim outbox")
	}
	defer rows.Close()
	var out []store.OutboxItem
	for rows.Next() {
		it, err := scanOutbox(rows)
		if err != nil {
			return nil, c.mapErr(err, "claim outbox")
		}
		out = append(out, it)
	}
	return out, c.mapErr(rows.Err(), "claim outbox")
}

// FreezeOutbox records the rendered message of an item.
func (c *conn) FreezeOutbox(ctx context.Context, it store.OutboxItem) error {
	return c.execOne(ctx, fmt.Sprintf("freeze outbox %d", it.ID), c.book.q("FreezeOutbox"), it.CompanyID, it.ID, nullInt(it.ContactID),
		it.Recipient, it.MessageID, it.Subject, it.Content, it.Document, it.DocumentSHA256, nullInt(it.DocumentID))
}

// OutboxSent records a delivery.
func (c *conn) OutboxSent(ctx context.Context, companyID, id int64, at time.Time) error {
	return c.execOne(ctx, fmt.Sprintf("outbox %d sent", id), c.book.q("OutboxSent"), companyID, id, at.UTC())
}

// OutboxRetry schedules another attempt.
func (c *conn) OutboxRetry(ctx context.Context, companyID, id int64, next time.Time, reason string) error {
	return c.execOne(ctx, fmt.Sprintf("outbox %d retry", id), c.book.q("OutboxRetry"), companyID, id, next.UnixNano(), reason)
}

// OutboxFailed records a failure that will not be retried.
func (c *conn) OutboxFailed(ctx context.Context, companyID, id int64, reason string) error {
	return c.execOne(ctx, fmt.Sprintf("outbox %d failed", id), c.book.q("OutboxFailed"), companyID, id, reason)
}

// SetOutboxStatus moves an item between statuses.
func (c *conn) SetOutboxStatus(ctx context.Context, companyID, id int64, from []string, to string) error {
	args := []any{companyID, id, to}
	ph := make([]string, len(from))
	for i, s := range from {
		args = append(args, s)
		ph[i] = fmt.Sprintf("$%d", len(args))
	}
	res, err := c.w.ExecContext(ctx, strings.Replace(c.book.q("SetOutboxStatus"), "{{from}}", strings.Join(ph, ","), 1), args...)
	if err != nil {
		return c.mapErr(err, fmt.Sprintf("outbox %d", id))
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	cur, err := c.OutboxItemByID(ctx, companyID, id)
	if err != nil {
		return err
	}
	return fmt.Errorf("outbox item %d is %s, not %s: %w", id, cur.Status, strings.Join(from, " or "), store.ErrConflict)
}

// OutboxItemByID reads one item of the company.
func (c *conn) OutboxItemByID(ctx context.Context, companyID, id int64) (store.OutboxItem, error) {
	row := c.r.QueryRowContext(ctx, "SELECT "+c.outboxColumns()+", cu.ref FROM outbox o JOIN customers cu ON cu.id = o.customer_id WHERE o.company_id = $1 AND o.id = $2", companyID, id)
	it, err := scanOutbox(row, "ref")
	return it, c.mapErr(err, fmt.Sprintf("outbox item %d", id))
}

// ListOutbox lists items, the latest first.
func (c *conn) ListOutbox(ctx context.Context, q store.OutboxQuery) ([]store.OutboxItem, error) {
	w := newWhere(q.CompanyID)
	if q.CustomerID != 0 {
		w.add("o.customer_id = ?", q.CustomerID)
	}
	if q.ActionID != 0 {
		w.add("o.action_id = ?", q.ActionID)
	}
	if !q.Day.IsZero() {
		w.add("o.day = ?", q.Day)
	}
	for _, f := range []struct {
		col  string
		vals []string
	}{{"o.status", q.Statuses}, {"o.channel", q.Channels}} {
		if len(f.vals) == 0 {
			continue
		}
		args := make([]any, len(f.vals))
		for i, v := range f.vals {
			args[i] = v
		}
		w.add(f.col+" IN ("+strings.TrimSuffix(strings.Repeat("?,", len(args)), ",")+")", args...)
	}
	rows, err := c.r.QueryContext(ctx, "SELECT "+c.outboxColumns()+", cu.ref FROM outbox o JOIN customers cu ON cu.id = o.customer_id WHERE o.company_id = $1"+
		w.sql()+" ORDER BY o.id DESC"+limitOffset(q.Limit, q.Offset), w.args...)
	if err != nil {
		return nil, c.mapErr(err, "list outbox")
	}
	defer rows.Close()
	var out []store.OutboxItem
	for rows.Next() {
		it, err := scanOutbox(rows, "ref")
		if err != nil {
			return nil, c.mapErr(err, "list outbox")
		}
		out = append(out, it)
	}
	return out, c.mapErr(rows.Err(), "list outbox")
}

// LetterPosted records that a letter went to the post office.
func (c *conn) LetterPosted(ctx context.Context, companyID, id int64, tracking string, posted civil.Date) error {
	return c.execOne(ctx, fmt.Sprintf("letter %d (not a letter, or not ready)", id), c.book.q("LetterPosted"), companyID, id, tracking, posted)
}

// LetterReceived records a letter's first presentation and acknowledgement of receipt.
func (c *conn) LetterReceived(ctx context.Context, companyID, id int64, presented, received civil.Date) error {
	return c.execOne(ctx, fmt.Sprintf("letter %d (not a posted letter)", id), c.book.q("LetterReceived"), companyID, id, presented, received)
}

func scanOutbox(s scanner, extra ...string) (store.OutboxItem, error) {
	var it store.OutboxItem
	var next int64
	var sent sql.NullTime
	dest := []any{&it.ID, &it.CompanyID, &it.CustomerID, &it.ActionID, &it.Key, &it.Kind, &it.Channel, &it.Template, &it.Payload,
		&it.Status, &it.Attempts, &next, &it.LastError, &it.ContactID, &it.Recipient, &it.MessageID, &it.Subject, &it.Content,
		&it.Document, &it.DocumentSHA256, &sent, &it.Tracking, &it.PostedOn, &it.PresentedOn, &it.ReceivedOn, &it.Day,
		&it.Author, &it.CreatedAt, &it.UpdatedAt, &it.DocumentID}
	if len(extra) > 0 {
		dest = append(dest, &it.CustomerRef)
	}
	err := s.Scan(dest...)
	if next > 0 {
		it.NextAt = time.Unix(0, next)
	}
	if sent.Valid {
		it.SentAt = sent.Time
	}
	return it, err
}
