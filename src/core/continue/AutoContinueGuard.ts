/**
 * Decides whether an automatic continuation round may follow (tokenStream.autoContinue): only after a
 * `length` finish, at most `maxRounds` rounds, and never after a round that added nothing new.
 *
 * "Nothing new" means: no visible character, or text the answer already had (the model started over,
 * which seam repair cannot catch beyond its overlap window), or a round that ends by repeating itself
 * (a model stuck in a loop writes the same lines until the token limit, and each round would do it again).
 * Whitespace is ignored when comparing, so a re-indented repeat is still a repeat.
 */
import type { FinishReason } from '../stream/types';

export type AutoContinueStop = 'notCut' | 'maxRounds' | 'noProgress' | 'repeats';

/** A round's head this long (whitespace collapsed) already in the answer means the model started over. */
const RESTART_PROBE = 160;
/** A round's tail this long found earlier means it is looping. */
const LOOP_PROBE = 120;
/** Shorter repeats are ordinary (a closing brace, a `return x;`). */
const MIN_REPEAT = 24;

export class AutoContinueGuard {
  private roundsDone = 0;

  /** @param maxRounds automatic rounds allowed after the first answer (the setting; 0 turns it off). */
  constructor(private readonly maxRounds: number) {}

  /** Automatic rounds started so far. */
  get rounds(): number {
    return this.roundsDone;
  }

  /**
   * Call when the first answer or a continuation round ends. `before` is the answer as it was before
   * this round (the partial; '' for the first answer), `added` what the round added after seam repair.
   * Returns undefined when another round may start (and counts it), or why not.
   */
  next(before: string, added: string, finishReason: FinishReason): AutoContinueStop | undefined {
    if (finishReason !== 'length') return 'notCut';
    const stop = this.progressProblem(before, added);
    if (stop) return stop;
    if (this.roundsDone >= this.maxRounds) return 'maxRounds';
    this.roundsDone++;
    return undefined;
  }

  private progressProblem(before: string, added: string): AutoContinueStop | undefined {
    const round = collapseWhitespace(added);
    if (round === '') return 'noProgress';
    const answer = collapseWhitespace(before);
    if (round.length >= MIN_REPEAT && answer.includes(round)) return 'repeats';
    if (round.length >= RESTART_PROBE && answer.includes(round.slice(0, RESTART_PROBE))) return 'repeats';
    if (round.length >= 2 * LOOP_PROBE) {
      const tail = round.slice(-LOOP_PROBE);
      if ((answer + ' ' + round.slice(0, -LOOP_PROBE)).includes(tail)) return 'repeats';
    }
    return undefined;
  }
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
