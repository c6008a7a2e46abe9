package app

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
)

// activityWriteInterval: a session's last_activity_at is queued for writing at most this
// often; the queue is flushed in batches, so requests never write.
const activityWriteInterval = time.Minute

// SessionFromToken returns the live session a token opens, or nil when the token is unknown,
// revoked or expired. Sessions are served from the cache; the database is read on a miss.
// The returned session carries the user's current system roles, so role changes apply at
// once.
func (a *App) SessionFromToken(ctx context.Context, token string) (*model.Session, error) {
	if token == "" || len(token) > 64 {
		return nil, nil
	}
	hash := store.HashToken(token)
	gen := a.sessions.Generation()
	sess, ok := a.sessions.Get(hash)
	if !ok {
		stored, err := a.store.GetSessionByTokenHash(ctx, hash)
		if notFound(err) {
			// Not a login session: perhaps a personal access token, whose session is made on
			// first use and looked up the same way from then on.
			if stored, err = a.sessionForAccessToken(ctx, token, hash); stored == nil || err != nil {
				return nil, err
			}
		} else if err != nil {
			return nil, storeError("SessionFromToken", err)
		}
		sess = &stored.Session
		// Not cached if revoked meanwhile: a revocation is never undone by a slow reader.
		a.sessions.SetIfUnchanged(hash, sess, gen)
	}
	now := a.nowMillis()
	if sess.IsExpired(now) {
		a.caches.Invalidate(CacheSessions, hash)
		return nil, nil
	}
	user, err := a.getUserCached(ctx, sess.UserId)
	if notFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if user.DeleteAt != 0 {
		return nil, nil
	}
	if sess.Props[model.SessionPropType] == model.SessionTypeUserAccessToken &&
		!a.cfg.ServiceSettings.EnableUserAccessTokens && !user.IsBot {
		return nil, nil
	}
	out := sess.Clone()
	out.Token = token
	out.Roles = user.Roles
	if now-sess.LastActivityAt > activityWriteInterval.Milliseconds() {
		a.activity.touch(hash, sess, now, gen)
	}
	return out, nil
}

// newSession creates and stores a session for user.
func (a *App) newSession(ctx context.Context, user *model.User, deviceID string, r *http.Request) (*model.Session, error) {
	now := a.nowMillis()
	sess := &model.Session{
		Id:             model.NewId(),
		Token:          model.NewToken(),
		CreateAt:       now,
		LastActivityAt: now,
		UserId:         user.Id,
		DeviceId:       deviceID,
		Roles:          user.Roles,
		Props:          model.StringMap{},
	}
	platform, os, browser := describeAgent(r)
	sess.Props[model.SessionPropPlatform] = platform
	sess.Props[model.SessionPropOS] = os
	sess.Props[model.SessionPropBrowser] = browser
	sess.Props[model.SessionPropCSRF] = model.NewId()
	sess.Props[model.SessionPropIsGuest] = boolString(user.IsGuest())
	mobile := deviceID != "" || isMobileAgent(r)
	if mobile {
		sess.Props[model.SessionPropIsMobile] = "true"
	}
	sess.ExpiresAt = now + a.sessionLength(mobile).Milliseconds()
	if err := a.store.CreateSession(ctx, sess); err != nil {
		return nil, storeError("CreateSession", err)
	}
	if deviceID != "" {
		hashes, err := a.store.DeleteSessionsByDevice(ctx, user.Id, deviceID, sess.Id)
		if err != nil {
			return nil, storeError("CreateSession", err)
		}
		a.forgetSessions(hashes)
	}
	return sess, nil
}

func (a *App) sessionLength(mobile bool) time.Duration {
	h := a.cfg.ServiceSettings.SessionLengthWebInHours
	if mobile {
		h = a.cfg.ServiceSettings.SessionLengthMobileInHours
	}
	return time.Duration(h) * time.Hour
}

