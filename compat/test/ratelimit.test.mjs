// Roster's limits on credential attempts (RateLimitSettings.AuthPerMinutePerIP /
// AuthMaxBurstPerIP and AuthPerMinutePerAccount / AuthMaxBurstPerAccount; Roster-only
// settings): past a limit, login answers 429 with the JSON AppError
// api.context.rate_limited.app_error and a Retry-After header. The limits are set here
// explicitly (60 a minute with a burst of 30 per address, 10/10 per account) so the test does
// not depend on the shipped defaults; the lock-out after failed logins is raised out of the
// way so that the answers come from the limiter alone.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    createUser,
    expectClientError,
    loginRaw,
    newClient,
    randomSuffix,
    setupServer,
} from '../lib/helpers.js';

setupServer({
    MM_RATELIMITSETTINGS_AUTHPERMINUTEPERIP: '60',
    MM_RATELIMITSETTINGS_AUTHMAXBURSTPERIP: '30',
    MM_RATELIMITSETTINGS_AUTHPERMINUTEPERACCOUNT: '10',
    MM_RATELIMITSETTINGS_AUTHMAXBURSTPERACCOUNT: '10',
    MM_SERVICESETTINGS_MAXIMUMLOGINATTEMPTS: '1000',
});

const LIMITED = 'api.context.rate_limited.app_error';
const INVALID_CREDENTIALS = 'api.user.login.invalid_credentials_email_username';

function assertLimited(res, maxWaitSeconds) {
    assertAppError(res, 429, LIMITED);
    const retry = res.headers.get('retry-after');
    assert.match(retry ?? '', /^[1-9][0-9]*$/, `Retry-After must be a positive number of seconds, got ${retry}`);
    assert.ok(Number(retry) <= maxWaitSeconds, `Retry-After ${retry} s is longer than one token of the bucket (${maxWaitSeconds} s)`);
    assert.equal(res.headers.get('token'), null, 'no session on a limited login');
}

describe('login attempt limits', () => {
    test('per account: the 11th quick attempt → 429 + Retry-After, even with the right password', async () => {
        const admin = await adminClient();
        assert.ok(admin.token);
        const { username, password } = await createUser();
        for (let i = 0; i < 10; i++) {
            const res = await loginRaw(username, `wrong-${i}-password`);
            assertAppError(res, 401, INVALID_CREDENTIALS);
        }
        const limited = await loginRaw(username, 'wrong-again');
        assertLimited(limited, 6); // 10 per minute: one attempt every 6 s
        assertLimited(await loginRaw(username, password), 6);
        // the official client sees the same error
        await expectClientError(newClient().login(username, password), 429, LIMITED);
        // another account from the same address is not affected by this account's limit
        const other = await createUser();
        const ok = await loginRaw(other.username, other.password);
        assert.equal(ok.status, 200, ok.text);
    });

    test('the account limit does not depend on the case of the login id', async () => {
        const { username } = await createUser();
        for (let i = 0; i < 10; i++) {
            const res = await loginRaw(i % 2 ? username.toUpperCase() : username, `wrong-${i}-password`);
            assertAppError(res, 401, INVALID_CREDENTIALS);
        }
        assertLimited(await loginRaw(username.toUpperCase(), 'wrong'), 6);
        assertLimited(await loginRaw(username, 'wrong'), 6);
    });

    test('per address: many failed logins for different names → 429 + Retry-After', async () => {
        let first429 = null;
        for (let i = 0; i < 45 && first429 === null; i++) {
            const res = await loginRaw(`nobody${randomSuffix(8)}`, 'wrong-password');
            if (res.status === 429) {
                first429 = res;
            } else {
                assertAppError(res, 401, INVALID_CREDENTIALS);
            }
        }
        assert.ok(first429, 'the per-address limit (burst 30) must be reached within 45 attempts');
        assertLimited(first429, 1); // 60 per minute: one attempt per second
        // now every login from this address is refused, a correct one too
        const { username, password } = await createUser();
        assertLimited(await loginRaw(username, password), 1);
    });

    test('X-Forwarded-For does not open a new bucket (no trusted proxy header configured)', async () => {
        const res = await loginRaw(`nobody${randomSuffix(8)}`, 'wrong-password', { headers: { 'X-Forwarded-For': '203.0.113.7' } });
        assertLimited(res, 1);
    });

    test('other requests are not limited: an existing session keeps working', async () => {
        const admin = await adminClient();
        const me = await admin.client.getMe();
        assert.equal(me.id, admin.user.id);
        const ping = await api('GET', '/api/v4/system/ping');
        assert.equal(ping.status, 200);
    });

    test('the bucket refills: after Retry-After seconds a login goes through again', async () => {
        const { username, password } = await createUser();
        let limited = null;
        for (let i = 0; i < 45 && !limited; i++) {
            const res = await loginRaw(`nobody${randomSuffix(8)}`, 'wrong-password');
            if (res.status === 429) {
                limited = res;
            }
        }
        assert.ok(limited, 'the address must be limited again within 45 attempts');
        const wait = Number(limited.headers.get('retry-after'));
        await new Promise((r) => setTimeout(r, wait * 1000 + 200));
        const res = await loginRaw(username, password);
        assert.equal(res.status, 200, res.text);
    });
});
