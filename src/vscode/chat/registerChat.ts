import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import type { GenerationResult } from '../../core/stream/types';
import type { CodeSink } from '../../core/sinks/CodeSink';
import { promptTooLong } from '../../shared/limits';
import type { CodeBlockApplier } from '../apply/registerApply';
import { parseInvocation } from '../commandArgs';
import { showErrorNotification } from '../errorActions';
import type { ContinueTargets } from '../continue/registerContinue';
import { CHAT_VIEW_ID, COMMANDS } from '../ids';
import type { ProviderFactory } from '../ProviderFactory';
import { logRefusal, refusedResult } from '../refusal';
import { ChatViewProvider } from './ChatViewProvider';

/** The chat view and its commands: Ask in Chat, New Chat, Chat History, Add Selection to Chat. */
export function registerChat(
  context: vscode.ExtensionContext,
  providers: ProviderFactory,
  code: CodeSink,
  logger: Logger,
  continueTargets?: ContinueTargets,
  applier?: CodeBlockApplier,
): vscode.Disposable[] {
  const chat = new ChatViewProvider(context, providers, code, logger, applier);
  continueTargets?.setChat((messageId) => chat.controller.continue(messageId));
  const reveal = () => vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`).then(undefined, () => undefined);
  return [
    chat,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, chat),
    vscode.commands.registerCommand(COMMANDS.chatSend, async (args?: unknown): Promise<GenerationResult> => {
      const invocation = parseInvocation(COMMANDS.chatSend, args, false);
      if (invocation.kind === 'invalid') {
        logRefusal(logger, COMMANDS.chatSend, invocation.error);
        showErrorNotification(invocation.error);
        return refusedResult(invocation.error);
      }
      if (invocation.kind === 'programmatic') return chat.send(invocation.prompt, false);
      const prompt = await vscode.window.showInputBox({
        title: 'Token Stream: Ask in Chat',
        prompt: 'Your question',
        ignoreFocusOut: true,
        validateInput: (value) => promptTooLong(value.length),
      });
      if (!prompt?.trim()) return { text: '', finishReason: 'cancelled' };
      void reveal();
      return chat.send(prompt, true);
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
      const refused = chat.addSelection(editor);
      if (refused) {
        void vscode.window.showWarningMessage(`Token Stream: nothing was attached. ${refused}`);
        return;
      }
      await reveal();
    }),
  ];
}
