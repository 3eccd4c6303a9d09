// Packaging check: builds and packages the VSIX (a step), checks what is inside it, then installs it into
// the real VS Code (code-server) and drives it with `node scripts/demo.js --headless-check` (Generate Code
// and the chat must both stream). Each check asserts something; it prints "N passed, N failed" over the
// checks and writes out/test-results/package.json.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { build } = require('../esbuild');
const { ROOT } = require('./runtime');
const { pkg, VSIX, packageVsix, zipEntries, zipRead } = require('./vsix');

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

function pngSize(buffer) {
  if (buffer.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error('not a PNG');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

function writeSummary() {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  fs.mkdirSync(path.join(ROOT, 'out', 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'out', 'test-results', 'package.json'), JSON.stringify({ passed, failed }));
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed;
}

async function main() {
  // The build and the package are steps, not checks: when they fail, nothing can be checked.
  console.log('Packaging (node esbuild.js --production with the demo tools, vsce package)');
  await build({ production: true, tools: true });
  packageVsix();
  const entries = zipEntries(VSIX);
  console.log(`  ${path.relative(ROOT, VSIX)}, ${(fs.statSync(VSIX).size / 1024).toFixed(0)} KiB, ${entries.length} files\n`);
  console.log('The VSIX');
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
  check('node scripts/demo.js --headless-check: Generate Code, the chat and Edit Selection stream', () => {
    const r = spawnSync(process.execPath, [path.join(__dirname, 'demo.js'), '--headless-check', '--no-build', '--vsix', VSIX], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 600_000,
    });
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    const lines = out.split('\n').filter((l) => l.startsWith('[demo] headless check'));
    for (const l of lines) console.log(`      ${l}`);
    if (r.status !== 0) throw new Error(r.signal ? `demo.js was killed (${r.signal})` : `demo.js --headless-check exited with ${r.status}\n${out.split('\n').filter((l) => /FAILED|\[demo\]/.test(l)).slice(-8).join('\n')}`);
  });

  return writeSummary();
}

main().then(
  (failed) => process.exit(failed ? 1 : 0),
  (err) => {
    console.error(err);
    writeSummary();
    process.exit(1);
  },
);
