/**
 * Which ends of an answer can be continued, and how the rounds of a continued answer add up.
 */
import type { ErrorKind, FinishReason, StreamError, Usage } from '../stream/types';

/**
 * Errors that cut an answer the model was still writing: the connection broke, the server sent an error
 * event, the stream stalled, or it ended without saying why. Not: the content filter or a tool call
 * (the model would do it again), reasoning only (there is no answer to continue), and the errors that
 * come before any answer (a key, a model name, a rate limit).
 */
const CONTINUABLE_ERRORS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['interrupted', 'streamError', 'timeout', 'server', 'connection', 'unknown']);

/**
 * True when an answer that ended like this can be continued: some answer text arrived (`answered`), and
 * it stopped at the token limit or was cut by one of the errors above. A stop by the user is not a cut.
 */
export function isContinuableEnd(reason: FinishReason, error: StreamError | undefined, answered: boolean): boolean {
  if (!answered) return false;
  if (reason === 'length') return true;
  return reason === 'error' && error !== undefined && CONTINUABLE_ERRORS.has(error.kind);
}

/** The usage of two rounds of one answer: both prompts were sent and billed, so everything adds up. */
export function addUsage(before: Usage | undefined, round: Usage | undefined): Usage | undefined {
  if (!before) return round;
  if (!round) return before;
  const prompt = before.promptTokens !== undefined || round.promptTokens !== undefined ? (before.promptTokens ?? 0) + (round.promptTokens ?? 0) : undefined;
  const total = before.totalTokens !== undefined && round.totalTokens !== undefined ? before.totalTokens + round.totalTokens : undefined;
  return {
    ...(prompt !== undefined ? { promptTokens: prompt } : {}),
    completionTokens: before.completionTokens + round.completionTokens,
    ...(total !== undefined ? { totalTokens: total } : {}),
    estimated: before.estimated || round.estimated,
  };
}
