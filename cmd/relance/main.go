// Command relance chases unpaid invoices: see README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/relance-app/relance/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
