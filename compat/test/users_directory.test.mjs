// Finding users: GET /users with its filters (getProfiles, getProfilesInTeam,
// getProfilesNotInTeam, getProfilesWithoutTeam, getProfilesInChannel, getProfilesNotInChannel),
// POST /users/ids, POST /users/usernames, POST /users/search, GET /users/autocomplete,
// GET /users/stats. Every test builds its own small world (a team, a channel, a few users with
// a unique search token) so results can be checked exactly on a shared server.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    assertUserShape,
    channelPayload,
    createUser,
    createUserAndLogin,
    deactivateUser,
    expectClientError,
    randomSuffix,
    setupServer,
    teamPayload,
} from '../lib/helpers.js';

setupServer();

const PERMISSIONS = 'api.context.permissions.app_error';
const BODY_PARAM = 'api.context.invalid_body_param.app_error';
const URL_PARAM = 'api.context.invalid_url_param.app_error';
const UNKNOWN_ID = 'ybndrfg8ejkmcpqxot1uwisza3';

const byName = (a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0);
const ids = (users) => users.map((u) => u.id);
const sortedIds = (users) => [...users].sort(byName).map((u) => u.id);

function assertOrderedByUsername(users, what) {
    const names = users.map((u) => u.username);
    assert.deepEqual(names, [...names].sort(), `${what} must be ordered by username`);
}

// world: owner (team admin) of an open team; a and b plain members; d a deactivated member;
// outsider in no team; a public channel with owner and a. Every user's name fields carry the
// unique token `tok`, so searches can be scoped to this world.
async function world() {
    const admin = await adminClient();
    const tok = `zq${randomSuffix(8)}`;
    const owner = await createUserAndLogin({ first_name: `${tok}own`, last_name: 'Owner' });
    const team = await owner.client.createTeam(teamPayload());
    const a = await createUserAndLogin({ first_name: 'Alice', last_name: `${tok}liddell`, nickname: `${tok}nick` });
    const b = await createUserAndLogin({ first_name: `${tok}bob`, last_name: 'Builder' });
    const d = await createUser({ first_name: `${tok}gone`, last_name: 'Gone' });
    const outsider = await createUserAndLogin({ first_name: `${tok}out`, last_name: 'Sider' });
    await owner.client.addUsersToTeam(team.id, [a.user.id, b.user.id, d.user.id]);
    await deactivateUser(admin.client, d.user.id);
    const channel = await owner.client.createChannel(channelPayload(team.id));
    await owner.client.addToChannel(a.user.id, channel.id);
    return { admin, tok, owner, team, a, b, d, outsider, channel };
}

