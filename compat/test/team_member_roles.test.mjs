// Team member administration: PUT /teams/{team_id}/members/{user_id}/roles
// (updateTeamMemberRoles), PUT /teams/{team_id}/members/{user_id}/schemeRoles
// (updateTeamMemberSchemeRoles), POST /teams/{team_id}/members/ids (getTeamMembersByIds),
// GET /teams/{team_id}/stats (getTeamStats) and GET /users/{user_id}/teams/unread
// (getMyTeamUnreads).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    createUser,
    createUserAndLogin,
    deactivateUser,
    expectClientError,
    inviteOnlyTeamPayload,
    setupServer,
    teamWithOwner,
} from '../lib/helpers.js';

setupServer();

const PERMISSIONS = 'api.context.permissions.app_error';
const BODY_PARAM = 'api.context.invalid_body_param.app_error';
const URL_PARAM = 'api.context.invalid_url_param.app_error';
const MEMBER_MISSING = 'app.team.get_member.missing.app_error';
const UNKNOWN_ID = 'ybndrfg8ejkmcpqxot1uwisza3';

// A team with its admin (the creator) and `n` plain members, all logged in.
async function teamWithMembers(n = 2, payload) {
    const { owner, team } = await teamWithOwner(payload);
    const members = [];
    for (let i = 0; i < n; i++) {
        const m = await createUserAndLogin();
        await owner.client.addToTeam(team.id, m.user.id);
        members.push(m);
    }
    return { owner, team, members };
}

