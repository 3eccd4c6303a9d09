import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import { buildAtCursorMessages, buildGenerateMessages, extractCursorContext, languageIdForFence } from '../../core/prompts';
import type { CodeSink } from '../../core/sinks/CodeSink';
import { InsertionEngine, type InsertionResult } from '../../core/sinks/InsertionEngine';
import type { GenerationRegistry } from '../GenerationRegistry';
import { COMMANDS } from '../ids';
import type { ProviderFactory } from '../ProviderFactory';
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

/** Programmatic arguments of tokenStream.generate and tokenStream.insertAtCursor (no input box). */
interface GenerateArgs {
  readonly prompt?: unknown;
  readonly model?: unknown;
}

interface ParsedArgs {
  readonly prompt?: string;
  readonly model?: string;
}

function parseArgs(args: unknown): ParsedArgs {
  if (!args || typeof args !== 'object') return {};
  const { prompt, model } = args as GenerateArgs;
  return {
    ...(typeof prompt === 'string' ? { prompt } : {}),
    ...(typeof model === 'string' && model.trim() ? { model: model.trim() } : {}),
  };
}

/**
 * Streaming into the editor: Generate Code (a new editor beside), Generate at Cursor, Stop Generating,
 * and the chat's Insert at Cursor (the same InsertionEngine, fed one delta).
 */
export function registerEditor(deps: EditorDeps): { disposables: vscode.Disposable[]; code: CodeSink } {
  const { providers, logger, generations, statusBar } = deps;
  const history = new PromptHistory(deps.context.globalState);
  const streamer = new EditorStreamer(generations, statusBar, logger, deps.cuts);

  async function askPrompt(args: ParsedArgs, title: string, placeholder: string): Promise<string | undefined> {
    const prompt = args.prompt ?? (await history.ask(title, placeholder));
    if (!prompt?.trim()) return undefined;
    await history.remember(prompt);
    return prompt;
  }

  async function generate(rawArgs?: unknown): Promise<EditorGenerationResult | undefined> {
    const args = parseArgs(rawArgs);
    const language = vscode.window.activeTextEditor?.document.languageId;
    const prompt = await askPrompt(args, 'Token Stream: Generate Code', 'Describe the code to generate (recent prompts below)');
    if (!prompt) return undefined;
    const generation = generations.start(undefined);
    try {
      const provider = await providers.create(args.model ? { model: args.model } : {});
      const document = await vscode.workspace.openTextDocument({ language: language ?? 'plaintext', content: '' });
      const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
      generations.setUri(generation.id, document.uri);
      return await streamer.stream({
        editor,
        at: 0,
        provider,
        continueWith: () => providers.create({ ...(args.model ? { model: args.model } : {}), interactive: false }),
        request: { messages: buildGenerateMessages(prompt, { language }), ...(args.model ? { model: args.model } : {}) },
        generation,
        followFenceLanguage: true,
        retry: () => void generate({ ...args, prompt }),
      });
    } finally {
      generation.dispose();
    }
  }

  async function insertAtCursor(rawArgs?: unknown): Promise<EditorGenerationResult | undefined> {
    const args = parseArgs(rawArgs);
    const start = vscode.window.activeTextEditor;
    if (!start) {
      void vscode.window.showInformationMessage('Token Stream: open a file and place the cursor where the code should go.');
      return undefined;
    }
    const prompt = await askPrompt(args, 'Token Stream: Generate at Cursor', 'Describe the code to insert at the cursor (recent prompts below)');
    if (!prompt) return undefined;
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
    const generation = generations.start(document.uri);
    try {
      const provider = await providers.create(args.model ? { model: args.model } : {});
      return await streamer.stream({
        editor,
        at: from === to ? from : { start: from, end: to },
        provider,
        continueWith: () => providers.create({ ...(args.model ? { model: args.model } : {}), interactive: false }),
        request: { messages: buildAtCursorMessages(prompt, context), ...(args.model ? { model: args.model } : {}) },
        generation,
        followFenceLanguage: false,
        retry: () => void insertAtCursor({ ...args, prompt }),
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
    vscode.commands.registerCommand(COMMANDS.cancel, () => generations.cancel(vscode.window.activeTextEditor?.document.uri)),
  ];
  return { disposables, code };
}
