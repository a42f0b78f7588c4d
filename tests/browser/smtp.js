// A small SMTP server for the browser tests, on loopback: a real SMTP
// conversation over TCP (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), the mails
// kept in memory and their text part decoded, so a test can follow the links.
const net = require('node:net');

function decodeQp(body) {
  const joined = body.replace(/=\r\n/g, '');
  const bytes = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The decoded text/plain part of a raw mail. */
function textOf(raw) {
  return partOf(raw, 'text/plain');
}

/** The decoded `type` part of a raw mail. */
function partOf(raw, type) {
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(raw)[1];
  for (const chunk of raw.split(`--${boundary}`)) {
    const split = chunk.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = chunk.slice(0, split).toLowerCase();
    const body = chunk.slice(split + 4);
    if (!head.includes(`content-type: ${type}`)) continue;
    if (head.includes('quoted-printable')) return decodeQp(body);
    if (head.includes('base64')) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    return body;
  }
  throw new Error(`no ${type} part in ${raw}`);
}

/** Starts the server on a free port: `{ port, url, mails, waitFor, close }`. */
async function startSmtp() {
  const mails = [];
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = '';
    let data = null;
    let to = [];
    socket.write('220 test.local ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== null) {
          if (line === '.') {
            mails.push({ to, raw: data, text: textOf(data) });
            data = null;
            to = [];
            socket.write('250 OK queued\r\n');
          } else {
            data += (line.startsWith('.') ? line.slice(1) : line) + '\r\n';
          }
          continue;
        }
        const verb = line.split(/[ :]/)[0].toUpperCase();
        if (verb === 'EHLO') socket.write('250-test.local\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        else if (verb === 'HELO' || verb === 'NOOP' || verb === 'MAIL' || verb === 'RSET') socket.write('250 OK\r\n');
        else if (verb === 'RCPT') { to.push((/<([^>]*)>/.exec(line) || [])[1] || ''); socket.write('250 OK\r\n'); }
        else if (verb === 'DATA') { data = ''; socket.write('354 Go ahead\r\n'); }
        else if (verb === 'QUIT') { socket.end('221 Bye\r\n'); }
        else socket.write('502 Command not implemented\r\n');
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const mailsTo = (address) => mails.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase()));
  return {
    port,
    url: `smtp://127.0.0.1:${port}?tls=none`,
    mails,
    mailsTo,
    /** Waits (up to 30 s) until `address` has `n` mails; returns them. */
    async waitFor(address, n) {
      for (let i = 0; i < 600; i++) {
        if (mailsTo(address).length >= n) return mailsTo(address);
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`${address} received ${mailsTo(address).length} mails, expected ${n}`);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The first link in a mail's text that contains `path`. */
function linkIn(mail, path) {
  const match = mail.text.match(new RegExp(`https?://\\S*${path.replace(/[/?]/g, '\\$&')}\\S*`));
  if (!match) throw new Error(`no link ${path} in ${mail.text}`);
  return match[0];
}

module.exports = { startSmtp, linkIn, partOf };
