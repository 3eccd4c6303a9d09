import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { RecordedRequest } from '../servers/openAiServer';
import { answerQuickPick, closeAllEditors, editorText, openFile, runCommand, waitUntil } from './driver';
import { workbench } from './workbench';

/** Lines of code, one token each, that read as code (nothing is held back as possible prose). */
function codeLines(count: number, tag: string): string[] {
  return Array.from({ length: count }, (_, i) => `${tag}${i} = ${i}\n`);
}

/**
 * Starts Generate Code from the palette with an answer that stops after `heldAfter` lines until `release`
 * is called, and returns once those lines are on screen: the generation is certainly still running.
 */
async function generateHeld(page: Page, tag: string, heldAfter: number): Promise<{ request: RecordedRequest; release: () => void; lines: string[] }> {
  const { llm } = workbench();
  let release!: () => void;
  const until = new Promise<void>((resolve) => (release = resolve));
  const lines = codeLines(heldAfter + 10, tag);
  // Chunk 0 is the role chunk, then one chunk per token.
  llm.enqueue({ type: 'stream', tokens: lines, holdBeforeChunk: { index: heldAfter + 1, until } });
  const requests = llm.requests.length;
  await runCommand(page, 'Token Stream: Generate Code...');
  await answerQuickPick(page, 'Token Stream: Generate Code', `lines called ${tag}`);
  const request = (await llm.waitForRequests(requests + 1))[requests]!;
  await waitUntil(async () => (await editorText(page)).includes(`${tag}${heldAfter - 1} = ${heldAfter - 1}`), 'the first lines on screen');
  return { request, release, lines };
}

describe('Escape in the real workbench', () => {
  beforeEach(() => workbench().llm.reset());

  it('stops only the generation of the editor it is pressed in, and leaves it to an open widget first', async () => {
    const { page } = workbench();
    await closeAllEditors(page);
    await openFile(page, 'hello.py');
    const held = await generateHeld(page, 'kept', 5);

    // Escape in another document: the generation there goes on.
    await page.locator('.editor-group-container', { has: page.locator('.tab', { hasText: 'hello.py' }) }).first().locator('.view-lines').click();
    await page.locator('.editor-group-container.active .tab.active', { hasText: 'hello.py' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');

    // Escape with the find widget open in the generating editor closes the widget, not the generation.
    await page.locator('.editor-group-container', { has: page.locator('.tab', { hasText: /Untitled/ }) }).first().locator('.view-lines').click();
    await page.keyboard.press('Control+F');
    const find = page.locator('.editor-group-container.active .find-widget.visible');
    await find.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await find.waitFor({ state: 'hidden' });

    assert.equal(held.request.closedAt, undefined, 'the request is still open');
    held.release();
    await held.request.closed;
    assert.equal(held.request.closedByClient, false, 'the answer ran to its end');
    assert.equal(held.request.responseEnded, true);
    await waitUntil(async () => (await editorText(page)).includes('kept14 = 14'), 'the whole answer in its editor');

    // Escape in the editor that generates stops it.
    const stopped = await generateHeld(page, 'stopped', 5);
    await page.locator('.editor-group-container.active .view-lines').click();
    await page.keyboard.press('Escape');
    await stopped.request.closed;
    assert.equal(stopped.request.closedByClient, true, 'Escape closed the request');
    stopped.release();
    assert.ok(!(await editorText(page)).includes('stopped5 = 5'), 'nothing after the stop');
  });
});
