/**
 * The benchmark suite inside the real extension host (loaded through the workbench's extensionTestsPath
 * payload, like test/integration/index.ts). VS Code calls run(); it measures, writes the raw samples to
 * the file named by TOKEN_STREAM_BENCH_RESULTS and resolves (a failure to measure one figure is recorded,
 * never thrown, so one broken row does not hide the others).
 *
 * Parameters come from TOKEN_STREAM_BENCH_CONFIG (JSON, see BenchConfig). The bench server runs in
 * another process; the chat figures that need the webview are taken by the runner (Playwright), which
 * this suite talks to through the server's mailbox.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as inspector from 'node:inspector';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import OpenAI from 'openai';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/vscode/ids';
import type { RendererTime } from '../rendererTime';
import {
  APPLY_FILE_LINES,
  applyAnswer,
  applyChangedText,
  applyExpected,
  applyFunctionLine,
  applyOriginal,
  continuedId,
  editAnswer,
  editChangedLine,
  editOriginal,
  mergeId,
  preciseNow,
  promptFor,
  tokensFor,
  type ApplyShape,
  type Scenario,
  type ServerRecord,
} from '../shared';

export interface BenchConfig {
  readonly serverUrl: string;
  readonly reps: number;
  readonly smoke: boolean;
  /** Editor burst, in tokens (spec: 20,000). */
  readonly editorBurstTokens: number;
  /** The paced editor stream (edits per second): tokens of 3 characters at 1,000 tokens/s. */
  readonly editorPacedTokens: number;
  /** Memory figure's generation, in tokens (spec: 100,000). */
  readonly memoryTokens: number;
  /** Chat answer sizes in characters (spec: 100,000 and 50,000) and the pacing (spec: about 1,000 tokens/s). */
  readonly chatLargeChars: number;
  readonly chatSmallChars: number;
  /** The third size of the render-scaling figure (25,000: so that two doublings show whether it stays linear). */
  readonly chatQuarterChars: number;
  readonly chatTps: number;
  /** Chat burst, in tokens (spec: 20,000 = 61,000 characters). */
  readonly chatBurstTokens: number;
  /** Upper bound of one full re-render replay in the webview, in ms (a lower bound of the ratio beyond it). */
  readonly fullRenderCapMs: number;
  /** Lines of the large TypeScript file (spec: 20,000). */
  readonly largeFileLines: number;
  /** Lines of the Edit Selection figure's selection (spec: 2,000). */
  readonly editLines: number;
  /** Steps to run (`--only`); every step when absent. The clock and settings steps always run. */
  readonly only?: readonly string[];
  /** Diagnostic (`--profile`): CPU-profile the extension host's main thread during the first editor burst and large chat run. */
  readonly profile?: boolean;
  /** An extension that does nothing, loaded beside ours: the platform's own activation cost. */
  readonly emptyExtensionId?: string;
}

/** One figure's raw samples, or why it could not be measured. */
export interface Samples {
  readonly values: number[];
  readonly error?: string;
  readonly notes?: string[];
  readonly [extra: string]: unknown;
}

type Results = Record<string, unknown>;

const MODEL = 'bench';
const STEP_TIMEOUT_MS = 180_000;

let config: BenchConfig;
const results: Results = {};
const log = (line: string): void => console.log(`[bench] ${line}`);

export async function run(): Promise<void> {
  const resultsPath = process.env.TOKEN_STREAM_BENCH_RESULTS;
  config = JSON.parse(process.env.TOKEN_STREAM_BENCH_CONFIG ?? '{}') as BenchConfig;
  if (!resultsPath || !config.serverUrl) throw new Error('TOKEN_STREAM_BENCH_CONFIG / TOKEN_STREAM_BENCH_RESULTS are not set');
  const save = (): void => fs.writeFileSync(resultsPath, JSON.stringify(results, null, 2));
  results.meta = { node: process.version, vscode: vscode.version, startedAt: new Date().toISOString(), config };
  const steps: Array<[string, () => Promise<void>]> = [
    ['activation', activation],
    ['clock', clockOffset],
    ['settings', configure],
    ['edit round trip', editRoundTrip],
    ['editor first token', editorFirstToken],
    ['editor burst', editorBurst],
    ['editor paced', editorPaced],
    ['large file', largeFile],
    ['edit selection', editSelection],
    ['apply', applyCodeBlock],
    ['cancel', cancelLatency],
    ['memory', memory],
    ['chat', chat],
    ['chat reasoning', chatReasoning],
    ['chat continue', chatContinue],
    ['cancel chat', cancelChatStop],
  ];
  const always = new Set(['clock', 'settings']);
  const selected = steps.filter(([name]) => !config.only || always.has(name) || config.only.some((o) => name.startsWith(o)));
  for (const [name, step] of selected) {
    log(`${name}...`);
    const started = Date.now();
    try {
      await withTimeout(step(), STEP_TIMEOUT_MS * (config.smoke ? 1 : 8), name);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log(`${name} failed: ${message}`);
      (results.stepErrors ??= {} as Record<string, string>);
      (results.stepErrors as Record<string, string>)[name] = message;
    }
    log(`${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    save();
  }
  await mail('host', { type: 'finished' }).catch(() => undefined);
  save();
}

// ---------------------------------------------------------------------------------------------
// Helpers

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms / 1000} s`)), ms))),
  ]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

let counter = 0;
function scenario(
  kind: Scenario['kind'],
  chars: number,
  tps: number,
  firstDelayMs = 0,
  tokens = tokensFor(chars),
  more: Pick<Scenario, 'reasoningChars' | 'cutAfterTokens' | 'editLines' | 'applyShape'> = {},
): Scenario {
  counter += 1;
  return { id: `${kind}-${counter}-${Math.random().toString(36).slice(2, 8)}`, kind, chars, tokens, tps, firstDelayMs, ...more };
}

async function serverRecord(id: string, waitForClose = true): Promise<ServerRecord> {
  const res = await fetch(`${config.serverUrl}/bench/record/${encodeURIComponent(id)}?closed=${waitForClose ? 1 : 0}&timeoutMs=20000`);
  if (!res.ok) throw new Error(`server has no record of ${id} (${res.status})`);
  return (await res.json()) as ServerRecord;
}

async function mail(topic: string, message: unknown): Promise<void> {
  await fetch(`${config.serverUrl}/bench/mail/${topic}`, { method: 'POST', body: JSON.stringify(message) });
}

