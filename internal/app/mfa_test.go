package app

import (
	"encoding/base32"
	"testing"
	"time"

	"roster/internal/config"
)

// RFC 6238 appendix B (SHA-1): the six low digits of the published eight-digit values.
func TestMatchTOTPVectors(t *testing.T) {
	t.Parallel()
	secret := base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))
	vectors := []struct {
		unix int64
		code string
	}{
		{59, "287082"}, {1111111109, "081804"}, {1111111111, "050471"}, {1234567890, "005924"},
		{2000000000, "279037"}, {20000000000, "353130"},
	}
	for _, v := range vectors {
		step, result, err := matchTOTP(secret, v.code, time.Unix(v.unix, 0))
		if err != nil || result != codeValid || step != v.unix/30 {
			t.Errorf("t=%d code %s: step %d, result %v, err %v", v.unix, v.code, step, result, err)
		}
	}
}

func TestMatchTOTPWindow(t *testing.T) {
	t.Parallel()
	secret := base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))
	at := time.Unix(1111111109, 0) // step 37037036, code 081804
	cases := []struct {
		name   string
		offset time.Duration
		want   codeCheck
	}{
		{"same step", 0, codeValid},
		{"checked one step later", 30 * time.Second, codeValid},
		{"checked one step earlier", -30 * time.Second, codeValid},
		{"two steps later", 60 * time.Second, codeInvalid},
		{"two steps earlier", -60 * time.Second, codeInvalid},
	}
	for _, tc := range cases {
		_, result, err := matchTOTP(secret, "081804", at.Add(tc.offset))
		if err != nil || result != tc.want {
			t.Errorf("%s: %v %v, want %v", tc.name, result, err, tc.want)
		}
	}
	for _, bad := range []string{"", "08180", "0818044", "08180a", "+81804", "081 804"} {
		if _, result, _ := matchTOTP(secret, bad, at); result != codeMalformed {
			t.Errorf("%q: %v, want malformed", bad, result)
		}
	}
	if _, result, _ := matchTOTP(secret, " 081804\n", at); result != codeValid {
		t.Error("surrounding space must be trimmed")
	}
}

func TestSealMfaSecret(t *testing.T) {
	t.Parallel()
	cfgKey := func(k string) *App {
		st := &securityState{}
		if k != "" {
			c := config.Default()
			c.ServiceSettings.MfaSecretEncryptionKey = k
			var err error
			if st, err = newSecurityState(c, nil); err != nil {
				t.Fatal(err)
			}
		}
		return &App{sec: st}
	}
	keyed := cfgKey("BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=")
	sealed, err := keyed.sealMfaSecret("user1", "JBSWY3DPEHPK3PXP")
	if err != nil || len(sealed) < 20 || sealed[:7] != "enc:v1:" {
		t.Fatalf("sealed %q %v", sealed, err)
	}
	again, _ := keyed.sealMfaSecret("user1", "JBSWY3DPEHPK3PXP")
	if again == sealed {
		t.Error("two seals of one secret are equal: the nonce is not random")
	}
	if plain, err := keyed.openMfaSecret("user1", sealed); err != nil || plain != "JBSWY3DPEHPK3PXP" {
		t.Errorf("open: %q %v", plain, err)
	}
	if _, err := keyed.openMfaSecret("user2", sealed); err == nil {
		t.Error("a sealed secret opened for another user")
	}
	if _, err := keyed.openMfaSecret("user1", sealed[:len(sealed)-2]+"AA"); err == nil {
		t.Error("a tampered secret opened")
	}
	other := cfgKey("CAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg=")
	if _, err := other.openMfaSecret("user1", sealed); err == nil {
		t.Error("opened with another key")
	}
	plainApp := cfgKey("")
	if _, err := plainApp.openMfaSecret("user1", sealed); err == nil {
		t.Error("an encrypted secret opened without a key")
	}
	if s, _ := plainApp.sealMfaSecret("u", "ABC"); s != "ABC" {
		t.Errorf("without a key the secret is stored as is, got %q", s)
	}
	if s, _ := keyed.openMfaSecret("u", "LEGACYPLAINTEXT"); s != "LEGACYPLAINTEXT" {
		t.Errorf("legacy plaintext passes through, got %q", s)
	}
}
