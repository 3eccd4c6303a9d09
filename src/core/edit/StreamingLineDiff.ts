/**
 * Decides, while a rewrite streams in, which lines of the original it keeps, removes and adds, and never
 * takes a decision back.
 *
 * Input: the original lines (whole lines, without terminators), then the rewrite's text in pieces of any
 * size (`push`, already fence-stripped and re-indented; '\n' or '\r\n'), then `end(reason)`.
 *
 * How lines are decided:
 * - While nothing is pending, a new line equal to the next unconsumed original line is unchanged
 *   (nothing is shown for it). This is the same greedy step Myers takes along a diagonal.
 * - Any other line is pending. Pending lines become hunks only at an anchor: the last few pending lines
 *   equal a run of original lines at or after the next unconsumed one. An anchor needs at least 2 lines,
 *   at least one of them not trivial (blank, `}`, `)`, `end`...); when it would also delete original
 *   lines it needs more non-trivial lines than the lines it deletes and adds (see `qualifies`); among several
 *   anchors the cheapest (fewest lines deleted + added) wins, and only once no cheaper one is still
 *   growing; two equally cheap ones wait for a longer run. At the anchor, Myers (jsdiff) over the pending
 *   lines and the original up to the end of the anchor gives the hunks: they are committed and never
 *   retracted or changed.
 * - Anchors are found through an index of the original's lines, looked up only from the next unconsumed
 *   line to `window` lines past it; each line that completes costs a lookup, a few comparisons per live
 *   candidate and nothing per token, so a 2,000-line selection stays cheap.
 * - `end('stop')`: the pending tail is diffed (Myers) against the rest of the original and committed.
 *   A full Myers diff of original vs result, compared with the committed hunks, is `EndSummary.agreement`
 *   (computed when first read); committed hunks stay whatever it says.
 * - A cut (`end('cancelled' | 'error' | 'length')`): the pending lines, plus the partial last line if it
 *   was visible, are diffed against the rest of the original, but the alignment is kept only up to its last
 *   common line: hunks before it are committed (each is backed by matching lines on both sides), and the
 *   pending lines after it become one pure insertion there. The original lines after that point stay as
 *   they are: nothing is deleted that the answer did not reach, and nothing shown is lost.
 *
 * Lines are compared exactly: an indentation-only change is a change.
 *
 * Longer than most files here on purpose: the anchor search, the commit rule and the end-of-stream diff
 * share one cursor into the original and the pending lines, and each decision depends on the others.
 */
import { type FinishReason } from '../stream/types';
import { applyHunks, hunksOf, type LineHunk, myersChanges, myersHunks, sameHunk } from './lineDiff';

export interface StreamingLineDiffOptions {
  /** How many original lines past the next unconsumed one an anchor is searched in (default 1,000). */
  readonly window?: number;
}

/** What the caller shows in the pending area: provisional lines, not decided yet. */
export interface ProvisionalLines {
  /** Index, in the answer's lines, of `lines[0]`. */
  readonly firstAnswerLine: number;
  /** Pending lines to show, the partially received last line included when `partial` is true. */
  readonly lines: readonly string[];
  /** True when the last entry of `lines` is the line still being received. */
  readonly partial: boolean;
}

export interface EndSummary {
  readonly reason: FinishReason;
  /** Every committed hunk, in order (the same array as `hunks`). */
  readonly hunks: readonly LineHunk[];
  /** How many of them were committed by `end` (the pending tail); the others were committed while streaming. */
  readonly tailHunks: number;
  /** The lines the region holds when every hunk is accepted. */
  readonly result: readonly string[];
  /** Answer lines the user took over (see `takeOver`); they are part of no hunk. */
  readonly takenOver: number;
  /**
   * The full Myers diff of original vs result, compared with the committed hunks; undefined when that diff
   * would cost more than the budget (see DIFF_BUDGET).
   */
  readonly agreement?: {
    /** True when the committed hunks are exactly the full diff's hunks. */
    readonly equal: boolean;
    /** The full diff's hunks. */
    readonly reference: readonly LineHunk[];
    /** Committed hunks that are not in the reference. */
    readonly mismatched: number;
  };
}

interface Candidate {
  /** Original index of the last line of the run. */
  readonly end: number;
  /** Length of the run: the last `run` pending lines equal original[end - run + 1 .. end]. */
  readonly run: number;
  /** Non-trivial lines in the run. */
  readonly strong: number;
}

