// Shared helpers for the compatibility tests.
//
// A test file calls setupServer() once at top level: that registers node:test before/after
// hooks which start a fresh roster server (own database, so the first user created in the
// file becomes the system admin) and stop it again. Everything else here talks to that server.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before } from 'node:test';

import mattermostClient from '@mattermost/client';

import { startServer } from './server.js';

// @mattermost/client is CommonJS and its index re-exports through getters that Node's ESM
// named-export detection does not see, so import the default (module.exports) and destructure.
export const { Client4, ClientError } = mattermostClient;

// What the official client needs from its environment. It only touches `document` behind a
// typeof check (CSRF token from cookies) and `WebSocket` only when a websocket is opened, so
// nothing has to be shimmed on Node >= 20; fail early and clearly if that ever changes.
for (const name of ['fetch', 'Headers', 'Response', 'FormData', 'Blob', 'AbortSignal']) {
    if (typeof globalThis[name] === 'undefined') {
        throw new Error(`global ${name} is missing: @mattermost/client needs Node >= 20`);
    }
}

export const ID_ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';
const ID_RE = new RegExp(`^[${ID_ALPHABET}]{26}$`);

let server = null;
let adminPromise = null;

// setupServer registers the hooks that start roster (with extra MM_* settings in `env`) before
// the file's tests and stop it after them.
export function setupServer(env = {}) {
    before(async () => {
        server = await startServer(env);
    }, { timeout: 300_000 }); // includes `go build` on a cold cache
    after(async () => {
        if (server) {
            const s = server;
            server = null;
            const exited = await s.stop();
            // SIGTERM must end in a graceful shutdown: exit code 0 after the clean-stop log line.
            assert.equal(exited?.code, 0, `roster did not exit cleanly on SIGTERM: ${JSON.stringify(exited)}\n${s.logs()}`);
            assert.match(s.logs(), /stopped cleanly/, 'roster did not report a clean stop');
        }
        adminPromise = null;
    });
}

export function currentServer() {
    assert.ok(server, 'no roster server: call setupServer() at the top of the test file');
    return server;
}

export function baseUrl() {
    return currentServer().url;
}

// newClient returns an official Client4 pointed at the test server, optionally with a token.
export function newClient(token) {
    const client = new Client4();
    client.setUrl(baseUrl());
    if (token) {
        client.setToken(token);
    }
    // Only for readable failures: put the status, error id and request into the stack of a
    // ClientError (test reporters print the stack, not the extra properties). The error
    // itself, its message and all its fields stay as the client made them.
    const doFetchWithResponse = client.doFetchWithResponse;
    client.doFetchWithResponse = async (url, options) => {
        try {
            return await doFetchWithResponse(url, options);
        } catch (err) {
            if (err instanceof ClientError) {
                err.stack = `ClientError: HTTP body status_code=${err.status_code} id=${err.server_error_id} ` +
                    `message=${JSON.stringify(err.message)} on ${String(options?.method || 'get').toUpperCase()} ${url}\n${err.stack}`;
            }
            throw err;
        }
    };
    return client;
}

// ---- random test data ----

export function randomSuffix(n = 10) {
    const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const bytes = crypto.randomBytes(n);
    let out = '';
    for (const b of bytes) {
        out += chars[b % chars.length];
    }
    return out;
}

// Lowercase letters and digits, starting with a letter (valid for Mattermost and its web UI).
export function randomUsername(prefix = 'u') {
    return `${prefix}${randomSuffix(11)}`;
}

export function randomEmail(local = randomUsername('e')) {
    return `${local}@example.com`;
}

// Satisfies every password rule (upper, lower, digit, symbol; 17 bytes), so test files that
// switch the policy on can still use it.
export function randomPassword() {
    return `Pw-${randomSuffix(12)}a1`;
}

// userPayload returns a complete, valid body for createUser.
export function userPayload(overrides = {}) {
    const username = overrides.username ?? randomUsername();
    return {
        username,
        email: randomEmail(username ? `${username}${randomSuffix(3)}` : undefined),
        password: randomPassword(),
        first_name: 'First',
        last_name: 'Last',
        ...overrides,
    };
}

// ---- sessions ----

// adminClient creates the very first user of the server (who becomes system admin) anonymously
// and logs in. Memoised per server. Returns { client, user, password, token }.
export function adminClient() {
    if (!adminPromise) {
        adminPromise = (async () => {
            const body = userPayload({ username: randomUsername('admin') });
            const user = await newClient().createUser(body);
            assert.equal(user.roles, 'system_admin system_user', 'the first user must become system admin');
            const client = newClient();
            const me = await client.login(body.username, body.password);
            assert.ok(client.getToken(), 'login must set the token on the client (Token response header)');
            return { client, user: me, password: body.password, token: client.getToken(), email: body.email };
        })();
        adminPromise.catch(() => {
            adminPromise = null;
        });
    }
    return adminPromise;
}

