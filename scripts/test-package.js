// Packaging check: builds and packages the VSIX, checks what is inside it, then installs it into the real
// VS Code (code-server) and drives it with `node scripts/demo.js --headless-check` (Generate Code and the
// chat must both stream). Prints "N passed, N failed" and writes out/test-results/package.json.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./runtime');

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const VSIX = path.join(ROOT, '.cache', 'demo', `${pkg.name}-${pkg.version}.vsix`);
const results = [];

function check(name, fn) {
  try {
    const detail = fn();
    results.push({ name, ok: true });
    console.log(`  ✔ ${name}${detail ? ` (${detail})` : ''}`);
  } catch (err) {
    results.push({ name, ok: false });
    console.log(`  ✘ ${name}\n      ${String(err.message).split('\n').join('\n      ')}`);
  }
}

function run(cmd, args, options = {}) {
  return spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
}

/** Entries of a zip file (the VSIX), read with python3's zipfile (no extra npm dependency). */
function zipEntries(file) {
  const r = run('python3', ['-c', 'import sys, zipfile, json; z = zipfile.ZipFile(sys.argv[1]); print(json.dumps([[i.filename, i.file_size] for i in z.infolist()]))', file]);
  if (r.status !== 0) throw new Error(`cannot list ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function pngSize(buffer) {
  if (buffer.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error('not a PNG');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

function zipRead(file, entry) {
  const r = run('python3', ['-c', 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))', file, entry], { encoding: 'buffer' });
  if (r.status !== 0) throw new Error(`cannot read ${entry}: ${r.stderr}`);
  return r.stdout;
}

console.log('Packaging');
let entries = [];
check('builds (node esbuild.js --production) and packages with vsce', () => {
  const build = run(process.execPath, [path.join(ROOT, 'esbuild.js'), '--production']);
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  fs.mkdirSync(path.dirname(VSIX), { recursive: true });
  fs.rmSync(VSIX, { force: true });
  const vsce = run(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', VSIX]);
  if (vsce.status !== 0 || !fs.existsSync(VSIX)) throw new Error(`vsce package failed:\n${vsce.stdout}${vsce.stderr}`);
  entries = zipEntries(VSIX);
  return `${path.relative(ROOT, VSIX)}, ${(fs.statSync(VSIX).size / 1024).toFixed(0)} KiB, ${entries.length} files`;
});

const files = () => entries.map(([name]) => name);
const inExtension = () => files().filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));

check('holds only dist/, media/, README, CHANGELOG, LICENSE and package.json', () => {
  const allowed = (f) =>
    f === '[Content_Types].xml' ||
    f === 'extension.vsixmanifest' ||
    /^extension\/(dist|media)\//.test(f) ||
    /^extension\/(readme\.md|changelog\.md|license(\.txt|\.md)?|package\.json)$/i.test(f);
  const extra = files().filter((f) => !allowed(f));
  if (extra.length) throw new Error(`unexpected files: ${extra.join(', ')}`);
  for (const required of ['package.json', 'readme.md', 'changelog.md', 'license']) {
    if (!inExtension().some((f) => f.toLowerCase() === required || f.toLowerCase() === `${required}.txt`)) throw new Error(`missing ${required}`);
  }
  return inExtension().join(', ');
});

check('packages every bundle the build produced (dist/*.js)', () => {
  const built = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => f.endsWith('.js')).map((f) => `dist/${f}`);
  const missing = built.filter((f) => !inExtension().includes(f));
  if (missing.length) throw new Error(`built but not packaged (see .vscodeignore): ${missing.join(', ')}`);
  if (inExtension().some((f) => f.endsWith('.map'))) throw new Error('source maps are packaged');
  return built.join(', ');
});

check('package.json main and the view icons point at packaged files', () => {
  const main = pkg.main.replace(/^\.\//, '');
  if (!inExtension().includes(main)) throw new Error(`main ${pkg.main} is not in the VSIX`);
  const icons = [pkg.icon, ...(pkg.contributes?.viewsContainers?.activitybar ?? []).map((c) => c.icon)].filter(Boolean);
  const missing = icons.filter((i) => !inExtension().includes(i.replace(/^\.\//, '')));
  if (missing.length) throw new Error(`not packaged: ${missing.join(', ')}`);
  return icons.join(', ');
});

check('has a 128x128 PNG icon', () => {
  if (!pkg.icon) throw new Error('package.json has no "icon"');
  const { width, height } = pngSize(zipRead(VSIX, `extension/${pkg.icon.replace(/^\.\//, '')}`));
  if (width !== 128 || height !== 128) throw new Error(`${pkg.icon} is ${width}x${height}`);
  return pkg.icon;
});

check('the README images it references are packaged', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((u) => !/^https?:/.test(u));
  const missing = images.filter((i) => !inExtension().includes(i.replace(/^\.\//, '')));
  if (missing.length) throw new Error(`not packaged: ${missing.join(', ')}`);
  return images.length ? images.join(', ') : 'none referenced yet';
});

console.log('\nInstalled in VS Code (code-server), driven by Chromium');
check('node scripts/demo.js --headless-check: Generate Code and the chat stream', () => {
  if (results.some((r) => !r.ok) && !fs.existsSync(VSIX)) throw new Error('no VSIX to install');
  const r = run(process.execPath, [path.join(__dirname, 'demo.js'), '--headless-check', '--vsix', VSIX], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 600_000,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const lines = out.split('\n').filter((l) => l.startsWith('[demo] headless check'));
  for (const l of lines) console.log(`      ${l}`);
  if (r.status !== 0) throw new Error(r.signal ? `demo.js was killed (${r.signal})` : `demo.js --headless-check exited with ${r.status}\n${out.split('\n').filter((l) => /FAILED|\[demo\]/.test(l)).slice(-8).join('\n')}`);
});

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
fs.mkdirSync(path.join(ROOT, 'out', 'test-results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'out', 'test-results', 'package.json'), JSON.stringify({ passed, failed }));
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
