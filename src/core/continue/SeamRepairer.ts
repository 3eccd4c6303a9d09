/**
 * Streaming repair of the seam between a cut-off answer and its continuation, so the joined text reads
 * as one answer: `partial + repaired continuation`.
 *
 * push(text) returns what may be shown now, end() the rest. The output is raw Markdown answer text, the
 * same kind as the partial, so every sink appends it where the partial ended:
 * - the chat appends it to the same message (one answer, one code block);
 * - the editor pushes it into the FenceStripper (and Reindenter) that stripped the partial, kept across
 *   the seam, so only code lands in the document;
 * - Edit Selection feeds the stripped code to the same pending diff.
 *
 * Exact modes (the server continued its own message) are appended as is. Only their start is looked at
 * first: if it is a preamble, a re-opened fence, or the answer's own first line again, the server ignored
 * the prefill field and answered anew, so the text is repaired like a fallback one and
 * `repairs.prefillIgnored` says so (the caller should stop using that mode on the endpoint).
 *
 * Fallback repair, in order, each held back only as long as it is undecided:
 * 1. the head (ContinuationHead): blank lines, a chatty preamble and a re-opened fence are dropped;
 * 2. the overlap (TailOverlap): text repeating the end of the partial is dropped;
 * 3. when the model re-opened the block and restarted the cut line without its indentation, the
 *    indentation it left out is added to each following line, up to the block's closing fence; when
 *    the block was re-opened and nothing was repeated, a line break is put in front of a first line that
 *    starts a new line (it begins with indentation, or the model ended the cut line before re-opening);
 * 4. in unfenced code, a closing fence and all after it (the model's closing remarks) are dropped.
 * Line endings of the continuation are normalised to LF.
 */
import { LineEndingNormalizer } from '../stream/FenceStripper';
import { scanHead, type HeadDecision } from './ContinuationHead';
import type { ContinuationMode } from '../stream/types';
import { isExactMode } from './ContinuationRequest';
import { analyzePartialAnswer, isBareFence, type PartialAnswer } from './PartialAnswer';
import { TailOverlap, type OverlapDecision } from './TailOverlap';

/** Longest repeat of the partial's tail that is looked for, in characters. */
export const DEFAULT_MAX_OVERLAP = 400;
/** An exact continuation starting with this much of the answer's first line restarted the answer. */
const RESTART_PROBE_LENGTH = 32;
const MIN_RESTART_PROBE_LENGTH = 12;

export interface SeamRepairerOptions {
  /** How the continuation was requested; exact modes are appended as is. */
  readonly mode: ContinuationMode;
  /** Longest repeat of the partial's tail that is looked for (default DEFAULT_MAX_OVERLAP). */
  readonly maxOverlap?: number;
}

/** What the repair changed, for the log and for learning about the endpoint. */
export interface SeamRepairs {
  /** Text dropped at the start: a preamble, the blank lines around it, a re-opened fence line. */
  readonly droppedHead: string;
  /** The dropped head included a re-opened code fence. */
  readonly reopenedFence: boolean;
  /** Characters of the continuation that repeated the partial's tail and were dropped. */
  readonly overlap: number;
  /** Indentation added in front of the following lines (the model restarted a line at a shallower column). */
  readonly addedIndent: string;
  /** A line break was put between the partial's cut line and the continuation. */
  readonly insertedNewline: boolean;
  /** Unfenced code: the model's closing fence and what followed it were dropped. */
  readonly droppedTail: boolean;
  /** An exact mode's continuation started like a new answer: the server ignored the prefill field. */
  readonly prefillIgnored: boolean;
}

type Phase = 'head' | 'overlap' | 'body' | 'asIs';

export class SeamRepairer {
  private readonly partial: PartialAnswer;
  private readonly exact: boolean;
  private readonly maxOverlap: number;
  private readonly newlines = new LineEndingNormalizer();
  private phase: Phase = 'head';
  /** Continuation text (LF) not yet emitted, while the head or the overlap is undecided. */
  private held = '';
  /** Exact modes: the raw text held while the first line is checked. */
  private heldRaw = '';
  private head: HeadDecision | undefined;
  private overlap: TailOverlap | undefined;
  private body: ContinuationBody | undefined;
  private ended = false;
  private readonly result: { -readonly [K in keyof SeamRepairs]: SeamRepairs[K] } = {
    droppedHead: '',
    reopenedFence: false,
    overlap: 0,
    addedIndent: '',
    insertedNewline: false,
    droppedTail: false,
    prefillIgnored: false,
  };

