package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"roster/internal/apitest"
	"roster/internal/model"
)

func prefsOf(t *testing.T, r *apitest.Response) []model.Preference {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("preferences: %d %s", r.Status, r.Body)
	}
	var out []model.Preference
	r.Decode(t, &out)
	return out
}

func TestNewUserPreferences(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		// Sign-up through the API (first user) and creation by an operator both save them.
		r := s.Client().Do("POST", "/api/v4/users", map[string]any{"username": "first", "email": "first@example.com", "password": "password1"})
		if r.Status != http.StatusCreated {
			t.Fatalf("sign-up: %d %s", r.Status, r.Body)
		}
		var first model.User
		r.Decode(t, &first)
		c := s.Client()
		c.Token = loginToken(t, s, "first", "password1")
		other := s.CreateUser(t, false)
		for _, tc := range []struct {
			c  *apitest.Client
			id string
		}{{c, first.Id}, {other.Client, other.User.Id}} {
			got := prefsOf(t, tc.c.Do("GET", "/api/v4/users/me/preferences", nil))
			want := []model.Preference{
				{UserId: tc.id, Category: "recommended_next_steps", Name: "hide", Value: "false"},
				{UserId: tc.id, Category: "system_notice", Name: "GMasDM", Value: "true"},
				{UserId: tc.id, Category: "tutorial_step", Name: tc.id, Value: "0"},
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("new user's preferences (-want +got):\n%s", diff)
			}
		}
	})
}

