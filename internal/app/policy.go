package app

import (
	"net/http"
	"strings"

	"roster/internal/model"
)

const passwordSymbols = " !\"\\#$%&'()*+,-./:;<=>?@[]^_`|~"

// CheckPasswordPolicy applies PasswordSettings. As in Mattermost the error id names the
// policy (one suffix per enabled rule), not the rule that failed, and length counts bytes.
func (a *App) CheckPasswordPolicy(password string) *model.AppError {
	p := a.cfg.PasswordSettings
	id := "model.user.is_valid.pwd"
	ok := len(password) >= p.MinimumLength && len(password) <= model.UserPasswordMaxLength
	if p.Lowercase {
		id += "_lowercase"
		ok = ok && strings.ContainsAny(password, "abcdefghijklmnopqrstuvwxyz")
	}
	if p.Uppercase {
		id += "_uppercase"
		ok = ok && strings.ContainsAny(password, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	}
	if p.Number {
		id += "_number"
		ok = ok && strings.ContainsAny(password, "0123456789")
	}
	if p.Symbol {
		id += "_symbol"
		ok = ok && strings.ContainsAny(password, passwordSymbols)
	}
	if ok {
		return nil
	}
	return model.NewAppError("IsPasswordValid", id+".app_error", map[string]any{"Min": p.MinimumLength}, "", http.StatusBadRequest)
}

// emailDomainAllowed applies TeamSettings.RestrictCreationToDomains.
func (a *App) emailDomainAllowed(email string) bool {
	domains := a.cfg.RestrictedDomains()
	if len(domains) == 0 {
		return true
	}
	email = strings.ToLower(email)
	for _, d := range domains {
		if strings.HasSuffix(email, "@"+strings.ToLower(strings.TrimSpace(d))) {
			return true
		}
	}
	return false
}
