import * as vscode from 'vscode';
import { languageIdForFence } from '../../core/prompts';
import type { Logger } from '../../core/log';
import type { ChatRequest, GenerationResult, LlmProvider, StreamEvent, StreamMetrics, Usage } from '../../core/stream/types';
import { AutoContinueGuard } from '../../core/continue/AutoContinueGuard';
import { addUsage } from '../../core/continue/continuable';
import { ContinuationStream } from '../../core/continue/ContinuationStream';
import { InsertionEngine, type InsertionOptions, type InsertionResult } from '../../core/sinks/InsertionEngine';
import { showErrorNotification } from '../errorActions';
import type { GenerationRegistry, RunningGeneration } from '../GenerationRegistry';
import { readSettings } from '../settings';
import type { GenerationStatusBar } from '../StatusBar';
import type { CutGenerations } from './CutGenerations';
import { VsCodeEditorPort } from './VsCodeEditorPort';

/**
 * What the generate commands resolve with. `text` is exactly what the engine generated for the document;
 * `reasoning` is what the model thought first, which never reaches the document.
 */
export interface EditorGenerationResult extends GenerationResult {
  /** The document streamed into. */
  readonly uri: string;
  readonly language?: string;
  readonly documentClosed: boolean;
  readonly discarded: boolean;
  /** When the document was closed mid-stream: the new untitled document holding the generated text. */
  readonly recoveredUri?: string;
}

export interface StreamIntoEditorOptions {
  readonly editor: vscode.TextEditor;
  readonly at: InsertionOptions['at'];
  readonly provider: LlmProvider;
  /**
   * The provider a continuation of this generation uses, built from the settings of that moment (a raised
   * tokenStream.maxTokens applies); never asks for anything. Default: `provider` again.
   */
  readonly continueWith?: () => Promise<LlmProvider>;
  readonly request: ChatRequest;
  readonly generation: RunningGeneration;
  /** Set the document's language from the answer's code fence (a new untitled document). */
  readonly followFenceLanguage: boolean;
  /** Runs the same request again (the error message's Retry). */
  readonly retry: () => void;
}

/** One editor generation, kept across its rounds (a cut round can be continued into the same place). */
interface GenerationState {
  readonly document: vscode.TextDocument;
  readonly engine: InsertionEngine;
  readonly port: VsCodeEditorPort;
  readonly continueWith: () => Promise<LlmProvider>;
  readonly request: ChatRequest;
  readonly retry: () => void;
  progress: vscode.Progress<{ message?: string }> | undefined;
  /** Every round's usage, added up. */
  usage: Usage | undefined;
}

/**
 * Runs one provider stream into one editor through the InsertionEngine, with the feedback around it:
 * status bar (from the provider's 'metrics' events), optional progress notification, error message with
 * Retry, and recovery of the generated text when the document is closed mid-stream.
 *
 * A round cut at the token limit or by a broken stream is kept (CutGenerations) with its engine, whose
 * transforms and tracked region survive the cut: Continue (the message's action, or tokenStream.continue)
 * streams the seam-repaired continuation into the same place, and resolves like the command that was cut,
 * with the whole text, the last finish reason and the usage of every round. tokenStream.autoContinue
 * continues a `length` stop by itself, as far as the AutoContinueGuard lets it.
 */
export class EditorStreamer {
  constructor(
    private readonly generations: GenerationRegistry,
    private readonly statusBar: GenerationStatusBar,
    private readonly logger: Logger,
    private readonly cuts?: CutGenerations<EditorGenerationResult>,
  ) {}

