/**
 * The geometry of an EditSession's region, apart from the session's state machine: the region is a list
 * of rows (an original line, a new line of a hunk, a pending line, or a line that became the user's), each
 * with its length in the region's model. These functions measure rows, turn edits of the model into
 * edits of the document, carry rows through a change someone else made, and judge whether a pending line
 * looks like a changed version of an original one (where the pending rows are placed). Pure, except
 * that trackChange marks a hunk whose lines were edited (`hunk.edited`).
 *
 * The model vs the document: when the region ends the document without a final EOL, the model has it
 * anyway (a virtual terminator after the last row); toReplacements converts edits at the region's end so
 * the document never gains or loses a final EOL.
 */
import type { DocumentChange, TextReplacement } from '../sinks/EditorPort';
import type { LineHunk } from './lineDiff';
import { isTrivialLine } from './StreamingLineDiff';

export type RowKind = 'original' | 'added' | 'pending' | 'user';

export interface Row {
  readonly kind: RowKind;
  /** Length in the region's model: text + terminator (see the virtual terminator above). */
  readonly length: number;
  /** Text without terminator, while known: undefined once someone else edited inside the row. */
  readonly text: string | undefined;
  /** Original rows: the original line's index. */
  readonly line?: number;
  /** Removed original rows and added rows: their hunk. */
  readonly hunk?: SessionHunk;
  /** Pending rows: the answer line shown (for the partial line, the index it will have). */
  readonly answerLine?: number;
  /** Taken out of the document for a save: the text to put back; `length` is 0 meanwhile. */
  readonly hidden?: string;
}

export interface SessionHunk {
  readonly source: LineHunk;
  status: 'open' | 'accepted' | 'rejected';
  edited: boolean;
  /** Answer lines [from, until) the user took over before the hunk was placed: not placed. */
  taken?: { readonly from: number; readonly until: number };
}

/** An edit in the model's coordinates: [from, from + length) becomes `after`. */
export interface ModelEdit {
  readonly from: number;
  readonly length: number;
  /** The text replaced, when known (own rows): the edit is then trimmed to what really changes. */
  readonly before: string | undefined;
  readonly after: string;
}

/** The rows' text in the model: each row's text and `eol`. */
export function rowsText(rows: readonly Row[], eol: string): string {
  return rows.map((row) => row.text + eol).join('');
}

/** Model offsets of each row's start, the region starting at `regionStart`; the last entry is the model's end. */
export function rowStarts(rows: readonly Row[], regionStart: number): number[] {
  const starts = new Array<number>(rows.length + 1);
  let offset = regionStart;
  rows.forEach((row, i) => {
    starts[i] = offset;
    offset += row.length;
  });
  starts[rows.length] = offset;
  return starts;
}

/** Where the region ends in the document: the model's end, less the virtual terminator. */
export function rowsDocumentEnd(rows: readonly Row[], regionStart: number, virtualEol: string): number {
  let end = regionStart;
  for (const row of rows) end += row.length;
  return rows.length > 0 ? end - virtualEol.length : end;
}

/** What toReplacements needs to know about the region. */
export interface RegionEnds {
  /** The model's end (rowStarts(...)[rows.length]). */
  readonly modelEnd: number;
  readonly regionStart: number;
  /** The terminator the region's last row lacks in the document ('' when it has one). */
  readonly virtualEol: string;
}

/**
 * Model edits (in order, not overlapping) as document edits: touching edits merged, what they leave the
 * same at both ends trimmed, edits that change nothing dropped.
 */
export function toReplacements(edits: readonly ModelEdit[], region: RegionEnds): TextReplacement[] {
  const merged: ModelEdit[] = [];
  for (const edit of edits) {
    const last = merged.at(-1);
    if (last && last.from + last.length === edit.from) {
      const before = last.before !== undefined && edit.before !== undefined ? last.before + edit.before : undefined;
      merged[merged.length - 1] = { from: last.from, length: last.length + edit.length, before, after: last.after + edit.after };
    } else {
      merged.push(edit);
    }
  }
  return merged.map((edit) => toDocument(edit, region)).filter((edit) => edit.deleteLength > 0 || edit.text !== '');
}

/**
 * A model edit as a document edit. Only an edit that reaches the region's end can differ: there the
 * model has the virtual terminator the document lacks, so the new text's last terminator is dropped
 * too, and deleting the last rows deletes the terminator before them instead.
 */
