import type { ErrorAction, FinishReason, StreamMetrics, Usage } from '../stream/types';
import { FRAME_MS, type Scheduler } from '../scheduler';
import type { HostMessage, MessageMetrics } from '../../shared/protocol';

/**
 * Coalesces streamed answer and reasoning deltas into `streamChunk` and `streamReasoning` messages for
 * the chat webview.
 *
 * The first post of a message is made at once (time to first token is what users feel); after that at
 * most one post per frame per message id (reasoning first, then answer text), whatever the token rate,
 * so the webview renders at display rate and the host does not flood postMessage. `post` is never
 * awaited (postMessage can hang, vscode#159431) and its result is ignored: the host's conversation store
 * is the source of truth and a re-created view catches up from `init` thanks to `offset`.
 */
export class ChatStreamBatcher {
  private readonly streams = new Map<string, StreamState>();
  private disposed = false;

  constructor(
    private readonly post: (message: HostMessage) => void,
    private readonly scheduler: Scheduler,
    private readonly frameMs: number = FRAME_MS,
  ) {}

  /** Appends `text` to the answer of message `id`; posts now or within a frame. */
  push(id: string, text: string): void {
    this.append(id, 'answer', text);
  }

  /** Appends `text` to the reasoning of message `id`; posts now or within a frame. */
  pushReasoning(id: string, text: string): void {
    this.append(id, 'reasoning', text);
  }

  /**
   * An ended answer streams again (Continue): its next chunks start at `offset` (the text it has) and its
   * reasoning at `reasoningOffset`.
   */
  resume(id: string, offset: number, reasoningOffset: number): void {
    if (this.disposed) return;
    this.streams.get(id)?.cancelTimer?.();
    this.streams.set(id, newStream(offset, reasoningOffset));
  }

  /**
   * The reasoning of message `id` past `length` was the answer after all: pending reasoning is dropped,
   * the view is told at once (`reasoningRetracted`), and later reasoning continues from `length`.
   */
  retractReasoning(id: string, length: number): void {
    if (this.disposed) return;
    const s = this.streams.get(id);
    if (s) {
      s.reasoning.pending = '';
      s.reasoning.offset = length;
    }
    this.post({ type: 'reasoningRetracted', id, length });
  }

  /** Flushes what is pending for `end.id`, forgets the id and posts `end` (its streamDone or streamError). */
  end(end: Extract<HostMessage, { type: 'streamDone' | 'streamError' }>): void {
    if (this.disposed) return;
    this.flush(end.id);
    this.streams.delete(end.id);
    this.post(end);
  }

  /** Posts whatever is pending for `id` now. */
  private flush(id: string): void {
    const s = this.streams.get(id);
    if (!s || this.disposed) return;
    s.cancelTimer?.();
    s.cancelTimer = undefined;
    this.postPending(id, s, 'reasoning');
    this.postPending(id, s, 'answer');
  }

  /** Posts the pending text of one part of message `id`, if any, at its offset. */
  private postPending(id: string, s: StreamState, part: Part): void {
    const state = s[part];
    if (state.pending.length === 0) return;
    const text = state.pending;
    state.pending = '';
    this.post({ type: part === 'answer' ? 'streamChunk' : 'streamReasoning', id, text, offset: state.offset });
    state.offset += text.length;
    s.lastPostAt = this.scheduler.now();
  }

  /** Flushes and posts `streamDone`; the id is forgotten afterwards. */
  done(id: string, finishReason: FinishReason, metrics?: StreamMetrics, usage?: Usage): void {
    if (this.disposed) return;
    this.flush(id);
    this.streams.delete(id);
    this.post({ type: 'streamDone', id, finishReason, metrics: toMessageMetrics(metrics, usage) });
  }

  /** Flushes and posts `streamError` (the text that arrived stays visible); the id is forgotten. */
  error(id: string, message: string, action?: ErrorAction, metrics?: StreamMetrics, usage?: Usage): void {
    if (this.disposed) return;
    this.flush(id);
    this.streams.delete(id);
    this.post({ type: 'streamError', id, message, action, metrics: toMessageMetrics(metrics, usage) });
  }

  /** Cancels every timer; pending text is dropped (the host's store still has it). */
  dispose(): void {
    this.disposed = true;
    for (const s of this.streams.values()) s.cancelTimer?.();
    this.streams.clear();
  }

  /** Appends `text` to one part of message `id`; posts now or within a frame. */
  private append(id: string, part: Part, text: string): void {
    if (this.disposed || text.length === 0) return;
    let s = this.streams.get(id);
    if (!s) {
      s = newStream(0, 0);
      this.streams.set(id, s);
    }
    s[part].pending += text;
    this.schedule(id, s);
  }

  private schedule(id: string, s: StreamState): void {
    if (s.cancelTimer) return; // a flush is already due this frame
    const wait = s.lastPostAt + this.frameMs - this.scheduler.now();
    if (wait <= 0) {
      this.flush(id);
    } else {
      s.cancelTimer = this.scheduler.schedule(() => {
        s.cancelTimer = undefined;
        this.flush(id);
      }, wait);
    }
  }
}

/** The two texts a message streams: its answer (streamChunk) and its reasoning (streamReasoning). */
type Part = 'answer' | 'reasoning';

interface PartState {
  /** Characters already posted. */
  offset: number;
  pending: string;
}

interface StreamState {
  readonly answer: PartState;
  readonly reasoning: PartState;
  lastPostAt: number;
  cancelTimer?: () => void;
}

function newStream(offset: number, reasoningOffset: number): StreamState {
  return { answer: { offset, pending: '' }, reasoning: { offset: reasoningOffset, pending: '' }, lastPostAt: Number.NEGATIVE_INFINITY };
}

/** Core metrics (+ final usage) in the protocol's shape. */
export function toMessageMetrics(metrics?: StreamMetrics, usage?: Usage): MessageMetrics | undefined {
  if (!metrics && !usage) return undefined;
  return {
    timeToFirstTokenMs: metrics?.timeToFirstTokenMs,
    elapsedMs: metrics?.elapsedMs ?? 0,
    completionTokens: usage?.completionTokens ?? metrics?.completionTokens ?? 0,
    promptTokens: usage?.promptTokens,
    tokensPerSecond: metrics?.tokensPerSecond,
    estimated: usage?.estimated ?? metrics?.estimated ?? true,
  };
}
