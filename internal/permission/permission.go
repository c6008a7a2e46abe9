// Package permission holds Mattermost's permission ids and built-in roles
// with their default permissions.
//
// The data is transcribed from Mattermost's server/public/model/permission.go
// and server/public/model/role.go at commit
// 018b5c347ed716b83241555753b35ebf4f610af1 (master). Keep it in sync by hand
// if Mattermost's lists change.
package permission

// Scope is the level at which a permission applies (Mattermost's
// PermissionScope* values).
type Scope string

// Permission scopes.
const (
	ScopeSystem   Scope = "system_scope"
	ScopeTeam     Scope = "team_scope"
	ScopeChannel  Scope = "channel_scope"
	ScopeGroup    Scope = "group_scope"
	ScopePlaybook Scope = "playbook_scope"
	ScopeRun      Scope = "run_scope"
)

// Permission describes one permission. Name and Description are Mattermost's
// i18n keys (empty for the permissions Mattermost gives no strings).
type Permission struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Scope       Scope  `json:"scope"`
}

var (
	byID       = indexPermissions(All)
	deprecated = indexPermissions(Deprecated)
)

func indexPermissions(list []Permission) map[string]Permission {
	m := make(map[string]Permission, len(list))
	for _, p := range list {
		m[p.ID] = p
	}
	return m
}

// Lookup returns the permission with the given id from All.
func Lookup(id string) (Permission, bool) {
	p, ok := byID[id]
	return p, ok
}

// IsDeprecated reports whether id is one of Mattermost's deprecated
// permissions.
func IsDeprecated(id string) bool {
	_, ok := deprecated[id]
	return ok
}

// IsValid reports whether id may appear in a role's permission list, as
// Mattermost's Role.IsValidWithoutId checks it: it must be in All or in
// Deprecated.
func IsValid(id string) bool {
	_, ok := byID[id]
	return ok || IsDeprecated(id)
}

// IDs returns the ids of All, in order.
func IDs() []string {
	ids := make([]string, len(All))
	for i, p := range All {
		ids[i] = p.ID
	}
	return ids
}

