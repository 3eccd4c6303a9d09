import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import { buildAtCursorMessages, buildGenerateMessages, extractCursorContext, languageIdForFence } from '../../core/prompts';
import type { CodeSink } from '../../core/sinks/CodeSink';
import { InsertionEngine, type InsertionResult } from '../../core/sinks/InsertionEngine';
import type { GenerationResult, StreamError } from '../../core/stream/types';
import { type Invocation, parseInvocation } from '../commandArgs';
import { showErrorNotification } from '../errorActions';
import type { GenerationRegistry } from '../GenerationRegistry';
import { COMMANDS } from '../ids';
import type { ProviderFactory } from '../ProviderFactory';
import { logRefusal, refusedResult } from '../refusal';
import type { GenerationStatusBar } from '../StatusBar';
import type { CutGenerations } from './CutGenerations';
import { EditorStreamer, oneDelta, type EditorGenerationResult } from './EditorStreamer';
import { PromptHistory } from './PromptHistory';
import { VsCodeEditorPort } from './VsCodeEditorPort';

export interface EditorDeps {
  readonly context: vscode.ExtensionContext;
  readonly providers: ProviderFactory;
  readonly logger: Logger;
  readonly generations: GenerationRegistry;
  readonly statusBar: GenerationStatusBar;
  /** Where cut generations are kept for Continue (none: a cut generation just ends). */
  readonly cuts?: CutGenerations<EditorGenerationResult>;
}

/**
 * What the generate commands resolve with: the generation, or, when it ended before any request (invalid
 * arguments, no editor, a refused request, the prompt box dismissed), no document and the reason.
 */
export type EditorCommandResult = EditorGenerationResult | (GenerationResult & { readonly uri?: undefined });

/**
 * Streaming into the editor: Generate Code (a new editor beside), Generate at Cursor, Stop Generating,
 * and the chat's Insert at Cursor (the same InsertionEngine, fed one delta).
 */
