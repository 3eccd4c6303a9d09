/**
 * Streams chat completions from any OpenAI-compatible endpoint (OpenAI, Azure, OpenRouter, Groq, Mistral,
 * Ollama, LM Studio, vLLM, llama.cpp) through the `openai` SDK, as the provider-neutral StreamEvents.
 *
 * What the SDK does not decide for us, and why:
 * - Retries are ours (SDK maxRetries 0): only before the first token, since a retry after text arrived
 *   would duplicate it, and a cancel must end a backoff wait at once.
 * - The idle timer is ours: the SDK timeout covers only the response headers, a stalled stream would hang.
 * - `stream()` never throws: every failure is a `finish` event with a StreamError.
 */
import type OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { APIError } from 'openai';
import { nullLogger, type Logger } from '../log';
import { IdleWatch, realScheduler, type Scheduler } from '../scheduler';
import { MetricsTracker } from '../stream/MetricsTracker';
import { TokenCounter, estimateTokens } from '../stream/TokenCounter';
import type { Tokenizer } from '../stream/Tokenizer';
import { EndpointCapabilities } from './EndpointCapabilities';
import {
  idleTimeoutError,
  interruptedError,
  isRetryableStatus,
  isStreamOptionsRejection,
  networkErrorCode,
  toStreamError,
  type ErrorContext,
} from './errors';
import { createOpenAiClient } from './openAiClient';
import { redactSecrets } from './redact';
import { backoffDelayMs, retryAfterMs, type BackoffOptions } from './retry';
import type { ChatRequest, FinishReason, LlmProvider, StreamError, StreamEvent, Usage } from './types';

export interface OpenAiCompatibleProviderOptions {
  /** Endpoint base URL including the version path, e.g. https://api.openai.com/v1. */
  readonly baseUrl: string;
  /** The key for this endpoint's origin; undefined for loopback servers (a placeholder is sent). */
  readonly apiKey?: string;
  readonly model: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
  /** Prepended as a system message when non-empty. */
  readonly systemPrompt?: string;
  /** Extra headers for every request (tokenStream.requestHeaders). */
  readonly requestHeaders?: Readonly<Record<string, string>>;
  /** Longest silence before giving up, in seconds (default 60). */
  readonly idleTimeoutSeconds?: number;
  /** Retries before the first token (default 2). */
  readonly maxRetries?: number;
  readonly logger?: Logger;
  /** Estimates usage when the server sends none; without one there is no estimate. */
  readonly tokenizer?: Tokenizer;
  readonly scheduler?: Scheduler;
  /** Shared per-endpoint memory; pass the same instance to every provider of a session. */
  readonly capabilities?: EndpointCapabilities;
  /** Backoff tuning (tests use small delays and a fixed random). */
  readonly backoff?: BackoffOptions;
  /** Smallest interval between two 'metrics' events (default 250 ms). */
  readonly metricsIntervalMs?: number;
}

const DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_METRICS_INTERVAL_MS = 250;

/** Why an attempt ended; decides between retry, finish and what the finish says. */
type AttemptOutcome =
  | { readonly kind: 'finished'; readonly reason: FinishReason; readonly error?: StreamError }
  | { readonly kind: 'retry'; readonly error: unknown; readonly delayMs?: number; readonly withoutStreamOptions?: boolean };

export class OpenAiCompatibleProvider implements LlmProvider {
  readonly id = 'openai';
  private readonly client: OpenAI;
  private readonly logger: Logger;
  private readonly scheduler: Scheduler;
  private readonly capabilities: EndpointCapabilities;
  private readonly idleTimeoutMs: number;
  private readonly maxRetries: number;

