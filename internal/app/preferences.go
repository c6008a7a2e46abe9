package app

import (
	"context"
	"net/http"

	"roster/internal/model"
	"roster/internal/permission"
)

// insertUser stores a new user with the preferences Mattermost gives every new account, in
// the caller's transaction.
func (a *App) insertUser(ctx context.Context, u *model.User) error {
	if err := a.store.CreateUser(ctx, u); err != nil {
		return err
	}
	return a.store.SavePreferences(ctx, model.NewUserPreferences(u.Id))
}

// CheckUserEdit answers whether s may act on userID's own settings (self or
// edit_other_users, the latter not on a system admin); handlers ask before decoding a body
// so that the permission error comes first, as in Mattermost.
func (a *App) CheckUserEdit(ctx context.Context, s *model.Session, userID string) error {
	return a.require(ctx, s, permission.EditOtherUsers, Target{UserID: userID})
}

// GetPreferences returns all of the user's preferences ([] when none).
func (a *App) GetPreferences(ctx context.Context, s *model.Session, userID string) ([]model.Preference, error) {
	if err := a.CheckUserEdit(ctx, s, userID); err != nil {
		return nil, err
	}
	prefs, err := a.store.GetPreferences(ctx, userID)
	if err != nil {
		return nil, model.NewAppError("GetPreferencesForUser", "app.preference.get_all.app_error", nil, "", http.StatusBadRequest).Wrap(err)
	}
	return prefs, nil
}

// GetPreferencesByCategory returns the user's preferences in a category; none is a 404.
func (a *App) GetPreferencesByCategory(ctx context.Context, s *model.Session, userID, category string) ([]model.Preference, error) {
	if err := a.CheckUserEdit(ctx, s, userID); err != nil {
		return nil, err
	}
	prefs, err := a.store.GetPreferencesByCategory(ctx, userID, category)
	if err != nil {
		return nil, model.NewAppError("GetPreferenceByCategoryForUser", "app.preference.get_category.app_error", nil, "", http.StatusBadRequest).Wrap(err)
	}
	if len(prefs) == 0 {
		return nil, model.NewAppError("GetPreferenceByCategoryForUser", "api.preference.preferences_category.get.app_error", nil, "", http.StatusNotFound)
	}
	return prefs, nil
}

// GetPreference returns one preference; a missing one is a 400, as in Mattermost.
func (a *App) GetPreference(ctx context.Context, s *model.Session, userID, category, name string) (*model.Preference, error) {
	if err := a.CheckUserEdit(ctx, s, userID); err != nil {
		return nil, err
	}
	p, err := a.store.GetPreference(ctx, userID, category, name)
	if err != nil {
		return nil, model.NewAppError("GetPreferenceByCategoryAndNameForUser", "app.preference.get.app_error", nil, "", http.StatusBadRequest).Wrap(err)
	}
	return p, nil
}

// checkPreferenceList applies the list rules shared by save and delete: 1 to 100 items.
func checkPreferenceList(prefs []model.Preference) error {
	if len(prefs) == 0 || len(prefs) > model.PreferencesMaxPerRequest {
		return model.InvalidBodyParam("preferences")
	}
	return nil
}

// UpdatePreferences saves (upserts) the list in one transaction. Every item must belong to
// userID and pass validation; flagged posts need an existing post, and Roster has no posts.
func (a *App) UpdatePreferences(ctx context.Context, s *model.Session, userID string, prefs []model.Preference) error {
	if err := a.CheckUserEdit(ctx, s, userID); err != nil {
		return err
	}
	if err := checkPreferenceList(prefs); err != nil {
		return err
	}
	for _, p := range prefs {
		if p.Category == model.PreferenceCategoryFlaggedPost {
			return model.InvalidBodyParam("preference.name")
		}
	}
	for _, p := range prefs {
		if p.UserId != userID {
			return model.NewAppError("savePreferences", "api.preference.update_preferences.set.app_error", nil,
				"userId="+userID+", preference.UserId="+p.UserId, http.StatusForbidden)
		}
	}
	clean := make([]model.Preference, len(prefs))
	for i, p := range prefs {
		p.PreUpdate()
		if err := p.IsValid(); err != nil {
			return err
		}
		clean[i] = p
	}
	if err := a.store.SavePreferences(ctx, clean); err != nil {
		return model.NewAppError("UpdatePreferences", "app.preference.save.updating.app_error", nil, "", http.StatusBadRequest).Wrap(err)
	}
	return nil
}

// DeletePreferences removes the listed (category, name) pairs of the user; missing ones are
// not an error.
func (a *App) DeletePreferences(ctx context.Context, s *model.Session, userID string, prefs []model.Preference) error {
	if err := a.CheckUserEdit(ctx, s, userID); err != nil {
		return err
	}
	if err := checkPreferenceList(prefs); err != nil {
		return err
	}
	for _, p := range prefs {
		if p.UserId != userID {
			return model.NewAppError("DeletePreferences", "api.preference.delete_preferences.delete.app_error", nil,
				"userId="+userID+", preference.UserId="+p.UserId, http.StatusForbidden)
		}
	}
	if err := a.store.DeletePreferences(ctx, userID, prefs); err != nil {
		return model.NewAppError("DeletePreferences", "app.preference.delete.app_error", nil, "", http.StatusBadRequest).Wrap(err)
	}
	return nil
}