describe('GET /users (getProfiles) without scope', () => {
    test('all users, deactivated included, ordered by username, sanitised for the viewer', async () => {
        const w = await world();
        const users = await w.b.client.getProfiles(0, 200);
        assertOrderedByUsername(users, 'getProfiles');
        const got = new Set(ids(users));
        for (const u of [w.owner, w.a, w.b, w.d, w.outsider]) {
            assert.ok(got.has(u.user.id), `${u.user.username} must be listed`);
        }
        for (const u of users) {
            assertUserShape(u, 'other');
        }
        const d = users.find((u) => u.id === w.d.user.id);
        assert.ok(d.delete_at > 0, 'the deactivated user is listed with delete_at set');
        const other = users.find((u) => u.id === w.a.user.id);
        assert.equal(other.email, w.a.email, 'emails are shown (PrivacySettings.ShowEmailAddress defaults to true)');
    });

    test('active=true / inactive=true filter; both → 400 (inactive)', async () => {
        const w = await world();
        const active = await w.b.client.getProfiles(0, 200, { active: true });
        assert.ok(!ids(active).includes(w.d.user.id));
        assert.ok(active.every((u) => u.delete_at === 0));
        const inactive = await w.b.client.getProfiles(0, 200, { inactive: true });
        assert.ok(ids(inactive).includes(w.d.user.id));
        assert.ok(inactive.every((u) => u.delete_at > 0));
        await expectClientError(w.b.client.getProfiles(0, 60, { active: true, inactive: true }), 400, URL_PARAM);
    });

    test('paging: per_page/page slice the same ordering', async () => {
        const w = await world();
        const all = await w.b.client.getProfiles(0, 200);
        const p0 = await w.b.client.getProfiles(0, 2);
        const p1 = await w.b.client.getProfiles(1, 2);
        assert.deepEqual(ids(p0), ids(all.slice(0, 2)));
        assert.deepEqual(ids(p1), ids(all.slice(2, 4)));
        assert.deepEqual(await w.b.client.getProfiles(100000, 60), []);
    });

    test('role / roles filters', async () => {
        const w = await world();
        const admins = await w.b.client.getProfiles(0, 200, { role: 'system_admin' });
        assert.deepEqual(ids(admins), [w.admin.user.id]);
        // roles=system_user: exactly "system_user", so not the admin. Mattermost's handler
        // also turns role=<r> into roles=[r] (the substring filter of role is then ANDed with
        // it), so role=system_user leaves the admin out too.
        for (const query of [{ roles: 'system_user' }, { role: 'system_user' }]) {
            const plain = await w.b.client.getProfiles(0, 200, query);
            assert.ok(!ids(plain).includes(w.admin.user.id), JSON.stringify(query));
            assert.ok(ids(plain).includes(w.a.user.id), JSON.stringify(query));
        }
        const either = await w.b.client.getProfiles(0, 200, { roles: 'system_admin,system_user' });
        assert.ok(ids(either).includes(w.admin.user.id) && ids(either).includes(w.a.user.id));
        // unknown role names: the handler uses the *body* variant of the invalid-param error
        let err = await expectClientError(w.b.client.getProfiles(0, 60, { role: 'no_such_role' }), 400, BODY_PARAM);
        assert.match(err.message, /role/);
        err = await expectClientError(w.b.client.getProfiles(0, 60, { roles: 'system_user,no_such_role' }), 400, BODY_PARAM);
        assert.match(err.message, /roles/);
    });

    test('sort and filter combinations are validated (400 invalid_url_param)', async () => {
        const w = await world();
        const t = w.b.token;
        const cases = [
            [`/api/v4/users?not_in_channel=${w.channel.id}`, /team_id/],
            ['/api/v4/users?sort=bogus', /sort/],
            ['/api/v4/users?sort=last_activity_at', /sort/],
            [`/api/v4/users?sort=create_at&in_team=${w.team.id}&without_team=false`, /sort/],
            [`/api/v4/users?sort=status&in_team=${w.team.id}`, /sort/],
        ];
        for (const [path, param] of cases) {
            const res = await api('GET', path, { token: t });
            assertAppError(res, 400, URL_PARAM);
            assert.match(res.json.message, param, path);
        }
    });

    test('no session → 401', async () => {
        assertAppError(await api('GET', '/api/v4/users'), 401, 'api.context.session_expired.app_error');
    });
});

