// PUT /users/{user_id}/roles (updateUserRoles) and PUT /users/{user_id}/auth (updateUserAuth).

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
    expectClientStatus,
    newClient,
    randomPassword,
    randomSuffix,
    setupServer,
} from '../lib/helpers.js';

setupServer();

const PERMISSIONS = 'api.context.permissions.app_error';
const BODY_PARAM = 'api.context.invalid_body_param.app_error';
const SESSION_EXPIRED = 'api.context.session_expired.app_error';
const UNKNOWN_ID = 'ybndrfg8ejkmcpqxot1uwisza3';

describe('PUT /users/{user_id}/roles (updateUserRoles)', () => {
    test('removing system_admin from the last admin → 400 app.user.update.lastAdmin.app_error', async () => {
        const admin = await adminClient();
        await expectClientError(admin.client.updateUserRoles(admin.user.id, 'system_user'), 400, 'app.user.update.lastAdmin.app_error');
        const me = await admin.client.getMe();
        assert.equal(me.roles, 'system_admin system_user');
    });

    test('a non-admin → 403, for themself and for others, and nothing changes', async () => {
        const a = await createUserAndLogin();
        const b = await createUser();
        await expectClientError(a.client.updateUserRoles(a.user.id, 'system_user system_admin'), 403, PERMISSIONS);
        await expectClientError(a.client.updateUserRoles(b.user.id, 'system_user system_admin'), 403, PERMISSIONS);
        assert.equal((await a.client.getMe()).roles, 'system_user');
    });

    test('invalid roles → 400 invalid_body_param (roles), checked before the permission', async () => {
        const admin = await adminClient();
        const a = await createUserAndLogin();
        const { user } = await createUser();
        // (an empty string is valid for Mattermost's IsValidUserRoles: no names, none invalid)
        for (const roles of ['system_admin', '  system_admin ', 'system_user Bad-Role!', 'system_user x-y', 'x'.repeat(65)]) {
            const err = await expectClientError(admin.client.updateUserRoles(user.id, roles), 400, BODY_PARAM);
            assert.match(err.message, /roles/, `roles ${JSON.stringify(roles)}`);
            // a non-admin sees the same 400: the body is validated first
            await expectClientError(a.client.updateUserRoles(user.id, roles), 400, BODY_PARAM);
        }
        const fetched = await admin.client.getUser(user.id);
        assert.equal(fetched.roles, 'system_user');
    });

    test('a role that does not exist → 400', async () => {
        const admin = await adminClient();
        const { user } = await createUser();
        await expectClientStatus(admin.client.updateUserRoles(user.id, 'system_user no_such_role'), 400);
        assert.equal((await admin.client.getUser(user.id)).roles, 'system_user');
    });

    test('an unknown user → 400 (not 404)', async () => {
        const admin = await adminClient();
        await expectClientStatus(admin.client.updateUserRoles(UNKNOWN_ID, 'system_user'), 400);
    });

    test('promotion: 200 OK, roles and update_at change, and the user\'s EXISTING session is an admin at once', async () => {
        const admin = await adminClient();
        const u = await createUserAndLogin();
        const other = await createUser();
        // before: an admin-only call is refused
        await expectClientError(u.client.getSessions(other.user.id), 403, PERMISSIONS);
        await expectClientError(u.client.updateUserRoles(other.user.id, 'system_user'), 403, PERMISSIONS);
        const before = await admin.client.getUser(u.user.id);
        await new Promise((r) => setTimeout(r, 5));
        const res = await admin.client.updateUserRoles(u.user.id, 'system_user system_admin');
        assert.deepEqual(res, { status: 'OK' });
        const after = await admin.client.getUser(u.user.id);
        assert.deepEqual(after.roles.split(' ').sort(), ['system_admin', 'system_user']);
        assert.ok(after.update_at > before.update_at, 'update_at must increase');
        // same session, same token: admin-only calls work now
        const sessions = await u.client.getSessions(other.user.id);
        assert.ok(Array.isArray(sessions));
        assert.deepEqual(await u.client.updateUserRoles(other.user.id, 'system_user'), { status: 'OK' });
        // and the stored sessions carry the new roles
        const own = await u.client.getSessions(u.user.id);
        assert.ok(own.every((s) => s.roles.split(' ').includes('system_admin')), `session roles: ${own.map((s) => s.roles)}`);
        // the user sees the change on themself
        const me = await u.client.getMe();
        assertUserShape(me, 'self');
        assert.deepEqual(me.roles.split(' ').sort(), ['system_admin', 'system_user']);
    });

    test('demotion applies at once too: the demoted session is refused again', async () => {
        const admin = await adminClient();
        const u = await createUserAndLogin();
        const other = await createUser();
        await admin.client.updateUserRoles(u.user.id, 'system_user system_admin');
        await u.client.getSessions(other.user.id);
        await admin.client.updateUserRoles(u.user.id, 'system_user');
        await expectClientError(u.client.getSessions(other.user.id), 403, PERMISSIONS);
        assert.equal((await u.client.getMe()).roles, 'system_user');
    });

    test('with a second admin, the first may step down', async () => {
        const admin = await adminClient();
        const second = await createUserAndLogin();
        await admin.client.updateUserRoles(second.user.id, 'system_user system_admin');
        const third = await createUserAndLogin();
        await second.client.updateUserRoles(third.user.id, 'system_user system_admin');
        // third steps down from admin; second and the first admin remain
        assert.deepEqual(await third.client.updateUserRoles(third.user.id, 'system_user'), { status: 'OK' });
        await second.client.updateUserRoles(second.user.id, 'system_user');
        assert.equal((await admin.client.getUser(second.user.id)).roles, 'system_user');
    });

    test('the access-token role can be given and taken', async () => {
        const admin = await adminClient();
        const { user } = await createUser();
        await admin.client.updateUserRoles(user.id, 'system_user system_user_access_token');
        assert.deepEqual((await admin.client.getUser(user.id)).roles.split(' ').sort(), ['system_user', 'system_user_access_token']);
        await admin.client.updateUserRoles(user.id, 'system_user');
        assert.equal((await admin.client.getUser(user.id)).roles, 'system_user');
    });

    test('no session → 401', async () => {
        const { user } = await createUser();
        assertAppError(await api('PUT', `/api/v4/users/${user.id}/roles`, { body: { roles: 'system_user' } }), 401, SESSION_EXPIRED);
    });
});

