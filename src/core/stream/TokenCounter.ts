/**
 * Estimates completion tokens while text streams in, for servers that send no usage.
 *
 * Re-encoding the whole answer on every chunk would cost O(n²) over a long answer. Instead the text is
 * encoded once, piece by piece: only text up to the last word boundary is encoded, where the tokenizer's
 * pre-split cuts as well, so the sum over pieces equals (within a few per cent) the count of the whole. The undecided tail waits for more text.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

/** A tail longer than this is encoded anyway (e.g. minified code without spaces), keeping work bounded. */
const MAX_PENDING_CHARS = 512;
/** Special-token strings in model output are ordinary text here, never a reason to throw. */
const ENCODE_OPTIONS = { disallowedSpecial: new Set<string>() };

export class TokenCounter {
  private counted = 0;
  private pending = '';

  /** Adds streamed text. */
  add(text: string): void {
    this.pending += text;
    // Only text before the last safe boundary is final: the last word may still grow.
    const boundary = lastBoundary(this.pending);
    if (boundary > 0) {
      this.counted += count(this.pending.slice(0, boundary));
      this.pending = this.pending.slice(boundary);
    }
    if (this.pending.length > MAX_PENDING_CHARS) {
      this.counted += count(this.pending);
      this.pending = '';
    }
  }

  /** Tokens of everything added so far. */
  get count(): number {
    return this.counted + (this.pending ? count(this.pending) : 0);
  }
}

/** Estimated tokens of a whole text (prompts). */
export function estimateTokens(text: string): number {
  return text ? count(text) : 0;
}

/**
 * The last position where the tokenizer's pre-split surely cuts too: right after a newline run (punctuation
 * keeps its trailing newlines, as in "{\n"), or before a single space that starts a new word (" word").
 */
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

function count(text: string): number {
  try {
    return countTokens(text, ENCODE_OPTIONS);
  } catch {
    // Never let an estimate break a stream: about four characters per token.
    return Math.ceil(text.length / 4);
  }
}