describe('PUT /teams/{team_id}/members/{user_id}/roles (updateTeamMemberRoles)', () => {
    test('promotion takes effect at once: the new team admin can remove a member right away', async () => {
        const { owner, team, members: [a, b] } = await teamWithMembers(2);
        // before: a plain member may not remove others
        await expectClientError(a.client.removeFromTeam(team.id, b.user.id), 403, PERMISSIONS);

        assert.deepEqual(await owner.client.updateTeamMemberRoles(team.id, a.user.id, 'team_user team_admin'), { status: 'OK' });
        const m = await owner.client.getTeamMember(team.id, a.user.id);
        assert.equal(m.roles, 'team_user team_admin');
        assert.equal(m.scheme_admin, true);
        assert.equal(m.scheme_user, true);
        assert.equal(m.explicit_roles, '');

        // same session, no new login: the promotion is already in force
        assert.deepEqual(await a.client.removeFromTeam(team.id, b.user.id), { status: 'OK' });
        // a removed membership is kept, soft-deleted (Mattermost's GetMember does not filter it)
        const gone = await owner.client.getTeamMember(team.id, b.user.id);
        assert.ok(gone.delete_at > 0, `b's membership must be deleted: ${JSON.stringify(gone)}`);
        assert.deepEqual((await owner.client.getTeamMembers(team.id)).map((x) => x.user_id).sort(), [owner.user.id, a.user.id].sort());
    });

    test('demotion takes effect at once too', async () => {
        const { owner, team, members: [a, b] } = await teamWithMembers(2);
        await owner.client.updateTeamMemberRoles(team.id, a.user.id, 'team_user team_admin');
        await owner.client.updateTeamMemberRoles(team.id, a.user.id, 'team_user');
        const m = await owner.client.getTeamMember(team.id, a.user.id);
        assert.equal(m.roles, 'team_user');
        assert.equal(m.scheme_admin, false);
        assert.equal(m.scheme_user, true);
        await expectClientError(a.client.removeFromTeam(team.id, b.user.id), 403, PERMISSIONS);
        await expectClientError(a.client.updateTeamMemberRoles(team.id, b.user.id, 'team_user team_admin'), 403, PERMISSIONS);
    });

    test('a plain member cannot change roles (manage_team_roles): 403, nothing changes', async () => {
        const { owner, team, members: [a, b] } = await teamWithMembers(2);
        await expectClientError(a.client.updateTeamMemberRoles(team.id, a.user.id, 'team_user team_admin'), 403, PERMISSIONS);
        await expectClientError(a.client.updateTeamMemberRoles(team.id, b.user.id, 'team_user team_admin'), 403, PERMISSIONS);
        assert.equal((await owner.client.getTeamMember(team.id, a.user.id)).roles, 'team_user');
    });

    test('a system admin who is not in the team may change roles', async () => {
        const { team, members: [a] } = await teamWithMembers(1);
        const admin = await adminClient();
        await admin.client.updateTeamMemberRoles(team.id, a.user.id, 'team_user team_admin');
        assert.equal((await admin.client.getTeamMember(team.id, a.user.id)).roles, 'team_user team_admin');
    });

    test('bad role lists → 400, and the member keeps its roles', async () => {
        const { owner, team, members: [a] } = await teamWithMembers(1);
        const path = `/api/v4/teams/${team.id}/members/${a.user.id}/roles`;
        // not a valid role name
        await expectClientError(owner.client.updateTeamMemberRoles(team.id, a.user.id, 'team_user Bad-Role!'), 400, BODY_PARAM);
        // "system_admin" alone is refused by the role-list check
        await expectClientError(owner.client.updateTeamMemberRoles(team.id, a.user.id, 'system_admin'), 400, BODY_PARAM);
        // well-formed but unknown role
        await expectClientError(owner.client.updateTeamMemberRoles(team.id, a.user.id, 'team_user no_such_role'), 400,
            'app.role.get_by_name.app_error');
        // a scheme role that is not a team role
        await expectClientError(owner.client.updateTeamMemberRoles(team.id, a.user.id, 'team_user system_admin'), 400,
            'api.channel.update_team_member_roles.scheme_role.app_error');
        // guest and user together
        await expectClientError(owner.client.updateTeamMemberRoles(team.id, a.user.id, 'team_user team_guest'), 400,
            'api.team.update_team_member_roles.guest_and_user.app_error');
        // a member cannot be turned into a guest this way
        await expectClientError(owner.client.updateTeamMemberRoles(team.id, a.user.id, 'team_guest'), 400,
            'api.channel.update_team_member_roles.changing_guest_role.app_error');
        // malformed JSON and (Roster, documented) a body without "roles"
        assertAppError(await api('PUT', path, { token: owner.token, body: '{"roles":' }), 400, BODY_PARAM);
        assertAppError(await api('PUT', path, { token: owner.token, body: {} }), 400, BODY_PARAM);
        const m = await owner.client.getTeamMember(team.id, a.user.id);
        assert.deepEqual({ roles: m.roles, scheme_user: m.scheme_user, scheme_admin: m.scheme_admin },
            { roles: 'team_user', scheme_user: true, scheme_admin: false });
    });

    test('a user who is not a member → 404 app.team.get_member.missing.app_error; bad ids → 400', async () => {
        const { owner, team } = await teamWithMembers(0);
        const stranger = await createUser();
        await expectClientError(owner.client.updateTeamMemberRoles(team.id, stranger.user.id, 'team_user'), 404, MEMBER_MISSING);
        await expectClientError(owner.client.updateTeamMemberRoles(team.id, 'not-an-id', 'team_user'), 400, URL_PARAM);
        await expectClientError(owner.client.updateTeamMemberRoles('not-an-id', owner.user.id, 'team_user'), 400, URL_PARAM);
    });

    test('no session → 401', async () => {
        const { team, members: [a] } = await teamWithMembers(1);
        assertAppError(await api('PUT', `/api/v4/teams/${team.id}/members/${a.user.id}/roles`, { body: { roles: 'team_user team_admin' } }),
            401, 'api.context.session_expired.app_error');
    });
});