  async stream(options: StreamIntoEditorOptions): Promise<EditorGenerationResult> {
    const { editor, generation } = options;
    const document = editor.document;
    const settings = readSettings();
    const knownLanguages = options.followFenceLanguage ? await vscode.languages.getLanguages() : [];
    let languageChange: Thenable<unknown> = Promise.resolve();
    const onLanguage = (info: string): void => {
      const id = languageIdForFence(info, knownLanguages);
      if (!id || document.isClosed || document.languageId === id) return;
      languageChange = vscode.languages.setTextDocumentLanguage(document, id).then(undefined, (error: unknown) => {
        this.logger.warn(`Could not set the language of the generated document to ${id}`, error);
      });
    };

    const onMetrics = (metrics: StreamMetrics): void => {
      this.statusBar.streaming(metrics, this.generations.size);
      state.progress?.report({ message: `${metrics.completionTokens} tokens` });
    };
    const port = new VsCodeEditorPort(editor, this.logger);
    const engine = new InsertionEngine(port, {
      at: options.at,
      onCancel: settings.onCancel,
      signal: generation.signal,
      logger: this.logger,
      onMetrics,
      continuable: this.cuts !== undefined,
      // Automatic rounds (tokenStream.autoContinue) join the first's undo group: one undo for all.
      joinRounds: settings.autoContinue > 0,
      ...(options.followFenceLanguage ? { onLanguage } : {}),
    });
    const state: GenerationState = {
      document,
      engine,
      port,
      continueWith: options.continueWith ?? (() => Promise.resolve(options.provider)),
      request: options.request,
      retry: options.retry,
      progress: undefined,
      usage: undefined,
    };
    this.logger.info(`Generating into ${document.uri.toString(true)} with ${options.provider.id}`);
    let result: InsertionResult;
    try {
      result = await this.round(state, generation, () => engine.run(options.provider.stream(options.request, generation.signal)));
      await languageChange;
      if (result.continuable) result = await this.autoContinue(state, generation, result, '');
    } finally {
      // The document takes nothing more: a request the engine stopped reading early (the document closed
      // or cannot be edited) is closed now rather than when the command ends.
      generation.abort();
    }
    return this.conclude(state, result);
  }

  /** Streams the next round of the cut generation `state` into the same place, then any automatic rounds. */
  private async continueCut(state: GenerationState): Promise<EditorGenerationResult> {
    const generation = this.generations.start(state.document.uri);
    this.logger.info(`Continuing the cut generation in ${state.document.uri.toString(true)}`);
    let result: InsertionResult;
    try {
      const before = state.engine.answer;
      result = await this.round(state, generation, () => this.continueRound(state, generation.signal));
      result = await this.autoContinue(state, generation, result, before);
    } finally {
      generation.dispose();
    }
    return this.conclude(state, result);
  }

  /** The next round of a cut generation: the seam-repaired continuation into the same engine. */
  private async continueRound(state: GenerationState, signal: AbortSignal, join = false): Promise<InsertionResult> {
    const { request, engine } = state;
    const provider = await state.continueWith();
    const continuation = new ContinuationStream(
      provider,
      { conversation: request.messages, partial: engine.answer, ...(request.model ? { model: request.model } : {}), logger: this.logger },
      signal,
    );
    return engine.continue(continuation, signal, join);
  }

  /** Continues a `length` stop by itself, at most tokenStream.autoContinue rounds, while each round adds something new. */
  private async autoContinue(state: GenerationState, generation: RunningGeneration, result: InsertionResult, before: string): Promise<InsertionResult> {
    const guard = new AutoContinueGuard(readSettings().autoContinue);
    let answerBefore = before;
    while (result.continuable && state.engine.canContinue && guard.next(answerBefore, state.engine.answer.slice(answerBefore.length), result.finishReason) === undefined) {
      this.logger.info(`The answer stopped at the token limit: continuing it automatically (round ${guard.rounds} of tokenStream.autoContinue)`);
      answerBefore = state.engine.answer;
      result = await this.round(state, generation, () => this.continueRound(state, generation.signal, true));
    }
    // Held for the Continue action: the undo group closes before the user can type into it.
    await state.engine.closeUndoGroup();
    return result;
  }

