// Multi-factor authentication (TOTP) with ServiceSettings.EnableMultifactorAuthentication on:
// POST /users/{user_id}/mfa/generate, PUT /users/{user_id}/mfa, login with a code. Codes are
// computed here with an independent RFC 6238 implementation (lib/totp.js). The server accepts
// the previous, current and next 30-second step and refuses a code that was already used, so
// every sequence starts early enough in a step (freshStep) and never reuses a code it expects
// to work.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    assertUserShape,
    createUser,
    createUserAndLogin,
    expectClientError,
    loginRaw,
    newClient,
    setupServer,
} from '../lib/helpers.js';
import { freshStep, totp, wrongCode } from '../lib/totp.js';

setupServer({ MM_SERVICESETTINGS_ENABLEMULTIFACTORAUTHENTICATION: 'true' });

const PERMISSIONS = 'api.context.permissions.app_error';
const BODY_PARAM = 'api.context.invalid_body_param.app_error';
const BAD_ACTIVATION = 'mfa.activate.bad_token.app_error';
const NEED_TOKEN = 'mfa.validate_token.authenticate.app_error';
const BAD_CODE = 'api.user.check_user_mfa.bad_code.app_error';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function assertPng(base64, what) {
    assert.equal(typeof base64, 'string', `${what} must be a string`);
    assert.match(base64, /^[A-Za-z0-9+/]+={0,2}$/, `${what} must be standard base64`);
    const png = Buffer.from(base64, 'base64');
    assert.ok(png.length > 100, `${what}: ${png.length} bytes is too small for a QR code PNG`);
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE, `${what} must start with the PNG signature`);
    assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR', `${what}: first chunk must be IHDR`);
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    assert.ok(width >= 21 && height >= 21, `${what}: ${width}x${height} is smaller than the smallest QR code`);
    assert.equal(width, height, `${what}: a QR code is square, got ${width}x${height}`);
    assert.equal(png.subarray(png.length - 8, png.length - 4).toString('latin1'), 'IEND', `${what} must end with IEND`);
}

// mfaUser: a logged-in user with MFA activated with the code of step T-1, where T is the
// current step and at least 8 s of it are left. Returns the step T for the caller to use
// T and T+1 (both still accepted while the server is in step T).
async function mfaUser() {
    const u = await createUserAndLogin();
    const { secret } = await u.client.generateMfaSecret(u.user.id);
    const step = await freshStep(8);
    const res = await u.client.updateUserMfa(u.user.id, true, totp(secret, step - 1));
    assert.deepEqual(res, { status: 'OK' });
    return { ...u, secret, step };
}

describe('POST /users/{user_id}/mfa/generate (generateMfaSecret)', () => {
    test('secret: 32 base32 characters; qr_code: a base64 PNG', async () => {
        const { client, user } = await createUserAndLogin();
        const res = await client.generateMfaSecret(user.id);
        assert.deepEqual(Object.keys(res).sort(), ['qr_code', 'secret']);
        assert.match(res.secret, /^[A-Z2-7]{32}$/, `secret must be 32 characters of A-Z2-7, got ${res.secret}`);
        assertPng(res.qr_code, 'qr_code');
    });

    test('raw: 200 JSON with Cache-Control: no-cache, Pragma: no-cache, Expires: 0', async () => {
        const { user, token } = await createUserAndLogin();
        const res = await api('POST', `/api/v4/users/${user.id}/mfa/generate`, { token });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.headers.get('content-type'), 'application/json');
        assert.equal(res.headers.get('cache-control'), 'no-cache');
        assert.equal(res.headers.get('pragma'), 'no-cache');
        assert.equal(res.headers.get('expires'), '0');
        assert.match(res.json.secret, /^[A-Z2-7]{32}$/);
    });

    test('every call makes a new secret; MFA is not active yet and the secret is never in the user', async () => {
        const { client, user, username, password } = await createUserAndLogin();
        const a = await client.generateMfaSecret(user.id);
        const b = await client.generateMfaSecret('me');
        assert.notEqual(a.secret, b.secret);
        const me = await client.getMe();
        assertUserShape(me, 'self');
        assert.ok(!me.mfa_active, 'mfa_active must stay false until a code is confirmed');
        assert.ok(!('mfa_secret' in me));
        // login still needs no code
        await newClient().login(username, password);
    });

    test('a non-admin cannot generate another user\'s secret: 403; an admin can', async () => {
        const admin = await adminClient();
        const a = await createUserAndLogin();
        const b = await createUser();
        await expectClientError(a.client.generateMfaSecret(b.user.id), 403, PERMISSIONS);
        const res = await admin.client.generateMfaSecret(b.user.id);
        assert.match(res.secret, /^[A-Z2-7]{32}$/);
    });

    test('no session → 401', async () => {
        const { user } = await createUser();
        const res = await api('POST', `/api/v4/users/${user.id}/mfa/generate`);
        assertAppError(res, 401, 'api.context.session_expired.app_error');
    });
});

