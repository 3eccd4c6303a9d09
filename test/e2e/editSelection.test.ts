import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerQuickPick, diffOnScreen, editorText, focusEditor, openFile, runCommand, waitUntil, type DiffOnScreen } from './driver';
import { workbench } from './workbench';

const ORIGINAL = [
  'import math',
  '',
  'def area(radius):',
  '    result = math.pi * radius ** 2',
  '    return result',
  '',
  'def perimeter(radius):',
  '    result = 2 * math.pi * radius',
  '    return result',
  '',
  'def describe(radius):',
  '    text = f"circle of radius {radius}"',
  '    return text',
  '',
  'print(describe(2))',
];
/** Lines 2..12 rewritten: the first and the last function change. */
const CHANGED: Record<number, string> = { 3: '    result = math.pi * radius * radius', 11: '    text = f"a circle of radius {radius}"' };
const ANSWER = ORIGINAL.slice(2, 13).map((line, i) => CHANGED[i + 2] ?? line);

describe('Edit Selection in the real workbench', () => {
  it('streams the rewrite of the selected lines in as a red and green diff, reviewed through CodeLens, undone with one Ctrl+Z', async () => {
    const { page, llm, server, screenshots } = workbench();
    fs.writeFileSync(path.join(server.dirs.workspace, 'circles.py'), ORIGINAL.map((line) => `${line}\n`).join(''));
    await openFile(page, 'circles.py');
    await waitUntil(async () => (await editorText(page)).includes('print(describe(2))'), 'the file on screen');
    const original = await editorText(page);

    // Select lines 3 to 13 with the keyboard, as a user does.
    await page.locator('.editor-group-container.active .editor-instance .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 11; i++) await page.keyboard.press('Shift+ArrowDown');

    llm.reset();
    // The answer is held before the second change's line until the first change was seen on screen, so
    // the diff is certainly drawn while the answer still streams, however slow the machine.
    const fenced = `Here is the rewrite:\n\n\`\`\`python\n${ANSWER.join('\n')}\n\`\`\`\n`;
    const tokens = fenced.match(/[\s\S]{1,6}/g)!;
    let release!: () => void;
    const seenStreaming = new Promise<void>((resolve) => (release = resolve));
    // Chunk 0 is the role chunk, then one chunk per token: hold the token where the second change's line starts.
    const secondChange = fenced.indexOf(CHANGED[11]!);
    const held = tokens.findIndex((_, i) => tokens.slice(0, i + 1).join('').length > secondChange) + 1;
    llm.enqueue({ type: 'stream', tokens, delayMs: 20, holdBeforeChunk: { index: held, until: seenStreaming } });
    await runCommand(page, 'Token Stream: Edit Selection...');
    await answerQuickPick(page, 'Token Stream: Edit Selection', 'multiply instead of squaring, and say "a circle"');

    // While it streams: the changed line of the first function is red and struck through, its new line green.
    let streaming: DiffOnScreen | undefined;
    await waitUntil(async () => {
      const seen = await diffOnScreen(page);
      if (seen.removed.length > 0 && seen.added.length > 0 && llm.requests[0]?.responseEnded === false) streaming = seen;
      return streaming !== undefined;
    }, 'red and green lines while the answer streams', 60_000).finally(release);
    assert.deepEqual(streaming!.removed, [ORIGINAL[3]]);
    assert.deepEqual(streaming!.added, [CHANGED[3]]);
    assert.ok(streaming!.struck > 0, 'the removed line is struck through');
    await page.screenshot({ path: path.join(screenshots, 'edit-selection-streaming.png') });

    // Both changes, each with its lens: "Accept | Reject | +1 −1".
    await waitUntil(async () => (await diffOnScreen(page)).lenses.length === 2 && llm.requests[0]?.responseEnded === true, 'two changes to review');
    const review = await diffOnScreen(page);
    assert.deepEqual(review.removed, [ORIGINAL[3], ORIGINAL[11]]);
    assert.deepEqual(review.added, [CHANGED[3], CHANGED[11]]);
    assert.equal(review.pending, 0);
    for (const lens of review.lenses) assert.match(lens, /^Accept \| Reject \| \+1 −1$/);
    await page.screenshot({ path: path.join(screenshots, 'edit-selection-review.png') });

    const lens = (nth: number, title: string) => page.locator('.editor-group-container.active .codelens-decoration').nth(nth).locator('a', { hasText: title });
    await lens(0, 'Accept').click();
    await waitUntil(async () => (await diffOnScreen(page)).lenses.length === 1, 'the first change accepted');
    await lens(0, 'Reject').click();
    await waitUntil(async () => (await diffOnScreen(page)).lenses.length === 0, 'the second change rejected');
    const reviewed = await editorText(page);
    assert.equal(reviewed, original.replace(ORIGINAL[3]!, CHANGED[3]!), 'the first change kept, the second not');
    const after = await diffOnScreen(page);
    assert.deepEqual([after.removed, after.added, after.struck], [[], [], 0], 'no diff left on screen');

    // One Ctrl+Z gives back the file as it was before the command.
    // The editor must have the keyboard (a click could land on a hover or a lens): focus it by command and
    // wait until it says it has the focus.
    await focusEditor(page);
    await page.keyboard.press('Control+Z');
    await waitUntil(async () => (await editorText(page)) === original, 'the original text after one undo');
    await runCommand(page, 'File: Revert File');
  });
});
