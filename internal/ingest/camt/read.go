package camt

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/money"
)

// containers are the message roots under Document, with the statement-level element each
// holds.
var containers = map[string]struct{ message, stmt string }{
	"BkToCstmrStmt":         {"camt.053", "Stmt"},
	"BkToCstmrAcctRpt":      {"camt.052", "Rpt"},
	"BkToCstmrDbtCdtNtfctn": {"camt.054", "Ntfctn"},
}

// Read reads a camt.053 statement (or a camt.052 report or camt.054 notification). name is
// used in errors only. The version is taken from the namespace; elements are read by name,
// whatever the version.
func Read(name string, r io.Reader) (*Document, error) {
	d := xml.NewDecoder(skipBOM(r))
	d.CharsetReader = charsetReader
	doc := &Document{Name: name}
	rd := &reader{name: name, d: d}
	var stack []string
	stmtElem := ""
	var st *Statement
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, rd.syntax(stack, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch len(stack) {
			case 0:
				if t.Name.Local != "Document" || !strings.HasPrefix(t.Name.Space, "urn:iso:std:iso:20022:tech:xsd:camt.05") && t.Name.Space != "" {
					line, _ := d.InputPos()
					return nil, &Error{File: name, Line: line, Path: t.Name.Local,
						Err: fmt.Errorf("%w: root element %s in namespace %q", ErrNotCAMT, t.Name.Local, t.Name.Space)}
				}
				if i := strings.LastIndex(t.Name.Space, ":"); i >= 0 {
					doc.Version = t.Name.Space[i+1:]
				}
			case 1:
				c, ok := containers[t.Name.Local]
				if !ok {
					line, _ := d.InputPos()
					return nil, &Error{File: name, Line: line, Path: "Document/" + t.Name.Local,
						Err: fmt.Errorf("%w: unexpected element %s", ErrNotCAMT, t.Name.Local)}
				}
				doc.Message, stmtElem = c.message, c.stmt
			case 2:
				switch t.Name.Local {
				case "GrpHdr":
					var g xGrpHdr
					if err := d.DecodeElement(&g, &t); err != nil {
						return nil, rd.syntax(append(stack, t.Name.Local), err)
					}
					doc.MessageID = strings.TrimSpace(g.MsgID)
					cv := converter{file: name, path: "GrpHdr"}
					if doc.Created = cv.date(g.CreDtTm, "CreDtTm"); cv.err != nil {
						return nil, cv.err
					}
					continue
				case stmtElem:
					line, _ := d.InputPos()
					doc.Statements = append(doc.Statements, Statement{Line: line})
					st = &doc.Statements[len(doc.Statements)-1]
					rd.stmt, rd.ntry = len(doc.Statements), 0
				default:
					if err := d.Skip(); err != nil {
						return nil, rd.syntax(append(stack, t.Name.Local), err)
					}
					continue
				}
			case 3:
				if err := rd.statementPart(st, t, stmtElem); err != nil {
					return nil, err
				}
				continue
			default:
				// Deeper elements are decoded by statementPart; nothing else reaches here.
			}
			stack = append(stack, t.Name.Local)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if doc.Message == "" {
		return nil, &Error{File: name, Err: fmt.Errorf("%w: no BkToCstmrStmt element", ErrNotCAMT)}
	}
	return doc, nil
}

type reader struct {
	name       string
	d          *xml.Decoder
	stmt, ntry int
}

func (rd *reader) syntax(stack []string, err error) error {
	line, col := rd.d.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) && se.Line > 0 {
		line, col = se.Line, 0
	}
	return &Error{File: rd.name, Line: line, Column: col, Path: strings.Join(stack, "/"),
		Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
}

// statementPart decodes one child of a statement.
func (rd *reader) statementPart(st *Statement, t xml.StartElement, stmtElem string) error {
	line, _ := rd.d.InputPos()
	path := fmt.Sprintf("%s[%d]/%s", stmtElem, rd.stmt, t.Name.Local)
	decode := func(v any) error {
		if err := rd.d.DecodeElement(v, &t); err != nil {
			return rd.syntax(strings.Split(path, "/"), err)
		}
		return nil
	}
	cv := converter{file: rd.name, line: line, path: path}
	switch t.Name.Local {
	case "Id", "ElctrncSeqNb", "CreDtTm":
		var s string
		if err := decode(&s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		switch t.Name.Local {
		case "Id":
			st.ID = s
		case "ElctrncSeqNb":
			st.SequenceNumber = s
		default:
			st.Created = cv.date(s, "")
		}
	case "FrToDt":
		var x xFrToDt
		if err := decode(&x); err != nil {
			return err
		}
		st.From, st.To = cv.date(x.FrDtTm, "FrDtTm"), cv.date(x.ToDtTm, "ToDtTm")
	case "Acct":
		var x xAcct
		if err := decode(&x); err != nil {
			return err
		}
		st.Account = Account{IBAN: compactIBAN(x.IBAN), Other: strings.TrimSpace(x.Othr),
			Currency: strings.TrimSpace(x.Ccy), Owner: strings.TrimSpace(x.Owner), BIC: strings.TrimSpace(x.BIC + x.BICFI)}
	case "Bal":
		var x xBal
		if err := decode(&x); err != nil {
			return err
		}
		cv.path += fmt.Sprintf("[%d]", len(st.Balances)+1)
		b := Balance{Type: strings.TrimSpace(x.Cd + x.Prtry), Currency: strings.TrimSpace(x.Amt.Ccy)}
		b.Amount = cv.amount(x.Amt.Value, "Amt")
		if strings.TrimSpace(x.CdtDbtInd) == "DBIT" {
			b.Amount = -b.Amount
		}
		b.Date = cv.dateChoice(x.Dt, "Dt")
		st.Balances = append(st.Balances, b)
	case "Ntry":
		rd.ntry++
		cv.path = fmt.Sprintf("%s[%d]/Ntry[%d]", stmtElem, rd.stmt, rd.ntry)
		var x xNtry
		if err := decode(&x); err != nil {
			return err
		}
		st.Entries = append(st.Entries, cv.entry(x))
	default:
		return rd.skip(t, path)
	}
	return cv.err
}

func (rd *reader) skip(t xml.StartElement, path string) error {
	if err := rd.d.Skip(); err != nil {
		return rd.syntax(strings.Split(path, "/"), err)
	}
	return nil
}

// converter turns decoded strings into values, keeping the first error with its location.
type converter struct {
	file string
	line int
	path string
	err  error
}

func (cv *converter) fail(elem, value string, err error) {
	if cv.err == nil {
		p := cv.path
		if elem != "" {
			p += "/" + elem
		}
		cv.err = &Error{File: cv.file, Line: cv.line, Path: p, Value: value, Err: err}
	}
}

// amount reads an ISO 20022 amount: digits and an optional decimal point, never a sign (the
// direction is in CdtDbtInd). Up to five decimals are allowed by the schema; relance keeps
// two, and refuses rather than rounds a third significant one.
func (cv *converter) amount(s, elem string) money.Cents {
	s = strings.TrimSpace(s)
	ok := s != "" && s != "."
	dots := 0
	for i := 0; i < len(s) && ok; i++ {
		switch {
		case s[i] == '.':
			dots++
		case s[i] < '0' || s[i] > '9':
			ok = false
		}
	}
	if !ok || dots > 1 {
		cv.fail(elem, s, ErrAmount)
		return 0
	}
	c, err := money.Parse(s)
	if err != nil {
		cv.fail(elem, s, ErrAmount)
	}
	return c
}

// date reads an ISODate or ISODateTime; the day is the bank's, as written.
func (cv *converter) date(s, elem string) civil.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return civil.Date{}
	}
	d, err := civil.Parse(s[:min(len(s), 10)])
	if err != nil {
		cv.fail(elem, s, ErrDate)
	}
	return d
}

