// POST /users/login, POST /users/logout, token transport, cookies and CSRF
//.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    assertCommonHeaders,
    assertId,
    assertUserShape,
    createUser,
    createUserAndLogin,
    expectClientError,
    loginRaw,
    newClient,
    parseSetCookies,
    setupServer,
} from '../lib/helpers.js';

setupServer();

const INVALID_CREDENTIALS = 'api.user.login.invalid_credentials_email_username';

describe('POST /users/login', () => {
    test('login by username: user (self view) and the token is set on the client', async () => {
        const { user: created, username, password } = await createUser();
        const client = newClient();
        const me = await client.login(username, password);
        assertUserShape(me, 'self');
        assert.equal(me.id, created.id);
        assert.equal(me.username, username);
        assertId(client.getToken(), 'session token');
        const again = await client.getMe();
        assert.equal(again.id, created.id);
    });

    test('raw login: 200, Token header, common headers', async () => {
        const { user: created, username, password } = await createUser();
        const res = await loginRaw(username, password);
        assert.equal(res.status, 200, res.text);
        assertCommonHeaders(res.headers, 'login');
        assert.equal(res.headers.get('content-type'), 'application/json');
        assertId(res.headers.get('token'), 'Token header');
        assertUserShape(res.json, 'self');
        assert.equal(res.json.id, created.id);
        const me = await api('GET', '/api/v4/users/me', { token: res.headers.get('token') });
        assert.equal(me.status, 200);
        assert.equal(me.json.id, created.id);
    });

    test('login by email, and login ids are case-insensitive', async () => {
        const { user: created, username, email, password } = await createUser();
        for (const loginId of [email, email.toUpperCase(), username.toUpperCase()]) {
            const client = newClient();
            const me = await client.login(loginId, password);
            assert.equal(me.id, created.id, `login_id ${loginId}`);
            assertId(client.getToken());
        }
    });

    test('loginById works', async () => {
        const { user: created, password } = await createUser();
        const me = await newClient().loginById(created.id, password);
        assert.equal(me.id, created.id);
        assertUserShape(me, 'self');
    });

    test('every login creates a new session with its own token', async () => {
        const { username, password } = await createUser();
        const a = newClient();
        const b = newClient();
        await a.login(username, password);
        await b.login(username, password);
        assert.notEqual(a.getToken(), b.getToken());
        await a.getMe();
        await b.getMe();
    });

    test('wrong password and unknown user give the same 401 error', async () => {
        const { username } = await createUser();
        const wrong = await expectClientError(newClient().login(username, 'wrong-password'), 401, INVALID_CREDENTIALS);
        const unknown = await expectClientError(newClient().login('nosuchuser1234', 'wrong-password'), 401, INVALID_CREDENTIALS);
        assert.equal(wrong.message, unknown.message);
        const raw = await loginRaw('nosuchuser1234', 'whatever-pw');
        assertAppError(raw, 401, INVALID_CREDENTIALS);
        assert.equal(raw.headers.get('token'), null, 'no Token header on a failed login');
    });

    test('blank password: 400 api.user.login.blank_pwd.app_error', async () => {
        const { username } = await createUser();
        await expectClientError(newClient().login(username, ''), 400, 'api.user.login.blank_pwd.app_error');
        // blank password is checked before the lookup
        await expectClientError(newClient().login('nosuchuser1234', ''), 400, 'api.user.login.blank_pwd.app_error');
    });

    test('a non-string value makes the login body look empty (blank_pwd)', async () => {
        const { username, password } = await createUser();
        const res = await api('POST', '/api/v4/users/login', { body: { login_id: username, password, ldap_only: true } });
        assertAppError(res, 400, 'api.user.login.blank_pwd.app_error');
    });

    test('cookies only with X-Requested-With: XMLHttpRequest', async () => {
        const { user, username, password } = await createUser();
        const res = await loginRaw(username, password, { xhr: true });
        assert.equal(res.status, 200, res.text);
        const token = res.headers.get('token');
        assertId(token, 'Token header');
        const cookies = parseSetCookies(res.headers);
        assert.ok(cookies.MMAUTHTOKEN, `MMAUTHTOKEN cookie expected, got ${res.headers.getSetCookie().join(' | ')}`);
        assert.ok(cookies.MMUSERID, 'MMUSERID cookie expected');
        assert.ok(cookies.MMCSRF, 'MMCSRF cookie expected');
        assert.equal(cookies.MMAUTHTOKEN.value, token);
        assert.equal(cookies.MMAUTHTOKEN.attrs.httponly, true, 'MMAUTHTOKEN must be HttpOnly');
        assert.equal(cookies.MMUSERID.value, user.id);
        assert.equal(cookies.MMUSERID.attrs.httponly, undefined, 'MMUSERID must be readable by scripts');
        assertId(cookies.MMCSRF.value, 'MMCSRF');
        assert.equal(cookies.MMCSRF.attrs.httponly, undefined, 'MMCSRF must be readable by scripts');
        for (const name of ['MMAUTHTOKEN', 'MMUSERID', 'MMCSRF']) {
            assert.equal(cookies[name].attrs.path, '/', `${name} Path`);
            assert.equal(cookies[name].attrs['max-age'], String(720 * 3600), `${name} Max-Age = SessionLengthWebInHours * 3600`);
            assert.ok(cookies[name].attrs.expires, `${name} has Expires`);
        }

        const plain = await loginRaw(username, password);
        assert.equal(plain.status, 200);
        assert.deepEqual(Object.keys(parseSetCookies(plain.headers)).filter((n) => n.startsWith('MM')), [],
            'no MM* cookies without X-Requested-With');
    });
});

