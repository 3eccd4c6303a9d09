// Builds the two bundles (extension host and webview) and, with --tests, the test bundles.
//   node esbuild.js               development build (source maps)
//   node esbuild.js --production  minified, no source maps
//   node esbuild.js --watch       rebuild on change
//   node esbuild.js --tests       also build test/unit, test/integration, test/support and test/servers to out/
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

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

// TEST_ONLY=test/unit/core/provider (comma-separated prefixes) builds only those tests, for quick focused runs.
const testOnly = (process.env.TEST_ONLY || '').split(',').filter(Boolean);

function filesUnder(dir, pattern) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => pattern.test(f))
    .filter((f) => testOnly.length === 0 || f.startsWith('test/support') || f.startsWith('test/servers') || testOnly.some((p) => f.startsWith(p)))
    .sort();
}

const common = {
  bundle: true,
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

// The tokenizer runs in a worker thread (its vocabulary takes a second to load): a bundle of its own,
// loaded by the extension host and by the unit tests.
const tokenizerWorker = {
  ...common,
  entryPoints: ['src/core/stream/tokenizerWorker.ts'],
  outfile: 'dist/tokenizer-worker.js',
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  metafile: true,
};

const configs = testOnly.length ? [tokenizerWorker] : [
  tokenizerWorker,
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode'],
    metafile: true,
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    metafile: true,
  },
];

if (tests || testOnly.length) {
  const testCommon = { ...common, sourcemap: true, minify: false, platform: 'node', format: 'cjs', target: 'node22' };
  // Unit tests and support programs run in plain Node: dependencies stay in node_modules.
  configs.push({
    ...testCommon,
    entryPoints: [...filesUnder('test/unit', /\.test\.ts$/), ...filesUnder('test/support', /\.ts$/), ...filesUnder('test/servers', /\.ts$/)],
    outdir: 'out/test',
    outbase: 'test',
    packages: 'external',
  });
  // Integration tests run inside the extension host: 'vscode' is provided by it, mocha comes from node_modules.
  configs.push({
    ...testCommon,
    entryPoints: filesUnder('test/integration', /\.ts$/),
    outdir: 'out/test/integration',
    outbase: 'test/integration',
    external: ['vscode', 'mocha'],
  });
  // The benchmark: a runner in plain Node, a suite inside the extension host, a server in its own process.
  configs.push({
    ...testCommon,
    entryPoints: testOnly.length ? [] : filesUnder('bench', /\.ts$/),
    outdir: 'out/bench',
    outbase: 'bench',
    external: ['vscode', 'mocha', 'playwright-core', 'jsdom'],
  });
  // UI tests drive the workbench from plain Node.
  configs.push({
    ...testCommon,
    entryPoints: filesUnder('test/e2e', /\.ts$/),
    outdir: 'out/test/e2e',
    outbase: 'test/e2e',
    packages: 'external',
  });
}

async function main() {
  const active = configs.filter((c) => c.entryPoints.length > 0);
  configs.length = 0;
  configs.push(...active);
  if (watch) {
    for (const config of configs) {
      const ctx = await esbuild.context({ ...config, plugins: [problemMatcher] });
      await ctx.watch();
    }
    return;
  }
  const results = await Promise.all(configs.map((c) => esbuild.build(c)));
  for (const result of results) {
    if (!result.metafile) continue;
    for (const [file, info] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.js')) console.log(`${file}  ${(info.bytes / 1024).toFixed(1)} KiB`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
