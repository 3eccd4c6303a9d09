import { type FinishReason, type StreamError, type StreamEvent, type StreamMetrics } from '../../../src/core/provider/types';
import { type FakeScheduler } from './FakeScheduler';

export const zeroMetrics: StreamMetrics = { elapsedMs: 0, completionTokens: 0, estimated: true };

/** A provider stream the test feeds by hand: events queue until the consumer pulls them. */
export class ManualStream implements AsyncIterable<StreamEvent> {
  returned = false;
  private readonly queue: StreamEvent[] = [];
  private waiting: ((result: IteratorResult<StreamEvent>) => void) | undefined;
  private ended = false;

  delta(...texts: string[]): void {
    for (const text of texts) this.push({ type: 'delta', text });
  }

  finish(reason: FinishReason = 'stop', error?: StreamError): void {
    this.push({ type: 'finish', reason, metrics: zeroMetrics, ...(error ? { error } : {}) });
    this.ended = true;
  }

  push(event: StreamEvent): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting({ value: event, done: false });
    } else {
      this.queue.push(event);
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    return {
      next: () => {
        const event = this.queue.shift();
        if (event) return Promise.resolve({ value: event, done: false });
        if (this.ended || this.returned) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
      return: () => {
        this.returned = true;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

/** A provider that sends `tokens` one every `intervalMs` of fake time, then finishes. */
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

/** Splits text into model-like tokens of 1-4 characters, deterministically. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let index = 0;
  let size = 1;
  while (index < text.length) {
    tokens.push(text.slice(index, index + size));
    index += size;
    size = (size % 4) + 1;
  }
  return tokens;
}
