import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TokenStreamExports } from '../../src/extension';
import type { ApplyResult } from '../../src/vscode/apply/registerApply';
import { COMMANDS, EXTENSION_ID } from '../../src/vscode/ids';
import { useLoopbackServer, waitFor } from './helpers';

/** The file the tests apply blocks to: two functions and a class. */
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
  '    def describe(self):',
  '        return f"circle of radius {self.radius}"',
  '',
  'print(Circle(2).describe())',
];
const ORIGINAL = ORIGINAL_LINES.map((line) => `${line}\n`).join('');

function withLines(changes: Record<number, string | string[]>): string {
  return ORIGINAL_LINES.flatMap((line, i) => {
    const change = changes[i];
    return change === undefined ? [line] : typeof change === 'string' ? [change] : change;
  })
    .map((line) => `${line}\n`)
    .join('');
}

function searchReplace(search: readonly string[], replace: readonly string[]): string {
  return ['<<<<<<< SEARCH', ...search, '=======', ...replace, '>>>>>>> REPLACE', ''].join('\n');
}

/** Two SEARCH/REPLACE blocks far apart: tier 1. */
const EXACT_BLOCK = searchReplace(['    result = math.pi * radius ** 2'], ['    result = math.pi * radius * radius']) + searchReplace(['print(Circle(2).describe())'], ['print(Circle(3).describe())']);
const EXACT_RESULT = withLines({ 4: '    result = math.pi * radius * radius', 19: 'print(Circle(3).describe())' });

/** A fragment with an "existing code" marker: tier 2. */
const FRAGMENT = ['class Circle:', '    # ... existing code ...', '', '    def describe(self):', '        return f"a circle of radius {self.radius}"', ''].join('\n');
const FRAGMENT_RESULT = withLines({ 17: '        return f"a circle of radius {self.radius}"' });

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

function applyCodeBlock(args?: unknown): Thenable<ApplyResult> {
  return vscode.commands.executeCommand<ApplyResult>(COMMANDS.applyCodeBlock, args);
}

/** The lines each hunk removes and adds, as shown in the document now. */
function shownHunks(document: vscode.TextDocument): [string[], string[]][] {
  const lines = ([start, end]: [number, number]): string[] => Array.from({ length: end - start }, (_, i) => document.lineAt(start + i).text);
  return exports()
    .editSelection.hunks(document.uri.toString())
    .map((h) => [lines(h.removed), lines(h.added)]);
}

