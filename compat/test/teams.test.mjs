// Teams: POST /teams, GET /teams, GET /teams/{team_id}, GET /teams/name/{name},
// GET/POST /teams/{team_id}/members, POST /teams/{team_id}/members/batch,
// GET/DELETE /teams/{team_id}/members/{user_id}, GET /users/{user_id}/teams,
// GET /users/{user_id}/teams/members.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    assertId,
    assertMillis,
    createUser,
    createUserAndLogin,
    expectClientError,
    expectClientStatus,
    inviteOnlyTeamPayload,
    randomSuffix,
    setupServer,
    teamPayload,
} from '../lib/helpers.js';

setupServer();

const PERMISSIONS = 'api.context.permissions.app_error';
const BODY_PARAM = 'api.context.invalid_body_param.app_error';
const URL_PARAM = 'api.context.invalid_url_param.app_error';
const TEAM_NOT_FOUND = 'app.team.get.find.app_error';
const UNKNOWN_ID = 'ybndrfg8ejkmcpqxot1uwisza3';

const TEAM_KEYS = ['id', 'create_at', 'update_at', 'delete_at', 'display_name', 'name', 'description', 'email', 'type',
    'company_name', 'allowed_domains', 'invite_id', 'allow_open_invite', 'scheme_id', 'group_constrained', 'policy_id'];
const MEMBER_KEYS = ['team_id', 'user_id', 'roles', 'delete_at', 'scheme_guest', 'scheme_user', 'scheme_admin', 'explicit_roles'];

function assertTeamShape(t) {
    for (const key of TEAM_KEYS) {
        assert.ok(key in t, `team.${key} must be present: ${JSON.stringify(t)}`);
    }
    assertId(t.id, 'team.id');
    assertMillis(t.create_at, 'team.create_at');
    assertMillis(t.update_at, 'team.update_at');
    assert.equal(t.delete_at, 0);
    assert.ok(['O', 'I'].includes(t.type), `team.type ${t.type}`);
    assert.equal(typeof t.allow_open_invite, 'boolean');
    for (const key of ['display_name', 'name', 'description', 'email', 'company_name', 'allowed_domains', 'invite_id']) {
        assert.equal(typeof t[key], 'string', `team.${key} must be a string`);
    }
}

function assertMemberShape(m, teamId, userId) {
    for (const key of MEMBER_KEYS) {
        assert.ok(key in m, `team member.${key} must be present: ${JSON.stringify(m)}`);
    }
    assert.equal(m.team_id, teamId);
    assert.equal(m.user_id, userId);
    assert.equal(m.delete_at, 0);
    assert.equal(typeof m.scheme_user, 'boolean');
    assert.equal(typeof m.scheme_admin, 'boolean');
    assert.equal(typeof m.scheme_guest, 'boolean');
}

// A user who created (and so administers) a team, plus the team.
async function teamOwner(payload = teamPayload()) {
    const owner = await createUserAndLogin();
    const team = await owner.client.createTeam(payload);
    return { owner, team };
}