export function registerEditor(deps: EditorDeps): { disposables: vscode.Disposable[]; code: CodeSink } {
  const { providers, logger, generations, statusBar } = deps;
  const history = new PromptHistory(deps.context.globalState);
  const streamer = new EditorStreamer(generations, statusBar, logger, deps.cuts);

  /** The command ends before any request: logged, told (without waiting for anyone), returned. */
  function refuse(command: string, error: StreamError, retry?: () => unknown): EditorCommandResult {
    logRefusal(logger, command, error);
    showErrorNotification(error, retry);
    return refusedResult(error);
  }

  /** The prompt of this call: the arguments', or asked of the person who ran the command (undefined: dismissed). */
  async function promptOf(invocation: Exclude<Invocation, { kind: 'invalid' }>, title: string, placeholder: string): Promise<string | undefined> {
    if (invocation.kind === 'programmatic') return invocation.prompt;
    const asked = await history.ask(title, placeholder);
    if (!asked?.trim()) return undefined;
    await history.remember(asked);
    return asked;
  }

  async function generate(rawArgs?: unknown): Promise<EditorCommandResult> {
    const invocation = parseInvocation(COMMANDS.generate, rawArgs, true);
    if (invocation.kind === 'invalid') return refuse(COMMANDS.generate, invocation.error);
    const language = vscode.window.activeTextEditor?.document.languageId;
    const prompt = await promptOf(invocation, 'Token Stream: Generate Code', 'Describe the code to generate (recent prompts below)');
    if (prompt === undefined) return { text: '', finishReason: 'cancelled' };
    const model = invocation.kind === 'programmatic' ? invocation.model : undefined;
    const again = (): unknown => generate({ prompt, ...(model ? { model } : {}) });
    const prepared = await providers.prepare({ ...(model ? { model } : {}), interactive: invocation.kind === 'interactive' });
    if (!prepared.ok) {
      showErrorNotification(prepared.error, again);
      return refusedResult(prepared.error);
    }
    const generation = generations.start(undefined);
    try {
      const document = await vscode.workspace.openTextDocument({ language: language ?? 'plaintext', content: '' });
      const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
      generations.setUri(generation.id, document.uri);
      return await streamer.stream({
        editor,
        at: 0,
        provider: prepared.provider,
        continueWith: () => providers.create({ ...(model ? { model } : {}), interactive: false }),
        request: { messages: buildGenerateMessages(prompt, { language }), ...(model ? { model } : {}) },
        generation,
        followFenceLanguage: true,
        retry: () => void again(),
      });
    } finally {
      generation.dispose();
    }
  }

  async function insertAtCursor(rawArgs?: unknown): Promise<EditorCommandResult> {
    const invocation = parseInvocation(COMMANDS.insertAtCursor, rawArgs, true);
    if (invocation.kind === 'invalid') return refuse(COMMANDS.insertAtCursor, invocation.error);
    const start = vscode.window.activeTextEditor;
    if (!start) {
      return refuse(COMMANDS.insertAtCursor, {
        kind: 'noEditor',
        message: 'There is no active editor to generate into: open a file and place the cursor where the code should go.',
      });
    }
    const prompt = await promptOf(invocation, 'Token Stream: Generate at Cursor', 'Describe the code to insert at the cursor (recent prompts below)');
    if (prompt === undefined) return { text: '', finishReason: 'cancelled' };
    const model = invocation.kind === 'programmatic' ? invocation.model : undefined;
    const again = (): unknown => insertAtCursor({ prompt, ...(model ? { model } : {}) });
    // The input box may have taken long: use the editor and selection of the moment the prompt is given.
    const editor = vscode.window.activeTextEditor?.document === start.document ? vscode.window.activeTextEditor : start;
    const document = editor.document;
    const selection = editor.selection;
    const from = document.offsetAt(selection.start);
    const to = document.offsetAt(selection.end);
    const context = extractCursorContext(document.getText(), from, to, {
      fileName: document.isUntitled ? document.uri.path : vscode.workspace.asRelativePath(document.uri, false),
      language: document.languageId,
    });
    const prepared = await providers.prepare({ ...(model ? { model } : {}), interactive: invocation.kind === 'interactive' });
    if (!prepared.ok) {
      showErrorNotification(prepared.error, again);
      return refusedResult(prepared.error);
    }
    const generation = generations.start(document.uri);
    try {
      return await streamer.stream({
        editor,
        at: from === to ? from : { start: from, end: to },
        provider: prepared.provider,
        continueWith: () => providers.create({ ...(model ? { model } : {}), interactive: false }),
        request: { messages: buildAtCursorMessages(prompt, context), ...(model ? { model } : {}) },
        generation,
        followFenceLanguage: false,
        retry: () => void again(),
      });
    } finally {
      generation.dispose();
    }
  }

  const code: CodeSink = {
    /** Inserts finished code at the active editor's cursor (replacing its selection), as one undo step. */
    async insertAtCursor(text: string, language?: string): Promise<InsertionResult> {
      let editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
      if (!editor) {
        const known = await vscode.languages.getLanguages();
        const id = (language && languageIdForFence(language, known)) || 'plaintext';
        const document = await vscode.workspace.openTextDocument({ language: id, content: '' });
        editor = await vscode.window.showTextDocument(document, { preview: false });
      }
      const selection = editor.selection;
      const from = editor.document.offsetAt(selection.start);
      const to = editor.document.offsetAt(selection.end);
      const port = new VsCodeEditorPort(editor, logger);
      try {
        const engine = new InsertionEngine(port, { at: from === to ? from : { start: from, end: to }, stripFences: false, logger });
        return await engine.run(oneDelta(text));
      } finally {
        port.dispose();
      }
    },
  };

  const disposables = [
    vscode.commands.registerCommand(COMMANDS.generate, generate),
    vscode.commands.registerCommand(COMMANDS.insertAtCursor, insertAtCursor),
    // Escape passes { activeEditorOnly: true }: it stops the active editor's generation or nothing, even when
    // its context key has not caught up yet. The palette and the status bar stop the most recent one otherwise.
    vscode.commands.registerCommand(COMMANDS.cancel, (args?: unknown) =>
      generations.cancel(vscode.window.activeTextEditor?.document.uri, isRecord(args) && args['activeEditorOnly'] === true),
    ),
  ];
  return { disposables, code };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
