package app

import (
	"context"
	"net/http"

	"roster/internal/model"
	"roster/internal/permission"
)

// GetSessions lists a user's sessions without their tokens (GET /users/{id}/sessions).
func (a *App) GetSessions(ctx context.Context, s *model.Session, userID string) ([]*model.Session, error) {
	if err := a.require(ctx, s, permission.EditOtherUsers, Target{UserID: userID}); err != nil {
		return nil, err
	}
	stored, err := a.store.GetSessionsForUser(ctx, userID)
	if err != nil {
		return nil, storeError("GetSessions", err)
	}
	out := make([]*model.Session, 0, len(stored))
	for _, st := range stored {
		sess := st.Session.Clone()
		sess.Sanitize()
		out = append(out, sess)
	}
	return out, nil
}

// RevokeUserSession ends one of a user's sessions (POST /users/{id}/sessions/revoke); the
// token stops working at once, cache included.
func (a *App) RevokeUserSession(ctx context.Context, s *model.Session, userID, sessionID string) error {
	if err := a.require(ctx, s, permission.EditOtherUsers, Target{UserID: userID}); err != nil {
		return err
	}
	if sessionID == "" {
		return model.InvalidBodyParam("session_id")
	}
	stored, err := a.store.GetSession(ctx, sessionID)
	if notFound(err) {
		return model.NewAppError("GetSessionById", "app.session.get.app_error", nil, "", http.StatusBadRequest)
	}
	if err != nil {
		return storeError("RevokeSession", err)
	}
	if stored.UserId != userID {
		return model.InvalidURLParam("user_id")
	}
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		if err := a.store.DeleteSession(ctx, sessionID); err != nil {
			return err
		}
		return a.auditTx(ctx, userID, "session revoked session_id="+sessionID+byActor(s, userID))
	})
	if err != nil {
		return storeError("RevokeSession", err)
	}
	a.caches.Invalidate(CacheSessions, stored.TokenHash)
	return nil
}

// RevokeAllUserSessions ends every session of a user, the caller's own included
// (POST /users/{id}/sessions/revoke/all).
func (a *App) RevokeAllUserSessions(ctx context.Context, s *model.Session, userID string) error {
	if err := a.require(ctx, s, permission.EditOtherUsers, Target{UserID: userID}); err != nil {
		return err
	}
	if err := a.revokeUserSessions(ctx, userID, ""); err != nil {
		return err
	}
	if _, err := a.getUserCached(ctx, userID); err == nil {
		a.audit(ctx, userID, "all sessions revoked"+byActor(s, userID))
	}
	return nil
}

// RevokeAllSessionsAllUsers ends every session on the server, the caller's included
// (POST /users/sessions/revoke/all, manage_system).
func (a *App) RevokeAllSessionsAllUsers(ctx context.Context, s *model.Session) error {
	if err := a.require(ctx, s, permission.ManageSystem, Target{}); err != nil {
		return err
	}
	if err := a.store.DeleteAllSessions(ctx); err != nil {
		return storeError("RevokeSessionsFromAllUsers", err)
	}
	a.caches.Purge(CacheSessions)
	a.audit(ctx, s.UserId, "all sessions of all users revoked")
	a.log.Warn("all sessions revoked", "by", s.UserId)
	return nil
}

// Paging limits (Mattermost's per_page default and maximum).
const (
	PerPageDefault = 60
	PerPageMaximum = 200
)

// GetUserAudits returns a page of a user's security log, newest first
// (GET /users/{id}/audits).
func (a *App) GetUserAudits(ctx context.Context, s *model.Session, userID string, page, perPage int) ([]*model.Audit, error) {
	if err := a.require(ctx, s, permission.EditOtherUsers, Target{UserID: userID}); err != nil {
		return nil, err
	}
	audits, err := a.store.GetAuditsForUser(ctx, userID, page*perPage, perPage)
	if err != nil {
		return nil, storeError("GetAuditsPage", err)
	}
	return audits, nil
}
