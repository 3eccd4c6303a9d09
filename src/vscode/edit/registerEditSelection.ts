import * as vscode from 'vscode';
import { AutoContinueGuard } from '../../core/continue/AutoContinueGuard';
import { ContinuationStream } from '../../core/continue/ContinuationStream';
import { EditAnswer, type EditRound } from '../../core/edit/EditAnswer';
import type { Logger } from '../../core/log';
import { buildEditMessages, extractEditContext, wholeLines } from '../../core/prompts';
import type { ChatMessage, FinishReason, GenerationResult, StreamError } from '../../core/stream/types';
import { CutGenerations } from '../editor/CutGenerations';
import { PromptHistory } from '../editor/PromptHistory';
import { showErrorNotification } from '../errorActions';
import type { GenerationRegistry } from '../GenerationRegistry';
import { COMMANDS } from '../ids';
import type { ProviderFactory } from '../ProviderFactory';
import { readSettings } from '../settings';
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

/** One Edit Selection across its rounds (a cut round can be continued into the same pending diff). */
interface EditRun {
  readonly document: vscode.TextDocument;
  readonly live: LiveEdit;
  readonly answer: EditAnswer;
  readonly args: EditArgs;
  readonly range: vscode.Range;
  /** The edit request's messages: what a continuation continues. */
  readonly messages: readonly ChatMessage[];
  readonly interactive: boolean;
  /** tokenStream.autoContinue's rounds for this edit. */
  readonly guard: AutoContinueGuard;
  /** The raw answer before the round streaming now ('' for the first). */
  rawBefore: string;
}

/**
 * Edit Selection: the rewrite of the selected lines streams in as an inline diff (see EditSession), each
 * change then accepted or rejected (CodeLens, commands, keys), with the status bar counting what is left.
 *
 * A rewrite cut at the token limit or by a broken stream (with some answer text) is paused, not ended:
 * its committed hunks can be reviewed and its pending tail stays shown, and it is kept in `cuts` for
 * Continue (the message's first action, or tokenStream.continue with the document), which streams the
 * seam-repaired rest through the same transforms into the same session. Reviewing it as it is (the
 * message's other action, any accept/reject command, Retry, a new Edit Selection in the document) ends
 * it with the cut's reason, leaving the rest of the selection as it was. With tokenStream.autoContinue,
 * a token-limit cut is continued by itself first (as Generate's), while each round adds something new.
 *
 * Longer than most files here: the command, its review commands and Continue share the live edits and
 * the cut ones of this registration; the streaming itself is EditAnswer's and EditSession's.
 */
