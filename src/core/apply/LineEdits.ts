import { diffArrays } from 'diff';
import { joinLines, type OutputLine, type TextLines } from './TextLines';
import type { ApplyRegion } from './types';

/** Replace the original lines [start, end) with `lines`; start === end inserts before line start. */
export interface LineEdit {
  readonly start: number;
  readonly end: number;
  readonly lines: readonly string[];
}

export type LineEditsOutcome =
  | { readonly ok: true; readonly newText: string; readonly regions: ApplyRegion[] }
  | { readonly ok: false; readonly overlapping: readonly [number, number] };

/**
 * Applies edits made against the original lines (all positions refer to the original, so the edits do
 * not depend on each other's order) and reports the regions that really change: each edit is narrowed
 * by a line diff of what it replaces against what it brings, so an edit that rewrites a whole function
 * to change one line reports that one line. Overlapping edits are refused (by their indices) rather
 * than merged. Edits at the same position keep the order they were given in.
 */
export function applyLineEdits(original: TextLines, edits: readonly LineEdit[]): LineEditsOutcome {
  const order = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.start - b.edit.start || a.index - b.index);
  for (let i = 1; i < order.length; i++) {
    const previous = order[i - 1]!;
    const next = order[i]!;
    if (previous.edit.end > next.edit.start) return { ok: false, overlapping: [previous.index, next.index] };
  }
  const regions: ApplyRegion[] = [];
  for (const { edit } of order) regions.push(...narrow(original.lines, edit));
  return { ok: true, newText: applyRegions(original, regions), regions };
}

/**
 * Rebuilds the text from the original and sorted, non-overlapping regions: untouched lines keep their
 * own terminators, replacement lines get the file's dominant one.
 */
export function applyRegions(original: TextLines, regions: readonly ApplyRegion[]): string {
  const out: OutputLine[] = [];
  let line = 0;
  const keepUntil = (end: number): void => {
    for (; line < end; line++) out.push({ text: original.lines[line]!, eol: original.eols[line]! });
  };
  for (const region of regions) {
    keepUntil(region.startLine);
    for (const text of region.replacementLines) out.push({ text });
    line = region.endLine;
  }
  keepUntil(original.lines.length);
  return joinLines(out, original);
}

/** The changed stretches of one edit, as regions of the original. */
function narrow(lines: readonly string[], edit: LineEdit): ApplyRegion[] {
  const before = lines.slice(edit.start, edit.end);
  const after = [...edit.lines];
  const regions: ApplyRegion[] = [];
  let oldLine = edit.start;
  let newIndex = 0;
  let open: { start: number; end: number; from: number; to: number } | undefined;
  const close = (): void => {
    if (open) regions.push({ startLine: open.start, endLine: open.end, replacementLines: after.slice(open.from, open.to) });
    open = undefined;
  };
  for (const part of diffArrays(before, after)) {
    if (!part.added && !part.removed) {
      close();
      oldLine += part.count;
      newIndex += part.count;
      continue;
    }
    open ??= { start: oldLine, end: oldLine, from: newIndex, to: newIndex };
    if (part.removed) {
      oldLine += part.count;
      open.end = oldLine;
    } else {
      newIndex += part.count;
      open.to = newIndex;
    }
  }
  close();
  return regions;
}
