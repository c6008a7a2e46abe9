// The password policy with every rule on (PasswordSettings.MinimumLength 10, Lowercase,
// Uppercase, Number, Symbol): the error id names the policy, not the rule that failed.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    createUserAndLogin,
    expectClientError,
    newClient,
    userPayload,
    setupServer,
} from '../lib/helpers.js';

setupServer({
    MM_PASSWORDSETTINGS_MINIMUMLENGTH: '10',
    MM_PASSWORDSETTINGS_LOWERCASE: 'true',
    MM_PASSWORDSETTINGS_UPPERCASE: 'true',
    MM_PASSWORDSETTINGS_NUMBER: 'true',
    MM_PASSWORDSETTINGS_SYMBOL: 'true',
});

const POLICY_ALL = 'model.user.is_valid.pwd_lowercase_uppercase_number_symbol.app_error';
const GOOD = 'Abcdefg1!x';

describe('password policy with every rule on', () => {
    test('each broken rule gives the same policy id, with the minimum length in the message', async () => {
        const admin = await adminClient();
        const { client, user, password } = await createUserAndLogin({ password: 'Start-Pw-123' });
        const broken = {
            'too short': 'Ab1!xyz',
            'no lowercase': 'ABCDEFG1!X',
            'no uppercase': 'abcdefg1!x',
            'no number': 'Abcdefgh!x',
            'no symbol': 'Abcdefgh1x',
        };
        for (const [why, pw] of Object.entries(broken)) {
            const err = await expectClientError(client.updateUserPassword(user.id, password, pw), 400, POLICY_ALL);
            assert.match(err.message, /10/, `${why}: the message names the minimum length`);
            await expectClientError(admin.client.updateUserPassword(user.id, '', pw), 400, POLICY_ALL);
        }
        const res = await client.updateUserPassword(user.id, password, GOOD);
        assert.deepEqual(res, { status: 'OK' });
        await newClient().login(user.username, GOOD);
    });

    test('the same policy applies at sign-up (createUser)', async () => {
        const admin = await adminClient();
        await expectClientError(admin.client.createUser(userPayload({ password: 'abcdefghij' })), 400, POLICY_ALL);
        const created = await admin.client.createUser(userPayload({ password: GOOD }));
        assert.ok(created.id);
    });
});
