// Package model holds the Mattermost-compatible wire types and their shape rules.
package model

import (
	"crypto/rand"
	"encoding/base32"
	"time"
	"unicode"
)

// idAlphabet is the z-base-32 alphabet Mattermost encodes ids with.
const idAlphabet = "ybndrfg8ejkmcpqxot1uwisza345h769"

var idEncoding = base32.NewEncoding(idAlphabet).WithPadding(base32.NoPadding)

// IDLength is the length of every id: 16 bytes in base32 without padding.
const IDLength = 26

// NewId returns a 26-character id made from a random version-4 UUID, as Mattermost does.
func NewId() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	b[6] = (b[6] & 0x0f) | 0x40 // version 4
	b[8] = (b[8] & 0x3f) | 0x80 // RFC 4122 variant
	return idEncoding.EncodeToString(b[:])
}

// IdFromBytes encodes 16 bytes as an id, with the version-4 UUID bits set as NewId sets
// them: for ids derived deterministically (generated test data).
func IdFromBytes(b [16]byte) string {
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	return idEncoding.EncodeToString(b[:])
}

// NewToken returns a 26-character secret in the id alphabet carrying a full 128 bits of
// randomness (no UUID version bits), for session and other bearer tokens.
func NewToken() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return idEncoding.EncodeToString(b[:])
}

// NewRandomString returns n characters from the id alphabet.
func NewRandomString(n int) string {
	b := make([]byte, (n*5+7)/8+1)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return idEncoding.EncodeToString(b)[:n]
}

// IsValidId reports whether s looks like an id: exactly 26 letters or digits. Like
// Mattermost it does not insist on the id alphabet.
func IsValidId(s string) bool {
	if len(s) != IDLength {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// GetMillis returns the current time in Unix milliseconds.
func GetMillis() int64 { return time.Now().UnixMilli() }

// Millis converts a time to Unix milliseconds.
func Millis(t time.Time) int64 { return t.UnixMilli() }
