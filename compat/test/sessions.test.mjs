// GET /users/{user_id}/sessions, POST /users/{user_id}/sessions/revoke,
// POST /users/{user_id}/sessions/revoke/all, POST /users/sessions/revoke/all,
// GET /users/{user_id}/audits.

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
    loginRaw,
    newClient,
    parseSetCookies,
    randomPassword,
    registerAdmin,
    setupServer,
} from '../lib/helpers.js';

setupServer();

const SESSION_EXPIRED = 'api.context.session_expired.app_error';
const PERMISSIONS = 'api.context.permissions.app_error';
const BODY_PARAM = 'api.context.invalid_body_param.app_error';
const URL_PARAM = 'api.context.invalid_url_param.app_error';
const UNKNOWN_ID = 'ybndrfg8ejkmcpqxot1uwisza3';

const SESSION_KEYS = ['create_at', 'device_id', 'expired_notify', 'expires_at', 'id', 'is_oauth', 'last_activity_at',
    'local', 'props', 'roles', 'team_members', 'token', 'user_id'];

function assertSessionShape(s, userId) {
    for (const key of SESSION_KEYS) {
        assert.ok(key in s, `session.${key} must always be present: ${JSON.stringify(s)}`);
    }
    assertId(s.id, 'session.id');
    assert.equal(s.token, '', 'session.token must be blanked in lists');
    assert.equal(s.user_id, userId);
    assertMillis(s.create_at, 'session.create_at');
    assertMillis(s.last_activity_at, 'session.last_activity_at');
    assert.equal(typeof s.expires_at, 'number');
    const days = (s.expires_at - s.create_at) / 86_400_000;
    assert.ok(days > 29 && days < 31, `a web session lasts SessionLengthWebInHours = 720 h, got ${days.toFixed(2)} days`);
    assert.equal(typeof s.device_id, 'string');
    assert.equal(typeof s.roles, 'string');
    assert.match(s.roles, /(^| )system_user( |$)/);
    assert.equal(s.is_oauth, false);
    assert.equal(typeof s.expired_notify, 'boolean');
    assert.equal(typeof s.local, 'boolean');
    assert.ok(s.props && typeof s.props === 'object', 'session.props must be an object');
    for (const [k, v] of Object.entries(s.props)) {
        assert.equal(typeof v, 'string', `session.props.${k} must be a string`);
    }
    assertId(s.props.csrf, 'session.props.csrf');
}

// xhrLogin logs in like the web app and returns the token and the MMCSRF cookie value.
async function xhrLogin(username, password) {
    const res = await loginRaw(username, password, { xhr: true });
    assert.equal(res.status, 200, res.text);
    const cookies = parseSetCookies(res.headers);
    return { token: res.headers.get('token'), csrf: cookies.MMCSRF?.value };
}

describe('GET /users/{user_id}/sessions (getSessions)', () => {
    test('one session per login, tokens blank, props.csrf present', async () => {
        const { user, username, password } = await createUser();
        const a = await xhrLogin(username, password);
        const b = await xhrLogin(username, password);
        const sessions = await newClient(a.token).getSessions(user.id);
        assert.ok(Array.isArray(sessions));
        assert.equal(sessions.length, 2);
        for (const s of sessions) {
            assertSessionShape(s, user.id);
        }
        assert.notEqual(sessions[0].id, sessions[1].id);
        const csrfs = sessions.map((s) => s.props.csrf).sort();
        assert.deepEqual(csrfs, [a.csrf, b.csrf].sort(), 'props.csrf is the MMCSRF cookie of each login');
        for (const s of sessions) {
            assert.notEqual(s.id, a.token, 'the session id is not the token');
            assert.notEqual(s.id, b.token, 'the session id is not the token');
        }
    });

    test('raw: no token anywhere in the body', async () => {
        const { user, token } = await createUserAndLogin();
        const res = await api('GET', `/api/v4/users/${user.id}/sessions`, { token });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.headers.get('content-type'), 'application/json');
        assert.ok(!res.text.includes(token), 'the session token must not appear in the response');
    });

    test('"me" works', async () => {
        const { client, user } = await createUserAndLogin();
        const sessions = await client.getSessions('me');
        assert.equal(sessions.length, 1);
        assert.equal(sessions[0].user_id, user.id);
    });

    test('a non-admin cannot list another user\'s sessions: 403; an admin can', async () => {
        const admin = await adminClient();
        const a = await createUserAndLogin();
        const b = await createUserAndLogin();
        await expectClientError(a.client.getSessions(b.user.id), 403, PERMISSIONS);
        const sessions = await admin.client.getSessions(b.user.id);
        assert.equal(sessions.length, 1);
        assertSessionShape(sessions[0], b.user.id);
    });

    test('no session → 401; a malformed user id → 400', async () => {
        const { user, token } = await createUserAndLogin();
        assertAppError(await api('GET', `/api/v4/users/${user.id}/sessions`), 401, SESSION_EXPIRED);
        assertAppError(await api('GET', '/api/v4/users/not-an-id/sessions', { token }), 400, URL_PARAM);
    });
});

