package api

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"roster/internal/app"
	"roster/internal/model"
)

// limitAttempt counts one credential attempt (by the caller's address and, when known, the
// account) and answers 429 with Retry-After past RateLimitSettings.Auth*.
func (h *API) limitAttempt(w http.ResponseWriter, c *Context, kind, account string) error {
	wait, limited := h.app.CheckAttemptRate(kind, c.IP, account)
	if !limited {
		return nil
	}
	w.Header().Set("Retry-After", strconv.Itoa(ceilSeconds(wait)))
	return app.RateLimited()
}

func ceilSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// pagingOf reads page and per_page as Mattermost does: garbage or negative values give the
// defaults, per_page is clamped to 200.
func pagingOf(r *http.Request) (page, perPage int) {
	q := r.URL.Query()
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 0 {
		page = 0
	}
	page = min(page, 10_000_000) // keeps page*per_page far from overflowing
	pp := q.Get("per_page")
	if pp == "" {
		pp = q.Get("pageSize")
	}
	perPage, err = strconv.Atoi(pp)
	if err != nil || perPage < 0 {
		perPage = app.PerPageDefault
	}
	return page, min(perPage, app.PerPageMaximum)
}

func (h *API) updatePassword(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	m, err := decodeStringMap(r)
	if err != nil {
		return err
	}
	if err := h.limitAttempt(w, c, app.AttemptPassword, id); err != nil {
		return err
	}
	err = h.app.UpdatePassword(r.Context(), c.Session, id, app.PasswordChange{
		Current: m["current_password"], New: m["new_password"], AlreadyHashed: m["already_hashed"] == "true",
	})
	if err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) sendPasswordReset(c *Context, w http.ResponseWriter, r *http.Request) error {
	m, err := decodeStringMap(r)
	if err != nil {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(m["email"]))
	if email == "" {
		return model.InvalidBodyParam("email")
	}
	if err := h.limitAttempt(w, c, app.AttemptReset, email); err != nil {
		return err
	}
	if err := h.app.SendPasswordReset(r.Context(), email); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) resetPassword(c *Context, w http.ResponseWriter, r *http.Request) error {
	m, err := decodeStringMap(r)
	if err != nil {
		return err
	}
	if len(m["token"]) != model.PasswordRecoveryTokenSize {
		return model.InvalidBodyParam("token")
	}
	if err := h.limitAttempt(w, c, app.AttemptReset, ""); err != nil {
		return err
	}
	if err := h.app.ResetPassword(r.Context(), m["token"], m["new_password"]); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) generateMfaSecret(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	secret, err := h.app.GenerateMfaSecret(r.Context(), c.Session, id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Pragma", "no-cache")
	w.Header().Set("Expires", "0")
	writeJSON(w, http.StatusOK, secret)
	return nil
}

func (h *API) updateUserMfa(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	if err := h.app.MfaAccess(r.Context(), c.Session, id); err != nil {
		return err // as Mattermost: permission before the body
	}
	m, err := decodeObject(r)
	if err != nil {
		return err
	}
	activate, ok := m["activate"].(bool)
	if !ok {
		return model.InvalidBodyParam("activate")
	}
	code := ""
	if activate {
		if code, ok = m["code"].(string); !ok || code == "" {
			return model.InvalidBodyParam("code")
		}
		if err := h.limitAttempt(w, c, app.AttemptMFA, id); err != nil {
			return err
		}
	}
	if err := h.app.UpdateMfa(r.Context(), c.Session, id, activate, code); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) getSessions(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	sessions, err := h.app.GetSessions(r.Context(), c.Session, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sessions)
	return nil
}

func (h *API) revokeSession(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	m, err := decodeStringMap(r)
	if err != nil {
		return err
	}
	if err := h.app.RevokeUserSession(r.Context(), c.Session, id, m["session_id"]); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) revokeAllSessionsForUser(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	if err := h.app.RevokeAllUserSessions(r.Context(), c.Session, id); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) revokeAllSessionsAllUsers(c *Context, w http.ResponseWriter, r *http.Request) error {
	if err := h.app.RevokeAllSessionsAllUsers(r.Context(), c.Session); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) getUserAudits(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	page, perPage := pagingOf(r)
	audits, err := h.app.GetUserAudits(r.Context(), c.Session, id, page, perPage)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, audits)
	return nil
}

func (h *API) updateUserRoles(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	m, err := decodeStringMap(r)
	if err != nil {
		return err
	}
	if err := h.app.UpdateUserRoles(r.Context(), c.Session, id, m["roles"]); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) updateUserAuth(c *Context, w http.ResponseWriter, r *http.Request) error {
	// As Mattermost: the permission first, then the id, then the body.
	if err := h.app.AuthSwitchAllowed(c.Session); err != nil {
		return err
	}
	id := r.PathValue("user_id")
	if id == model.Me {
		id = c.Session.UserId
	}
	if !model.IsValidId(id) {
		return model.InvalidURLParam("user_id")
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return bodyReadError(err, "user")
	}
	var in model.UserAuth
	if err := json.Unmarshal(body, &in); err != nil {
		return model.InvalidBodyParam("user").Wrap(err)
	}
	out, err := h.app.UpdateUserAuth(r.Context(), c.Session, id, &in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