/** Takes the next message on `topic` whose type is `type` (others are dropped), within `timeoutMs`. */
async function receive<T = Record<string, unknown>>(topic: string, type: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${config.serverUrl}/bench/mail/${topic}?timeoutMs=${Math.min(10_000, deadline - Date.now())}`);
    if (res.status === 204) continue;
    const message = (await res.json()) as { type?: string };
    if (message.type === type) return message as T;
    log(`ignored mail ${JSON.stringify(message).slice(0, 120)}`);
  }
  throw new Error(`no '${type}' from the runner within ${timeoutMs / 1000} s`);
}

let gcFunction: (() => void) | undefined;
function gc(): void {
  if (!gcFunction) {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (existing) gcFunction = existing;
    else {
      v8.setFlagsFromString('--expose-gc');
      gcFunction = vm.runInNewContext('gc') as () => void;
    }
  }
  gcFunction();
  gcFunction();
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

function record(name: string, samples: Samples): void {
  results[name] = samples;
}

/** Runs `measure` `reps` times, collecting numbers; the first error stops the figure and is recorded. */
async function repeat(reps: number, measure: (i: number) => Promise<number>): Promise<Samples> {
  const values: number[] = [];
  try {
    for (let i = 0; i < reps; i++) values.push(await measure(i));
    return { values };
  } catch (err) {
    return { values, error: err instanceof Error ? err.message : String(err) };
  }
}

// ---------------------------------------------------------------------------------------------
// The bare SDK loop: the limit of every figure

interface BareRun {
  firstContentAt: number;
  lastContentAt: number;
  cpuMs: number;
  chars: number;
  server: ServerRecord;
}

let bareClient: OpenAI | undefined;
function client(): OpenAI {
  bareClient ??= new OpenAI({ baseURL: `${config.serverUrl}/v1`, apiKey: 'x', maxRetries: 0 });
  return bareClient;
}

interface BareLoopHooks {
  /**
   * The caller collected garbage before its own setup. The direct writer does, as editorRun does before
   * running Generate: a forced GC takes 250-470 ms here, and between opening the editor and sending the
   * request it gave the workbench that long to finish the new editor, which Generate does not get.
   */
  readonly collected?: boolean;
  /** Called with the controller at the first content delta (the cancel figure aborts from here). */
  readonly abortAfterFirst?: (controller: AbortController) => void;
  /** Sees every content delta (the direct writer). */
  readonly onDelta?: (text: string) => void;
  /** Awaited after the stream ends, inside the CPU measurement (the direct writer's last edits). */
  readonly drain?: () => Promise<void>;
}

async function bareLoop(s: Scenario, { collected, abortAfterFirst, onDelta, drain }: BareLoopHooks = {}): Promise<BareRun> {
  if (!collected) gc();
  const controller = new AbortController();
  const cpu = process.cpuUsage();
  let firstContentAt = 0;
  let lastContentAt = 0;
  let chars = 0;
  try {
    const stream = await client().chat.completions.create(
      { model: MODEL, messages: [{ role: 'user', content: promptFor(s) }], stream: true },
      { signal: controller.signal },
    );
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta?.content;
      if (text) {
        lastContentAt = preciseNow();
        if (!firstContentAt) {
          firstContentAt = lastContentAt;
          abortAfterFirst?.(controller);
        }
        chars += text.length;
        onDelta?.(text);
      }
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  }
  await drain?.();
  const used = cpuMs(cpu);
  return { firstContentAt, lastContentAt, cpuMs: used, chars, server: await serverRecord(s.id) };
}

// ---------------------------------------------------------------------------------------------
// Ours in the editor

interface EditorRun {
  /** Host time the command was run (the direct writer: before it opens its editor). */
  startedAt: number;
  firstCharAt: number;
  lastCharAt: number;
  edits: number;
  cpuMs: number;
  chars: number;
  result: { text?: string; finishReason?: string; uri?: string; error?: { message?: string } } | undefined;
  server: ServerRecord;
  /** [host time, characters inserted] per edit of the target document. */
  timeline: Array<[number, number]>;
}

/** Milliseconds from the server's first content byte of `run` to `hostTime` (a host-clock timestamp). */
function afterFirstByte(run: { readonly server: ServerRecord }, hostTime: number): number {
  return onServerClock(hostTime) - run.server.firstContentAt!;
}

/** An editor run's edits as [ms after the server's first content byte, characters]. */
function rel(o: EditorRun): Array<[number, number]> {
  return o.timeline.map(([t, n]) => [Math.round(afterFirstByte(o, t) * 10) / 10, n]);
}

/**
 * Runs `command` ('tokenStream.generate' opens a new editor; 'tokenStream.insertAtCursor' inserts into the
 * active one) and times, with onDidChangeTextDocument, when characters land in the document it targets.
 */
type EditEvent = { uri: string; at: number; inserted: number };

/** Times every text change of every document (onDidChangeTextDocument, host clock) until disposed. */
function watchEdits(onFirstChar?: () => void): { events: EditEvent[]; dispose(): void } {
  const events: EditEvent[] = [];
  let firstSeen = false;
  const subscription = vscode.workspace.onDidChangeTextDocument((e) => {
    const at = preciseNow();
    if (e.document.uri.scheme === 'output' || e.contentChanges.length === 0) return;
    let inserted = 0;
    for (const c of e.contentChanges) inserted += c.text.length;
    events.push({ uri: e.document.uri.toString(), at, inserted });
    if (!firstSeen && inserted > 0 && onFirstChar) {
      firstSeen = true;
      onFirstChar();
    }
  });
  return { events, dispose: () => subscription.dispose() };
}

async function editorRun(command: string, s: Scenario, onFirstChar?: () => void): Promise<EditorRun> {
  const watch = watchEdits(onFirstChar);
  gc();
  const cpu = process.cpuUsage();
  const startedAt = preciseNow();
  let result: EditorRun['result'];
  try {
    result = await vscode.commands.executeCommand<EditorRun['result']>(command, { prompt: promptFor(s) });
  } finally {
    watch.dispose();
  }
  const used = cpuMs(cpu);
  if (!result) throw new Error(`${command} resolved with nothing (is it registered? did it ask for input?)`);
  if (result.error && result.finishReason !== 'cancelled') throw new Error(`${command}: ${result.finishReason}: ${result.error.message}`);
  return editorRunOf(command, result, watch.events, used, await serverRecord(s.id), startedAt);
}

function editorRunOf(what: string, result: NonNullable<EditorRun['result']>, events: EditEvent[], used: number, server: ServerRecord, startedAt: number): EditorRun {
  const mine = events.filter((e) => e.uri === result.uri && e.inserted > 0);
  if (mine.length === 0) throw new Error(`${what}: no text arrived in ${result.uri}`);
  return {
    startedAt,
    firstCharAt: mine[0].at,
    lastCharAt: mine[mine.length - 1].at,
    edits: mine.length,
    cpuMs: used,
    chars: mine.reduce((n, e) => n + e.inserted, 0),
    result,
    server,
    timeline: mine.map((e) => [e.at, e.inserted]),
  };
}

/**
 * The platform floor for streaming into an editor: what the simplest possible writer pays on this
 * workbench. Like Generate it opens an empty editor beside, then reads the stream with the bare SDK loop
 * and appends whatever has arrived with TextEditor.edit, one edit in flight, nothing else (no frame cap,
 * no fence or indent handling, no undo grouping, no cancellation). Ours minus this is our own cost.
 * `into`: append to this editor's document instead (the large-file floor).
 */
async function directWriterRun(s: Scenario, into?: vscode.TextEditor): Promise<EditorRun> {
  gc();
  const startedAt = preciseNow();
  const editor =
    into ??
    (await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'plaintext', content: '' }), {
      viewColumn: vscode.ViewColumn.Beside,
      preview: false,
    }));
  const document = editor.document;
  const before = document.getText().length;
  let pending = '';
  let inFlight: Thenable<boolean> | undefined;
  const pump = (): void => {
    if (inFlight || pending === '') return;
    const chunk = pending;
    pending = '';
    const end = document.lineAt(document.lineCount - 1).range.end;
    inFlight = editor.edit((b) => b.insert(end, chunk), { undoStopBefore: false, undoStopAfter: false });
    inFlight.then(
      () => {
        inFlight = undefined;
        pump();
      },
      () => (inFlight = undefined),
    );
  };
  let run: BareRun;
  const watch = watchEdits();
  try {
    run = await bareLoop(s, {
      collected: true,
      onDelta: (text) => {
        pending += text;
        pump();
      },
      drain: async () => {
        while (inFlight || pending !== '') {
          await inFlight;
          pump();
          await sleep(0);
        }
      },
    });
    for (let i = 0; i < 100 && document.getText().length - before < run.chars; i++) await sleep(10);
  } finally {
    watch.dispose();
  }
  return editorRunOf('direct writer', { finishReason: 'stop', uri: document.uri.toString() }, watch.events, run.cpuMs, run.server, startedAt);
}

/**
 * Starts the V8 CPU profiler on this thread (the extension host's main thread); the returned function stops
 * it and gives the functions with the most self time, grouped by function and file.
 */
async function startProfile(): Promise<() => Promise<unknown>> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return async () => {
    type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
    const { profile } = (await post('Profiler.stop')) as { profile: { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] } };
    session.disconnect();
    const selfUs = new Map<number, number>();
    profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const byFunction = new Map<string, number>();
    for (const node of profile.nodes) {
      const us = selfUs.get(node.id) ?? 0;
      if (us === 0) continue;
      const f = node.callFrame;
      const file = f.url.split('/').slice(-2).join('/');
      const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    }
    const totalMs = (profile.endTime - profile.startTime) / 1000;
    const top = [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([fn, us]) => ({ fn, selfMs: Math.round(us / 100) / 10 }));
    for (const t of top.slice(0, 25)) log(`profile: ${t.selfMs.toFixed(1).padStart(8)} ms  ${t.fn}`);
    return { totalMs, top };
  };
}

async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.revertAndCloseAll').then(undefined, () => undefined);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors').then(undefined, () => undefined);
}

let scratch: { dir: string; count: number } | undefined;

/**
 * A new TypeScript file with `content` (a name never used before in the run), in the first editor group.
 * For the Edit Selection step, which watches its document's changes: VS Code reuses an untitled name as
 * soon as the workbench closed it, which can be before the extension host dropped the old document of
 * that name, so an untitled document could be an earlier step's.
 */
async function openFileEditor(content: string, name?: string): Promise<vscode.TextEditor> {
  if (!scratch) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-stream-bench-'));
    scratch = { dir, count: 0 };
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  // A given name goes into a folder of its own, so that the file is still never one opened before.
  const file = name ? path.join(scratch.dir, String(++scratch.count), name) : path.join(scratch.dir, `bench-${++scratch.count}.ts`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
}

/** A fresh untitled TypeScript editor with `content`, cursor at the end, active. */
async function openEditor(content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'typescript', content });
  const editor = await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
  const end = document.positionAt(content.length);
  editor.selection = new vscode.Selection(end, end);
  return editor;
}

// ---------------------------------------------------------------------------------------------
// Steps

/** The extension host's own timeline marks (vs/base/common/performance: Date.now(), 1 ms resolution). */
interface HostMark {
  readonly name: string;
  readonly startTime: number;
}

function hostMarks(): readonly HostMark[] {
  const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): HostMark[] } }).MonacoPerformanceMarks;
  return marks?.getMarks() ?? [];
}

/** The host's marks of one extension's activation, in ms after `since` (a Date.now() time). */
function activationTimeline(id: string, since: number): Record<string, number> {
  const timeline: Record<string, number> = {};
  for (const m of hostMarks()) {
    const what = /^code\/extHost\/(\w+)\/(.+)$/.exec(m.name);
    if (what && what[2] === id) timeline[what[1]] = m.startTime - since;
  }
  return timeline;
}

function span(timeline: Record<string, number>, from: string, to: string): number | undefined {
  return timeline[from] !== undefined && timeline[to] !== undefined ? timeline[to] - timeline[from] : undefined;
}

/** Extension.activate() timed from here, end to end, when the extension is not active yet. */
async function activateTimed(extension: vscode.Extension<unknown>): Promise<number | undefined> {
  if (extension.isActive) return undefined;
  const t0 = performance.now();
  await extension.activate();
  return performance.now() - t0;
}

/**
 * require() of a fresh copy of `bundle` under another path: nothing of it is cached (module cache, V8's
 * compilation cache keys on the script's name), so this is a cold load in a warm host.
 */
function coldCopyRequireMs(bundle: string): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-stream-bench-copy-'));
  const copy = path.join(dir, 'extension.js');
  fs.copyFileSync(bundle, copy);
  try {
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(copy);
    return performance.now() - t0;
  } finally {
    delete require.cache[copy];
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What the host spends on the extension before its first command can run: loading the bundle (require)
 * and calling activate(). The host loads the bundle itself inside Extension.activate() (nothing of it is
 * required before), and its own marks time that load; activate() reports its own time. Beside them: the
 * whole Extension.activate() (plus the host's bookkeeping: the extension context, its storage), the same
 * for an empty extension (the platform's share), and a cold require() of a copy of the bundle.
 */
async function activation(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const bundle = path.join(extension.extensionPath, 'dist', 'extension.js');
  const stepStartedAt = Date.now();
  const notes: string[] = [];
  const activatedBeforeStep = extension.isActive || require.cache[bundle] !== undefined;
  if (activatedBeforeStep) {
    const early = activationTimeline(EXTENSION_ID, stepStartedAt).willLoadExtensionCode;
    notes.push(
      `the host had loaded the extension before this step${early !== undefined ? ` (${-early} ms earlier)` : ''}: ` +
        'its Extension.activate() is not timed from here; require() is the host\'s own mark, or else the cold copy\'s',
    );
  }
  const hostActivateMs = await activateTimed(extension);
  // willLoadExtensionCode -> didLoadExtensionCode: the host's require(); willActivateExtension -> didActivateExtension: its activate() call.
  const timeline = activationTimeline(EXTENSION_ID, stepStartedAt);
  const activateSelfMs = (extension.exports as { activationTiming?: { activateMs?: number } } | undefined)?.activationTiming?.activateMs;
  const activateCallMs = span(timeline, 'willActivateExtension', 'didActivateExtension') ?? activateSelfMs;
  const empty = config.emptyExtensionId ? vscode.extensions.getExtension(config.emptyExtensionId) : undefined;
  const emptyStartedAt = Date.now();
  const emptyHostActivateMs = empty ? await activateTimed(empty) : undefined;
  if (!empty) notes.push('no empty extension installed: the platform share of Extension.activate() is not measured');
  const copyMs = coldCopyRequireMs(bundle);
  const hostLoadMs = span(timeline, 'willLoadExtensionCode', 'didLoadExtensionCode');
  const loadMs = hostLoadMs ?? copyMs;
  if (hostLoadMs === undefined) notes.push("require(): the host left no load marks; the cold copy's time is used");
  results.activation = {
    values: activateCallMs === undefined ? [] : [loadMs + activateCallMs],
    activatedBeforeStep,
    loadMs,
    activateCallMs,
    activateSelfMs,
    hostActivateMs,
    emptyHostActivateMs,
    coldCopyRequireMs: copyMs,
    hostTimeline: timeline,
    emptyHostTimeline: config.emptyExtensionId ? activationTimeline(config.emptyExtensionId, emptyStartedAt) : undefined,
    notes: [
      'the figure: require() of dist/extension.js + the activate() call, both as the host did them (its willLoadExtensionCode -> didLoadExtensionCode and willActivateExtension -> didActivateExtension marks, 1 ms resolution)',
      'activateSelfMs: activate() as the extension times its own body',
      ...notes,
    ],
  };
}

/** This process's shared clock minus the server's: the minimum-RTT sample of 60 (node:http, kept-alive socket). */
let hostMinusServer = 0;
async function clockOffset(): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (): Promise<number> =>
    new Promise((resolve, reject) => {
      http
        .get(`${config.serverUrl}/bench/now`, { agent }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d));
          res.on('end', () => resolve((JSON.parse(body) as { now: number }).now));
        })
        .on('error', reject);
    });
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 60; i++) {
    const t0 = preciseNow();
    const now = await get();
    const t1 = preciseNow();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: (t0 + t1) / 2 - now };
  }
  agent.destroy();
  hostMinusServer = best.offset;
  results.clock = { hostMinusServerMs: best.offset, rttMs: best.rtt, note: 'host times are corrected by this offset before they are compared with server times' };
}

/** A host timestamp on the server's clock. */
function onServerClock(hostTime: number): number {
  return hostTime - hostMinusServer;
}

async function configure(): Promise<void> {
  const settings = vscode.workspace.getConfiguration('tokenStream');
  const values: Record<string, unknown> = {
    provider: 'openai',
    baseUrl: `${config.serverUrl}/v1`,
    model: MODEL,
    maxRetries: 0,
    showProgressNotification: false,
    onCancel: 'keep',
    idleTimeoutSeconds: 120,
  };
  for (const [key, value] of Object.entries(values)) await settings.update(key, value, vscode.ConfigurationTarget.Global);
  // Warm up both paths once (connection, JIT, lazy modules), outside every figure.
  await bareLoop(scenario('code', 200, 0));
  // The TypeScript extension activates (and starts tsserver) on the first TypeScript document: let that
  // happen here, not inside a figure.
  await openEditor('export const warm = 1;\n');
  await sleep(config.smoke ? 2000 : 5000);
  await closeAllEditors();
  await editorRun('tokenStream.generate', scenario('code', 200, 0));
  await closeAllEditors();
}

/**
 * The platform's floor for any extension that streams into an editor: one TextEditor.edit of one
 * character -> its onDidChangeTextDocument in this extension host (a round trip through the workbench).
 */
async function editRoundTrip(): Promise<void> {
  const editor = await openEditor('');
  await sleep(500);
  const floor = await repeat(Math.max(5, config.reps * 2), async () => {
    await sleep(100);
    const seen = new Promise<number>((resolve) => {
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== editor.document) return;
        sub.dispose();
        resolve(performance.now());
      });
    });
    const t0 = performance.now();
    await editor.edit((b) => b.insert(editor.document.positionAt(editor.document.getText().length), 'x'), { undoStopBefore: false, undoStopAfter: false });
    return (await seen) - t0;
  });
  await closeAllEditors();
  record('editRoundTripMs', { ...floor, notes: ['TextEditor.edit of one character -> onDidChangeTextDocument, idle editor (platform floor, not ours)'] });
}

async function editorFirstToken(): Promise<void> {
  const ours: number[] = [];
  const bare: number[] = [];
  const floor: number[] = [];
  const endToEnd: number[] = [];
  const endToEndFloor: number[] = [];
  const added = await repeat(config.reps, async () => {
    const b = await bareLoop(scenario('code', 300, 200, 50));
    const o = await editorRun('tokenStream.generate', scenario('code', 300, 200, 50));
    await closeAllEditors();
    const d = await directWriterRun(scenario('code', 300, 200, 50));
    await closeAllEditors();
    const bareMs = afterFirstByte(b, b.firstContentAt);
    const oursMs = afterFirstByte(o, o.firstCharAt);
    bare.push(bareMs);
    ours.push(oursMs);
    floor.push(afterFirstByte(d, d.firstCharAt));
    endToEnd.push(o.firstCharAt - o.startedAt);
    endToEndFloor.push(d.firstCharAt - d.startedAt);
    return oursMs - bareMs;
  });
  record('editorFirstTokenAdded', added);
  record('editorFirstTokenOurs', { values: ours });
  record('editorFirstTokenBare', { values: bare });
  record('editorCommandToFirstChar', { values: endToEnd, notes: ['the command run -> its first character in the document (includes opening the editor and the server\'s 50 ms think time)'] });
  record('editorCommandToFirstCharFloor', { values: endToEndFloor, notes: ['the direct writer: before opening its editor -> its first character'] });
  record('editorFirstTokenFloor', { values: floor, notes: ['the direct writer (bare SDK loop + TextEditor.edit, one in flight) into a new editor beside: the platform floor'] });
}

async function editorBurst(): Promise<void> {
  const chars = Math.round(config.editorBurstTokens * (61_000 / 20_000));
  const ours: number[] = [];
  const bare: number[] = [];
  const edits: number[] = [];
  const cpuOurs: number[] = [];
  const cpuBare: number[] = [];
  const cpuRatio: number[] = [];
  const burstTimelines: unknown[] = [];
  const floorMs: number[] = [];
  const floorCpu: number[] = [];
  const floorEdits: number[] = [];
  const floorTimelines: unknown[] = [];
  const cpuCursor: number[] = [];
  const cpuCursorRatio: number[] = [];
  const throughput = await repeat(config.reps, async () => {
    const b = await bareLoop(scenario('code', chars, 0, 0, config.editorBurstTokens));
    // Generate at Cursor at the end of an empty TypeScript editor, on the same stream, beside the same bare loop.
    await openEditor('');
    const c = await editorRun('tokenStream.insertAtCursor', scenario('code', chars, 0, 0, config.editorBurstTokens));
    await closeAllEditors();
    if (c.chars < chars) throw new Error(`Generate at Cursor: only ${c.chars} of ${chars} characters arrived in the document`);
    cpuCursor.push(c.cpuMs);
    cpuCursorRatio.push(c.cpuMs / b.cpuMs);
    const profiling = config.profile && ours.length === 0 ? await startProfile() : undefined;
    const o = await editorRun('tokenStream.generate', scenario('code', chars, 0, 0, config.editorBurstTokens));
    if (profiling) results.editorHostProfile = await profiling();
    await closeAllEditors();
    const d = await directWriterRun(scenario('code', chars, 0, 0, config.editorBurstTokens));
    await closeAllEditors();
    floorMs.push(afterFirstByte(d, d.lastCharAt));
    floorTimelines.push(rel(d));
    floorCpu.push(d.cpuMs);
    floorEdits.push(d.edits);
    if (o.chars < chars) throw new Error(`only ${o.chars} of ${chars} characters arrived in the document`);
    const bareMs = afterFirstByte(b, b.lastContentAt);
    const oursMs = afterFirstByte(o, o.lastCharAt);
    burstTimelines.push(rel(o));
    bare.push(bareMs);
    ours.push(oursMs);
    edits.push(o.edits);
    cpuOurs.push(o.cpuMs);
    cpuBare.push(b.cpuMs);
    cpuRatio.push(o.cpuMs / b.cpuMs);
    return oursMs / bareMs;
  });
  record('editorBurstRatio', throughput);
  record('editorBurstOursMs', { values: ours });
  record('editorBurstBareMs', { values: bare });
  record('editorEdits', { values: edits });
  record('editorCpuRatio', { values: cpuRatio, ...(throughput.error ? { error: throughput.error } : {}) });
  record('editorCpuOursMs', { values: cpuOurs });
  record('editorCpuBareMs', { values: cpuBare });
  record('editorCursorCpuRatio', {
    values: cpuCursorRatio,
    ...(throughput.error ? { error: throughput.error } : {}),
    notes: ['tokenStream.insertAtCursor at the end of an empty untitled TypeScript editor: process.cpuUsage() around the command / around the bare SDK loop of the same repetition'],
  });
  record('editorCursorCpuMs', { values: cpuCursor });
  record('editorBurstTimelines', { values: [], notes: ['per run: [ms after the first content byte, characters inserted] for every edit'], runs: burstTimelines });
  record('editorBurstFloorMs', { values: floorMs, notes: ['the direct writer (platform floor): first content byte -> last character'] });
  record('editorCpuFloorMs', { values: floorCpu });
  record('editorFloorEdits', { values: floorEdits });
  record('editorBurstFloorTimelines', { values: [], notes: ['the direct writer, as editorBurstTimelines'], runs: floorTimelines });
}

/** Edits per second of a run, over its span from the first to the last edit. */
function editsPerSecond(run: EditorRun): number {
  const span = (run.lastCharAt - run.firstCharAt) / 1000;
  return run.edits > 1 && span > 0 ? (run.edits - 1) / span : 0;
}

/**
 * Edits per second on a stream paced like a fast model (1,000 tokens/s of 3 characters, for several
 * seconds), where the frame cap (one edit per 16 ms frame) is what limits the edits, unlike a burst, which
 * lands in a couple of edits. The direct writer (no cap, one edit in flight) runs the same stream: its rate
 * is what the platform's edit round trip alone allows.
 */
async function editorPaced(): Promise<void> {
  const tokens = config.editorPacedTokens;
  const paced = (): Scenario => scenario('code', tokens * 3, 1000, 0, tokens);
  const edits: number[] = [];
  const spans: number[] = [];
  const medianGaps: number[] = [];
  const floorRates: number[] = [];
  const floorEdits: number[] = [];
  const timelines: unknown[] = [];
  const rate = await repeat(config.reps, async () => {
    const o = await editorRun('tokenStream.generate', paced());
    await closeAllEditors();
    const d = await directWriterRun(paced());
    await closeAllEditors();
    if (o.chars < tokens * 3) throw new Error(`only ${o.chars} of ${tokens * 3} characters arrived in the document`);
    edits.push(o.edits);
    spans.push(o.lastCharAt - o.firstCharAt);
    const gaps = o.timeline.slice(1).map(([t], i) => t - o.timeline[i][0]).sort((a, b) => a - b);
    medianGaps.push(gaps[Math.floor(gaps.length / 2)] ?? NaN);
    floorRates.push(editsPerSecond(d));
    floorEdits.push(d.edits);
    timelines.push({ ours: rel(o), directWriter: rel(d) });
    return editsPerSecond(o);
  });
  record('editorPacedEditsPerSecond', { ...rate, notes: [`Generate on ${tokens} tokens of 3 characters at 1,000 tokens/s: (edits - 1) / (last edit - first edit), edits seen by onDidChangeTextDocument`] });
  record('editorPacedEdits', { values: edits });
  record('editorPacedSpanMs', { values: spans });
  record('editorPacedMedianGapMs', { values: medianGaps, notes: ['median time between two consecutive edits'] });
  record('editorPacedFloorEditsPerSecond', { values: floorRates, notes: ['the direct writer (no frame cap, one edit in flight) on the same stream'] });
  record('editorPacedFloorEdits', { values: floorEdits });
  record('editorPacedTimelines', { values: [], notes: ['per run: [ms after the first content byte, characters inserted] for every edit'], runs: timelines });
}

/** The same burst through Generate at Cursor, into a 20,000-line TypeScript file vs an empty one. */
async function largeFile(): Promise<void> {
  const chars = Math.round(config.editorBurstTokens * (61_000 / 20_000));
  const lines: string[] = [];
  for (let i = 0; i < config.largeFileLines; i++) {
    lines.push(i % 10 === 0 ? `export function f${i}(a: number): number {` : i % 10 === 9 ? '}' : `  const v${i} = a * ${i} + ${i % 7}; // line ${i}`);
  }
  const large = `${lines.join('\n')}\n`;
  const emptyMs: number[] = [];
  const largeMs: number[] = [];
  const largeTimelines: unknown[] = [];
  const floorPenalty: number[] = [];
  const penalty = await repeat(config.reps, async () => {
    await openEditor('');
    const e = await editorRun('tokenStream.insertAtCursor', scenario('code', chars, 0, 0, config.editorBurstTokens));
    await closeAllEditors();
    await openEditor(large);
    await sleep(200); // let the language features see the file first, as they would have
    const l = await editorRun('tokenStream.insertAtCursor', scenario('code', chars, 0, 0, config.editorBurstTokens));
    await closeAllEditors();
    const eMs = afterFirstByte(e, e.lastCharAt);
    const lMs = afterFirstByte(l, l.lastCharAt);
    largeTimelines.push({ empty: rel(e), large: rel(l) });
    emptyMs.push(eMs);
    largeMs.push(lMs);
    // The same pair for the direct writer: how much of the penalty the platform itself pays.
    const de = await directWriterRun(scenario('code', chars, 0, 0, config.editorBurstTokens), await openEditor(''));
    await closeAllEditors();
    const largeEditor = await openEditor(large);
    await sleep(200);
    const dl = await directWriterRun(scenario('code', chars, 0, 0, config.editorBurstTokens), largeEditor);
    await closeAllEditors();
    floorPenalty.push(afterFirstByte(dl, dl.lastCharAt) / afterFirstByte(de, de.lastCharAt));
    return lMs / eMs;
  });
  record('largeFilePenalty', { ...penalty, notes: ['tokenStream.insertAtCursor at the end of an untitled TypeScript document'] });
  record('largeFileEmptyMs', { values: emptyMs });
  record('largeFileLargeMs', { values: largeMs });
  record('largeFileTimelines', { values: [], runs: largeTimelines });
  record('largeFileFloorPenalty', { values: floorPenalty, notes: ['the direct writer appending to the same 20,000-line file vs an empty one'] });
}

