import * as vscode from 'vscode';
import type { Logger } from '../../core/log';

/** A generation that was cut (token limit, broken stream) and can be continued into the same place. */
export interface CutGeneration<Result> {
  /** The document it streams into. */
  readonly uri: vscode.Uri;
  /** False once it can no longer continue (its document closed, or its edits failed). */
  readonly alive: boolean;
  /** Streams the next round into the same place; resolves like the command that was cut. */
  continue(): Promise<Result>;
  /** Gives it up: its state and its document listeners go. */
  release(): void;
}

/**
 * The cut editor generations that Continue can finish, the last one per document: a newer cut in the
 * same document replaces the older one, and closing the document releases it. A generation being
 * continued is taken out, so two Continues never run it twice; a round that is cut again puts it back.
 */
export class CutGenerations<Result> implements vscode.Disposable {
  private readonly cuts = new Map<string, CutGeneration<Result>>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly logger: Logger) {
    this.subscription = vscode.workspace.onDidCloseTextDocument((document) => {
      // Changing a document's language also fires close (then open) for the same, still open document.
      if (document.isClosed) this.release(document.uri);
    });
  }

  /** Keeps `cut` for Continue, releasing an older cut of the same document. */
  hold(cut: CutGeneration<Result>): void {
    const key = cut.uri.toString();
    const older = this.cuts.get(key);
    if (older && older !== cut) older.release();
    this.cuts.set(key, cut);
    this.logger.debug(`A cut generation in ${cut.uri.toString(true)} can be continued`);
  }

  /** Whether `uri` has a cut generation that can still be continued. */
  has(uri: vscode.Uri): boolean {
    return this.live(uri.toString()) !== undefined;
  }

  /** Takes out the cut generation of `uri` to continue it; undefined when there is none. */
  take(uri: vscode.Uri): CutGeneration<Result> | undefined {
    const key = uri.toString();
    const cut = this.live(key);
    this.cuts.delete(key);
    return cut;
  }

  release(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cuts.get(key)?.release();
    this.cuts.delete(key);
  }

  dispose(): void {
    this.subscription.dispose();
    for (const cut of this.cuts.values()) cut.release();
    this.cuts.clear();
  }

  private live(key: string): CutGeneration<Result> | undefined {
    const cut = this.cuts.get(key);
    if (cut && !cut.alive) {
      cut.release();
      this.cuts.delete(key);
      return undefined;
    }
    return cut;
  }
}
