import { el } from './element';
import type { IncrementalMarkdownRenderer } from './IncrementalMarkdownRenderer';
import type { MessageContext } from './MessageView';
import type { Renderable } from './RenderLoop';
import { ScrollFollower } from './ScrollFollower';
import { ReceivedText, streamedRenderer } from './streamedMarkdown';

/** Where a Thinking block starts. */
export interface ThinkingStart {
  /** The reasoning received so far (restored from the host or the view's state), often empty. */
  readonly reasoning: string;
  /** The user's choice (ChatMessage.reasoningOpen): true open, false folded, absent the default. */
  readonly open?: boolean;
  /** The answer is still streaming, so more reasoning may come. */
  readonly streaming: boolean;
  /** The answer's first chunk has arrived. */
  readonly answered: boolean;
}

let nextBodyId = 0;

/**
 * The Thinking block above an answer: the model's reasoning, rendered live with the answers' renderer and
 * sanitizer, in a body of capped height that follows its own bottom (its own ScrollFollower). It is open
 * while the model thinks and folds by itself when the answer starts, unless the user chose otherwise;
 * that choice is the message's `reasoningOpen`, which the view sends to the host to keep.
 *
 * Its header says "Thinking… N s" while the model thinks and "Thought for N s" after, timed from the
 * arrival of the reasoning in this view; where that is unknown (restored from the host or the view's
 * state), just "Thinking" or "Thoughts".
 */
export class ThinkingBlock implements Renderable {
  readonly element: HTMLElement;
  private readonly toggleButton: HTMLButtonElement;
  private readonly label: HTMLElement;
  private readonly body: HTMLElement;
  private readonly renderer: IncrementalMarkdownRenderer;
  /** The reasoning received from the host: the offset base of streamReasoning. */
  private readonly received: ReceivedText;
  private choice: boolean | undefined;
  /** The answer has started: the block is folded unless the user opened it. */
  private answered: boolean;
  /** Still thinking: the answer streams and has not started. */
  private thinking: boolean;
  private startedAt: number | undefined;
  private durationMs: number | undefined;
  private cancelTick: (() => void) | undefined;
  private follower: ScrollFollower | undefined;

  constructor(
    private readonly context: MessageContext,
    messageId: string,
    start: ThinkingStart,
  ) {
    const document = context.window.document;
    this.choice = start.open;
    this.answered = start.answered;
    this.thinking = start.streaming && !start.answered;
    this.received = new ReceivedText(start.reasoning.length);

    this.element = el(document, 'div', 'reasoning', { role: 'reasoning' });
    this.toggleButton = el(document, 'button', 'reasoning-toggle', { role: 'reasoning-toggle' });
    this.toggleButton.type = 'button';
    this.toggleButton.dataset.action = 'toggle-reasoning';
    this.toggleButton.dataset.id = messageId;
    this.label = el(document, 'span', 'reasoning-label', { role: 'reasoning-label' });
    // The messages are a polite live region: a screen reader should not read the seconds out every second.
    this.label.setAttribute('aria-live', 'off');
    this.toggleButton.append(this.label);
    this.body = el(document, 'div', 'reasoning-body', { role: 'reasoning-body' });
    this.body.id = `reasoning-body-${++nextBodyId}`;
    this.toggleButton.setAttribute('aria-controls', this.body.id);
    const content = el(document, 'div', 'reasoning-content markdown', { role: 'reasoning-content' });
    this.body.append(content);
    this.element.append(this.toggleButton, this.body);

    this.renderer = streamedRenderer(context, this, content, context.reasoningPipeline);
    this.renderer.append(start.reasoning);
    if (start.streaming) {
      this.follower = new ScrollFollower(context.window, this.body, content);
    } else {
      this.renderer.finish();
      context.loop.forget(this);
    }
    this.update();
  }

  /** The reasoning so far. */
  get text(): string {
    return this.renderer.text;
  }

  /** The user's choice, if they made one. */
  get userChoice(): boolean | undefined {
    return this.choice;
  }

  /** Open while the model thinks (or when it gave no answer), folded once the answer starts, unless the user chose. */
  get open(): boolean {
    return this.choice ?? !this.answered;
  }

  render(): void {
    this.renderer.render();
    this.follower?.contentChanged();
  }

  /**
   * Appends reasoning whose `offset` is the reasoning's length before it; text already received is skipped.
   * Returns false when text is missing before it.
   */
  append(text: string, offset: number): boolean {
    if (this.renderer.isFinished) return true;
    const first = this.received.length === 0;
    const fresh = this.received.take(text, offset);
    if (fresh === undefined) return false;
    if (fresh.length === 0) return true;
    this.renderer.append(fresh);
    if (first) {
      // The first sign of life of a thinking model: shown now, and timed from now.
      if (this.thinking) {
        this.startedAt = this.context.scheduler.now();
        this.tick();
      }
      this.render();
      this.context.loop.forget(this);
    }
    return true;
  }

  /** The answer's first chunk arrived: thinking is over, and the block folds unless the user opened it. */
  answerStarted(): void {
    this.answered = true;
    this.stopThinking();
    this.update();
  }

  /** The stream ended. */
  finish(): void {
    this.renderer.finish();
    this.context.loop.forget(this);
    this.follower?.dispose();
    this.follower = undefined;
    this.stopThinking();
    this.update();
  }

  /** The user opened or folded it; returns whether it is open now. */
  toggle(): boolean {
    this.choice = !this.open;
    this.update();
    return this.choice;
  }

  dispose(): void {
    this.cancelTick?.();
    this.cancelTick = undefined;
    this.follower?.dispose();
    this.follower = undefined;
    this.context.loop.forget(this);
  }

  private stopThinking(): void {
    if (!this.thinking) return;
    this.thinking = false;
    this.cancelTick?.();
    this.cancelTick = undefined;
    if (this.startedAt !== undefined) this.durationMs = this.context.scheduler.now() - this.startedAt;
  }

  /** Updates the header once a second, on the second. */
  private tick(): void {
    this.updateLabel();
    const elapsed = this.context.scheduler.now() - this.startedAt!;
    this.cancelTick = this.context.scheduler.schedule(() => this.tick(), 1000 - (elapsed % 1000));
  }

  private update(): void {
    const open = this.open;
    this.element.dataset.state = this.thinking ? 'thinking' : 'done';
    this.toggleButton.setAttribute('aria-expanded', String(open));
    this.toggleButton.title = open ? 'Hide the thinking' : 'Show the thinking';
    this.body.hidden = !open;
    this.updateLabel();
  }

  private updateLabel(): void {
    let text: string;
    if (this.thinking) {
      text = this.startedAt === undefined ? 'Thinking' : `Thinking… ${Math.floor((this.context.scheduler.now() - this.startedAt) / 1000)} s`;
    } else {
      text = this.durationMs === undefined ? 'Thoughts' : `Thought for ${Math.max(1, Math.round(this.durationMs / 1000))} s`;
    }
    this.label.textContent = text;
  }
}
