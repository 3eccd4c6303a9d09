// Drives a real VS Code workbench in a Playwright page the way a user does (command palette, quick picks,
// editors, the chat view), waiting for states and never for time. Shared by the UI tests and
// `scripts/demo.js --headless-check` (which loads the bundle of this file from out/test/e2e/driver.js).
//
// Views are opened through their commands, never by clicking an activity-bar icon: a click toggles, so it
// would have to guess the icon's state (after a window reload the icon can count as active while the side
// bar is closed).
import { setTimeout as sleep } from 'node:timers/promises';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { EXTENSION_ID } from '../../src/vscode/ids';

const CHAT_VIEW_FOCUS = 'Token Stream: Focus on Chat View';

/**
 * User settings for a workbench driven by this module. A quick input (the palette, a picker) closes when
 * it loses focus, and the workbench moves focus late after some actions (showing an Output channel
 * focuses its editor after the view is already shown): a palette opened in between closed under the
 * driver's hands. Driven workbenches keep quick inputs open until they are accepted or escaped.
 */
export const DRIVEN_WORKBENCH_SETTINGS = { 'workbench.quickOpen.closeOnFocusLost': false };

/** The workbench's smoke-test driver (code-server started with `--vscode-option enable-smoke-test-driver`). */
interface SmokeTestDriver {
  whenWorkbenchRestored(): Promise<void>;
}
type DriverWindow = Window & { driver?: SmokeTestDriver };

/**
 * Waits until the workbench says it is restored (through the smoke-test driver, which the UI tests and the
 * demo's headless check enable) and Token Stream's contributions are registered: its view container is in
 * the activity bar (only looked at, never clicked), so its commands are in the palette. The palette lists
 * the commands registered when it opens, so it must not open before.
 */
export async function waitForWorkbench(page: Page, timeoutMs = 120_000): Promise<void> {
  await page.waitForFunction(() => typeof (window as DriverWindow).driver?.whenWorkbenchRestored === 'function', undefined, { timeout: timeoutMs });
  await page.evaluate(() => (window as DriverWindow).driver!.whenWorkbenchRestored());
  await page.locator('.activitybar [aria-label^="Token Stream"]').first().waitFor({ state: 'attached', timeout: timeoutMs });
}

/** Reloads the window with its command and waits for the new workbench to be restored. */
export async function reloadWindow(page: Page): Promise<void> {
  // 'load' fires only for a new document (framenavigated also fires when the workbench rewrites its URL).
  const loaded = page.waitForEvent('load', { timeout: 60_000 });
  await runCommand(page, 'Developer: Reload Window');
  await loaded;
  await waitForWorkbench(page);
}

export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

function quickInputBox(page: Page): Locator {
  return page.locator('.quick-input-widget .quick-input-box input');
}

/** Closes whatever quick input is open (palette, picker), so the next one starts from nothing. */
async function closeQuickInput(page: Page): Promise<void> {
  if (!(await quickInput(page).isVisible())) return;
  // Escape only while the quick input has the keyboard: a widget still fading out leaves the focus in the
  // editor, where Escape would clear the user's selection (F1 and Ctrl+P replace an open quick input anyway).
  const focused = await page.evaluate(() => document.activeElement?.closest('.quick-input-widget') !== null && document.activeElement !== null);
  if (!focused) return;
  await page.keyboard.press('Escape');
  await quickInput(page).waitFor({ state: 'hidden' });
}

/**
 * The quick input row whose label is exactly `label` (the palette filters fuzzily, so other rows are
 * listed too, and the focused one is not always ours).
 */
function quickInputRow(page: Page, label: string): Locator {
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) });
}

/** Accepts the row labelled `label` of the open quick input by clicking it, once it is listed. */
export async function pickRow(page: Page, label: string): Promise<void> {
  const row = quickInputRow(page, label);
  await row.waitFor({ state: 'visible' });
  await row.click();
}

/** Runs a command from the command palette as a user would: F1, type its title, pick its row. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await closeQuickInput(page);
  await page.keyboard.press('F1');
  const input = quickInputBox(page);
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await pickRow(page, title);
}

/**
 * Gives the active editor the keyboard, by command, and waits until it has it: the palette closing hands
 * the focus back a moment after its row was picked, and keys pressed before that go elsewhere (seen: a
 * Ctrl+End and Enter that never reached the editor).
 */
export async function focusEditor(page: Page): Promise<void> {
  await runCommand(page, 'View: Focus Active Editor Group');
  await quickInput(page).waitFor({ state: 'hidden' });
  await page.waitForFunction(() => document.activeElement?.closest('.editor-group-container.active .monaco-editor') != null, undefined, { polling: 50 });
}

/** Waits for the quick input titled `title` (an extension's picker) and types `text` into it, picking nothing yet. */
export async function typeIntoQuickPick(page: Page, title: string, text: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible' });
  await quickInputBox(page).fill(text);
}

/** Waits for the quick input titled `title` (an extension's picker), types `text` and picks that row. */
export async function answerQuickPick(page: Page, title: string, text: string): Promise<void> {
  await typeIntoQuickPick(page, title, text);
  await pickRow(page, text);
}

/** Opens a workspace file through Quick Open, as a user would, and waits for its tab to be the active one. */
export async function openFile(page: Page, name: string): Promise<void> {
  await closeQuickInput(page);
  await page.keyboard.press('Control+P');
  const input = quickInputBox(page);
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await pickRow(page, name);
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible' });
}

/**
 * The chat's webview frame. Only ours: the workbench may show other webviews (it once opened the secondary
 * side bar with one during a CI run, and the tests then read the wrong frame). Its src names the extension.
 */
