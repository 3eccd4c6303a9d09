import * as vscode from 'vscode';
import { languageIdForFence } from '../../core/prompts';
import type { Logger } from '../../core/log';
import type { ChatRequest, GenerationResult, LlmProvider, StreamEvent, StreamMetrics } from '../../core/stream/types';
import { InsertionEngine, type InsertionOptions, type InsertionResult } from '../../core/sinks/InsertionEngine';
import { showErrorNotification } from '../errorActions';
import type { GenerationRegistry, RunningGeneration } from '../GenerationRegistry';
import { readSettings } from '../settings';
import type { GenerationStatusBar } from '../StatusBar';
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
  readonly request: ChatRequest;
  readonly generation: RunningGeneration;
  /** Set the document's language from the answer's code fence (a new untitled document). */
  readonly followFenceLanguage: boolean;
  /** Runs the same request again (the error message's Retry). */
  readonly retry: () => void;
}

/**
 * Runs one provider stream into one editor through the InsertionEngine, with the feedback around it:
 * status bar (from the provider's 'metrics' events), optional progress notification, error message with
 * Retry, and recovery of the generated text when the document is closed mid-stream.
 */
export class EditorStreamer {
  constructor(
    private readonly generations: GenerationRegistry,
    private readonly statusBar: GenerationStatusBar,
    private readonly logger: Logger,
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

    let progress: vscode.Progress<{ message?: string }> | undefined;
    const onMetrics = (metrics: StreamMetrics): void => {
      this.statusBar.streaming(metrics, this.generations.size);
      progress?.report({ message: `${metrics.completionTokens} tokens` });
    };
    const port = new VsCodeEditorPort(editor, this.logger);
    const engine = new InsertionEngine(port, {
      at: options.at,
      onCancel: settings.onCancel,
      signal: generation.signal,
      logger: this.logger,
      onMetrics,
      ...(options.followFenceLanguage ? { onLanguage } : {}),
    });
    this.statusBar.streaming(undefined, this.generations.size);
    this.logger.info(`Generating into ${document.uri.toString(true)} with ${options.provider.id}`);

    const running = engine.run(options.provider.stream(options.request, generation.signal));
    if (settings.showProgressNotification) {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Token Stream: generating code', cancellable: true },
        (report, token) => {
          progress = report;
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
    } finally {
      // The document takes nothing more: a request the engine stopped reading early (the document closed
      // or cannot be edited) is closed now rather than when the command ends.
      generation.abort();
      port.dispose();
    }
    const documentClosed = result.stoppedBy === 'documentClosed';
    await languageChange;
    this.statusBar.done(result.finishReason, result.metrics, result.usage);
    this.logger.info(
      `Generation into ${document.uri.toString(true)} ended: ${result.finishReason}, ${result.text.length} chars, ` +
        `${result.edits.applied} edits (${result.edits.failed} retried)${port.fellBackToWorkspaceEdit ? ', partly through WorkspaceEdit' : ''}`,
    );

    let recoveredUri: string | undefined;
    if (documentClosed && result.text !== '') {
      recoveredUri = await this.recover(result, document);
    } else if (result.finishReason === 'error' && result.error) {
      showErrorNotification(result.error, options.retry);
    } else if (result.finishReason === 'length') {
      void vscode.window.showWarningMessage('Token Stream: the answer stopped at the token limit (tokenStream.maxTokens).');
    }

    return {
      text: result.text,
      ...(result.reasoning ? { reasoning: result.reasoning } : {}),
      finishReason: result.finishReason,
      ...(result.usage ? { usage: result.usage } : {}),
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
