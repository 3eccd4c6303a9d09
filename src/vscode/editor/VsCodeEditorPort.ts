import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import type { DocumentChange, EditorPort, EditorPortEvent, EditRequest, TextReplacement } from '../../core/sinks/EditorPort';

/**
 * The InsertionEngine's view of one VS Code document and the editor it was started in.
 *
 * Own edits are recognised by version and content: `TextEditor.edit` applies only when the document is
 * still at the version it was called with (MainThreadTextEditor.applyEdits checks the model's version id
 * and resolves false otherwise), and the model change reaches the extension host before the edit's reply
 * (both verified in test/integration/editor.test.ts). So the own edit is the `onDidChangeTextDocument`
 * event with `version === versionAtApply + 1` while that apply is pending. The version alone is not
 * enough: a keystroke typed in the workbench while the edit travels also arrives as `versionAtApply + 1`
 * (and makes the edit fail), so the event's changes must also be exactly the requested replacements.
 *
 * The editor the generation started in may be hidden while it runs (the user switched tabs): `edit` on a
 * hidden TextEditor rejects, so the edit goes to another visible editor of the same document, else to
 * `workspace.applyEdit`, which works on documents without an editor.
 *
 * User scrolls are the editor's visible-range changes that neither the adapter's own reveals nor edits
 * explain (verified in the extension host: an edit above the viewport keeps the same first visible line,
 * and the visible-range event of a reveal can arrive hundreds of ms after the call). A change is the
 * user's when its first visible line moved, not toward a line a reveal of ours asked for (with that
 * line in the new view), and it is not the view closing up at the end of a document an edit shortened.
 * The user's scroll reaches the extension host a little after it happened, so a reveal of ours may
 * already be on its way: when its scroll arrives after the user took the view, the view is put back.
 * (That bookkeeping is why this adapter is longer than most files here: it shares the reveal targets
 * and the view's last known position with the edits.)
 */
export class VsCodeEditorPort implements EditorPort, vscode.Disposable {
  readonly eol: '\n' | '\r\n';
  private readonly listeners = new Set<(event: EditorPortEvent) => void>();
  private subscriptions: vscode.Disposable[] = [];
  private pending: { readonly version: number; readonly edits: readonly TextReplacement[]; seen: boolean } | undefined;
  private closed = false;
  private usedWorkspaceEdit = false;
  private readonly scrollListeners = new Set<() => void>();
  private scrollSubscription: vscode.Disposable | undefined;
  /** First visible line of the editor as last seen, and where edits above it since then moved it. */
  private viewTop: { seen: number; shifted: number } | undefined;
  /** Lines our reveals asked for whose scroll (if they caused one) has not been seen yet, with `takeOvers` then. */
  private revealTargets: { readonly line: number; readonly takeOvers: number }[] = [];
  /**
   * A view being put back: the first visible line it must have again, the tries so far, the line the last
   * try revealed, and the first visible line when it was made (events still showing that view come before
   * the try's scroll).
   */
  private restoring: { readonly top: number; tries: number; line: number; from: number } | undefined;
  /** An edit shortened the document since the last visible-range change (the view may close up at its end). */
  private shortened = false;
  /** User scrolls and cursor moves seen so far: an edit that was in flight during one does not reveal. */
  private takeOvers = 0;

  constructor(
    private editor: vscode.TextEditor,
    private readonly logger: Logger,
  ) {
    this.eol = editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  }

  get document(): vscode.TextDocument {
    return this.editor.document;
  }

  indentationAt(offset: number): string {
    const position = this.document.positionAt(offset);
    const line = this.document.lineAt(position.line).text.slice(0, position.character);
    return /^[ \t]*/.exec(line)?.[0] ?? '';
  }

