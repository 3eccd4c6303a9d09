import { BlockReindenter } from './BlockReindenter';
import { bracketBalance, isDistinctive, shorten } from './CodeLines';
import { hasBareEllipsis, isExistingCodeMarker } from './ExistingCodeMarkers';
import { locateFragment } from './FragmentLocator';
import type { LineEdit } from './LineEdits';
import { buildOutline, type OutlineItem } from './Outline';
import { alignOutlines } from './OutlineAlignment';
import type { ModelReasonCode } from './types';

export type FragmentOutcome =
  | { readonly ok: true; readonly edits: readonly LineEdit[] }
  | { readonly ok: false; readonly code: ModelReasonCode; readonly reason: string };

export interface FragmentOptions {
  /** Whether # starts a comment in this language (for bracket balance). */
  readonly hashComments?: boolean;
}

/**
 * Places a fragment (one or more functions, classes, methods, statements, possibly with
 * "... existing code ..." markers) into a file without a model, or says why it cannot.
 *
 * Both texts become indentation outlines (see buildOutline). The fragment's top-level items are looked
 * up in the whole file by their head line (exact, trimmed), then by their declaration's signature
 * (`def total` keeps matching after its parameters changed); an item found in two places is ambiguous
 * and nothing is guessed. The items found must be siblings in the file (locateFragment); the fragment
 * is then merged into that list of siblings, item by item, paired in order (alignOutlines):
 * - a matched item without markers replaces the file's item (its comments and decorators too when
 *   the fragment has some); one with markers, or one that leaves out some of the file's declarations
 *   (a class shown with only its changed methods), is merged recursively, so each marker keeps the
 *   file's lines it stands for and no declaration is deleted for having been left out;
 * - around markers (and around the fragment's top-level edges, and around file declarations the
 *   fragment leaves out) the file's items are kept; a new declaration next to a kept stretch goes on
 *   the fragment's side of it, but a new statement there could be the replacement of any kept line,
 *   so it is refused;
 * - elsewhere, the file's unmatched items between two matched ones are replaced by the fragment's.
 * The fragment is re-indented to its place. Each resulting edit must leave bracket balance as it was.
 */
export function mergeFragment(file: readonly string[], fragment: readonly string[], options: FragmentOptions = {}): FragmentOutcome {
  return new FragmentMerge(file, fragment, options).run();
}

/** Items with fewer body lines than this are not checked for resemblance (a one-line body may change whole). */
const MIN_LINES_TO_COMPARE = 3;

class MergeFailure extends Error {
  constructor(
    readonly code: ModelReasonCode,
    message: string,
  ) {
    super(message);
  }
}

class FragmentMerge {
  private readonly fileItems: OutlineItem[];
  private readonly fragmentItems: OutlineItem[];
  private readonly edits: LineEdit[] = [];
  private reindent!: BlockReindenter;
  /** Matched pairs whose head is distinctive: a merge with none is anchored on nothing. */
  private strongMatches = 0;

  constructor(
    private readonly file: readonly string[],
    private readonly fragment: readonly string[],
    private readonly options: FragmentOptions,
  ) {
    const bareEllipsis = hasBareEllipsis(file);
    const hashComments = options.hashComments ?? false;
    this.fileItems = buildOutline(file, { hashComments });
    this.fragmentItems = buildOutline(fragment, { hashComments, isMarker: (line) => isExistingCodeMarker(line, bareEllipsis) });
  }

  run(): FragmentOutcome {
    try {
      this.merge();
      return { ok: true, edits: this.edits };
    } catch (error) {
      if (error instanceof MergeFailure) return { ok: false, code: error.code, reason: error.message };
      throw error;
    }
  }

