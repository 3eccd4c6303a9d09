import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { openChatView, runCommand, workbench } from './workbench';

describe('Token Stream in the real workbench', () => {
  it('runs a Token Stream command from the command palette', async () => {
    const { page } = workbench();
    await runCommand(page, 'Token Stream: Show Log');
    // The Output panel switches to the extension's log channel.
    const panel = page.locator('.part.panel');
    await panel.waitFor({ state: 'visible' });
    await page.waitForFunction(
      () => [...document.querySelectorAll('.part.panel select, .part.panel .monaco-select-box, .part.panel [aria-label]')].some((el) => /Token Stream/.test(el.textContent ?? '') || /Token Stream/.test(el.getAttribute('aria-label') ?? '') || /Token Stream/.test((el as HTMLSelectElement).value ?? '')),
      undefined,
      { timeout: 30_000 },
    );
  });

  it('opens the Token Stream side-bar view with the chat', async () => {
    const { page, screenshots } = workbench();
    const chat = await openChatView(page);
    const input = chat.locator('[data-role="input"]');
    await input.waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await input.isEditable(), true);
    await page.screenshot({ path: path.join(screenshots, 'chat-view.png') });
  });
});
