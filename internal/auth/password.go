// Package auth holds the security primitives: password hashing and verification, and
// reading a request's credentials.
package auth

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// MaxPasswordBytes is the longest password any hasher accepts (bcrypt's limit).
const MaxPasswordBytes = 72

// DefaultPBKDF2Iterations is Mattermost 11's work factor.
const DefaultPBKDF2Iterations = 600000

var (
	// ErrPasswordTooLong: more than 72 bytes.
	ErrPasswordTooLong = errors.New("password longer than 72 bytes")
	// ErrMismatch: the password does not match the hash.
	ErrMismatch = errors.New("password does not match")
)

// Hasher hashes new passwords as Mattermost 11 does (PBKDF2-SHA256, 32-byte key, 16-byte
// salt, PHC string) and verifies both that format and the bcrypt hashes older servers wrote.
type Hasher struct {
	Iterations int
}

const (
	pbkdf2KeyLen  = 32
	pbkdf2SaltLen = 16
)

var b64 = base64.RawStdEncoding

// Hash returns the PHC string for password.
func (h Hasher) Hash(password string) (string, error) {
	if len(password) > MaxPasswordBytes {
		return "", ErrPasswordTooLong
	}
	salt := make([]byte, pbkdf2SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	iter := h.iterations()
	key, err := pbkdf2.Key(sha256.New, password, salt, iter, pbkdf2KeyLen)
	if err != nil {
		return "", fmt.Errorf("pbkdf2: %w", err)
	}
	return fmt.Sprintf("$pbkdf2$f=SHA256,w=%d,l=%d$%s$%s", iter, pbkdf2KeyLen, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

func (h Hasher) iterations() int {
	if h.Iterations <= 0 {
		return DefaultPBKDF2Iterations
	}
	return h.Iterations
}

// Verify checks password against hash in constant time. needsRehash is true when the
// password matched a hash of an older scheme or other parameters than h's.
func (h Hasher) Verify(hash, password string) (needsRehash bool, err error) {
	if len(password) > MaxPasswordBytes {
		return false, ErrPasswordTooLong
	}
	if p, ok := parsePBKDF2(hash); ok {
		key, err := pbkdf2.Key(sha256.New, password, p.salt, p.iter, len(p.key))
		if err != nil {
			return false, fmt.Errorf("pbkdf2: %w", err)
		}
		if subtle.ConstantTimeCompare(key, p.key) != 1 {
			return false, ErrMismatch
		}
		return p.iter != h.iterations() || len(p.key) != pbkdf2KeyLen, nil
	}
	if hash == "" {
		// Burn comparable time so an account without a password is not told apart.
		_, _ = pbkdf2.Key(sha256.New, password, make([]byte, pbkdf2SaltLen), h.iterations(), pbkdf2KeyLen)
		return false, ErrMismatch
	}
	// Anything that is not a PHC pbkdf2 string is treated as bcrypt, as Mattermost does.
	switch err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)); {
	case err == nil:
		return true, nil
	case errors.Is(err, bcrypt.ErrMismatchedHashAndPassword):
		return false, ErrMismatch
	default:
		return false, fmt.Errorf("bcrypt: %w", err)
	}
}

type pbkdf2Params struct {
	iter      int
	salt, key []byte
}

// parsePBKDF2 reads $pbkdf2$f=SHA256,w=N,l=L$salt$hash.
func parsePBKDF2(s string) (pbkdf2Params, bool) {
	var p pbkdf2Params
	parts := strings.Split(s, "$")
	if len(parts) != 5 || parts[0] != "" || parts[1] != "pbkdf2" {
		return p, false
	}
	keyLen := 0
	fn := ""
	for _, kv := range strings.Split(parts[2], ",") {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "f":
			fn = v
		case "w":
			p.iter, _ = strconv.Atoi(v)
		case "l":
			keyLen, _ = strconv.Atoi(v)
		}
	}
	if fn != "SHA256" || p.iter <= 0 || keyLen <= 0 {
		return p, false
	}
	var err error
	if p.salt, err = b64.DecodeString(parts[3]); err != nil {
		return p, false
	}
	if p.key, err = b64.DecodeString(parts[4]); err != nil || len(p.key) != keyLen {
		return p, false
	}
	return p, true
}
