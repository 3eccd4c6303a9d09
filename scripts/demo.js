// npm run demo: builds and packages the extension, installs the VSIX into a real VS Code (code-server,
// VS Code 1.139.1) on 127.0.0.1 with a small sample workspace, and prints the address to open.
//
//   npm run demo                        start and keep running until Ctrl+C
//   npm run demo -- --port 8080         fixed port (or env PORT); default: a free port
//   npm run demo -- --headless-check    start, drive Chromium through Generate Code and the chat,
//                                       save screenshots, stop everything; exit 0 only if both streamed
//   npm run demo -- --vsix X.vsix       use an already packaged VSIX (skips build and package)
//
// Endpoint: TOKEN_STREAM_BASE_URL (+ TOKEN_STREAM_MODEL, and OPENAI_API_KEY for api.openai.com) when set;
// otherwise the project's local demo endpoint (test/servers/demoEndpoint.ts) started in this process.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, ensureCodeServer } = require('./runtime');

const argv = process.argv.slice(2);
const headlessCheck = argv.includes('--headless-check');
// Only on request do the screenshots replace the README's pictures in media/ (a test run leaves the tree clean).
const updateScreenshots = argv.includes('--update-screenshots');
const DEMO_DIR = path.join(ROOT, '.cache', 'demo');
const RESULTS = path.join(ROOT, 'test-results', 'demo');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function option(name) {
  const i = argv.indexOf(name);
  if (i >= 0 && argv[i + 1] && !argv[i + 1].startsWith('--')) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${name}=`));
  return eq ? eq.slice(name.length + 1) : undefined;
}

function say(line = '') {
  process.stdout.write(`${line}\n`);
}

function step(line) {
  process.stdout.write(`[demo] ${line}\n`);
}

function run(cmd, args, what) {
  const result = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    process.stderr.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    throw new Error(`${what} failed (${cmd} ${args.join(' ')}: ${result.error?.message ?? `exit ${result.status}`})`);
  }
  return result.stdout;
}

/** The production bundles of the extension. */
async function build() {
  step('building the extension (node esbuild.js --production)');
  run(process.execPath, [path.join(ROOT, 'esbuild.js'), '--production'], 'build');
}

/** The demo endpoint (test/servers), bundled on its own so unfinished tests never block the demo. */
async function buildEndpoint() {
  const esbuild = require('esbuild');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'test', 'servers', 'demoEndpoint.ts')],
    outfile: path.join(ROOT, 'out', 'test', 'servers', 'demoEndpoint.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

/** Packages the VSIX with vsce into .cache/demo/, returns its path. */
function packageVsix(out = path.join(DEMO_DIR, `${pkg.name}-${pkg.version}.vsix`)) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.rmSync(out, { force: true });
  step(`packaging ${path.relative(ROOT, out)} (vsce package --no-dependencies)`);
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '-o', out], 'vsce package');
  if (!fs.existsSync(out)) throw new Error(`vsce did not write ${out}`);
  return out;
}

/** A small sample workspace, fresh each run. */
function writeWorkspace() {
  const dir = path.join(DEMO_DIR, 'workspace');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const files = {
    'hello.py': [
      'def greet(name: str) -> str:',
      '    return f"Hello, {name}!"',
      '',
      '',
      'if __name__ == "__main__":',
      '    print(greet("Token Stream"))',
      '',
    ].join('\n'),
    'app.ts': [
      'interface Todo {',
      '  id: number;',
      '  title: string;',
      '  done: boolean;',
      '}',
      '',
      "const todos: Todo[] = [{ id: 1, title: 'Try Token Stream', done: false }];",
      '',
      'export function pending(list: readonly Todo[]): Todo[] {',
      '  return list.filter((todo) => !todo.done);',
      '}',
      '',
      'console.log(pending(todos));',
      '',
    ].join('\n'),
    'README.md': [
      '# Token Stream demo workspace',
      '',
      '- F1 > **Token Stream: Generate Code...** and describe the code ("binary search in Rust").',
      '- In `hello.py` or `app.ts`, right-click > **Generate at Cursor...** (Ctrl+Alt+G).',
      '- The **Token Stream** icon in the activity bar opens the chat.',
      '',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The endpoint the extension talks to: the user's real one, or the local demo endpoint. */
async function chooseEndpoint() {
  const baseUrl = process.env.TOKEN_STREAM_BASE_URL?.trim();
  if (baseUrl) {
    const model = process.env.TOKEN_STREAM_MODEL?.trim();
    let origin;
    try {
      origin = new URL(baseUrl).origin;
    } catch {
      throw new Error(`TOKEN_STREAM_BASE_URL is not a URL: ${baseUrl}`);
    }
    const host = new URL(baseUrl).hostname;
    const loopback = host === 'localhost' || host === '[::1]' || host.startsWith('127.');
    const notes = [];
    if (!model) notes.push('TOKEN_STREAM_MODEL is not set: the extension uses its default model setting.');
    if (origin === 'https://api.openai.com') {
      notes.push(process.env.OPENAI_API_KEY ? 'The API key comes from OPENAI_API_KEY (the extension reads it for api.openai.com only).' : 'OPENAI_API_KEY is not set: the extension will ask for the key.');
    } else if (!loopback) {
      // Keys live in VS Code's SecretStorage, which the web workbench keeps in the browser: set it there.
      notes.push(`In the browser, run "Token Stream: Set API Key..." once to store the key for ${origin} (keys are never written to settings).`);
    }
    return { baseUrl, model, demo: undefined, notes };
  }
  const { startDemoEndpoint } = require(path.join(ROOT, 'out', 'test', 'servers', 'demoEndpoint.js'));
  const tokensPerSecond = Number(process.env.TOKEN_STREAM_DEMO_TPS) || 60;
  const demo = await startDemoEndpoint({ tokensPerSecond });
  return { baseUrl: demo.baseUrl, model: demo.model, demo, notes: [] };
}

const cleanups = [];
let cleaning;
function cleanup() {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch {
        // keep stopping the rest
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    step(`${signal}: stopping`);
    const force = setTimeout(() => process.exit(130), 15_000);
    force.unref();
    void cleanup().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

async function main() {
  const port = Number(option('--port') ?? process.env.PORT) || undefined;
  let vsix = option('--vsix');
  if (vsix) {
    vsix = path.resolve(vsix);
    if (!fs.existsSync(vsix)) throw new Error(`--vsix ${vsix} does not exist`);
    await buildEndpoint();
  } else {
    await build();
    await buildEndpoint();
    vsix = packageVsix();
  }
  step('provisioning the VS Code runtime (.cache/runtime, once)');
  ensureCodeServer();
  const workspace = writeWorkspace();
  const endpoint = await chooseEndpoint();
  if (endpoint.demo) cleanups.push(() => endpoint.demo.close());

  const settings = {
    'tokenStream.provider': 'openai',
    'tokenStream.baseUrl': endpoint.baseUrl,
    ...(endpoint.model ? { 'tokenStream.model': endpoint.model } : {}),
    'workbench.colorTheme': 'Default Dark Modern',
    'editor.minimap.enabled': false,
    'window.commandCenter': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  step(`starting code-server with ${path.relative(ROOT, vsix)} installed`);
  const { startCodeServer } = require('./codeServer');
  let server;
  try {
    server = await startCodeServer({ extensions: [vsix], settings, workspace, port });
  } catch (err) {
    if (port) throw new Error(`${err.message} (is port ${port} free?)`);
    throw err;
  }
  cleanups.push(() => server.stop());
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;

  if (headlessCheck) {
    const ok = await headless(server, url);
    await cleanup();
    process.exit(ok ? 0 : 1);
  }

  server.child.on('exit', (code) => {
    if (cleaning) return; // we are stopping it
    step(`code-server exited (${code}); log: ${server.logPath}`);
    void cleanup().then(() => process.exit(1));
  });

  say('');
  say('  Token Stream is running in VS Code (code-server 4.139.1 = VS Code 1.139.1).');
  say('');
  say(`  Open:  ${url}`);
  say('');
  say('  Try:');
  say('    - F1 > "Token Stream: Generate Code..." and type e.g. "binary search in Rust" or "http server in Go":');
  say('      the code streams into a new editor beside the current one.');
  say('    - Open hello.py, put the cursor on an empty line, right-click > "Generate at Cursor..." (Ctrl+Alt+G),');
  say('      e.g. "a function that reads a csv file".');
  say('    - Click the Token Stream icon in the activity bar and ask "How do I debounce a function in TypeScript?".');
  say('    - Escape (or the status bar item) stops a generation.');
  say('');
  if (endpoint.demo) {
    say(`  Endpoint: the local DEMO endpoint at ${endpoint.baseUrl} (model "${endpoint.model}").`);
    say('  It streams canned, prompt-dependent sample code at about 60 tokens/s; no model is involved.');
    say('  To use a real model, restart with for example:');
    say('    TOKEN_STREAM_BASE_URL=https://api.openai.com/v1 OPENAI_API_KEY=sk-... TOKEN_STREAM_MODEL=gpt-4.1-mini npm run demo');
    say('    TOKEN_STREAM_BASE_URL=http://localhost:11434/v1 TOKEN_STREAM_MODEL=qwen2.5-coder npm run demo   (Ollama)');
    say('    TOKEN_STREAM_BASE_URL=http://localhost:1234/v1 TOKEN_STREAM_MODEL=<model> npm run demo          (LM Studio)');
    say('    TOKEN_STREAM_BASE_URL=http://localhost:8000/v1 TOKEN_STREAM_MODEL=<model> npm run demo          (vLLM)');
  } else {
    say(`  Endpoint: ${endpoint.baseUrl}${endpoint.model ? ` (model "${endpoint.model}")` : ''}, from TOKEN_STREAM_BASE_URL.`);
  }
  for (const note of endpoint.notes) say(`  ${note}`);
  say('');
  say(`  code-server log: ${server.logPath}`);
  say('  Ctrl+C stops everything.');
  say('');
  await new Promise(() => {}); // until a signal
}

// ---------------------------------------------------------------------------------------------
// --headless-check: Chromium drives the workbench like a user.

async function withDeadline(promise, ms, what) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s: ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Samples `read()` until it grew at least `growths` times and then stopped changing, or the time is up. */
async function watchGrowth(read, { growths = 2, timeoutMs = 60_000, settleMs = 2500 } = {}) {
  const deadline = Date.now() + timeoutMs;
  const lengths = [];
  let last = '';
  let grew = 0;
  let lastChange = Date.now();
  while (Date.now() < deadline) {
    const text = (await read().catch(() => '')) ?? '';
    if (text.length > last.length) {
      grew += 1;
      lengths.push(text.length);
      lastChange = Date.now();
    } else if (text !== last) {
      lastChange = Date.now();
    }
    last = text;
    if (grew >= growths && Date.now() - lastChange > settleMs) break;
    await sleep(100);
  }
  return { text: last, grew, lengths };
}

async function runCommand(page, title) {
  await page.keyboard.press('Escape').catch(() => {});
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Waits for an input box whose text no longer is the palette's '>…', types `text`, presses Enter. */
async function answerInputBox(page, text) {
  const input = page.locator('.quick-input-widget input');
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const visible = await input.isVisible().catch(() => false);
    const value = visible ? await input.inputValue().catch(() => '>') : '>';
    if (visible && !value.startsWith('>')) break;
    await sleep(100);
  }
  await input.fill(text);
  await page.keyboard.press('Enter');
}

async function editorText(page) {
  const text = await page.locator('.editor-group-container.active .editor-instance .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

async function headless(server, url) {
  const { launchBrowser } = require('./codeServer');
  fs.mkdirSync(RESULTS, { recursive: true });
  const shots = {};
  const failures = [];
  let browser;
  const consoleErrors = [];
  try {
    browser = await withDeadline(launchBrowser(server.dirs.run), 60_000, 'launching Chromium');
    cleanups.push(() => browser.close().catch(() => {}));
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error' && /token.?stream/i.test(m.text())) consoleErrors.push(m.text());
    });
    step(`headless check: opening ${url}`);
    await page.goto(url, { timeout: 60_000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
    await page.waitForSelector('.activitybar [aria-label^="Token Stream"]', { timeout: 120_000 });
    step('headless check: workbench is up and the Token Stream view container is there');
    await sleep(3000); // let the built-in extensions settle before typing
    // app.ts open on the left, so the generated code opens beside it (and gets TypeScript as context).
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('app.ts');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'app.ts' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'app.ts' }).waitFor({ state: 'visible', timeout: 15_000 });

    // 1. Generate Code... into a new editor.
    try {
      const prompt = 'binary search in TypeScript';
      const baseline = await editorText(page).catch(() => ''); // app.ts, until the new editor opens
      await runCommand(page, 'Token Stream: Generate Code...');
      await answerInputBox(page, prompt);
      step(`headless check: "Generate Code..." with "${prompt}"; watching the new editor`);
      const seen = await watchGrowth(async () => ((await editorText(page)) === baseline ? '' : editorText(page)), { growths: 2, timeoutMs: 90_000, settleMs: 8000 });
      await page.keyboard.press('Home').catch(() => {}); // scroll the streamed editor back to column 0
      await page.mouse.move(900, 700);
      shots.editor = path.join(RESULTS, 'editor.png');
      await page.screenshot({ path: shots.editor });
      step(`headless check: editor text grew ${seen.grew} times (lengths ${seen.lengths.slice(0, 6).join(', ')}${seen.lengths.length > 6 ? ', …' : ''} -> ${seen.text.length} chars)`);
      if (seen.grew < 2) failures.push(`Generate Code: the editor text grew ${seen.grew} times (needs 2+); last text: ${JSON.stringify(seen.text.slice(0, 120))}`);
      else if (!/binarySearch/.test(seen.text)) failures.push(`Generate Code: the streamed text does not look like the answer: ${JSON.stringify(seen.text.slice(0, 120))}`);
    } catch (err) {
      failures.push(`Generate Code: ${err.message.split('\n')[0]}`);
      await page.screenshot({ path: path.join(RESULTS, 'editor-failed.png') }).catch(() => {});
    }

    // 2. The chat view.
    try {
      await page.keyboard.press('Escape').catch(() => {});
      const frame = page.frameLocator('iframe.webview.ready[src*="extensionId=token-stream.token-stream"]').frameLocator('#active-frame');
      const input = frame.locator('[data-role="input"]');
      if (!(await input.isVisible().catch(() => false))) {
        await page.locator('.activitybar [aria-label^="Token Stream"]').first().click({ timeout: 15_000 });
      }
      await input.waitFor({ state: 'visible', timeout: 60_000 });
      const question = 'How do I debounce a function in TypeScript?';
      await input.fill(question);
      await input.press('Enter');
      step(`headless check: asked the chat "${question}"; watching the answer`);
      const answer = frame.locator('[data-role="message"][data-message-role="assistant"] [data-role="message-body"]').last();
      const seen = await watchGrowth(() => answer.innerText({ timeout: 1000 }), { growths: 2, timeoutMs: 90_000, settleMs: 5000 });
      await page.mouse.move(900, 700);
      shots.chat = path.join(RESULTS, 'chat.png');
      await page.screenshot({ path: shots.chat });
      step(`headless check: chat answer grew ${seen.grew} times (lengths ${seen.lengths.slice(0, 6).join(', ')}${seen.lengths.length > 6 ? ', …' : ''} -> ${seen.text.length} chars)`);
      if (seen.grew < 2) failures.push(`Chat: the assistant message grew ${seen.grew} times (needs 2+); last text: ${JSON.stringify(seen.text.slice(0, 120))}`);
    } catch (err) {
      failures.push(`Chat: ${err.message.split('\n')[0]}`);
      await page.screenshot({ path: path.join(RESULTS, 'chat-failed.png') }).catch(() => {});
    }
  } catch (err) {
    failures.push(`Workbench: ${err.message.split('\n')[0]}`);
  }

  if (failures.length === 0) {
    if (updateScreenshots) {
      fs.copyFileSync(shots.editor, path.join(ROOT, 'media', 'screenshot-editor.png'));
      fs.copyFileSync(shots.chat, path.join(ROOT, 'media', 'screenshot-chat.png'));
    }
    const where = updateScreenshots ? ', media/screenshot-editor.png, media/screenshot-chat.png' : '';
    step(`headless check PASSED: code streamed into the editor and into the chat. Screenshots: ${path.relative(ROOT, RESULTS)}/${where}`);
    return true;
  }
  for (const f of failures) step(`headless check FAILED: ${f}`);
  for (const e of consoleErrors.slice(0, 5)) step(`  workbench console: ${e.slice(0, 300)}`);
  step(`  screenshots: ${path.relative(ROOT, RESULTS)}/; code-server log: ${server.logPath}`);
  return false;
}

main().catch(async (err) => {
  process.stderr.write(`[demo] ${err.message}\n`);
  await cleanup();
  process.exit(1);
});
