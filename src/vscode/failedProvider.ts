import type { LlmProvider, StreamError, StreamEvent } from '../core/provider/types';

/** A provider whose stream ends at once with `error`: what a request gets when it cannot even be made. */
export function failedProvider(error: StreamError): LlmProvider {
  return {
    id: 'failed',
    async *stream(): AsyncIterable<StreamEvent> {
      yield { type: 'finish', reason: 'error', error, metrics: { elapsedMs: 0, completionTokens: 0, estimated: true } };
    },
  };
}
