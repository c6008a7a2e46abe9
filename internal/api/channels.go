package api

import (
	"net/http"

	"roster/internal/model"
)

func (h *API) createChannel(c *Context, w http.ResponseWriter, r *http.Request) error {
	var ch model.Channel
	if err := decodeJSON(r, &ch, "channel"); err != nil {
		return err
	}
	if ch.TeamId == "" {
		return model.InvalidBodyParam("team_id")
	}
	if ch.DisplayName == "" {
		return model.InvalidBodyParam("display_name")
	}
	created, err := h.app.CreateChannel(r.Context(), c.Session, &ch)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, created)
	return nil
}

func (h *API) getChannel(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(c, r, "channel_id")
	if err != nil {
		return err
	}
	ch, err := h.app.GetChannel(r.Context(), c.Session, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ch)
	return nil
}

func (h *API) getChannelMembers(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(c, r, "channel_id")
	if err != nil {
		return err
	}
	page, perPage := paging(r)
	members, err := h.app.GetChannelMembers(r.Context(), c.Session, id, page, perPage)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, members)
	return nil
}

// addChannelMember takes {"user_id": "…"} (answered with one ChannelMember) or
// {"user_ids": […]} (answered with an array), and an optional post_root_id.
func (h *API) addChannelMember(c *Context, w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(c, r, "channel_id")
	if err != nil {
		return err
	}
	body, err := decodeObject(r)
	if err != nil {
		return err
	}
	var userIDs []string
	single, hasSingle := body["user_id"].(string)
	if list, ok := body["user_ids"].([]any); ok {
		if len(list) > model.MaxAddChannelMembers {
			return model.InvalidBodyParam("user_ids")
		}
		for _, v := range list {
			uid, ok := v.(string)
			if !ok || !model.IsValidId(uid) {
				return model.InvalidBodyParam("user_id in user_ids")
			}
			userIDs = append(userIDs, uid)
		}
	} else {
		if !hasSingle || !model.IsValidId(single) {
			return model.InvalidBodyParam("user_id or user_ids")
		}
		userIDs = []string{single}
	}
	if root, ok := body["post_root_id"].(string); ok && root != "" && !model.IsValidId(root) {
		return model.InvalidBodyParam("post_root_id")
	}
	members, err := h.app.AddChannelMembers(r.Context(), c.Session, id, userIDs)
	if err != nil {
		return err
	}
	if hasSingle && len(members) == 1 && members[0].UserId == single {
		writeJSON(w, http.StatusCreated, members[0])
		return nil
	}
	writeJSON(w, http.StatusCreated, members)
	return nil
}

func (h *API) removeChannelMember(c *Context, w http.ResponseWriter, r *http.Request) error {
	channelID, err := idParam(c, r, "channel_id")
	if err != nil {
		return err
	}
	userID, err := userIDParam(c, r)
	if err != nil {
		return err
	}
	if err := h.app.RemoveChannelMember(r.Context(), c.Session, channelID, userID); err != nil {
		return err
	}
	writeOK(w)
	return nil
}
