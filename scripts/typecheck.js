// `npm run typecheck`: tsc --noEmit over every TypeScript project of the repository (the extension host
// code and tests, the webview bundle and its tests, the UI tests, the bench).
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PROJECTS = ['tsconfig.json', 'src/webview/tsconfig.json', 'test/unit/webview/tsconfig.json', 'test/e2e/tsconfig.json', 'bench/tsconfig.json'];

const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
let failed = 0;
for (const project of PROJECTS) {
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', path.join(ROOT, ...project.split('/'))], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`typecheck: ${project} has errors`);
    failed += 1;
  }
}
process.exit(failed ? 1 : 0);
