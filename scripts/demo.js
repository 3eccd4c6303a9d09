// npm run demo: builds and packages the extension, installs the VSIX into a real VS Code (code-server,
// VS Code 1.139.1) on 127.0.0.1 with a small sample workspace, and prints the address to open.
//
//   npm run demo                        start and keep running until Ctrl+C
//   npm run demo -- --port 8080         fixed port (or env PORT); default: a free port
//   npm run demo -- --headless-check    start, drive Chromium through Generate Code, the chat and Edit
//                                       Selection, save screenshots (and the Edit Selection GIF), stop
//                                       everything; exit 0 only if all three streamed
//   --update-screenshots                with --headless-check: also replace the README's pictures in media/
//   npm run demo -- --vsix X.vsix       use an already packaged VSIX (skips build and package)
//   --no-build                          use the demo endpoint and workbench driver already built in out/
//
// Endpoint: TOKEN_STREAM_BASE_URL (+ TOKEN_STREAM_MODEL, and OPENAI_API_KEY for api.openai.com) when set;
// otherwise the project's local demo endpoint (test/servers/demoEndpoint.ts) started in this process.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { build } = require('../esbuild');
const { ROOT, ensureCodeServer } = require('./runtime');
const { packageVsix } = require('./vsix');

const { values: options } = parseArgs({
  options: {
    port: { type: 'string' },
    vsix: { type: 'string' },
    'headless-check': { type: 'boolean' },
    // Only on request do the screenshots replace the README's pictures in media/ (a test run leaves the tree clean).
    'update-screenshots': { type: 'boolean' },
    'no-build': { type: 'boolean' },
  },
});
const headlessCheck = options['headless-check'] === true;
const DEMO_DIR = path.join(ROOT, '.cache', 'demo');
const RESULTS = path.join(ROOT, 'test-results', 'demo');

function say(line = '') {
  process.stdout.write(`${line}\n`);
}

