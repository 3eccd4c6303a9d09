import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TokenStreamExports } from '../../src/extension';
import type { EditSelectionResult } from '../../src/vscode/edit/registerEditSelection';
import { COMMANDS, EXTENSION_ID } from '../../src/vscode/ids';
import { closeEditors, openScratchDocument, openScratchEditor, useLoopbackServer, waitFor, whileThinkingIsCounted } from './helpers';

/** The file every test edits: two functions and a class, lines 0..25. */
const ORIGINAL_LINES = [
  'import math',
  '',
  'def area(radius):',
  '    """Area of a circle."""',
  '    result = math.pi * radius ** 2',
  '    return result',
  '',
  'def perimeter(radius):',
  '    """Perimeter of a circle."""',
  '    result = 2 * math.pi * radius',
  '    return result',
  '',
  'class Circle:',
  '    def __init__(self, radius):',
  '        self.radius = radius',
  '',
  '    def area(self):',
  '        return area(self.radius)',
  '',
  '    def perimeter(self):',
  '        return perimeter(self.radius)',
  '',
  '    def describe(self):',
  '        return f"circle of radius {self.radius}"',
  '',
  'print(Circle(2).describe())',
];
const ORIGINAL = ORIGINAL_LINES.map((line) => `${line}\n`).join('');

/** The selection most tests rewrite: lines 2..23 (both functions and the class). */
const SELECTED = { start: 2, end: 24 };

/** The rewrite of the selected lines: two changes far apart (lines 4 and 17), everything else kept. */
function rewrite(changes: Record<number, string>): string {
  return ORIGINAL_LINES.slice(SELECTED.start, SELECTED.end)
    .map((line, i) => changes[SELECTED.start + i] ?? line)
    .map((line) => `${line}\n`)
    .join('');
}
const TWO_CHANGES = { 4: '    result = math.pi * radius * radius', 17: '        return area(self.radius)  # cached' };
const ANSWER = rewrite(TWO_CHANGES);

/** The document once every change is accepted. */
function accepted(answer: string): string {
  return ORIGINAL_LINES.slice(0, SELECTED.start).map((l) => `${l}\n`).join('') + answer + ORIGINAL_LINES.slice(SELECTED.end).map((l) => `${l}\n`).join('');
}

/** An answer the way models write it: a sentence, the fenced code, a sentence. */
function fenced(code: string): string {
  return `Here is the rewritten code:\n\n\`\`\`python\n${code}\`\`\`\n\nBoth functions now do less work.\n`;
}

/** Code split in pieces of a few characters, as a server streams it. */
function pieces(text: string, size = 7): string[] {
  const list: string[] = [];
  for (let i = 0; i < text.length; i += size) list.push(text.slice(i, i + size));
  return list;
}

function exports(): TokenStreamExports {
  const extension = vscode.extensions.getExtension<TokenStreamExports>(EXTENSION_ID);
  assert.ok(extension?.isActive, `${EXTENSION_ID} is active`);
  return extension.exports;
}

function editSelection(args?: unknown): Thenable<EditSelectionResult> {
  return vscode.commands.executeCommand<EditSelectionResult>(COMMANDS.editSelection, args);
}

async function openEditor(content = ORIGINAL, language = 'python'): Promise<vscode.TextEditor> {
  return openScratchEditor(content, language);
}

/** Selects lines [start, end) the way a user does: from inside the first line to inside the last one. */
function select(editor: vscode.TextEditor, start = SELECTED.start, end = SELECTED.end): void {
  editor.selection = new vscode.Selection(start, 4, end - 1, 3);
}

function hunksOf(document: vscode.TextDocument): { removed: [number, number]; added: [number, number] }[] {
  return exports().editSelection.hunks(document.uri.toString());
}

/** The lines [start, end) of the document. */
function linesOf(document: vscode.TextDocument, [start, end]: [number, number]): string[] {
  return Array.from({ length: end - start }, (_, i) => document.lineAt(start + i).text);
}

