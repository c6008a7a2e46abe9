package model

import (
	"encoding/json"
	"net/http"
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// StringMap is a JSON object of strings (props, notify_props, timezone).
type StringMap map[string]string

// Field limits, as Mattermost's.
const (
	UserEmailMaxLength    = 128
	UserNicknameMaxRunes  = 64
	UserPositionMaxRunes  = 128
	UserFirstNameMaxRunes = 64
	UserLastNameMaxRunes  = 64
	UserAuthDataMaxLength = 128
	UserNameMaxLength     = 64
	UserNameMinLength     = 1
	UserPasswordMaxLength = 72
	UserLocaleMaxLength   = 5
	UserTimezoneMaxRunes  = 256
	UserRolesMaxLength    = 256
	DefaultLocale         = "en"
	Me                    = "me"
)

// User is a Mattermost user. Field order and JSON tags follow Mattermost's model so
// responses are byte-compatible.
type User struct {
	Id                     string    `json:"id"`
	CreateAt               int64     `json:"create_at,omitempty"`
	UpdateAt               int64     `json:"update_at,omitempty"`
	DeleteAt               int64     `json:"delete_at"`
	Username               string    `json:"username"`
	Password               string    `json:"password,omitempty"` // input only; never sent
	AuthData               *string   `json:"auth_data,omitempty"`
	AuthService            string    `json:"auth_service"`
	Email                  string    `json:"email"`
	EmailVerified          bool      `json:"email_verified,omitempty"`
	Nickname               string    `json:"nickname"`
	FirstName              string    `json:"first_name"`
	LastName               string    `json:"last_name"`
	Position               string    `json:"position"`
	Roles                  string    `json:"roles"`
	AllowMarketing         bool      `json:"allow_marketing,omitempty"`
	Props                  StringMap `json:"props,omitempty"`
	NotifyProps            StringMap `json:"notify_props,omitempty"`
	LastPasswordUpdate     int64     `json:"last_password_update,omitempty"`
	LastPictureUpdate      int64     `json:"last_picture_update,omitempty"`
	FailedAttempts         int       `json:"failed_attempts,omitempty"`
	Locale                 string    `json:"locale"`
	Timezone               StringMap `json:"timezone"`
	MfaActive              bool      `json:"mfa_active,omitempty"`
	RemoteId               *string   `json:"remote_id,omitempty"`
	LastActivityAt         int64     `json:"last_activity_at,omitempty"`
	IsBot                  bool      `json:"is_bot,omitempty"`
	BotDescription         string    `json:"bot_description,omitempty"`
	BotLastIconUpdate      int64     `json:"bot_last_icon_update,omitempty"`
	TermsOfServiceId       string    `json:"terms_of_service_id,omitempty"`
	TermsOfServiceCreateAt int64     `json:"terms_of_service_create_at,omitempty"`
	DisableWelcomeEmail    bool      `json:"disable_welcome_email"`

	// Server-side secrets and bookkeeping: never serialised, whatever the caller forgets.
	PasswordHash string `json:"-"`
	MfaSecret    string `json:"-"`
	LastLogin    int64  `json:"-"`
}

// UserPatch is the body of PUT /users/{id}/patch; nil means "leave as is".
type UserPatch struct {
	Username    *string   `json:"username"`
	Password    *string   `json:"password,omitempty"`
	Nickname    *string   `json:"nickname"`
	FirstName   *string   `json:"first_name"`
	LastName    *string   `json:"last_name"`
	Position    *string   `json:"position"`
	Email       *string   `json:"email"`
	Props       StringMap `json:"props,omitempty"`
	NotifyProps StringMap `json:"notify_props,omitempty"`
	Locale      *string   `json:"locale"`
	Timezone    StringMap `json:"timezone"`
	RemoteId    *string   `json:"remote_id"`
}

// Clone returns a deep copy, so cached users are never mutated by callers.
func (u *User) Clone() *User {
	c := *u
	if u.AuthData != nil {
		s := *u.AuthData
		c.AuthData = &s
	}
	if u.RemoteId != nil {
		s := *u.RemoteId
		c.RemoteId = &s
	}
	c.Props = u.Props.Clone()
	c.NotifyProps = u.NotifyProps.Clone()
	c.Timezone = u.Timezone.Clone()
	return &c
}

// Clone copies the map; nil stays nil.
func (m StringMap) Clone() StringMap {
	if m == nil {
		return nil
	}
	c := make(StringMap, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// IsSystemAdmin reports whether the user holds the system_admin role. Permission checks go
// through the app's permission function; this is for rules about the *target* of an action.
func (u *User) IsSystemAdmin() bool { return HasRole(u.Roles, "system_admin") }

// IsGuest reports whether the user is a guest account.
func (u *User) IsGuest() bool { return HasRole(u.Roles, "system_guest") }

// IsSSOUser reports whether the account signs in through an external service.
func (u *User) IsSSOUser() bool { return u.AuthService != "" && u.AuthService != "email" }

// IsRemote reports whether the user belongs to a remote cluster.
func (u *User) IsRemote() bool { return u.RemoteId != nil && *u.RemoteId != "" }

// HasRole reports whether the space-separated roles string holds role.
func HasRole(roles, role string) bool {
	for _, r := range strings.Fields(roles) {
		if r == role {
			return true
		}
	}
	return false
}

// SetDefaultNotifications sets the notify_props Mattermost gives a new user.
func (u *User) SetDefaultNotifications() {
	u.NotifyProps = StringMap{
		"email":           "true",
		"push":            "mention",
		"desktop":         "mention",
		"desktop_sound":   "true",
		"mention_keys":    "",
		"channel":         "true",
		"push_status":     "away",
		"comments":        "never",
		"first_name":      "false",
		"desktop_threads": "all",
		"email_threads":   "all",
		"push_threads":    "all",
	}
}

// DefaultTimezone is the timezone object of a new user.
func DefaultTimezone() StringMap {
	return StringMap{"automaticTimezone": "", "manualTimezone": "", "useAutomaticTimezone": "true"}
}

// PreSave fills what the server decides for a new user: id, timestamps, defaults and
// normalised names. It does not hash the password (the app does, with its configured hasher).
func (u *User) PreSave(now int64) {
	if u.Id == "" {
		u.Id = NewId()
	}
	if u.Username == "" {
		u.Username = NewId()
	}
	if u.AuthData != nil && *u.AuthData == "" {
		u.AuthData = nil
	}
	u.normalise()
	if u.CreateAt == 0 {
		u.CreateAt = now
	}
	u.UpdateAt = u.CreateAt
	u.LastPasswordUpdate = u.CreateAt
	u.MfaActive = false
	if u.Locale == "" {
		u.Locale = DefaultLocale
	}
	if u.Props == nil {
		u.Props = StringMap{}
	}
	if len(u.NotifyProps) == 0 {
		u.SetDefaultNotifications()
	}
	if u.Timezone == nil {
		u.Timezone = DefaultTimezone()
	}
}

// PreUpdate normalises a user before an update is stored.
func (u *User) PreUpdate(now int64) {
	u.normalise()
	u.BotDescription = SanitizeUnicode(u.BotDescription)
	u.UpdateAt = now
	if u.AuthData != nil && *u.AuthData == "" {
		u.AuthData = nil
	}
	if len(u.NotifyProps) == 0 {
		u.SetDefaultNotifications()
	} else if keys, ok := u.NotifyProps["mention_keys"]; ok {
		var good []string
		for _, k := range strings.Split(keys, ",") {
			if k != "" {
				good = append(good, strings.ToLower(k))
			}
		}
		u.NotifyProps["mention_keys"] = strings.Join(good, ",")
	}
	if u.Timezone == nil {
		u.Timezone = DefaultTimezone()
	}
}

func (u *User) normalise() {
	u.Username = strings.ToLower(SanitizeUnicode(u.Username))
	u.FirstName = SanitizeUnicode(u.FirstName)
	u.LastName = SanitizeUnicode(u.LastName)
	u.Nickname = SanitizeUnicode(u.Nickname)
	u.Email = strings.ToLower(u.Email)
}

// SanitizeInput clears what a client may not set when creating a user.
func (u *User) SanitizeInput(isAdmin bool) {
	if !isAdmin {
		empty := ""
		u.AuthData = &empty
		u.AuthService = ""
		u.EmailVerified = false
	}
	u.RemoteId = nil
	u.DeleteAt = 0
	u.LastPasswordUpdate = 0
	u.LastPictureUpdate = 0
	u.FailedAttempts = 0
	u.MfaActive = false
	u.MfaSecret = ""
	u.Email = strings.TrimSpace(u.Email)
	u.Username = strings.TrimSpace(u.Username)
}

// Patch applies the non-nil fields of p.
func (u *User) Patch(p *UserPatch) {
	if p.Username != nil {
		u.Username = *p.Username
	}
	if p.Nickname != nil {
		u.Nickname = *p.Nickname
	}
	if p.FirstName != nil {
		u.FirstName = *p.FirstName
	}
	if p.LastName != nil {
		u.LastName = *p.LastName
	}
	if p.Position != nil {
		u.Position = *p.Position
	}
	if p.Email != nil {
		u.Email = *p.Email
	}
	if p.Props != nil {
		u.Props = p.Props
	}
	if p.NotifyProps != nil {
		u.NotifyProps = p.NotifyProps
	}
	if p.Locale != nil {
		u.Locale = *p.Locale
	}
	if p.Timezone != nil {
		u.Timezone = p.Timezone
	}
	if p.RemoteId != nil {
		u.RemoteId = p.RemoteId
	}
}

// SanitizeOptions say which fields a viewer of another user may see. A nil value means
// "the user themself": only secrets are removed.
type SanitizeOptions struct {
	Email, FullName, AuthService, PasswordUpdate bool
}

// Sanitize removes secrets always and, for another viewer, what opts hides. It follows
// Mattermost's Sanitize: an empty options map only blanks secrets.
func (u *User) Sanitize(opts *SanitizeOptions) {
	u.Password = ""
	empty := ""
	u.AuthData = &empty
	if opts == nil {
		return
	}
	if !opts.Email {
		u.Email = ""
	}
	if !opts.FullName {
		u.FirstName = ""
		u.LastName = ""
	}
	if !opts.PasswordUpdate {
		u.LastPasswordUpdate = 0
	}
	if !opts.AuthService {
		u.AuthService = ""
	}
}

// ProfileCopy returns a copy of u sanitised with SanitizeProfile. It copies only what the
// profile keeps (the notify props it drops are not copied), so u is never modified.
func (u *User) ProfileCopy(opts SanitizeOptions) *User {
	c := *u
	c.NotifyProps = nil
	if u.RemoteId != nil {
		s := *u.RemoteId
		c.RemoteId = &s
	}
	c.Props = u.Props.Clone()
	c.Timezone = u.Timezone.Clone()
	c.SanitizeProfile(opts) // replaces AuthData
	return &c
}

// SanitizeProfile is the variant for viewing another user: non-profile fields go too.
func (u *User) SanitizeProfile(opts SanitizeOptions) {
	u.EmailVerified = false
	u.AllowMarketing = false
	u.NotifyProps = nil
	u.LastPasswordUpdate = 0
	u.FailedAttempts = 0
	u.Sanitize(&opts)
}

func invalidUser(field, userID string) *AppError {
	details := ""
	if userID != "" {
		details = "user_id=" + userID
	}
	return NewAppError("User.IsValid", "model.user.is_valid."+field+".app_error", nil, details, http.StatusBadRequest)
}

// IsValid checks the user as Mattermost does, first failure wins.
func (u *User) IsValid() *AppError {
	if !IsValidId(u.Id) {
		return invalidUser("id", "")
	}
	if u.CreateAt == 0 {
		return invalidUser("create_at", u.Id)
	}
	if u.UpdateAt == 0 {
		return invalidUser("update_at", u.Id)
	}
	if u.IsRemote() {
		if !isValidUsername(u.Username, validRemoteUsername) {
			return invalidUser("username", u.Id)
		}
	} else if !IsValidUsername(u.Username) {
		return invalidUser("username", u.Id)
	}
	if len(u.Email) > UserEmailMaxLength || u.Email == "" || !IsValidEmail(u.Email) {
		return invalidUser("email", u.Id)
	}
	if utf8.RuneCountInString(u.Nickname) > UserNicknameMaxRunes {
		return invalidUser("nickname", u.Id)
	}
	if utf8.RuneCountInString(u.Position) > UserPositionMaxRunes {
		return invalidUser("position", u.Id)
	}
	if utf8.RuneCountInString(u.FirstName) > UserFirstNameMaxRunes {
		return invalidUser("first_name", u.Id)
	}
	if utf8.RuneCountInString(u.LastName) > UserLastNameMaxRunes {
		return invalidUser("last_name", u.Id)
	}
	if u.AuthData != nil && len(*u.AuthData) > UserAuthDataMaxLength {
		return invalidUser("auth_data", u.Id)
	}
	if u.AuthData != nil && *u.AuthData != "" && u.AuthService == "" {
		return invalidUser("auth_data_type", u.Id)
	}
	if u.Password != "" && u.AuthData != nil && *u.AuthData != "" {
		return invalidUser("auth_data_pwd", u.Id)
	}
	if !IsValidLocale(u.Locale) {
		return invalidUser("locale", u.Id)
	}
	if len(u.Timezone) > 0 {
		tz, err := json.Marshal(u.Timezone)
		if err != nil {
			return NewAppError("User.IsValid", "model.user.is_valid.marshal.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
		}
		if utf8.RuneCount(tz) > UserTimezoneMaxRunes {
			return invalidUser("timezone_limit", u.Id)
		}
	}
	if len(u.Roles) > UserRolesMaxLength {
		return NewAppError("User.IsValid", "model.user.is_valid.roles_limit.app_error",
			map[string]any{"Limit": UserRolesMaxLength}, "user_id="+u.Id, http.StatusBadRequest)
	}
	return nil
}

var (
	validUsername       = regexp.MustCompile(`^[a-z0-9\.\-_]+$`)
	validRemoteUsername = regexp.MustCompile(`^[a-z0-9\.\-_:]+$`)
	reservedUsernames   = map[string]bool{"all": true, "channel": true, "matterbot": true, "system": true}
)

// IsValidUsername applies Mattermost's username rule: 1–64 of a-z 0-9 . - _, not reserved.
func IsValidUsername(s string) bool { return isValidUsername(s, validUsername) }

func isValidUsername(s string, re *regexp.Regexp) bool {
	if len(s) < UserNameMinLength || len(s) > UserNameMaxLength {
		return false
	}
	if !re.MatchString(s) {
		return false
	}
	return !reservedUsernames[s]
}

// IsValidEmail: lowercase, an RFC 5322 address, no display name.
func IsValidEmail(email string) bool {
	if strings.ToLower(email) != email {
		return false
	}
	addr, err := mail.ParseAddress(email)
	if err != nil {
		return false
	}
	return addr.Name == ""
}

// IsValidLocale: empty, or at most 5 characters forming a language tag.
func IsValidLocale(locale string) bool {
	if locale == "" {
		return true
	}
	if len(locale) > UserLocaleMaxLength {
		return false
	}
	_, err := language.Parse(locale)
	return err == nil
}

// SanitizeUnicode drops invalid UTF-8 and invisible formatting characters (bidi overrides,
// zero-width characters, tag characters) that could disguise a name.
func SanitizeUnicode(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || skipRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r == utf8.RuneError || skipRune(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func skipRune(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, // zero-width space/joiners, LRM, RLM
		r >= 0x202A && r <= 0x202E,   // bidi embeddings and overrides
		r >= 0x2066 && r <= 0x2069,   // bidi isolates
		r == 0xFEFF,                  // BOM / zero-width no-break space
		r >= 0xE0000 && r <= 0xE007F: // tag characters
		return true
	}
	return false
}
