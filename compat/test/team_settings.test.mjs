// Team settings and lifecycle: GET /teams/name/{name}/exists (checkIfTeamExists),
// POST /teams/search (searchTeams), PUT /teams/{team_id} (updateTeam),
// PUT /teams/{team_id}/patch (patchTeam), PUT /teams/{team_id}/privacy (raw: the client has no
// method), DELETE /teams/{team_id} (deleteTeam: archive) and POST /teams/{team_id}/restore
// (unarchiveTeam).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    assertId,
    assertTeamObject,
    createUserAndLogin,
    expectClientError,
    inviteOnlyTeamPayload,
    newClient,
    randomSuffix,
    setupServer,
    teamPayload,
    teamWithOwner,
} from '../lib/helpers.js';

setupServer();

const PERMISSIONS = 'api.context.permissions.app_error';
const BODY_PARAM = 'api.context.invalid_body_param.app_error';
const URL_PARAM = 'api.context.invalid_url_param.app_error';
const TEAM_NOT_FOUND = 'app.team.get.find.app_error';
const UNKNOWN_ID = 'ybndrfg8ejkmcpqxot1uwisza3';

function privacy(token, teamId, body) {
    return api('PUT', `/api/v4/teams/${teamId}/privacy`, { token, body });
}

describe('GET /teams/name/{name}/exists (checkIfTeamExists)', () => {
    test('open team: true for anyone; invite-only: true for members and admins, false for others; unknown: false', async () => {
        const open = await teamWithOwner();
        const closed = await teamWithOwner(inviteOnlyTeamPayload());
        const stranger = await createUserAndLogin();
        const admin = await adminClient();

        assert.deepEqual(await stranger.client.checkIfTeamExists(open.team.name), { exists: true });
        assert.deepEqual(await stranger.client.checkIfTeamExists(closed.team.name), { exists: false },
            'an invite-only team is not revealed to a non-member without list_private_teams');
        assert.deepEqual(await closed.owner.client.checkIfTeamExists(closed.team.name), { exists: true });
        assert.deepEqual(await admin.client.checkIfTeamExists(closed.team.name), { exists: true });
        assert.deepEqual(await stranger.client.checkIfTeamExists(`t${randomSuffix(14)}`), { exists: false });
    });

    test('a member who left an invite-only team no longer sees it', async () => {
        const { owner, team } = await teamWithOwner(inviteOnlyTeamPayload());
        const u = await createUserAndLogin();
        await owner.client.addToTeam(team.id, u.user.id);
        assert.deepEqual(await u.client.checkIfTeamExists(team.name), { exists: true });
        await u.client.removeFromTeam(team.id, u.user.id);
        assert.deepEqual(await u.client.checkIfTeamExists(team.name), { exists: false });
    });

    test('no session → 401', async () => {
        const { team } = await teamWithOwner();
        assertAppError(await api('GET', `/api/v4/teams/name/${team.name}/exists`), 401, 'api.context.session_expired.app_error');
    });
});

