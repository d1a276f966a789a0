package web

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/civil"
	"github.com/relance-app/relance/internal/store"
)

// Stored documents — the frozen PDF of each letter, the original of each imported e-invoice —
// are the proof of what was sent and received: any member of the company may download them,
// byte for byte as kept, with their SHA-256 in the headers to check them against the
// timeline.
func init() {
	addRoute("GET /c/{company}/documents/{id}", func(s *Server) http.Handler { return s.page(auth.Viewer, s.documentDownload) })
}

// documentDownload serves a stored document of the path's company; another company's is not
// found.
func (s *Server) documentDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return notFound()
	}
	doc, err := s.app.Store.Document(r.Context(), companyOf(r).ID, id)
	if err != nil {
		return err
	}
	serveDocument(w, r, doc)
	return nil
}

// serveDocument answers a stored file as a download. The browser is told not to guess its
// type (an XML e-invoice shown as a page could run what it holds) and to save it under its
// cleaned name; the ETag and Repr-Digest (RFC 9530) carry its SHA-256, so that a download can
// be checked against the hash the timeline shows.
func serveDocument(w http.ResponseWriter, r *http.Request, doc store.Document) {
	h := w.Header()
	h.Set("Content-Type", documentType(doc.ContentType))
	h.Set("Content-Disposition", attachmentHeader(doc.Name, "document-"+strconv.FormatInt(doc.ID, 10)))
	h.Set("X-Content-Type-Options", "nosniff")
	// Confidential: no shared cache keeps it; the browser may, and asks again with the ETag.
	h.Set("Cache-Control", "private, no-cache")
	if sum, err := hex.DecodeString(doc.SHA256); err == nil && len(sum) == 32 {
		h.Set("ETag", `"sha256-`+doc.SHA256+`"`)
		h.Set("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(sum)+":")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(doc.Content))
}

// documentType is a stored content type that is safe to send, else application/octet-stream.
func documentType(ct string) string {
	if mt, params, err := mime.ParseMediaType(ct); err == nil {
		return mime.FormatMediaType(mt, params)
	}
	return "application/octet-stream"
}

// attachmentHeader is a Content-Disposition that saves the file under name: its last path
// element, without control characters, quotes or separators, and fallback when nothing is
// left. A name beyond ASCII goes as RFC 2231's filename*, which browsers read.
func attachmentHeader(name, fallback string) string {
	name = cleanFileName(name)
	if name == "" {
		name = fallback
	}
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return `attachment; filename="` + safeFileName(name) + `"`
}

// cleanFileName keeps what a file name may hold on every system people download to.
func cleanFileName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), strings.ContainsRune(`"/\:*?<>|;`, r):
			return '_'
		}
		return r
	}, name)
	name = strings.Trim(name, ". ")
	if len(name) > 150 {
		ext := path.Ext(name)
		if len(ext) > 10 {
			ext = ""
		}
		name = strings.ToValidUTF8(name[:150-len(ext)], "") + ext
	}
	return name
}

// servePrintFile answers the day's letters joined into one PDF, as a download (the Letters
// page's button and the API's print route).
func servePrintFile(w http.ResponseWriter, p app.LettersPrint, day civil.Date) {
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", attachmentHeader(p.CombinedName, day.String()+".pdf"))
	h.Set("Cache-Control", "no-store")
	w.Write(p.Combined)
}
