/**
 * The one stream every surface consumes: provider -> ProviderEvent* -> the instrumentation stage
 * (instrument.ts) -> StreamEvent* -> sinks (editor, chat). Pure types: no runtime dependency on VS Code
 * or on any HTTP library.
 */
import type { ErrorAction, FinishReason } from '../../shared/outcomes';

export type { ErrorAction, FinishReason };

export type Role = 'system' | 'user' | 'assistant';

/**
 * How a server is asked to continue a cut answer (see src/core/continue/ContinuationRequest.ts): vLLM's
 * `continue_final_message`, DeepSeek's and Mistral's `prefix`, or the fallback any server takes.
 */
export type ContinuationMode = 'continueFinalMessage' | 'prefix' | 'fallback';

/**
 * What one endpoint has shown about continuing (a provider offers it as `continuation`): the mode to use
 * next, and what to forget about. Shared by every request to that endpoint in a session, so the probe
 * happens once per endpoint.
 */
export interface ContinuationModes {
  /** The mode to try now. */
  next(): ContinuationMode;
  /** The endpoint refused `mode` (a 400 naming its field) or ignored it (`prefillIgnored`): never try it again. */
  refuse(mode: ContinuationMode): void;
}

export interface ChatMessage {
  readonly role: Role;
  readonly content: string;
}

/**
 * A message as sent. `prefix: true` on the final assistant message asks the server to continue that
 * message rather than answer it (DeepSeek's and Mistral's prefix completion; see core/continue).
 */
export interface RequestMessage extends ChatMessage {
  readonly prefix?: true;
}

export interface ChatRequest {
  readonly messages: readonly RequestMessage[];
  /**
   * Fields merged into the request body next to `model`, `messages` and `stream` (a continuation's
   * `continue_final_message`). They never override the fields the provider sets itself.
   */
  readonly extraBody?: Readonly<Record<string, unknown>>;
  /** Overrides the configured model for this request. */
  readonly model?: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
  /**
   * Text the answer will mostly repeat (the code an edit rewrites): sent as OpenAI's predicted output
   * (`prediction: {type: 'content', content}`) where the endpoint accepts it, so unchanged stretches
   * stream faster. Providers that cannot send it ignore it.
   */
  readonly prediction?: string;
}

export interface Usage {
  readonly promptTokens?: number;
  /** Reasoning included: servers count it as completion. */
  readonly completionTokens: number;
  readonly totalTokens?: number;
  /** True when counted locally with a tokenizer because the server sent no usage. */
  readonly estimated: boolean;
}

export interface StreamMetrics {
  /** Request start -> first answer text, in ms; undefined before it. */
  readonly timeToFirstTokenMs?: number;
  /** Request start -> first reasoning text, in ms; undefined when the model sent none (yet). */
  readonly timeToFirstReasoningMs?: number;
  /** Request start -> now (or -> finish), in ms. */
  readonly elapsedMs: number;
  /** Completion tokens so far (reported or estimated), reasoning included. */
  readonly completionTokens: number;
  /** Completion tokens per second since the first output (reasoning or answer); undefined before it. */
  readonly tokensPerSecond?: number;
  readonly estimated: boolean;
}

