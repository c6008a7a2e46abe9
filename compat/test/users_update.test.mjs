// PUT /users/{id}/patch, PUT /users/{id}, PUT /users/{id}/active, DELETE /users/{id}
//, default configuration (EnableUserDeactivation off).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    assertUserShape,
    createUser,
    createUserAndLogin,
    deactivateUser,
    expectClientError,
    newClient,
    randomEmail,
    randomUsername,
    setupServer,
} from '../lib/helpers.js';

setupServer();

const UNKNOWN_ID = 'ybndrfg8ejkmcpqxot1uwisza3';
const SESSION_EXPIRED = 'api.context.session_expired.app_error';
const PERMISSIONS = 'api.context.permissions.app_error';

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('PUT /users/{user_id}/patch (patchUser)', () => {
    test('self patch changes only the given fields and bumps update_at', async () => {
        const { client, user } = await createUserAndLogin({ nickname: 'before', position: 'keep' });
        await sleep(5);
        const patched = await client.patchUser({ id: user.id, nickname: 'after', first_name: 'Newfirst' });
        assertUserShape(patched, 'self');
        assert.equal(patched.nickname, 'after');
        assert.equal(patched.first_name, 'Newfirst');
        assert.equal(patched.position, 'keep');
        assert.equal(patched.last_name, 'Last');
        assert.equal(patched.email, user.email);
        assert.equal(patched.create_at, user.create_at);
        assert.ok(patched.update_at > user.update_at, 'update_at must increase');
        const me = await client.getMe();
        assert.equal(me.nickname, 'after');
    });

    test('empty string clears a field; username is lower-cased', async () => {
        const { client, user } = await createUserAndLogin({ nickname: 'nick' });
        const newName = randomUsername('ren');
        const patched = await client.patchUser({ id: user.id, nickname: '', username: newName.toUpperCase() });
        assert.equal(patched.nickname, '');
        assert.equal(patched.username, newName);
    });

    test('timezone, notify_props and props are replaced as a whole', async () => {
        const { client, user } = await createUserAndLogin();
        const tz = { automaticTimezone: '', manualTimezone: 'Europe/Berlin', useAutomaticTimezone: 'false' };
        const patched = await client.patchUser({ id: user.id, timezone: tz, props: { a: 'b' } });
        assert.deepEqual(patched.timezone, tz);
        assert.deepEqual(patched.props, { a: 'b' });
    });

    test('a boolean inside timezone is an undecodable body: 400 api.context.invalid_body_param.app_error', async () => {
        const { client, user } = await createUserAndLogin();
        await expectClientError(
            client.patchUser({ id: user.id, timezone: { useAutomaticTimezone: true } }),
            400, 'api.context.invalid_body_param.app_error');
    });

    test('malformed JSON: 400 api.context.invalid_body_param.app_error', async () => {
        const { user, token } = await createUserAndLogin();
        const res = await api('PUT', `/api/v4/users/${user.id}/patch`, { token, body: '{"nickname":' });
        assertAppError(res, 400, 'api.context.invalid_body_param.app_error');
    });

    test('a non-admin cannot patch another user: 403', async () => {
        const a = await createUserAndLogin();
        const b = await createUserAndLogin();
        await expectClientError(a.client.patchUser({ id: b.user.id, nickname: 'hijack' }), 403, PERMISSIONS);
    });

    test('a non-admin cannot patch the admin: 403', async () => {
        const admin = await adminClient();
        const a = await createUserAndLogin();
        await expectClientError(a.client.patchUser({ id: admin.user.id, nickname: 'hijack' }), 403, PERMISSIONS);
    });

    test('an admin can patch another user', async () => {
        const admin = await adminClient();
        const target = await createUserAndLogin();
        const patched = await admin.client.patchUser({ id: target.user.id, nickname: 'by-admin' });
        assert.equal(patched.nickname, 'by-admin');
        const seen = await target.client.getMe();
        assert.equal(seen.nickname, 'by-admin');
    });

    test('patching an unknown user: 400 api.context.invalid_body_param.app_error', async () => {
        const admin = await adminClient();
        await expectClientError(admin.client.patchUser({ id: UNKNOWN_ID, nickname: 'x' }), 400, 'api.context.invalid_body_param.app_error');
    });

    test('username taken: 400 app.user.save.username_exists.app_error', async () => {
        const a = await createUserAndLogin();
        const b = await createUser();
        await expectClientError(a.client.patchUser({ id: a.user.id, username: b.username }), 400, 'app.user.save.username_exists.app_error');
    });

    test('invalid username: 400 model.user.is_valid.username.app_error', async () => {
        const a = await createUserAndLogin();
        await expectClientError(a.client.patchUser({ id: a.user.id, username: 'bad name' }), 400, 'model.user.is_valid.username.app_error');
    });

    test('nickname too long: 400 model.user.is_valid.nickname.app_error', async () => {
        const a = await createUserAndLogin();
        await expectClientError(a.client.patchUser({ id: a.user.id, nickname: 'n'.repeat(65) }), 400, 'model.user.is_valid.nickname.app_error');
    });

    test('own email change needs the current password', async () => {
        const a = await createUserAndLogin();
        const newEmail = randomEmail();
        await expectClientError(a.client.patchUser({ id: a.user.id, email: newEmail }), 400, 'api.context.invalid_body_param.app_error');
        await expectClientError(a.client.patchUser({ id: a.user.id, email: newEmail, password: 'wrong-password' }),
            401, 'api.user.check_user_password.invalid.app_error');
        const patched = await a.client.patchUser({ id: a.user.id, email: newEmail, password: a.password });
        assert.equal(patched.email, newEmail);
        const again = newClient();
        const me = await again.login(newEmail, a.password);
        assert.equal(me.id, a.user.id);
    });

    test('the password key of a patch is not applied', async () => {
        const a = await createUserAndLogin();
        await a.client.patchUser({ id: a.user.id, nickname: 'pw', password: 'Another-password-1' });
        const me = await newClient().login(a.username, a.password);
        assert.equal(me.id, a.user.id);
        await expectClientError(newClient().login(a.username, 'Another-password-1'), 401, 'api.user.login.invalid_credentials_email_username');
    });

    test('email taken: 400 app.user.save.email_exists.app_error', async () => {
        const a = await createUserAndLogin();
        const b = await createUser();
        await expectClientError(a.client.patchUser({ id: a.user.id, email: b.email, password: a.password }),
            400, 'app.user.save.email_exists.app_error');
    });

    test('an admin changes another user\'s email without a password', async () => {
        const admin = await adminClient();
        const target = await createUserAndLogin();
        const newEmail = randomEmail();
        const patched = await admin.client.patchUser({ id: target.user.id, email: newEmail });
        assert.equal(patched.email, newEmail);
    });
});

