#!/usr/bin/env node
// Opens the dashboard in headless Chromium and says, as one line of JSON, what a viewer sees:
//
//   node inspect-dashboard.js URL SCREENSHOT.png PEERS
//
// {"title": ..., "project": ..., "badge": "live", "rows": [{"peer", "role", "state", "progress",
//  "from"}, ...], "later": [...], "swarm": "...", "complete": "x/y", "cspViolations": [...],
//  "errors": [...], "requests": [...]}
//
// It waits until the page is live and shows PEERS rows, reads them, reads them again a few
// seconds later ("later"), and saves a screenshot. The page's own Content-Security-Policy is
// enforced, and any violation of it is reported; requests are the URLs outside the dashboard's
// origin the page tried to load (none are let through). Chromium is /usr/bin/chromium, or
// $CHROMIUM. Exits 1 with a message on stderr when anything fails.
'use strict';

const fs = require('fs');
const path = require('path');

const { launch, TIMEOUT_MS } = require('./chromium');
const LATER_MS = 3000;

function fail(message) {
  process.stderr.write(`inspect-dashboard: ${message}\n`);
  process.exit(1);
}

async function inspect(url, screenshot, peers) {
  const browser = await launch(fail);
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 700 } });
    const origin = new URL(url).origin;
    const requests = [];
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(origin + '/')) {
        return route.continue();
      }
      requests.push(u);
      return route.abort();
    });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    });
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response || !response.ok()) {
      fail(`could not open ${url}: ${response ? response.status() : 'no response'}`);
    }
    await page.waitForFunction(
      (n) => document.querySelectorAll('#peers tbody tr').length >= n
        && document.getElementById('connection').textContent === 'live',
      peers);
    const read = () => page.evaluate(() => ({
      rows: [...document.querySelectorAll('#peers tbody tr')].map((tr) => ({
        peer: tr.cells[0].textContent,
        role: tr.cells[1].textContent,
        state: tr.cells[2].textContent,
        progress: tr.cells[3].querySelector('progress').value,
        from: tr.cells[7].textContent,
      })),
      swarm: document.getElementById('swarm').textContent,
      complete: document.getElementById('complete').textContent,
      project: document.getElementById('project').textContent,
      badge: document.getElementById('connection').textContent,
      title: document.title,
    }));
    const first = await read();
    await page.waitForTimeout(LATER_MS);
    const later = await read();
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    const cspViolations = await page.evaluate(() => window.__csp);
    return { ...first, later: later.rows, cspViolations, errors, requests };
  } finally {
    await browser.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length !== 3) {
    fail('usage: node inspect-dashboard.js URL SCREENSHOT.png PEERS');
  }
  const result = await inspect(args[0], path.resolve(args[1]), Number(args[2]));
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