function toDocument(edit: ModelEdit, { modelEnd, regionStart, virtualEol }: RegionEnds): TextReplacement {
  const reachesEnd = virtualEol !== '' && edit.from + edit.length === modelEnd;
  if (!reachesEnd) return trimmed(edit.from, edit.length, edit.before, edit.after);
  const v = virtualEol.length;
  if (edit.after !== '') {
    if (edit.length > 0) return trimmed(edit.from, edit.length - v, edit.before?.slice(0, -v), edit.after.slice(0, -v));
    return { offset: modelEnd - v, deleteLength: 0, text: virtualEol + edit.after.slice(0, -v) };
  }
  if (edit.from === regionStart) return { offset: edit.from, deleteLength: edit.length - v, text: '' };
  return { offset: edit.from - v, deleteLength: edit.length, text: '' };
}

/** A document edit with what stays the same at both ends of it left out (when the old text is known). */
function trimmed(offset: number, length: number, before: string | undefined, after: string): TextReplacement {
  if (before === undefined) return { offset, deleteLength: length, text: after };
  let prefix = 0;
  const limit = Math.min(before.length, after.length);
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < limit - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { offset: offset + prefix, deleteLength: before.length - prefix - suffix, text: after.slice(prefix, after.length - suffix) };
}

/**
 * The rows after a change someone else made to the document: rows before and after it move, a row it
 * touches keeps its place and kind but loses its known text (and its hunk is marked edited). A deletion
 * that ends where a row starts and took the line break before it joins that row to the line above: that
 * row was edited too (`isLineStart`, asked of the document after the change, says it no longer starts a
 * line). `pendingEdited`: a pending row was touched (the session then gives the pending lines to the user).
 */
export function trackChange(
  rows: readonly Row[],
  regionStart: number,
  change: DocumentChange,
  isLineStart: (offset: number) => boolean,
): { readonly rows: Row[]; readonly regionStart: number; readonly pendingEdited: boolean } {
  const { offset, deleteLength, insertLength } = change;
  const changeEnd = offset + deleteLength;
  const map = (point: number): number => {
    if (point <= offset) return point;
    if (point >= changeEnd) return point + insertLength - deleteLength;
    return offset + insertLength;
  };
  const touches = (start: number, end: number): boolean =>
    deleteLength > 0 ? start < changeEnd && end > offset : insertLength > 0 && start <= offset && offset < end;
  const joinedAt = deleteLength > 0 ? offset + insertLength : undefined;
  const joins = (mappedStart: number): boolean => mappedStart === joinedAt && !isLineStart(mappedStart);
  let start = regionStart;
  let pendingEdited = false;
  const next: Row[] = [];
  for (const row of rows) {
    const end = start + row.length;
    const length = map(end) - map(start);
    if (!touches(start, end) && !(row.length > 0 && joins(map(start)))) {
      next.push(length === row.length ? row : { ...row, length });
    } else {
      if (row.kind === 'pending') pendingEdited = true;
      if (row.hunk) row.hunk.edited = true;
      next.push({ ...row, length, text: undefined });
    }
    start = end;
  }
  return { rows: next, regionStart: map(regionStart), pendingEdited };
}

/** The old row when the planned one is the same row (so an unchanged plan is recognised as such). */
export function reuse(old: Row, planned: Row): Row {
  const same =
    old.kind === planned.kind && old.text === planned.text && old.length === planned.length && old.hunk === planned.hunk && old.answerLine === planned.answerLine;
  return same ? old : planned;
}

/** True when both lists hold the same row objects. */
export function sameRows(a: readonly Row[], b: readonly Row[]): boolean {
  return a.length === b.length && a.every((row, i) => row === b[i]);
}

/**
 * True when answer line `line` looks like a changed version of original line `original`: what they share
 * at the start and (for a complete line) the end, indentation aside, is at least 5 characters and half of
 * the longer one. A partial line is judged on its start alone.
 */
export function resemblesLine(line: string, original: string, partial: boolean): boolean {
  const a = line.trimStart();
  const b = original.trimStart();
  if (isTrivialLine(b)) return false;
  const limit = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  if (partial) return prefix >= 5 && prefix * 2 >= Math.min(a.length, b.length);
  let suffix = 0;
  while (suffix < limit - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return prefix + suffix >= 5 && (prefix + suffix) * 2 >= Math.max(a.length, b.length);
}