// RevokeSession deletes one session and forgets it at once.
func (a *App) RevokeSession(ctx context.Context, sessionID string) error {
	stored, err := a.store.GetSession(ctx, sessionID)
	if notFound(err) {
		return nil
	}
	if err != nil {
		return storeError("RevokeSession", err)
	}
	if err := a.store.DeleteSession(ctx, sessionID); err != nil {
		return storeError("RevokeSession", err)
	}
	a.caches.Invalidate(CacheSessions, stored.TokenHash)
	return nil
}

// revokeUserSessions deletes all of a user's sessions but except (may be empty).
func (a *App) revokeUserSessions(ctx context.Context, userID, except string) error {
	hashes, err := a.store.DeleteSessionsForUser(ctx, userID, except)
	if err != nil {
		return storeError("RevokeAllSessions", err)
	}
	a.forgetSessions(hashes)
	return nil
}

func (a *App) forgetSessions(hashes []string) {
	for _, h := range hashes {
		a.caches.Invalidate(CacheSessions, h)
	}
}

// Logout ends the session if there is one.
func (a *App) Logout(ctx context.Context, s *model.Session) error {
	if s == nil {
		return nil
	}
	if err := a.RevokeSession(ctx, s.Id); err != nil {
		return err
	}
	a.audit(ctx, s.UserId, "logout")
	return nil
}

// MfaRequired reports whether MFA enforcement blocks this session: enforcement is on, the
// user signs in with a password and has not set MFA up.
func (a *App) MfaRequired(ctx context.Context, s *model.Session) error {
	ss := a.cfg.ServiceSettings
	if s == nil || !ss.EnableMultifactorAuthentication || !ss.EnforceMultifactorAuthentication || s.IsOAuth {
		return nil
	}
	user, err := a.getUserCached(ctx, s.UserId)
	if err != nil {
		if notFound(err) {
			return nil
		}
		return err
	}
	if user.MfaActive || user.IsBot || user.IsGuest() || (user.AuthService != "" && user.AuthService != "email" && user.AuthService != "ldap") {
		return nil
	}
	return model.NewAppError("MfaRequired", "api.context.mfa_required.app_error", nil, "", http.StatusForbidden)
}

// SessionIsAdmin reports whether the session holds manage_system.
func (a *App) SessionIsAdmin(s *model.Session) bool { return a.has(s, permission.ManageSystem) }

// activityTracker collects last-activity updates in memory and writes them in batches.
type activityTracker struct {
	app     *App
	mu      sync.Mutex
	pending map[string]store.SessionActivity // by session id
}

func newActivityTracker(a *App) *activityTracker {
	return &activityTracker{app: a, pending: map[string]store.SessionActivity{}}
}

// touch queues sess's new activity time and updates the cached copy so the next requests
// don't queue again.
func (t *activityTracker) touch(hash string, sess *model.Session, now int64, gen uint64) {
	updated := sess.Clone()
	updated.LastActivityAt = now
	act := store.SessionActivity{ID: sess.Id, LastActivityAt: now}
	if t.app.cfg.ServiceSettings.ExtendSessionLengthWithActivity && sess.Props[model.SessionPropType] != model.SessionTypeUserAccessToken {
		exp := now + t.app.sessionLength(sess.Props[model.SessionPropIsMobile] == "true").Milliseconds()
		if exp > sess.ExpiresAt {
			updated.ExpiresAt = exp
			act.ExpiresAt = exp
		}
	}
	if !t.app.sessions.SetIfUnchanged(hash, updated, gen) {
		return // revoked (or otherwise invalidated) since it was read
	}
	t.mu.Lock()
	t.pending[sess.Id] = act
	t.mu.Unlock()
}

