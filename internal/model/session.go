package model

// Session prop keys and values.
const (
	SessionPropPlatform          = "platform"
	SessionPropOS                = "os"
	SessionPropBrowser           = "browser"
	SessionPropCSRF              = "csrf"
	SessionPropIsGuest           = "is_guest"
	SessionPropIsMobile          = "is_mobile"
	SessionPropType              = "type"
	SessionPropUserAccessTokenID = "user_access_token_id"
	SessionTypeUserAccessToken   = "UserAccessToken"

	SessionCookieToken     = "MMAUTHTOKEN"
	SessionCookieUser      = "MMUSERID"
	SessionCookieCSRF      = "MMCSRF"
	HeaderRequestedWith    = "X-Requested-With"
	HeaderRequestedWithXML = "XMLHttpRequest"
	HeaderCSRFToken        = "X-CSRF-Token"
	HeaderToken            = "Token"
	HeaderRequestID        = "X-Request-ID"
	HeaderVersionID        = "X-Version-ID"
)

// Session is a login session. Every field is always serialised, as in Mattermost.
type Session struct {
	Id             string    `json:"id"`
	Token          string    `json:"token"`
	CreateAt       int64     `json:"create_at"`
	ExpiresAt      int64     `json:"expires_at"`
	LastActivityAt int64     `json:"last_activity_at"`
	UserId         string    `json:"user_id"`
	DeviceId       string    `json:"device_id"`
	Roles          string    `json:"roles"`
	IsOAuth        bool      `json:"is_oauth"`
	ExpiredNotify  bool      `json:"expired_notify"`
	Props          StringMap `json:"props"`
	TeamMembers    []any     `json:"team_members"`
	Local          bool      `json:"local"`
}

// IsExpired reports whether the session has an expiry that has passed.
func (s *Session) IsExpired(nowMillis int64) bool {
	return s.ExpiresAt > 0 && nowMillis > s.ExpiresAt
}

// CSRFToken returns the token a cookie-authenticated request must echo.
func (s *Session) CSRFToken() string { return s.Props[SessionPropCSRF] }

// Clone copies the session so a cached one is never modified.
func (s *Session) Clone() *Session {
	c := *s
	c.Props = s.Props.Clone()
	return &c
}

// Sanitize removes the token before the session is listed.
func (s *Session) Sanitize() { s.Token = "" }