describe('POST /users/{user_id}/sessions/revoke (revokeSession)', () => {
    test('the revoked token gets 401 at once; the other sessions keep working', async () => {
        const { user, username, password } = await createUser();
        const keep = newClient();
        await keep.login(username, password);
        const alsoKept = newClient();
        await alsoKept.login(username, password);
        const before = new Set((await keep.getSessions(user.id)).map((s) => s.id));
        assert.equal(before.size, 2);
        // a third login; its session is the one id that was not there before
        const doomed = newClient();
        await doomed.login(username, password);
        await doomed.getMe(); // the session is in the server's cache now
        const doomedId = (await keep.getSessions(user.id)).map((s) => s.id).find((id) => !before.has(id));
        assertId(doomedId, 'id of the new session');
        const res = await keep.revokeSession(user.id, doomedId);
        assert.deepEqual(res, { status: 'OK' });
        await expectClientError(doomed.getMe(), 401, SESSION_EXPIRED);
        assert.equal((await keep.getMe()).id, user.id);
        assert.equal((await alsoKept.getMe()).id, user.id);
        const left = await keep.getSessions(user.id);
        assert.deepEqual(new Set(left.map((s) => s.id)), before);
    });

    test('revoking the caller\'s own session logs it out', async () => {
        const { user, username, password } = await createUser();
        const c = await xhrLogin(username, password);
        const client = newClient(c.token);
        const sessions = await client.getSessions(user.id);
        const own = sessions.find((s) => s.props.csrf === c.csrf);
        assert.ok(own, 'the caller\'s session must be listed');
        await client.revokeSession(user.id, own.id);
        await expectClientError(client.getMe(), 401, SESSION_EXPIRED);
    });

    test('an admin revokes another user\'s session', async () => {
        const admin = await adminClient();
        const { client, user } = await createUserAndLogin();
        const [s] = await admin.client.getSessions(user.id);
        assert.deepEqual(await admin.client.revokeSession(user.id, s.id), { status: 'OK' });
        await expectClientError(client.getMe(), 401, SESSION_EXPIRED);
    });

    test('a non-admin cannot revoke another user\'s session: 403, and it keeps working', async () => {
        const admin = await adminClient();
        const a = await createUserAndLogin();
        const b = await createUserAndLogin();
        const [s] = await admin.client.getSessions(b.user.id);
        await expectClientError(a.client.revokeSession(b.user.id, s.id), 403, PERMISSIONS);
        assert.equal((await b.client.getMe()).id, b.user.id);
    });

    test('a session of another user under one\'s own id → 400 invalid_url_param (user_id)', async () => {
        const admin = await adminClient();
        const a = await createUserAndLogin();
        const b = await createUserAndLogin();
        const [s] = await admin.client.getSessions(b.user.id);
        const err = await expectClientError(a.client.revokeSession(a.user.id, s.id), 400, URL_PARAM);
        assert.match(err.message, /user_id/);
        assert.equal((await b.client.getMe()).id, b.user.id);
    });

    test('missing or empty session_id → 400 invalid_body_param (session_id)', async () => {
        const { client, user, token } = await createUserAndLogin();
        const err = await expectClientError(client.revokeSession(user.id, ''), 400, BODY_PARAM);
        assert.match(err.message, /session_id/);
        assertAppError(await api('POST', `/api/v4/users/${user.id}/sessions/revoke`, { token, body: {} }), 400, BODY_PARAM);
    });

    test('an unknown session id → 400', async () => {
        const { client, user } = await createUserAndLogin();
        // Mattermost's session lookup error is forced to 400 (app.session.get.app_error)
        await expectClientStatus(client.revokeSession(user.id, UNKNOWN_ID), 400);
        assert.equal((await client.getMe()).id, user.id);
    });
});

