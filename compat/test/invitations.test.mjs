// Team invitations by email with ServiceSettings.EnableEmailInvitations on, delivered to a
// tiny SMTP server run by the test (lib/smtp.js): POST /teams/{team_id}/invite/email
// (sendEmailInvitesToTeam and the graceful variants), then the sign-up link from the
// received email: POST /users?t=TOKEN creates the account and joins the team.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import {
    api,
    assertAppError,
    assertUserShape,
    channelPayload,
    createUserAndLogin,
    expectClientError,
    newClient,
    randomPassword,
    randomSuffix,
    randomUsername,
    setupServer,
    teamPayload,
} from '../lib/helpers.js';
import { startSmtp } from '../lib/smtp.js';

const smtp = await startSmtp();
after(() => smtp.close());

setupServer({
    MM_SERVICESETTINGS_ENABLEEMAILINVITATIONS: 'true',
    MM_EMAILSETTINGS_SENDEMAILNOTIFICATIONS: 'true',
    MM_EMAILSETTINGS_SMTPSERVER: '127.0.0.1',
    MM_EMAILSETTINGS_SMTPPORT: String(smtp.port),
    MM_EMAILSETTINGS_CONNECTIONSECURITY: '',
});

const PERMISSIONS = 'api.context.permissions.app_error';
const BODY_PARAM = 'api.context.invalid_body_param.app_error';

const inviteeEmail = () => `inv${randomSuffix(10)}@example.com`;

// invitationFor waits for the email sent to `email` and returns { msg, link, token, data }.
async function invitationFor(email) {
    const msg = await smtp.waitFor((m) => m.to.includes(email));
    const m = /https?:\/\/[^\s"<>]*\/signup_user_complete\/\?d=([^&\s"<>]+)&(?:amp;)?t=([A-Za-z0-9]+)/.exec(msg.text);
    assert.ok(m, `the invitation must contain a sign-up link: ${msg.text.slice(0, 2000)}`);
    return { msg, link: m[0], token: m[2], data: JSON.parse(decodeURIComponent(m[1].replace(/\+/g, ' '))) };
}

// An inviter: a plain member of a fresh open team (members may invite by default).
async function inviter() {
    const owner = await createUserAndLogin();
    const team = await owner.client.createTeam(teamPayload());
    const member = await createUserAndLogin();
    await owner.client.addToTeam(team.id, member.user.id);
    return { owner, team, member };
}

function signUpBody(email) {
    return { email, username: randomUsername('inv'), password: randomPassword(), first_name: 'Invited', last_name: 'Person' };
}