describe('POST /teams (createTeam)', () => {
    test('a plain user creates a team: 201, full team object with the creator\'s email', async () => {
        const owner = await createUserAndLogin();
        const body = teamPayload({ description: 'about us', email: 'ignored@example.com', company_name: 'ACME' });
        const raw = await api('POST', '/api/v4/teams', { token: owner.token, body });
        assert.equal(raw.status, 201, raw.text);
        const t = raw.json;
        assertTeamShape(t);
        assert.equal(t.name, body.name);
        assert.equal(t.display_name, body.display_name);
        assert.equal(t.description, 'about us');
        assert.equal(t.company_name, 'ACME');
        assert.equal(t.type, 'O');
        assert.equal(t.allow_open_invite, true);
        assert.equal(t.email, owner.email, 'the server sets email to the creator\'s email');
        assertId(t.invite_id, 'team.invite_id');
    });

    test('the creator becomes team admin ("team_user team_admin")', async () => {
        const { owner, team } = await teamOwner();
        const m = await owner.client.getTeamMember(team.id, owner.user.id);
        assertMemberShape(m, team.id, owner.user.id);
        assert.equal(m.roles, 'team_user team_admin');
        assert.equal(m.scheme_admin, true);
        assert.equal(m.scheme_user, true);
    });

    // (type is not checked here: current servers derive it from allow_open_invite on save)
    test('validation errors: model.team.is_valid.*', async () => {
        const owner = await createUserAndLogin();
        const cases = [
            [{ name: 'Has-Upper' }, 'model.team.is_valid.characters.app_error'],
            [{ name: 'a' }, 'model.team.is_valid.characters.app_error'],
            [{ name: 'bad_name!' }, 'model.team.is_valid.characters.app_error'],
            [{ name: `helpdesk${randomSuffix(4)}` }, 'model.team.is_valid.reserved.app_error'],
            [{ name: `api${randomSuffix(4)}` }, 'model.team.is_valid.reserved.app_error'],
            [{ display_name: '' }, 'model.team.is_valid.name.app_error'],
            [{ display_name: 'x'.repeat(65) }, 'model.team.is_valid.name.app_error'],
            [{ description: 'd'.repeat(256) }, 'model.team.is_valid.description.app_error'],
            [{ name: `t${'x'.repeat(64)}` }, 'model.team.is_valid.url.app_error'],
        ];
        for (const [override, id] of cases) {
            await expectClientError(owner.client.createTeam(teamPayload(override)), 400, id);
        }
    });

    test('a duplicate name → 400 app.team.save.existing.app_error', async () => {
        const { owner, team } = await teamOwner();
        await expectClientError(owner.client.createTeam(teamPayload({ name: team.name })), 400, 'app.team.save.existing.app_error');
        const other = await createUserAndLogin();
        await expectClientError(other.client.createTeam(teamPayload({ name: team.name })), 400, 'app.team.save.existing.app_error');
    });

    test('malformed JSON → 400 invalid_body_param; no session → 401', async () => {
        const owner = await createUserAndLogin();
        assertAppError(await api('POST', '/api/v4/teams', { token: owner.token, body: '{"name":' }), 400, BODY_PARAM);
        assertAppError(await api('POST', '/api/v4/teams', { body: teamPayload() }), 401, 'api.context.session_expired.app_error');
    });
});

describe('GET /teams/{team_id} and /teams/name/{name}', () => {
    test('a member reads the team; getTeamByName finds the same team', async () => {
        const { owner, team } = await teamOwner();
        const byId = await owner.client.getTeam(team.id);
        assertTeamShape(byId);
        assert.equal(byId.id, team.id);
        const byName = await owner.client.getTeamByName(team.name);
        assert.equal(byName.id, team.id);
    });

    test('an open team is readable by any user; an invite-only team only by members (403)', async () => {
        const open = await teamOwner();
        const closed = await teamOwner(inviteOnlyTeamPayload());
        const stranger = await createUserAndLogin();
        assert.equal((await stranger.client.getTeam(open.team.id)).id, open.team.id);
        assert.equal((await stranger.client.getTeamByName(open.team.name)).id, open.team.id);
        await expectClientError(stranger.client.getTeam(closed.team.id), 403, PERMISSIONS);
        await expectClientError(stranger.client.getTeamByName(closed.team.name), 403, PERMISSIONS);
        const admin = await adminClient();
        assert.equal((await admin.client.getTeam(closed.team.id)).id, closed.team.id);
    });

    test('sanitising: team admin sees email and invite_id; a member sees invite_id only; a stranger neither', async () => {
        const { owner, team } = await teamOwner();
        const member = await createUserAndLogin();
        await owner.client.addToTeam(team.id, member.user.id);
        const stranger = await createUserAndLogin();
        const full = await owner.client.getTeam(team.id);
        assert.equal(full.email, owner.email);
        assertId(full.invite_id);
        const asMember = await member.client.getTeam(team.id);
        assert.equal(asMember.email, '');
        assert.equal(asMember.invite_id, full.invite_id);
        const asStranger = await stranger.client.getTeam(team.id);
        assert.equal(asStranger.email, '');
        assert.equal(asStranger.invite_id, '');
        const admin = await adminClient();
        const asAdmin = await admin.client.getTeam(team.id);
        assert.equal(asAdmin.email, owner.email);
        assert.equal(asAdmin.invite_id, full.invite_id);
    });

    test('unknown id → 404 app.team.get.find.app_error; malformed id → 400; unknown name → 404', async () => {
        const u = await createUserAndLogin();
        await expectClientError(u.client.getTeam(UNKNOWN_ID), 404, TEAM_NOT_FOUND);
        assertAppError(await api('GET', '/api/v4/teams/not-an-id', { token: u.token }), 400, URL_PARAM);
        await expectClientStatus(u.client.getTeamByName(`tnosuch${randomSuffix(6)}`), 404);
    });
});

