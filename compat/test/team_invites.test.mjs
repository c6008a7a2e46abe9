// Joining teams by invitation: GET /teams/invite/{invite_id} (getTeamInviteInfo, anonymous),
// POST /teams/members/invite?invite_id= (joinTeam / addToTeamFromInvite) and ?token=
// (addToTeamFromInvite with an emailed invitation), POST /teams/{team_id}/regenerate_invite_id
// (regenerateTeamInviteId) and DELETE /teams/invites/email (invalidateAllEmailInvites).
// Email invitations are on and delivered to the test SMTP server (lib/smtp.js).

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    assertId,
    createUserAndLogin,
    emailLink,
    expectClientError,
    inviteOnlyTeamPayload,
    newClient,
    randomPassword,
    randomSuffix,
    randomUsername,
    setupServer,
    teamPayload,
    teamWithOwner,
} from '../lib/helpers.js';
import { startSmtp } from '../lib/smtp.js';

const smtp = await startSmtp();
after(() => smtp.close());

setupServer({
    MM_SERVICESETTINGS_ENABLEEMAILINVITATIONS: 'true',
    MM_EMAILSETTINGS_SENDEMAILNOTIFICATIONS: 'true',
    MM_EMAILSETTINGS_SMTPSERVER: '127.0.0.1',
    MM_EMAILSETTINGS_SMTPPORT: String(smtp.port),
    MM_EMAILSETTINGS_CONNECTIONSECURITY: '',
});

const PERMISSIONS = 'api.context.permissions.app_error';
const INVITE_NOT_FOUND = 'app.team.get_by_invite_id.finding.app_error';
const SIGNUP_LINK_INVALID = 'api.user.create_user.signup_link_invalid.app_error';
const UNKNOWN_INVITE = 'ybndrfg8ejkmcpqxot1uwisza3';

function inviteInfo(inviteId, token) {
    return api('GET', `/api/v4/teams/invite/${inviteId}`, { token });
}

// The sign-up token of the invitation email sent to `email` (accounts get welcome emails too).
async function invitationToken(email) {
    const msg = await smtp.waitFor((m) => m.to.includes(email) && m.text.includes('/signup_user_complete/'));
    const { params } = emailLink(msg, '/signup_user_complete/');
    const token = params.get('t');
    assert.match(token ?? '', /^[A-Za-z0-9]{32,}$/, `invitation token in ${msg.text.slice(0, 800)}`);
    return token;
}

describe('GET /teams/invite/{invite_id} (getTeamInviteInfo)', () => {
    test('anonymous: an open team\'s invite id shows id, name, display name and description only', async () => {
        const { team } = await teamWithOwner(teamPayload({ description: 'come in' }));
        const res = await inviteInfo(team.invite_id);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.json, { display_name: team.display_name, description: 'come in', name: team.name, id: team.id });
        // the official client works without a session too
        assert.deepEqual(await newClient().getTeamInviteInfo(team.invite_id), res.json);
    });

    test('an invite-only team → 403 api.team.get_invite_info.not_open_team', async () => {
        const { owner, team } = await teamWithOwner(inviteOnlyTeamPayload());
        const full = await owner.client.getTeam(team.id);
        assertId(full.invite_id);
        assertAppError(await inviteInfo(full.invite_id), 403, 'api.team.get_invite_info.not_open_team');
        await expectClientError(owner.client.getTeamInviteInfo(full.invite_id), 403, 'api.team.get_invite_info.not_open_team');
    });

    test('an unknown invite id → 404 app.team.get_by_invite_id.finding.app_error', async () => {
        assertAppError(await inviteInfo(UNKNOWN_INVITE), 404, INVITE_NOT_FOUND);
        await expectClientError(newClient().getTeamInviteInfo(`${randomSuffix(20)}x`), 404, INVITE_NOT_FOUND);
    });
});

describe('POST /teams/members/invite?invite_id= (joinTeam)', () => {
    test('an existing user joins with the team\'s invite id: 201 TeamMember, and the team is theirs', async () => {
        const { owner, team } = await teamWithOwner();
        const u = await createUserAndLogin();
        const raw = await api('POST', `/api/v4/teams/members/invite?invite_id=${team.invite_id}`, { token: u.token });
        assert.equal(raw.status, 201, raw.text);
        assert.equal(raw.json.team_id, team.id);
        assert.equal(raw.json.user_id, u.user.id);
        assert.equal(raw.json.roles, 'team_user');
        assert.equal(raw.json.delete_at, 0);
        assert.deepEqual((await u.client.getMyTeams()).map((t) => t.id), [team.id]);
        assert.ok((await owner.client.getTeamMembers(team.id)).some((m) => m.user_id === u.user.id));
        // joining again answers the existing membership
        const again = await u.client.joinTeam(team.invite_id);
        assert.equal(again.user_id, u.user.id);
        assert.equal(again.delete_at, 0);
    });

    test('the invite id of an invite-only team lets a user in too (addToTeamFromInvite)', async () => {
        const { owner, team } = await teamWithOwner(inviteOnlyTeamPayload());
        const { invite_id: inviteId } = await owner.client.getTeam(team.id);
        const u = await createUserAndLogin();
        await expectClientError(u.client.addToTeam(team.id, u.user.id), 403, PERMISSIONS);
        const m = await u.client.addToTeamFromInvite('', inviteId);
        assert.deepEqual({ team_id: m.team_id, user_id: m.user_id, roles: m.roles }, { team_id: team.id, user_id: u.user.id, roles: 'team_user' });
        assert.equal((await u.client.getTeam(team.id)).id, team.id, 'now a member, the user reads the team');
    });

    test('unknown invite id → 404; neither token nor invite id → 400; no session → 401', async () => {
        const u = await createUserAndLogin();
        await expectClientError(u.client.joinTeam(UNKNOWN_INVITE), 404, INVITE_NOT_FOUND);
        await expectClientError(u.client.addToTeamFromInvite('', ''), 400, 'api.team.add_user_to_team.missing_parameter.app_error');
        const { team } = await teamWithOwner();
        await expectClientError(newClient().joinTeam(team.invite_id), 401, 'api.context.session_expired.app_error');
        assert.deepEqual(await u.client.getMyTeams(), []);
    });

    test('an archived team\'s invite id neither shows the team nor lets anyone join (Roster, documented)', async () => {
        const { owner, team } = await teamWithOwner();
        await owner.client.deleteTeam(team.id);
        assertAppError(await inviteInfo(team.invite_id), 404, INVITE_NOT_FOUND);
        const u = await createUserAndLogin();
        await expectClientError(u.client.joinTeam(team.invite_id), 404, INVITE_NOT_FOUND);
        assert.deepEqual(await u.client.getTeamsForUser(u.user.id), []);
    });
});

