import type { ChatMessage, ErrorAction, MessageMetrics } from '../shared/protocol';
import { chipList } from './contextChips';
import { el } from './element';
import type { IncrementalMarkdownRenderer } from './IncrementalMarkdownRenderer';
import type { MarkdownPipeline } from './markdown';
import { renderMessageFooter } from './MessageFooter';
import type { Renderable, RenderLoop } from './RenderLoop';
import type { ViewScheduler } from './scheduler';
import { ReceivedText, streamedRenderer } from './streamedMarkdown';
import { ThinkingBlock } from './ThinkingBlock';

/** What every message of a view shares. */
export interface MessageContext {
  readonly window: Window;
  readonly pipeline: MarkdownPipeline;
  /** For Thinking blocks: reasoning never reaches a document, so its code blocks offer Copy only. */
  readonly reasoningPipeline: MarkdownPipeline;
  readonly loop: RenderLoop;
  readonly scheduler: ViewScheduler;
}

/** How an answer ended, as the host said. */
export interface StreamEnd {
  readonly status: 'done' | 'stopped' | 'error';
  readonly metrics?: MessageMetrics;
  readonly error?: string;
  readonly errorAction?: ErrorAction;
  readonly continuable?: boolean;
  readonly continued?: number;
}

/**
 * One message: a question as plain text with its context chips, or an answer rendered as Markdown as it
 * streams, with its Thinking block above it when the model reasoned, and what goes under it once it has
 * ended (MessageFooter).
 */
export class MessageView implements Renderable {
  readonly element: HTMLElement;
  private readonly document: Document;
  private readonly body: HTMLElement;
  private renderer: IncrementalMarkdownRenderer | undefined;
  private thinking: ThinkingBlock | undefined;
  /** The answer's text received from the host: the chunk offset base. */
  private readonly received: ReceivedText;
  /** The error box and footer currently shown. */
  private footer: HTMLElement[] = [];
  /** Resumed (Continue) and no continued text shown yet. */
  private resumed = false;

  constructor(
    private readonly context: MessageContext,
    private current: ChatMessage,
  ) {
    const document = context.window.document;
    this.document = document;
    const message = current;
    this.element = el(document, 'div', `message message-${message.role}`, { role: 'message' });
    this.element.dataset.messageRole = message.role;
    this.element.dataset.id = message.id;
    const body = el(document, 'div', message.role === 'assistant' ? 'message-body markdown' : 'message-body', { role: 'message-body' });
    this.body = body;
    this.element.append(body);
    this.received = new ReceivedText(message.text.length);
    if (message.role === 'user') {
      body.textContent = message.text;
      if (message.context?.length) this.element.append(chipList(document, message.context, false));
    } else {
      if (message.reasoning) this.addThinking(message.reasoning);
      this.renderer = this.newRenderer();
      this.renderer.append(message.text);
      if (message.status !== 'streaming') {
        this.renderer.finish();
        context.loop.forget(this);
      }
    }
    this.showStatus();
  }

  get id(): string {
    return this.current.id;
  }

  get streaming(): boolean {
    return this.current.status === 'streaming';
  }

  /** The message as it stands, a streaming answer's text and reasoning so far included. */
  get message(): ChatMessage {
    if (!this.renderer) return this.current;
    const message = { ...this.current, text: this.renderer.text };
    if (!this.thinking) return message;
    return { ...message, reasoning: this.thinking.text, reasoningOpen: this.thinking.userChoice };
  }

  render(): void {
    this.renderer?.render();
  }

  /** Appends reasoning like `append` appends answer text, into the Thinking block (created on its first chunk). */
  appendReasoning(text: string, offset: number): boolean {
    if (!this.renderer || !this.streaming) return true;
    if (!this.thinking) {
      if (offset > 0) return false;
      this.addThinking('');
    }
    return this.thinking!.append(text, offset);
  }

