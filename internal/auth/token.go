package auth

import (
	"net/http"
	"strings"
)

// TokenLocation says where a request's token was found; cookie tokens are subject to the
// CSRF rule.
type TokenLocation int

const (
	TokenNone TokenLocation = iota
	TokenCookie
	TokenHeader
	TokenQuery
)

// maxTokenLen bounds what is taken from a request, as Mattermost's parser does.
const maxTokenLen = 50

// TokenFromRequest finds the request's token in Mattermost's order: the MMAUTHTOKEN cookie,
// then an Authorization header of the form "Bearer <t>" or "Token <t>" (scheme
// case-insensitive), then a "Token" header (the name login answers with), then the
// access_token query parameter.
func TokenFromRequest(r *http.Request) (string, TokenLocation) {
	if c, err := r.Cookie("MMAUTHTOKEN"); err == nil && c.Value != "" {
		return clip(c.Value), TokenCookie
	}
	if h := r.Header.Get("Authorization"); h != "" {
		if len(h) > 6 && strings.EqualFold(h[:6], "bearer") {
			return clip(strings.TrimSpace(h[7:])), TokenHeader
		}
		if len(h) > 5 && strings.EqualFold(h[:5], "token") {
			return clip(strings.TrimSpace(h[6:])), TokenHeader
		}
	}
	if t := r.Header.Get("Token"); t != "" {
		return clip(strings.TrimSpace(t)), TokenHeader
	}
	if t := r.URL.Query().Get("access_token"); t != "" {
		return clip(t), TokenQuery
	}
	return "", TokenNone
}

func clip(s string) string {
	if len(s) > maxTokenLen {
		return s[:maxTokenLen]
	}
	return s
}
