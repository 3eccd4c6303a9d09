import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import { buildEditMessages, extractEditContext, wholeLines } from '../../core/prompts';
import { FenceStripper } from '../../core/stream/FenceStripper';
import { IndentShifter } from '../../core/stream/IndentShifter';
import type { FinishReason, GenerationResult, StreamError, StreamEvent, StreamMetrics, Usage } from '../../core/stream/types';
import { PromptHistory } from '../editor/PromptHistory';
import { showErrorNotification } from '../errorActions';
import type { GenerationRegistry } from '../GenerationRegistry';
import { COMMANDS } from '../ids';
import type { ProviderFactory } from '../ProviderFactory';
import type { GenerationStatusBar } from '../StatusBar';
import { EditCodeLensProvider, hunkKey, type HunkArgs } from './EditCodeLensProvider';
import { EditDecorations } from './EditDecorations';
import { parseEditArgs, type EditArgs } from './editArgs';
import { EditStatus } from './EditStatus';
import { type LiveEdit, LiveEdits } from './LiveEdits';

export interface EditSelectionDeps {
  readonly context: vscode.ExtensionContext;
  readonly providers: ProviderFactory;
  readonly logger: Logger;
  readonly generations: GenerationRegistry;
  readonly statusBar: GenerationStatusBar;
}

/**
 * What `tokenStream.editSelection` resolves with once the stream ended. `text` is the rewrite as it was
 * streamed into the document (fences stripped, re-indented); `hunks` the changes now shown for review.
 */
export interface EditSelectionResult extends GenerationResult {
  readonly uri: string;
  readonly hunks: number;
}

/** The Edit Selection state the integration tests read through the extension's exports. */
export interface EditSelectionProbe {
  /** The hunks shown in a document now: their removed and added line ranges [start, end). */
  hunks(uri: string): { removed: [number, number]; added: [number, number] }[];
  /** The pending lines shown in a document now, [start, end), if any. */
  pendingLines(uri: string): [number, number] | undefined;
  /** The text of the status bar item that counts the changes of the active editor. */
  statusText(): string;
}

/**
 * Edit Selection: the rewrite of the selected lines streams in as an inline diff (see EditSession), each
 * change then accepted or rejected (CodeLens, commands, keys), with the status bar counting what is left.
 */
