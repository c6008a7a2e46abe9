// GET /users/me, /users/{id}, /users/username/{u}, /users/email/{e} and the sanitising
// rules, default privacy settings.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    assertUserShape,
    createUserAndLogin,
    expectClientError,
    setupServer,
} from '../lib/helpers.js';

setupServer();

const UNKNOWN_ID = 'ybndrfg8ejkmcpqxot1uwisza3';

describe('GET /users/me', () => {
    test('self view has the full field set', async () => {
        const { client, user: loginUser } = await createUserAndLogin({ nickname: 'nick', position: 'pos' });
        const me = await client.getMe();
        assertUserShape(me, 'self');
        assert.equal(me.id, loginUser.id);
        assert.equal(me.nickname, 'nick');
        assert.equal(me.position, 'pos');
        assert.equal(me.first_name, 'First');
        assert.equal(me.last_name, 'Last');
        assert.equal(me.roles, 'system_user');
        assert.equal(me.locale, 'en');
        assert.equal(me.delete_at, 0);
        assert.equal(me.disable_welcome_email, false);
    });

    test('admin sees itself as system_admin system_user', async () => {
        const admin = await adminClient();
        const me = await admin.client.getMe();
        assertUserShape(me, 'self');
        assert.equal(me.roles, 'system_admin system_user');
    });

    test('GET /users/{own id} is the self view too', async () => {
        const { client, user } = await createUserAndLogin();
        const me = await client.getUser(user.id);
        assertUserShape(me, 'self');
    });

    test('no session: 401', async () => {
        const res = await api('GET', '/api/v4/users/me');
        assertAppError(res, 401, 'api.context.session_expired.app_error');
    });

    test('ETag gives 304 on If-None-Match', async () => {
        const { token } = await createUserAndLogin();
        const first = await api('GET', '/api/v4/users/me', { token });
        assert.equal(first.status, 200);
        const etag = first.headers.get('etag');
        assert.ok(etag, 'GET /users/me sends an ETag');
        const second = await api('GET', '/api/v4/users/me', { token, headers: { 'If-None-Match': etag } });
        assert.equal(second.status, 304);
        assert.equal(second.text, '');
    });
});

describe('GET /users/{user_id}', () => {
    test('a non-admin viewing another user: no notify_props, no last_password_update, names and email shown', async () => {
        const viewer = await createUserAndLogin();
        const target = await createUserAndLogin({ first_name: 'Tina', last_name: 'Target' });
        const u = await viewer.client.getUser(target.user.id);
        assertUserShape(u, 'other');
        assert.equal(u.id, target.user.id);
        assert.equal(u.email, target.email);
        assert.equal(u.first_name, 'Tina');
        assert.equal(u.last_name, 'Target');
        assert.equal(u.username, target.username);
    });

    test('an admin viewing another user: email and names shown, no last_password_update', async () => {
        const admin = await adminClient();
        const target = await createUserAndLogin({ first_name: 'Tina', last_name: 'Target' });
        const u = await admin.client.getUser(target.user.id);
        assertUserShape(u, 'admin');
        assert.equal(u.email, target.email);
        assert.equal(u.first_name, 'Tina');
    });

    test('a non-admin can see the admin', async () => {
        const admin = await adminClient();
        const viewer = await createUserAndLogin();
        const u = await viewer.client.getUser(admin.user.id);
        assertUserShape(u, 'other');
        assert.equal(u.roles, 'system_admin system_user');
    });

    test('unknown id: 404 app.user.missing_account.const', async () => {
        const { client } = await createUserAndLogin();
        await expectClientError(client.getUser(UNKNOWN_ID), 404, 'app.user.missing_account.const');
    });

    test('malformed id: 400 api.context.invalid_url_param.app_error', async () => {
        const { client, token } = await createUserAndLogin();
        await expectClientError(client.getUser('abc'), 400, 'api.context.invalid_url_param.app_error');
        const res = await api('GET', '/api/v4/users/abc', { token });
        assertAppError(res, 400, 'api.context.invalid_url_param.app_error');
    });

    test('no session: 401', async () => {
        const admin = await adminClient();
        const res = await api('GET', `/api/v4/users/${admin.user.id}`);
        assertAppError(res, 401, 'api.context.session_expired.app_error');
    });
});

describe('GET /users/username/{username}', () => {
    test('own username: self view', async () => {
        const { client, user } = await createUserAndLogin();
        const u = await client.getUserByUsername(user.username);
        assertUserShape(u, 'self');
        assert.equal(u.id, user.id);
    });

    test('another user: viewer-dependent view', async () => {
        const viewer = await createUserAndLogin();
        const target = await createUserAndLogin();
        const u = await viewer.client.getUserByUsername(target.username);
        assertUserShape(u, 'other');
        assert.equal(u.id, target.user.id);
    });

    test('unknown username: 404 app.user.get_by_username.app_error', async () => {
        const { client } = await createUserAndLogin();
        await expectClientError(client.getUserByUsername('nosuchuser98765'), 404, 'app.user.get_by_username.app_error');
    });

    test('upper-case username in the path: 400 api.context.invalid_body_param.app_error', async () => {
        const viewer = await createUserAndLogin();
        const target = await createUserAndLogin();
        await expectClientError(viewer.client.getUserByUsername(target.username.toUpperCase()),
            400, 'api.context.invalid_body_param.app_error');
    });
});

describe('GET /users/email/{email}', () => {
    test('another user by email: viewer-dependent view', async () => {
        const viewer = await createUserAndLogin();
        const target = await createUserAndLogin();
        const u = await viewer.client.getUserByEmail(target.email);
        assertUserShape(u, 'other');
        assert.equal(u.id, target.user.id);
    });

    test('own email: still the viewer-dependent view (no notify_props)', async () => {
        const { client, user, email } = await createUserAndLogin();
        const u = await client.getUserByEmail(email);
        assert.equal(u.id, user.id);
        assertUserShape(u, 'other');
    });

    test('the path email is lower-cased before the lookup', async () => {
        const viewer = await createUserAndLogin();
        const target = await createUserAndLogin();
        const u = await viewer.client.getUserByEmail(target.email.toUpperCase());
        assert.equal(u.id, target.user.id);
    });

    test('admin by email', async () => {
        const admin = await adminClient();
        const target = await createUserAndLogin();
        const u = await admin.client.getUserByEmail(target.email);
        assertUserShape(u, 'admin');
        assert.equal(u.id, target.user.id);
    });

    test('unknown email: 404 app.user.missing_account.const', async () => {
        const { client } = await createUserAndLogin();
        await expectClientError(client.getUserByEmail('nobody-here@example.com'), 404, 'app.user.missing_account.const');
    });

    test('invalid email: 400 api.context.invalid_url_param.app_error', async () => {
        const { client } = await createUserAndLogin();
        await expectClientError(client.getUserByEmail('not-an-email'), 400, 'api.context.invalid_url_param.app_error');
    });
});
