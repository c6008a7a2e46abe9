package api

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"roster/internal/app"
	"roster/internal/auth"
	"roster/internal/config"
	"roster/internal/ratelimit"
)

// requestLimiter is Mattermost's RateLimitSettings: when Enable is on, every API request is
// counted (PerSec, MaxBurst) under a key made of the caller's token (VaryByUser) or address
// (VaryByRemoteAddr) and a header's value (VaryByHeader); answers carry X-Ratelimit-Limit,
// -Remaining and -Reset, and a request over the limit gets 429 with Retry-After. Counts are
// kept in memory on each node (MemoryStoreSize keys).
type requestLimiter struct {
	l       *ratelimit.Limiter
	byIP    bool
	byUser  bool
	header  string
	trusted []string
}

func newRequestLimiter(cfg *config.Config) *requestLimiter {
	rl := cfg.RateLimitSettings
	if !rl.Enable {
		return nil
	}
	return &requestLimiter{
		l:       ratelimit.New(float64(rl.PerSec), rl.MaxBurst, rl.MemoryStoreSize, nil),
		byIP:    rl.VaryByRemoteAddr,
		byUser:  rl.VaryByUser,
		header:  rl.VaryByHeader,
		trusted: cfg.ServiceSettings.TrustedProxyIPHeader,
	}
}

// key follows Mattermost's: the token when varying by user and there is one, else the
// address when varying by it; then the header's value.
func (rl *requestLimiter) key(r *http.Request) string {
	var b strings.Builder
	token, _ := auth.TokenFromRequest(r)
	switch {
	case rl.byUser && token != "":
		sum := sha256.Sum256([]byte(token)) // the key is kept in memory: no token in it
		b.WriteString("t:" + hex.EncodeToString(sum[:]))
	case rl.byIP:
		b.WriteString("a:" + clientIP(r, rl.trusted))
	}
	if rl.header != "" {
		b.WriteString("|h:" + strings.ToLower(r.Header.Get(rl.header)))
	}
	return b.String()
}

// allow counts the request and reports whether it may go on; when not, the 429 is written.
func (rl *requestLimiter) allow(h *API, w http.ResponseWriter, r *http.Request) bool {
	res := rl.l.Allow(rl.key(r))
	hdr := w.Header()
	hdr.Set("X-Ratelimit-Limit", strconv.Itoa(res.Limit))
	hdr.Set("X-Ratelimit-Remaining", strconv.Itoa(res.Remaining))
	hdr.Set("X-Ratelimit-Reset", strconv.Itoa(ceilSeconds(res.ResetAfter)))
	if res.Allowed {
		return true
	}
	hdr.Set("Retry-After", strconv.Itoa(ceilSeconds(res.RetryAfter)))
	h.writeError(w, r, app.RateLimited())
	return false
}
