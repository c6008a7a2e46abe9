package model

import "net/http"

// Audit is one entry of a user's security log (GET /users/{id}/audits), as Mattermost's
// model.Audit. Action is the request path; ExtraInfo a short note that never holds a secret.
type Audit struct {
	Id        string `json:"id"`
	CreateAt  int64  `json:"create_at"`
	UserId    string `json:"user_id"`
	Action    string `json:"action"`
	ExtraInfo string `json:"extra_info"`
	IpAddress string `json:"ip_address"`
	SessionId string `json:"session_id"`
}

// Limits of audit fields as stored (Mattermost's column sizes).
const (
	AuditActionMaxLength    = 512
	AuditExtraInfoMaxLength = 1024
	AuditIPMaxLength        = 64
)

// UserAccessToken is a personal access token. Token is only ever sent in the answer to its
// creation; it is stored as a hash.
type UserAccessToken struct {
	Id          string `json:"id"`
	Token       string `json:"token,omitempty"`
	UserId      string `json:"user_id"`
	Description string `json:"description"`
	IsActive    bool   `json:"is_active"`
}

// UserAccessTokenDescriptionMaxLength is Mattermost's limit on a token's description.
const UserAccessTokenDescriptionMaxLength = 255

// SessionUserAccessTokenExpiryHours is how long the session a personal access token opens
// lives (Mattermost: about 100 years).
const SessionUserAccessTokenExpiryHours = 100 * 365 * 24

// IsValid checks a token about to be stored.
func (t *UserAccessToken) IsValid() *AppError {
	if !IsValidId(t.Id) {
		return NewAppError("UserAccessToken.IsValid", "model.user_access_token.is_valid.id.app_error", nil, "", http.StatusBadRequest)
	}
	if len(t.Token) != IDLength {
		return NewAppError("UserAccessToken.IsValid", "model.user_access_token.is_valid.token.app_error", nil, "", http.StatusBadRequest)
	}
	if !IsValidId(t.UserId) {
		return NewAppError("UserAccessToken.IsValid", "model.user_access_token.is_valid.user_id.app_error", nil, "", http.StatusBadRequest)
	}
	if len(t.Description) > UserAccessTokenDescriptionMaxLength {
		return NewAppError("UserAccessToken.IsValid", "model.user_access_token.is_valid.description.app_error", nil, "", http.StatusBadRequest)
	}
	return nil
}

// UserAuth is the body and answer of PUT /users/{id}/auth.
type UserAuth struct {
	Password    string  `json:"password,omitempty"` // accepted, never applied or sent back
	AuthData    *string `json:"auth_data,omitempty"`
	AuthService string  `json:"auth_service,omitempty"`
}

// UserAuthServiceMaxLength bounds auth_service as the column does.
const UserAuthServiceMaxLength = 32

// MfaSecret is the answer of POST /users/{id}/mfa/generate: the base32 secret and a QR code
// (PNG, standard base64) of its otpauth:// URL.
type MfaSecret struct {
	Secret string `json:"secret"`
	QRCode string `json:"qr_code"`
}

// PasswordRecoveryTokenSize is the length of a password reset token (Mattermost's TokenSize).
const PasswordRecoveryTokenSize = 64

func init() {
	RegisterMessages(map[string]string{
		"api.user.update_password.context.app_error":             "Update password failed because context user_id did not match props user_id.",
		"api.user.update_password.user_and_hashed.app_error":     "Only system administrators can set already-hashed passwords.",
		"api.user.update_password.incorrect.app_error":           "The \"Current Password\" you entered is incorrect. Please check that Caps Lock is off and try again.",
		"api.user.update_password.oauth.app_error":               "Update password failed because the user is logged in through an OAuth service.",
		"api.user.update_password.failed.app_error":              "Update password failed.",
		"api.user.send_password_reset.send.app_error":            "Failed to send password reset email successfully.",
		"api.user.reset_password.invalid_link.app_error":         "The reset password link does not appear to be valid.",
		"api.user.reset_password.link_expired.app_error":         "The password reset link has expired.",
		"api.user.reset_password.broken_token.app_error":         "Invalid reset password token.",
		"api.user.reset_password.sso.app_error":                  "Cannot reset password for SSO accounts.",
		"mfa.mfa_disabled.app_error":                             "Multi-factor authentication has been disabled on this server.",
		"mfa.activate.bad_token.app_error":                       "Invalid MFA token.",
		"mfa.activate.app_error":                                 "Unable to update MFA active status for the user.",
		"mfa.deactivate.app_error":                               "Unable to update MFA active status for the user.",
		"mfa.generate_qr_code.create_code.app_error":             "Error generating QR code.",
		"api.user.activate_mfa.email_and_ldap_only.app_error":    "MFA is not available for this account type.",
		"app.session.get.app_error":                              "We encountered an error finding the session.",
		"app.audit.get.limit.app_error":                          "Limit exceeded for paging.",
		"api.user.update_user_roles.license.app_error":           "Custom permission schemes not supported by current license",
		"app.role.check_roles_exist.role_not_found":              "The provided role does not exist",
		"api.user.update_user_auth.invalid_request":              "Invalid request: missing AuthData or AuthService field.",
		"app.user.update_auth_data.email_exists.app_error":       "Unable to switch the account: another account already uses this authentication data.",
		"app.user_access_token.disabled":                         "Personal access tokens are disabled on this server. Please contact your system administrator for details.",
		"app.user_access_token.invalid_or_missing":               "Invalid or missing token.",
		"app.user_access_token.get_by_user.app_error":            "Unable to get user access tokens by user.",
		"model.user_access_token.is_valid.id.app_error":          "Invalid value for id.",
		"model.user_access_token.is_valid.token.app_error":       "Invalid access token.",
		"model.user_access_token.is_valid.user_id.app_error":     "Invalid user id.",
		"model.user_access_token.is_valid.description.app_error": "Invalid description, must be 255 or less characters.",
		"api.context.rate_limited.app_error":                     "Too many requests. Please wait before trying again.",
		"api.user.update_password.password_hash.app_error":       "Internal error while hashing the password.",
	})
}