describe('GET /users scoped to a team', () => {
    test('getProfilesInTeam: the members (deactivated too), by username; active=true drops them', async () => {
        const w = await world();
        const members = await w.b.client.getProfilesInTeam(w.team.id, 0, 200);
        assert.deepEqual(ids(members), sortedIds([w.owner.user, w.a.user, w.b.user, w.d.user]));
        members.forEach((u) => assertUserShape(u, 'other'));
        const active = await w.b.client.getProfilesInTeam(w.team.id, 0, 200, '', { active: true });
        assert.deepEqual(ids(active), sortedIds([w.owner.user, w.a.user, w.b.user]));
    });

    test('getProfilesInTeam: team_roles filter', async () => {
        const w = await world();
        const admins = await w.b.client.getProfilesInTeam(w.team.id, 0, 200, '', { team_roles: 'team_admin' });
        assert.deepEqual(ids(admins), [w.owner.user.id]);
        const users = await w.b.client.getProfilesInTeam(w.team.id, 0, 200, '', { team_roles: 'team_user', active: true });
        assert.deepEqual(ids(users), sortedIds([w.a.user, w.b.user]));
        const err = await expectClientError(w.b.client.getProfilesInTeam(w.team.id, 0, 60, '', { team_roles: 'team_bogus' }), 400, BODY_PARAM);
        assert.match(err.message, /teamRoles/);
    });

    test('getProfilesInTeam sort=create_at: newest accounts first', async () => {
        const w = await world();
        const users = await w.b.client.getProfilesInTeam(w.team.id, 0, 200, 'create_at');
        const times = users.map((u) => u.create_at);
        assert.deepEqual(times, [...times].sort((x, y) => y - x));
        assert.equal(users.length, 4);
    });

    test('getProfilesInTeam: someone outside the team → 403; an admin may', async () => {
        const w = await world();
        await expectClientError(w.outsider.client.getProfilesInTeam(w.team.id), 403, PERMISSIONS);
        const viaAdmin = await w.admin.client.getProfilesInTeam(w.team.id, 0, 200);
        assert.equal(viaAdmin.length, 4);
        for (const u of viaAdmin.filter((x) => x.id !== w.admin.user.id)) {
            assertUserShape(u, 'admin');
        }
    });

    test('getProfilesNotInTeam: everyone else (deactivated too); needs view_team (403 for outsiders)', async () => {
        const w = await world();
        const others = await w.b.client.getProfilesNotInTeam(w.team.id, false, 0, 200);
        const got = new Set(ids(others));
        assert.ok(got.has(w.outsider.user.id));
        assert.ok(got.has(w.admin.user.id));
        for (const m of [w.owner, w.a, w.b, w.d]) {
            assert.ok(!got.has(m.user.id), `${m.user.username} is in the team`);
        }
        assertOrderedByUsername(others, 'not_in_team');
        await expectClientError(w.outsider.client.getProfilesNotInTeam(w.team.id, false), 403, PERMISSIONS);
    });

    test('a user who left the team is not in it any more and is "not in team"', async () => {
        const w = await world();
        await w.b.client.removeFromTeam(w.team.id, w.b.user.id);
        const members = await w.a.client.getProfilesInTeam(w.team.id, 0, 200);
        assert.ok(!ids(members).includes(w.b.user.id));
        const others = await w.a.client.getProfilesNotInTeam(w.team.id, false, 0, 200);
        assert.ok(ids(others).includes(w.b.user.id));
    });

    test('getProfilesWithoutTeam: admin only (403 otherwise); users with no team', async () => {
        const w = await world();
        await expectClientError(w.b.client.getProfilesWithoutTeam(), 403, PERMISSIONS);
        const lonely = await w.admin.client.getProfilesWithoutTeam(0, 200);
        const got = new Set(ids(lonely));
        assert.ok(got.has(w.outsider.user.id));
        assert.ok(!got.has(w.a.user.id));
        assert.ok(!got.has(w.owner.user.id));
    });
});

describe('GET /users scoped to a channel', () => {
    test('getProfilesInChannel: the channel members, for members; 403 for a team member outside it', async () => {
        const w = await world();
        const members = await w.a.client.getProfilesInChannel(w.channel.id, 0, 200);
        assert.deepEqual(ids(members), sortedIds([w.owner.user, w.a.user]));
        await expectClientError(w.b.client.getProfilesInChannel(w.channel.id), 403, PERMISSIONS);
        await expectClientError(w.outsider.client.getProfilesInChannel(w.channel.id), 403, PERMISSIONS);
        assert.equal((await w.admin.client.getProfilesInChannel(w.channel.id)).length, 2);
    });

    test('getProfilesNotInChannel: team members outside the channel; needs read_channel', async () => {
        const w = await world();
        const rest = await w.a.client.getProfilesNotInChannel(w.team.id, w.channel.id, false, 0, 200);
        assert.deepEqual(ids(rest), sortedIds([w.b.user, w.d.user]));
        await expectClientError(w.b.client.getProfilesNotInChannel(w.team.id, w.channel.id, false), 403, PERMISSIONS);
    });

    test('in_team wins over in_channel', async () => {
        const w = await world();
        const res = await api('GET', `/api/v4/users?in_team=${w.team.id}&in_channel=${w.channel.id}&per_page=200`, { token: w.b.token });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.length, 4, 'the channel filter is ignored when in_team is given');
    });
});

