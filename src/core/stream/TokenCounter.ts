/**
 * Estimates completion tokens while text streams in, for servers that send no usage.
 *
 * When the server is asked to report usage at the end (most are), counting while the text streams is
 * work thrown away in the common case: the counter is then not `live`, keeps the text, offers a
 * character-based guess meanwhile, and lets the tokenizer count everything once in `settle()`, which the
 * stream stage calls only when no usage arrived.
 *
 * Re-encoding the whole answer on every chunk would cost O(n²) over a long answer. Instead the text is
 * encoded once, piece by piece: only text up to the last word boundary is encoded, where the tokenizer's
 * pre-split cuts as well, so the sum over pieces equals (within a few per cent) the count of the whole.
 * The undecided tail waits for more text. Pieces are counted by the Tokenizer off the main thread, so
 * `count` lags slightly behind the text; `settle()` gives the exact figure at the end.
 *
 * Decided text is sent to the tokenizer in batches (every SUBMIT_INTERVAL_MS or SUBMIT_CHARS), not per
 * token: one worker round trip per token cost more extension-host CPU than everything else the chat does
 * (see BENCHMARKS.md).
 */
import type { Tokenizer } from './Tokenizer';

/** A tail longer than this is encoded anyway (e.g. minified code without spaces), keeping work bounded. */
const MAX_PENDING_CHARS = 512;
/** Decided text is submitted once this much waits, or once this long passed since the last submission. */
const SUBMIT_CHARS = 4096;
const SUBMIT_INTERVAL_MS = 100;
/** How long settle() waits for the tokenizer (its first load takes about a second). */
const SETTLE_TIMEOUT_MS = 5000;
/** The guess while nothing is counted: about four characters per token. */
const CHARS_PER_TOKEN = 4;

export interface TokenCounterOptions {
  /** Count while text streams (default true); false counts only in settle(). */
  readonly live?: boolean;
  /** The clock of the submission interval. */
  readonly now?: () => number;
}

export class TokenCounter {
  private counted = 0;
  private pending = '';
  /** Decided text (ending at a word boundary) not yet submitted. */
  private ready = '';
  private lastSubmit = Number.NEGATIVE_INFINITY;
  private readonly outstanding = new Set<Promise<void>>();
  private readonly live: boolean;
  private readonly now: () => number;
  /** Not live: the text so far, counted in settle(). */
  private readonly kept: string[] = [];
  private keptChars = 0;

  /** @param tokenizer undefined when none can run: then there is no estimate. */
  constructor(
    private readonly tokenizer: Tokenizer | undefined,
    options: TokenCounterOptions = {},
  ) {
    this.live = options.live ?? true;
    this.now = options.now ?? (() => performance.now());
  }

  /** Adds streamed text; `now` saves a clock read when the caller has one. */
  add(text: string, now?: number): void {
    if (!this.live) {
      this.kept.push(text);
      this.keptChars += text.length;
      return;
    }
    this.pending += text;
    // Cut before the whitespace run that precedes the last word: that word may still grow.
    const boundary = lastBoundary(this.pending);
    if (boundary > 0) {
      this.decide(this.pending.slice(0, boundary));
      this.pending = this.pending.slice(boundary);
    }
    if (this.pending.length > MAX_PENDING_CHARS) {
      this.decide(this.pending);
      this.pending = '';
    }
    if (this.ready.length >= SUBMIT_CHARS || (this.ready.length > 0 && (now ?? this.now()) - this.lastSubmit >= SUBMIT_INTERVAL_MS)) this.submitReady();
  }

  /** Tokens counted so far (lags the text by what the tokenizer has not answered yet); a guess when not live. */
  get count(): number {
    return this.live ? this.counted : Math.round(this.keptChars / CHARS_PER_TOKEN);
  }

  /** Whether a tokenizer is available at all (without one there is no estimate). */
  get available(): boolean {
    return this.tokenizer !== undefined;
  }

  /** Counts the rest and resolves with the total once every piece is counted (or after a timeout). */
  async settle(timeoutMs = SETTLE_TIMEOUT_MS): Promise<number> {
    if (!this.live && this.kept.length > 0) {
      this.decide(this.kept.join(''));
      this.kept.length = 0;
      this.keptChars = 0;
    }
    if (this.pending) {
      this.decide(this.pending);
      this.pending = '';
    }
    this.submitReady();
    if (this.outstanding.size > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.all(this.outstanding), timeout]);
      clearTimeout(timer);
    }
    return this.counted;
  }

  private decide(piece: string): void {
    this.ready += piece;
  }

  /** Decided pieces are consecutive text ending at a word boundary: one request counts them all. */
  private submitReady(): void {
    const text = this.ready;
    this.ready = '';
    this.lastSubmit = this.now();
    if (!this.tokenizer || !text) return;
    const done = this.tokenizer.count(text).then((n) => {
      this.counted += n;
      this.outstanding.delete(done);
    });
    this.outstanding.add(done);
  }
}

/** Estimated tokens of a whole text (prompts); undefined without a tokenizer. */
export async function estimateTokens(text: string, tokenizer: Tokenizer | undefined): Promise<number | undefined> {
  if (!tokenizer) return undefined;
  return text ? tokenizer.count(text) : 0;
}

function lastBoundary(text: string): number {
  for (let j = text.length - 1; j > 0; j--) {
    const previous = text.charCodeAt(j - 1);
    const current = text.charCodeAt(j);
    if (previous === 10 && current !== 10 && current !== 13) return j;
    if (current === 32 && !isSpace(previous) && j + 1 < text.length && !isSpace(text.charCodeAt(j + 1))) return j;
  }
  return 0;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}
