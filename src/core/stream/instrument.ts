/**
 * The one instrumentation stage every provider's stream goes through: provider -> here -> sinks.
 * Providers yield only what the server said (ProviderEvent); this stage
 * - separates inline `<think>` reasoning from the answer (ThinkTagSplitter), also when the model's
 *   template opened it and only a lone `</think>` comes (the provider's `inlineReasoning` knows or learns
 *   which models do that),
 * - times the first reasoning and the first answer text, counts tokens (estimated with the tokenizer when
 *   the server sends no usage) and emits 'metrics' at a bounded rate,
 * - ends with one 'finish' event carrying usage and metrics, and turns a stream that produced reasoning
 *   but no answer into an error,
 * - logs one line per request.
 *
 * Cost: it runs on every token of every stream in the extension host, so it is a hand-written iterator
 * whose per-event work is synchronous (one promise reaction per provider event), not another async
 * generator stacked on the provider's.
 */
import { nullLogger, type Logger } from '../log';
import { realScheduler, type Scheduler } from '../scheduler';
import { MetricsTracker } from './MetricsTracker';
import { ThinkTagSplitter } from './ThinkTagSplitter';
import { estimateTokens, TokenCounter } from './TokenCounter';
import type { Tokenizer } from './Tokenizer';
import type {
  ChatRequest,
  FinishEvent,
  LlmProvider,
  ProviderEnd,
  ProviderEvent,
  RawProvider,
  StreamError,
  StreamEvent,
  Usage,
} from './types';

export interface StageOptions {
  /** Estimates usage when the server sends none; without one there is no estimate. */
  readonly tokenizer?: Tokenizer;
  readonly scheduler?: Scheduler;
  readonly logger?: Logger;
  /** Smallest interval between two 'metrics' events (default 250 ms). */
  readonly metricsIntervalMs?: number;
  /** The system prompt the provider sends before the messages, for the prompt-token estimate. */
  readonly systemPrompt?: string;
}

const DEFAULT_METRICS_INTERVAL_MS = 250;

const DONE: IteratorResult<StreamEvent> = { value: undefined, done: true };

/** `provider` as sinks see it: every stream it makes goes through the stage. */
export function instrument(provider: RawProvider, options: StageOptions = {}): LlmProvider {
  return {
    id: provider.id,
    ...(provider.continuation ? { continuation: provider.continuation } : {}),
    stream: (request, signal) => new InstrumentedStream(provider, request, signal, options),
  };
}

class InstrumentedStream implements AsyncIterableIterator<StreamEvent> {
  private source: AsyncIterator<ProviderEvent> | undefined;
  /** Events made from one provider event and not yet taken (at most a few). */
  private readonly queue: StreamEvent[] = [];
  private ended = false;
  private readonly scheduler: Scheduler;
  private readonly logger: Logger;
  private readonly metricsIntervalMs: number;
  private readonly metrics: MetricsTracker;
  private readonly counter: TokenCounter;
  private readonly splitter: ThinkTagSplitter;
  /** The splitter's lesson about this model's tags went to the provider. */
  private learned = false;
  private lastMetricsAt = Number.NEGATIVE_INFINITY;
  private serverUsage: Usage | undefined;
  private sawOutput = false;
  private sawAnswer = false;
  private sawReasoning = false;

  constructor(
    private readonly provider: RawProvider,
    private readonly request: ChatRequest,
    private readonly signal: AbortSignal,
    private readonly options: StageOptions,
  ) {
    this.scheduler = options.scheduler ?? realScheduler;
    this.logger = options.logger ?? nullLogger;
    this.metricsIntervalMs = options.metricsIntervalMs ?? DEFAULT_METRICS_INTERVAL_MS;
    this.metrics = new MetricsTracker(this.scheduler);
    this.counter = new TokenCounter(options.tokenizer, { live: !provider.reportsUsage });
    this.splitter = new ThinkTagSplitter({ opened: provider.inlineReasoning?.opened(request.model) ?? false });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StreamEvent>> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve({ value: queued, done: false });
    if (this.ended) return Promise.resolve(DONE);
    this.source ??= this.provider.stream(this.request, this.signal)[Symbol.asyncIterator]();
    return this.source.next().then(this.onEvent, this.onThrown);
  }

  /** The consumer stops reading: the provider's cleanup runs (it closes its request). */
  return(): Promise<IteratorResult<StreamEvent>> {
    this.ended = true;
    this.queue.length = 0;
    const source = this.source;
    if (!source?.return) return Promise.resolve(DONE);
    return source.return().then(
      () => DONE,
      () => DONE,
    );
  }

  private readonly onEvent = (result: IteratorResult<ProviderEvent>): IteratorResult<StreamEvent> | Promise<IteratorResult<StreamEvent>> => {
    if (this.ended) return DONE;
    if (result.done) {
      return this.finish({ type: 'end', reason: 'error', error: { kind: 'unknown', message: 'The model stream ended without saying why.', action: 'showLog' } });
    }
    const event = result.value;
    switch (event.type) {
      case 'text':
        this.splitter.push(event.text);
        this.passSplit();
        break;
      case 'served':
        // The server named the model it serves: its name may say that its template opens the reasoning.
        if (this.provider.inlineReasoning?.opened(this.request.model, event.model)) this.splitter.open();
        break;
      case 'reasoning':
        this.splitter.serverReasons();
        this.passReasoning(event.text);
        break;
      case 'usage':
        this.serverUsage = event.usage;
        this.metrics.setTokens(event.usage.completionTokens, false);
        this.queue.push({ type: 'usage', usage: event.usage });
        break;
      case 'end':
        return this.finish(event);
    }
    // Nothing to pass on yet (a tag still undecided): read on.
    if (this.queue.length === 0) return this.next();
    // The provider's result object is ours now: reusing it saves an allocation per token.
    const reused = result as unknown as { value: StreamEvent; done: false };
    reused.value = this.queue.length === 1 ? this.queue.pop()! : this.queue.shift()!;
    return reused;
  };

