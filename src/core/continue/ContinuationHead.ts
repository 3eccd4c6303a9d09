/**
 * What a model puts in front of a continuation instead of just continuing: blank lines, a chatty
 * preamble ("Sure, continuing:"), and a re-opened code fence ("```python") although the partial answer
 * stopped inside a block. `scanHead` decides, from the start of the continuation, how much of it to drop.
 *
 * Rules, line by line from the start of the continuation (at most MAX_HEAD_LINES lines):
 * - blank lines are kept, unless what follows them is dropped too;
 * - a strong preamble (a line starting with "Sure", "Certainly", "Continuing", "Here's the rest", ...,
 *   ending like a sentence) is dropped anywhere, with the blank lines around it;
 * - where the partial stopped in code (inside a block, or unfenced code), a weak preamble (any short
 *   sentence ending in ':' '.' '!' '?') is dropped only if a re-opened fence follows it;
 * - where the partial stopped in code, a fence line with a language re-opens the block (unless the block
 *   is Markdown and the language differs: then it is a nested example block); a bare fence re-opens it
 *   only after a preamble or in unfenced code, otherwise it is the block's closer;
 * - in prose a fence line opens a new block and is kept;
 * - anything else is the continuation proper.
 * An incomplete line is held only while it could still become a line that would be dropped.
 */
import { isBareFence, parseFenceLine, type OpenFence, type PartialAnswer } from './PartialAnswer';

export interface HeadDecision {
  /** Characters at the start of the continuation to drop. */
  readonly dropEnd: number;
  /** The dropped text includes a re-opened fence line. */
  readonly reopened: boolean;
  /** The continuation starts with the block's closer right after a cut line: a line break must come first. */
  readonly closerNeedsNewline: boolean;
}

const MAX_HEAD_LINES = 6;
/** A preamble is one short line. */
const MAX_PREAMBLE_LENGTH = 200;

const STRONG_PREAMBLE_OPENINGS = [
  'sure',
  'certainly',
  'of course',
  'okay',
  'ok',
  'alright',
  'all right',
  'absolutely',
  'no problem',
  'got it',
  'understood',
  'apologies',
  'my apologies',
  'sorry',
  'continuing',
  'continued',
  'continuation',
  'let me continue',
  "i'll continue",
  'i will continue',
  'picking up',
  'resuming',
  "here's the rest",
  'here is the rest',
  "here's the remaining",
  'here is the remaining',
  "here's the remainder",
  'here is the remainder',
  "here's the continuation",
  'here is the continuation',
];

const MARKDOWN_LANGUAGES = new Set(['markdown', 'md', 'mdx']);

/** The decision, or undefined while the start of `text` could still turn out to be droppable. */
export function scanHead(text: string, partial: PartialAnswer, final: boolean): HeadDecision | undefined {
  const inCode = partial.context !== 'prose';
  let index = 0;
  let lines = 0;
  let sawStrong = false;
  let sawWeak = false;
  const contentAt = (at: number, closerNeedsNewline = false): HeadDecision => ({ dropEnd: sawStrong ? at : 0, reopened: false, closerNeedsNewline });

  while (true) {
    if (lines >= MAX_HEAD_LINES) return contentAt(index);
    const newline = text.indexOf('\n', index);
    const line = newline === -1 ? text.slice(index) : text.slice(index, newline);
    if (newline === -1 && !final) {
      return line === '' || couldBeDropped(line, inCode) ? undefined : contentAt(index);
    }
    if (newline === -1 && line === '') return contentAt(index);
    const next = newline === -1 ? text.length : newline + 1;
    lines++;
    if (line.trim() === '') {
      index = next;
      continue;
    }
    if (isStrongPreamble(line)) {
      sawStrong = true;
      index = next;
      continue;
    }
    const fence = inCode ? parseFenceLine(line) : undefined;
    if (fence) {
      if (reopensBlock(fence, line, partial, sawStrong || sawWeak)) return { dropEnd: next, reopened: true, closerNeedsNewline: false };
      return contentAt(index, index === 0 && partial.context === 'fence' && partial.lastLine !== '');
    }
    if (inCode && isWeakPreamble(line)) {
      sawWeak = true;
      index = next;
      continue;
    }
    return contentAt(index);
  }
}

function reopensBlock(fence: OpenFence, line: string, partial: PartialAnswer, afterPreamble: boolean): boolean {
  if (partial.context === 'code') return true;
  if (isBareFence(line)) return afterPreamble;
  const open = partial.fence;
  if (open && MARKDOWN_LANGUAGES.has(open.language.toLowerCase()) && fence.language.toLowerCase() !== open.language.toLowerCase()) return false;
  return true;
}

export function isStrongPreamble(line: string): boolean {
  if (line.length > MAX_PREAMBLE_LENGTH || /^\s/.test(line)) return false;
  const text = withoutEmphasis(line.trimEnd());
  if (!/^[A-Z]/.test(text) || !/[:.!?…](?:\*\*|\*|_)?$/.test(line.trimEnd())) return false;
  const lower = text.toLowerCase();
  return STRONG_PREAMBLE_OPENINGS.some((opening) => lower.startsWith(opening) && !/[a-z0-9_]/.test(lower[opening.length] ?? ''));
}

/** A short sentence at column 0 ("Here is the code:"), which only a re-opened fence after it proves to be a preamble. */
export function isWeakPreamble(line: string): boolean {
  if (line.length > MAX_PREAMBLE_LENGTH) return false;
  return /^[A-Z][^;{}=<>()[\]]*\s[^;{}=<>()[\]]*[:.!?…](?:\*\*|`)?$/.test(withoutEmphasis(line.trimEnd()));
}

/** Could this incomplete line still become a blank line, a preamble or (in code) a fence line? */
function couldBeDropped(line: string, inCode: boolean): boolean {
  if (line.trim() === '') return true;
  if (line.length > MAX_PREAMBLE_LENGTH) return false;
  if (inCode && (/^ {0,3}(?:`{1,2}|~{1,2})$/.test(line) || /^ {0,3}(?:`{3,}[^`]*|~{3,}.*)$/.test(line))) return true;
  const text = withoutEmphasis(line);
  if (text === '') return /^[*_]+$/.test(line);
  if (!/^[A-Z]/.test(text)) return false;
  const lower = text.toLowerCase();
  if (STRONG_PREAMBLE_OPENINGS.some((opening) => opening.startsWith(lower) || lower.startsWith(opening))) return true;
  return inCode && /^[A-Z][^;{}=<>()[\]]*$/.test(text);
}

function withoutEmphasis(line: string): string {
  return line.replace(/^(?:\*\*|\*|_)/, '');
}
