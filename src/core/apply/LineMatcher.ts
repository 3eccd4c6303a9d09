import { isDistinctive } from './CodeLines';
import { indentOf, isBlank } from './TextLines';

/** Which comparison found the lines: exact, trimmed of surrounding whitespace, or unique anchor lines. */
export type MatchPass = 'exact' | 'trimmed' | 'anchors';

/**
 * Where a run of lines is in a file. 'unique' gives the span [start, end) of the file it matched;
 * when it matched with its indentation shifted uniformly (a block written at another depth),
 * `indent` says how (`from` in the needle is `to` in the file). 'ambiguous' lists the first lines of
 * every place that fits in the first pass that found any: the caller refuses rather than picks one.
 */
export type LineMatch =
  | {
      readonly kind: 'unique';
      readonly start: number;
      readonly end: number;
      readonly pass: MatchPass;
      readonly indent?: { readonly from: string; readonly to: string };
    }
  | { readonly kind: 'ambiguous'; readonly pass: MatchPass; readonly starts: readonly number[] }
  | { readonly kind: 'none' };

export interface MatchRange {
  /** First line of the file that may be matched (default 0). */
  readonly from?: number;
  /** Line after the last one that may be matched (default: the end of the file). */
  readonly to?: number;
}

/**
 * Finds `needle` in `hay` (both as lines): exact first, then with every line trimmed, then on anchor
 * lines. The first pass that finds anything decides: one place is a match, two or more are ambiguous
 * (a later, looser pass is never used to break the tie).
 *
 * The anchor pass accepts a needle of at least 3 lines positioned by its distinctive lines (not a lone
 * brace or keyword) that occur exactly once in the file, when all of those agree on one position, the
 * needle's first and last lines match the file there (trimmed), and so do at least half of its lines:
 * a model that misremembers a line in the middle of an otherwise unique stretch.
 */
export function findLines(hay: readonly string[], needle: readonly string[], range: MatchRange = {}): LineMatch {
  const from = Math.max(0, range.from ?? 0);
  const to = Math.min(hay.length, range.to ?? hay.length);
  if (needle.length === 0 || needle.length > to - from) return { kind: 'none' };

  const exact = scan(hay, needle, from, to, (a, b) => a === b);
  if (exact.length === 1) return { kind: 'unique', start: exact[0]!, end: exact[0]! + needle.length, pass: 'exact' };
  if (exact.length > 1) return { kind: 'ambiguous', pass: 'exact', starts: exact };

  const trimmedHay = hay.map((line) => line.trim());
  const trimmedNeedle = needle.map((line) => line.trim());
  const trimmed = scan(trimmedHay, trimmedNeedle, from, to, (a, b) => a === b);
  if (trimmed.length === 1) {
    const start = trimmed[0]!;
    return withIndent({ kind: 'unique', start, end: start + needle.length, pass: 'trimmed' }, hay, needle);
  }
  if (trimmed.length > 1) return { kind: 'ambiguous', pass: 'trimmed', starts: trimmed };

  const start = anchoredStart(trimmedHay, trimmedNeedle, from, to);
  if (start === undefined) return { kind: 'none' };
  return withIndent({ kind: 'unique', start, end: start + needle.length, pass: 'anchors' }, hay, needle);
}

/**
 * Re-indents replacement lines the way the match shifted the needle: a line that starts with the
 * needle's indentation gets the file's instead; other lines are left as they are.
 */
export function shiftIndent(lines: readonly string[], indent: LineMatch & { kind: 'unique' }): string[] {
  const shift = indent.indent;
  if (!shift) return [...lines];
  return lines.map((line) => (isBlank(line) ? line : line.startsWith(shift.from) ? shift.to + line.slice(shift.from.length) : line));
}

function scan(
  hay: readonly string[],
  needle: readonly string[],
  from: number,
  to: number,
  equal: (a: string, b: string) => boolean,
): number[] {
  const found: number[] = [];
  for (let start = from; start + needle.length <= to; start++) {
    let i = 0;
    while (i < needle.length && equal(hay[start + i]!, needle[i]!)) i++;
    if (i === needle.length) found.push(start);
  }
  return found;
}

function anchoredStart(hay: readonly string[], needle: readonly string[], from: number, to: number): number | undefined {
  const content = needle.map((line, i) => ({ line, i })).filter(({ line }) => line.length > 0);
  if (content.length < 3) return undefined;
  const first = content[0]!;
  const last = content[content.length - 1]!;

  const inHay = new Map<string, number[]>();
  for (let i = from; i < to; i++) {
    const positions = inHay.get(hay[i]!);
    if (positions) positions.push(i);
    else inHay.set(hay[i]!, [i]);
  }
  const inNeedle = new Map<string, number>();
  for (const { line } of content) inNeedle.set(line, (inNeedle.get(line) ?? 0) + 1);

  let offset: number | undefined;
  for (const { line, i } of content) {
    const positions = inHay.get(line);
    if (!isDistinctive(line) || positions?.length !== 1 || inNeedle.get(line) !== 1) continue;
    const candidate = positions[0]! - i;
    if (offset !== undefined && offset !== candidate) return undefined;
    offset = candidate;
  }
  if (offset === undefined || offset < from || offset + needle.length > to) return undefined;
  if (hay[offset + first.i] !== first.line || hay[offset + last.i] !== last.line) return undefined;
  const agreeing = content.filter(({ line, i }) => hay[offset + i] === line).length;
  return agreeing * 2 >= content.length ? offset : undefined;
}

/** Adds the uniform indentation shift between the needle and the matched lines, when there is one. */
function withIndent(
  match: LineMatch & { kind: 'unique' },
  hay: readonly string[],
  needle: readonly string[],
): LineMatch & { kind: 'unique' } {
  let shift: { from: string; to: string } | undefined;
  for (let i = 0; i < needle.length; i++) {
    const line = needle[i]!;
    const target = hay[match.start + i]!;
    if (isBlank(line) || isBlank(target) || line.trim() !== target.trim()) continue;
    const a = indentOf(line);
    const b = indentOf(target);
    // The shift is what differs at the start of the two indentations; the rest must be the same.
    const common = commonSuffixLength(a, b);
    const candidate = { from: a.slice(0, a.length - common), to: b.slice(0, b.length - common) };
    if (!shift) shift = candidate;
    else if (shift.from !== candidate.from || shift.to !== candidate.to) return match;
  }
  return shift && shift.from !== shift.to ? { ...match, indent: shift } : match;
}

function commonSuffixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[a.length - 1 - length] === b[b.length - 1 - length]) length++;
  return length;
}
