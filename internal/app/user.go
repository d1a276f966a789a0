package app

import (
	"os"
	"os/user"
)

// CurrentUser is the operating-system user running the command line, recorded as the author
// of what it does (the web application records its logged-in user instead).
func CurrentUser() string {
	if u := os.Getenv("RELANCE_USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}