describe('PUT /teams/{team_id}/members/{user_id}/schemeRoles (updateTeamMemberSchemeRoles)', () => {
    test('scheme_admin=true makes a team admin at once; false takes it away', async () => {
        const { owner, team, members: [a, b] } = await teamWithMembers(2);
        assert.deepEqual(await owner.client.updateTeamMemberSchemeRoles(team.id, a.user.id, true, true), { status: 'OK' });
        let m = await owner.client.getTeamMember(team.id, a.user.id);
        assert.deepEqual({ roles: m.roles, scheme_user: m.scheme_user, scheme_admin: m.scheme_admin, scheme_guest: m.scheme_guest },
            { roles: 'team_user team_admin', scheme_user: true, scheme_admin: true, scheme_guest: false });
        // in force for a's current session: a may now manage roles
        await a.client.updateTeamMemberSchemeRoles(team.id, b.user.id, true, false);
        m = await owner.client.getTeamMember(team.id, b.user.id);
        assert.equal(m.roles, 'team_user');

        await owner.client.updateTeamMemberSchemeRoles(team.id, a.user.id, true, false);
        m = await owner.client.getTeamMember(team.id, a.user.id);
        assert.equal(m.roles, 'team_user');
        assert.equal(m.scheme_admin, false);
        await expectClientError(a.client.removeFromTeam(team.id, b.user.id), 403, PERMISSIONS);
    });

    test('guest and user together → 400 …guest_and_user; a plain member → 403; a non-member → 404', async () => {
        const { owner, team, members: [a] } = await teamWithMembers(1);
        const path = `/api/v4/teams/${team.id}/members/${a.user.id}/schemeRoles`;
        assertAppError(await api('PUT', path, { token: owner.token, body: { scheme_guest: true, scheme_user: true, scheme_admin: false } }),
            400, 'api.team.update_team_member_roles.guest_and_user.app_error');
        await expectClientError(a.client.updateTeamMemberSchemeRoles(team.id, a.user.id, true, true), 403, PERMISSIONS);
        const stranger = await createUser();
        await expectClientError(owner.client.updateTeamMemberSchemeRoles(team.id, stranger.user.id, true, false), 404, MEMBER_MISSING);
        assertAppError(await api('PUT', path, { token: owner.token, body: '{"scheme_user":' }), 400, BODY_PARAM);
        assertAppError(await api('PUT', path, { token: owner.token, body: { scheme_user: 'yes' } }), 400, BODY_PARAM);
        assert.equal((await owner.client.getTeamMember(team.id, a.user.id)).roles, 'team_user', 'nothing changed');
    });
});

describe('POST /teams/{team_id}/members/ids (getTeamMembersByIds)', () => {
    test('the memberships of the listed users; non-members and unknown ids are left out', async () => {
        const { owner, team, members: [a, b] } = await teamWithMembers(2);
        const outsider = await createUser();
        const got = await a.client.getTeamMembersByIds(team.id, [owner.user.id, b.user.id, outsider.user.id, UNKNOWN_ID]);
        assert.ok(Array.isArray(got));
        assert.deepEqual(got.map((m) => m.user_id).sort(), [owner.user.id, b.user.id].sort());
        for (const m of got) {
            assert.equal(m.team_id, team.id);
            assert.equal(m.delete_at, 0);
            assert.equal(typeof m.scheme_user, 'boolean');
        }
        assert.equal(got.find((m) => m.user_id === owner.user.id).roles, 'team_user team_admin');
        assert.equal(got.find((m) => m.user_id === b.user.id).roles, 'team_user');
    });

    test('a member who left is not listed', async () => {
        const { owner, team, members: [a, b] } = await teamWithMembers(2);
        await b.client.removeFromTeam(team.id, b.user.id);
        const got = await owner.client.getTeamMembersByIds(team.id, [a.user.id, b.user.id]);
        assert.deepEqual(got.map((m) => m.user_id), [a.user.id]);
    });

    test('empty or malformed list → 400 invalid_body_param; outsider of an invite-only team → 403', async () => {
        const { owner, team } = await teamWithMembers(0, inviteOnlyTeamPayload());
        const path = `/api/v4/teams/${team.id}/members/ids`;
        await expectClientError(owner.client.getTeamMembersByIds(team.id, []), 400, BODY_PARAM);
        assertAppError(await api('POST', path, { token: owner.token, body: '{"a":1}' }), 400, BODY_PARAM);
        assertAppError(await api('POST', path, { token: owner.token, body: '["x",' }), 400, BODY_PARAM);
        const outsider = await createUserAndLogin();
        await expectClientError(outsider.client.getTeamMembersByIds(team.id, [owner.user.id]), 403, PERMISSIONS);
    });
});