function step(line) {
  process.stdout.write(`[demo] ${line}\n`);
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
    'circles.py': [
      'import math',
      '',
      '',
      'def area(radius):',
      '    if radius < 0:',
      '        raise ValueError("radius must not be negative")',
      '    squared = radius * radius',
      '    return math.pi * squared',
      '',
      '',
      'def describe(name, radius):',
      '    size = "large" if area(radius) > 10 else "small"',
      '    kind = "circle" if radius else "point"',
      '    return f"{name} is a {size} {kind}"',
      '',
      '',
      'if __name__ == "__main__":',
      '    print(describe("Token Stream", 2))',
      '',
    ].join('\n'),
    'README.md': [
      '# Token Stream demo workspace',
      '',
      '- F1 > **Token Stream: Generate Code...** and describe the code ("binary search in Rust").',
      '- In `hello.py` or `app.ts`, right-click > **Generate at Cursor...** (Ctrl+Alt+G).',
      '- In `circles.py`, select the import and the two functions, right-click > **Edit Selection...** (Alt+I) and ask for',
      '  "add type hints and docstrings": the rewrite streams in as a diff to accept or reject.',
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
  const port = Number(options.port ?? process.env.PORT) || undefined;
  let vsix = options.vsix;
  if (vsix) {
    vsix = path.resolve(vsix);
    if (!fs.existsSync(vsix)) throw new Error(`--vsix ${vsix} does not exist`);
    // The demo endpoint and the workbench driver (test/servers, test/e2e/driver.ts) run in this process.
    if (!options['no-build']) await build({ extension: false, tools: true });
  } else {
    step('building the extension (production) and the demo endpoint');
    await build({ production: true, tools: true });
    vsix = packageVsix();
    step(`packaged ${path.relative(ROOT, vsix)} (vsce package --no-dependencies)`);
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
    ...(headlessCheck ? require(path.join(ROOT, 'out', 'test', 'e2e', 'driver.js')).DRIVEN_WORKBENCH_SETTINGS : {}),
  };
  step(`starting code-server with ${path.relative(ROOT, vsix)} installed`);
  const { startCodeServer } = require('./codeServer');
  let server;
  try {
    // The headless check waits for the workbench through the smoke-test driver.
    server = await startCodeServer({ extensions: [vsix], settings, workspace, port, smokeDriver: headlessCheck });
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
  say('    - Open circles.py, select the import and the two functions, right-click > "Edit Selection..." (Alt+I), e.g.');
  say('      "add type hints and docstrings": the rewrite streams in as a red/green diff to accept or reject.');
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
// --headless-check: Chromium drives the workbench like a user, through the UI tests' driver
// (test/e2e/driver.ts), waiting for states, never for time.

/** The editor generation's status bar item once it shows how the generation ended. */
const GENERATION_ENDED = '.statusbar-item[id$="tokenStream.status"]:has(.codicon-check, .codicon-error, .codicon-debug-stop)';

/** Counts how often `text` grew while watched: each look that is longer than the longest before. */
class Growth {
  lengths = [];
  text = '';

  see(text) {
    if (text.length > (this.lengths.at(-1) ?? 0)) this.lengths.push(text.length);
    this.text = text;
  }

  describe() {
    const shown = this.lengths.slice(0, 6).join(', ');
    return `grew ${this.lengths.length} times (lengths ${shown}${this.lengths.length > 6 ? ', …' : ''} -> ${this.text.length} chars)`;
  }
}

/** The generation's status bar item while it streams (its spinner). */
const GENERATING = '.statusbar-item[id$="tokenStream.status"] .codicon-loading';
/** The status bar item counting the changes to review ("2 changes to review"). */
const EDITS_STATUS = '.statusbar-item[id$="tokenStream.edits"]';
const EDIT_FILE = 'circles.py';
const EDIT_INSTRUCTION = 'add type hints and docstrings';
/** At most this many frames of the rewrite streaming in (one per change seen on screen). */
const MAX_STREAMING_FRAMES = 10;
/** How long after the review is first seen the check takes it with fewer CodeLens rows than changes. */
const REVIEW_LENS_WAIT_MS = 5000;

/**
 * The Edit Selection step: select the two functions of circles.py, run Edit Selection from the palette,
 * type the instruction, watch the rewrite stream in as a red/green diff until its changes wait for review
 * (CodeLens), accept them all from the palette. A frame (a screenshot of the editor) is taken at each
 * state, and for each change of the diff on screen while it streams. Returns the frames, or throws why not.
 */
async function editSelectionStep(page, driver) {
  const frames = [];
  const group = page.locator('.editor-group-container.active');
  let clip;
  async function frame(name, delayMs) {
    const png = await page.screenshot({ clip });
    fs.writeFileSync(path.join(RESULTS, `edit-${String(frames.length + 1).padStart(2, '0')}-${name}.png`), png);
    frames.push({ png, delayMs, name });
  }

  // One editor, wide: the chat and the generated code of the steps before are closed.
  await driver.closeAllEditors(page);
  await driver.openFile(page, EDIT_FILE);
  await driver.waitUntil(async () => (await driver.editorText(page)).includes('print(describe('), `${EDIT_FILE} on screen`);
  const original = await driver.editorText(page);
  const box = await group.boundingBox();
  // The editor's top (tabs, and the quick input drawn over them) and the code's width: the picture stays small.
  clip = { x: box.x, y: Math.max(0, box.y - 8), width: Math.min(box.width, 900), height: Math.min(box.height, 520) };
  await page.mouse.move(box.x + box.width - 10, box.y + box.height - 10); // no hover over the code

  // Lines 1-14 (the import and both functions), with the keyboard as a user does.
  await page.locator('.editor-group-container.active .editor-instance .view-lines').first().click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 14; i++) await page.keyboard.press('Shift+ArrowDown');
  await driver.waitUntil(async () => (await page.locator('.editor-group-container.active .selected-text').count()) > 0, 'the selection drawn');
  await page.mouse.move(box.x + box.width - 10, box.y + box.height - 10);
  await frame('selected', 1200);

  await driver.runCommand(page, 'Token Stream: Edit Selection...');
  await driver.typeIntoQuickPick(page, 'Token Stream: Edit Selection', EDIT_INSTRUCTION);
  await frame('instruction', 1600);
  await driver.pickRow(page, EDIT_INSTRUCTION);
  await driver.quickInput(page).waitFor({ state: 'hidden' });
  // Once the rewrite started (the selection was read), a click below the code clears the selection, whose
  // highlight would hide the diff's colours. It moves the cursor only: the stream goes on.
  await driver.waitUntil(async () => (await page.locator(GENERATING).isVisible()) || (await page.locator(EDITS_STATUS).isVisible()), 'the rewrite to start');
  await page.mouse.click(box.x + 600, box.y + box.height - 30);
  await page.mouse.move(box.x + box.width - 10, box.y + box.height - 10);
  step(`headless check: "Edit Selection..." on ${EDIT_FILE} with "${EDIT_INSTRUCTION}"; watching the diff`);

  // While it streams, a frame for each change of the diff on screen; then the review (every change has its lens).
  let last = '';
  let streamingFrames = 0;
  let streamedDiff = false;
  let review;
  let readySince;
  let lastState = 'nothing checked yet';
  await driver.waitUntil(async () => {
    const generating = await page.locator(GENERATING).isVisible();
    const seen = await driver.diffOnScreen(page);
    lastState = `generating ${generating}, ${seen.removed.length} red, ${seen.added.length} green, ${seen.pending} pending, lenses ${JSON.stringify(seen.lenses)}, status "${await page
      .locator(EDITS_STATUS)
      .innerText()
      .catch(() => '')}"`;
    const shown = seen.removed.length + seen.added.length + seen.pending > 0;
    if (generating && shown) {
      const key = JSON.stringify([seen.removed, seen.added, seen.pending]);
      if (key !== last && streamingFrames < MAX_STREAMING_FRAMES) {
        last = key;
        streamingFrames++;
        // Seen while streaming: both colours on screen before the answer ended.
        if (seen.removed.length > 0 && seen.added.length > 0) streamedDiff = true;
        await frame('streaming', 450);
      }
      return false;
    }
    if (generating || !shown || seen.pending > 0) return false;
    const count = Number(/(\d+) changes? to review/.exec(await page.locator(EDITS_STATUS).innerText().catch(() => ''))?.[1] ?? 0);
    if (count === 0 || seen.lenses.length > count) return false;
    // The changes wait for review (the status item counts them). Their CodeLens rows come a little later
    // (the workbench asks for lenses some 250 ms or more after the last change), so the review is taken
    // once every change has its row, or REVIEW_LENS_WAIT_MS after it was first seen. Rows are not required:
    // in some fresh-clone CI runs the workbench never asked the extension for lenses at all, in any editor
    // of that session, and what is read off the screen kept changing meanwhile (see the CHANGELOG's Known
    // issues). The UI tests of Edit Selection and Apply check the lenses.
    readySince ??= Date.now();
    if (seen.lenses.length < count && Date.now() - readySince < REVIEW_LENS_WAIT_MS) return false;
    review = { ...seen, count };
    return true;
  }, 'the rewrite to stream in and wait for review', 120_000).catch(async (error) => {
    // What was on screen when it gave up: the next person sees why.
    await frame('timeout', 0).catch(() => undefined);
    throw new Error(`${error.message}; last seen: ${lastState}`);
  });
  const ended = await page.locator(GENERATION_ENDED).innerHTML();
  if (!ended.includes('codicon-check')) throw new Error(`the rewrite did not end well (status bar: ${ended.replace(/<[^>]+>/g, ' ').trim()})`);
  if (!streamedDiff) throw new Error(`no red and green lines were seen while the rewrite streamed (${streamingFrames} frames while streaming)`);
  if (!review.lenses.every((lens) => /^Accept \| Reject/.test(lens))) throw new Error(`unexpected CodeLens: ${JSON.stringify(review.lenses)}`);
  await frame('review', 2200);
  step(`headless check: ${review.count} changes to review (${review.removed.length} lines red, ${review.added.length} green, ${review.lenses.length} CodeLens rows); ${streamingFrames} frames while streaming`);

  await driver.runCommand(page, 'Token Stream: Accept All Changes');
  await driver.waitUntil(async () => {
    const seen = await driver.diffOnScreen(page);
    return seen.removed.length + seen.added.length + seen.pending + seen.lenses.length === 0 && !(await page.locator(EDITS_STATUS).isVisible());
  }, 'the changes accepted');
  const accepted = await driver.editorText(page);
  if (accepted === original) throw new Error('Accept All left the file as it was');
  if (!review.added.every((line) => accepted.includes(line))) throw new Error(`the accepted file lacks the added lines: ${JSON.stringify(accepted.slice(0, 200))}`);
  await page.mouse.move(box.x + box.width - 10, box.y + box.height - 10);
  await frame('accepted', 3000);
  return frames;
}

async function headless(server, url) {
  const { launchBrowser } = require('./codeServer');
  const driver = require(path.join(ROOT, 'out', 'test', 'e2e', 'driver.js'));
  fs.mkdirSync(RESULTS, { recursive: true });
  const shots = {};
  const failures = [];
  const consoleErrors = [];
  try {
    const browser = await launchBrowser(server.dirs.run);
    cleanups.push(() => browser.close().catch(() => {}));
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error' && /token.?stream/i.test(m.text())) consoleErrors.push(m.text());
    });
    step(`headless check: opening ${url}`);
    await page.goto(url, { timeout: 60_000 });
    await driver.waitForWorkbench(page);
    step('headless check: workbench is restored and the Token Stream view container is there');
    // app.ts open on the left, so the generated code opens beside it (and gets TypeScript as context).
    await driver.openFile(page, 'app.ts');

    // 1. Generate Code... into a new editor.
    try {
      const prompt = 'binary search in TypeScript';
      const baseline = await driver.editorText(page); // app.ts, until the new editor opens
      await driver.runCommand(page, 'Token Stream: Generate Code...');
      await driver.answerQuickPick(page, 'Token Stream: Generate Code', prompt);
      step(`headless check: "Generate Code..." with "${prompt}"; watching the new editor`);
      const growth = new Growth();
      await driver.waitUntil(async () => {
        const text = await driver.editorText(page).catch(() => baseline);
        if (text !== baseline) growth.see(text);
        return page.locator(GENERATION_ENDED).isVisible();
      }, 'the generation to end (the status bar item)', 120_000);
      growth.see(await driver.editorText(page));
      const ended = await page.locator(GENERATION_ENDED).innerHTML();
      await page.keyboard.press('Home'); // scroll the streamed editor back to column 0
      await page.mouse.move(900, 700);
      shots.editor = path.join(RESULTS, 'editor.png');
      await page.screenshot({ path: shots.editor });
      step(`headless check: editor text ${growth.describe()}`);
      if (!ended.includes('codicon-check')) failures.push(`Generate Code: the generation did not end well (status bar: ${ended.replace(/<[^>]+>/g, ' ').trim()})`);
      else if (growth.lengths.length < 2) failures.push(`Generate Code: the editor text ${growth.describe()} (needs 2+); last text: ${JSON.stringify(growth.text.slice(0, 120))}`);
      else if (!/binarySearch/.test(growth.text)) failures.push(`Generate Code: the streamed text does not look like the answer: ${JSON.stringify(growth.text.slice(0, 120))}`);
    } catch (err) {
      failures.push(`Generate Code: ${err.message.split('\n')[0]}`);
      await page.screenshot({ path: path.join(RESULTS, 'editor-failed.png') }).catch(() => {});
    }

    // 2. The chat view.
    try {
      const chat = await driver.openChatView(page);
      const question = 'How do I debounce a function in TypeScript?';
      const answer = await driver.askInChat(chat, question);
      step(`headless check: asked the chat "${question}"; watching the answer`);
      const growth = new Growth();
      let status;
      await driver.waitUntil(async () => {
        growth.see(await answer.locator('[data-role="message-body"]').innerText());
        status = await answer.getAttribute('data-status');
        return status === 'done' || status === 'stopped' || status === 'error';
      }, 'the answer to end', 120_000);
      growth.see(await answer.locator('[data-role="message-body"]').innerText());
      await page.mouse.move(900, 700);
      shots.chat = path.join(RESULTS, 'chat.png');
      await page.screenshot({ path: shots.chat });
      step(`headless check: chat answer ${growth.describe()}`);
      if (status !== 'done') failures.push(`Chat: the answer ended as "${status}"`);
      else if (growth.lengths.length < 2) failures.push(`Chat: the assistant message ${growth.describe()} (needs 2+); last text: ${JSON.stringify(growth.text.slice(0, 120))}`);
    } catch (err) {
      failures.push(`Chat: ${err.message.split('\n')[0]}`);
      await page.screenshot({ path: path.join(RESULTS, 'chat-failed.png') }).catch(() => {});
    }

    // 3. Edit Selection: the frames of the README's animated picture.
    try {
      const frames = await editSelectionStep(page, driver);
      const { encodeGif } = require('./gif');
      shots.editGif = path.join(RESULTS, 'edit-selection.gif');
      fs.writeFileSync(shots.editGif, encodeGif(frames));
      step(`headless check: Edit Selection in ${frames.length} frames (${frames.map((f) => f.name).join(', ')}); ${path.relative(ROOT, shots.editGif)} is ${Math.round(fs.statSync(shots.editGif).size / 1024)} KB`);
    } catch (err) {
      failures.push(`Edit Selection: ${err.message.split('\n')[0]}`);
      await page.screenshot({ path: path.join(RESULTS, 'edit-selection-failed.png') }).catch(() => {});
    }
  } catch (err) {
    failures.push(`Workbench: ${err.message.split('\n')[0]}`);
  }

  if (failures.length === 0) {
    if (options['update-screenshots']) {
      fs.copyFileSync(shots.editor, path.join(ROOT, 'media', 'screenshot-editor.png'));
      fs.copyFileSync(shots.chat, path.join(ROOT, 'media', 'screenshot-chat.png'));
      fs.copyFileSync(shots.editGif, path.join(ROOT, 'media', 'edit-selection.gif'));
    }
    const where = options['update-screenshots'] ? ', media/screenshot-editor.png, media/screenshot-chat.png, media/edit-selection.gif' : '';
    step(`headless check PASSED: code streamed into the editor, into the chat, and as an Edit Selection diff. Screenshots: ${path.relative(ROOT, RESULTS)}/${where}`);
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