  constructor(private readonly options: OpenAiCompatibleProviderOptions) {
    this.logger = options.logger ?? nullLogger;
    this.scheduler = options.scheduler ?? realScheduler;
    this.capabilities = options.capabilities ?? new EndpointCapabilities();
    this.idleTimeoutMs = Math.max(0.01, options.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS) * 1000;
    this.maxRetries = Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_MAX_RETRIES));
    this.client = createOpenAiClient({
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      requestHeaders: options.requestHeaders,
      logger: this.logger,
    });
  }

  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<StreamEvent> {
    return this.run(request, signal);
  }

  private async *run(request: ChatRequest, signal: AbortSignal): AsyncGenerator<StreamEvent, void, undefined> {
    const model = request.model || this.options.model;
    const context: ErrorContext = { baseUrl: this.options.baseUrl, model, apiKey: this.options.apiKey };
    const metrics = new MetricsTracker(this.scheduler);
    const counter = new TokenCounter(this.options.tokenizer);
    const metricsIntervalMs = this.options.metricsIntervalMs ?? DEFAULT_METRICS_INTERVAL_MS;
    let lastMetricsAt = -Infinity;
    let serverUsage: Usage | undefined;
    let receivedText = false;
    let requestId = generateRequestId();
    let status: number | undefined;
    let attempt = 0;
    let retriesMade = 0;
    let outcome: AttemptOutcome | undefined;
    let sendStreamOptions = !this.capabilities.rejectsStreamOptions(this.options.baseUrl);

    const finish = async (reason: FinishReason, error?: StreamError): Promise<StreamEvent[]> => {
      metrics.finish();
      const events: StreamEvent[] = [];
      let usage = serverUsage;
      if (!usage && receivedText && counter.available) {
        const [completionTokens, promptTokens] = await Promise.all([counter.settle(), estimatePromptTokens(this.options.systemPrompt, request, this.options.tokenizer)]);
        usage = { completionTokens, promptTokens, estimated: true };
        events.push({ type: 'usage', usage });
      }
      if (usage) metrics.setTokens(usage.completionTokens, usage.estimated);
      const final = metrics.snapshot();
      const withId = error ? { ...error, requestId: error.requestId ?? requestId } : undefined;
      events.push({ type: 'finish', reason, ...(withId ? { error: withId } : {}), ...(usage ? { usage } : {}), metrics: final });
      const line =
        `[${requestId}] POST ${this.options.baseUrl}/chat/completions model=${model} status=${status ?? '-'} finish=${reason}` +
        ` ttft=${formatMs(final.timeToFirstTokenMs)} total=${formatMs(final.elapsedMs)} tokens=${final.completionTokens}${final.estimated ? '~' : ''}` +
        ` retries=${retriesMade}${withId ? ` error=${withId.kind}: ${withId.message}` : ''}`;
      this.logLine(reason === 'error' ? 'warn' : 'info', line);
      return events;
    };

    if (signal.aborted) {
      yield* await finish('cancelled');
      return;
    }

    // Each attempt gets its own controller: the user's cancel and our idle timer both abort it,
    // which closes the HTTP socket (the server stops generating) rather than just stopping to read.
    while (true) {
      attempt += 1;
      // One plain signal for the request, the user's abort forwarded to it: the SDK and undici read
      // `signal.aborted` for every chunk, and on an AbortSignal.any() signal each read walks its sources.
      const attemptController = new AbortController();
      const forwardAbort = (): void => attemptController.abort(signal.reason);
      signal.addEventListener('abort', forwardAbort, { once: true });
      if (signal.aborted) forwardAbort();
      const requestSignal = attemptController.signal;
      let idleFired = false;
      const idle = new IdleWatch(this.scheduler, this.idleTimeoutMs, () => {
        idleFired = true;
        attemptController.abort();
      });
      const body = this.requestBody(request, model, sendStreamOptions);
      this.logger.debug(`[${requestId}] POST ${this.options.baseUrl}/chat/completions model=${model} attempt=${attempt} streamOptions=${sendStreamOptions}`);
      let iterator: AsyncIterator<ChatCompletionChunk> | undefined;
      try {
        idle.arm();
        let sdkStream: AsyncIterable<ChatCompletionChunk>;
        try {
          const { data, response } = await this.client.chat.completions
            .create(body, { signal: requestSignal, maxRetries: 0 })
            .withResponse();
          sdkStream = data;
          status = response.status;
          requestId = shortRequestId(response.headers.get('x-request-id')) ?? requestId;
        } catch (error) {
          idle.disarm();
          if (error instanceof APIError && error.status !== undefined) {
            status = error.status;
            requestId = shortRequestId(error.requestID) ?? requestId;
          }
          outcome = this.classifyRequestError(error, { signal, idleFired, sendStreamOptions, retriesMade, context: { ...context, requestId } });
        }

        if (!outcome) {
          iterator = sdkStream![Symbol.asyncIterator]();
          let finishReason: string | null | undefined;
          while (true) {
            idle.arm();
            let next: IteratorResult<ChatCompletionChunk>;
            try {
              next = await iterator.next();
            } catch (error) {
              idle.disarm();
              outcome = this.classifyBodyError(error, { signal, idleFired, receivedText, retriesMade, context: { ...context, requestId } });
              break;
            }
            idle.disarm();
            if (next.done) break;
            const chunk = next.value;
            if (chunk.usage) {
              serverUsage = {
                promptTokens: chunk.usage.prompt_tokens,
                completionTokens: chunk.usage.completion_tokens,
                totalTokens: chunk.usage.total_tokens,
                estimated: false,
              };
              metrics.setTokens(serverUsage.completionTokens, false);
              yield { type: 'usage', usage: serverUsage };
            }
            const choice = chunk.choices?.[0];
            const text = choice?.delta?.content;
            if (typeof text === 'string' && text.length > 0) {
              receivedText = true;
              metrics.onText();
              counter.add(text);
              yield { type: 'delta', text };
            }
            if (choice?.finish_reason) finishReason = choice.finish_reason;
            const now = this.scheduler.now();
            if (receivedText && now - lastMetricsAt >= metricsIntervalMs) {
              lastMetricsAt = now;
              if (!serverUsage) metrics.setTokens(counter.count, true);
              yield { type: 'metrics', metrics: metrics.snapshot() };
            }
          }
          // The SDK ends quietly when its request is aborted: find out who aborted it.
          outcome ??= this.classifyEnd(finishReason, { signal, idleFired, receivedText, retriesMade, context: { ...context, requestId } });
        }
      } finally {
        idle.dispose();
        signal.removeEventListener('abort', forwardAbort);
        // Leaving early (consumer stopped reading, error, cancel) must still close the socket.
        if (!outcome || outcome.kind !== 'finished' || (outcome.reason !== 'stop' && outcome.reason !== 'length')) attemptController.abort();
        if (iterator?.return) void iterator.return().catch(() => undefined);
      }

      if (outcome.kind === 'finished') {
        yield* await finish(outcome.reason, outcome.error);
        return;
      }
      // A retry.
      if (outcome.withoutStreamOptions) {
        sendStreamOptions = false;
        this.capabilities.markRejectsStreamOptions(this.options.baseUrl);
        this.logger.info(`[${requestId}] ${this.options.baseUrl} rejects stream_options; retrying without it (remembered for this endpoint)`);
        outcome = undefined;
        continue;
      }
      retriesMade += 1;
      const delayMs = backoffDelayMs(retriesMade, outcome.delayMs, this.options.backoff);
      this.logger.info(`[${requestId}] attempt ${attempt} failed (${describeError(outcome.error, this.options.apiKey)}); retry ${retriesMade}/${this.maxRetries} in ${Math.round(delayMs)} ms`);
      outcome = undefined;
      requestId = generateRequestId();
      if (!(await this.sleep(delayMs, signal))) {
        yield* await finish('cancelled');
        return;
      }
    }
  }

  private requestBody(request: ChatRequest, model: string, withStreamOptions: boolean): ChatCompletionCreateParamsStreaming {
    const messages: ChatCompletionMessageParam[] = [];
    if (this.options.systemPrompt?.trim()) messages.push({ role: 'system', content: this.options.systemPrompt });
    for (const message of request.messages) messages.push({ role: message.role, content: message.content });
    const temperature = request.temperature ?? this.options.temperature;
    const maxTokens = request.maxTokens ?? this.options.maxTokens;
    return {
      model,
      messages,
      stream: true,
      ...(withStreamOptions ? { stream_options: { include_usage: true } } : {}),
      ...(temperature !== undefined && temperature !== null ? { temperature } : {}),
      // max_tokens rather than max_completion_tokens: most OpenAI-compatible servers only know the former.
      ...(maxTokens !== undefined && maxTokens !== null ? { max_tokens: maxTokens } : {}),
    };
  }

  /** The request failed before any response body: retry, or finish with what it means. */
  private classifyRequestError(
    error: unknown,
    state: { signal: AbortSignal; idleFired: boolean; sendStreamOptions: boolean; retriesMade: number; context: ErrorContext },
  ): AttemptOutcome {
    if (state.signal.aborted) return { kind: 'finished', reason: 'cancelled' };
    if (state.idleFired) return { kind: 'finished', reason: 'error', error: idleTimeoutError(this.idleTimeoutMs / 1000, state.context) };
    if (state.sendStreamOptions && isStreamOptionsRejection(error)) return { kind: 'retry', error, withoutStreamOptions: true };
    const canRetry = state.retriesMade < this.maxRetries;
    const context = { ...state.context, retries: state.retriesMade };
    if (error instanceof APIError && error.status !== undefined) {
      if (isRetryableStatus(error.status) && canRetry) {
        return { kind: 'retry', error, delayMs: retryAfterMs(error.headers) };
      }
      return { kind: 'finished', reason: 'error', error: toStreamError(error, context) };
    }
    const isConnection = networkErrorCode(error) !== undefined || (error instanceof APIError && error.status === undefined);
    if (isConnection && canRetry) return { kind: 'retry', error };
    return { kind: 'finished', reason: 'error', error: toStreamError(error, context) };
  }

  /** Reading the body failed: an error event, a cut connection, a timeout or a cancel. */
  private classifyBodyError(
    error: unknown,
    state: { signal: AbortSignal; idleFired: boolean; receivedText: boolean; retriesMade: number; context: ErrorContext },
  ): AttemptOutcome {
    if (state.signal.aborted) return { kind: 'finished', reason: 'cancelled' };
    if (state.idleFired) return { kind: 'finished', reason: 'error', error: idleTimeoutError(this.idleTimeoutMs / 1000, state.context) };
    if (error instanceof APIError || error instanceof SyntaxError) {
      return { kind: 'finished', reason: 'error', error: toStreamError(error, state.context) };
    }
    // The socket broke. Before any text a retry cannot duplicate anything.
    if (!state.receivedText && state.retriesMade < this.maxRetries) return { kind: 'retry', error };
    this.logger.debug(`[${state.context.requestId ?? '-'}] body read failed: ${describeError(error, this.options.apiKey)}`);
    return { kind: 'finished', reason: 'error', error: interruptedError(state.context, state.receivedText) };
  }

  /** The body ended: normally, or because someone aborted it, or because the server hung up early. */
  private classifyEnd(
    finishReason: string | null | undefined,
    state: { signal: AbortSignal; idleFired: boolean; receivedText: boolean; retriesMade: number; context: ErrorContext },
  ): AttemptOutcome {
    if (state.signal.aborted) return { kind: 'finished', reason: 'cancelled' };
    if (state.idleFired) return { kind: 'finished', reason: 'error', error: idleTimeoutError(this.idleTimeoutMs / 1000, state.context) };
    if (finishReason === 'length') return { kind: 'finished', reason: 'length' };
    if (finishReason) return { kind: 'finished', reason: 'stop' };
    if (!state.receivedText && state.retriesMade < this.maxRetries) {
      return { kind: 'retry', error: new Error('the stream ended before any data') };
    }
    return { kind: 'finished', reason: 'error', error: interruptedError(state.context, state.receivedText) };
  }

  /** Waits `ms`, or less when cancelled; resolves false when cancelled. */
  private sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        cancelTimer();
        resolve(false);
      };
      const cancelTimer = this.scheduler.schedule(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private logLine(level: 'info' | 'warn', line: string): void {
    this.logger[level](redactSecrets(line, [this.options.apiKey]));
  }
}

