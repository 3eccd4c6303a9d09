import * as vscode from 'vscode';
import { ACTIVE_EDITOR_GENERATING_CONTEXT_KEY, GENERATING_CONTEXT_KEY } from './ids';

export interface RunningGeneration {
  readonly id: number;
  /** Aborted by Stop (Escape, the status bar, a notification) and when the generation is over. */
  readonly signal: AbortSignal;
  /** Stops the request and the stream into the document. */
  abort(): void;
}

/**
 * Every editor generation in flight, each with its own AbortController, so two can run at once in two
 * documents and each stops on its own. The signal goes to the provider (it closes the HTTP request) and
 * to the InsertionEngine (it stops reading). Keeps two context keys: `tokenStream.generating` while any
 * runs (Stop Generating in the palette), and `tokenStream.activeEditorGenerating` while the active
 * editor's own document has one (Escape -> tokenStream.cancel). VS Code offers extensions no context key
 * scoped to one editor, so the second one follows the active editor.
 */
export class GenerationRegistry implements vscode.Disposable {
  private readonly running = new Map<number, { uri: vscode.Uri | undefined; controller: AbortController }>();
  private nextId = 1;
  private lastKeys: { any: boolean; active: boolean } | undefined;
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor(() => this.changed());

  start(uri: vscode.Uri | undefined): RunningGeneration & vscode.Disposable {
    const id = this.nextId++;
    const controller = new AbortController();
    this.running.set(id, { uri, controller });
    this.changed();
    return {
      id,
      signal: controller.signal,
      abort: () => controller.abort(),
      // A generation that is over releases its request: a no-op when the stream already ended, and it
      // closes the socket when the document stopped reading early (closed, or not editable).
      dispose: () => {
        controller.abort();
        if (this.running.delete(id)) this.changed();
      },
    };
  }

  /** Retargets a generation to another document (Generate opens its editor after the request starts). */
  setUri(id: number, uri: vscode.Uri): void {
    const entry = this.running.get(id);
    if (!entry) return;
    entry.uri = uri;
    this.changed();
  }

  get size(): number {
    return this.running.size;
  }

  /** True when a generation streams into `uri`. */
  isGenerating(uri: vscode.Uri | undefined): boolean {
    return uri !== undefined && this.find(uri) !== undefined;
  }

  /**
   * Stops the generation streaming into `uri` when there is one; otherwise, unless `onlyThat` is set, the
   * most recent one. Returns whether anything was stopped.
   */
  cancel(uri?: vscode.Uri, onlyThat = false): boolean {
    const own = uri && this.find(uri);
    const target = own ?? (onlyThat ? undefined : [...this.running.values()].at(-1));
    if (!target) return false;
    target.controller.abort();
    return true;
  }

  private find(uri: vscode.Uri): { controller: AbortController } | undefined {
    const key = uri.toString();
    return [...this.running.values()].find((e) => e.uri?.toString() === key);
  }

  /** Sets the context keys when they change (each setContext is a round trip to the workbench). */
  private changed(): void {
    const keys = { any: this.running.size > 0, active: this.isGenerating(vscode.window.activeTextEditor?.document.uri) };
    if (this.lastKeys?.any !== keys.any) void vscode.commands.executeCommand('setContext', GENERATING_CONTEXT_KEY, keys.any);
    if (this.lastKeys?.active !== keys.active) void vscode.commands.executeCommand('setContext', ACTIVE_EDITOR_GENERATING_CONTEXT_KEY, keys.active);
    this.lastKeys = keys;
  }

  dispose(): void {
    this.subscription.dispose();
    for (const { controller } of this.running.values()) controller.abort();
    this.running.clear();
  }
}
