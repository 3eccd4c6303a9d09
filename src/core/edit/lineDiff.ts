/**
 * Line hunks and the bounded Myers diff (jsdiff) every part of Edit Selection uses.
 */
import { diffArrays } from 'diff';

/**
 * One change of a line diff: `originalLength` lines of the original starting at `originalStart` are
 * replaced by `lines`. A pure insertion has `originalLength` 0 (the lines go before `originalStart`),
 * a pure deletion has no `lines`. Lines never include their terminator.
 */
export interface LineHunk {
  /** Index of the first original line this hunk replaces (or, for a pure insertion, inserts before). */
  readonly originalStart: number;
  /** How many original lines it removes. */
  readonly originalLength: number;
  /** Index, in the answer's lines, of its first new line. */
  readonly answerStart: number;
  /** Its new lines. */
  readonly lines: readonly string[];
}

/**
 * The most work one diff may do, in jsdiff's units: `(old + new lines) x edit distance`. Myers costs
 * O((N + M) D); jsdiff takes about 0.1 us per unit here, so this keeps any one diff near 50 ms even for a
 * 2,000-line rewrite (which then falls back to replacing the whole segment: nothing useful is lost, as
 * such texts share almost no lines).
 */
export const DIFF_BUDGET = 500_000;

/**
 * The Myers diff of `original` against `answer` as hunks, with positions offset by the given bases;
 * undefined when it would cost more than DIFF_BUDGET.
 */
export function myersHunks(original: readonly string[], answer: readonly string[], originalBase = 0, answerBase = 0): LineHunk[] | undefined {
  const changes = myersChanges(original, answer);
  return changes && hunksOf(changes, originalBase, answerBase);
}

export interface LineChange {
  readonly kind: 'common' | 'removed' | 'added';
  readonly lines: readonly string[];
}

/** jsdiff's change list for two line arrays (exact comparison), or undefined over budget. */
export function myersChanges(original: readonly string[], answer: readonly string[]): LineChange[] | undefined {
  // One side empty: the diff is the other side, whatever its size.
  if (original.length === 0 || answer.length === 0) {
    const changes: LineChange[] = [];
    if (original.length > 0) changes.push({ kind: 'removed', lines: original.slice() });
    if (answer.length > 0) changes.push({ kind: 'added', lines: answer.slice() });
    return changes;
  }
  const maxEditLength = Math.floor(DIFF_BUDGET / (original.length + answer.length));
  // The distance is at least |N - M|: a budget below that can never succeed.
  if (maxEditLength < Math.abs(original.length - answer.length)) return undefined;
  const changes = diffArrays(original.slice(), answer.slice(), { maxEditLength });
  if (!changes) return undefined;
  return changes.map((change) => ({
    kind: change.added ? 'added' : change.removed ? 'removed' : 'common',
    lines: change.value,
  }));
}

/** Groups consecutive removed/added changes into hunks. */
export function hunksOf(changes: readonly LineChange[], originalBase: number, answerBase: number): LineHunk[] {
  const hunks: LineHunk[] = [];
  let original = originalBase;
  let answer = answerBase;
  let open: { originalStart: number; originalLength: number; answerStart: number; lines: string[] } | undefined;
  for (const change of changes) {
    if (change.kind === 'common') {
      if (open) hunks.push(open);
      open = undefined;
      original += change.lines.length;
      answer += change.lines.length;
      continue;
    }
    open ??= { originalStart: original, originalLength: 0, answerStart: answer, lines: [] };
    if (change.kind === 'removed') {
      open.originalLength += change.lines.length;
      original += change.lines.length;
    } else {
      open.lines.push(...change.lines);
      answer += change.lines.length;
    }
  }
  if (open) hunks.push(open);
  return hunks;
}

/** The original with the hunks (sorted, non-overlapping) applied. */
export function applyHunks(original: readonly string[], hunks: readonly LineHunk[]): string[] {
  const result: string[] = [];
  let next = 0;
  for (const hunk of hunks) {
    for (; next < hunk.originalStart; next++) result.push(original[next]!);
    result.push(...hunk.lines);
    next = hunk.originalStart + hunk.originalLength;
  }
  for (; next < original.length; next++) result.push(original[next]!);
  return result;
}

/** Same hunk: same original range and same new lines (the answer position follows from those). */
export function sameHunk(a: LineHunk, b: LineHunk): boolean {
  return (
    a.originalStart === b.originalStart &&
    a.originalLength === b.originalLength &&
    a.lines.length === b.lines.length &&
    a.lines.every((line, i) => line === b.lines[i])
  );
}

/** Splits text into lines and their terminators ('\n', '\r\n', or '' for a last line without one). */
export function splitLines(text: string): { lines: string[]; terminators: string[] } {
  const lines: string[] = [];
  const terminators: string[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    if (newline < 0) {
      lines.push(text.slice(start));
      terminators.push('');
      break;
    }
    const crlf = newline > start && text[newline - 1] === '\r';
    lines.push(text.slice(start, crlf ? newline - 1 : newline));
    terminators.push(crlf ? '\r\n' : '\n');
    start = newline + 1;
  }
  return { lines, terminators };
}
