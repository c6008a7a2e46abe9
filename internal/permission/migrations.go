package permission

// Mattermost creates its built-in roles with MakeDefaultRoles and then, on every start
// (including the very first one), runs the permission migrations of
// server/channels/app/permissions_migrations.go (commit
// 018b5c347ed716b83241555753b35ebf4f610af1, the commit our role lists come from). A fresh
// Mattermost install therefore serves the roles of MakeDefaultRoles *after* those
// migrations. Builtin applies the same transformations, in Mattermost's order, so that a
// fresh Roster install grants exactly what a fresh Mattermost install grants.
//
// Only the migrations that change at least one built-in role are transcribed below. Every
// other migration in that file was checked against the MakeDefaultRoles lists in roles.go
// and is a no-op on them, because it only touches deprecated permissions no built-in role
// holds (the emoji and webhook splits, permanent_delete_user, the sysconsole "umbrella"
// subsection migrations, manage_remote_clusters), or only grants what the roles already
// hold (view_members, bots, guests, list/join teams, system roles, shared channels, billing,
// custom groups, read_channel_content, IP filters, outgoing OAuth connections, bookmarks,
// banners, access rules, the ancillary job/analytics/logs/test-email grants,
// edit_file_attachment, manage_own_agent, manage_oauth). The wiki/page migration is not
// applied: its stored version does not match the permission lists of that commit and Roster
// serves no wiki.
//
// Net effect on the built-in roles (what the migrations below add):
//   - channel_admin: create_post, add_reaction, remove_reaction, manage_public_channel_members,
//     manage_private_channel_members, use_channel_mentions, read_public_channel_groups,
//     read_private_channel_groups, upload_file
//   - team_admin: the same as channel_admin plus use_group_mentions,
//     playbook_public_manage_roles, playbook_private_manage_roles,
//     manage_public_channel_auto_translation, manage_private_channel_auto_translation
//   - channel_user: use_group_mentions, read_public_channel_groups, read_private_channel_groups
//   - team_user: playbook_public_create, playbook_private_create
//   - team_post_all, system_post_all: use_group_mentions, upload_file
//   - team_post_all_public, system_post_all_public: use_group_mentions
//   - system_read_only_admin: sysconsole_read_environment_mobile_security
//
// The restriction of convert_private_channel_to_public (every role except system_admin,
// team_admin and the roles holding both sysconsole_write_user_management_channels and
// sysconsole_write_user_management_groups loses it) is applied too; on the default roles
// no other role holds that permission, so it removes nothing today.

// rolePerms is the working state of a migration run: role name → permission set.
type rolePerms map[string]map[string]bool

// condition decides whether a transformation applies to a role.
type condition func(role string, state rolePerms) bool

// transformation is Mattermost's permissionTransformation: when On holds for a role, Add
// is granted and Remove is revoked.
type transformation struct {
	On     condition
	Add    []string
	Remove []string
}

// migration is one entry of Mattermost's PermissionsMigrations list; Key names the Go
// constant Mattermost keys it by.
type migration struct {
	Key             string
	Transformations []transformation
}

func isRole(name string) condition {
	return func(role string, _ rolePerms) bool { return role == name }
}

func isNotRole(name string) condition {
	return func(role string, _ rolePerms) bool { return role != name }
}

func permissionExists(p string) condition {
	return func(role string, state rolePerms) bool { return state[role][p] }
}

func permissionNotExists(p string) condition {
	return func(role string, state rolePerms) bool { return !state[role][p] }
}

func onOtherRole(other string, c condition) condition {
	return func(_ string, state rolePerms) bool { return c(other, state) }
}

func all(cs ...condition) condition {
	return func(role string, state rolePerms) bool {
		for _, c := range cs {
			if !c(role, state) {
				return false
			}
		}
		return true
	}
}

func anyOf(cs ...condition) condition {
	return func(role string, state rolePerms) bool {
		for _, c := range cs {
			if c(role, state) {
				return true
			}
		}
		return false
	}
}

// moderatedPermissions are the channel-moderation permissions other than create_post
// (Mattermost's moderatedPermissionsMinusCreatePost).
var moderatedPermissions = []string{
	AddReaction, RemoveReaction, ManagePublicChannelMembers, ManagePrivateChannelMembers, UseChannelMentions,
}

