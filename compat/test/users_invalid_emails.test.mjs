// GET /users/invalid_emails (raw: the client has no method): the accounts whose address is
// outside TeamSettings.RestrictCreationToDomains. Accounts with other domains cannot be
// created while the restriction is on, so the main test creates them on a server without it
// and then restarts on the same database with the restriction set.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    Client4,
    createUserAndLogin,
    randomSuffix,
    setupServer,
    userPayload,
} from '../lib/helpers.js';
import { startServer } from '../lib/server.js';

setupServer();

const PERMISSIONS = 'api.context.permissions.app_error';

function clientFor(url, token) {
    const c = new Client4();
    c.setUrl(url);
    if (token) {
        c.setToken(token);
    }
    return c;
}

async function invalidEmails(url, token, query = '') {
    const res = await fetch(`${url}/api/v4/users/invalid_emails${query}`, { headers: { Authorization: `Bearer ${token}` } });
    const text = await res.text();
    return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
}

describe('GET /users/invalid_emails', () => {
    test('without a domain restriction nobody is listed (Roster, documented); a plain user → 403', async () => {
        const admin = await adminClient();
        const res = await api('GET', '/api/v4/users/invalid_emails', { token: admin.token });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.json, []);
        const u = await createUserAndLogin();
        assertAppError(await api('GET', '/api/v4/users/invalid_emails', { token: u.token }), 403, PERMISSIONS);
        assertAppError(await api('GET', '/api/v4/users/invalid_emails'), 401, 'api.context.session_expired.app_error');
    });

    test('with RestrictCreationToDomains: the active accounts outside the domains, paged by username', async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-compat-invalid-emails-'));
        const db = { MM_SQLSETTINGS_DATASOURCE: path.join(dir, 'shared.db') };
        const tag = randomSuffix(6);
        let srv;
        try {
            // 1. accounts of all kinds, while any domain is allowed
            srv = await startServer(db);
            const adminBody = userPayload({ username: `a${tag}admin`, email: `a${tag}admin@example.com` });
            await clientFor(srv.url).createUser(adminBody);
            const admin = clientFor(srv.url);
            await admin.login(adminBody.username, adminBody.password);
            const make = async (username, email) => admin.createUser(userPayload({ username, email }));
            await make(`b${tag}good`, `good${tag}@example.com`);
            await make(`c${tag}upper`, `upper${tag}@EXAMPLE.com`);
            const elsewhere = await make(`d${tag}elsewhere`, `x${tag}@elsewhere.org`);
            const lookalike = await make(`e${tag}lookalike`, `x${tag}@example.com.evil.net`);
            const sub = await make(`f${tag}sub`, `x${tag}@mail.example.com`);
            const gone = await make(`g${tag}gone`, `gone${tag}@elsewhere.org`);
            await admin.doFetch(`${admin.getUserRoute(gone.id)}`, { method: 'delete' });
            const plainBody = userPayload({ username: `h${tag}plain`, email: `plain${tag}@example.com` });
            await admin.createUser(plainBody);
            assert.equal((await srv.stop()).code, 0);
            srv = null;

            // 2. the same database with the restriction on
            srv = await startServer({ ...db, MM_TEAMSETTINGS_RESTRICTCREATIONTODOMAINS: 'example.com' });
            const again = clientFor(srv.url);
            await again.login(adminBody.username, adminBody.password);
            const res = await invalidEmails(srv.url, again.getToken());
            assert.equal(res.status, 200, res.text);
            // the address must end with @example.com (Roster, documented: Mattermost looks for the
            // domain anywhere in the address); deactivated accounts are not listed
            const expected = [elsewhere, lookalike, sub];
            assert.deepEqual(res.json.map((u) => u.username), expected.map((u) => u.username), 'ordered by username');
            assert.deepEqual(res.json.map((u) => u.email), expected.map((u) => u.email));
            for (const u of res.json) {
                for (const key of ['password', 'mfa_secret']) {
                    assert.ok(!(key in u), `${key} must never be sent`);
                }
            }

            const page0 = await invalidEmails(srv.url, again.getToken(), '?page=0&per_page=2');
            const page1 = await invalidEmails(srv.url, again.getToken(), '?page=1&per_page=2');
            assert.deepEqual(page0.json.map((u) => u.id), [elsewhere.id, lookalike.id]);
            assert.deepEqual(page1.json.map((u) => u.id), [sub.id]);

            const plain = clientFor(srv.url);
            await plain.login(plainBody.username, plainBody.password);
            const denied = await invalidEmails(srv.url, plain.getToken());
            assert.equal(denied.status, 403, denied.text);
            assert.equal(denied.json.id, PERMISSIONS);
            assert.equal((await srv.stop()).code, 0);
            srv = null;

            // 3. with open sign-up on, Mattermost refuses the list: 400
            srv = await startServer({ ...db, MM_TEAMSETTINGS_RESTRICTCREATIONTODOMAINS: 'example.com', MM_TEAMSETTINGS_ENABLEOPENSERVER: 'true' });
            const third = clientFor(srv.url);
            await third.login(adminBody.username, adminBody.password);
            const open = await invalidEmails(srv.url, third.getToken());
            assert.equal(open.status, 400, open.text);
            assert.ok(open.json?.id, `an AppError: ${open.text}`);
        } finally {
            if (srv) {
                await srv.stop();
            }
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
