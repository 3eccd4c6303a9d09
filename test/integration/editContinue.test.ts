import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TokenStreamExports } from '../../src/extension';
import type { GenerationResult } from '../../src/core/stream/types';
import type { EditSelectionResult } from '../../src/vscode/edit/registerEditSelection';
import { COMMANDS, EXTENSION_ID } from '../../src/vscode/ids';
import { CSV_PARSER_CODE } from '../servers/csvParserAnswer';
import { splitIntoTokens } from '../servers/sse';
import { openScratchEditor, setSettings, useContinuingServerPerTest, waitFor } from './helpers';

/** The selected lines (0..10) and a line after them. */
const SELECTED = CSV_PARSER_CODE.split('\n');
const ORIGINAL = `${SELECTED.join('\n')}\n\nprint(parse("a,b"))\n`;

/** The model's rewrite: typed, and a comment in the loop; everything else kept. */
const REWRITE = [
  'def parse(line: str, sep: str = ",") -> list[str]:',
  '    fields: list[str] = []',
  '    current = ""',
  '    for char in line:',
  '        if char == sep:  # a field ends',
  '            fields.append(current)',
  '            current = ""',
  '        else:',
  '            current += char',
  '    fields.append(current)',
  '    return fields',
].join('\n');
const ANSWER = `Here is the typed version:\n\n\`\`\`python\n${REWRITE}\n\`\`\`\n`;
/** A limit that cuts the answer once, inside the code block. */
const HALF = Math.ceil(splitIntoTokens(ANSWER).length / 2);

function exports(): TokenStreamExports {
  const extension = vscode.extensions.getExtension<TokenStreamExports>(EXTENSION_ID);
  assert.ok(extension?.isActive, `${EXTENSION_ID} is active`);
  return extension.exports;
}

function continueIt(args?: unknown): Thenable<GenerationResult> {
  return vscode.commands.executeCommand<GenerationResult>(COMMANDS.continue, args);
}

type WireBody = { messages: { role: string; content: string }[]; continue_final_message?: boolean };

