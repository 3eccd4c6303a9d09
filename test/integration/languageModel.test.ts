import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GenerationResult } from '../../src/core/stream/types';
import type { EditorGenerationResult } from '../../src/vscode/editor/EditorStreamer';
import { COMMANDS } from '../../src/vscode/ids';
import { activateExtension, openScratchDocument, setSettings, waitFor } from './helpers';

/** What test/fixtures/fake-language-model/extension.js returns from activate. */
interface FakeLanguageModel {
  readonly available: boolean;
  readonly models: readonly string[];
  readonly requests: readonly { readonly model: string; readonly messages: readonly string[]; readonly cancelled: boolean; readonly parts: number }[];
  register(): vscode.Disposable;
  script(script: { readonly parts: readonly string[]; readonly hangAfter?: number }): void;
  reset(): void;
  until(condition: () => boolean): Promise<void>;
}

const FAKE_ID = 'token-stream-tests.fake-language-model';

/**
 * VS Code's Language Model API with a real chat-model provider behind it: a second extension, loaded next
 * to Token Stream by the test runners, registers it through `vscode.lm.registerLanguageModelChatProvider`
 * (finalized in VS Code 1.104; this extension's typings are 1.101, so the fixture detects the function).
 */
describe("VS Code's language models (in the extension host)", function () {
  this.timeout(120_000);
  let fake: FakeLanguageModel;
  let registration: vscode.Disposable | undefined;
  let restore: (() => Promise<void>) | undefined;

  before(async function () {
    await activateExtension();
    const extension = vscode.extensions.getExtension<FakeLanguageModel>(FAKE_ID);
    assert.ok(extension, `${FAKE_ID} is loaded next to Token Stream (scripts/test-integration.js)`);
    fake = await extension.activate();
    if (!fake.available) this.skip();
    registration = fake.register();
    restore = await setSettings({ provider: 'vscode-lm', model: 'fake-echo' });
    // The workbench learns the vendor's models asynchronously after the registration.
    await waitFor(async () => (await vscode.lm.selectChatModels({ id: 'fake-echo' })).length > 0, 'the fake model to be listed');
  });
  after(async () => {
    await restore?.();
    registration?.dispose();
    // Untitled documents are reverted so closing them asks nothing.
    for (let i = 0; i < 20 && vscode.window.activeTextEditor; i++) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
  beforeEach(() => fake.reset());

  it('streams the chosen model into a new editor and the chat, the system prompt first', async () => {
    fake.script({ parts: ['```python\n', 'def add(a, b):\n', '    return a + b\n', '```\n'] });
    const generated = await vscode.commands.executeCommand<EditorGenerationResult>(COMMANDS.generate, { prompt: 'add two numbers' });
    assert.equal(generated.finishReason, 'stop');
    assert.equal(generated.text, 'def add(a, b):\n    return a + b');
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === generated.uri);
    assert.equal(document?.getText(), 'def add(a, b):\n    return a + b');
    assert.equal(fake.requests[0]?.model, 'fake-echo');
    assert.equal(fake.requests[0]?.parts, 4, 'every part was streamed');

    fake.script({ parts: ['Hello', ' from', ' the fake model.'] });
    const answered = await vscode.commands.executeCommand<GenerationResult>(COMMANDS.chatSend, { prompt: 'Say hello' });
    assert.equal(answered.finishReason, 'stop');
    assert.equal(answered.text, 'Hello from the fake model.');
    const messages = fake.requests[1]!.messages;
    assert.match(messages[0]!, /expert programmer/, 'the API has no system role: the system prompt goes first, as a user message');
    assert.equal(messages.at(-1), 'Say hello');
  });

  it("stops a language model's answer: the provider's token is cancelled and the partial text stays", async () => {
    fake.script({ parts: ['first = 1\n', 'second = 2\n', 'never = 3\n'], hangAfter: 2 });
    const editor = await vscode.window.showTextDocument(await openScratchDocument(''));
    const running = vscode.commands.executeCommand<EditorGenerationResult>(COMMANDS.insertAtCursor, { prompt: 'two lines' });
    await waitFor(() => editor.document.getText().includes('second = 2'), 'the first parts in the document');
    await vscode.commands.executeCommand(COMMANDS.cancel);
    const result = await running;
    assert.equal(result.finishReason, 'cancelled');
    assert.equal(editor.document.getText(), 'first = 1\nsecond = 2\n');
    await fake.until(() => fake.requests[0]?.cancelled === true);
    assert.equal(fake.requests[0]?.parts, 2);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('refuses a model name VS Code does not know, naming the models there are, and asks no other model', async () => {
    const undo = await setSettings({ model: 'gpt-not-here' });
    try {
      const result = await vscode.commands.executeCommand<GenerationResult>(COMMANDS.chatSend, { prompt: 'hi' });
      assert.equal(result.finishReason, 'error');
      assert.equal(result.error?.kind, 'modelNotFound');
      assert.match(result.error!.message, /no language model "gpt-not-here"/);
      assert.match(result.error!.message, /fake-echo/);
      assert.equal(fake.requests.length, 0, 'no model was asked instead');
    } finally {
      await undo();
    }
  });

  it('finds a model by its family, and a programmatic model argument wins over the setting', async () => {
    fake.script({ parts: ['by family'] });
    const undo = await setSettings({ model: 'fake-2' });
    try {
      const byFamily = await vscode.commands.executeCommand<GenerationResult>(COMMANDS.chatSend, { prompt: 'which?' });
      assert.equal(byFamily.text, 'by family');
      assert.equal(fake.requests[0]?.model, 'fake-other');
      fake.script({ parts: ['x = 1\n'] });
      const chosen = await vscode.commands.executeCommand<EditorGenerationResult>(COMMANDS.generate, { prompt: 'one line', model: 'fake-echo' });
      assert.equal(chosen.finishReason, 'stop');
      assert.equal(fake.requests[1]?.model, 'fake-echo');
    } finally {
      await undo();
    }
  });
});
