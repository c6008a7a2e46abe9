package api

import (
	"net/http"
	"strconv"
	"strings"

	"roster/internal/app"
	"roster/internal/model"
)

func (h *API) createUser(c *Context, w http.ResponseWriter, r *http.Request) error {
	var u model.User
	if err := decodeJSON(r, &u, "user"); err != nil {
		return err
	}
	q := r.URL.Query()
	created, err := h.app.CreateUser(r.Context(), c.Session, app.CreateUserInput{
		User: &u, InviteToken: q.Get("t"), InviteID: q.Get("iid"),
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, created)
	return nil
}

func (h *API) login(c *Context, w http.ResponseWriter, r *http.Request) error {
	m, err := decodeStringMap(r)
	if err != nil {
		return err
	}
	account := m["login_id"]
	if account == "" {
		account = m["id"]
	}
	if err := h.limitAttempt(w, c, app.AttemptLogin, account); err != nil {
		return err
	}
	user, sess, err := h.app.Login(r.Context(), app.LoginInput{
		ID: m["id"], LoginID: m["login_id"], Password: m["password"], MFAToken: m["token"],
		DeviceID: m["device_id"], LDAPOnly: m["ldap_only"] == "true",
	}, r)
	if err != nil {
		return err
	}
	w.Header().Set(model.HeaderToken, sess.Token)
	if isXHR(r) {
		setSessionCookies(w, r, h.app.Config(), sess)
	}
	writeJSON(w, http.StatusOK, user)
	return nil
}

func (h *API) logout(c *Context, w http.ResponseWriter, r *http.Request) error {
	clearSessionCookies(w, r, h.app.Config())
	if err := h.app.Logout(r.Context(), c.Session); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

// writeUserWithETag answers a single user, or 304 when the client's copy is current.
func (h *API) writeUserWithETag(w http.ResponseWriter, r *http.Request, u *model.User) {
	etag := h.app.UserETag(u)
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

func (h *API) getUser(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	u, err := h.app.GetUser(r.Context(), c.Session, id)
	if err != nil {
		return err
	}
	h.writeUserWithETag(w, r, u)
	return nil
}

func (h *API) getUserByUsername(c *Context, w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("username")
	if !model.IsValidUsername(name) {
		return model.InvalidBodyParam("username")
	}
	u, err := h.app.GetUserByUsername(r.Context(), c.Session, name)
	if err != nil {
		return err
	}
	h.writeUserWithETag(w, r, u)
	return nil
}

func (h *API) getUserByEmail(c *Context, w http.ResponseWriter, r *http.Request) error {
	email := strings.ToLower(r.PathValue("email"))
	if !model.IsValidEmail(email) {
		return model.InvalidURLParam("email")
	}
	u, err := h.app.GetUserByEmail(r.Context(), c.Session, email)
	if err != nil {
		return err
	}
	h.writeUserWithETag(w, r, u)
	return nil
}

func (h *API) updateUser(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	var u model.User
	if err := decodeJSON(r, &u, "user"); err != nil {
		return err
	}
	if u.Id != id {
		return model.InvalidBodyParam("user_id")
	}
	updated, err := h.app.UpdateUser(r.Context(), c.Session, &u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, updated)
	return nil
}

func (h *API) patchUser(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	var p model.UserPatch
	if err := decodeJSON(r, &p, "user"); err != nil {
		return err
	}
	updated, err := h.app.PatchUser(r.Context(), c.Session, id, &p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, updated)
	return nil
}

func (h *API) updateUserActive(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	m, err := decodeObject(r)
	if err != nil {
		return err
	}
	active, ok := m["active"].(bool)
	if !ok {
		return model.InvalidBodyParam("active")
	}
	if err := h.app.UpdateUserActive(r.Context(), c.Session, id, active); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) deleteUser(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	permanent, _ := strconv.ParseBool(r.URL.Query().Get("permanent"))
	if err := h.app.DeleteUser(r.Context(), c.Session, id, permanent); err != nil {
		return err
	}
	writeOK(w)
	return nil
}
