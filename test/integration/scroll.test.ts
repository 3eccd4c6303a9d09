import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EditorGenerationResult } from '../../src/vscode/editor/EditorStreamer';
import { COMMANDS } from '../../src/vscode/ids';
import { closeEditors, openScratchEditor, useLoopbackServer, waitFor } from './helpers';

/** `count` lines of code, one token per piece, so every line streams in over a few chunks. */
function codeTokens(count: number): string[] {
  return Array.from({ length: count }, (_, i) => [`generated${i}`, ' = ', `${i}`, '\n']).flat();
}

function topLine(editor: vscode.TextEditor): number {
  return editor.visibleRanges[0]!.start.line;
}

describe('the view stays the user\'s while code streams in (in the extension host)', function () {
  this.timeout(120_000);
  const loopback = useLoopbackServer();
  afterEach(async () => {
    await vscode.commands.executeCommand(COMMANDS.cancel);
    await closeEditors();
  });

  it('Generate at Cursor follows the end of the code until the user scrolls away, then never scrolls the view again', async () => {
    const content = Array.from({ length: 300 }, (_, i) => (i === 150 ? '' : `line${i} = ${i}`)).join('\n');
    const editor = await openScratchEditor(content);
    const document = editor.document;
    editor.selection = new vscode.Selection(150, 0, 150, 0);
    // A command, so the view has moved when it resolves (the visible-range event of revealRange may come late).
    await vscode.commands.executeCommand('revealLine', { lineNumber: 150, at: 'center' });
    await waitFor(() => topLine(editor) > 100, 'the cursor line to be in view');
    const height = editor.visibleRanges[0]!.end.line - topLine(editor);

    // The answer is held after `held` lines (more than the view is high) until the user has scrolled, so
    // the stream certainly goes on after the scroll. A reveal of the last lines before the hold may still
    // be on its way when the user scrolls (the extension host hears of a scroll a little after it): it
    // may pull the view once, and VsCodeEditorPort puts it back at once; after that nothing moves it.
    const held = height + 10;
    let release!: () => void;
    const scrolled = new Promise<void>((resolve) => (release = resolve));
    const tokens = codeTokens(held + 30);
    // Chunk 0 is the role chunk, then one chunk per token, four tokens per line.
    loopback.server.enqueue({ type: 'stream', tokens, delayMs: 15, holdBeforeChunk: { index: 1 + 4 * held, until: scrolled } });
    const running = vscode.commands.executeCommand<EditorGenerationResult>(COMMANDS.insertAtCursor, { prompt: 'many lines' });
    let result: EditorGenerationResult | undefined;
    const tops: number[] = [];
    let scrolledTop = -1;
    let linesAtScroll = 0;
    try {
      // The view follows the end of the code while the user leaves it alone, up to the last line sent.
      await waitFor(() => document.getText().includes(`generated${held - 1} = ${held - 1}`), 'the lines before the hold');
      const lastLine = document.getText().split('\n').findIndex((line) => line === `generated${held - 1} = ${held - 1}`);
      await waitFor(() => editor.visibleRanges.some((r) => r.start.line <= lastLine && lastLine <= r.end.line && r.end.line > 150 + height), 'the view to follow the end of the code');

      // The user scrolls two pages up (the cursor stays in the generated code).
      await vscode.commands.executeCommand('editorScroll', { to: 'up', by: 'page', value: 2 });
      await waitFor(() => topLine(editor) < 150 - height / 2, 'the scroll to be seen');
      scrolledTop = topLine(editor);
      linesAtScroll = document.lineCount;
      const watch = vscode.window.onDidChangeTextEditorVisibleRanges((event) => {
        if (event.textEditor === editor) tops.push(event.visibleRanges[0]!.start.line);
      });
      try {
        release();
        result = await running;
      } finally {
        watch.dispose();
      }
    } finally {
      release();
    }
    assert.equal(result?.finishReason, 'stop');
    assert.ok(document.lineCount >= linesAtScroll + 10, `the stream went on after the scroll (${linesAtScroll} -> ${document.lineCount} lines)`);
    const back = tops.indexOf(scrolledTop);
    const pulled = back < 0 ? tops : tops.slice(0, back);
    assert.ok(pulled.length <= 3, `at most one pull-back, put back at once: ${scrolledTop} then ${tops.join(', ')}`);
    if (back >= 0) assert.deepEqual(tops.slice(back).filter((top) => top !== scrolledTop), [], `no edit scrolled the view: ${scrolledTop} then ${tops.join(', ')}`);
    await waitFor(() => topLine(editor) === scrolledTop, `the view where the user put it (${scrolledTop}; it is at ${topLine(editor)})`);
    assert.ok(editor.selection.active.line >= 150, 'the cursor is still in the generated code');
  });
});
