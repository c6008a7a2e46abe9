// Personal access tokens with ServiceSettings.EnableUserAccessTokens on:
// POST /users/{user_id}/tokens, GET /users/{user_id}/tokens, GET /users/tokens,
// GET /users/tokens/{token_id}, POST /users/tokens/{revoke,disable,enable}, and the token used
// as a Bearer token.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    assertId,
    assertUserShape,
    createUser,
    createUserAndLogin,
    deactivateUser,
    expectClientError,
    newClient,
    randomSuffix,
    setupServer,
} from '../lib/helpers.js';

setupServer({ MM_SERVICESETTINGS_ENABLEUSERACCESSTOKENS: 'true' });

const PERMISSIONS = 'api.context.permissions.app_error';
const BODY_PARAM = 'api.context.invalid_body_param.app_error';
const URL_PARAM = 'api.context.invalid_url_param.app_error';
const SESSION_EXPIRED = 'api.context.session_expired.app_error';
const TOKEN_NOT_FOUND = 'app.user_access_token.get_by_user.app_error';
const UNKNOWN_ID = 'ybndrfg8ejkmcpqxot1uwisza3';
const TOKEN_ROLES = 'system_user system_user_access_token';

// tokenUser: a logged-in user who holds the system_user_access_token role.
async function tokenUser() {
    const admin = await adminClient();
    const u = await createUserAndLogin();
    await admin.client.updateUserRoles(u.user.id, TOKEN_ROLES);
    return u;
}

async function makeToken(u, description = `desc ${randomSuffix(5)}`) {
    const t = await u.client.createUserAccessToken(u.user.id, description);
    return t;
}

function assertListedToken(t, userId) {
    assert.deepEqual(Object.keys(t).sort(), ['description', 'id', 'is_active', 'user_id'],
        `a listed token has no token value: ${JSON.stringify(t)}`);
    assertId(t.id, 'token id');
    assert.equal(t.user_id, userId);
    assert.equal(typeof t.description, 'string');
    assert.equal(typeof t.is_active, 'boolean');
}

describe('POST /users/{user_id}/tokens (createUserAccessToken)', () => {
    test('without the system_user_access_token role → 403', async () => {
        const { client, user } = await createUserAndLogin();
        await expectClientError(client.createUserAccessToken(user.id, 'mine'), 403, PERMISSIONS);
        await expectClientError(client.getUserAccessTokensForUser(user.id), 403, PERMISSIONS);
    });

    test('with the role (given through updateUserRoles): 200, the token is returned once', async () => {
        const u = await tokenUser();
        const t = await makeToken(u, 'my script');
        assert.deepEqual(Object.keys(t).sort(), ['description', 'id', 'is_active', 'token', 'user_id']);
        assertId(t.id, 'token id');
        assertId(t.token, 'token value');
        assert.notEqual(t.token, t.id);
        assert.equal(t.user_id, u.user.id);
        assert.equal(t.description, 'my script');
        assert.equal(t.is_active, true);
        // never again: not in the single get, not in the lists
        const got = await u.client.getUserAccessToken(t.id);
        assertListedToken(got, u.user.id);
        assert.equal(got.description, 'my script');
        const listed = await u.client.getUserAccessTokensForUser(u.user.id);
        assert.ok(listed.some((x) => x.id === t.id));
        listed.forEach((x) => assertListedToken(x, u.user.id));
    });

    test('the token works as a Bearer token (both schemes) for the owner', async () => {
        const u = await tokenUser();
        const t = await makeToken(u);
        const me = await newClient(t.token).getMe();
        assertUserShape(me, 'self');
        assert.equal(me.id, u.user.id);
        const raw = await api('GET', '/api/v4/users/me', { headers: { Authorization: `Token ${t.token}` } });
        assert.equal(raw.status, 200, raw.text);
        assert.equal(raw.json.id, u.user.id);
    });

    test('a token session is listed with props.type UserAccessToken', async () => {
        const u = await tokenUser();
        const t = await makeToken(u);
        await newClient(t.token).getMe();
        const sessions = await u.client.getSessions(u.user.id);
        const tokenSession = sessions.find((s) => s.props.type === 'UserAccessToken');
        assert.ok(tokenSession, `a UserAccessToken session expected: ${JSON.stringify(sessions.map((s) => s.props))}`);
        assert.equal(tokenSession.props.user_access_token_id, t.id);
        assert.equal(tokenSession.token, '');
        const years = (tokenSession.expires_at - tokenSession.create_at) / (365 * 86_400_000);
        assert.ok(years > 50, `a token session lasts ~100 years, got ${years.toFixed(1)}`);
    });

    test('a token in the query string (?access_token=) is refused: 401 api.context.token_provided.app_error', async () => {
        const u = await tokenUser();
        const t = await makeToken(u);
        const raw = await api('GET', `/api/v4/users/me?access_token=${t.token}`);
        assertAppError(raw, 401, 'api.context.token_provided.app_error');
    });

    test('empty description → 400 invalid_body_param (description), even without the role', async () => {
        const plain = await createUserAndLogin();
        const err = await expectClientError(plain.client.createUserAccessToken(plain.user.id, ''), 400, BODY_PARAM);
        assert.match(err.message, /description/);
        const u = await tokenUser();
        await expectClientError(u.client.createUserAccessToken(u.user.id, ''), 400, BODY_PARAM);
        assert.deepEqual(await u.client.getUserAccessTokensForUser(u.user.id), []);
    });

    test('description over 255 characters → 400 model.user_access_token.is_valid.description.app_error', async () => {
        const u = await tokenUser();
        await expectClientError(u.client.createUserAccessToken(u.user.id, 'd'.repeat(256)), 400,
            'model.user_access_token.is_valid.description.app_error');
        const ok = await u.client.createUserAccessToken(u.user.id, 'd'.repeat(255));
        assert.equal(ok.description.length, 255);
    });

    test('malformed JSON → 400 invalid_body_param', async () => {
        const u = await tokenUser();
        const raw = await api('POST', `/api/v4/users/${u.user.id}/tokens`, { token: u.token, body: '{"description":' });
        assertAppError(raw, 400, BODY_PARAM);
    });

    test('a user with the role cannot create a token for someone else: 403', async () => {
        const u = await tokenUser();
        const other = await createUser();
        await expectClientError(u.client.createUserAccessToken(other.user.id, 'theirs'), 403, PERMISSIONS);
    });

    test('an admin creates a token for another user (who needs no role); it acts as that user', async () => {
        const admin = await adminClient();
        const { user } = await createUser();
        const t = await admin.client.createUserAccessToken(user.id, 'made by admin');
        assert.equal(t.user_id, user.id);
        const me = await newClient(t.token).getMe();
        assert.equal(me.id, user.id);
    });

    // Mattermost's handler checks the body, then the permissions, and only then looks the
    // user up (in the app layer).
    test('unknown user, admin: 400 for an empty description (checked first), else 404', async () => {
        const admin = await adminClient();
        await expectClientError(admin.client.createUserAccessToken(UNKNOWN_ID, ''), 400, BODY_PARAM);
        await expectClientError(admin.client.createUserAccessToken(UNKNOWN_ID, 'x'), 404, 'app.user.missing_account.const');
    });

    test('unknown user, non-admin with the role: 403 (the permission check comes before the lookup)', async () => {
        const u = await tokenUser();
        await expectClientError(u.client.createUserAccessToken(UNKNOWN_ID, 'x'), 403, PERMISSIONS);
    });
});

