// The benchmark (npm run bench): the extension in the real extension host and workbench (code-server, the
// same runtime as the tests) against a loopback OpenAI-compatible server in its own process, side by side
// with the bare `openai` SDK loop. Prints the table, writes bench/results.json.
//   node scripts/bench.js            full run (5 repetitions, the spec's sizes)
//   node scripts/bench.js --smoke    small sizes, 1 repetition: proves that the bench runs
//   options: --no-build, and the runner's own (--reps N, --verbose, --only, --profile, --trace: bench/runner.ts)
// Exits non-zero only when the bench itself breaks (in --smoke: also when a figure could not be measured),
// never on a missed target.
'use strict';
const path = require('node:path');
const { parseArgs } = require('node:util');
const { build } = require('../esbuild');
const { ROOT, ensureCodeServer } = require('./runtime');
const { runMain } = require('./cli');

async function main() {
  // Only --no-build is ours; the runner parses the rest.
  const { values } = parseArgs({ options: { 'no-build': { type: 'boolean' } }, strict: false, allowPositionals: true });
  ensureCodeServer();
  if (!values['no-build']) await build({ tests: true });
  process.chdir(ROOT);
  const runner = require(path.join(ROOT, 'out', 'bench', 'runner.js'));
  return runner.main(process.argv.slice(2).filter((a) => a !== '--no-build'));
}

runMain(main);