describe('POST /users/ids and /users/usernames', () => {
    test('getProfilesByIds: by username order, unknown ids skipped, duplicates once', async () => {
        const w = await world();
        const users = await w.b.client.getProfilesByIds([w.outsider.user.id, w.a.user.id, UNKNOWN_ID, w.a.user.id, w.owner.user.id]);
        assert.deepEqual(ids(users), sortedIds([w.outsider.user, w.a.user, w.owner.user]));
        users.forEach((u) => assertUserShape(u, 'other'));
    });

    test('getProfilesByIds: since returns only users updated after it', async () => {
        const w = await world();
        const now = await w.b.client.getProfilesByIds([w.a.user.id, w.b.user.id]);
        const since = Math.max(...now.map((u) => u.update_at));
        await new Promise((r) => setTimeout(r, 5));
        await w.a.client.patchUser({ id: w.a.user.id, nickname: `${w.tok}new` });
        const res = await w.b.client.getProfilesByIds([w.a.user.id, w.b.user.id], { since });
        assert.deepEqual(ids(res), [w.a.user.id]);
        assert.equal(res[0].nickname, `${w.tok}new`);
        const bad = await api('POST', '/api/v4/users/ids?since=abc', { token: w.b.token, body: [w.a.user.id] });
        assert.equal(bad.status, 400, bad.text);
    });

    test('getProfilesByIds: empty list or not a list → 400 invalid_body_param', async () => {
        const w = await world();
        await expectClientError(w.b.client.getProfilesByIds([]), 400, BODY_PARAM);
        assertAppError(await api('POST', '/api/v4/users/ids', { token: w.b.token, body: { ids: [w.a.user.id] } }), 400, BODY_PARAM);
    });

    test('getProfilesByUsernames: exact (lower-case) names, missing skipped; empty → 400', async () => {
        const w = await world();
        const users = await w.b.client.getProfilesByUsernames([w.owner.username, w.a.username.toUpperCase(), 'nosuchuser123', w.outsider.username]);
        assert.deepEqual(ids(users), sortedIds([w.owner.user, w.outsider.user]));
        await expectClientError(w.b.client.getProfilesByUsernames([]), 400, BODY_PARAM);
    });
});

