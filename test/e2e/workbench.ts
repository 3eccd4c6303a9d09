// One real VS Code workbench (code-server + Chromium) shared by the UI specs; started and always stopped by
// the mocha root hooks in hooks.ts. The page is driven with the helpers of driver.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { OpenAiTestServer } from '../servers/openAiServer';
import { DRIVEN_WORKBENCH_SETTINGS, waitForWorkbench } from './driver';

const ROOT = process.cwd();

/** Workspace files the UI tests write their own content into before opening them (see launch). */
export const SCRATCH_FILES = ['circles.py', 'rings.py'];
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

export async function startWorkbench(): Promise<Workbench> {
  const llm = await OpenAiTestServer.start();
  let server: CodeServer;
  try {
    server = await codeServer.startCodeServer({
      smokeDriver: true,
      settings: { 'tokenStream.baseUrl': llm.baseUrl, 'tokenStream.model': 'loopback-small', 'tokenStream.maxRetries': 0, ...DRIVEN_WORKBENCH_SETTINGS },
    });
  } catch (err) {
    await llm.close();
    throw err;
  }
  let browser: BrowserContext | undefined;
  try {
    browser = await codeServer.launchBrowser(server.dirs.run);
    const page = browser.pages()[0] ?? (await browser.newPage());
    fs.writeFileSync(path.join(server.dirs.workspace, 'hello.py'), 'def greet(name):\n    return f"Hello, {name}"\n');
    // Files that tests fill in before opening them through Quick Open: they exist before the workbench
    // starts, so Quick Open's file list has them (a file created later reaches it through the file watcher,
    // which may be after the test typed its name).
    for (const name of SCRATCH_FILES) fs.writeFileSync(path.join(server.dirs.workspace, name), '');
    await page.goto(codeServer.workbenchUrl(server));
    await waitForWorkbench(page);
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

/** The user settings of the run, as the workbench wrote them to disk. */
export function userSettings(): Record<string, unknown> {
  const file = path.join(workbench().server.dirs.userData, 'User', 'settings.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}
