// `npm test` (what CI runs, through .ci/run): lint and type checks, one build, unit tests (plain Node),
// integration tests (inside the real VS Code extension host), UI tests (Chromium driving the real
// workbench), a smoke run of the benchmark and the packaging check, in that order. Stops at the first
// failing step. Ends with one line "N passed, N failed" that counts test cases, each of which asserts
// something: the unit, integration and UI tests and the packaging checks. The other steps (lint, types,
// the build, the bench smoke, which proves that the bench runs and measures every figure) fail the run
// when they fail, and are reported as steps, never counted as tests.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { build } = require('../esbuild');
const { runMain } = require('./cli');

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(ROOT, 'out', 'test-results');
const node = (script, ...args) => [process.execPath, path.join(ROOT, ...script.split('/')), ...args];

/** `summary`: the file of {passed, failed} test counts the step writes; without one, the step counts nothing. */
const steps = [
  { name: 'lint', cmd: node('node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.') },
  { name: 'typecheck', cmd: node('scripts/typecheck.js') },
  { name: 'build', run: () => build({ tests: true }) },
  { name: 'unit', cmd: node('scripts/test-unit.js', '--no-build'), summary: 'unit.json' },
  { name: 'integration', cmd: node('scripts/test-integration.js', '--no-build'), summary: 'integration.json' },
  { name: 'ui', cmd: node('scripts/test-ui.js', '--no-build'), summary: 'ui.json' },
  { name: 'bench smoke', cmd: node('scripts/bench.js', '--smoke', '--no-build') },
  { name: 'package', cmd: node('scripts/test-package.js'), summary: 'package.json' },
];

/** Runs one step; resolves to its exit code. */
async function runStep(step) {
  if (step.run) {
    try {
      await step.run();
      return 0;
    } catch (err) {
      console.error(err);
      return 1;
    }
  }
  const r = spawnSync(step.cmd[0], step.cmd.slice(1), { cwd: ROOT, stdio: 'inherit' });
  if (r.error) console.error(r.error);
  return r.status ?? 1;
}

async function main() {
  fs.rmSync(RESULTS, { recursive: true, force: true });
  let passed = 0;
  let failed = 0;
  let failedStep;
  const started = performance.now();
  for (const step of steps) {
    const t0 = performance.now();
    console.log(`\n=== ${step.name} ===`);
    const code = await runStep(step);
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    const file = step.summary && path.join(RESULTS, step.summary);
    if (file && fs.existsSync(file)) {
      const s = JSON.parse(fs.readFileSync(file, 'utf8'));
      passed += s.passed;
      failed += s.failed;
      console.log(`=== ${step.name}: ${s.passed} passed, ${s.failed} failed (${seconds} s) ===`);
    } else if (code === 0) {
      console.log(`=== ${step.name}: ok (${seconds} s) ===`);
    }
    if (code !== 0) {
      failedStep = `${step.name} (exit ${code})`;
      console.error(`=== ${step.name} failed (exit ${code}) after ${seconds} s ===`);
      break;
    }
  }
  console.log(`\nnpm test took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (failedStep) console.log(`FAILED step: ${failedStep}; the steps after it did not run`);
  console.log(`${passed} passed, ${failed} failed`);
  return failedStep ? 1 : 0;
}

runMain(main);
