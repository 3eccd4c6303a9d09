/**
 * The benchmark runner (plain Node; scripts/bench.js builds and calls main()).
 *
 * 1. forks the bench server (out/bench/server.js) into its own process;
 * 2. starts code-server (the same runtime as the tests) with the extension under development and
 *    out/bench/host/index.js as the extensionTestsPath payload, in headless Chromium;
 * 3. while the host suite measures, serves its requests for the webview side over the server's
 *    mailbox: finds the chat webview's frame, injects out/bench/webview/probe.js, starts and ends watches;
 * 4. turns the raw samples into the table (median [min-max] of per-repetition values), prints it and
 *    writes bench/results.json.
 *
 *   node scripts/bench.js            full run (5 repetitions, the spec's sizes; about 14 minutes)
 *   node scripts/bench.js --smoke    small sizes, 1 repetition, about 2 minutes: proves the bench works
 *   options: --reps N, --no-build, --verbose
 *            --only STEP[,STEP]  run only these host steps (prefixes: activation, edit, editor, large, apply, cancel,
 *                                memory, chat; 'cancel' includes the chat's Stop); the others show as not measured
 *            --profile           diagnostic: CPU-profile the extension host's main thread during the first
 *                                editor burst, 100,000-character chat run and Edit Selection burst (and
 *                                its Generate at Cursor twin); prints the most self time
 *            --trace             diagnostic: record a Chromium trace of the workbench and the chat webview
 *                                during every chat run and print where the renderer's time went (Layout,
 *                                style, paint, script...). Tracing costs time itself: never quote figures
 *                                of a traced run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type * as Esbuild from 'esbuild';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import type { BenchConfig } from './host/index';
import { preciseNow } from './shared';
import { RendererMeter, type RendererSnapshot, type RendererTime } from './rendererTime';
import { buildRows, Recorded, table } from './table';
import { ChatTracer, formatTrace, type TraceSummary } from './trace';

const ROOT = process.cwd();

interface CodeServer {
  url: string;
  port: number;
  dirs: { run: string; workspace: string };
  logPath: string;
  stop(): Promise<void>;
}
// scripts/codeServer.js resolves paths from its own location: load it from there, not from a bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const codeServer = require(path.join(ROOT, 'scripts', 'codeServer.js')) as {
  startCodeServer(options: Record<string, unknown>): Promise<CodeServer>;
  launchBrowser(runDir: string): Promise<BrowserContext>;
  workbenchUrl(server: CodeServer, options: { extensionTestsPath?: string }): string;
};

interface Options {
  smoke: boolean;
  reps: number;
  verbose: boolean;
  only?: string[];
  trace: boolean;
  profile: boolean;
}

type Probe = {
  install(): { ok: boolean; longtask: boolean };
  begin(runId: string): void;
  hasText(): boolean;
  lastPointerDown(): { at: number; handledAt: number; role?: string } | undefined;
  end(timeoutMs: number): Promise<Record<string, unknown>>;
  replay(capMs: number): Record<string, unknown>;
};
/** The workbench page's record of key presses (installed by BrowserSide). */
type KeyRecord = { key: string; at: number; handledAt: number; inEditor: boolean; target: string };
declare global {
  interface Window {
    __tsBench?: Probe;
    __tsBenchKeys?: KeyRecord[];
  }
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: 'boolean', default: false },
      reps: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      only: { type: 'string' },
      trace: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      // Handled by scripts/bench.js (skip the build); accepted here so the same argv can be passed through.
      'no-build': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const reps = values.reps !== undefined ? Math.max(1, Number(values.reps) || 1) : values.smoke ? 1 : 5;
  const only = values.only?.split(',').filter(Boolean);
  return { smoke: values.smoke, reps, verbose: values.verbose, only, trace: values.trace, profile: values.profile };
}

