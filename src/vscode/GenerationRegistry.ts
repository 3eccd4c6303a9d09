import * as vscode from 'vscode';
import { GENERATING_CONTEXT_KEY } from './ids';

export interface RunningGeneration {
  readonly id: number;
  readonly uri: vscode.Uri | undefined;
  readonly token: vscode.CancellationToken;
  cancel(): void;
}

/**
 * Every editor generation in flight, each with its own CancellationTokenSource, so two can run at once in
 * two documents and each stops on its own. Keeps the `tokenStream.generating` context key true while any
 * runs (it enables Escape -> tokenStream.cancel).
 */
export class GenerationRegistry implements vscode.Disposable {
  private readonly running = new Map<number, { uri: vscode.Uri | undefined; source: vscode.CancellationTokenSource }>();
  private nextId = 1;
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChange = this._onDidChange.event;

  start(uri: vscode.Uri | undefined): RunningGeneration & vscode.Disposable {
    const id = this.nextId++;
    const source = new vscode.CancellationTokenSource();
    this.running.set(id, { uri, source });
    this.changed();
    return {
      id,
      uri,
      token: source.token,
      cancel: () => source.cancel(),
      dispose: () => {
        if (!this.running.delete(id)) return;
        source.dispose();
        this.changed();
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
    const target =
      (uri && entries.find((e) => e.uri?.toString() === uri.toString())) ?? entries[entries.length - 1];
    if (!target) return false;
    target.source.cancel();
    return true;
  }

  cancelAll(): void {
    for (const { source } of this.running.values()) source.cancel();
  }

  private changed(): void {
    void vscode.commands.executeCommand('setContext', GENERATING_CONTEXT_KEY, this.running.size > 0);
    this._onDidChange.fire();
  }

  dispose(): void {
    this.cancelAll();
    for (const { source } of this.running.values()) source.dispose();
    this.running.clear();
    this._onDidChange.dispose();
  }
}