  /** A provider must never throw; if one does, it is an error like any other and what arrived is kept. */
  private readonly onThrown = (thrown: unknown): Promise<IteratorResult<StreamEvent>> => {
    const message = `The model stream failed: ${thrown instanceof Error ? thrown.message : String(thrown)}.`;
    this.logger.error('The provider stream threw', thrown);
    return this.finish({ type: 'end', reason: 'error', error: { kind: 'unknown', message, action: 'showLog' } });
  };

  /** What the splitter let through: reasoning first (it came first), then answer text. */
  private passSplit(): void {
    const { reasoning, answer } = this.splitter;
    if (!this.learned && (this.splitter.loneClosingTag || this.splitter.answeredWithoutClosing)) {
      this.learned = true;
      this.provider.inlineReasoning?.learn(this.request.model, this.splitter.loneClosingTag);
    }
    if (reasoning) this.passReasoning(reasoning);
    if (!answer) return;
    const at = this.scheduler.now();
    this.counter.add(answer, at);
    this.metrics.onText();
    this.sawOutput = true;
    this.queue.push({ type: 'delta', text: answer });
    const first = !this.sawAnswer && /\S/.test(answer);
    if (first) this.sawAnswer = true;
    this.maybeMetrics(at, first);
  }

  private passReasoning(text: string): void {
    if (!text) return;
    const at = this.scheduler.now();
    this.counter.add(text, at);
    this.metrics.onReasoning();
    this.sawOutput = true;
    this.queue.push({ type: 'reasoning', text });
    const first = !this.sawReasoning;
    this.sawReasoning = true;
    this.maybeMetrics(at, first);
  }

  /** At most one 'metrics' event per interval, and one at once (`now`) when reasoning or the answer starts. */
  private maybeMetrics(at: number, now: boolean): void {
    if (!now && at - this.lastMetricsAt < this.metricsIntervalMs) return;
    this.lastMetricsAt = at;
    if (!this.serverUsage) this.metrics.setTokens(this.counter.count, true);
    this.queue.push({ type: 'metrics', metrics: this.metrics.snapshot() });
  }

  private async finish(end: ProviderEnd): Promise<IteratorResult<StreamEvent>> {
    // Reasoning opened by the template that never closed: the answer, if the model stopped on its own.
    this.splitter.end(end.reason === 'stop');
    this.passSplit();
    this.ended = true;
    this.metrics.finish();
    let usage = this.serverUsage;
    if (!usage && this.sawOutput && this.counter.available) {
      const [completionTokens, promptTokens] = await Promise.all([this.counter.settle(), this.estimatePromptTokens()]);
      usage = { completionTokens, ...(promptTokens !== undefined ? { promptTokens } : {}), estimated: true };
      this.queue.push({ type: 'usage', usage });
    }
    if (usage) this.metrics.setTokens(usage.completionTokens, usage.estimated);
    const metrics = this.metrics.snapshot();
    const ending = this.sawReasoning && !this.sawAnswer && (end.reason === 'stop' || end.reason === 'length') ? reasoningOnly(end.reason) : end;
    const retracted = this.splitter.answeredWithoutClosing ? { reasoningWasAnswer: true as const } : {};
    const finish: FinishEvent =
      ending.reason === 'error'
        ? { type: 'finish', reason: 'error', error: ending.error, ...(usage ? { usage } : {}), metrics, ...retracted }
        : { type: 'finish', reason: ending.reason, ...(usage ? { usage } : {}), metrics, ...retracted };
    this.log(end, finish);
    this.queue.push(finish);
    return { value: this.queue.shift()!, done: false };
  }

  private async estimatePromptTokens(): Promise<number | undefined> {
    const system = this.options.systemPrompt?.trim() ? [this.options.systemPrompt] : [];
    const texts = [...system, ...this.request.messages.map((m) => m.content)];
    const counts = await Promise.all(texts.map((text) => estimateTokens(text, this.options.tokenizer)));
    return counts.some((n) => n === undefined) ? undefined : counts.reduce<number>((sum, n) => sum + (n ?? 0), 0);
  }

  private log(end: ProviderEnd, finish: FinishEvent): void {
    const { metrics } = finish;
    const thinking = metrics.timeToFirstReasoningMs !== undefined ? ` thinking=${formatMs(metrics.timeToFirstReasoningMs)}` : '';
    const line =
      `${end.log ?? this.provider.id} finish=${finish.reason}${thinking} ttft=${formatMs(metrics.timeToFirstTokenMs)}` +
      ` total=${formatMs(metrics.elapsedMs)} tokens=${metrics.completionTokens}${metrics.estimated ? '~' : ''}` +
      (finish.error ? ` error=${finish.error.kind}: ${finish.error.message}` : '');
    if (finish.reason === 'error') this.logger.warn(line);
    else this.logger.info(line);
  }
}

function reasoningOnly(reason: 'stop' | 'length'): ProviderEnd {
  const error: StreamError =
    reason === 'length'
      ? {
          kind: 'reasoningOnly',
          message: 'The model produced only reasoning and reached the token limit before it answered: raise tokenStream.maxTokens, or lower tokenStream.reasoningEffort.',
          action: 'openSettings',
        }
      : { kind: 'reasoningOnly', message: 'The model produced only reasoning and no answer.', action: 'retry' };
  return { type: 'end', reason: 'error', error };
}

function formatMs(ms: number | undefined): string {
  return ms === undefined ? '-' : `${Math.round(ms)}ms`;
}
