import * as vscode from 'vscode';
import { createLog } from './vscode/log';

/** Composition root: build the services, register commands and views, nothing else. */
export function activate(context: vscode.ExtensionContext): void {
  const { channel } = createLog();
  context.subscriptions.push(channel);
  context.subscriptions.push(vscode.commands.registerCommand('tokenStream.showLog', () => channel.show(true)));
}

export function deactivate(): void {}
