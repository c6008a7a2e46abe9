package api

import (
	"encoding/json"
	"io"
	"net/http"

	"roster/internal/app"
	"roster/internal/model"
)

func (h *API) getUsers(c *Context, w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, perPage := paging(r)
	users, err := h.app.ListUsers(r.Context(), c.Session, app.ListUsersInput{
		InTeam: q.Get("in_team"), NotInTeam: q.Get("not_in_team"), InChannel: q.Get("in_channel"),
		NotInChannel: q.Get("not_in_channel"), InGroup: q.Get("in_group"), NotInGroup: q.Get("not_in_group"),
		GroupConstrained: q.Get("group_constrained"), WithoutTeam: q.Get("without_team"),
		Active: q.Get("active"), Inactive: q.Get("inactive"),
		Role: q.Get("role"), Roles: q.Get("roles"), TeamRoles: q.Get("team_roles"), ChannelRoles: q.Get("channel_roles"),
		Sort: q.Get("sort"), Page: page, PerPage: perPage,
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, users)
	return nil
}

// decodeStringList decodes a JSON array of strings; anything else, or an empty array,
// answers invalid_body_param(name).
func decodeStringList(r *http.Request, name string) ([]string, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, bodyReadError(err, name)
	}
	var list []string
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, model.InvalidBodyParam(name).Wrap(err)
	}
	if len(list) == 0 {
		return nil, model.InvalidBodyParam(name)
	}
	return list, nil
}

func (h *API) getUsersByIDs(c *Context, w http.ResponseWriter, r *http.Request) error {
	ids, err := decodeStringList(r, "user_ids")
	if err != nil {
		return err
	}
	users, err := h.app.GetUsersByIDs(r.Context(), c.Session, ids, r.URL.Query().Get("since"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, users)
	return nil
}

func (h *API) getUsersByUsernames(c *Context, w http.ResponseWriter, r *http.Request) error {
	names, err := decodeStringList(r, "usernames")
	if err != nil {
		return err
	}
	users, err := h.app.GetUsersByUsernames(r.Context(), c.Session, names)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, users)
	return nil
}

func (h *API) searchUsers(c *Context, w http.ResponseWriter, r *http.Request) error {
	var in model.UserSearch
	if err := decodeJSON(r, &in, "props"); err != nil {
		return err
	}
	users, err := h.app.SearchUsers(r.Context(), c.Session, &in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, users)
	return nil
}

func (h *API) autocompleteUsers(c *Context, w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	result, err := h.app.Autocomplete(r.Context(), c.Session, app.AutocompleteInput{
		InTeam: q.Get("in_team"), InChannel: q.Get("in_channel"), Name: q.Get("name"), Limit: q.Get("limit"),
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, result)
	return nil
}

func (h *API) getUsersStats(c *Context, w http.ResponseWriter, r *http.Request) error {
	stats, err := h.app.UsersStats(r.Context(), c.Session)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, stats)
	return nil
}