  private merge(): void {
    const units = this.fragmentItems.filter((item) => item.kind === 'unit');
    if (units.length === 0) throw new MergeFailure('unrecognized', 'The block has only "existing code" markers.');
    const place = locateFragment(this.file, this.fileItems, units);
    if (!place.ok) throw new MergeFailure(place.code, place.reason);
    const anchor = place.located;
    this.reindent = BlockReindenter.between(this.fragment, this.file, anchor.fragment.indent, anchor.file.indent);
    const pairs = this.mergeBlock(this.fragmentItems, place.siblings, true, undefined, undefined);
    if (this.strongMatches === 0) throw new MergeFailure('unrecognized', 'The block matches the file only on lines that could be anywhere (braces, keywords).');
    const matchedUnits = units.filter((unit) => pairs.has(unit));
    if (!matchedUnits.some((unit) => unit.signature || unit.children.length > 0) && matchedUnits.length < units.length) {
      throw new MergeFailure('newCode', 'Most of the block is code that is not in the file, anchored only by single lines.');
    }
    for (const edit of this.edits) this.checkBalance(edit);
  }

  /**
   * Merges fragment items into file items (siblings) and returns the matched fragment items.
   * `root` marks the fragment's top level, which has implicit markers before and after it.
   * `fragmentRange` / `fileRange` are the line ranges of the inner blocks (for gaps at their edges).
   */
  private mergeBlock(
    fragmentItems: readonly OutlineItem[],
    fileItems: readonly OutlineItem[],
    root: boolean,
    fragmentRange: { start: number; end: number } | undefined,
    fileRange: { start: number; end: number } | undefined,
  ): Map<OutlineItem, OutlineItem> {
    const pairs = alignOutlines(fragmentItems, fileItems);
    const matched = new Map<OutlineItem, OutlineItem>();
    for (const [f, F] of pairs) matched.set(fragmentItems[f]!, fileItems[F]!);

    let previous: [number, number] | undefined;
    for (const pair of [...pairs, undefined]) {
      const fFrom = previous ? previous[0] + 1 : 0;
      const fTo = pair ? pair[0] : fragmentItems.length;
      const FFrom = previous ? previous[1] + 1 : 0;
      const FTo = pair ? pair[1] : fileItems.length;
      this.gap({
        fragment: fragmentItems.slice(fFrom, fTo),
        file: fileItems.slice(FFrom, FTo),
        before: previous ? { fragment: fragmentItems[previous[0]]!, file: fileItems[previous[1]]! } : undefined,
        after: pair ? { fragment: fragmentItems[pair[0]]!, file: fileItems[pair[1]]! } : undefined,
        implicitStart: root && !previous,
        implicitEnd: root && !pair,
        fragmentRange,
        fileRange,
      });
      if (pair) this.matchedPair(fragmentItems[pair[0]]!, fileItems[pair[1]]!);
      previous = pair;
    }
    return matched;
  }

  private matchedPair(f: OutlineItem, F: OutlineItem): void {
    if (isDistinctive(f.key) || f.signature) this.strongMatches++;
    // The fragment's comments and decorators replace the file's; without any, the file's stay.
    const fileStart = f.start < f.head ? F.start : F.head;
    if (!f.hasMarker && !omitsDeclarations(f, F)) {
      this.checkResemblance(f, F);
      const lines = this.reindent.lines(this.fragment.slice(f.start, f.end));
      keepTrailingSeparator(lines, this.file[F.end - 1]!);
      this.edit(fileStart, F.end, lines);
      return;
    }
    this.edit(fileStart, F.innerStart, this.reindent.lines(this.fragment.slice(f.start, f.innerStart)));
    this.mergeBlock(f.children, F.children, false, { start: f.innerStart, end: f.innerEnd }, { start: F.innerStart, end: F.innerEnd });
    const tail = this.reindent.lines(this.fragment.slice(f.innerEnd, f.end));
    keepTrailingSeparator(tail, this.file[F.end - 1]!);
    this.edit(F.innerEnd, F.end, tail);
  }