func (cv *converter) dateChoice(x xDate, elem string) civil.Date {
	if strings.TrimSpace(x.Dt) != "" {
		return cv.date(x.Dt, elem+"/Dt")
	}
	return cv.date(x.DtTm, elem+"/DtTm")
}

func (cv *converter) entry(x xNtry) Entry {
	e := Entry{
		Line:           cv.line,
		Ref:            strings.TrimSpace(x.NtryRef),
		Currency:       strings.TrimSpace(x.Amt.Ccy),
		Reversal:       isTrue(x.RvslInd),
		Status:         strings.TrimSpace(firstNonEmpty(x.Sts.Cd, x.Sts.Prtry, x.Sts.Text)),
		BookingDate:    cv.dateChoice(x.BookgDt, "BookgDt"),
		ValueDate:      cv.dateChoice(x.ValDt, "ValDt"),
		BankRef:        strings.TrimSpace(x.AcctSvcrRef),
		BankTxCode:     txCode(x.BkTxCd),
		BankTxPrtry:    strings.TrimSpace(x.BkTxCd.Prtry),
		AdditionalInfo: oneLine(x.AddtlNtryInf),
	}
	e.Amount = cv.amount(x.Amt.Value, "Amt")
	switch strings.TrimSpace(x.CdtDbtInd) {
	case "CRDT":
		e.Credit = true
	case "DBIT":
	default:
		cv.fail("CdtDbtInd", x.CdtDbtInd, errors.New("want CRDT or DBIT"))
	}
	for i, nd := range x.NtryDtls {
		if nd.Btch != nil && e.NbOfTxs == 0 {
			e.NbOfTxs, _ = strconv.Atoi(strings.TrimSpace(nd.Btch.NbOfTxs))
		}
		for j, tx := range nd.TxDtls {
			e.Transactions = append(e.Transactions, cv.transaction(tx, e, fmt.Sprintf("NtryDtls[%d]/TxDtls[%d]", i+1, j+1)))
		}
	}
	if len(e.Transactions) == 0 {
		e.Transactions = []Transaction{{Amount: e.Amount, Currency: e.Currency, Credit: e.Credit,
			HasAmount: true, AdditionalInfo: e.AdditionalInfo}}
	}
	e.Itemized = itemized(e)
	return e
}

