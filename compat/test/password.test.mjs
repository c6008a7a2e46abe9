// PUT /users/{user_id}/password, POST /users/password/reset/send, POST /users/password/reset
// (default password policy: at least 8 bytes, no character classes; the attempt limits
// are off for the suite's servers).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    createUser,
    createUserAndLogin,
    expectClientError,
    newClient,
    randomPassword,
    randomSuffix,
    setupServer,
} from '../lib/helpers.js';

setupServer();

const SESSION_EXPIRED = 'api.context.session_expired.app_error';
const INVALID_CREDENTIALS = 'api.user.login.invalid_credentials_email_username';
const INCORRECT = 'api.user.update_password.incorrect.app_error';
const CONTEXT = 'api.user.update_password.context.app_error';
const BODY_PARAM = 'api.context.invalid_body_param.app_error';
const POLICY = 'model.user.is_valid.pwd.app_error';
const INVALID_LINK = 'api.user.reset_password.invalid_link.app_error';
const TOO_MANY = 'api.user.check_user_login_attempts.too_many.app_error';

// A syntactically valid reset token (64 characters of the id alphabet) that was never issued.
function unknownResetToken() {
    let t = '';
    while (t.length < 64) {
        t += randomSuffix(16).replace(/[^ybndrfg8ejkmcpqxot1uwisza345h769]/g, '');
    }
    return t.slice(0, 64);
}

async function secondSession(username, password) {
    const client = newClient();
    await client.login(username, password);
    return client;
}

