// The channel endpoints the directory needs: POST /channels, GET /channels/{channel_id},
// POST/GET /channels/{channel_id}/members, DELETE /channels/{channel_id}/members/{user_id}.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    assertId,
    assertMillis,
    channelPayload,
    createUser,
    createUserAndLogin,
    expectClientError,
    expectClientStatus,
    setupServer,
    teamPayload,
} from '../lib/helpers.js';

setupServer();

const PERMISSIONS = 'api.context.permissions.app_error';
const BODY_PARAM = 'api.context.invalid_body_param.app_error';
const UNKNOWN_ID = 'ybndrfg8ejkmcpqxot1uwisza3';

const CHANNEL_KEYS = ['id', 'create_at', 'update_at', 'delete_at', 'team_id', 'type', 'display_name', 'name', 'header',
    'purpose', 'last_post_at', 'total_msg_count', 'extra_update_at', 'creator_id'];
const MEMBER_KEYS = ['channel_id', 'user_id', 'roles', 'last_viewed_at', 'msg_count', 'mention_count', 'notify_props',
    'last_update_at', 'scheme_guest', 'scheme_user', 'scheme_admin', 'explicit_roles'];

function assertChannelShape(c) {
    for (const key of CHANNEL_KEYS) {
        assert.ok(key in c, `channel.${key} must be present: ${JSON.stringify(c)}`);
    }
    assertId(c.id, 'channel.id');
    assertMillis(c.create_at, 'channel.create_at');
    assert.equal(c.delete_at, 0);
}

function assertChannelMember(m, channelId, userId) {
    for (const key of MEMBER_KEYS) {
        assert.ok(key in m, `channel member.${key} must be present: ${JSON.stringify(m)}`);
    }
    assert.equal(m.channel_id, channelId);
    assert.equal(m.user_id, userId);
    assert.ok(m.notify_props && typeof m.notify_props === 'object');
    for (const [k, v] of Object.entries(m.notify_props)) {
        assert.equal(typeof v, 'string', `notify_props.${k}`);
    }
}

// A team with an owner (team admin) and a plain member; everyone logged in.
async function teamWithMember() {
    const owner = await createUserAndLogin();
    const team = await owner.client.createTeam(teamPayload());
    const member = await createUserAndLogin();
    await owner.client.addToTeam(team.id, member.user.id);
    return { owner, team, member };
}

describe('POST /channels (createChannel)', () => {
    test('a team member creates a public channel: 201, and becomes its channel admin', async () => {
        const { team, member } = await teamWithMember();
        const body = channelPayload(team.id, { purpose: 'talk', header: 'hi' });
        const raw = await api('POST', '/api/v4/channels', { token: member.token, body });
        assert.equal(raw.status, 201, raw.text);
        const c = raw.json;
        assertChannelShape(c);
        assert.equal(c.team_id, team.id);
        assert.equal(c.type, 'O');
        assert.equal(c.name, body.name);
        assert.equal(c.display_name, body.display_name);
        assert.equal(c.purpose, 'talk');
        assert.equal(c.header, 'hi');
        assert.equal(c.creator_id, member.user.id);
        const members = await member.client.getChannelMembers(c.id);
        assert.equal(members.length, 1);
        assertChannelMember(members[0], c.id, member.user.id);
        assert.equal(members[0].roles, 'channel_user channel_admin');
    });

    test('a private channel (type P)', async () => {
        const { team, member } = await teamWithMember();
        const c = await member.client.createChannel(channelPayload(team.id, { type: 'P' }));
        assert.equal(c.type, 'P');
    });

    test('someone outside the team cannot create channels in it: 403', async () => {
        const { team } = await teamWithMember();
        const outsider = await createUserAndLogin();
        await expectClientError(outsider.client.createChannel(channelPayload(team.id)), 403, PERMISSIONS);
        await expectClientError(outsider.client.createChannel(channelPayload(team.id, { type: 'P' })), 403, PERMISSIONS);
    });

    test('body errors: team_id, display_name, name, duplicates, direct channels', async () => {
        const { team, member } = await teamWithMember();
        let err = await expectClientError(member.client.createChannel(channelPayload('')), 400, BODY_PARAM);
        assert.match(err.message, /team_id/);
        err = await expectClientError(member.client.createChannel(channelPayload(team.id, { display_name: '' })), 400, BODY_PARAM);
        assert.match(err.message, /display_name/);
        await expectClientError(member.client.createChannel(channelPayload(team.id, { name: 'Bad Name' })), 400,
            'model.channel.is_valid.1_or_more.app_error');
        const c = await member.client.createChannel(channelPayload(team.id));
        await expectClientError(member.client.createChannel(channelPayload(team.id, { name: c.name })), 400,
            'store.sql_channel.save_channel.exists.app_error');
        await expectClientError(member.client.createChannel(channelPayload(team.id, { type: 'D' })), 400,
            'api.channel.create_channel.direct_channel.app_error');
        assertAppError(await api('POST', '/api/v4/channels', { token: member.token, body: '{"team_id":' }), 400, BODY_PARAM);
    });
});