// freshInstallMigrations returns the migrations of permissions_migrations.go that change a
// built-in role, in Mattermost's order, keyed by Mattermost's migration keys.
func freshInstallMigrations() []migration {
	channelModeration := []transformation{
		{On: isRole(TeamAdmin), Add: []string{CreatePost}},
		{On: isRole(ChannelAdmin), Add: []string{CreatePost}},
	}
	for _, p := range moderatedPermissions {
		channelModeration = append(channelModeration,
			transformation{
				On:  all(isRole(ChannelAdmin), anyOf(onOtherRole(ChannelUser, permissionExists(p)), onOtherRole(ChannelGuest, permissionExists(p)))),
				Add: []string{p},
			},
			transformation{
				On: all(isRole(TeamAdmin), anyOf(onOtherRole(ChannelAdmin, permissionExists(p)),
					onOtherRole(ChannelUser, permissionExists(p)), onOtherRole(ChannelGuest, permissionExists(p)))),
				Add: []string{p},
			})
	}
	channelModeration = append(channelModeration,
		transformation{On: isRole(SystemAdmin), Add: append(append([]string{}, moderatedPermissions...), CreatePost)},
		transformation{On: anyOf(permissionExists(CreatePost), permissionExists(CreatePostPublic)), Add: []string{UseChannelMentions}},
	)

	return []migration{
		{Key: "MigrationKeyIntegrationsOwnPermissions", Transformations: []transformation{
			{On: isRole(SystemAdmin), Add: []string{ManageOthersIncomingWebhooks, ManageOthersOutgoingWebhooks, ManageOthersSlashCommands}},
			{On: isRole(TeamAdmin), Add: []string{ManageOthersIncomingWebhooks, ManageOthersOutgoingWebhooks, ManageOthersSlashCommands}},
		}},
		{Key: "MigrationKeyChannelModerationsPermissions", Transformations: channelModeration},
		{Key: "MigrationKeyAddUseGroupMentionsPermission", Transformations: []transformation{
			{On: all(isNotRole(ChannelGuest), anyOf(permissionExists(CreatePost), permissionExists(CreatePostPublic))), Add: []string{UseGroupMentions}},
		}},
		{Key: "MigrationKeyAddSystemConsolePermissions", Transformations: []transformation{
			{On: permissionExists(ManageJobs), Add: []string{ReadJobs}},
			{On: permissionExists(EditOtherUsers), Add: []string{ReadOtherUsersTeams}},
			{On: permissionExists(ManagePublicChannelMembers), Add: []string{ReadPublicChannelGroups}},
			{On: permissionExists(ManagePrivateChannelMembers), Add: []string{ReadPrivateChannelGroups}},
			{On: permissionExists(ManageSystem), Add: []string{EditBrand}},
		}},
		{Key: "MigrationKeyAddConvertChannelPermissions", Transformations: []transformation{
			{On: permissionExists(ManageTeam), Add: []string{ConvertPublicChannelToPrivate, ConvertPrivateChannelToPublic}},
		}},
		{Key: "MigrationKeyAddPlaybooksPermissions", Transformations: []transformation{
			{On: anyOf(permissionExists(CreatePublicChannel), permissionExists(CreatePrivateChannel)), Add: []string{PlaybookPublicCreate, PlaybookPrivateCreate}},
		}},
		{Key: "MigrationKeyAddPlayboosksManageRolesPermissions", Transformations: []transformation{
			{On: anyOf(isRole(PlaybookAdmin), isRole(TeamAdmin), isRole(SystemAdmin)), Add: []string{PlaybookPublicManageRoles, PlaybookPrivateManageRoles}},
		}},
		{Key: "MigrationKeyAddUploadFilePermission", Transformations: []transformation{
			{On: permissionExists(CreatePost), Add: []string{UploadFile}},
		}},
		{Key: "RestrictAccessToChannelConversionToPublic", Transformations: []transformation{
			{
				On: all(isNotRole(SystemAdmin), isNotRole(TeamAdmin), anyOf(
					permissionNotExists(SysconsoleWriteUserManagementChannels),
					permissionNotExists(SysconsoleWriteUserManagementGroups))),
				Remove: []string{ConvertPrivateChannelToPublic},
			},
		}},
		{Key: "MigrationKeyFixReadAuditsPermission", Transformations: []transformation{
			{On: permissionExists(SysconsoleReadComplianceCustomTermsOfService), Remove: []string{ReadAudits}},
			{On: permissionExists(SysconsoleReadComplianceComplianceMonitoring), Add: []string{ReadAudits}},
		}},
		{Key: "MigrationRemoveGetAnalyticsPermission", Transformations: []transformation{
			{On: permissionExists(SysconsoleReadUserManagementUsers), Remove: []string{GetAnalytics}},
			{On: permissionExists(SysconsoleReadReportingTeamStatistics), Add: []string{GetAnalytics}},
		}},
		{Key: "MigrationAddSysconsoleMobileSecurityPermission", Transformations: []transformation{
			{On: isRole(SystemAdmin), Add: []string{SysconsoleWriteEnvironmentMobileSecurity}},
			{On: anyOf(isRole(SystemAdmin), isRole(SystemReadOnlyAdmin)), Add: []string{SysconsoleReadEnvironmentMobileSecurity}},
		}},
		{Key: "MigrationKeyAddChannelAutoTranslationPermissions", Transformations: []transformation{
			{On: anyOf(isRole(ChannelAdmin), isRole(TeamAdmin), isRole(SystemAdmin)), Add: []string{ManagePublicChannelAutoTranslation, ManagePrivateChannelAutoTranslation}},
		}},
	}
}

// applyMigrations runs the migrations over roles in place, as Mattermost's
// doPermissionsMigrations does: each migration sees the result of the previous ones, and
// within a migration the transformations are applied to one role after the other in order.
// Permission lists keep their original order; granted permissions are appended in the
// order they are granted.
func applyMigrations(roles []RoleDef, migrations []migration) {
	for _, m := range migrations {
		state := rolePerms{}
		for _, r := range roles {
			set := make(map[string]bool, len(r.Permissions))
			for _, p := range r.Permissions {
				set[p] = true
			}
			state[r.Name] = set
		}
		for i := range roles {
			name := roles[i].Name
			for _, t := range m.Transformations {
				if !t.On(name, state) {
					continue
				}
				for _, p := range t.Add {
					state[name][p] = true
				}
				for _, p := range t.Remove {
					state[name][p] = false
				}
			}
			roles[i].Permissions = orderedSet(roles[i].Permissions, state[name])
		}
	}
}

// orderedSet lists the permissions set in state: those of before first, in their order,
// then the granted ones in the order of All (Mattermost's own order is a map's, so any
// deterministic order will do).
func orderedSet(before []string, state map[string]bool) []string {
	out := make([]string, 0, len(state))
	seen := make(map[string]bool, len(state))
	for _, p := range before {
		if state[p] && !seen[p] {
			out = append(out, p)
			seen[p] = true
		}
	}
	for _, p := range All {
		if state[p.ID] && !seen[p.ID] {
			out = append(out, p.ID)
			seen[p.ID] = true
		}
	}
	return out
}
