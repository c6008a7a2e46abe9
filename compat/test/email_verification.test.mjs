// Email verification with EmailSettings.RequireEmailVerification on, mail delivered to the
// test SMTP server (lib/smtp.js): sign-up → login refused → the emailed /do_verify_email link's
// token with POST /users/email/verify (verifyUserEmail) → login works;
// POST /users/email/verify/send (sendVerificationEmail);
// POST /users/{user_id}/email/verify/member (admin, raw: the client has no method);
// an email address change applied only once its link is followed; and the notification email
// on a password change (EmailSettings.SendEmailNotifications on).

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    assertUserShape,
    createUser,
    createUserAndLogin,
    emailLink,
    expectClientError,
    newClient,
    randomEmail,
    randomPassword,
    randomUsername,
    registerAdmin,
    setupServer,
    userPayload,
} from '../lib/helpers.js';
import { startSmtp } from '../lib/smtp.js';

const smtp = await startSmtp();
after(() => smtp.close());

setupServer({
    MM_EMAILSETTINGS_REQUIREEMAILVERIFICATION: 'true',
    MM_EMAILSETTINGS_SENDEMAILNOTIFICATIONS: 'true',
    MM_EMAILSETTINGS_SMTPSERVER: '127.0.0.1',
    MM_EMAILSETTINGS_SMTPPORT: String(smtp.port),
    MM_EMAILSETTINGS_CONNECTIONSECURITY: '',
    MM_TEAMSETTINGS_ENABLEOPENSERVER: 'true',
});

const NOT_VERIFIED = 'api.user.login.not_verified.app_error';
const BAD_LINK = 'api.user.verify_email.bad_link.app_error';
const BODY_PARAM = 'api.context.invalid_body_param.app_error';
const PERMISSIONS = 'api.context.permissions.app_error';
const UNKNOWN_ID = 'ybndrfg8ejkmcpqxot1uwisza3';

const mailsTo = (email) => smtp.messages.filter((m) => m.to.includes(email.toLowerCase()));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// verifyLink waits for the n-th (1-based) email to `email` carrying a /do_verify_email link
// and returns { token, email, msg }.
async function verifyLink(email, n = 1) {
    const withLink = () => mailsTo(email).filter((m) => m.text.includes('/do_verify_email?'));
    await smtp.waitFor(() => withLink().length >= n);
    const msg = withLink()[n - 1];
    const { url, params } = emailLink(msg, '/do_verify_email');
    assert.ok(url.startsWith(`${newClient().getUrl()}/do_verify_email?`), `the link is built from SiteURL: ${url}`);
    return { token: params.get('token'), email: params.get('email'), msg };
}

// signUp creates an account anonymously (open server) and returns { user, body }.
async function signUp(overrides = {}) {
    await ensureAdmin();
    const body = userPayload(overrides);
    const user = await newClient().createUser(body);
    return { user, body };
}

// The first account becomes the system admin; with verification required it must follow
// its own link before it can log in. Every helper below makes sure it exists first, so that
// no test's own sign-up becomes the first account.
let adminReady = null;
function ensureAdmin() {
    if (!adminReady) {
        adminReady = (async () => {
            const body = userPayload({ username: randomUsername('admin') });
            const user = await newClient().createUser(body);
            assert.equal(user.roles, 'system_admin system_user');
            await expectClientError(newClient().login(body.username, body.password), 401, NOT_VERIFIED);
            const { token } = await verifyLink(body.email);
            await newClient().verifyUserEmail(token);
            const client = newClient();
            const me = await client.login(body.username, body.password);
            registerAdmin({ client, user: me, password: body.password, token: client.getToken(), email: body.email });
        })();
    }
    return adminReady;
}

const admin = async () => {
    await ensureAdmin();
    return adminClient();
};

const makeUser = async (overrides) => {
    await ensureAdmin();
    return createUser(overrides);
};

// A logged-in account whose address is already verified (created by the admin).
const verifiedUser = async () => {
    await ensureAdmin();
    return createUserAndLogin({ email_verified: true });
};