// registerAdmin records an already created and logged-in first user as this server's admin
// (for a test that creates the first user itself). `admin` is { client, user, password, ... }.
export function registerAdmin(admin) {
    adminPromise = Promise.resolve(admin);
}

// createUser creates a user through the admin (so it works with EnableOpenServer off).
// Returns { user, password, email, username }.
export async function createUser(overrides = {}) {
    const admin = await adminClient();
    const body = userPayload(overrides);
    const user = await admin.client.createUser(body);
    return { user, password: body.password, email: body.email, username: user.username };
}

// createUserAndLogin creates a regular user (via the admin) and logs in as them with a fresh
// client. Returns { client, user, password, token, email, username }.
export async function createUserAndLogin(overrides = {}) {
    const { password, email, username } = await createUser(overrides);
    const client = newClient();
    const user = await client.login(username, password);
    assert.ok(client.getToken(), 'login must set the token on the client (Token response header)');
    return { client, user, password, token: client.getToken(), email, username };
}

// deactivateUser: DELETE /users/{user_id}. @mattermost/client 11.9.0 has no method for this
// route (the web app uses updateUserActive), so go through the client's own fetch machinery.
export function deactivateUser(client, userId, { permanent = false } = {}) {
    const query = permanent ? '?permanent=true' : '';
    return client.doFetch(`${client.getUserRoute(userId)}${query}`, { method: 'delete' });
}

// ---- raw HTTP (for what the client hides: status codes, headers, cookies) ----

// api sends one request with fetch and returns { status, headers, text, json }.
// Options: token (Bearer), cookies (object name → value), headers, body (JSON-encoded unless
// it is a string, which is sent as is).
export async function api(method, path, { token, cookies, headers = {}, body } = {}) {
    const h = { ...headers };
    if (token) {
        h.Authorization = `Bearer ${token}`;
    }
    if (cookies) {
        h.Cookie = Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    }
    let payload;
    if (body !== undefined) {
        payload = typeof body === 'string' ? body : JSON.stringify(body);
        if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) {
            h['Content-Type'] = 'application/json';
        }
    }
    const res = await fetch(`${baseUrl()}${path}`, { method, headers: h, body: payload, redirect: 'manual' });
    const text = await res.text();
    let json;
    try {
        json = text ? JSON.parse(text) : undefined;
    } catch {
        json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
}

// loginRaw posts to /users/login; xhr adds X-Requested-With: XMLHttpRequest (cookies).
export function loginRaw(loginId, password, { xhr = false, headers = {} } = {}) {
    const h = { ...headers };
    if (xhr) {
        h['X-Requested-With'] = 'XMLHttpRequest';
    }
    return api('POST', '/api/v4/users/login', { headers: h, body: { login_id: loginId, password } });
}

// parseSetCookies turns the Set-Cookie headers into { NAME: { value, attrs: {lowercased: value|true} } }.
export function parseSetCookies(headers) {
    const out = {};
    for (const line of headers.getSetCookie()) {
        const [pair, ...attrParts] = line.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        const attrs = {};
        for (const part of attrParts) {
            const [k, ...v] = part.split('=');
            attrs[k.trim().toLowerCase()] = v.length ? v.join('=').trim() : true;
        }
        out[name] = { value, attrs, raw: line };
    }
    return out;
}

// ---- assertions ----

export function assertId(value, what = 'id') {
    assert.equal(typeof value, 'string', `${what} must be a string, got ${JSON.stringify(value)}`);
    assert.match(value, ID_RE, `${what} must be 26 chars of ${ID_ALPHABET}, got ${JSON.stringify(value)}`);
}

const TEST_START = Date.now();

// assertMillis: an integer number of milliseconds since the epoch, close to now.
export function assertMillis(value, what = 'timestamp') {
    assert.equal(typeof value, 'number', `${what} must be a JSON number, got ${JSON.stringify(value)}`);
    assert.ok(Number.isInteger(value), `${what} must be an integer, got ${value}`);
    assert.ok(value >= TEST_START - 10 * 60_000 && value <= Date.now() + 60_000,
        `${what} must be epoch milliseconds around now, got ${value} (now ${Date.now()})`);
}

// The headers every API response carries, errors included.
export function assertCommonHeaders(headers, what = 'response') {
    assertId(headers.get('x-request-id'), `${what}: X-Request-Id header`);
    const version = headers.get('x-version-id');
    assert.ok(version && version.length > 0, `${what}: X-Version-Id header must be present and non-empty`);
}

