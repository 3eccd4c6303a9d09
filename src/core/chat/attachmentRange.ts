/**
 * Which lines "Add Selection to Chat" attaches when nothing is selected: never the whole of a large file,
 * which would fill the model's context and the stored history. Pure, so it is tested without VS Code.
 */

/** The most lines attached when nothing is selected. */
export const MAX_UNSELECTED_LINES = 200;

export interface UnselectedRangeInput {
  /** Lines of the document. */
  readonly lineCount: number;
  /** The cursor's line (0-based). */
  readonly cursorLine: number;
  /** The first and last line the editor shows (0-based, inclusive), when it shows any. */
  readonly visible?: { readonly start: number; readonly end: number };
  /** Characters of each line, to stay within `maxChars`. */
  lineLength(line: number): number;
  /** The most characters to attach. */
  readonly maxChars: number;
}

export interface AttachedLines {
  /** 0-based, inclusive. */
  readonly start: number;
  readonly end: number;
  /** What they are: the part the editor shows, or lines around the cursor (the cursor is off screen, or the view is too tall). */
  readonly what: 'visible' | 'aroundCursor';
}

/**
 * The visible lines when the cursor is among them and they fit; otherwise the lines around the cursor,
 * centred on it, at most MAX_UNSELECTED_LINES and `maxChars` (lines far from the cursor go first).
 */
export function unselectedRange(input: UnselectedRangeInput): AttachedLines {
  const last = Math.max(0, input.lineCount - 1);
  const cursor = Math.min(Math.max(0, input.cursorLine), last);
  const visible = input.visible;
  if (visible && visible.start <= cursor && cursor <= visible.end) {
    const start = Math.max(0, visible.start);
    const end = Math.min(last, visible.end);
    if (end - start + 1 <= MAX_UNSELECTED_LINES && charsIn(input, start, end) <= input.maxChars) return { start, end, what: 'visible' };
  }
  // Grow around the cursor one line at a time, alternating below and above, while it fits.
  let start = cursor;
  let end = cursor;
  let chars = input.lineLength(cursor) + 1;
  for (let below = true; end - start + 1 < MAX_UNSELECTED_LINES; below = !below) {
    const canBelow = end < last;
    const canAbove = start > 0;
    if (!canBelow && !canAbove) break;
    const next = (below && canBelow) || !canAbove ? end + 1 : start - 1;
    const more = input.lineLength(next) + 1;
    if (chars + more > input.maxChars) break;
    chars += more;
    if (next > end) end = next;
    else start = next;
  }
  return { start, end, what: 'aroundCursor' };
}

function charsIn(input: UnselectedRangeInput, start: number, end: number): number {
  let chars = 0;
  for (let line = start; line <= end; line++) chars += input.lineLength(line) + 1;
  return chars;
}
