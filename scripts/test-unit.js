// Unit tests: mocha in plain Node over src/core, src/shared, src/webview's rendering (jsdom) and the test
// servers, with real loopback HTTP servers. Runs on this Node when it is 22 or newer; on an older one, on
// the Node 24 that scripts/runtime.js provisions from the npm registry (never code-server).
//   node scripts/test-unit.js [--no-build] [--grep TEXT] [out/test/unit/path/X.test.js ...]
'use strict';
const path = require('node:path');
const { parseArgs } = require('node:util');
const { build } = require('../esbuild');
const { runMocha } = require('./mocha');
const { ROOT, nodeForTests } = require('./runtime');
const { runMain } = require('./cli');

async function main() {
  const { values, positionals } = parseArgs({
    options: { 'no-build': { type: 'boolean' }, grep: { type: 'string' } },
    allowPositionals: true,
  });
  const node = nodeForTests();
  if (!values['no-build']) await build({ tests: true });
  return runMocha({
    node,
    specs: positionals.length ? positionals : ['out/test/unit/**/*.test.js'],
    summary: path.join(ROOT, 'out', 'test-results', 'unit.json'),
    // A guard against hangs, not a speed check: on a shared, loaded machine a CPU-heavy test takes long.
    timeoutMs: 120_000,
    grep: values.grep,
  });
}

runMain(main);
