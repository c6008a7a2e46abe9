package permission

import "strings"

// Built-in role names (Mattermost's *RoleId constants).
const (
	SystemGuest                = "system_guest"
	SystemUser                 = "system_user"
	SystemAdmin                = "system_admin"
	SystemPostAll              = "system_post_all"
	SystemPostAllPublic        = "system_post_all_public"
	SystemUserAccessToken      = "system_user_access_token"
	SystemUserManager          = "system_user_manager"
	SystemReadOnlyAdmin        = "system_read_only_admin"
	SystemManager              = "system_manager"
	SystemCustomGroupAdmin     = "system_custom_group_admin"
	SystemSharedChannelManager = "system_shared_channel_manager"

	TeamGuest         = "team_guest"
	TeamUser          = "team_user"
	TeamAdmin         = "team_admin"
	TeamPostAll       = "team_post_all"
	TeamPostAllPublic = "team_post_all_public"

	ChannelGuest = "channel_guest"
	ChannelUser  = "channel_user"
	ChannelAdmin = "channel_admin"

	CustomGroupUser = "custom_group_user"

	PlaybookAdmin  = "playbook_admin"
	PlaybookMember = "playbook_member"
	RunAdmin       = "run_admin"
	RunMember      = "run_member"
)

// Limits on role fields (Mattermost's RoleNameMaxLength and friends).
const (
	RoleNameMaxLength        = 64
	RoleDisplayNameMaxLength = 128
	RoleDescriptionMaxLength = 1024
)

// RoleDef is a built-in role with its default permissions. DisplayName and
// Description are Mattermost's i18n keys.
type RoleDef struct {
	Name          string
	DisplayName   string
	Description   string
	Permissions   []string
	SchemeManaged bool
	BuiltIn       bool
}

// Has reports whether the role grants permission p.
func (r RoleDef) Has(p string) bool {
	for _, q := range r.Permissions {
		if q == p {
			return true
		}
	}
	return false
}

// NewSystemRoleNames returns the system roles Mattermost added with advanced
// permissions (its NewSystemRoleIDs); assigning them requires the
// CustomPermissionsSchemes license feature.
func NewSystemRoleNames() []string {
	return []string{SystemUserManager, SystemReadOnlyAdmin, SystemManager, SystemSharedChannelManager}
}

// BuiltInSchemeManagedRoleNames returns Mattermost's BuiltInSchemeManagedRoleIDs.
func BuiltInSchemeManagedRoleNames() []string {
	return append([]string{
		SystemGuest, SystemUser, SystemAdmin, SystemPostAll, SystemPostAllPublic, SystemUserAccessToken,
		TeamGuest, TeamUser, TeamAdmin, TeamPostAll, TeamPostAllPublic,
		ChannelGuest, ChannelUser, ChannelAdmin,
		CustomGroupUser,
		PlaybookAdmin, PlaybookMember, RunAdmin, RunMember,
	}, NewSystemRoleNames()...)
}

