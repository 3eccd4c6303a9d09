// The same integration suite on desktop VS Code, through @vscode/test-electron (downloads VS Code into
// .vscode-test/ on first use, so it needs internet; not part of `npm test`).
'use strict';
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');
const { build, ROOT } = require('../esbuild');

async function main() {
  await build({ tests: true });
  await runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    // The second folder: a language-model provider the tests script (test/fixtures/fake-language-model).
    extensionDevelopmentPath: [ROOT, path.join(ROOT, 'test', 'fixtures', 'fake-language-model')],
    extensionTestsPath: path.join(ROOT, 'out', 'test', 'integration', 'index.js'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { TOKEN_STREAM_TEST_SUMMARY: path.join(ROOT, 'out', 'test-results', 'desktop.json') },
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
