package api

import (
	"net/http"

	"roster/internal/model"
)

func (h *API) getRoleByName(c *Context, w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("role_name")
	role, ok := h.app.RoleByName(name)
	if !ok {
		return model.NewAppError("GetRoleByName", "app.role.get_by_name.app_error", nil, "", http.StatusNotFound)
	}
	writeJSON(w, http.StatusOK, role)
	return nil
}

func (h *API) getRolesByNames(c *Context, w http.ResponseWriter, r *http.Request) error {
	var names []string
	if err := decodeJSON(r, &names, "rolenames"); err != nil || len(names) == 0 {
		return model.InvalidBodyParam("rolenames")
	}
	out := []model.Role{}
	for _, n := range names {
		if role, ok := h.app.RoleByName(n); ok {
			out = append(out, role)
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