func (t *activityTracker) flush(ctx context.Context) error {
	t.mu.Lock()
	if len(t.pending) == 0 {
		t.mu.Unlock()
		return nil
	}
	batch := make([]store.SessionActivity, 0, len(t.pending))
	for _, a := range t.pending {
		batch = append(batch, a)
	}
	t.pending = map[string]store.SessionActivity{}
	t.mu.Unlock()
	return t.app.store.UpdateSessionActivity(ctx, batch)
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// describeAgent derives the platform, OS and browser session props from the User-Agent,
// coarsely, as Mattermost records them.
func describeAgent(r *http.Request) (platform, os, browser string) {
	if r == nil {
		return "", "", ""
	}
	ua := r.UserAgent()
	switch {
	case strings.Contains(ua, "Windows"):
		platform, os = "Windows", "Windows"
	case strings.Contains(ua, "iPhone"), strings.Contains(ua, "iPad"):
		platform, os = "iPhone", "iOS"
	case strings.Contains(ua, "Android"):
		platform, os = "Linux", "Android"
	case strings.Contains(ua, "Macintosh"), strings.Contains(ua, "Mac OS"):
		platform, os = "Macintosh", "Mac OS"
	case strings.Contains(ua, "Linux"):
		platform, os = "Linux", "Linux"
	}
	for _, b := range []string{"Edg/", "Firefox/", "Chrome/", "Safari/", "Mattermost/", "node", "curl/"} {
		if i := strings.Index(ua, b); i >= 0 {
			rest := ua[i:]
			if j := strings.IndexByte(rest, ' '); j >= 0 {
				rest = rest[:j]
			}
			browser = rest
			break
		}
	}
	if browser == "" && ua != "" {
		browser = "Unknown"
	}
	return platform, os, browser
}

func isMobileAgent(r *http.Request) bool {
	if r == nil {
		return false
	}
	ua := r.UserAgent()
	return strings.Contains(ua, "Mobile") || strings.Contains(ua, "Mattermost Mobile")
}

// sessionForAccessToken opens the session of a personal access token on its first use: the
// session is stored under the token's hash, so later requests find it like any session
// (cache included) and revoking the token deletes it. nil when the token is unknown,
// disabled, or its user may not use it. The token row is held while the session is stored,
// so a concurrent revocation (which changes the row before deleting sessions) cannot leave
// a session behind.
func (a *App) sessionForAccessToken(ctx context.Context, token, hash string) (*store.StoredSession, error) {
	// A plain read first: an unknown token (any garbage a client sends) costs no write
	// transaction.
	if t, err := a.store.GetAccessTokenByHash(ctx, hash); notFound(err) || (err == nil && !t.IsActive) {
		return nil, nil
	} else if err != nil {
		return nil, storeError("SessionFromToken", err)
	}
	var out *store.StoredSession
	err := a.store.InTx(ctx, func(ctx context.Context) error {
		t, err := a.store.LockAccessTokenByHash(ctx, hash)
		if notFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if !t.IsActive {
			return nil
		}
		user, err := a.store.GetUser(ctx, t.UserId)
		if notFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if user.DeleteAt != 0 || (!a.cfg.ServiceSettings.EnableUserAccessTokens && !user.IsBot) {
			return nil
		}
		now := a.nowMillis()
		sess := &model.Session{
			Id:             model.NewId(),
			Token:          token,
			CreateAt:       now,
			LastActivityAt: now,
			ExpiresAt:      now + (time.Duration(model.SessionUserAccessTokenExpiryHours) * time.Hour).Milliseconds(),
			UserId:         user.Id,
			Roles:          user.Roles,
			Props: model.StringMap{
				model.SessionPropUserAccessTokenID: t.Id,
				model.SessionPropType:              model.SessionTypeUserAccessToken,
				model.SessionPropIsGuest:           boolString(user.IsGuest()),
			},
		}
		if user.IsBot {
			sess.Props["is_bot"] = "true"
		}
		if err := a.store.CreateSession(ctx, sess); err != nil {
			return err
		}
		sess.Token = ""
		out = &store.StoredSession{Session: *sess, TokenHash: hash}
		return nil
	})
	if store.IsConflictOn(err, "sessions_token_hash_key") {
		// Another request opened it first.
		stored, err := a.store.GetSessionByTokenHash(ctx, hash)
		if err != nil {
			return nil, storeError("SessionFromToken", err)
		}
		return stored, nil
	}
	if err != nil {
		return nil, storeError("SessionFromToken", err)
	}
	return out, nil
}
