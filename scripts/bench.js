// The benchmark (npm run bench): the extension in the real extension host and workbench (code-server, the
// same runtime as the tests) against a loopback OpenAI-compatible server in its own process, side by side
// with the bare `openai` SDK loop. Prints the table, writes bench/results.json.
//   node scripts/bench.js            full run (5 repetitions, the spec's sizes)
//   node scripts/bench.js --smoke    small sizes, 1 repetition (< 3 min); writes out/test-results/bench.json
//   options: --reps N, --no-build, --verbose
// Exits non-zero only when the bench itself breaks (in --smoke: also when a figure could not be measured),
// never on a missed target.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { ROOT, ensureCodeServer } = require('./runtime');

async function main() {
  ensureCodeServer();
  const argv = process.argv.slice(2);
  if (!argv.includes('--no-build')) {
    const build = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.js'), '--tests'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) return build.status ?? 1;
  }
  process.chdir(ROOT);
  const runner = require(path.join(ROOT, 'out', 'bench', 'runner.js'));
  return runner.main(argv.filter((a) => a !== '--no-build'));
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
