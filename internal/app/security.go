package app

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"roster/internal/config"
	"roster/internal/model"
	"roster/internal/ratelimit"
)

// securityState is what the account-security features keep beside the App: the MFA secret
// key and the credential-guessing limits.
type securityState struct {
	mfaKey    cipher.AEAD        // nil: secrets are stored as Mattermost stores them
	byIP      *ratelimit.Limiter // nil: no per-address limit
	byAccount *ratelimit.Limiter // nil: no per-account limit

	jobsMu sync.Mutex
	closed bool
	jobs   sync.WaitGroup // background work (emails) Close waits for
}

func newSecurityState(cfg config.Config, now func() time.Time) (*securityState, error) {
	st := &securityState{}
	if k := cfg.ServiceSettings.MfaSecretEncryptionKey; k != "" {
		raw, err := base64.StdEncoding.DecodeString(k)
		if err != nil || len(raw) != 32 {
			return nil, errors.New("ServiceSettings.MfaSecretEncryptionKey must be 32 bytes in standard base64")
		}
		block, err := aes.NewCipher(raw)
		if err != nil {
			return nil, fmt.Errorf("mfa secret key: %w", err)
		}
		if st.mfaKey, err = cipher.NewGCM(block); err != nil {
			return nil, fmt.Errorf("mfa secret key: %w", err)
		}
	}
	rl := cfg.RateLimitSettings
	size := max(rl.MemoryStoreSize, 1000)
	if rl.AuthPerMinutePerIP > 0 {
		st.byIP = ratelimit.New(float64(rl.AuthPerMinutePerIP)/60, rl.AuthMaxBurstPerIP, size, now)
	}
	if rl.AuthPerMinutePerAccount > 0 {
		st.byAccount = ratelimit.New(float64(rl.AuthPerMinutePerAccount)/60, rl.AuthMaxBurstPerAccount, size, now)
	}
	return st, nil
}

// Credential attempt kinds, counted separately.
const (
	AttemptLogin    = "login"
	AttemptMFA      = "mfa"
	AttemptPassword = "password" // changing one's password (guessing the current one)
	AttemptReset    = "reset"    // the password reset flow
)

// CheckAttemptRate counts one credential attempt of kind from ip for account (a login id,
// email or user id; empty when not known) and answers how long to wait when either limit
// is exceeded. The counts live in this node's memory (RateLimitSettings.Auth*).
func (a *App) CheckAttemptRate(kind, ip, account string) (wait time.Duration, limited bool) {
	if l := a.sec.byIP; l != nil && ip != "" {
		if r := l.Allow(kind + "\x00" + ip); !r.Allowed {
			wait, limited = r.RetryAfter, true
		}
	}
	if l := a.sec.byAccount; l != nil && account != "" && !limited {
		if r := l.Allow(kind + "\x00" + strings.ToLower(account)); !r.Allowed {
			wait, limited = r.RetryAfter, true
		}
	}
	return wait, limited
}

// RateLimited is the 429 answer for a request over a limit.
func RateLimited() *model.AppError {
	return model.NewAppError("RateLimit", "api.context.rate_limited.app_error", nil, "", http.StatusTooManyRequests)
}

// sealMfaSecret returns the form a secret is stored in: encrypted and bound to the user when
// a key is configured, as is otherwise.
func (a *App) sealMfaSecret(userID, secret string) (string, error) {
	if a.sec.mfaKey == nil || secret == "" {
		return secret, nil
	}
	nonce := make([]byte, a.sec.mfaKey.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("mfa nonce: %w", err)
	}
	sealed := a.sec.mfaKey.Seal(nonce, nonce, []byte(secret), []byte(userID))
	return mfaSealedPrefix + base64.RawStdEncoding.EncodeToString(sealed), nil
}

const mfaSealedPrefix = "enc:v1:"

