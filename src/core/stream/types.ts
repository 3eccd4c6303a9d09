/**
 * The one stream every surface consumes: provider -> StreamEvent* -> sinks (editor, chat).
 * Pure types: no runtime dependency on VS Code or on any HTTP library.
 */

import type { ErrorAction, FinishReason } from '../../shared/outcomes';

export type { ErrorAction, FinishReason };

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  readonly role: Role;
  readonly content: string;
}

export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  /** Overrides the configured model for this request. */
  readonly model?: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
}

export interface Usage {
  readonly promptTokens?: number;
  readonly completionTokens: number;
  readonly totalTokens?: number;
  /** True when counted locally with a tokenizer because the server sent no usage. */
  readonly estimated: boolean;
}

export interface StreamMetrics {
  /** Request start -> first text delta, in ms; undefined when no text arrived. */
  readonly timeToFirstTokenMs?: number;
  /** Request start -> now (or -> finish), in ms. */
  readonly elapsedMs: number;
  /** Completion tokens so far (reported or estimated). */
  readonly completionTokens: number;
  /** Completion tokens per second since the first token; undefined before it. */
  readonly tokensPerSecond?: number;
  readonly estimated: boolean;
}

/** What went wrong, in words a user understands, plus the one action that fixes it. */
export type ErrorKind =
  | 'auth'
  | 'modelNotFound'
  | 'rateLimited'
  | 'server'
  | 'badRequest'
  | 'connection'
  | 'dns'
  | 'timeout'
  | 'streamError'
  | 'interrupted'
  | 'noModels'
  | 'unknown';

export interface StreamError {
  readonly kind: ErrorKind;
  /** One sentence, never containing an API key or HTML. */
  readonly message: string;
  readonly action?: ErrorAction;
  readonly status?: number;
  readonly requestId?: string;
}

export type StreamEvent =
  | { readonly type: 'delta'; readonly text: string }
  | { readonly type: 'usage'; readonly usage: Usage }
  | { readonly type: 'metrics'; readonly metrics: StreamMetrics }
  | {
      readonly type: 'finish';
      readonly reason: FinishReason;
      readonly error?: StreamError;
      readonly usage?: Usage;
      readonly metrics: StreamMetrics;
    };

/**
 * Turns a request and a cancellation signal into an async stream of events.
 * The stream always ends with exactly one `finish` event and never throws:
 * failures become `finish` with reason 'error', aborts become reason 'cancelled'.
 */
export interface LlmProvider {
  readonly id: string;
  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
}

/** The result every generate command (editor or chat) resolves with. */
export interface GenerationResult {
  readonly text: string;
  readonly finishReason: FinishReason;
  readonly usage?: Usage;
  readonly error?: StreamError;
  readonly metrics?: StreamMetrics;
}
