import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TokenStreamExports } from '../../src/extension';
import type { GenerationResult } from '../../src/core/stream/types';
import { COMMANDS } from '../../src/vscode/ids';
import { EXTENSION_ID } from '../../src/vscode/ids';
import { openScratchDocument, setSettings, useLoopbackServer, waitFor } from './helpers';

const GENERATING = [COMMANDS.generate, COMMANDS.insertAtCursor, COMMANDS.chatSend] as const;

function run(command: string, args: unknown): Thenable<GenerationResult> {
  return vscode.commands.executeCommand<GenerationResult>(command, args);
}

/** The text "Token Stream: Show Log" shows: the log channel's file. */
async function logText(): Promise<string> {
  const { logUri } = vscode.extensions.getExtension<TokenStreamExports>(EXTENSION_ID)!.exports;
  const file = vscode.Uri.joinPath(vscode.Uri.parse(logUri), 'Token Stream.log');
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
}

/** Waits until the log has a line with all of `parts` (the channel writes its file a little later). */
async function logLine(...parts: string[]): Promise<string> {
  let found: string | undefined;
  await waitFor(async () => {
    found = (await logText().catch(() => '')).split('\n').find((line) => parts.every((part) => line.includes(part)));
    return found !== undefined;
  }, `a log line with ${parts.map((p) => JSON.stringify(p)).join(' and ')}`);
  return found!;
}

function untitledCount(): number {
  return vscode.workspace.textDocuments.filter((d) => d.isUntitled && !d.isClosed).length;
}