  /** @param partial the raw answer text shown so far (all of it: the seam is at its end). */
  constructor(partial: string, options: SeamRepairerOptions) {
    this.partial = analyzePartialAnswer(partial);
    this.exact = isExactMode(options.mode);
    this.maxOverlap = Math.max(0, options.maxOverlap ?? DEFAULT_MAX_OVERLAP);
    // Nothing to repair against: the continuation is the whole answer.
    if (this.partial.text === '') this.phase = 'asIs';
  }

  get repairs(): SeamRepairs {
    return { ...this.result };
  }

  push(text: string): string {
    if (this.ended) throw new Error('SeamRepairer: push() after end()');
    if (this.phase === 'asIs') return text;
    const normalized = this.newlines.push(text);
    if (this.phase === 'body') return this.body?.push(normalized) ?? normalized;
    if (this.exact && !this.result.prefillIgnored) this.heldRaw += text;
    this.held += normalized;
    return this.advance(false);
  }

  end(): string {
    if (this.ended) return '';
    this.ended = true;
    if (this.phase === 'asIs') return '';
    const normalized = this.newlines.end();
    if (this.phase === 'body') return (this.body?.push(normalized) ?? normalized) + (this.body?.end() ?? '');
    this.held += normalized;
    const out = this.advance(true);
    return out + (this.body?.end() ?? '');
  }

  private advance(final: boolean): string {
    if (this.phase === 'head') {
      this.head ??= scanHead(this.held, this.partial, final);
      const head = this.head;
      if (!head) return '';
      if (this.exact) {
        const anewAnswer = head.dropEnd > 0 || this.restartsTheAnswer(final);
        if (anewAnswer === undefined) return '';
        if (!anewAnswer) {
          this.phase = 'asIs';
          const raw = this.heldRaw;
          this.heldRaw = '';
          this.held = '';
          return raw;
        }
        this.result.prefillIgnored = true;
        this.heldRaw = '';
      }
      this.result.droppedHead = this.held.slice(0, head.dropEnd);
      this.result.reopenedFence = head.reopened;
      this.held = this.held.slice(head.dropEnd);
      this.overlap = new TailOverlap(this.partial, { maxOverlap: this.maxOverlap, allowShift: head.reopened });
      this.phase = 'overlap';
    }
    if (this.phase !== 'overlap' || !this.overlap || !this.head) return '';
    const decision = this.overlap.examine(this.held, final);
    if (!decision) return '';
    const newline = this.needsNewline(this.head, decision, final);
    if (newline === undefined) return '';
    this.result.overlap = decision.consumed;
    this.result.addedIndent = decision.indent;
    this.result.insertedNewline = newline;
    const rest = this.held.slice(decision.consumed);
    const atLineStart = decision.consumed > 0 ? this.held[decision.consumed - 1] === '\n' : newline || this.partial.lastLine === '';
    this.held = '';
    this.phase = 'body';
    this.body = new ContinuationBody({
      indent: decision.indent,
      // One restarted line is weak evidence that the model writes the following lines at column 0 too.
      indentIsTentative: decision.suffixLength <= this.partial.lastLine.length,
      dropFromFence: this.partial.context === 'code',
      atLineStart,
      lastChar: /(\S)\s*$/.exec(this.partial.text)?.[1] ?? '',
      onIndentCancelled: () => (this.result.addedIndent = ''),
      onDrop: () => (this.result.droppedTail = true),
    });
    return (newline ? '\n' : '') + this.body.push(rest);
  }

  /**
   * Exact modes: does the continuation start with the answer's own opening (up to 32 characters of its
   * first line, at least 12)? Then the server answered anew. Undefined while it still could.
   */
  private restartsTheAnswer(final: boolean): boolean | undefined {
    const text = this.partial.text;
    const firstLineEnd = text.indexOf('\n');
    const opening = text.slice(0, Math.min(RESTART_PROBE_LENGTH, firstLineEnd === -1 ? text.length : firstLineEnd));
    if (opening.length < MIN_RESTART_PROBE_LENGTH) return false;
    if (this.held.length >= opening.length) return this.held.startsWith(opening);
    return opening.startsWith(this.held) && !final ? undefined : false;
  }

