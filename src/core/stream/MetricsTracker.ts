/** Times to first reasoning and first answer text, elapsed time and tokens per second, on a Scheduler clock. */
import type { Scheduler } from '../scheduler';
import type { StreamMetrics } from './types';

export class MetricsTracker {
  private readonly startedAt: number;
  private firstTokenAt: number | undefined;
  private firstReasoningAt: number | undefined;
  private finishedAt: number | undefined;
  private tokens = 0;
  private tokensEstimated = true;

  constructor(private readonly scheduler: Pick<Scheduler, 'now'>) {
    this.startedAt = scheduler.now();
  }

  /** Call on answer text; the first call fixes the time to first token. */
  onText(): void {
    this.firstTokenAt ??= this.scheduler.now();
  }

  /** Call on reasoning text; the first call fixes the time to first reasoning. */
  onReasoning(): void {
    this.firstReasoningAt ??= this.scheduler.now();
  }

  setTokens(count: number, estimated: boolean): void {
    this.tokens = count;
    this.tokensEstimated = estimated;
  }

  /** Freezes elapsed time at the finish. */
  finish(): void {
    this.finishedAt ??= this.scheduler.now();
  }

  snapshot(): StreamMetrics {
    const end = this.finishedAt ?? this.scheduler.now();
    const firstOutput = Math.min(this.firstTokenAt ?? Infinity, this.firstReasoningAt ?? Infinity);
    const sinceFirstMs = firstOutput === Infinity ? 0 : end - firstOutput;
    return {
      ...(this.firstTokenAt !== undefined ? { timeToFirstTokenMs: this.firstTokenAt - this.startedAt } : {}),
      ...(this.firstReasoningAt !== undefined ? { timeToFirstReasoningMs: this.firstReasoningAt - this.startedAt } : {}),
      elapsedMs: end - this.startedAt,
      completionTokens: this.tokens,
      // Undefined until time has passed since the first output: a rate over no time means nothing.
      ...(sinceFirstMs > 0 ? { tokensPerSecond: (this.tokens / sinceFirstMs) * 1000 } : {}),
      estimated: this.tokensEstimated,
    };
  }
}
