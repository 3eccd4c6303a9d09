/**
 * Streams for tests: instrumented streams fed by hand (ManualStream) or paced on fake time (timedStream)
 * for sinks, and a raw provider that plays a script per request (ScriptedProvider), for code that goes
 * through the stream stage as the extension does.
 */
import type { ChatRequest, FinishEvent, FinishReason, ProviderEvent, RawProvider, StreamError, StreamEvent, StreamMetrics } from '../../../src/core/stream/types';
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

  /** Ends the stream; an 'error' finish carries `error` (a generic one when none is given). */
  finish(reason: FinishReason = 'stop', error?: StreamError): void {
    this.push(finishEvent(reason, error));
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
  yield finishEvent(finish.reason, finish.error);
}

function finishEvent(reason: FinishReason, error: StreamError | undefined): FinishEvent {
  if (reason !== 'error') return { type: 'finish', reason, metrics: zeroMetrics };
  return { type: 'finish', reason, error: error ?? { kind: 'unknown', message: 'The scripted stream failed.' }, metrics: zeroMetrics };
}

export interface Script {
  /** Reasoning sent (in a reasoning field) before the answer. */
  readonly reasoning?: readonly string[];
  /** Answer text, as the server sends it (it may open with inline <think> tags). */
  readonly deltas: readonly string[];
  /** Before the delta at this index, wait until the request is aborted (a model that stalls). */
  readonly hangBefore?: number;
  /** Server usage sent before the end (none by default: the stage estimates). */
  readonly usage?: { readonly completionTokens: number };
  /** Each reasoning piece and delta after this much fake time (none by default: all at once). */
  readonly pace?: { readonly scheduler: FakeScheduler; readonly everyMs: number };
  /** Says the server was asked for usage (whether `usage` then comes or not). */
  readonly reportsUsage?: boolean;
  /** A provider that breaks its contract after the deltas: it throws, or its stream ends without `end`. */
  readonly breaksContract?: 'throws' | 'noEnd';
  /** How the answer ends after the deltas (default 'stop'): at the token limit, or with an error. */
  readonly end?: 'length' | StreamError;
}

/**
 * A raw provider that answers every request with `script` (or, given a list, the n-th request with the
 * n-th script and later ones with the last): its reasoning, its deltas, then its end; an abort ends it
 * with `cancelled` at once. Records the requests it got.
 */
export class ScriptedProvider implements RawProvider {
  readonly id = 'scripted';
  readonly requests: ChatRequest[] = [];
  /** Streams whose cleanup ran (they ended, or their consumer stopped reading). */
  cleanedUp = 0;

  private readonly scripts: readonly Script[];

  constructor(script: Script | readonly Script[]) {
    this.scripts = Array.isArray(script) ? script : [script as Script];
  }

  private get script(): Script {
    return this.scripts[Math.min(this.requests.length, this.scripts.length) - 1] ?? this.scripts[0]!;
  }

  get reportsUsage(): boolean {
    return this.scripts[0]?.reportsUsage ?? false;
  }

  async *stream(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ProviderEvent> {
    try {
      yield* this.play(request, signal);
    } finally {
      this.cleanedUp++;
    }
  }

  private async *play(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ProviderEvent> {
    this.requests.push(request);
    const script = this.script;
    const { pace } = script;
    for (const text of script.reasoning ?? []) {
      if (pace) await pace.scheduler.sleep(pace.everyMs);
      yield { type: 'reasoning', text };
    }
    for (const [index, text] of script.deltas.entries()) {
      if (index === script.hangBefore && !signal.aborted) {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      }
      if (pace) await pace.scheduler.sleep(pace.everyMs);
      if (signal.aborted) {
        yield { type: 'end', reason: 'cancelled' };
        return;
      }
      yield { type: 'text', text };
    }
    if (script.breaksContract === 'throws') throw new Error('socket hang up');
    if (script.breaksContract === 'noEnd') return;
    if (script.usage) yield { type: 'usage', usage: { completionTokens: script.usage.completionTokens, estimated: false } };
    if (script.end === 'length') yield { type: 'end', reason: 'length' };
    else if (script.end) yield { type: 'end', reason: 'error', error: script.end };
    else yield { type: 'end', reason: 'stop' };
  }
}
