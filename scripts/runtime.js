// Provisions, offline, what the tests and the demo run on:
//   - Node >= 22 for the unit tests: the system's Node when it is new enough (the code needs Node 22, the
//     extension host's major), otherwise Node 24 from the npm registry (node-<platform>-<arch>)
//   - the real VS Code runtime of the integration and UI tests, the bench and the demo (Linux):
//     Debian packages chromium (for Playwright) and libkrb5-dev (code-server's kerberos module builds from
//     source), and code-server from the npm registry (= VS Code 1.139.1 web workbench + the real Node
//     extension host), installed with that Node 24
// Everything lands in .cache/runtime/ (git-ignored), keyed by version; later runs reuse it.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, '.cache', 'runtime');
const NODE_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';
const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev'];
const CHROMIUM = '/usr/bin/chromium';
/** The oldest Node major the code runs on (VS Code's extension host is Node 22; openai 7 and jsdom 31 need it). */
const MIN_NODE_MAJOR = 22;

function log(message) {
  process.stderr.write(`[runtime] ${message}\n`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status}`);
}

function missingDebianPackages(names) {
  return names.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

/** Installs missing Debian packages when we are root with apt; otherwise stops with the exact command. */
function ensureDebianPackages(names = DEBIAN_PACKAGES) {
  const missing = missingDebianPackages(names);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !onPath('apt-get')) {
    throw new Error(`Missing system packages (${missing.join(', ')}). Run as root: ${command}`);
  }
  log(`installing Debian packages: ${missing.join(' ')} (${command})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', ...missing], { env });
}

/** The absolute path of an executable on PATH (like `command -v`), or undefined. */
function onPath(name) {
  const extensions = process.platform === 'win32' ? (process.env.PATHEXT || '.EXE;.CMD').split(';') : [''];
  for (const dir of (process.env.PATH || '').split(path.delimiter).filter(Boolean)) {
    for (const ext of extensions) {
      const candidate = path.join(dir, name + ext);
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    }
  }
  return undefined;
}

/** npm's own CLI script, so it can run under another Node than the one that started us. */
function npmCli() {
  if (process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)) return process.env.npm_execpath;
  const npm = onPath('npm');
  if (!npm) throw new Error('npm is not on PATH');
  return path.join(path.dirname(fs.realpathSync(npm)), 'npm-cli.js');
}

/**
 * The environment for running npm under `node`: inside `npm test` the parent npm's variables (its node,
 * its scripts' PATH) would make install scripts run on the machine's Node instead of ours.
 */
function envForNode(node, extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'NODE' || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  env.PATH = [path.dirname(node), process.env.PATH].join(path.delimiter);
  return { ...env, ...extra };
}

/**
 * npm-installs `specs` into a fresh folder, then moves it into place, so a broken install never looks
 * cached. `ready(dir)` says whether `dir` already holds a complete install: when another process finished
 * the same install meanwhile, theirs is kept (it may be in use) and ours is dropped.
 */
function npmInstallInto(dir, specs, ready, { env = process.env, extraArgs = [], node = process.execPath } = {}) {
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'runtime-cache', private: true }));
  run(node, [npmCli(), 'install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', ...extraArgs, ...specs], {
    cwd: tmp,
    env,
  });
  if (ready(dir)) {
    fs.rmSync(tmp, { recursive: true, force: true });
    return;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
}

/** The npm package that ships Node's binary for this machine, and where the binary is inside it. */
function nodePackage() {
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    throw new Error(`Node ${process.versions.node} is older than ${MIN_NODE_MAJOR}: install Node ${MIN_NODE_MAJOR} or newer (the unit tests need it).`);
  }
  return { name: `node-${process.platform}-${process.arch}`, bin: path.join('bin', 'node') };
}

function nodeHome() {
  return path.join(CACHE, `node-${NODE_VERSION}`, 'node_modules', nodePackage().name);
}

/** Returns the path of the Node 24 binary, installing it from the npm registry on first use. */
function ensureNode() {
  const { name, bin } = nodePackage();
  const binary = (home) => path.join(home, bin);
  if (fs.existsSync(binary(nodeHome()))) return binary(nodeHome());
  log(`installing Node ${NODE_VERSION} from the npm registry (${name}) into ${path.relative(ROOT, CACHE)}`);
  const dir = path.join(CACHE, `node-${NODE_VERSION}`);
  npmInstallInto(dir, [`${name}@${NODE_VERSION}`], (d) => fs.existsSync(binary(path.join(d, 'node_modules', name))));
  if (!fs.existsSync(binary(nodeHome()))) throw new Error(`${name}@${NODE_VERSION} did not provide ${binary(nodeHome())}`);
  return binary(nodeHome());
}

/** The Node the unit tests run on: this one when it is new enough, else the provisioned Node 24 (no code-server). */
function nodeForTests() {
  if (Number(process.versions.node.split('.')[0]) >= MIN_NODE_MAJOR) return process.execPath;
  return ensureNode();
}

/** Returns the path of code-server's entry.js, installing code-server with Node 24 on first use (Linux). */
function ensureCodeServer() {
  if (process.platform !== 'linux') throw new Error('The VS Code runtime of the integration and UI tests, the bench and the demo is provisioned on Linux (Debian) only.');
  ensureDebianPackages();
  const node = ensureNode();
  const dir = path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
  const entryIn = (d) => path.join(d, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (fs.existsSync(entryIn(dir))) return entryIn(dir);
  log(`installing code-server ${CODE_SERVER_VERSION} (VS Code 1.139.1) with Node ${NODE_VERSION}; about 3 minutes, once`);
  // npm itself runs on Node 24 here, so code-server's install scripts (its Node version check and the
  // native modules node-gyp builds against Node 24's headers) see Node 24 whoever started us.
  const env = envForNode(node, { npm_config_nodedir: nodeHome(), npm_config_unsafe_perm: 'true' });
  npmInstallInto(dir, [`code-server@${CODE_SERVER_VERSION}`], (d) => fs.existsSync(entryIn(d)), { env, extraArgs: ['--foreground-scripts'], node });
  run(node, [entryIn(dir), '--version'], { stdio: 'ignore' });
  return entryIn(dir);
}

module.exports = { ROOT, CHROMIUM, ensureNode, nodeForTests, ensureCodeServer };

if (require.main === module) {
  try {
    ensureCodeServer();
    log('ready');
  } catch (err) {
    log(err.message);
    process.exit(1);
  }
}
