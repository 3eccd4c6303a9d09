import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TokenStreamExports } from '../../src/extension';
import type { EditSelectionResult } from '../../src/vscode/edit/registerEditSelection';
import { COMMANDS, EXTENSION_ID } from '../../src/vscode/ids';
import { closeEditors, openScratchEditor, useLoopbackServer } from './helpers';

/** A 2,000-line file of distinct lines, as code is. */
const LINES = Array.from({ length: 2000 }, (_, i) => `value_${i} = compute(${i}, "item ${i}")`);
const CHANGED_LINE = 1990;
const NEW_TEXT = 'value_1990 = compute(1990, "changed")';

function probe(): TokenStreamExports['editSelection'] {
  const extension = vscode.extensions.getExtension<TokenStreamExports>(EXTENSION_ID);
  assert.ok(extension?.isActive);
  return extension.exports.editSelection;
}

describe('Edit Selection over a large selection (in the extension host)', function () {
  this.timeout(120_000);
  const loopback = useLoopbackServer();
  afterEach(async () => {
    await vscode.commands.executeCommand(COMMANDS.cancel);
    await vscode.commands.executeCommand(COMMANDS.rejectEdits);
    await closeEditors();
  });

  for (const pace of ['burst', 'paced'] as const) {
    it(`shows a one-line change near the end of a 2,000-line selection as one hunk (${pace}), touching no other line`, async () => {
      const editor = await openScratchEditor(LINES.map((line) => `${line}\n`).join(''));
      const document = editor.document;
      editor.selection = new vscode.Selection(0, 0, LINES.length, 0);
      const answer = LINES.map((line, i) => (i === CHANGED_LINE ? NEW_TEXT : line)).join('\n');
      // About 8 characters per token, as a server streams code.
      const tokens = `\`\`\`python\n${answer}\n\`\`\`\n`.match(/[\s\S]{1,8}/g)!;
      loopback.server.enqueue({ type: 'stream', tokens, ...(pace === 'paced' ? { tokensPerSecond: 2000 } : {}) });
      const result = await vscode.commands.executeCommand<EditSelectionResult>(COMMANDS.editSelection, { prompt: 'change one line' });
      assert.equal(result.finishReason, 'stop', result.error?.message);
      assert.equal(result.hunks, 1, `hunks: ${JSON.stringify(probe().hunks(document.uri.toString()))}`);
      assert.deepEqual(probe().hunks(document.uri.toString()), [{ removed: [CHANGED_LINE, CHANGED_LINE + 1], added: [CHANGED_LINE + 1, CHANGED_LINE + 2] }]);
      // Every original line is still there, in order, with the new line right below the one it replaces.
      const shown = [...LINES.slice(0, CHANGED_LINE + 1), NEW_TEXT, ...LINES.slice(CHANGED_LINE + 1)];
      assert.equal(document.getText(), shown.map((line) => `${line}\n`).join(''));
      const request = loopback.server.requests.at(-1)!;
      assert.ok(JSON.stringify(request.body).includes('value_1999'), 'the whole selection was sent');
      assert.equal(await vscode.commands.executeCommand<number>(COMMANDS.acceptEdits), 0);
      assert.equal(document.getText(), `${answer}\n`);
    });
  }
});
