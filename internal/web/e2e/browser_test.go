package e2e

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// stepTimeout bounds each step of a test (a page to load, an element to appear, a condition
// to hold): generous for a loaded 2-core CI machine, short enough that a hung step fails
// the test with the page it was on rather than the whole run at go test's -timeout.
const stepTimeout = 30 * time.Second

// tabTimeout bounds a whole test's tab.
const tabTimeout = 4 * time.Minute

// browser is the one Chromium of the package, started by the first test that needs it and
// stopped by TestMain after the last.
var browser struct {
	once    sync.Once
	err     error
	ctx     context.Context // the browser's chromedp context; tabs are its children
	cancel  func()          // closes the browser
	release func()          // stops the allocator, waiting for the process to end
	dir     string          // its fresh user data directory
	pid     int
	out     limitedBuffer // what Chromium wrote on stdout and stderr
}

func TestMain(m *testing.M) {
	code := m.Run()
	stopBrowser()
	os.Exit(code)
}

// chromiumPath is Debian's Chromium, as scripts/ensure-tools installs it.
func chromiumPath() (string, error) {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, nil
	}
	return "", errors.New("Chromium is not installed (no /usr/bin/chromium, no chromium on the PATH): " +
		"run `bash scripts/ensure-tools`, which installs Debian's chromium package, or `bash scripts/test`, which runs it first; " +
		"these browser tests never skip")
}

func startBrowser() error {
	path, err := chromiumPath()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "relance-e2e-chromium-")
	if err != nil {
		return err
	}
	browser.dir = dir
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root in CI, and Chromium refuses to without it
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		// The CI network is closed: Chromium's own connections (updates, sync, safe
		// browsing…) are refused, many at a time, and slow everything down.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		// A French collector's browser: the pages come in French.
		chromedp.Flag("accept-lang", "fr-FR,fr"),
		chromedp.WindowSize(1366, 900),
		chromedp.UserDataDir(dir),
		chromedp.CombinedOutput(&browser.out),
	)
	allocCtx, release := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	browser.ctx, browser.cancel, browser.release = ctx, cancel, release
	// The first Run starts the browser and must have no timeout (a timeout would stop the
	// browser with it), so it is bounded from outside.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err = <-started:
	case <-time.After(90 * time.Second):
		err = errors.New("Chromium did not answer within 90s")
	}
	if c := chromedp.FromContext(ctx); c != nil && c.Browser != nil && c.Browser.Process() != nil {
		browser.pid = c.Browser.Process().Pid
	}
	if err != nil {
		return fmt.Errorf("starting %s: %w; its output:\n%s", path, err, browser.out.String())
	}
	return nil
}

// stopBrowser closes Chromium, then kills, by their process ids, any of its processes still
// running: the main one and every child started with its user data directory.
func stopBrowser() {
	if browser.ctx == nil {
		return
	}
	ctx, cancel := context.WithTimeout(browser.ctx, 10*time.Second)
	chromedp.Cancel(ctx) // a graceful close first
	cancel()
	browser.cancel()
	done := make(chan struct{})
	go func() { browser.release(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
	}
	if browser.pid > 0 {
		syscall.Kill(browser.pid, syscall.SIGKILL)
	}
	for range 3 {
		if killUsing(browser.dir) == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	os.RemoveAll(browser.dir)
}

// killUsing kills the processes started with --user-data-dir=dir (this package's Chromium
// and its children: the directory is unique to this run) and returns how many there were.
func killUsing(dir string) int {
	want := []byte("--user-data-dir=" + dir + "\x00")
	entries, _ := os.ReadDir("/proc")
	n := 0
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || !bytes.Contains(append(cmdline, 0), want) {
			continue
		}
		if syscall.Kill(pid, syscall.SIGKILL) == nil {
			n++
		}
	}
	return n
}

// limitedBuffer keeps the last 64 KiB written to it.
type limitedBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - 64<<10; over > 0 {
		b.buf = b.buf[over:]
	}
	return len(p), nil
}