describe('reading tokens', () => {
    test('getUserAccessTokensForUser: the user\'s tokens, paged, no values', async () => {
        const u = await tokenUser();
        const a = await makeToken(u, 'one');
        const b = await makeToken(u, 'two');
        const all = await u.client.getUserAccessTokensForUser(u.user.id, 0, 100);
        assert.deepEqual(all.map((t) => t.id).sort(), [a.id, b.id].sort());
        all.forEach((t) => assertListedToken(t, u.user.id));
        const page0 = await u.client.getUserAccessTokensForUser(u.user.id, 0, 1);
        const page1 = await u.client.getUserAccessTokensForUser(u.user.id, 1, 1);
        assert.equal(page0.length, 1);
        assert.equal(page1.length, 1);
        assert.notEqual(page0[0].id, page1[0].id);
        const raw = await api('GET', `/api/v4/users/${u.user.id}/tokens`, { token: u.token });
        assert.ok(!raw.text.includes(a.token) && !raw.text.includes(b.token), 'no token value in the list');
    });

    test('another user\'s tokens: 403 for a non-admin (list and single), fine for an admin', async () => {
        const admin = await adminClient();
        const owner = await tokenUser();
        const t = await makeToken(owner);
        const snoop = await tokenUser();
        await expectClientError(snoop.client.getUserAccessTokensForUser(owner.user.id), 403, PERMISSIONS);
        await expectClientError(snoop.client.getUserAccessToken(t.id), 403, PERMISSIONS);
        const got = await admin.client.getUserAccessToken(t.id);
        assertListedToken(got, owner.user.id);
        const list = await admin.client.getUserAccessTokensForUser(owner.user.id);
        assert.deepEqual(list.map((x) => x.id), [t.id]);
    });

    test('getUserAccessTokens (all users): admin only, no values', async () => {
        const admin = await adminClient();
        const u = await tokenUser();
        const t = await makeToken(u);
        await expectClientError(u.client.getUserAccessTokens(), 403, PERMISSIONS);
        const all = await admin.client.getUserAccessTokens(0, 200);
        const mine = all.find((x) => x.id === t.id);
        assert.ok(mine, 'the new token must be listed');
        all.forEach((x) => assert.ok(!('token' in x) || x.token === '', 'no token value in the list'));
    });

    test('unknown token id → 404 app.user_access_token.get_by_user.app_error; malformed → 400', async () => {
        const u = await tokenUser();
        await expectClientError(u.client.getUserAccessToken(UNKNOWN_ID), 404, TOKEN_NOT_FOUND);
        const raw = await api('GET', '/api/v4/users/tokens/not-a-token-id', { token: u.token });
        assertAppError(raw, 400, URL_PARAM);
    });

    test('reading needs the role too (read_user_access_token)', async () => {
        const admin = await adminClient();
        const u = await createUserAndLogin();
        const t = await admin.client.createUserAccessToken(u.user.id, 'by admin');
        await expectClientError(u.client.getUserAccessToken(t.id), 403, PERMISSIONS);
        await expectClientError(u.client.getUserAccessTokensForUser(u.user.id), 403, PERMISSIONS);
    });
});