/** What went wrong, in words a user understands, plus the one action that fixes it. */
export const ERROR_KINDS = [
  'auth',
  'modelNotFound',
  'rateLimited',
  'server',
  'badRequest',
  'connection',
  'dns',
  'timeout',
  'streamError',
  'interrupted',
  'noModels',
  /** A 200 whose body is neither an event stream nor a chat completion (a gateway's login page). */
  'notStreaming',
  /** The provider's content filter stopped the answer. */
  'contentFilter',
  /** The model called a tool; Token Stream offers none. */
  'toolCall',
  /** The stream ended while the model was still thinking: no answer. */
  'reasoningOnly',
  /** A command was called with arguments it cannot use (a prompt that is not a non-empty string, too large). */
  'invalidArgument',
  /** Generate at Cursor was called with no active editor to insert into. */
  'noEditor',
  /** The API key would travel over plain http and the user has not agreed to that for this origin. */
  'consentRequired',
  /** Continue found no cut answer to continue (tokenStream.continue). */
  'nothingToContinue',
  'unknown',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface StreamError {
  readonly kind: ErrorKind;
  /** One sentence, never containing an API key or HTML. */
  readonly message: string;
  readonly action?: ErrorAction;
  readonly status?: number;
  readonly requestId?: string;
}

/** How a stream ends: an `error` end always carries its error. */
export type Ending<Extra> =
  | (Extra & { readonly reason: Exclude<FinishReason, 'error'>; readonly error?: undefined })
  | (Extra & { readonly reason: 'error'; readonly error: StreamError });

/**
 * What a provider yields: only what the server said. Answer text may still open with inline `<think>`
 * tags (servers without a reasoning parser); the stage tells them apart.
 */
export type ProviderEvent =
  | { readonly type: 'text'; readonly text: string }
  /** The model the server says answers (its chunks' `model`), when it is not the one asked for; before any text. */
  | { readonly type: 'served'; readonly model: string }
  | { readonly type: 'reasoning'; readonly text: string }
  | { readonly type: 'usage'; readonly usage: Usage }
  | ProviderEnd;

/**
 * The provider's last event. `log` describes the request for the one line the stage logs at the end
 * (request id, endpoint, status, retries), already free of secrets.
 */
export type ProviderEnd = Ending<{ readonly type: 'end'; readonly log?: string }>;

/**
 * Turns a request and a cancellation signal into raw events. The stream always ends with exactly one
 * `end` event and never throws: failures end with reason 'error', aborts with reason 'cancelled'.
 */
export interface RawProvider {
  readonly id: string;
  /**
   * True when the server is asked to report usage at the end of each answer: the stage then counts tokens
   * only if none arrives, instead of counting every answer while it streams.
   */
  readonly reportsUsage?: boolean;
  /** See LlmProvider.continuation; the stage passes it on. */
  readonly continuation?: ContinuationModes;
  /** What is known of the models' inline `<think>` tags; without it, a tag opens reasoning only when sent. */
  readonly inlineReasoning?: InlineReasoning;
  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ProviderEvent>;
}

/**
 * Whether a model's prompt template opens the reasoning block itself, so that the model sends its
 * reasoning with no opening tag and then a lone `</think>` (see ThinkTagSplitter), learned per endpoint
 * and model.
 */
export interface InlineReasoning {
  /**
   * True when a stream of `model` (the provider's own when undefined) starts inside the reasoning: what
   * was learned for it, else what its name says, or the name the server gave (`served`), when known.
   */
  opened(model: string | undefined, served?: string): boolean;
  /** A stream of `model` showed it: a lone closing tag (true), or it opened none and never closed (false). */
  learn(model: string | undefined, opened: boolean): void;
}

/** What sinks consume: a provider's events after the instrumentation stage. Never contains reasoning in `delta`. */
export type StreamEvent =
  | { readonly type: 'delta'; readonly text: string }
  | { readonly type: 'reasoning'; readonly text: string }
  | { readonly type: 'usage'; readonly usage: Usage }
  | { readonly type: 'metrics'; readonly metrics: StreamMetrics }
  | FinishEvent;

export type FinishEvent = Ending<{
  readonly type: 'finish';
  readonly usage?: Usage;
  readonly metrics: StreamMetrics;
  /**
   * Every 'reasoning' event of this stream was the answer after all, and came again as 'delta' events
   * before this one: the model's template was taken to open a reasoning block, but the stream stopped
   * with no closing tag (a server that hides the reasoning of such a model). Sinks drop this stream's
   * reasoning; one that showed it takes it back.
   */
  readonly reasoningWasAnswer?: true;
}>;

/**
 * A provider as sinks see it (`instrument(rawProvider, ...)`): the stream always ends with exactly one
 * `finish` event and never throws.
 */
export interface LlmProvider {
  readonly id: string;
  /** How this provider's endpoint continues a cut answer (absent: only the fallback any server understands). */
  readonly continuation?: ContinuationModes;
  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
}

/** The result every generate command (editor or chat) resolves with. */
export interface GenerationResult {
  /** The answer; never any of the reasoning. */
  readonly text: string;
  /** What the model thought before answering, when it said. */
  readonly reasoning?: string;
  readonly finishReason: FinishReason;
  readonly usage?: Usage;
  readonly error?: StreamError;
  readonly metrics?: StreamMetrics;
}
