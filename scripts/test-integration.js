// Integration tests: mocha inside the real VS Code extension host (code-server 4.139.1 = VS Code 1.139.1),
// loaded from source through the workbench's extensionDevelopmentPath/extensionTestsPath payload.
// Exits with the extension host's exit code; always stops the whole server process group.
//   node scripts/test-integration.js [--no-build] [--verbose]; TOKEN_STREAM_TEST_GREP='title' narrows the run
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { build } = require('../esbuild');
const { ROOT, ensureCodeServer } = require('./runtime');
const { startCodeServer, launchBrowser, workbenchUrl } = require('./codeServer');
const { runMain } = require('./cli');

const TIMEOUT_MS = 20 * 60_000;
/** A language-model provider extension the tests script (VS Code takes a provider only from the extension contributing its vendor). */
const FAKE_LANGUAGE_MODEL = path.join(ROOT, 'test', 'fixtures', 'fake-language-model');

async function main() {
  const { values } = util.parseArgs({ options: { 'no-build': { type: 'boolean' }, verbose: { type: 'boolean' } } });
  const verbose = values.verbose || process.env.TOKEN_STREAM_VERBOSE === '1';
  ensureCodeServer();
  if (!values['no-build']) await build({ tests: true });
  const summary = path.join(ROOT, 'out', 'test-results', 'integration.json');
  fs.rmSync(summary, { force: true });
  const server = await startCodeServer({
    smokeDriver: true,
    extensionFolders: [FAKE_LANGUAGE_MODEL],
    env: { TOKEN_STREAM_TEST_SUMMARY: summary, TOKEN_STREAM_TEST_GREP: process.env.TOKEN_STREAM_TEST_GREP ?? '' },
    log: verbose ? (line) => console.log(`[code-server] ${line}`) : undefined,
  });
  let browser;
  try {
    browser = await launchBrowser(server.dirs.run);
    const page = browser.pages()[0] ?? (await browser.newPage());
    const deadline = AbortSignal.timeout(TIMEOUT_MS);
    const exited = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
      deadline.addEventListener('abort', () => {
        console.error(`integration tests: no result from the extension host within ${TIMEOUT_MS / 60_000} min`);
        resolve(1);
      });
    });
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      // Console arguments arrive unformatted (mocha's reporter uses printf-style %s/%d).
      const text = Array.isArray(args) ? util.format(...args) : String(args);
      // The extension host's console carries mocha's reporter output; workbench noise stays out unless verbose.
      if (verbose || (text.trim() && isTestOutput(text))) console.log(text);
    });
    const testsPath = path.join(ROOT, 'out', 'test', 'integration', 'index.js');
    await page.goto(workbenchUrl(server, { extensionTestsPath: testsPath }));
    const code = await exited;
    if (code !== 0) console.error(`integration tests: extension host exited with ${code}; server log: ${server.logPath}`);
    return code;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
}

/** Lines printed by the test entry and mocha's reporter carry no workbench prefix. */
function isTestOutput(text) {
  return !/^\[(Extension Host|LocalProcess|Window|renderer)|^%c|vsda|github|open-vsx|ENOTFOUND/i.test(text);
}

runMain(main);
