// UI tests: playwright-core with Debian's Chromium driving the real VS Code workbench (code-server), the
// extension loaded from source. The mocha root hooks in test/e2e/hooks.ts start and always stop the server.
//   node scripts/test-ui.js [--no-build] [--grep TEXT] [out/test/e2e/X.test.js ...]
'use strict';
const path = require('node:path');
const { parseArgs } = require('node:util');
const { build } = require('../esbuild');
const { runMocha } = require('./mocha');
const { ROOT, ensureCodeServer, nodeForTests } = require('./runtime');
const { runMain } = require('./cli');

async function main() {
  const { values, positionals } = parseArgs({
    options: { 'no-build': { type: 'boolean' }, grep: { type: 'string' } },
    allowPositionals: true,
  });
  ensureCodeServer();
  if (!values['no-build']) await build({ tests: true });
  return runMocha({
    node: nodeForTests(),
    specs: positionals.length ? positionals : ['out/test/e2e/**/*.test.js'],
    summary: path.join(ROOT, 'out', 'test-results', 'ui.json'),
    timeoutMs: 180_000,
    requires: ['out/test/e2e/hooks.js'],
    grep: values.grep,
  });
}

runMain(main);
