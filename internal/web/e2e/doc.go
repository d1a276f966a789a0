// Package e2e holds relance's end-to-end tests: a headless Chromium drives the real web
// server as a collector would — typing in the login form, clicking links and buttons,
// filling and submitting forms, reading what the pages show — and the tests then check the
// effects where they land: in the database, and at an SMTP server inside the test process
// that the real sending path delivers to.
//
// The package has no code of its own besides this comment; the tests are in *_test.go. It
// lives outside package web on purpose: the tests see the server only as a browser does, plus
// the store and the SMTP catcher to check what a user cannot see.
//
// # What they need
//
// Debian's Chromium, at /usr/bin/chromium (or "chromium" on the PATH). scripts/ensure-tools
// installs it with apt-get, and scripts/test — what CI runs, through .ci/run — calls
// scripts/ensure-tools first. Never a browser downloaded by a test tool. Without Chromium the
// tests fail, saying to run scripts/ensure-tools: they never skip, because browser tests that
// CI does not run are worse than none.
//
// # How to run them
//
//	bash scripts/test                                    # everything, as CI does
//	go test ./internal/web/e2e/                          # these only
//	go test ./internal/web/e2e/ -run Promise -v          # one scenario, with its log
//	go test ./internal/web/e2e/ -artifacts -outputdir /tmp/e2e   # keep failure screenshots there
//
// One Chromium serves the whole package (started at the first test, stopped after the last,
// with every process it started killed by its id); each test gets a fresh tab in a browser
// context of its own (its own cookies), and a server of its own on 127.0.0.1 with a fresh
// SQLite database holding the demo company, its users and the day's run, an SMTP catcher on
// 127.0.0.1, and a sender that sends the outbox every 200 ms as `relance serve` does every
// --send-every. The server's clock is fixed (Monday 23 November 2026, 11:00 in Paris), so the
// demo data and the day's run are the same on every machine.
//
// When a test fails, the page it was on is saved — a full-page screenshot and its HTML —
// and the paths are logged: under the test's artifact directory with -artifacts, otherwise
// under $TMPDIR/relance-e2e-failures/, which nothing removes.
//
// Chromium runs with --headless, --no-sandbox (the tests run as root in CI), --disable-gpu
// and, because the CI network is closed, without its background connections
// (--disable-background-networking, --disable-component-update, --disable-sync,
// --no-first-run): without these its connections are refused many at a time and pages load
// slowly. Its language is French, the users' language: the pages are read in French.
package e2e
