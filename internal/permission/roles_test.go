package permission

import (
	"slices"
	"testing"
)

func mustRole(t *testing.T, name string) RoleDef {
	t.Helper()
	r, ok := GetBuiltin(name)
	if !ok {
		t.Fatalf("built-in role %q not found", name)
	}
	return r
}

func TestRolePermissions(t *testing.T) {
	tests := []struct {
		role    string
		has     []string
		hasNot  []string
		exactly []string // when non-nil, the full permission list (any order)
	}{
		{
			role: SystemUser,
			has:  []string{ViewMembers, CreateTeam, ListPublicTeams, JoinPublicTeams, CreateDirectChannel, CreateGroupChannel},
			hasNot: []string{
				ManageSystem, EditOtherUsers, ListPrivateTeams, JoinPrivateTeams, ManageRoles,
				ListUsersWithoutTeam, CreateUserAccessToken, ReadChannel, ViewTeam,
			},
		},
		{
			role: SystemAdmin,
			has: []string{
				ManageSystem, EditOtherUsers, ManageRoles, ListUsersWithoutTeam,
				SysconsoleWriteUserManagementUsers, SysconsoleReadUserManagementUsers,
				SysconsoleWriteUserManagementPermissions, ListPrivateTeams, JoinPrivateTeams,
				ReadOtherUsersTeams, DemoteToGuest, PromoteGuest, ManageBots, ManageOthersBots,
				ManageOAuth, CreateUserAccessToken, ReadUserAccessToken, RevokeUserAccessToken,
				ReadAudits, ViewMembers,
			},
			hasNot: []string{PermanentDeleteUser, ManageSlashCommands, ManageWebhooks},
		},
		{
			role:   TeamUser,
			has:    []string{ViewTeam, AddUserToTeam, InviteUser, ListTeamChannels, JoinPublicChannels, ReadPublicChannel, CreatePublicChannel, CreatePrivateChannel},
			hasNot: []string{ReadChannel, RemoveUserFromTeam, ManageTeam, ManageTeamRoles, ManagePublicChannelMembers, ViewMembers},
		},
		{
			role: TeamAdmin,
			has: []string{RemoveUserFromTeam, ManageTeam, ManageTeamRoles, ManageChannelRoles, ImportTeam, ConvertPublicChannelToPrivate,
				ConvertPrivateChannelToPublic, ManagePublicChannelMembers, ManagePrivateChannelMembers, UseGroupMentions},
			hasNot: []string{ViewTeam, AddUserToTeam, ReadChannel, ManageSystem},
		},
		{
			role:    TeamGuest,
			exactly: []string{ViewTeam},
		},
		{
			role: ChannelUser,
			has: []string{ReadChannel, ReadChannelContent, ManagePublicChannelMembers, ManagePrivateChannelMembers, CreatePost,
				DeletePublicChannel, DeletePrivateChannel, UseGroupMentions, ReadPublicChannelGroups, ReadPrivateChannelGroups},
			hasNot: []string{ManageChannelRoles, ReadPublicChannel, ConvertPrivateChannelToPublic},
		},
		{
			// The permission migrations give channel admins the moderated permissions.
			role:   ChannelAdmin,
			has:    []string{ManageChannelRoles, UseGroupMentions, ManagePublicChannelMembers, ManagePrivateChannelMembers, CreatePost, UploadFile},
			hasNot: []string{ReadChannel, ReadPublicChannel, ConvertPrivateChannelToPublic},
		},
		{
			role:   ChannelGuest,
			has:    []string{ReadChannel, CreatePost},
			hasNot: []string{ManagePublicChannelMembers, ManagePrivateChannelMembers, ManageChannelRoles},
		},
		{
			role:    SystemGuest,
			exactly: []string{CreateDirectChannel, CreateGroupChannel},
		},
		{
			role:    SystemUserAccessToken,
			exactly: []string{CreateUserAccessToken, ReadUserAccessToken, RevokeUserAccessToken},
		},
		{
			role:    SystemSharedChannelManager,
			exactly: []string{ManageSharedChannels},
		},
		{
			role:    CustomGroupUser,
			exactly: []string{},
		},
		{
			role: SystemUserManager,
			// Ancillary permissions of sysconsole_write_user_management_{teams,channels,groups}
			// and sysconsole_read_user_management_{teams,channels}.
			has:    []string{SysconsoleWriteUserManagementTeams, ManageTeam, RemoveUserFromTeam, AddUserToTeam, ListPrivateTeams, ViewTeam, ReadChannel, ManagePrivateChannelMembers, TestLdap},
			hasNot: []string{SysconsoleReadUserManagementUsers, EditOtherUsers, ManageSystem},
		},
		{
			role:   SystemReadOnlyAdmin,
			has:    []string{SysconsoleReadUserManagementUsers, ReadOtherUsersTeams, ReadLicenseInformation, GetLogs, GetAnalytics, ReadAudits},
			hasNot: []string{EditOtherUsers, SysconsoleWriteUserManagementUsers, ManageSystem},
		},
		{
			role:   SystemManager,
			has:    []string{SysconsoleWriteUserManagementPermissions, ManageOutgoingOAuthConnections, EditBrand, TestEmail, ManageTeam},
			hasNot: []string{SysconsoleReadUserManagementUsers, EditOtherUsers, ManageSystem},
		},
	}
	for _, tc := range tests {
		t.Run(tc.role, func(t *testing.T) {
			r := mustRole(t, tc.role)
			for _, p := range tc.has {
				if !r.Has(p) {
					t.Errorf("%s should have %s", tc.role, p)
				}
			}
			for _, p := range tc.hasNot {
				if r.Has(p) {
					t.Errorf("%s should not have %s", tc.role, p)
				}
			}
			if tc.exactly != nil {
				got := slices.Sorted(slices.Values(r.Permissions))
				want := slices.Sorted(slices.Values(tc.exactly))
				if !slices.Equal(got, want) {
					t.Errorf("%s permissions = %v, want %v", tc.role, got, want)
				}
			}
		})
	}
}

