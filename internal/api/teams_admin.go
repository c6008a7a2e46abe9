package api

import (
	"net/http"

	"roster/internal/model"
)

func (h *API) updateTeam(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	var t model.Team
	if err := decodeJSON(r, &t, "team"); err != nil {
		return err
	}
	if t.Id != id {
		return model.InvalidBodyParam("id")
	}
	updated, err := h.app.UpdateTeam(r.Context(), c.Session, &t)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, updated)
	return nil
}

func (h *API) patchTeam(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	var p model.TeamPatch
	if err := decodeJSON(r, &p, "team"); err != nil {
		return err
	}
	patched, err := h.app.PatchTeam(r.Context(), c.Session, id, &p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, patched)
	return nil
}

func (h *API) updateTeamPrivacy(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	props, err := decodeObject(r)
	if err != nil {
		return err
	}
	privacy, _ := props["privacy"].(string)
	if privacy != model.TeamOpen && privacy != model.TeamInvite {
		return model.InvalidBodyParam("privacy")
	}
	t, err := h.app.UpdateTeamPrivacy(r.Context(), c.Session, id, privacy)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (h *API) regenerateTeamInviteID(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	t, err := h.app.RegenerateTeamInviteID(r.Context(), c.Session, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (h *API) deleteTeam(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	if err := h.app.DeleteTeam(r.Context(), c.Session, id, queryBool(r, "permanent")); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) restoreTeam(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	t, err := h.app.RestoreTeam(r.Context(), c.Session, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (h *API) searchTeams(c *Context, w http.ResponseWriter, r *http.Request) error {
	var in model.TeamSearch
	if err := decodeJSON(r, &in, "team_search"); err != nil {
		return err
	}
	res, err := h.app.SearchTeams(r.Context(), c.Session, &in)
	if err != nil {
		return err
	}
	if res.Paged {
		writeJSON(w, http.StatusOK, model.TeamsWithCount{Teams: res.Teams, TotalCount: res.TotalCount})
	} else {
		writeJSON(w, http.StatusOK, res.Teams)
	}
	return nil
}

func (h *API) teamExists(c *Context, w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if !model.IsValidTeamName(name) {
		return model.InvalidURLParam("team_name")
	}
	exists, err := h.app.TeamExists(r.Context(), c.Session, name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]bool{"exists": exists})
	return nil
}

func (h *API) getTeamStats(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	stats, err := h.app.GetTeamStats(r.Context(), c.Session, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, stats)
	return nil
}

// getTeamInviteInfo needs no session: it is what the sign-up page shows to whoever holds
// an invite link.
func (h *API) getTeamInviteInfo(c *Context, w http.ResponseWriter, r *http.Request) error {
	inviteID := r.PathValue("invite_id")
	if !isAlphanumeric(inviteID) { // Mattermost's route only matches [A-Za-z0-9]+
		h.notFound(w, r)
		return nil
	}
	info, err := h.app.GetTeamInviteInfo(r.Context(), inviteID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, info)
	return nil
}

func isAlphanumeric(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func (h *API) invalidateEmailInvites(c *Context, w http.ResponseWriter, r *http.Request) error {
	if err := h.app.InvalidateEmailInvites(r.Context(), c.Session); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) getTeamMembersByIDs(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	var ids []string
	if err := decodeJSON(r, &ids, "user_ids"); err != nil {
		return err
	}
	if len(ids) == 0 {
		return model.InvalidBodyParam("user_ids")
	}
	members, err := h.app.GetTeamMembersByIDs(r.Context(), c.Session, id, ids)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, members)
	return nil
}

func (h *API) updateTeamMemberRoles(c *Context, w http.ResponseWriter, r *http.Request) error {
	teamID, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	userID, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	var body struct {
		Roles *string `json:"roles"`
	}
	// Mattermost reads a malformed body as no roles at all and strips the member of every
	// role; Roster refuses it.
	if err := decodeJSON(r, &body, "team_member_roles"); err != nil {
		return err
	}
	if body.Roles == nil {
		return model.InvalidBodyParam("team_member_roles")
	}
	if _, err := h.app.UpdateTeamMemberRoles(r.Context(), c.Session, teamID, userID, *body.Roles); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) updateTeamMemberSchemeRoles(c *Context, w http.ResponseWriter, r *http.Request) error {
	teamID, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	userID, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	var in model.SchemeRolesUpdate
	if err := decodeJSON(r, &in, "scheme_roles"); err != nil {
		return err
	}
	if _, err := h.app.UpdateTeamMemberSchemeRoles(r.Context(), c.Session, teamID, userID, in); err != nil {
		return err
	}
	writeOK(w)
	return nil
}

func (h *API) addUserToTeamFromInvite(c *Context, w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	m, err := h.app.JoinTeamFromInvite(r.Context(), c.Session, q.Get("token"), q.Get("invite_id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, m)
	return nil
}

func (h *API) getTeamsUnreadForUser(c *Context, w http.ResponseWriter, r *http.Request) error {
	userID, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	unreads, err := h.app.GetTeamsUnreadForUser(r.Context(), c.Session, userID, r.URL.Query().Get("exclude_team"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, unreads)
	return nil
}

func (h *API) getTeamUnread(c *Context, w http.ResponseWriter, r *http.Request) error {
	teamID, err := idParam(c, r, "team_id")
	if err != nil {
		return err
	}
	userID, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	unread, err := h.app.GetTeamUnread(r.Context(), c.Session, userID, teamID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, unread)
	return nil
}