describe('POST /teams/{team_id}/invite/email (sendEmailInvitesToTeam)', () => {
    test('200 OK, an email reaches the address, and its link signs up into the team', async () => {
        const { team, member } = await inviter();
        const email = inviteeEmail();
        const res = await member.client.sendEmailInvitesToTeam(team.id, [email]);
        assert.deepEqual(res, { status: 'OK' });
        const inv = await invitationFor(email);
        assert.ok(inv.msg.headers.subject, 'the email has a subject');
        assert.equal(inv.data.email, email);
        assert.equal(inv.data.name, team.name);
        assert.ok(inv.link.startsWith(`${member.client.getUrl()}/signup_user_complete/`), `link built from SiteURL: ${inv.link}`);

        // follow the link: POST /users?t=TOKEN
        const body = signUpBody(email);
        const raw = await api('POST', `/api/v4/users?t=${inv.token}`, { body });
        assert.equal(raw.status, 201, raw.text);
        assertUserShape(raw.json, 'self');
        assert.equal(raw.json.email, email);
        assert.equal(raw.json.email_verified, true, 'an invited account has its email verified');
        const client = newClient();
        await client.login(body.username, body.password);
        const teams = await client.getMyTeams();
        assert.deepEqual(teams.map((t) => t.id), [team.id], 'the new account is a member of the team');
        const m = await client.getTeamMember(team.id, raw.json.id);
        assert.equal(m.roles, 'team_user');
    });

    test('the token works once: a second sign-up → 404 api.user.create_user.signup_link_invalid.app_error', async () => {
        const { team, member } = await inviter();
        const email = inviteeEmail();
        await member.client.sendEmailInvitesToTeam(team.id, [email]);
        const { token } = await invitationFor(email);
        await newClient().createUser(signUpBody(email), token);
        await expectClientError(newClient().createUser(signUpBody(email), token), 404, 'api.user.create_user.signup_link_invalid.app_error');
    });

    test('another email than the invited one → 400 …bad_token_email_data; the invitation stays usable', async () => {
        const { team, member } = await inviter();
        const email = inviteeEmail();
        await member.client.sendEmailInvitesToTeam(team.id, [email]);
        const { token } = await invitationFor(email);
        await expectClientError(newClient().createUser(signUpBody(inviteeEmail()), token), 400, 'api.user.create_user.bad_token_email_data.app_error');
        const u = await newClient().createUser(signUpBody(email), token);
        assert.equal(u.email, email);
    });

    test('an unknown token → 404 signup_link_invalid, even with open sign-up off', async () => {
        const fake = 'y'.repeat(64);
        await expectClientError(newClient().createUser(signUpBody(inviteeEmail()), fake), 404, 'api.user.create_user.signup_link_invalid.app_error');
    });

    test('addresses are lower-cased', async () => {
        const { team, member } = await inviter();
        const email = inviteeEmail();
        await member.client.sendEmailInvitesToTeam(team.id, [email.toUpperCase()]);
        const inv = await invitationFor(email);
        assert.equal(inv.data.email, email);
    });

    test('graceful: one entry per address, errors for addresses outside the team\'s allowed domains', async () => {
        const owner = await createUserAndLogin();
        const team = await owner.client.createTeam(teamPayload({ allowed_domains: 'example.com' }));
        const ok = inviteeEmail();
        const outside = `x${randomSuffix(8)}@elsewhere.org`;
        const res = await owner.client.sendEmailInvitesToTeamGracefully(team.id, [ok, outside]);
        assert.equal(res.length, 2);
        assert.deepEqual(res.map((r) => r.email), [ok, outside]);
        assert.equal(res[0].error, null);
        assert.equal(res[1].error?.id, 'api.team.invite_members.invalid_email.app_error');
        await invitationFor(ok);
        // non-graceful: the whole request is refused
        await expectClientError(owner.client.sendEmailInvitesToTeam(team.id, [inviteeEmail(), outside]), 400,
            'api.team.invite_members.invalid_email.app_error');
    });

    test('with channels: the new account also joins the invited channels; the message is in the email', async () => {
        const { owner, team, member } = await inviter();
        const channel = await owner.client.createChannel(channelPayload(team.id));
        await owner.client.addToChannel(member.user.id, channel.id);
        const email = inviteeEmail();
        const note = `Welcome aboard ${randomSuffix(6)}`;
        const res = await member.client.sendEmailInvitesToTeamAndChannelsGracefully(team.id, [channel.id], [email], note);
        assert.deepEqual(res.map((r) => [r.email, r.error]), [[email, null]]);
        const inv = await invitationFor(email);
        assert.ok(inv.msg.text.includes(note), 'the personal message is in the email');
        const u = await newClient().createUser(signUpBody(email), inv.token);
        const members = await owner.client.getChannelMembers(channel.id);
        assert.ok(members.some((m) => m.user_id === u.id), 'the new account is a member of the channel');
    });

    test('someone outside the team → 403; empty list → 400 invalid_body_param (user_email)', async () => {
        const { team, member } = await inviter();
        const outsider = await createUserAndLogin();
        await expectClientError(outsider.client.sendEmailInvitesToTeam(team.id, [inviteeEmail()]), 403, PERMISSIONS);
        const err = await expectClientError(member.client.sendEmailInvitesToTeam(team.id, []), 400, BODY_PARAM);
        assert.match(err.message, /user_email/);
        assertAppError(await api('POST', `/api/v4/teams/${team.id}/invite/email`, { token: member.token, body: '{"emails":' }), 400, BODY_PARAM);
    });

    test('nothing is sent for refused requests', async () => {
        const { team } = await inviter();
        const outsider = await createUserAndLogin();
        const email = inviteeEmail();
        await expectClientError(outsider.client.sendEmailInvitesToTeam(team.id, [email]), 403, PERMISSIONS);
        await new Promise((r) => setTimeout(r, 500));
        assert.ok(!smtp.messages.some((m) => m.to.includes(email)), 'no invitation may be sent by a refused request');
    });
});
