package catcher

import (
	"mime"

	"github.com/emersion/go-sasl"
)

type smtpSASL = sasl.Server

// plainServer checks PLAIN credentials against the catcher's.
func plainServer(s *session) sasl.Server {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		s.c.mu.Lock()
		defer s.c.mu.Unlock()
		if username != s.c.user || password != s.c.pass {
			return errBadAuth
		}
		s.authed = true
		return nil
	})
}

type mimeDecoder struct{ mime.WordDecoder }

func (d *mimeDecoder) decode(s string) string {
	out, err := d.DecodeHeader(s)
	if err != nil {
		return s
	}
	return out
}
