/** Backoff for retries before the first token. Pure: the clock and randomness are parameters. */

export interface BackoffOptions {
  /** First delay before jitter (default 500 ms), doubled per attempt. */
  readonly baseDelayMs?: number;
  /** Upper bound of any wait, also of a server's Retry-After (default 20 s). */
  readonly maxDelayMs?: number;
  /** Returns [0, 1); Math.random by default. */
  readonly random?: () => number;
  /** Epoch ms "now", for Retry-After HTTP dates; Date.now by default. */
  readonly nowEpochMs?: () => number;
}

const DEFAULT_MAX_RETRY_DELAY_MS = 20_000;

/**
 * The server's wish from `retry-after-ms` (ms) or `Retry-After` (seconds or an HTTP date), or undefined
 * when absent or unparsable.
 */
export function retryAfterMs(
  headers: { get(name: string): string | null } | undefined,
  nowEpochMs: () => number = Date.now,
): number | undefined {
  const millis = headers?.get('retry-after-ms');
  if (millis && Number.isFinite(Number(millis)) && Number(millis) >= 0) return Number(millis);
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowEpochMs());
}

/**
 * The wait before retry number `attempt` (1-based): the server's Retry-After when given, otherwise
 * exponential backoff with "full jitter" between half and the whole step, so clients that failed together
 * do not retry together. Always capped by maxDelayMs.
 */
export function backoffDelayMs(attempt: number, serverDelayMs: number | undefined, options: BackoffOptions = {}): number {
  const max = options.maxDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
  if (serverDelayMs !== undefined) return Math.min(Math.max(0, serverDelayMs), max);
  const step = (options.baseDelayMs ?? 500) * 2 ** Math.max(0, attempt - 1);
  const random = options.random ?? Math.random;
  return Math.min(step / 2 + (step / 2) * random(), max);
}