async function estimatePromptTokens(systemPrompt: string | undefined, request: ChatRequest, tokenizer: Tokenizer | undefined): Promise<number | undefined> {
  const texts = [...(systemPrompt?.trim() ? [systemPrompt] : []), ...request.messages.map((m) => m.content)];
  const counts = await Promise.all(texts.map((text) => estimateTokens(text, tokenizer)));
  return counts.some((n) => n === undefined) ? undefined : counts.reduce<number>((sum, n) => sum + (n ?? 0), 0);
}

/** Server request ids can be long; the first 12 characters after any "req_" prefix identify it in the log. */
function shortRequestId(id: string | null | undefined): string | undefined {
  if (!id) return undefined;
  return id.replace(/^req_/, '').slice(0, 12);
}

function generateRequestId(): string {
  return `ts-${Math.floor(Math.random() * 0x1000000).toString(16).padStart(6, '0')}`;
}

function formatMs(ms: number | undefined): string {
  return ms === undefined ? '-' : `${Math.round(ms)}ms`;
}

function describeError(error: unknown, apiKey: string | undefined): string {
  const code = networkErrorCode(error);
  const text = error instanceof Error ? error.message : String(error);
  return redactSecrets(code ? `${code}: ${text}` : text, [apiKey]).slice(0, 300);
}
