import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import type { GenerationResult } from '../../core/stream/types';
import type { CodeSink } from '../../core/sinks/CodeSink';
import type { ProviderFactory } from '../ProviderFactory';
import type { CodeBlockApplier } from '../apply/registerApply';
import { CHAT_VIEW_ID, COMMANDS } from '../ids';
import { ChatViewProvider } from './ChatViewProvider';

interface SendArgs {
  readonly prompt?: unknown;
}

/** The chat view and its commands: Ask in Chat, New Chat, Chat History, Add Selection to Chat. */
export function registerChat(
  context: vscode.ExtensionContext,
  providers: ProviderFactory,
  code: CodeSink,
  logger: Logger,
  applier?: CodeBlockApplier,
): vscode.Disposable[] {
  const chat = new ChatViewProvider(context, providers, code, logger, applier);
  const reveal = () => vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`).then(undefined, () => undefined);
  return [
    chat,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, chat),
    vscode.commands.registerCommand(COMMANDS.chatSend, async (args?: SendArgs): Promise<GenerationResult | undefined> => {
      const prompt =
        typeof args?.prompt === 'string'
          ? args.prompt
          : await vscode.window.showInputBox({ title: 'Token Stream: Ask in Chat', prompt: 'Your question', ignoreFocusOut: true });
      if (!prompt?.trim()) return undefined;
      if (typeof args?.prompt !== 'string') void reveal();
      return chat.send(prompt);
    }),
    vscode.commands.registerCommand(COMMANDS.newChat, () => {
      chat.controller.newChat();
      void reveal();
    }),
    vscode.commands.registerCommand(COMMANDS.showHistory, async () => {
      await reveal();
      chat.showHistory();
    }),
    vscode.commands.registerCommand(COMMANDS.addSelectionToChat, async () => {
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