/**
 * Which original lines of a document a run's edits touch. Every document line is tagged with its line
 * number in the original text (or as not original, once inserted); each change is checked against the
 * tags before it is applied to them. A change touches an original line when it deletes any of its
 * characters or its line break, or inserts into it; inserting whole lines at the start of a line (text
 * ending with a line break, at column 0) touches nothing.
 */
class OriginalLines {
  private tags: number[];
  /** Original lines touched, once each per change that touched them. */
  readonly touched: number[] = [];

  constructor(lineCount: number) {
    this.tags = Array.from({ length: lineCount }, (_, i) => i);
  }

  /** Applies one event's changes (their ranges are in the document before the event: applied from the last). */
  apply(changes: readonly vscode.TextDocumentContentChangeEvent[]): void {
    const ordered = [...changes].sort((x, y) => y.range.start.compareTo(x.range.start));
    for (const c of ordered) this.applyOne(c);
  }

  private applyOne({ range, text }: vscode.TextDocumentContentChangeEvent): void {
    const a = range.start.line;
    const b = range.end.line;
    const parts = text.split('\n');
    const hit = new Set<number>();
    if (!range.isEmpty) {
      for (let line = a; line <= b; line++) if (line < b || range.end.character > 0 || a === b) hit.add(line);
    } else if (range.start.character > 0 || !text.endsWith('\n')) {
      if (text !== '') hit.add(a);
    }
    for (const line of hit) if ((this.tags[line] ?? -1) >= 0) this.touched.push(this.tags[line]);
    // The lines a..b become parts.length lines. Whole lines inserted at column 0 are new, the line below keeps its tag.
    let replacement: number[];
    if (range.isEmpty && range.start.character === 0 && text.endsWith('\n')) replacement = [...parts.slice(0, -1).map(() => -1), this.tags[a] ?? -1];
    else if (range.start.character === 0 && range.end.character === 0 && text === '') replacement = [this.tags[b] ?? -1];
    else replacement = parts.map((_, i) => (i === 0 ? (this.tags[a] ?? -1) : i === parts.length - 1 ? (this.tags[b] ?? -1) : -1));
    this.tags.splice(a, b - a + 1, ...replacement);
  }
}