describe('commands called by programs, and requests that cannot be made (in the extension host)', function () {
  this.timeout(120_000);
  const loopback = useLoopbackServer();
  afterEach(async () => {
    // A command that (wrongly) waited on an input box or quick pick must not hold up the next test.
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    // Untitled documents are reverted so closing them asks nothing.
    for (let i = 0; i < 20 && vscode.window.activeTextEditor; i++) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('refuses at once a prompt that is not a non-empty string (or arguments it cannot use), opening and sending nothing', async () => {
    await vscode.window.showTextDocument(await openScratchDocument('x = 1\n'));
    const before = untitledCount();
    const bad: unknown[] = [{}, { prompt: '' }, { prompt: '   ' }, { prompt: 42 }, { prompt: null }, { prompt: ['a'] }, 'a bare string', [{ prompt: 'in an array' }]];
    for (const command of GENERATING) {
      for (const args of bad) {
        const result = await run(command, args);
        const what = `${command}(${JSON.stringify(args)})`;
        assert.equal(result.finishReason, 'error', what);
        assert.equal(result.text, '', what);
        assert.equal(result.error?.kind, 'invalidArgument', what);
        assert.ok(result.error.message.startsWith(`${command} takes { "prompt": "..."`), `${what}: ${result.error.message}`);
      }
    }
    const model = await run(COMMANDS.generate, { prompt: 'fine', model: 7 });
    assert.match(model.error?.message ?? '', /"model" must be a non-empty string when given, not a number/);
    const long = await run(COMMANDS.chatSend, { prompt: 'x'.repeat(200_001) });
    assert.equal(long.error?.kind, 'invalidArgument');
    assert.match(long.error!.message, /200,001 characters; Token Stream takes at most 200,000/);
    assert.equal(untitledCount(), before, 'no document was opened');
    assert.equal(loopback.server.requests.length, 0, 'nothing was sent');
    await logLine(`[not sent] ${COMMANDS.chatSend} finish=error error=invalidArgument:`);
  });

  it('insertAtCursor without an active editor resolves at once with a noEditor error', async () => {
    await waitFor(() => vscode.window.activeTextEditor === undefined, 'no active editor');
    const result = await run(COMMANDS.insertAtCursor, { prompt: 'anything' });
    assert.equal(result.finishReason, 'error');
    assert.equal(result.error?.kind, 'noEditor');
    assert.match(result.error!.message, /no active editor/);
    assert.equal(loopback.server.requests.length, 0);
  });

  it('a missing API key for a remote endpoint is an error at once, never an input box, and opens nothing', async () => {
    await vscode.window.showTextDocument(await openScratchDocument('x = 1\n'));
    const undo = await setSettings({ baseUrl: 'https://api.example.invalid/v1' });
    try {
      const before = untitledCount();
      for (const command of GENERATING) {
        const result = await run(command, { prompt: 'hello' });
        assert.equal(result.finishReason, 'error', command);
        assert.equal(result.error?.kind, 'auth', command);
        assert.match(result.error!.message, /No API key is set for https:\/\/api\.example\.invalid/, command);
      }
      assert.equal(untitledCount(), before, 'Generate opened no editor for a request that was never made');
    } finally {
      await undo();
    }
  });

  it('logs every request that cannot be made like a failed request: bad baseUrl, no model, no key, no VS Code language model', async () => {
    const cases: { settings: Record<string, unknown>; parts: string[] }[] = [
      { settings: { baseUrl: 'localhost:11434/v1' }, parts: ['[not sent] openai baseUrl=', 'finish=error error=badRequest:', 'must start with http:// or https://'] },
      { settings: { model: '' }, parts: [`[not sent] POST ${loopback.server.origin}/v1/chat/completions model=-`, 'finish=error error=modelNotFound: No model is set'] },
      { settings: { baseUrl: 'https://nokey.example.invalid/v1' }, parts: ['[not sent] POST https://nokey.example.invalid/v1/chat/completions model=loopback-small', 'finish=error error=auth: No API key is set for https://nokey.example.invalid'] },
      { settings: { provider: 'vscode-lm', model: '' }, parts: ['[not sent] vscode-lm model=(first available)', 'finish=error error=noModels: No language model is available'] },
    ];
    for (const { settings, parts } of cases) {
      const undo = await setSettings(settings);
      try {
        const result = await run(COMMANDS.chatSend, { prompt: 'hello' });
        assert.equal(result.finishReason, 'error', JSON.stringify(settings));
        await logLine(...parts);
      } finally {
        await undo();
      }
    }
    // A request that failed at the server, for comparison: the same "<request> finish=error ... error=<kind>: <message>".
    loopback.server.enqueue({ type: 'error', status: 401 });
    await run(COMMANDS.chatSend, { prompt: 'hello' });
    await logLine(`POST ${loopback.server.baseUrl}/chat/completions model=loopback-small status=401`, 'finish=error', 'error=auth: The endpoint rejected the API key');
    assert.equal(loopback.server.requests.length, 1, 'only the last request was sent');
  });

  it('selectModel with { model, provider } saves them to the user settings without a pick, and the next request uses that model', async () => {
    const undo = await setSettings({ model: 'loopback-small', provider: 'openai' });
    try {
      const config = () => vscode.workspace.getConfiguration('tokenStream');
      const chosen = await vscode.commands.executeCommand<string | undefined>(COMMANDS.selectModel, { model: '  loopback-large ', provider: 'openai' });
      assert.equal(chosen, 'loopback-large');
      assert.equal(config().inspect('model')?.globalValue, 'loopback-large');
      assert.equal(config().inspect('provider')?.globalValue, 'openai');
      loopback.server.enqueue({ type: 'stream', text: 'ok' });
      const result = await run(COMMANDS.chatSend, { prompt: 'hello' });
      assert.equal(result.finishReason, 'stop');
      assert.equal((loopback.server.requests[0]?.body as { model?: unknown } | undefined)?.model, 'loopback-large');
      // A provider it does not know leaves the provider setting as it was.
      assert.equal(await vscode.commands.executeCommand<string | undefined>(COMMANDS.selectModel, { model: 'other', provider: 'elsewhere' }), 'other');
      assert.equal(config().inspect('model')?.globalValue, 'other');
      assert.equal(config().inspect('provider')?.globalValue, 'openai');
    } finally {
      await undo();
    }
  });

  it('never sends an API key over plain http to a host that is not loopback without consent; loopback needs none', async () => {
    // 0.0.0.0 is not loopback by the README's definition, yet reaches this machine's loopback server:
    // had anything been sent, the server would have seen it.
    const origin = `http://0.0.0.0:${loopback.server.port}`;
    const key = 'sk-plain-http-0123456789';
    await vscode.commands.executeCommand(COMMANDS.setApiKey, { apiKey: key, baseUrl: `${origin}/v1` });
    await vscode.commands.executeCommand(COMMANDS.setApiKey, { apiKey: key, baseUrl: loopback.server.baseUrl });
    const undo = await setSettings({ baseUrl: `${origin}/v1` });
    try {
      const before = untitledCount();
      for (const command of [COMMANDS.chatSend, COMMANDS.generate]) {
        const result = await run(command, { prompt: 'hello' });
        assert.equal(result.finishReason, 'error', command);
        assert.equal(result.error?.kind, 'consentRequired', command);
        assert.ok(result.error!.message.includes(`the API key for ${origin} would travel over plain http`), result.error!.message);
      }
      assert.equal(untitledCount(), before);
      assert.equal(loopback.server.requests.length, 0, 'nothing was sent');
      await undo();
      // The same key to the loopback address goes without asking anyone.
      loopback.server.enqueue({ type: 'stream', text: 'ok' });
      const result = await run(COMMANDS.chatSend, { prompt: 'hello' });
      assert.equal(result.finishReason, 'stop');
      assert.equal(loopback.server.requests[0]?.headers.authorization, `Bearer ${key}`);
    } finally {
      await undo();
      await vscode.commands.executeCommand(COMMANDS.clearApiKey, { baseUrl: `${origin}/v1` });
      await vscode.commands.executeCommand(COMMANDS.clearApiKey, { baseUrl: loopback.server.baseUrl });
    }
  });
});
