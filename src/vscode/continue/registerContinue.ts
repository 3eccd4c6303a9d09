import * as vscode from 'vscode';
import type { ChatGenerationResult } from '../../core/chat/ChatController';
import type { Logger } from '../../core/log';
import type { GenerationResult } from '../../core/stream/types';
import type { EditSelectionResult } from '../edit/registerEditSelection';
import type { CutGenerations } from '../editor/CutGenerations';
import type { EditorGenerationResult } from '../editor/EditorStreamer';
import { COMMANDS } from '../ids';

/**
 * Where a cut answer can be continued: the editor's cut generations, the cut Edit Selections and the chat
 * once they are registered.
 */
export class ContinueTargets {
  private chatAnswers: ((messageId: string) => Promise<ChatGenerationResult>) | undefined;
  private editCuts: CutGenerations<EditSelectionResult> | undefined;

  constructor(readonly editor: CutGenerations<EditorGenerationResult>) {}

  /** Edit Selection keeps its cut edits (paused, their diff still shown) here. */
  setEdits(cuts: CutGenerations<EditSelectionResult>): void {
    this.editCuts = cuts;
  }

  get edits(): CutGenerations<EditSelectionResult> | undefined {
    return this.editCuts;
  }

  /** The chat continues its answers by message id (ChatController.continue). */
  setChat(continueAnswer: (messageId: string) => Promise<ChatGenerationResult>): void {
    this.chatAnswers = continueAnswer;
  }

  get chat(): ((messageId: string) => Promise<ChatGenerationResult>) | undefined {
    return this.chatAnswers;
  }
}

/**
 * tokenStream.continue: finishes a cut answer where it stopped.
 * - no arguments (the palette, a keybinding): the last cut generation in the active editor's document;
 * - `{ uri }` (a string or a Uri): the last cut generation in that document;
 *   in both, a cut Edit Selection (its diff waiting in the document) comes before a cut generation;
 * - `{ messageId }`: the chat answer with that id (`tokenStream.chat.send` results carry it).
 * Resolves like the command that was cut, with the whole text, the last finish reason and the usage of
 * every round. Called with arguments it never opens UI: a missing or unknown target resolves at once with
 * `finishReason: 'error'` and an error saying so.
 */
export function registerContinue(targets: ContinueTargets, logger: Logger): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.continue, async (args?: unknown): Promise<GenerationResult> => {
    const target = parseTarget(args);
    if (target.kind === 'invalid') return nothing(target.message, logger);
    if (target.kind === 'message') {
      const chat = targets.chat;
      if (!chat) return nothing('The chat is not available, so no chat answer can be continued.', logger);
      return chat(target.messageId);
    }
    const interactive = target.kind === 'activeEditor';
    const uri = target.kind === 'document' ? target.uri : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      const message = 'Open the document whose generation stopped, then run Continue.';
      if (interactive) void vscode.window.showInformationMessage(`Token Stream: ${message}`);
      return nothing(message, logger);
    }
    const cut = targets.edits?.take(uri) ?? targets.editor.take(uri);
    if (!cut) {
      const message = `Nothing to continue in ${uri.toString(true)}: no generation there stopped at the token limit or was cut off (or it was already continued).`;
      if (interactive) void vscode.window.showInformationMessage(`Token Stream: ${message}`);
      const result: EditorGenerationResult = { ...nothing(message, logger), uri: uri.toString(), documentClosed: false, discarded: false };
      return result;
    }
    return cut.continue();
  });
}

type Target =
  | { readonly kind: 'activeEditor' }
  | { readonly kind: 'document'; readonly uri: vscode.Uri }
  | { readonly kind: 'message'; readonly messageId: string }
  | { readonly kind: 'invalid'; readonly message: string };

function parseTarget(args: unknown): Target {
  if (args === undefined || args === null) return { kind: 'activeEditor' };
  // Menus pass the document's Uri itself.
  if (args instanceof vscode.Uri) return { kind: 'document', uri: args };
  if (typeof args === 'object') {
    const { uri, messageId } = args as { uri?: unknown; messageId?: unknown };
    if (typeof messageId === 'string' && messageId.trim()) return { kind: 'message', messageId: messageId.trim() };
    if (uri instanceof vscode.Uri) return { kind: 'document', uri };
    if (typeof uri === 'string' && uri.trim()) {
      try {
        return { kind: 'document', uri: vscode.Uri.parse(uri.trim(), true) };
      } catch {
        return { kind: 'invalid', message: `tokenStream.continue: "${uri}" is not a document URI.` };
      }
    }
  }
  return { kind: 'invalid', message: 'tokenStream.continue takes { uri } (a document) or { messageId } (a chat answer), or nothing for the active editor.' };
}

function nothing(message: string, logger: Logger): GenerationResult {
  logger.info(`Continue: ${message}`);
  return { text: '', finishReason: 'error', error: { kind: 'nothingToContinue', message } };
}