describe('Edit Selection (in the extension host)', function () {
  this.timeout(120_000);
  const loopback = useLoopbackServer();
  /** A file on disk, shown in an editor (its EOL is the file's), and its path. */
  async function openFile(content = ORIGINAL): Promise<{ editor: vscode.TextEditor; file: string }> {
    const editor = await openScratchEditor(content);
    return { editor, file: editor.document.uri.fsPath };
  }
  afterEach(async () => {
    await vscode.commands.executeCommand(COMMANDS.cancel);
    await vscode.commands.executeCommand(COMMANDS.rejectEdits);
    await closeEditors();
  });

  describe('called with arguments', () => {
    it('resolves at once with an error that says what was wrong, sending nothing and opening nothing', async () => {
      const editor = await openEditor();
      const other = await openScratchDocument('x = 1\n');
      const cases: [unknown, RegExp][] = [
        [{}, /"prompt" must be a non-empty string/],
        [{ prompt: '   ' }, /"prompt" must be a non-empty string/],
        [{ prompt: 42 }, /"prompt" must be a non-empty string/],
        [{ prompt: 'x', model: 7 }, /"model"/],
        [{ prompt: 'x', uri: 'untitled:Nothing-open-here' }, /is not open/],
        [{ prompt: 'x', uri: other.uri.toString() }, /open but not shown in an editor/],
        [{ prompt: 'x', range: { start: { line: 0, character: 0 }, end: { line: 500, character: 0 } } }, /outside the document/],
        [{ prompt: 'x', range: { start: { line: -1, character: 0 }, end: { line: 1, character: 0 } } }, /"range"/],
      ];
      for (const [args, message] of cases) {
        const result = await editSelection(args);
        assert.equal(result.finishReason, 'error', JSON.stringify(args));
        assert.equal(result.hunks, 0);
        assert.match(result.error!.message, message, JSON.stringify(args));
      }
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      assert.equal(vscode.window.activeTextEditor, undefined);
      const none = await editSelection({ prompt: 'x' });
      assert.equal(none.finishReason, 'error');
      assert.match(none.error!.message, /no editor is active/);
      assert.equal(loopback.server.requests.length, 0, 'nothing was sent');
      // A file's document outlives its editor in the extension host: what counts is that no editor shows it again.
      assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === editor.document.uri.toString()), 'nothing opened it again');
    });

    it('streams the rewrite of the selected lines in as changes to review, and resolves with them once the stream ends', async () => {
      const editor = await openEditor();
      select(editor);
      const selection = editor.selection;
      loopback.server.enqueue({ type: 'stream', tokens: pieces(fenced(ANSWER)) });
      const result = await editSelection({ prompt: 'make the area cheaper and mark the cached call' });
      const document = editor.document;
      assert.equal(result.finishReason, 'stop');
      assert.equal(result.error, undefined);
      assert.equal(result.uri, document.uri.toString());
      assert.equal(result.text, ANSWER.slice(0, -1), 'the code of the fenced block, nothing else (the last line break belongs to the fence)');
      assert.equal(result.hunks, 2);
      const hunks = hunksOf(document);
      assert.deepEqual(
        hunks.map((h) => [linesOf(document, h.removed), linesOf(document, h.added)]),
        [
          [[ORIGINAL_LINES[4]], [TWO_CHANGES[4]]],
          [[ORIGINAL_LINES[17]], [TWO_CHANGES[17]]],
        ],
      );
      assert.equal(vscode.window.activeTextEditor, editor, 'the active editor stays');
      assert.ok(editor.selection.start.isEqual(selection.start), 'the cursor stays where the user left it');

      const body = loopback.server.requests[0]!.body as { messages: { role: string; content: string }[]; prediction?: { type: string; content: string } };
      const wholeLines = ORIGINAL_LINES.slice(SELECTED.start, SELECTED.end).map((l) => `${l}\n`).join('');
      assert.deepEqual(body.prediction, { type: 'content', content: wholeLines }, 'the selection, as whole lines, is the predicted output');
      const user = body.messages.at(-1)!.content;
      assert.match(user, /^make the area cheaper/);
      assert.ok(user.includes(wholeLines), 'the whole selected lines are sent');
      assert.ok(user.includes('import math'), 'with the code around them');
      assert.match(user, /lines 3-24/);
    });
  });

  it('accepts one change and rejects another by index, each resolving with the changes still pending', async () => {
    const editor = await openEditor();
    select(editor);
    const answer = rewrite({ ...TWO_CHANGES, 9: '    result = math.tau * radius' });
    loopback.server.enqueue({ type: 'stream', tokens: pieces(fenced(answer)) });
    const result = await editSelection({ prompt: 'three changes' });
    assert.equal(result.hunks, 3);
    const uri = editor.document.uri.toString();
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.rejectHunk, { uri, index: 1 }), 2);
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptHunk, { uri, index: 1 }), 1);
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptHunk, { uri, index: 5 }), 1, 'no such change: nothing happens');
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptHunk, { uri, index: 0 }), 0);
    assert.equal(editor.document.getText(), accepted(rewrite(TWO_CHANGES)), 'changes 0 and 2 accepted, change 1 rejected');
    assert.deepEqual(hunksOf(editor.document), []);
  });

  it('needs one undo after Accept All to give back the original, byte for byte, in a CRLF document', async () => {
    const crlf = ORIGINAL.replace(/\n/g, '\r\n');
    const { editor } = await openFile(crlf);
    assert.equal(editor.document.eol, vscode.EndOfLine.CRLF);
    select(editor);
    loopback.server.enqueue({ type: 'stream', tokens: pieces(fenced(ANSWER), 3) });
    const result = await editSelection({ prompt: 'two changes' });
    assert.equal(result.finishReason, 'stop', result.error?.message);
    assert.equal(result.hunks, 2, JSON.stringify(editor.document.getText()));
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptEdits), 0);
    assert.equal(editor.document.getText(), accepted(ANSWER).replace(/\n/g, '\r\n'));
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), crlf);
  });

  it('leaves the document byte-identical after Reject All (its last line still without a line break), and an undo after it too', async () => {
    const editor = await openEditor(ORIGINAL.replace(/\n$/, ''));
    const before = editor.document.getText();
    // The selection reaches the last line, which has no line break.
    select(editor, 20, 26);
    const answer = ['    def perimeter(self):', '        return 2 * math.pi * self.radius', '', '    def describe(self):', '        return f"circle of radius {self.radius}"', '', 'print(Circle(3).describe())'].join('\n');
    loopback.server.enqueue({ type: 'stream', tokens: pieces(fenced(`${answer}\n`)) });
    const result = await editSelection({ prompt: 'inline perimeter, radius 3' });
    assert.ok(result.hunks >= 1);
    assert.notEqual(editor.document.getText(), before);
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.rejectEdits, { uri: editor.document.uri }), 0);
    assert.equal(editor.document.getText(), before);
    // The whole review was one undo step, so undoing it goes back to the same text, not to a half state.
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
  });

  it('keeps the changes anchored while the user types elsewhere during the stream', async () => {
    const editor = await openEditor();
    select(editor);
    const document = editor.document;
    loopback.server.enqueue({ type: 'stream', tokens: pieces(fenced(ANSWER), 4), delayMs: 15 });
    const running = editSelection({ prompt: 'two changes' });
    await waitFor(() => hunksOf(document).length >= 1, 'the first change to be shown');
    // The user types above and below the selection, and inside a line the rewrite keeps.
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# typed above\n'));
    await editor.edit((b) => b.insert(new vscode.Position(document.lineCount - 1, 0), '# typed below\n'));
    const kept = document.getText().indexOf('class Circle');
    await editor.edit((b) => b.insert(document.positionAt(kept + 'class Circle'.length), 'Shape'));
    const result = await running;
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.hunks, 2);
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptEdits), 0);
    const expected = `# typed above\n${accepted(ANSWER).replace('class Circle', 'class CircleShape')}# typed below\n`;
    assert.equal(document.getText(), expected);
  });

  it('stops on Escape: what was shown stays reviewable, the rest of the selection is as it was, the request is closed', async () => {
    const editor = await openEditor();
    select(editor);
    const document = editor.document;
    const answer = rewrite({ 4: TWO_CHANGES[4], 9: '    result = math.tau * radius', 17: TWO_CHANGES[17] });
    loopback.server.enqueue({ type: 'stream', tokens: pieces(fenced(answer), 3), delayMs: 20 });
    const running = editSelection({ prompt: 'three changes' });
    await waitFor(() => hunksOf(document).length >= 2, 'two changes to be shown');
    await vscode.commands.executeCommand(COMMANDS.cancel);
    const result = await running;
    assert.equal(result.finishReason, 'cancelled');
    assert.ok(result.hunks >= 2);
    await loopback.server.requests[0]!.closed;
    assert.equal(loopback.server.requests[0]!.closedByClient, true, 'the server saw the socket close');
    assert.equal(exports().editSelection.pendingLines(document.uri.toString()), undefined, 'nothing is left pending');
    const last = hunksOf(document).at(-1)!;
    const rest = document.getText(new vscode.Range(last.added[1], 0, document.lineCount, 0));
    assert.ok(ORIGINAL.endsWith(rest), 'the lines after the last change are the original ones');
    assert.ok(rest.includes('def describe(self)'), 'the end of the selection was not reached and is kept');
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.rejectEdits), 0);
    assert.equal(document.getText(), ORIGINAL);
  });

  it('keeps a reasoning model\'s thinking out of the document, says "Thinking... N s" meanwhile, and returns it', async () => {
    const editor = await openEditor();
    select(editor);
    // About 1.5 s of thinking (15 pieces, 100 ms apart), so the status bar counts at least one second.
    const reasoning = ['The user wants', ' the area cheaper;', ' keep everything else.', ...Array.from({ length: 12 }, () => ' …')];
    loopback.server.enqueue({ type: 'stream', tokens: pieces(fenced(ANSWER), 200), reasoning: { tokens: reasoning, field: 'reasoning_content' }, delayMs: 100 });
    const result = await whileThinkingIsCounted(editSelection({ prompt: 'two changes' }), () => exports().statusBarText());
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.reasoning, reasoning.join(''));
    assert.equal(result.text, ANSWER.slice(0, -1));
    await vscode.commands.executeCommand(COMMANDS.acceptEdits);
    assert.equal(editor.document.getText(), accepted(ANSWER));
    for (const piece of ['user wants', 'keep everything']) assert.ok(!editor.document.getText().includes(piece));

    select(editor);
    loopback.server.enqueue({ type: 'stream', tokens: pieces(fenced(ANSWER)), reasoning: { tokens: reasoning.slice(0, 3), field: 'think-tags' } });
    const inline = await editSelection({ prompt: 'nothing to change' });
    assert.equal(inline.reasoning, reasoning.slice(0, 3).join(''));
    assert.equal(inline.hunks, 0, 'the <think> block is no part of the rewrite');
    assert.equal(editor.document.getText(), accepted(ANSWER));
  });

  it('learns once that the endpoint refuses predicted outputs', async () => {
    const editor = await openEditor();
    loopback.server.refuseField('prediction');
    loopback.server.setHandler(() => ({ type: 'stream', tokens: pieces(fenced(ANSWER)) }));
    for (let round = 0; round < 2; round++) {
      select(editor);
      const result = await editSelection({ prompt: 'two changes', model: 'loopback-refuses-prediction' });
      assert.equal(result.finishReason, 'stop', result.error?.message);
      assert.equal(result.hunks, 2);
      await vscode.commands.executeCommand(COMMANDS.rejectEdits);
    }
    const sent = loopback.server.requests.map((r) => 'prediction' in (r.body as object));
    assert.deepEqual(sent, [true, false, false], 'refused once, retried without it, then never sent again');
  });

  it('draws Accept and Reject lenses above each change; a lens acts on its own change even after another was resolved', async () => {
    const editor = await openEditor();
    select(editor);
    const answer = rewrite({ ...TWO_CHANGES, 9: '    result = math.tau * radius' });
    loopback.server.enqueue({ type: 'stream', tokens: pieces(fenced(answer)) });
    await editSelection({ prompt: 'three changes' });
    const document = editor.document;
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri)).filter((lens) =>
      lens.command?.command.startsWith('tokenStream.'),
    );
    assert.deepEqual(
      lenses.map((lens) => [lens.range.start.line, lens.command!.title]),
      [
        [4, 'Accept'],
        [4, 'Reject'],
        [10, 'Accept'],
        [10, 'Reject'],
        [19, 'Accept'],
        [19, 'Reject'],
      ],
    );
    const counts = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri)).map((l) => l.command?.title);
    assert.equal(counts.filter((title) => title === '+1 −1').length, 3, 'each change shows its line counts');
    // The last change's lens was drawn when it was change 2; after change 0 is accepted it is change 1.
    const lastReject = lenses[5]!.command!;
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptHunk, { uri: document.uri.toString(), index: 0 }), 2);
    assert.equal(await vscode.commands.executeCommand<number>(lastReject.command, ...lastReject.arguments!), 1);
    const stillShown = accepted(rewrite({ 4: TWO_CHANGES[4] })).replace(`${ORIGINAL_LINES[9]}\n`, `${ORIGINAL_LINES[9]}\n    result = math.tau * radius\n`);
    assert.equal(document.getText(), stillShown, 'change 0 taken, change 2 rejected, change 1 shown');
    assert.deepEqual(hunksOf(document).map((h) => linesOf(document, h.added)), [['    result = math.tau * radius']], 'change 1 still pending');
  });

  it('keeps tokenStream.editsPending and the status bar item for the active editor, and Next/Previous Change move the cursor', async () => {
    const editor = await openEditor();
    select(editor);
    loopback.server.enqueue({ type: 'stream', tokens: pieces(fenced(ANSWER)) });
    await editSelection({ prompt: 'two changes' });
    assert.equal(exports().editSelection.statusText(), '$(diff) 2 changes to review');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.nextHunk), 2);
    assert.equal(editor.selection.active.line, 4);
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.nextHunk), 2);
    assert.equal(editor.selection.active.line, 18);
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.nextHunk), 2);
    assert.equal(editor.selection.active.line, 4, 'wraps around');
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.previousHunk), 2);
    assert.equal(editor.selection.active.line, 18);

    // Another editor in front: nothing to review there, the item hides; back again, it shows.
    const other = await openEditor('x = 1\n');
    assert.equal(vscode.window.activeTextEditor, other);
    await waitFor(() => exports().editSelection.statusText() === '', 'the item to hide for an editor without changes');
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptEdits), 0, 'Accept All in an editor without changes does nothing');
    await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.One });
    await waitFor(() => exports().editSelection.statusText() === '$(diff) 2 changes to review', 'the count for the editor with changes');
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptHunk, { uri: editor.document.uri.toString(), index: 0 }), 1);
    assert.equal(exports().editSelection.statusText(), '$(diff) 1 change to review');
  });

  it('follows the rewrite until the user scrolls, and never scrolls the view after', async () => {
    const filler = Array.from({ length: 120 }, (_, i) => `# filler line ${i}`);
    const lines = [...filler, ...ORIGINAL_LINES];
    const editor = await openEditor(lines.map((l) => `${l}\n`).join(''));
    // Every line of the selection rewritten, so the whole answer streams in as pending lines below the view.
    const start = filler.length;
    editor.selection = new vscode.Selection(start, 0, lines.length, 0);
    // A command, so the view has moved when it resolves (the visible-range event of revealRange may come late).
    await vscode.commands.executeCommand('revealLine', { lineNumber: start, at: 'top' });
    await waitFor(() => editor.visibleRanges[0]!.start.line > 100, 'the selection in view');
    const answer = Array.from({ length: 90 }, (_, i) => `value_${i} = compute(${i})`).join('\n');
    loopback.server.enqueue({ type: 'stream', tokens: pieces(fenced(`${answer}\n`), 5), delayMs: 10 });
    const running = editSelection({ prompt: 'rewrite everything' });
    const height = editor.visibleRanges[0]!.end.line - editor.visibleRanges[0]!.start.line;
    await waitFor(() => editor.visibleRanges[0]!.end.line > start + height + 5, 'the view to follow the rewrite');
    await vscode.commands.executeCommand('editorScroll', { to: 'up', by: 'page', value: 2 });
    await waitFor(() => editor.visibleRanges[0]!.start.line < start, 'the scroll to be seen');
    const scrolledTop = editor.visibleRanges[0]!.start.line;
    const tops: number[] = [];
    const watch = vscode.window.onDidChangeTextEditorVisibleRanges((event) => {
      if (event.textEditor === editor) tops.push(event.visibleRanges[0]!.start.line);
    });
    const linesAtScroll = editor.document.lineCount;
    try {
      assert.equal((await running).finishReason, 'stop');
    } finally {
      watch.dispose();
    }
    assert.ok(editor.document.lineCount > linesAtScroll + 10, 'the rewrite went on streaming after the scroll');
    const back = tops.indexOf(scrolledTop);
    assert.ok((back < 0 ? tops : tops.slice(0, back)).length <= 3, `at most one pull-back, put back at once: ${scrolledTop} then ${tops.join(', ')}`);
    assert.deepEqual(tops.slice(back).filter((top) => top !== scrolledTop), [], `no edit scrolled the view: ${scrolledTop} then ${tops.join(', ')}`);
    assert.equal(editor.visibleRanges[0]!.start.line, scrolledTop);
  });

  describe('saving while changes are pending', () => {
    it('writes the file as if every pending change were rejected, and keeps the changes on screen', async () => {
      const { editor, file } = await openFile();
      const document = editor.document;
      select(editor);
      loopback.server.enqueue({ type: 'stream', tokens: pieces(fenced(ANSWER)) });
      assert.equal((await editSelection({ prompt: 'two changes' })).hunks, 2);
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# mine\n'));
      const shown = document.getText();
      assert.equal(await document.save(), true);
      assert.equal(fs.readFileSync(file, 'utf8'), `# mine\n${ORIGINAL}`, 'the original lines and the user\'s own edit, no new line');
      await waitFor(() => document.getText() === shown, 'the changes to be shown again');
      assert.equal(hunksOf(document).length, 2);
      assert.equal(document.isDirty, true, 'what is shown differs from the file');

      assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptEdits), 0);
      await document.save();
      assert.equal(fs.readFileSync(file, 'utf8'), `# mine\n${accepted(ANSWER)}`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('never writes a line of the rewrite while it streams, saved by hand or by auto save', async () => {
      const { editor, file } = await openFile();
      const document = editor.document;
      const written: string[] = [];
      const watch = vscode.workspace.onDidSaveTextDocument((saved) => {
        if (saved === document) written.push(fs.readFileSync(file, 'utf8'));
      });
      const restore = await setFilesAutoSave('afterDelay', 50);
      try {
        select(editor);
        loopback.server.enqueue({ type: 'stream', tokens: pieces(fenced(ANSWER), 3), delayMs: 10 });
        const running = editSelection({ prompt: 'two changes' });
        await waitFor(() => hunksOf(document).length >= 1, 'a change to be shown');
        await document.save();
        const result = await running;
        assert.equal(result.finishReason, 'stop');
        await waitFor(() => written.length >= 2, 'a save by hand and an auto save');
        assert.ok(written.every((text) => text === ORIGINAL), `every save wrote the original: ${written.filter((t) => t !== ORIGINAL).length} did not`);
        await vscode.commands.executeCommand(COMMANDS.acceptEdits);
        await waitFor(() => fs.readFileSync(file, 'utf8') === accepted(ANSWER), 'the auto save of the accepted rewrite');
      } finally {
        await restore();
        watch.dispose();
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      }
    });
  });
});

/** Sets files.autoSave (and its delay) in the user settings; the returned function restores them. */
async function setFilesAutoSave(mode: string, delay: number): Promise<() => Promise<void>> {
  const files = vscode.workspace.getConfiguration('files');
  const previous = { mode: files.inspect('autoSave')?.globalValue, delay: files.inspect('autoSaveDelay')?.globalValue };
  await files.update('autoSaveDelay', delay, vscode.ConfigurationTarget.Global);
  await files.update('autoSave', mode, vscode.ConfigurationTarget.Global);
  return async () => {
    await files.update('autoSave', previous.mode, vscode.ConfigurationTarget.Global);
    await files.update('autoSaveDelay', previous.delay, vscode.ConfigurationTarget.Global);
  };
}
