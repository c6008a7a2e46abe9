// The whole password reset flow through email: POST /users/password/reset/send
// (sendPasswordResetEmail) mails a link to a test SMTP server (lib/smtp.js); its token is
// used with POST /users/password/reset (resetUserPassword).

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import {
    adminClient,
    createUser,
    createUserAndLogin,
    expectClientError,
    newClient,
    randomPassword,
    randomSuffix,
    setupServer,
} from '../lib/helpers.js';
import { startSmtp } from '../lib/smtp.js';

const smtp = await startSmtp();
after(() => smtp.close());

setupServer({
    MM_EMAILSETTINGS_SENDEMAILNOTIFICATIONS: 'true',
    MM_EMAILSETTINGS_SMTPSERVER: '127.0.0.1',
    MM_EMAILSETTINGS_SMTPPORT: String(smtp.port),
});

const INVALID_LINK = 'api.user.reset_password.invalid_link.app_error';
const INVALID_CREDENTIALS = 'api.user.login.invalid_credentials_email_username';

// resetMails returns the reset emails received for `email` so far.
// (Other emails go to the same address now: welcome and password-changed notifications.)
const resetMails = (email) => smtp.messages.filter((m) => m.to.includes(email) && /Reset your password/.test(m.headers.subject ?? ''));

async function resetToken(email, count = 1) {
    await smtp.waitFor(() => resetMails(email).length >= count);
    const msg = resetMails(email)[count - 1];
    const m = /\/reset_password_complete\?token=([A-Za-z0-9]+)/.exec(msg.text);
    assert.ok(m, `the email must contain a reset link: ${msg.text.slice(0, 1500)}`);
    return { token: m[1], msg };
}

describe('password reset by email', () => {
    test('the emailed link resets the password; the token is 64 characters and works once', async () => {
        const { user, email, username, password } = await createUser();
        assert.deepEqual(await newClient().sendPasswordResetEmail(email), { status: 'OK' });
        const { token, msg } = await resetToken(email);
        assert.equal(token.length, 64);
        assert.ok(msg.text.includes(`${newClient().getUrl()}/reset_password_complete?token=`), 'the link is built from SiteURL');
        const next = randomPassword();
        assert.deepEqual(await newClient().resetUserPassword(token, next), { status: 'OK' });
        const me = await newClient().login(username, next);
        assert.equal(me.id, user.id);
        await expectClientError(newClient().login(username, password), 401, INVALID_CREDENTIALS);
        await expectClientError(newClient().resetUserPassword(token, randomPassword()), 400, INVALID_LINK);
    });

    test('the email address is matched without regard to case', async () => {
        const { email } = await createUser();
        await newClient().sendPasswordResetEmail(email.toUpperCase());
        const { token } = await resetToken(email);
        assert.equal(token.length, 64);
    });

    test('a password the policy refuses leaves the token usable', async () => {
        const { email, username } = await createUser();
        await newClient().sendPasswordResetEmail(email);
        const { token } = await resetToken(email);
        await expectClientError(newClient().resetUserPassword(token, 'short'), 400, 'model.user.is_valid.pwd.app_error');
        const next = randomPassword();
        await newClient().resetUserPassword(token, next);
        await newClient().login(username, next);
    });

    test('a new request replaces the earlier link', async () => {
        const { email, username } = await createUser();
        await newClient().sendPasswordResetEmail(email);
        const first = await resetToken(email, 1);
        await newClient().sendPasswordResetEmail(email);
        const second = await resetToken(email, 2);
        assert.notEqual(first.token, second.token);
        await expectClientError(newClient().resetUserPassword(first.token, randomPassword()), 400, INVALID_LINK);
        const next = randomPassword();
        await newClient().resetUserPassword(second.token, next);
        await newClient().login(username, next);
    });

    test('a reset unlocks an account locked by failed logins', async () => {
        const { email, username } = await createUser();
        for (let i = 0; i < 10; i++) {
            await expectClientError(newClient().login(username, `wrong-${i}-pw`), 401, INVALID_CREDENTIALS);
        }
        await newClient().sendPasswordResetEmail(email);
        const { token } = await resetToken(email);
        const next = randomPassword();
        await newClient().resetUserPassword(token, next);
        await newClient().login(username, next);
    });

    test('unknown addresses and SSO accounts get 200 but no email', async () => {
        const admin = await adminClient();
        const sso = await createUserAndLogin();
        await admin.client.updateUserAuth(sso.user.id, { auth_service: 'gitlab', auth_data: `gl-${randomSuffix(8)}` });
        const nobody = `nobody-${randomSuffix(8)}@example.com`;
        assert.deepEqual(await newClient().sendPasswordResetEmail(nobody), { status: 'OK' });
        assert.deepEqual(await newClient().sendPasswordResetEmail(sso.email), { status: 'OK' });
        // a normal request made afterwards is delivered; then give the others time to show up
        const { email } = await createUser();
        await newClient().sendPasswordResetEmail(email);
        await resetToken(email);
        await new Promise((r) => setTimeout(r, 1000));
        assert.equal(resetMails(nobody).length, 0, 'no email to an unknown address');
        assert.equal(resetMails(sso.email).length, 0, 'no reset link for an account that signs in elsewhere');
    });
});