describe('GET /channels/{channel_id} (getChannel)', () => {
    test('members read it; a private channel is closed to non-members (403); admins read all', async () => {
        const { owner, team, member } = await teamWithMember();
        const pub = await member.client.createChannel(channelPayload(team.id));
        const priv = await member.client.createChannel(channelPayload(team.id, { type: 'P' }));
        assertChannelShape(await member.client.getChannel(pub.id));
        assert.equal((await member.client.getChannel(priv.id)).id, priv.id);
        await expectClientError(owner.client.getChannel(priv.id), 403, PERMISSIONS);
        const admin = await adminClient();
        assert.equal((await admin.client.getChannel(priv.id)).id, priv.id);
        await expectClientStatus(admin.client.getChannel(UNKNOWN_ID), 404);
    });
});

describe('channel members', () => {
    test('a team member joins a public channel by themself: 201 ChannelMember', async () => {
        const { owner, team, member } = await teamWithMember();
        const c = await owner.client.createChannel(channelPayload(team.id));
        const raw = await api('POST', `/api/v4/channels/${c.id}/members`, { token: member.token, body: { user_id: member.user.id } });
        assert.equal(raw.status, 201, raw.text);
        assertChannelMember(raw.json, c.id, member.user.id);
        assert.equal(raw.json.roles, 'channel_user');
    });

    test('a channel member adds another team member (addToChannel); adding again returns the member', async () => {
        const { owner, team, member } = await teamWithMember();
        const c = await member.client.createChannel(channelPayload(team.id));
        const m = await member.client.addToChannel(owner.user.id, c.id);
        assertChannelMember(m, c.id, owner.user.id);
        const again = await member.client.addToChannel(owner.user.id, c.id);
        assert.equal(again.user_id, owner.user.id);
        const members = await member.client.getChannelMembers(c.id);
        assert.deepEqual(members.map((x) => x.user_id).sort(), [owner.user.id, member.user.id].sort());
    });

    test('someone who is not in the team cannot be added: 404 app.team.get_member.missing.app_error', async () => {
        const { team, member } = await teamWithMember();
        const c = await member.client.createChannel(channelPayload(team.id));
        const outsider = await createUser();
        await expectClientError(member.client.addToChannel(outsider.user.id, c.id), 404, 'app.team.get_member.missing.app_error');
        assert.ok(!(await member.client.getChannelMembers(c.id)).some((x) => x.user_id === outsider.user.id));
    });

    // (A team admin may: on a fresh install team_admin holds the channel-moderated
    // permissions, manage_private_channel_members among them.)
    test('private channel: plain team members outside it cannot add anyone (403), members can', async () => {
        const { owner, team, member } = await teamWithMember();
        const priv = await member.client.createChannel(channelPayload(team.id, { type: 'P' }));
        const third = await createUserAndLogin();
        const fourth = await createUserAndLogin();
        await owner.client.addUsersToTeam(team.id, [third.user.id, fourth.user.id]);
        await expectClientError(third.client.addToChannel(third.user.id, priv.id), 403, PERMISSIONS);
        await expectClientError(fourth.client.addToChannel(third.user.id, priv.id), 403, PERMISSIONS);
        const m = await member.client.addToChannel(third.user.id, priv.id);
        assertChannelMember(m, priv.id, third.user.id);
        // now third is a member and may add fourth
        assertChannelMember(await third.client.addToChannel(fourth.user.id, priv.id), priv.id, fourth.user.id);
    });

    test('an outsider cannot join a public channel of a team they are not in: 403', async () => {
        const { team, member } = await teamWithMember();
        const c = await member.client.createChannel(channelPayload(team.id));
        const outsider = await createUserAndLogin();
        await expectClientError(outsider.client.addToChannel(outsider.user.id, c.id), 403, PERMISSIONS);
    });

    test('getChannelMembers needs read_channel: team members outside the channel get 403', async () => {
        const { owner, team, member } = await teamWithMember();
        const c = await member.client.createChannel(channelPayload(team.id));
        await expectClientError(owner.client.getChannelMembers(c.id), 403, PERMISSIONS);
        const admin = await adminClient();
        assert.equal((await admin.client.getChannelMembers(c.id)).length, 1);
    });

    test('body errors: missing user_id → 400; unknown channel → 404', async () => {
        const { team, member } = await teamWithMember();
        const c = await member.client.createChannel(channelPayload(team.id));
        assertAppError(await api('POST', `/api/v4/channels/${c.id}/members`, { token: member.token, body: {} }), 400, BODY_PARAM);
        assertAppError(await api('POST', `/api/v4/channels/${c.id}/members`, { token: member.token, body: { user_id: 'nope' } }), 400, BODY_PARAM);
        await expectClientStatus(member.client.addToChannel(member.user.id, UNKNOWN_ID), 404);
    });

    test('removeFromChannel: leaving yourself, then the channel is closed to your reads', async () => {
        const { owner, team, member } = await teamWithMember();
        const c = await member.client.createChannel(channelPayload(team.id));
        await member.client.addToChannel(owner.user.id, c.id);
        assert.deepEqual(await owner.client.removeFromChannel(owner.user.id, c.id), { status: 'OK' });
        await expectClientError(owner.client.getChannelMembers(c.id), 403, PERMISSIONS);
        assert.deepEqual((await member.client.getChannelMembers(c.id)).map((x) => x.user_id), [member.user.id]);
    });

    test('leaving the team removes the user from its channels', async () => {
        const { owner, team, member } = await teamWithMember();
        const c = await owner.client.createChannel(channelPayload(team.id));
        await owner.client.addToChannel(member.user.id, c.id);
        await member.client.removeFromTeam(team.id, member.user.id);
        const members = await owner.client.getChannelMembers(c.id);
        assert.deepEqual(members.map((x) => x.user_id), [owner.user.id]);
    });
});

