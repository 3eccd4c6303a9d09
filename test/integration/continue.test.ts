import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChatGenerationResult } from '../../src/core/chat/ChatController';
import type { GenerationResult } from '../../src/core/stream/types';
import type { EditorGenerationResult } from '../../src/vscode/editor/EditorStreamer';
import { COMMANDS } from '../../src/vscode/ids';
import { CSV_PARSER_ANSWER as ANSWER, CSV_PARSER_CODE as CODE } from '../servers/csvParserAnswer';
import { splitIntoTokens } from '../servers/sse';
import { openScratchDocument, setSettings, useContinuingServerPerTest, waitFor } from './helpers';

const TOKENS = splitIntoTokens(ANSWER).length;
/** A limit that cuts the answer once, inside the code block. */
const HALF = Math.ceil(TOKENS / 2);

function generate(prompt: string): Thenable<EditorGenerationResult> {
  return vscode.commands.executeCommand<EditorGenerationResult>(COMMANDS.generate, { prompt });
}

function continueIt(args?: unknown): Thenable<GenerationResult> {
  return vscode.commands.executeCommand<GenerationResult>(COMMANDS.continue, args);
}

function documentOf(result: EditorGenerationResult): vscode.TextDocument {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.uri);
  assert.ok(document, `document ${result.uri} is open`);
  return document;
}

