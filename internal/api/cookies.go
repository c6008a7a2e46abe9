package api

import (
	"crypto/subtle"
	"net/http"
	"time"

	"roster/internal/config"
	"roster/internal/model"
)

func constantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// setSessionCookies sets MMAUTHTOKEN (HttpOnly), MMUSERID and MMCSRF the way Mattermost's
// login does; Max-Age is the web session length whatever the session type.
func setSessionCookies(w http.ResponseWriter, r *http.Request, cfg *config.Config, s *model.Session) {
	maxAge := cfg.ServiceSettings.SessionLengthWebInHours * 3600
	expires := time.Now().Add(time.Duration(maxAge) * time.Second)
	secure := isSecure(r)
	for _, c := range []*http.Cookie{
		{Name: model.SessionCookieToken, Value: s.Token, HttpOnly: true},
		{Name: model.SessionCookieUser, Value: s.UserId},
		{Name: model.SessionCookieCSRF, Value: s.CSRFToken()},
	} {
		c.Path = "/"
		c.MaxAge = maxAge
		c.Expires = expires
		c.Secure = secure
		http.SetCookie(w, c)
	}
}

// clearSessionCookies expires the session cookies.
func clearSessionCookies(w http.ResponseWriter, r *http.Request, cfg *config.Config) {
	for _, name := range []string{model.SessionCookieToken, model.SessionCookieUser, model.SessionCookieCSRF} {
		http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0),
			HttpOnly: name == model.SessionCookieToken, Secure: isSecure(r)})
	}
}
