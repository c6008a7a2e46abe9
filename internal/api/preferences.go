package api

import (
	"net/http"

	"roster/internal/model"
)

func (h *API) getPreferences(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	prefs, err := h.app.GetPreferences(r.Context(), c.Session, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, prefs)
	return nil
}

// preferenceSegment reads {category} or {preference_name}: a value Mattermost's router would
// not match ([A-Za-z0-9_]+) is an unknown route; one that fails the handler's name rule is
// an invalid URL parameter.
func (h *API) preferenceSegment(w http.ResponseWriter, r *http.Request, name string) (string, bool, error) {
	v := r.PathValue(name)
	if !model.IsRoutablePreferenceSegment(v) {
		h.notFound(w, r)
		return "", false, nil
	}
	if !model.IsValidPreferenceSegment(v) {
		return "", false, model.InvalidURLParam(name)
	}
	return v, true, nil
}

func (h *API) getPreferencesByCategory(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	category, ok, err := h.preferenceSegment(w, r, "category")
	if !ok {
		return err
	}
	prefs, err := h.app.GetPreferencesByCategory(r.Context(), c.Session, id, category)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, prefs)
	return nil
}

func (h *API) getPreference(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	category, ok, err := h.preferenceSegment(w, r, "category")
	if !ok {
		return err
	}
	name, ok, err := h.preferenceSegment(w, r, "preference_name")
	if !ok {
		return err
	}
	p, err := h.app.GetPreference(r.Context(), c.Session, id, category, name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// decodePreferences checks the permission first, then decodes the list, as Mattermost does.
func (h *API) decodePreferences(c *Context, r *http.Request) (string, []model.Preference, error) {
	id, err := userIDParam(c, r)
	if err != nil {
		return "", nil, err
	}
	if err := h.app.CheckUserEdit(r.Context(), c.Session, id); err != nil {
		return "", nil, err
	}
	var prefs []model.Preference
	if err := decodeJSON(r, &prefs, "preferences"); err != nil {
		return "", nil, err
	}
	return id, prefs, nil
}

func (h *API) updatePreferences(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, prefs, err := h.decodePreferences(c, r)
	if err != nil {
		return err
	}
	if err := h.app.UpdatePreferences(r.Context(), c.Session, id, prefs); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) deletePreferences(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, prefs, err := h.decodePreferences(c, r)
	if err != nil {
		return err
	}
	if err := h.app.DeletePreferences(r.Context(), c.Session, id, prefs); err != nil {
		return err
	}
	writeOK(w)
	return nil
}
