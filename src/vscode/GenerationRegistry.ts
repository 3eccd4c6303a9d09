import * as vscode from 'vscode';
import { GENERATING_CONTEXT_KEY } from './ids';

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
 * to the InsertionEngine (it stops reading). Keeps the `tokenStream.generating` context key true while
 * any runs (it enables Escape -> tokenStream.cancel).
 */
export class GenerationRegistry implements vscode.Disposable {
  private readonly running = new Map<number, { uri: vscode.Uri | undefined; controller: AbortController }>();
  private nextId = 1;

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
    if (entry) entry.uri = uri;
  }

  get size(): number {
    return this.running.size;
  }

  /**
   * Stops the generation streaming into `uri` when there is one; otherwise the most recent one.
   * Returns whether anything was stopped.
   */
  cancel(uri?: vscode.Uri): boolean {
    const entries = [...this.running.values()];
    const target = (uri && entries.find((e) => e.uri?.toString() === uri.toString())) ?? entries[entries.length - 1];
    if (!target) return false;
    target.controller.abort();
    return true;
  }

  private changed(): void {
    void vscode.commands.executeCommand('setContext', GENERATING_CONTEXT_KEY, this.running.size > 0);
  }

  dispose(): void {
    for (const { controller } of this.running.values()) controller.abort();
    this.running.clear();
  }
}
