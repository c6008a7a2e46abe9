// Personal access tokens with ServiceSettings.EnableUserAccessTokens off (the default): no
// new tokens (501), and tokens made while the setting was on are refused once it is off
// (checked by restarting on the same database with the setting switched off).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';

import {
    adminClient,
    Client4,
    createUserAndLogin,
    expectClientError,
    setupServer,
    userPayload,
} from '../lib/helpers.js';
import { startServer } from '../lib/server.js';

setupServer();

const DISABLED = 'app.user_access_token.disabled';

function clientFor(url, token) {
    const c = new Client4();
    c.setUrl(url);
    if (token) {
        c.setToken(token);
    }
    return c;
}

describe('EnableUserAccessTokens off', () => {
    test('creating a token → 501 app.user_access_token.disabled (admin, and a user with the role)', async () => {
        const admin = await adminClient();
        await expectClientError(admin.client.createUserAccessToken(admin.user.id, 'x'), 501, DISABLED);
        const u = await createUserAndLogin();
        await admin.client.updateUserRoles(u.user.id, 'system_user system_user_access_token');
        await expectClientError(u.client.createUserAccessToken(u.user.id, 'x'), 501, DISABLED);
        assert.deepEqual(await u.client.getUserAccessTokensForUser(u.user.id), []);
    });

    test('without the role the permission error comes first: 403', async () => {
        const u = await createUserAndLogin();
        await expectClientError(u.client.createUserAccessToken(u.user.id, 'x'), 403, 'api.context.permissions.app_error');
    });

    test('a token made while the setting was on is refused with 401 after switching it off', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-compat-pat-'));
        const db = { MM_SQLSETTINGS_DATASOURCE: path.join(dir, 'shared.db') };
        let srv;
        try {
            srv = await startServer({ ...db, MM_SERVICESETTINGS_ENABLEUSERACCESSTOKENS: 'true' });
            const body = userPayload();
            await clientFor(srv.url).createUser(body);
            const admin = clientFor(srv.url);
            const me = await admin.login(body.username, body.password);
            const t = await admin.createUserAccessToken(me.id, 'survives a restart?');
            assert.equal((await clientFor(srv.url, t.token).getMe()).id, me.id, 'works while on');
            assert.equal((await srv.stop()).code, 0);
            srv = null;

            srv = await startServer({ ...db, MM_SERVICESETTINGS_ENABLEUSERACCESSTOKENS: 'false' });
            await expectClientError(clientFor(srv.url, t.token).getMe(), 401, 'api.context.session_expired.app_error');
            // the account itself is fine, and the token is still listed
            const again = clientFor(srv.url);
            await again.login(body.username, body.password);
            const listed = await again.getUserAccessTokensForUser(me.id);
            assert.deepEqual(listed.map((x) => x.id), [t.id]);
        } finally {
            if (srv) {
                await srv.stop();
            }
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