describe('GET /teams/{team_id}/stats (getTeamStats)', () => {
    test('total and active member counts; a deactivated member counts only in the total', async () => {
        const { owner, team, members: [a, b, c] } = await teamWithMembers(3);
        let stats = await a.client.getTeamStats(team.id);
        assert.deepEqual(stats, { team_id: team.id, total_member_count: 4, active_member_count: 4 });

        const admin = await adminClient();
        await deactivateUser(admin.client, b.user.id);
        stats = await owner.client.getTeamStats(team.id);
        assert.deepEqual(stats, { team_id: team.id, total_member_count: 4, active_member_count: 3 });

        // a member who left counts nowhere
        await c.client.removeFromTeam(team.id, c.user.id);
        stats = await owner.client.getTeamStats(team.id);
        assert.deepEqual(stats, { team_id: team.id, total_member_count: 3, active_member_count: 2 });
    });

    test('view_team: an outsider of an invite-only team → 403; a malformed id → 400', async () => {
        const { owner, team } = await teamWithMembers(0, inviteOnlyTeamPayload());
        const outsider = await createUserAndLogin();
        await expectClientError(outsider.client.getTeamStats(team.id), 403, PERMISSIONS);
        assert.equal((await owner.client.getTeamStats(team.id)).total_member_count, 1);
        const admin = await adminClient();
        assert.equal((await admin.client.getTeamStats(team.id)).active_member_count, 1, 'a system admin reads any team');
        await expectClientError(outsider.client.getTeamStats('not-an-id'), 400, URL_PARAM);
    });
});

describe('GET /users/{user_id}/teams/unread (getMyTeamUnreads)', () => {
    const COUNTS = ['msg_count', 'mention_count', 'mention_count_root', 'msg_count_root',
        'thread_count', 'thread_mention_count', 'thread_urgent_mention_count'];

    test('one entry per team with all counts 0 (Roster keeps no posts); exclude_team leaves one out', async () => {
        const u = await createUserAndLogin();
        const t1 = await teamWithOwner();
        const t2 = await teamWithOwner();
        await t1.owner.client.addToTeam(t1.team.id, u.user.id);
        await t2.owner.client.addToTeam(t2.team.id, u.user.id);

        const unreads = await u.client.getMyTeamUnreads(true);
        assert.ok(Array.isArray(unreads));
        assert.deepEqual(unreads.map((x) => x.team_id).sort(), [t1.team.id, t2.team.id].sort());
        for (const x of unreads) {
            for (const key of COUNTS) {
                assert.equal(x[key], 0, `${key} must be the number 0: ${JSON.stringify(x)}`);
            }
        }
        const raw = await api('GET', `/api/v4/users/me/teams/unread?exclude_team=${t1.team.id}`, { token: u.token });
        assert.equal(raw.status, 200, raw.text);
        assert.deepEqual(raw.json.map((x) => x.team_id), [t2.team.id]);
    });

    test('a user without teams gets []', async () => {
        const u = await createUserAndLogin();
        assert.deepEqual(await u.client.getMyTeamUnreads(), []);
    });

    test('another user\'s unreads: 403 for a non-admin (manage_system), fine for an admin', async () => {
        const { owner, team } = await teamWithOwner();
        const snoop = await createUserAndLogin();
        assertAppError(await api('GET', `/api/v4/users/${owner.user.id}/teams/unread`, { token: snoop.token }), 403, PERMISSIONS);
        const admin = await adminClient();
        const raw = await api('GET', `/api/v4/users/${owner.user.id}/teams/unread`, { token: admin.token });
        assert.equal(raw.status, 200, raw.text);
        assert.deepEqual(raw.json.map((x) => x.team_id), [team.id]);
    });
});
