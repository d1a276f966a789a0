package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/receivable"
	"github.com/relance-app/relance/internal/store"
)

// queueMatches imports into company A a camt.053 statement paying two of its open invoices
// exactly, with their numbers in the remittance, and queues both for review.
func queueMatches(t *testing.T, f *fixture) []receivable.Invoice {
	t.Helper()
	ctx := context.Background()
	invs, err := f.a.Store.ListInvoices(ctx, store.InvoiceQuery{CompanyID: f.coA.ID, OpenOnly: true, Limit: 2})
	if err != nil || len(invs) != 2 {
		t.Fatalf("open invoices of the demo: %d, %v", len(invs), err)
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>T</MsgId><CreDtTm>2026-11-23T06:00:00</CreDtTm></GrpHdr><Stmt><Id>S</Id><CreDtTm>2026-11-23T06:00:00</CreDtTm>
<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>`)
	for i, inv := range invs {
		fmt.Fprintf(&b, `<Ntry><Amt Ccy="EUR">%s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-2%d</Dt></BookgDt>
<AcctSvcrRef>R%d</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>PAYEUR %d</Nm></Dbtr></RltdPties>
<RmtInf><Ustrd>FACTURE %s</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`, inv.Open(), i, i, i, inv.Number)
	}
	b.WriteString(`</Stmt></BkToCstmrStmt></Document>`)
	res, err := f.a.ImportBank(ctx, f.coA, "releve.xml", strings.NewReader(b.String()), app.BankOptions{Match: app.MatchOptions{NoAuto: true}})
	if err != nil || res.Matching.Queued != 2 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	return invs
}

func pendingProposals(t *testing.T, f *fixture) []store.Proposal {
	t.Helper()
	ps, err := f.a.Proposals(context.Background(), f.coA, store.ProposalQuery{Status: store.ProposalPending})
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func post(t *testing.T, c *http.Client, u string) *http.Response {
	t.Helper()
	resp, err := c.PostForm(u, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestTheReviewQueueShowsThePaymentsAndTheirProposals(t *testing.T) {
	f := newFixture(t)
	invs := queueMatches(t, f)
	c := f.client(t, "viewer@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug + "/matches"
	for _, lang := range []string{"fr", "en"} {
		code, body := get(t, c, base+"?lang="+lang)
		if code != 200 || !strings.Contains(body, "</html>") {
			t.Fatalf("%s: %d", lang, code)
		}
		for _, want := range []string{invs[0].Number, invs[1].Number, "PAYEUR 0", "FACTURE " + invs[0].Number, "invoice number"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the page does not show %q", lang, want)
			}
		}
		if strings.Contains(body, "/accept") {
			t.Errorf("%s: a viewer is offered to accept", lang)
		}
	}
	_, body := get(t, c, base+"?lang=fr")
	if !strings.Contains(body, "Lettrage des règlements") || !strings.Contains(body, "À valider") {
		t.Error("the French page is not in French")
	}
	for _, st := range []string{"auto", "accepted", "rejected", "all"} {
		if code, _ := get(t, c, base+"?status="+st); code != 200 {
			t.Errorf("status %s: %d", st, code)
		}
	}
	if code, _ := get(t, c, base+"?status=maybe"); code != http.StatusBadRequest {
		t.Errorf("an unknown status: %d", code)
	}
}

func TestACollectorAcceptsRejectsAndUndoes(t *testing.T) {
	f := newFixture(t)
	invs := queueMatches(t, f)
	ctx := context.Background()
	c := f.client(t, "collector@a.example")
	base := f.srv.URL + "/c/" + f.coA.Slug + "/matches/"
	ps := pendingProposals(t, f)
	byInvoice := map[string]store.Proposal{}
	for _, p := range ps {
		byInvoice[p.Allocations[0].Number] = p
	}
	accept := byInvoice[invs[0].Number]
	if _, body := get(t, c, f.srv.URL+"/c/"+f.coA.Slug+"/matches"); !strings.Contains(body, fmt.Sprintf("/matches/%d/accept", accept.ID)) {
		t.Fatal("a collector is not offered to accept")
	}
	resp := post(t, c, base+itoa(accept.ID)+"/accept")
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "flash=") {
		t.Fatalf("accept: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if inv, _ := f.a.Store.Invoice(ctx, f.coA.ID, invs[0].ID); inv.IsOpen() {
		t.Errorf("%s still open after the accept: %v", inv.Number, inv.Open())
	}
	if got, _ := f.a.Store.Proposal(ctx, f.coA.ID, accept.ID); got.Status != store.ProposalAccepted || got.DecidedBy == "" {
		t.Errorf("after the accept: %+v", got)
	}
	if resp := post(t, c, base+itoa(accept.ID)+"/accept"); resp.StatusCode != http.StatusConflict {
		t.Errorf("second accept: %d, want 409", resp.StatusCode)
	}
	if resp := post(t, c, base+itoa(byInvoice[invs[1].Number].ID)+"/reject"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("reject: %d", resp.StatusCode)
	}
	if inv, _ := f.a.Store.Invoice(ctx, f.coA.ID, invs[1].ID); inv.Open() != invs[1].Open() {
		t.Errorf("the rejected proposal allocated %s", inv.Number)
	}
	if resp := post(t, c, base+itoa(accept.ID)+"/undo"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("undo: %d", resp.StatusCode)
	}
	if inv, _ := f.a.Store.Invoice(ctx, f.coA.ID, invs[0].ID); inv.Open() != invs[0].Open() {
		t.Errorf("%s open %v after the undo, want %v", inv.Number, inv.Open(), invs[0].Open())
	}
	if got := pendingProposals(t, f); len(got) != 1 || got[0].ID != accept.ID {
		t.Errorf("pending after the undo: %+v", got)
	}
}

func TestAViewerCannotDecideAMatch(t *testing.T) {
	f := newFixture(t)
	queueMatches(t, f)
	p := pendingProposals(t, f)[0]
	v := f.client(t, "viewer@a.example")
	for _, verb := range []string{"accept", "reject", "undo"} {
		if resp := post(t, v, f.srv.URL+"/c/"+f.coA.Slug+"/matches/"+itoa(p.ID)+"/"+verb); resp.StatusCode != http.StatusForbidden {
			t.Errorf("viewer %s: %d, want 403", verb, resp.StatusCode)
		}
	}
	if got, _ := f.a.Store.Proposal(context.Background(), f.coA.ID, p.ID); got.Status != store.ProposalPending {
		t.Errorf("the viewer's POST changed the proposal: %s", got.Status)
	}
}

func TestAnotherCompanysProposalIsNotFound(t *testing.T) {
	f := newFixture(t)
	queueMatches(t, f)
	p := pendingProposals(t, f)[0]
	b := f.client(t, "admin@b.example")
	if code, _ := get(t, b, f.srv.URL+"/c/"+f.coA.Slug+"/matches"); code != http.StatusNotFound {
		t.Errorf("B's admin reads A's queue: %d", code)
	}
	if code, body := get(t, b, f.srv.URL+"/c/"+f.coB.Slug+"/matches"); code != 200 || strings.Contains(body, "PAYEUR") {
		t.Errorf("B's own queue: %d, shows A's payments: %v", code, strings.Contains(body, "PAYEUR"))
	}
	for _, verb := range []string{"accept", "reject", "undo"} {
		if resp := post(t, b, f.srv.URL+"/c/"+f.coB.Slug+"/matches/"+itoa(p.ID)+"/"+verb); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s A's proposal through B: %d, want 404", verb, resp.StatusCode)
		}
	}
	if got, _ := f.a.Store.Proposal(context.Background(), f.coA.ID, p.ID); got.Status != store.ProposalPending {
		t.Errorf("B changed A's proposal: %s", got.Status)
	}
}
