import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { askInChat, diffOnScreen, editorText, openChatView, openFile, runCommand, waitUntil } from './driver';
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
  'print(perimeter(2))',
];

/** A chat answer whose code block is one function of the file, changed: placed by its signature, without a model. */
const ANSWER = [
  'Use `math.tau`:',
  '',
  '```python',
  'def perimeter(radius):',
  '    result = math.tau * radius',
  '    return result',
  '```',
  '',
  'That is all.',
].join('\n');

describe('Apply in the real workbench', () => {
  it('applies a chat answer\'s code block from its Apply button as a diff to review, without a model, and says so under the block', async () => {
    const { page, llm, server, screenshots } = workbench();
    fs.writeFileSync(path.join(server.dirs.workspace, 'rings.py'), ORIGINAL.map((line) => `${line}\n`).join(''));
    await openFile(page, 'rings.py');
    await waitUntil(async () => (await editorText(page)).includes('print(perimeter(2))'), 'the file on screen');
    const original = await editorText(page);

    llm.reset();
    llm.enqueue({ type: 'stream', text: ANSWER });
    const chat = await openChatView(page);
    const answer = await askInChat(chat, 'Use tau in perimeter');
    await waitUntil(async () => (await answer.getAttribute('data-status')) === 'done', 'the answer to finish');
    const block = answer.locator('[data-role="code-block"]').first();
    await block.locator('[data-role="code-apply"]').click();

    const note = block.locator('[data-role="apply-note"]');
    await waitUntil(async () => /^Applied without a model in \d+ ms/.test(await note.innerText()), 'the note under the block');
    assert.match(await note.innerText(), /^Applied without a model in \d+ ms: 1 change to review in rings\.py\.$/);
    await waitUntil(async () => (await diffOnScreen(page)).lenses.length === 1, 'the change to review in the editor');
    const review = await diffOnScreen(page);
    assert.deepEqual(review.removed, ['    result = 2 * math.pi * radius']);
    assert.deepEqual(review.added, ['    result = math.tau * radius']);
    assert.ok(review.struck > 0, 'the removed line is struck through');
    assert.match(review.lenses[0]!, /^Accept \| Reject \| \+1 −1$/);
    assert.equal(llm.requests.length, 1, 'only the question went to the model');
    await page.screenshot({ path: path.join(screenshots, 'apply-review.png') });

    await page.locator('.editor-group-container.active .codelens-decoration').first().locator('a', { hasText: 'Accept' }).click();
    await waitUntil(async () => (await diffOnScreen(page)).lenses.length === 0, 'the change accepted');
    assert.equal(await editorText(page), original.replace('    result = 2 * math.pi * radius', '    result = math.tau * radius'));
    await runCommand(page, 'File: Revert File');
  });
});