function benchConfig(serverUrl: string, o: Options): BenchConfig {
  const sizes = o.smoke
    ? { editorBurstTokens: 2000, editorPacedTokens: 2000, memoryTokens: 5000, chatLargeChars: 10_000, chatSmallChars: 5_000, chatQuarterChars: 2_500, chatTps: 4000, chatBurstTokens: 2000, fullRenderCapMs: 3000, editLines: 300 }
    : { editorBurstTokens: 20_000, editorPacedTokens: 5000, memoryTokens: 100_000, chatLargeChars: 100_000, chatSmallChars: 50_000, chatQuarterChars: 25_000, chatTps: 1000, chatBurstTokens: 20_000, fullRenderCapMs: 20_000, editLines: 2000 };
  return { serverUrl, reps: o.reps, smoke: o.smoke, largeFileLines: 20_000, only: o.only, profile: o.profile, ...sizes };
}

/** An extension that does nothing, installed beside ours: its whole activation cost is the platform's. */
const EMPTY_EXTENSION = { publisher: 'token-stream-bench', name: 'empty', version: '0.0.1' };

/** Installs the empty extension into `extensionsDir` (unpacked, listed in the folder's extensions.json). */
function installEmptyExtension(extensionsDir: string): string {
  const folder = `${EMPTY_EXTENSION.publisher}.${EMPTY_EXTENSION.name}-${EMPTY_EXTENSION.version}`;
  const dir = path.join(extensionsDir, folder);
  fs.mkdirSync(dir, { recursive: true });
  const manifest = { ...EMPTY_EXTENSION, engines: { vscode: '^1.101.0' }, main: './extension.js', activationEvents: [] };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(dir, 'extension.js'), 'exports.activate = function () {};\nexports.deactivate = function () {};\n');
  const id = `${EMPTY_EXTENSION.publisher}.${EMPTY_EXTENSION.name}`;
  const listed = [{ identifier: { id }, version: EMPTY_EXTENSION.version, location: { scheme: 'file', path: dir }, relativeLocation: folder }];
  fs.writeFileSync(path.join(extensionsDir, 'extensions.json'), JSON.stringify(listed));
  return id;
}