  async apply(request: EditRequest): Promise<boolean> {
    const document = this.document;
    if (this.closed || document.isClosed) return false;
    const version = document.version;
    const editor = this.visibleEditor();
    const takeOvers = this.takeOvers;
    const changesText = request.edits.some((edit) => document.getText(rangeOf(document, edit)) !== edit.text);
    this.pending = { version, edits: request.edits, seen: false };
    try {
      let ok: boolean;
      if (editor) {
        try {
          ok = await editor.edit((builder) => replaceAll(builder, document, request.edits), {
            undoStopBefore: request.undoStopBefore,
            undoStopAfter: request.undoStopAfter,
          });
        } catch (error) {
          // The editor was hidden or closed between the lookup and the call; the engine retries.
          this.logger.debug('VsCodeEditorPort: editor.edit threw', error);
          ok = false;
        }
        // A read-only editor answers true and changes nothing (the workbench ignores executeEdits' refusal).
        if (ok && document.version === version && changesText) {
          this.logger.debug('VsCodeEditorPort: the editor took no edit (read-only?)');
          ok = false;
        }
      } else {
        ok = await this.applyWithoutEditor(document, version, request.edits);
      }
      // The request was planned before the user took the view (scrolled or moved) while it travelled: no reveal.
      if (ok && request.reveal && editor && !this.closed && this.takeOvers === takeOvers) {
        const end = endOfEdits(request.edits);
        const position = document.positionAt(end);
        // A line well inside the view needs no scroll: no reveal, so no target that no scroll will ever
        // clear (a target left over would make a later scroll of the user's toward it look like ours).
        const inView = editor.visibleRanges.some(
          (range) => range.start.line + MAX_SCROLL_PADDING <= position.line && position.line <= range.end.line - MAX_SCROLL_PADDING,
        );
        if (!inView) {
          this.revealTargets = [...this.revealTargets.slice(-7), { line: position.line, takeOvers }];
          editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.Default);
        }
      }
      return ok;
    } finally {
      this.pending = undefined;
    }
  }

  async finish(): Promise<void> {
    if (this.closed || this.document.isClosed) return;
    const editor = this.visibleEditor();
    // Without an editor the edits went through workspace.applyEdit, which has its own undo stops.
    if (!editor) return;
    // An empty edit that only closes the undo group, so the next user edit starts a new one.
    const ok = await editor.edit(() => undefined, { undoStopBefore: false, undoStopAfter: true }).then(
      (applied) => applied,
      () => false,
    );
    if (!ok) this.logger.debug('VsCodeEditorPort: the closing undo stop was not applied');
  }

  onEvent(listener: (event: EditorPortEvent) => void): vscode.Disposable {
    this.listeners.add(listener);
    if (this.subscriptions.length === 0) this.subscribe();
    return new vscode.Disposable(() => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.unsubscribe();
    });
  }

  onUserScrolled(listener: () => void): vscode.Disposable {
    this.scrollListeners.add(listener);
    if (!this.scrollSubscription) {
      const top = this.editor.visibleRanges[0]?.start.line;
      this.viewTop = top === undefined ? undefined : { seen: top, shifted: top };
      this.scrollSubscription = vscode.window.onDidChangeTextEditorVisibleRanges((event) => this.onVisibleRanges(event));
    }
    return new vscode.Disposable(() => {
      this.scrollListeners.delete(listener);
      if (this.scrollListeners.size > 0) return;
      this.scrollSubscription?.dispose();
      this.scrollSubscription = undefined;
    });
  }

  /** True once some edit went through workspace.applyEdit (its undo grouping may be split). */
  get fellBackToWorkspaceEdit(): boolean {
    return this.usedWorkspaceEdit;
  }

  dispose(): void {
    this.listeners.clear();
    this.unsubscribe();
    this.scrollListeners.clear();
    this.scrollSubscription?.dispose();
    this.scrollSubscription = undefined;
  }

  private subscribe(): void {
    const document = this.document;
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document !== document || event.contentChanges.length === 0) return;
        const pending = this.pending;
        const own =
          pending !== undefined &&
          !pending.seen &&
          event.document.version === pending.version + 1 &&
          sameReplacements(event.contentChanges, pending.edits);
        if (own) pending.seen = true;
        this.trackViewThrough(event.contentChanges);
        const changes: DocumentChange[] = event.contentChanges.map((change) => ({
          offset: change.rangeOffset,
          deleteLength: change.rangeLength,
          insertLength: change.text.length,
        }));
        this.emit({ type: 'change', own, changes });
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        // Only the user's moves (keyboard, mouse, command) count; a selection shifting under an edit has no kind.
        if (event.textEditor.document !== document || event.kind === undefined) return;
        const active = event.selections[0]?.active;
        if (!active) return;
        this.takeOvers++;
        this.emit({ type: 'userMoved', offset: document.offsetAt(active) });
      }),
      vscode.workspace.onDidCloseTextDocument((closed) => {
        // Changing a document's language also fires close (then open) for the same, still open document.
        if (closed === document && document.isClosed) this.markClosed('the document was closed');
      }),
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        if (event.closed.length === 0 || !hasTabFor(event.closed, document.uri)) return;
        // A file document can stay loaded after its last tab closed; edits would then land unseen.
        const all = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
        if (!hasTabFor(all, document.uri)) this.markClosed('the last tab of the document was closed');
      }),
    ];
  }

  private onVisibleRanges(event: vscode.TextEditorVisibleRangesChangeEvent): void {
    if (event.textEditor.document !== this.document || this.closed) return;
    const ranges = event.visibleRanges;
    const top = ranges[0]?.start.line;
    if (top === undefined) return;
    const previous = this.viewTop;
    this.viewTop = { seen: top, shifted: top };
    const shortened = this.shortened;
    this.shortened = false;
    // Another editor of the document, or no view seen yet: nothing to compare with.
    if (event.textEditor !== this.editor || !previous) return;
    if (this.restoring) {
      this.restore(event.textEditor, top);
      return;
    }
    if (top === previous.seen || top === previous.shifted) return;
    const shows = (line: number): boolean => ranges.some((range) => range.start.line <= line && line <= range.end.line);
    // A reveal scrolls toward its line (Default also scrolls a little when the line is in view but within
    // the editor's scroll padding); a scroll away from every line we asked for is the user's.
    const towards = (line: number): boolean => (line >= previous.seen ? top > previous.seen : top < previous.seen);
    const ours = this.revealTargets.filter((target) => shows(target.line) && towards(target.line));
    if (ours.length > 0) {
      this.revealTargets = [];
      // The reveal was on its way when the user took the view (the extension host hears of a scroll a
      // little after it happened): it pulled the view off where the user put it. Put it back.
      if (ours.every((target) => target.takeOvers !== this.takeOvers)) {
        this.restoring = { top: previous.seen, tries: 0, line: previous.seen, from: top };
        this.restore(event.textEditor, top);
      }
      return;
    }
    if (shortened && top < previous.seen && shows(this.document.lineCount - 1)) return;
    this.takeOvers++;
    for (const listener of [...this.scrollListeners]) listener();
  }

  /**
   * Scrolls the view back to `restoring.top`. Revealing a line at the top leaves the editor's scroll
   * padding above it (sticky scroll's lines, cursorSurroundingLines): when a try landed a few lines above
   * the line it revealed, the next one is corrected by that much. Any other view is one more reveal that
   * was on its way when the user scrolled (several can be, one per edit): the next try starts over.
   */
  private restore(editor: vscode.TextEditor, top: number): void {
    const restoring = this.restoring!;
    if (top === restoring.top || restoring.tries >= MAX_RESTORE_TRIES) {
      this.restoring = undefined;
      return;
    }
    if (restoring.tries > 0 && top === restoring.from) return;
    const padding = restoring.line - top;
    const landed = restoring.tries > 0 && padding > 0 && padding <= MAX_SCROLL_PADDING;
    const line = landed ? restoring.top + padding : restoring.top;
    restoring.tries++;
    restoring.line = line;
    restoring.from = top;
    editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
  }

  /** Keeps the expected first visible line in step with edits above it (some versions keep the content in place). */
  private trackViewThrough(changes: readonly vscode.TextDocumentContentChangeEvent[]): void {
    for (const change of changes) {
      const added = change.text.split('\n').length - 1 - (change.range.end.line - change.range.start.line);
      if (added < 0) this.shortened = true;
      if (this.viewTop && change.range.end.line < this.viewTop.shifted) this.viewTop.shifted = Math.max(0, this.viewTop.shifted + added);
    }
  }

  private unsubscribe(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.subscriptions = [];
  }

  private markClosed(why: string): void {
    if (this.closed) return;
    this.closed = true;
    this.logger.info(`VsCodeEditorPort: ${why}: ${this.document.uri.toString(true)}`);
    this.emit({ type: 'closed' });
  }

  private emit(event: EditorPortEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  /** The editor the generation started in if it is still visible, else any visible editor of the document. */
  private visibleEditor(): vscode.TextEditor | undefined {
    const visible = vscode.window.visibleTextEditors;
    if (visible.includes(this.editor)) return this.editor;
    const other = visible.find((editor) => editor.document === this.document);
    if (other) this.editor = other;
    return other;
  }

  /**
   * No visible editor shows the document: `workspace.applyEdit` edits it anyway. Its undo grouping is its
   * own (every applyEdit is one undo step), so one Ctrl+Z may no longer remove the whole generation. The
   * version is checked here, and the extension host also sends it with the edit, which the workbench
   * refuses when the document moved in between.
   */
  private async applyWithoutEditor(document: vscode.TextDocument, version: number, edits: readonly TextReplacement[]): Promise<boolean> {
    if (document.version !== version) return false;
    if (!this.usedWorkspaceEdit) this.logger.info('VsCodeEditorPort: no visible editor of the document; applying through WorkspaceEdit');
    this.usedWorkspaceEdit = true;
    const edit = new vscode.WorkspaceEdit();
    for (const replacement of edits) edit.replace(document.uri, rangeOf(document, replacement), replacement.text);
    try {
      return await vscode.workspace.applyEdit(edit);
    } catch (error) {
      this.logger.debug('VsCodeEditorPort: workspace.applyEdit threw', error);
      return false;
    }
  }
}

