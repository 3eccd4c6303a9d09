import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { nullLogger } from '../../src/core/log';
import type { EditorPortEvent } from '../../src/core/sinks/EditorPort';
import type { EditorGenerationResult } from '../../src/vscode/editor/EditorStreamer';
import { VsCodeEditorPort } from '../../src/vscode/editor/VsCodeEditorPort';
import { buildChatStreamBody } from '../servers/sse';
import { closeEditors, openScratchEditor, setSettings, useLoopbackServer, waitFor } from './helpers';

function generate(prompt: string): Thenable<EditorGenerationResult> {
  return vscode.commands.executeCommand<EditorGenerationResult>('tokenStream.generate', { prompt });
}

function insertAtCursor(prompt: string): Thenable<EditorGenerationResult> {
  return vscode.commands.executeCommand<EditorGenerationResult>('tokenStream.insertAtCursor', { prompt });
}

function documentOf(result: EditorGenerationResult): vscode.TextDocument {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.uri);
  assert.ok(document, `document ${result.uri} is open`);
  return document;
}

/** Lines of code, one token per piece, that read as code (so nothing is held as possible prose). */
function codeTokens(lines: number, tag = 'v'): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < lines; i++) tokens.push(`${tag}${i}`, ' = ', `${i}`, '\n');
  return tokens;
}

async function openEditor(content: string, language = 'python'): Promise<vscode.TextEditor> {
  return openScratchEditor(content, language);
}

/** Streams into the active editor are started by the command; this finds the editor it opened. */
async function editorWith(predicate: (document: vscode.TextDocument) => boolean, what: string): Promise<vscode.TextDocument> {
  let found: vscode.TextDocument | undefined;
  await waitFor(() => (found = vscode.workspace.textDocuments.find((d) => !d.isClosed && predicate(d))) !== undefined, what);
  return found!;
}

async function undoIn(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('undo');
}

