// Profile images: GET /users/{user_id}/image (getProfilePictureUrl), GET …/image/default,
// POST /users/{user_id}/image (uploadProfileImage), DELETE /users/{user_id}/image
// (setDefaultProfileImage). The images are real files made and read in the test (lib/png.js).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
    adminClient,
    api,
    assertAppError,
    baseUrl,
    createUser,
    createUserAndLogin,
    expectClientError,
    loginRaw,
    parseSetCookies,
    setupServer,
} from '../lib/helpers.js';
import { crc32, decodePng, encodeBmp, encodePng, PNG_SIGNATURE, solidPng } from '../lib/png.js';

setupServer();

const PERMISSIONS = 'api.context.permissions.app_error';
const UNKNOWN_ID = 'ybndrfg8ejkmcpqxot1uwisza3';

// The palette of Mattermost's generated avatars, indexed by FNV-1a(user id) mod 26.
const PALETTE = [
    [197, 8, 126], [227, 207, 18], [28, 181, 105], [35, 188, 224], [116, 49, 196], [197, 8, 126], [197, 19, 19],
    [250, 134, 6], [227, 207, 18], [123, 201, 71], [28, 181, 105], [35, 188, 224], [116, 49, 196], [197, 8, 126],
    [197, 19, 19], [250, 134, 6], [227, 207, 18], [123, 201, 71], [28, 181, 105], [35, 188, 224], [116, 49, 196],
    [197, 8, 126], [197, 19, 19], [250, 134, 6], [227, 207, 18], [123, 201, 71],
];

