package model

import (
	"fmt"
	"strings"
)

// messages holds the English texts of the error ids Roster answers with. Placeholders use the
// Mattermost form {{.Name}}. An id without a text is answered with the id as its message, as
// Mattermost does for a missing translation.
var messages = map[string]string{
	"api.context.invalid_url_param.app_error":                             "Invalid or missing {{.Name}} parameter in request URL.",
	"api.context.invalid_body_param.app_error":                            "Invalid or missing {{.Name}} in request body.",
	"api.context.permissions.app_error":                                   "You do not have the appropriate permissions.",
	"api.context.session_expired.app_error":                               "Invalid or expired session, please login again.",
	"api.context.token_provided.app_error":                                "Session is not OAuth but token was provided in the query string.",
	"api.context.mfa_required.app_error":                                  "Multi-factor authentication is required on this server.",
	"api.context.404.app_error":                                           "Sorry, we could not find the page.",
	"api.context.request_body_too_large.app_error":                        "Your request is too large to process. Please try again with a smaller request.",
	"api.context.server_busy.app_error":                                   "Server is busy, non-critical services are temporarily unavailable.",
	"api.context.json_encoding.app_error":                                 "Error encoding JSON.",
	"basic_security_check.url.too_long_error":                             "URL is too long.",
	"app.internal.app_error":                                              "An internal error occurred.",
	"api.user.create_user.signup_email_disabled.app_error":                "User sign-up with email is disabled.",
	"api.user.create_user.no_open_server":                                 "This server does not allow open signups.  Please speak with your Administrator to receive an invitation.",
	"api.user.create_user.accepted_domain.app_error":                      "The email you provided does not belong to an accepted domain. Please contact your administrator or sign up with a different email.",
	"api.user.create_user.signup_link_invalid.app_error":                  "The signup link does not appear to be valid.",
	"api.user.create_user.signup_link_expired.app_error":                  "The signup link has expired.",
	"api.user.create_user.bad_token_email_data.app_error":                 "The email address in the token does not match the one in the user data.",
	"app.user.save.email_exists.app_error":                                "An account with that email already exists.",
	"app.user.save.username_exists.app_error":                             "An account with that username already exists.",
	"app.user.save.existing.app_error":                                    "Must call update for existing user.",
	"app.user.save.app_error":                                             "Unable to save the account.",
	"app.user.update.app_error":                                           "Unable to update the user.",
	"app.user.update.find.app_error":                                      "Unable to find the existing account to update.",
	"app.user.missing_account.const":                                      "Unable to find the user.",
	"app.user.get_by_username.app_error":                                  "Unable to find an existing account matching your username for this team. This team may require an invite from the team owner to join.",
	"app.user.get.app_error":                                              "An error occurred finding the account.",
	"model.user.is_valid.id.app_error":                                    "Invalid user id.",
	"model.user.is_valid.create_at.app_error":                             "Create at must be a valid time.",
	"model.user.is_valid.update_at.app_error":                             "Update at must be a valid time.",
	"model.user.is_valid.username.app_error":                              "Username must begin with a letter and contain between 3 to 22 characters including numbers, lowercase letters, and the symbols \".\", \"-\", and \"_\".",
	"model.user.is_valid.email.app_error":                                 "Invalid email.",
	"model.user.is_valid.nickname.app_error":                              "Invalid nickname.",
	"model.user.is_valid.position.app_error":                              "Invalid position: must not be longer than 128 characters.",
	"model.user.is_valid.first_name.app_error":                            "Invalid first name.",
	"model.user.is_valid.last_name.app_error":                             "Invalid last name.",
	"model.user.is_valid.auth_data.app_error":                             "Invalid auth data.",
	"model.user.is_valid.auth_data_type.app_error":                        "Invalid user, auth data must be set with auth type.",
	"model.user.is_valid.auth_data_pwd.app_error":                         "Invalid user, password and auth data cannot both be set.",
	"model.user.is_valid.locale.app_error":                                "Invalid locale.",
	"model.user.is_valid.timezone_limit.app_error":                        "Invalid timezone: must not be longer than 256 characters.",
	"model.user.is_valid.roles_limit.app_error":                           "Invalid user roles longer than {{.Limit}} characters.",
	"model.user.is_valid.marshal.app_error":                               "Failed to encode field to JSON.",
	"model.user.pre_save.password_too_long.app_error":                     "Your password must contain no more than 72 characters.",
	"model.user.pre_save.password_hash.app_error":                         "Internal error while hashing the password.",
	"api.user.login.blank_pwd.app_error":                                  "Password field must not be blank",
	"api.user.login.inactive.app_error":                                   "Login failed because your account has been deactivated.  Please contact an administrator.",
	"api.user.login.bot_login_forbidden.app_error":                        "Bot login is forbidden.",
	"api.user.login.not_verified.app_error":                               "Login failed because email address has not been verified.",
	"api.user.login.use_auth_service.app_error":                           "Please sign in using {{.AuthService}}.",
	"api.user.login.invalid_credentials_email_username":                   "Enter a valid email or username and/or password.",
	"api.user.login.invalid_credentials_email":                            "Enter a valid email and/or password",
	"api.user.login.invalid_credentials_username":                         "Enter a valid username and/or password.",
	"api.user.login.invalid_credentials_sso":                              "Enter a valid email or username and/or password, or sign in using another method.",
	"api.user.check_user_login_attempts.too_many.app_error":               "Your account is locked because of too many failed password attempts. Please reset your password.",
	"api.user.check_user_password.invalid.app_error":                      "Login failed because of invalid password",
	"mfa.validate_token.authenticate.app_error":                           "Invalid MFA token.",
	"api.user.check_user_mfa.bad_code.app_error":                          "Invalid MFA token.",
	"api.user.get_user_by_email.permissions.app_error":                    "Unable to get user by email.",
	"api.user.update_user.login_provider_attribute_set.app_error":         "Field '{{.Field}}' must be set through the user's login provider.",
	"api.user.patch_user.login_provider_attribute_set.app_error":          "Field '{{.Field}}' must be set through the user's login provider.",
	"api.user.update_user.accepted_domain.app_error":                      "The email you provided does not belong to an accepted domain. Please contact your administrator or sign up with a different email.",
	"api.user.update_active.not_enable.app_error":                         "You cannot deactivate yourself because this feature is not enabled. Please contact your System Administrator.",
	"api.user.update_active.permissions.app_error":                        "You do not have the appropriate permissions.",
	"api.user.delete_user.not_enabled.app_error":                          "Permanent delete feature is not enabled. Please contact your System Administrator.",
	"app.user.update.lastAdmin.app_error":                                 "Cannot remove the last system admin.",
	"app.role.get_by_names.app_error":                                     "Unable to get roles.",
	"app.role.get_by_name.app_error":                                      "Unable to get role.",
	"app.role.get.app_error":                                              "Unable to get role.",
	"model.user.is_valid.pwd.app_error":                                   "Your password must contain at least {{.Min}} characters.",
	"model.user.is_valid.pwd_lowercase.app_error":                         "Your password must contain at least {{.Min}} characters made up of at least one lowercase letter.",
	"model.user.is_valid.pwd_uppercase.app_error":                         "Your password must contain at least {{.Min}} characters made up of at least one uppercase letter.",
	"model.user.is_valid.pwd_number.app_error":                            "Your password must contain at least {{.Min}} characters made up of at least one number.",
	"model.user.is_valid.pwd_symbol.app_error":                            "Your password must contain at least {{.Min}} characters made up of at least one symbol (e.g. \"~!@#$%^&*()\").",
	"model.user.is_valid.pwd_lowercase_uppercase.app_error":               "Your password must contain at least {{.Min}} characters made up of at least one lowercase letter and at least one uppercase letter.",
	"model.user.is_valid.pwd_lowercase_number.app_error":                  "Your password must contain at least {{.Min}} characters made up of at least one lowercase letter and at least one number.",
	"model.user.is_valid.pwd_lowercase_symbol.app_error":                  "Your password must contain at least {{.Min}} characters made up of at least one lowercase letter and at least one symbol (e.g. \"~!@#$%^&*()\").",
	"model.user.is_valid.pwd_uppercase_number.app_error":                  "Your password must contain at least {{.Min}} characters made up of at least one uppercase letter and at least one number.",
	"model.user.is_valid.pwd_uppercase_symbol.app_error":                  "Your password must contain at least {{.Min}} characters made up of at least one uppercase letter and at least one symbol (e.g. \"~!@#$%^&*()\").",
	"model.user.is_valid.pwd_number_symbol.app_error":                     "Your password must contain at least {{.Min}} characters made up of at least one number and at least one symbol (e.g. \"~!@#$%^&*()\").",
	"model.user.is_valid.pwd_lowercase_uppercase_number.app_error":        "Your password must contain at least {{.Min}} characters made up of at least one lowercase letter, at least one uppercase letter, and at least one number.",
	"model.user.is_valid.pwd_lowercase_uppercase_symbol.app_error":        "Your password must contain at least {{.Min}} characters made up of at least one lowercase letter, at least one uppercase letter, and at least one symbol (e.g. \"~!@#$%^&*()\").",
	"model.user.is_valid.pwd_lowercase_number_symbol.app_error":           "Your password must contain at least {{.Min}} characters made up of at least one lowercase letter, at least one number, and at least one symbol (e.g. \"~!@#$%^&*()\").",
	"model.user.is_valid.pwd_uppercase_number_symbol.app_error":           "Your password must contain at least {{.Min}} characters made up of at least one uppercase letter, at least one number, and at least one symbol (e.g. \"~!@#$%^&*()\").",
	"model.user.is_valid.pwd_lowercase_uppercase_number_symbol.app_error": "Your password must contain at least {{.Min}} characters made up of at least one lowercase letter, at least one uppercase letter, at least one number, and at least one symbol (e.g. \"~!@#$%^&*()\").",
}

// Translate returns the English text of id with params filled in, or id itself when the text
// is unknown.
func Translate(id string, params map[string]any) string {
	msg, ok := messages[id]
	if !ok {
		return id
	}
	if len(params) == 0 || !strings.Contains(msg, "{{") {
		return msg
	}
	for k, v := range params {
		msg = strings.ReplaceAll(msg, "{{."+k+"}}", fmt.Sprint(v))
	}
	return msg
}

// RegisterMessages adds English texts for error ids; later issues' packages call it from init.
func RegisterMessages(m map[string]string) {
	for k, v := range m {
		messages[k] = v
	}
}
