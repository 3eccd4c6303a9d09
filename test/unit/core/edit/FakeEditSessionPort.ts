import { type EditSessionPort } from '../../../../src/core/edit/EditSessionPort';
import { type DocumentChange, type EditRequest, type TextReplacement } from '../../../../src/core/sinks/EditorPort';
import { FakeEditorPort } from '../../../support/fakes/FakeEditorPort';
import { type FakeScheduler } from '../../../support/fakes/FakeScheduler';

/** A requested replacement that deletes a character the session did not write, or inserts inside such a line. */
export interface OriginalTouch {
  /** Index of the EditRequest in `calls`. */
  readonly call: number;
  readonly edit: TextReplacement;
  /** Who wrote the characters it deletes. */
  readonly owners: string;
}

/**
 * The fake editor port plus what an EditSession needs (lineAt, getText), and a record of who wrote
 * every character, so every EditRequest is checked, when it is issued, against the document it was made
 * for: `o` is a character of the region's original text and `L` its line ends, `.` and `:` the same
 * outside the region, `n` and `N` text the session inserted, `u` and `U` text the user inserted.
 */
export class FakeEditSessionPort extends FakeEditorPort implements EditSessionPort {
  readonly originalTouches: OriginalTouch[] = [];
  revealRequests = 0;
  private owners: string[];
  /** The text of the user edit being reported (change events carry only lengths). */
  private userText = '';

  constructor(
    scheduler: FakeScheduler,
    initialText: string,
    region: { readonly start: number; readonly end: number },
    options: { latencyMs?: number; eol?: '\n' | '\r\n' } = {},
  ) {
    super(scheduler, initialText, options);
    this.owners = [...initialText].map((char, i) => {
      const inside = i >= region.start && i < region.end;
      if (char === '\n') return inside ? 'L' : ':';
      return inside ? 'o' : '.';
    });
    this.onEvent((event) => {
      if (event.type !== 'change') return;
      for (const change of event.changes) {
        const text = event.own ? this.calls.at(-1)?.edits.find((edit) => edit.offset === change.offset && edit.deleteLength === change.deleteLength)?.text : this.userText;
        this.track(change, event.own, text ?? '');
      }
    });
  }

  override userEdit(offset: number, deleteLength: number, text: string): void {
    this.userText = text;
    super.userEdit(offset, deleteLength, text);
  }

  override apply(request: EditRequest): Promise<boolean> {
    for (const edit of request.edits) this.check(edit);
    return super.apply(request);
  }

  /** Listeners other than the ownership tracker (the session's). */
  get sessionListeners(): number {
    return this.listenerCount - 1;
  }

  lineAt(offset: number): number {
    let line = 0;
    for (let i = this.text.indexOf('\n'); i >= 0 && i < offset; i = this.text.indexOf('\n', i + 1)) line++;
    return line;
  }

  getText(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  /** Who wrote the characters of [start, end). */
  ownersOf(start: number, end: number): string {
    return this.owners.slice(start, end).join('');
  }

  private check(edit: TextReplacement): void {
    const { offset, deleteLength, text } = edit;
    const deleted = this.owners.slice(offset, offset + deleteLength);
    const before = this.owners[offset - 1];
    const after = this.owners[offset];
    // Text inserted after a character of a line the session did not write, other than its line end, joins
    // that line; the one exception is new lines after a last line without terminator (starting with one).
    const joinsLine = text !== '' && (before === 'o' || before === '.' || before === 'u') && !(after === undefined && /^\r?\n/.test(text));
    if (deleted.some((owner) => owner !== 'n' && owner !== 'N') || joinsLine) this.originalTouches.push({ call: this.calls.length, edit, owners: deleted.join('') });
  }

  private track(change: DocumentChange, own: boolean, text: string): void {
    const { offset, deleteLength, insertLength } = change;
    const owner = (i: number): string => (text[i] === '\n' ? (own ? 'N' : 'U') : own ? 'n' : 'u');
    this.owners.splice(offset, deleteLength, ...Array.from({ length: insertLength }, (_, i) => owner(i)));
  }
}