  /**
   * The reasoning past its first `length` characters was the answer after all (it arrives as answer
   * text): the Thinking block keeps only those, and goes when none are left. The user's open/folded
   * choice stays.
   */
  retractReasoning(length: number): void {
    const thinking = this.thinking;
    if (!thinking || length >= thinking.text.length) return;
    const kept = thinking.text.slice(0, length);
    const choice = thinking.userChoice;
    thinking.dispose();
    thinking.element.remove();
    this.thinking = undefined;
    const { reasoning: _reasoning, reasoningOpen: _open, ...message } = this.current;
    this.current = { ...message, ...(choice !== undefined ? { reasoningOpen: choice } : {}) };
    if (kept) this.addThinking(kept);
  }

  /** The user opened or folded the Thinking block; returns whether it is open now (undefined: there is none). */
  toggleReasoning(): boolean | undefined {
    return this.thinking?.toggle();
  }

  /**
   * Appends a chunk whose `offset` is the answer's length before it; text already received is skipped.
   * Returns false when text is missing before it (posted while this view did not exist).
   */
  append(text: string, offset: number): boolean {
    if (!this.renderer || !this.streaming) return true;
    const first = this.received.length === 0;
    const fresh = this.received.take(text, offset);
    if (fresh === undefined) return false;
    if (fresh.length === 0) return true;
    this.renderer.append(fresh);
    if (first || this.resumed) {
      // Marks for the benchmark: the first answer text, and the first continued text after Continue.
      mark(this.context.window, `token-stream:${this.resumed ? 'first-continued-chunk' : 'first-chunk'}:${this.id}`);
      this.resumed = false;
      this.thinking?.answerStarted();
      // The first words are what the user waits for: show them now, not on the next animation frame
      // (which a busy page delays). Later chunks are rendered once per frame.
      this.renderer.render();
      this.context.loop.forget(this);
    }
    return true;
  }

  /**
   * The ended answer streams again (Continue): what goes under it goes, and its text is rendered anew as
   * still open (its last code block can grow again), so the next chunks append to it.
   */
  resume(): void {
    if (!this.renderer || this.streaming) return;
    const { error: _error, errorAction: _action, continuable: _continuable, ...message } = this.message;
    this.current = { ...message, status: 'streaming' };
    this.resumed = true;
    this.body.replaceChildren();
    this.renderer = this.newRenderer();
    this.renderer.append(message.text);
    this.renderer.render();
    this.context.loop.forget(this);
    this.showStatus();
  }

  /** The answer ended: renders what is left and what goes under it. */
  end({ status, metrics, error, errorAction, continuable, continued }: StreamEnd): void {
    this.renderer?.finish();
    this.thinking?.finish();
    this.context.loop.forget(this);
    const { continuable: _continuable, continued: _continued, ...message } = this.message;
    this.current = { ...message, status, metrics, error, errorAction, ...(continuable ? { continuable } : {}), ...(continued ? { continued } : {}) };
    const window = this.context.window;
    mark(window, `token-stream:done:${this.id}`);
    measure(window, `token-stream:stream:${this.id}`, `token-stream:first-chunk:${this.id}`, `token-stream:done:${this.id}`);
    this.showStatus();
  }

  remove(): void {
    this.context.loop.forget(this);
    this.thinking?.dispose();
    this.element.remove();
  }

  private newRenderer(): IncrementalMarkdownRenderer {
    return streamedRenderer(this.context, this, this.body, this.context.pipeline);
  }

  private addThinking(reasoning: string): void {
    const m = this.current;
    this.thinking = new ThinkingBlock(this.context, m.id, {
      reasoning,
      open: m.reasoningOpen,
      streaming: m.status === 'streaming',
      answered: this.received.length > 0,
    });
    this.body.before(this.thinking.element);
  }

  private showStatus(): void {
    this.element.dataset.status = this.current.status;
    for (const node of this.footer) node.remove();
    this.footer = renderMessageFooter(this.document, this.current);
    this.element.append(...this.footer);
  }
}

function mark(window: Window, name: string): void {
  try {
    window.performance?.mark?.(name);
  } catch {
    // performance.mark is diagnostics only.
  }
}

function measure(window: Window, name: string, start: string, end: string): void {
  try {
    window.performance?.measure?.(name, start, end);
  } catch {
    // The first-chunk mark is missing when the answer was restored mid-stream.
  }
}
