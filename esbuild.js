// The one build step: the extension's bundles and, on request, the test, bench and tool bundles. The
// command line below is `npm run build`; the scripts in scripts/ call build() in their own process, once
// per run.
//   node esbuild.js               development build (source maps)
//   node esbuild.js --production  minified, no source maps
//   node esbuild.js --watch       rebuild on change
//   node esbuild.js --tests       also build test/, bench/ and their tools to out/
// TEST_ONLY=test/unit/core/provider (comma-separated prefixes) builds only those tests, for quick focused runs.
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const ROOT = __dirname;

/** Reports errors the way VS Code's esbuild problem matcher expects. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/** The demo endpoint's code samples are data read at run time, not code to bundle or check. */
const DATA_DIRS = [path.join('test', 'servers', 'demo-samples')];

/** The .ts files under `dir` (relative to the repository), optionally only those under the `only` prefixes. */
function filesUnder(dir, only = []) {
  const absolute = path.join(ROOT, dir);
  if (!fs.existsSync(absolute)) return [];
  return fs
    .readdirSync(absolute, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => f.endsWith('.ts') && !DATA_DIRS.some((d) => f.startsWith(d + path.sep)))
    .filter((f) => only.length === 0 || only.some((p) => f.startsWith(path.normalize(p))))
    .sort();
}

/**
 * @param {{ production?: boolean, extension?: boolean, tests?: boolean, tools?: boolean, testOnly?: string[] }} options
 *   extension (default true): dist/extension.js, dist/webview.js, dist/tokenizer-worker.js (minified with production);
 *   tests: every test, bench and tool bundle in out/ (testOnly narrows the test bundles to path prefixes);
 *   tools: only what the demo needs beside the extension: the servers of test/servers and the workbench driver.
 */
function configs({ production = false, extension = true, tests = false, tools = false, testOnly = [] } = {}) {
  const common = {
    bundle: true,
    sourcemap: !production,
    sourcesContent: false,
    minify: production,
    logLevel: 'warning',
    legalComments: 'none',
    absWorkingDir: ROOT,
  };
  const list = [];
  if (extension) {
    // The tokenizer runs in a worker thread (its vocabulary is slow to load): a bundle of its own,
    // loaded by the extension host and by the unit tests.
    list.push({ ...common, entryPoints: ['src/core/stream/tokenizerWorker.ts'], outfile: 'dist/tokenizer-worker.js', platform: 'node', format: 'cjs', target: 'node22', metafile: true });
    if (testOnly.length === 0) {
      list.push(
        { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node22', external: ['vscode'], metafile: true },
        { ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022', metafile: true },
      );
    }
  }
  const testCommon = { ...common, sourcemap: true, minify: false, platform: 'node', format: 'cjs', target: 'node22' };
  if (tests) {
    const narrowed = (dir) => filesUnder(dir, testOnly);
    // Unit tests, their fakes and the servers run in plain Node: dependencies stay in node_modules.
    list.push({
      ...testCommon,
      entryPoints: [...narrowed('test/unit').filter((f) => f.endsWith('.test.ts')), ...filesUnder('test/support'), ...filesUnder('test/servers')],
      outdir: 'out/test',
      outbase: 'test',
      packages: 'external',
    });
    // Integration tests run inside the extension host: 'vscode' is provided by it, mocha comes from node_modules.
    list.push({ ...testCommon, entryPoints: narrowed('test/integration'), outdir: 'out/test/integration', outbase: 'test/integration', external: ['vscode', 'mocha'] });
    // The benchmark: a runner in plain Node, a suite inside the extension host, a server in its own process.
    list.push({ ...testCommon, entryPoints: testOnly.length ? [] : filesUnder('bench'), outdir: 'out/bench', outbase: 'bench', external: ['vscode', 'mocha', 'playwright-core', 'jsdom'] });
    // UI tests drive the workbench from plain Node.
    list.push({ ...testCommon, entryPoints: narrowed('test/e2e'), outdir: 'out/test/e2e', outbase: 'test/e2e', packages: 'external' });
  } else if (tools) {
    list.push({ ...testCommon, entryPoints: [...filesUnder('test/servers'), 'test/e2e/driver.ts'], outdir: 'out/test', outbase: 'test', packages: 'external' });
  }
  return list.filter((c) => c.entryPoints.length > 0);
}

/** Builds once; prints the size of each bundle with a metafile. Rejects on a build error. */
async function build(options = {}) {
  // A full test build starts from nothing, so a test that was renamed or deleted never runs again from its
  // old bundle (the runners glob out/test).
  if (options.tests && !(options.testOnly ?? []).length) {
    for (const dir of ['out/test', 'out/bench']) fs.rmSync(path.join(ROOT, dir), { recursive: true, force: true });
  }
  const results = await Promise.all(configs(options).map((c) => esbuild.build(c)));
  for (const result of results) {
    if (!result.metafile) continue;
    for (const [file, info] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.js')) console.log(`${file}  ${(info.bytes / 1024).toFixed(1)} KiB`);
    }
  }
}

/** Rebuilds on every change until the process is stopped. */
async function watch(options = {}) {
  for (const config of configs(options)) {
    const ctx = await esbuild.context({ ...config, plugins: [problemMatcher] });
    await ctx.watch();
  }
}

module.exports = { build, watch, ROOT };

if (require.main === module) {
  const { values } = parseArgs({ options: { production: { type: 'boolean' }, watch: { type: 'boolean' }, tests: { type: 'boolean' } } });
  const testOnly = (process.env.TEST_ONLY || '').split(',').filter(Boolean);
  const options = { production: values.production, tests: values.tests || testOnly.length > 0, testOnly };
  (values.watch ? watch(options) : build(options)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