describe('PUT /users/{user_id}/mfa (updateUserMfa)', () => {
    test('activate with a correct TOTP code: 200 OK, mfa_active true', async () => {
        const { client, user } = await createUserAndLogin();
        const { secret } = await client.generateMfaSecret(user.id);
        const res = await client.updateUserMfa(user.id, true, totp(secret));
        assert.deepEqual(res, { status: 'OK' });
        const me = await client.getMe();
        assert.equal(me.mfa_active, true);
        assert.ok(!('mfa_secret' in me), 'the secret is never sent');
    });

    test('a wrong code → 401 mfa.activate.bad_token.app_error; MFA stays off', async () => {
        const { client, user, username, password } = await createUserAndLogin();
        const { secret } = await client.generateMfaSecret(user.id);
        await expectClientError(client.updateUserMfa(user.id, true, wrongCode(secret)), 401, BAD_ACTIVATION);
        const me = await client.getMe();
        assert.ok(!me.mfa_active);
        await newClient().login(username, password);
    });

    test('a code of an earlier secret does not activate the new one', async () => {
        const { client, user } = await createUserAndLogin();
        const first = await client.generateMfaSecret(user.id);
        const second = await client.generateMfaSecret(user.id);
        const step = await freshStep(5);
        const stale = totp(first.secret, step);
        if ([-1, 0, 1].some((d) => totp(second.secret, step + d) === stale)) {
            return; // one-in-a-few-hundred-thousand collision: nothing to check this time
        }
        await expectClientError(client.updateUserMfa(user.id, true, stale), 401, BAD_ACTIVATION);
        assert.deepEqual(await client.updateUserMfa(user.id, true, totp(second.secret, step)), { status: 'OK' });
    });

    test('activate without a generated secret → 401 bad token', async () => {
        const { client, user } = await createUserAndLogin();
        await expectClientError(client.updateUserMfa(user.id, true, '123456'), 401, BAD_ACTIVATION);
    });

    test('body: activate must be a JSON boolean, code a non-empty string (400)', async () => {
        const { user, token } = await createUserAndLogin();
        const path = `/api/v4/users/${user.id}/mfa`;
        let res = await api('PUT', path, { token, body: { activate: 'true', code: '123456' } });
        assertAppError(res, 400, BODY_PARAM);
        assert.match(res.json.message, /activate/);
        res = await api('PUT', path, { token, body: { code: '123456' } });
        assertAppError(res, 400, BODY_PARAM);
        assert.match(res.json.message, /activate/);
        res = await api('PUT', path, { token, body: { activate: true } });
        assertAppError(res, 400, BODY_PARAM);
        assert.match(res.json.message, /code/);
        res = await api('PUT', path, { token, body: { activate: true, code: '' } });
        assertAppError(res, 400, BODY_PARAM);
        res = await api('PUT', path, { token, body: { activate: true, code: 123456 } });
        assertAppError(res, 400, BODY_PARAM);
    });

    test('a non-admin cannot change another user\'s MFA: 403', async () => {
        const a = await createUserAndLogin();
        const b = await mfaUser();
        await expectClientError(a.client.updateUserMfa(b.user.id, false), 403, PERMISSIONS);
        await expectClientError(a.client.updateUserMfa(b.user.id, true, '123456'), 403, PERMISSIONS);
        const me = await b.client.getMe();
        assert.equal(me.mfa_active, true);
    });

    test('deactivate: 200 OK, mfa_active off, login needs no code again', async () => {
        const { client, user, username, password } = await mfaUser();
        assert.deepEqual(await client.updateUserMfa(user.id, false), { status: 'OK' });
        const me = await client.getMe();
        assert.ok(!me.mfa_active);
        const again = await newClient().login(username, password);
        assert.equal(again.id, user.id);
    });

    test('an admin can switch another user\'s MFA off', async () => {
        const admin = await adminClient();
        const { user, username, password } = await mfaUser();
        assert.deepEqual(await admin.client.updateUserMfa(user.id, false), { status: 'OK' });
        await newClient().login(username, password);
    });
});

