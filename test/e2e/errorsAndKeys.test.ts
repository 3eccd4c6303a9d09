import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { answerEnded, answerQuickPick, askInChat, clearNotifications, notification, openChatView, quickInput, runCommand, waitUntil } from './driver';
import { changeUserSettings } from './settings';
import { workbench } from './workbench';

function dialog(page: Page): Locator {
  return page.locator('.monaco-dialog-box');
}

/** Types `key` into Set API Key's password box, as a user does. */
async function setApiKey(page: Page, key: string): Promise<void> {
  await runCommand(page, 'Token Stream: Set API Key...');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Token Stream: API Key' }).waitFor({ state: 'visible' });
  await page.locator('.quick-input-widget .quick-input-message', { hasText: 'API key for' }).waitFor({ state: 'visible' });
  // The box may still be receiving its properties (its value among them): type until it holds the key.
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  await waitUntil(async () => {
    if ((await input.inputValue()) !== key) await input.fill(key);
    return (await input.inputValue()) === key;
  }, 'the key in the input box');
  // On the input itself: the workbench may have moved focus (the Output view takes it late).
  await input.press('Enter');
  // Accepted once the box is gone (anything opened before would close it with Escape, cancelling it).
  await quickInput(page).waitFor({ state: 'hidden' });
  await notification(page, /API key for .* saved/);
  await clearNotifications(page);
}

describe('errors and API keys in the real workbench', () => {
  beforeEach(() => workbench().llm.reset());

  it("an error raised before any request is in the log that the error message's Show Log opens", async () => {
    const { page, llm } = workbench();
    const restore = await changeUserSettings(page, { 'tokenStream.baseUrl': 'localhost:11434/v1' });
    try {
      await runCommand(page, 'Token Stream: Generate Code...');
      await answerQuickPick(page, 'Token Stream: Generate Code', 'a function that adds');
      const error = await notification(page, /must start with http:\/\/ or https:\/\//);
      await error.locator('.monaco-button', { hasText: 'Show Log' }).click();
      const output = page.locator('.part.panel .monaco-editor .view-lines').first();
      // The Output view wraps long lines into several rows: compare without any white space.
      const line = '[not sent] openai baseUrl=localhost:11434/v1 model=loopback-small finish=error error=badRequest: tokenStream.baseUrl must start with http:// or https://'.replace(/\s/g, '');
      await waitUntil(async () => (await output.innerText()).replace(/\s/g, '').includes(line), 'the refusal in the Token Stream log');
      assert.equal(llm.requests.length, 0, 'nothing was sent');
    } finally {
      await clearNotifications(page);
      await restore();
    }
  });

  it('asks once per origin, in a modal naming it, before a key travels over plain http; Clear API Key forgets the answer', async () => {
    const { page, llm } = workbench();
    // 0.0.0.0 is not loopback by the README's definition, yet reaches the loopback test server on this machine.
    const origin = `http://0.0.0.0:${llm.port}`;
    const key = 'sk-ui-plain-http-0123456789';
    const restore = await changeUserSettings(page, { 'tokenStream.baseUrl': `${origin}/v1` });
    try {
      await setApiKey(page, key);
      const chat = await openChatView(page);
      llm.enqueue({ type: 'stream', text: 'Sent with consent.' });
      const first = await askInChat(chat, 'First over http');
      await dialog(page).waitFor({ state: 'visible' });
      assert.match(await dialog(page).innerText(), new RegExp(`Send your API key to ${origin.replace(/\./g, '\\.')} over plain http\\?`));
      assert.equal(llm.requests.length, 0, 'nothing is sent while the modal asks');
      await dialog(page).locator('.monaco-button', { hasText: 'Send Over HTTP' }).click();
      await answerEnded(first, 'done');
      assert.equal(llm.requests[0]?.headers.authorization, `Bearer ${key}`);

      llm.enqueue({ type: 'stream', text: 'Sent again.' });
      await answerEnded(await askInChat(chat, 'Second over http'), 'done');
      assert.equal(await dialog(page).count(), 0, 'asked once for this origin');
      assert.equal(llm.requests[1]?.headers.authorization, `Bearer ${key}`);

      await runCommand(page, 'Token Stream: Clear API Key');
      await notification(page, /API key for .* removed/);
      await clearNotifications(page);
      await setApiKey(page, key);
      const third = await askInChat(chat, 'Third over http');
      await dialog(page).waitFor({ state: 'visible' });
      await dialog(page).locator('.monaco-button', { hasText: 'Cancel' }).click();
      await answerEnded(third, 'error');
      assert.match(await third.locator('[data-role="message-error"]').innerText(), /Nothing was sent: you did not agree to send the API key for http:\/\/0\.0\.0\.0/);
      assert.equal(llm.requests.length, 2, 'the refused question was not sent');
    } finally {
      await runCommand(page, 'Token Stream: Clear API Key');
      await clearNotifications(page);
      await restore();
    }
  });
});
