'use strict';
// Debian's Chromium, launched headless through playwright-core: what the inspect-*.js scripts
// share. Chromium is /usr/bin/chromium, or $CHROMIUM.

const fs = require('fs');

const TIMEOUT_MS = 30000;

/** Launches Chromium; calls fail(message) (which exits) when it cannot. */
async function launch(fail) {
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    fail(`playwright-core is not installed (run npm ci in ${__dirname}): ${e.message}`);
  }
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    fail(`no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM)`);
  }
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    timeout: TIMEOUT_MS,
  });
}

module.exports = { launch, TIMEOUT_MS };
