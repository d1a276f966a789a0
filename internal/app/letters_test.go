package app_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/sqlstore"
	"github.com/relance-app/relance/internal/store/storetest"
)

func TestLettersAreWrittenOnceKeptWithTheirHashAndTheirPostingRecorded(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is missing: run scripts/ensure-tools (Debian's poppler-utils)")
	}
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := newApp(db)
		co := loadDemo(t, db, 120)
		if _, err := a.Run(ctx, co, app.RunOptions{Day: day}); err != nil {
			t.Fatal(err)
		}
		// Approve the formal notices so that they are printed too.
		held, _ := db.ListActions(ctx, store.ActionQuery{CompanyID: co.ID, Statuses: []dunning.Status{dunning.StatusAwaitingApproval}})
		for _, h := range held {
			if err := a.Approve(ctx, co, h.ID, "claire"); err != nil {
				t.Fatal(err)
			}
		}
		dir := t.TempDir()
		res, err := a.Letters(ctx, co, day, dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Letters) == 0 || res.Combined == "" {
			t.Fatalf("letters = %+v", res)
		}
		first, _ := os.ReadFile(res.Letters[0].Path)
		again, err := a.Letters(ctx, co, day, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		second, _ := os.ReadFile(again.Letters[0].Path)
		if !bytes.Equal(first, second) || again.Letters[0].SHA256 != res.Letters[0].SHA256 {
			t.Error("a second writing of the day's letters gives other bytes")
		}
		doc, err := db.Document(ctx, co.ID, res.Letters[0].DocumentID)
		if err != nil || !bytes.Equal(doc.Content, first) {
			t.Errorf("the kept PDF differs from the written one: %v", err)
		}
		out, err := exec.Command("pdftotext", "-layout", res.Combined, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		var notice *app.LetterFile
		for i, l := range res.Letters {
			if l.Channel == string(dunning.RegisteredLetter) {
				it, _ := db.OutboxItemByID(ctx, co.ID, l.OutboxID)
				act, _ := db.Action(ctx, co.ID, it.ActionID)
				if act.Phase == dunning.Level3 {
					notice = &res.Letters[i]
				}
			}
			if !strings.Contains(string(out), l.Customer) && !strings.Contains(strings.ToLower(string(out)), "madame") {
				t.Errorf("the print file does not hold letter %d", l.OutboxID)
			}
		}
		if notice == nil {
			t.Fatal("no formal notice among the letters")
		}
		if !strings.Contains(strings.ToLower(string(out)), "mise en demeure") {
			t.Error("the print file has no « mise en demeure »")
		}
		if err := a.LetterPosted(ctx, co, notice.OutboxID, "", day, "claire"); err == nil {
			t.Error("a registered letter was recorded posted without its number")
		}
		if err := a.LetterPosted(ctx, co, notice.OutboxID, "1A 123 456 7890 1", day.AddDays(1), "claire"); err != nil {
			t.Fatal(err)
		}
		if err := a.LetterReceived(ctx, co, notice.OutboxID, day.AddDays(2), day.AddDays(3), "claire"); err != nil {
			t.Fatal(err)
		}
		it, _ := db.OutboxItemByID(ctx, co.ID, notice.OutboxID)
		act, _ := db.Action(ctx, co.ID, it.ActionID)
		if it.Status != store.OutboxDelivered || act.Status != dunning.StatusSent {
			t.Errorf("after posting and receipt: outbox %s, action %s", it.Status, act.Status)
		}
		notices, err := db.ListFormalNotices(ctx, store.InvoiceScope{CompanyID: co.ID, InvoiceIDs: []int64{act.Invoices[0].ID}})
		if err != nil || len(notices) != 1 || notices[0].Reference != "1A 123 456 7890 1" || notices[0].Presented != day.AddDays(2) {
			t.Errorf("formal notice = %+v, %v", notices, err)
		}
	})
}