describe('PUT /users/{user_id} (updateUser)', () => {
    test('full update: changed fields applied, roles and delete_at in the body ignored', async () => {
        const { client } = await createUserAndLogin({ nickname: 'n1' });
        const me = await client.getMe();
        const updated = await client.updateUser({
            ...me,
            nickname: 'n2',
            position: 'Boss',
            roles: 'system_admin system_user',
            delete_at: 12345,
        });
        assertUserShape(updated, 'self');
        assert.equal(updated.nickname, 'n2');
        assert.equal(updated.position, 'Boss');
        assert.equal(updated.roles, 'system_user');
        assert.equal(updated.delete_at, 0);
        assert.equal(updated.create_at, me.create_at);
    });

    test('fields absent from the body are cleared (replacement)', async () => {
        const { client } = await createUserAndLogin({ nickname: 'gone', position: 'gone too' });
        const me = await client.getMe();
        // create_at is absent too: the server keeps the stored value
        const updated = await client.updateUser({ id: me.id, username: me.username, email: me.email });
        assert.equal(updated.nickname, '');
        assert.equal(updated.position, '');
        assert.equal(updated.first_name, '');
        assert.equal(updated.last_name, '');
        assert.equal(updated.username, me.username);
        assert.equal(updated.create_at, me.create_at);
    });

    test('username missing from the body: 400 model.user.is_valid.username.app_error', async () => {
        const { client } = await createUserAndLogin();
        const me = await client.getMe();
        await expectClientError(client.updateUser({ id: me.id, email: me.email }),
            400, 'model.user.is_valid.username.app_error');
    });

    test('body id must equal the path id: 400 api.context.invalid_body_param.app_error', async () => {
        const a = await createUserAndLogin();
        const b = await createUser();
        const res = await api('PUT', `/api/v4/users/${a.user.id}`, {
            token: a.token,
            body: { id: b.user.id, username: a.username, email: a.email },
        });
        assertAppError(res, 400, 'api.context.invalid_body_param.app_error');
    });

    test('own email change without password: 400 api.context.invalid_body_param.app_error', async () => {
        const { client } = await createUserAndLogin();
        const me = await client.getMe();
        await expectClientError(client.updateUser({ ...me, email: randomEmail() }), 400, 'api.context.invalid_body_param.app_error');
    });

    test('a non-admin cannot update another user: 403', async () => {
        const a = await createUserAndLogin();
        const b = await createUserAndLogin();
        const other = await b.client.getMe();
        await expectClientError(a.client.updateUser({ ...other, nickname: 'hijack' }), 403, PERMISSIONS);
    });

    test('an admin can update another user', async () => {
        const admin = await adminClient();
        const target = await createUserAndLogin();
        const current = await target.client.getMe();
        const updated = await admin.client.updateUser({ ...current, nickname: 'admin-set' });
        assert.equal(updated.nickname, 'admin-set');
    });

    test('username taken: 400 app.user.save.username_exists.app_error', async () => {
        const a = await createUserAndLogin();
        const b = await createUser();
        const me = await a.client.getMe();
        await expectClientError(a.client.updateUser({ ...me, username: b.username }), 400, 'app.user.save.username_exists.app_error');
    });
});

