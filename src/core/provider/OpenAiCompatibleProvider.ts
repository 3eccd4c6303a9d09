/**
 * Streams chat completions from any OpenAI-compatible endpoint (OpenAI, Azure, OpenRouter, Groq, Mistral,
 * Ollama, LM Studio, vLLM, llama.cpp) through the `openai` SDK, as raw ProviderEvents: answer text,
 * reasoning, server usage, one end. Metrics, token estimates and `<think>` tags are the stream stage's.
 *
 * What the SDK does not decide for us, and why:
 * - Retries are ours (SDK maxRetries 0): only before the first output (reasoning included), since a retry
 *   after output would duplicate it, and a cancel must end a backoff wait at once.
 * - The idle timer is ours: the SDK timeout covers only the response headers, a stalled stream would hang.
 *   Every byte that arrives is life, SSE keep-alive comments included (seen by the watching fetch).
 * - `stream()` never throws: every failure is an `end` event with a StreamError.
 */
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { APIError } from 'openai';
import { nullLogger, type Logger } from '../log';
import { IdleWatch, realScheduler, type Scheduler } from '../scheduler';
import { continuationModeFor } from '../continue/ContinuationRequest';
import type { ChatRequest, ContinuationMode, ContinuationModes, InlineReasoning, ProviderEnd, ProviderEvent, RawProvider, StreamError } from '../stream/types';
import { templateOpensReasoning } from '../stream/ThinkTagSplitter';
import { firstChoice, parseWholeCompletion, reasoningOf, usageOf } from './completions';
import { AttemptJudge, type AttemptOutcome } from './AttemptJudge';
import { EndpointCapabilities } from './EndpointCapabilities';
import { describeError, notStreamingError, streamEventError, type ErrorContext } from './errors';
import { createOpenAiClient } from './openAiClient';
import { redactSecrets } from './redact';
import { ResponseWatch, watchingFetch } from './ResponseWatch';
import { backoffDelayMs, type BackoffOptions } from './retry';

/** Values of `reasoning_effort`; tokenStream.reasoningEffort offers these (null sends none). */
export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

export interface OpenAiCompatibleProviderOptions {
  /** Endpoint base URL including the version path, e.g. https://api.openai.com/v1. */
  readonly baseUrl: string;
  /** The key for this endpoint's origin; undefined for loopback servers (a placeholder is sent). */
  readonly apiKey?: string;
  readonly model: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
  /** Sent as `reasoning_effort`; undefined sends nothing. */
  readonly reasoningEffort?: ReasoningEffort;
  /** Prepended as a system message when non-empty. */
  readonly systemPrompt?: string;
  /** Extra headers for every request (tokenStream.requestHeaders). */
  readonly requestHeaders?: Readonly<Record<string, string>>;
  /** Longest silence before giving up, in seconds (default 60). */
  readonly idleTimeoutSeconds?: number;
  /** Retries before the first output (default 2). */
  readonly maxRetries?: number;
  readonly logger?: Logger;
  readonly scheduler?: Scheduler;
  /** Shared per-endpoint memory; pass the same instance to every provider of a session. */
  readonly capabilities?: EndpointCapabilities;
  /** Backoff tuning (tests use small delays and a fixed random). */
  readonly backoff?: BackoffOptions;
}

const DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
const DEFAULT_MAX_RETRIES = 2;

export class OpenAiCompatibleProvider implements RawProvider {
  readonly id = 'openai';
  private readonly logger: Logger;
  private readonly scheduler: Scheduler;
  private readonly capabilities: EndpointCapabilities;
  private readonly idleTimeoutMs: number;
  private readonly judge: AttemptJudge;

