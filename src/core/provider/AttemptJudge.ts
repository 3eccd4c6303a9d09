/**
 * What one HTTP attempt of the OpenAI-compatible provider came to: a retry (only before any output, since
 * a retry after output would repeat it), or how the stream ends and with which error.
 */
import { APIError } from 'openai';
import type { Logger } from '../log';
import type { StreamError } from '../stream/types';
import { meaningOf } from './completions';
import {
  contentFilterError,
  describeError,
  idleTimeoutError,
  interruptedError,
  isRetryableStatus,
  isPredictionRejection,
  isStreamOptionsRejection,
  networkErrorCode,
  toolCallError,
  toStreamError,
  type ErrorContext,
} from './errors';
import { retryAfterMs } from './retry';

export type AttemptOutcome =
  | { readonly kind: 'finished'; readonly reason: 'stop' | 'length' | 'cancelled'; readonly error?: undefined }
  | { readonly kind: 'finished'; readonly reason: 'error'; readonly error: StreamError }
  | {
      readonly kind: 'retry';
      readonly error: unknown;
      readonly delayMs?: number;
      readonly withoutStreamOptions?: boolean;
      readonly withoutPrediction?: boolean;
    };

/** Where the attempt stood when it ended. */
export interface AttemptState {
  readonly signal: AbortSignal;
  readonly idleFired: boolean;
  /** Answer text or reasoning arrived (in this attempt or an earlier one). */
  readonly receivedOutput: boolean;
  readonly retriesMade: number;
  readonly sendStreamOptions: boolean;
  /** The request carries a predicted output. */
  readonly sendPrediction: boolean;
  readonly context: ErrorContext;
}

export class AttemptJudge {
  constructor(
    private readonly idleTimeoutSeconds: number,
    readonly maxRetries: number,
    private readonly logger: Logger,
    private readonly apiKey: string | undefined,
  ) {}

  /** The request failed before any response body. */
  requestFailed(error: unknown, state: AttemptState): AttemptOutcome {
    const stopped = this.stopped(state);
    if (stopped) return stopped;
    if (state.sendStreamOptions && isStreamOptionsRejection(error)) return { kind: 'retry', error, withoutStreamOptions: true };
    if (state.sendPrediction && isPredictionRejection(error)) return { kind: 'retry', error, withoutPrediction: true };
    const canRetry = state.retriesMade < this.maxRetries;
    const context = { ...state.context, retries: state.retriesMade };
    if (error instanceof APIError && error.status !== undefined) {
      if (isRetryableStatus(error.status) && canRetry) return { kind: 'retry', error, delayMs: retryAfterMs(error.headers) };
      return { kind: 'finished', reason: 'error', error: toStreamError(error, context) };
    }
    const isConnection = networkErrorCode(error) !== undefined || (error instanceof APIError && error.status === undefined);
    if (isConnection && canRetry) return { kind: 'retry', error };
    return { kind: 'finished', reason: 'error', error: toStreamError(error, context) };
  }

  /** Reading the body failed: an error event, a cut connection, a timeout or a cancel. */
  bodyFailed(error: unknown, state: AttemptState): AttemptOutcome {
    const stopped = this.stopped(state);
    if (stopped) return stopped;
    if (error instanceof APIError || error instanceof SyntaxError) {
      return { kind: 'finished', reason: 'error', error: toStreamError(error, state.context) };
    }
    // The socket broke. Before any output a retry cannot duplicate anything.
    if (!state.receivedOutput && state.retriesMade < this.maxRetries) return { kind: 'retry', error };
    this.logger.debug(`[${state.context.requestId ?? '-'}] body read failed: ${describeError(error, this.apiKey)}`);
    return { kind: 'finished', reason: 'error', error: interruptedError(state.context, state.receivedOutput) };
  }

  /**
   * The body ended: with a finish reason, at `data: [DONE]` (complete even without a finish reason), because
   * someone aborted it, or because the server hung up early.
   */
  ended(finishReason: string | undefined, sawDone: boolean, state: AttemptState): AttemptOutcome {
    const stopped = this.stopped(state);
    if (stopped) return stopped;
    if (finishReason) {
      switch (meaningOf(finishReason)) {
        case 'length':
          return { kind: 'finished', reason: 'length' };
        case 'contentFilter':
          return { kind: 'finished', reason: 'error', error: contentFilterError(state.context, state.receivedOutput) };
        case 'toolCall':
          return { kind: 'finished', reason: 'error', error: toolCallError(state.context, state.receivedOutput) };
        case 'stop':
          return { kind: 'finished', reason: 'stop' };
      }
    }
    if (sawDone) return { kind: 'finished', reason: 'stop' };
    if (!state.receivedOutput && state.retriesMade < this.maxRetries) {
      return { kind: 'retry', error: new Error('the stream ended before any data') };
    }
    return { kind: 'finished', reason: 'error', error: interruptedError(state.context, state.receivedOutput) };
  }

  /** The user's cancel and our idle timer win over whatever the SDK made of the abort. */
  private stopped(state: AttemptState): AttemptOutcome | undefined {
    if (state.signal.aborted) return { kind: 'finished', reason: 'cancelled' };
    if (state.idleFired) return { kind: 'finished', reason: 'error', error: idleTimeoutError(this.idleTimeoutSeconds, state.context) };
    return undefined;
  }
}
