package auth

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestHashAndVerify(t *testing.T) {
	t.Parallel()
	h := Hasher{Iterations: 1000}
	hash, err := h.Hash("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$pbkdf2$f=SHA256,w=1000,l=32$") {
		t.Fatalf("hash %q is not a PHC pbkdf2 string", hash)
	}
	parts := strings.Split(hash, "$")
	if salt, _ := b64.DecodeString(parts[3]); len(salt) != 16 {
		t.Errorf("salt is %d bytes, want 16", len(salt))
	}
	if rehash, err := h.Verify(hash, "correct horse"); err != nil || rehash {
		t.Errorf("Verify(right) = %v, %v; want false, nil", rehash, err)
	}
	if _, err := h.Verify(hash, "wrong horse"); !errors.Is(err, ErrMismatch) {
		t.Errorf("Verify(wrong) err = %v, want ErrMismatch", err)
	}
	// Another work factor still verifies, and asks for a rehash.
	if rehash, err := (Hasher{Iterations: 2000}).Verify(hash, "correct horse"); err != nil || !rehash {
		t.Errorf("Verify with other iterations = %v, %v; want true, nil", rehash, err)
	}
}

// A hash produced by Mattermost 11's PBKDF2 hasher for the password "password" (600000
// iterations, computed independently with Python's hashlib.pbkdf2_hmac).
func TestVerifyMattermostPBKDF2(t *testing.T) {
	t.Parallel()
	const hash = "$pbkdf2$f=SHA256,w=600000,l=32$AAECAwQFBgcICQoLDA0ODw$" + mattermostKey
	if _, err := (Hasher{}).Verify(hash, "password"); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if _, err := (Hasher{}).Verify(hash, "Password"); !errors.Is(err, ErrMismatch) {
		t.Fatalf("Verify(wrong) = %v, want mismatch", err)
	}
}

func TestVerifyBcrypt(t *testing.T) {
	t.Parallel()
	b, err := bcrypt.GenerateFromPassword([]byte("legacy-pass"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	h := Hasher{Iterations: 1000}
	rehash, err := h.Verify(string(b), "legacy-pass")
	if err != nil || !rehash {
		t.Fatalf("Verify(bcrypt) = %v, %v; want rehash", rehash, err)
	}
	if _, err := h.Verify(string(b), "nope"); !errors.Is(err, ErrMismatch) {
		t.Fatalf("Verify(bcrypt, wrong) = %v", err)
	}
}

func TestPasswordLength(t *testing.T) {
	t.Parallel()
	h := Hasher{Iterations: 1000}
	long := strings.Repeat("a", 73)
	if _, err := h.Hash(long); !errors.Is(err, ErrPasswordTooLong) {
		t.Errorf("Hash(73 bytes) = %v", err)
	}
	if _, err := h.Hash(strings.Repeat("a", 72)); err != nil {
		t.Errorf("Hash(72 bytes) = %v", err)
	}
	if _, err := h.Verify("$pbkdf2$f=SHA256,w=1000,l=32$AAAA$AAAA", long); !errors.Is(err, ErrPasswordTooLong) {
		t.Errorf("Verify(73 bytes) = %v", err)
	}
}

func TestVerifyEmptyHash(t *testing.T) {
	t.Parallel()
	if _, err := (Hasher{Iterations: 1000}).Verify("", "x"); !errors.Is(err, ErrMismatch) {
		t.Errorf("Verify(empty hash) = %v", err)
	}
}

const mattermostKey = "O8NxGOYlCT6bee0Ikw6nr3OJWRIz/dkt3fNpNx5g28A"
