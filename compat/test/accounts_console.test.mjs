// Account endpoints for mobile apps and the system console: PUT /users/sessions/device (raw:
// the client has no method), GET /users/known (getKnownUsers), GET /users/stats/filtered
// (getFilteredUsersStats) and POST /users/tokens/search (raw: the client has no method), with
// personal access tokens on and a mobile session length of 48 hours.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    channelPayload,
    createUser,
    createUserAndLogin,
    deactivateUser,
    expectClientError,
    inviteOnlyTeamPayload,
    loginRaw,
    newClient,
    parseSetCookies,
    randomSuffix,
    setupServer,
    teamWithOwner,
} from '../lib/helpers.js';

const MOBILE_HOURS = 48;

setupServer({
    MM_SERVICESETTINGS_ENABLEUSERACCESSTOKENS: 'true',
    MM_SERVICESETTINGS_SESSIONLENGTHMOBILEINHOURS: String(MOBILE_HOURS),
});

const PERMISSIONS = 'api.context.permissions.app_error';
const BODY_PARAM = 'api.context.invalid_body_param.app_error';
const SESSION_EXPIRED = 'api.context.session_expired.app_error';

function attachDevice(token, deviceId, extra = {}) {
    return api('PUT', '/api/v4/users/sessions/device', { token, body: { device_id: deviceId, ...extra } });
}

async function loginToken(username, password) {
    const res = await loginRaw(username, password);
    assert.equal(res.status, 200, res.text);
    return res.headers.get('token');
}

const deviceId = () => `android_rn-v2:${randomSuffix(24)}`;

describe('PUT /users/sessions/device (attach a mobile device to the session)', () => {
    test('the device id shows on the session, which now lasts SessionLengthMobileInHours; the cookie follows', async () => {
        const { user, username, password } = await createUser();
        const token = await loginToken(username, password);
        const device = deviceId();
        const res = await attachDevice(token, device);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.json, { status: 'OK' });
        const cookie = parseSetCookies(res.headers).MMAUTHTOKEN;
        assert.ok(cookie, `the session cookie is set again: ${res.headers.getSetCookie()}`);
        assert.equal(cookie.value, token);
        assert.equal(cookie.attrs.httponly, true);
        assert.equal(cookie.attrs['max-age'], String(MOBILE_HOURS * 3600));

        const admin = await adminClient();
        const sessions = await admin.client.getSessions(user.id);
        assert.equal(sessions.length, 1);
        const [s] = sessions;
        assert.equal(s.device_id, device);
        const hours = (s.expires_at - Date.now()) / 3_600_000;
        assert.ok(hours > MOBILE_HOURS - 0.1 && hours <= MOBILE_HOURS + 0.01,
            `the session expires in SessionLengthMobileInHours = ${MOBILE_HOURS} h, got ${hours.toFixed(3)} h`);
        assert.equal((await newClient(token).getMe()).id, user.id, 'the session keeps working');
    });

    test('a second session of the same user attaching the same device id ends the first', async () => {
        const { user, username, password } = await createUser();
        const first = await loginToken(username, password);
        const second = await loginToken(username, password);
        const third = await loginToken(username, password);
        const device = deviceId();
        assert.equal((await attachDevice(first, device)).status, 200);
        assert.equal((await attachDevice(second, device)).status, 200);

        await expectClientError(newClient(first).getMe(), 401, SESSION_EXPIRED);
        assert.equal((await newClient(second).getMe()).id, user.id);
        assert.equal((await newClient(third).getMe()).id, user.id, 'a session without that device id stays');
        const sessions = await newClient(second).getSessions(user.id);
        assert.equal(sessions.length, 2);
        assert.deepEqual(sessions.map((s) => s.device_id).sort(), ['', device].sort());
    });

    test('another user\'s session with the same device id is left alone', async () => {
        const a = await createUserAndLogin();
        const b = await createUserAndLogin();
        const device = deviceId();
        assert.equal((await attachDevice(a.token, device)).status, 200);
        assert.equal((await attachDevice(b.token, device)).status, 200);
        assert.equal((await a.client.getMe()).id, a.user.id);
        assert.equal((await b.client.getMe()).id, b.user.id);
    });

    test('attaching a new device id replaces the old one on the same session', async () => {
        const u = await createUserAndLogin();
        const d1 = deviceId();
        const d2 = deviceId();
        await attachDevice(u.token, d1);
        await attachDevice(u.token, d2);
        const sessions = await u.client.getSessions(u.user.id);
        assert.deepEqual(sessions.map((s) => s.device_id), [d2]);
    });

    test('no device_id → 400 invalid_body_param; malformed → 400; over 512 bytes → 400 (Roster); no session → 401', async () => {
        const u = await createUserAndLogin();
        assertAppError(await api('PUT', '/api/v4/users/sessions/device', { token: u.token, body: {} }), 400, BODY_PARAM);
        assertAppError(await attachDevice(u.token, ''), 400, BODY_PARAM);
        assertAppError(await api('PUT', '/api/v4/users/sessions/device', { token: u.token, body: '{"device_id":' }), 400, BODY_PARAM);
        const long = await attachDevice(u.token, `apple:${'x'.repeat(600)}`);
        assert.equal(long.status, 400, long.text);
        assert.ok(long.json?.id, `an AppError: ${long.text}`);
        assertAppError(await attachDevice(undefined, deviceId()), 401, SESSION_EXPIRED);
        const sessions = await u.client.getSessions(u.user.id);
        assert.deepEqual(sessions.map((s) => s.device_id), [''], 'nothing was attached');
    });
});