func TestSystemAdminHasEverything(t *testing.T) {
	admin := mustRole(t, SystemAdmin)
	if len(admin.Permissions) != len(All) {
		t.Errorf("system_admin has %d permissions, All has %d", len(admin.Permissions), len(All))
	}
	for _, r := range Builtin() {
		for _, p := range r.Permissions {
			if !admin.Has(p) {
				t.Errorf("system_admin lacks %s (granted by %s)", p, r.Name)
			}
		}
	}
	for _, p := range All {
		if !admin.Has(p.ID) {
			t.Errorf("system_admin lacks %s", p.ID)
		}
	}
}

func TestRolePermissionsExistAndAreUnique(t *testing.T) {
	for _, r := range Builtin() {
		seen := map[string]bool{}
		for _, p := range r.Permissions {
			if _, ok := Lookup(p); !ok {
				t.Errorf("role %s grants unknown permission %q", r.Name, p)
			}
			if seen[p] {
				t.Errorf("role %s lists %q twice", r.Name, p)
			}
			seen[p] = true
		}
	}
}

func TestAllPermissions(t *testing.T) {
	if len(All) != 290 {
		t.Errorf("len(All) = %d, want 290", len(All))
	}
	if len(Deprecated) != 29 {
		t.Errorf("len(Deprecated) = %d, want 29", len(Deprecated))
	}
	seen := map[string]bool{}
	for _, p := range All {
		if !IsValidRoleName(p.ID) { // same character set
			t.Errorf("bad permission id %q", p.ID)
		}
		if seen[p.ID] {
			t.Errorf("duplicate permission %q", p.ID)
		}
		seen[p.ID] = true
		if IsDeprecated(p.ID) {
			t.Errorf("%q is both in All and Deprecated", p.ID)
		}
		switch p.Scope {
		case ScopeSystem, ScopeTeam, ScopeChannel, ScopeGroup, ScopePlaybook, ScopeRun:
		default:
			t.Errorf("%q has unknown scope %q", p.ID, p.Scope)
		}
		if (p.Name == "") != (p.Description == "") {
			t.Errorf("%q: name %q / description %q", p.ID, p.Name, p.Description)
		}
	}

	facts := []struct {
		id    string
		scope Scope
		name  string
	}{
		{ManageSystem, ScopeSystem, "authentication.permissions.manage_system.name"},
		{EditOtherUsers, ScopeSystem, "authentication.permissions.edit_other_users.name"},
		{InviteUser, ScopeTeam, "authentication.permissions.team_invite_user.name"},
		{ViewMembers, ScopeTeam, "authentication.permisssions.view_members.name"},
		{ReadPublicChannel, ScopeTeam, "authentication.permissions.read_public_channel.name"},
		{ReadChannel, ScopeChannel, "authentication.permissions.read_channel.name"},
		{ManageChannelRoles, ScopeChannel, "authentication.permissions.manage_channel_roles.name"},
		{CreateDirectChannel, ScopeSystem, "authentication.permissions.create_direct_channel.name"},
		{SysconsoleWriteUserManagementUsers, ScopeSystem, "authentication.permissions.use_group_mentions.name"},
		{SysconsoleReadEnvironmentSMTP, ScopeSystem, ""},
		{SysconsoleReadSiteIPFilters, ScopeSystem, ""},
		{ManageCustomGroupMembers, ScopeGroup, "authentication.permissions.manage_custom_group_members.name"},
		{RunCreate, ScopePlaybook, ""},
		{RunView, ScopeRun, ""},
	}
	for _, f := range facts {
		p, ok := Lookup(f.id)
		if !ok {
			t.Errorf("%s missing from All", f.id)
			continue
		}
		if p.Scope != f.scope || p.Name != f.name {
			t.Errorf("%s = {scope %s, name %q}, want {scope %s, name %q}", f.id, p.Scope, p.Name, f.scope, f.name)
		}
	}

	if SysconsoleReadSiteIPFilters != "sysconsole_read_site_ip_filters" {
		t.Errorf("SysconsoleReadSiteIPFilters = %q", SysconsoleReadSiteIPFilters)
	}
	if !IsValid(ManageSlashCommands) || !IsDeprecated(ManageSlashCommands) {
		t.Error("manage_slash_commands should be a valid, deprecated permission")
	}
	if IsValid("no_such_permission") {
		t.Error("unknown permission reported valid")
	}
}

