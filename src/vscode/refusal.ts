import type { Logger } from '../core/log';
import type { GenerationResult, LlmProvider, StreamError, StreamEvent } from '../core/stream/types';

/**
 * A request that was never sent (bad settings, no key, no model, arguments a command cannot use): the one
 * log line it gets, shaped like the line of a request that failed (`<what> finish=error error=<kind>:
 * <message>`), so "Show Log" shows every error the same way.
 */
export function logRefusal(logger: Logger, what: string, error: StreamError): void {
  logger.warn(`[not sent] ${what} finish=error error=${error.kind}: ${error.message}`);
}

/** What a command resolves with when it ends before any request: nothing generated, the error says why. */
export function refusedResult(error: StreamError): GenerationResult & { readonly finishReason: 'error'; readonly error: StreamError } {
  return { text: '', finishReason: 'error', error };
}

/** A provider whose stream ends at once with `error`, for callers that consume a stream either way (the chat). */
export function refusedProvider(error: StreamError): LlmProvider {
  return {
    id: 'refused',
    async *stream(): AsyncGenerator<StreamEvent> {
      yield { type: 'finish', reason: 'error', error, metrics: { elapsedMs: 0, completionTokens: 0, estimated: false } };
    },
  };
}
