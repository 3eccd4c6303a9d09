// `npm test`: lint and type checks, unit tests (plain Node), integration tests (inside the real VS Code
// extension host), UI tests (Chromium driving the real workbench), a smoke run of the benchmark and the
// packaging check, in that order. Stops at the first
// failing step, and ends with one line "N passed, N failed" summing every suite that ran.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(ROOT, 'out', 'test-results');

const steps = [
  { name: 'lint', cmd: ['npx', 'eslint', '--max-warnings', '0', '.'] },
  { name: 'typecheck', cmd: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'unit', cmd: [process.execPath, 'scripts/test-unit.js'], summary: 'unit.json' },
  { name: 'integration', cmd: [process.execPath, 'scripts/test-integration.js', '--no-build'], summary: 'integration.json' },
  { name: 'ui', cmd: [process.execPath, 'scripts/test-ui.js', '--no-build'], summary: 'ui.json' },
  { name: 'bench smoke', cmd: [process.execPath, 'scripts/bench.js', '--smoke'], summary: 'bench.json' },
  { name: 'package', cmd: [process.execPath, 'scripts/test-package.js'], summary: 'package.json' },
];

fs.rmSync(RESULTS, { recursive: true, force: true });
let passed = 0;
let failed = 0;
let exitCode = 0;
const started = Date.now();
for (const step of steps) {
  const t0 = Date.now();
  console.log(`\n=== ${step.name} ===`);
  const r = spawnSync(step.cmd[0], step.cmd.slice(1), { cwd: ROOT, stdio: 'inherit' });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  let counted = false;
  if (step.summary) {
    const file = path.join(RESULTS, step.summary);
    if (fs.existsSync(file)) {
      const s = JSON.parse(fs.readFileSync(file, 'utf8'));
      passed += s.passed;
      failed += s.failed;
      counted = true;
      console.log(`=== ${step.name}: ${s.passed} passed, ${s.failed} failed (${seconds} s) ===`);
    }
  }
  if (r.status !== 0) {
    if (!counted || failed === 0) failed += 1; // a step that failed without counting a failed test still fails the run
    console.error(`=== ${step.name} failed (exit ${r.status ?? r.signal}) after ${seconds} s ===`);
    exitCode = 1;
    break;
  }
  if (!step.summary) console.log(`=== ${step.name}: ok (${seconds} s) ===`);
}
console.log(`\nnpm test took ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode);