describe('GET /teams (getTeams)', () => {
    test('a plain user sees open teams only, not even the invite-only teams they belong to', async () => {
        const open = await teamOwner();
        const closed = await teamOwner(inviteOnlyTeamPayload());
        const list = await closed.owner.client.getTeams(0, 200);
        const ids = list.map((t) => t.id);
        assert.ok(ids.includes(open.team.id), 'open team listed');
        assert.ok(!ids.includes(closed.team.id), 'invite-only team not listed, even for its admin');
        list.forEach(assertTeamShape);
    });

    test('an admin sees all teams; include_total_count wraps the list', async () => {
        const admin = await adminClient();
        const open = await teamOwner();
        const closed = await teamOwner(inviteOnlyTeamPayload());
        const list = await admin.client.getTeams(0, 200);
        const ids = list.map((t) => t.id);
        assert.ok(ids.includes(open.team.id) && ids.includes(closed.team.id));
        const counted = await admin.client.getTeams(0, 1, true);
        assert.deepEqual(Object.keys(counted).sort(), ['teams', 'total_count']);
        assert.equal(counted.teams.length, 1);
        assert.ok(counted.total_count >= 2);
        assert.equal(counted.total_count, list.length);
    });
});

describe('team members', () => {
    test('a team member adds another user: 201 TeamMember with team_user', async () => {
        const { owner, team } = await teamOwner();
        const member = await createUserAndLogin();
        await owner.client.addToTeam(team.id, member.user.id);
        const newcomer = await createUser();
        const raw = await api('POST', `/api/v4/teams/${team.id}/members`, {
            token: member.token, body: { team_id: team.id, user_id: newcomer.user.id },
        });
        assert.equal(raw.status, 201, raw.text);
        assertMemberShape(raw.json, team.id, newcomer.user.id);
        assert.equal(raw.json.roles, 'team_user');
        assert.equal(raw.json.scheme_admin, false);
    });

    test('self-join: open team yes; invite-only team → 403', async () => {
        const open = await teamOwner();
        const closed = await teamOwner(inviteOnlyTeamPayload());
        const u = await createUserAndLogin();
        const m = await u.client.addToTeam(open.team.id, u.user.id);
        assertMemberShape(m, open.team.id, u.user.id);
        await expectClientError(u.client.addToTeam(closed.team.id, u.user.id), 403, PERMISSIONS);
    });

    test('a non-member cannot add people to a team: 403', async () => {
        const { team } = await teamOwner();
        const outsider = await createUserAndLogin();
        const target = await createUser();
        await expectClientError(outsider.client.addToTeam(team.id, target.user.id), 403, PERMISSIONS);
    });

    test('adding an existing member returns the membership unchanged', async () => {
        const { owner, team } = await teamOwner();
        const u = await createUser();
        const first = await owner.client.addToTeam(team.id, u.user.id);
        const again = await owner.client.addToTeam(team.id, u.user.id);
        assert.deepEqual(again, first);
        const mine = await owner.client.addToTeam(team.id, owner.user.id);
        assert.equal(mine.roles, 'team_user team_admin', 'adding the admin again keeps their admin role');
    });

    test('body errors: team_id mismatch → 400 team_id; bad user_id → 400 user_id; unknown team → 404; unknown user → 404', async () => {
        const { owner, team } = await teamOwner();
        const u = await createUser();
        let raw = await api('POST', `/api/v4/teams/${team.id}/members`, { token: owner.token, body: { team_id: UNKNOWN_ID, user_id: u.user.id } });
        assertAppError(raw, 400, BODY_PARAM);
        assert.match(raw.json.message, /team_id/);
        raw = await api('POST', `/api/v4/teams/${team.id}/members`, { token: owner.token, body: { team_id: team.id, user_id: 'nope' } });
        assertAppError(raw, 400, BODY_PARAM);
        assert.match(raw.json.message, /user_id/);
        raw = await api('POST', `/api/v4/teams/${team.id}/members`, { token: owner.token, body: '{"team_id":' });
        assertAppError(raw, 400, 'api.team.add_team_member.invalid_body.app_error');
        const admin = await adminClient();
        await expectClientError(admin.client.addToTeam(UNKNOWN_ID, u.user.id), 404, TEAM_NOT_FOUND);
        await expectClientStatus(owner.client.addToTeam(team.id, UNKNOWN_ID), 404);
    });

    test('getTeamMembers: members with their roles; non-members → 403', async () => {
        const { owner, team } = await teamOwner();
        const a = await createUser();
        await owner.client.addToTeam(team.id, a.user.id);
        const members = await owner.client.getTeamMembers(team.id, 0, 100);
        assert.deepEqual(members.map((m) => m.user_id).sort(), [owner.user.id, a.user.id].sort());
        for (const m of members) {
            assertMemberShape(m, team.id, m.user_id);
            assert.equal(m.roles, m.user_id === owner.user.id ? 'team_user team_admin' : 'team_user');
        }
        const paged = await owner.client.getTeamMembers(team.id, 1, 1);
        assert.equal(paged.length, 1);
        const outsider = await createUserAndLogin();
        await expectClientError(outsider.client.getTeamMembers(team.id), 403, PERMISSIONS);
        const admin = await adminClient();
        assert.equal((await admin.client.getTeamMembers(team.id)).length, 2);
    });

    test('getTeamMember: missing membership → 404 app.team.get_member.missing.app_error', async () => {
        const { owner, team } = await teamOwner();
        const u = await createUser();
        await expectClientError(owner.client.getTeamMember(team.id, u.user.id), 404, 'app.team.get_member.missing.app_error');
    });

    test('batch add (addUsersToTeam): 201 array of TeamMember', async () => {
        const { owner, team } = await teamOwner();
        const a = await createUser();
        const b = await createUser();
        const res = await owner.client.addUsersToTeam(team.id, [a.user.id, b.user.id]);
        assert.equal(res.length, 2);
        assert.deepEqual(res.map((m) => m.user_id).sort(), [a.user.id, b.user.id].sort());
        res.forEach((m) => assertMemberShape(m, team.id, m.user_id));
    });

    test('graceful batch add (addUsersToTeamGracefully): per-user results in input order', async () => {
        const { owner, team } = await teamOwner();
        const a = await createUser();
        const already = await createUser();
        await owner.client.addToTeam(team.id, already.user.id);
        const res = await owner.client.addUsersToTeamGracefully(team.id, [a.user.id, UNKNOWN_ID, already.user.id]);
        assert.equal(res.length, 3);
        assert.deepEqual(res.map((r) => r.user_id), [a.user.id, UNKNOWN_ID, already.user.id]);
        assertMemberShape(res[0].member, team.id, a.user.id);
        assert.equal(res[0].error, null);
        assert.equal(res[1].member, null);
        assert.ok(res[1].error && typeof res[1].error.id === 'string' && res[1].error.id.length > 0,
            `unknown user must carry an AppError: ${JSON.stringify(res[1])}`);
        assertMemberShape(res[2].member, team.id, already.user.id);
        assert.equal(res[2].error, null);
        const raw = await api('POST', `/api/v4/teams/${team.id}/members/batch?graceful=true`, {
            token: owner.token, body: [{ team_id: team.id, user_id: (await createUser()).user.id }],
        });
        assert.equal(raw.status, 201, raw.text);
    });

    test('batch errors: empty → 400, over 256 → 400, foreign team_id → 400, non-member → 403', async () => {
        const { owner, team } = await teamOwner();
        const u = await createUser();
        const path = `/api/v4/teams/${team.id}/members/batch`;
        assertAppError(await api('POST', path, { token: owner.token, body: [] }), 400, BODY_PARAM);
        const many = Array.from({ length: 257 }, () => ({ team_id: team.id, user_id: u.user.id }));
        assertAppError(await api('POST', path, { token: owner.token, body: many }), 400, BODY_PARAM);
        assertAppError(await api('POST', path, { token: owner.token, body: [{ team_id: UNKNOWN_ID, user_id: u.user.id }] }), 400, BODY_PARAM);
        assertAppError(await api('POST', path, { token: owner.token, body: '{"x":1}' }), 400, BODY_PARAM);
        const outsider = await createUserAndLogin();
        await expectClientError(outsider.client.addUsersToTeam(team.id, [u.user.id]), 403, PERMISSIONS);
        await expectClientError(owner.client.getTeamMember(team.id, u.user.id), 404, 'app.team.get_member.missing.app_error');
    });

    test('removeFromTeam: a member leaves by themself; a plain member cannot remove others (403); the team admin can', async () => {
        const { owner, team } = await teamOwner();
        const a = await createUserAndLogin();
        const b = await createUserAndLogin();
        await owner.client.addUsersToTeam(team.id, [a.user.id, b.user.id]);
        await expectClientError(a.client.removeFromTeam(team.id, b.user.id), 403, PERMISSIONS);
        assert.deepEqual(await a.client.removeFromTeam(team.id, a.user.id), { status: 'OK' });
        assert.deepEqual(await owner.client.removeFromTeam(team.id, b.user.id), { status: 'OK' });
        const left = (await owner.client.getTeamMembers(team.id)).map((m) => m.user_id);
        assert.deepEqual(left, [owner.user.id]);
        // after leaving, the team is closed to a: no member listing
        await expectClientError(a.client.getTeamMembers(team.id), 403, PERMISSIONS);
        assert.deepEqual((await a.client.getMyTeams()).map((t) => t.id), []);
        // and a can come back to an open team
        const back = await a.client.addToTeam(team.id, a.user.id);
        assert.equal(back.delete_at, 0);
        assert.equal(back.roles, 'team_user');
    });
});

