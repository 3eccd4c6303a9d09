// Runs mocha in a child Node with the project's reporter, which writes {passed, failed, pending} to
// `summary` for scripts/test-all.js. Shared by the unit and UI test runners.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { ROOT } = require('./runtime');

/**
 * @param {{ node: string, specs: string[], summary: string, timeoutMs: number, requires?: string[], grep?: string }} options
 * @returns {number} mocha's exit code
 */
function runMocha({ node, specs, summary, timeoutMs, requires = [], grep }) {
  const result = spawnSync(
    node,
    [
      '--enable-source-maps',
      path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'),
      '--reporter', path.join(__dirname, 'mocha-reporter.js'),
      '--timeout', String(timeoutMs),
      ...requires.flatMap((r) => ['--require', r]),
      ...(grep ? ['--grep', grep] : []),
      ...specs,
    ],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, TOKEN_STREAM_TEST_SUMMARY: summary } },
  );
  if (result.error) throw result.error;
  return result.status ?? 1;
}

module.exports = { runMocha };