/** Default search window, in original lines past the next unconsumed one. */
export const ANCHOR_WINDOW = 1000;
/** At most this many new candidate runs start per line (the nearest ones). */
const MAX_NEW_CANDIDATES = 32;
/** At most this many candidate runs are alive at once. */
const MAX_CANDIDATES = 64;
/** How far back a new candidate's run is measured. */
const RUN_LOOKBACK = 16;
/** Two equally cheap anchors: the nearest wins once its run is this long. */
const FORCE_RUN = 6;
/** The most non-trivial lines an anchor that deletes lines ever needs. */
const MAX_REQUIRED_STRONG = 8;
/** Pending lines that may be the start of an anchor are held back from display, at most this many. */
const HOLD_MAX = 32;
/** Original lines after the next unconsumed one that a partial line is checked against before showing it. */
const RESUME_LOOKAHEAD = 3;
/** On a cut, the pending lines are aligned with this many more original lines than there are pending lines. */
const CUT_SLACK = 8;

/** A line that matches too much to anchor on: blank, brackets and punctuation, or a short keyword. */
export function isTrivialLine(line: string): boolean {
  const text = line.trim();
  return text.length < 5 || !/[\p{L}\p{N}]/u.test(text);
}

export class StreamingLineDiff {
  private readonly index = new Map<string, number[]>();
  private readonly window: number;
  /** Complete answer lines. */
  private readonly answer: string[] = [];
  private partial = '';
  /** Answer lines decided: unchanged, in a hunk, or taken over. The rest are pending. */
  private decided = 0;
  /** Original lines decided: unchanged or removed. */
  private consumedLines = 0;
  private readonly committed: LineHunk[] = [];
  private candidates: Candidate[] = [];
  /** The rest of the line being received belongs to the user (see takeOver). */
  private skipLine = false;
  private takenOverLines = 0;
  private summary: EndSummary | undefined;

  constructor(
    private readonly original: readonly string[],
    options: StreamingLineDiffOptions = {},
  ) {
    this.window = options.window ?? ANCHOR_WINDOW;
    original.forEach((line, i) => {
      const list = this.index.get(line);
      if (list) list.push(i);
      else this.index.set(line, [i]);
    });
  }

  /** Committed hunks, in document order. Append-only: an entry never changes or disappears. */
  get hunks(): readonly LineHunk[] {
    return this.committed;
  }

  /** Original lines decided so far (unchanged or removed): pending lines belong before original line `consumed`. */
  get consumed(): number {
    return this.consumedLines;
  }

  /** Complete answer lines not decided yet. */
  get pendingLines(): readonly string[] {
    return this.answer.slice(this.decided);
  }

  /** The line being received (no terminator yet), as received so far. */
  get partialLine(): string {
    return stripCr(this.partial);
  }

  /** Complete answer lines received so far. */
  get answerLines(): readonly string[] {
    return this.answer;
  }

  get ended(): boolean {
    return this.summary !== undefined;
  }