describe('POST /teams/{team_id}/regenerate_invite_id (regenerateTeamInviteId)', () => {
    test('the team admin gets a new invite id; the old one stops working, the new one works', async () => {
        const { owner, team } = await teamWithOwner();
        const updated = await owner.client.regenerateTeamInviteId(team.id);
        assert.equal(updated.id, team.id);
        assertId(updated.invite_id);
        assert.notEqual(updated.invite_id, team.invite_id);
        assert.equal((await owner.client.getTeam(team.id)).invite_id, updated.invite_id);

        assertAppError(await inviteInfo(team.invite_id), 404, INVITE_NOT_FOUND);
        const u = await createUserAndLogin();
        await expectClientError(u.client.joinTeam(team.invite_id), 404, INVITE_NOT_FOUND);
        assert.equal((await newClient().getTeamInviteInfo(updated.invite_id)).id, team.id);
        assert.equal((await u.client.joinTeam(updated.invite_id)).team_id, team.id);
    });

    test('a plain member → 403 (manage_team); a system admin may; no session → 401', async () => {
        const { owner, team } = await teamWithOwner();
        const member = await createUserAndLogin();
        await owner.client.addToTeam(team.id, member.user.id);
        await expectClientError(member.client.regenerateTeamInviteId(team.id), 403, PERMISSIONS);
        assert.equal((await owner.client.getTeam(team.id)).invite_id, team.invite_id, 'unchanged');
        const admin = await adminClient();
        const byAdmin = await admin.client.regenerateTeamInviteId(team.id);
        assert.notEqual(byAdmin.invite_id, team.invite_id);
        await expectClientError(newClient().regenerateTeamInviteId(team.id), 401, 'api.context.session_expired.app_error');
    });
});

describe('DELETE /teams/invites/email (invalidateAllEmailInvites)', () => {
    test('only a system admin may: a team admin → 403, and the invitations keep working', async () => {
        const { owner, team } = await teamWithOwner();
        const email = `inv${randomSuffix(10)}@example.com`;
        await owner.client.sendEmailInvitesToTeam(team.id, [email]);
        const token = await invitationToken(email);
        await expectClientError(owner.client.invalidateAllEmailInvites(), 403, PERMISSIONS);
        const body = { email, username: randomUsername('inv'), password: randomPassword() };
        const created = await newClient().createUser(body, token);
        assert.equal(created.email, email);
    });

    test('after invalidation pending invitation links no longer work (sign-up 404, joining 400); new ones do', async () => {
        const { owner, team } = await teamWithOwner();
        const newcomer = `inv${randomSuffix(10)}@example.com`;
        const existing = await createUserAndLogin();
        await owner.client.sendEmailInvitesToTeam(team.id, [newcomer, existing.email]);
        const signupToken = await invitationToken(newcomer);
        const joinToken = await invitationToken(existing.email);

        const admin = await adminClient();
        assert.deepEqual(await admin.client.invalidateAllEmailInvites(), { status: 'OK' });

        await expectClientError(newClient().createUser({ email: newcomer, username: randomUsername('inv'), password: randomPassword() }, signupToken),
            404, SIGNUP_LINK_INVALID);
        await expectClientError(existing.client.addToTeamFromInvite(joinToken), 400, SIGNUP_LINK_INVALID);
        assert.deepEqual(await existing.client.getMyTeams(), []);

        // a fresh invitation works
        const again = `inv${randomSuffix(10)}@example.com`;
        await owner.client.sendEmailInvitesToTeam(team.id, [again]);
        const fresh = await invitationToken(again);
        const u = await newClient().createUser({ email: again, username: randomUsername('inv'), password: randomPassword() }, fresh);
        assert.equal(u.email, again);
    });

    test('an existing user joins with an emailed invitation token (addToTeamFromInvite): 201, once', async () => {
        const { owner, team } = await teamWithOwner();
        const u = await createUserAndLogin();
        await owner.client.sendEmailInvitesToTeam(team.id, [u.email]);
        const token = await invitationToken(u.email);
        const raw = await api('POST', `/api/v4/teams/members/invite?token=${token}`, { token: u.token });
        assert.equal(raw.status, 201, raw.text);
        assert.deepEqual({ team_id: raw.json.team_id, user_id: raw.json.user_id }, { team_id: team.id, user_id: u.user.id });
        const other = await createUserAndLogin();
        await expectClientError(other.client.addToTeamFromInvite(token), 400, SIGNUP_LINK_INVALID);
    });
});
