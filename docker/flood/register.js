// Registers Flood's first user, an administrator whose client is one rtorrent's SCGI socket.
// Usage: node register.js URL USERNAME SOCKET < password-file
// Flood lets anyone register while it has no user: start.sh runs this while Flood listens on the
// container's loopback only.
'use strict';
const [url, username, socket] = process.argv.slice(2);
const password = require('fs').readFileSync(0, 'utf8').trim();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  let ready = false;
  for (let i = 0; i < 600 && !ready; i++) {
    try {
      const r = await fetch(`${url}/api/auth/verify`);
      if (r.ok) {
        const body = await r.json();
        if (!body.initialUser) {
          throw new Error('Flood already has a user');
        }
        ready = true;
      }
    } catch (e) {
      if (e.message === 'Flood already has a user') throw e;
    }
    if (!ready) await sleep(100);
  }
  if (!ready) throw new Error('Flood did not start within 60 s');
  const r = await fetch(`${url}/api/auth/register?cookie=false`, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({
      username,
      password,
      client: {client: 'rTorrent', type: 'socket', version: 1, socket},
      level: 10,
    }),
  });
  if (!r.ok) throw new Error(`registering ${username} failed: HTTP ${r.status} ${await r.text()}`);
}

main().catch((e) => {
  console.error(`swarmlab flood: ${e.message}`);
  process.exit(1);
});