describe('GET /users/{user_id}/teams (getTeamsForUser, getMyTeams)', () => {
    test('the teams with an active membership, invite-only ones included', async () => {
        const open = await teamOwner();
        const closed = await teamOwner(inviteOnlyTeamPayload());
        const u = await createUserAndLogin();
        await open.owner.client.addToTeam(open.team.id, u.user.id);
        await closed.owner.client.addToTeam(closed.team.id, u.user.id);
        const mine = await u.client.getMyTeams();
        assert.deepEqual(mine.map((t) => t.id).sort(), [open.team.id, closed.team.id].sort());
        mine.forEach(assertTeamShape);
        const same = await u.client.getTeamsForUser(u.user.id);
        assert.deepEqual(same.map((t) => t.id).sort(), mine.map((t) => t.id).sort());
        // a plain member sees invite_id, not email
        for (const t of mine) {
            assert.equal(t.email, '');
            assertId(t.invite_id);
        }
        const members = await u.client.getTeamMembersForUser(u.user.id);
        assert.deepEqual(members.map((m) => m.team_id).sort(), [open.team.id, closed.team.id].sort());
    });

    test('another user\'s teams: 403 for a non-admin, fine for an admin', async () => {
        const { owner, team } = await teamOwner();
        const snoop = await createUserAndLogin();
        await expectClientError(snoop.client.getTeamsForUser(owner.user.id), 403, PERMISSIONS);
        const admin = await adminClient();
        const theirs = await admin.client.getTeamsForUser(owner.user.id);
        assert.deepEqual(theirs.map((t) => t.id), [team.id]);
        assert.equal(theirs[0].email, owner.email, 'an admin sees the whole team');
    });

    test('a user without teams gets []', async () => {
        const u = await createUserAndLogin();
        assert.deepEqual(await u.client.getMyTeams(), []);
    });
});

describe('POST /teams/{team_id}/invite/email with invitations off (the default)', () => {
    test('sendEmailInvitesToTeam → 501 api.team.invite_members.disabled.app_error (graceful too)', async () => {
        const { owner, team } = await teamOwner();
        await expectClientError(owner.client.sendEmailInvitesToTeam(team.id, [`x${randomSuffix(6)}@example.com`]), 501,
            'api.team.invite_members.disabled.app_error');
        await expectClientError(owner.client.sendEmailInvitesToTeamGracefully(team.id, [`x${randomSuffix(6)}@example.com`]), 501,
            'api.team.invite_members.disabled.app_error');
    });

    test('the permission and the body are checked first: 403 for outsiders, 400 for an empty list', async () => {
        const { owner, team } = await teamOwner();
        const outsider = await createUserAndLogin();
        await expectClientError(outsider.client.sendEmailInvitesToTeam(team.id, ['a@example.com']), 403, PERMISSIONS);
        await expectClientError(owner.client.sendEmailInvitesToTeam(team.id, []), 400, BODY_PARAM);
    });
});