  /** One round: the status bar and optional progress while it streams; its usage adds up. */
  private async round(state: GenerationState, generation: RunningGeneration, start: () => Promise<InsertionResult>): Promise<InsertionResult> {
    this.statusBar.streaming(undefined, this.generations.size);
    let running: Promise<InsertionResult>;
    try {
      running = start();
    } catch (thrown) {
      running = Promise.reject(thrown);
    }
    if (readSettings().showProgressNotification) {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Token Stream: generating code', cancellable: true },
        (report, token) => {
          state.progress = report;
          const subscription = token.onCancellationRequested(() => generation.abort());
          return running.then(
            () => subscription.dispose(),
            () => subscription.dispose(),
          );
        },
      );
    }
    let result: InsertionResult;
    try {
      result = await running;
    } catch (thrown) {
      // The engine never throws by contract; if it did, the text it inserted stays and the user hears of it.
      this.logger.error('Editor generation failed', thrown);
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      result = { text: '', finishReason: 'error', error: { kind: 'unknown', message, action: 'showLog' }, discarded: false, edits: { applied: 0, failed: 0 } };
    }
    state.progress = undefined;
    state.usage = addUsage(state.usage, result.usage);
    return result;
  }

  /** The generation's rounds are over for now: feedback, the cut kept for Continue, and the command's result. */
  private async conclude(state: GenerationState, result: InsertionResult): Promise<EditorGenerationResult> {
    const { document, port } = state;
    const documentClosed = result.stoppedBy === 'documentClosed';
    this.statusBar.done(result.finishReason, result.metrics, state.usage);
    this.logger.info(
      `Generation into ${document.uri.toString(true)} ended: ${result.finishReason}, ${result.text.length} chars, ` +
        `${result.edits.applied} edits (${result.edits.failed} retried)${port.fellBackToWorkspaceEdit ? ', partly through WorkspaceEdit' : ''}` +
        (result.continuable ? '; it can be continued' : ''),
    );
    const cuts = this.cuts;
    const continuable = result.continuable === true && cuts !== undefined;
    if (continuable) {
      cuts.hold({
        uri: document.uri,
        get alive() {
          return state.engine.canContinue;
        },
        continue: () => this.continueCut(state),
        release: () => {
          state.engine.release();
          port.dispose();
        },
      });
    } else {
      state.engine.release();
      port.dispose();
    }
    const continueAction = { label: 'Continue', run: () => cuts?.take(document.uri)?.continue() };

    let recoveredUri: string | undefined;
    if (documentClosed && result.text !== '') {
      recoveredUri = await this.recover(result, document);
    } else if (result.finishReason === 'error' && result.error) {
      showErrorNotification(result.error, state.retry, continuable ? continueAction : undefined);
    } else if (result.finishReason === 'length') {
      const message = 'Token Stream: the answer stopped at the token limit (tokenStream.maxTokens).';
      if (!continuable) void vscode.window.showWarningMessage(message);
      else {
        void vscode.window.showWarningMessage(`${message} Continue writes the rest where it stopped.`, continueAction.label).then((choice) => {
          if (choice) void continueAction.run();
        });
      }
    }

    return {
      text: result.text,
      ...(result.reasoning ? { reasoning: result.reasoning } : {}),
      finishReason: result.finishReason,
      ...(state.usage ? { usage: state.usage } : {}),
      ...(result.error ? { error: result.error } : {}),
      ...(result.metrics ? { metrics: result.metrics } : {}),
      ...(result.language ? { language: result.language } : {}),
      uri: document.uri.toString(),
      documentClosed,
      discarded: result.discarded,
      ...(recoveredUri ? { recoveredUri } : {}),
    };
  }

  /** The document was closed mid-stream: nothing generated is lost, it opens in a new editor. */
  private async recover(result: InsertionResult, closed: vscode.TextDocument): Promise<string | undefined> {
    try {
      const known = await vscode.languages.getLanguages();
      const language = (result.language && languageIdForFence(result.language, known)) || closed.languageId || 'plaintext';
      const document = await vscode.workspace.openTextDocument({ language, content: result.text });
      await vscode.window.showTextDocument(document, { preview: false });
      void vscode.window.showInformationMessage(
        'Token Stream: the document was closed while code was streaming into it. The generated code is in this new editor.',
      );
      return document.uri.toString();
    } catch (error) {
      this.logger.error('Could not open the generated text in a new editor', error);
      return undefined;
    }
  }
}

/** A stream of one delta, for code that is already complete (the chat's Insert at Cursor). */
export async function* oneDelta(text: string): AsyncGenerator<StreamEvent> {
  yield { type: 'delta', text };
  yield { type: 'finish', reason: 'stop', metrics: { elapsedMs: 0, completionTokens: 0, estimated: true } };
}