// assertAppError checks a raw response is the AppError JSON the real server sends.
export function assertAppError(res, status, id) {
    assert.deepEqual({ status: res.status, id: res.json?.id }, { status, id },
        `expected HTTP ${status} ${id}; body: ${res.text.slice(0, 500)}`);
    assertCommonHeaders(res.headers, `${status} ${id}`);
    assert.equal(res.headers.get('content-type'), 'application/json');
    const body = res.json;
    for (const key of ['id', 'message', 'detailed_error', 'request_id', 'status_code']) {
        assert.ok(key in body, `error body must have key ${key}: ${res.text}`);
    }
    assert.equal(typeof body.message, 'string');
    assert.ok(body.message.length > 0, 'error message must not be empty');
    assert.equal(typeof body.detailed_error, 'string');
    assert.equal(body.status_code, status, 'status_code in the body must equal the HTTP status');
    assert.equal(body.request_id, res.headers.get('x-request-id'), 'request_id must equal the X-Request-Id header');
}

// expectClientError awaits a client call that must fail, and checks the ClientError's
// server_error_id and status_code (both taken by the client from the JSON error body).
export async function expectClientError(promise, status, id) {
    let err;
    try {
        await promise;
    } catch (e) {
        err = e;
    }
    assert.ok(err, `expected the call to fail with ${status} ${id}, but it succeeded`);
    assert.ok(err instanceof ClientError, `expected a ClientError, got ${err?.stack || err}`);
    assert.deepEqual(
        { status_code: err.status_code, server_error_id: err.server_error_id },
        { status_code: status, server_error_id: id },
        `server answered ${err.status_code} ${err.server_error_id} (${err.message}), expected ${status} ${id}`,
    );
    assert.equal(typeof err.message, 'string');
    assert.ok(err.message.length > 0, 'the error message from the server must not be empty');
    return err;
}

// expectClientStatus is expectClientError for cases where the reference fixes the status
// but not the error id: the call must fail with that status and a non-empty AppError id.
export async function expectClientStatus(promise, status) {
    let err;
    try {
        await promise;
    } catch (e) {
        err = e;
    }
    assert.ok(err, `expected the call to fail with ${status}, but it succeeded`);
    assert.ok(err instanceof ClientError, `expected a ClientError, got ${err?.stack || err}`);
    assert.equal(err.status_code, status, `server answered ${err.status_code} ${err.server_error_id} (${err.message}), expected ${status}`);
    assert.equal(typeof err.server_error_id, 'string');
    assert.ok(err.server_error_id.length > 0, 'the error must carry an AppError id');
    return err;
}

function assertStringMap(value, what) {
    assert.ok(value && typeof value === 'object' && !Array.isArray(value), `${what} must be an object, got ${JSON.stringify(value)}`);
    for (const [k, v] of Object.entries(value)) {
        assert.equal(typeof v, 'string', `${what}.${k} must be a string, got ${JSON.stringify(v)}`);
    }
}

const NEVER_SENT = ['password', 'mfa_secret', 'last_login'];
const ALWAYS_SENT_STRINGS = ['username', 'auth_service', 'email', 'nickname', 'first_name', 'last_name', 'position', 'roles', 'locale'];

// assertUserShape checks a User object as sanitised for `view`:
//   'self'  — the user looking at themself (login, /users/me, create, update, patch)
//   'admin' — a system admin looking at another user
//   'other' — a non-admin looking at another user (or any list / by-email view)
export function assertUserShape(u, view) {
    assert.ok(['self', 'admin', 'other'].includes(view));
    assert.ok(u && typeof u === 'object', `user must be an object, got ${JSON.stringify(u)}`);
    assertId(u.id, 'user.id');
    assertMillis(u.create_at, 'user.create_at');
    assertMillis(u.update_at, 'user.update_at');
    assert.ok('delete_at' in u, 'user.delete_at must always be present');
    assert.equal(typeof u.delete_at, 'number');
    if (u.delete_at !== 0) {
        assertMillis(u.delete_at, 'user.delete_at');
    }
    for (const key of NEVER_SENT) {
        assert.ok(!(key in u), `user.${key} must never be sent, got ${JSON.stringify(u[key])}`);
    }
    assert.equal(u.auth_data, '', 'user.auth_data must be the empty string');
    for (const key of ALWAYS_SENT_STRINGS) {
        assert.equal(typeof u[key], 'string', `user.${key} must be a string (present), got ${JSON.stringify(u[key])}`);
    }
    assert.match(u.username, /^[a-z0-9.\-_]+$/, 'username is stored lowercase');
    assert.equal(u.email, u.email.toLowerCase(), 'email is stored lowercase');
    assert.ok(/(^| )system_user( |$)/.test(u.roles), `roles must contain system_user, got ${JSON.stringify(u.roles)}`);
    assert.equal(typeof u.disable_welcome_email, 'boolean', 'disable_welcome_email must always be present');
    assertStringMap(u.timezone, 'user.timezone');
    for (const key of ['automaticTimezone', 'manualTimezone', 'useAutomaticTimezone']) {
        assert.ok(key in u.timezone, `user.timezone.${key} must be present`);
    }
    assert.ok(['true', 'false'].includes(u.timezone.useAutomaticTimezone), 'timezone.useAutomaticTimezone is the string "true"/"false"');
    if ('props' in u) {
        assertStringMap(u.props, 'user.props');
    }
    if (view === 'self') {
        assertStringMap(u.notify_props, 'user.notify_props (self view)');
        assertMillis(u.last_password_update, 'user.last_password_update (self view)');
    } else {
        assert.ok(!('last_password_update' in u), `last_password_update is only shown to the user themself (${view} view)`);
        assert.ok(!('failed_attempts' in u), `failed_attempts is only shown to the user themself (${view} view)`);
    }
    if (view === 'other') {
        assert.ok(!('notify_props' in u), 'notify_props must be absent when a non-admin views another user');
        assert.equal(u.auth_service, '', 'auth_service is blanked for non-admin viewers');
    }
}

