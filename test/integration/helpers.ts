import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/vscode/ids';
import { OpenAiTestServer } from '../servers/openAiServer';

export async function activateExtension(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  await extension.activate();
}

/** Sets tokenStream.* user settings; the returned function restores what was there. */
export async function setSettings(values: Record<string, unknown>): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('tokenStream');
  const previous = Object.keys(values).map((key) => [key, config.inspect(key)?.globalValue] as const);
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    const current = vscode.workspace.getConfiguration('tokenStream');
    for (const [key, value] of previous) await current.update(key, value, vscode.ConfigurationTarget.Global);
  };
}

/**
 * Registers the suite's hooks around a loopback OpenAI-compatible server: before the suite, activates the
 * extension, starts the server and points tokenStream at it; resets the server before each test; after the
 * suite, restores the settings and closes it. The server is on the returned object once the suite runs.
 */
export function useLoopbackServer(extra: Record<string, unknown> = {}): { readonly server: OpenAiTestServer } {
  const suite = {} as { server: OpenAiTestServer };
  let restoreSettings: (() => Promise<void>) | undefined;
  before(async () => {
    await activateExtension();
    suite.server = await OpenAiTestServer.start();
    restoreSettings = await setSettings({ provider: 'openai', baseUrl: suite.server.baseUrl, model: 'loopback-small', maxRetries: 0, ...extra });
  });
  after(async () => {
    await restoreSettings?.();
    await suite.server?.close();
  });
  beforeEach(() => suite.server.reset());
  return suite;
}

/** Polls `condition` every 10 ms until true; fails after `timeoutMs` with `what`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = AbortSignal.timeout(timeoutMs);
  while (!(await condition())) {
    if (deadline.aborted) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