describe('GET /users/known (getKnownUsers)', () => {
    test('the ids of the users sharing a channel with the caller, without the caller', async () => {
        const { owner, team } = await teamWithOwner();
        const teammate = await createUserAndLogin();
        await owner.client.addToTeam(team.id, teammate.user.id);
        const loner = await createUserAndLogin();
        const other = await teamWithOwner(inviteOnlyTeamPayload());

        const known = await owner.client.getKnownUsers();
        assert.ok(Array.isArray(known), `an array of ids: ${JSON.stringify(known)}`);
        assert.deepEqual([...known].sort(), [teammate.user.id], 'the team\'s default channels are shared');
        assert.deepEqual(await teammate.client.getKnownUsers(), [owner.user.id]);
        const lonerKnows = await loner.client.getKnownUsers();
        assert.ok(lonerKnows === null || (Array.isArray(lonerKnows) && lonerKnows.length === 0),
            `nobody shares a channel with a user without teams: ${JSON.stringify(lonerKnows)}`);

        // a private channel in another team makes two users known to each other
        await other.owner.client.addToTeam(other.team.id, loner.user.id);
        const ch = await other.owner.client.createChannel(channelPayload(other.team.id, { type: 'P' }));
        await other.owner.client.addToChannel(loner.user.id, ch.id);
        assert.deepEqual(await loner.client.getKnownUsers(), [other.owner.user.id]);
        assert.ok(!(await owner.client.getKnownUsers()).includes(loner.user.id));
    });

    test('no session → 401', async () => {
        assertAppError(await api('GET', '/api/v4/users/known'), 401, SESSION_EXPIRED);
    });
});

describe('GET /users/stats/filtered (getFilteredUsersStats)', () => {
    test('counts by team, team role, channel, channel role and activation', async () => {
        const admin = await adminClient();
        const { owner, team } = await teamWithOwner();
        const m1 = await createUser();
        const m2 = await createUser();
        await owner.client.addUsersToTeam(team.id, [m1.user.id, m2.user.id]);
        const ch = await owner.client.createChannel(channelPayload(team.id, { type: 'P' }));
        await owner.client.addToChannel(m1.user.id, ch.id);

        const count = (opts) => admin.client.getFilteredUsersStats(opts);
        assert.deepEqual(await count({ in_team: team.id }), { total_users_count: 3 });
        assert.deepEqual(await count({ in_team: team.id, team_roles: 'team_admin' }), { total_users_count: 1 });
        assert.deepEqual(await count({ in_team: team.id, team_roles: 'team_user' }), { total_users_count: 2 });
        assert.deepEqual(await count({ in_channel: ch.id }), { total_users_count: 2 });
        assert.deepEqual(await count({ in_channel: ch.id, channel_roles: 'channel_admin' }), { total_users_count: 1 });

        await deactivateUser(admin.client, m2.user.id);
        assert.deepEqual(await count({ in_team: team.id }), { total_users_count: 2 });
        assert.deepEqual(await count({ in_team: team.id, include_deleted: true }), { total_users_count: 3 });
    });

    test('roles=system_admin counts system admins; include_deleted counts deactivated accounts', async () => {
        const admin = await adminClient();
        const before = (await admin.client.getFilteredUsersStats({ roles: 'system_admin' })).total_users_count;
        assert.ok(before >= 1, 'at least the first account');
        const u = await createUser();
        await admin.client.updateUserRoles(u.user.id, 'system_user system_admin');
        assert.equal((await admin.client.getFilteredUsersStats({ roles: 'system_admin' })).total_users_count, before + 1);

        const active = (await admin.client.getFilteredUsersStats({})).total_users_count;
        const all = (await admin.client.getFilteredUsersStats({ include_deleted: true })).total_users_count;
        const v = await createUser();
        await deactivateUser(admin.client, v.user.id);
        assert.equal((await admin.client.getFilteredUsersStats({})).total_users_count, active);
        assert.equal((await admin.client.getFilteredUsersStats({ include_deleted: true })).total_users_count, all + 1);
    });

    test('a plain user → 403; a bad role name → 400 invalid_body_param; no session → 401', async () => {
        const u = await createUserAndLogin();
        await expectClientError(u.client.getFilteredUsersStats({}), 403, PERMISSIONS);
        const admin = await adminClient();
        await expectClientError(admin.client.getFilteredUsersStats({ roles: 'Not A Role!' }), 400, BODY_PARAM);
        assertAppError(await api('GET', '/api/v4/users/stats/filtered'), 401, SESSION_EXPIRED);
    });
});