describe('login with MFA', () => {
    test('no code → 401 mfa.validate_token.authenticate.app_error, and no session is made', async () => {
        const { client, user, username, password } = await mfaUser();
        const before = await client.getSessions(user.id);
        await expectClientError(newClient().login(username, password), 401, NEED_TOKEN);
        const raw = await loginRaw(username, password);
        assertAppError(raw, 401, NEED_TOKEN);
        assert.equal(raw.headers.get('token'), null);
        const after = await client.getSessions(user.id);
        assert.equal(after.length, before.length, 'a login stopped at MFA must not create a session');
    });

    test('a malformed code → 401 mfa.validate_token.authenticate.app_error', async () => {
        const { username, password } = await mfaUser();
        for (const code of ['abc', '12345', '1234567', '12 456']) {
            await expectClientError(newClient().login(username, password, code), 401, NEED_TOKEN);
        }
    });

    test('a wrong code → 401 api.user.check_user_mfa.bad_code.app_error', async () => {
        const { username, password, secret, step } = await mfaUser();
        await expectClientError(newClient().login(username, password, wrongCode(secret, step)), 401, BAD_CODE);
    });

    test('the wrong password with the right code is still the masked credentials error', async () => {
        const { username, secret, step } = await mfaUser();
        await expectClientError(newClient().login(username, 'wrong-password', totp(secret, step)), 401,
            'api.user.login.invalid_credentials_email_username');
    });

    test('the right code → 200 with a session; the same code again is refused (no replay)', async () => {
        const { user, username, password, secret, step } = await mfaUser();
        const code = totp(secret, step);
        const client = newClient();
        const me = await client.login(username, password, code);
        assert.equal(me.id, user.id);
        assert.equal(me.mfa_active, true);
        assertUserShape(me, 'self');
        assert.equal((await client.getMe()).id, user.id);
        await expectClientError(newClient().login(username, password, code), 401, BAD_CODE);
        // the next step's code is fresh and accepted (the server allows one step of drift)
        const next = newClient();
        await next.login(username, password, totp(secret, step + 1));
        assert.equal((await next.getMe()).id, user.id);
        await expectClientError(newClient().login(username, password, totp(secret, step + 1)), 401, BAD_CODE);
    });

    test('the code that activated MFA cannot be used to log in', async () => {
        const { username, password, secret, step } = await mfaUser();
        await expectClientError(newClient().login(username, password, totp(secret, step - 1)), 401, BAD_CODE);
    });

    test('codes more than one step away are refused', async () => {
        const { username, password, secret, step } = await mfaUser();
        for (const d of [2, 3, -2, -10]) {
            const code = totp(secret, step + d);
            if ([-1, 0, 1].some((w) => totp(secret, step + w) === code)) {
                continue; // a collision with a valid code: says nothing
            }
            await expectClientError(newClient().login(username, password, code), 401, BAD_CODE);
        }
    });

    test('a code with surrounding spaces is accepted (input is trimmed)', async () => {
        const { user, username, password, secret, step } = await mfaUser();
        const me = await newClient().login(username, password, ` ${totp(secret, step)} `);
        assert.equal(me.id, user.id);
    });

    test('loginById passes the code too', async () => {
        const { user, password, secret, step } = await mfaUser();
        await expectClientError(newClient().loginById(user.id, password), 401, NEED_TOKEN);
        const me = await newClient().loginById(user.id, password, totp(secret, step));
        assert.equal(me.id, user.id);
    });

    test('users without MFA log in without a code as before', async () => {
        const { user, username, password } = await createUser();
        const me = await newClient().login(username, password);
        assert.equal(me.id, user.id);
    });

    test('POST /users/mfa (legacy check) is not routed: 404', async () => {
        const { username } = await mfaUser();
        const raw = await api('POST', '/api/v4/users/mfa', { body: { login_id: username } });
        assertAppError(raw, 404, 'api.context.404.app_error');
    });
});
