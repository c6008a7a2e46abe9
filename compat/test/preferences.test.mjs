// Preferences: GET/PUT /users/{user_id}/preferences, POST /users/{user_id}/preferences/delete,
// GET /users/{user_id}/preferences/{category}, GET …/{category}/name/{preference_name}.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    createUserAndLogin,
    expectClientError,
    randomSuffix,
    setupServer,
} from '../lib/helpers.js';

setupServer();

const PERMISSIONS = 'api.context.permissions.app_error';
const BODY_PARAM = 'api.context.invalid_body_param.app_error';
const URL_PARAM = 'api.context.invalid_url_param.app_error';

const key = (p) => `${p.category}/${p.name}`;
const byKey = (list) => Object.fromEntries(list.map((p) => [key(p), p]));

function assertPreference(p, userId) {
    assert.deepEqual(Object.keys(p).sort(), ['category', 'name', 'user_id', 'value'], JSON.stringify(p));
    assert.equal(p.user_id, userId);
    for (const k of ['category', 'name', 'value']) {
        assert.equal(typeof p[k], 'string');
    }
}

// cat: a fresh category name (lower-case, ≤ 32 characters) so tests do not collide.
const cat = () => `c_${randomSuffix(10)}`;

describe('preferences', () => {
    test('a new user starts with Mattermost\'s three preferences', async () => {
        const { client, user } = await createUserAndLogin();
        const prefs = await client.getMyPreferences();
        prefs.forEach((p) => assertPreference(p, user.id));
        const m = byKey(prefs);
        assert.equal(m['recommended_next_steps/hide']?.value, 'false');
        assert.equal(m[`tutorial_step/${user.id}`]?.value, '0');
        assert.equal(m['system_notice/GMasDM']?.value, 'true');
        assert.equal(prefs.length, 3);
    });

    test('savePreferences: 200 OK, then listed; saving the same key again updates it (upsert)', async () => {
        const { client, user } = await createUserAndLogin();
        const c = cat();
        const res = await client.savePreferences(user.id, [
            { user_id: user.id, category: c, name: 'one', value: '1' },
            { user_id: user.id, category: c, name: 'two', value: '2' },
            { user_id: user.id, category: c, name: '', value: 'empty name is allowed' },
        ]);
        assert.deepEqual(res, { status: 'OK' });
        let m = byKey(await client.getUserPreferences(user.id));
        assert.equal(m[`${c}/one`].value, '1');
        assert.equal(m[`${c}/two`].value, '2');
        assert.equal(m[`${c}/`].value, 'empty name is allowed');
        await client.savePreferences('me', [{ user_id: user.id, category: c, name: 'one', value: 'uno' }]);
        const all = await client.getMyPreferences();
        m = byKey(all);
        assert.equal(m[`${c}/one`].value, 'uno');
        assert.equal(all.filter((p) => p.category === c).length, 3, 'no duplicate row');
    });

    test('by category and by name (raw GETs)', async () => {
        const { client, user, token } = await createUserAndLogin();
        const c = cat();
        await client.savePreferences(user.id, [
            { user_id: user.id, category: c, name: 'alpha', value: 'a' },
            { user_id: user.id, category: c, name: 'beta', value: 'b' },
        ]);
        const inCat = await api('GET', `/api/v4/users/${user.id}/preferences/${c}`, { token });
        assert.equal(inCat.status, 200, inCat.text);
        assert.deepEqual(inCat.json.map((p) => p.name).sort(), ['alpha', 'beta']);
        inCat.json.forEach((p) => assertPreference(p, user.id));
        const one = await api('GET', `/api/v4/users/me/preferences/${c}/name/beta`, { token });
        assert.equal(one.status, 200, one.text);
        assert.deepEqual(one.json, { user_id: user.id, category: c, name: 'beta', value: 'b' });
    });

    test('empty category → 404 api.preference.preferences_category.get.app_error; missing name → 400 app.preference.get.app_error', async () => {
        const { user, token } = await createUserAndLogin();
        const c = cat();
        assertAppError(await api('GET', `/api/v4/users/${user.id}/preferences/${c}`, { token }), 404,
            'api.preference.preferences_category.get.app_error');
        assertAppError(await api('GET', `/api/v4/users/${user.id}/preferences/${c}/name/nothing`, { token }), 400,
            'app.preference.get.app_error');
    });

    test('category / name in the URL: a hyphen is not routed (404); upper case → 400 invalid_url_param', async () => {
        const { user, token } = await createUserAndLogin();
        assertAppError(await api('GET', `/api/v4/users/${user.id}/preferences/bad-cat`, { token }), 404, 'api.context.404.app_error');
        let res = await api('GET', `/api/v4/users/${user.id}/preferences/BadCat`, { token });
        assertAppError(res, 400, URL_PARAM);
        assert.match(res.json.message, /category/);
        res = await api('GET', `/api/v4/users/${user.id}/preferences/system_notice/name/GMasDM`, { token });
        assertAppError(res, 400, URL_PARAM);
        assert.match(res.json.message, /preference_name/);
    });

    test('deletePreferences: 200 OK; gone afterwards; deleting what is not there is fine', async () => {
        const { client, user } = await createUserAndLogin();
        const c = cat();
        await client.savePreferences(user.id, [
            { user_id: user.id, category: c, name: 'keep', value: 'k' },
            { user_id: user.id, category: c, name: 'drop', value: 'd' },
        ]);
        const res = await client.deletePreferences(user.id, [
            { user_id: user.id, category: c, name: 'drop' },
            { user_id: user.id, category: c, name: 'never-existed' },
        ]);
        assert.deepEqual(res, { status: 'OK' });
        const left = (await client.getMyPreferences()).filter((p) => p.category === c);
        assert.deepEqual(left.map((p) => p.name), ['keep']);
    });

    test('another user\'s preferences: 403 for a non-admin; an admin may read and write them', async () => {
        const admin = await adminClient();
        const a = await createUserAndLogin();
        const b = await createUserAndLogin();
        const c = cat();
        await expectClientError(a.client.getUserPreferences(b.user.id), 403, PERMISSIONS);
        await expectClientError(a.client.savePreferences(b.user.id, [{ user_id: b.user.id, category: c, name: 'x', value: '1' }]), 403, PERMISSIONS);
        await expectClientError(a.client.deletePreferences(b.user.id, [{ user_id: b.user.id, category: c, name: 'x' }]), 403, PERMISSIONS);
        await admin.client.savePreferences(b.user.id, [{ user_id: b.user.id, category: c, name: 'x', value: 'by admin' }]);
        const theirs = byKey(await admin.client.getUserPreferences(b.user.id));
        assert.equal(theirs[`${c}/x`].value, 'by admin');
        assert.equal(byKey(await b.client.getMyPreferences())[`${c}/x`].value, 'by admin');
    });

    test('an entry for another user inside one\'s own list → 403 (…update_preferences.set / …delete_preferences.delete)', async () => {
        const a = await createUserAndLogin();
        const b = await createUserAndLogin();
        const c = cat();
        await expectClientError(a.client.savePreferences(a.user.id, [
            { user_id: a.user.id, category: c, name: 'mine', value: '1' },
            { user_id: b.user.id, category: c, name: 'theirs', value: '1' },
        ]), 403, 'api.preference.update_preferences.set.app_error');
        assert.ok(!(await a.client.getMyPreferences()).some((p) => p.category === c), 'nothing of the refused batch is saved');
        await expectClientError(a.client.deletePreferences(a.user.id, [{ user_id: b.user.id, category: c, name: 'x' }]), 403,
            'api.preference.delete_preferences.delete.app_error');
    });

    test('validation: model.preference.is_valid.*, and a bad entry saves nothing of its batch', async () => {
        const { client, user } = await createUserAndLogin();
        const c = cat();
        const cases = [
            [{ category: '' }, 'model.preference.is_valid.category.app_error'],
            [{ category: 'x'.repeat(33) }, 'model.preference.is_valid.category.app_error'],
            [{ name: 'n'.repeat(33) }, 'model.preference.is_valid.name.app_error'],
            [{ value: 'v'.repeat(20001) }, 'model.preference.is_valid.value.app_error'],
            [{ category: 'theme', name: '', value: 'not json' }, 'model.preference.is_valid.theme.app_error'],
            [{ category: 'sidebar_settings', name: 'limit_visible_dms_gms', value: '41' }, 'model.preference.is_valid.limit_visible_dms_gms.app_error'],
        ];
        for (const [override, id] of cases) {
            const entry = { user_id: user.id, category: c, name: 'n', value: 'v', ...override };
            const res = await api('PUT', `/api/v4/users/${user.id}/preferences`, {
                token: client.getToken(), body: [{ user_id: user.id, category: c, name: 'ok', value: 'fine' }, entry],
            });
            assertAppError(res, 400, id);
        }
        // a malformed user_id is "someone else's" entry: refused before validation
        const res = await api('PUT', `/api/v4/users/${user.id}/preferences`, {
            token: client.getToken(), body: [{ user_id: 'not-an-id', category: c, name: 'n', value: 'v' }],
        });
        assertAppError(res, 403, 'api.preference.update_preferences.set.app_error');
        assert.ok(!(await client.getMyPreferences()).some((p) => p.category === c), 'no entry of a refused batch is saved');
        // the boundaries pass
        await client.savePreferences(user.id, [
            { user_id: user.id, category: 'x'.repeat(32), name: 'n'.repeat(32), value: 'v'.repeat(20000) },
            { user_id: user.id, category: 'sidebar_settings', name: 'limit_visible_dms_gms', value: '40' },
        ]);
    });

    test('theme: invalid colours are replaced by #ffffff on save', async () => {
        const { client, user } = await createUserAndLogin();
        const theme = { sidebarBg: '#145dbf', centerChannelBg: 'not-a-colour', type: 'Custom' };
        await client.savePreferences(user.id, [{ user_id: user.id, category: 'theme', name: '', value: JSON.stringify(theme) }]);
        const saved = (await client.getMyPreferences()).find((p) => p.category === 'theme' && p.name === '');
        const value = JSON.parse(saved.value);
        assert.equal(value.sidebarBg, '#145dbf');
        assert.equal(value.centerChannelBg, '#ffffff');
        assert.equal(value.type, 'Custom');
    });

    test('flagged_post needs an existing post: 400 invalid_body_param (preference.name)', async () => {
        const { client, user } = await createUserAndLogin();
        const err = await expectClientError(client.savePreferences(user.id, [
            { user_id: user.id, category: 'flagged_post', name: 'ybndrfg8ejkmcpqxot1uwisza3', value: 'true' },
        ]), 400, BODY_PARAM);
        assert.match(err.message, /preference\.name/);
    });

    test('body errors: malformed JSON or not an array → 400 invalid_body_param (preferences)', async () => {
        const { user, token } = await createUserAndLogin();
        for (const path of [`/api/v4/users/${user.id}/preferences`, `/api/v4/users/${user.id}/preferences/delete`]) {
            const method = path.endsWith('delete') ? 'POST' : 'PUT';
            let res = await api(method, path, { token, body: '[{"category":' });
            assertAppError(res, 400, BODY_PARAM);
            assert.match(res.json.message, /preferences/);
            res = await api(method, path, { token, body: { category: 'x' } });
            assertAppError(res, 400, BODY_PARAM);
        }
    });

    test('no session → 401', async () => {
        const { user } = await createUserAndLogin();
        assertAppError(await api('GET', `/api/v4/users/${user.id}/preferences`), 401, 'api.context.session_expired.app_error');
    });
});
