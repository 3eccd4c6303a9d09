import { type EditSessionPort } from '../../../../src/core/edit/EditSessionPort';
import { type Disposable, type DocumentChange } from '../../../../src/core/sinks/EditorPort';
import { FakeEditorPort } from '../../../support/fakes/FakeEditorPort';
import { type FakeScheduler } from '../../../support/fakes/FakeScheduler';

/** An own change that deleted a character of an original line, or inserted inside one. */
export interface OriginalTouch {
  readonly at: number;
  readonly change: DocumentChange;
}

/**
 * The fake editor port plus what an EditSession needs (lineAt, user scrolls), and a record of who wrote
 * every character, so a test can check each landed edit against the original lines: `o` is a character
 * of the region's original text and `L` its line ends, `.` and `:` the same outside the region, `n` text
 * the session inserted, `u` text the user inserted.
 */
export class FakeEditSessionPort extends FakeEditorPort implements EditSessionPort {
  readonly originalTouches: OriginalTouch[] = [];
  revealRequests = 0;
  private owners: string[];
  private readonly scrollListeners = new Set<() => void>();

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
      for (const change of event.changes) this.track(change, event.own);
    });
  }

  /** Listeners other than the ownership tracker (the session's). */
  get sessionListeners(): number {
    return this.listenerCount - 1;
  }

  get scrollListenerCount(): number {
    return this.scrollListeners.size;
  }

  lineAt(offset: number): number {
    let line = 0;
    for (let i = this.text.indexOf('\n'); i >= 0 && i < offset; i = this.text.indexOf('\n', i + 1)) line++;
    return line;
  }

  onUserScrolled(listener: () => void): Disposable {
    this.scrollListeners.add(listener);
    return { dispose: () => this.scrollListeners.delete(listener) };
  }

  userScroll(): void {
    for (const listener of [...this.scrollListeners]) listener();
  }

  /** Who wrote the characters of [start, end). */
  ownersOf(start: number, end: number): string {
    return this.owners.slice(start, end).join('');
  }

  private track(change: DocumentChange, own: boolean): void {
    const { offset, deleteLength, insertLength } = change;
    if (own) {
      const deleted = this.owners.slice(offset, offset + deleteLength);
      const before = this.owners[offset - 1];
      const after = this.owners[offset];
      const text = this.calls.at(-1)?.edits.find((edit) => edit.offset === offset && edit.deleteLength === deleteLength)?.text ?? '';
      // Text inserted after a character of an original line that is not its line end joins that line;
      // the one exception is new lines after a last line without terminator (starting with a line end).
      const joinsLine = insertLength > 0 && (before === 'o' || before === '.') && !(after === undefined && /^\r?\n/.test(text));
      if (deleted.some((owner) => owner !== 'n' && owner !== 'u') || joinsLine) this.originalTouches.push({ at: this.version, change });
    }
    this.owners.splice(offset, deleteLength, ...Array.from({ length: insertLength }, () => (own ? 'n' : 'u')));
  }
}
