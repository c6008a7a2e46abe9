// Behaviour that depends on non-default settings:
// TeamSettings.EnableOpenServer and TeamSettings.EnableUserDeactivation switched on.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    assertUserShape,
    deactivateUser,
    expectClientError,
    newClient,
    setupServer,
    userPayload,
} from '../lib/helpers.js';

setupServer({
    MM_TEAMSETTINGS_ENABLEOPENSERVER: 'true',
    MM_TEAMSETTINGS_ENABLEUSERDEACTIVATION: 'true',
});

async function signUpAndLogin() {
    const body = userPayload();
    const user = await newClient().createUser(body);
    const client = newClient();
    await client.login(body.username, body.password);
    return { client, user, ...body };
}

describe('open server', () => {
    test('anonymous sign-up after the first user is allowed and gives system_user', async () => {
        const admin = await adminClient();
        assert.equal(admin.user.roles, 'system_admin system_user');
        const body = userPayload({ roles: 'system_admin system_user' });
        const res = await api('POST', '/api/v4/users', { body });
        assert.equal(res.status, 201, res.text);
        assertUserShape(res.json, 'self');
        assert.equal(res.json.roles, 'system_user');
    });

    test('validation still applies to anonymous sign-up', async () => {
        await adminClient();
        await expectClientError(newClient().createUser(userPayload({ password: 'short' })), 400, 'model.user.is_valid.pwd.app_error');
    });
});

describe('self-deactivation enabled', () => {
    test('a user deactivates themself with DELETE /users/{own id}; the session is revoked', async () => {
        await adminClient();
        const u = await signUpAndLogin();
        const token = u.client.getToken();
        const res = await deactivateUser(u.client, u.user.id);
        assert.deepEqual(res, { status: 'OK' });
        const me = await api('GET', '/api/v4/users/me', { token });
        assertAppError(me, 401, 'api.context.session_expired.app_error');
        await expectClientError(newClient().login(u.username, u.password), 401, 'api.user.login.inactive.app_error');
    });

    test('a user deactivates themself with PUT /users/{own id}/active {active:false}', async () => {
        await adminClient();
        const u = await signUpAndLogin();
        const token = u.client.getToken();
        const res = await u.client.updateUserActive(u.user.id, false);
        assert.deepEqual(res, { status: 'OK' });
        await expectClientError(newClient(token).getMe(), 401, 'api.context.session_expired.app_error');
    });

    test('a user still cannot deactivate someone else', async () => {
        await adminClient();
        const a = await signUpAndLogin();
        const b = await signUpAndLogin();
        await expectClientError(deactivateUser(a.client, b.user.id), 403, 'api.context.permissions.app_error');
        await expectClientError(a.client.updateUserActive(b.user.id, false), 403, 'api.user.update_active.permissions.app_error');
    });
});