describe('disable, enable, revoke', () => {
    test('disable: the token stops working at once; enable: it works again', async () => {
        const u = await tokenUser();
        const t = await makeToken(u);
        const tokenClient = newClient(t.token);
        assert.equal((await tokenClient.getMe()).id, u.user.id); // session now cached on the server
        assert.deepEqual(await u.client.disableUserAccessToken(t.id), { status: 'OK' });
        await expectClientError(tokenClient.getMe(), 401, SESSION_EXPIRED);
        assert.equal((await u.client.getUserAccessToken(t.id)).is_active, false);
        assert.equal((await u.client.getMe()).id, u.user.id, 'the owner\'s login session is unaffected');
        assert.deepEqual(await u.client.enableUserAccessToken(t.id), { status: 'OK' });
        assert.equal((await u.client.getUserAccessToken(t.id)).is_active, true);
        assert.equal((await tokenClient.getMe()).id, u.user.id);
    });

    test('revoke: the token stops working at once and is gone', async () => {
        const u = await tokenUser();
        const t = await makeToken(u);
        const keep = await makeToken(u);
        const tokenClient = newClient(t.token);
        await tokenClient.getMe();
        assert.deepEqual(await u.client.revokeUserAccessToken(t.id), { status: 'OK' });
        await expectClientError(tokenClient.getMe(), 401, SESSION_EXPIRED);
        await expectClientError(u.client.getUserAccessToken(t.id), 404, TOKEN_NOT_FOUND);
        assert.deepEqual((await u.client.getUserAccessTokensForUser(u.user.id)).map((x) => x.id), [keep.id]);
        assert.equal((await newClient(keep.token).getMe()).id, u.user.id, 'other tokens keep working');
        await expectClientError(u.client.enableUserAccessToken(t.id), 404, TOKEN_NOT_FOUND);
    });

    test('another non-admin cannot disable or revoke someone\'s token: 403, token keeps working', async () => {
        const owner = await tokenUser();
        const t = await makeToken(owner);
        const other = await tokenUser();
        await expectClientError(other.client.disableUserAccessToken(t.id), 403, PERMISSIONS);
        await expectClientError(other.client.revokeUserAccessToken(t.id), 403, PERMISSIONS);
        assert.equal((await newClient(t.token).getMe()).id, owner.user.id);
    });

    test('an admin disables and revokes another user\'s token', async () => {
        const admin = await adminClient();
        const owner = await tokenUser();
        const t = await makeToken(owner);
        const tokenClient = newClient(t.token);
        await tokenClient.getMe();
        await admin.client.disableUserAccessToken(t.id);
        await expectClientError(tokenClient.getMe(), 401, SESSION_EXPIRED);
        await admin.client.enableUserAccessToken(t.id);
        await tokenClient.getMe();
        await admin.client.revokeUserAccessToken(t.id);
        await expectClientError(tokenClient.getMe(), 401, SESSION_EXPIRED);
    });

    test('unknown token id → 404 for revoke, disable and enable', async () => {
        const u = await tokenUser();
        await expectClientError(u.client.revokeUserAccessToken(UNKNOWN_ID), 404, TOKEN_NOT_FOUND);
        await expectClientError(u.client.disableUserAccessToken(UNKNOWN_ID), 404, TOKEN_NOT_FOUND);
        await expectClientError(u.client.enableUserAccessToken(UNKNOWN_ID), 404, TOKEN_NOT_FOUND);
    });

    test('without the role: revoke/disable/enable of one\'s own token → 403', async () => {
        const admin = await adminClient();
        const u = await createUserAndLogin();
        const t = await admin.client.createUserAccessToken(u.user.id, 'by admin');
        await expectClientError(u.client.disableUserAccessToken(t.id), 403, PERMISSIONS);
        await expectClientError(u.client.revokeUserAccessToken(t.id), 403, PERMISSIONS);
        await expectClientError(u.client.enableUserAccessToken(t.id), 403, PERMISSIONS);
        assert.equal((await newClient(t.token).getMe()).id, u.user.id);
    });

    test('a deactivated user\'s token is refused: 401', async () => {
        const admin = await adminClient();
        const u = await tokenUser();
        const t = await makeToken(u);
        const tokenClient = newClient(t.token);
        await tokenClient.getMe();
        await deactivateUser(admin.client, u.user.id);
        await expectClientError(tokenClient.getMe(), 401, SESSION_EXPIRED);
        await expectClientError(newClient(t.token).getMe(), 401, SESSION_EXPIRED);
    });

    test('a token that never existed → 401 session expired', async () => {
        const raw = await api('GET', '/api/v4/users/me', { token: UNKNOWN_ID });
        assertAppError(raw, 401, SESSION_EXPIRED);
    });
});