func (b *limitedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

// tab is a fresh browser tab, in a browser context of its own (its own cookies: a session
// of one test never leaks into another), pointed at one test server.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// newTab opens a tab for the test; when the test fails, the page it was on is saved.
func newTab(t *testing.T, base string) *tab {
	t.Helper()
	browser.once.Do(func() { browser.err = startBrowser() })
	if browser.err != nil {
		t.Fatal(browser.err)
	}
	// The tab lives as long as the context of its first Run: that is the tab's own context,
	// bounded by tabTimeout, and each step then runs with a shorter timeout of its own.
	bounded, stop := context.WithTimeout(browser.ctx, tabTimeout)
	t.Cleanup(stop)
	ctx, cancel := chromedp.NewContext(bounded, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	// A French collector's browser, in Paris time.
	if _, err := chromedp.Call(ctx, emulation.SetLocaleOverride, emulation.SetLocaleOverrideParams{Locale: "fr_FR"}); err != nil {
		t.Fatalf("set the tab's locale: %v", err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Europe/Paris"}); err != nil {
		t.Fatalf("set the tab's time zone: %v", err)
	}
	p := &tab{t: t, ctx: ctx, base: base}
	t.Cleanup(func() {
		if t.Failed() {
			p.saveFailure()
		}
	})
	return p
}

// step runs f with the step's timeout.
func (p *tab) step(f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	return f(ctx)
}

// do runs actions that return nothing, and fails the test with what it was doing.
func (p *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := p.step(func(ctx context.Context) error { return chromedp.Do(ctx, actions...) }); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

// run runs one action that returns a value.
func run[T any](p *tab, what string, action chromedp.Action[T]) T {
	p.t.Helper()
	var v T
	err := p.step(func(ctx context.Context) error {
		var err error
		v, err = chromedp.Run(ctx, action)
		return err
	})
	if err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// open loads a path of the server as if typed in the address bar, and fails the test
// unless the page answers 200 (after redirects).
func (p *tab) open(path string) {
	p.t.Helper()
	resp := run(p, "open "+path, chromedp.NavigateResponse(p.base+path))
	if resp.Status != 200 {
		p.t.Fatalf("open %s: HTTP %d", path, resp.Status)
	}
}

// follow clicks what sel selects (a link, a submit button) and waits for the page it
// loads; it returns that page's HTTP status and fails the test on a server error.
func (p *tab) follow(what string, sel string) int64 {
	p.t.Helper()
	var status int64
	err := p.step(func(ctx context.Context) error {
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
		if err == nil {
			status = resp.Status
		}
		return err
	})
	if err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
	if status >= 500 {
		p.t.Fatalf("%s: HTTP %d", what, status)
	}
	return status
}

// typeIn types text into a field as a user does, key by key, after clearing it.
func (p *tab) typeIn(sel, text string) {
	p.t.Helper()
	p.do("type in "+sel, chromedp.Clear(chromedp.CSS(sel), chromedp.NodeVisible), chromedp.SendKeys(chromedp.CSS(sel), text, chromedp.NodeVisible))
}

// text is the visible text of the first element sel selects, once it is visible, its
// spaces collapsed.
func (p *tab) text(sel string) string {
	p.t.Helper()
	return squash(run(p, "read "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible)))
}

// value is the value of a form field.
func (p *tab) value(sel string) string {
	p.t.Helper()
	return run(p, "read the value of "+sel, chromedp.Value(chromedp.CSS(sel)))
}

// texts is the visible text of every element a CSS selector selects, now (none is an
// empty list).
func (p *tab) texts(css string) []string {
	p.t.Helper()
	raw := run(p, "read all "+css, chromedp.Evaluate[[]string](fmt.Sprintf(
		`Array.from(document.querySelectorAll(%q), e => e.innerText)`, css)))
	for i, s := range raw {
		raw[i] = squash(s)
	}
	return raw
}

// table is the visible text of every cell of the rows a CSS selector selects.
func (p *tab) table(rowsCSS string) [][]string {
	p.t.Helper()
	raw := run(p, "read the rows "+rowsCSS, chromedp.Evaluate[[][]string](fmt.Sprintf(
		`Array.from(document.querySelectorAll(%q), r => Array.from(r.cells, c => c.innerText))`, rowsCSS)))
	for _, r := range raw {
		for i, s := range r {
			r[i] = squash(s)
		}
	}
	return raw
}

// location is the URL of the page shown, without the server's address.
func (p *tab) location() string {
	p.t.Helper()
	return strings.TrimPrefix(run(p, "read the location", chromedp.Location()), p.base)
}

// reloadUntil reloads the page every 250 ms until cond, a condition on what it shows,
// holds; it fails the test after stepTimeout.
func (p *tab) reloadUntil(what string, cond func() bool) {
	p.t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			p.t.Fatalf("%s: still not so after %s", what, stepTimeout)
		}
		time.Sleep(250 * time.Millisecond)
		p.do("reload", chromedp.Reload())
	}
}

var spaces = regexp.MustCompile(`\s+`)

// squash collapses runs of spaces, including the narrow no-break spaces of French numbers,
// into one plain space.
func squash(s string) string {
	s = strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(s)
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}

// saveFailure saves the page the tab shows — a full-page screenshot and its HTML — and
// logs where, with the page's address and the start of its text, for whoever reads the CI
// log.
func (p *tab) saveFailure() {
	t := p.t
	ctx, cancel := context.WithTimeout(p.ctx, 15*time.Second)
	defer cancel()
	dir := failureDir(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("cannot save the failed page: %v", err)
		return
	}
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err == nil {
		t.Logf("the page at the failure: %s", loc)
	}
	if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		f := filepath.Join(dir, "page.png")
		if err := os.WriteFile(f, shot, 0o644); err == nil {
			t.Logf("its screenshot: %s", f)
		}
	} else {
		t.Logf("no screenshot: %v", err)
	}
	if html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html"))); err == nil {
		f := filepath.Join(dir, "page.html")
		if err := os.WriteFile(f, []byte(html), 0o644); err == nil {
			t.Logf("its HTML: %s", f)
		}
	}
	if text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`)); err == nil {
		if text = squash(text); len(text) > 1500 {
			text = text[:1500] + "…"
		}
		t.Logf("its text: %s", text)
	}
}

// failureDir is where a failed test's page goes: its artifact directory when go test runs
// with -artifacts (kept under -outputdir), otherwise a directory under $TMPDIR that nothing
// removes.
func failureDir(t *testing.T) string {
	if f := flag.Lookup("test.artifacts"); f != nil && f.Value.String() == "true" {
		return t.ArtifactDir()
	}
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	return filepath.Join(os.TempDir(), "relance-e2e-failures", name+"-"+time.Now().Format("20060102-150405"))
}
