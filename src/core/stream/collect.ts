/** The consumer loop the chat and tests use to turn events into a result. */
import type { GenerationResult, StreamEvent, StreamMetrics, Usage } from './types';

export interface StreamObserver {
  onReasoning?(text: string): void;
  /** The reasoning passed to onReasoning was the answer after all (FinishEvent.reasoningWasAnswer): take it back. */
  onReasoningRetracted?(): void;
  onUsage?(usage: Usage): void;
  onMetrics?(metrics: StreamMetrics): void;
}

/**
 * Consumes `events`, calling `onDelta` with each piece of answer text, and resolves with the whole
 * generation. Never rejects: a stream that throws or ends without `finish` (a contract breach) becomes an
 * 'error' result that keeps the text received.
 */
export async function consumeStream(
  events: AsyncIterable<StreamEvent>,
  onDelta?: (text: string) => void,
  observer: StreamObserver = {},
): Promise<GenerationResult> {
  const parts: string[] = [];
  const thoughts: string[] = [];
  let usage: Usage | undefined;
  let metrics: StreamMetrics | undefined;
  const partial = (message: string): GenerationResult => ({
    text: parts.join(''),
    ...(thoughts.length ? { reasoning: thoughts.join('') } : {}),
    finishReason: 'error',
    usage,
    metrics,
    error: { kind: 'unknown', message, action: 'showLog' },
  });
  try {
    for await (const event of events) {
      switch (event.type) {
        case 'delta':
          parts.push(event.text);
          onDelta?.(event.text);
          break;
        case 'reasoning':
          thoughts.push(event.text);
          observer.onReasoning?.(event.text);
          break;
        case 'usage':
          usage = event.usage;
          observer.onUsage?.(event.usage);
          break;
        case 'metrics':
          metrics = event.metrics;
          observer.onMetrics?.(event.metrics);
          break;
        case 'finish':
          if (event.reasoningWasAnswer) {
            thoughts.length = 0;
            observer.onReasoningRetracted?.();
          }
          return {
            text: parts.join(''),
            ...(thoughts.length ? { reasoning: thoughts.join('') } : {}),
            finishReason: event.reason,
            usage: event.usage ?? usage,
            error: event.error,
            metrics: event.metrics,
          };
      }
    }
    return partial('The model stream ended without saying why.');
  } catch (error) {
    return partial(`The model stream failed: ${error instanceof Error ? error.message : String(error)}.`);
  }
}