export function chatFrame(page: Page): FrameLocator {
  return page.frameLocator(`iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]`).frameLocator('#active-frame');
}

/** Opens (or focuses) the chat view with its command and returns its frame once its input is there. */
export async function openChatView(page: Page): Promise<FrameLocator> {
  await runCommand(page, CHAT_VIEW_FOCUS);
  const frame = chatFrame(page);
  await frame.locator('[data-role="input"]').waitFor({ state: 'visible', timeout: 60_000 });
  return frame;
}

/**
 * Sends `question` from the chat's input and returns the locator of its answer: the assistant message
 * after those already there (earlier answers of the conversation stay in the view).
 */
export async function askInChat(chat: FrameLocator, question: string): Promise<Locator> {
  const answers = chat.locator('[data-role="message"][data-message-role="assistant"]');
  const before = await answers.count();
  const input = chat.locator('[data-role="input"]');
  await input.fill(question);
  await input.press('Enter');
  const answer = answers.nth(before);
  await answer.waitFor({ state: 'attached' });
  return answer;
}

/**
 * The visible text of the active editor. Monaco reuses line elements, so their DOM order is not the line
 * order: sort them by their vertical position. (It also renders non-breaking spaces.)
 */
export async function editorText(page: Page): Promise<string> {
  const lines = await page
    .locator('.editor-group-container.active .editor-instance .view-lines')
    .first()
    .evaluate((root) =>
      [...root.querySelectorAll<HTMLElement>('.view-line')]
        .map((line) => ({ top: parseFloat(line.style.top) || line.offsetTop, text: line.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text),
    );
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

/** What the active editor draws for the inline diff: lines by their decoration, and the CodeLens rows. */
export interface DiffOnScreen {
  readonly removed: string[];
  readonly added: string[];
  readonly pending: number;
  readonly struck: number;
  readonly lenses: string[];
}

/**
 * Reads the inline diff off the screen: the line backgrounds whose colour is one of the extension's theme
 * colours (resolved from the workbench's CSS variables), the struck-through text, the CodeLens rows.
 */
export function diffOnScreen(page: Page): Promise<DiffOnScreen> {
  return page.evaluate(() => {
    // The workbench defines its theme colours as CSS variables on its root element.
    const root = document.querySelector('.monaco-workbench')!;
    const resolve = (name: string): string => {
      const probe = document.createElement('div');
      probe.style.backgroundColor = `var(--vscode-${name})`;
      root.appendChild(probe);
      const color = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return color;
    };
    const colors = {
      removed: resolve('tokenStream-editRemovedLineBackground'),
      added: resolve('tokenStream-editAddedLineBackground'),
      pending: resolve('tokenStream-editPendingLineBackground'),
    };
    const editor = document.querySelector('.editor-group-container.active .editor-instance')!;
    // The text of the line drawn at each vertical position.
    const textAt = new Map<number, string>();
    for (const line of editor.querySelectorAll<HTMLElement>('.view-lines .view-line')) textAt.set(Math.round(parseFloat(line.style.top)), (line.textContent ?? '').replace(/\u00a0/g, ' '));
    const linesColored = (color: string): string[] =>
      [...editor.querySelectorAll<HTMLElement>('.view-overlays > div')]
        .filter((row) => [...row.querySelectorAll('.cdr')].some((d) => getComputedStyle(d).backgroundColor === color))
        .map((row) => ({ top: Math.round(parseFloat(row.style.top)), text: textAt.get(Math.round(parseFloat(row.style.top))) ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((row) => row.text);
    const struck = [...editor.querySelectorAll('.view-lines .view-line span span')].filter((span) => getComputedStyle(span).textDecorationLine.includes('line-through')).length;
    const lenses = [...editor.querySelectorAll<HTMLElement>('.codelens-decoration')]
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .map((lens) => (lens.textContent ?? '').replace(/\u00a0/g, ' ').trim());
    return { removed: linesColored(colors.removed), added: linesColored(colors.added), pending: linesColored(colors.pending).length, struck, lenses };
  });
}

/** Checks `condition` every 50 ms until it holds (a throw counts as not yet); fails after `timeoutMs`. */
export async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = AbortSignal.timeout(timeoutMs);
  while (!(await condition().catch(() => false))) {
    if (deadline.aborted) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(50);
  }
}

/** Closes every editor, reverting untitled and changed ones first so that nothing asks to save. */
export async function closeAllEditors(page: Page): Promise<void> {
  const tabs = page.locator('.tabs-container .tab');
  for (let i = 0; i < 30 && (await tabs.count()) > 0; i++) {
    const before = await tabs.count();
    await runCommand(page, 'View: Revert and Close Editor');
    await waitUntil(async () => (await tabs.count()) < before, 'the editor to close');
  }
}

/**
 * The notification whose message matches `text`, in the notification center (the workbench shows no toasts
 * with the smoke-test driver on), once it is there. Its buttons are in it.
 */
export async function notification(page: Page, text: RegExp): Promise<Locator> {
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible())) await runCommand(page, 'Notifications: Show Notifications');
  const item = center.locator('.notification-list-item', { hasText: text }).first();
  await item.waitFor({ state: 'visible' });
  return item;
}

/** Empties and closes the notification center. */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  if (await page.locator('.notifications-center').isVisible()) await runCommand(page, 'Notifications: Hide Notifications');
}

/** Waits until a chat answer has `status` (done, stopped, error). */
export async function answerEnded(answer: Locator, status: 'done' | 'stopped' | 'error' = 'done'): Promise<void> {
  await waitUntil(async () => (await answer.getAttribute('data-status')) === status, `the answer to be ${status}`);
}
