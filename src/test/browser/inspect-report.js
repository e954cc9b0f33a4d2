#!/usr/bin/env node
// Opens a report page in headless Chromium and says, as one line of JSON, what a reader sees:
//
//   node inspect-report.js REPORT.html SCREENSHOT.png
//
// {"title": ..., "charts": {"progress": 1, ...}, "flowCells": N, "incomplete": true|false,
//  "note": "...", "requests": [...]}
//
// charts counts the .series elements inside each figure.chart, by its data-chart; flowCells the
// td.flow cells of the flow matrix; incomplete whether the INCOMPLETE badge is visible; note the
// text of the note under it ("" without one); requests every URL other than file: the page tried
// to load (none are let through). It also saves a full-page screenshot. Chromium is
// /usr/bin/chromium, or $CHROMIUM. Exits 1 with a message on stderr when anything fails.
'use strict';

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const { launch, TIMEOUT_MS } = require('./chromium');

function fail(message) {
  process.stderr.write(`inspect-report: ${message}\n`);
  process.exit(1);
}

async function inspect(report, screenshot) {
  const browser = await launch(fail);
  try {
    // The page's own Content-Security-Policy would block a stray fetch before it is seen here:
    // bypass it, so that every load the page attempts shows in requests.
    const context = await browser.newContext({
      bypassCSP: true,
      viewport: { width: 1200, height: 900 },
    });
    const requests = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) {
        return route.continue();
      }
      requests.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const response = await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
    if (response && !response.ok()) {
      fail(`could not open ${report}: ${response.status()}`);
    }
    const seen = await page.evaluate(() => {
      const charts = {};
      for (const figure of document.querySelectorAll('figure.chart')) {
        const id = figure.dataset.chart;
        charts[id] = (charts[id] || 0) + figure.querySelectorAll('.series').length;
      }
      const note = document.querySelector('.note');
      return {
        title: document.title,
        charts,
        flowCells: document.querySelectorAll('figure.chart[data-chart="flows"] td.flow').length,
        note: note ? note.textContent.trim() : '',
      };
    });
    const incomplete = await page.locator('.badge.incomplete').first().isVisible();
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    return {
      title: seen.title,
      charts: seen.charts,
      flowCells: seen.flowCells,
      incomplete,
      note: seen.note,
      requests,
    };
  } finally {
    await browser.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length !== 2) {
    fail('usage: node inspect-report.js REPORT.html SCREENSHOT.png');
  }
  const report = path.resolve(args[0]);
  const screenshot = path.resolve(args[1]);
  if (!fs.existsSync(report)) {
    fail(`no such file: ${report}`);
  }
  const result = await inspect(report, screenshot);
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