describe('editor generation (in the extension host)', function () {
  this.timeout(120_000);
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  const loopback = useLoopbackServer();
  afterEach(async () => {
    await vscode.commands.executeCommand('tokenStream.cancel');
    await closeEditors();
  });

  describe('editor.edit semantics this adapter relies on', () => {
    it('refuses an edit made against an older version, and reports the change before the edit resolves', async () => {
      const editor = await openEditor('abc\n');
      const document = editor.document;
      const events: number[] = [];
      const subscription = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === document && e.contentChanges.length > 0) events.push(e.document.version);
      });
      try {
        const v = document.version;
        // Both are sent at version v; the first one applied moves the version, so the second is refused.
        const options = { undoStopBefore: false, undoStopAfter: false };
        const first = editor.edit((b) => b.insert(new vscode.Position(0, 0), 'X'), options);
        const second = editor.edit((b) => b.insert(new vscode.Position(0, 3), 'Y'), options);
        assert.equal(await first, true);
        assert.equal(await second, false, 'editor.edit with a stale version is refused');
        assert.equal(document.getText(), 'Xabc\n');
        assert.deepEqual(events, [v + 1]);

        let seenWhenResolved = -1;
        const own = editor.edit((b) => b.insert(new vscode.Position(0, 4), 'Z'), options);
        const ok = await own.then((applied) => {
          seenWhenResolved = events.length;
          return applied;
        });
        assert.equal(ok, true);
        assert.equal(seenWhenResolved, 2, 'the change event arrived before the edit promise resolved');
        assert.equal(events[1], v + 2);

        // workspace.applyEdit carries the version too: sent before a synchronous editor edit, it is refused.
        const stale = new vscode.WorkspaceEdit();
        stale.insert(document.uri, new vscode.Position(0, 0), 'W');
        const workspaceEdit = vscode.workspace.applyEdit(stale).then((applied) => applied, () => false);
        const editorEdit = editor.edit((b) => b.insert(new vscode.Position(1, 0), 'E'), options);
        assert.equal(await editorEdit, true);
        assert.equal(await workspaceEdit, false, 'a WorkspaceEdit against an older version is refused');
        assert.equal(document.getText(), 'XabcZ\nE');
      } finally {
        subscription.dispose();
      }
    });

    it('the port knows its own edit whatever order the workbench reports its replacements in (two at one offset)', async () => {
      // An insertion and a deletion at the same offset, in both orders: the workbench reports the changes of
      // one edit in its own order, which need not be the request's.
      for (const order of ['insert first', 'delete first'] as const) {
        const editor = await openEditor('pending one\npending two\nimport math\n');
        const port = new VsCodeEditorPort(editor, nullLogger);
        const events: EditorPortEvent[] = [];
        const subscription = port.onEvent((event) => events.push(event));
        try {
          const insert = { offset: 0, deleteLength: 0, text: '# new first line\n' };
          const remove = { offset: 0, deleteLength: 'pending one\npending two\n'.length, text: '' };
          const ok = await port.apply({ edits: order === 'insert first' ? [insert, remove] : [remove, insert], undoStopBefore: true, undoStopAfter: false, reveal: false });
          assert.equal(ok, true);
          assert.equal(editor.document.getText(), '# new first line\nimport math\n');
          const changes = events.filter((event) => event.type === 'change');
          assert.equal(changes.length, 1, order);
          assert.equal(changes[0]!.type === 'change' && changes[0]!.own, true, `${order}: the change is the port's own`);
        } finally {
          subscription.dispose();
          port.dispose();
        }
      }
    });

    it('rejects editor.edit on an editor that is no longer visible', async () => {
      const hidden = await openEditor('hidden\n');
      assert.equal(hidden.document.getText(), 'hidden\n');
      await openEditor('front\n');
      assert.equal(vscode.window.visibleTextEditors.includes(hidden), false);
      const outcome = await hidden.edit((b) => b.insert(new vscode.Position(0, 0), 'X')).then(
        (ok) => (ok ? 'applied' : 'refused'),
        () => 'rejected',
      );
      assert.notEqual(outcome, 'applied');
      assert.equal(hidden.document.getText(), 'hidden\n');
    });
  });

  it('streams a plain answer into a new editor beside, exactly, and one undo removes it', async () => {
    const text = 'def add(a, b):\n    return a + b\n\nprint(add(1, 2))\n';
    loopback.server.enqueue({ type: 'stream', text });
    await openEditor('# the editor generation starts from\n');
    const result = await generate('an add function');
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.text, text);
    const document = documentOf(result);
    assert.equal(document.getText(), text);
    assert.equal(document.isUntitled, true);
    assert.equal(document.languageId, 'python', "the active editor's language when the answer names none");
    assert.equal(vscode.window.activeTextEditor?.document, document);
    assert.equal(vscode.window.activeTextEditor?.viewColumn, vscode.ViewColumn.Two, 'opened beside');
    const body = loopback.server.requests[0]!.body as { messages: { role: string; content: string }[]; model: string };
    assert.equal(body.model, 'loopback-small');
    assert.match(body.messages.at(-1)!.content, /an add function/);
    await undoIn(document);
    assert.equal(document.getText(), '');
  });

  it('keeps only the code of a fenced answer and takes the language from the fence', async () => {
    const code = 'def greet(name):\n    return f"Hello, {name}"\n\nprint(greet("world"))';
    loopback.server.enqueue({ type: 'stream', text: `Here is the function you asked for:\n\n\`\`\`python\n${code}\n\`\`\`\n\nIt prints a greeting. Hope this helps!\n` });
    await openEditor('plain words\n', 'plaintext');
    const result = await generate('a greeting');
    assert.equal(result.finishReason, 'stop');
    const document = documentOf(result);
    assert.equal(document.getText(), code);
    assert.equal(result.text, code);
    assert.equal(document.languageId, 'python');
    assert.equal(result.documentClosed, false, 'the language change is not taken for a close');
  });

  it('is exact over hostile byte boundaries (split multibyte characters and data: lines)', async () => {
    const tokens = ['s = "', 'héllo ', '日本語 ', '😀', ' ünïcödé"', '\n', 'print(s)', '\n'];
    const body = Buffer.from(buildChatStreamBody({ identity: { id: 'x', model: 'loopback-small', created: 1 }, tokens, finishReason: 'stop', done: true }), 'utf8');
    const chunks: Uint8Array[] = [];
    // 1..7-byte pieces: every multibyte character and every "data:" prefix is cut somewhere.
    for (let i = 0, size = 1; i < body.length; i += size, size = (size % 7) + 1) chunks.push(body.subarray(i, i + size));
    loopback.server.enqueue({ type: 'raw', chunks });
    const result = await generate('unicode');
    assert.equal(result.finishReason, 'stop');
    assert.equal(documentOf(result).getText(), tokens.join(''));
    assert.equal(result.text, tokens.join(''));
  });

  it('streams a 20,000-token burst into the editor exactly, and one undo removes it', async () => {
    const tokens = codeTokens(5000);
    assert.equal(tokens.length, 20_000);
    loopback.server.enqueue({ type: 'stream', tokens });
    const result = await generate('many lines');
    assert.equal(result.finishReason, 'stop');
    const document = documentOf(result);
    const expected = tokens.join('');
    assert.equal(document.getText().length, expected.length);
    assert.equal(document.getText(), expected);
    await undoIn(document);
    assert.equal(document.getText(), '');
  });

  it("leaves the user's edits elsewhere intact while streaming, and does not move their cursor", async () => {
    const editor = await openEditor('top\n\nbottom\n');
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const tokens = codeTokens(60, 'g');
    // The last line waits until the user has typed, so the answer is certainly still open meanwhile.
    let typingDone!: () => void;
    const until = new Promise<void>((resolve) => (typingDone = resolve));
    loopback.server.enqueue({ type: 'stream', tokens, delayMs: 25, holdBeforeChunk: { index: tokens.length - 3, until } });
    const running = insertAtCursor('some lines');
    let finished = false;
    void Promise.resolve(running).then(() => (finished = true));
    const document = editor.document;
    try {
      await waitFor(() => document.getText().includes('g2 = 2'), 'the first generated lines');
      // The user types at the top and at the end while the server still streams. The cursor commands and
      // `type` run in the workbench like keystrokes (no version check, so they race with the streamed edits;
      // an extension's editor.edit from here would be refused most of the time, a streamed edit being almost
      // always in flight).
      for (let i = 0; i < 5; i++) {
        await vscode.commands.executeCommand('cursorTop');
        await vscode.commands.executeCommand('type', { text: 'U' });
        await vscode.commands.executeCommand('cursorBottom');
        await vscode.commands.executeCommand('type', { text: 'W' });
      }
      assert.equal(finished, false, 'the edits happened while the stream was running');
    } finally {
      typingDone();
    }
    const result = await running;
    assert.equal(result.finishReason, 'stop');
    assert.equal(document.getText(), `UUUUUtop\n${tokens.join('')}\nbottom\nWWWWW`);
    assert.equal(result.text, tokens.join(''));
    // The cursor stayed where the user typed last, after the W's, though text was inserted above it.
    const end = document.lineAt(document.lineCount - 1).range.end;
    await waitFor(() => editor.selection.active.isEqual(end), `the cursor at the end (it is at ${editor.selection.active.line}:${editor.selection.active.character})`, 5000);
  });

  it('keeps streaming into the document when its editor is hidden', async () => {
    const editor = await openEditor('start\n');
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const tokens = codeTokens(30, 'h');
    loopback.server.enqueue({ type: 'stream', tokens, delayMs: 15 });
    const running = insertAtCursor('hidden');
    const document = editor.document;
    await waitFor(() => document.getText().includes('h1 = 1'), 'the first generated lines');
    await openEditor('another document in the same group\n');
    assert.equal(vscode.window.visibleTextEditors.some((e) => e.document === document), false);
    const result = await running;
    assert.equal(result.finishReason, 'stop');
    assert.equal(document.getText(), `start\n${tokens.join('')}`);
  });

  it('cancels with tokenStream.cancel, keeps the partial text and closes the connection', async () => {
    const tokens = codeTokens(400, 'c');
    loopback.server.enqueue({ type: 'stream', tokens, delayMs: 10 });
    const running = generate('cancel me');
    const document = await editorWith((d) => d.getText().includes('c3 = 3'), 'streamed text');
    await vscode.commands.executeCommand('tokenStream.cancel');
    const result = await running;
    assert.equal(result.finishReason, 'cancelled');
    assert.equal(document.getText(), result.text);
    assert.ok(result.text.length > 0 && result.text.length < tokens.join('').length);
    assert.ok(tokens.join('').startsWith(result.text));
    await loopback.server.requests[0]!.closed;
    assert.equal(loopback.server.requests[0]!.closedByClient, true);
  });

  it("cancels with onCancel 'discard': the generated text is removed", async () => {
    const undo = await setSettings({ onCancel: 'discard' });
    try {
      const editor = await openEditor('keep me\n');
      editor.selection = new vscode.Selection(1, 0, 1, 0);
      loopback.server.enqueue({ type: 'stream', tokens: codeTokens(400, 'd'), delayMs: 10 });
      const running = insertAtCursor('discard me');
      await waitFor(() => editor.document.getText().includes('d3 = 3'), 'streamed text');
      await vscode.commands.executeCommand('tokenStream.cancel');
      const result = await running;
      assert.equal(result.finishReason, 'cancelled');
      assert.equal(result.discarded, true);
      assert.equal(editor.document.getText(), 'keep me\n');
      await loopback.server.requests[0]!.closed;
      assert.equal(loopback.server.requests[0]!.closedByClient, true);
    } finally {
      await undo();
    }
  });

  it('keeps the partial text when the stream fails mid-way (error event)', async () => {
    const tokens = codeTokens(10, 'e');
    loopback.server.enqueue({ type: 'stream', tokens, errorAfterTokens: { after: 12, message: 'The model crashed' } });
    const result = await generate('fail');
    assert.equal(result.finishReason, 'error');
    assert.ok(result.error);
    const partial = tokens.slice(0, 12).join('');
    assert.equal(result.text, partial);
    assert.equal(documentOf(result).getText(), partial);
  });

  it('keeps the partial text when the connection is cut mid-stream', async () => {
    const tokens = codeTokens(200, 'k');
    loopback.server.enqueue({ type: 'stream', tokens, cutAfterBytes: 6000 });
    const result = await generate('cut');
    assert.equal(result.finishReason, 'error');
    assert.ok(result.error);
    assert.ok(result.text.length > 0);
    assert.ok(tokens.join('').startsWith(result.text));
    assert.equal(documentOf(result).getText(), result.text);
  });

  it('offers the partial text in a new editor when the document is closed mid-stream', async () => {
    const tokens = codeTokens(400, 'x');
    loopback.server.enqueue({ type: 'stream', tokens, delayMs: 10 });
    const running = generate('close me');
    const document = await editorWith((d) => d.getText().includes('x3 = 3'), 'streamed text');
    assert.equal(vscode.window.activeTextEditor?.document, document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const result = await running;
    assert.equal(result.documentClosed, true);
    assert.ok(result.text.length > 0);
    assert.ok(tokens.join('').startsWith(result.text));
    assert.ok(result.recoveredUri);
    const recovered = vscode.window.activeTextEditor?.document;
    assert.equal(recovered?.uri.toString(), result.recoveredUri);
    assert.equal(recovered?.getText(), result.text);
    await loopback.server.requests[0]!.closed;
    assert.equal(loopback.server.requests[0]!.closedByClient, true, 'closing the document aborts the request');
  });

  it('runs two generations at once; cancelling one leaves the other to finish', async () => {
    // The first is long enough to be still running when it is stopped, even on a slow machine.
    const first = codeTokens(600, 'first');
    const second = codeTokens(100, 'second');
    loopback.server.setHandler((request) => {
      const content = JSON.stringify(request.body);
      return { type: 'stream', tokens: content.includes('job one') ? first : second, delayMs: 10 };
    });
    const one = generate('job one');
    const oneDocument = await editorWith((d) => d.getText().startsWith('first0'), 'the first generation');
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    const two = generate('job two');
    const twoDocument = await editorWith((d) => d.getText().startsWith('second0'), 'the second generation');
    // Stop the first by its document (not the latest).
    await vscode.window.showTextDocument(oneDocument, { preview: false });
    await vscode.commands.executeCommand('tokenStream.cancel');
    const [oneResult, twoResult] = await Promise.all([one, two]);
    assert.equal(oneResult.finishReason, 'cancelled');
    assert.equal(oneDocument.getText(), oneResult.text);
    assert.ok(oneResult.text.length < first.join('').length);
    assert.equal(twoResult.finishReason, 'stop');
    assert.equal(twoDocument.getText(), second.join(''));
  });

  it('replaces the selection at the cursor, following its indentation, and sends the code around it', async () => {
    const editor = await openEditor('def f():\n    pass\n\nprint(f())\n');
    editor.selection = new vscode.Selection(1, 4, 1, 8);
    loopback.server.enqueue({ type: 'stream', text: 'Sure:\n```python\nx = 1\ny = 2\nreturn x + y\n```\n' });
    const result = await insertAtCursor('compute something');
    assert.equal(result.finishReason, 'stop');
    assert.equal(editor.document.getText(), 'def f():\n    x = 1\n    y = 2\n    return x + y\n\nprint(f())\n');
    assert.equal(editor.document.languageId, 'python', 'an existing document keeps its language');
    const content = (loopback.server.requests[0]!.body as { messages: { content: string }[] }).messages.at(-1)!.content;
    assert.match(content, /compute something/);
    assert.match(content, /language: python/);
    assert.ok(content.includes('def f():\n    <CURSOR>pass</CURSOR>\n\nprint(f())'), content);
    await undoIn(editor.document);
    assert.equal(editor.document.getText(), 'def f():\n    pass\n\nprint(f())\n');
  });

  it('inserts at the cursor column without a selection', async () => {
    const editor = await openEditor('class A:\n    def m(self):\n        \n');
    editor.selection = new vscode.Selection(2, 8, 2, 8);
    loopback.server.enqueue({ type: 'stream', text: 'a = 1\nif a:\n    return a\n' });
    const result = await insertAtCursor('body');
    assert.equal(result.finishReason, 'stop');
    assert.equal(editor.document.getText(), 'class A:\n    def m(self):\n        a = 1\n        if a:\n            return a\n\n');
  });
});
