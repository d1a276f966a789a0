package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestLettersWritesTheDaysPDFsAndLetterSentRecordsThePosting(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "r.db")
	run(t, "--db", db, "demo", "--customers", "60")
	if _, errOut, code := run(t, "--db", db, "run"); code != 0 {
		t.Fatal(errOut)
	}
	out, errOut, code := run(t, "--db", db, "letters", "--out", filepath.Join(dir, "lettres"), "--format", "json")
	if code != 0 {
		t.Fatalf("letters: %d %s", code, errOut)
	}
	var res struct {
		Letters []struct {
			OutboxID int64  `json:"outbox_id"`
			Channel  string `json:"channel"`
			Path     string `json:"path"`
		} `json:"letters"`
		Combined string `json:"combined"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Letters) == 0 {
		t.Fatalf("letters json: %v %s", err, out)
	}
	for _, p := range append([]string{res.Combined}, res.Letters[0].Path) {
		if b, err := os.ReadFile(p); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
			t.Errorf("%s is not a PDF: %v", p, err)
		}
	}
	l := res.Letters[0]
	args := []string{"--db", db, "letter", "sent", strconv.FormatInt(l.OutboxID, 10), "--number", "1A 000 000 0000 0"}
	if out, errOut, code := run(t, args...); code != 0 || !strings.Contains(out, "posted") {
		t.Fatalf("letter sent: %d %s %s", code, out, errOut)
	}
	if _, errOut, code := run(t, "--db", db, "letter", "received", strconv.FormatInt(l.OutboxID, 10)); code != 2 || !strings.Contains(errOut, "--presented") {
		t.Errorf("received without --presented: %d %s", code, errOut)
	}
	out, _, _ = run(t, "--db", db, "outbox", "list", "--status", "posted")
	if !strings.Contains(out, "posted") {
		t.Errorf("outbox after posting:\n%s", out)
	}
	if out, errOut, code := run(t, "--db", db, "send"); code != 0 || !strings.Contains(out, "no SMTP server is set") {
		t.Errorf("send without SMTP: %d %s %s", code, out, errOut)
	}
}
