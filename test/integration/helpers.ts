import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID } from '../../src/vscode/ids';
import { ContinuingModel, type ContinuingModelOptions } from '../servers/continuingModel';
import { OpenAiTestServer } from '../servers/openAiServer';

export async function activateExtension(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  await extension.activate();
}

/** Sets tokenStream.* user settings; the returned function restores what was there. */
export async function setSettings(values: Record<string, unknown>): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('tokenStream');
  const previous = Object.keys(values).map((key) => [key, config.inspect(key)?.globalValue] as const);
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    const current = vscode.workspace.getConfiguration('tokenStream');
    for (const [key, value] of previous) await current.update(key, value, vscode.ConfigurationTarget.Global);
  };
}

/**
 * Registers the suite's hooks around a loopback OpenAI-compatible server: before the suite, activates the
 * extension, starts the server and points tokenStream at it; resets the server before each test; after the
 * suite, restores the settings and closes it. The server is on the returned object once the suite runs.
 */
export function useLoopbackServer(extra: Record<string, unknown> = {}): { readonly server: OpenAiTestServer } {
  const suite = {} as { server: OpenAiTestServer };
  let restoreSettings: (() => Promise<void>) | undefined;
  before(async () => {
    await activateExtension();
    suite.server = await OpenAiTestServer.start();
    restoreSettings = await setSettings({ provider: 'openai', baseUrl: suite.server.baseUrl, model: 'loopback-small', maxRetries: 0, ...extra });
  });
  after(async () => {
    await restoreSettings?.();
    await suite.server?.close();
  });
  beforeEach(() => suite.server.reset());
  return suite;
}

/** Polls `condition` every 10 ms until true; fails after `timeoutMs` with `what`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = AbortSignal.timeout(timeoutMs);
  while (!(await condition())) {
    if (deadline.aborted) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const EXTENSIONS: Record<string, string> = { python: 'py', typescript: 'ts', javascript: 'js', plaintext: 'txt', markdown: 'md' };
/**
 * One scratch folder for the whole run, shared through globalThis: each test file is its own bundle with
 * its own copy of this module, and one exit listener is enough.
 */
const scratch = ((globalThis as { tokenStreamScratch?: { dir?: string; count: number } }).tokenStreamScratch ??= { count: 0 });

/**
 * A new file with `content`, under a name never used before in this run, opened in a text document.
 * Tests use files rather than untitled documents: VS Code reuses an untitled name as soon as the
 * workbench closed it, which can be before the extension host has dropped the old document of that name,
 * so `openTextDocument({ content })` may hand back the previous test's text.
 */
export async function openScratchDocument(content: string, language = 'python'): Promise<vscode.TextDocument> {
  if (!scratch.dir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-stream-test-'));
    scratch.dir = dir;
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  const file = path.join(scratch.dir, `scratch-${++scratch.count}.${EXTENSIONS[language] ?? 'txt'}`);
  fs.writeFileSync(file, content);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return document.languageId === language ? document : vscode.languages.setTextDocumentLanguage(document, language);
}

/** openScratchDocument, shown in the first editor group (not as a preview). */
export async function openScratchEditor(content: string, language = 'python'): Promise<vscode.TextEditor> {
  const document = await openScratchDocument(content, language);
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
}

/**
 * Closes every editor, reverting what the test changed so closing asks nothing; then gives the extension
 * host up to 10 s to see the untitled documents (a Generate opens them) close. That wait is a courtesy, not
 * a condition: an untitled document that was never shown stays open until VS Code drops it, and no test
 * depends on untitled names (tests open their own files with openScratchDocument).
 */
export async function closeEditors(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.activeTextEditor; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await waitFor(() => !vscode.workspace.textDocuments.some((d) => d.isUntitled && !d.isClosed), 'untitled documents to close', 10_000).catch(() => undefined);
}

const THINKING_SECONDS = /Thinking\.\.\. [1-9]\d* s/;

/**
 * Reads `statusText()` until it has said "Thinking... N s" with N >= 1 or `running` ended; resolves with
 * `running`'s result once it ends, and fails when the status bar never counted a second of thinking.
 */
export async function whileThinkingIsCounted<T>(running: Thenable<T>, statusText: () => string): Promise<T> {
  const seen = new Set<string>();
  let finished = false;
  void Promise.resolve(running).finally(() => (finished = true));
  await waitFor(() => {
    seen.add(statusText());
    return finished || [...seen].some((text) => THINKING_SECONDS.test(text));
  }, 'the status bar to count thinking seconds');
  const result = await running;
  if (![...seen].some((text) => THINKING_SECONDS.test(text))) throw new Error(`the status bar never counted thinking seconds: ${[...seen].join(' | ')}`);
  return result;
}

/**
 * The Continue suites' hooks: a new loopback server per test (so every test starts on an endpoint whose
 * continuation mode is not known yet), tokenStream pointed at it with no token limit and no automatic
 * continuation; after each test the running generation is stopped, `cleanup` runs, editors close, the
 * settings are restored and the server closes. `serve` answers the test's requests with a ContinuingModel
 * of `answer`.
 */
export function useContinuingServerPerTest(
  answer: string,
  cleanup: () => Thenable<unknown> = async () => undefined,
): { readonly server: OpenAiTestServer; serve(options: Omit<ContinuingModelOptions, 'answer'>): ContinuingModel } {
  let server: OpenAiTestServer | undefined;
  let restoreSettings: (() => Promise<void>) | undefined;
  before(() => activateExtension());
  beforeEach(async () => {
    server = await OpenAiTestServer.start();
    restoreSettings = await setSettings({ provider: 'openai', baseUrl: server.baseUrl, model: 'loopback-small', maxRetries: 0, maxTokens: null, autoContinue: 0 });
  });
  afterEach(async () => {
    await vscode.commands.executeCommand(COMMANDS.cancel);
    await cleanup();
    await closeEditors();
    await restoreSettings?.();
    await server?.close();
  });
  return {
    get server(): OpenAiTestServer {
      if (!server) throw new Error('the server starts before each test');
      return server;
    },
    serve(options) {
      const model = new ContinuingModel({ answer, ...options });
      this.server.setHandler(model.handler);
      return model;
    },
  };
}
