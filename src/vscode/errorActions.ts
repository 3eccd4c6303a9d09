import * as vscode from 'vscode';
import type { StreamError } from '../core/stream/types';
import { ERROR_ACTION_LABELS, type ErrorAction } from '../shared/outcomes';
import { COMMANDS, EXTENSION_ID } from './ids';

/** Runs the action that fixes an error (the chat's error button, a notification's button). */
export async function runErrorAction(action: ErrorAction, retry: () => unknown): Promise<void> {
  switch (action) {
    case 'retry':
      await retry();
      return;
    case 'setApiKey':
      await vscode.commands.executeCommand(COMMANDS.setApiKey);
      return;
    case 'selectModel':
      await vscode.commands.executeCommand(COMMANDS.selectModel);
      return;
    case 'showLog':
      await vscode.commands.executeCommand(COMMANDS.showLog);
      return;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`);
      return;
  }
}

/** A button put before an error's own actions (Continue, for an answer a broken stream cut). */
export interface ExtraAction {
  readonly label: string;
  run(): unknown;
}

/**
 * An error notification with `first` (when given), the error's own fix, then Retry (when the request can
 * be made again) and Show Log. Not awaited by callers: a command resolves when its stream ends, whatever
 * the user does with the message.
 */
export function showErrorNotification(error: StreamError, retry?: () => unknown, first?: ExtraAction): void {
  const actions = [...new Set<ErrorAction>([...(error.action ? [error.action] : []), ...(retry ? ['retry' as const] : []), 'showLog'])];
  const labels = [...(first ? [first.label] : []), ...actions.map((a) => ERROR_ACTION_LABELS[a])];
  void vscode.window.showErrorMessage(error.message, ...labels).then(async (choice) => {
    if (first && choice === first.label) {
      await first.run();
      return;
    }
    const action = actions.find((a) => ERROR_ACTION_LABELS[a] === choice);
    if (action) await runErrorAction(action, retry ?? (() => undefined));
  });
}