async function startBenchServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(path.join(ROOT, 'out', 'bench', 'server.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start within 10 s')), 10_000);
    child.once('message', (m: { port?: number }) => {
      clearTimeout(timer);
      if (m.port) resolve(m.port);
      else reject(new Error('bench server sent no port'));
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

// ---------------------------------------------------------------------------------------------
// The browser side: what the host suite asks of the workbench page and the chat's webview frame

type HostRequest = { type: string; runId?: string; capMs?: number; timeoutMs?: number; prompt?: string; messageId?: string; marker?: string };

/** What one click in the chat led to (webview frame clock); see chatContinue in bench/host/index.ts. */
interface ChatClick {
  downAt: number;
  role?: string;
  messageId: string;
  firstTextAt: number;
  continueMarkAt?: number;
}

class BrowserSide {
  private frame: Frame | undefined;
  private readonly probeSource = fs.readFileSync(path.join(ROOT, 'out', 'bench', 'webview', 'probe.js'), 'utf8');
  clock: { webviewMinusRunnerMs?: number; rttMs?: number } = {};
  /** The workbench page's clock minus this process's, measured when Escape is armed. */
  private pageMinusRunnerMs: number | undefined;
  /** The renderer's main-thread time during each chat answer (counted from chat-begin to chat-end). */
  private meter: RendererMeter | undefined;
  private meterStart: RendererSnapshot | undefined;
  /** With --trace: where the renderers' time went, per chat run. */
  readonly traces: Record<string, TraceSummary> = {};

  constructor(
    private readonly page: Page,
    private readonly serverUrl: string,
    private readonly runnerMinusServerMs: number,
    private readonly log: (line: string) => void,
    private readonly tracer?: ChatTracer,
  ) {}

  async serve(stopped: () => boolean): Promise<void> {
    while (!stopped()) {
      let res: Response;
      try {
        res = await fetch(`${this.serverUrl}/bench/mail/host?timeoutMs=2000`);
      } catch {
        break; // the server is gone: the run is over
      }
      if (res.status === 204) continue;
      const message = (await res.json()) as HostRequest;
      try {
        await this.handle(message);
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        this.log(`browser side: ${message.type} failed: ${error}`);
        const replyType = {
          'chat-view-open': 'probe-ready',
          'chat-begin': 'chat-begun',
          'chat-end': 'chat-ended',
          replay: 'replayed',
          'arm-escape': 'escape-armed',
          'press-escape': 'escape-pressed',
          'click-stop': 'stop-clicked',
          'click-send': 'send-clicked',
          'click-continue': 'continue-clicked',
          'click-apply': 'apply-clicked',
        }[message.type];
        if (replyType) await this.reply({ type: replyType, error, web: { error } });
      }
      if (message.type === 'finished') break;
    }
    await this.meter?.dispose();
  }

  private async reply(message: unknown): Promise<void> {
    await fetch(`${this.serverUrl}/bench/mail/runner`, { method: 'POST', body: JSON.stringify(message) });
  }

  private async handle(message: HostRequest): Promise<void> {
    switch (message.type) {
      case 'chat-view-open': {
        this.frame = await this.findChatFrame(90_000);
        // Once per frame: a second copy would wrap requestAnimationFrame again and count every frame twice.
        if (!(await this.frame.evaluate(() => window.__tsBench !== undefined))) {
          const wrapped = `(() => { const module = { exports: {} }; const exports = module.exports; const process = { env: {} };\n${this.probeSource}\n;window.__tsBench = module.exports; return true; })()`;
          await this.frame.evaluate(wrapped);
        }
        const installed = await this.frame.evaluate(() => window.__tsBench!.install());
        this.log(`probe installed in the chat webview (longtask observer: ${installed.longtask})`);
        await this.measureClock();
        let rendererIdle: RendererTime | undefined;
        if (!this.meter) {
          this.meter = await RendererMeter.attach(this.page, this.frame);
          // The renderer's background with no answer streaming, over 2 s: what a chat run's figure holds that is not the chat's.
          const idleStart = await this.meter.snapshot();
          await sleep(2000);
          rendererIdle = RendererMeter.between(idleStart, await this.meter.snapshot());
        }
        await this.reply({
          type: 'probe-ready',
          webviewMinusServerMs: this.clock.webviewMinusRunnerMs! + this.runnerMinusServerMs,
          rendererIdle,
          outOfProcessFrames: this.meter.outOfProcessFrames,
        });
        return;
      }
      case 'chat-begin':
        await this.tracer?.start();
        this.meterStart = await this.meter?.snapshot();
        await this.frame!.evaluate((id) => window.__tsBench!.begin(id), message.runId!);
        await this.reply({ type: 'chat-begun' });
        return;
      case 'chat-end': {
        const web = await this.frame!.evaluate((t) => window.__tsBench!.end(t), message.timeoutMs ?? 30_000);
        if (this.meter && this.meterStart) web.renderer = RendererMeter.between(this.meterStart, await this.meter.snapshot());
        const trace = await this.tracer?.stop();
        if (trace) {
          this.traces[message.runId!] = trace;
          for (const line of formatTrace(message.runId!, trace)) this.log(line);
        }
        await this.reply({ type: 'chat-ended', web });
        return;
      }
      case 'replay': {
        const result = await this.frame!.evaluate((cap) => window.__tsBench!.replay(cap), message.capMs ?? 10_000);
        await this.reply({ type: 'replayed', ...result });
        return;
      }
      case 'arm-escape':
        await this.armEscape();
        await this.reply({ type: 'escape-armed' });
        return;
      case 'press-escape':
        await this.reply({ type: 'escape-pressed', ...(await this.pressEscape()) });
        return;
      case 'click-stop':
        await this.reply({ type: 'stop-clicked', ...(await this.clickStop()) });
        return;
      case 'click-send':
        await this.reply({ type: 'send-clicked', ...(await this.clickSend(message.prompt!)) });
        return;
      case 'click-continue':
        await this.reply({ type: 'continue-clicked', ...(await this.clickContinue(message.messageId!)) });
        return;
      case 'click-apply':
        await this.reply({ type: 'apply-clicked', ...(await this.clickApply(message.messageId!, message.marker!)) });
        return;
    }
  }

  /**
   * Clicks Apply on the first code block of the answer `messageId`, and times the pointer going down
   * (the webview's event) to the first line holding `marker` drawn in the active editor with the extension's
   * added-line colour (a MutationObserver in the workbench page: it runs right after the DOM changed, before
   * the frame is painted); returns once the note under the block says how it was applied.
   */
  private async clickApply(messageId: string, marker: string): Promise<{ diffMs: number; downAtServerMs: number; role?: string; note: string }> {
    const frame = this.frame!;
    this.pageMinusRunnerMs ??= (await clockOffset(() => this.page.evaluate(() => performance.timeOrigin + performance.now()))).offset;
    await this.page.evaluate((text) => {
      const root = document.querySelector('.monaco-workbench')!;
      const probe = document.createElement('div');
      probe.style.backgroundColor = 'var(--vscode-tokenStream-editAddedLineBackground)';
      root.appendChild(probe);
      const added = getComputedStyle(probe).backgroundColor;
      probe.remove();
      const state: { at?: number } = {};
      (window as unknown as { __tsBenchDiff: typeof state }).__tsBenchDiff = state;
      const check = (): void => {
        const editor = document.querySelector('.editor-group-container.active .editor-instance');
        if (!editor) return;
        const line = [...editor.querySelectorAll<HTMLElement>('.view-lines .view-line')].find((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').includes(text));
        if (!line) return;
        const top = line.style.top;
        const row = [...editor.querySelectorAll<HTMLElement>('.view-overlays > div')].find((r) => r.style.top === top);
        if (!row || ![...row.querySelectorAll('.cdr')].some((d) => getComputedStyle(d).backgroundColor === added)) return;
        state.at = performance.timeOrigin + performance.now();
        observer.disconnect();
      };
      const observer = new MutationObserver(check);
      observer.observe(document.querySelector('.monaco-workbench')!, { subtree: true, childList: true, characterData: true, attributes: true });
    }, marker);
    const block = `[data-role="message"][data-id="${messageId}"] [data-role="code-block"]`;
    await frame.click(`${block} [data-role="code-apply"]`, { timeout: 30_000 });
    const down = await frame.evaluate(() => window.__tsBench!.lastPointerDown());
    if (!down) throw new Error('the chat webview saw no pointer down');
    const seen = await this.page.waitForFunction(() => (window as unknown as { __tsBenchDiff: { at?: number } }).__tsBenchDiff.at, undefined, { timeout: 60_000, polling: 20 });
    const seenAt = (await seen.jsonValue()) as number;
    const note = await frame.waitForFunction(
      (sel) => {
        const text = document.querySelector(`${sel} [data-role="apply-note"]`)?.textContent?.trim() ?? '';
        return /^(Applied|Not applied)/.test(text) ? text : undefined;
      },
      block,
      { timeout: 60_000, polling: 20 },
    );
    const downAt = down.at - this.clock.webviewMinusRunnerMs!;
    const diffMs = seenAt - this.pageMinusRunnerMs - downAt;
    return { diffMs, downAtServerMs: downAt - this.runnerMinusServerMs, role: down.role, note: (await note.jsonValue()) as string };
  }

  /**
   * Types `prompt` into the chat's input and clicks Send, as a user asks a fresh question; returns when the
   * pointer went down and when the new answer's first text came (its token-stream:first-chunk mark), once
   * the answer is done.
   */
  private async clickSend(prompt: string): Promise<ChatClick> {
    const frame = this.frame!;
    const before = await frame.evaluate(() => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('token-stream:first-chunk:')).map((m) => m.name));
    await frame.fill('[data-role="input"]', prompt);
    await frame.click('[data-role="send"]');
    const down = await frame.evaluate(() => window.__tsBench!.lastPointerDown());
    if (!down) throw new Error('the chat webview saw no pointer down');
    const first = await frame.waitForFunction(
      (seen) => performance.getEntriesByType('mark').find((m) => m.name.startsWith('token-stream:first-chunk:') && !seen.includes(m.name))?.name,
      before,
      { timeout: 30_000, polling: 10 },
    );
    const name = (await first.jsonValue()) as string;
    const messageId = name.slice('token-stream:first-chunk:'.length);
    const firstTextAt = await this.markTime(name);
    await this.waitForMarks(`token-stream:done:${messageId}`, 1);
    return { downAt: down.at, role: down.role, messageId, firstTextAt };
  }

  /**
   * Clicks Continue under the cut answer `messageId`; returns when the pointer went down, the button's own
   * mark, and the first continued text (token-stream:first-continued-chunk), once the answer is done again.
   */
  private async clickContinue(messageId: string): Promise<ChatClick> {
    const frame = this.frame!;
    const message = `[data-role="message"][data-id="${messageId}"]`;
    await frame.click(`${message} [data-role="continue"]`, { timeout: 30_000 });
    const down = await frame.evaluate(() => window.__tsBench!.lastPointerDown());
    if (!down) throw new Error('the chat webview saw no pointer down');
    const firstTextAt = await this.waitForMarks(`token-stream:first-continued-chunk:${messageId}`, 1);
    const continueMarkAt = await this.markTime(`token-stream:continue:${messageId}`);
    await this.waitForMarks(`token-stream:done:${messageId}`, 2);
    return { downAt: down.at, role: down.role, messageId, firstTextAt, continueMarkAt };
  }

  /** Waits until the webview holds `count` marks named `name`; the last one's time (shared clock). */
  private async waitForMarks(name: string, count: number): Promise<number> {
    const at = await this.frame!.waitForFunction(
      ([n, c]) => {
        const marks = performance.getEntriesByName(n, 'mark');
        return marks.length >= c ? performance.timeOrigin + marks[marks.length - 1].startTime : undefined;
      },
      [name, count] as const,
      { timeout: 30_000, polling: 10 },
    );
    return (await at.jsonValue()) as number;
  }

  /** The last mark named `name` (shared clock); throws when there is none. */
  private async markTime(name: string): Promise<number> {
    const at = await this.frame!.evaluate((n) => {
      const mark = performance.getEntriesByName(n, 'mark').at(-1);
      return mark ? performance.timeOrigin + mark.startTime : undefined;
    }, name);
    if (at === undefined) throw new Error(`the webview has no mark ${name}`);
    return at;
  }

  /**
   * Readies the workbench page for pressEscape(): a capture listener on its window, which runs before the
   * workbench's keybinding dispatch, records every key down (the event's own timeStamp is when the
   * browser created it); and the page's clock offset. Done before the stream, so that none of it delays the key.
   */
  private async armEscape(): Promise<void> {
    await this.page.evaluate(() => {
      if (window.__tsBenchKeys) return;
      const keys: KeyRecord[] = [];
      window.__tsBenchKeys = keys;
      window.addEventListener(
        'keydown',
        (e) => {
          const target = document.activeElement;
          keys.push({
            key: e.key,
            at: performance.timeOrigin + e.timeStamp,
            handledAt: performance.timeOrigin + performance.now(),
            inEditor: !!target?.closest('.monaco-editor'),
            target: target ? `${target.tagName.toLowerCase()}.${[...target.classList].join('.')}` : 'none',
          });
        },
        true,
      );
    });
    this.pageMinusRunnerMs ??= (await clockOffset(() => this.page.evaluate(() => performance.timeOrigin + performance.now()))).offset;
  }

  /**
   * Presses Escape in the workbench, as a user would while Generate streams into the focused editor; when
   * the page saw the key go down, on the server's clock, and where the focus was.
   */
  private async pressEscape(): Promise<{ atServerMs: number; dispatchMs: number; inEditor: boolean; target: string }> {
    await this.page.keyboard.press('Escape');
    const key = await this.page.evaluate(() => window.__tsBenchKeys?.filter((k) => k.key === 'Escape').at(-1));
    if (!key || this.pageMinusRunnerMs === undefined) throw new Error('the workbench saw no Escape key down (was it armed?)');
    return { atServerMs: key.at - this.pageMinusRunnerMs - this.runnerMinusServerMs, dispatchMs: key.handledAt - key.at, inEditor: key.inEditor, target: key.target };
  }

  /**
   * Clicks the chat's Stop button once the streaming answer shows text, and returns when the webview saw
   * the pointer go down on it (the probe's capture listener; the event's own timeStamp), on the server's clock.
   */
  private async clickStop(): Promise<{ atServerMs: number; dispatchMs: number; role?: string }> {
    const frame = this.frame!;
    await frame.waitForFunction(() => window.__tsBench!.hasText(), undefined, { timeout: 30_000, polling: 10 });
    await frame.click('[data-role="stop"]');
    const down = await frame.evaluate(() => window.__tsBench!.lastPointerDown());
    if (!down) throw new Error('the chat webview saw no pointer down');
    return { atServerMs: down.at - this.clock.webviewMinusRunnerMs! - this.runnerMinusServerMs, dispatchMs: down.handledAt - down.at, role: down.role };
  }

  /** The webview iframes are nested (iframe.webview > #active-frame); the chat's is the one with its input. */
  private async findChatFrame(timeoutMs: number): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        const has = await frame
          .evaluate(() => !!document.querySelector('[data-role="input"]') && !!document.querySelector('[data-role="messages"]'))
          .catch(() => false);
        if (has) return frame;
      }
      await sleep(250);
    }
    throw new Error(`the chat webview's frame did not appear within ${timeoutMs / 1000} s`);
  }

  /** The webview clock vs this process's, from the minimum round trip of 20 samples (a sanity check). */
  private async measureClock(): Promise<void> {
    const { offset, rtt } = await clockOffset(() => this.frame!.evaluate(() => performance.timeOrigin + performance.now()));
    this.clock = { webviewMinusRunnerMs: offset, rttMs: rtt };
  }
}