describe('PUT /users/{user_id}/active (updateUserActive)', () => {
    test('admin deactivates: 200 OK, delete_at set, sessions revoked, login refused; reactivation restores', async () => {
        const admin = await adminClient();
        const target = await createUserAndLogin();
        const res = await admin.client.updateUserActive(target.user.id, false);
        assert.deepEqual(res, { status: 'OK' });

        const seen = await admin.client.getUser(target.user.id);
        assert.ok(seen.delete_at > 0, 'delete_at must be set');
        assertUserShape(seen, 'admin');
        await expectClientError(target.client.getMe(), 401, SESSION_EXPIRED);
        await expectClientError(newClient().login(target.username, target.password), 401, 'api.user.login.inactive.app_error');

        await admin.client.updateUserActive(target.user.id, true);
        const back = await admin.client.getUser(target.user.id);
        assert.equal(back.delete_at, 0);
        const client = newClient();
        const me = await client.login(target.username, target.password);
        assert.equal(me.id, target.user.id);
    });

    test('raw: 200 {"status":"OK"}', async () => {
        const admin = await adminClient();
        const { user } = await createUser();
        const res = await api('PUT', `/api/v4/users/${user.id}/active`, { token: admin.token, body: { active: false } });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.json, { status: 'OK' });
    });

    test('active must be a JSON boolean: 400 api.context.invalid_body_param.app_error', async () => {
        const admin = await adminClient();
        const { user } = await createUser();
        const res = await api('PUT', `/api/v4/users/${user.id}/active`, { token: admin.token, body: { active: 'false' } });
        assertAppError(res, 400, 'api.context.invalid_body_param.app_error');
    });

    test('a non-admin cannot change another user: 403 api.user.update_active.permissions.app_error', async () => {
        const a = await createUserAndLogin();
        const b = await createUser();
        await expectClientError(a.client.updateUserActive(b.user.id, false), 403, 'api.user.update_active.permissions.app_error');
    });

    test('self-deactivation is off by default: 401 api.user.update_active.not_enable.app_error', async () => {
        const a = await createUserAndLogin();
        await expectClientError(a.client.updateUserActive(a.user.id, false), 401, 'api.user.update_active.not_enable.app_error');
        const me = await a.client.getMe();
        assert.equal(me.delete_at, 0);
    });

    test('unknown user: 404', async () => {
        const admin = await adminClient();
        const err = await admin.client.updateUserActive(UNKNOWN_ID, false).then(() => null, (e) => e);
        assert.ok(err, 'must fail');
        assert.equal(err.status_code, 404, `got ${err.status_code} ${err.server_error_id}`);
    });
});