interface EditSelectionRun {
  cpuMs: number;
  edits: number;
  firstEditAt: number;
  lastEditAt: number;
  /** Original lines other than the changed one that an edit touched (one entry per touching change). */
  touchedUnchanged: number[];
  /** The command resolved (the stream ended and the final diff is in the document), host clock. */
  resolvedAt: number;
  hunks: number;
  server: ServerRecord;
}

/**
 * Edit Selection over the whole of editOriginal(lines) in a new TypeScript file's editor, the server
 * streaming editAnswer(lines): CPU around the command, the edits of the document, which original lines
 * they touched.
 */
async function editSelectionRun(s: Scenario, lines: number): Promise<EditSelectionRun> {
  const original = editOriginal(lines);
  const editor = await openFileEditor(original);
  const document = editor.document;
  const uri = document.uri.toString();
  const tags = new OriginalLines(document.lineCount);
  const times: number[] = [];
  const subscription = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document !== document || e.contentChanges.length === 0) return;
    times.push(preciseNow());
    tags.apply(e.contentChanges);
  });
  const last = document.lineAt(lines - 1);
  const range = { start: { line: 0, character: 0 }, end: { line: lines - 1, character: last.range.end.character } };
  let result: { hunks?: number; finishReason?: string; error?: { message?: string } } | undefined;
  let resolvedAt = 0;
  gc();
  const cpu = process.cpuUsage();
  try {
    result = await vscode.commands.executeCommand('tokenStream.editSelection', { prompt: promptFor(s), uri, range });
    resolvedAt = preciseNow();
  } finally {
    subscription.dispose();
  }
  const used = cpuMs(cpu);
  await closeAllEditors();
  if (!result) throw new Error('tokenStream.editSelection resolved with nothing (is it registered?)');
  if (result.error || result.finishReason !== 'stop') throw new Error(`tokenStream.editSelection: ${result.finishReason}: ${result.error?.message ?? ''}`);
  if (times.length === 0) throw new Error('Edit Selection changed nothing in the document');
  const changed = editChangedLine(lines);
  return {
    cpuMs: used,
    edits: times.length,
    firstEditAt: times[0],
    lastEditAt: times[times.length - 1],
    touchedUnchanged: tags.touched.filter((line) => line !== changed),
    resolvedAt,
    hunks: result.hunks ?? -1,
    server: await serverRecord(s.id),
  };
}

