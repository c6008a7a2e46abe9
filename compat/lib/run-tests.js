// `npm test`: build roster once (unless ROSTER_BIN is set), then run every test file with
// Node's test runner, one file at a time. Each file starts its own server from that binary.
// Arguments are passed to `node --test` in place of the default file list, e.g.
//   npm test -- test/login.test.mjs

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { binaryPath } from './server.js';

const compatDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let bin;
try {
    bin = binaryPath();
} catch (err) {
    process.stderr.write(`\nroster compat: cannot run the suite.\n${err.message}\n`);
    process.exit(1);
}

let files = process.argv.slice(2);
if (files.length === 0) {
    files = fs.readdirSync(path.join(compatDir, 'test'))
        .filter((f) => f.endsWith('.test.mjs'))
        .sort()
        .map((f) => path.join('test', f));
}

const res = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], {
    cwd: compatDir,
    stdio: 'inherit',
    env: { ...process.env, ROSTER_BIN: bin },
});
if (res.error) {
    process.stderr.write(`roster compat: could not start node --test: ${res.error.message}\n`);
    process.exit(1);
}
process.exit(res.status ?? 1);
