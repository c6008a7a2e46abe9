package model

// English texts of the error ids used by profile images, preferences and email invitations.
func init() {
	RegisterMessages(map[string]string{
		"api.user.upload_profile_user.array.app_error":              "Empty array under 'image' in request.",
		"api.user.upload_profile_user.check_image_limits.app_error": "Image limits check failed. Resolution is too high.",
		"api.user.upload_profile_user.decode.app_error":             "Could not decode profile image.",
		"api.user.upload_profile_user.encode.app_error":             "Could not encode profile image.",
		"api.user.upload_profile_user.no_file.app_error":            "No file under 'image' in request.",
		"api.user.upload_profile_user.open.app_error":               "Could not open image file.",
		"api.user.upload_profile_user.parse.app_error":              "Could not parse multipart form.",
		"api.user.upload_profile_user.storage.app_error":            "Unable to upload file. Image storage is not configured.",
		"api.user.upload_profile_user.too_large.app_error":          "Unable to upload profile image. File is too large.",
		"api.user.upload_profile_user.upload_profile.app_error":     "Couldn't upload profile image.",
		"api.user.create_profile_image.default_font.app_error":      "Could not create default profile image font.",
		"api.user.create_profile_image.encode.app_error":            "Could not encode default profile image.",

		"model.preference.is_valid.id.app_error":                    "Invalid user id.",
		"model.preference.is_valid.category.app_error":              "Invalid category.",
		"model.preference.is_valid.name.app_error":                  "Invalid name.",
		"model.preference.is_valid.value.app_error":                 "Value is too long.",
		"model.preference.is_valid.theme.app_error":                 "Invalid theme.",
		"model.preference.is_valid.limit_visible_dms_gms.app_error": "Invalid value for limit_visible_dms_gms.",
		"api.preference.delete_preferences.delete.app_error":        "Unable to delete user preferences.",
		"api.preference.preferences_category.get.app_error":         "Unable to get user preferences.",
		"api.preference.update_preferences.set.app_error":           "Unable to set user preferences.",
		"app.preference.delete.app_error":                           "We encountered an error while deleting preferences.",
		"app.preference.get.app_error":                              "We encountered an error while finding preferences.",
		"app.preference.get_all.app_error":                          "We encountered an error while finding preferences.",
		"app.preference.get_category.app_error":                     "We encountered an error while finding preferences.",
		"app.preference.save.updating.app_error":                    "We encountered an error while updating preferences.",

		"api.team.invite_members.disabled.app_error":                           "Email invitations are disabled.",
		"api.team.invite_members.invalid_email.app_error":                      "The following email addresses do not belong to an accepted domain: {{.Addresses}}. Please contact your System Administrator for details.",
		"api.team.invite_members.no_one.app_error":                             "No one to invite.",
		"api.team.invite_members.unable_to_send_email.app_error":               "Error while sending the email",
		"api.team.invite_members.unable_to_send_email_with_defaults.app_error": "SMTP is not configured in System Console",
		"app.recover.save.app_error":                                           "Unable to save the token.",
		"app.recover.delete.app_error":                                         "Unable to delete token.",
		"api.templates.invite_subject":                                         "[{{.SiteName}}] {{.SenderName}} invited you to join {{.TeamDisplayName}} Team",
		"api.templates.invite_body.title":                                      "{{.SenderName}} invited you to join the {{.TeamDisplayName}} team.",
		"api.templates.invite_body.subTitle":                                   "Start collaborating with your team on Mattermost",
		"api.templates.invite_body.button":                                     "Join now",
	})
}