  /**
   * A matched item that declares nothing (`import (`, `describe('x', () => {`, an `if`) is identified
   * only by its head line; when the fragment's body shares almost nothing with the file's, it is other
   * code that happens to start the same way (a test file's imports for the file's), not an edit of it.
   */
  private checkResemblance(f: OutlineItem, F: OutlineItem): void {
    if (f.signature) return;
    const inner = this.file.slice(F.innerStart, F.end).map((line) => line.trim()).filter((line) => line.length > 0);
    if (inner.length < MIN_LINES_TO_COMPARE) return;
    const offered = new Set(this.fragment.slice(f.innerStart, f.end).map((line) => line.trim()));
    const shared = inner.filter((line) => offered.has(line)).length;
    if (shared * 3 < inner.length) {
      throw new MergeFailure('unrecognized', `The block's "${shorten(f.key)}" shares almost nothing with the file's: it looks like other code.`);
    }
  }

  private gap(gap: Gap): void {
    const explicit = gap.fragment.filter((item) => item.kind === 'marker').length;
    const keepsDeclarations = gap.file.some((item) => item.signature);
    if (explicit === 0 && !gap.implicitStart && !gap.implicitEnd && !keepsDeclarations) {
      this.replaceGap(gap);
      return;
    }
    // The file's items here are kept. The fragment's items are cut into segments at the markers: the
    // first segment goes right after the matched item before the gap, the last right before the one
    // after it; items between two markers have no place.
    const segments: OutlineItem[][] = [[]];
    if (gap.implicitStart) segments.push([]);
    for (const item of gap.fragment) {
      if (item.kind === 'marker') segments.push([]);
      else segments[segments.length - 1]!.push(item);
    }
    // At the fragment's end, or with no marker at all (declarations left out), items follow their predecessor.
    if (gap.implicitEnd || (explicit === 0 && !gap.implicitStart)) segments.push([]);
    const first = segments[0]!;
    const last = segments[segments.length - 1]!;
    for (const middle of segments.slice(1, -1)) {
      if (middle.length > 0) {
        throw new MergeFailure('ambiguous', `"${shorten(middle[0]!.key)}" sits between two "existing code" markers, so its place is not said.`);
      }
    }
    this.checkInsertable(first, gap.file);
    this.checkInsertable(last, gap.file);
    if (first.length > 0) {
      const at = gap.before ? gap.before.file.end : (gap.fileRange?.start ?? gap.file[0]?.start ?? 0);
      const from = gap.before ? gap.before.fragment.end : (gap.fragmentRange?.start ?? first[0]!.start);
      this.insert(at, this.fragment.slice(from, first[first.length - 1]!.end));
    }
    if (last.length > 0) {
      if (gap.after) {
        this.insert(gap.after.file.start, this.fragment.slice(last[0]!.start, gap.after.fragment.start));
      } else {
        const markerBefore = lastMarkerBefore(gap.fragment, last[0]!);
        const at = gap.file.length > 0 ? gap.file[gap.file.length - 1]!.end : gap.before ? gap.before.file.end : (gap.fileRange?.start ?? 0);
        const from = markerBefore ? markerBefore.end : last[0]!.start;
        this.insert(at, this.fragment.slice(from, last[last.length - 1]!.end));
      }
    }
  }

  /** No marker here: the file's lines between the matched neighbours become the fragment's. */
  private replaceGap(gap: Gap): void {
    if (gap.fragment.length === 0 && gap.file.length === 0) return;
    const fileStart = gap.before ? gap.before.file.end : (gap.fileRange?.start ?? gap.file[0]!.start);
    // Up to the next matched item's comments: they are its own (kept or replaced with it).
    const fileEnd = gap.after ? gap.after.file.start : (gap.fileRange?.end ?? gap.file[gap.file.length - 1]!.end);
    const fragmentStart = gap.before ? gap.before.fragment.end : (gap.fragmentRange?.start ?? gap.fragment[0]!.start);
    const fragmentEnd = gap.after ? gap.after.fragment.start : (gap.fragmentRange?.end ?? gap.fragment[gap.fragment.length - 1]!.end);
    this.edit(fileStart, Math.max(fileStart, fileEnd), this.reindent.lines(this.fragment.slice(fragmentStart, Math.max(fragmentStart, fragmentEnd))));
  }