function fnv1a32(text) {
    let h = 0x811c9dc5;
    for (const b of Buffer.from(text, 'ascii')) {
        h ^= b;
        h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
}

// fetchImage GETs a profile image URL with a token; returns { status, headers, body (Buffer) }.
async function fetchImage(url, token, headers = {}) {
    const h = { ...headers };
    if (token) {
        h.Authorization = `Bearer ${token}`;
    }
    const res = await fetch(url, { headers: h });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

function pngFile(buf, name = 'avatar.png', type = 'image/png') {
    return new File([buf], name, { type });
}

function near(actual, expected, tolerance, what) {
    for (let i = 0; i < 3; i++) {
        assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance,
            `${what}: got rgb(${actual.slice(0, 3)}), expected about rgb(${expected})`);
    }
}

function assertDefaultAvatar(png, userId, what) {
    const img = decodePng(png);
    assert.equal(img.width, 128, `${what}: width`);
    assert.equal(img.height, 128, `${what}: height`);
    const bg = PALETTE[fnv1a32(userId) % 26];
    for (const [x, y] of [[0, 0], [127, 0], [0, 127], [127, 127], [5, 64]]) {
        near(img.pixel(x, y), bg, 0, `${what}: background at ${x},${y}`);
    }
    // the initial is drawn in white somewhere in the middle
    let white = 0;
    for (let y = 20; y < 108; y++) {
        for (let x = 20; x < 108; x++) {
            const [r, g, b] = img.pixel(x, y);
            if (r > 240 && g > 240 && b > 240) {
                white++;
            }
        }
    }
    assert.ok(white > 50, `${what}: the white initial must be drawn (${white} white pixels)`);
}

describe('GET /users/{user_id}/image (getProfilePictureUrl)', () => {
    test('a new user\'s image: the generated 128×128 PNG with the palette colour of their id', async () => {
        const { client, user } = await createUserAndLogin();
        const res = await fetchImage(client.getProfilePictureUrl(user.id, user.last_picture_update), client.getToken());
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'image/png');
        assert.deepEqual(res.body.subarray(0, 8), PNG_SIGNATURE);
        assertDefaultAvatar(res.body, user.id, 'profile image');
        assert.equal(res.headers.get('cache-control'), 'max-age=86400, private');
    });

    test('anyone with a session may read anyone\'s image; no session → 401; unknown user → 404', async () => {
        const a = await createUserAndLogin();
        const { user: b } = await createUser();
        const res = await fetchImage(a.client.getProfilePictureUrl(b.id), a.token);
        assert.equal(res.status, 200);
        assertDefaultAvatar(res.body, b.id, 'someone else\'s image');
        const anon = await api('GET', `/api/v4/users/${b.id}/image`);
        assertAppError(anon, 401, 'api.context.session_expired.app_error');
        const missing = await fetchImage(a.client.getProfilePictureUrl(UNKNOWN_ID), a.token);
        assert.equal(missing.status, 404);
    });

    test('ETag = last_picture_update; If-None-Match → 304; an upload changes it', async () => {
        const { client, user, token } = await createUserAndLogin();
        const url = client.getProfilePictureUrl(user.id);
        const first = await fetchImage(url, token);
        const etag = first.headers.get('etag');
        assert.ok(etag, 'the image carries an ETag');
        const me = await client.getMe();
        assert.equal(etag.replace(/"/g, ''), String(me.last_picture_update ?? 0), 'the ETag is last_picture_update');
        const cached = await fetchImage(url, token, { 'If-None-Match': etag });
        assert.equal(cached.status, 304);
        assert.equal(cached.body.length, 0);
        await client.uploadProfileImage(user.id, pngFile(solidPng(64, 64, [0, 0, 255, 255])));
        const changed = await fetchImage(url, token, { 'If-None-Match': etag });
        assert.equal(changed.status, 200, 'a stale ETag must not give 304');
        assert.notEqual(changed.headers.get('etag'), etag);
        near(decodePng(changed.body).pixel(64, 64), [0, 0, 255], 2, 'uploaded image');
    });

    test('cookie session without CSRF header may read images (trust requester)', async () => {
        const { user, username, password } = await createUser();
        const login = await loginRaw(username, password, { xhr: true });
        const c = parseSetCookies(login.headers);
        const res = await fetch(`${baseUrl()}/api/v4/users/${user.id}/image`, {
            headers: { Cookie: `MMAUTHTOKEN=${c.MMAUTHTOKEN.value}; MMUSERID=${user.id}; MMCSRF=${c.MMCSRF.value}` },
        });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'image/png');
    });
});

describe('POST /users/{user_id}/image (uploadProfileImage)', () => {
    test('a PNG is scaled and centre-cropped to 128×128 and stored as PNG; last_picture_update and update_at move', async () => {
        const { client, user, token } = await createUserAndLogin();
        const before = await client.getMe();
        // 300×100: blue | red | green thirds. Filling 128×128 keeps the middle 100×100: red.
        const img = encodePng(300, 100, (x) => (x < 100 ? [0, 0, 255, 255] : x < 200 ? [255, 0, 0, 255] : [0, 255, 0, 255]));
        await new Promise((r) => setTimeout(r, 5));
        const res = await client.uploadProfileImage(user.id, pngFile(img));
        assert.deepEqual(res, { status: 'OK' });
        const after = await client.getMe();
        assert.ok(after.last_picture_update > 0 && after.last_picture_update > (before.last_picture_update ?? 0),
            `last_picture_update must move forward: ${before.last_picture_update} → ${after.last_picture_update}`);
        assert.ok(after.update_at > before.update_at);
        const got = await fetchImage(client.getProfilePictureUrl(user.id, after.last_picture_update), token);
        assert.equal(got.status, 200);
        const out = decodePng(got.body);
        assert.equal(out.width, 128);
        assert.equal(out.height, 128);
        for (const [x, y] of [[4, 4], [64, 64], [123, 4], [4, 123], [123, 123]]) {
            near(out.pixel(x, y), [255, 0, 0], 16, `cropped image at ${x},${y}`);
        }
    });

    test('a tall image is cropped to its middle too', async () => {
        const { client, user, token } = await createUserAndLogin();
        const img = encodePng(60, 180, (_, y) => (y < 60 ? [0, 0, 0, 255] : y < 120 ? [250, 250, 0, 255] : [0, 0, 0, 255]));
        await client.uploadProfileImage(user.id, pngFile(img));
        const out = decodePng((await fetchImage(client.getProfilePictureUrl(user.id), token)).body);
        near(out.pixel(64, 8), [250, 250, 0], 16, 'top of the crop');
        near(out.pixel(64, 120), [250, 250, 0], 16, 'bottom of the crop');
    });

    test('a BMP is accepted and converted to PNG', async () => {
        const { client, user, token } = await createUserAndLogin();
        const bmp = encodeBmp(40, 40, () => [10, 200, 30]);
        await client.uploadProfileImage(user.id, new File([bmp], 'avatar.bmp', { type: 'image/bmp' }));
        const got = await fetchImage(client.getProfilePictureUrl(user.id), token);
        assert.equal(got.headers.get('content-type'), 'image/png');
        near(decodePng(got.body).pixel(64, 64), [10, 200, 30], 2, 'BMP upload');
    });

    // Mattermost reads the dimensions first (checkImageLimits), so bytes that are no image at
    // all fail there; a file with a readable header but broken pixel data fails in the decoder.
    test('not an image → 400 …check_image_limits.app_error; a broken PNG body → 400 …decode.app_error; the old image stays', async () => {
        const { client, user, token } = await createUserAndLogin();
        await client.uploadProfileImage(user.id, pngFile(solidPng(32, 32, [0, 128, 0, 255])));
        await expectClientError(client.uploadProfileImage(user.id, new File([Buffer.from('this is not an image at all')], 'x.png', { type: 'image/png' })),
            400, 'api.user.upload_profile_user.check_image_limits.app_error');
        const good = solidPng(32, 32, [9, 9, 9, 255]);
        const broken = Buffer.concat([good.subarray(0, 33), Buffer.from([0, 0, 0, 10]), Buffer.from('IDAT', 'latin1'), Buffer.alloc(10, 0xab)]);
        const idatCrc = Buffer.alloc(4);
        idatCrc.writeUInt32BE(crc32(broken.subarray(37)));
        await expectClientError(client.uploadProfileImage(user.id, pngFile(Buffer.concat([broken, idatCrc]))),
            400, 'api.user.upload_profile_user.decode.app_error');
        near(decodePng((await fetchImage(client.getProfilePictureUrl(user.id), token)).body).pixel(10, 10), [0, 128, 0], 2, 'kept image');
    });

    test('over MaxImageResolution (a PNG header claiming 10000×10000) → 400 …check_image_limits.app_error', async () => {
        const { client, user } = await createUserAndLogin();
        const png = solidPng(1, 1, [1, 2, 3, 255]);
        png.writeUInt32BE(10000, 16);
        png.writeUInt32BE(10000, 20);
        png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
        await expectClientError(client.uploadProfileImage(user.id, pngFile(png)), 400, 'api.user.upload_profile_user.check_image_limits.app_error');
    });

    test('no "image" part → 400 api.user.upload_profile_user.no_file.app_error', async () => {
        const { user, token } = await createUserAndLogin();
        const form = new FormData();
        form.append('picture', pngFile(solidPng(8, 8, [0, 0, 0, 255])));
        const res = await fetch(`${baseUrl()}/api/v4/users/${user.id}/image`, {
            method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form,
        });
        const text = await res.text();
        assertAppError({ status: res.status, headers: res.headers, text, json: JSON.parse(text) }, 400, 'api.user.upload_profile_user.no_file.app_error');
    });

    test('a body that is not multipart → 400 api.user.upload_profile_user.parse.app_error (Mattermost: 500)', async () => {
        const { user, token } = await createUserAndLogin();
        const res = await api('POST', `/api/v4/users/${user.id}/image`, { token, body: { image: 'x' } });
        assertAppError(res, 400, 'api.user.upload_profile_user.parse.app_error');
    });

    test('another user\'s image: 403 for a non-admin; an admin may set it', async () => {
        const admin = await adminClient();
        const a = await createUserAndLogin();
        const b = await createUserAndLogin();
        await expectClientError(a.client.uploadProfileImage(b.user.id, pngFile(solidPng(8, 8, [0, 0, 0, 255]))), 403, PERMISSIONS);
        assert.deepEqual(await admin.client.uploadProfileImage(b.user.id, pngFile(solidPng(16, 16, [200, 100, 50, 255]))), { status: 'OK' });
        near(decodePng((await fetchImage(b.client.getProfilePictureUrl(b.user.id), b.token)).body).pixel(64, 64), [200, 100, 50], 2, 'set by admin');
    });

    test('an unknown user (admin caller) → 400 invalid_url_param (user_id)', async () => {
        const admin = await adminClient();
        const err = await expectClientError(admin.client.uploadProfileImage(UNKNOWN_ID, pngFile(solidPng(8, 8, [0, 0, 0, 255]))),
            400, 'api.context.invalid_url_param.app_error');
        assert.match(err.message, /user_id/);
    });
});

describe('DELETE /users/{user_id}/image (setDefaultProfileImage) and GET …/image/default', () => {
    test('back to the generated image; last_picture_update becomes negative', async () => {
        const { client, user, token } = await createUserAndLogin();
        await client.uploadProfileImage(user.id, pngFile(solidPng(16, 16, [0, 0, 0, 255])));
        const res = await client.setDefaultProfileImage(user.id);
        assert.deepEqual(res, { status: 'OK' });
        const me = await client.getMe();
        assert.ok(me.last_picture_update < 0, `last_picture_update must be minus a time, got ${me.last_picture_update}`);
        assert.ok(-me.last_picture_update > Date.now() - 60_000);
        const got = await fetchImage(client.getProfilePictureUrl(user.id, me.last_picture_update), token);
        assertDefaultAvatar(got.body, user.id, 'image after reset');
        assert.equal(got.headers.get('etag')?.replace(/"/g, ''), String(me.last_picture_update));
    });

    test('GET …/image/default is always the generated image, even after an upload', async () => {
        const { client, user, token } = await createUserAndLogin();
        await client.uploadProfileImage(user.id, pngFile(solidPng(16, 16, [0, 0, 0, 255])));
        const res = await fetchImage(client.getDefaultProfilePictureUrl(user.id), token);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'image/png');
        assert.equal(res.headers.get('cache-control'), 'max-age=86400, private');
        assertDefaultAvatar(res.body, user.id, 'default image');
        assert.equal((await fetchImage(client.getDefaultProfilePictureUrl(UNKNOWN_ID), token)).status, 404);
    });

    test('another user\'s image: 403 for a non-admin; an admin may reset it', async () => {
        const admin = await adminClient();
        const a = await createUserAndLogin();
        const b = await createUserAndLogin();
        await expectClientError(a.client.setDefaultProfileImage(b.user.id), 403, PERMISSIONS);
        assert.deepEqual(await admin.client.setDefaultProfileImage(b.user.id), { status: 'OK' });
        await expectClientError(admin.client.setDefaultProfileImage(UNKNOWN_ID), 404, 'app.user.missing_account.const');
    });
});