describe('DELETE /users/{user_id} (deactivate)', () => {
    test('admin deactivates: 200 OK; the user\'s old token gets 401 session_expired', async () => {
        const admin = await adminClient();
        const target = await createUserAndLogin();
        const oldToken = target.token;
        const res = await deactivateUser(admin.client, target.user.id);
        assert.deepEqual(res, { status: 'OK' });

        await expectClientError(newClient(oldToken).getMe(), 401, SESSION_EXPIRED);
        const raw = await api('GET', '/api/v4/users/me', { token: oldToken });
        assertAppError(raw, 401, SESSION_EXPIRED);

        // deactivated users are still returned, with delete_at > 0
        const seen = await admin.client.getUser(target.user.id);
        assert.ok(seen.delete_at > 0);
        assert.ok(seen.update_at >= seen.delete_at);
        const viewer = await createUserAndLogin();
        const seenByOther = await viewer.client.getUser(target.user.id);
        assertUserShape(seenByOther, 'other');
        assert.ok(seenByOther.delete_at > 0);

        await expectClientError(newClient().login(target.username, target.password), 401, 'api.user.login.inactive.app_error');
    });

    test('raw: 200 {"status":"OK"}', async () => {
        const admin = await adminClient();
        const { user } = await createUser();
        const res = await api('DELETE', `/api/v4/users/${user.id}`, { token: admin.token });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.json, { status: 'OK' });
    });

    test('deactivating an already deactivated user is fine', async () => {
        const admin = await adminClient();
        const { user } = await createUser();
        await deactivateUser(admin.client, user.id);
        const res = await deactivateUser(admin.client, user.id);
        assert.deepEqual(res, { status: 'OK' });
    });

    test('self-deactivation is off by default: 401 api.user.update_active.not_enable.app_error', async () => {
        const a = await createUserAndLogin();
        await expectClientError(deactivateUser(a.client, a.user.id), 401, 'api.user.update_active.not_enable.app_error');
        await a.client.getMe();
    });

    test('a non-admin cannot deactivate another user: 403', async () => {
        const a = await createUserAndLogin();
        const b = await createUser();
        await expectClientError(deactivateUser(a.client, b.user.id), 403, PERMISSIONS);
    });

    test('a non-admin cannot deactivate the admin: 403', async () => {
        const admin = await adminClient();
        const a = await createUserAndLogin();
        await expectClientError(deactivateUser(a.client, admin.user.id), 403, PERMISSIONS);
    });

    test('permanent deletion is disabled by default: 401 api.user.delete_user.not_enabled.app_error', async () => {
        const admin = await adminClient();
        const { user } = await createUser();
        await expectClientError(deactivateUser(admin.client, user.id, { permanent: true }), 401, 'api.user.delete_user.not_enabled.app_error');
    });

    test('unknown user: 404', async () => {
        const admin = await adminClient();
        const err = await deactivateUser(admin.client, UNKNOWN_ID).then(() => null, (e) => e);
        assert.ok(err, 'must fail');
        assert.equal(err.status_code, 404, `got ${err.status_code} ${err.server_error_id}`);
    });

    test('no session: 401', async () => {
        const { user } = await createUser();
        const res = await api('DELETE', `/api/v4/users/${user.id}`);
        assertAppError(res, 401, SESSION_EXPIRED);
    });
});