export function registerEditSelection(deps: EditSelectionDeps): { disposables: vscode.Disposable[]; probe: EditSelectionProbe; edits: LiveEdits } {
  const { providers, logger, generations, statusBar } = deps;
  const history = new PromptHistory(deps.context.globalState);
  const edits = new LiveEdits(logger);
  const decorations = new EditDecorations(edits);
  const lenses = new EditCodeLensProvider(edits);
  const status = new EditStatus(edits);

  async function editSelection(rawArgs?: unknown): Promise<EditSelectionResult | undefined> {
    // The editor context menu passes the document's URI; only an object of arguments is a programmatic call.
    if (rawArgs === undefined || rawArgs instanceof vscode.Uri) return editInteractively();
    const parsed = parseEditArgs(rawArgs);
    if (!parsed.ok) return failed(parsed.message, typeof (rawArgs as { uri?: unknown }).uri === 'string' ? String((rawArgs as { uri: string }).uri) : '');
    const target = resolveTarget(parsed.args);
    if ('error' in target) return failed(target.error, parsed.args.uri ?? '');
    return run(target.editor, target.range, parsed.args, false);
  }

  async function editInteractively(): Promise<EditSelectionResult | undefined> {
    const start = vscode.window.activeTextEditor;
    if (!start) {
      void vscode.window.showInformationMessage('Token Stream: open a file and select the lines to edit.');
      return undefined;
    }
    const busy = busyMessage(start.document);
    if (busy) {
      void vscode.window.showInformationMessage(`Token Stream: ${busy}`);
      return undefined;
    }
    const prompt = await history.ask('Token Stream: Edit Selection', 'Describe the change to the selected lines (recent prompts below)');
    if (!prompt?.trim()) return undefined;
    await history.remember(prompt);
    // The input may have taken long: the editor and selection of the moment the instruction is given.
    const editor = vscode.window.activeTextEditor?.document === start.document ? vscode.window.activeTextEditor : start;
    if (editor.document.isClosed) return undefined;
    return run(editor, editor.selection, { prompt }, true);
  }

  /** The editor (visible, never opened or focused here) and range a programmatic call names. */
  function resolveTarget(args: EditArgs): { editor: vscode.TextEditor; range: vscode.Range } | { error: string } {
    let editor: vscode.TextEditor | undefined;
    if (args.uri === undefined) {
      editor = vscode.window.activeTextEditor;
      if (!editor) return { error: 'tokenStream.editSelection: no editor is active; pass "uri" of a document shown in an editor.' };
    } else {
      const uri = args.uri;
      const active = vscode.window.activeTextEditor;
      editor = active?.document.uri.toString() === uri ? active : vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
      if (!editor) {
        const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri);
        return {
          error: open
            ? `tokenStream.editSelection: ${uri} is open but not shown in an editor; show it first (Edit Selection never opens or focuses an editor).`
            : `tokenStream.editSelection: ${uri} is not open; open and show it first (Edit Selection never opens or focuses an editor).`,
        };
      }
    }
    const busy = busyMessage(editor.document);
    if (busy) return { error: `tokenStream.editSelection: ${busy}` };
    if (!args.range) return { editor, range: editor.selection };
    const { start, end } = args.range;
    const lines = editor.document.lineCount;
    const inside = (p: { line: number; character: number }): boolean => p.line < lines && p.character <= editor!.document.lineAt(p.line).text.length;
    if (!inside(start) || !inside(end)) {
      return { error: `tokenStream.editSelection: "range" is outside the document (${lines} lines); lines and characters count from 0.` };
    }
    return { editor, range: new vscode.Range(start.line, start.character, end.line, end.character) };
  }

  function busyMessage(document: vscode.TextDocument): string | undefined {
    const live = edits.get(document.uri);
    if (!live) return undefined;
    return live.session.state === 'streaming'
      ? 'an edit is still streaming into this document; stop it (Escape) or wait for it first.'
      : 'this document has changes to review; accept or reject them first.';
  }

  async function run(editor: vscode.TextEditor, range: vscode.Range, args: EditArgs, interactive: boolean): Promise<EditSelectionResult> {
    const document = editor.document;
    // Another edit may have started in the document while the instruction was typed.
    const busy = busyMessage(document);
    if (busy) {
      if (interactive) void vscode.window.showInformationMessage(`Token Stream: ${busy}`);
      return failed(`tokenStream.editSelection: ${busy}`, document.uri.toString());
    }
    const text = document.getText();
    const span = wholeLines(text, document.offsetAt(range.start), document.offsetAt(range.end));
    const original = text.slice(span.start, span.end);
    const context = extractEditContext(text, span, {
      fileName: document.isUntitled ? document.uri.path : vscode.workspace.asRelativePath(document.uri, false),
      language: document.languageId,
    });
    const generation = generations.start(document.uri);
    const live = edits.start(editor, span.start, original);
    logger.info(`Edit Selection in ${document.uri.toString(true)}: lines ${context.firstLine}-${document.positionAt(span.end).line}, ${original.length} chars`);
    statusBar.streaming(undefined, generations.size);
    let outcome: StreamOutcome;
    try {
      const provider = await providers.create({ ...(args.model ? { model: args.model } : {}), interactive });
      const request = { messages: buildEditMessages(args.prompt, context), prediction: original, ...(args.model ? { model: args.model } : {}) };
      // The selection's indentation: its first non-blank line's.
      const indent = /^[ \t]*(?=\S)/m.exec(original)?.[0] ?? '';
      outcome = await streamInto(live, provider.stream(request, generation.signal), indent, generation.abort, (metrics) =>
        statusBar.streaming(metrics, generations.size),
      );
    } catch (thrown) {
      logger.error('Edit Selection failed', thrown);
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      outcome = { text: '', reasoning: '', reason: 'error', error: { kind: 'unknown', message, action: 'showLog' } };
    } finally {
      generation.dispose();
    }
    const documentClosed = live.session.state === 'closed';
    const reason: FinishReason = documentClosed && outcome.reason === 'stop' ? 'cancelled' : outcome.reason;
    const end = await live.session.end(reason);
    statusBar.done(reason, outcome.metrics, outcome.usage);
    const stats = live.session.stats;
    logger.info(
      `Edit Selection in ${document.uri.toString(true)} ended: ${reason}, ${end.hunks} changes to review, ${stats.applied} edits (${stats.failed} retried)` +
        (end.summary.agreement ? `, committed hunks ${end.summary.agreement.equal ? 'equal' : 'differ from'} the full diff` : ''),
    );
    const error = outcome.error;
    if (error) {
      showErrorNotification(error, () => retry(document, args, range));
    } else if (reason === 'length') {
      void vscode.window.showWarningMessage('Token Stream: the rewrite stopped at the token limit (tokenStream.maxTokens); the rest of the selection is as it was.');
    } else if (reason === 'stop' && end.hunks === 0 && interactive && !documentClosed) {
      void vscode.window.showInformationMessage('Token Stream: the model changed nothing in the selection.');
    }
    return {
      text: outcome.text,
      ...(outcome.reasoning ? { reasoning: outcome.reasoning } : {}),
      finishReason: reason,
      ...(error ? { error } : {}),
      ...(outcome.usage ? { usage: outcome.usage } : {}),
      ...(outcome.metrics ? { metrics: outcome.metrics } : {}),
      uri: document.uri.toString(),
      hunks: end.hunks,
    };
  }

  /**
   * Retry after an error: the changes shown are rejected, and the same lines are asked for again (the
   * range given the first time, or the editor's selection then).
   */
  async function retry(document: vscode.TextDocument, args: EditArgs, range: vscode.Range): Promise<void> {
    await edits.get(document.uri)?.session.rejectAll();
    const position = (p: vscode.Position): { line: number; character: number } => ({ line: p.line, character: p.character });
    await editSelection({ ...args, uri: document.uri.toString(), range: { start: position(range.start), end: position(range.end) } });
  }

  function failed(message: string, uri: string): EditSelectionResult {
    const error: StreamError = { kind: 'badRequest', message };
    logger.warn(message);
    return { text: '', finishReason: 'error', error, uri, hunks: 0 };
  }

  /** The live edit a review command is about: `uri` (string or Uri) or the active editor's document. */
  function liveFor(raw: unknown): LiveEdit | undefined {
    const uri = raw && typeof raw === 'object' && 'uri' in raw ? (raw as { uri?: unknown }).uri : raw instanceof vscode.Uri ? raw : undefined;
    if (typeof uri === 'string' || uri instanceof vscode.Uri) return edits.get(uri);
    const active = vscode.window.activeTextEditor?.document.uri;
    return active ? edits.get(active) : undefined;
  }

  async function review(raw: unknown, action: 'accept' | 'reject'): Promise<number> {
    const live = liveFor(raw);
    if (!live) return 0;
    return action === 'accept' ? live.session.acceptAll() : live.session.rejectAll();
  }

  async function reviewHunk(raw: unknown, action: 'accept' | 'reject'): Promise<number> {
    const live = liveFor(raw);
    if (!live) return 0;
    const { index, key } = (raw ?? {}) as Partial<HunkArgs>;
    const hunks = live.hunks;
    // A lens names its hunk: act on that one wherever it is now, or on nothing if it is resolved.
    const hunk = key !== undefined ? hunks.find((h) => hunkKey(h) === key) : typeof index === 'number' && Number.isInteger(index) ? hunks[index] : undefined;
    if (!hunk) return live.session.openHunks;
    return action === 'accept' ? live.session.acceptHunk(hunk.index) : live.session.rejectHunk(hunk.index);
  }

  /** Moves the cursor to the next (or previous) change, wrapping around, and scrolls it into view. */
  function goToHunk(raw: unknown, direction: 1 | -1): number {
    const live = liveFor(raw);
    if (!live) return 0;
    const hunks = live.hunks;
    const active = vscode.window.activeTextEditor;
    const editor = active?.document === live.document ? active : vscode.window.visibleTextEditors.find((e) => e.document === live.document);
    if (!editor || hunks.length === 0) return live.session.openHunks;
    const starts = hunks.map((hunk) => (hunk.removed.endLine > hunk.removed.startLine ? hunk.removed.startLine : hunk.added.startLine));
    const line = editor.selection.active.line;
    const target = direction === 1 ? (starts.find((s) => s > line) ?? starts[0]!) : ([...starts].reverse().find((s) => s < line) ?? starts.at(-1)!);
    const position = new vscode.Position(target, 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return live.session.openHunks;
  }

  const probe: EditSelectionProbe = {
    hunks: (uri) => (edits.get(uri)?.hunks ?? []).map((h) => ({ removed: [h.removed.startLine, h.removed.endLine], added: [h.added.startLine, h.added.endLine] })),
    pendingLines: (uri) => {
      const range = edits.get(uri)?.session.pendingRange;
      return range ? [range.startLine, range.endLine] : undefined;
    },
    statusText: () => status.text,
  };

  const disposables = [
    edits,
    decorations,
    lenses,
    status,
    vscode.languages.registerCodeLensProvider({ pattern: '**' }, lenses),
    vscode.commands.registerCommand(COMMANDS.editSelection, editSelection),
    vscode.commands.registerCommand(COMMANDS.acceptEdits, (args?: unknown) => review(args, 'accept')),
    vscode.commands.registerCommand(COMMANDS.rejectEdits, (args?: unknown) => review(args, 'reject')),
    vscode.commands.registerCommand(COMMANDS.acceptHunk, (args?: unknown) => reviewHunk(args, 'accept')),
    vscode.commands.registerCommand(COMMANDS.rejectHunk, (args?: unknown) => reviewHunk(args, 'reject')),
    vscode.commands.registerCommand(COMMANDS.nextHunk, (args?: unknown) => goToHunk(args, 1)),
    vscode.commands.registerCommand(COMMANDS.previousHunk, (args?: unknown) => goToHunk(args, -1)),
  ];
  return { disposables, probe, edits };
}

