package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"

	"roster/internal/model"
	"roster/internal/permission"
)

// TOTP parameters (RFC 6238 as authenticator apps use it, and Mattermost): HMAC-SHA1, six
// digits, 30-second steps, the previous, current and next step accepted.
const (
	totpPeriod     = 30
	totpDigits     = 6
	mfaSecretBytes = 20 // 160 bits, as RFC 4226 recommends
	qrCodeSize     = 256
)

// codeCheck is the outcome of checking a TOTP code.
type codeCheck int

const (
	codeValid     codeCheck = iota
	codeMalformed           // not six digits
	codeInvalid             // wrong, or already used
)

// matchTOTP returns the time step whose code equals code. Every candidate is computed and
// compared in constant time, so the answer's timing does not tell which step matched.
func matchTOTP(secret, code string, now time.Time) (step int64, result codeCheck, err error) {
	code = strings.TrimSpace(code)
	if len(code) != totpDigits || strings.Trim(code, "0123456789") != "" {
		return 0, codeMalformed, nil
	}
	current := now.Unix() / totpPeriod
	found := int64(-1)
	for _, st := range []int64{current - 1, current, current + 1} {
		want, err := hotp.GenerateCodeCustom(secret, uint64(st), hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			return 0, codeInvalid, fmt.Errorf("totp: %w", err)
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			found = st
		}
	}
	if found < 0 {
		return 0, codeInvalid, nil
	}
	return found, codeValid, nil
}

// checkMfaCode checks a code against the user's stored secret and uses up its time step, so
// the same code (or an older one) is refused afterwards on every node.
func (a *App) checkMfaCode(ctx context.Context, user *model.User, code string) (codeCheck, error) {
	secret, err := a.openMfaSecret(user.Id, user.MfaSecret)
	if err != nil {
		return codeInvalid, err
	}
	if secret == "" {
		return codeInvalid, nil
	}
	step, result, err := matchTOTP(secret, code, a.now())
	if err != nil || result != codeValid {
		return result, err
	}
	fresh, err := a.store.UseMfaStep(ctx, user.Id, step)
	if err != nil {
		return codeInvalid, err
	}
	if !fresh {
		return codeInvalid, nil
	}
	if a.sec.mfaKey != nil && !strings.HasPrefix(user.MfaSecret, mfaSealedPrefix) {
		// A secret stored before a key was configured: encrypt it now.
		if sealed, err := a.sealMfaSecret(user.Id, secret); err == nil {
			if err := a.store.ReplaceMfaSecret(ctx, user.Id, user.MfaSecret, sealed); err != nil {
				a.log.Error("encrypt stored mfa secret", "user_id", user.Id, "err", err)
			}
			a.invalidateUser(user.Id)
		}
	}
	return codeValid, nil
}

// checkMFA applies multi-factor authentication at login when it is on and the user set it
// up. A missing or malformed code answers mfa.validate_token.authenticate.app_error (how
// clients learn to ask for one); a wrong or replayed code counts as a failed attempt.
func (a *App) checkMFA(ctx context.Context, user *model.User, token string) error {
	if !user.MfaActive || !a.cfg.ServiceSettings.EnableMultifactorAuthentication {
		return nil
	}
	result, err := a.checkMfaCode(ctx, user, token)
	if err != nil {
		return storeError("checkUserMfa", err)
	}
	if result == codeValid {
		return nil
	}
	if token != "" {
		if err := a.store.IncrementFailedAttempts(ctx, user.Id); err != nil {
			return storeError("checkUserMfa", err)
		}
		a.invalidateUser(user.Id)
	}
	if result == codeMalformed {
		// 400 in Mattermost's check, made 401 by its login like every credential error.
		return model.NewAppError("checkUserMfa", "mfa.validate_token.authenticate.app_error", nil, "", http.StatusUnauthorized)
	}
	return model.NewAppError("checkUserMfa", "api.user.check_user_mfa.bad_code.app_error", nil, "", http.StatusUnauthorized)
}

// MfaAccess is the permission rule of both MFA endpoints: not through OAuth, and self or
// someone who may edit the user.
func (a *App) MfaAccess(ctx context.Context, s *model.Session, userID string) error {
	if s.IsOAuth {
		e := model.PermissionError(s.UserId, permission.EditOtherUsers)
		e.DetailedError += ", attempted access by oauth app"
		return e
	}
	return a.require(ctx, s, permission.EditOtherUsers, Target{UserID: userID})
}

func mfaDisabled(where string) *model.AppError {
	return model.NewAppError(where, "mfa.mfa_disabled.app_error", nil, "", http.StatusNotImplemented)
}