/**
 * Edit Selection on a 2,000-line selection whose rewrite changes one line near the end, at 1,000 tokens/s
 * and as a burst; beside each, Generate at Cursor of the same stream into an empty editor (CPU).
 */
async function editSelection(): Promise<void> {
  const lines = config.editLines;
  const chars = editAnswer(lines).length;
  const ask = (tps: number): Scenario => scenario('edit', chars, tps, 0, tokensFor(chars), { editLines: lines });
  const perPace = { paced: 1000, burst: 0 } as const;
  const samples: Record<string, number[]> = {};
  const push = (key: string, value: number): void => void (samples[key] ??= []).push(value);
  const done = await repeat(config.reps, async () => {
    for (const [pace, tps] of Object.entries(perPace)) {
      // --profile: where the extension host's time goes in the first burst of each command.
      const profiling = config.profile && pace === 'burst' && !samples.burstCpuMs;
      // The same kind of document as Edit Selection's: a new TypeScript file (an untitled editor skips the
      // work other extensions do for files, which Edit Selection's file pays).
      await openFileEditor('');
      const cursorProfile = profiling ? await startProfile() : undefined;
      const cursor = await editorRun('tokenStream.insertAtCursor', ask(tps));
      if (cursorProfile) results.editSelectionCursorProfile = await cursorProfile();
      await closeAllEditors();
      const editProfile = profiling ? await startProfile() : undefined;
      const edit = await editSelectionRun(ask(tps), lines);
      if (editProfile) results.editSelectionProfile = await editProfile();
      if (edit.hunks !== 1) throw new Error(`Edit Selection shows ${edit.hunks} changes, not 1`);
      push(`${pace}CpuRatio`, edit.cpuMs / cursor.cpuMs);
      push(`${pace}CpuMs`, edit.cpuMs);
      push(`${pace}CursorCpuMs`, cursor.cpuMs);
      push(`${pace}Touched`, edit.touchedUnchanged.length);
      push(`${pace}Edits`, edit.edits);
      const span = (edit.lastEditAt - edit.firstEditAt) / 1000;
      push(`${pace}EditsPerSecond`, edit.edits > 1 && span > 0 ? (edit.edits - 1) / span : 0);
      push(`${pace}FinalMs`, onServerClock(edit.resolvedAt) - edit.server.lastByteAt!);
      push(`${pace}LastEditMs`, onServerClock(edit.lastEditAt) - edit.server.lastByteAt!);
      // The same measure for Generate at Cursor of the same stream: how far behind the server's last byte
      // the stream itself reaches a document (the SDK reading what the socket holds, then one edit).
      push(`${pace}CursorLastMs`, onServerClock(cursor.lastCharAt) - cursor.server.lastByteAt!);
    }
    return 0;
  });
  const failed = done.error ? { error: done.error } : {};
  for (const [key, values] of Object.entries(samples)) record(`editSelection${key[0].toUpperCase()}${key.slice(1)}`, { values, ...failed });
  for (const pace of Object.keys(perPace)) {
    for (const key of ['CpuRatio', 'Touched', 'EditsPerSecond', 'FinalMs']) {
      const name = `editSelection${pace[0].toUpperCase()}${pace.slice(1)}${key}`;
      if (!results[name]) record(name, { values: [], error: done.error ?? 'not measured' });
    }
  }
  results.editSelectionNotes = {
    values: [],
    notes: [
      `a ${lines}-line selection (a TypeScript file) whose rewrite changes line ${editChangedLine(lines) + 1}; paced: 1,000 tokens/s; burst: as fast as the socket drains`,
      'CpuRatio: process.cpuUsage() around tokenStream.editSelection / around tokenStream.insertAtCursor of the same stream into an empty editor',
      'Touched: changes of the document (onDidChangeTextDocument) that deleted from, or inserted into, an original line other than the changed one',
      "FinalMs: the server's last byte -> the command resolved (the final diff is in the document); LastEditMs: -> the document's last change; CursorLastMs: Generate at Cursor of the same stream, the server's last byte -> its last character in the document",
    ],
  };
}

/** What the runner saw of one click on a code block's Apply (see clickApply in bench/runner.ts). */
interface ApplyClick {
  /** Pointer down on Apply (webview) -> the first changed line drawn with the added-line colour (workbench), ms. */
  diffMs?: number;
  /** The pointer down, on the server's clock. */
  downAtServerMs?: number;
  role?: string;
  /** The note under the block once Apply is done. */
  note?: string;
  error?: string;
}

/**
 * Apply: a 5-line change to a 1,000-line file, given by a chat answer as a unified diff (tier 1), as the
 * changed function (tier 2) and as the changed lines alone (tier 3, the model merges them). The runner
 * clicks the block's Apply button in the chat webview and times the pointer going down to the change drawn
 * in the editor with its added-line colour; the host checks the review (its note, the document's edits,
 * Accept All gives the expected file, Reject All the original) and, for tier 3, what the request asked of
 * the model (the server's record of the answer).
 */
