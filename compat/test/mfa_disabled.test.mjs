// Multi-factor authentication with ServiceSettings.EnableMultifactorAuthentication off (the
// default): the MFA endpoints answer 501, deactivation still works, POST /users/mfa is gone.

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
    setupServer,
} from '../lib/helpers.js';

setupServer();

const DISABLED = 'mfa.mfa_disabled.app_error';

describe('MFA switched off', () => {
    test('generateMfaSecret → 501 mfa.mfa_disabled.app_error', async () => {
        const { client, user } = await createUserAndLogin();
        await expectClientError(client.generateMfaSecret(user.id), 501, DISABLED);
        const raw = await api('POST', `/api/v4/users/${user.id}/mfa/generate`, { token: client.getToken() });
        assertAppError(raw, 501, DISABLED);
    });

    test('generate: the permission check comes first (403 for another user\'s secret)', async () => {
        const a = await createUserAndLogin();
        const b = await createUser();
        await expectClientError(a.client.generateMfaSecret(b.user.id), 403, 'api.context.permissions.app_error');
    });

    test('activating → 501 mfa.mfa_disabled.app_error', async () => {
        const { client, user } = await createUserAndLogin();
        await expectClientError(client.updateUserMfa(user.id, true, '123456'), 501, DISABLED);
        const me = await client.getMe();
        assert.ok(!me.mfa_active, 'mfa_active must stay off');
    });

    test('deactivating is allowed: 200 {"status":"OK"}', async () => {
        const { client, user } = await createUserAndLogin();
        const res = await client.updateUserMfa(user.id, false);
        assert.deepEqual(res, { status: 'OK' });
        const admin = await adminClient();
        assert.deepEqual(await admin.client.updateUserMfa(user.id, false), { status: 'OK' });
    });

    test('login ignores an MFA token', async () => {
        const { user, username, password } = await createUser();
        const me = await newClient().login(username, password, '123456');
        assert.equal(me.id, user.id);
    });

    test('POST /users/mfa (legacy check) is not routed: 404 api.context.404.app_error', async () => {
        const { username } = await createUser();
        const raw = await api('POST', '/api/v4/users/mfa', { body: { login_id: username } });
        assertAppError(raw, 404, 'api.context.404.app_error');
    });
});