describe('POST /users/{user_id}/sessions/revoke/all (revokeAllSessionsForUser)', () => {
    test('self: every session of the user ends, the caller\'s included', async () => {
        const { client, user, username, password } = await createUserAndLogin();
        const other = newClient();
        await other.login(username, password);
        assert.deepEqual(await client.revokeAllSessionsForUser(user.id), { status: 'OK' });
        await expectClientError(client.getMe(), 401, SESSION_EXPIRED);
        await expectClientError(other.getMe(), 401, SESSION_EXPIRED);
        // the account itself is fine
        const again = newClient();
        await again.login(username, password);
        const sessions = await again.getSessions(user.id);
        assert.equal(sessions.length, 1);
    });

    test('admin: the user\'s sessions end, the admin\'s and other users\' do not', async () => {
        const admin = await adminClient();
        const target = await createUserAndLogin();
        const bystander = await createUserAndLogin();
        assert.deepEqual(await admin.client.revokeAllSessionsForUser(target.user.id), { status: 'OK' });
        await expectClientError(target.client.getMe(), 401, SESSION_EXPIRED);
        assert.equal((await admin.client.getMe()).id, admin.user.id);
        assert.equal((await bystander.client.getMe()).id, bystander.user.id);
        assert.deepEqual(await admin.client.getSessions(target.user.id), []);
    });

    test('a non-admin cannot revoke another user\'s sessions: 403', async () => {
        const a = await createUserAndLogin();
        const b = await createUserAndLogin();
        await expectClientError(a.client.revokeAllSessionsForUser(b.user.id), 403, PERMISSIONS);
        assert.equal((await b.client.getMe()).id, b.user.id);
    });
});