describe('sign-up with RequireEmailVerification', () => {
    test('login is refused until the emailed link is followed; then it works', async () => {
        const { user, body } = await signUp();
        assert.ok(!('email_verified' in user) || user.email_verified === false,
            `a new sign-up is not verified (email_verified is omitted when false): ${user.email_verified}`);
        await expectClientError(newClient().login(body.username, body.password), 401, NOT_VERIFIED);
        await expectClientError(newClient().login(body.email, body.password), 401, NOT_VERIFIED);

        const link = await verifyLink(body.email);
        assert.equal(link.token.length, 64);
        assert.equal(link.email, body.email, 'the link names the address');
        assert.deepEqual(await newClient().verifyUserEmail(link.token), { status: 'OK' });

        const client = newClient();
        const me = await client.login(body.username, body.password);
        assert.equal(me.id, user.id);
        assert.equal(me.email_verified, true);
        assertUserShape(me, 'self');
    });

    test('a link works once; a wrong password still says wrong credentials, not "not verified"', async () => {
        const { body } = await signUp();
        await expectClientError(newClient().login(body.username, `${body.password}x`), 401, 'api.user.login.invalid_credentials_email_username');
        const { token } = await verifyLink(body.email);
        await newClient().verifyUserEmail(token);
        await expectClientError(newClient().verifyUserEmail(token), 400, BAD_LINK);
    });

    test('a well-formed unknown token → 400 bad_link; a token of the wrong length → 400 invalid_body_param', async () => {
        await expectClientError(newClient().verifyUserEmail('a'.repeat(64)), 400, BAD_LINK);
        await expectClientError(newClient().verifyUserEmail('short'), 400, BODY_PARAM);
        assertAppError(await api('POST', '/api/v4/users/email/verify', { body: {} }), 400, BODY_PARAM);
        assertAppError(await api('POST', '/api/v4/users/email/verify', { body: '{"token":' }), 400, BODY_PARAM);
    });

    test('a token of another kind (a password reset link) → 400 bad_link, and it keeps its own use', async () => {
        const v = await verifiedUser();
        await newClient().sendPasswordResetEmail(v.email);
        const msg = await smtp.waitFor((m) => m.to.includes(v.email) && m.text.includes('/reset_password_complete?'));
        const reset = emailLink(msg, '/reset_password_complete').params.get('token');
        assert.equal(reset.length, 64);
        await expectClientError(newClient().verifyUserEmail(reset), 400, BAD_LINK);
        const next = randomPassword();
        await newClient().resetUserPassword(reset, next);
        await newClient().login(v.username, next);
    });

    test('an admin-created account without email_verified must verify too', async () => {
        const { email, username, password } = await makeUser();
        await expectClientError(newClient().login(username, password), 401, NOT_VERIFIED);
        const { token } = await verifyLink(email);
        await newClient().verifyUserEmail(token);
        assert.equal((await newClient().login(username, password)).email_verified, true);
    });
});

describe('POST /users/email/verify/send (sendVerificationEmail)', () => {
    test('sends a new link to an unverified account; the newest link works (Roster: only the newest)', async () => {
        const { body } = await signUp();
        const first = await verifyLink(body.email, 1);
        assert.deepEqual(await newClient().sendVerificationEmail(body.email.toUpperCase()), { status: 'OK' });
        const second = await verifyLink(body.email, 2);
        assert.match(second.msg.headers.subject ?? '', /Email Verification/);
        assert.notEqual(second.token, first.token);
        await expectClientError(newClient().verifyUserEmail(first.token), 400, BAD_LINK);
        await newClient().verifyUserEmail(second.token);
        await newClient().login(body.username, body.password);
    });

    test('200 for an unknown address (nothing leaks) and nothing for a verified one; empty → 400', async () => {
        assert.deepEqual(await newClient().sendVerificationEmail(randomEmail()), { status: 'OK' });
        const v = await verifiedUser();
        assert.deepEqual(await newClient().sendVerificationEmail(v.email), { status: 'OK' });
        await expectClientError(newClient().sendVerificationEmail(''), 400, BODY_PARAM);
        await sleep(400);
        assert.deepEqual(mailsTo(v.email).filter((m) => m.text.includes('/do_verify_email?')), [],
            'no verification email for an account already verified (Roster, documented)');
    });
});

