// RFC 6238 time-based one-time passwords (TOTP) as authenticator apps compute them:
// HMAC-SHA1 over the 30-second time step, dynamic truncation (RFC 4226), six digits.
// Written from the RFCs with node:crypto so the MFA tests do not trust the server's own code.

import crypto from 'node:crypto';

export const STEP_SECONDS = 30;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// base32Decode decodes RFC 4648 base32 (upper or lower case, padding optional).
export function base32Decode(text) {
    const clean = text.replace(/=+$/, '').toUpperCase();
    let bits = 0;
    let value = 0;
    const out = [];
    for (const ch of clean) {
        const idx = BASE32.indexOf(ch);
        if (idx < 0) {
            throw new Error(`not base32: ${JSON.stringify(ch)} in ${JSON.stringify(text)}`);
        }
        value = (value << 5) | idx;
        bits += 5;
        if (bits >= 8) {
            out.push((value >>> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return Buffer.from(out);
}

// hotp computes the RFC 4226 code of counter for the base32 secret.
export function hotp(secret, counter, digits = 6) {
    const msg = Buffer.alloc(8);
    msg.writeBigUInt64BE(BigInt(counter));
    const mac = crypto.createHmac('sha1', base32Decode(secret)).update(msg).digest();
    const offset = mac[mac.length - 1] & 0x0f;
    const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
    return String(binary % 10 ** digits).padStart(digits, '0');
}

// currentStep is the RFC 6238 time step (T) of `ms` (default: now).
export function currentStep(ms = Date.now()) {
    return Math.floor(ms / 1000 / STEP_SECONDS);
}

// totp is the code for time step `step` (default: the current one).
export function totp(secret, step = currentStep()) {
    return hotp(secret, step);
}

// secondsLeftInStep: how long the current step still lasts.
export function secondsLeftInStep(ms = Date.now()) {
    return STEP_SECONDS - ((ms / 1000) % STEP_SECONDS);
}

// freshStep waits, if needed, until at least `minSeconds` of the current step are left, so a
// sequence of requests that relies on the server being in the same step cannot straddle a
// step boundary. Returns the step.
export async function freshStep(minSeconds = 10) {
    const left = secondsLeftInStep();
    if (left < minSeconds) {
        await new Promise((resolve) => setTimeout(resolve, Math.ceil(left * 1000) + 200));
    }
    return currentStep();
}

// wrongCode returns a six-digit code that is none of the codes the server accepts around
// `step` (the previous, current and next step), so a "wrong code" test cannot hit a valid one.
export function wrongCode(secret, step = currentStep()) {
    const valid = new Set([-2, -1, 0, 1, 2].map((d) => totp(secret, step + d)));
    for (let n = 123456; ; n = (n + 111111) % 1_000_000) {
        const code = String(n).padStart(6, '0');
        if (!valid.has(code)) {
            return code;
        }
    }
}
