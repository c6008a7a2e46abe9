package model

// English texts of the error ids used by team settings and team membership management.
func init() {
	RegisterMessages(map[string]string{
		"app.team.update.updating.app_error":                                   "We encountered an error updating the team.",
		"app.team.update.find.app_error":                                       "Unable to find the existing team to update.",
		"app.team.get_by_name.app_error":                                       "Unable to find the existing team.",
		"app.team.get_member.app_error":                                        "Unable to get the team member.",
		"app.team.get_members_by_ids.app_error":                                "Unable to get the team members.",
		"app.team.get_member_count.app_error":                                  "Unable to count the team members.",
		"app.team.get_unread.app_error":                                        "Unable to get the team unreads.",
		"app.team.permanent_delete.app_error":                                  "Unable to delete the existing team.",
		"app.team.search_all_team.app_error":                                   "We encountered an error searching teams.",
		"app.team.invite_token.group_constrained.error":                        "Unable to join a group-constrained team by token.",
		"api.team.update_restricted_domains.mismatch.app_error":                "Restricting team to {{.Domain}} is not allowed by the system config. Please contact your system administrator.",
		"api.user.delete_team.not_enabled.app_error":                           "Permanent team deletion feature is not enabled. Please contact your System Administrator.",
		"api.team.search_teams.pagination_not_implemented.private_team_search": "Pagination not implemented for private-only team search.",
		"api.team.search_teams.pagination_not_implemented.public_team_search":  "Pagination not implemented for public-only team search.",
		"api.team.get_invite_info.not_open_team":                               "Invite is invalid because this is not an open team.",
		"api.team.invalidate_all_email_invites.app_error":                      "Error invalidating email invites.",
		"api.team.add_user_to_team_from_invite.guest.app_error":                "Guests are restricted from joining a team via an invite link. Please request a guest email invitation to the team.",
		"api.team.add_user_to_team.missing_parameter.app_error":                "Parameter required to add user to team.",
		"api.user.create_user.invalid_invitation_type.app_error":               "Unable to create the user, invalid invitation.",
		"api.channel.update_team_member_roles.scheme_role.app_error":           "The provided role is managed by a Scheme and therefore cannot be applied directly to a Team Member.",
		"api.team.update_team_member_roles.guest_and_user.app_error":           "Invalid team member update: A user must be a guest or a user but not both.",
		"api.channel.update_team_member_roles.changing_guest_role.app_error":   "Invalid team member update: You can't add or remove the guest role manually.",
		"model.team_member.is_valid.roles_limit.app_error":                     "Invalid team member roles longer than {{.Limit}} characters.",
	})
}
