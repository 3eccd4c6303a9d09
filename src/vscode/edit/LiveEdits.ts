import * as vscode from 'vscode';
import { EditSession, type EditHunk, type EditSessionView } from '../../core/edit/EditSession';
import type { Logger } from '../../core/log';
import { VsCodeEditSessionPort } from './VsCodeEditSessionPort';

/**
 * The save participant has 1,500 ms in the extension host (1,750 ms in the workbench) before the save goes
 * on without it. A hiding that took longer may have missed the snapshot written to disk: then the file
 * is saved once more, now that the hunks are out.
 */
const SAVE_PARTICIPANT_BUDGET_MS = 1000;
/** A save that never reports back (it failed): the hidden lines come back after this long. */
const SAVE_FALLBACK_MS = 30_000;

/**
 * One Edit Selection in one document, from its first token to its last reviewed hunk: the session, its
 * port, and what a save does to it.
 *
 * Saving while hunks are shown: the file is saved as if every pending hunk were rejected (the original
 * lines plus the user's own edits), and the hunks stay on screen. Before the save the session takes its
 * new and pending lines out (one edit, in the same undo group as the rest) and holds every other edit;
 * after it, it puts them back.
 */
export class LiveEdit {
  private hiding: { readonly done: Promise<void>; landedAfterMs: number | undefined } | undefined;
  private fallback: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly document: vscode.TextDocument,
    readonly session: EditSession,
    readonly port: VsCodeEditSessionPort,
    private readonly logger: Logger,
  ) {}

  /** The unresolved hunks shown now, in document order. */
  get hunks(): readonly EditHunk[] {
    return this.session.hunks;
  }

  /** The save participant's part: resolves once the document holds what is to be written. */
  willSave(): Promise<void> {
    const started = Date.now();
    const state = { done: this.session.hideForSave(), landedAfterMs: undefined as number | undefined };
    this.hiding = state;
    void state.done.then(() => {
      state.landedAfterMs = Date.now() - started;
      this.armFallback();
    });
    return state.done;
  }

  /** After a save: the hidden lines come back, unless the save may have gone on without the hiding. */
  async didSave(): Promise<void> {
    const hiding = this.hiding;
    if (!hiding) return;
    this.hiding = undefined;
    this.clearFallback();
    const late = hiding.landedAfterMs === undefined || hiding.landedAfterMs > SAVE_PARTICIPANT_BUDGET_MS;
    if (late) {
      await hiding.done;
      this.logger.warn(`Edit Selection: hiding the changes took too long for the save of ${this.document.uri.toString(true)}; saving again`);
      // The next save's hiding finds nothing left to hide; its didSave brings the lines back.
      const saved = await Promise.resolve(this.document.save()).then(
        (ok) => ok,
        () => false,
      );
      if (saved) return;
    }
    this.session.showAfterSave();
  }

  dispose(): void {
    this.clearFallback();
    this.session.dispose();
    this.port.dispose();
  }

  private armFallback(): void {
    this.clearFallback();
    this.fallback = setTimeout(() => {
      this.fallback = undefined;
      if (!this.hiding) return;
      this.hiding = undefined;
      this.logger.warn(`Edit Selection: no save of ${this.document.uri.toString(true)} was reported; showing the changes again`);
      this.session.showAfterSave();
    }, SAVE_FALLBACK_MS);
  }

  private clearFallback(): void {
    if (this.fallback) clearTimeout(this.fallback);
    this.fallback = undefined;
  }
}

/**
 * Every LiveEdit, one per document at most. A LiveEdit leaves once nothing is left to review (its session
 * closes its undo group on its own) or its document closed.
 */
export class LiveEdits implements vscode.Disposable {
  private readonly byUri = new Map<string, LiveEdit>();
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  private readonly subscriptions: vscode.Disposable[];

  /** Fires when a LiveEdit's hunks, pending lines or state may have changed, and when one left. */
  readonly onDidChange = this.changed.event;

  private readonly landing = new vscode.EventEmitter<{ readonly document: vscode.TextDocument; readonly view: EditSessionView }>();
  /** Fires as a LiveEdit's edit is sent, with its hunks and pending lines as they will be once it lands. */
  readonly onWillLand = this.landing.event;

  constructor(private readonly logger: Logger) {
    this.subscriptions = [
      this.changed,
      this.landing,
      vscode.workspace.onWillSaveTextDocument((event) => {
        const live = this.get(event.document.uri);
        if (live && (live.session.state === 'streaming' || live.session.state === 'reviewing')) event.waitUntil(live.willSave());
      }),
      vscode.workspace.onDidSaveTextDocument((document) => void this.get(document.uri)?.didSave()),
    ];
  }

  /** Starts a session over the whole lines `original` at `start` of the editor's document. */
  start(editor: vscode.TextEditor, start: number, original: string): LiveEdit {
    const document = editor.document;
    const key = document.uri.toString();
    if (this.byUri.has(key)) throw new Error(`an edit is already live in ${key}`);
    const port = new VsCodeEditSessionPort(editor, this.logger);
    const session = new EditSession(port, { start, original, logger: this.logger });
    const live = new LiveEdit(document, session, port, this.logger);
    this.byUri.set(key, live);
    session.onWillLand((view) => this.landing.fire({ document, view }));
    session.onDidChange(() => {
      const state = session.state;
      if (state === 'done' || state === 'closed' || state === 'disposed') this.remove(live);
      this.changed.fire(document);
    });
    this.changed.fire(document);
    return live;
  }

  get(uri: vscode.Uri | string): LiveEdit | undefined {
    return this.byUri.get(typeof uri === 'string' ? uri : uri.toString());
  }

  get all(): readonly LiveEdit[] {
    return [...this.byUri.values()];
  }

  dispose(): void {
    for (const live of this.byUri.values()) live.dispose();
    this.byUri.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private remove(live: LiveEdit): void {
    const key = live.document.uri.toString();
    if (this.byUri.get(key) !== live) return;
    this.byUri.delete(key);
    // A finished session still closes its undo group (it stops listening on its own); a closed one is gone.
    if (live.session.state !== 'done') live.dispose();
  }
}