describe('POST /teams/search (searchTeams)', () => {
    test('a plain user finds open teams only — not invite-only ones, even their own', async () => {
        const tag = `s${randomSuffix(8)}`;
        const open = await teamWithOwner(teamPayload({ name: `${tag}open`, display_name: `Open ${tag}` }));
        const closed = await teamWithOwner(inviteOnlyTeamPayload({ name: `${tag}closed`, display_name: `Closed ${tag}` }));
        const found = await closed.owner.client.searchTeams(tag);
        assert.ok(Array.isArray(found), `unpaged search answers an array: ${JSON.stringify(found)}`);
        assert.deepEqual(found.map((t) => t.id), [open.team.id]);
        assertTeamObject(found[0]);
        assert.equal(found[0].email, '', 'a non-member sees no team email');
        assert.equal(found[0].invite_id, '', 'a non-member sees no invite id');
        // by name prefix and by display name, without regard to case
        assert.deepEqual((await open.owner.client.searchTeams(`${tag}OP`)).map((t) => t.id), [open.team.id]);
        assert.deepEqual((await open.owner.client.searchTeams(`open ${tag.toUpperCase()}`)).map((t) => t.id), [open.team.id]);
        assert.deepEqual(await open.owner.client.searchTeams(`zz${randomSuffix(10)}`), []);
    });

    test('a plain user asking for pages → 501 (Mattermost has no paged public search)', async () => {
        const u = await createUserAndLogin();
        await expectClientError(u.client.searchTeams('t', { page: 0, per_page: 10 }), 501,
            'api.team.search_teams.pagination_not_implemented.public_team_search');
    });

    test('an admin finds invite-only teams too; the paged form answers {teams, total_count}', async () => {
        const tag = `p${randomSuffix(8)}`;
        const created = [];
        for (const [i, payload] of [teamPayload, inviteOnlyTeamPayload, teamPayload].entries()) {
            created.push((await teamWithOwner(payload({ name: `${tag}n${i}`, display_name: `${tag} ${i}` }))).team);
        }
        const admin = await adminClient();
        const all = await admin.client.searchTeams(tag);
        assert.deepEqual(all.map((t) => t.id).sort(), created.map((t) => t.id).sort());
        for (const t of all) {
            assertTeamObject(t);
            assertId(t.invite_id, 'an admin sees the invite id');
        }

        const page0 = await admin.client.searchTeams(tag, { page: 0, per_page: 2 });
        assert.deepEqual(Object.keys(page0).sort(), ['teams', 'total_count']);
        assert.equal(page0.total_count, 3);
        assert.equal(page0.teams.length, 2);
        const page1 = await admin.client.searchTeams(tag, { page: 1, per_page: 2 });
        assert.equal(page1.total_count, 3);
        assert.equal(page1.teams.length, 1);
        assert.deepEqual([...page0.teams, ...page1.teams].map((t) => t.id).sort(), created.map((t) => t.id).sort(),
            'the pages together hold every match once');
    });

    test('malformed body → 400 invalid_body_param; no session → 401', async () => {
        const u = await createUserAndLogin();
        assertAppError(await api('POST', '/api/v4/teams/search', { token: u.token, body: '{"term":' }), 400, BODY_PARAM);
        assertAppError(await api('POST', '/api/v4/teams/search', { body: { term: 'x' } }), 401, 'api.context.session_expired.app_error');
    });
});

describe('PUT /teams/{team_id} (updateTeam)', () => {
    test('the team admin updates the settings; the URL name stays', async () => {
        const { owner, team } = await teamWithOwner(teamPayload({ description: 'before' }));
        const updated = await owner.client.updateTeam({
            ...team,
            display_name: 'After Update',
            description: 'after',
            company_name: 'ACME',
            name: `t${randomSuffix(12)}`,
        });
        assertTeamObject(updated);
        assert.equal(updated.id, team.id);
        assert.equal(updated.display_name, 'After Update');
        assert.equal(updated.description, 'after');
        assert.equal(updated.company_name, 'ACME');
        assert.equal(updated.name, team.name, 'the URL name is not changed by an update');
        assert.ok(updated.update_at >= team.update_at);
        const again = await owner.client.getTeam(team.id);
        assert.deepEqual({ display_name: again.display_name, description: again.description, company_name: again.company_name, name: again.name },
            { display_name: 'After Update', description: 'after', company_name: 'ACME', name: team.name });
    });

    test('a plain member → 403; the id in the body must be the team\'s → 400; validation → 400', async () => {
        const { owner, team } = await teamWithOwner();
        const member = await createUserAndLogin();
        await owner.client.addToTeam(team.id, member.user.id);
        await expectClientError(member.client.updateTeam({ ...team, display_name: 'Hijacked' }), 403, PERMISSIONS);
        assertAppError(await api('PUT', `/api/v4/teams/${team.id}`, { token: owner.token, body: { ...team, id: UNKNOWN_ID } }),
            400, BODY_PARAM);
        assertAppError(await api('PUT', `/api/v4/teams/${team.id}`, { token: owner.token, body: '{"id":' }), 400, BODY_PARAM);
        await expectClientError(owner.client.updateTeam({ ...team, display_name: '' }), 400, 'model.team.is_valid.name.app_error');
        await expectClientError(owner.client.updateTeam({ ...team, description: 'd'.repeat(256) }), 400,
            'model.team.is_valid.description.app_error');
        assert.equal((await owner.client.getTeam(team.id)).display_name, team.display_name, 'nothing was written');
    });

    test('an admin may update any team; an unknown team → 404 (admin) / 403 (others)', async () => {
        const { team } = await teamWithOwner();
        const admin = await adminClient();
        const updated = await admin.client.updateTeam({ ...team, display_name: 'By Admin' });
        assert.equal(updated.display_name, 'By Admin');
        await expectClientError(admin.client.updateTeam({ ...team, id: UNKNOWN_ID }), 404, TEAM_NOT_FOUND);
        const u = await createUserAndLogin();
        await expectClientError(u.client.updateTeam({ ...team, id: UNKNOWN_ID }), 403, PERMISSIONS);
    });
});

