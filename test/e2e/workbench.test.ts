import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { openChatView, pickRow, quickInput, runCommand, waitUntil } from './driver';
import { userSettings, workbench } from './workbench';

/** The channel the Output view shows: its editor is labelled "<channel> - Output". */
async function shownOutputChannel(page: Page): Promise<string | undefined> {
  const label = await page.locator('.part.panel .output-view').getAttribute('aria-label');
  return label?.replace(/ - Output$/, '');
}

describe('Token Stream in the real workbench', () => {
  beforeEach(() => workbench().llm.reset());

  it('shows the Token Stream log channel in the Output view with "Token Stream: Show Log"', async () => {
    const { page } = workbench();
    // Another channel first, so that only Show Log can bring ours to the front.
    await runCommand(page, 'Output: Show Output Channels...');
    await pickRow(page, 'Window');
    await waitUntil(async () => (await shownOutputChannel(page)) === 'Window', 'the Output view to show the Window channel');
    await runCommand(page, 'Token Stream: Show Log');
    await waitUntil(async () => (await shownOutputChannel(page)) === 'Token Stream', 'the Output view to show the Token Stream channel');
  });

  it("selects a model from the endpoint's list in the picker and writes it to the user settings", async () => {
    const { page, llm } = workbench();
    const pickModel = async (model: string): Promise<void> => {
      await runCommand(page, 'Token Stream: Select Model...');
      await pickRow(page, model);
      await quickInput(page).waitFor({ state: 'hidden' });
      await waitUntil(async () => userSettings()['tokenStream.model'] === model, `tokenStream.model "${model}" in the user settings file`);
    };
    assert.equal(userSettings()['tokenStream.model'], 'loopback-small');
    await pickModel('loopback-large');
    assert.deepEqual(llm.requests.map((r) => `${r.method} ${r.url}`), ['GET /v1/models'], 'the picker listed the endpoint\'s models');
    // Back to the model the other specs expect, through the same picker.
    await pickModel('loopback-small');
    assert.equal(llm.requests.length, 2);
  });

  it('opens the Token Stream side-bar view with the chat', async () => {
    const { page, screenshots } = workbench();
    const chat = await openChatView(page);
    assert.equal(await chat.locator('[data-role="input"]').isEditable(), true);
    await page.screenshot({ path: path.join(screenshots, 'chat-view.png') });
  });
});
