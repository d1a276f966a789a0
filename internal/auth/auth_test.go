package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestPasswordHashVerifiesOnlyTheRightPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash format %q", h)
	}
	if err := CheckPassword(h, "correct horse battery"); err != nil {
		t.Errorf("right password: %v", err)
	}
	if err := CheckPassword(h, "correct horse batterY"); !errors.Is(err, ErrMismatch) {
		t.Errorf("wrong password: %v", err)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("short password accepted")
	}
}

func TestRolesAllowWhatTheyShould(t *testing.T) {
	if !Admin.Allows(Collector) || !Collector.Allows(Viewer) || Viewer.Allows(Collector) || Collector.Allows(Admin) || Role("").Allows(Viewer) {
		t.Error("role order wrong")
	}
	if r, err := ParseRole("Gestionnaire"); err != nil || r != Collector {
		t.Errorf("ParseRole = %v %v", r, err)
	}
}

func TestTokensAreStoredOnlyAsHashes(t *testing.T) {
	tok, hash, err := NewToken("rl_")
	if err != nil || !strings.HasPrefix(tok, "rl_") || hash != HashToken(tok) || strings.Contains(hash, tok[3:]) {
		t.Errorf("token %q hash %q %v", tok, hash, err)
	}
}
