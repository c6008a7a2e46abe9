package model

// NoTranslation is the id of an error whose message is not translated (Mattermost's
// model.NoTranslation): the message is the text given.
const NoTranslation = "NO_TRANSLATE"

// NewUntranslatedError is an AppError with id NO_TRANSLATE and msg as its message.
func NewUntranslatedError(where, msg string, status int) *AppError {
	e := NewAppError(where, NoTranslation, nil, msg, status)
	e.Message = msg
	return e
}

// English texts of the error ids and email templates of email verification, the account
// notification emails, device attachment and the admin user endpoints (known users,
// filtered stats, token search, invalid emails). Texts are Mattermost's.
func init() {
	RegisterMessages(map[string]string{
		"api.user.verify_email.bad_link.app_error":              "Bad verify email link.",
		"api.user.verify_email.broken_token.app_error":          "Bad verify email token type.",
		"api.user.verify_email.link_expired.app_error":          "The email verification link has expired.",
		"api.user.verify_email.token_parse.error":               "Failed to parse token data from email verification",
		"app.user.verify_email.app_error":                       "Unable to update verify email field.",
		"api.user.create_email_token.error":                     "Failed to create token data for email verification",
		"app.user.get_known_users.get_users.app_error":          "Unable to get known users from the database.",
		"app.user_access_token.search.app_error":                "We encountered an error searching user access tokens.",
		"app.session.update_device_id.app_error":                "Unable to update the device id.",
		"api.user.attach_device_id.invalid_device_id.app_error": "Invalid device id.",

		"api.user.update_password.menu":  "using the settings menu",
		"api.user.reset_password.method": "using a reset password link",

		"api.templates.email_warning": "If you did not make this change, please contact the system administrator.",
		"api.templates.email_info1":   "Any questions at all, mail us any time: ",
		"api.templates.email_info2":   "Best wishes,",
		"api.templates.email_info3":   "The {{.SiteName}} Team",

		"api.templates.password_change_subject":    "[{{.SiteName}}] Your password has been updated",
		"api.templates.password_change_body.title": "Your password has been updated",
		"api.templates.password_change_body.info":  "Your password has been updated for {{.TeamDisplayName}} on {{.TeamURL}} by {{.Method}}.",

		"api.templates.mfa_change_subject":           "[{{.SiteName}}] Your MFA has been updated",
		"api.templates.mfa_activated_body.title":     "Multi-factor authentication was added",
		"api.templates.mfa_activated_body.info":      "Multi-factor authentication has been added to your account on {{.SiteURL}}.",
		"api.templates.mfa_deactivated_body.title":   "Multi-factor authentication was removed",
		"api.templates.mfa_deactivated_body.info":    "Multi-factor authentication has been removed from your account on {{.SiteURL}}.",
		"api.templates.email_change_subject":         "[{{.SiteName}}] Your email address has changed",
		"api.templates.email_change_body.title":      "You updated your email",
		"api.templates.email_change_body.info":       "Your email address for {{.TeamDisplayName}} has been changed to {{.NewEmail}}.",
		"api.templates.username_change_subject":      "[{{.SiteName}}] Your username has changed",
		"api.templates.username_change_body.title":   "You updated your username",
		"api.templates.username_change_body.info":    "Your username for {{.TeamDisplayName}} has been changed to {{.NewUsername}}.",
		"api.templates.deactivate_subject":           "[{{.SiteName}}] Your account at {{.ServerURL}} has been deactivated",
		"api.templates.deactivate_body.title":        "Your account has been deactivated at {{.ServerURL}}",
		"api.templates.deactivate_body.info":         "You deactivated your account on {{.SiteURL}}.",
		"api.templates.deactivate_body.warning":      "If this change was not initiated by you or you want to reactivate your account, contact your system administrator.",
		"api.templates.user_access_token_subject":    "[{{.SiteName}}] Personal access token added to your account",
		"api.templates.user_access_token_body.title": "Personal access token added to your account",
		"api.templates.user_access_token_body.info":  "A personal access token was added to your account on {{.SiteURL}}. They can be used to access {{.SiteName}} with your account.",

		"api.templates.verify_subject":                  "[{{.SiteName}}] Email Verification",
		"api.templates.verify_body.title":               "Verify your email address",
		"api.templates.verify_body.subTitle1":           "Thanks for joining ",
		"api.templates.verify_body.serverURL":           "{{.ServerURL}}.",
		"api.templates.verify_body.subTitle2":           "Click below to verify your email address.",
		"api.templates.verify_body.button":              "Verify Email",
		"api.templates.verify_body.info":                "This email address was used to create an account with Mattermost.",
		"api.templates.verify_body.info1":               "If it was not you, you can safely ignore this email.",
		"api.templates.email_change_verify_subject":     "[{{.SiteName}}] Verify new email address",
		"api.templates.email_change_verify_body.title":  "You successfully updated your email",
		"api.templates.email_change_verify_body.info":   "To finish updating your email address for {{.TeamDisplayName}}, please click the link below to confirm this is the right address.",
		"api.templates.email_change_verify_body.button": "Verify Email",
		"api.templates.welcome_subject":                 "[{{.SiteName}}] You joined {{.ServerURL}}",
		"api.templates.welcome_body.title":              "Welcome to the team",
		"api.templates.welcome_body.subTitle1":          "Thanks for joining ",
		"api.templates.welcome_body.serverURL":          "{{.ServerURL}}.",
		"api.templates.welcome_body.subTitle2":          "Click below to verify your email address.",
		"api.templates.welcome_body.button":             "Verify Email",
		"api.templates.welcome_body.info":               "This email address was used to create an account with Mattermost.",
		"api.templates.welcome_body.info1":              "If it was not you, you can safely ignore this email.",
	})
}