  /**
   * New items next to kept file items must be new declarations: a statement there may stand for a
   * changed version of one of the kept lines, and placing it would be a guess.
   */
  private checkInsertable(items: readonly OutlineItem[], kept: readonly OutlineItem[]): void {
    for (const item of items) {
      if (item.hasMarker) throw new MergeFailure('unrecognized', `"${shorten(item.key)}" is not in the file but has "existing code" markers inside.`);
      if (kept.length === 0) continue;
      if (!item.signature || kept.some((k) => k.signature === item.signature)) {
        throw new MergeFailure(
          'ambiguous',
          `"${shorten(item.key)}" is next to code the block leaves out, so whether it replaces some of that code is not said.`,
        );
      }
    }
  }

  private insert(at: number, lines: readonly string[]): void {
    this.edit(at, at, this.reindent.lines(lines));
  }

  private edit(start: number, end: number, lines: readonly string[]): void {
    const old = this.file.slice(start, end);
    if (old.length === lines.length && old.every((line, i) => line === lines[i])) return;
    this.edits.push({ start, end, lines });
  }

  private checkBalance(edit: LineEdit): void {
    const hash = this.options.hashComments ?? false;
    const before = sum(this.file.slice(edit.start, edit.end).map((line) => bracketBalance(line, hash)));
    const after = sum(edit.lines.map((line) => bracketBalance(line, hash)));
    if (before !== after) {
      throw new MergeFailure('unbalanced', `Placed at line ${edit.start + 1}, the block would leave brackets unbalanced (${after - before > 0 ? 'more opened' : 'more closed'} than before).`);
    }
  }
}

interface Gap {
  readonly fragment: readonly OutlineItem[];
  readonly file: readonly OutlineItem[];
  readonly before: { readonly fragment: OutlineItem; readonly file: OutlineItem } | undefined;
  readonly after: { readonly fragment: OutlineItem; readonly file: OutlineItem } | undefined;
  readonly implicitStart: boolean;
  readonly implicitEnd: boolean;
  readonly fragmentRange: { start: number; end: number } | undefined;
  readonly fileRange: { start: number; end: number } | undefined;
}

/**
 * True when the file's item declares members (methods, functions, rules) that the fragment's version
 * leaves out: a class shown with only the methods that changed. Such an item is merged member by
 * member, so the members left out stay, instead of being replaced whole (which would delete them).
 */
function omitsDeclarations(f: OutlineItem, F: OutlineItem): boolean {
  if (f.children.length === 0) return false;
  const shown = new Set<string>();
  for (const child of f.children) {
    shown.add(child.key);
    if (child.signature) shown.add(child.signature);
  }
  return F.children.some((child) => child.signature && !shown.has(child.signature) && !shown.has(child.key));
}

function lastMarkerBefore(items: readonly OutlineItem[], item: OutlineItem): OutlineItem | undefined {
  let marker: OutlineItem | undefined;
  for (const candidate of items) {
    if (candidate === item) break;
    if (candidate.kind === 'marker') marker = candidate;
  }
  return marker;
}

/** `},` in the file and `}` in the fragment: the separator after an object member or list item stays. */
function keepTrailingSeparator(lines: string[], fileLast: string): void {
  const last = lines[lines.length - 1];
  if (last === undefined) return;
  const separator = /([,;])\s*$/.exec(fileLast)?.[1];
  if (separator && !/[,;]\s*$/.test(last) && fileLast.trim().slice(0, -1).trim() === last.trim()) {
    lines[lines.length - 1] = last.replace(/\s*$/, separator);
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