/** Another clock minus this process's: the sample with the smallest round trip of 20 (error +-rtt/2). */
async function clockOffset(read: () => Promise<number>): Promise<{ offset: number; rtt: number }> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 20; i++) {
    const t0 = preciseNow();
    const t = await read();
    const t1 = preciseNow();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: t - (t0 + t1) / 2 };
  }
  return best;
}

async function runnerMinusServer(serverUrl: string): Promise<{ ms: number; rttMs: number }> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 20; i++) {
    const t0 = preciseNow();
    const { now } = (await (await fetch(`${serverUrl}/bench/now`)).json()) as { now: number };
    const t1 = preciseNow();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: (t0 + t1) / 2 - now };
  }
  return { ms: best.offset, rttMs: best.rtt };
}

async function productionSize(): Promise<number | undefined> {
  try {
    // Loaded from node_modules at run time: esbuild cannot be bundled.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require(path.join(ROOT, 'node_modules', 'esbuild')) as typeof Esbuild;
    const result = await esbuild.build({
      entryPoints: [path.join(ROOT, 'src', 'extension.ts')],
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['vscode'],
      write: false,
      logLevel: 'silent',
      legalComments: 'none',
    });
    return result.outputFiles[0]?.contents.length;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------

export async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  const started = Date.now();
  const log = (line: string): void => console.log(line);
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-stream-bench-'));
  const hostResults = path.join(resultsDir, 'host.json');
  const bench = await startBenchServer();
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  let exitCode: number | undefined;
  let webviewClock: BrowserSide['clock'] = {};
  let traces: Record<string, TraceSummary> = {};
  // A guard against a hung extension host, not a figure: generous, so that a loaded machine never trips it.
  const overall = options.smoke ? 300_000 : 60 * 60_000;
  try {
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-stream-run-'));
    const config = { ...benchConfig(bench.url, options), emptyExtensionId: installEmptyExtension(path.join(runDir, 'ext')) };
    log(`bench: ${options.smoke ? 'smoke' : 'full'} run, ${options.reps} repetition(s); server ${bench.url}`);
    server = await codeServer.startCodeServer({
      runDir,
      smokeDriver: true,
      env: { TOKEN_STREAM_BENCH_CONFIG: JSON.stringify(config), TOKEN_STREAM_BENCH_RESULTS: hostResults },
      settings: { 'tokenStream.baseUrl': `${bench.url}/v1`, 'tokenStream.model': 'bench', 'tokenStream.maxRetries': 0, 'workbench.editor.enablePreview': false },
      log: options.verbose ? (line: string) => console.log(`[code-server] ${line}`) : undefined,
    });
    browser = await codeServer.launchBrowser(server.dirs.run);
    const page = browser.pages()[0] ?? (await browser.newPage());
    const exited = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(Number(code)));
    });
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown) => {
      const text = Array.isArray(args) ? args.map(String).join(' ') : String(args);
      if (options.verbose || text.includes('[bench]')) console.log(text.replace(/^.*?\[bench\]/, '[bench]'));
    });
    const before = await runnerMinusServer(bench.url);
    if (options.trace) log('bench: --trace: chat runs are traced; their figures include the tracing overhead');
    const side = new BrowserSide(page, bench.url, before.ms, (line) => log(`[bench] ${line}`), options.trace ? new ChatTracer(page) : undefined);
    traces = side.traces;
    let done = false;
    const serving = side.serve(() => done);
    await page.goto(codeServer.workbenchUrl(server, { extensionTestsPath: path.join(ROOT, 'out', 'bench', 'host', 'index.js') }));
    let timer: NodeJS.Timeout | undefined;
    exitCode = await Promise.race([
      exited,
      new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), overall))),
    ]);
    clearTimeout(timer);
    done = true;
    await serving.catch(() => undefined);
    webviewClock = side.clock;
    if (exitCode === -1) log(`bench: the extension host did not finish within ${overall / 1000} s; reporting what was measured`);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
  let clock: { ms: number; rttMs: number } | undefined;
  try {
    clock = await runnerMinusServer(bench.url);
  } catch {
    // reported as missing
  }
  bench.child.kill('SIGTERM');

  if (!fs.existsSync(hostResults)) {
    console.error(`bench: the extension host wrote no results (exit ${exitCode}); server log: ${server?.logPath}`);
    return 1;
  }
  const raw = JSON.parse(fs.readFileSync(hostResults, 'utf8')) as Record<string, unknown>;
  raw.bundleSize = { dev: fs.statSync(path.join(ROOT, 'dist', 'extension.js')).size, production: await productionSize() };
  const rows = buildRows(raw);
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
  };
  const output = {
    date: new Date().toISOString(),
    command: `node scripts/bench.js ${argv.join(' ')}`.trim(),
    mode: options.smoke ? 'smoke' : 'full',
    repetitions: options.reps,
    machine,
    durationS: Math.round((Date.now() - started) / 1000),
    clocks: { runnerMinusServerMs: clock?.ms, hostMinusServerMs: new Recorded(raw).number('clock', 'hostMinusServerMs'), webviewMinusRunnerMs: webviewClock.webviewMinusRunnerMs, webviewRttMs: webviewClock.rttMs },
    extensionHostExit: exitCode,
    ...(options.only ? { only: options.only } : {}),
    ...(options.trace ? { traces } : {}),
    rows,
    raw,
  };
  const resultsPath = path.join(ROOT, 'bench', 'results.json');
  fs.writeFileSync(resultsPath, JSON.stringify(output, null, 2));
  console.log('');
  console.log(table(rows));
  console.log('');
  console.log(
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; ` +
      `clock offsets: host-server ${output.clocks.hostMinusServerMs?.toFixed(3) ?? '?'} ms, runner-server ${clock?.ms.toFixed(3) ?? '?'} ms, webview-runner ${webviewClock.webviewMinusRunnerMs?.toFixed(3) ?? '?'} ms (rtt ${webviewClock.rttMs?.toFixed(2) ?? '?'} ms)`,
  );
  const stepErrors = raw.stepErrors as Record<string, string> | undefined;
  if (stepErrors) for (const [step, error] of Object.entries(stepErrors)) console.log(`step '${step}' failed: ${error}`);
  console.log(`results: ${path.relative(ROOT, resultsPath)} (${output.durationS} s)`);

  const measured = rows.filter((r) => r.measured).length;
  const failed = rows.length - measured;
  if (options.smoke) {
    // Figures, not tests: npm test runs the smoke as a step and counts no tests from it.
    console.log(`${measured} figures measured, ${failed} not measured (targets are not checked in --smoke)`);
    return failed > 0 || exitCode !== 0 ? 1 : 0;
  }
  return exitCode === 0 || exitCode === undefined ? 0 : 1;
}