describe('PUT /teams/{team_id}/patch (patchTeam)', () => {
    test('only the fields sent change', async () => {
        const { owner, team } = await teamWithOwner(teamPayload({ description: 'keep me', company_name: 'Keep Co' }));
        const patched = await owner.client.patchTeam({ id: team.id, display_name: 'Patched Name' });
        assertTeamObject(patched);
        assert.equal(patched.display_name, 'Patched Name');
        assert.equal(patched.description, 'keep me');
        assert.equal(patched.company_name, 'Keep Co');
        assert.equal(patched.name, team.name);
        assert.equal(patched.allow_open_invite, true);
        assert.equal(patched.invite_id, team.invite_id, 'the invite id stays while the team stays open');
    });

    test('allow_open_invite=false makes the team invite-only with a new invite id; true opens it again', async () => {
        const { owner, team } = await teamWithOwner();
        const stranger = await createUserAndLogin();
        const closed = await owner.client.patchTeam({ id: team.id, allow_open_invite: false });
        assert.equal(closed.allow_open_invite, false);
        assert.equal(closed.type, 'I');
        assertId(closed.invite_id);
        assert.notEqual(closed.invite_id, team.invite_id, 'a team made invite-only gets a new invite id');
        await expectClientError(stranger.client.getTeam(team.id), 403, PERMISSIONS);
        assert.ok(!(await stranger.client.getTeams(0, 200)).some((t) => t.id === team.id), 'no longer listed for non-members');

        const opened = await owner.client.patchTeam({ id: team.id, allow_open_invite: true });
        assert.equal(opened.allow_open_invite, true);
        assert.equal(opened.type, 'O', 'Roster (documented): allow_open_invite=true opens an invite-only team');
        assert.equal((await stranger.client.getTeam(team.id)).id, team.id);
        const joined = await stranger.client.addToTeam(team.id, stranger.user.id);
        assert.equal(joined.user_id, stranger.user.id, 'anyone may join the team again');
    });

    test('a plain member → 403; validation → 400; malformed → 400; unknown team (admin) → 404', async () => {
        const { owner, team } = await teamWithOwner();
        const member = await createUserAndLogin();
        await owner.client.addToTeam(team.id, member.user.id);
        await expectClientError(member.client.patchTeam({ id: team.id, display_name: 'No' }), 403, PERMISSIONS);
        await expectClientError(owner.client.patchTeam({ id: team.id, display_name: 'x'.repeat(65) }), 400, 'model.team.is_valid.name.app_error');
        assertAppError(await api('PUT', `/api/v4/teams/${team.id}/patch`, { token: owner.token, body: '{"display_name":' }), 400, BODY_PARAM);
        assertAppError(await api('PUT', `/api/v4/teams/${team.id}/patch`, { token: owner.token, body: { display_name: 5 } }), 400, BODY_PARAM);
        const admin = await adminClient();
        await expectClientError(admin.client.patchTeam({ id: UNKNOWN_ID, display_name: 'x' }), 404, TEAM_NOT_FOUND);
        assert.equal((await owner.client.getTeam(team.id)).display_name, team.display_name);
    });
});

describe('PUT /teams/{team_id}/privacy', () => {
    test('"I" makes the team invite-only with a new invite id; "O" opens it, keeping the invite id', async () => {
        const { owner, team } = await teamWithOwner();
        const res = await privacy(owner.token, team.id, { privacy: 'I' });
        assert.equal(res.status, 200, res.text);
        assertTeamObject(res.json);
        assert.deepEqual({ type: res.json.type, allow_open_invite: res.json.allow_open_invite }, { type: 'I', allow_open_invite: false });
        assert.notEqual(res.json.invite_id, team.invite_id);
        const stranger = await createUserAndLogin();
        await expectClientError(stranger.client.getTeam(team.id), 403, PERMISSIONS);

        const back = await privacy(owner.token, team.id, { privacy: 'O' });
        assert.equal(back.status, 200, back.text);
        assert.deepEqual({ type: back.json.type, allow_open_invite: back.json.allow_open_invite }, { type: 'O', allow_open_invite: true });
        assert.equal(back.json.invite_id, res.json.invite_id, 'opening a team does not change its invite id');
        assert.equal((await stranger.client.getTeam(team.id)).type, 'O');
    });

    test('bad privacy values → 400 invalid_body_param; a plain member → 403; no session → 401', async () => {
        const { owner, team } = await teamWithOwner();
        for (const body of [{ privacy: 'X' }, { privacy: 'o' }, {}, { privacy: 1 }, '{"privacy":']) {
            assertAppError(await privacy(owner.token, team.id, body), 400, BODY_PARAM);
        }
        const member = await createUserAndLogin();
        await owner.client.addToTeam(team.id, member.user.id);
        assertAppError(await privacy(member.token, team.id, { privacy: 'I' }), 403, PERMISSIONS);
        assertAppError(await privacy(undefined, team.id, { privacy: 'I' }), 401, 'api.context.session_expired.app_error');
        assertAppError(await privacy(owner.token, 'not-an-id', { privacy: 'I' }), 400, URL_PARAM);
        assert.equal((await owner.client.getTeam(team.id)).type, 'O', 'nothing changed');
    });
});

