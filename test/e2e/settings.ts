// Changes the user settings of the running workbench as a user does: in the settings.json editor (the
// text pasted, then saved). Writing the file from outside is not enough: the server's file watcher misses
// some writes. The same save sets `window.title` to a fresh marker, and the page's title changes once the
// workbench applied the file; configuration reaches the extension host before any command run after that
// (one ordered channel), so the next command sees the new settings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { focusEditor, runCommand, waitUntil } from './driver';
import { workbench } from './workbench';

let changes = 0;

function settingsFile(): string {
  return path.join(workbench().server.dirs.userData, 'User', 'settings.json');
}

async function saveAndWait(page: Page, settings: Record<string, unknown>): Promise<void> {
  const marker = `token-stream-settings-${++changes}`;
  await workbench().browser.grantPermissions(['clipboard-read', 'clipboard-write']);
  await runCommand(page, 'Preferences: Open User Settings (JSON)');
  await page.locator('.tabs-container .tab.active', { hasText: 'settings.json' }).waitFor({ state: 'visible' });
  await page.evaluate((text) => navigator.clipboard.writeText(text), JSON.stringify({ ...settings, 'window.title': marker }, null, 2));
  await focusEditor(page);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await page.keyboard.press('Control+S');
  // The page title is the window title, after "[Extension Development Host] " in a development host.
  await waitUntil(async () => (await page.title()).endsWith(marker), `the workbench to apply settings change ${changes}`);
  await runCommand(page, 'View: Close Editor');
}

/** Sets `values` (undefined removes a setting); the returned function puts the settings back as they were (with a title marker). */
export async function changeUserSettings(page: Page, values: Record<string, unknown>): Promise<() => Promise<void>> {
  const original = JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as Record<string, unknown>;
  const changed: Record<string, unknown> = { ...original };
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete changed[key];
    else changed[key] = value;
  }
  await saveAndWait(page, changed);
  return () => saveAndWait(page, original);
}
