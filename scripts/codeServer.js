// Starts code-server (VS Code 1.139.1 with the real Node extension host) on 127.0.0.1 with a throwaway
// profile, and Debian's Chromium through playwright-core to open the workbench. Shared by the
// integration tests, the UI tests, the benchmark and the demo.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { ROOT, CHROMIUM, ensureCodeServer, ensureNode } = require('./runtime');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = AbortSignal.timeout(timeoutMs);
  while (!deadline.aborted) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: deadline });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs / 1000} s`);
}

/**
 * @param {{ workspace?: string, env?: Record<string,string>, smokeDriver?: boolean, extensions?: string[],
 *           extensionFolders?: string[], settings?: object, log?: (line: string) => void, runDir?: string,
 *           port?: number }} options
 *   port: listen on this port of 127.0.0.1 (default: a free one)
 *   extensions: VSIX files to install; extensionFolders: unpacked extensions to install by copying
 */
async function startCodeServer(options = {}) {
  const entry = ensureCodeServer();
  const node = ensureNode();
  const runDir = options.runDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'token-stream-run-'));
  const dirs = {
    run: runDir,
    userData: path.join(runDir, 'ud'),
    extensions: path.join(runDir, 'ext'),
    home: path.join(runDir, 'home'),
    workspace: options.workspace ?? path.join(runDir, 'workspace'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    ...options.settings,
  };
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const env = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    ...options.env,
  };
  // Unpacked extension folders (test fixtures): the server registers what it finds in a fresh extensions folder.
  for (const folder of options.extensionFolders ?? []) {
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
    fs.cpSync(folder, path.join(dirs.extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`), { recursive: true });
  }
  for (const vsix of options.extensions ?? []) {
    await runToEnd(node, [entry, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix], env);
  }

  const port = options.port || (await freePort());
  const args = [
    entry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...(options.smokeDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    dirs.workspace,
  ];
  // Its own process group, so that stop() reaches the file watcher and extension host children too.
  const child = spawn(node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = options.log ?? (() => {});
  const logFile = fs.createWriteStream(path.join(runDir, 'code-server.log'));
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (data) => {
      logFile.write(data);
      for (const line of String(data).split('\n')) if (line.trim()) log(line);
    });
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killGroup(child);
    logFile.end();
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, dirs, child, stop, logPath: path.join(runDir, 'code-server.log') };
}

function runToEnd(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} ${args.slice(1).join(' ')} failed (${code}):\n${out}`))));
  });
}

/** SIGTERM to the whole process group, then SIGKILL if anything is still there after a few seconds. */
async function killGroup(child) {
  if (child.pid === undefined) return;
  const alive = () => {
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = AbortSignal.timeout(5000);
  while (alive() && !deadline.aborted) await sleep(100);
  if (alive()) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Debian's Chromium, headless, with the flags that keep it off the (closed) network. */
async function launchBrowser(runDir) {
  const { chromium } = require('playwright-core');
  const userDataDir = fs.mkdtempSync(path.join(runDir, 'chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
    env: { ...process.env, HOME: path.join(runDir, 'home'), XDG_CONFIG_HOME: path.join(runDir, 'home', '.config') },
  });
  return context;
}

/** The workbench URL that loads this extension from source (and optionally runs a test entry in its host). */
function workbenchUrl(server, { extensionTestsPath, folder } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(ROOT)],
    ...(extensionTestsPath ? [['extensionTestsPath', remote(extensionTestsPath)]] : []),
    ['skipWelcome', 'true'],
  ];
  return `${server.url}/?folder=${encodeURIComponent(folder ?? server.dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

module.exports = { startCodeServer, launchBrowser, workbenchUrl };
