// UI tests: playwright-core with Debian's Chromium driving the real VS Code workbench (code-server), the
// extension loaded from source. The mocha root hooks in test/e2e/hooks.ts start and always stop the server.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { ROOT, ensureCodeServer, ensureNode } = require('./runtime');

ensureCodeServer();
const node = ensureNode();
if (!process.argv.includes('--no-build')) {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.js'), '--tests'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const specs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const result = spawnSync(
  node,
  [
    '--enable-source-maps',
    path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'),
    '--reporter', path.join(__dirname, 'mocha-reporter.js'),
    '--timeout', '180000',
    '--require', 'out/test/e2e/hooks.js',
    ...(specs.length ? specs : ['out/test/e2e/**/*.test.js']),
  ],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, TOKEN_STREAM_TEST_SUMMARY: path.join(ROOT, 'out', 'test-results', 'ui.json') },
  },
);
process.exit(result.status ?? 1);
