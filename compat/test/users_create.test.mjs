// POST /users with the default configuration:
// EnableOpenServer off, so only the first account can sign up anonymously.
// The tests in this file run in order; the first one creates the installation's first user.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    assertId,
    assertUserShape,
    expectClientError,
    newClient,
    randomEmail,
    randomPassword,
    randomUsername,
    registerAdmin,
    setupServer,
    userPayload,
} from '../lib/helpers.js';

setupServer();

describe('POST /users', () => {
    test('the first user signs up anonymously and becomes system admin (201)', async () => {
        const body = userPayload({ username: randomUsername('first'), roles: 'system_user', nickname: 'Nick' });
        const client = newClient();
        // doFetchWithResponse is what createUser uses; it also gives us the HTTP status.
        const { response, data: user } = await client.doFetchWithResponse(client.getUsersRoute(), {
            method: 'post',
            body: JSON.stringify(body),
        });
        assert.equal(response.status, 201);
        assertUserShape(user, 'self');
        assert.equal(user.roles, 'system_admin system_user');
        assert.equal(user.username, body.username);
        assert.equal(user.email, body.email);
        assert.equal(user.first_name, 'First');
        assert.equal(user.last_name, 'Last');
        assert.equal(user.nickname, 'Nick');
        assert.equal(user.delete_at, 0);
        assert.equal(user.locale, 'en');
        assert.equal(user.auth_service, '');
        assert.deepEqual(user.timezone, { automaticTimezone: '', manualTimezone: '', useAutomaticTimezone: 'true' });
        assert.equal(user.update_at, user.create_at);
        assert.equal(user.last_password_update, user.create_at);
        const loggedIn = newClient();
        const me = await loggedIn.login(body.username, body.password);
        registerAdmin({ client: loggedIn, user: me, password: body.password, token: loggedIn.getToken(), email: body.email });
    });

    test('default notify_props are filled in', async () => {
        const admin = await adminClient();
        const user = await admin.client.createUser(userPayload());
        assert.deepEqual(user.notify_props, {
            channel: 'true',
            comments: 'never',
            desktop: 'mention',
            desktop_sound: 'true',
            desktop_threads: 'all',
            email: 'true',
            email_threads: 'all',
            first_name: 'false',
            mention_keys: '',
            push: 'mention',
            push_status: 'away',
            push_threads: 'all',
        });
    });

    test('a second anonymous sign-up is refused: 403 api.user.create_user.no_open_server', async () => {
        await adminClient();
        await expectClientError(newClient().createUser(userPayload()), 403, 'api.user.create_user.no_open_server');
        const res = await api('POST', '/api/v4/users', { body: userPayload() });
        assertAppError(res, 403, 'api.user.create_user.no_open_server');
    });

    test('an admin can create users; roles in the body are ignored', async () => {
        const admin = await adminClient();
        const body = userPayload({ roles: 'system_admin system_user' });
        const user = await admin.client.createUser(body);
        assertUserShape(user, 'self');
        assert.equal(user.roles, 'system_user');
        // and the new user can log in
        const client = newClient();
        const me = await client.login(body.username, body.password);
        assert.equal(me.id, user.id);
    });

    test('admin create answers 201 (raw)', async () => {
        const admin = await adminClient();
        const res = await api('POST', '/api/v4/users', { token: admin.token, body: userPayload() });
        assert.equal(res.status, 201, res.text);
        assertUserShape(res.json, 'self');
    });

    test('username and email are lower-cased', async () => {
        const admin = await adminClient();
        const name = randomUsername('mixed');
        const user = await admin.client.createUser(userPayload({
            username: name.toUpperCase(),
            email: `${name.toUpperCase()}@Example.COM`,
        }));
        assert.equal(user.username, name);
        assert.equal(user.email, `${name}@example.com`);
    });

    test('an empty username is replaced by a generated 26-char id', async () => {
        const admin = await adminClient();
        const user = await admin.client.createUser(userPayload({ username: '' }));
        assertId(user.username, 'generated username');
    });

    test('duplicate username: 400 app.user.save.username_exists.app_error', async () => {
        const admin = await adminClient();
        const first = await admin.client.createUser(userPayload());
        await expectClientError(
            admin.client.createUser(userPayload({ username: first.username })),
            400, 'app.user.save.username_exists.app_error');
    });

    test('duplicate username differing only in case is still a duplicate', async () => {
        const admin = await adminClient();
        const first = await admin.client.createUser(userPayload());
        await expectClientError(
            admin.client.createUser(userPayload({ username: first.username.toUpperCase() })),
            400, 'app.user.save.username_exists.app_error');
    });

    test('duplicate email: 400 app.user.save.email_exists.app_error', async () => {
        const admin = await adminClient();
        const first = await admin.client.createUser(userPayload());
        await expectClientError(
            admin.client.createUser(userPayload({ email: first.email })),
            400, 'app.user.save.email_exists.app_error');
        await expectClientError(
            admin.client.createUser(userPayload({ email: first.email.toUpperCase() })),
            400, 'app.user.save.email_exists.app_error');
    });

    for (const [label, username] of [
        ['spaces and punctuation', 'bad user!'],
        ['too long (65 chars)', `a${'b'.repeat(64)}`],
        ['reserved word "all"', 'all'],
        ['reserved word "system"', 'system'],
        ['reserved word "matterbot"', 'matterbot'],
        ['non-ASCII letter', 'jürgen'],
    ]) {
        test(`invalid username (${label}): 400 model.user.is_valid.username.app_error`, async () => {
            const admin = await adminClient();
            await expectClientError(
                admin.client.createUser(userPayload({ username, email: randomEmail() })),
                400, 'model.user.is_valid.username.app_error');
        });
    }

    for (const [label, email] of [
        ['no @', 'not-an-email'],
        ['display name', 'Bob <bob@example.com>'],
    ]) {
        test(`invalid email (${label}): 400 model.user.is_valid.email.app_error`, async () => {
            const admin = await adminClient();
            await expectClientError(
                admin.client.createUser(userPayload({ email })),
                400, 'model.user.is_valid.email.app_error');
        });
    }

    test('nickname longer than 64 runes: 400 model.user.is_valid.nickname.app_error', async () => {
        const admin = await adminClient();
        await expectClientError(
            admin.client.createUser(userPayload({ nickname: 'n'.repeat(65) })),
            400, 'model.user.is_valid.nickname.app_error');
    });

    test('password too short (7 < 8 bytes): 400 model.user.is_valid.pwd.app_error', async () => {
        const admin = await adminClient();
        await expectClientError(
            admin.client.createUser(userPayload({ password: 'abc1234' })),
            400, 'model.user.is_valid.pwd.app_error');
    });

    test('password of exactly 8 bytes is accepted', async () => {
        const admin = await adminClient();
        const user = await admin.client.createUser(userPayload({ password: 'abcd1234' }));
        assertId(user.id);
    });

    test('empty password: 400 model.user.is_valid.pwd.app_error', async () => {
        const admin = await adminClient();
        await expectClientError(
            admin.client.createUser(userPayload({ password: '' })),
            400, 'model.user.is_valid.pwd.app_error');
    });

    test('password longer than 72 bytes is refused with 400', async () => {
        const admin = await adminClient();
        await expectClientError(
            admin.client.createUser(userPayload({ password: 'x'.repeat(73) })),
            400, 'model.user.is_valid.pwd.app_error');
    });

    test('the password is never returned', async () => {
        const admin = await adminClient();
        const body = userPayload({ password: randomPassword() });
        const res = await api('POST', '/api/v4/users', { token: admin.token, body });
        assert.equal(res.status, 201);
        assert.ok(!res.text.includes(body.password), 'the plain password must not appear in the response');
        assert.ok(!('password' in res.json));
    });

    test('malformed JSON: 400 api.context.invalid_body_param.app_error', async () => {
        const admin = await adminClient();
        const res = await api('POST', '/api/v4/users', { token: admin.token, body: '{not json' });
        assertAppError(res, 400, 'api.context.invalid_body_param.app_error');
    });

    test('ids are distinct, valid and server-assigned', async () => {
        const admin = await adminClient();
        const a = await admin.client.createUser(userPayload());
        const b = await admin.client.createUser(userPayload());
        assertId(a.id);
        assertId(b.id);
        assert.notEqual(a.id, b.id);
    });
});
