import type { ProviderEvent, RawProvider, StreamError } from '../core/stream/types';

/** A provider whose stream ends at once with `error`: what a request gets when it cannot even be made. */
export function failedProvider(error: StreamError): RawProvider {
  return {
    id: 'failed',
    async *stream(): AsyncGenerator<ProviderEvent> {
      yield { type: 'end', reason: 'error', error };
    },
  };
}