// GenerateMfaSecret makes and stores a new secret (POST /users/{id}/mfa/generate) and
// returns it with the QR code of its otpauth:// URL. MFA is not active until a code for it
// is given to UpdateMfa.
func (a *App) GenerateMfaSecret(ctx context.Context, s *model.Session, userID string) (*model.MfaSecret, error) {
	if err := a.MfaAccess(ctx, s, userID); err != nil {
		return nil, err
	}
	user, err := a.userOrError(ctx, userID)
	if err != nil {
		return nil, err
	}
	if !a.cfg.ServiceSettings.EnableMultifactorAuthentication {
		return nil, mfaDisabled("GenerateMfaSecret")
	}
	raw := make([]byte, mfaSecretBytes)
	if _, err := rand.Read(raw); err != nil {
		return nil, model.NewAppError("GenerateMfaSecret", "mfa.generate_qr_code.create_code.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	secret := base32.StdEncoding.EncodeToString(raw)
	png, err := mfaQRCode(a.mfaIssuer(), user.Email, secret)
	if err != nil {
		return nil, model.NewAppError("GenerateMfaSecret", "mfa.generate_qr_code.create_code.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	stored, err := a.sealMfaSecret(user.Id, secret)
	if err != nil {
		return nil, storeError("GenerateMfaSecret", err)
	}
	if err := a.store.SetMfaSecret(ctx, user.Id, stored, a.nowMillis()); err != nil {
		if notFound(err) {
			return nil, model.NewAppError("GenerateMfaSecret", "app.user.missing_account.const", nil, "", http.StatusNotFound)
		}
		return nil, storeError("GenerateMfaSecret", err)
	}
	a.invalidateUser(user.Id)
	return &model.MfaSecret{Secret: secret, QRCode: base64.StdEncoding.EncodeToString(png)}, nil
}

// mfaIssuer is SiteURL without scheme and "www.", or "Mattermost", query-escaped (as
// Mattermost names the account in authenticator apps).
func (a *App) mfaIssuer() string {
	issuer := "Mattermost"
	if site := strings.TrimSpace(a.cfg.ServiceSettings.SiteURL); site != "" {
		site = strings.TrimPrefix(strings.TrimPrefix(site, "https://"), "http://")
		issuer = strings.TrimPrefix(site, "www.")
	}
	return url.QueryEscape(issuer)
}

// mfaQRCode renders the otpauth:// URL as a PNG QR code with error-correction level H.
func mfaQRCode(issuer, email, secret string) ([]byte, error) {
	link := fmt.Sprintf("otpauth://totp/%s:%s?secret=%s&issuer=%s", issuer, email, secret, issuer)
	code, err := qr.Encode(link, qr.H, qr.Auto)
	if err != nil {
		return nil, err
	}
	size := max(qrCodeSize, code.Bounds().Dx())
	scaled, err := barcode.Scale(code, size, size)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, scaled); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UpdateMfa activates MFA with a valid code for the generated secret, or deactivates it
// (PUT /users/{id}/mfa).
func (a *App) UpdateMfa(ctx context.Context, s *model.Session, userID string, activate bool, code string) error {
	if err := a.MfaAccess(ctx, s, userID); err != nil {
		return err
	}
	user, err := a.store.GetUser(ctx, userID) // the secret as stored now, not a cached copy
	if notFound(err) {
		return model.NewAppError("UpdateMfa", "app.user.missing_account.const", nil, "", http.StatusNotFound)
	}
	if err != nil {
		return storeError("UpdateMfa", err)
	}
	if !activate {
		err := a.store.InTx(ctx, func(ctx context.Context) error {
			if err := a.store.DeactivateMfa(ctx, userID, a.nowMillis()); err != nil {
				return err
			}
			return a.auditTx(ctx, userID, "success - mfa deactivated"+byActor(s, userID))
		})
		if err != nil {
			return model.NewAppError("DeactivateMfa", "mfa.deactivate.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
		}
		a.invalidateUser(userID)
		a.notifyMfaChanged(ctx, user, false)
		return nil
	}
	if user.AuthService != "" && user.AuthService != "ldap" {
		return model.NewAppError("ActivateMfa", "api.user.activate_mfa.email_and_ldap_only.app_error", nil, "", http.StatusBadRequest)
	}
	if !a.cfg.ServiceSettings.EnableMultifactorAuthentication {
		return mfaDisabled("ActivateMfa")
	}
	result, err := a.checkMfaCode(ctx, user, code)
	if err != nil {
		return model.NewAppError("ActivateMfa", "mfa.activate.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	if result != codeValid {
		return model.NewAppError("ActivateMfa", "mfa.activate.bad_token.app_error", nil, "", http.StatusUnauthorized)
	}
	checked, err := a.openMfaSecret(userID, user.MfaSecret)
	if err != nil {
		return model.NewAppError("ActivateMfa", "mfa.activate.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	changed := false
	err = a.store.InTx(ctx, func(ctx context.Context) error {
		// The secret the code was checked against must still be the user's (it may have been
		// re-encrypted meanwhile): a secret generated again in between is not activated.
		current, err := a.store.GetUser(ctx, userID)
		if err != nil {
			return err
		}
		if plain, err := a.openMfaSecret(userID, current.MfaSecret); err != nil || plain != checked {
			changed = true
			return nil
		}
		if err := a.store.ActivateMfa(ctx, userID, current.MfaSecret, a.nowMillis()); err != nil {
			return err
		}
		return a.auditTx(ctx, userID, "success - mfa activated"+byActor(s, userID))
	})
	if err != nil {
		return model.NewAppError("ActivateMfa", "mfa.activate.app_error", nil, "", http.StatusInternalServerError).Wrap(err)
	}
	if changed {
		return model.NewAppError("ActivateMfa", "mfa.activate.bad_token.app_error", nil, "", http.StatusUnauthorized)
	}
	a.invalidateUser(userID)
	a.notifyMfaChanged(ctx, user, true)
	return nil
}