describe('PUT /users/{user_id}/auth (updateUserAuth)', () => {
    test('an admin switches an account to another service: 200 with the applied values', async () => {
        const admin = await adminClient();
        const { user, username, password } = await createUser();
        const authData = `gl-${randomSuffix(8)}`;
        const res = await admin.client.updateUserAuth(user.id, { auth_service: 'gitlab', auth_data: authData });
        assert.equal(res.auth_service, 'gitlab');
        assert.equal(res.auth_data, authData);
        assert.ok(!('password' in res) || res.password === '', 'no password in the answer');
        const fetched = await admin.client.getUser(user.id);
        assert.equal(fetched.auth_service, 'gitlab');
        assert.equal(fetched.auth_data, '', 'auth_data is never sent in a user');
        // the password no longer works (the answer is the masked credentials error)
        await expectClientError(newClient().login(username, password), 401, 'api.user.login.invalid_credentials_email_username');
    });

    test('a non-admin → 403 (even for themself)', async () => {
        const a = await createUserAndLogin();
        await expectClientError(a.client.updateUserAuth(a.user.id, { auth_service: 'gitlab', auth_data: 'x1' }), 403, PERMISSIONS);
        const b = await createUser();
        await expectClientError(a.client.updateUserAuth(b.user.id, { auth_service: 'gitlab', auth_data: 'x2' }), 403, PERMISSIONS);
    });

    test('missing auth_data or auth_service → 400 api.user.update_user_auth.invalid_request', async () => {
        const admin = await adminClient();
        const { user, username, password } = await createUser();
        for (const body of [{ auth_service: 'gitlab' }, { auth_data: 'abc' }, { auth_service: 'gitlab', auth_data: '' }, {}]) {
            await expectClientError(admin.client.updateUserAuth(user.id, body), 400, 'api.user.update_user_auth.invalid_request');
        }
        await newClient().login(username, password);
    });

    test('malformed JSON → 400 invalid_body_param', async () => {
        const admin = await adminClient();
        const { user } = await createUser();
        const raw = await api('PUT', `/api/v4/users/${user.id}/auth`, { token: admin.token, body: '{"auth_service":' });
        assertAppError(raw, 400, BODY_PARAM);
    });

    test('auth_data already used by another account of that service → 400 app.user.update_auth_data.email_exists.app_error', async () => {
        const admin = await adminClient();
        const a = await createUser();
        const b = await createUser();
        const authData = `gl-${randomSuffix(8)}`;
        await admin.client.updateUserAuth(a.user.id, { auth_service: 'gitlab', auth_data: authData });
        await expectClientError(admin.client.updateUserAuth(b.user.id, { auth_service: 'gitlab', auth_data: authData }),
            400, 'app.user.update_auth_data.email_exists.app_error');
        await newClient().login(b.username, b.password);
    });

    test('an SSO user\'s surviving session cannot set a password: 400 api.user.update_password.oauth.app_error', async () => {
        const admin = await adminClient();
        const u = await createUserAndLogin();
        await admin.client.updateUserAuth(u.user.id, { auth_service: 'gitlab', auth_data: `gl-${randomSuffix(8)}` });
        await expectClientError(u.client.updateUserPassword(u.user.id, u.password, randomPassword()), 400,
            'api.user.update_password.oauth.app_error');
    });

    test('an admin password reset moves the account back to email sign-in', async () => {
        const admin = await adminClient();
        const { user, username } = await createUser();
        await admin.client.updateUserAuth(user.id, { auth_service: 'gitlab', auth_data: `gl-${randomSuffix(8)}` });
        const next = randomPassword();
        await admin.client.updateUserPassword(user.id, '', next);
        const me = await newClient().login(username, next);
        assert.equal(me.auth_service, '');
    });
});