describe('Apply a code block (in the extension host)', function () {
  this.timeout(120_000);
  const loopback = useLoopbackServer();
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-stream-apply-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await vscode.commands.executeCommand(COMMANDS.cancel);
    for (let i = 0; i < 20 && vscode.window.activeTextEditor; i++) {
      await vscode.commands.executeCommand(COMMANDS.rejectEdits);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  /** Writes `name` with `content` in the test's folder and shows it in the first column. */
  async function openFile(name: string, content = ORIGINAL, column = vscode.ViewColumn.One): Promise<{ editor: vscode.TextEditor; file: string }> {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preview: false });
    return { editor, file };
  }

  it('with bad arguments or no file to apply to, resolves at once with an error, sending nothing and opening nothing', async () => {
    const { editor } = await openFile('bad-args.py');
    fs.writeFileSync(path.join(dir, 'hidden.py'), 'x = 1\n');
    const hidden = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'hidden.py')));
    const visible = vscode.window.visibleTextEditors.length;
    const cases: [unknown, RegExp][] = [
      [{}, /"code" must be a non-empty string/],
      [{ code: '  ' }, /"code" must be a non-empty string/],
      [{ code: 'x = 2', language: 5 }, /"language"/],
      [{ code: 'x = 2', uri: 5 }, /"uri"/],
      [{ code: 'x = 2', uri: hidden.uri.toString() }, /open but not shown in an editor/],
      [{ code: 'x = 2', uri: vscode.Uri.file(path.join(dir, 'nowhere.py')).toString() }, /not shown in an editor/],
      [{ code: '# other.py\nx = 2\n' }, /The block is for other\.py, which is not in the workspace/],
    ];
    for (const [args, message] of cases) {
      const result = await applyCodeBlock(args);
      assert.equal(result.finishReason, 'error', JSON.stringify(args));
      assert.equal(result.hunks, 0);
      assert.match(result.error!.message, message, JSON.stringify(args));
      assert.equal(result.error!.kind, 'invalidArgument');
    }
    assert.equal(vscode.window.activeTextEditor, editor, 'the active editor stays');
    assert.equal(vscode.window.visibleTextEditors.length, visible, 'no editor was opened');
    assert.equal(editor.document.getText(), ORIGINAL);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => vscode.window.activeTextEditor === undefined, 'no editor to be active');
    const none = await applyCodeBlock({ code: EXACT_BLOCK });
    assert.equal(none.finishReason, 'error');
    assert.equal(none.error!.kind, 'noEditor');
    assert.match(none.error!.message, /No file to apply to/);
    assert.equal(loopback.server.requests.length, 0, 'nothing was sent');
  });

  it('tier 1: applies SEARCH/REPLACE blocks without a model as changes to review; accept and reject each; the file on disk keeps the original until accepted', async () => {
    const { editor, file } = await openFile('exact.py');
    const document = editor.document;
    const selection = editor.selection;
    const result = await applyCodeBlock({ code: EXACT_BLOCK, uri: document.uri.toString(), language: 'python' });
    assert.equal(result.tier, 'exact');
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.error, undefined);
    assert.equal(result.uri, document.uri.toString());
    assert.equal(result.hunks, 2);
    assert.ok(result.elapsedMs !== undefined && result.elapsedMs >= 0);
    assert.deepEqual(shownHunks(document), [
      [['    result = math.pi * radius ** 2'], ['    result = math.pi * radius * radius']],
      [['print(Circle(2).describe())'], ['print(Circle(3).describe())']],
    ]);
    assert.equal(loopback.server.requests.length, 0, 'no model was asked');
    assert.equal(vscode.window.activeTextEditor, editor, 'the active editor stays');
    assert.ok(editor.selection.isEqual(selection), 'the cursor stays');

    assert.equal(await document.save(), true);
    assert.equal(fs.readFileSync(file, 'utf8'), ORIGINAL, 'a save while changes are pending writes the original');
    await waitFor(() => shownHunks(document).length === 2, 'the changes to be shown again after the save');

    const uri = document.uri.toString();
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.rejectHunk, { uri, index: 1 }), 1);
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptHunk, { uri, index: 0 }), 0);
    assert.equal(document.getText(), withLines({ 4: '    result = math.pi * radius * radius' }));
  });

  it('tier 1: one undo after Accept All gives back the original, byte for byte (a CRLF file without a final line break)', async () => {
    const crlf = ORIGINAL.replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    const { editor } = await openFile('crlf.py', crlf);
    const document = editor.document;
    const result = await applyCodeBlock({ code: EXACT_BLOCK });
    assert.equal(result.tier, 'exact');
    assert.equal(result.hunks, 2);
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptEdits), 0);
    assert.equal(document.getText(), EXACT_RESULT.replace(/\n/g, '\r\n').replace(/\r\n$/, ''));
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), crlf);
  });

  it('tier 2: places a fragment with an "existing code" marker by its signature, and Reject All leaves the file byte-identical', async () => {
    const { editor } = await openFile('anchored.py');
    const document = editor.document;
    const result = await applyCodeBlock({ code: FRAGMENT, language: 'python' });
    assert.equal(result.tier, 'anchored');
    assert.equal(result.hunks, 1);
    assert.deepEqual(shownHunks(document), [[['        return f"circle of radius {self.radius}"'], ['        return f"a circle of radius {self.radius}"']]]);
    assert.equal(loopback.server.requests.length, 0, 'no model was asked');
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.rejectEdits), 0);
    assert.equal(document.getText(), ORIGINAL);
    // Accept All of the same block gives the fragment placed where it belongs.
    assert.equal((await applyCodeBlock({ code: FRAGMENT })).hunks, 1);
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptEdits), 0);
    assert.equal(document.getText(), FRAGMENT_RESULT);
  });

  it('applies to the file the block names (shown in another column), not the active editor', async () => {
    const { editor: named } = await openFile('named.py', ORIGINAL, vscode.ViewColumn.Two);
    const { editor: active } = await openFile('active.py', ORIGINAL, vscode.ViewColumn.One);
    assert.equal(vscode.window.activeTextEditor, active);
    const result = await applyCodeBlock({ code: `# named.py\n${FRAGMENT}` });
    assert.equal(result.tier, 'anchored');
    assert.equal(result.uri, named.document.uri.toString());
    assert.equal(shownHunks(named.document).length, 1);
    assert.equal(active.document.getText(), ORIGINAL, 'the active editor is not touched');
    assert.equal(vscode.window.activeTextEditor, active, 'and stays active');
    await vscode.commands.executeCommand(COMMANDS.rejectEdits, { uri: named.document.uri });
  });

  it('applies to the file on screen that the block names when another open file has the same name', async () => {
    // Both documents are open; only the second is shown. Neither is in the workspace folder.
    fs.mkdirSync(path.join(dir, 'old'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'new'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'old', 'twin.py'), ORIGINAL);
    const hidden = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'old', 'twin.py')));
    const { editor } = await openFile(path.join('new', 'twin.py'));
    assert.ok(!hidden.isClosed);
    const result = await applyCodeBlock({ code: `# twin.py\n${FRAGMENT}` });
    assert.equal(result.error, undefined);
    assert.equal(result.tier, 'anchored');
    assert.equal(result.uri, editor.document.uri.toString());
    assert.equal(shownHunks(editor.document).length, 1);
    assert.equal(hidden.getText(), ORIGINAL, 'the other file of that name is not touched');
    await vscode.commands.executeCommand(COMMANDS.rejectEdits, { uri: editor.document.uri.toString() });
    assert.equal(editor.document.getText(), ORIGINAL);
  });

  it('tier 3: merges a block that fits nowhere through the model\'s SEARCH/REPLACE answer, streamed from the loopback server into the review', async () => {
    const { editor } = await openFile('model.py');
    const document = editor.document;
    const newMethod = ['    def diameter(self):', '        return 2 * self.radius', ''].join('\n');
    const answer =
      'Here are the edits:\n\n```\n' +
      searchReplace(['        self.radius = radius', ''], ['        self.radius = radius', '', '    def diameter(self):', '        return 2 * self.radius', '']) +
      '```\n';
    loopback.server.enqueue({ type: 'stream', tokens: pieces(answer), delayMs: 5 });
    const result = await applyCodeBlock({ code: newMethod, language: 'python' });
    assert.equal(result.tier, 'model');
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.error, undefined);
    assert.equal(result.hunks, 1);
    const [hunk] = shownHunks(document);
    assert.deepEqual(hunk![0], [], 'only added lines');
    assert.equal(hunk![1].length, 3);
    assert.ok(hunk![1].includes('    def diameter(self):'));
    assert.equal(loopback.server.requests.length, 1);
    const body = loopback.server.requests[0]!.body as { messages: { role: string; content: string }[] };
    const prompt = body.messages.at(-1)!.content;
    assert.match(prompt, /Answer ONLY with SEARCH\/REPLACE blocks/);
    assert.ok(prompt.includes(ORIGINAL.trimEnd()), 'the file is sent');
    assert.ok(prompt.includes(newMethod.trimEnd()), 'with the block');
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptEdits), 0);
    assert.equal(document.getText(), withLines({ 14: ['        self.radius = radius', '', '    def diameter(self):', '        return 2 * self.radius'] }));
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), ORIGINAL, 'one undo');
  });

  it('never applies an ambiguous block at a guessed place: the model is asked, and its answer that fits two places is refused, the file unchanged', async () => {
    const { editor } = await openFile('ambiguous.py');
    const document = editor.document;
    // "    return result" is in both functions.
    const block = searchReplace(['    return result'], ['    return round(result, 2)']);
    loopback.server.enqueue({ type: 'stream', tokens: pieces(block) });
    const result = await applyCodeBlock({ code: block });
    assert.equal(result.tier, 'model', 'not applied without a model');
    assert.equal(loopback.server.requests.length, 1);
    assert.equal(result.finishReason, 'error');
    assert.equal(result.hunks, 0);
    assert.match(result.error!.message, /does not fit the file/);
    assert.equal(document.getText(), ORIGINAL);
    assert.deepEqual(shownHunks(document), []);
    assert.equal(document.isDirty, false, 'nothing is left to undo or save');
  });

  it('refuses a second Apply while the file has changes to review', async () => {
    const { editor } = await openFile('busy.py');
    assert.equal((await applyCodeBlock({ code: EXACT_BLOCK })).hunks, 2);
    const second = await applyCodeBlock({ code: FRAGMENT });
    assert.equal(second.finishReason, 'error');
    assert.match(second.error!.message, /changes to review; accept or reject them first/);
    assert.equal(shownHunks(editor.document).length, 2);
  });
});