/** Reveals tried to put a view back before giving up (each in-flight reveal that pulls it again costs one). */
const MAX_RESTORE_TRIES = 4;
/** The most lines a reveal at the top leaves above its line (sticky scroll shows at most 10, cursorSurroundingLines is small). */
const MAX_SCROLL_PADDING = 12;

/** True when the event's changes are exactly the requested replacements (in any order). */
function sameReplacements(changes: readonly vscode.TextDocumentContentChangeEvent[], edits: readonly TextReplacement[]): boolean {
  const meaningful = edits.filter((edit) => edit.deleteLength > 0 || edit.text !== '');
  if (changes.length !== meaningful.length) return false;
  // Matched as a set: the workbench reports the changes of one edit in its own order, which for two
  // replacements at one offset (an insertion and a deletion) need not be the request's. Sorting by offset
  // alone left such a pair unmatched, and the session then took its own edit for the user's.
  const left = [...meaningful];
  return changes.every((change) => {
    const i = left.findIndex((edit) => change.rangeOffset === edit.offset && change.rangeLength === edit.deleteLength && change.text === edit.text);
    if (i < 0) return false;
    left.splice(i, 1);
    return true;
  });
}

function replaceAll(builder: vscode.TextEditorEdit, document: vscode.TextDocument, edits: readonly TextReplacement[]): void {
  for (const edit of edits) builder.replace(rangeOf(document, edit), edit.text);
}

function rangeOf(document: vscode.TextDocument, edit: TextReplacement): vscode.Range {
  return new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.deleteLength));
}

/** The offset after the last replacement's text once all were applied (they are non-overlapping). */
function endOfEdits(edits: readonly TextReplacement[]): number {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  let shift = 0;
  let end = 0;
  for (const edit of sorted) {
    end = edit.offset + shift + edit.text.length;
    shift += edit.text.length - edit.deleteLength;
  }
  return end;
}

function hasTabFor(tabs: readonly vscode.Tab[], uri: vscode.Uri): boolean {
  const target = uri.toString();
  return tabs.some((tab) => {
    const input = tab.input;
    if (input instanceof vscode.TabInputText) return input.uri.toString() === target;
    if (input instanceof vscode.TabInputTextDiff) return input.modified.toString() === target || input.original.toString() === target;
    return false;
  });
}
