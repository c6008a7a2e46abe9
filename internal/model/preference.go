package model

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Preference categories and names the server itself uses.
const (
	PreferenceCategoryTheme                = "theme"
	PreferenceCategoryFlaggedPost          = "flagged_post"
	PreferenceCategorySidebarSettings      = "sidebar_settings"
	PreferenceCategoryTutorialSteps        = "tutorial_step"
	PreferenceCategorySystemNotice         = "system_notice"
	PreferenceCategoryRecommendedNextSteps = "recommended_next_steps"
	PreferenceNameRecommendedNextStepsHide = "hide"
	PreferenceLimitVisibleDmsGms           = "limit_visible_dms_gms"
	PreferenceMaxLimitVisibleDmsGmsValue   = 40

	PreferenceCategoryMaxLength = 32
	PreferenceNameMaxLength     = 32
	PreferenceValueMaxRunes     = 20000
	// PreferencesMaxPerRequest bounds the lists PUT and POST …/preferences/delete accept.
	PreferencesMaxPerRequest = 100
)

// Preference is one of a user's settings, keyed by (user_id, category, name).
type Preference struct {
	UserId   string `json:"user_id"`
	Category string `json:"category"`
	Name     string `json:"name"`
	Value    string `json:"value"`
}

// IsValid applies Mattermost's limits: a valid user id, a category of 1 to 32 bytes, a
// name of at most 32 bytes (empty allowed), a value of at most 20000 characters, a theme
// that is a JSON object of strings and a visible-DM limit between 1 and 40.
func (p *Preference) IsValid() *AppError {
	bad := func(field, details string) *AppError {
		return NewAppError("Preference.IsValid", "model.preference.is_valid."+field+".app_error", nil, details, http.StatusBadRequest)
	}
	if !IsValidId(p.UserId) {
		return bad("id", "user_id="+p.UserId)
	}
	if p.Category == "" || len(p.Category) > PreferenceCategoryMaxLength {
		return bad("category", "category="+p.Category)
	}
	if len(p.Name) > PreferenceNameMaxLength {
		return bad("name", "name="+p.Name)
	}
	if utf8.RuneCountInString(p.Value) > PreferenceValueMaxRunes {
		return bad("value", "")
	}
	if p.Category == PreferenceCategoryTheme {
		var theme map[string]string
		if err := json.NewDecoder(strings.NewReader(p.Value)).Decode(&theme); err != nil {
			return bad("theme", "").Wrap(err)
		}
	}
	if p.Category == PreferenceCategorySidebarSettings && p.Name == PreferenceLimitVisibleDmsGms {
		n, err := strconv.Atoi(p.Value)
		if err != nil || n < 1 || n > PreferenceMaxLimitVisibleDmsGmsValue {
			return bad("limit_visible_dms_gms", "value="+p.Value)
		}
	}
	return nil
}

var themeColor = regexp.MustCompile(`^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$`)

// PreUpdate replaces invalid colours of a theme with #ffffff (keys image, type and
// codeTheme are not colours), as Mattermost does before saving.
func (p *Preference) PreUpdate() {
	if p.Category != PreferenceCategoryTheme {
		return
	}
	var theme map[string]string
	if json.NewDecoder(strings.NewReader(p.Value)).Decode(&theme) != nil || theme == nil {
		return // IsValid reports it
	}
	for k, v := range theme {
		if k == "image" || k == "type" || k == "codeTheme" {
			continue
		}
		if !themeColor.MatchString(v) {
			theme[k] = "#ffffff"
		}
	}
	if b, err := json.Marshal(theme); err == nil {
		p.Value = string(b)
	}
}

var (
	routeName = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	validName = regexp.MustCompile(`^[a-z0-9]+([a-z\-\_0-9]+|(__)?)[a-z0-9]+$`)
)

// IsRoutablePreferenceSegment reports whether a category or preference name path segment
// matches Mattermost's router pattern [A-Za-z0-9_]+ (otherwise the route does not exist).
func IsRoutablePreferenceSegment(s string) bool { return routeName.MatchString(s) }

// IsValidPreferenceSegment is the handler's stricter check on those segments: lower case,
// at least two characters, starting and ending with a letter or digit.
func IsValidPreferenceSegment(s string) bool { return validName.MatchString(s) }

// NewUserPreferences are the preferences Mattermost saves for every new account.
func NewUserPreferences(userID string) []Preference {
	return []Preference{
		{UserId: userID, Category: PreferenceCategoryRecommendedNextSteps, Name: PreferenceNameRecommendedNextStepsHide, Value: "false"},
		{UserId: userID, Category: PreferenceCategoryTutorialSteps, Name: userID, Value: "0"},
		{UserId: userID, Category: PreferenceCategorySystemNotice, Name: "GMasDM", Value: "true"},
	}
}