describe('PUT /users/{user_id}/password (updateUserPassword)', () => {
    test('self: with the current password → 200 OK; new password logs in, old one does not', async () => {
        const { client, user, username, password } = await createUserAndLogin();
        const next = randomPassword();
        const res = await client.updateUserPassword(user.id, password, next);
        assert.deepEqual(res, { status: 'OK' });
        const fresh = newClient();
        const me = await fresh.login(username, next);
        assert.equal(me.id, user.id);
        await expectClientError(newClient().login(username, password), 401, INVALID_CREDENTIALS);
    });

    test('self change bumps last_password_update and update_at', async () => {
        const { client, user, password } = await createUserAndLogin();
        const before = await client.getMe();
        await new Promise((r) => setTimeout(r, 5));
        await client.updateUserPassword(user.id, password, randomPassword());
        const after = await client.getMe();
        assert.ok(after.last_password_update > before.last_password_update,
            `last_password_update must increase: ${before.last_password_update} → ${after.last_password_update}`);
        assert.ok(after.update_at > before.update_at, 'update_at must increase');
    });

    test('"me" works as the user id', async () => {
        const { client, username, password } = await createUserAndLogin();
        const next = randomPassword();
        await client.updateUserPassword('me', password, next);
        await newClient().login(username, next);
    });

    test('self: wrong current password → 400 api.user.update_password.incorrect.app_error, password unchanged', async () => {
        const { client, user, username, password } = await createUserAndLogin();
        await expectClientError(client.updateUserPassword(user.id, 'not-the-password', randomPassword()), 400, INCORRECT);
        await newClient().login(username, password);
    });

    test('self: empty current password → 400 invalid_body_param (current_password)', async () => {
        const { client, user } = await createUserAndLogin();
        const err = await expectClientError(client.updateUserPassword(user.id, '', randomPassword()), 400, BODY_PARAM);
        assert.match(err.message, /current_password/);
        const raw = await api('PUT', `/api/v4/users/${user.id}/password`, {
            token: client.getToken(), body: { new_password: randomPassword() },
        });
        assertAppError(raw, 400, BODY_PARAM);
    });

    test('a non-string value makes the body empty (string map): 400 current_password', async () => {
        const { client, user, password } = await createUserAndLogin();
        const raw = await api('PUT', `/api/v4/users/${user.id}/password`, {
            token: client.getToken(), body: { current_password: password, new_password: randomPassword(), already_hashed: false },
        });
        assertAppError(raw, 400, BODY_PARAM);
        assert.match(raw.json.message, /current_password/);
    });

    test('an admin changing their OWN password still needs the current one', async () => {
        const admin = await adminClient();
        const err = await expectClientError(admin.client.updateUserPassword(admin.user.id, '', randomPassword()), 400, BODY_PARAM);
        assert.match(err.message, /current_password/);
        await expectClientError(admin.client.updateUserPassword(admin.user.id, 'wrong-password', randomPassword()), 400, INCORRECT);
    });

    test('policy: too short → 400 model.user.is_valid.pwd.app_error (self and admin paths)', async () => {
        const admin = await adminClient();
        const { client, user, username, password } = await createUserAndLogin();
        await expectClientError(client.updateUserPassword(user.id, password, 'short'), 400, POLICY);
        await expectClientError(admin.client.updateUserPassword(user.id, '', 'short'), 400, POLICY);
        await expectClientError(client.updateUserPassword(user.id, password, ''), 400, POLICY);
        // more than 72 bytes is refused too (bcrypt's limit)
        await expectClientError(client.updateUserPassword(user.id, password, 'a'.repeat(73)), 400, POLICY);
        await newClient().login(username, password);
    });

    test('policy counts bytes: 7 characters in 9 bytes pass, exactly 72 bytes pass', async () => {
        const { client, user, username, password } = await createUserAndLogin();
        const multibyte = 'pässwör'; // 7 characters, 9 bytes
        await client.updateUserPassword(user.id, password, multibyte);
        await newClient().login(username, multibyte);
        const longest = 'b'.repeat(72);
        await client.updateUserPassword(user.id, multibyte, longest);
        await newClient().login(username, longest);
    });

    test('admin resets another user\'s password without the current one', async () => {
        const admin = await adminClient();
        const { user, username, password } = await createUser();
        const next = randomPassword();
        const res = await admin.client.updateUserPassword(user.id, '', next);
        assert.deepEqual(res, { status: 'OK' });
        await newClient().login(username, next);
        await expectClientError(newClient().login(username, password), 401, INVALID_CREDENTIALS);
    });

    test('a non-admin cannot change another user\'s password: 403 api.user.update_password.context.app_error', async () => {
        const a = await createUserAndLogin();
        const b = await createUser();
        await expectClientError(a.client.updateUserPassword(b.user.id, b.password, randomPassword()), 403, CONTEXT);
        await expectClientError(a.client.updateUserPassword(b.user.id, '', randomPassword()), 403, CONTEXT);
        await newClient().login(b.username, b.password);
    });

    test('a non-admin cannot change an admin\'s password: 403', async () => {
        const admin = await adminClient();
        const a = await createUserAndLogin();
        await expectClientError(a.client.updateUserPassword(admin.user.id, '', randomPassword()), 403, CONTEXT);
    });

    test('unauthenticated → 401 session expired', async () => {
        const { user, password } = await createUser();
        const raw = await api('PUT', `/api/v4/users/${user.id}/password`, { body: { current_password: password, new_password: randomPassword() } });
        assertAppError(raw, 401, SESSION_EXPIRED);
    });

    test('already_hashed by the user themself → 401 api.user.update_password.user_and_hashed.app_error', async () => {
        const { client, user, username, password } = await createUserAndLogin();
        const raw = await api('PUT', `/api/v4/users/${user.id}/password`, {
            token: client.getToken(),
            body: { current_password: password, new_password: '$2a$10$abcdefghijklmnopqrstuuJ4SeRcCCb3ksBn8R8Ke1Uqa1XKzqyZK', already_hashed: 'true' },
        });
        assertAppError(raw, 401, 'api.user.update_password.user_and_hashed.app_error');
        await newClient().login(username, password);
    });

    test('already_hashed by another non-admin → 403 context error', async () => {
        const a = await createUserAndLogin();
        const b = await createUser();
        const raw = await api('PUT', `/api/v4/users/${b.user.id}/password`, {
            token: a.client.getToken(),
            body: { new_password: '$2a$10$abcdefghijklmnopqrstuuJ4SeRcCCb3ksBn8R8Ke1Uqa1XKzqyZK', already_hashed: 'true' },
        });
        assertAppError(raw, 403, CONTEXT);
    });

    test('self change: the user\'s other sessions are revoked, the caller\'s is kept', async () => {
        const { client, user, username, password } = await createUserAndLogin();
        const other = await secondSession(username, password);
        const third = await secondSession(username, password);
        await client.updateUserPassword(user.id, password, randomPassword());
        const me = await client.getMe();
        assert.equal(me.id, user.id, 'the caller\'s session must survive');
        await expectClientError(other.getMe(), 401, SESSION_EXPIRED);
        await expectClientError(third.getMe(), 401, SESSION_EXPIRED);
        const sessions = await client.getSessions(user.id);
        assert.equal(sessions.length, 1, `only the caller's session is left, got ${sessions.length}`);
    });

    test('admin reset: all of the user\'s sessions are revoked, the admin\'s session is kept', async () => {
        const admin = await adminClient();
        const { client, user, username, password } = await createUserAndLogin();
        const other = await secondSession(username, password);
        await admin.client.updateUserPassword(user.id, '', randomPassword());
        await expectClientError(client.getMe(), 401, SESSION_EXPIRED);
        await expectClientError(other.getMe(), 401, SESSION_EXPIRED);
        const me = await admin.client.getMe();
        assert.equal(me.id, admin.user.id);
    });

    test('another user\'s sessions are not touched by a password change', async () => {
        const a = await createUserAndLogin();
        const b = await createUserAndLogin();
        await a.client.updateUserPassword(a.user.id, a.password, randomPassword());
        const me = await b.client.getMe();
        assert.equal(me.id, b.user.id);
    });

    test('a locked-out user (MaximumLoginAttempts) is unlocked by an admin password reset', async () => {
        const admin = await adminClient();
        const { user, username, password } = await createUser();
        for (let i = 0; i < 10; i++) {
            await expectClientError(newClient().login(username, `wrong-${i}-password`), 401, INVALID_CREDENTIALS);
        }
        // locked: even the right password is refused now
        await expectClientError(newClient().login(username, password), 401, TOO_MANY);
        const next = randomPassword();
        await admin.client.updateUserPassword(user.id, '', next);
        const me = await newClient().login(username, next);
        assert.equal(me.id, user.id);
    });

    test('a locked-out user cannot change their own password either (too many attempts)', async () => {
        const { client, user, username, password } = await createUserAndLogin();
        for (let i = 0; i < 10; i++) {
            await expectClientError(newClient().login(username, `wrong-${i}-password`), 401, INVALID_CREDENTIALS);
        }
        await expectClientError(client.updateUserPassword(user.id, password, randomPassword()), 401, TOO_MANY);
    });
});