describe('GET /users/{user_id}/audits (getUserAudits)', () => {
    const AUDIT_KEYS = ['action', 'create_at', 'extra_info', 'id', 'ip_address', 'session_id', 'user_id'];

    function assertAudit(a, userId) {
        assert.deepEqual(Object.keys(a).sort(), AUDIT_KEYS, `audit keys: ${JSON.stringify(a)}`);
        assertId(a.id, 'audit.id');
        assertMillis(a.create_at, 'audit.create_at');
        assert.equal(a.user_id, userId);
        for (const key of ['action', 'extra_info', 'ip_address', 'session_id']) {
            assert.equal(typeof a[key], 'string', `audit.${key} must be a string`);
        }
    }

    function assertNewestFirst(audits) {
        for (let i = 1; i < audits.length; i++) {
            assert.ok(audits[i - 1].create_at >= audits[i].create_at,
                `audits must be newest first: ${audits[i - 1].create_at} before ${audits[i].create_at}`);
        }
    }

    test('records for login and password change, newest first, with the caller\'s session and address', async () => {
        const { client, user, password } = await createUserAndLogin();
        const [session] = await client.getSessions(user.id);
        await client.updateUserPassword(user.id, password, randomPassword());
        const audits = await client.getUserAudits(user.id);
        assert.ok(Array.isArray(audits));
        for (const a of audits) {
            assertAudit(a, user.id);
        }
        assertNewestFirst(audits);
        const pw = audits.filter((a) => a.action === `/api/v4/users/${user.id}/password`);
        assert.ok(pw.length >= 1, `a password-change record expected, got ${JSON.stringify(audits.map((a) => a.action))}`);
        assert.equal(pw[0].session_id, session.id, 'the record names the caller\'s session');
        assert.equal(pw[0].ip_address, '127.0.0.1');
        const login = audits.filter((a) => a.action === '/api/v4/users/login');
        assert.ok(login.length >= 1, `a login record expected, got ${JSON.stringify(audits.map((a) => a.action))}`);
        assert.ok(audits.indexOf(pw[0]) < audits.indexOf(login[0]), 'the password change (newer) comes before the login');
    });

    test('a failed login is recorded for the account (without a session)', async () => {
        const admin = await adminClient();
        const { user, username } = await createUser();
        await expectClientError(newClient().login(username, 'wrong-password'), 401, 'api.user.login.invalid_credentials_email_username');
        const audits = await admin.client.getUserAudits(user.id);
        const failed = audits.find((a) => a.action === '/api/v4/users/login' && /fail/i.test(a.extra_info));
        assert.ok(failed, `a failed-login record expected, got ${JSON.stringify(audits)}`);
        assert.equal(failed.session_id, '');
        assert.ok(!failed.extra_info.includes('wrong-password'), 'the password must never be in an audit record');
    });

    test('paging: per_page and page', async () => {
        const { client, user, username, password } = await createUserAndLogin();
        for (let i = 0; i < 3; i++) {
            await newClient().login(username, password);
        }
        const all = await client.getUserAudits(user.id, 0, 100);
        assert.ok(all.length >= 4, `4 logins must leave at least 4 records, got ${all.length}`);
        const first = await client.getUserAudits(user.id, 0, 2);
        const second = await client.getUserAudits(user.id, 1, 2);
        assert.deepEqual(first.map((a) => a.id), all.slice(0, 2).map((a) => a.id));
        assert.deepEqual(second.map((a) => a.id), all.slice(2, 4).map((a) => a.id));
        assert.deepEqual(await client.getUserAudits(user.id, 1000, 100), []);
    });

    test('a non-admin cannot read another user\'s audits: 403; an admin can', async () => {
        const admin = await adminClient();
        const a = await createUserAndLogin();
        const b = await createUserAndLogin();
        await expectClientError(a.client.getUserAudits(b.user.id), 403, PERMISSIONS);
        const audits = await admin.client.getUserAudits(b.user.id);
        assert.ok(audits.length >= 1);
        for (const r of audits) {
            assert.equal(r.user_id, b.user.id, 'only the target\'s records');
        }
    });

    test('no session → 401', async () => {
        const { user } = await createUser();
        assertAppError(await api('GET', `/api/v4/users/${user.id}/audits`), 401, SESSION_EXPIRED);
    });
});

describe('POST /users/sessions/revoke/all (revokeSessionsForAllUsers)', () => {
    test('a non-admin → 403 and nothing is revoked', async () => {
        const a = await createUserAndLogin();
        const admin = await adminClient();
        await expectClientError(a.client.revokeSessionsForAllUsers(), 403, PERMISSIONS);
        assert.equal((await a.client.getMe()).id, a.user.id);
        assert.equal((await admin.client.getMe()).id, admin.user.id);
    });

    test('an admin ends every session of every user, their own included', async () => {
        const admin = await adminClient();
        const a = await createUserAndLogin();
        const b = await createUserAndLogin();
        assert.deepEqual(await admin.client.revokeSessionsForAllUsers(), { status: 'OK' });
        await expectClientError(a.client.getMe(), 401, SESSION_EXPIRED);
        await expectClientError(b.client.getMe(), 401, SESSION_EXPIRED);
        await expectClientError(admin.client.getMe(), 401, SESSION_EXPIRED);
        // everyone can log in again
        const client = newClient();
        const me = await client.login(admin.user.username, admin.password);
        assert.equal(me.id, admin.user.id);
        registerAdmin({ ...admin, client, token: client.getToken() });
        await newClient().login(a.username, a.password);
    });
});
