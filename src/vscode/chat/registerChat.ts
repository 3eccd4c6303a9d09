import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import type { GenerationResult } from '../../core/provider/types';
import type { ProviderFactory } from '../ProviderFactory';
import { ChatViewProvider, type CodeSink } from './ChatViewProvider';

interface SendArgs {
  readonly prompt?: unknown;
}

/** The chat view and its commands: Ask in Chat, New Chat, Chat History, Add Selection to Chat. */
export function registerChat(
  context: vscode.ExtensionContext,
  providers: ProviderFactory,
  code: CodeSink,
  logger: Logger,
): vscode.Disposable[] {
  const chat = new ChatViewProvider(context, providers, code, logger);
  const reveal = () => vscode.commands.executeCommand(`${ChatViewProvider.viewId}.focus`).then(undefined, () => undefined);
  return [
    chat,
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewId, chat),
    vscode.commands.registerCommand('tokenStream.chat.send', async (args?: SendArgs): Promise<GenerationResult | undefined> => {
      const prompt =
        typeof args?.prompt === 'string'
          ? args.prompt
          : await vscode.window.showInputBox({ title: 'Token Stream: Ask in Chat', prompt: 'Your question', ignoreFocusOut: true });
      if (!prompt?.trim()) return undefined;
      if (typeof args?.prompt !== 'string') void reveal();
      return chat.send(prompt);
    }),
    vscode.commands.registerCommand('tokenStream.chat.newChat', () => {
      chat.controller.newChat();
      void reveal();
    }),
    vscode.commands.registerCommand('tokenStream.chat.showHistory', async () => {
      await reveal();
      chat.showHistory();
    }),
    vscode.commands.registerCommand('tokenStream.addSelectionToChat', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage('Token Stream: open a file and select code to add it to the chat.');
        return;
      }
      chat.addSelection(editor);
      await reveal();
    }),
  ];
}
