// Unit tests: mocha in plain Node (the Node 24 of the runtime cache, the extension host's major) over
// src/core, src/shared and src/webview's pure rendering, with real loopback HTTP servers and jsdom.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { ROOT, ensureNode } = require('./runtime');

const node = ensureNode();
const build = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.js'), '--tests'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const extra = process.argv.slice(2);
const specs = extra.filter((a) => !a.startsWith('-'));
const result = spawnSync(
  node,
  [
    '--enable-source-maps',
    path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'),
    '--reporter',
    path.join(__dirname, 'mocha-reporter.js'),
    '--timeout',
    '20000',
    ...extra.filter((a) => a.startsWith('-')),
    ...(specs.length ? specs : ['out/test/unit/**/*.test.js']),
  ],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: { TOKEN_STREAM_TEST_SUMMARY: path.join(ROOT, 'out', 'test-results', 'unit.json'), ...process.env },
  },
);
process.exit(result.status ?? 1);
