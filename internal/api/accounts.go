package api

import (
	"net/http"
	"strings"
	"time"

	"roster/internal/app"
	"roster/internal/model"
)

func (h *API) sendVerificationEmail(c *Context, w http.ResponseWriter, r *http.Request) error {
	m, err := decodeStringMap(r)
	if err != nil {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(m["email"]))
	if email == "" {
		return model.InvalidBodyParam("email")
	}
	if err := h.limitAttempt(w, c, app.AttemptVerify, email); err != nil {
		return err
	}
	if err := h.app.SendVerificationEmail(r.Context(), email); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) verifyUserEmail(c *Context, w http.ResponseWriter, r *http.Request) error {
	m, err := decodeStringMap(r)
	if err != nil {
		return err
	}
	if len(m["token"]) != model.PasswordRecoveryTokenSize {
		return model.InvalidBodyParam("token")
	}
	if err := h.limitAttempt(w, c, app.AttemptVerify, ""); err != nil {
		return err
	}
	if err := h.app.VerifyEmail(r.Context(), m["token"]); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) verifyUserEmailWithoutToken(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	u, err := h.app.VerifyUserEmailWithoutToken(r.Context(), c.Session, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}

// attachDeviceID serves PUT /users/sessions/device. Props are read under Mattermost's
// session prop names and under the camelCase names of the API documentation.
func (h *API) attachDeviceID(c *Context, w http.ResponseWriter, r *http.Request) error {
	m, err := decodeStringMap(r)
	if err != nil {
		return err
	}
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := m[k]; v != "" {
				return v
			}
		}
		return ""
	}
	res, err := h.app.AttachDevice(r.Context(), c.Session, app.DeviceProps{
		DeviceID:             m["device_id"],
		NotificationDisabled: first(app.SessionPropDeviceNotificationDisabled, "deviceNotificationDisabled"),
		MobileVersion:        first(app.SessionPropMobileVersion, "mobileVersion"),
	})
	if err != nil {
		return err
	}
	if res.Attached {
		// As Mattermost: the session cookie now lives as long as a mobile session.
		maxAge := h.app.Config().ServiceSettings.SessionLengthMobileInHours * 3600
		http.SetCookie(w, &http.Cookie{Name: model.SessionCookieToken, Value: c.Session.Token, Path: "/",
			MaxAge: maxAge, Expires: time.Now().Add(time.Duration(maxAge) * time.Second), HttpOnly: true, Secure: isSecure(r)})
	}
	writeOK(w)
	return nil
}

func (h *API) getKnownUsers(c *Context, w http.ResponseWriter, r *http.Request) error {
	ids, err := h.app.KnownUsers(r.Context(), c.Session)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ids)
	return nil
}

func (h *API) getFilteredUsersStats(c *Context, w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	stats, err := h.app.FilteredUsersStats(r.Context(), c.Session, app.FilteredStatsInput{
		InTeam: q.Get("in_team"), InChannel: q.Get("in_channel"),
		IncludeDeleted: q.Get("include_deleted"), IncludeBots: q.Get("include_bots"), IncludeRemote: q.Get("include_remote_users"),
		Roles: q.Get("roles"), ChannelRoles: q.Get("channel_roles"), TeamRoles: q.Get("team_roles"),
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, stats)
	return nil
}

func (h *API) searchUserAccessTokens(c *Context, w http.ResponseWriter, r *http.Request) error {
	if err := h.app.CheckManageSystem(r.Context(), c.Session); err != nil {
		return err
	}
	var body struct {
		Term string `json:"term"`
	}
	if err := decodeJSON(r, &body, "user_access_token_search"); err != nil {
		return err
	}
	tokens, err := h.app.SearchUserAccessTokens(r.Context(), c.Session, body.Term)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, tokens)
	return nil
}

func (h *API) getUsersWithInvalidEmails(c *Context, w http.ResponseWriter, r *http.Request) error {
	page, perPage := pagingOf(r)
	users, err := h.app.UsersWithInvalidEmails(r.Context(), c.Session, page, perPage)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, users)
	return nil
}