describe('POST /users/password/reset/send (sendPasswordResetEmail)', () => {
    test('known email → 200 {"status":"OK"}', async () => {
        const { email } = await createUser();
        const res = await newClient().sendPasswordResetEmail(email);
        assert.deepEqual(res, { status: 'OK' });
    });

    test('unknown email → the same 200 {"status":"OK"} (no account enumeration)', async () => {
        const res = await newClient().sendPasswordResetEmail(`nobody-${randomSuffix(8)}@example.com`);
        assert.deepEqual(res, { status: 'OK' });
        const raw = await api('POST', '/api/v4/users/password/reset/send', { body: { email: `nobody-${randomSuffix(8)}@example.com` } });
        assert.equal(raw.status, 200, raw.text);
        assert.equal(raw.headers.get('content-type'), 'application/json');
        assert.deepEqual(raw.json, { status: 'OK' });
    });

    test('needs no session; a bad token is ignored', async () => {
        const { email } = await createUser();
        const raw = await api('POST', '/api/v4/users/password/reset/send', { token: 'ybndrfg8ejkmcpqxot1uwisza3', body: { email } });
        assert.equal(raw.status, 200, raw.text);
    });

    test('empty or missing email → 400 invalid_body_param (email)', async () => {
        const err = await expectClientError(newClient().sendPasswordResetEmail(''), 400, BODY_PARAM);
        assert.match(err.message, /email/);
        const raw = await api('POST', '/api/v4/users/password/reset/send', { body: {} });
        assertAppError(raw, 400, BODY_PARAM);
    });

    test('an SSO account → 200 as well (Roster: no difference in the answer)', async () => {
        const admin = await adminClient();
        const { user, email } = await createUser();
        await admin.client.updateUserAuth(user.id, { auth_service: 'gitlab', auth_data: `gl-${randomSuffix(8)}` });
        const res = await newClient().sendPasswordResetEmail(email);
        assert.deepEqual(res, { status: 'OK' });
    });

    test('asking for a reset changes nothing yet: the password still works', async () => {
        const { email, username, password } = await createUser();
        await newClient().sendPasswordResetEmail(email);
        await newClient().login(username, password);
    });
});

describe('POST /users/password/reset (resetUserPassword)', () => {
    test('unknown token of the right length → 400 api.user.reset_password.invalid_link.app_error', async () => {
        await expectClientError(newClient().resetUserPassword(unknownResetToken(), randomPassword()), 400, INVALID_LINK);
        const raw = await api('POST', '/api/v4/users/password/reset', { body: { token: unknownResetToken(), new_password: randomPassword() } });
        assertAppError(raw, 400, INVALID_LINK);
    });

    test('token of the wrong length → 400 invalid_body_param (token)', async () => {
        for (const token of ['', 'short', 'ybndrfg8ejkmcpqxot1uwisza3', unknownResetToken() + 'y']) {
            const err = await expectClientError(newClient().resetUserPassword(token, randomPassword()), 400, BODY_PARAM);
            assert.match(err.message, /token/, `token of length ${token.length}`);
        }
    });

    test('the spec\'s field name "code" is not read: 400 token', async () => {
        const raw = await api('POST', '/api/v4/users/password/reset', { body: { code: unknownResetToken(), new_password: randomPassword() } });
        assertAppError(raw, 400, BODY_PARAM);
        assert.match(raw.json.message, /token/);
    });

    test('needs no session', async () => {
        const { token } = await createUserAndLogin();
        const raw = await api('POST', '/api/v4/users/password/reset', { token, body: { token: unknownResetToken(), new_password: randomPassword() } });
        assertAppError(raw, 400, INVALID_LINK);
    });
});
