import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TokenStreamExports } from '../../src/extension';
import type { GenerationResult } from '../../src/core/stream/types';
import type { EditorGenerationResult } from '../../src/vscode/editor/EditorStreamer';
import { COMMANDS, EXTENSION_ID } from '../../src/vscode/ids';
import { closeEditors, openScratchDocument, useLoopbackServer, whileThinkingIsCounted } from './helpers';

const REASONING = ['The user wants', ' a function', ' that adds', ' two numbers;', ' keep it short.'];
const REASONING_TEXT = REASONING.join('');

function exports(): TokenStreamExports {
  const extension = vscode.extensions.getExtension<TokenStreamExports>(EXTENSION_ID);
  assert.ok(extension?.isActive, `${EXTENSION_ID} is active`);
  return extension.exports;
}

function documentOf(result: EditorGenerationResult): vscode.TextDocument {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.uri);
  assert.ok(document, `document ${result.uri} is open`);
  return document;
}

function assertNoReasoningIn(text: string): void {
  for (const piece of ['user wants', 'keep it short', '<think', '</think']) assert.ok(!text.includes(piece), `"${piece}" is not in ${JSON.stringify(text)}`);
}

describe('reasoning models and odd servers (in the extension host)', function () {
  this.timeout(120_000);
  const loopback = useLoopbackServer();
  afterEach(async () => {
    await vscode.commands.executeCommand(COMMANDS.cancel);
    await closeEditors();
  });

  it('keeps reasoning out of the Generate document, returns it, and shows "Thinking... N s" while the model thinks', async () => {
    const code = 'def add(a, b):\n    return a + b';
    loopback.server.enqueue({
      type: 'stream',
      text: `\`\`\`python\n${code}\n\`\`\`\n`,
      // About 1.5 s of thinking (15 pieces, 100 ms apart), so the status bar counts at least one second.
      reasoning: { tokens: [...REASONING, ...Array.from({ length: 10 }, () => ' …')], field: 'reasoning_content' },
      delayMs: 100,
    });
    const running = vscode.commands.executeCommand<EditorGenerationResult>(COMMANDS.generate, { prompt: 'add two numbers' });
    const result = await whileThinkingIsCounted(running, () => exports().statusBarText());
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.reasoning, `${REASONING_TEXT}${' …'.repeat(10)}`);
    assert.equal(result.text, code);
    assert.equal(documentOf(result).getText(), code);
    assertNoReasoningIn(documentOf(result).getText());
    assert.ok(!/Thinking/.test(exports().statusBarText()), 'the status bar no longer says Thinking once the answer is done');
  });

  it('keeps inline <think> reasoning out of the document in Generate at Cursor', async () => {
    const document = await openScratchDocument('class A:\n    def m(self):\n        \n');
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
    editor.selection = new vscode.Selection(2, 8, 2, 8);
    loopback.server.enqueue({ type: 'stream', text: 'return 42\n', reasoning: { tokens: REASONING, field: 'think-tags' } });
    const result = await vscode.commands.executeCommand<EditorGenerationResult>(COMMANDS.insertAtCursor, { prompt: 'answer' });
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.reasoning, REASONING_TEXT);
    assert.equal(document.getText(), 'class A:\n    def m(self):\n        return 42\n\n');
    assertNoReasoningIn(document.getText());
  });

  it("keeps a DeepSeek-R1's reasoning out of Generate's document when a server without a reasoning parser sends it with a lone </think>", async () => {
    const code = 'def add(a, b):\n    return a + b';
    loopback.server.enqueue({ type: 'stream', text: `\`\`\`python\n${code}\n\`\`\`\n`, reasoning: { tokens: REASONING, field: 'opened-think' } });
    const result = await vscode.commands.executeCommand<EditorGenerationResult>(COMMANDS.generate, { prompt: 'add two numbers', model: 'deepseek-ai/DeepSeek-R1-0528' });
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.reasoning, `${REASONING_TEXT}\n`);
    assert.equal(documentOf(result).getText(), code);
    assertNoReasoningIn(documentOf(result).getText());
  });

  it('learns from one lone </think> that a model sends its reasoning so, and keeps it out of the next documents', async () => {
    // A name nothing is known of: the first answer shows the reasoning as text (the tag itself is dropped).
    const model = 'loopback-thinker-a';
    const first = 'x = 1';
    loopback.server.enqueue({ type: 'stream', text: `${first}\n`, reasoning: { tokens: REASONING, field: 'opened-think' } });
    const once = await vscode.commands.executeCommand<EditorGenerationResult>(COMMANDS.generate, { prompt: 'x', model });
    assert.equal(once.finishReason, 'stop');
    assert.ok(!documentOf(once).getText().includes('</think'), documentOf(once).getText());
    await closeEditors();
    const code = 'def add(a, b):\n    return a + b';
    loopback.server.enqueue({ type: 'stream', text: `${code}\n`, reasoning: { tokens: REASONING, field: 'opened-think' } });
    const result = await vscode.commands.executeCommand<EditorGenerationResult>(COMMANDS.generate, { prompt: 'add two numbers', model });
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.reasoning, `${REASONING_TEXT}\n`);
    assert.equal(documentOf(result).getText(), `${code}\n`);
    assertNoReasoningIn(documentOf(result).getText());
  });

  it('writes the whole answer at once when the server ignores stream: true and answers with JSON', async () => {
    loopback.server.enqueue({ type: 'json', text: '```js\nconst sum = (a, b) => a + b;\n```', reasoning: { text: REASONING_TEXT, field: 'reasoning' } });
    const result = await vscode.commands.executeCommand<EditorGenerationResult>(COMMANDS.generate, { prompt: 'sum' });
    assert.equal(result.finishReason, 'stop');
    assert.equal(documentOf(result).getText(), 'const sum = (a, b) => a + b;');
    assert.equal(result.reasoning, REASONING_TEXT);
  });

  it('reports an HTML answer as an error naming its content type and title, and writes nothing of it', async () => {
    const page = '<!DOCTYPE html><html><head><title>Sign in to Example Gateway</title></head><body><form>user</form></body></html>';
    loopback.server.enqueue({ type: 'page', body: page });
    const result = await vscode.commands.executeCommand<EditorGenerationResult>(COMMANDS.generate, { prompt: 'anything' });
    assert.equal(result.finishReason, 'error');
    assert.equal(result.error?.kind, 'notStreaming');
    assert.match(result.error!.message, /text\/html instead of an event stream: "Sign in to Example Gateway"/);
    assert.ok(!/[<>]/.test(result.error!.message));
    assert.equal(documentOf(result).getText(), '');
  });

  it('returns the chat answer without its reasoning, and never sends the reasoning back', async () => {
    loopback.server.enqueue({ type: 'stream', text: 'Hello! How can I help?', reasoning: { tokens: REASONING, field: 'reasoning_details' } });
    const first = await vscode.commands.executeCommand<GenerationResult>(COMMANDS.chatSend, { prompt: 'Hi there' });
    assert.equal(first.finishReason, 'stop');
    assert.equal(first.text, 'Hello! How can I help?');
    assert.equal(first.reasoning, REASONING_TEXT);
    loopback.server.enqueue({ type: 'stream', text: 'Sure.' });
    await vscode.commands.executeCommand<GenerationResult>(COMMANDS.chatSend, { prompt: 'Again' });
    const sent = (loopback.server.requests.at(-1)!.body as { messages: { role: string; content: string }[] }).messages;
    const answer = sent.find((m) => m.role === 'assistant' && m.content.startsWith('Hello!'));
    assert.equal(answer?.content, 'Hello! How can I help?');
    assertNoReasoningIn(JSON.stringify(sent));
  });

  it('gives a chat answer once when a server names an R1 model but hides its reasoning (it streamed as thinking first)', async () => {
    // The chunks name DeepSeek-R1, whose template opens the reasoning: the answer streams in as thinking,
    // no </think> ever comes, and at the stop it is the answer, taken out of the thinking.
    const text = 'Use `a + b`.';
    loopback.server.enqueue({ type: 'stream', text, model: 'deepseek-ai/DeepSeek-R1-0528' });
    const result = await vscode.commands.executeCommand<GenerationResult>(COMMANDS.chatSend, { prompt: 'How do I add?' });
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.text, text);
    assert.equal(result.reasoning, undefined, 'nothing of it is reasoning');
    // The next question's history holds the answer once, as the answer.
    loopback.server.enqueue({ type: 'stream', text: 'Sure.' });
    await vscode.commands.executeCommand<GenerationResult>(COMMANDS.chatSend, { prompt: 'Again' });
    const sent = (loopback.server.requests.at(-1)!.body as { messages: { role: string; content: string }[] }).messages;
    assert.deepEqual(
      sent.filter((m) => m.role === 'assistant' && m.content.includes('a + b')).map((m) => m.content),
      [text],
    );
  });
});