describe('token transport and CSRF', () => {
    async function cookieSession() {
        const { user, username, password } = await createUser();
        const res = await loginRaw(username, password, { xhr: true });
        assert.equal(res.status, 200, res.text);
        const c = parseSetCookies(res.headers);
        assert.ok(c.MMAUTHTOKEN && c.MMUSERID && c.MMCSRF, 'login must set MMAUTHTOKEN, MMUSERID, MMCSRF');
        return {
            user,
            cookies: { MMAUTHTOKEN: c.MMAUTHTOKEN.value, MMUSERID: c.MMUSERID.value, MMCSRF: c.MMCSRF.value },
            csrf: c.MMCSRF.value,
        };
    }

    test('Authorization: Bearer <token> (any case of the scheme) and Token <token>', async () => {
        const { user, token } = await createUserAndLogin();
        for (const scheme of ['Bearer', 'bearer', 'BEARER', 'Token', 'token']) {
            const res = await api('GET', '/api/v4/users/me', { headers: { Authorization: `${scheme} ${token}` } });
            assert.equal(res.status, 200, `${scheme}: ${res.text}`);
            assert.equal(res.json.id, user.id);
        }
    });

    test('cookie-authenticated GET needs no CSRF token', async () => {
        const { user, cookies } = await cookieSession();
        const res = await api('GET', '/api/v4/users/me', { cookies });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.id, user.id);
    });

    test('cookie-only PUT without X-CSRF-Token and without X-Requested-With: 401', async () => {
        const { user, cookies } = await cookieSession();
        const res = await api('PUT', `/api/v4/users/${user.id}/patch`, { cookies, body: { nickname: 'csrf-no' } });
        assertAppError(res, 401, 'api.context.session_expired.app_error');
        const me = await api('GET', '/api/v4/users/me', { cookies });
        assert.equal(me.json.nickname, '', 'the rejected patch must not have been applied');
    });

    test('cookie-only PUT with a wrong X-CSRF-Token: 401', async () => {
        const { user, cookies } = await cookieSession();
        const res = await api('PUT', `/api/v4/users/${user.id}/patch`, {
            cookies, headers: { 'X-CSRF-Token': 'ybndrfg8ejkmcpqxot1uwisza3' }, body: { nickname: 'csrf-bad' },
        });
        assertAppError(res, 401, 'api.context.session_expired.app_error');
    });

    test('cookie-only PUT with X-CSRF-Token = MMCSRF: 200', async () => {
        const { user, cookies, csrf } = await cookieSession();
        const res = await api('PUT', `/api/v4/users/${user.id}/patch`, {
            cookies, headers: { 'X-CSRF-Token': csrf }, body: { nickname: 'csrf-ok' },
        });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.nickname, 'csrf-ok');
    });

    test('cookie-only PUT with X-Requested-With: XMLHttpRequest passes (strict CSRF off)', async () => {
        const { user, cookies } = await cookieSession();
        const res = await api('PUT', `/api/v4/users/${user.id}/patch`, {
            cookies, headers: { 'X-Requested-With': 'XMLHttpRequest' }, body: { nickname: 'csrf-xhr' },
        });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.nickname, 'csrf-xhr');
    });

    test('a Bearer request needs no CSRF token', async () => {
        const { user, token } = await createUserAndLogin();
        const res = await api('PUT', `/api/v4/users/${user.id}/patch`, { token, body: { nickname: 'bearer-ok' } });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.nickname, 'bearer-ok');
    });

    test('the MMAUTHTOKEN cookie wins over the Authorization header', async () => {
        const a = await cookieSession();
        const b = await createUserAndLogin();
        const res = await api('GET', '/api/v4/users/me', { cookies: a.cookies, token: b.token });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.id, a.user.id);
    });

    test('a normal session token in ?access_token= is refused: 401', async () => {
        const { token } = await createUserAndLogin();
        const res = await api('GET', `/api/v4/users/me?access_token=${token}`);
        assertAppError(res, 401, 'api.context.token_provided.app_error');
    });
});

