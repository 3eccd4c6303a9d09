// Integration tests: mocha inside the real VS Code extension host (code-server 4.139.1 = VS Code 1.139.1),
// loaded from source through the workbench's extensionDevelopmentPath/extensionTestsPath payload.
// Exits with the extension host's exit code; always stops the whole server process group.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const util = require('node:util');
const path = require('node:path');
const { ROOT, ensureCodeServer } = require('./runtime');
const { startCodeServer, launchBrowser, workbenchUrl } = require('./codeServer');

const TIMEOUT_MS = 20 * 60_000;

async function main() {
  ensureCodeServer();
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.js'), '--tests'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) return build.status ?? 1;
  }
  const summary = path.join(ROOT, 'out', 'test-results', 'integration.json');
  fs.rmSync(summary, { force: true });
  const verbose = process.env.TOKEN_STREAM_VERBOSE === '1';
  const server = await startCodeServer({
    smokeDriver: true,
    env: { TOKEN_STREAM_TEST_SUMMARY: summary, TOKEN_STREAM_TEST_GREP: process.env.TOKEN_STREAM_TEST_GREP ?? '' },
    log: verbose ? (line) => console.log(`[code-server] ${line}`) : undefined,
  });
  let browser;
  try {
    browser = await launchBrowser(server.dirs.run);
    const page = browser.pages()[0] ?? (await browser.newPage());
    const exited = new Promise((resolve) => {
      page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // Console arguments arrive unformatted (mocha's reporter uses printf-style %s/%d).
      const text = Array.isArray(args) ? util.format(...args) : String(args);
      // The extension host's console carries mocha's reporter output; workbench noise stays out unless verbose.
      if (verbose || !/^\s*$/.test(text)) {
        if (verbose || isTestOutput(text)) console.log(text);
      }
    });
    const testsPath = path.join(ROOT, 'out', 'test', 'integration', 'index.js');
    await page.goto(workbenchUrl(server, { extensionTestsPath: testsPath }));
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => {
        console.error(`integration tests: no result from the extension host within ${TIMEOUT_MS / 60000} min`);
        resolve(1);
      }, TIMEOUT_MS);
    });
    const code = await Promise.race([exited, timeout]);
    clearTimeout(timer);
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

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