describe('DELETE /teams/{team_id} (deleteTeam) and POST /teams/{team_id}/restore (unarchiveTeam)', () => {
    test('the team admin archives the team: hidden from lists, still readable with delete_at set; restore brings it back', async () => {
        const { owner, team } = await teamWithOwner();
        const member = await createUserAndLogin();
        await owner.client.addToTeam(team.id, member.user.id);
        const admin = await adminClient();
        assert.ok((await admin.client.getTeams(0, 200)).some((t) => t.id === team.id));

        assert.deepEqual(await owner.client.deleteTeam(team.id), { status: 'OK' });
        const archived = await admin.client.getTeam(team.id);
        assert.equal(archived.id, team.id);
        assert.ok(archived.delete_at > 0, `an archived team has delete_at set: ${JSON.stringify(archived)}`);
        assert.ok(!(await admin.client.getTeams(0, 200)).some((t) => t.id === team.id), 'hidden from GET /teams (admin)');
        assert.ok(!(await member.client.getTeams(0, 200)).some((t) => t.id === team.id), 'hidden from GET /teams (member)');
        assert.ok(!(await member.client.getMyTeams()).some((t) => t.id === team.id), 'hidden from the member\'s teams');

        const restored = await owner.client.unarchiveTeam(team.id);
        assertTeamObject(restored);
        assert.equal(restored.id, team.id);
        assert.equal(restored.delete_at, 0);
        assert.ok((await admin.client.getTeams(0, 200)).some((t) => t.id === team.id), 'listed again');
        assert.deepEqual((await member.client.getMyTeams()).map((t) => t.id), [team.id], 'the memberships survived');
    });

    test('?permanent=true → 401 api.user.delete_team.not_enabled.app_error by default; the team stays', async () => {
        const { owner, team } = await teamWithOwner();
        const raw = await api('DELETE', `/api/v4/teams/${team.id}?permanent=true`, { token: owner.token });
        assertAppError(raw, 401, 'api.user.delete_team.not_enabled.app_error');
        const admin = await adminClient();
        assertAppError(await api('DELETE', `/api/v4/teams/${team.id}?permanent=true`, { token: admin.token }), 401,
            'api.user.delete_team.not_enabled.app_error');
        const still = await owner.client.getTeam(team.id);
        assert.equal(still.delete_at, 0, 'not even archived');
    });

    test('a plain member can neither archive nor restore (403); an outsider neither; unknown team (admin) → 404', async () => {
        const { owner, team } = await teamWithOwner();
        const member = await createUserAndLogin();
        await owner.client.addToTeam(team.id, member.user.id);
        await expectClientError(member.client.deleteTeam(team.id), 403, PERMISSIONS);
        assert.equal((await owner.client.getTeam(team.id)).delete_at, 0);
        await owner.client.deleteTeam(team.id);
        await expectClientError(member.client.unarchiveTeam(team.id), 403, PERMISSIONS);
        const outsider = await createUserAndLogin();
        await expectClientError(outsider.client.unarchiveTeam(team.id), 403, PERMISSIONS);
        const admin = await adminClient();
        assert.equal((await admin.client.unarchiveTeam(team.id)).delete_at, 0, 'a system admin may restore any team');
        await expectClientError(admin.client.deleteTeam(UNKNOWN_ID), 404, TEAM_NOT_FOUND);
        await expectClientError(admin.client.unarchiveTeam(UNKNOWN_ID), 404, TEAM_NOT_FOUND);
        await expectClientError(newClient().deleteTeam(team.id), 401, 'api.context.session_expired.app_error');
    });
});
