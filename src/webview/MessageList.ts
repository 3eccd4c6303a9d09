import type { ChatMessage, Conversation, HostMessage } from '../shared/protocol';
import { el } from './element';
import { MessageView, type MessageContext, type StreamEnd } from './MessageView';

type StreamStart = Extract<HostMessage, { type: 'streamStart' }>;

/**
 * The conversation on screen: its messages in order, the answer that streams (at most one), and the
 * empty-state hint. Knows the conversation as the host last described it; answers' growing text lives in
 * their renderers.
 */
export class MessageList {
  /** The scroller. */
  readonly element: HTMLElement;
  /** The messages' own box inside the scroller: its size changes whenever the content grows. */
  readonly content: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly views = new Map<string, MessageView>();
  private conversation: Conversation | undefined;
  private streaming: string | undefined;

  constructor(private readonly context: MessageContext) {
    const document = context.window.document;
    this.element = el(document, 'div', 'messages', { role: 'messages' });
    this.element.setAttribute('aria-live', 'polite');
    this.content = el(document, 'div', 'messages-content', { role: 'messages-content' });
    this.empty = el(document, 'div', 'empty', {
      role: 'empty',
      text: 'Ask a question. Code blocks in answers can be inserted at the cursor.',
    });
    this.element.append(this.content);
    this.content.append(this.empty);
  }

  /** The id of the answer that is streaming, if any. */
  get streamingId(): string | undefined {
    return this.streaming;
  }

  get conversationId(): string | undefined {
    return this.conversation?.id;
  }

  /**
   * The conversation to persist: finished messages in full, a streaming answer as it was when it started
   * (or was loaded), so writing it costs the same however long the answer grows; its text is added once,
   * when it ends.
   */
  snapshot(): Conversation | undefined {
    return this.conversation;
  }

  /** Replaces what is shown; a streaming last message is rendered as far as it got and then continued. */
  load(conversation: Conversation): void {
    for (const view of this.views.values()) view.remove();
    this.views.clear();
    this.conversation = conversation;
    this.streaming = undefined;
    for (const message of conversation.messages) {
      this.add(message);
      // Caught up from the host's snapshot; later chunks continue from message.text.length.
      if (message.status === 'streaming') this.streaming = message.id;
    }
    this.updateEmpty();
    this.context.loop.flush();
  }

  /** An answer begins (with its question when that is new); false when it belongs to another conversation. */
  start(m: StreamStart): boolean {
    if (this.conversation && this.conversation.id !== m.conversationId) return false;
    this.conversation ??= { id: m.conversationId, title: '', createdAt: m.createdAt, updatedAt: m.createdAt, messages: [] };
    const answer: ChatMessage = { id: m.id, role: 'assistant', text: '', status: 'streaming', model: m.model, createdAt: m.createdAt };
    const replaced = m.replaces ? this.views.get(m.replaces) : undefined;
    if (replaced && !this.views.has(m.id)) {
      // A retry: the new answer takes the place of the one it replaces, wherever that is.
      const view = this.add(answer, replaced.element);
      replaced.remove();
      this.views.delete(replaced.id);
      this.conversation = { ...this.conversation, messages: this.conversation.messages.map((x) => (x.id === replaced.id ? view.message : x)) };
    } else {
      const added: ChatMessage[] = [];
      if (m.user && !this.views.has(m.user.id)) added.push(this.add(m.user).message);
      if (!this.views.has(m.id)) added.push(this.add(answer).message);
      const messages = m.replaces ? this.conversation.messages.filter((x) => x.id !== m.replaces) : this.conversation.messages;
      this.conversation = { ...this.conversation, messages: [...messages, ...added] };
    }
    this.streaming = m.id;
    this.updateEmpty();
    this.context.loop.request();
    return true;
  }

  /** A chunk of answer `id`; false when text is missing before it and the view must ask for the state again. */
  append(id: string, text: string, offset: number): boolean {
    return this.views.get(id)?.append(text, offset) ?? true;
  }

  /** See MessageView.retractReasoning. */
  retractReasoning(id: string, length: number): void {
    this.views.get(id)?.retractReasoning(length);
  }

  /** Reasoning of answer `id`; false when reasoning is missing before it. */
  appendReasoning(id: string, text: string, offset: number): boolean {
    return this.views.get(id)?.appendReasoning(text, offset) ?? true;
  }

  /** The user opened or folded the Thinking block of `id`: whether it is open now (undefined: there is none). */
  toggleReasoning(id: string): boolean | undefined {
    const open = this.views.get(id)?.toggleReasoning();
    if (open !== undefined) this.replace(id, (m) => ({ ...m, reasoningOpen: open }));
    return open;
  }

  /** The ended answer `id` streams again (Continue); false when it is not on screen. */
  resume(id: string): boolean {
    const view = this.views.get(id);
    if (!view) return false;
    view.resume();
    this.replace(id, () => view.message);
    this.streaming = id;
    this.context.loop.request();
    return true;
  }

  /** Answer `id` ended; false when it is not on screen. */
  end(id: string, end: StreamEnd): boolean {
    const view = this.views.get(id);
    if (!view) return false;
    view.end(end);
    this.replace(id, () => view.message);
    if (this.streaming === id) this.streaming = undefined;
    return true;
  }

  private replace(id: string, update: (message: ChatMessage) => ChatMessage): void {
    if (!this.conversation) return;
    this.conversation = { ...this.conversation, messages: this.conversation.messages.map((m) => (m.id === id ? update(m) : m)) };
  }

  /** Shows `message` at the end, or before `before`. */
  private add(message: ChatMessage, before?: HTMLElement): MessageView {
    const view = new MessageView(this.context, message);
    if (before) before.before(view.element);
    else this.content.append(view.element);
    this.views.set(message.id, view);
    return view;
  }

  private updateEmpty(): void {
    this.empty.hidden = this.views.size > 0;
  }
}