/** Fence lines in `text`. */
function fenceLines(text: string): string[] {
  return text.split('\n').filter((line) => /^\s*(?:```|~~~)/.test(line));
}

type WireBody = { messages: { role: string; content: string; prefix?: boolean }[]; continue_final_message?: boolean; add_generation_prompt?: boolean };

describe('Continue a cut answer (in the extension host)', function () {
  this.timeout(120_000);
  // A server per test: every test starts on an endpoint whose continuation mode is not known yet.
  const endpoint = useContinuingServerPerTest(ANSWER);
  const serve = endpoint.serve.bind(endpoint);

  /** What Generate writes for the whole answer, uncut (the document's text). */
  async function uncutGenerate(): Promise<string> {
    const result = await generate('a CSV parser');
    assert.equal(result.finishReason, 'stop');
    return documentOf(result).getText();
  }

  const bodyOf = (index: number): WireBody => endpoint.server.requests[index]!.body as WireBody;

  describe('Generate', () => {
    it('continues exactly on a prefill server: the joined document is byte-identical to the uncut answer, and usage adds up', async () => {
      const model = serve({ kind: 'prefill' });
      const uncut = await uncutGenerate();
      assert.equal(uncut, CODE);
      await setSettings({ maxTokens: HALF });
      const cut = await generate('a CSV parser');
      assert.equal(cut.finishReason, 'length');
      assert.ok(CODE.startsWith(cut.text) && cut.text.length < CODE.length, 'a start of the code');
      const document = documentOf(cut);
      assert.equal(document.getText(), cut.text);

      const joined = (await continueIt({ uri: cut.uri })) as EditorGenerationResult;
      assert.equal(joined.finishReason, 'stop');
      assert.equal(joined.uri, cut.uri);
      assert.equal(joined.text, uncut);
      assert.equal(document.getText(), uncut);
      assert.deepEqual(model.handled, ['answer', 'answer', 'continueFinalMessage']);
      assert.equal(joined.usage?.completionTokens, model.sentTokens[1]! + model.sentTokens[2]!);
      assert.equal(joined.usage?.completionTokens, (cut.usage?.completionTokens ?? 0) + model.sentTokens[2]!);
      const body = bodyOf(2);
      assert.equal(body.continue_final_message, true);
      assert.equal(body.add_generation_prompt, false);
      assert.equal(body.messages.at(-1)?.role, 'assistant');
      assert.ok(ANSWER.startsWith(body.messages.at(-1)!.content), 'the partial sent is the raw answer so far, fences and prose included');
      assert.ok(body.messages.at(-1)!.content.includes('```python'));
      // Nothing left to continue: a second Continue says so at once.
      const again = await continueIt({ uri: cut.uri });
      assert.equal(again.error?.kind, 'nothingToContinue');
      assert.equal(endpoint.server.requests.length, 3);
    });

    it('repairs the seam of a plain server that re-opens the block and repeats the cut line: no fence line, no repeat', async () => {
      const model = serve({ kind: 'plain', preamble: "Sure, here's the rest:" });
      const uncut = await uncutGenerate();
      await setSettings({ maxTokens: HALF });
      const cut = await generate('a CSV parser');
      // A fresh answer repeats some of the cut one: give it room.
      await setSettings({ maxTokens: null });
      const joined = (await continueIt({ uri: cut.uri })) as EditorGenerationResult;
      assert.equal(joined.finishReason, 'stop');
      assert.deepEqual(fenceLines(documentOf(cut).getText()), []);
      assert.equal(joined.text, uncut);
      assert.equal(documentOf(cut).getText(), uncut);
      assert.deepEqual(model.handled, ['answer', 'answer', 'plain']);
    });

    it('learns the continuation mode once per endpoint: a refusing server is probed once per mode, later continuations go straight to the fallback', async () => {
      const model = serve({ kind: 'refusing' });
      const uncut = await uncutGenerate();
      await setSettings({ maxTokens: HALF });
      const first = await generate('a CSV parser');
      await setSettings({ maxTokens: null });
      assert.equal(((await continueIt({ uri: first.uri })) as EditorGenerationResult).text, uncut);
      assert.deepEqual(model.handled, ['answer', 'answer', 'refused', 'refused', 'plain']);
      assert.equal(endpoint.server.requests[2]!.body && 'continue_final_message' in (endpoint.server.requests[2]!.body as object), true);
      assert.equal(bodyOf(3).messages.at(-1)?.prefix, true);
      assert.equal(bodyOf(4).messages.at(-1)?.role, 'user', 'the fallback asks in a user turn');

      await setSettings({ maxTokens: HALF });
      const second = await generate('a CSV parser');
      await setSettings({ maxTokens: null });
      const joined = (await continueIt({ uri: second.uri })) as EditorGenerationResult;
      assert.equal(joined.text, uncut);
      assert.deepEqual(model.handled.slice(5), ['answer', 'plain'], 'one request: the endpoint is known');
    });

    it('continues by itself with tokenStream.autoContinue, in one command, with the usage of every round', async () => {
      const model = serve({ kind: 'prefill' });
      const uncut = await uncutGenerate();
      await setSettings({ maxTokens: Math.ceil(TOKENS / 3), autoContinue: 3 });
      const result = await generate('a CSV parser');
      assert.equal(result.finishReason, 'stop');
      assert.equal(result.text, uncut);
      assert.equal(documentOf(result).getText(), uncut);
      const rounds = model.handled.slice(1);
      assert.ok(rounds.length >= 3 && rounds.slice(1).every((h) => h === 'continueFinalMessage'), rounds.join());
      assert.equal(result.usage?.completionTokens, model.sentTokens.slice(1).reduce((a, b) => a + b, 0));
      assert.equal(vscode.window.activeTextEditor?.document, documentOf(result));
      await vscode.commands.executeCommand('undo');
      assert.equal(documentOf(result).getText(), '', 'one undo removes every round');
    });

    it('stops a continuation with tokenStream.cancel: the text so far stays and the socket closes', async () => {
      const model = serve({ kind: 'prefill', stallContinuationsAfter: 8 });
      await setSettings({ maxTokens: 12 });
      const cut = await generate('a CSV parser');
      assert.equal(cut.finishReason, 'length');
      const document = documentOf(cut);
      const running = continueIt({ uri: cut.uri });
      await waitFor(() => document.getText().length > cut.text.length + 10, 'the continuation to stream (and then stall)');
      await vscode.commands.executeCommand(COMMANDS.cancel);
      const result = (await running) as EditorGenerationResult;
      assert.equal(result.finishReason, 'cancelled');
      assert.equal(document.getText(), result.text);
      assert.ok(result.text.length > cut.text.length && CODE.startsWith(result.text.trimEnd()));
      await endpoint.server.requests[1]!.closed;
      assert.equal(endpoint.server.requests[1]!.closedByClient, true);
      assert.deepEqual(model.handled, ['answer', 'continueFinalMessage']);
      assert.equal((await continueIt({ uri: cut.uri })).error?.kind, 'nothingToContinue', 'a stopped generation is over');
    });
  });

  describe('Generate at Cursor', () => {
    async function editorAtCursor(): Promise<vscode.TextEditor> {
      const document = await openScratchDocument('class Reader:\n    \n');
      const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
      editor.selection = new vscode.Selection(1, 4, 1, 4);
      return editor;
    }

    function atCursor(): Thenable<EditorGenerationResult> {
      return vscode.commands.executeCommand<EditorGenerationResult>(COMMANDS.insertAtCursor, { prompt: 'a CSV parser' });
    }

    it('continues a stream the server broke off, from the palette (no arguments), into the same place, re-indented; the next cut on the endpoint is exact', async () => {
      const model = serve({ kind: 'prefix', breakFirstAnswer: { afterTokens: 30, how: 'hangUp' } });
      const broken = await editorAtCursor();
      const cut = await atCursor();
      assert.equal(cut.finishReason, 'error');
      assert.equal(cut.error?.kind, 'interrupted');
      // The first continuation on this endpoint tries continue_final_message, which a prefix server ignores:
      // its fresh answer is repaired like a fallback one, and the mode is remembered as not working.
      const joined = (await continueIt()) as EditorGenerationResult;
      assert.equal(joined.finishReason, 'stop');
      const brokenText = broken.document.getText();
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

      const reference = await editorAtCursor();
      const whole = await atCursor();
      assert.equal(whole.finishReason, 'stop');
      const expected = reference.document.getText();
      assert.ok(expected.includes('\n        fields = []\n'), 're-indented under the class');
      assert.equal(brokenText, expected);
      assert.equal(joined.text, whole.text);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

      await setSettings({ maxTokens: HALF });
      const limited = await editorAtCursor();
      assert.equal((await atCursor()).finishReason, 'length');
      const exact = (await continueIt()) as EditorGenerationResult;
      assert.equal(exact.finishReason, 'stop');
      assert.equal(limited.document.getText(), expected);
      assert.deepEqual(model.handled, ['answer', 'plain', 'answer', 'answer', 'prefix']);
      assert.equal(bodyOf(4).messages.at(-1)?.prefix, true);
    });

    it('continues a generation cut by an error event, keeping the user\'s typing above it', async () => {
      serve({ kind: 'prefill', breakFirstAnswer: { afterTokens: 25, how: 'errorEvent' } });
      const editor = await editorAtCursor();
      const cut = await atCursor();
      assert.equal(cut.finishReason, 'error');
      assert.equal(cut.error?.kind, 'streamError');
      await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), '# typed meanwhile\n'));
      const joined = (await continueIt({ uri: editor.document.uri })) as EditorGenerationResult;
      assert.equal(joined.finishReason, 'stop');
      assert.ok(editor.document.getText().startsWith('# typed meanwhile\nclass Reader:\n    def parse(line, sep=","):\n        fields = []\n'), editor.document.getText());
      assert.ok(editor.document.getText().endsWith('        return fields\n'), editor.document.getText());
      assert.deepEqual(fenceLines(editor.document.getText()), []);
    });
  });

  describe('the chat', () => {
    beforeEach(async () => {
      await vscode.commands.executeCommand(COMMANDS.newChat);
    });

    function ask(): Thenable<ChatGenerationResult> {
      return vscode.commands.executeCommand<ChatGenerationResult>(COMMANDS.chatSend, { prompt: 'Write a CSV parser in Python.' });
    }

    it('send resolves with the answer\'s messageId; Continue finishes it in the same message, byte-identical on a prefill server', async () => {
      const model = serve({ kind: 'prefill' });
      await setSettings({ maxTokens: HALF });
      const cut = await ask();
      assert.equal(cut.finishReason, 'length');
      assert.equal(typeof cut.messageId, 'string');
      assert.ok(ANSWER.startsWith(cut.text));
      const joined = (await continueIt({ messageId: cut.messageId })) as ChatGenerationResult;
      assert.equal(joined.messageId, cut.messageId);
      assert.equal(joined.finishReason, 'stop');
      assert.equal(joined.text, ANSWER);
      assert.equal(joined.usage?.completionTokens, model.sentTokens[0]! + model.sentTokens[1]!);
      assert.deepEqual(model.handled, ['answer', 'continueFinalMessage']);
      assert.equal(bodyOf(1).messages.at(-1)?.content, cut.text);
    });

    it('repairs a plain server\'s continuation: one answer with one code block', async () => {
      serve({ kind: 'plain', preamble: 'Continuing:' });
      await setSettings({ maxTokens: HALF });
      const cut = await ask();
      await setSettings({ maxTokens: null });
      const joined = (await continueIt({ messageId: cut.messageId })) as ChatGenerationResult;
      assert.equal(joined.text, ANSWER);
      assert.deepEqual(fenceLines(joined.text), ['```python', '```']);
    });

    it('stops a continuation with the answer\'s own stop; the text so far stays', async () => {
      const model = serve({ kind: 'prefill', stallContinuationsAfter: 5 });
      await setSettings({ maxTokens: 12 });
      const cut = await ask();
      const running = continueIt({ messageId: cut.messageId });
      await endpoint.server.waitForRequests(2);
      await waitFor(() => endpoint.server.requests[1]!.respondedAt !== undefined, 'the continuation to start streaming');
      assert.deepEqual(model.handled, ['answer', 'continueFinalMessage']);
      // A new question in the same conversation stops the answer streaming there.
      endpoint.server.setHandler(() => ({ type: 'stream', text: 'ok' }));
      await ask();
      const result = (await running) as ChatGenerationResult;
      assert.equal(result.finishReason, 'cancelled');
      assert.ok(ANSWER.startsWith(result.text) && result.text.length >= cut.text.length);
      await endpoint.server.requests[1]!.closed;
      assert.equal(endpoint.server.requests[1]!.closedByClient, true);
    });
  });

  describe('called with arguments, it never opens UI', () => {
    it('resolves at once with a nothingToContinue error for an unknown document, an unknown answer, bad arguments, and a complete generation', async () => {
      serve({ kind: 'prefill' });
      const complete = await generate('a CSV parser');
      assert.equal(complete.finishReason, 'stop');
      for (const args of [{ uri: 'untitled:Nowhere-1' }, { uri: complete.uri }, { messageId: 'm-unknown' }, { uri: 42 }, { something: 'else' }, 'text']) {
        const result = await continueIt(args);
        assert.equal(result.finishReason, 'error', JSON.stringify(args));
        assert.equal(result.error?.kind, 'nothingToContinue', JSON.stringify(args));
        assert.ok(result.error?.message.length, JSON.stringify(args));
      }
      assert.equal(endpoint.server.requests.length, 1, 'nothing was sent');
    });

    it('forgets a cut generation when its document closes', async () => {
      serve({ kind: 'prefill' });
      await setSettings({ maxTokens: HALF });
      const cut = await generate('a CSV parser');
      assert.equal(cut.finishReason, 'length');
      const document = documentOf(cut);
      await vscode.window.showTextDocument(document, { preview: false });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await waitFor(() => document.isClosed, 'the document to close');
      const result = await continueIt({ uri: cut.uri });
      assert.equal(result.error?.kind, 'nothingToContinue');
      assert.equal(endpoint.server.requests.length, 1, 'nothing was sent');
    });
  });
});
