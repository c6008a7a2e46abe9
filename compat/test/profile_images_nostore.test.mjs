// Profile images with FileSettings.DriverName "" (no file store): uploads and resets answer
// 501, reading still gives the generated image.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { createUserAndLogin, expectClientError, setupServer } from '../lib/helpers.js';
import { decodePng, solidPng } from '../lib/png.js';

setupServer({ MM_FILESETTINGS_DRIVERNAME: '' });

const STORAGE = 'api.user.upload_profile_user.storage.app_error';

describe('no file store', () => {
    test('uploadProfileImage and setDefaultProfileImage → 501 api.user.upload_profile_user.storage.app_error', async () => {
        const { client, user } = await createUserAndLogin();
        await expectClientError(client.uploadProfileImage(user.id, new File([solidPng(8, 8, [0, 0, 0, 255])], 'a.png', { type: 'image/png' })), 501, STORAGE);
        await expectClientError(client.setDefaultProfileImage(user.id), 501, STORAGE);
    });

    test('the image can still be read: the generated default', async () => {
        const { client, user, token } = await createUserAndLogin();
        const res = await fetch(client.getProfilePictureUrl(user.id), { headers: { Authorization: `Bearer ${token}` } });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'image/png');
        const img = decodePng(Buffer.from(await res.arrayBuffer()));
        assert.equal(img.width, 128);
        assert.equal(img.height, 128);
    });
});
