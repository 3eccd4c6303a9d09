// The VSIX: packaged with @vscode/vsce into .cache/demo/, and read back (its entries) for the packaging
// check. Shared by scripts/demo.js and scripts/test-package.js.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./runtime');

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const VSIX = path.join(ROOT, '.cache', 'demo', `${pkg.name}-${pkg.version}.vsix`);

function run(cmd, args, options = {}) {
  return spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
}

/** Packages dist/ (build it first) with `vsce package --no-dependencies` into `out`; returns `out`. */
function packageVsix(out = VSIX) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.rmSync(out, { force: true });
  const vsce = run(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', out]);
  if (vsce.error || vsce.status !== 0 || !fs.existsSync(out)) throw new Error(`vsce package failed:\n${vsce.stdout ?? ''}${vsce.stderr ?? vsce.error?.message ?? ''}`);
  return out;
}

/** Entries of a zip file (the VSIX) as [name, size], read with python3's zipfile (no extra npm dependency). */
function zipEntries(file) {
  const r = run('python3', ['-c', 'import sys, zipfile, json; z = zipfile.ZipFile(sys.argv[1]); print(json.dumps([[i.filename, i.file_size] for i in z.infolist()]))', file]);
  if (r.status !== 0) throw new Error(`cannot list ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** One entry of a zip file, as bytes. */
function zipRead(file, entry) {
  const r = run('python3', ['-c', 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))', file, entry], { encoding: 'buffer' });
  if (r.status !== 0) throw new Error(`cannot read ${entry}: ${r.stderr}`);
  return r.stdout;
}

module.exports = { pkg, VSIX, packageVsix, zipEntries, zipRead };
