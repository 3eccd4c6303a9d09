/** Builds an `openai` SDK client that sends exactly what we configured and nothing from the environment. */
import OpenAI from 'openai';
import type { Logger } from '../log';
import { redactSecrets } from './redact';
import type { Fetch } from './ResponseWatch';

/** Sent as the key to servers that need none (loopback): never a real key of another origin. */
const PLACEHOLDER_API_KEY = 'not-needed';

export interface OpenAiClientOptions {
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly requestHeaders?: Readonly<Record<string, string>>;
  readonly logger: Logger;
  /** Time allowed for the response headers; the body is guarded by our own idle timer. */
  readonly timeoutMs?: number;
  /** Replaces the global fetch (the provider's watching fetch). */
  readonly fetch?: Fetch;
}

export function createOpenAiClient(options: OpenAiClientOptions): OpenAI {
  const { logger, apiKey } = options;
  const clean = (args: unknown[]): string => redactSecrets(args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' '), [apiKey]);
  return new OpenAI({
    baseURL: options.baseUrl.trim().replace(/\/+$/, ''),
    apiKey: apiKey || PLACEHOLDER_API_KEY,
    // Explicit nulls: otherwise the SDK reads OPENAI_ORG_ID / OPENAI_PROJECT_ID / OPENAI_ADMIN_KEY from the
    // environment and would send them to whatever host baseUrl names.
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    defaultHeaders: { ...options.requestHeaders },
    // Our provider retries itself: the SDK's retries would replay after partial output and ignore cancel rules.
    maxRetries: 0,
    timeout: options.timeoutMs ?? 10 * 60_000,
    logLevel: 'warn',
    ...(options.fetch ? { fetch: options.fetch } : {}),
    logger: {
      debug: (...args: unknown[]) => logger.debug(`[openai] ${clean(args)}`),
      info: (...args: unknown[]) => logger.debug(`[openai] ${clean(args)}`),
      warn: (...args: unknown[]) => logger.warn(`[openai] ${clean(args)}`),
      error: (...args: unknown[]) => logger.warn(`[openai] ${clean(args)}`),
    },
  });
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