  /**
   * Does the continuation start a new line after the partial's cut line? Undefined while the first
   * line's indentation is not known yet.
   */
  private needsNewline(head: HeadDecision, decision: OverlapDecision, final: boolean): boolean | undefined {
    if (head.closerNeedsNewline) return true;
    if (!head.reopened || decision.consumed > 0 || this.partial.lastLine.trim() === '') return false;
    // The model ended the cut line itself before re-opening the block.
    if (this.result.droppedHead.startsWith('\n')) return true;
    const firstLine = /^[ \t]*/.exec(this.held)?.[0] ?? '';
    if (firstLine.length === this.held.length && !final) return undefined;
    return /^(?: {2,}|\t)/.test(firstLine);
  }
}

/**
 * The continuation after the seam: adds `indent` to each line up to the next fence line, and in unfenced
 * code drops a closing fence and everything after it. Only the start of a line is held, while it could
 * still be blank or a fence line.
 *
 * A tentative indent (the model restarted just the cut line at a shallower column) is cancelled when the
 * next line is indented although the line before it opens nothing: the model wrote that line at its real
 * column, so it writes every line at its real column and only the restarted line was dedented.
 */
interface ContinuationBodyOptions {
  readonly indent: string;
  readonly indentIsTentative: boolean;
  readonly dropFromFence: boolean;
  readonly atLineStart: boolean;
  /** The last non-blank character before the body (the end of the partial). */
  readonly lastChar: string;
  readonly onIndentCancelled: () => void;
  readonly onDrop: () => void;
}

class ContinuationBody {
  private indent: string;
  private indentIsTentative: boolean;
  private atLineStart: boolean;
  private lastChar: string;
  private line = '';
  private dropping = false;

  constructor(private readonly options: ContinuationBodyOptions) {
    this.indent = options.indent;
    this.indentIsTentative = options.indentIsTentative && options.indent !== '';
    this.atLineStart = options.atLineStart;
    this.lastChar = options.lastChar;
  }

  push(text: string): string {
    if (this.dropping) return '';
    if (this.indent === '' && !this.options.dropFromFence) return text;
    let out = '';
    let index = 0;
    while (index < text.length && !this.dropping) {
      if (!this.atLineStart) {
        const newline = text.indexOf('\n', index);
        const end = newline === -1 ? text.length : newline + 1;
        out += this.emit(text.slice(index, end));
        index = end;
        if (newline !== -1) this.atLineStart = true;
        continue;
      }
      const char = text[index++];
      if (char === '\n') {
        out += this.completeLine();
        continue;
      }
      this.line += char;
      if (!couldBeBlankOrFence(this.line)) {
        const line = this.line;
        this.line = '';
        this.atLineStart = false;
        out += this.emit(this.indentFor(line) + line);
      }
    }
    return out;
  }

  end(): string {
    if (this.dropping || this.line === '') return '';
    const line = this.line;
    this.line = '';
    if (isBareFence(line)) return this.fenceLine(line, '');
    return line.trim() === '' ? line : this.indentFor(line) + line;
  }

  private indentFor(line: string): string {
    if (this.indentIsTentative) {
      this.indentIsTentative = false;
      if (/^[ \t]/.test(line) && !OPENS_A_BLOCK.test(this.lastChar)) {
        this.indent = '';
        this.options.onIndentCancelled();
      }
    }
    return this.indent;
  }

  private emit(text: string): string {
    const last = /(\S)\s*$/.exec(text);
    if (last) this.lastChar = last[1];
    return text;
  }

  private completeLine(): string {
    const line = this.line;
    this.line = '';
    if (isBareFence(line)) return this.fenceLine(line, '\n');
    return line + '\n';
  }

  /** A fence line ends the indented block; in unfenced code it ends the answer. */
  private fenceLine(line: string, ending: string): string {
    if (this.options.dropFromFence) {
      this.dropping = true;
      this.options.onDrop();
      return '';
    }
    this.indent = '';
    this.indentIsTentative = false;
    return line + ending;
  }
}

/** A line ending in one of these may be followed by a deeper one (a block, a bracket, a continued expression). */
const OPENS_A_BLOCK = /[:{([,=+\-*/\\|&>]/;

function couldBeBlankOrFence(line: string): boolean {
  return /^[ \t]*$/.test(line) || /^ {0,3}(?:`+|~+)[ \t]*$/.test(line);
}
