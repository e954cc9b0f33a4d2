#!/usr/bin/env node
// Opens the dashboard in headless Chromium and says, as one line of JSON, what a viewer sees:
//
//   node inspect-dashboard.js URL SCREENSHOT.png PEERS [LEECHER]
//
// {"title": ..., "project": ..., "badge": "live", "rows": [{"peer", "role", "state", "progress",
//  "from"}, ...], "later": [...], "swarm": "...", "complete": "x/y", "pieces": {"fullCells",
//  "peers", "rarest"}, "laterPieces": {...}, "flows": {"senders", "count", "top"},
//  "tracker": [[torrent, seeders, leechers, completed], ...], "charts": {...}, "provenance":
//  {"peer", "received", "legend", ...}, "cspViolations": [...], "errors": [...], "requests": [...]}
//
// It waits until the page is live and shows PEERS rows, reads them, reads them again a few
// seconds later ("later"), and saves a screenshot. With LEECHER, it then clicks that leecher's
// row and reads where its blocks came from ("provenance"; its screenshot beside the first).
//
// A replay (the page of `dashboard --run`) is read at the second it opens on (the run's end),
// then with its slider moved to its end, to second 0 and to the middle: "replay": {"duration",
// "frames": [{"second", "swarm", "complete", "rows", "pieces", "flows", "cursor"}, ...]}; "later"
// is left out.
//
// The page's own Content-Security-Policy is enforced, and any violation of it is reported;
// requests are the URLs outside the dashboard's origin the page tried to load (none are let
// through). Chromium is /usr/bin/chromium, or $CHROMIUM. Exits 1 with a message on stderr when
// anything fails.
'use strict';

const fs = require('fs');
const path = require('path');

const { launch, TIMEOUT_MS } = require('./chromium');
const LATER_MS = 4000;

function fail(message) {
  process.stderr.write(`inspect-dashboard: ${message}\n`);
  process.exit(1);
}

async function inspect(url, screenshot, peers, leecher) {
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
    try {
      await page.waitForFunction(
        (n) => document.querySelectorAll('#peers tbody tr').length >= n
          && /^(live|replay )/.test(document.getElementById('connection').textContent),
        peers);
    } catch (e) {
      // what the page showed instead, so that a page that never came live says why
      const seen = await page.evaluate(() => ({
        rows: document.querySelectorAll('#peers tbody tr').length,
        badge: document.getElementById('connection').textContent,
      })).catch((x) => ({ unreadable: String(x) }));
      fail(`the page did not show ${peers} rows live: ${String(e).split('\n')[0]}; it showed `
        + `${JSON.stringify(seen)}; errors ${JSON.stringify(errors)}`);
    }
    const isReplay = await page.evaluate(() => !document.getElementById('replay').hidden);
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
      // what the eye sees: a hidden element is not drawn
      replayBarShown: getComputedStyle(document.getElementById('replay')).display !== 'none',
      trackerShown: getComputedStyle(document.getElementById('tracker-panel')).display !== 'none',
      pieces: {
        fullCells: Number(document.getElementById('pieces').dataset.fullCells || 0),
        peers: Number(document.getElementById('pieces').dataset.peers || 0),
        rarest: [...document.querySelectorAll('#rarest div')].map((d) => d.textContent),
      },
      flows: {
        senders: (document.getElementById('flows').dataset.senders || '').split(' ')
          .filter((x) => x),
        count: Number(document.getElementById('flows').dataset.flows || 0),
        top: [...document.querySelectorAll('#top-flows li')].map((li) => li.textContent),
      },
      tracker: [...document.querySelectorAll('#tracker tbody tr')]
        .map((tr) => [...tr.cells].map((c) => c.textContent)),
      charts: {
        leechers: document.querySelectorAll('#progress-chart path.leecher').length,
        swarm: document.querySelectorAll('#progress-chart path.swarm').length,
        cursor: document.querySelectorAll('#progress-chart line.cursor').length,
      },
    }));
    if (isReplay) {
      return await inspectReplay(page, read, screenshot, leecher, errors, requests);
    }
    // the tracker is asked every few polls: wait for its first answer
    await page.waitForFunction(
      () => document.getElementById('tracker').dataset.answered !== undefined);
    const first = await read();
    await page.waitForTimeout(LATER_MS);
    const later = await read();
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    const provenance = await readProvenance(page, leecher, screenshot);
    const cspViolations = await page.evaluate(() => window.__csp);
    return {
      ...first, later: later.rows, laterPieces: later.pieces, provenance, cspViolations, errors,
      requests,
    };
  } finally {
    await browser.close();
  }
}

// Clicks LEECHER's row (unless none) and reads where its blocks came from; saves a screenshot.
async function readProvenance(page, leecher, screenshot) {
  if (!leecher) return null;
  await page.click(`#peers tbody tr[data-peer="${leecher}"] td`);
  await page.waitForFunction(
    () => document.getElementById('provenance').dataset.received !== undefined
      || document.querySelectorAll('#provenance-legend li').length > 0);
  const provenance = await page.evaluate(() => ({
    peer: document.getElementById('provenance-peer').textContent,
    shown: !document.getElementById('provenance-panel').hidden,
    received: Number(document.getElementById('provenance').dataset.received || 0),
    legend: [...document.querySelectorAll('#provenance-legend li')].map((li) => li.textContent),
    selectedLines: document.querySelectorAll('#progress-chart path.selected').length,
  }));
  await page.screenshot({ path: screenshot.replace(/\.png$/, '-provenance.png'), fullPage: true });
  return provenance;
}

// Reads a replay at its end, at second 0 and at the middle, by moving its slider.
async function inspectReplay(page, read, screenshot, leecher, errors, requests) {
  const duration = await page.evaluate(() => Number(document.getElementById('slider').max));
  const at = async (second) => {
    await page.evaluate((t) => {
      const slider = document.getElementById('slider');
      slider.value = String(t);
      slider.dispatchEvent(new Event('input'));
    }, second);
    await page.waitForFunction(
      (t) => document.getElementById('at').dataset.second === String(t), second);
    const r = await read();
    return {
      second, swarm: r.swarm, complete: r.complete, rows: r.rows, pieces: r.pieces,
      flows: r.flows, cursor: r.charts.cursor,
    };
  };
  await page.waitForFunction(() => document.getElementById('at').dataset.second !== undefined);
  const first = await read();
  const frames = [await at(duration), await at(0), await at(Math.floor(duration / 2))];
  fs.mkdirSync(path.dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  const provenance = await readProvenance(page, leecher, screenshot);
  const cspViolations = await page.evaluate(() => window.__csp);
  return {
    ...first, replay: { duration, frames }, provenance, cspViolations, errors, requests,
  };
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length !== 3 && args.length !== 4) {
    fail('usage: node inspect-dashboard.js URL SCREENSHOT.png PEERS [LEECHER]');
  }
  const result = await inspect(args[0], path.resolve(args[1]), Number(args[2]), args[3]);
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