// ---- teams and channels ----

// teamPayload returns a valid body for createTeam: an open team (type "O",
// allow_open_invite true) unless overridden. Names start with "t": no reserved prefix.
export function teamPayload(overrides = {}) {
    return {
        name: `t${randomSuffix(12)}`,
        display_name: `Team ${randomSuffix(4)}`,
        type: 'O',
        allow_open_invite: true,
        ...overrides,
    };
}

// inviteOnlyTeamPayload: a team that nobody can join by themself (type "I").
export function inviteOnlyTeamPayload(overrides = {}) {
    return teamPayload({ type: 'I', allow_open_invite: false, ...overrides });
}

// channelPayload returns a valid body for createChannel in team `teamId` (public unless
// overridden).
export function channelPayload(teamId, overrides = {}) {
    return {
        team_id: teamId,
        name: `c${randomSuffix(12)}`,
        display_name: `Channel ${randomSuffix(4)}`,
        type: 'O',
        ...overrides,
    };
}

// teamWithOwner: a fresh user who creates (and so administers) a team. Returns
// { owner, team } where owner is what createUserAndLogin() returns. `userOverrides` go to
// the owner's account (e.g. { email_verified: true } where email verification is required).
export async function teamWithOwner(payload = teamPayload(), userOverrides = {}) {
    const owner = await createUserAndLogin(userOverrides);
    const team = await owner.client.createTeam(payload);
    return { owner, team };
}

// Keys of a Team as the server sends it (see ENDPOINTS.md 2.6).
export const TEAM_KEYS = ['id', 'create_at', 'update_at', 'delete_at', 'display_name', 'name', 'description', 'email', 'type',
    'company_name', 'allowed_domains', 'invite_id', 'allow_open_invite', 'scheme_id', 'group_constrained', 'policy_id'];

// assertTeamObject checks the shape of a Team (archived teams too: delete_at may be set).
export function assertTeamObject(t) {
    assert.ok(t && typeof t === 'object' && !Array.isArray(t), `team must be an object, got ${JSON.stringify(t)}`);
    for (const key of TEAM_KEYS) {
        assert.ok(key in t, `team.${key} must be present: ${JSON.stringify(t)}`);
    }
    assertId(t.id, 'team.id');
    assertMillis(t.create_at, 'team.create_at');
    assertMillis(t.update_at, 'team.update_at');
    assert.equal(typeof t.delete_at, 'number');
    assert.ok(['O', 'I'].includes(t.type), `team.type ${t.type}`);
    assert.equal(typeof t.allow_open_invite, 'boolean');
    for (const key of ['display_name', 'name', 'description', 'email', 'company_name', 'allowed_domains', 'invite_id']) {
        assert.equal(typeof t[key], 'string', `team.${key} must be a string`);
    }
}

// emailLink finds the first link in a received email whose path is `path` (e.g.
// '/do_verify_email') and returns { url, params } (params: URLSearchParams of the query).
export function emailLink(msg, path) {
    const re = new RegExp(`https?://[^\\s"<>]*${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\?[^\\s"<>]+`);
    const m = re.exec(msg.text);
    assert.ok(m, `the email "${msg.headers.subject}" must contain a ${path} link: ${msg.text.slice(0, 1500)}`);
    const url = new URL(m[0].replace(/&amp;/g, '&'));
    return { url: url.toString(), params: url.searchParams };
}
