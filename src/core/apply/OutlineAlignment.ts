import type { OutlineItem } from './Outline';

/**
 * Pairs fragment units with file units, in order: first the keys that occur once on each side (and
 * their longest increasing run), recursively inside the gaps between those; then signatures the same
 * way; then equal keys at the edges of each gap, never across a marker. Returns [fragment index, file
 * index] pairs sorted by fragment index.
 */
export function alignOutlines(fragment: readonly OutlineItem[], file: readonly OutlineItem[]): [number, number][] {
  const pairs: [number, number][] = [];
  new OutlineAligner(fragment, file, pairs).align(0, fragment.length, 0, file.length);
  return pairs.sort((a, b) => a[0] - b[0]);
}

/** Aligns the ranges [fFrom, fTo) of the fragment's items and [FFrom, FTo) of the file's, into `out`. */
class OutlineAligner {
  constructor(
    private readonly fragment: readonly OutlineItem[],
    private readonly file: readonly OutlineItem[],
    private readonly out: [number, number][],
  ) {}

  align(fFrom: number, fTo: number, FFrom: number, FTo: number): void {
    if (fFrom >= fTo || FFrom >= FTo) return;
    const { fragment, file, out } = this;
    for (const keyOf of [(item: OutlineItem) => item.key, (item: OutlineItem) => item.signature]) {
      const anchors = this.uniquePairs(fFrom, fTo, FFrom, FTo, keyOf);
      if (anchors.length === 0) continue;
      let f = fFrom;
      let F = FFrom;
      for (const [a, b] of anchors) {
        this.align(f, a, F, b);
        out.push([a, b]);
        f = a + 1;
        F = b + 1;
      }
      this.align(f, fTo, F, FTo);
      return;
    }
    // Equal keys at the edges, stopping at the first marker from each side.
    let f = fFrom;
    let F = FFrom;
    while (f < fTo && F < FTo && fragment[f]!.kind === 'unit' && fragment[f]!.key === file[F]!.key) out.push([f++, F++]);
    let fEnd = fTo - 1;
    let FEnd = FTo - 1;
    while (fEnd >= f && FEnd >= F && fragment[fEnd]!.kind === 'unit' && fragment[fEnd]!.key === file[FEnd]!.key) out.push([fEnd--, FEnd--]);
  }

  /** Pairs of units whose key occurs once in each range, reduced to their longest run increasing on both sides. */
  private uniquePairs(fFrom: number, fTo: number, FFrom: number, FTo: number, keyOf: (item: OutlineItem) => string | undefined): [number, number][] {
    /** Each unit key's position in items[from, to), or -1 for a key that occurs more than once there. */
    const positions = (items: readonly OutlineItem[], from: number, to: number): Map<string, number> => {
      const map = new Map<string, number>();
      for (let i = from; i < to; i++) {
        const item = items[i]!;
        const key = item.kind === 'unit' ? keyOf(item) : undefined;
        if (key !== undefined) map.set(key, map.has(key) ? -1 : i);
      }
      return map;
    };
    const inFragment = positions(this.fragment, fFrom, fTo);
    const inFile = positions(this.file, FFrom, FTo);
    const candidates: [number, number][] = [];
    for (const [key, at] of inFragment) {
      const there = inFile.get(key);
      if (at >= 0 && there !== undefined && there >= 0) candidates.push([at, there]);
    }
    candidates.sort((a, b) => a[0] - b[0]);
    return longestIncreasing(candidates);
  }
}

/** The longest subsequence of pairs (sorted by their first element) whose second elements increase. */
function longestIncreasing(pairs: readonly [number, number][]): [number, number][] {
  const tails: number[] = [];
  const previous: number[] = new Array<number>(pairs.length).fill(-1);
  for (let i = 0; i < pairs.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < pairs[i]![1]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const result: [number, number][] = [];
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = previous[i]!) result.unshift(pairs[i]!);
  return result;
}
