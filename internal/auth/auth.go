// Package auth holds what identifies people: argon2id password hashes, random session and API
// tokens (stored only as their SHA-256), and the roles a user has in a company.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Role is what a user may do in a company.
type Role string

// The roles, from the least to the most powerful.
const (
	Viewer    Role = "viewer"    // reads everything of the company, changes nothing
	Collector Role = "collector" // works the accounts: calls, promises, disputes, approvals, imports
	Admin     Role = "admin"     // everything, settings and users included
)

// ParseRole reads viewer, collector or admin (and their French names).
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "viewer", "lecteur", "lecture":
		return Viewer, nil
	case "collector", "gestionnaire", "recouvreur", "chargé de recouvrement":
		return Collector, nil
	case "admin", "administrateur":
		return Admin, nil
	}
	return "", fmt.Errorf("unknown role %q: want viewer, collector or admin", s)
}

func (r Role) rank() int {
	switch r {
	case Viewer:
		return 1
	case Collector:
		return 2
	case Admin:
		return 3
	}
	return 0
}

// Allows reports whether a user with role r may do what needs role need.
func (r Role) Allows(need Role) bool { return r.rank() >= need.rank() && r.rank() > 0 }

// argon2id parameters: the OWASP recommendation (19 MiB, 2 passes, 1 lane) costs about 30 ms
// on this kind of machine — slow for an attacker, unnoticed at login.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// ErrMismatch is returned when a password does not match its hash.
var ErrMismatch = errors.New("password does not match")

// HashPassword returns the argon2id hash of password in the PHC string format, which carries
// its parameters, so that they can be raised later without breaking existing hashes.
func HashPassword(password string) (string, error) {
	if len([]rune(password)) < MinPasswordLength {
		return "", fmt.Errorf("password too short: at least %d characters", MinPasswordLength)
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword compares password with a hash made by HashPassword, in constant time.
func CheckPassword(hash, password string) error {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return errors.New("unknown password hash format")
	}
	var version int
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return errors.New("unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return errors.New("bad argon2 parameters")
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return errors.New("bad salt")
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return errors.New("bad key")
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}

// NewToken returns a random token to give out (a session cookie, an API token) and the hash
// to store: a stolen database does not yield usable tokens.
func NewToken(prefix string) (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is the stored form of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