describe('POST /users/search (searchUsers)', () => {
    test('a token in the first or last name or nickname finds the world\'s users (active only), by username', async () => {
        const w = await world();
        const found = await w.b.client.searchUsers(w.tok, {});
        assert.deepEqual(ids(found), sortedIds([w.owner.user, w.a.user, w.b.user, w.outsider.user]));
        found.forEach((u) => assertUserShape(u, 'other'));
        const withInactive = await w.b.client.searchUsers(w.tok, { allow_inactive: true });
        assert.deepEqual(ids(withInactive), sortedIds([w.owner.user, w.a.user, w.b.user, w.d.user, w.outsider.user]));
    });

    test('substring matching, several words ANDed across columns, a leading @, case-insensitive', async () => {
        const w = await world();
        assert.deepEqual(ids(await w.b.client.searchUsers(`alice ${w.tok}lid`, {})), [w.a.user.id]);
        assert.deepEqual(ids(await w.b.client.searchUsers(`@${w.a.username}`, {})), [w.a.user.id]);
        assert.deepEqual(ids(await w.b.client.searchUsers(w.a.username.slice(2, 9).toUpperCase(), {})).includes(w.a.user.id), true);
        assert.deepEqual(ids(await w.b.client.searchUsers(`${w.tok}nick`, {})), [w.a.user.id]);
        assert.deepEqual(await w.b.client.searchUsers(`${w.tok} nosuchword`, {}), []);
    });

    test('email is searched (ShowEmailAddress on by default)', async () => {
        const w = await world();
        const local = w.outsider.email.split('@')[0];
        assert.deepEqual(ids(await w.b.client.searchUsers(local, {})), [w.outsider.user.id]);
    });

    test('% and _ match literally', async () => {
        const w = await world();
        assert.deepEqual(await w.b.client.searchUsers(`${w.tok}%`, {}), []);
        assert.deepEqual(await w.b.client.searchUsers(`${w.tok}_`, {}), []);
    });

    test('team_id scopes to team members; not_in_team_id to everyone else', async () => {
        const w = await world();
        assert.deepEqual(ids(await w.b.client.searchUsers(w.tok, { team_id: w.team.id })),
            sortedIds([w.owner.user, w.a.user, w.b.user]));
        assert.deepEqual(ids(await w.b.client.searchUsers(w.tok, { not_in_team_id: w.team.id })), [w.outsider.user.id]);
        await expectClientError(w.outsider.client.searchUsers(w.tok, { team_id: w.team.id }), 403, PERMISSIONS);
    });

    test('in_channel_id / not_in_channel_id scopes; read_channel needed', async () => {
        const w = await world();
        assert.deepEqual(ids(await w.a.client.searchUsers(w.tok, { in_channel_id: w.channel.id })), sortedIds([w.owner.user, w.a.user]));
        assert.deepEqual(ids(await w.a.client.searchUsers(w.tok, { not_in_channel_id: w.channel.id, team_id: w.team.id })), [w.b.user.id]);
        await expectClientError(w.b.client.searchUsers(w.tok, { in_channel_id: w.channel.id }), 403, PERMISSIONS);
    });

    test('limit caps the result', async () => {
        const w = await world();
        const found = await w.b.client.searchUsers(w.tok, { limit: 2 });
        assert.deepEqual(ids(found), sortedIds([w.owner.user, w.a.user, w.b.user, w.outsider.user]).slice(0, 2));
    });

    test('errors: empty term, limit over 1000, not_in_channel_id without team_id, bad body → 400', async () => {
        const w = await world();
        let err = await expectClientError(w.b.client.searchUsers('', {}), 400, BODY_PARAM);
        assert.match(err.message, /term/);
        err = await expectClientError(w.b.client.searchUsers(w.tok, { limit: 1001 }), 400, BODY_PARAM);
        assert.match(err.message, /limit/);
        err = await expectClientError(w.a.client.searchUsers(w.tok, { not_in_channel_id: w.channel.id }), 400, BODY_PARAM);
        assert.match(err.message, /team_id/);
        assertAppError(await api('POST', '/api/v4/users/search', { token: w.b.token, body: '{"term":' }), 400, BODY_PARAM);
    });
});

describe('GET /users/autocomplete (autocompleteUsers)', () => {
    test('in a team: {users}, team members only', async () => {
        const w = await world();
        const res = await w.b.client.autocompleteUsers(w.tok, w.team.id, '');
        assert.deepEqual(Object.keys(res), ['users']);
        assert.deepEqual(ids(res.users), sortedIds([w.owner.user, w.a.user, w.b.user]));
        res.users.forEach((u) => assertUserShape(u, 'other'));
    });

    test('in a channel: {users, out_of_channel}', async () => {
        const w = await world();
        const res = await w.a.client.autocompleteUsers(w.tok, w.team.id, w.channel.id);
        assert.deepEqual(Object.keys(res).sort(), ['out_of_channel', 'users']);
        assert.deepEqual(ids(res.users), sortedIds([w.owner.user, w.a.user]));
        assert.deepEqual(ids(res.out_of_channel), [w.b.user.id]);
    });

    test('no scope: all (active) users that match', async () => {
        const w = await world();
        const res = await w.b.client.autocompleteUsers(w.tok, undefined, undefined);
        assert.deepEqual(ids(res.users), sortedIds([w.owner.user, w.a.user, w.b.user, w.outsider.user]));
    });

    test('emails are never searched by autocomplete (search does find them)', async () => {
        const w = await world();
        const mailOnly = `${w.tok}mail`;
        const e = await createUser({ email: `${mailOnly}@example.com` });
        assert.deepEqual(ids(await w.b.client.searchUsers(mailOnly, {})), [e.user.id], 'search finds by email');
        const res = await w.b.client.autocompleteUsers(mailOnly, undefined, undefined);
        assert.deepEqual(res.users, [], 'autocomplete must not match the email');
    });

    test('permissions: outsiders get 403 for the team and the channel', async () => {
        const w = await world();
        await expectClientError(w.outsider.client.autocompleteUsers(w.tok, w.team.id, ''), 403, PERMISSIONS);
        await expectClientError(w.b.client.autocompleteUsers(w.tok, w.team.id, w.channel.id), 403, PERMISSIONS);
    });

    test('in_channel without in_team → 400 api.user.autocomplete_users.missing_team_id.app_error (Mattermost: 500)', async () => {
        const w = await world();
        const res = await api('GET', `/api/v4/users/autocomplete?in_channel=${w.channel.id}&name=${w.tok}`, { token: w.a.token });
        assertAppError(res, 400, 'api.user.autocomplete_users.missing_team_id.app_error');
    });

    test('limit applies to each list', async () => {
        const w = await world();
        const res = await w.b.client.autocompleteUsers(w.tok, w.team.id, '', { limit: 1 });
        assert.equal(res.users.length, 1);
        assert.equal(res.users[0].id, sortedIds([w.owner.user, w.a.user, w.b.user])[0]);
    });
});

