#!/usr/bin/env node
// What the dashboard costs a browser: opens URL in headless Chromium for SECONDS and prints one
// line of JSON: the page's own measure of each update (parse and redraw, "update" entries of the
// Performance API, whole and by part), each update's size (as parsed, and on the wire, gzip'd)
// and the server's poll time as /api/snapshot gives them,
// the size of /api/history, and how long the page took to show its first update.
//
//   node bench/dashboard.js URL SECONDS
//
// Uses the playwright-core of src/test/browser (npm ci there first) and Debian's Chromium.
'use strict';

const path = require('path');

const browserDir = path.join(__dirname, '..', 'src', 'test', 'browser');
module.paths.unshift(path.join(browserDir, 'node_modules'));
const { launch } = require(path.join(browserDir, 'chromium'));

function fail(message) {
  process.stderr.write(`bench/dashboard.js: ${message}\n`);
  process.exit(1);
}

function spread(values) {
  const v = [...values].sort((a, b) => a - b);
  const at = (q) => (v.length ? v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)] : null);
  const round = (x) => (x === null ? null : Math.round(x * 10) / 10);
  return { n: v.length, p50: round(at(0.5)), p90: round(at(0.9)), max: round(at(1)) };
}

async function main() {
  const [url, seconds] = process.argv.slice(2);
  if (!url || !(Number(seconds) > 0)) fail('usage: node bench/dashboard.js URL SECONDS');
  const browser = await launch(fail);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelectorAll('#peers tbody tr').length > 0,
      null, { timeout: 120000 });
    const firstMs = Date.now() - t0;
    const sizes = [];
    const wire = [];
    const polls = [];
    const until = Date.now() + Number(seconds) * 1000;
    while (Date.now() < until) {
      const r = await page.evaluate(async () => {
        const url = '/api/snapshot?' + Math.random().toString(36).slice(2);
        const body = await (await fetch(url)).text();
        const entry = performance.getEntriesByName(new URL(url, location.href).href)[0];
        return { bytes: body.length, wire: entry ? entry.encodedBodySize : null,
          poll: JSON.parse(body).pollMillis };
      });
      sizes.push(r.bytes);
      wire.push(r.wire);
      polls.push(r.poll);
      await page.waitForTimeout(1000);
    }
    const updates = await page.evaluate(
      () => performance.getEntriesByName('update').map((e) => e.duration));
    const parts = {};
    for (const name of ['peers', 'history', 'flows', 'pieces']) {
      parts[name] = spread(await page.evaluate(
        (n) => performance.getEntriesByName(n).map((e) => e.duration), name));
    }
    const historyBytes = await page.evaluate(
      async () => (await (await fetch('/api/history')).text()).length);
    const peers = await page.evaluate(() => document.querySelectorAll('#peers tbody tr').length);
    process.stdout.write(JSON.stringify({
      peers, firstUpdateMs: firstMs, updateMs: spread(updates), partsMs: parts,
      updateBytes: spread(sizes), updateWireBytes: spread(wire),
      pollMs: spread(polls), historyBytes,
    }) + '\n');
  } finally {
    await browser.close();
  }
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
