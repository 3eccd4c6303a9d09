/**
 * The answer of one Edit Selection across its rounds: provider events -> FenceStripper -> IndentShifter ->
 * the EditSession, with the raw answer (as the model wrote it, fences included), the code pushed, the
 * reasoning and the usage of every round kept.
 *
 * A round cut in a continuable way (`isContinuableEnd`: the token limit, a broken stream, with some
 * answer text) leaves everything open: the transforms keep what they hold back, the session keeps
 * streaming (its committed hunks reviewable, its pending tail shown), and the next round (a
 * ContinuationStream over `raw`) goes through the same transforms into the same session, as if the
 * stream had never stopped. `finish(reason)` flushes the transforms and ends the session: after the last
 * round, or to review a cut as it is.
 *
 *   const answer = new EditAnswer(session, indent);
 *   const round = await answer.round(provider.stream(request, signal), abort);
 *   if (answer.continuable(round)) { ...later: await answer.round(new ContinuationStream(provider, { conversation, partial: answer.raw }, signal), abort) }
 *   const end = await answer.finish(round.reason);
 */
import { addUsage, isContinuableEnd } from '../continue/continuable';
import { FenceStripper } from '../stream/FenceStripper';
import { IndentShifter } from '../stream/IndentShifter';
import type { FinishReason, StreamError, StreamEvent, StreamMetrics, Usage } from '../stream/types';
import type { EditSession, EditSessionEnd } from './EditSession';

/** How one round ended. */
export interface EditRound {
  readonly reason: FinishReason;
  readonly error?: StreamError;
  /** This round's usage. */
  readonly usage?: Usage;
  readonly metrics?: StreamMetrics;
}

export class EditAnswer {
  private readonly fences = new FenceStripper();
  private readonly shifter: IndentShifter;
  private rawText = '';
  private code = '';
  private readonly thoughts: string[] = [];
  private usageSum: Usage | undefined;
  private ending: Promise<EditSessionEnd> | undefined;

  /** @param indent leading whitespace of the selection's first non-blank line (see IndentShifter). */
  constructor(
    private readonly session: EditSession,
    indent: string,
  ) {
    this.shifter = new IndentShifter(indent);
  }

  /** The answer as the model wrote it, every round joined (what a continuation continues). */
  get raw(): string {
    return this.rawText;
  }

  /** The rewrite as pushed into the session: fences stripped, re-indented. */
  get text(): string {
    return this.code;
  }

  get reasoning(): string {
    return this.thoughts.join('');
  }

  /** The usage of every round, added up. */
  get usage(): Usage | undefined {
    return this.usageSum;
  }

  /** True once finish() was called: no round can follow. */
  get finished(): boolean {
    return this.ending !== undefined;
  }

  /** What finish() returned, once it was called. */
  get ended(): Promise<EditSessionEnd> | undefined {
    return this.ending;
  }

  /**
   * Streams one round into the session. Reasoning is kept and never reaches the document. A stop (Escape)
   * aborts the request, and the provider then ends with 'cancelled'; what arrived until then is pushed.
   * When the session closes (the document closed or cannot be edited), `abort` closes the request at once
   * and the round ends 'cancelled'.
   */
  async round(events: AsyncIterable<StreamEvent>, abort: () => void, onMetrics?: (metrics: StreamMetrics) => void): Promise<EditRound> {
    if (this.ending) throw new Error('EditAnswer: the answer is finished');
    let reason: FinishReason = 'error';
    let error: StreamError | undefined = { kind: 'interrupted', message: 'The response ended without finishing.', action: 'retry' };
    let usage: Usage | undefined;
    let metrics: StreamMetrics | undefined;
    // This round's reasoning starts here (a continued edit keeps the rounds before it).
    const thoughtsBefore = this.thoughts.length;
    for await (const event of events) {
      if (event.type === 'delta') {
        this.rawText += event.text;
        this.push(this.shifter.push(this.fences.push(event.text)));
      } else if (event.type === 'reasoning') {
        this.thoughts.push(event.text);
      } else if (event.type === 'usage') {
        usage = event.usage;
      } else if (event.type === 'metrics') {
        metrics = event.metrics;
        onMetrics?.(event.metrics);
      } else {
        reason = event.reason;
        error = event.error;
        usage = event.usage ?? usage;
        metrics = event.metrics;
        // It was the answer, and came again as text.
        if (event.reasoningWasAnswer) this.thoughts.length = thoughtsBefore;
        break;
      }
      if (this.session.state === 'closed') {
        // Nothing more can be shown. The request is closed first, so leaving the loop does not wait for
        // the provider's next chunk.
        abort();
        reason = 'cancelled';
        error = undefined;
        break;
      }
    }
    this.usageSum = addUsage(this.usageSum, usage);
    return { reason, ...(error ? { error } : {}), ...(usage ? { usage } : {}), ...(metrics ? { metrics } : {}) };
  }

  /** True when `round` (the last one) was cut in a way a continuation can finish into the same session. */
  continuable(round: EditRound): boolean {
    return !this.ending && this.session.state === 'streaming' && isContinuableEnd(round.reason, round.error, this.rawText !== '');
  }

  /**
   * Flushes what the transforms hold back and ends the session with `reason` (see EditSession.end).
   * Calling it again returns the same promise.
   */
  finish(reason: FinishReason): Promise<EditSessionEnd> {
    if (!this.ending) {
      this.push(this.shifter.push(this.fences.end()) + this.shifter.end());
      this.ending = this.session.end(reason);
    }
    return this.ending;
  }

  private push(code: string): void {
    if (code === '') return;
    this.code += code;
    this.session.push(code);
  }
}