export function registerEditSelection(deps: EditSelectionDeps): {
  disposables: vscode.Disposable[];
  probe: EditSelectionProbe;
  /** The live edits of every document (Apply shows its changes through them too). */
  edits: LiveEdits;
  cuts: CutGenerations<EditSelectionResult>;
} {
  const { providers, logger, generations, statusBar } = deps;
  const history = new PromptHistory(deps.context.globalState);
  const edits = new LiveEdits(logger);
  const cuts = new CutGenerations<EditSelectionResult>(logger);
  const runs = new WeakMap<LiveEdit, EditRun>();
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
    // A new edit in the document: a cut one waiting for Continue is reviewed as it is.
    await reviewCutAsIs(start.document.uri);
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
    // A new edit in the document: a cut one waiting for Continue is reviewed as it is.
    await reviewCutAsIs(document.uri);
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
    // The selection's indentation: its first non-blank line's.
    const indent = /^[ \t]*(?=\S)/m.exec(original)?.[0] ?? '';
    const state: EditRun = {
      document,
      live,
      answer: new EditAnswer(live.session, indent),
      args,
      range,
      messages: buildEditMessages(args.prompt, context),
      interactive,
      guard: new AutoContinueGuard(readSettings().autoContinue),
      rawBefore: '',
    };
    runs.set(live, state);
    statusBar.streaming(undefined, generations.size);
    let round: EditRound;
    try {
      const provider = await providers.create({ ...(args.model ? { model: args.model } : {}), interactive });
      const request = { messages: [...state.messages], prediction: original, ...(args.model ? { model: args.model } : {}) };
      round = await state.answer.round(provider.stream(request, generation.signal), generation.abort, (metrics) => statusBar.streaming(metrics, generations.size));
    } catch (thrown) {
      round = thrownRound('Edit Selection failed', thrown);
    } finally {
      generation.dispose();
    }
    return conclude(state, round);
  }

  /** Streams the rest of the cut edit `state` (a seam-repaired continuation) into the same session. */
  async function continueCut(state: EditRun): Promise<EditSelectionResult> {
    const { document, args, answer } = state;
    const generation = generations.start(document.uri);
    state.rawBefore = answer.raw;
    logger.info(`Continuing the cut Edit Selection in ${document.uri.toString(true)}`);
    statusBar.streaming(undefined, generations.size);
    let round: EditRound;
    try {
      // The settings of this moment (a raised tokenStream.maxTokens applies); never asks for anything.
      const provider = await providers.create({ ...(args.model ? { model: args.model } : {}), interactive: false });
      const continuation = new ContinuationStream(
        provider,
        { conversation: state.messages, partial: answer.raw, ...(args.model ? { model: args.model } : {}), logger },
        generation.signal,
      );
      round = await answer.round(continuation, generation.abort, (metrics) => statusBar.streaming(metrics, generations.size));
    } catch (thrown) {
      round = thrownRound('Continuing Edit Selection failed', thrown);
    } finally {
      generation.dispose();
    }
    return conclude(state, round);
  }

  function thrownRound(what: string, thrown: unknown): EditRound {
    logger.error(what, thrown);
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    return { reason: 'error', error: { kind: 'unknown', message, action: 'showLog' } };
  }

  /**
   * A round is over: a continuable cut pauses the edit (kept for Continue, the message offering it);
   * anything else ends the session. Resolves like the command, with every round's text and usage.
   */
  async function conclude(state: EditRun, round: EditRound): Promise<EditSelectionResult> {
    const { document, live, answer } = state;
    const where = document.uri.toString(true);
    if (answer.continuable(round) && state.guard.next(state.rawBefore, answer.raw.slice(state.rawBefore.length), round.reason) === undefined) {
      logger.info(`The rewrite stopped at the token limit: continuing it automatically (round ${state.guard.rounds} of tokenStream.autoContinue)`);
      return continueCut(state);
    }
    if (answer.continuable(round)) {
      statusBar.done(round.reason, round.metrics, answer.usage);
      logger.info(`Edit Selection in ${where} was cut (${round.reason}); it can be continued, ${live.session.openHunks} changes to review so far`);
      cuts.hold({
        uri: document.uri,
        get alive() {
          return live.session.state === 'streaming' && !answer.finished;
        },
        continue: () => continueCut(state),
        release: () => void endAsIs(state, round.reason),
      });
      const continueAction = { label: 'Continue', run: () => cuts.take(document.uri)?.continue() };
      if (round.error) {
        showErrorNotification(round.error, () => retry(document, state.args, state.range), continueAction);
      } else {
        const review = 'Review as Is';
        void vscode.window
          .showWarningMessage(
            'Token Stream: the rewrite stopped at the token limit (tokenStream.maxTokens). Continue writes the rest into the same changes; Review as Is leaves the rest of the selection as it was.',
            continueAction.label,
            review,
          )
          .then((choice) => {
            if (choice === continueAction.label) void continueAction.run();
            else if (choice === review) void reviewCutAsIs(document.uri);
          });
      }
      return resultOf(state, round.reason, round, live.session.openHunks);
    }
    const documentClosed = live.session.state === 'closed';
    const reason: FinishReason = documentClosed && round.reason === 'stop' ? 'cancelled' : round.reason;
    const end = await answer.finish(reason);
    statusBar.done(reason, round.metrics, answer.usage);
    const stats = live.session.stats;
    logger.info(
      `Edit Selection in ${where} ended: ${reason}, ${end.hunks} changes to review, ${stats.applied} edits (${stats.failed} retried)` +
        (end.summary.agreement ? `, committed hunks ${end.summary.agreement.equal ? 'equal' : 'differ from'} the full diff` : ''),
    );
    const error = round.error;
    if (error) {
      showErrorNotification(error, () => retry(document, state.args, state.range));
    } else if (reason === 'length') {
      void vscode.window.showWarningMessage('Token Stream: the rewrite stopped at the token limit (tokenStream.maxTokens); the rest of the selection is as it was.');
    } else if (reason === 'stop' && end.hunks === 0 && state.interactive && !documentClosed) {
      void vscode.window.showInformationMessage('Token Stream: the model changed nothing in the selection.');
    }
    return resultOf(state, reason, round, end.hunks);
  }

  function resultOf(state: EditRun, reason: FinishReason, round: EditRound, hunks: number): EditSelectionResult {
    const { answer } = state;
    return {
      text: answer.text,
      ...(answer.reasoning ? { reasoning: answer.reasoning } : {}),
      finishReason: reason,
      ...(round.error ? { error: round.error } : {}),
      ...(answer.usage ? { usage: answer.usage } : {}),
      ...(round.metrics ? { metrics: round.metrics } : {}),
      uri: state.document.uri.toString(),
      hunks,
    };
  }

  /** Ends a paused edit with the reason it was cut: what was shown stays as hunks, the rest of the selection as it was. */
  async function endAsIs(state: EditRun, reason: FinishReason): Promise<void> {
    if (state.answer.finished || state.live.session.state !== 'streaming') return;
    const end = await state.answer.finish(reason);
    logger.info(`The cut Edit Selection in ${state.document.uri.toString(true)} is reviewed as it is: ${end.hunks} changes to review`);
  }

  /** Reviews the cut edit of `uri` waiting for Continue (if any) as it is; resolves once its session ended. */
  async function reviewCutAsIs(uri: vscode.Uri): Promise<void> {
    const live = edits.get(uri);
    const state = live && runs.get(live);
    if (!state || !cuts.has(uri)) return;
    cuts.release(uri);
    await state.answer.ended;
  }

  /**
   * Retry after an error: the changes shown are rejected, and the same lines are asked for again (the
   * range given the first time, or the editor's selection then).
   */
  async function retry(document: vscode.TextDocument, args: EditArgs, range: vscode.Range): Promise<void> {
    await reviewCutAsIs(document.uri);
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
    // Reviewing a cut edit instead of continuing it: it ends as it is first.
    await reviewCutAsIs(live.document.uri);
    return action === 'accept' ? live.session.acceptAll() : live.session.rejectAll();
  }

  async function reviewHunk(raw: unknown, action: 'accept' | 'reject'): Promise<number> {
    const live = liveFor(raw);
    if (!live) return 0;
    await reviewCutAsIs(live.document.uri);
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
    // The sessions go first: a cut released afterwards finds its session gone and edits nothing.
    edits,
    cuts,
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
  return { disposables, probe, edits, cuts };
}