async function applyCodeBlock(): Promise<void> {
  await openChatView();
  const lines = APPLY_FILE_LINES;
  const original = applyOriginal(lines);
  const expected = applyExpected(lines);
  const fn = applyFunctionLine(lines);
  const shapes: readonly ApplyShape[] = ['exact', 'anchored', 'model'];
  const samples: Record<string, number[]> = {};
  const push = (key: string, value: number): void => void (samples[key] ??= []).push(value);
  const once = async (shape: ApplyShape, accept: boolean, measured = true): Promise<void> => {
    await closeAllEditors();
    const editor = await openFileEditor(original, 'apply-bench.ts');
    const document = editor.document;
    // The user looks at the function the answer changes.
    editor.revealRange(new vscode.Range(fn, 0, fn + 6, 0), vscode.TextEditorRevealType.InCenter);
    const tags = new OriginalLines(document.lineCount);
    let edits = 0;
    let firstEditAt: number | undefined;
    const subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== document || e.contentChanges.length === 0) return;
      edits += 1;
      firstEditAt ??= preciseNow();
      tags.apply(e.contentChanges);
    });
    try {
      await vscode.commands.executeCommand('tokenStream.chat.newChat');
      const text = applyAnswer(lines, shape);
      const s = scenario('apply', text.length, 0, 0, tokensFor(text.length), { editLines: lines, applyShape: shape });
      const answer = await vscode.commands.executeCommand<ChatRun['result']>('tokenStream.chat.send', { prompt: promptFor(s) });
      if (answer?.finishReason !== 'stop' || !answer.messageId) throw new Error(`the chat answer ended with ${answer?.finishReason} (${answer?.error?.message ?? 'no error'})`);
      if (vscode.window.activeTextEditor?.document !== document) throw new Error('the file to apply to is not the active editor');
      await mail('host', { type: 'click-apply', messageId: answer.messageId, marker: `step ${fn + 1}, applied` });
      const click = await receive<ApplyClick>('runner', 'apply-clicked', 120_000);
      if (click.error || click.diffMs === undefined) throw new Error(`Apply: ${click.error ?? 'no time'}`);
      if (click.role !== 'code-apply') throw new Error(`the pointer went down on '${click.role}', not on Apply`);
      const notes: Record<ApplyShape, RegExp> = {
        exact: /^Applied without a model in \d+ ms: 1 change to review in apply-bench\.ts\.$/,
        anchored: /^Applied without a model in \d+ ms: 1 change to review in apply-bench\.ts\.$/,
        model: /^Applied by the model: 1 change to review in apply-bench\.ts\.$/,
      };
      if (!notes[shape].test(click.note ?? '')) throw new Error(`the note under the block reads "${click.note}"`);
      if (measured) {
        push(`${shape}DiffMs`, click.diffMs);
        // Where the time goes: the click -> the document's first change seen by the extension host (the
        // edit's round trip to the workbench included), and the note's own "in N ms" (tiers 1-2).
        if (firstEditAt !== undefined && click.downAtServerMs !== undefined) push(`${shape}ClickToEditMs`, onServerClock(firstEditAt) - click.downAtServerMs);
        const inMs = /in (\d+) ms/.exec(click.note ?? '')?.[1];
        if (inMs !== undefined) push(`${shape}NoteMs`, Number(inMs));
        push(`${shape}Edits`, edits);
        // Lines outside the function's five statements that an edit deleted from or inserted into.
        push(`${shape}Touched`, tags.touched.filter((line) => line < fn + 1 || line > fn + 5).length);
        if (shape === 'model') {
          const merge = await serverRecord(mergeId(s.id));
          const changedTokens = tokensFor(applyChangedText(lines).length);
          push('modelOutputTokens', tokensFor(merge.contentChars));
          push('modelChangedTokens', changedTokens);
          push('modelOutputRatio', tokensFor(merge.contentChars) / changedTokens);
          push('modelWholeFileTokens', tokensFor(expected.length));
          push('modelRequestChars', merge.requestChars ?? NaN);
        }
      }
      log(`apply ${shape}${measured ? '' : ' (warm-up)'}: ${click.diffMs.toFixed(1)} ms to the diff on screen; note: ${click.note}`);
      const pending = await vscode.commands.executeCommand<number>(accept ? 'tokenStream.acceptEdits' : 'tokenStream.rejectEdits', { uri: document.uri.toString() });
      if (pending !== 0) throw new Error(`${pending} changes still pending after ${accept ? 'Accept' : 'Reject'} All`);
      const want = accept ? expected : original;
      if (document.getText() !== want) throw new Error(`after ${accept ? 'Accept' : 'Reject'} All the file is not the ${accept ? 'expected one' : 'original'}`);
    } finally {
      subscription.dispose();
    }
  };
  // Warm-up of each tier's path, outside the figure.
  for (const shape of shapes) await once(shape, false, false);
  const done = await repeat(config.reps, async (i) => {
    for (const shape of shapes) await once(shape, i % 2 === 0);
    return 0;
  });
  await closeAllEditors();
  const failed = done.error ? { error: done.error } : {};
  for (const [key, values] of Object.entries(samples)) record(`apply${key[0].toUpperCase()}${key.slice(1)}`, { values, ...failed });
  for (const name of ['applyExactDiffMs', 'applyAnchoredDiffMs', 'applyModelDiffMs', 'applyModelOutputRatio']) {
    if (!results[name]) record(name, { values: [], error: done.error ?? 'not measured' });
  }
  results.applyNotes = {
    values: [],
    notes: [
      `a ${lines}-line TypeScript file; the chat answer changes the five statements of compute${fn} (lines ${fn + 2}-${fn + 6}); the editor shows them`,
      "DiffMs: the pointer going down on the block's Apply button (the webview's event timeStamp) -> the first changed line drawn in the editor with the added-line colour (a MutationObserver in the workbench page), both on the runner's clock",
      'exact: the block is a unified diff; anchored: the changed function; model: the changed lines alone, merged by the model',
      'Touched: document changes that deleted from or inserted into a line outside the five changed ones',
      "model: the bench server answers the merge request as its rules ask (the changed lines and one unchanged line on each side, one SEARCH/REPLACE block); OutputRatio: that answer's tokens / the tokens of the five new lines; WholeFileTokens: a rewrite of the whole file, as peers ask for",
    ],
  };
}

async function cancelLatency(): Promise<void> {
  const bare: number[] = [];
  const ours = await repeat(config.reps, async () => {
    let abortAt = 0;
    const b = await bareLoop(scenario('code', 3000, 100, 20), {
      abortAfterFirst: (controller) => {
        setTimeout(() => {
          abortAt = preciseNow();
          controller.abort();
        }, 30);
      },
    });
    if (!b.server.closedByClient) throw new Error('the bare loop did not close the socket before the end');
    bare.push(b.server.closedAt! - onServerClock(abortAt));

    let cancelAt = 0;
    let cancelled: Thenable<unknown> | undefined;
    const o = await editorRun('tokenStream.generate', scenario('code', 3000, 100, 20), () => {
      setTimeout(() => {
        cancelAt = preciseNow();
        cancelled = vscode.commands.executeCommand('tokenStream.cancel');
      }, 30);
    });
    await cancelled;
    await closeAllEditors();
    if (o.result?.finishReason !== 'cancelled') throw new Error(`generation ended with ${o.result?.finishReason}, not cancelled`);
    if (!o.server.closedByClient) throw new Error('the server saw the response end, not a closed socket');
    return o.server.closedAt! - onServerClock(cancelAt);
  });
  record('cancelLatency', { ...ours, notes: ['tokenStream.cancel (GenerationRegistry -> CancellationTokenSource.cancel()) -> the server sees the socket close'] });
  record('cancelLatencyBare', { values: bare, notes: ['AbortController.abort() on the bare SDK request -> socket close'] });

  // The user's path: Escape pressed in the workbench (Playwright) while Generate streams into the editor.
  // The stream lasts 30 s, so that it still runs when the key arrives on a loaded machine.
  await mail('host', { type: 'arm-escape' });
  const armed = await receive<{ error?: string }>('runner', 'escape-armed', 30_000);
  if (armed.error) {
    record('cancelEscape', { values: [], error: `the workbench could not be readied for Escape: ${armed.error}` });
    return;
  }
  const focus: string[] = [];
  const dispatch: number[] = [];
  const escape = await repeat(config.reps, async () => {
    let pressed: Promise<{ atServerMs?: number; dispatchMs?: number; inEditor?: boolean; target?: string; error?: string }> | undefined;
    const o = await editorRun('tokenStream.generate', scenario('code', 9000, 100, 20), () => {
      pressed = mail('host', { type: 'press-escape' }).then(() => receive('runner', 'escape-pressed', 30_000));
    });
    const key = await pressed;
    await closeAllEditors();
    if (!key || key.error || key.atServerMs === undefined) throw new Error(`Escape was not pressed: ${key?.error ?? 'no first character'}`);
    focus.push(key.inEditor ? 'editor' : `not the editor: ${key.target}`);
    dispatch.push(key.dispatchMs ?? NaN);
    if (o.result?.finishReason !== 'cancelled') throw new Error(`generation ended with ${o.result?.finishReason}, not cancelled (focus: ${key.target})`);
    if (!o.server.closedByClient) throw new Error('the server saw the response end, not a closed socket');
    return o.server.closedAt! - key.atServerMs;
  });
  record('cancelEscape', {
    ...escape,
    focus,
    dispatchMs: dispatch,
    notes: [
      "Escape key down in the workbench (the event's timeStamp) -> the server sees the socket close",
      'focus: where the key went; dispatchMs: from the key event\'s creation to the page\'s listener (part of the figure)',
    ],
  });
}

