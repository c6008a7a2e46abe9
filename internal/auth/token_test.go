package auth

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestTokenFromRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cookie  string
		headers map[string]string
		query   string
		want    string
		loc     TokenLocation
	}{
		{name: "none", loc: TokenNone},
		{name: "bearer", headers: map[string]string{"Authorization": "Bearer abc"}, want: "abc", loc: TokenHeader},
		{name: "bearer upper", headers: map[string]string{"Authorization": "BEARER abc"}, want: "abc", loc: TokenHeader},
		{name: "token scheme", headers: map[string]string{"Authorization": "token abc"}, want: "abc", loc: TokenHeader},
		{name: "token header", headers: map[string]string{"Token": "abc"}, want: "abc", loc: TokenHeader},
		{name: "other scheme", headers: map[string]string{"Authorization": "Basic abc"}, loc: TokenNone},
		{name: "cookie wins", cookie: "fromcookie", headers: map[string]string{"Authorization": "Bearer abc"}, want: "fromcookie", loc: TokenCookie},
		{name: "query", query: "access_token=q1", want: "q1", loc: TokenQuery},
		{name: "header before query", headers: map[string]string{"Authorization": "Bearer h"}, query: "access_token=q1", want: "h", loc: TokenHeader},
		{name: "clipped", headers: map[string]string{"Authorization": "Bearer " + strings.Repeat("x", 80)}, want: strings.Repeat("x", 50), loc: TokenHeader},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/api/v4/users/me?"+tc.query, nil)
			if tc.cookie != "" {
				r.Header.Set("Cookie", "MMAUTHTOKEN="+tc.cookie)
			}
			for k, v := range tc.headers {
				r.Header.Set(k, v)
			}
			got, loc := TokenFromRequest(r)
			if got != tc.want || loc != tc.loc {
				t.Errorf("TokenFromRequest = %q, %v; want %q, %v", got, loc, tc.want, tc.loc)
			}
		})
	}
}
