package api

import (
	"net/http"

	"roster/internal/model"
)

func (h *API) createUserAccessToken(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	var in model.UserAccessToken
	if err := decodeJSON(r, &in, "user_access_token"); err != nil {
		return err
	}
	t, err := h.app.CreateUserAccessToken(r.Context(), c.Session, id, in.Description)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (h *API) getUserAccessTokensForUser(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	page, perPage := pagingOf(r)
	tokens, err := h.app.GetUserAccessTokensForUser(r.Context(), c.Session, id, page, perPage)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, tokens)
	return nil
}

func (h *API) getUserAccessTokens(c *Context, w http.ResponseWriter, r *http.Request) error {
	page, perPage := pagingOf(r)
	tokens, err := h.app.GetUserAccessTokens(r.Context(), c.Session, page, perPage)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, tokens)
	return nil
}

func (h *API) getUserAccessToken(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(c, r, "token_id")
	if err != nil {
		return err
	}
	t, err := h.app.GetUserAccessToken(r.Context(), c.Session, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

// tokenAction serves revoke, disable and enable: a {"token_id": "…"} body.
func (h *API) tokenAction(fn func(c *Context, r *http.Request, tokenID string) error) handlerFunc {
	return func(c *Context, w http.ResponseWriter, r *http.Request) error {
		m, err := decodeStringMap(r)
		if err != nil {
			return err
		}
		if err := fn(c, r, m["token_id"]); err != nil {
			return err
		}
		writeOK(w)
		return nil
	}
}

func (h *API) revokeUserAccessToken(c *Context, w http.ResponseWriter, r *http.Request) error {
	return h.tokenAction(func(c *Context, r *http.Request, id string) error {
		return h.app.RevokeUserAccessToken(r.Context(), c.Session, id)
	})(c, w, r)
}

func (h *API) disableUserAccessToken(c *Context, w http.ResponseWriter, r *http.Request) error {
	return h.tokenAction(func(c *Context, r *http.Request, id string) error {
		return h.app.DisableUserAccessToken(r.Context(), c.Session, id)
	})(c, w, r)
}

func (h *API) enableUserAccessToken(c *Context, w http.ResponseWriter, r *http.Request) error {
	return h.tokenAction(func(c *Context, r *http.Request, id string) error {
		return h.app.EnableUserAccessToken(r.Context(), c.Session, id)
	})(c, w, r)
}