// IDsWithScope returns the ids of the permissions in All with the given scope,
// in order.
func IDsWithScope(s Scope) []string {
	var ids []string
	for _, p := range All {
		if p.Scope == s {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// Permission ids, one constant per permission Mattermost defines.
const (
	// System-scoped permissions (Mattermost's SystemScopedPermissionsMinusSysconsole).
	AssignSystemAdminRole                 = "assign_system_admin_role"
	ManageRoles                           = "manage_roles"
	ManageSystem                          = "manage_system"
	CreateDirectChannel                   = "create_direct_channel"
	CreateGroupChannel                    = "create_group_channel"
	ListPublicTeams                       = "list_public_teams"
	JoinPublicTeams                       = "join_public_teams"
	ListPrivateTeams                      = "list_private_teams"
	JoinPrivateTeams                      = "join_private_teams"
	EditOtherUsers                        = "edit_other_users"
	ReadOtherUsersTeams                   = "read_other_users_teams"
	GetPublicLink                         = "get_public_link"
	ManageSystemWideOAuth                 = "manage_system_wide_oauth"
	ManageOAuth                           = "manage_oauth"
	CreateTeam                            = "create_team"
	ListUsersWithoutTeam                  = "list_users_without_team"
	CreateUserAccessToken                 = "create_user_access_token"
	ReadUserAccessToken                   = "read_user_access_token"
	RevokeUserAccessToken                 = "revoke_user_access_token"
	CreateBot                             = "create_bot"
	AssignBot                             = "assign_bot"
	ReadBots                              = "read_bots"
	ReadOthersBots                        = "read_others_bots"
	ManageBots                            = "manage_bots"
	ManageOthersBots                      = "manage_others_bots"
	ReadJobs                              = "read_jobs"
	ManageJobs                            = "manage_jobs"
	PromoteGuest                          = "promote_guest"
	DemoteToGuest                         = "demote_to_guest"
	EditBrand                             = "edit_brand"
	ManageSharedChannels                  = "manage_shared_channels"
	ManageSecureConnections               = "manage_secure_connections"
	DownloadComplianceExportResult        = "download_compliance_export_result"
	CreateDataRetentionJob                = "create_data_retention_job"
	ManageDataRetentionJob                = "manage_data_retention_job"
	ReadDataRetentionJob                  = "read_data_retention_job"
	CreateComplianceExportJob             = "create_compliance_export_job"
	ManageComplianceExportJob             = "manage_compliance_export_job"
	ReadComplianceExportJob               = "read_compliance_export_job"
	ReadAudits                            = "read_audits"
	TestSiteURL                           = "test_site_url"
	TestElasticsearch                     = "test_elasticsearch"
	TestS3                                = "test_s3"
	ReloadConfig                          = "reload_config"
	InvalidateCaches                      = "invalidate_caches"
	RecycleDatabaseConnections            = "recycle_database_connections"
	PurgeElasticsearchIndexes             = "purge_elasticsearch_indexes"
	TestEmail                             = "test_email"
	CreateElasticsearchPostIndexingJob    = "create_elasticsearch_post_indexing_job"
	ManageElasticsearchPostIndexingJob    = "manage_elasticsearch_post_indexing_job"
	CreateElasticsearchPostAggregationJob = "create_elasticsearch_post_aggregation_job"
	ManageElasticsearchPostAggregationJob = "manage_elasticsearch_post_aggregation_job"
	ReadElasticsearchPostIndexingJob      = "read_elasticsearch_post_indexing_job"
	ReadElasticsearchPostAggregationJob   = "read_elasticsearch_post_aggregation_job"
	CreateLdapSyncJob                     = "create_ldap_sync_job"
	ManageLdapSyncJob                     = "manage_ldap_sync_job"
	ReadLdapSyncJob                       = "read_ldap_sync_job"
	TestLdap                              = "test_ldap"
	InvalidateEmailInvite                 = "invalidate_email_invite"
	GetSamlMetadataFromIdp                = "get_saml_metadata_from_idp"
	AddSamlPublicCert                     = "add_saml_public_cert"
	AddSamlPrivateCert                    = "add_saml_private_cert"
	AddSamlIdpCert                        = "add_saml_idp_cert"
	RemoveSamlPublicCert                  = "remove_saml_public_cert"
	RemoveSamlPrivateCert                 = "remove_saml_private_cert"
	RemoveSamlIdpCert                     = "remove_saml_idp_cert"
	GetSamlCertStatus                     = "get_saml_cert_status"
	AddLdapPublicCert                     = "add_ldap_public_cert"
	AddLdapPrivateCert                    = "add_ldap_private_cert"
	RemoveLdapPublicCert                  = "remove_ldap_public_cert"
	RemoveLdapPrivateCert                 = "remove_ldap_private_cert"
	GetAnalytics                          = "get_analytics"
	GetLogs                               = "get_logs"
	ReadLicenseInformation                = "read_license_information"
	ManageLicenseInformation              = "manage_license_information"
	CreateCustomGroup                     = "create_custom_group"
	ManageOutgoingOAuthConnections        = "manage_outgoing_oauth_connections"
	ManageOwnAgent                        = "manage_own_agent"
	ManageOthersAgent                     = "manage_others_agent"

	// Team-scoped permissions.
	InviteUser                       = "invite_user"
	AddUserToTeam                    = "add_user_to_team"
	ManageOwnSlashCommands           = "manage_own_slash_commands"
	ManageOthersSlashCommands        = "manage_others_slash_commands"
	CreatePublicChannel              = "create_public_channel"
	CreatePrivateChannel             = "create_private_channel"
	ManageTeamRoles                  = "manage_team_roles"
	ManageTeamAccessRules            = "manage_team_access_rules"
	ListTeamChannels                 = "list_team_channels"
	JoinPublicChannels               = "join_public_channels"
	ReadPublicChannel                = "read_public_channel"
	ManageOwnIncomingWebhooks        = "manage_own_incoming_webhooks"
	ManageOwnOutgoingWebhooks        = "manage_own_outgoing_webhooks"
	ManageOthersIncomingWebhooks     = "manage_others_incoming_webhooks"
	ManageOthersOutgoingWebhooks     = "manage_others_outgoing_webhooks"
	BypassIncomingWebhookChannelLock = "bypass_incoming_webhook_channel_lock"
	CreateEmojis                     = "create_emojis"
	DeleteEmojis                     = "delete_emojis"
	DeleteOthersEmojis               = "delete_others_emojis"
	RemoveUserFromTeam               = "remove_user_from_team"
	ManageTeam                       = "manage_team"
	ImportTeam                       = "import_team"
	ViewTeam                         = "view_team"
	ViewMembers                      = "view_members"
	InviteGuest                      = "invite_guest"
	PlaybookPublicCreate             = "playbook_public_create"
	PlaybookPrivateCreate            = "playbook_private_create"
	CreateWiki                       = "create_wiki"
	ManageWiki                       = "manage_wiki"
	ReadWiki                         = "read_wiki"
	DeleteWiki                       = "delete_wiki"
	AdminWiki                        = "admin_wiki"
	CreatePage                       = "create_page"
	ReadPage                         = "read_page"
	EditPage                         = "edit_page"
	EditOwnPage                      = "edit_own_page"
	DeleteOwnPage                    = "delete_own_page"
	DeletePage                       = "delete_page"
	CommentPage                      = "comment_page"

	// Channel-scoped permissions.
	UseSlashCommands                    = "use_slash_commands"
	ManagePublicChannelMembers          = "manage_public_channel_members"
	ManagePrivateChannelMembers         = "manage_private_channel_members"
	ManageChannelRoles                  = "manage_channel_roles"
	ManagePublicChannelProperties       = "manage_public_channel_properties"
	ManagePrivateChannelProperties      = "manage_private_channel_properties"
	ManagePublicChannelAutoTranslation  = "manage_public_channel_auto_translation"
	ManagePrivateChannelAutoTranslation = "manage_private_channel_auto_translation"
	ConvertPublicChannelToPrivate       = "convert_public_channel_to_private"
	ConvertPrivateChannelToPublic       = "convert_private_channel_to_public"
	DeletePublicChannel                 = "delete_public_channel"
	DeletePrivateChannel                = "delete_private_channel"
	ReadChannel                         = "read_channel"
	ReadChannelContent                  = "read_channel_content"
	ReadPublicChannelGroups             = "read_public_channel_groups"
	ReadPrivateChannelGroups            = "read_private_channel_groups"
	AddReaction                         = "add_reaction"
	RemoveReaction                      = "remove_reaction"
	RemoveOthersReactions               = "remove_others_reactions"
	UploadFile                          = "upload_file"
	CreatePost                          = "create_post"
	CreatePostPublic                    = "create_post_public"
	CreatePostEphemeral                 = "create_post_ephemeral"
	ReadDeletedPosts                    = "read_deleted_posts"
	EditPost                            = "edit_post"
	EditOthersPosts                     = "edit_others_posts"
	DeletePost                          = "delete_post"
	DeleteOthersPosts                   = "delete_others_posts"
	UseChannelMentions                  = "use_channel_mentions"
	UseGroupMentions                    = "use_group_mentions"
	AddBookmarkPublicChannel            = "add_bookmark_public_channel"
	EditBookmarkPublicChannel           = "edit_bookmark_public_channel"
	DeleteBookmarkPublicChannel         = "delete_bookmark_public_channel"
	OrderBookmarkPublicChannel          = "order_bookmark_public_channel"
	AddBookmarkPrivateChannel           = "add_bookmark_private_channel"
	EditBookmarkPrivateChannel          = "edit_bookmark_private_channel"
	DeleteBookmarkPrivateChannel        = "delete_bookmark_private_channel"
	OrderBookmarkPrivateChannel         = "order_bookmark_private_channel"
	ManagePublicChannelBanner           = "manage_public_channel_banner"
	ManagePrivateChannelBanner          = "manage_private_channel_banner"
	ManageChannelAccessRules            = "manage_channel_access_rules"
	EditFileAttachment                  = "edit_file_attachment"

	// System console read permissions.
	SysconsoleReadAboutEditionAndLicense            = "sysconsole_read_about_edition_and_license"
	SysconsoleReadBilling                           = "sysconsole_read_billing"
	SysconsoleReadReportingSiteStatistics           = "sysconsole_read_reporting_site_statistics"
	SysconsoleReadReportingTeamStatistics           = "sysconsole_read_reporting_team_statistics"
	SysconsoleReadReportingServerLogs               = "sysconsole_read_reporting_server_logs"
	SysconsoleReadUserManagementUsers               = "sysconsole_read_user_management_users"
	SysconsoleReadUserManagementGroups              = "sysconsole_read_user_management_groups"
	SysconsoleReadUserManagementTeams               = "sysconsole_read_user_management_teams"
	SysconsoleReadUserManagementChannels            = "sysconsole_read_user_management_channels"
	SysconsoleReadUserManagementPermissions         = "sysconsole_read_user_management_permissions"
	SysconsoleReadUserManagementSystemRoles         = "sysconsole_read_user_management_system_roles"
	SysconsoleReadEnvironmentWebServer              = "sysconsole_read_environment_web_server"
	SysconsoleReadEnvironmentDatabase               = "sysconsole_read_environment_database"
	SysconsoleReadEnvironmentElasticsearch          = "sysconsole_read_environment_elasticsearch"
	SysconsoleReadEnvironmentFileStorage            = "sysconsole_read_environment_file_storage"
	SysconsoleReadEnvironmentImageProxy             = "sysconsole_read_environment_image_proxy"
	SysconsoleReadEnvironmentSMTP                   = "sysconsole_read_environment_smtp"
	SysconsoleReadEnvironmentPushNotificationServer = "sysconsole_read_environment_push_notification_server"
	SysconsoleReadEnvironmentHighAvailability       = "sysconsole_read_environment_high_availability"
	SysconsoleReadEnvironmentRateLimiting           = "sysconsole_read_environment_rate_limiting"
	SysconsoleReadEnvironmentLogging                = "sysconsole_read_environment_logging"
	SysconsoleReadEnvironmentSessionLengths         = "sysconsole_read_environment_session_lengths"
	SysconsoleReadEnvironmentPerformanceMonitoring  = "sysconsole_read_environment_performance_monitoring"
	SysconsoleReadEnvironmentDeveloper              = "sysconsole_read_environment_developer"
	SysconsoleReadEnvironmentMobileSecurity         = "sysconsole_read_environment_mobile_security"
	SysconsoleReadSiteCustomization                 = "sysconsole_read_site_customization"
	SysconsoleReadSiteLocalization                  = "sysconsole_read_site_localization"
	SysconsoleReadSiteUsersAndTeams                 = "sysconsole_read_site_users_and_teams"
	SysconsoleReadSiteNotifications                 = "sysconsole_read_site_notifications"
	SysconsoleReadSiteAnnouncementBanner            = "sysconsole_read_site_announcement_banner"
	SysconsoleReadSiteEmoji                         = "sysconsole_read_site_emoji"
	SysconsoleReadSitePosts                         = "sysconsole_read_site_posts"
	SysconsoleReadSiteFileSharingAndDownloads       = "sysconsole_read_site_file_sharing_and_downloads"
	SysconsoleReadSitePublicLinks                   = "sysconsole_read_site_public_links"
	SysconsoleReadSiteNotices                       = "sysconsole_read_site_notices"
	SysconsoleReadAuthenticationSignup              = "sysconsole_read_authentication_signup"
	SysconsoleReadAuthenticationEmail               = "sysconsole_read_authentication_email"
	SysconsoleReadAuthenticationPassword            = "sysconsole_read_authentication_password"
	SysconsoleReadAuthenticationMfa                 = "sysconsole_read_authentication_mfa"
	SysconsoleReadAuthenticationLdap                = "sysconsole_read_authentication_ldap"
	SysconsoleReadAuthenticationSaml                = "sysconsole_read_authentication_saml"
	SysconsoleReadAuthenticationOpenid              = "sysconsole_read_authentication_openid"
	SysconsoleReadAuthenticationGuestAccess         = "sysconsole_read_authentication_guest_access"
	SysconsoleReadPlugins                           = "sysconsole_read_plugins"
	SysconsoleReadIntegrationsIntegrationManagement = "sysconsole_read_integrations_integration_management"
	SysconsoleReadIntegrationsBotAccounts           = "sysconsole_read_integrations_bot_accounts"
	SysconsoleReadIntegrationsGif                   = "sysconsole_read_integrations_gif"
	SysconsoleReadIntegrationsCors                  = "sysconsole_read_integrations_cors"
	SysconsoleReadComplianceDataRetentionPolicy     = "sysconsole_read_compliance_data_retention_policy"
	SysconsoleReadComplianceComplianceExport        = "sysconsole_read_compliance_compliance_export"
	SysconsoleReadComplianceComplianceMonitoring    = "sysconsole_read_compliance_compliance_monitoring"
	SysconsoleReadComplianceCustomTermsOfService    = "sysconsole_read_compliance_custom_terms_of_service"
	SysconsoleReadExperimentalFeatures              = "sysconsole_read_experimental_features"
	SysconsoleReadExperimentalFeatureFlags          = "sysconsole_read_experimental_feature_flags"
	SysconsoleReadProductsBoards                    = "sysconsole_read_products_boards"
	SysconsoleReadSiteIPFilters                     = "sysconsole_read_site_ip_filters"

	// System console write permissions.
	SysconsoleWriteAboutEditionAndLicense            = "sysconsole_write_about_edition_and_license"
	SysconsoleWriteBilling                           = "sysconsole_write_billing"
	SysconsoleWriteReportingSiteStatistics           = "sysconsole_write_reporting_site_statistics"
	SysconsoleWriteReportingTeamStatistics           = "sysconsole_write_reporting_team_statistics"
	SysconsoleWriteReportingServerLogs               = "sysconsole_write_reporting_server_logs"
	SysconsoleWriteUserManagementUsers               = "sysconsole_write_user_management_users"
	SysconsoleWriteUserManagementGroups              = "sysconsole_write_user_management_groups"
	SysconsoleWriteUserManagementTeams               = "sysconsole_write_user_management_teams"
	SysconsoleWriteUserManagementChannels            = "sysconsole_write_user_management_channels"
	SysconsoleWriteUserManagementPermissions         = "sysconsole_write_user_management_permissions"
	SysconsoleWriteUserManagementSystemRoles         = "sysconsole_write_user_management_system_roles"
	SysconsoleWriteEnvironmentWebServer              = "sysconsole_write_environment_web_server"
	SysconsoleWriteEnvironmentDatabase               = "sysconsole_write_environment_database"
	SysconsoleWriteEnvironmentElasticsearch          = "sysconsole_write_environment_elasticsearch"
	SysconsoleWriteEnvironmentFileStorage            = "sysconsole_write_environment_file_storage"
	SysconsoleWriteEnvironmentImageProxy             = "sysconsole_write_environment_image_proxy"
	SysconsoleWriteEnvironmentSMTP                   = "sysconsole_write_environment_smtp"
	SysconsoleWriteEnvironmentPushNotificationServer = "sysconsole_write_environment_push_notification_server"
	SysconsoleWriteEnvironmentHighAvailability       = "sysconsole_write_environment_high_availability"
	SysconsoleWriteEnvironmentRateLimiting           = "sysconsole_write_environment_rate_limiting"
	SysconsoleWriteEnvironmentLogging                = "sysconsole_write_environment_logging"
	SysconsoleWriteEnvironmentSessionLengths         = "sysconsole_write_environment_session_lengths"
	SysconsoleWriteEnvironmentPerformanceMonitoring  = "sysconsole_write_environment_performance_monitoring"
	SysconsoleWriteEnvironmentDeveloper              = "sysconsole_write_environment_developer"
	SysconsoleWriteEnvironmentMobileSecurity         = "sysconsole_write_environment_mobile_security"
	SysconsoleWriteSiteCustomization                 = "sysconsole_write_site_customization"
	SysconsoleWriteSiteLocalization                  = "sysconsole_write_site_localization"
	SysconsoleWriteSiteUsersAndTeams                 = "sysconsole_write_site_users_and_teams"
	SysconsoleWriteSiteNotifications                 = "sysconsole_write_site_notifications"
	SysconsoleWriteSiteAnnouncementBanner            = "sysconsole_write_site_announcement_banner"
	SysconsoleWriteSiteEmoji                         = "sysconsole_write_site_emoji"
	SysconsoleWriteSitePosts                         = "sysconsole_write_site_posts"
	SysconsoleWriteSiteFileSharingAndDownloads       = "sysconsole_write_site_file_sharing_and_downloads"
	SysconsoleWriteSitePublicLinks                   = "sysconsole_write_site_public_links"
	SysconsoleWriteSiteNotices                       = "sysconsole_write_site_notices"
	SysconsoleWriteAuthenticationSignup              = "sysconsole_write_authentication_signup"
	SysconsoleWriteAuthenticationEmail               = "sysconsole_write_authentication_email"
	SysconsoleWriteAuthenticationPassword            = "sysconsole_write_authentication_password"
	SysconsoleWriteAuthenticationMfa                 = "sysconsole_write_authentication_mfa"
	SysconsoleWriteAuthenticationLdap                = "sysconsole_write_authentication_ldap"
	SysconsoleWriteAuthenticationSaml                = "sysconsole_write_authentication_saml"
	SysconsoleWriteAuthenticationOpenid              = "sysconsole_write_authentication_openid"
	SysconsoleWriteAuthenticationGuestAccess         = "sysconsole_write_authentication_guest_access"
	SysconsoleWritePlugins                           = "sysconsole_write_plugins"
	SysconsoleWriteIntegrationsIntegrationManagement = "sysconsole_write_integrations_integration_management"
	SysconsoleWriteIntegrationsBotAccounts           = "sysconsole_write_integrations_bot_accounts"
	SysconsoleWriteIntegrationsGif                   = "sysconsole_write_integrations_gif"
	SysconsoleWriteIntegrationsCors                  = "sysconsole_write_integrations_cors"
	SysconsoleWriteComplianceDataRetentionPolicy     = "sysconsole_write_compliance_data_retention_policy"
	SysconsoleWriteComplianceComplianceExport        = "sysconsole_write_compliance_compliance_export"
	SysconsoleWriteComplianceComplianceMonitoring    = "sysconsole_write_compliance_compliance_monitoring"
	SysconsoleWriteComplianceCustomTermsOfService    = "sysconsole_write_compliance_custom_terms_of_service"
	SysconsoleWriteExperimentalFeatures              = "sysconsole_write_experimental_features"
	SysconsoleWriteExperimentalFeatureFlags          = "sysconsole_write_experimental_feature_flags"
	SysconsoleWriteProductsBoards                    = "sysconsole_write_products_boards"
	SysconsoleWriteSiteIPFilters                     = "sysconsole_write_site_ip_filters"

	// Custom-group-scoped permissions.
	ManageCustomGroupMembers = "manage_custom_group_members"
	EditCustomGroup          = "edit_custom_group"
	DeleteCustomGroup        = "delete_custom_group"
	RestoreCustomGroup       = "restore_custom_group"

	// Playbook-scoped permissions.
	PlaybookPublicManageProperties  = "playbook_public_manage_properties"
	PlaybookPublicManageMembers     = "playbook_public_manage_members"
	PlaybookPublicManageRoles       = "playbook_public_manage_roles"
	PlaybookPublicView              = "playbook_public_view"
	PlaybookPublicMakePrivate       = "playbook_public_make_private"
	PlaybookPrivateManageProperties = "playbook_private_manage_properties"
	PlaybookPrivateManageMembers    = "playbook_private_manage_members"
	PlaybookPrivateManageRoles      = "playbook_private_manage_roles"
	PlaybookPrivateView             = "playbook_private_view"
	PlaybookPrivateMakePublic       = "playbook_private_make_public"
	RunCreate                       = "run_create"

	// Playbook-run-scoped permissions.
	RunManageProperties = "run_manage_properties"
	RunManageMembers    = "run_manage_members"
	RunView             = "run_view"

	// Deprecated permissions: still accepted in stored roles, but not part of All.
	PermanentDeleteUser              = "permanent_delete_user"
	ManageWebhooks                   = "manage_webhooks"
	ManageOthersWebhooks             = "manage_others_webhooks"
	ManageIncomingWebhooks           = "manage_incoming_webhooks"
	ManageOutgoingWebhooks           = "manage_outgoing_webhooks"
	ManageSlashCommands              = "manage_slash_commands"
	ManageEmojis                     = "manage_emojis"
	ManageOthersEmojis               = "manage_others_emojis"
	SysconsoleReadAuthentication     = "sysconsole_read_authentication"
	SysconsoleWriteAuthentication    = "sysconsole_write_authentication"
	SysconsoleReadSite               = "sysconsole_read_site"
	SysconsoleWriteSite              = "sysconsole_write_site"
	SysconsoleReadEnvironment        = "sysconsole_read_environment"
	SysconsoleWriteEnvironment       = "sysconsole_write_environment"
	SysconsoleReadReporting          = "sysconsole_read_reporting"
	SysconsoleWriteReporting         = "sysconsole_write_reporting"
	SysconsoleReadAbout              = "sysconsole_read_about"
	SysconsoleWriteAbout             = "sysconsole_write_about"
	SysconsoleReadExperimental       = "sysconsole_read_experimental"
	SysconsoleWriteExperimental      = "sysconsole_write_experimental"
	SysconsoleReadIntegrations       = "sysconsole_read_integrations"
	SysconsoleWriteIntegrations      = "sysconsole_write_integrations"
	SysconsoleReadCompliance         = "sysconsole_read_compliance"
	SysconsoleWriteCompliance        = "sysconsole_write_compliance"
	PurgeBleveIndexes                = "purge_bleve_indexes"
	CreatePostBleveIndexesJob        = "create_post_bleve_indexes_job"
	ManagePostBleveIndexesJob        = "manage_post_bleve_indexes_job"
	SysconsoleReadExperimentalBleve  = "sysconsole_read_experimental_bleve"
	SysconsoleWriteExperimentalBleve = "sysconsole_write_experimental_bleve"
)

// All lists every permission Mattermost defines (its AllPermissions), in
// Mattermost's order: system, team, channel, sysconsole read, sysconsole write,
// group, playbook and run permissions.
var All = []Permission{
	// System-scoped permissions (Mattermost's SystemScopedPermissionsMinusSysconsole).
	{AssignSystemAdminRole, "authentication.permissions.assign_system_admin_role.name", "authentication.permissions.assign_system_admin_role.description", ScopeSystem},
	{ManageRoles, "authentication.permissions.manage_roles.name", "authentication.permissions.manage_roles.description", ScopeSystem},
	{ManageSystem, "authentication.permissions.manage_system.name", "authentication.permissions.manage_system.description", ScopeSystem},
	{CreateDirectChannel, "authentication.permissions.create_direct_channel.name", "authentication.permissions.create_direct_channel.description", ScopeSystem},
	{CreateGroupChannel, "authentication.permissions.create_group_channel.name", "authentication.permissions.create_group_channel.description", ScopeSystem},
	{ListPublicTeams, "authentication.permissions.list_public_teams.name", "authentication.permissions.list_public_teams.description", ScopeSystem},
	{JoinPublicTeams, "authentication.permissions.join_public_teams.name", "authentication.permissions.join_public_teams.description", ScopeSystem},
	{ListPrivateTeams, "authentication.permissions.list_private_teams.name", "authentication.permissions.list_private_teams.description", ScopeSystem},
	{JoinPrivateTeams, "authentication.permissions.join_private_teams.name", "authentication.permissions.join_private_teams.description", ScopeSystem},
	{EditOtherUsers, "authentication.permissions.edit_other_users.name", "authentication.permissions.edit_other_users.description", ScopeSystem},
	{ReadOtherUsersTeams, "authentication.permissions.read_other_users_teams.name", "authentication.permissions.read_other_users_teams.description", ScopeSystem},
	{GetPublicLink, "authentication.permissions.get_public_link.name", "authentication.permissions.get_public_link.description", ScopeSystem},
	{ManageSystemWideOAuth, "authentication.permissions.manage_system_wide_oauth.name", "authentication.permissions.manage_system_wide_oauth.description", ScopeSystem},
	{ManageOAuth, "authentication.permissions.manage_oauth.name", "authentication.permissions.manage_oauth.description", ScopeSystem},
	{CreateTeam, "authentication.permissions.create_team.name", "authentication.permissions.create_team.description", ScopeSystem},
	{ListUsersWithoutTeam, "authentication.permissions.list_users_without_team.name", "authentication.permissions.list_users_without_team.description", ScopeSystem},
	{CreateUserAccessToken, "authentication.permissions.create_user_access_token.name", "authentication.permissions.create_user_access_token.description", ScopeSystem},
	{ReadUserAccessToken, "authentication.permissions.read_user_access_token.name", "authentication.permissions.read_user_access_token.description", ScopeSystem},
	{RevokeUserAccessToken, "authentication.permissions.revoke_user_access_token.name", "authentication.permissions.revoke_user_access_token.description", ScopeSystem},
	{CreateBot, "authentication.permissions.create_bot.name", "authentication.permissions.create_bot.description", ScopeSystem},
	{AssignBot, "authentication.permissions.assign_bot.name", "authentication.permissions.assign_bot.description", ScopeSystem},
	{ReadBots, "authentication.permissions.read_bots.name", "authentication.permissions.read_bots.description", ScopeSystem},
	{ReadOthersBots, "authentication.permissions.read_others_bots.name", "authentication.permissions.read_others_bots.description", ScopeSystem},
	{ManageBots, "authentication.permissions.manage_bots.name", "authentication.permissions.manage_bots.description", ScopeSystem},
	{ManageOthersBots, "authentication.permissions.manage_others_bots.name", "authentication.permissions.manage_others_bots.description", ScopeSystem},
	{ReadJobs, "authentication.permisssions.read_jobs.name", "authentication.permisssions.read_jobs.description", ScopeSystem},
	{ManageJobs, "authentication.permisssions.manage_jobs.name", "authentication.permisssions.manage_jobs.description", ScopeSystem},
	{PromoteGuest, "authentication.permissions.promote_guest.name", "authentication.permissions.promote_guest.description", ScopeSystem},
	{DemoteToGuest, "authentication.permissions.demote_to_guest.name", "authentication.permissions.demote_to_guest.description", ScopeSystem},
	{EditBrand, "authentication.permissions.edit_brand.name", "authentication.permissions.edit_brand.description", ScopeSystem},
	{ManageSharedChannels, "authentication.permissions.manage_shared_channels.name", "authentication.permissions.manage_shared_channels.description", ScopeSystem},
	{ManageSecureConnections, "authentication.permissions.manage_secure_connections.name", "authentication.permissions.manage_secure_connections.description", ScopeSystem},
	{DownloadComplianceExportResult, "authentication.permissions.download_compliance_export_result.name", "authentication.permissions.download_compliance_export_result.description", ScopeSystem},
	{CreateDataRetentionJob, "", "", ScopeSystem},
	{ManageDataRetentionJob, "", "", ScopeSystem},
	{ReadDataRetentionJob, "", "", ScopeSystem},
	{CreateComplianceExportJob, "", "", ScopeSystem},
	{ManageComplianceExportJob, "", "", ScopeSystem},
	{ReadComplianceExportJob, "", "", ScopeSystem},
	{ReadAudits, "", "", ScopeSystem},
	{TestSiteURL, "", "", ScopeSystem},
	{TestElasticsearch, "", "", ScopeSystem},
	{TestS3, "", "", ScopeSystem},
	{ReloadConfig, "", "", ScopeSystem},
	{InvalidateCaches, "", "", ScopeSystem},
	{RecycleDatabaseConnections, "", "", ScopeSystem},
	{PurgeElasticsearchIndexes, "", "", ScopeSystem},
	{TestEmail, "", "", ScopeSystem},
	{CreateElasticsearchPostIndexingJob, "", "", ScopeSystem},
	{ManageElasticsearchPostIndexingJob, "", "", ScopeSystem},
	{CreateElasticsearchPostAggregationJob, "", "", ScopeSystem},
	{ManageElasticsearchPostAggregationJob, "", "", ScopeSystem},
	{ReadElasticsearchPostIndexingJob, "", "", ScopeSystem},
	{ReadElasticsearchPostAggregationJob, "", "", ScopeSystem},
	{CreateLdapSyncJob, "", "", ScopeSystem},
	{ManageLdapSyncJob, "", "", ScopeSystem},
	{ReadLdapSyncJob, "", "", ScopeSystem},
	{TestLdap, "", "", ScopeSystem},
	{InvalidateEmailInvite, "", "", ScopeSystem},
	{GetSamlMetadataFromIdp, "", "", ScopeSystem},
	{AddSamlPublicCert, "", "", ScopeSystem},
	{AddSamlPrivateCert, "", "", ScopeSystem},
	{AddSamlIdpCert, "", "", ScopeSystem},
	{RemoveSamlPublicCert, "", "", ScopeSystem},
	{RemoveSamlPrivateCert, "", "", ScopeSystem},
	{RemoveSamlIdpCert, "", "", ScopeSystem},
	{GetSamlCertStatus, "", "", ScopeSystem},
	{AddLdapPublicCert, "", "", ScopeSystem},
	{AddLdapPrivateCert, "", "", ScopeSystem},
	{RemoveLdapPublicCert, "", "", ScopeSystem},
	{RemoveLdapPrivateCert, "", "", ScopeSystem},
	{GetAnalytics, "", "", ScopeSystem},
	{GetLogs, "", "", ScopeSystem},
	{ReadLicenseInformation, "", "", ScopeSystem},
	{ManageLicenseInformation, "", "", ScopeSystem},
	{CreateCustomGroup, "authentication.permissions.create_custom_group.name", "authentication.permissions.create_custom_group.description", ScopeSystem},
	{ManageOutgoingOAuthConnections, "authentication.permissions.manage_outgoing_oauth_connections.name", "authentication.permissions.manage_outgoing_oauth_connections.description", ScopeSystem},
	{ManageOwnAgent, "authentication.permissions.manage_own_agent.name", "authentication.permissions.manage_own_agent.description", ScopeSystem},
	{ManageOthersAgent, "authentication.permissions.manage_others_agent.name", "authentication.permissions.manage_others_agent.description", ScopeSystem},

	// Team-scoped permissions.
	{InviteUser, "authentication.permissions.team_invite_user.name", "authentication.permissions.team_invite_user.description", ScopeTeam},
	{AddUserToTeam, "authentication.permissions.add_user_to_team.name", "authentication.permissions.add_user_to_team.description", ScopeTeam},
	{ManageOwnSlashCommands, "authentication.permissions.manage_own_slash_commands.name", "authentication.permissions.manage_own_slash_commands.description", ScopeTeam},
	{ManageOthersSlashCommands, "authentication.permissions.manage_others_slash_commands.name", "authentication.permissions.manage_others_slash_commands.description", ScopeTeam},
	{CreatePublicChannel, "authentication.permissions.create_public_channel.name", "authentication.permissions.create_public_channel.description", ScopeTeam},
	{CreatePrivateChannel, "authentication.permissions.create_private_channel.name", "authentication.permissions.create_private_channel.description", ScopeTeam},
	{ManageTeamRoles, "authentication.permissions.manage_team_roles.name", "authentication.permissions.manage_team_roles.description", ScopeTeam},
	{ManageTeamAccessRules, "", "", ScopeTeam},
	{ListTeamChannels, "authentication.permissions.list_team_channels.name", "authentication.permissions.list_team_channels.description", ScopeTeam},
	{JoinPublicChannels, "authentication.permissions.join_public_channels.name", "authentication.permissions.join_public_channels.description", ScopeTeam},
	{ReadPublicChannel, "authentication.permissions.read_public_channel.name", "authentication.permissions.read_public_channel.description", ScopeTeam},
	{ManageOwnIncomingWebhooks, "authentication.permissions.manage_own_incoming_webhooks.name", "authentication.permissions.manage_own_incoming_webhooks.description", ScopeTeam},
	{ManageOwnOutgoingWebhooks, "authentication.permissions.manage_own_outgoing_webhooks.name", "authentication.permissions.manage_own_outgoing_webhooks.description", ScopeTeam},
	{ManageOthersIncomingWebhooks, "authentication.permissions.manage_others_incoming_webhooks.name", "authentication.permissions.manage_others_incoming_webhooks.description", ScopeTeam},
	{ManageOthersOutgoingWebhooks, "authentication.permissions.manage_others_outgoing_webhooks.name", "authentication.permissions.manage_others_outgoing_webhooks.description", ScopeTeam},
	{BypassIncomingWebhookChannelLock, "authentication.permissions.bypass_incoming_webhook_channel_lock.name", "authentication.permissions.bypass_incoming_webhook_channel_lock.description", ScopeTeam},
	{CreateEmojis, "authentication.permissions.create_emojis.name", "authentication.permissions.create_emojis.description", ScopeTeam},
	{DeleteEmojis, "authentication.permissions.delete_emojis.name", "authentication.permissions.delete_emojis.description", ScopeTeam},
	{DeleteOthersEmojis, "authentication.permissions.delete_others_emojis.name", "authentication.permissions.delete_others_emojis.description", ScopeTeam},
	{RemoveUserFromTeam, "authentication.permissions.remove_user_from_team.name", "authentication.permissions.remove_user_from_team.description", ScopeTeam},
	{ManageTeam, "authentication.permissions.manage_team.name", "authentication.permissions.manage_team.description", ScopeTeam},
	{ImportTeam, "authentication.permissions.import_team.name", "authentication.permissions.import_team.description", ScopeTeam},
	{ViewTeam, "authentication.permissions.view_team.name", "authentication.permissions.view_team.description", ScopeTeam},
	{ViewMembers, "authentication.permisssions.view_members.name", "authentication.permisssions.view_members.description", ScopeTeam},
	{InviteGuest, "authentication.permissions.invite_guest.name", "authentication.permissions.invite_guest.description", ScopeTeam},
	{PlaybookPublicCreate, "", "", ScopeTeam},
	{PlaybookPrivateCreate, "", "", ScopeTeam},
	{CreateWiki, "", "", ScopeTeam},
	{ManageWiki, "", "", ScopeTeam},
	{ReadWiki, "", "", ScopeTeam},
	{DeleteWiki, "", "", ScopeTeam},
	{AdminWiki, "", "", ScopeTeam},
	{CreatePage, "", "", ScopeTeam},
	{ReadPage, "", "", ScopeTeam},
	{EditPage, "", "", ScopeTeam},
	{EditOwnPage, "", "", ScopeTeam},
	{DeleteOwnPage, "", "", ScopeTeam},
	{DeletePage, "", "", ScopeTeam},
	{CommentPage, "", "", ScopeTeam},

	// Channel-scoped permissions.
	{UseSlashCommands, "authentication.permissions.team_use_slash_commands.name", "authentication.permissions.team_use_slash_commands.description", ScopeChannel},
	{ManagePublicChannelMembers, "authentication.permissions.manage_public_channel_members.name", "authentication.permissions.manage_public_channel_members.description", ScopeChannel},
	{ManagePrivateChannelMembers, "authentication.permissions.manage_private_channel_members.name", "authentication.permissions.manage_private_channel_members.description", ScopeChannel},
	{ManageChannelRoles, "authentication.permissions.manage_channel_roles.name", "authentication.permissions.manage_channel_roles.description", ScopeChannel},
	{ManagePublicChannelProperties, "authentication.permissions.manage_public_channel_properties.name", "authentication.permissions.manage_public_channel_properties.description", ScopeChannel},
	{ManagePrivateChannelProperties, "authentication.permissions.manage_private_channel_properties.name", "authentication.permissions.manage_private_channel_properties.description", ScopeChannel},
	{ManagePublicChannelAutoTranslation, "authentication.permissions.manage_public_channel_auto_translation.name", "authentication.permissions.manage_public_channel_auto_translation.description", ScopeChannel},
	{ManagePrivateChannelAutoTranslation, "authentication.permissions.manage_private_channel_auto_translation.name", "authentication.permissions.manage_private_channel_auto_translation.description", ScopeChannel},
	{ConvertPublicChannelToPrivate, "authentication.permissions.convert_public_channel_to_private.name", "authentication.permissions.convert_public_channel_to_private.description", ScopeChannel},
	{ConvertPrivateChannelToPublic, "authentication.permissions.convert_private_channel_to_public.name", "authentication.permissions.convert_private_channel_to_public.description", ScopeChannel},
	{DeletePublicChannel, "authentication.permissions.delete_public_channel.name", "authentication.permissions.delete_public_channel.description", ScopeChannel},
	{DeletePrivateChannel, "authentication.permissions.delete_private_channel.name", "authentication.permissions.delete_private_channel.description", ScopeChannel},
	{ReadChannel, "authentication.permissions.read_channel.name", "authentication.permissions.read_channel.description", ScopeChannel},
	{ReadChannelContent, "authentication.permissions.read_channel_content.name", "authentication.permissions.read_channel_content.description", ScopeChannel},
	{ReadPublicChannelGroups, "authentication.permissions.read_public_channel_groups.name", "authentication.permissions.read_public_channel_groups.description", ScopeChannel},
	{ReadPrivateChannelGroups, "authentication.permissions.read_private_channel_groups.name", "authentication.permissions.read_private_channel_groups.description", ScopeChannel},
	{AddReaction, "authentication.permissions.add_reaction.name", "authentication.permissions.add_reaction.description", ScopeChannel},
	{RemoveReaction, "authentication.permissions.remove_reaction.name", "authentication.permissions.remove_reaction.description", ScopeChannel},
	{RemoveOthersReactions, "authentication.permissions.remove_others_reactions.name", "authentication.permissions.remove_others_reactions.description", ScopeChannel},
	{UploadFile, "authentication.permissions.upload_file.name", "authentication.permissions.upload_file.description", ScopeChannel},
	{CreatePost, "authentication.permissions.create_post.name", "authentication.permissions.create_post.description", ScopeChannel},
	{CreatePostPublic, "authentication.permissions.create_post_public.name", "authentication.permissions.create_post_public.description", ScopeChannel},
	{CreatePostEphemeral, "authentication.permissions.create_post_ephemeral.name", "authentication.permissions.create_post_ephemeral.description", ScopeChannel},
	{ReadDeletedPosts, "authentication.permissions.read_deleted_posts.name", "authentication.permissions.read_deleted_posts.description", ScopeChannel},
	{EditPost, "authentication.permissions.edit_post.name", "authentication.permissions.edit_post.description", ScopeChannel},
	{EditOthersPosts, "authentication.permissions.edit_others_posts.name", "authentication.permissions.edit_others_posts.description", ScopeChannel},
	{DeletePost, "authentication.permissions.delete_post.name", "authentication.permissions.delete_post.description", ScopeChannel},
	{DeleteOthersPosts, "authentication.permissions.delete_others_posts.name", "authentication.permissions.delete_others_posts.description", ScopeChannel},
	{UseChannelMentions, "authentication.permissions.use_channel_mentions.name", "authentication.permissions.use_channel_mentions.description", ScopeChannel},
	{UseGroupMentions, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeChannel},
	{AddBookmarkPublicChannel, "", "", ScopeChannel},
	{EditBookmarkPublicChannel, "", "", ScopeChannel},
	{DeleteBookmarkPublicChannel, "", "", ScopeChannel},
	{OrderBookmarkPublicChannel, "", "", ScopeChannel},
	{AddBookmarkPrivateChannel, "", "", ScopeChannel},
	{EditBookmarkPrivateChannel, "", "", ScopeChannel},
	{DeleteBookmarkPrivateChannel, "", "", ScopeChannel},
	{OrderBookmarkPrivateChannel, "", "", ScopeChannel},
	{ManagePublicChannelBanner, "", "", ScopeChannel},
	{ManagePrivateChannelBanner, "", "", ScopeChannel},
	{ManageChannelAccessRules, "", "", ScopeChannel},
	{EditFileAttachment, "", "", ScopeChannel},

	// System console read permissions.
	{SysconsoleReadAboutEditionAndLicense, "", "", ScopeSystem},
	{SysconsoleReadBilling, "", "", ScopeSystem},
	{SysconsoleReadReportingSiteStatistics, "", "", ScopeSystem},
	{SysconsoleReadReportingTeamStatistics, "", "", ScopeSystem},
	{SysconsoleReadReportingServerLogs, "", "", ScopeSystem},
	{SysconsoleReadUserManagementUsers, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleReadUserManagementGroups, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleReadUserManagementTeams, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleReadUserManagementChannels, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleReadUserManagementPermissions, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleReadUserManagementSystemRoles, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleReadEnvironmentWebServer, "", "", ScopeSystem},
	{SysconsoleReadEnvironmentDatabase, "", "", ScopeSystem},
	{SysconsoleReadEnvironmentElasticsearch, "", "", ScopeSystem},
	{SysconsoleReadEnvironmentFileStorage, "", "", ScopeSystem},
	{SysconsoleReadEnvironmentImageProxy, "", "", ScopeSystem},
	{SysconsoleReadEnvironmentSMTP, "", "", ScopeSystem},
	{SysconsoleReadEnvironmentPushNotificationServer, "", "", ScopeSystem},
	{SysconsoleReadEnvironmentHighAvailability, "", "", ScopeSystem},
	{SysconsoleReadEnvironmentRateLimiting, "", "", ScopeSystem},
	{SysconsoleReadEnvironmentLogging, "", "", ScopeSystem},
	{SysconsoleReadEnvironmentSessionLengths, "", "", ScopeSystem},
	{SysconsoleReadEnvironmentPerformanceMonitoring, "", "", ScopeSystem},
	{SysconsoleReadEnvironmentDeveloper, "", "", ScopeSystem},
	{SysconsoleReadEnvironmentMobileSecurity, "", "", ScopeSystem},
	{SysconsoleReadSiteCustomization, "", "", ScopeSystem},
	{SysconsoleReadSiteLocalization, "", "", ScopeSystem},
	{SysconsoleReadSiteUsersAndTeams, "", "", ScopeSystem},
	{SysconsoleReadSiteNotifications, "", "", ScopeSystem},
	{SysconsoleReadSiteAnnouncementBanner, "", "", ScopeSystem},
	{SysconsoleReadSiteEmoji, "", "", ScopeSystem},
	{SysconsoleReadSitePosts, "", "", ScopeSystem},
	{SysconsoleReadSiteFileSharingAndDownloads, "", "", ScopeSystem},
	{SysconsoleReadSitePublicLinks, "", "", ScopeSystem},
	{SysconsoleReadSiteNotices, "", "", ScopeSystem},
	{SysconsoleReadAuthenticationSignup, "", "", ScopeSystem},
	{SysconsoleReadAuthenticationEmail, "", "", ScopeSystem},
	{SysconsoleReadAuthenticationPassword, "", "", ScopeSystem},
	{SysconsoleReadAuthenticationMfa, "", "", ScopeSystem},
	{SysconsoleReadAuthenticationLdap, "", "", ScopeSystem},
	{SysconsoleReadAuthenticationSaml, "", "", ScopeSystem},
	{SysconsoleReadAuthenticationOpenid, "", "", ScopeSystem},
	{SysconsoleReadAuthenticationGuestAccess, "", "", ScopeSystem},
	{SysconsoleReadPlugins, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleReadIntegrationsIntegrationManagement, "", "", ScopeSystem},
	{SysconsoleReadIntegrationsBotAccounts, "", "", ScopeSystem},
	{SysconsoleReadIntegrationsGif, "", "", ScopeSystem},
	{SysconsoleReadIntegrationsCors, "", "", ScopeSystem},
	{SysconsoleReadComplianceDataRetentionPolicy, "", "", ScopeSystem},
	{SysconsoleReadComplianceComplianceExport, "", "", ScopeSystem},
	{SysconsoleReadComplianceComplianceMonitoring, "", "", ScopeSystem},
	{SysconsoleReadComplianceCustomTermsOfService, "", "", ScopeSystem},
	{SysconsoleReadExperimentalFeatures, "", "", ScopeSystem},
	{SysconsoleReadExperimentalFeatureFlags, "", "", ScopeSystem},
	{SysconsoleReadProductsBoards, "", "", ScopeSystem},
	{SysconsoleReadSiteIPFilters, "", "", ScopeSystem},

	// System console write permissions.
	{SysconsoleWriteAboutEditionAndLicense, "", "", ScopeSystem},
	{SysconsoleWriteBilling, "", "", ScopeSystem},
	{SysconsoleWriteReportingSiteStatistics, "", "", ScopeSystem},
	{SysconsoleWriteReportingTeamStatistics, "", "", ScopeSystem},
	{SysconsoleWriteReportingServerLogs, "", "", ScopeSystem},
	{SysconsoleWriteUserManagementUsers, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleWriteUserManagementGroups, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleWriteUserManagementTeams, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleWriteUserManagementChannels, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleWriteUserManagementPermissions, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleWriteUserManagementSystemRoles, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleWriteEnvironmentWebServer, "", "", ScopeSystem},
	{SysconsoleWriteEnvironmentDatabase, "", "", ScopeSystem},
	{SysconsoleWriteEnvironmentElasticsearch, "", "", ScopeSystem},
	{SysconsoleWriteEnvironmentFileStorage, "", "", ScopeSystem},
	{SysconsoleWriteEnvironmentImageProxy, "", "", ScopeSystem},
	{SysconsoleWriteEnvironmentSMTP, "", "", ScopeSystem},
	{SysconsoleWriteEnvironmentPushNotificationServer, "", "", ScopeSystem},
	{SysconsoleWriteEnvironmentHighAvailability, "", "", ScopeSystem},
	{SysconsoleWriteEnvironmentRateLimiting, "", "", ScopeSystem},
	{SysconsoleWriteEnvironmentLogging, "", "", ScopeSystem},
	{SysconsoleWriteEnvironmentSessionLengths, "", "", ScopeSystem},
	{SysconsoleWriteEnvironmentPerformanceMonitoring, "", "", ScopeSystem},
	{SysconsoleWriteEnvironmentDeveloper, "", "", ScopeSystem},
	{SysconsoleWriteEnvironmentMobileSecurity, "", "", ScopeSystem},
	{SysconsoleWriteSiteCustomization, "", "", ScopeSystem},
	{SysconsoleWriteSiteLocalization, "", "", ScopeSystem},
	{SysconsoleWriteSiteUsersAndTeams, "", "", ScopeSystem},
	{SysconsoleWriteSiteNotifications, "", "", ScopeSystem},
	{SysconsoleWriteSiteAnnouncementBanner, "", "", ScopeSystem},
	{SysconsoleWriteSiteEmoji, "", "", ScopeSystem},
	{SysconsoleWriteSitePosts, "", "", ScopeSystem},
	{SysconsoleWriteSiteFileSharingAndDownloads, "", "", ScopeSystem},
	{SysconsoleWriteSitePublicLinks, "", "", ScopeSystem},
	{SysconsoleWriteSiteNotices, "", "", ScopeSystem},
	{SysconsoleWriteAuthenticationSignup, "", "", ScopeSystem},
	{SysconsoleWriteAuthenticationEmail, "", "", ScopeSystem},
	{SysconsoleWriteAuthenticationPassword, "", "", ScopeSystem},
	{SysconsoleWriteAuthenticationMfa, "", "", ScopeSystem},
	{SysconsoleWriteAuthenticationLdap, "", "", ScopeSystem},
	{SysconsoleWriteAuthenticationSaml, "", "", ScopeSystem},
	{SysconsoleWriteAuthenticationOpenid, "", "", ScopeSystem},
	{SysconsoleWriteAuthenticationGuestAccess, "", "", ScopeSystem},
	{SysconsoleWritePlugins, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleWriteIntegrationsIntegrationManagement, "", "", ScopeSystem},
	{SysconsoleWriteIntegrationsBotAccounts, "", "", ScopeSystem},
	{SysconsoleWriteIntegrationsGif, "", "", ScopeSystem},
	{SysconsoleWriteIntegrationsCors, "", "", ScopeSystem},
	{SysconsoleWriteComplianceDataRetentionPolicy, "", "", ScopeSystem},
	{SysconsoleWriteComplianceComplianceExport, "", "", ScopeSystem},
	{SysconsoleWriteComplianceComplianceMonitoring, "", "", ScopeSystem},
	{SysconsoleWriteComplianceCustomTermsOfService, "", "", ScopeSystem},
	{SysconsoleWriteExperimentalFeatures, "", "", ScopeSystem},
	{SysconsoleWriteExperimentalFeatureFlags, "", "", ScopeSystem},
	{SysconsoleWriteProductsBoards, "", "", ScopeSystem},
	{SysconsoleWriteSiteIPFilters, "", "", ScopeSystem},

	// Custom-group-scoped permissions.
	{ManageCustomGroupMembers, "authentication.permissions.manage_custom_group_members.name", "authentication.permissions.manage_custom_group_members.description", ScopeGroup},
	{EditCustomGroup, "authentication.permissions.edit_custom_group.name", "authentication.permissions.edit_custom_group.description", ScopeGroup},
	{DeleteCustomGroup, "authentication.permissions.delete_custom_group.name", "authentication.permissions.delete_custom_group.description", ScopeGroup},
	{RestoreCustomGroup, "authentication.permissions.restore_custom_group.name", "authentication.permissions.restore_custom_group.description", ScopeGroup},

	// Playbook-scoped permissions.
	{PlaybookPublicManageProperties, "", "", ScopePlaybook},
	{PlaybookPublicManageMembers, "", "", ScopePlaybook},
	{PlaybookPublicManageRoles, "", "", ScopePlaybook},
	{PlaybookPublicView, "", "", ScopePlaybook},
	{PlaybookPublicMakePrivate, "", "", ScopePlaybook},
	{PlaybookPrivateManageProperties, "", "", ScopePlaybook},
	{PlaybookPrivateManageMembers, "", "", ScopePlaybook},
	{PlaybookPrivateManageRoles, "", "", ScopePlaybook},
	{PlaybookPrivateView, "", "", ScopePlaybook},
	{PlaybookPrivateMakePublic, "", "", ScopePlaybook},
	{RunCreate, "", "", ScopePlaybook},

	// Playbook-run-scoped permissions.
	{RunManageProperties, "", "", ScopeRun},
	{RunManageMembers, "", "", ScopeRun},
	{RunView, "", "", ScopeRun},
}

// Deprecated lists the permissions Mattermost keeps only for backwards
// compatibility (its DeprecatedPermissions). They are valid in stored roles
// but are not part of All and no built-in role grants them.
var Deprecated = []Permission{
	{PermanentDeleteUser, "authentication.permissions.permanent_delete_user.name", "authentication.permissions.permanent_delete_user.description", ScopeSystem},
	{ManageWebhooks, "authentication.permissions.manage_webhooks.name", "authentication.permissions.manage_webhooks.description", ScopeTeam},
	{ManageOthersWebhooks, "authentication.permissions.manage_others_webhooks.name", "authentication.permissions.manage_others_webhooks.description", ScopeTeam},
	{ManageIncomingWebhooks, "authentication.permissions.manage_incoming_webhooks.name", "authentication.permissions.manage_incoming_webhooks.description", ScopeTeam},
	{ManageOutgoingWebhooks, "authentication.permissions.manage_outgoing_webhooks.name", "authentication.permissions.manage_outgoing_webhooks.description", ScopeTeam},
	{ManageSlashCommands, "authentication.permissions.manage_slash_commands.name", "authentication.permissions.manage_slash_commands.description", ScopeTeam},
	{ManageEmojis, "authentication.permissions.manage_emojis.name", "authentication.permissions.manage_emojis.description", ScopeTeam},
	{ManageOthersEmojis, "authentication.permissions.manage_others_emojis.name", "authentication.permissions.manage_others_emojis.description", ScopeTeam},
	{SysconsoleReadAuthentication, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleWriteAuthentication, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleReadSite, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleWriteSite, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleReadEnvironment, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleWriteEnvironment, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleReadReporting, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleWriteReporting, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleReadAbout, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleWriteAbout, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleReadExperimental, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleWriteExperimental, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleReadIntegrations, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleWriteIntegrations, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleReadCompliance, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{SysconsoleWriteCompliance, "authentication.permissions.use_group_mentions.name", "authentication.permissions.use_group_mentions.description", ScopeSystem},
	{PurgeBleveIndexes, "", "", ScopeSystem},
	{CreatePostBleveIndexesJob, "", "", ScopeSystem},
	{ManagePostBleveIndexesJob, "", "", ScopeSystem},
	{SysconsoleReadExperimentalBleve, "", "", ScopeSystem},
	{SysconsoleWriteExperimentalBleve, "", "", ScopeSystem},
}
