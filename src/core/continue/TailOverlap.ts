/**
 * Finds, as the continuation streams in, how much of its start repeats the end of the partial answer.
 *
 * The overlap is the longest suffix of the partial (at most `maxOverlap` characters) that the
 * continuation starts with. While the continuation read so far could still grow into a longer overlap,
 * the decision waits; each character is examined once, so the decision (and the point where it is made)
 * does not depend on how the text was split into chunks.
 *
 * Short overlaps are often accidental ("\n" after "\n", "}" after "}"), so a suffix only counts as
 * repeated text when it is one of these (sig = non-whitespace characters of the suffix):
 * - whole lines ending where the partial ends with a newline: sig >= 1 (consecutive identical code lines
 *   are rare; a blank line is never taken for a repeat);
 * - whole lines ending in the cut (incomplete) last line: sig >= 1, or the cut line's own indentation
 *   when that is all it holds (the model restarted the line);
 * - the cut line's text after its indentation: sig >= 2 ("retu" then "return x");
 * - the cut word: 2+ word characters after a non-word character, when the continuation goes on with a
 *   word character ("foo.ba" then "bar()");
 * - anything else: sig >= 6.
 * With `allowShift` (the model re-opened the code block, so it may think it starts at column 0), a
 * repeat may also leave out the same indentation in front of every line; `indent` reports it, and the
 * caller adds it back to the following lines. Such a repeat needs sig >= 1 if it ends in the cut line,
 * sig >= 6 otherwise (a genuine "}" at column 0 after "  }\n" is common).
 */
import type { PartialAnswer } from './PartialAnswer';

export interface OverlapDecision {
  /** Characters at the start of the continuation that repeat the partial (drop them). */
  readonly consumed: number;
  /** Length of the repeated suffix of the partial (differs from `consumed` when `indent` is set). */
  readonly suffixLength: number;
  /** Indentation the model left out in front of each repeated line; '' for a plain repeat. */
  readonly indent: string;
}

interface Candidate {
  /** What the continuation starts with if it repeats this suffix. */
  readonly expected: string;
  readonly suffixLength: number;
  readonly indent: string;
  /** Counts only if a word character follows (the model finished the cut word). */
  readonly needsWordAfter: boolean;
}

const NO_OVERLAP: OverlapDecision = { consumed: 0, suffixLength: 0, indent: '' };
const LONG_OVERLAP_SIG = 6;

export class TailOverlap {
  private alive: Candidate[];
  private best: Candidate | undefined;
  private examined = 0;
  private decision: OverlapDecision | undefined;

  constructor(partial: PartialAnswer, options: { readonly maxOverlap: number; readonly allowShift: boolean }) {
    this.alive = buildCandidates(partial, options.maxOverlap, options.allowShift);
    this.decideIfSettled();
  }

  /**
   * Examines `continuation` (everything received so far, growing from call to call) and returns the
   * decision once no longer overlap is possible, or at `final` (the continuation ended).
   */
  examine(continuation: string, final: boolean): OverlapDecision | undefined {
    while (!this.decision && this.examined < continuation.length) {
      this.step(continuation[this.examined], this.examined);
      this.examined++;
      this.decideIfSettled();
    }
    if (!this.decision && final) this.settle();
    return this.decision;
  }

  private step(char: string, index: number): void {
    const next: Candidate[] = [];
    for (const candidate of this.alive) {
      const length = candidate.expected.length;
      const matches = index < length ? candidate.expected[index] === char : candidate.needsWordAfter && isWordChar(char);
      if (!matches) continue;
      if (index + 1 >= length + (candidate.needsWordAfter ? 1 : 0)) this.complete(candidate);
      else next.push(candidate);
    }
    this.alive = next;
  }

  private complete(candidate: Candidate): void {
    const best = this.best;
    if (!best || candidate.suffixLength > best.suffixLength || (candidate.suffixLength === best.suffixLength && candidate.indent === '' && best.indent !== '')) {
      this.best = candidate;
    }
  }

  /** Decided once nothing still pending could beat the best complete repeat. */
  private decideIfSettled(): void {
    const bestLength = this.best?.suffixLength ?? 0;
    this.alive = this.alive.filter((candidate) => candidate.suffixLength > bestLength);
    if (this.alive.length === 0) this.settle();
  }

  private settle(): void {
    const best = this.best;
    this.decision = best ? { consumed: best.expected.length, suffixLength: best.suffixLength, indent: best.indent } : NO_OVERLAP;
    this.alive = [];
  }
}

function buildCandidates(partial: PartialAnswer, maxOverlap: number, allowShift: boolean): Candidate[] {
  const text = partial.text;
  const start = Math.max(0, text.length - maxOverlap);
  const lastLineStart = text.length - partial.lastLine.length;
  const cutLine = partial.lastLine !== '';
  const contentStart = lastLineStart + (/^[ \t]*/.exec(partial.lastLine)?.[0].length ?? 0);
  const candidates: Candidate[] = [];
  for (let at = start; at < text.length; at++) {
    const suffix = text.slice(at);
    const sig = significantChars(suffix);
    const atLineStart = at === 0 || text[at - 1] === '\n';
    if (atLineStart) {
      if (sig >= 1 || (cutLine && at === lastLineStart)) candidates.push(plain(suffix));
      if (allowShift && sig >= (cutLine ? 1 : LONG_OVERLAP_SIG)) candidates.push(...shifted(suffix));
    } else if (sig >= LONG_OVERLAP_SIG || (cutLine && at === contentStart && sig >= 2)) {
      candidates.push(plain(suffix));
    } else if (at > lastLineStart && /^[A-Za-z0-9_$]{2,}$/.test(suffix) && !isWordChar(text[at - 1])) {
      candidates.push({ ...plain(suffix), needsWordAfter: true });
    }
  }
  return candidates;
}

function plain(suffix: string): Candidate {
  return { expected: suffix, suffixLength: suffix.length, indent: '', needsWordAfter: false };
}

/**
 * The suffix as a model would repeat it without the first `n` characters of its first line's indentation
 * on every line, for each possible `n`. Lines that do not start with that indentation rule it out.
 */
function shifted(suffix: string): Candidate[] {
  const lines = suffix.split('\n');
  const firstIndent = /^[ \t]*/.exec(lines[0])?.[0] ?? '';
  const candidates: Candidate[] = [];
  for (let n = 1; n <= firstIndent.length; n++) {
    const indent = firstIndent.slice(0, n);
    const dedented: string[] = [];
    for (const line of lines) {
      if (line.startsWith(indent)) dedented.push(line.slice(indent.length));
      else if (line.trim() === '') dedented.push('');
      else break;
    }
    if (dedented.length !== lines.length) continue;
    const expected = dedented.join('\n');
    if (expected !== '') candidates.push({ expected, suffixLength: suffix.length, indent, needsWordAfter: false });
  }
  return candidates;
}

function significantChars(text: string): number {
  let count = 0;
  for (const char of text) if (char !== ' ' && char !== '\t' && char !== '\n') count++;
  return count;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[A-Za-z0-9_$]/.test(char);
}