async function memory(): Promise<void> {
  const chars = Math.round(config.memoryTokens * (61_000 / 20_000));
  const withDoc: number[] = [];
  const afterClose = await repeat(Math.min(config.reps, 5), async () => {
    await closeAllEditors();
    await sleep(200);
    gc();
    const before = process.memoryUsage().heapUsed;
    await editorRun('tokenStream.generate', scenario('code', chars, 0, 0, config.memoryTokens));
    await sleep(200);
    gc();
    withDoc.push((process.memoryUsage().heapUsed - before) / 2 ** 20);
    await closeAllEditors();
    await sleep(500);
    gc();
    return (process.memoryUsage().heapUsed - before) / 2 ** 20;
  });
  record('memoryWithDocumentMB', { values: withDoc, notes: [`heap after a ${config.memoryTokens}-token generation and GC, document still open, minus before`] });
  record('memoryAfterCloseMB', { ...afterClose, notes: ['the same after closing the generated document'] });
}

// ---------------------------------------------------------------------------------------------
// Chat: the host runs the commands, the runner watches the webview (Playwright)

interface WebviewRun {
  firstTextAt?: number;
  doneAt?: number;
  lastMutationAt?: number;
  scriptMs: number;
  rafMs: number;
  messageMs: number;
  idleMs: number;
  longestFrameMs: number;
  longestTaskMs: number;
  longestOwnTaskMs: number;
  longTasks: number;
  chunks: number;
  chunkChars: number;
  reasoningChars: number;
  renderedReasoningChars: number;
  frames: number;
  renderedChars: number;
  /** The renderer's counters over the run (from the runner: DevTools Performance domain). */
  renderer?: RendererTime;
  error?: string;
}

interface ChatRun {
  web: WebviewRun;
  cpuMs: number;
  server: ServerRecord;
  result: { text?: string; reasoning?: string; finishReason?: string; messageId?: string; error?: { message?: string } } | undefined;
}

/**
 * Asks `s` in a new chat while the runner watches the webview. `during` runs once the request is sent, beside
 * the answer (the Stop figure clicks Stop from there); a stopped answer is expected then, an error never.
 */
async function chatRun(s: Scenario, during?: () => Promise<void>): Promise<ChatRun> {
  await vscode.commands.executeCommand('tokenStream.chat.newChat');
  await sleep(300);
  await mail('host', { type: 'chat-begin', runId: s.id });
  await receive('runner', 'chat-begun', 30_000);
  gc();
  const cpu = process.cpuUsage();
  const sending = vscode.commands.executeCommand<ChatRun['result']>('tokenStream.chat.send', { prompt: promptFor(s) });
  const beside = during?.();
  const result = await sending;
  const used = cpuMs(cpu);
  const besideError = await beside?.then(() => undefined, (err: unknown) => (err instanceof Error ? err : new Error(String(err))));
  await mail('host', { type: 'chat-end', runId: s.id, ...(during ? { timeoutMs: 5000 } : {}) });
  const { web } = await receive<{ web: WebviewRun }>('runner', 'chat-ended', 60_000);
  if (besideError) throw besideError;
  if (!result) throw new Error('tokenStream.chat.send resolved with nothing');
  if (result.error) throw new Error(`chat: ${result.finishReason}: ${result.error.message}`);
  if (web.error) throw new Error(`webview: ${web.error}`);
  return { web, cpuMs: used, server: await serverRecord(s.id), result };
}

/** Opens the chat view and has the runner put its probe into the webview; the webview's clock minus the server's. */
let webviewMinusServer: number | undefined;
async function openChatView(): Promise<number> {
  if (webviewMinusServer !== undefined) return webviewMinusServer;
  await vscode.commands.executeCommand('tokenStream.chatView.focus');
  await mail('host', { type: 'chat-view-open' });
  const ready = await receive<{ webviewMinusServerMs?: number; rendererIdle?: RendererTime; outOfProcessFrames?: number; error?: string }>(
    'runner',
    'probe-ready',
    90_000,
  );
  if (ready.error) throw new Error(`webview: ${ready.error}`);
  results.chatRendererIdle = {
    ...ready.rendererIdle,
    outOfProcessFrames: ready.outOfProcessFrames,
    note: "the renderer's counters over 2 s with no answer streaming (the background in every chat run's renderer time)",
  };
  webviewMinusServer = ready.webviewMinusServerMs ?? 0;
  results.webviewClock = { webviewMinusServerMs: ready.webviewMinusServerMs, note: 'webview times are corrected by this offset (runner-measured, +-RTT/2)' };
  return webviewMinusServer;
}

async function chat(): Promise<void> {
  const webviewMinusServer = await openChatView();

  // Warm-up, outside every figure.
  await chatRun(scenario('markdown', 2000, 0));

  // First text.
  const firstText = await repeat(config.reps, async () => {
    const r = await chatRun(scenario('markdown', 400, 200, 50));
    if (r.web.firstTextAt === undefined) throw new Error('no text seen in the webview');
    return r.web.firstTextAt - webviewMinusServer - r.server.firstContentAt!;
  });
  record('chatFirstText', { ...firstText, notes: ['server writes the first content byte -> MutationObserver sees text in the message body (webview frame clock)'] });

  // Keep pace with a 100,000-character answer at ~1,000 tokens/s; the same runs give script time, frames and CPU.
  const large: ChatRun[] = [];
  const keepPace = await repeat(config.reps, async () => {
    const profiling = config.profile && large.length === 0 ? await startProfile() : undefined;
    const r = await chatRun(scenario('markdown', config.chatLargeChars, config.chatTps));
    if (profiling) results.chatHostProfile = await profiling();
    large.push(r);
    const s = r.server;
    return (r.web.doneAt! - webviewMinusServer - s.firstContentAt!) / (s.lastByteAt! - s.firstContentAt!);
  });
  record('chatKeepPace', keepPace);
  recordScaling('Full', large, keepPace.error);
  record('chatLargeDetail', { values: [], runs: large.map((r) => ({ ...r.web, cpuMs: r.cpuMs, serverMs: r.server.lastByteAt! - r.server.firstContentAt!, renderMs: r.web.doneAt! - r.server.firstContentAt! })) });
  record('chatLongestFrame', {
    values: large.map((r) => r.web.longestFrameMs),
    longestTask: large.map((r) => r.web.longestTaskMs),
    longestOwnTask: large.map((r) => r.web.longestOwnTaskMs),
  });
  record('chatCpuOursMs', { values: large.map((r) => r.cpuMs) });

  // Render scaling: the same stream at half and a quarter of the size (the full size's runs are above).
  for (const [size, chars] of [['Half', config.chatSmallChars], ['Quarter', config.chatQuarterChars]] as const) {
    const runs: ChatRun[] = [];
    const done = await repeat(config.reps, async () => {
      runs.push(await chatRun(scenario('markdown', chars, config.chatTps)));
      return runs.length;
    });
    recordScaling(size, runs, done.error);
  }
  results.chatSizes = { full: config.chatLargeChars, half: config.chatSmallChars, quarter: config.chatQuarterChars };

  // The bare SDK loop over the same 100,000-character stream, for the chat CPU ratio.
  const bareCpu = await repeat(config.reps, async () => (await bareLoop(scenario('markdown', config.chatLargeChars, config.chatTps))).cpuMs);
  record('chatCpuBareMs', bareCpu);

  // Burst: 20,000 tokens (61,000 characters) as fast as the socket allows.
  const burstChars = Math.round(config.chatBurstTokens * (61_000 / 20_000));
  const burst = await repeat(config.reps, async () => {
    const r = await chatRun(scenario('markdown', burstChars, 0, 0, config.chatBurstTokens));
    return r.web.doneAt! - webviewMinusServer - r.server.firstContentAt!;
  });
  record('chatBurstMs', burst);

  // Ours vs re-rendering the whole message each frame, replaying the chunks of the last large run in the webview.
  const replay = await repeat(config.reps, async () => {
    await mail('host', { type: 'replay', capMs: config.fullRenderCapMs });
    const r = await receive<{ oursMs: number; fullMs: number; capped: boolean; frames: number; error?: string }>('runner', 'replayed', config.fullRenderCapMs + 120_000);
    if (r.error) throw new Error(r.error);
    (results.chatReplayRuns ??= [] as unknown[]);
    (results.chatReplayRuns as unknown[]).push(r);
    return r.fullMs / r.oursMs;
  });
  record('chatVsFullRender', replay);
}

/**
 * What one answer size costs the webview's renderer: its main thread's CPU and task time (everything the
 * chat does per answer: script, style, layout, paint, persistence, relaying by the workbench) and, as
 * before, the chat's own wrapped callbacks.
 */
function recordScaling(size: 'Full' | 'Half' | 'Quarter', runs: readonly ChatRun[], error?: string): void {
  const failed = error ? { error } : {};
  const renderer = runs.map((r) => r.web.renderer);
  if (runs.length > 0 && renderer.some((t) => t === undefined)) {
    record(`chatRendererCpu${size}`, { values: [], error: 'the runner reported no renderer time' });
  } else {
    record(`chatRendererCpu${size}`, { values: renderer.map((t) => t!.threadCpuMs), ...failed });
    record(`chatRendererTask${size}`, { values: renderer.map((t) => t!.taskMs), detail: renderer, ...failed });
  }
  record(`chatScript${size}`, { values: runs.map((r) => r.web.scriptMs), ...failed });
}