describe('Continue a cut Edit Selection (in the extension host)', function () {
  this.timeout(120_000);
  // A server per test: every test starts on an endpoint whose continuation mode is not known yet.
  const endpoint = useContinuingServerPerTest(ANSWER, () => vscode.commands.executeCommand(COMMANDS.rejectEdits));
  const serve = endpoint.serve.bind(endpoint);

  const bodyOf = (index: number): WireBody => endpoint.server.requests[index]!.body as WireBody;

  /** Edit Selection of lines 0..10 of `editor`'s document, called with arguments (no UI). */
  function edit(editor: vscode.TextEditor): Thenable<EditSelectionResult> {
    return vscode.commands.executeCommand<EditSelectionResult>(COMMANDS.editSelection, {
      prompt: 'add type hints',
      uri: editor.document.uri.toString(),
      range: { start: { line: 0, character: 0 }, end: { line: SELECTED.length - 1, character: 5 } },
    });
  }

  /** The uncut rewrite in a document of its own: the command's text and the document once accepted. */
  async function uncutEdit(): Promise<{ text: string; accepted: string }> {
    const editor = await openScratchEditor(ORIGINAL);
    const result = await edit(editor);
    assert.equal(result.finishReason, 'stop');
    await vscode.commands.executeCommand(COMMANDS.acceptEdits, { uri: editor.document.uri.toString() });
    const accepted = editor.document.getText();
    assert.equal(accepted, `${REWRITE}\n\nprint(parse("a,b"))\n`, 'the uncut rewrite, accepted');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    return { text: result.text, accepted };
  }

  it('continues a token-limit cut into the same pending diff on a prefill server: Accept All gives exactly the uncut rewrite, one undo restores the original', async () => {
    const model = serve({ kind: 'prefill' });
    const uncut = await uncutEdit();
    await setSettings({ maxTokens: HALF });
    const editor = await openScratchEditor(ORIGINAL);
    const uri = editor.document.uri.toString();
    const cut = await edit(editor);
    assert.equal(cut.finishReason, 'length');
    assert.ok(cut.text.length > 0 && uncut.text.startsWith(cut.text) && cut.text.length < uncut.text.length, 'a start of the rewrite');
    // Paused, not ended: the committed changes are reviewable and the tail not decided yet is still shown.
    await waitFor(() => exports().editSelection.pendingLines(uri) !== undefined, 'the pending tail to be shown');
    assert.ok(editor.document.getText().includes('print(parse("a,b"))'), 'the rest of the document is there');
    // Apply to the file meanwhile says what waits and what to do, and changes nothing.
    const before = editor.document.getText();
    const refused = await vscode.commands.executeCommand<{ error?: { message: string } }>(COMMANDS.applyCodeBlock, { code: 'x = 1\n', uri });
    assert.match(refused.error?.message ?? '', /was cut .* Continue it or Review as Is/);
    assert.equal(editor.document.getText(), before);

    const joined = (await continueIt({ uri })) as EditSelectionResult;
    assert.equal(joined.finishReason, 'stop');
    assert.equal(joined.uri, uri);
    assert.equal(joined.text, uncut.text, 'the joined rewrite');
    assert.ok(joined.hunks > 0);
    assert.equal(exports().editSelection.pendingLines(uri), undefined, 'nothing pending once it ended');
    assert.deepEqual(model.handled, ['answer', 'answer', 'continueFinalMessage']);
    assert.equal(joined.usage?.completionTokens, model.sentTokens[1]! + model.sentTokens[2]!);
    const body = bodyOf(2);
    assert.equal(body.continue_final_message, true);
    assert.deepEqual(body.messages.slice(0, -1), bodyOf(1).messages, 'the conversation is the edit request');
    const partial = body.messages.at(-1)!;
    assert.equal(partial.role, 'assistant');
    assert.ok(ANSWER.startsWith(partial.content) && partial.content.includes('```python'), 'the partial is the raw answer, not the stripped code');

    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptEdits, { uri }), 0);
    assert.equal(editor.document.getText(), uncut.accepted);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), ORIGINAL, 'one undo: the whole edit, continuation included');
    assert.equal((await continueIt({ uri })).error?.kind, 'nothingToContinue');
  });

  it('continues a token-limit cut by itself with tokenStream.autoContinue, in one command: the uncut rewrite, usage of both rounds, one undo', async () => {
    const model = serve({ kind: 'prefill' });
    const uncut = await uncutEdit();
    await setSettings({ maxTokens: HALF, autoContinue: 2 });
    const editor = await openScratchEditor(ORIGINAL);
    const uri = editor.document.uri.toString();
    const result = await edit(editor);
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.text, uncut.text, 'the joined rewrite');
    assert.deepEqual(model.handled, ['answer', 'answer', 'continueFinalMessage']);
    assert.equal(result.usage?.completionTokens, model.sentTokens[1]! + model.sentTokens[2]!);
    assert.equal(exports().editSelection.pendingLines(uri), undefined, 'nothing pending once it ended');
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptEdits, { uri }), 0);
    assert.equal(editor.document.getText(), uncut.accepted);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), ORIGINAL, 'one undo: both rounds');
    assert.equal((await continueIt({ uri })).error?.kind, 'nothingToContinue');
  });

  it('continues a rewrite the server broke off with an error event, from no arguments with its editor active; Reject All gives the original', async () => {
    const uncutModel = serve({ kind: 'prefill' });
    const uncut = await uncutEdit();
    assert.deepEqual(uncutModel.handled, ['answer']);
    const model = serve({ kind: 'prefill', breakFirstAnswer: { afterTokens: 25, how: 'errorEvent' } });
    const editor = await openScratchEditor(ORIGINAL);
    const cut = await edit(editor);
    assert.equal(cut.finishReason, 'error');
    assert.equal(cut.error?.kind, 'streamError');
    assert.ok(cut.text.length > 0 && uncut.text.startsWith(cut.text));

    const joined = (await continueIt()) as EditSelectionResult;
    assert.equal(joined.finishReason, 'stop');
    assert.equal(joined.uri, editor.document.uri.toString());
    assert.equal(joined.text, uncut.text);
    assert.equal(joined.error, undefined);
    assert.deepEqual(model.handled, ['answer', 'continueFinalMessage']);
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.rejectEdits), 0);
    assert.equal(editor.document.getText(), ORIGINAL);
  });

  it('stops a continuation with tokenStream.cancel: what arrived stays reviewable, the socket closes, and it cannot be continued again', async () => {
    const model = serve({ kind: 'prefill', stallContinuationsAfter: 5 });
    await setSettings({ maxTokens: HALF });
    const editor = await openScratchEditor(ORIGINAL);
    const uri = editor.document.uri.toString();
    const cut = await edit(editor);
    assert.equal(cut.finishReason, 'length');
    const running = continueIt({ uri });
    await waitFor(() => model.handled.length === 2, 'the continuation request to be answered (then stall)');
    await vscode.commands.executeCommand(COMMANDS.cancel);
    const result = (await running) as EditSelectionResult;
    assert.equal(result.finishReason, 'cancelled');
    assert.ok(result.text.startsWith(cut.text), 'the text so far is kept');
    await endpoint.server.requests[1]!.closed;
    assert.equal(endpoint.server.requests[1]!.closedByClient, true);
    assert.ok(result.hunks > 0, 'what arrived is reviewable');
    assert.equal(exports().editSelection.hunks(uri).length, result.hunks);
    assert.equal(exports().editSelection.pendingLines(uri), undefined);
    assert.equal((await continueIt({ uri })).error?.kind, 'nothingToContinue', 'a stopped edit is over');
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.rejectEdits, { uri }), 0);
    assert.equal(editor.document.getText(), ORIGINAL);
  });

  it('reviewing a cut as it is (Accept All) ends it with the cut, leaving the rest of the selection as it was; a new Edit Selection does too', async () => {
    serve({ kind: 'prefill' });
    await setSettings({ maxTokens: HALF });
    const editor = await openScratchEditor(ORIGINAL);
    const uri = editor.document.uri.toString();
    const cut = await edit(editor);
    assert.equal(cut.finishReason, 'length');
    assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptEdits, { uri }), 0);
    assert.equal(exports().editSelection.pendingLines(uri), undefined);
    const text = editor.document.getText();
    assert.notEqual(text, ORIGINAL);
    assert.ok(text.startsWith('def parse(line: str, sep: str = ",") -> list[str]:\n'), text);
    assert.ok(text.endsWith('    fields.append(current)\n    return fields\n\nprint(parse("a,b"))\n'), `the rest as it was: ${text}`);
    assert.equal((await continueIt({ uri })).error?.kind, 'nothingToContinue');
    assert.equal(endpoint.server.requests.length, 1, 'nothing more was asked');

    // A second cut, then a new Edit Selection in the same document: the cut ends as it is, and its
    // changes are waiting for review, so the new edit is refused.
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), ORIGINAL);
    assert.equal((await edit(editor)).finishReason, 'length');
    const refused = await edit(editor);
    assert.equal(refused.finishReason, 'error');
    assert.match(refused.error?.message ?? '', /changes to review/);
    assert.equal(exports().editSelection.pendingLines(uri), undefined, 'the cut ended');
    assert.equal((await continueIt({ uri })).error?.kind, 'nothingToContinue');
    assert.equal(endpoint.server.requests.length, 2);
  });
});
