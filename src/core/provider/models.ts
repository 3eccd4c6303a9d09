/** Lists the model ids an OpenAI-compatible endpoint offers (GET {baseUrl}/models). */
import { nullLogger, type Logger } from '../log';
import { toStreamError } from './errors';
import { createOpenAiClient } from './openAiClient';
import type { StreamError } from '../stream/types';

export interface ListModelsOptions {
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly requestHeaders?: Readonly<Record<string, string>>;
  readonly logger?: Logger;
  /** Give up after this long (default 15 s): a model picker must not hang. */
  readonly timeoutMs?: number;
}

/** Thrown by listModels; `streamError` carries the user-facing sentence and action. */
export class ProviderError extends Error {
  constructor(readonly streamError: StreamError) {
    super(streamError.message);
    this.name = 'ProviderError';
  }
}

/** Sorted, de-duplicated model ids; throws ProviderError (never a raw SDK error). */
export async function listModels(options: ListModelsOptions, signal?: AbortSignal): Promise<string[]> {
  const logger = options.logger ?? nullLogger;
  const client = createOpenAiClient({ ...options, logger, timeoutMs: options.timeoutMs ?? 15_000 });
  const context = { baseUrl: options.baseUrl, model: '', apiKey: options.apiKey };
  const ids = new Set<string>();
  try {
    // Iterating the page follows pagination when a server uses it; most return everything at once.
    for await (const model of client.models.list({ signal, maxRetries: 1 })) {
      if (typeof model.id === 'string' && model.id) ids.add(model.id);
    }
  } catch (error) {
    if (signal?.aborted) throw new ProviderError({ kind: 'unknown', message: 'Listing models was cancelled.' });
    const streamError = toStreamError(error, context);
    // A 404 on /models means the endpoint has no such route, not that a model is missing.
    const mapped: StreamError =
      streamError.status === 404
        ? { kind: 'noModels', message: `${options.baseUrl} does not list its models (HTTP 404): type the model name in tokenStream.model instead.`, action: 'openSettings', status: 404 }
        : streamError;
    logger.warn(`GET ${options.baseUrl}/models failed: ${mapped.message}`);
    throw new ProviderError(mapped);
  }
  if (ids.size === 0) {
    throw new ProviderError({ kind: 'noModels', message: `${options.baseUrl} lists no models: load or pull one on the server first.`, action: 'retry' });
  }
  logger.info(`GET ${options.baseUrl}/models: ${ids.size} models`);
  return [...ids].sort((a, b) => a.localeCompare(b));
}