// Ancillary maps a system console permission to the non-sysconsole
// permissions it implies (Mattermost's SysconsoleAncillaryPermissions). The
// built-in sysconsole roles are granted these in addition to their
// sysconsole permissions. Treat it as read-only; use Implied for a copy.
var Ancillary = map[string][]string{
	SysconsoleReadAboutEditionAndLicense:  {ReadLicenseInformation},
	SysconsoleWriteAboutEditionAndLicense: {ManageLicenseInformation},
	SysconsoleReadUserManagementChannels: {
		ReadPublicChannel,
		ReadChannel,
		ReadPublicChannelGroups,
		ReadPrivateChannelGroups,
	},
	SysconsoleReadUserManagementUsers: {ReadOtherUsersTeams},
	SysconsoleReadUserManagementTeams: {
		ListPrivateTeams,
		ListPublicTeams,
		ViewTeam,
	},
	SysconsoleReadEnvironmentElasticsearch: {
		ReadElasticsearchPostIndexingJob,
		ReadElasticsearchPostAggregationJob,
	},
	SysconsoleWriteEnvironmentWebServer: {
		TestSiteURL,
		ReloadConfig,
		InvalidateCaches,
	},
	SysconsoleWriteEnvironmentDatabase: {RecycleDatabaseConnections},
	SysconsoleWriteEnvironmentElasticsearch: {
		TestElasticsearch,
		CreateElasticsearchPostIndexingJob,
		ManageElasticsearchPostIndexingJob,
		CreateElasticsearchPostAggregationJob,
		ManageElasticsearchPostAggregationJob,
		PurgeElasticsearchIndexes,
	},
	SysconsoleWriteEnvironmentFileStorage: {TestS3},
	SysconsoleWriteEnvironmentSMTP:        {TestEmail},
	SysconsoleReadReportingServerLogs:     {GetLogs},
	SysconsoleReadReportingSiteStatistics: {GetAnalytics},
	SysconsoleReadReportingTeamStatistics: {GetAnalytics},
	SysconsoleWriteUserManagementUsers: {
		EditOtherUsers,
		DemoteToGuest,
		PromoteGuest,
	},
	SysconsoleWriteUserManagementChannels: {
		ManagePublicChannelProperties,
		ManagePrivateChannelProperties,
		ManagePublicChannelAutoTranslation,
		ManagePrivateChannelAutoTranslation,
		ManagePrivateChannelMembers,
		ManagePublicChannelMembers,
		DeletePrivateChannel,
		DeletePublicChannel,
		ManageChannelRoles,
		ConvertPublicChannelToPrivate,
		ConvertPrivateChannelToPublic,
	},
	SysconsoleWriteUserManagementTeams: {
		ManageTeam,
		ManageTeamRoles,
		RemoveUserFromTeam,
		JoinPrivateTeams,
		JoinPublicTeams,
		AddUserToTeam,
	},
	SysconsoleWriteUserManagementGroups: {
		ManagePrivateChannelMembers,
		ManagePublicChannelMembers,
		ConvertPublicChannelToPrivate,
		ConvertPrivateChannelToPublic,
	},
	SysconsoleWriteSiteCustomization: {EditBrand},
	SysconsoleWriteComplianceDataRetentionPolicy: {
		CreateDataRetentionJob,
		ManageDataRetentionJob,
	},
	SysconsoleReadComplianceDataRetentionPolicy: {ReadDataRetentionJob},
	SysconsoleWriteComplianceComplianceExport: {
		CreateComplianceExportJob,
		ManageComplianceExportJob,
		DownloadComplianceExportResult,
	},
	SysconsoleReadComplianceComplianceExport: {
		ReadComplianceExportJob,
		DownloadComplianceExportResult,
	},
	SysconsoleReadComplianceComplianceMonitoring: {ReadAudits},
	SysconsoleWriteAuthenticationLdap: {
		CreateLdapSyncJob,
		ManageLdapSyncJob,
		AddLdapPublicCert,
		RemoveLdapPublicCert,
		AddLdapPrivateCert,
		RemoveLdapPrivateCert,
	},
	SysconsoleReadAuthenticationLdap: {
		TestLdap,
		ReadLdapSyncJob,
	},
	SysconsoleWriteAuthenticationEmail: {InvalidateEmailInvite},
	SysconsoleWriteAuthenticationSaml: {
		GetSamlMetadataFromIdp,
		AddSamlPublicCert,
		AddSamlPrivateCert,
		AddSamlIdpCert,
		RemoveSamlPublicCert,
		RemoveSamlPrivateCert,
		RemoveSamlIdpCert,
		GetSamlCertStatus,
	},
}

// Implied returns the ancillary permissions that sysconsole permission p
// implies (see Ancillary), or nil. The result is a fresh slice.
func Implied(p string) []string {
	a, ok := Ancillary[p]
	if !ok {
		return nil
	}
	return append([]string(nil), a...)
}

// WithAncillary returns perms followed by the ancillary permissions of each of
// its sysconsole permissions (Mattermost's AddAncillaryPermissions), without
// duplicates, keeping the first occurrence of each id.
func WithAncillary(perms []string) []string {
	out := make([]string, 0, len(perms))
	out = append(out, perms...)
	for _, p := range perms {
		out = append(out, Ancillary[p]...)
	}
	return dedupe(out)
}