// openMfaSecret reverses sealMfaSecret. Plaintext (legacy, or no key) passes through.
func (a *App) openMfaSecret(userID, stored string) (string, error) {
	if !strings.HasPrefix(stored, mfaSealedPrefix) {
		return stored, nil
	}
	if a.sec.mfaKey == nil {
		return "", errors.New("an encrypted MFA secret is stored but ServiceSettings.MfaSecretEncryptionKey is not set")
	}
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(stored, mfaSealedPrefix))
	n := a.sec.mfaKey.NonceSize()
	if err != nil || len(raw) < n {
		return "", errors.New("stored MFA secret is malformed")
	}
	plain, err := a.sec.mfaKey.Open(nil, raw[:n], raw[n:], []byte(userID))
	if err != nil {
		return "", errors.New("stored MFA secret does not open with the configured key")
	}
	return string(plain), nil
}

// RequestMeta is what the audit log records about the request an action came from.
type RequestMeta struct {
	IP        string
	Path      string
	SessionID string
}

type requestMetaKey struct{}

// WithRequestMeta attaches the request's address, path and session to ctx for the audit log.
func WithRequestMeta(ctx context.Context, m RequestMeta) context.Context {
	return context.WithValue(ctx, requestMetaKey{}, m)
}

func requestMetaFrom(ctx context.Context) RequestMeta {
	m, _ := ctx.Value(requestMetaKey{}).(RequestMeta)
	return m
}

// auditRecord builds an entry for userID's security log from the request in ctx. extra is a
// short note and must never hold a secret.
func (a *App) auditRecord(ctx context.Context, userID, extra string) *model.Audit {
	m := requestMetaFrom(ctx)
	return &model.Audit{
		Id:        model.NewId(),
		CreateAt:  a.nowMillis(),
		UserId:    userID,
		Action:    clip(m.Path, model.AuditActionMaxLength),
		ExtraInfo: clip(extra, model.AuditExtraInfoMaxLength),
		IpAddress: clip(m.IP, model.AuditIPMaxLength),
		SessionId: m.SessionID,
	}
}

// auditTx writes an entry as part of the transaction in ctx (if any): it fails with it.
func (a *App) auditTx(ctx context.Context, userID, extra string) error {
	if err := a.store.SaveAudit(ctx, a.auditRecord(ctx, userID, extra)); err != nil {
		return wrapf(err, "audit")
	}
	return nil
}

// audit writes an entry on its own; a failure is logged, not returned, because the action
// it records has happened already.
func (a *App) audit(ctx context.Context, userID, extra string) {
	a.auditSession(ctx, userID, "", extra)
}

// auditSession is audit with the session id given explicitly (a login's new session).
func (a *App) auditSession(ctx context.Context, userID, sessionID, extra string) {
	rec := a.auditRecord(ctx, userID, extra)
	if sessionID != "" {
		rec.SessionId = sessionID
	}
	if err := a.store.SaveAudit(ctx, rec); err != nil {
		a.log.Error("write audit record", "user_id", userID, "action", rec.Action, "err", err)
	}
}

// byActor notes who acted when it is not the account itself.
func byActor(s *model.Session, userID string) string {
	if s == nil || s.UserId == userID {
		return ""
	}
	return " by=" + s.UserId
}

// clip makes s storable text of at most n bytes: valid UTF-8, no NUL, cut on a rune
// boundary.
func clip(s string, n int) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// goBackground runs fn after the request, with the request's audit metadata and a time
// limit; Close waits for it.
func (a *App) goBackground(ctx context.Context, timeout time.Duration, fn func(ctx context.Context)) {
	st := a.sec
	st.jobsMu.Lock()
	if st.closed {
		st.jobsMu.Unlock()
		a.log.Warn("server stopping: background work dropped")
		return
	}
	st.jobs.Add(1)
	st.jobsMu.Unlock()
	meta := requestMetaFrom(ctx)
	go func() {
		defer st.jobs.Done()
		bctx, cancel := context.WithTimeout(WithRequestMeta(context.Background(), meta), timeout)
		defer cancel()
		fn(bctx)
	}()
}

// waitBackground refuses new background work and waits for what is running.
func (st *securityState) waitBackground() {
	st.jobsMu.Lock()
	st.closed = true
	st.jobsMu.Unlock()
	st.jobs.Wait()
}
