// A minimal SMTP server (RFC 5321 subset: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT;
// no TLS, no AUTH) that keeps every message it accepts, so tests can read the emails roster
// sends (invitations, password resets).

import net from 'node:net';

// decodeQuotedPrintable / base64 for the text parts of a message.
function decodeQP(s) {
    return s.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

function splitHeaders(raw) {
    const i = raw.search(/\r?\n\r?\n/);
    const head = i < 0 ? raw : raw.slice(0, i);
    const body = i < 0 ? '' : raw.slice(i).replace(/^\r?\n\r?\n/, '');
    const headers = {};
    for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
        const c = line.indexOf(':');
        if (c > 0) {
            headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
        }
    }
    return { headers, body };
}

function decodePart(headers, body) {
    const enc = (headers['content-transfer-encoding'] || '').toLowerCase();
    if (enc === 'base64') {
        return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    }
    if (enc === 'quoted-printable') {
        return Buffer.from(decodeQP(body), 'latin1').toString('utf8');
    }
    return body;
}

// textOf returns all decoded text/* parts of a MIME message, concatenated.
export function textOf(raw) {
    const { headers, body } = splitHeaders(raw);
    const ctype = headers['content-type'] || 'text/plain';
    const m = /boundary="?([^";]+)"?/i.exec(ctype);
    if (/^multipart\//i.test(ctype) && m) {
        const parts = body.split(`--${m[1]}`).slice(1).filter((p) => !p.startsWith('--'));
        return parts.map((p) => textOf(p.replace(/^\r?\n/, ''))).join('\n');
    }
    if (/^text\//i.test(ctype)) {
        return decodePart(headers, body);
    }
    return '';
}

// startSmtp listens on 127.0.0.1 (a free port) and returns
// { port, messages, waitFor(predicate, timeoutMs), close() }. Each message is
// { from, to: [...], raw, headers, text }.
export async function startSmtp() {
    const messages = [];
    const waiters = [];
    const sockets = new Set();
    const server = net.createServer((sock) => {
        sockets.add(sock);
        sock.on('close', () => sockets.delete(sock));
        sock.on('error', () => {});
        sock.setEncoding('utf8');
        let buffer = '';
        let inData = false;
        let data = [];
        let from = '';
        let to = [];
        const reply = (line) => sock.write(`${line}\r\n`);
        reply('220 compat-smtp ESMTP ready');
        sock.on('data', (chunk) => {
            buffer += chunk;
            let nl;
            while ((nl = buffer.indexOf('\r\n')) >= 0) {
                const line = buffer.slice(0, nl);
                buffer = buffer.slice(nl + 2);
                if (inData) {
                    if (line === '.') {
                        inData = false;
                        const raw = data.join('\r\n');
                        const { headers } = splitHeaders(raw);
                        const msg = { from, to, raw, headers, text: textOf(raw) };
                        messages.push(msg);
                        for (const w of [...waiters]) {
                            if (w.predicate(msg)) {
                                waiters.splice(waiters.indexOf(w), 1);
                                clearTimeout(w.timer);
                                w.resolve(msg);
                            }
                        }
                        data = [];
                        from = '';
                        to = [];
                        reply('250 OK: queued');
                    } else {
                        data.push(line.startsWith('..') ? line.slice(1) : line);
                    }
                    continue;
                }
                const cmd = line.slice(0, 4).toUpperCase();
                if (cmd === 'EHLO') {
                    reply('250-compat-smtp');
                    reply('250-8BITMIME');
                    reply('250 SMTPUTF8');
                } else if (cmd === 'HELO') {
                    reply('250 compat-smtp');
                } else if (cmd === 'MAIL') {
                    from = (/<([^>]*)>/.exec(line) || [])[1] ?? '';
                    reply('250 OK');
                } else if (cmd === 'RCPT') {
                    to.push(((/<([^>]*)>/.exec(line) || [])[1] ?? '').toLowerCase());
                    reply('250 OK');
                } else if (cmd === 'DATA') {
                    inData = true;
                    reply('354 End data with <CR><LF>.<CR><LF>');
                } else if (cmd === 'RSET') {
                    from = '';
                    to = [];
                    reply('250 OK');
                } else if (cmd === 'NOOP') {
                    reply('250 OK');
                } else if (cmd === 'QUIT') {
                    reply('221 Bye');
                    sock.end();
                } else {
                    reply('502 Command not implemented');
                }
            }
        });
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
    });
    return {
        port: server.address().port,
        messages,
        // waitFor resolves with the first message (already received or arriving) that
        // satisfies predicate, or rejects after timeoutMs.
        waitFor(predicate, timeoutMs = 10_000) {
            const found = messages.find(predicate);
            if (found) {
                return Promise.resolve(found);
            }
            return new Promise((resolve, reject) => {
                const w = { predicate, resolve };
                waiters.push(w);
                w.timer = setTimeout(() => {
                    const i = waiters.indexOf(w);
                    if (i >= 0) {
                        waiters.splice(i, 1);
                        reject(new Error(`no matching email within ${timeoutMs} ms; received: ${JSON.stringify(messages.map((m) => ({ to: m.to, subject: m.headers.subject })))}`));
                    }
                }, timeoutMs);
            });
        },
        close() {
            for (const s of sockets) {
                s.destroy();
            }
            return new Promise((resolve) => server.close(() => resolve()));
        },
    };
}
