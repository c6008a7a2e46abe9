// Starts and stops a roster server for one test file.
//
// The binary is either $ROSTER_BIN (prebuilt, e.g. by CI) or built here with
// `go build -o <dir>/roster ./cmd/roster` from the repository root (the parent of compat/).
// Every server gets its own temporary directory (SQLite database, files, working directory)
// and a free loopback port. Inherited MM_* variables are dropped so that a developer's shell
// cannot change what the suite tests; use the `env` argument of startServer instead.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '..', '..');

const STARTUP_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const MAX_LOG_BYTES = 256 * 1024;

const running = new Set();
process.on('exit', () => {
    for (const child of running) {
        try {
            child.kill('SIGKILL');
        } catch {
            // already gone
        }
    }
});

let builtBinary = null;

// binaryPath returns the roster binary to run, building it once per test process.
export function binaryPath() {
    if (process.env.ROSTER_BIN) {
        const bin = path.resolve(process.env.ROSTER_BIN);
        if (!fs.existsSync(bin)) {
            throw new Error(`ROSTER_BIN=${process.env.ROSTER_BIN} does not exist`);
        }
        return bin;
    }
    if (builtBinary) {
        return builtBinary;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bin-'));
    const bin = path.join(dir, 'roster');
    const started = Date.now();
    const res = spawnSync('go', ['build', '-o', bin, './cmd/roster'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
    });
    if (res.error || res.status !== 0) {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    if (res.error) {
        throw new Error(`could not run "go build" (is Go installed and on PATH?): ${res.error.message}`);
    }
    if (res.status !== 0) {
        throw new Error(
            `"go build -o ${bin} ./cmd/roster" in ${REPO_ROOT} failed with exit code ${res.status}.\n` +
            'The roster server does not build (yet?); no compatibility test can run without it.\n' +
            'Set ROSTER_BIN to use a prebuilt binary instead.\n' +
            `--- go build output ---\n${(res.stderr || '') + (res.stdout || '')}`,
        );
    }
    if (process.env.ROSTER_COMPAT_VERBOSE) {
        process.stderr.write(`built ${bin} in ${Date.now() - started} ms\n`);
    }
    builtBinary = bin;
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    return bin;
}

export function freePort() {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const { port } = srv.address();
            srv.close(() => resolve(port));
        });
    });
}

// ROSTER_COMPAT_ENV="MM_A_B=1 MM_C_D=x" adds settings to every server (for debugging; the
// per-file settings of a test still win).
function extraEnv() {
    const out = {};
    for (const kv of (process.env.ROSTER_COMPAT_ENV || '').split(/\s+/).filter(Boolean)) {
        const eq = kv.indexOf('=');
        if (eq <= 0) {
            throw new Error(`ROSTER_COMPAT_ENV: "${kv}" is not NAME=VALUE`);
        }
        out[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    return out;
}

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

// startServer starts roster with the test settings plus `env` overrides (MM_* names) and
// waits until GET /api/v4/system/ping answers 200. It returns
// { url, port, dir, bin, env, logs(), stop() }.
export async function startServer(env = {}) {
    const bin = binaryPath();
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-compat-'));
    const url = `http://127.0.0.1:${port}`;

    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MM_')));
    const serverEnv = {
        ...inherited,
        MM_SERVICESETTINGS_LISTENADDRESS: `127.0.0.1:${port}`,
        MM_SERVICESETTINGS_SITEURL: url,
        MM_SQLSETTINGS_DRIVERNAME: 'sqlite',
        MM_SQLSETTINGS_DATASOURCE: path.join(dir, 'roster.db'),
        MM_PASSWORDSETTINGS_PBKDF2ITERATIONS: '1000',
        MM_FILESETTINGS_DIRECTORY: path.join(dir, 'files'),
        // Roster limits login/MFA/password attempts per client address and per account; every
        // request of the suite comes from 127.0.0.1, so the limits are off unless a test file
        // turns them on (test/ratelimit.test.mjs).
        MM_RATELIMITSETTINGS_AUTHPERMINUTEPERIP: '0',
        MM_RATELIMITSETTINGS_AUTHPERMINUTEPERACCOUNT: '0',
        ...extraEnv(),
        ...env,
    };

    let output = '';
    const append = (chunk) => {
        output += chunk.toString();
        if (output.length > MAX_LOG_BYTES) {
            output = output.slice(output.length - MAX_LOG_BYTES);
        }
        if (process.env.ROSTER_COMPAT_VERBOSE) {
            process.stderr.write(chunk);
        }
    };

    const child = spawn(bin, [], { cwd: dir, env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    let exited = null;
    let spawnError = null;
    const exitPromise = new Promise((resolve) => {
        child.on('exit', (code, signal) => {
            exited = { code, signal };
            running.delete(child);
            resolve(exited);
        });
        child.on('error', (err) => {
            spawnError = err;
            running.delete(child);
            resolve({ code: null, signal: null });
        });
    });

    const describeFailure = (why) => {
        if (!process.env.ROSTER_COMPAT_KEEP) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        return failure(why);
    };
    const failure = (why) => new Error(
        `roster server did not come up: ${why}\n` +
        `binary: ${bin}\nurl: ${url}\n` +
        `env overrides: ${JSON.stringify(Object.fromEntries(Object.entries(serverEnv).filter(([k]) => k.startsWith('MM_'))))}\n` +
        `--- server output (stdout+stderr) ---\n${output || '(none)'}`,
    );

    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    let lastProblem = 'no answer yet';
    for (;;) {
        if (spawnError) {
            throw describeFailure(`could not start the process: ${spawnError.message}`);
        }
        if (exited) {
            throw describeFailure(`process exited early (code ${exited.code}, signal ${exited.signal})`);
        }
        try {
            const res = await fetch(`${url}/api/v4/system/ping`, { signal: AbortSignal.timeout(2000) });
            await res.arrayBuffer();
            if (res.status === 200) {
                break;
            }
            lastProblem = `ping answered HTTP ${res.status}`;
        } catch (err) {
            lastProblem = `ping failed: ${err.cause?.code || err.message}`;
        }
        if (Date.now() > deadline) {
            child.kill('SIGKILL');
            await exitPromise;
            throw describeFailure(`GET /api/v4/system/ping did not answer 200 within ${STARTUP_TIMEOUT_MS / 1000} s (${lastProblem})`);
        }
        await sleep(100);
    }

    const stop = async () => {
        if (!exited && !spawnError) {
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
            await exitPromise;
            clearTimeout(timer);
        }
        if (!process.env.ROSTER_COMPAT_KEEP) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        return exited;
    };

    return { url, port, dir, bin, env: serverEnv, logs: () => output, stop };
}