describe('GET /users/stats (getTotalUsersStats)', () => {
    test('total_users_count counts active users', async () => {
        const w = await world();
        const before = await w.b.client.getTotalUsersStats();
        assert.deepEqual(Object.keys(before), ['total_users_count']);
        await createUser();
        const after = await w.b.client.getTotalUsersStats();
        assert.equal(after.total_users_count, before.total_users_count + 1);
        const all = await w.admin.client.getProfiles(0, 200, { active: true });
        assert.equal(after.total_users_count, all.length);
    });
});

// Mattermost sends ETags on these lists; the reference allows a server to skip them (always
// 200) but never to answer 304 for a list that changed.
describe('ETag on team user lists', () => {
    test('in_team: 304 only while unchanged (when an ETag is sent); a changed team is always 200', async () => {
        const w = await world();
        const path = `/api/v4/users?in_team=${w.team.id}&per_page=200`;
        const first = await api('GET', path, { token: w.b.token });
        assert.equal(first.status, 200, first.text);
        const etag = first.headers.get('etag');
        if (etag) {
            const again = await api('GET', path, { token: w.b.token, headers: { 'If-None-Match': etag } });
            assert.equal(again.status, 304);
            assert.equal(again.text, '');
            assert.equal(again.headers.get('etag'), etag);
        }
        const sent = etag ?? '"0"';
        // a new member joins: the old ETag must not answer 304
        const newcomer = await createUser();
        await w.owner.client.addToTeam(w.team.id, newcomer.user.id);
        const changed = await api('GET', path, { token: w.b.token, headers: { 'If-None-Match': sent } });
        assert.equal(changed.status, 200, 'a stale ETag must not give 304');
        assert.ok(ids(changed.json).includes(newcomer.user.id));
        if (etag) {
            assert.notEqual(changed.headers.get('etag'), etag);
        }
        // a member's profile change too
        const sent2 = changed.headers.get('etag') ?? sent;
        await w.a.client.patchUser({ id: w.a.user.id, nickname: `${w.tok}renamed` });
        const patched = await api('GET', path, { token: w.b.token, headers: { 'If-None-Match': sent2 } });
        assert.equal(patched.status, 200);
        assert.equal(patched.json.find((u) => u.id === w.a.user.id).nickname, `${w.tok}renamed`);
    });

    test('not_in_team: a user leaving the team is listed at once (no stale 304)', async () => {
        const w = await world();
        const path = `/api/v4/users?not_in_team=${w.team.id}&per_page=200`;
        const first = await api('GET', path, { token: w.a.token });
        const sent = first.headers.get('etag') ?? '"0"';
        await w.b.client.removeFromTeam(w.team.id, w.b.user.id);
        const after = await api('GET', path, { token: w.a.token, headers: { 'If-None-Match': sent } });
        assert.equal(after.status, 200, 'a stale ETag must not give 304');
        assert.ok(ids(after.json).includes(w.b.user.id));
    });
});