func TestBuiltinRoles(t *testing.T) {
	want := []struct {
		name, display     string
		schemeManaged, bi bool
	}{
		{CustomGroupUser, "authentication.roles.custom_group_user.name", false, false},
		{ChannelGuest, "authentication.roles.channel_guest.name", true, true},
		{ChannelUser, "authentication.roles.channel_user.name", true, true},
		{ChannelAdmin, "authentication.roles.channel_admin.name", true, true},
		{TeamGuest, "authentication.roles.team_guest.name", true, true},
		{TeamUser, "authentication.roles.team_user.name", true, true},
		{TeamPostAll, "authentication.roles.team_post_all.name", false, true},
		{TeamPostAllPublic, "authentication.roles.team_post_all_public.name", false, true},
		{TeamAdmin, "authentication.roles.team_admin.name", true, true},
		{PlaybookAdmin, "authentication.roles.playbook_admin.name", true, true},
		{PlaybookMember, "authentication.roles.playbook_member.name", true, true},
		{RunAdmin, "authentication.roles.run_admin.name", true, true},
		{RunMember, "authentication.roles.run_member.name", true, true},
		{SystemGuest, "authentication.roles.global_guest.name", true, true},
		{SystemUser, "authentication.roles.global_user.name", true, true},
		{SystemPostAll, "authentication.roles.system_post_all.name", false, true},
		{SystemPostAllPublic, "authentication.roles.system_post_all_public.name", false, true},
		{SystemUserAccessToken, "authentication.roles.system_user_access_token.name", false, true},
		{SystemUserManager, "authentication.roles.system_user_manager.name", false, true},
		{SystemReadOnlyAdmin, "authentication.roles.system_read_only_admin.name", false, true},
		{SystemManager, "authentication.roles.system_manager.name", false, true},
		{SystemCustomGroupAdmin, "authentication.roles.system_custom_group_admin.name", false, true},
		{SystemSharedChannelManager, "authentication.roles.system_shared_channel_manager.name", false, true},
		{SystemAdmin, "authentication.roles.global_admin.name", true, true},
	}
	roles := Builtin()
	if len(roles) != len(want) {
		t.Fatalf("Builtin() has %d roles, want %d", len(roles), len(want))
	}
	for i, w := range want {
		r := roles[i]
		if r.Name != w.name || r.DisplayName != w.display || r.SchemeManaged != w.schemeManaged || r.BuiltIn != w.bi {
			t.Errorf("role %d = {%s %s %v %v}, want {%s %s %v %v}", i, r.Name, r.DisplayName, r.SchemeManaged, r.BuiltIn,
				w.name, w.display, w.schemeManaged, w.bi)
		}
		if wantDesc := w.display[:len(w.display)-len(".name")] + ".description"; r.Description != wantDesc {
			t.Errorf("%s description = %q, want %q", r.Name, r.Description, wantDesc)
		}
		if !IsValidRoleName(r.Name) {
			t.Errorf("invalid built-in role name %q", r.Name)
		}
	}
	for _, n := range BuiltInSchemeManagedRoleNames() {
		if _, ok := GetBuiltin(n); !ok {
			t.Errorf("BuiltInSchemeManagedRoleNames lists unknown role %s", n)
		}
	}
}

