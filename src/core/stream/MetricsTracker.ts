/** Time to first token, elapsed time and tokens per second of one generation, on a Scheduler clock. */
import type { StreamMetrics } from '../provider/types';
import type { Scheduler } from '../scheduler';

export class MetricsTracker {
  private readonly startedAt: number;
  private firstTokenAt: number | undefined;
  private finishedAt: number | undefined;
  private tokens = 0;
  private tokensEstimated = true;

  constructor(private readonly scheduler: Pick<Scheduler, 'now'>) {
    this.startedAt = scheduler.now();
  }

  /** Call on every text delta; the first call fixes the time to first token. */
  onText(): void {
    this.firstTokenAt ??= this.scheduler.now();
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
    const sinceFirstMs = this.firstTokenAt === undefined ? 0 : end - this.firstTokenAt;
    return {
      timeToFirstTokenMs: this.firstTokenAt === undefined ? undefined : this.firstTokenAt - this.startedAt,
      elapsedMs: end - this.startedAt,
      completionTokens: this.tokens,
      // Undefined until time has passed since the first token: a rate over 0 ms means nothing.
      tokensPerSecond: sinceFirstMs > 0 ? (this.tokens / sinceFirstMs) * 1000 : undefined,
      estimated: this.tokensEstimated,
    };
  }
}