describe('POST /users/logout', () => {
    test('client.logout(): 200, token cleared, old token now 401 session_expired', async () => {
        const { client, token } = await createUserAndLogin();
        const response = await client.logout();
        assert.equal(response.status, 200);
        assert.equal(client.getToken(), '');
        await expectClientError(newClient(token).getMe(), 401, 'api.context.session_expired.app_error');
    });

    test('raw logout: 200 {"status":"OK"}', async () => {
        const { token } = await createUserAndLogin();
        const res = await api('POST', '/api/v4/users/logout', { token });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.json, { status: 'OK' });
        assertCommonHeaders(res.headers, 'logout');
        const me = await api('GET', '/api/v4/users/me', { token });
        assertAppError(me, 401, 'api.context.session_expired.app_error');
    });

    test('logout needs no session: 200 {"status":"OK"} without a token', async () => {
        const res = await api('POST', '/api/v4/users/logout');
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.json, { status: 'OK' });
    });

    test('logout only revokes the session that made the call', async () => {
        const { username, password } = await createUser();
        const a = newClient();
        const b = newClient();
        await a.login(username, password);
        await b.login(username, password);
        const tokenA = a.getToken();
        await a.logout();
        await expectClientError(newClient(tokenA).getMe(), 401, 'api.context.session_expired.app_error');
        const me = await b.getMe();
        assert.equal(me.username, username);
    });

    test('logout clears the MMAUTHTOKEN cookie', async () => {
        const { username, password } = await createUser();
        const login = await loginRaw(username, password, { xhr: true });
        const c = parseSetCookies(login.headers);
        assert.ok(c.MMAUTHTOKEN, 'login must set MMAUTHTOKEN');
        const res = await api('POST', '/api/v4/users/logout', {
            cookies: { MMAUTHTOKEN: c.MMAUTHTOKEN.value, MMUSERID: c.MMUSERID?.value, MMCSRF: c.MMCSRF?.value },
            headers: { 'X-CSRF-Token': c.MMCSRF?.value ?? '' },
        });
        assert.equal(res.status, 200, res.text);
        const cleared = parseSetCookies(res.headers);
        assert.ok(cleared.MMAUTHTOKEN, `logout must send a Set-Cookie for MMAUTHTOKEN, got ${res.headers.getSetCookie().join(' | ')}`);
        assert.equal(cleared.MMAUTHTOKEN.value, '');
        const maxAge = cleared.MMAUTHTOKEN.attrs['max-age'];
        const expires = cleared.MMAUTHTOKEN.attrs.expires;
        assert.ok((maxAge !== undefined && Number(maxAge) <= 0) || (expires && Date.parse(expires) < Date.now()),
            `the cleared cookie must expire now: ${cleared.MMAUTHTOKEN.raw}`);
        const me = await api('GET', '/api/v4/users/me', { token: c.MMAUTHTOKEN.value });
        assertAppError(me, 401, 'api.context.session_expired.app_error');
    });

    test('an admin session is unaffected by another user logging out', async () => {
        const admin = await adminClient();
        const { client } = await createUserAndLogin();
        await client.logout();
        const me = await admin.client.getMe();
        assert.equal(me.id, admin.user.id);
    });
});