func TestBuiltinReturnsCopies(t *testing.T) {
	a := Builtin()
	a[0].Name = "changed"
	for i := range a {
		if len(a[i].Permissions) > 0 {
			a[i].Permissions[0] = "changed"
		}
	}
	for _, r := range Builtin() {
		if r.Name == "changed" || slices.Contains(r.Permissions, "changed") {
			t.Fatalf("Builtin shares state between calls: %+v", r)
		}
	}
	imp := Implied(SysconsoleWriteUserManagementUsers)
	imp[0] = "changed"
	if Ancillary[SysconsoleWriteUserManagementUsers][0] != EditOtherUsers {
		t.Fatal("Implied returned the shared slice")
	}
}

func TestImplied(t *testing.T) {
	tests := []struct {
		p    string
		want []string
	}{
		{SysconsoleWriteUserManagementUsers, []string{EditOtherUsers, DemoteToGuest, PromoteGuest}},
		{SysconsoleReadUserManagementUsers, []string{ReadOtherUsersTeams}},
		{SysconsoleReadUserManagementTeams, []string{ListPrivateTeams, ListPublicTeams, ViewTeam}},
		{SysconsoleWriteUserManagementTeams, []string{ManageTeam, ManageTeamRoles, RemoveUserFromTeam, JoinPrivateTeams, JoinPublicTeams, AddUserToTeam}},
		{SysconsoleReadUserManagementChannels, []string{ReadPublicChannel, ReadChannel, ReadPublicChannelGroups, ReadPrivateChannelGroups}},
		{SysconsoleReadComplianceComplianceMonitoring, []string{ReadAudits}},
		{ManageSystem, nil},
		{SysconsoleWriteUserManagementPermissions, nil},
	}
	for _, tc := range tests {
		if got := Implied(tc.p); !slices.Equal(got, tc.want) {
			t.Errorf("Implied(%s) = %v, want %v", tc.p, got, tc.want)
		}
	}
	for k, v := range Ancillary {
		if _, ok := Lookup(k); !ok {
			t.Errorf("Ancillary key %q not in All", k)
		}
		for _, p := range v {
			if _, ok := Lookup(p); !ok {
				t.Errorf("Ancillary[%s] has unknown %q", k, p)
			}
		}
	}
	if len(Ancillary) != 28 {
		t.Errorf("len(Ancillary) = %d, want 28", len(Ancillary))
	}
}

