/**
 * Provider streams for tests: fed by hand (ManualStream), paced on fake time (timedStream), or a whole
 * provider that plays a script per request (ScriptedProvider).
 */
import type { ChatRequest, FinishReason, LlmProvider, StreamError, StreamEvent, StreamMetrics } from '../../../src/core/provider/types';
import type { FakeScheduler } from './FakeScheduler';

export const zeroMetrics: StreamMetrics = { elapsedMs: 0, completionTokens: 0, estimated: true };

/** A provider stream the test feeds by hand: events queue until the consumer pulls them. */
export class ManualStream implements AsyncIterable<StreamEvent> {
  returned = false;
  private readonly queue: (StreamEvent | { readonly thrown: Error })[] = [];
  private waiting: { resolve(result: IteratorResult<StreamEvent>): void; reject(error: Error): void } | undefined;
  private ended = false;

  delta(...texts: string[]): void {
    for (const text of texts) this.push({ type: 'delta', text });
  }

  finish(reason: FinishReason = 'stop', error?: StreamError): void {
    this.push({ type: 'finish', reason, metrics: zeroMetrics, ...(error ? { error } : {}) });
    this.ended = true;
  }

  /** The stream breaks its contract and throws (a provider must never do this). */
  fail(error: Error): void {
    this.deliver({ thrown: error });
    this.ended = true;
  }

  push(event: StreamEvent): void {
    this.deliver(event);
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    return {
      next: () => {
        const item = this.queue.shift();
        if (item) return 'thrown' in item ? Promise.reject(item.thrown) : Promise.resolve({ value: item, done: false });
        if (this.ended || this.returned) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
      },
      return: () => {
        this.returned = true;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  private deliver(item: StreamEvent | { readonly thrown: Error }): void {
    const waiting = this.waiting;
    if (!waiting) {
      this.queue.push(item);
      return;
    }
    this.waiting = undefined;
    if ('thrown' in item) waiting.reject(item.thrown);
    else waiting.resolve({ value: item, done: false });
  }
}

/** A provider stream that sends `tokens` one every `intervalMs` of fake time, then finishes. */
export async function* timedStream(
  scheduler: FakeScheduler,
  tokens: readonly string[],
  intervalMs: number,
  finish: { reason: FinishReason; error?: StreamError } = { reason: 'stop' },
): AsyncGenerator<StreamEvent> {
  for (const text of tokens) {
    if (intervalMs > 0) await scheduler.sleep(intervalMs);
    yield { type: 'delta', text };
  }
  yield { type: 'finish', reason: finish.reason, metrics: zeroMetrics, ...(finish.error ? { error: finish.error } : {}) };
}

export interface Script {
  readonly deltas: readonly string[];
  /** Before the delta at this index, wait until the request is aborted (a model that stalls). */
  readonly hangBefore?: number;
}

/**
 * A provider that answers every request with `script`: its deltas, then `stop` with usage; an abort ends
 * it with `cancelled` at once. Records the requests it got.
 */
export class ScriptedProvider implements LlmProvider {
  readonly id = 'scripted';
  readonly requests: ChatRequest[] = [];

  constructor(private readonly script: Script) {}

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    this.requests.push(request);
    for (const [index, text] of this.script.deltas.entries()) {
      if (index === this.script.hangBefore && !signal.aborted) {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      }
      if (signal.aborted) {
        yield { type: 'finish', reason: 'cancelled', metrics: zeroMetrics };
        return;
      }
      yield { type: 'delta', text };
    }
    const completionTokens = this.script.deltas.length;
    yield { type: 'finish', reason: 'stop', usage: { completionTokens, estimated: false }, metrics: { ...zeroMetrics, completionTokens, estimated: false } };
  }
}