  /** Adds streamed text. Lines complete at '\n' (a '\r' before it is dropped). */
  push(text: string): void {
    if (this.summary) throw new Error('StreamingLineDiff: push after end');
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline < 0) {
        if (start < text.length) this.partial += start === 0 ? text : text.slice(start);
        return;
      }
      const line = stripCr(this.partial + text.slice(start, newline));
      this.partial = '';
      start = newline + 1;
      this.completeLine(line);
    }
  }

  /**
   * What to show in the pending area now: the pending lines, minus those at the end that may start an
   * anchor (they will probably turn out unchanged, so showing them would only make them flicker), plus the
   * partial line unless it may still turn out unchanged (it continues such a run, or is a prefix of one of
   * the next few undecided original lines) or is empty. Cheap: call it once per frame, not per token.
   */
  provisional(): ProvisionalLines {
    const pending = this.answer.length - this.decided;
    const partial = this.partialLine;
    let held = 0;
    let partialHidden = this.skipLine || partial === '';
    if (pending > 0) {
      for (const candidate of this.candidates) {
        const next = this.original[candidate.end + 1];
        if (next !== undefined && next.startsWith(partial)) held = Math.max(held, Math.min(candidate.run, HOLD_MAX, pending));
      }
    }
    partialHidden ||= held > 0 || this.resumesAt(partial, RESUME_LOOKAHEAD);
    const lines = this.answer.slice(this.decided, this.answer.length - held);
    if (!partialHidden) lines.push(partial);
    return { firstAnswerLine: this.decided, lines, partial: !partialHidden };
  }

  /**
   * The user took over the provisional lines shown up to (not including) answer line `endAnswerLine`
   * (typically by typing in them): those still pending are dropped (they join no hunk) and, when
   * `endAnswerLine` is past the complete lines, the rest of the line being received is dropped too.
   * Lines already in a committed hunk stay there. The stream continues after them.
   */
  takeOver(endAnswerLine: number): void {
    if (this.summary) return;
    const complete = this.answer.length;
    const until = Math.min(endAnswerLine, complete);
    if (until > this.decided) {
      this.takenOverLines += until - this.decided;
      this.decided = until;
      this.trimCandidates();
    }
    if (endAnswerLine > complete) this.skipLine = true;
  }

  /**
   * Ends the stream and commits the pending tail (see the class comment for 'stop' vs a cut). Returns
   * the summary; calling it again returns the same summary.
   */
  end(reason: FinishReason): EndSummary {
    if (this.summary) return this.summary;
    const before = this.committed.length;
    const partial = this.partialLine;
    if (this.skipLine) this.takenOverLines++;
    if (reason === 'stop') {
      if (partial !== '' && !this.skipLine) this.answer.push(partial);
      this.commitTail();
    } else {
      const visible = this.provisional();
      if (visible.partial) this.answer.push(partial);
      this.commitCut();
    }
    this.partial = '';
    this.candidates = [];
    const result = applyHunks(this.original, this.committed);
    const { original, committed } = this;
    // The full diff is a check, not part of the final diff: computed when first read (after the final
    // edit went out), once.
    let agreement: EndSummary['agreement'] | null = null;
    this.summary = {
      reason,
      hunks: committed,
      tailHunks: committed.length - before,
      result,
      takenOver: this.takenOverLines,
      get agreement() {
        if (agreement === null) {
          const reference = myersHunks(original, result);
          agreement = reference && {
            equal: reference.length === committed.length && reference.every((hunk, i) => sameHunk(hunk, committed[i]!)),
            reference,
            mismatched: committed.filter((hunk) => !reference.some((other) => sameHunk(hunk, other))).length,
          };
        }
        return agreement;
      },
    };
    return this.summary;
  }

  private completeLine(line: string): void {
    this.answer.push(line);
    if (this.skipLine) {
      this.skipLine = false;
      this.takenOverLines++;
      this.decided = this.answer.length;
      this.trimCandidates();
      return;
    }
    const pending = this.answer.length - this.decided;
    if (pending === 1 && this.original[this.consumedLines] === line) {
      this.decided++;
      this.consumedLines++;
      return;
    }
    this.extendCandidates(line, pending);
    this.tryAnchor(pending);
  }

  /** Candidate runs after `line` became the last of `pending` pending lines. */
  private extendCandidates(line: string, pending: number): void {
    const strongLine = isTrivialLine(line) ? 0 : 1;
    const next: Candidate[] = [];
    const ends = new Set<number>();
    for (const candidate of this.candidates) {
      const end = candidate.end + 1;
      if (this.original[end] === line) {
        next.push({ end, run: candidate.run + 1, strong: candidate.strong + strongLine });
        ends.add(end);
      }
    }
    // A run starts only on a line worth anchoring on; trivial lines only extend runs.
    const occurrences = strongLine ? this.index.get(line) : undefined;
    if (occurrences) {
      const limit = this.consumedLines + this.window;
      let started = 0;
      for (let k = lowerBound(occurrences, this.consumedLines); k < occurrences.length && started < MAX_NEW_CANDIDATES; k++) {
        const end = occurrences[k]!;
        if (end >= limit) break;
        if (ends.has(end)) continue;
        started++;
        let run = 1;
        let strong = 1;
        while (run < pending && run < RUN_LOOKBACK && end - run >= this.consumedLines) {
          const previous = this.answer[this.answer.length - 1 - run]!;
          if (this.original[end - run] !== previous) break;
          if (!isTrivialLine(previous)) strong++;
          run++;
        }
        next.push({ end, run, strong });
      }
    }
    if (next.length > MAX_CANDIDATES) {
      next.sort((a, b) => a.end - b.end);
      next.length = MAX_CANDIDATES;
    }
    this.candidates = next;
  }

  private tryAnchor(pending: number): void {
    let best: Candidate | undefined;
    let bestCost = Infinity;
    let tied = false;
    let cheapestAlive = Infinity;
    for (const candidate of this.candidates) {
      const start = candidate.end - candidate.run + 1;
      const deleted = start - this.consumedLines;
      const added = pending - candidate.run;
      const cost = deleted + added;
      cheapestAlive = Math.min(cheapestAlive, cost);
      if (!qualifies(candidate, deleted, added)) continue;
      if (cost < bestCost) {
        best = candidate;
        bestCost = cost;
        tied = false;
      } else if (cost === bestCost) {
        tied = true;
        if (best && candidate.end < best.end) best = candidate;
      }
    }
    if (!best) return;
    // A cheaper alignment is still growing: it may qualify with the next line.
    if (cheapestAlive < bestCost) return;
    if (tied && best.run < FORCE_RUN) return;
    this.commitThrough(best.end + 1, best.end - best.run + 1);
  }

  /**
   * Commits every pending line and the original up to `originalEnd` (exclusive), whose last lines equal
   * the last pending lines (the anchor, starting at `anchorStart`). Myers over the whole segment decides
   * the hunks; if it is over budget or does not end on a common line, the segment before the anchor
   * becomes one hunk.
   */
  private commitThrough(originalEnd: number, anchorStart: number): void {
    const originalSegment = this.original.slice(this.consumedLines, originalEnd);
    const answerSegment = this.answer.slice(this.decided);
    let hunks = myersHunks(originalSegment, answerSegment, this.consumedLines, this.decided);
    const last = hunks?.at(-1);
    if (!hunks || (last && (last.originalStart + last.originalLength >= originalEnd || last.answerStart + last.lines.length >= this.answer.length))) {
      const anchorLength = originalEnd - anchorStart;
      const lines = answerSegment.slice(0, answerSegment.length - anchorLength);
      const originalLength = anchorStart - this.consumedLines;
      hunks = lines.length > 0 || originalLength > 0 ? [{ originalStart: this.consumedLines, originalLength, answerStart: this.decided, lines }] : [];
    }
    this.committed.push(...hunks);
    this.consumedLines = originalEnd;
    this.decided = this.answer.length;
    this.candidates = [];
  }

  private commitTail(): void {
    const originalTail = this.original.slice(this.consumedLines);
    const answerTail = this.answer.slice(this.decided);
    const hunks = myersHunks(originalTail, answerTail, this.consumedLines, this.decided) ?? [
      { originalStart: this.consumedLines, originalLength: originalTail.length, answerStart: this.decided, lines: answerTail },
    ];
    this.committed.push(...hunks);
    this.consumedLines = this.original.length;
    this.decided = this.answer.length;
  }

  private commitCut(): void {
    const tail = this.answer.slice(this.decided);
    if (tail.length === 0) return;
    const window = this.original.slice(this.consumedLines, this.consumedLines + tail.length + CUT_SLACK);
    const changes = myersChanges(window, tail) ?? [];
    const lastCommon = changes.findLastIndex((change) => change.kind === 'common');
    let originalAt = this.consumedLines;
    let answerAt = this.decided;
    if (lastCommon >= 0) {
      const aligned = changes.slice(0, lastCommon + 1);
      this.committed.push(...hunksOf(aligned, originalAt, answerAt));
      for (const change of aligned) {
        if (change.kind !== 'added') originalAt += change.lines.length;
        if (change.kind !== 'removed') answerAt += change.lines.length;
      }
    }
    const rest = this.answer.slice(answerAt);
    if (rest.length > 0) this.committed.push({ originalStart: originalAt, originalLength: 0, answerStart: answerAt, lines: rest });
    this.consumedLines = originalAt;
    this.decided = this.answer.length;
  }

  /** After pending lines were dropped from the front, runs longer than what is left are shortened. */
  private trimCandidates(): void {
    const pending = this.answer.length - this.decided;
    const kept: Candidate[] = [];
    for (const candidate of this.candidates) {
      const run = Math.min(candidate.run, pending);
      if (run === candidate.run) {
        kept.push(candidate);
        continue;
      }
      let strong = 0;
      for (let i = this.answer.length - run; i < this.answer.length; i++) if (!isTrivialLine(this.answer[i]!)) strong++;
      if (run > 0 && strong > 0) kept.push({ end: candidate.end, run, strong });
    }
    this.candidates = kept;
  }

  /** True when `partial` may be the start of one of the next `lookahead` unconsumed original lines. */
  private resumesAt(partial: string, lookahead: number): boolean {
    for (let i = this.consumedLines; i < this.consumedLines + lookahead && i < this.original.length; i++) {
      if (this.original[i]!.startsWith(partial)) return true;
    }
    return false;
  }
}

/**
 * Whether a run is a safe anchor, given how many original lines it would delete and how many pending
 * lines would be added before it. Resuming right where the original left off is the common case (an
 * insertion ended): 2 lines, one of them not trivial. Skipping original lines is riskier: the pending
 * lines may be a new block that merely resembles the one below (a new function whose body repeats an
 * existing one: `if (...) {`, `return x;`, `}`), and the skipped lines would then come back later. So the
 * run must hold more non-trivial lines than the change has lines (capped, so that a large deletion still
 * commits). The lines of a growing run are held back from display (see `provisional`), so waiting longer
 * costs no flicker: they are unchanged original lines, already in the document.
 */
function qualifies(candidate: Candidate, deleted: number, added: number): boolean {
  if (candidate.run < 2) return false;
  if (deleted === 0) return candidate.strong >= 1;
  return candidate.strong >= Math.min(deleted + added + 1, MAX_REQUIRED_STRONG);
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** First index whose value is >= `value` in a sorted array. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