describe('POST /users/{user_id}/email/verify/member (admin)', () => {
    const verifyMember = (token, id) => api('POST', `/api/v4/users/${id}/email/verify/member`, { token });

    test('an admin marks the address verified: 200 with the user (verified, no secrets); login works', async () => {
        const { user, body } = await signUp();
        const adm = await admin();
        const res = await verifyMember(adm.token, user.id);
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.id, user.id);
        assert.equal(res.json.email_verified, true);
        for (const key of ['password', 'mfa_secret']) {
            assert.ok(!(key in res.json), `${key} must not be sent`);
        }
        assert.equal((await newClient().login(body.username, body.password)).email_verified, true);
        // the official client can do the same through its fetch machinery
        const again = await adm.client.doFetch(`${adm.client.getUserRoute(user.id)}/email/verify/member`, { method: 'post' });
        assert.equal(again.email_verified, true);
    });

    test('a non-admin → 403 (also for an unknown id: manage_system is checked first); unknown id (admin) → 404', async () => {
        const { user, body } = await signUp();
        const other = await verifiedUser();
        assertAppError(await verifyMember(other.token, user.id), 403, PERMISSIONS);
        assertAppError(await verifyMember(other.token, UNKNOWN_ID), 403, PERMISSIONS);
        await expectClientError(newClient().login(body.username, body.password), 401, NOT_VERIFIED);
        const adm = await admin();
        assertAppError(await verifyMember(adm.token, UNKNOWN_ID), 404, 'app.user.missing_account.const');
        assertAppError(await verifyMember(adm.token, 'not-an-id'), 400, 'api.context.invalid_url_param.app_error');
        assertAppError(await verifyMember(undefined, user.id), 401, 'api.context.session_expired.app_error');
    });
});

describe('changing the email address while verification is required', () => {
    test('the new address applies only once its link is followed; the old address is told afterwards', async () => {
        const v = await verifiedUser();
        const next = randomEmail();
        const patched = await v.client.patchMe({ email: next, password: v.password });
        assert.equal(patched.email, v.email, 'the answer still shows the old address');
        assert.equal((await v.client.getMe()).email, v.email);

        const link = await verifyLink(next);
        assert.equal(link.email, next);
        assert.match(link.msg.headers.subject ?? '', /Verify new email address/);
        assert.deepEqual(mailsTo(v.email).filter((m) => /email address has changed/i.test(m.headers.subject ?? '')), [],
            'nothing changed yet, so no change notice');
        await expectClientError(newClient().login(next, v.password), 401, 'api.user.login.invalid_credentials_email_username');

        await newClient().verifyUserEmail(link.token);
        const me = await v.client.getMe();
        assert.equal(me.email, next);
        assert.equal(me.email_verified, true);
        assert.equal((await newClient().login(next, v.password)).id, v.user.id);
        const notice = await smtp.waitFor((m) => m.to.includes(v.email) && /Your email address has changed/.test(m.headers.subject ?? ''));
        assert.ok(notice, 'the old address gets the change notice');
    });

    test('an address already in use → 400 app.user.save.email_exists.app_error; the address is not changed', async () => {
        const v = await verifiedUser();
        const other = await makeUser();
        await expectClientError(v.client.patchMe({ email: other.email, password: v.password }), 400, 'app.user.save.email_exists.app_error');
        assert.equal((await v.client.getMe()).email, v.email);
    });

    test('the link fails when another account took the address meanwhile (Roster, documented)', async () => {
        const v = await verifiedUser();
        const next = randomEmail();
        await v.client.patchMe({ email: next, password: v.password });
        const { token } = await verifyLink(next);
        await makeUser({ email: next });
        await expectClientError(newClient().verifyUserEmail(token), 400, BAD_LINK);
        assert.equal((await v.client.getMe()).email, v.email);
    });
});

describe('notification email on a password change', () => {
    test('the account\'s address gets "Your password has been updated"', async () => {
        const v = await verifiedUser();
        const next = randomPassword();
        await v.client.updateUserPassword(v.user.id, v.password, next);
        const msg = await smtp.waitFor((m) => m.to.includes(v.email) && /Your password has been updated/.test(m.headers.subject ?? ''));
        assert.deepEqual(msg.to, [v.email]);
        assert.match(msg.headers.subject, /^\[[^\]]+\] Your password has been updated$/);
        assert.match(msg.headers.to ?? '', new RegExp(v.email.replace(/[.+]/g, '\\$&')));
        await newClient().login(v.username, next);
    });

    test('also when an admin sets the password', async () => {
        const v = await verifiedUser();
        const adm = await admin();
        await adm.client.doFetch(`${adm.client.getUserRoute(v.user.id)}/password`, {
            method: 'put', body: JSON.stringify({ new_password: randomPassword() }),
        });
        const msg = await smtp.waitFor((m) => m.to.includes(v.email) && /Your password has been updated/.test(m.headers.subject ?? ''));
        assert.ok(msg);
    });
});