func TestPreferencesEndpoints(t *testing.T) {
	t.Parallel()
	forEachDB(t, nil, func(t *testing.T, s *apitest.Server) {
		admin := s.CreateUser(t, true) // the first account is an admin anyway
		u := s.CreateUser(t, false)
		other := s.CreateUser(t, false)
		id := u.User.Id
		base := "/api/v4/users/" + id + "/preferences"
		pref := func(cat, name, value string) model.Preference {
			return model.Preference{UserId: id, Category: cat, Name: name, Value: value}
		}

		ok := u.Client.Do("PUT", "/api/v4/users/me/preferences", []model.Preference{
			pref("display_settings", "use_military_time", "true"),
			pref("display_settings", "name_format", "username"),
			pref("theme", "", `{"sidebarBg":"#145dbf","mentionBg":"red","type":"Denim","codeTheme":"github"}`),
		})
		if ok.Status != 200 || ok.Map(t)["status"] != "OK" {
			t.Fatalf("PUT preferences: %d %s", ok.Status, ok.Body)
		}
		// Upsert.
		if r := u.Client.Do("PUT", base, []model.Preference{pref("display_settings", "use_military_time", "false")}); r.Status != 200 {
			t.Fatalf("upsert: %d %s", r.Status, r.Body)
		}
		cat := prefsOf(t, u.Client.Do("GET", base+"/display_settings", nil))
		if diff := cmp.Diff([]model.Preference{
			pref("display_settings", "name_format", "username"), pref("display_settings", "use_military_time", "false"),
		}, cat); diff != "" {
			t.Errorf("category (-want +got):\n%s", diff)
		}
		var one model.Preference
		r := u.Client.Do("GET", base+"/display_settings/name/use_military_time", nil)
		r.Decode(t, &one)
		if r.Status != 200 || one != pref("display_settings", "use_military_time", "false") {
			t.Errorf("single preference: %d %+v", r.Status, one)
		}
		// Invalid theme colours are replaced; image/type/codeTheme are kept.
		theme := prefsOf(t, u.Client.Do("GET", base+"/theme", nil))
		if len(theme) != 1 || !strings.Contains(theme[0].Value, `"mentionBg":"#ffffff"`) ||
			!strings.Contains(theme[0].Value, `"sidebarBg":"#145dbf"`) || !strings.Contains(theme[0].Value, `"codeTheme":"github"`) {
			t.Errorf("theme stored as %v", theme)
		}
		if all := prefsOf(t, u.Client.Do("GET", base, nil)); len(all) != 3+3 {
			t.Errorf("all preferences: %d", len(all))
		}

		// Delete, including one that does not exist.
		if r := u.Client.Do("POST", base+"/delete", []model.Preference{pref("display_settings", "name_format", ""), pref("nope", "nope", "")}); r.Status != 200 {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		if cat := prefsOf(t, u.Client.Do("GET", base+"/display_settings", nil)); len(cat) != 1 {
			t.Errorf("after delete: %v", cat)
		}

		// An admin may read and write a user's preferences.
		if r := admin.Client.Do("GET", base, nil); r.Status != 200 {
			t.Errorf("admin read: %d", r.Status)
		}
		if r := admin.Client.Do("PUT", base, []model.Preference{pref("advanced_settings", "formatting", "false")}); r.Status != 200 {
			t.Errorf("admin write: %d %s", r.Status, r.Body)
		}

		many := make([]model.Preference, 101)
		for i := range many {
			many[i] = pref("bulk", fmt.Sprintf("n%d", i), "1")
		}
		hundred := many[:100]
		if r := u.Client.Do("PUT", base, hundred); r.Status != 200 {
			t.Errorf("100 preferences: %d %s", r.Status, r.Body)
		}

		// Each failing batch below starts with a valid item, which must not be saved.
		probe := pref("probe", "written", "yes")
		tests := []struct {
			name   string
			resp   *apitest.Response
			status int
			id     string
		}{
			{"someone else's", u.Client.Do("GET", "/api/v4/users/"+other.User.Id+"/preferences", nil), 403, "api.context.permissions.app_error"},
			{"someone else's put", u.Client.Do("PUT", "/api/v4/users/"+other.User.Id+"/preferences", []model.Preference{probe}), 403, "api.context.permissions.app_error"},
			{"an admin's, by a user", u.Client.Do("GET", "/api/v4/users/"+admin.User.Id+"/preferences/theme", nil), 403, "api.context.permissions.app_error"},
			{"mismatched user_id", u.Client.Do("PUT", base, []model.Preference{probe, {UserId: other.User.Id, Category: "x1", Name: "y", Value: "z"}}), 403, "api.preference.update_preferences.set.app_error"},
			{"mismatched delete", u.Client.Do("POST", base+"/delete", []model.Preference{{UserId: other.User.Id, Category: "theme"}}), 403, "api.preference.delete_preferences.delete.app_error"},
			{"category too long", u.Client.Do("PUT", base, []model.Preference{probe, pref(strings.Repeat("c", 33), "n", "v")}), 400, "model.preference.is_valid.category.app_error"},
			{"empty category", u.Client.Do("PUT", base, []model.Preference{probe, pref("", "n", "v")}), 400, "model.preference.is_valid.category.app_error"},
			{"name too long", u.Client.Do("PUT", base, []model.Preference{probe, pref("c", strings.Repeat("n", 33), "v")}), 400, "model.preference.is_valid.name.app_error"},
			{"value too long", u.Client.Do("PUT", base, []model.Preference{probe, pref("c", "n", strings.Repeat("é", 20001))}), 400, "model.preference.is_valid.value.app_error"},
			{"theme not an object", u.Client.Do("PUT", base, []model.Preference{probe, pref("theme", "", "dark")}), 400, "model.preference.is_valid.theme.app_error"},
			{"visible DMs out of range", u.Client.Do("PUT", base, []model.Preference{probe, pref("sidebar_settings", "limit_visible_dms_gms", "41")}), 400, "model.preference.is_valid.limit_visible_dms_gms.app_error"},
			{"flagged post", u.Client.Do("PUT", base, []model.Preference{probe, pref("flagged_post", model.NewId(), "true")}), 400, "api.context.invalid_body_param.app_error"},
			{"empty list", u.Client.Do("PUT", base, []model.Preference{}), 400, "api.context.invalid_body_param.app_error"},
			{"too many", u.Client.Do("PUT", base, many), 400, "api.context.invalid_body_param.app_error"},
			{"too many deletes", u.Client.Do("POST", base+"/delete", many), 400, "api.context.invalid_body_param.app_error"},
			{"malformed", u.Client.Do("PUT", base, `[{"user_id": 1}]`), 400, "api.context.invalid_body_param.app_error"},
			{"not a list", u.Client.Do("PUT", base, `{"user_id":"x"}`), 400, "api.context.invalid_body_param.app_error"},
			{"empty category result", u.Client.Do("GET", base+"/nothing_here", nil), 404, "api.preference.preferences_category.get.app_error"},
			{"missing single", u.Client.Do("GET", base+"/theme/name/nothing", nil), 400, "app.preference.get.app_error"},
			{"upper-case category", u.Client.Do("GET", base+"/Theme", nil), 400, "api.context.invalid_url_param.app_error"},
			{"one-letter name", u.Client.Do("GET", base+"/theme/name/a", nil), 400, "api.context.invalid_url_param.app_error"},
			{"hyphen in category", u.Client.Do("GET", base+"/display-settings", nil), 404, "api.context.404.app_error"},
			{"bad user id", u.Client.Do("GET", "/api/v4/users/nope/preferences", nil), 400, "api.context.invalid_url_param.app_error"},
			{"no session", s.Client().Do("GET", base, nil), 401, "api.context.session_expired.app_error"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) { wantError(t, tc.resp, tc.status, tc.id) })
		}
		wantError(t, u.Client.Do("GET", base+"/probe", nil), 404, "api.preference.preferences_category.get.app_error")
		if other := prefsOf(t, other.Client.Do("GET", "/api/v4/users/me/preferences", nil)); len(other) != 3 {
			t.Errorf("the other user's preferences changed: %v", other)
		}
	})
}
