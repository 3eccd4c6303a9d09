// One real VS Code workbench (code-server + Chromium) shared by the UI specs; started and always stopped by
// the mocha root hooks in hooks.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { OpenAiTestServer } from '../servers/openAiServer';

const ROOT = process.cwd();
interface CodeServer {
  url: string;
  port: number;
  dirs: { run: string; workspace: string; userData: string };
  stop(): Promise<void>;
  logPath: string;
}
// Plain JS shared with the runners; loaded at run time so it resolves paths from the repository root.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const codeServer = require(path.join(ROOT, 'scripts', 'codeServer.js')) as {
  startCodeServer(options: object): Promise<CodeServer>;
  launchBrowser(runDir: string): Promise<BrowserContext>;
  workbenchUrl(server: CodeServer, options?: object): string;
};

export interface Workbench {
  readonly server: CodeServer;
  /** The loopback OpenAI-compatible endpoint the extension is configured to use. */
  readonly llm: OpenAiTestServer;
  readonly browser: BrowserContext;
  readonly page: Page;
  readonly screenshots: string;
}

// Each spec is bundled on its own, so the one workbench lives on globalThis, not in module state.
const state = globalThis as { __tokenStreamWorkbench?: Workbench };

export function workbench(): Workbench {
  if (!state.__tokenStreamWorkbench) throw new Error('the workbench is not started (test/e2e/hooks.ts)');
  return state.__tokenStreamWorkbench;
}

export async function startWorkbench(settings: Record<string, unknown> = {}): Promise<Workbench> {
  const llm = await OpenAiTestServer.start();
  let server: CodeServer;
  try {
    server = await codeServer.startCodeServer({
      smokeDriver: true,
      settings: { 'tokenStream.baseUrl': llm.baseUrl, 'tokenStream.model': 'loopback-small', 'tokenStream.maxRetries': 0, ...settings },
    });
  } catch (err) {
    await llm.close();
    throw err;
  }
  let browser: BrowserContext | undefined;
  try {
    browser = await codeServer.launchBrowser(server.dirs.run);
    const page = browser.pages()[0] ?? (await browser.newPage());
    const workspace = server.dirs.workspace;
    fs.writeFileSync(path.join(workspace, 'hello.py'), 'def greet(name):\n    return f"Hello, {name}"\n');
    await page.goto(codeServer.workbenchUrl(server));
    await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
    await page.waitForSelector('.activitybar [aria-label^="Token Stream"]', { timeout: 120_000 });
    const screenshots = path.join(ROOT, 'test-results', 'screenshots');
    fs.mkdirSync(screenshots, { recursive: true });
    state.__tokenStreamWorkbench = { server, llm, browser, page, screenshots };
    return state.__tokenStreamWorkbench;
  } catch (err) {
    await browser?.close().catch(() => {});
    await server.stop();
    await llm.close();
    throw err;
  }
}

export async function stopWorkbench(): Promise<void> {
  const wb = state.__tokenStreamWorkbench;
  state.__tokenStreamWorkbench = undefined;
  if (!wb) return;
  await wb.browser.close().catch(() => {});
  await wb.server.stop();
  await wb.llm.close();
}

/** Runs a command from the command palette as a user would: F1, type its title, Enter. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 5 } }).catch(() => {});
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

/** Opens the Token Stream side bar and returns the chat webview's frame, once its input is there. */
export async function openChatView(page: Page): Promise<FrameLocator> {
  const frame = chatFrame(page);
  if (!(await frame.locator('[data-role="input"]').isVisible().catch(() => false))) {
    // Clicking the icon of the container that is already open closes it (after a reload the side bar comes
    // back open while its webview is still loading): click only when it is not the active one.
    const icon = page.locator('.activitybar [aria-label^="Token Stream"]').first();
    const active = await icon
      .evaluate((el) => {
        const item = el.closest('.action-item') ?? el;
        const on = (e: Element) => ['aria-pressed', 'aria-selected', 'aria-expanded'].some((a) => e.getAttribute(a) === 'true');
        return item.classList.contains('checked') || on(item) || on(el);
      })
      .catch(() => false);
    if (!active) await icon.click();
  }
  await frame.locator('[data-role="input"]').waitFor({ state: 'visible', timeout: 60_000 });
  return frame;
}

/**
 * The chat's webview frame. Only ours: the workbench may show other webviews (it once opened the secondary
 * side bar with one during a CI run, and the tests then read the wrong frame). Its src names the extension.
 */
export function chatFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready[src*="extensionId=token-stream.token-stream"]').frameLocator('#active-frame');
}

/** Opens a workspace file in the editor through Quick Open, as a user would. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible' });
}

/**
 * The visible text of the active editor. Monaco reuses line elements, so their DOM order is not the line
 * order: sort them by their vertical position. (It also renders non-breaking spaces.)
 */
export async function editorText(page: Page): Promise<string> {
  const lines = await page
    .locator('.editor-instance .view-lines')
    .first()
    .evaluate((root) =>
      [...root.querySelectorAll<HTMLElement>('.view-line')]
        .map((line) => ({ top: parseFloat(line.style.top) || line.offsetTop, text: line.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text),
    );
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

export async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