describe('POST /users/tokens/search (admin)', () => {
    const search = (token, body) => api('POST', '/api/v4/users/tokens/search', { token, body });

    async function tokenOwner() {
        const admin = await adminClient();
        const u = await createUserAndLogin();
        await admin.client.updateUserRoles(u.user.id, 'system_user system_user_access_token');
        const t1 = await u.client.createUserAccessToken(u.user.id, 'first');
        const t2 = await u.client.createUserAccessToken(u.user.id, 'second');
        return { u, t1, t2 };
    }

    test('by token id, user id or username: the tokens without their secret', async () => {
        const { u, t1, t2 } = await tokenOwner();
        const admin = await adminClient();

        const byId = await search(admin.token, { term: t1.id });
        assert.equal(byId.status, 200, byId.text);
        assert.deepEqual(byId.json, [{ id: t1.id, user_id: u.user.id, description: 'first', is_active: true }]);
        assert.ok(!byId.text.includes(t1.token), 'the token value is never sent');

        const byUser = await search(admin.token, { term: u.user.id });
        assert.deepEqual(byUser.json.map((t) => t.id).sort(), [t1.id, t2.id].sort());
        const byName = await search(admin.token, { term: u.username });
        assert.deepEqual(byName.json.map((t) => t.id).sort(), [t1.id, t2.id].sort());
        for (const t of byName.json) {
            assert.deepEqual(Object.keys(t).sort(), ['description', 'id', 'is_active', 'user_id']);
        }
        assert.deepEqual((await search(admin.token, { term: `nobody${randomSuffix(8)}` })).json, []);
    });

    test('a disabled token is found with is_active false', async () => {
        const { t2 } = await tokenOwner();
        const admin = await adminClient();
        await admin.client.disableUserAccessToken(t2.id);
        const res = await search(admin.token, { term: t2.id });
        assert.deepEqual(res.json.map((t) => [t.id, t.is_active]), [[t2.id, false]]);
    });

    test('Roster (documented): the start of a username matches, without regard to case', async () => {
        const { u, t1, t2 } = await tokenOwner();
        const admin = await adminClient();
        const res = await search(admin.token, { term: u.username.slice(0, 8).toUpperCase() });
        assert.equal(res.status, 200, res.text);
        const ids = res.json.map((t) => t.id);
        assert.ok(ids.includes(t1.id) && ids.includes(t2.id), `both tokens of ${u.username}: ${res.text}`);
    });

    test('a non-admin (even with the token role) → 403; empty term → 400; malformed → 400; no session → 401', async () => {
        const { u } = await tokenOwner();
        assertAppError(await search(u.token, { term: u.username }), 403, PERMISSIONS);
        const admin = await adminClient();
        assertAppError(await search(admin.token, { term: '' }), 400, BODY_PARAM);
        assertAppError(await search(admin.token, {}), 400, BODY_PARAM);
        assertAppError(await search(admin.token, '{"term":'), 400, BODY_PARAM);
        assertAppError(await search(undefined, { term: 'x' }), 401, SESSION_EXPIRED);
    });
});