  constructor(private readonly options: OpenAiCompatibleProviderOptions) {
    this.logger = options.logger ?? nullLogger;
    this.scheduler = options.scheduler ?? realScheduler;
    this.capabilities = options.capabilities ?? new EndpointCapabilities();
    this.idleTimeoutMs = Math.max(0.01, options.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS) * 1000;
    this.judge = new AttemptJudge(this.idleTimeoutMs / 1000, Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_MAX_RETRIES)), this.logger, options.apiKey);
  }

  /** Usage is asked for (stream_options.include_usage) unless this endpoint rejected that before. */
  get reportsUsage(): boolean {
    return !this.capabilities.rejectsStreamOptions(this.options.baseUrl);
  }

  /**
   * Continuation modes of this endpoint: the first one of the probe order it has not refused (or
   * ignored) in this session, remembered with the other per-endpoint lessons.
   */
  get continuation(): ContinuationModes {
    const { baseUrl } = this.options;
    return {
      next: (): ContinuationMode => continuationModeFor(baseUrl, this.capabilities.refusedContinuationModes(baseUrl)),
      refuse: (mode: ContinuationMode): void => {
        if (mode === 'fallback' || this.capabilities.refusedContinuationModes(baseUrl).has(mode)) return;
        this.capabilities.markContinuationRefused(baseUrl, mode);
        this.logger.info(`${baseUrl} does not continue answers in ${mode} mode; the next continuation uses ${continuationModeFor(baseUrl, this.capabilities.refusedContinuationModes(baseUrl))} (remembered for this endpoint)`);
      },
    };
  }

  /**
   * Whether a model's stream starts inside its reasoning: what this endpoint showed for it before, else
   * what its name says (templateOpensReasoning).
   */
  get inlineReasoning(): InlineReasoning {
    const { baseUrl } = this.options;
    return {
      opened: (model, served) => {
        const name = model || this.options.model;
        return this.capabilities.opensReasoning(baseUrl, name) ?? (templateOpensReasoning(name) || (served !== undefined && templateOpensReasoning(served)));
      },
      learn: (model, opened) => {
        const name = model || this.options.model;
        if (this.capabilities.opensReasoning(baseUrl, name) === opened) return;
        this.capabilities.markOpensReasoning(baseUrl, name, opened);
        this.logger.info(
          opened
            ? `${name} at ${baseUrl} sends its reasoning with no opening tag, then a lone </think>: its next answers start as reasoning (remembered for this endpoint and model)`
            : `${name} at ${baseUrl} answered without reasoning tags: its next answers are not taken as reasoning first (remembered for this endpoint and model)`,
        );
      },
    };
  }

  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    return this.run(request, signal);
  }

  private async *run(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ProviderEvent, void, undefined> {
    const { baseUrl, apiKey } = this.options;
    const model = request.model || this.options.model;
    const context: ErrorContext = { baseUrl, model, apiKey };
    let requestId = generateRequestId();
    let status: number | undefined;
    let attempt = 0;
    let retriesMade = 0;
    let outcome: AttemptOutcome | undefined;
    let sendStreamOptions = !this.capabilities.rejectsStreamOptions(baseUrl);
    let sendPrediction = request.prediction !== undefined && request.prediction !== '' && !this.capabilities.rejectsPrediction(baseUrl, model);
    let receivedOutput = false;
    let watch = new ResponseWatch(() => undefined);
    const client = createOpenAiClient({ baseUrl, apiKey, requestHeaders: this.options.requestHeaders, logger: this.logger, fetch: watchingFetch(() => watch) });
    const end = (reason: 'stop' | 'length' | 'cancelled' | 'error', error?: StreamError): ProviderEnd => {
      const log = redactSecrets(`[${requestId}] POST ${baseUrl}/chat/completions model=${model} status=${status ?? '-'} retries=${retriesMade}`, [apiKey]);
      if (reason === 'error') return { type: 'end', reason, error: { ...error!, requestId: error?.requestId ?? requestId }, log };
      return { type: 'end', reason, log };
    };

    if (signal.aborted) {
      yield end('cancelled');
      return;
    }

    while (true) {
      attempt += 1;
      // Each attempt gets its own controller: the user's cancel and our idle timer both abort it, which
      // closes the HTTP socket (the server stops generating) rather than just stopping to read. One plain
      // signal, the user's abort forwarded to it: the SDK and undici read `signal.aborted` for every chunk,
      // and on an AbortSignal.any() signal each read walks its sources.
      const attemptController = new AbortController();
      const forwardAbort = (): void => attemptController.abort(signal.reason);
      signal.addEventListener('abort', forwardAbort, { once: true });
      if (signal.aborted) forwardAbort();
      let idleFired = false;
      const idle = new IdleWatch(this.scheduler, this.idleTimeoutMs, () => {
        idleFired = true;
        attemptController.abort();
      });
      watch = new ResponseWatch(() => idle.touch());
      const state = () => ({ signal, idleFired, receivedOutput, retriesMade, sendStreamOptions, sendPrediction, context: { ...context, requestId } });
      this.logger.debug(`[${requestId}] POST ${baseUrl}/chat/completions model=${model} attempt=${attempt} streamOptions=${sendStreamOptions} prediction=${sendPrediction}`);
      let iterator: AsyncIterator<ChatCompletionChunk> | undefined;
      try {
        idle.arm();
        let sdkStream: AsyncIterable<ChatCompletionChunk> | undefined;
        try {
          const { data, response } = await client.chat.completions
            .create(this.requestBody(request, model, sendStreamOptions, sendPrediction), { signal: attemptController.signal, maxRetries: 0 })
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
          outcome = this.judge.requestFailed(error, state());
        }

        if (sdkStream) {
          iterator = sdkStream[Symbol.asyncIterator]();
          let finishReason: string | undefined;
          let served = false;
          while (true) {
            idle.arm();
            let next: IteratorResult<ChatCompletionChunk>;
            try {
              next = await iterator.next();
            } catch (error) {
              idle.disarm();
              outcome = this.judge.bodyFailed(error, state());
              break;
            }
            idle.disarm();
            if (next.done) break;
            const chunk = next.value;
            // An alias asked for, the real name served (vLLM's served model name, OpenRouter's routing).
            if (!served && typeof chunk.model === 'string' && chunk.model !== '') {
              served = true;
              if (chunk.model !== model) yield { type: 'served', model: chunk.model };
            }
            const usage = usageOf(chunk.usage);
            if (usage) yield { type: 'usage', usage };
            const choice = firstChoice(chunk.choices);
            if (!choice) continue;
            const reasoning = reasoningOf(choice.delta);
            if (reasoning) {
              receivedOutput = true;
              yield { type: 'reasoning', text: reasoning };
            }
            const text = choice.delta?.content;
            if (typeof text === 'string' && text.length > 0) {
              receivedOutput = true;
              yield { type: 'text', text };
            }
            if (choice.finish_reason) finishReason = choice.finish_reason;
          }
          const body = watch.nonStreamBody;
          if (!outcome && body !== undefined && !signal.aborted && !idleFired) {
            // The SDK saw an empty stream: the server answered with something else.
            const whole = parseWholeCompletion(body);
            if (whole && 'events' in whole) {
              this.logger.info(`[${requestId}] ${baseUrl} does not stream: it answered with a whole chat.completion (${watch.contentType ?? 'no content type'}) although stream: true was asked for; the answer is used as it came.`);
              for (const event of whole.events) {
                if (event.type !== 'usage') receivedOutput = true;
                yield event;
              }
              finishReason = whole.finishReason ?? 'stop';
            } else {
              outcome = { kind: 'finished', reason: 'error', error: whole ? streamEventError(whole.error, state().context) : notStreamingError(state().context, watch.contentType, body) };
            }
          }
          // The SDK ends quietly when its request is aborted, and at [DONE]: find out which it was.
          outcome ??= this.judge.ended(finishReason, watch.sawDone, state());
        }
      } finally {
        idle.dispose();
        signal.removeEventListener('abort', forwardAbort);
        // Leaving early (consumer stopped reading, error, cancel) must still close the socket.
        if (!outcome || outcome.kind !== 'finished' || (outcome.reason !== 'stop' && outcome.reason !== 'length')) attemptController.abort();
        if (iterator?.return) void iterator.return().catch(() => undefined);
      }

      if (outcome!.kind === 'finished') {
        yield end(outcome!.reason, outcome!.error);
        return;
      }
      const retry = outcome!;
      outcome = undefined;
      if (retry.withoutStreamOptions) {
        sendStreamOptions = false;
        this.capabilities.markRejectsStreamOptions(baseUrl);
        this.logger.info(`[${requestId}] ${baseUrl} rejects stream_options; retrying without it (remembered for this endpoint)`);
        continue;
      }
      if (retry.withoutPrediction) {
        sendPrediction = false;
        this.capabilities.markRejectsPrediction(baseUrl, model);
        this.logger.info(`[${requestId}] ${baseUrl} rejects predicted outputs (prediction) for ${model}; retrying without it (remembered for this endpoint and model)`);
        continue;
      }
      retriesMade += 1;
      const delayMs = backoffDelayMs(retriesMade, retry.delayMs, this.options.backoff);
      this.logger.info(`[${requestId}] attempt ${attempt} failed (${describeError(retry.error, apiKey)}); retry ${retriesMade}/${this.judge.maxRetries} in ${Math.round(delayMs)} ms`);
      requestId = generateRequestId();
      if (!(await this.sleep(delayMs, signal))) {
        yield end('cancelled');
        return;
      }
    }
  }

  private requestBody(request: ChatRequest, model: string, withStreamOptions: boolean, withPrediction: boolean): ChatCompletionCreateParamsStreaming {
    // `prefix` is not in the SDK's types (DeepSeek and Mistral read it); the SDK sends the object as is.
    const messages: (ChatCompletionMessageParam & { prefix?: true })[] = [];
    if (this.options.systemPrompt?.trim()) messages.push({ role: 'system', content: this.options.systemPrompt });
    for (const message of request.messages) {
      messages.push(message.prefix ? { role: message.role, content: message.content, prefix: true } : { role: message.role, content: message.content });
    }
    const temperature = request.temperature ?? this.options.temperature;
    const maxTokens = request.maxTokens ?? this.options.maxTokens;
    const effort = this.options.reasoningEffort;
    return {
      // First, so none of them can replace a field set below.
      ...request.extraBody,
      model,
      messages,
      stream: true,
      ...(withStreamOptions ? { stream_options: { include_usage: true } } : {}),
      ...(temperature !== undefined && temperature !== null ? { temperature } : {}),
      // max_tokens rather than max_completion_tokens: most OpenAI-compatible servers only know the former.
      ...(maxTokens !== undefined && maxTokens !== null ? { max_tokens: maxTokens } : {}),
      ...(effort ? { reasoning_effort: effort } : {}),
      ...(withPrediction && request.prediction ? { prediction: { type: 'content', content: request.prediction } } : {}),
    };
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
}

/** Server request ids can be long; the first 12 characters after any "req_" prefix identify it in the log. */
function shortRequestId(id: string | null | undefined): string | undefined {
  if (!id) return undefined;
  return id.replace(/^req_/, '').slice(0, 12);
}

function generateRequestId(): string {
  return `ts-${Math.floor(Math.random() * 0x1000000).toString(16).padStart(6, '0')}`;
}