/**
 * A reasoning model's answer keeps pace like a plain one: the same 100,000 characters at the same pace, the
 * first half reasoning (`delta.reasoning_content`, into the Thinking block), the second half the answer.
 * Judged like the answers: from the first byte (reasoning) to the answer's done mark in the webview, over
 * the server's time from its first byte to its last.
 */
async function chatReasoning(): Promise<void> {
  const webviewMinusServer = await openChatView();
  const reasoningChars = Math.round(config.chatLargeChars / 2);
  const answerChars = config.chatLargeChars - reasoningChars;
  await chatRun(scenario('markdown', 2000, 0, 0, tokensFor(2000), { reasoningChars: 2000 })); // warm-up, outside the figure
  const runs: unknown[] = [];
  const pace = await repeat(config.reps, async () => {
    const s = scenario('markdown', answerChars, config.chatTps, 0, tokensFor(answerChars), { reasoningChars });
    const r = await chatRun(s);
    // The reasoning went to the Thinking block, whole, and nowhere else.
    if (r.result?.reasoning?.length !== reasoningChars) throw new Error(`the answer's reasoning has ${r.result?.reasoning?.length ?? 0} of ${reasoningChars} characters`);
    if (r.web.reasoningChars !== reasoningChars) throw new Error(`the Thinking block was sent ${r.web.reasoningChars} of ${reasoningChars} characters`);
    if (r.web.chunkChars !== answerChars) throw new Error(`the answer was sent ${r.web.chunkChars} of ${answerChars} characters`);
    if (r.web.renderedReasoningChars === 0) throw new Error('the Thinking block shows nothing');
    const server = r.server;
    runs.push({ ...r.web, cpuMs: r.cpuMs, serverMs: server.lastByteAt! - server.firstContentAt!, renderMs: r.web.doneAt! - webviewMinusServer - server.firstContentAt! });
    return (r.web.doneAt! - webviewMinusServer - server.firstContentAt!) / (server.lastByteAt! - server.firstContentAt!);
  });
  record('chatReasoningKeepPace', {
    ...pace,
    runs,
    notes: [
      `${reasoningChars} characters of reasoning then ${answerChars} of answer at ${config.chatTps} tokens/s: ` +
        "(the answer's done mark in the webview - the server's first byte) / (the server's last byte - its first byte)",
    ],
  });
}

/** What the runner saw of one click in the chat (webview frame clock). */
interface ChatClick {
  /** The pointer went down (the event's own timeStamp). */
  downAt?: number;
  /** The data-role of the element it went down on. */
  role?: string;
  messageId?: string;
  /** The first text of the answer (fresh: token-stream:first-chunk; continued: token-stream:first-continued-chunk). */
  firstTextAt?: number;
  /** The Continue button's own mark (token-stream:continue:<id>), when a Continue was clicked. */
  continueMarkAt?: number;
  error?: string;
}

/**
 * Continue a cut answer in the chat, as the user does: the runner clicks the message's Continue button
 * (Playwright), and the figure is the pointer going down -> the first continued text in the message (the
 * webview's `token-stream:first-continued-chunk` mark), against the same for a fresh question: the runner
 * types it into the chat's input and clicks Send, pointer down -> the answer's first text
 * (`token-stream:first-chunk`). Both requests get the same 50 ms of server think time; both figures are
 * on the webview's clock alone. The answer is cut by the server's token limit (`finish_reason: length`)
 * and continued exactly (the bench server accepts vLLM's continue_final_message, the first mode probed).
 */
async function chatContinue(): Promise<void> {
  const webviewMinusServer = await openChatView();
  const chars = 1500;
  const ask = (cut?: number): Scenario => scenario('markdown', chars, 300, 50, tokensFor(chars), cut === undefined ? {} : { cutAfterTokens: cut });
  const cutAt = Math.round(tokensFor(chars) / 2);
  const fresh: number[] = [];
  const marks: number[] = [];
  const continued: number[] = [];
  // Where the time goes: the click -> the request at the server, for both.
  const freshToServer: number[] = [];
  const continuedToServer: number[] = [];
  const toServer = (click: ChatClick, server: ServerRecord): number => server.receivedAt - (click.downAt! - webviewMinusServer);
  const cutAnswer = async (): Promise<ChatClick> => {
    await vscode.commands.executeCommand('tokenStream.chat.newChat');
    const s = ask(cutAt);
    const result = await vscode.commands.executeCommand<ChatRun['result']>('tokenStream.chat.send', { prompt: promptFor(s) });
    if (result?.finishReason !== 'length' || !result.messageId) throw new Error(`the cut answer ended with ${result?.finishReason} (${result?.error?.message ?? 'no error'}), not at the token limit`);
    await mail('host', { type: 'click-continue', messageId: result.messageId });
    const click = await receive<ChatClick>('runner', 'continue-clicked', 60_000);
    if (click.error) throw new Error(`Continue: ${click.error}`);
    const server = await serverRecord(continuedId(s.id));
    if (server.eventsWritten !== s.tokens - cutAt) throw new Error(`the continuation was sent ${server.eventsWritten} of ${s.tokens - cutAt} tokens`);
    if (click.role !== 'continue') throw new Error(`the pointer went down on '${click.role}', not on Continue`);
    continuedToServer.push(toServer(click, server));
    return click;
  };
  const freshAnswer = async (): Promise<ChatClick> => {
    await vscode.commands.executeCommand('tokenStream.chat.newChat');
    const s = ask();
    await mail('host', { type: 'click-send', prompt: promptFor(s) });
    const click = await receive<ChatClick>('runner', 'send-clicked', 60_000);
    if (click.error) throw new Error(`Send: ${click.error}`);
    const server = await serverRecord(s.id);
    if (server.eventsWritten !== s.tokens) throw new Error(`the fresh answer was sent ${server.eventsWritten} of ${s.tokens} tokens`);
    if (click.role !== 'send') throw new Error(`the pointer went down on '${click.role}', not on Send`);
    freshToServer.push(toServer(click, server));
    return click;
  };
  await freshAnswer(); // warm-up of both paths, outside the figure
  await cutAnswer();
  freshToServer.length = 0;
  continuedToServer.length = 0;
  const added = await repeat(config.reps, async () => {
    const f = await freshAnswer();
    const c = await cutAnswer();
    const freshMs = f.firstTextAt! - f.downAt!;
    const continuedMs = c.firstTextAt! - c.downAt!;
    fresh.push(freshMs);
    continued.push(continuedMs);
    marks.push(c.firstTextAt! - c.continueMarkAt!);
    return continuedMs - freshMs;
  });
  record('chatContinueAddedMs', {
    ...added,
    notes: ["(Continue: pointer down -> first continued text) - (a fresh question: Send's pointer down -> first text), paired per repetition"],
  });
  record('chatContinueMs', { values: continued, notes: ["pointer down on Continue -> the token-stream:first-continued-chunk mark"] });
  record('chatContinueMarksMs', { values: marks, notes: ['token-stream:continue:<id> (the click) -> token-stream:first-continued-chunk:<id>'] });
  record('chatContinueFreshMs', { values: fresh, notes: ["pointer down on Send -> the new answer's token-stream:first-chunk mark"] });
  record('chatContinueToServerMs', { values: continuedToServer, notes: ['pointer down on Continue -> the server received the continuation request'] });
  record('chatContinueFreshToServerMs', { values: freshToServer, notes: ['pointer down on Send -> the server received the request'] });
}

/**
 * The user's Stop: the runner clicks the chat's Stop button (Playwright, in the webview frame) once the
 * streaming answer shows text; from the pointer going down in the webview to the server seeing its socket close.
 */
async function cancelChatStop(): Promise<void> {
  await openChatView();
  await chatRun(scenario('markdown', 2000, 0)); // warm-up, outside the figure
  const dispatch: number[] = [];
  const stop = await repeat(config.reps, async () => {
    let click: { atServerMs?: number; dispatchMs?: number; role?: string; error?: string } = {};
    // 30 s of answer: still streaming when the click comes on a loaded machine.
    const r = await chatRun(scenario('markdown', 9000, 100, 20), async () => {
      await mail('host', { type: 'click-stop' });
      click = await receive('runner', 'stop-clicked', 40_000);
    });
    if (click.error || click.atServerMs === undefined) throw new Error(`Stop was not clicked: ${click.error ?? 'no time'}`);
    if (click.role !== 'stop') throw new Error(`the pointer went down on '${click.role}', not on Stop`);
    dispatch.push(click.dispatchMs ?? NaN);
    if (r.result?.finishReason !== 'cancelled') throw new Error(`the answer ended with ${r.result?.finishReason}, not cancelled`);
    if (!r.server.closedByClient) throw new Error('the server saw the answer end, not a closed socket');
    return r.server.closedAt! - click.atServerMs;
  });
  record('cancelChatStop', {
    ...stop,
    dispatchMs: dispatch,
    notes: [
      "pointer down on the chat's Stop button (webview frame, the event's timeStamp) -> the server sees the socket close",
      "dispatchMs: from the pointer event's creation to the probe's listener (part of the figure); Stop acts on the click, after the pointer goes up",
    ],
  });
}
