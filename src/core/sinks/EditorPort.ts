/**
 * What the InsertionEngine needs from one text document and its editor. The VS Code implementation
 * lives in src/vscode; tests use a string-backed fake. All offsets are character offsets into the
 * document text as the engine last saw it (vscode: `document.offsetAt`, `rangeOffset`, `rangeLength`).
 */

export interface Disposable {
  dispose(): void;
}

/** One replacement; several in one EditRequest are non-overlapping and relative to the same document version. */
export interface TextReplacement {
  readonly offset: number;
  readonly deleteLength: number;
  readonly text: string;
}

export interface EditRequest {
  /** Applied atomically, like the edits of one `editor.edit(builder => ...)` callback. */
  readonly edits: readonly TextReplacement[];
  /**
   * Pass through to `editor.edit(cb, { undoStopBefore, undoStopAfter })` (as the second argument,
   * not inside the callback). The engine sets undoStopBefore only on its first edit and
   * undoStopAfter never; `finish()` closes the undo group so one Ctrl+Z removes the whole generation.
   */
  readonly undoStopBefore: boolean;
  readonly undoStopAfter: boolean;
  /**
   * Scroll the end of the inserted text into view after applying (vscode: `revealRange` with
   * `TextEditorRevealType.Default`, which scrolls only when needed). Never move the cursor.
   * False for good once the user scrolled or moved the cursor: the view is theirs from then on.
   */
  readonly reveal: boolean;
}

/** One content change, relative to the document after the previous change of the same event. */
export interface DocumentChange {
  readonly offset: number;
  readonly deleteLength: number;
  readonly insertLength: number;
}

export type EditorPortEvent =
  | {
      readonly type: 'change';
      /**
       * True for the change that an `apply` of this engine's pending request made. The version alone does
       * not tell (verified in the extension host): a keystroke typed while our edit is in transit also
       * arrives as `versionWhenApplyWasCalled + 1`, and our edit then fails. So the VS Code adapter counts
       * an event as own only when it has that version AND its changes are exactly the replacements
       * requested. Everything else (typing, other extensions, formatters) is own: false.
       */
      readonly own: boolean;
      /** vscode: `event.contentChanges` mapped to {rangeOffset, rangeLength, text.length}, in order. */
      readonly changes: readonly DocumentChange[];
    }
  /**
   * The user moved the cursor (vscode: onDidChangeTextEditorSelection with a `kind`, i.e. keyboard,
   * mouse or command, not the selection shifting under an edit). `offset` is the active position.
   */
  | { readonly type: 'userMoved'; readonly offset: number }
  /** The document was closed (vscode: onDidCloseTextDocument); the engine stops and never applies again. */
  | { readonly type: 'closed' };

export interface EditorPort {
  /** The document's line ending; the engine converts generated LF to it so offsets stay exact. */
  readonly eol: '\n' | '\r\n';
  /** Leading whitespace of the line containing `offset`, up to `offset`. */
  indentationAt(offset: number): string;
  /**
   * Applies the edits if the document did not change since the last change event delivered to the
   * engine; resolves false (changing nothing) when it did, or when the document is gone.
   * Contract: the resulting change event (own: true) is delivered BEFORE the promise resolves true
   * (vscode does this: the model change reaches the extension host before the edit's reply).
   * The engine never has two applies pending at once.
   */
  apply(request: EditRequest): Promise<boolean>;
  /** The generation is complete: close the undo group (vscode: an empty edit with undoStopAfter: true). */
  finish(): Promise<void>;
  /** Events are delivered synchronously and in document order. */
  onEvent(listener: (event: EditorPortEvent) => void): Disposable;
  /**
   * Fires when the user scrolled the editor (vscode: `onDidChangeTextEditorVisibleRanges` of the editor,
   * minus the scrolls the adapter's own `revealRange` and the edits caused). The engine then stops asking
   * for the end of its text to be revealed.
   */
  onUserScrolled(listener: () => void): Disposable;
}
