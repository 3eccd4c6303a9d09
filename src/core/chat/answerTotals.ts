/**
 * The footer numbers of an answer that took several rounds (Continue): what was sent and generated adds
 * up, the time to first token is the first round's, and the rate is over the time spent generating.
 */
import type { Usage } from '../stream/types';
import type { MessageMetrics } from '../../shared/protocol';

export function addMessageMetrics(before: MessageMetrics | undefined, round: MessageMetrics | undefined): MessageMetrics | undefined {
  if (!before) return round;
  if (!round) return before;
  const completionTokens = before.completionTokens + round.completionTokens;
  const seconds = secondsGenerating(before) + secondsGenerating(round);
  const promptTokens = before.promptTokens !== undefined || round.promptTokens !== undefined ? (before.promptTokens ?? 0) + (round.promptTokens ?? 0) : undefined;
  return {
    ...(before.timeToFirstTokenMs !== undefined ? { timeToFirstTokenMs: before.timeToFirstTokenMs } : {}),
    elapsedMs: before.elapsedMs + round.elapsedMs,
    completionTokens,
    ...(promptTokens !== undefined ? { promptTokens } : {}),
    ...(seconds > 0 ? { tokensPerSecond: completionTokens / seconds } : {}),
    estimated: before.estimated || round.estimated,
  };
}

/** The usage an answer's footer numbers stand for (what a continued answer adds its rounds to). */
export function usageOfMetrics(metrics: MessageMetrics | undefined): Usage | undefined {
  if (!metrics) return undefined;
  return {
    ...(metrics.promptTokens !== undefined ? { promptTokens: metrics.promptTokens } : {}),
    completionTokens: metrics.completionTokens,
    estimated: metrics.estimated,
  };
}

function secondsGenerating(metrics: MessageMetrics): number {
  if (metrics.tokensPerSecond === undefined || metrics.tokensPerSecond <= 0) return 0;
  return metrics.completionTokens / metrics.tokensPerSecond;
}