func dedupe(list []string) []string {
	seen := make(map[string]bool, len(list))
	out := make([]string, 0, len(list))
	for _, p := range list {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// Default permission lists of the licensed system roles, before ancillary
// permissions are added (Mattermost's *DefaultPermissions in role.go).
var (
	systemUserManagerBase = []string{
		SysconsoleReadUserManagementGroups,
		SysconsoleReadUserManagementTeams,
		SysconsoleReadUserManagementChannels,
		SysconsoleReadUserManagementPermissions,
		SysconsoleWriteUserManagementGroups,
		SysconsoleWriteUserManagementTeams,
		SysconsoleWriteUserManagementChannels,
		SysconsoleReadAuthenticationSignup,
		SysconsoleReadAuthenticationEmail,
		SysconsoleReadAuthenticationPassword,
		SysconsoleReadAuthenticationMfa,
		SysconsoleReadAuthenticationLdap,
		SysconsoleReadAuthenticationSaml,
		SysconsoleReadAuthenticationOpenid,
		SysconsoleReadAuthenticationGuestAccess,
	}

	systemReadOnlyAdminBase = []string{
		SysconsoleReadAboutEditionAndLicense,
		SysconsoleReadReportingSiteStatistics,
		SysconsoleReadReportingTeamStatistics,
		SysconsoleReadReportingServerLogs,
		SysconsoleReadUserManagementUsers,
		SysconsoleReadUserManagementGroups,
		SysconsoleReadUserManagementTeams,
		SysconsoleReadUserManagementChannels,
		SysconsoleReadUserManagementPermissions,
		SysconsoleReadEnvironmentWebServer,
		SysconsoleReadEnvironmentDatabase,
		SysconsoleReadEnvironmentElasticsearch,
		SysconsoleReadEnvironmentFileStorage,
		SysconsoleReadEnvironmentImageProxy,
		SysconsoleReadEnvironmentSMTP,
		SysconsoleReadEnvironmentPushNotificationServer,
		SysconsoleReadEnvironmentHighAvailability,
		SysconsoleReadEnvironmentRateLimiting,
		SysconsoleReadEnvironmentLogging,
		SysconsoleReadEnvironmentSessionLengths,
		SysconsoleReadEnvironmentPerformanceMonitoring,
		SysconsoleReadEnvironmentDeveloper,
		SysconsoleReadSiteCustomization,
		SysconsoleReadSiteLocalization,
		SysconsoleReadSiteUsersAndTeams,
		SysconsoleReadSiteNotifications,
		SysconsoleReadSiteAnnouncementBanner,
		SysconsoleReadSiteEmoji,
		SysconsoleReadSitePosts,
		SysconsoleReadSiteFileSharingAndDownloads,
		SysconsoleReadSitePublicLinks,
		SysconsoleReadSiteNotices,
		SysconsoleReadAuthenticationSignup,
		SysconsoleReadAuthenticationEmail,
		SysconsoleReadAuthenticationPassword,
		SysconsoleReadAuthenticationMfa,
		SysconsoleReadAuthenticationLdap,
		SysconsoleReadAuthenticationSaml,
		SysconsoleReadAuthenticationOpenid,
		SysconsoleReadAuthenticationGuestAccess,
		SysconsoleReadPlugins,
		SysconsoleReadIntegrationsIntegrationManagement,
		SysconsoleReadIntegrationsBotAccounts,
		SysconsoleReadIntegrationsGif,
		SysconsoleReadIntegrationsCors,
		SysconsoleReadComplianceDataRetentionPolicy,
		SysconsoleReadComplianceComplianceExport,
		SysconsoleReadComplianceComplianceMonitoring,
		SysconsoleReadComplianceCustomTermsOfService,
		SysconsoleReadExperimentalFeatures,
		SysconsoleReadExperimentalFeatureFlags,
		SysconsoleReadProductsBoards,
	}

	systemManagerBase = []string{
		SysconsoleReadAboutEditionAndLicense,
		SysconsoleReadReportingSiteStatistics,
		SysconsoleReadReportingTeamStatistics,
		SysconsoleReadReportingServerLogs,
		SysconsoleReadUserManagementGroups,
		SysconsoleReadUserManagementTeams,
		SysconsoleReadUserManagementChannels,
		SysconsoleReadUserManagementPermissions,
		SysconsoleWriteUserManagementGroups,
		SysconsoleWriteUserManagementTeams,
		SysconsoleWriteUserManagementChannels,
		SysconsoleWriteUserManagementPermissions,
		SysconsoleReadEnvironmentWebServer,
		SysconsoleReadEnvironmentDatabase,
		SysconsoleReadEnvironmentElasticsearch,
		SysconsoleReadEnvironmentFileStorage,
		SysconsoleReadEnvironmentImageProxy,
		SysconsoleReadEnvironmentSMTP,
		SysconsoleReadEnvironmentPushNotificationServer,
		SysconsoleReadEnvironmentHighAvailability,
		SysconsoleReadEnvironmentRateLimiting,
		SysconsoleReadEnvironmentLogging,
		SysconsoleReadEnvironmentSessionLengths,
		SysconsoleReadEnvironmentPerformanceMonitoring,
		SysconsoleReadEnvironmentDeveloper,
		SysconsoleWriteEnvironmentWebServer,
		SysconsoleWriteEnvironmentDatabase,
		SysconsoleWriteEnvironmentElasticsearch,
		SysconsoleWriteEnvironmentFileStorage,
		SysconsoleWriteEnvironmentImageProxy,
		SysconsoleWriteEnvironmentSMTP,
		SysconsoleWriteEnvironmentPushNotificationServer,
		SysconsoleWriteEnvironmentHighAvailability,
		SysconsoleWriteEnvironmentRateLimiting,
		SysconsoleWriteEnvironmentLogging,
		SysconsoleWriteEnvironmentSessionLengths,
		SysconsoleWriteEnvironmentPerformanceMonitoring,
		SysconsoleWriteEnvironmentDeveloper,
		SysconsoleReadSiteCustomization,
		SysconsoleWriteSiteCustomization,
		SysconsoleReadSiteLocalization,
		SysconsoleWriteSiteLocalization,
		SysconsoleReadSiteUsersAndTeams,
		SysconsoleWriteSiteUsersAndTeams,
		SysconsoleReadSiteNotifications,
		SysconsoleWriteSiteNotifications,
		SysconsoleReadSiteAnnouncementBanner,
		SysconsoleWriteSiteAnnouncementBanner,
		SysconsoleReadSiteEmoji,
		SysconsoleWriteSiteEmoji,
		SysconsoleReadSitePosts,
		SysconsoleWriteSitePosts,
		SysconsoleReadSiteFileSharingAndDownloads,
		SysconsoleWriteSiteFileSharingAndDownloads,
		SysconsoleReadSitePublicLinks,
		SysconsoleWriteSitePublicLinks,
		SysconsoleReadSiteNotices,
		SysconsoleWriteSiteNotices,
		SysconsoleReadAuthenticationSignup,
		SysconsoleReadAuthenticationEmail,
		SysconsoleReadAuthenticationPassword,
		SysconsoleReadAuthenticationMfa,
		SysconsoleReadAuthenticationLdap,
		SysconsoleReadAuthenticationSaml,
		SysconsoleReadAuthenticationOpenid,
		SysconsoleReadAuthenticationGuestAccess,
		SysconsoleReadPlugins,
		SysconsoleReadIntegrationsIntegrationManagement,
		SysconsoleReadIntegrationsBotAccounts,
		SysconsoleReadIntegrationsGif,
		SysconsoleReadIntegrationsCors,
		SysconsoleWriteIntegrationsIntegrationManagement,
		SysconsoleWriteIntegrationsBotAccounts,
		SysconsoleWriteIntegrationsGif,
		SysconsoleWriteIntegrationsCors,
		SysconsoleReadProductsBoards,
		SysconsoleWriteProductsBoards,
		ManageOutgoingOAuthConnections,
	}

	systemCustomGroupAdminBase = []string{
		CreateCustomGroup,
		EditCustomGroup,
		DeleteCustomGroup,
		RestoreCustomGroup,
		ManageCustomGroupMembers,
	}
)

func roleKeys(key string) (string, string) {
	return "authentication.roles." + key + ".name", "authentication.roles." + key + ".description"
}

func role(name, i18nKey string, schemeManaged, builtIn bool, perms ...string) RoleDef {
	display, desc := roleKeys(i18nKey)
	return RoleDef{
		Name:          name,
		DisplayName:   display,
		Description:   desc,
		Permissions:   dedupe(perms),
		SchemeManaged: schemeManaged,
		BuiltIn:       builtIn,
	}
}

// Builtin returns fresh copies of every role Mattermost's MakeDefaultRoles
// creates, with the permissions a fresh Mattermost install serves: the lists of
// MakeDefaultRoles after the permission migrations Mattermost runs at start-up
// (see migrations.go for which ones and what they add). The order is
// MakeDefaultRoles' order; permission lists are deduplicated (Mattermost's
// ancillary expansion can repeat an id) and keep first-occurrence order, with
// migrated-in permissions appended. system_admin holds every permission in All.
func Builtin() []RoleDef {
	roles := makeDefaultRoles()
	applyMigrations(roles, freshInstallMigrations())
	return roles
}

// makeDefaultRoles transcribes Mattermost's MakeDefaultRoles, before migrations.
func makeDefaultRoles() []RoleDef {
	roles := []RoleDef{
		// MakeDefaultRoles sets neither SchemeManaged nor BuiltIn on this one.
		role(CustomGroupUser, CustomGroupUser, false, false),

		role(ChannelGuest, "channel_guest", true, true,
			ReadChannel,
			ReadChannelContent,
			AddReaction,
			RemoveReaction,
			UploadFile,
			EditPost,
			CreatePost,
			UseChannelMentions,
			ReadPage,
			EditFileAttachment,
		),
		role(ChannelUser, "channel_user", true, true,
			ReadChannel,
			ReadChannelContent,
			AddReaction,
			RemoveReaction,
			ManagePublicChannelMembers,
			UploadFile,
			GetPublicLink,
			CreatePost,
			UseChannelMentions,
			ManagePublicChannelProperties,
			DeletePublicChannel,
			ManagePrivateChannelProperties,
			DeletePrivateChannel,
			ManagePrivateChannelMembers,
			DeletePost,
			EditPost,
			EditFileAttachment,
			AddBookmarkPublicChannel,
			EditBookmarkPublicChannel,
			DeleteBookmarkPublicChannel,
			OrderBookmarkPublicChannel,
			AddBookmarkPrivateChannel,
			EditBookmarkPrivateChannel,
			DeleteBookmarkPrivateChannel,
			OrderBookmarkPrivateChannel,
			ReadPage,
			CreatePage,
			EditPage,
			DeleteOwnPage,
		),
		role(ChannelAdmin, "channel_admin", true, true,
			ManageChannelRoles,
			UseGroupMentions,
			AddBookmarkPublicChannel,
			EditBookmarkPublicChannel,
			DeleteBookmarkPublicChannel,
			OrderBookmarkPublicChannel,
			AddBookmarkPrivateChannel,
			EditBookmarkPrivateChannel,
			DeleteBookmarkPrivateChannel,
			OrderBookmarkPrivateChannel,
			ReadPage,
			CreatePage,
			EditPage,
			DeleteOwnPage,
			DeletePage,
			ManagePublicChannelBanner,
			ManagePrivateChannelBanner,
			ManageChannelAccessRules,
			ManagePublicChannelAutoTranslation,
			ManagePrivateChannelAutoTranslation,
		),

		role(TeamGuest, "team_guest", true, true,
			ViewTeam,
		),
		role(TeamUser, "team_user", true, true,
			ListTeamChannels,
			JoinPublicChannels,
			ReadPublicChannel,
			ViewTeam,
			CreatePublicChannel,
			CreatePrivateChannel,
			InviteUser,
			AddUserToTeam,
			CreateWiki,
			ReadPage,
			CreatePage,
			EditPage,
			DeleteOwnPage,
		),
		role(TeamPostAll, "team_post_all", false, true,
			CreatePost,
			UseChannelMentions,
		),
		role(TeamPostAllPublic, "team_post_all_public", false, true,
			CreatePostPublic,
			UseChannelMentions,
		),
		role(TeamAdmin, "team_admin", true, true,
			RemoveUserFromTeam,
			ManageTeam,
			ImportTeam,
			ManageTeamRoles,
			ManageTeamAccessRules,
			ManageChannelRoles,
			ManageOwnIncomingWebhooks,
			ManageOthersIncomingWebhooks,
			ManageOwnOutgoingWebhooks,
			ManageOthersOutgoingWebhooks,
			ManageOwnSlashCommands,
			ManageOthersSlashCommands,
			BypassIncomingWebhookChannelLock,
			ConvertPublicChannelToPrivate,
			ConvertPrivateChannelToPublic,
			DeletePost,
			DeleteOthersPosts,
			AddBookmarkPublicChannel,
			EditBookmarkPublicChannel,
			DeleteBookmarkPublicChannel,
			OrderBookmarkPublicChannel,
			AddBookmarkPrivateChannel,
			EditBookmarkPrivateChannel,
			DeleteBookmarkPrivateChannel,
			OrderBookmarkPrivateChannel,
			ReadPage,
			CreatePage,
			EditPage,
			DeleteOwnPage,
			DeletePage,
			ManagePublicChannelBanner,
			ManagePrivateChannelBanner,
			ManageChannelAccessRules,
			CreateWiki,
			ManageWiki,
		),

		role(PlaybookAdmin, "playbook_admin", true, true,
			PlaybookPublicManageMembers,
			PlaybookPublicManageRoles,
			PlaybookPublicManageProperties,
			PlaybookPrivateManageMembers,
			PlaybookPrivateManageRoles,
			PlaybookPrivateManageProperties,
			PlaybookPublicMakePrivate,
		),
		role(PlaybookMember, "playbook_member", true, true,
			PlaybookPublicView,
			PlaybookPublicManageMembers,
			PlaybookPublicManageProperties,
			PlaybookPrivateView,
			PlaybookPrivateManageMembers,
			PlaybookPrivateManageProperties,
			RunCreate,
		),
		role(RunAdmin, "run_admin", true, true,
			RunManageMembers,
			RunManageProperties,
		),
		role(RunMember, "run_member", true, true,
			RunView,
		),

		role(SystemGuest, "global_guest", true, true,
			CreateDirectChannel,
			CreateGroupChannel,
		),
		role(SystemUser, "global_user", true, true,
			ListPublicTeams,
			JoinPublicTeams,
			CreateDirectChannel,
			CreateGroupChannel,
			ViewMembers,
			CreateTeam,
			CreateCustomGroup,
			EditCustomGroup,
			DeleteCustomGroup,
			RestoreCustomGroup,
			ManageCustomGroupMembers,
			ManageOwnAgent,
		),
		role(SystemPostAll, "system_post_all", false, true,
			CreatePost,
			UseChannelMentions,
		),
		role(SystemPostAllPublic, "system_post_all_public", false, true,
			CreatePostPublic,
			UseChannelMentions,
		),
		role(SystemUserAccessToken, "system_user_access_token", false, true,
			CreateUserAccessToken,
			ReadUserAccessToken,
			RevokeUserAccessToken,
		),
		role(SystemUserManager, "system_user_manager", false, true,
			WithAncillary(systemUserManagerBase)...),
		role(SystemReadOnlyAdmin, "system_read_only_admin", false, true,
			WithAncillary(systemReadOnlyAdminBase)...),
		role(SystemManager, "system_manager", false, true,
			WithAncillary(systemManagerBase)...),
		role(SystemCustomGroupAdmin, "system_custom_group_admin", false, true,
			WithAncillary(systemCustomGroupAdminBase)...),
		// Mattermost does not pass this one through AddAncillaryPermissions.
		role(SystemSharedChannelManager, "system_shared_channel_manager", false, true,
			ManageSharedChannels,
		),

		// System admins hold every permission Mattermost defines.
		role(SystemAdmin, "global_admin", true, true, IDs()...),
	}
	return roles
}

// BuiltinByName returns Builtin keyed by role name.
func BuiltinByName() map[string]RoleDef {
	list := Builtin()
	m := make(map[string]RoleDef, len(list))
	for _, r := range list {
		m[r.Name] = r
	}
	return m
}

// GetBuiltin returns a fresh copy of the named built-in role.
func GetBuiltin(name string) (RoleDef, bool) {
	for _, r := range Builtin() {
		if r.Name == name {
			return r, true
		}
	}
	return RoleDef{}, false
}

// IsValidRoleName reports whether name is 1–64 characters of a-z, 0-9 and _
// (Mattermost's IsValidRoleName).
func IsValidRoleName(name string) bool {
	if name == "" || len(name) > RoleNameMaxLength {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// IsValidUserRoles applies Mattermost's model.IsValidUserRoles to a user's
// space-separated roles string: every name must be a valid role name, and the
// value consisting of system_admin alone is rejected (admins must also be
// system users). An empty or all-whitespace string is valid, as in Mattermost.
func IsValidUserRoles(roles string) bool {
	names := strings.Fields(roles)
	for _, n := range names {
		if !IsValidRoleName(n) {
			return false
		}
	}
	if len(names) == 1 && names[0] == SystemAdmin {
		return false
	}
	return true
}
