import { IncrementalMarkdownRenderer } from './IncrementalMarkdownRenderer';
import type { MarkdownPipeline } from './markdown';
import type { MessageContext } from './MessageView';
import type { Renderable } from './RenderLoop';

/** A renderer for Markdown streamed into `container`, drawn on the view's animation frames as part of `owner`. */
export function streamedRenderer(context: MessageContext, owner: Renderable, container: HTMLElement, pipeline: MarkdownPipeline): IncrementalMarkdownRenderer {
  return new IncrementalMarkdownRenderer({
    window: context.window,
    container,
    pipeline,
    scheduleIdle: context.scheduler.idle,
    onDirty: () => context.loop.markDirty(owner),
  });
}

/**
 * How much of a streamed text a view holds, in characters as the host sent them (before line-ending
 * normalization). Each chunk says where it starts (`offset`, the text's length before it), so a chunk that
 * comes twice, or that the view partly has (rebuilt from its state mid-stream), adds only what is new.
 */
export class ReceivedText {
  constructor(private count: number) {}

  get length(): number {
    return this.count;
  }

  /**
   * The part of the chunk not held yet, from now on counted as held ('' when there is none); undefined
   * when text before the chunk is missing (posted while the view did not exist).
   */
  take(text: string, offset: number): string | undefined {
    if (offset > this.count) return undefined;
    const fresh = text.slice(this.count - offset);
    this.count += fresh.length;
    return fresh;
  }
}
