package app

import (
	"context"
	"net/http"

	"roster/internal/model"
	"roster/internal/permission"
	"roster/internal/store"
)

// accessTokenOwnerAccess is Mattermost's SessionHasPermissionToUserOrBot for token
// endpoints: self, or edit_other_users on a user who is not an admin, or manage_system.
// (Roster keeps no bot owners, so the bot-owner allowance of Mattermost does not arise.)
func (a *App) accessTokenOwnerAccess(ctx context.Context, s *model.Session, ownerID string) error {
	return a.require(ctx, s, permission.EditOtherUsers, Target{UserID: ownerID})
}

// CreateUserAccessToken makes a personal access token for a user (POST /users/{id}/tokens).
// The token is in the answer and nowhere else: only its hash is stored.
func (a *App) CreateUserAccessToken(ctx context.Context, s *model.Session, userID, description string) (*model.UserAccessToken, error) {
	// Mattermost's order: the body and the permissions before the lookup, so a caller who
	// may not act for others cannot probe which user ids exist.
	if s.IsOAuth {
		e := model.PermissionError(s.UserId, permission.CreateUserAccessToken)
		e.DetailedError += ", attempted access by oauth app"
		return nil, e
	}
	if description == "" {
		return nil, model.InvalidBodyParam("description")
	}
	if err := a.require(ctx, s, permission.CreateUserAccessToken, Target{}); err != nil {
		return nil, err
	}
	if err := a.accessTokenOwnerAccess(ctx, s, userID); err != nil {
		return nil, err
	}
	user, err := a.userOrError(ctx, userID)
	if err != nil {
		return nil, err
	}
	if user.IsSystemAdmin() && !a.has(s, permission.ManageSystem) {
		return nil, model.PermissionError(s.UserId, permission.ManageSystem)
	}
	if !a.cfg.ServiceSettings.EnableUserAccessTokens && !user.IsBot {
		return nil, model.NewAppError("CreateUserAccessToken", "app.user_access_token.disabled", nil, "", http.StatusNotImplemented)
	}
	t := &model.UserAccessToken{Id: model.NewId(), Token: model.NewToken(), UserId: userID, Description: description, IsActive: true}
	if err := t.IsValid(); err != nil {
		return nil, err
	}
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		if err := a.store.CreateAccessToken(ctx, t); err != nil {
			return err
		}
		return a.auditTx(ctx, userID, "success - token_id="+t.Id+" created"+byActor(s, userID))
	})
	if err != nil {
		return nil, model.NewAppError("CreateUserAccessToken", "app.user_access_token.save.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	a.log.Info("personal access token created", "user_id", userID, "token_id", t.Id)
	a.notifyAccessTokenAdded(ctx, user)
	return t, nil
}

// GetUserAccessTokensForUser lists a user's tokens, without secrets.
func (a *App) GetUserAccessTokensForUser(ctx context.Context, s *model.Session, userID string, page, perPage int) ([]*model.UserAccessToken, error) {
	if err := a.require(ctx, s, permission.ReadUserAccessToken, Target{}); err != nil {
		return nil, err
	}
	if err := a.accessTokenOwnerAccess(ctx, s, userID); err != nil {
		return nil, err
	}
	tokens, err := a.store.ListAccessTokens(ctx, userID, page*perPage, perPage)
	if err != nil {
		return nil, storeError("GetUserAccessTokensForUser", err)
	}
	return tokens, nil
}

// GetUserAccessTokens lists everybody's tokens, without secrets (manage_system).
func (a *App) GetUserAccessTokens(ctx context.Context, s *model.Session, page, perPage int) ([]*model.UserAccessToken, error) {
	if err := a.require(ctx, s, permission.ManageSystem, Target{}); err != nil {
		return nil, err
	}
	tokens, err := a.store.ListAccessTokens(ctx, "", page*perPage, perPage)
	if err != nil {
		return nil, storeError("GetUserAccessTokens", err)
	}
	return tokens, nil
}

func (a *App) accessToken(ctx context.Context, tokenID string) (*store.StoredAccessToken, error) {
	t, err := a.store.GetAccessToken(ctx, tokenID)
	if notFound(err) {
		return nil, model.NewAppError("GetUserAccessToken", "app.user_access_token.get_by_user.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return nil, storeError("GetUserAccessToken", err)
	}
	return t, nil
}

// GetUserAccessToken returns one token, without its secret.
func (a *App) GetUserAccessToken(ctx context.Context, s *model.Session, tokenID string) (*model.UserAccessToken, error) {
	if err := a.require(ctx, s, permission.ReadUserAccessToken, Target{}); err != nil {
		return nil, err
	}
	t, err := a.accessToken(ctx, tokenID)
	if err != nil {
		return nil, err
	}
	if err := a.accessTokenOwnerAccess(ctx, s, t.UserId); err != nil {
		return nil, err
	}
	return &t.UserAccessToken, nil
}

// tokenChange is one of the changes made to a token by revoke, disable and enable.
type tokenChange struct {
	perm  string
	note  string
	apply func(ctx context.Context, t *store.StoredAccessToken) error
}

func (a *App) changeAccessToken(ctx context.Context, s *model.Session, tokenID string, c tokenChange) error {
	if err := a.require(ctx, s, c.perm, Target{}); err != nil {
		return err
	}
	if tokenID == "" {
		return model.InvalidBodyParam("token_id")
	}
	t, err := a.accessToken(ctx, tokenID)
	if err != nil {
		return err
	}
	if err := a.accessTokenOwnerAccess(ctx, s, t.UserId); err != nil {
		return err
	}
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		if err := c.apply(ctx, t); err != nil {
			return err
		}
		return a.auditTx(ctx, t.UserId, c.note+" token_id="+t.Id+byActor(s, t.UserId))
	})
	if notFound(err) {
		return model.NewAppError("GetUserAccessToken", "app.user_access_token.get_by_user.app_error", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return storeError("UpdateUserAccessToken", err)
	}
	// The token's session (stored under the same hash) is gone: forget the cached copy.
	a.caches.Invalidate(CacheSessions, t.TokenHash)
	return nil
}

// RevokeUserAccessToken deletes a token and its session; it stops working at once.
func (a *App) RevokeUserAccessToken(ctx context.Context, s *model.Session, tokenID string) error {
	return a.changeAccessToken(ctx, s, tokenID, tokenChange{
		perm: permission.RevokeUserAccessToken, note: "success - revoked",
		apply: func(ctx context.Context, t *store.StoredAccessToken) error {
			// The token row first, then its sessions (see sessionForAccessToken).
			if err := a.store.DeleteAccessToken(ctx, t.Id); err != nil {
				return err
			}
			return a.store.DeleteSessionsByTokenHash(ctx, t.TokenHash)
		},
	})
}

// DisableUserAccessToken keeps a token but refuses it (and ends its session) until enabled.
func (a *App) DisableUserAccessToken(ctx context.Context, s *model.Session, tokenID string) error {
	return a.changeAccessToken(ctx, s, tokenID, tokenChange{
		perm: permission.RevokeUserAccessToken, note: "success - disabled",
		apply: func(ctx context.Context, t *store.StoredAccessToken) error {
			if err := a.store.SetAccessTokenActive(ctx, t.Id, false); err != nil {
				return err
			}
			return a.store.DeleteSessionsByTokenHash(ctx, t.TokenHash)
		},
	})
}

// EnableUserAccessToken accepts a disabled token again.
func (a *App) EnableUserAccessToken(ctx context.Context, s *model.Session, tokenID string) error {
	return a.changeAccessToken(ctx, s, tokenID, tokenChange{
		perm: permission.CreateUserAccessToken, note: "success - enabled",
		apply: func(ctx context.Context, t *store.StoredAccessToken) error {
			return a.store.SetAccessTokenActive(ctx, t.Id, true)
		},
	})
}