interface StreamOutcome {
  /** The rewrite as pushed into the session. */
  readonly text: string;
  readonly reasoning: string;
  readonly reason: FinishReason;
  readonly error?: StreamError;
  readonly usage?: Usage;
  readonly metrics?: StreamMetrics;
}

/**
 * Provider events -> FenceStripper -> IndentShifter -> the session. Reasoning is kept for the result and
 * never reaches the document. A stop (Escape) aborts the request, and the provider then ends with
 * 'cancelled'; what arrived until then is pushed, so it stays reviewable.
 */
async function streamInto(
  live: LiveEdit,
  events: AsyncIterable<StreamEvent>,
  indent: string,
  abort: () => void,
  onMetrics: (metrics: StreamMetrics) => void,
): Promise<StreamOutcome> {
  const fences = new FenceStripper();
  const shifter = new IndentShifter(indent);
  const session = live.session;
  let text = '';
  const reasoning: string[] = [];
  const push = (code: string): void => {
    if (code === '') return;
    text += code;
    session.push(code);
  };
  let reason: FinishReason = 'error';
  let error: StreamError | undefined = { kind: 'interrupted', message: 'The response ended without finishing.', action: 'retry' };
  let usage: Usage | undefined;
  let metrics: StreamMetrics | undefined;
  for await (const event of events) {
    if (event.type === 'delta') {
      push(shifter.push(fences.push(event.text)));
    } else if (event.type === 'reasoning') {
      reasoning.push(event.text);
    } else if (event.type === 'usage') {
      usage = event.usage;
    } else if (event.type === 'metrics') {
      metrics = event.metrics;
      onMetrics(event.metrics);
    } else {
      reason = event.reason;
      error = event.error;
      usage = event.usage ?? usage;
      metrics = event.metrics;
      break;
    }
    if (session.state === 'closed') {
      // The document closed (or cannot be edited): nothing more can be shown. The request is closed first,
      // so leaving the loop does not wait for the provider's next chunk.
      abort();
      reason = 'cancelled';
      error = undefined;
      break;
    }
  }
  push(shifter.push(fences.end()) + shifter.end());
  return { text, reasoning: reasoning.join(''), reason, ...(error ? { error } : {}), ...(usage ? { usage } : {}), ...(metrics ? { metrics } : {}) };
}
