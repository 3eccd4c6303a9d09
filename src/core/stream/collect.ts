/** The one consumer loop every surface (editor, chat, tests) uses to turn events into a result. */
import type { GenerationResult, StreamEvent, StreamMetrics, Usage } from '../provider/types';

export interface StreamObserver {
  onUsage?(usage: Usage): void;
  onMetrics?(metrics: StreamMetrics): void;
}

/**
 * Consumes `events`, calling `onDelta` with each text delta, and resolves with the whole generation.
 * Never rejects: a provider that throws or ends without `finish` (a contract breach) becomes an 'error'
 * result that keeps the text received.
 */
export async function consumeStream(
  events: AsyncIterable<StreamEvent>,
  onDelta?: (text: string) => void,
  observer: StreamObserver = {},
): Promise<GenerationResult> {
  const parts: string[] = [];
  let usage: Usage | undefined;
  let metrics: StreamMetrics | undefined;
  try {
    for await (const event of events) {
      switch (event.type) {
        case 'delta':
          parts.push(event.text);
          onDelta?.(event.text);
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
          return {
            text: parts.join(''),
            finishReason: event.reason,
            usage: event.usage ?? usage,
            error: event.error,
            metrics: event.metrics,
          };
      }
    }
    return {
      text: parts.join(''),
      finishReason: 'error',
      usage,
      metrics,
      error: { kind: 'unknown', message: 'The model stream ended without saying why.', action: 'showLog' },
    };
  } catch (error) {
    return {
      text: parts.join(''),
      finishReason: 'error',
      usage,
      metrics,
      error: { kind: 'unknown', message: `The model stream failed: ${error instanceof Error ? error.message : String(error)}.`, action: 'showLog' },
    };
  }
}