func (cv *converter) transaction(x xTx, e Entry, path string) Transaction {
	t := Transaction{
		Credit:         e.Credit,
		EndToEndID:     provided(x.Refs.EndToEndID),
		InstructionID:  provided(x.Refs.InstrID),
		BankRef:        strings.TrimSpace(x.Refs.AcctSvcrRef),
		MandateID:      strings.TrimSpace(x.Refs.MndtID),
		DebtorName:     oneLine(x.RltdPties.Dbtr.name()),
		DebtorIBAN:     compactIBAN(firstNonEmpty(x.RltdPties.DbtrAcct.IBAN, x.RltdPties.DbtrAcct.Othr)),
		UltimateDebtor: oneLine(x.RltdPties.UltmtDbtr.name()),
		CreditorName:   oneLine(x.RltdPties.Cdtr.name()),
		CreditorIBAN:   compactIBAN(firstNonEmpty(x.RltdPties.CdtrAcct.IBAN, x.RltdPties.CdtrAcct.Othr)),
		AdditionalInfo: oneLine(x.AddtlTxInf),
	}
	amt := x.Amt
	if strings.TrimSpace(amt.Value) == "" {
		amt = x.TxAmt
	}
	if strings.TrimSpace(amt.Value) != "" {
		t.Amount, t.Currency, t.HasAmount = cv.amount(amt.Value, path+"/Amt"), strings.TrimSpace(amt.Ccy), true
	}
	switch strings.TrimSpace(x.CdtDbtInd) {
	case "CRDT":
		t.Credit = true
	case "DBIT":
		t.Credit = false
	}
	for _, u := range x.Ustrd {
		if u = oneLine(u); u != "" {
			t.Unstructured = append(t.Unstructured, u)
		}
	}
	var extra []string
	for _, s := range x.Strd {
		for _, r := range s.CdtrRefInf {
			if ref := strings.TrimSpace(r.Ref); ref != "" {
				t.References = append(t.References, Reference{Type: strings.TrimSpace(r.Cd + r.Prtry),
					Issuer: strings.TrimSpace(r.Issr), Ref: ref})
			}
		}
		for _, d := range s.RfrdDocInf {
			if nb := strings.TrimSpace(d.Nb); nb != "" {
				t.Documents = append(t.Documents, nb)
			}
		}
		for _, a := range s.AddtlRmtInf {
			if a = oneLine(a); a != "" {
				extra = append(extra, a)
			}
		}
	}
	if len(extra) > 0 {
		t.AdditionalInfo = strings.TrimSpace(strings.Join(append(extra, t.AdditionalInfo), " "))
	}
	if x.RtrInf != nil {
		t.Returned, t.ReturnReason = true, strings.TrimSpace(x.RtrInf.Cd+x.RtrInf.Prtry)
	}
	return t
}

// itemized reports whether the transactions split the entry exactly.
func itemized(e Entry) bool {
	if len(e.Transactions) < e.NbOfTxs {
		return false
	}
	var sum money.Cents
	for _, t := range e.Transactions {
		if !t.HasAmount || t.Currency != "" && e.Currency != "" && t.Currency != e.Currency {
			return false
		}
		if t.Credit == e.Credit {
			sum += t.Amount
		} else {
			sum -= t.Amount
		}
	}
	return sum == e.Amount
}

func txCode(b xBkTxCd) string {
	var parts []string
	for _, p := range []string{b.Domn, b.Fmly, b.SubFmly} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "/")
}

func isTrue(s string) bool {
	s = strings.TrimSpace(s)
	return s == "true" || s == "1"
}

// provided drops the placeholder banks write when the payer gave no end-to-end id.
func provided(s string) string {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "NOTPROVIDED") {
		return ""
	}
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// oneLine collapses the line breaks and indentation banks leave in free text.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func compactIBAN(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }

// charsetReader lets encoding/xml read the 8-bit encodings some banks still declare.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1":
		return charmap.ISO8859_1.NewDecoder().Reader(in), nil
	case "iso-8859-15", "iso8859-15", "latin9", "latin-9":
		return charmap.ISO8859_15.NewDecoder().Reader(in), nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(in), nil
	case "us-ascii", "ascii":
		return in, nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", label)
}

// skipBOM drops a UTF-8 byte-order mark, which encoding/xml refuses before the declaration.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	return br
}