func TestIsValidRoleName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"system_user", true},
		{"custom_role_2", true},
		{"a", true},
		{"", false},
		{"bad-role", false},
		{"Team_user", false},
		{"team user", false},
		{"rôle", false},
		{repeat('a', 64), true},
		{repeat('a', 65), false},
	}
	for _, tc := range tests {
		if got := IsValidRoleName(tc.name); got != tc.want {
			t.Errorf("IsValidRoleName(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func repeat(c byte, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return string(b)
}

func TestIsValidUserRoles(t *testing.T) {
	tests := []struct {
		roles string
		want  bool
	}{
		{"system_user", true},
		{"system_admin system_user", true},
		{"system_user system_admin", true},
		{"system_guest", true},
		{"system_user system_user_access_token", true},
		{"  system_user   system_admin  ", true},
		{"system_admin", false},
		{" system_admin ", false},
		{"system_admin system_admin", true}, // only a lone system_admin is rejected
		{"", true},                          // no roles: Mattermost accepts it
		{"   ", true},
		{"bad-role", false},
		{"system_user bad-role", false},
		{"System_user", false},
		{"unknown_but_well_formed", true}, // existence is not checked here
	}
	for _, tc := range tests {
		if got := IsValidUserRoles(tc.roles); got != tc.want {
			t.Errorf("IsValidUserRoles(%q) = %v, want %v", tc.roles, got, tc.want)
		}
	}
}

func TestWithAncillaryMatchesMattermostOrder(t *testing.T) {
	got := WithAncillary([]string{SysconsoleWriteUserManagementGroups, SysconsoleWriteUserManagementChannels})
	want := []string{
		SysconsoleWriteUserManagementGroups, SysconsoleWriteUserManagementChannels,
		ManagePrivateChannelMembers, ManagePublicChannelMembers, ConvertPublicChannelToPrivate, ConvertPrivateChannelToPublic,
		ManagePublicChannelProperties, ManagePrivateChannelProperties, ManagePublicChannelAutoTranslation,
		ManagePrivateChannelAutoTranslation, DeletePrivateChannel, DeletePublicChannel, ManageChannelRoles,
	}
	if !slices.Equal(got, want) {
		t.Errorf("WithAncillary = %v, want %v", got, want)
	}
}

// TestFreshInstallMigrations pins exactly what Mattermost's start-up permission migrations
// add to MakeDefaultRoles (see migrations.go), role by role; any role not listed is
// unchanged.
func TestFreshInstallMigrations(t *testing.T) {
	moderated := []string{CreatePost, AddReaction, RemoveReaction, ManagePublicChannelMembers, ManagePrivateChannelMembers,
		UseChannelMentions, ReadPublicChannelGroups, ReadPrivateChannelGroups, UploadFile}
	want := map[string][]string{
		ChannelAdmin: moderated,
		TeamAdmin: append(append([]string{}, moderated...), UseGroupMentions, PlaybookPublicManageRoles, PlaybookPrivateManageRoles,
			ManagePublicChannelAutoTranslation, ManagePrivateChannelAutoTranslation),
		ChannelUser:         {UseGroupMentions, ReadPublicChannelGroups, ReadPrivateChannelGroups},
		TeamUser:            {PlaybookPublicCreate, PlaybookPrivateCreate},
		TeamPostAll:         {UseGroupMentions, UploadFile},
		SystemPostAll:       {UseGroupMentions, UploadFile},
		TeamPostAllPublic:   {UseGroupMentions},
		SystemPostAllPublic: {UseGroupMentions},
		SystemReadOnlyAdmin: {SysconsoleReadEnvironmentMobileSecurity},
	}
	before := makeDefaultRoles()
	after := Builtin()
	if len(before) != len(after) {
		t.Fatalf("%d roles before migrations, %d after", len(before), len(after))
	}
	for i := range before {
		name := before[i].Name
		var added, removed []string
		for _, p := range after[i].Permissions {
			if !before[i].Has(p) {
				added = append(added, p)
			}
		}
		for _, p := range before[i].Permissions {
			if !after[i].Has(p) {
				removed = append(removed, p)
			}
		}
		if len(removed) > 0 {
			t.Errorf("%s lost %v", name, removed)
		}
		got := slices.Sorted(slices.Values(added))
		exp := slices.Sorted(slices.Values(want[name]))
		if !slices.Equal(got, exp) {
			t.Errorf("%s gained %v, want %v", name, got, exp)
		}
	}
}

// The engine itself: removals, cross-role conditions and order within a migration.
func TestApplyMigrations(t *testing.T) {
	roles := []RoleDef{
		{Name: "a", Permissions: []string{ConvertPrivateChannelToPublic, CreatePost}},
		{Name: "b", Permissions: []string{ConvertPrivateChannelToPublic, SysconsoleWriteUserManagementChannels, SysconsoleWriteUserManagementGroups}},
		{Name: TeamAdmin, Permissions: []string{ConvertPrivateChannelToPublic}},
		{Name: "c", Permissions: nil},
	}
	applyMigrations(roles, []migration{
		{Key: "restrict", Transformations: []transformation{{
			On: all(isNotRole(SystemAdmin), isNotRole(TeamAdmin), anyOf(
				permissionNotExists(SysconsoleWriteUserManagementChannels), permissionNotExists(SysconsoleWriteUserManagementGroups))),
			Remove: []string{ConvertPrivateChannelToPublic},
		}}},
		{Key: "copy", Transformations: []transformation{
			{On: all(isRole("c"), onOtherRole("a", permissionExists(CreatePost))), Add: []string{UploadFile, CreatePost}},
		}},
	})
	want := [][]string{
		{CreatePost},
		{ConvertPrivateChannelToPublic, SysconsoleWriteUserManagementChannels, SysconsoleWriteUserManagementGroups},
		{ConvertPrivateChannelToPublic},
		{UploadFile, CreatePost}, // appended in All's order, not the order they were granted
	}
	for i, r := range roles {
		if !slices.Equal(r.Permissions, want[i]) {
			t.Errorf("%s = %v, want %v", r.Name, r.Permissions, want[i])
		}
	}
}
