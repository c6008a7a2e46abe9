// Cross-cutting behaviour: ping, response headers, the AppError body, unknown routes,
// malformed bodies.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    assertCommonHeaders,
    assertId,
    expectClientError,
    newClient,
    setupServer,
} from '../lib/helpers.js';

setupServer();

describe('GET /system/ping', () => {
    test('client.ping() returns status OK', async () => {
        const client = newClient();
        const res = await client.ping();
        assert.equal(res.status, 'OK');
    });

    test('ping needs no session and ignores a bad token', async () => {
        const res = await newClient('badtokenbadtokenbadtokenbad').ping();
        assert.equal(res.status, 'OK');
        const raw = await api('GET', '/api/v4/system/ping', { token: 'nosuchtoken' });
        assert.equal(raw.status, 200);
        assert.equal(raw.json.status, 'OK');
    });

    test('raw ping: 200, JSON exactly "application/json", common headers', async () => {
        const res = await api('GET', '/api/v4/system/ping');
        assert.equal(res.status, 200);
        // The official client only parses JSON when Content-Type is exactly application/json
        // (no charset); otherwise it hands back the body as text and error ids are lost.
        assert.equal(res.headers.get('content-type'), 'application/json');
        assertCommonHeaders(res.headers, 'ping');
        assert.equal(res.json.status, 'OK');
    });

    test('the client picks the server version up from X-Version-Id', async () => {
        const client = newClient();
        await client.ping();
        assert.ok(client.getServerVersion(), 'Client4.serverVersion must be set from the X-Version-Id header');
    });
});

describe('response headers', () => {
    test('X-Request-Id is fresh per request', async () => {
        const a = await api('GET', '/api/v4/system/ping');
        const b = await api('GET', '/api/v4/system/ping');
        assertId(a.headers.get('x-request-id'));
        assertId(b.headers.get('x-request-id'));
        assert.notEqual(a.headers.get('x-request-id'), b.headers.get('x-request-id'));
    });

    test('X-Request-Id and X-Version-Id are on success and error responses alike', async () => {
        const admin = await adminClient();
        const responses = {
            'GET /users/me (200)': await api('GET', '/api/v4/users/me', { token: admin.token }),
            'GET /users/me without token (401)': await api('GET', '/api/v4/users/me'),
            'GET /nope (404)': await api('GET', '/api/v4/nope'),
            'POST /users/login bad (401)': await api('POST', '/api/v4/users/login', { body: { login_id: 'nobody', password: 'whatever1' } }),
            'POST /users malformed (400)': await api('POST', '/api/v4/users', { body: '{"username":' }),
        };
        for (const [what, res] of Object.entries(responses)) {
            assertCommonHeaders(res.headers, what);
        }
    });

    test('X-Content-Type-Options and Referrer-Policy are set', async () => {
        const res = await api('GET', '/api/v4/system/ping');
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    });
});

describe('errors', () => {
    test('unknown API route: 404 api.context.404.app_error as JSON', async () => {
        const res = await api('GET', '/api/v4/nope');
        assertAppError(res, 404, 'api.context.404.app_error');
    });

    test('unknown API route with POST and a session is also the JSON 404', async () => {
        const admin = await adminClient();
        const res = await api('POST', '/api/v4/nope/deeper', { token: admin.token, body: {} });
        assertAppError(res, 404, 'api.context.404.app_error');
    });

    test('the client surfaces the 404 as a ClientError', async () => {
        const client = newClient();
        await expectClientError(client.doFetch(`${client.getBaseRoute()}/nope`, { method: 'get' }), 404, 'api.context.404.app_error');
    });

    test('no session on a session route: 401 api.context.session_expired.app_error', async () => {
        const res = await api('GET', '/api/v4/users/me');
        assertAppError(res, 401, 'api.context.session_expired.app_error');
        await expectClientError(newClient().getMe(), 401, 'api.context.session_expired.app_error');
    });

    test('unknown token: 401 api.context.session_expired.app_error', async () => {
        const res = await api('GET', '/api/v4/users/me', { token: 'ybndrfg8ejkmcpqxot1uwisza3' });
        assertAppError(res, 401, 'api.context.session_expired.app_error');
    });

    test('malformed JSON body on POST /users: 400 api.context.invalid_body_param.app_error', async () => {
        const res = await api('POST', '/api/v4/users', { body: '{"username": "abc", ' });
        assertAppError(res, 400, 'api.context.invalid_body_param.app_error');
    });

    test('wrong JSON type in a User body (boolean inside timezone) is an invalid body', async () => {
        const res = await api('POST', '/api/v4/users', {
            body: { username: 'tzbool1', email: 'tzbool1@example.com', password: 'Password-1', timezone: { useAutomaticTimezone: true } },
        });
        assertAppError(res, 400, 'api.context.invalid_body_param.app_error');
    });

    test('error body keys match the AppError shape', async () => {
        const res = await api('GET', '/api/v4/nope');
        const keys = Object.keys(res.json).sort();
        for (const key of ['detailed_error', 'id', 'message', 'request_id', 'status_code']) {
            assert.ok(keys.includes(key), `missing ${key} in ${JSON.stringify(res.json)}`);
        }
        const allowed = new Set(['detailed_error', 'id', 'message', 'request_id', 'status_code', 'is_oauth']);
        for (const key of keys) {
            assert.ok(allowed.has(key), `unexpected key ${key} in the error body ${JSON.stringify(res.json)}`);
        }
        assert.equal(res.json.message, 'Sorry, we could not find the page.');
    });
});
