package tabular

import (
	"bytes"
	"errors"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// readAll opens a file with the given reader and collects its valid rows and final error.
func readAll[T any](t *testing.T, open func(string, []byte) (*Table[T], error), name string, data []byte) ([]T, *Table[T], error) {
	t.Helper()
	tb, err := open(name, data)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	var rows []T
	for r := range tb.Rows() {
		rows = append(rows, r)
	}
	return rows, tb, tb.Err()
}

func invoices(opts Options) func(string, []byte) (*Table[InvoiceRow], error) {
	return func(name string, data []byte) (*Table[InvoiceRow], error) {
		return NewInvoiceReader(name, bytes.NewReader(data), opts)
	}
}

func payments(opts Options) func(string, []byte) (*Table[PaymentRow], error) {
	return func(name string, data []byte) (*Table[PaymentRow], error) {
		return NewPaymentReader(name, bytes.NewReader(data), opts)
	}
}

func customers(opts Options) func(string, []byte) (*Table[CustomerRow], error) {
	return func(name string, data []byte) (*Table[CustomerRow], error) {
		return NewCustomerReader(name, bytes.NewReader(data), opts)
	}
}

// errorList asserts err is an *ErrorList and returns it.
func errorList(t *testing.T, err error) *ErrorList {
	t.Helper()
	var l *ErrorList
	if !errors.As(err, &l) {
		t.Fatalf("got error %v (%T), want *ErrorList", err, err)
	}
	return l
}

// cp1252 encodes UTF-8 text as Windows-1252, as French Excel saves a CSV file.
func cp1252(t *testing.T, s string) []byte {
	t.Helper()
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mapping(cols []Column) map[string]string {
	m := map[string]string{}
	for _, c := range cols {
		if c.Field != "" {
			m[c.Field] = c.Header
		}
	}
	return m
}
