/**
 * Where the generated text is in a document that others edit at the same time. Keeps
 * - `insertionPoint`: where the next text goes (the end of the generated text);
 * - `segments`: the document ranges holding text the engine inserted. A user insertion strictly inside
 *   a segment splits it, so discarding removes exactly the generated text and none of the user's;
 * - `replaceEnd`: before the first edit, the end of the range the first edit replaces (the selection).
 * Text someone else inserts exactly at the insertion point stays after the generated text (the
 * generated region stays contiguous; the user's cursor usually sits there because edits push it);
 * text inserted exactly at a segment's start goes before it.
 */
import type { DocumentChange } from './EditorPort';

export interface Segment {
  readonly start: number;
  readonly end: number;
}

export class GeneratedRegion {
  private point: number;
  private replaceEnd: number | undefined;
  private parts: Segment[] = [];

  /** `at`: an offset, or a range the first insertion replaces. */
  constructor(at: number | Segment) {
    this.point = typeof at === 'number' ? at : at.start;
    this.replaceEnd = typeof at === 'number' || at.end <= at.start ? undefined : at.end;
  }

  get insertionPoint(): number {
    return this.point;
  }

  /** How much of the document the next insertion replaces (the selection, until the first insertion). */
  get replaceLength(): number {
    return this.replaceEnd === undefined ? 0 : this.replaceEnd - this.point;
  }

  get segments(): readonly Segment[] {
    return this.parts;
  }

  /** Start of the first generated part, or the insertion point when nothing was inserted. */
  get start(): number {
    return this.parts[0]?.start ?? this.point;
  }

  /** [start of the first part, insertion point), or undefined when no generated text is left. */
  get range(): Segment | undefined {
    const start = this.parts[0]?.start;
    return start === undefined ? undefined : { start, end: this.point };
  }

  /** Our own insertion of `length` characters at `offset` landed (replacing what replaceLength said). */
  inserted(offset: number, length: number): void {
    this.replaceEnd = undefined;
    const end = offset + length;
    const last = this.parts.at(-1);
    if (last && last.end === offset) this.parts[this.parts.length - 1] = { start: last.start, end };
    else if (length > 0) this.parts.push({ start: offset, end });
    this.point = end;
  }

  /** Our own deletion of every segment landed. */
  removedAll(): void {
    this.point = this.parts[0]?.start ?? this.point;
    this.parts = [];
  }

  /**
   * Re-tracks the region through a change someone else made. Returns false when that change touched the
   * range still to be replaced: the old text then stays and generation is inserted instead.
   */
  mapThrough(change: DocumentChange): boolean {
    this.parts = this.parts.flatMap((segment) => mapSegment(segment, change));
    if (this.replaceEnd !== undefined) {
      const mapped = mapSegment({ start: this.point, end: this.replaceEnd }, change);
      if (mapped.length === 1 && mapped[0]!.end - mapped[0]!.start === this.replaceEnd - this.point) {
        this.point = mapped[0]!.start;
        this.replaceEnd = mapped[0]!.end;
        return true;
      }
      // The user edited the text that was to be replaced: replacing the rest could delete their edit.
      this.replaceEnd = undefined;
      this.point = mapInsertionPoint(this.point, change);
      return false;
    }
    this.point = mapInsertionPoint(this.point, change);
    return true;
  }
}

/**
 * Maps a range of generated text through a foreign change: deleted parts vanish, text inserted
 * strictly inside splits it, text inserted at its start goes before it and at its end after it.
 */
function mapSegment(segment: Segment, change: DocumentChange): Segment[] {
  const { offset, deleteLength, insertLength } = change;
  const deleteEnd = offset + deleteLength;
  const delta = insertLength - deleteLength;
  if (segment.end <= offset) return [segment];
  if (segment.start >= deleteEnd) return [{ start: segment.start + delta, end: segment.end + delta }];
  const parts: Segment[] = [];
  if (segment.start < offset) parts.push({ start: segment.start, end: offset });
  if (segment.end > deleteEnd) parts.push({ start: offset + insertLength, end: segment.end + delta });
  return parts;
}

/** Maps the insertion point: text inserted exactly there stays after it; a deletion around it collapses it to the deletion's start. */
function mapInsertionPoint(point: number, change: DocumentChange): number {
  const { offset, deleteLength, insertLength } = change;
  if (point <= offset) return point;
  if (point >= offset + deleteLength) return point + insertLength - deleteLength;
  return offset;
}
