import {
  isHostMessage,
  isOpenableLink,
  type ChatMessage,
  type ContextChip,
  type Conversation,
  type ConversationSummary,
  type ErrorAction,
  type HostMessage,
  type MessageMetrics,
  type WebviewMessage,
} from '../shared/protocol';
import { IncrementalMarkdownRenderer } from './IncrementalMarkdownRenderer';
import { languageOf, MarkdownPipeline } from './markdown';

/** The part of the VS Code webview API the view uses (a fake in tests). */
export interface WebviewApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PersistedState): void;
}

/** What survives the view being hidden and re-created (vscode.setState). */
export interface PersistedState {
  readonly version: 1;
  readonly conversation?: Conversation;
  readonly history: readonly ConversationSummary[];
  readonly context: readonly ContextChip[];
  readonly draft: string;
  readonly historyVisible: boolean;
}

interface MessageView {
  message: ChatMessage;
  readonly element: HTMLElement;
  readonly body: HTMLElement;
  renderer?: IncrementalMarkdownRenderer;
  /** Characters received from the host (before line-ending normalization): the chunk offset base. */
  received: number;
}

const ERROR_ACTION_LABELS: Record<Exclude<ErrorAction, 'retry'>, string> = {
  setApiKey: 'Set API Key',
  selectModel: 'Select Model',
  showLog: 'Show Log',
  openSettings: 'Open Settings',
};

/** Pixels from the bottom that still count as "at the bottom" for auto-scroll. */
const STICK_THRESHOLD = 32;
/** While streaming, the conversation is persisted at most this often (it is O(text) each time). */
const PERSIST_INTERVAL_MS = 1000;

/**
 * The chat view: messages, input, context chips and history, driven by host messages.
 * Takes its window and API as parameters so jsdom tests drive the real thing.
 */
export class ChatView {
  private readonly document: Document;
  private readonly pipeline: MarkdownPipeline;
  private conversation: Conversation | undefined;
  private history: readonly ConversationSummary[] = [];
  private context: readonly ContextChip[] = [];
  private historyVisible = false;
  private readonly views = new Map<string, MessageView>();
  private streamingId: string | undefined;
  private stickToBottom = true;
  /** scrollTop after the last scroll we made or saw: a smaller one next time means the user scrolled up. */
  private lastScrollTop = 0;
  /** Follows the content's growth after layout (absent in jsdom: then the frame callback follows). */
  private resizeObserver: ResizeObserver | undefined;
  private frameRequested = false;
  private readonly dirty = new Set<MessageView>();
  private lastPersist = 0;
  private persistTimer: number | undefined;

  private readonly root: HTMLElement;
  private readonly messagesEl: HTMLElement;
  /** The messages' own box inside the scroller: its size changes whenever the content grows. */
  private readonly contentEl: HTMLElement;
  private readonly emptyEl: HTMLElement;
  private readonly chipsEl: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly historyEl: HTMLElement;
  private readonly historyList: HTMLElement;

  constructor(
    private readonly window: Window,
    private readonly api: WebviewApi,
    private readonly requestFrame: (fn: () => void) => void = (fn) => void window.requestAnimationFrame(() => fn()),
  ) {
    this.document = window.document;
    this.pipeline = new MarkdownPipeline(window);
    const d = this.document;
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, role?: string) => {
      const e = d.createElement(tag);
      e.className = className;
      if (role) e.dataset.role = role;
      return e;
    };

    this.root = el('div', 'chat', 'chat');
    this.messagesEl = el('div', 'messages', 'messages');
    this.messagesEl.setAttribute('aria-live', 'polite');
    this.contentEl = el('div', 'messages-content', 'messages-content');
    this.emptyEl = el('div', 'empty', 'empty');
    this.emptyEl.textContent = 'Ask a question. Code blocks in answers can be inserted at the cursor.';

    this.historyEl = el('section', 'history', 'history');
    this.historyEl.hidden = true;
    const historyHeader = el('div', 'history-header');
    const historyTitle = el('h2', 'history-title');
    historyTitle.textContent = 'History';
    const back = el('button', 'link-button', 'history-close');
    back.type = 'button';
    back.dataset.action = 'close-history';
    back.textContent = 'Back to Chat';
    historyHeader.append(historyTitle, back);
    this.historyList = el('ul', 'history-list', 'history-list');
    this.historyEl.append(historyHeader, this.historyList);

    const composer = el('div', 'composer', 'composer');
    this.chipsEl = el('div', 'chips', 'context-chips');
    const inputRow = el('div', 'input-row');
    this.input = el('textarea', 'input', 'input');
    this.input.rows = 1;
    this.input.placeholder = 'Ask about your code (Enter to send, Shift+Enter for a new line)';
    this.input.setAttribute('aria-label', 'Message');
    this.sendButton = el('button', 'send', 'send');
    this.sendButton.type = 'button';
    inputRow.append(this.input, this.sendButton);
    composer.append(this.chipsEl, inputRow);

    this.root.append(this.historyEl, this.messagesEl, composer);
    this.messagesEl.append(this.contentEl);
    this.contentEl.append(this.emptyEl);
    this.updateComposer();
  }

  /** Attaches to the document, restores persisted state and says `ready`. */
  start(mount: HTMLElement = this.document.body): void {
    mount.append(this.root);
    this.root.addEventListener('click', (e) => this.onClick(e));
    this.input.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.input.addEventListener('input', () => {
      this.autosize();
      this.persistSoon();
    });
    this.messagesEl.addEventListener('scroll', () => this.onScroll());
    const Observer = (this.window as Window & { ResizeObserver?: typeof ResizeObserver }).ResizeObserver;
    if (Observer) {
      // Runs after the browser's own layout of the frame, so reading the scroller's size here is free;
      // reading it in the animation-frame callback forced a synchronous layout of the whole conversation
      // on every frame. It also covers the view being resized (the scroller) and restored conversations.
      this.resizeObserver = new Observer(() => this.followBottom());
      this.resizeObserver.observe(this.contentEl);
      this.resizeObserver.observe(this.messagesEl);
    }
    this.window.addEventListener('message', (e: MessageEvent) => this.handle(e.data));
    this.restore(this.api.getState());
    this.api.postMessage({ type: 'ready' });
  }

  /** One host message; anything malformed is ignored. */
  handle(data: unknown): void {
    if (!isHostMessage(data)) return;
    const m: HostMessage = data;
    switch (m.type) {
      case 'init':
        this.history = m.history;
        this.context = m.context;
        this.loadConversation(m.conversation);
        this.renderHistory();
        this.renderChips();
        break;
      case 'conversationLoaded':
        this.loadConversation(m.conversation);
        this.setHistoryVisible(false);
        break;
      case 'streamStart':
        this.onStreamStart(m);
        break;
      case 'streamChunk':
        this.onChunk(m.id, m.text, m.offset);
        break;
      case 'streamDone':
        this.endStream(m.id, m.finishReason === 'cancelled' ? 'stopped' : 'done', m.metrics);
        break;
      case 'streamError':
        this.endStream(m.id, 'error', m.metrics, m.message, m.action);
        break;
      case 'contextChanged':
        this.context = m.context;
        this.renderChips();
        this.persist();
        break;
      case 'historyChanged':
        this.history = m.history;
        this.renderHistory();
        this.persist();
        break;
      case 'showHistory':
        this.setHistoryVisible(m.visible ?? !this.historyVisible);
        break;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Conversation rendering

  private loadConversation(conversation: Conversation): void {
    for (const view of this.views.values()) view.element.remove();
    this.views.clear();
    this.dirty.clear();
    this.conversation = conversation;
    this.streamingId = undefined;
    for (const message of conversation.messages) {
      const view = this.addMessage(message);
      if (message.status === 'streaming') {
        // Caught up from the host's snapshot; later chunks continue from message.text.length.
        this.streamingId = message.id;
        this.markDirty(view);
      }
    }
    this.stickToBottom = true;
    this.updateEmpty();
    this.updateComposer();
    this.flushFrame();
    this.persist();
  }

  private addMessage(message: ChatMessage): MessageView {
    const d = this.document;
    const element = d.createElement('div');
    element.className = `message message-${message.role}`;
    element.dataset.role = 'message';
    element.dataset.messageRole = message.role;
    element.dataset.id = message.id;
    const body = d.createElement('div');
    body.className = message.role === 'assistant' ? 'message-body markdown' : 'message-body';
    body.dataset.role = 'message-body';
    element.append(body);
    const view: MessageView = { message, element, body, received: message.text.length };
    if (message.role === 'user') {
      body.textContent = message.text;
      if (message.context?.length) element.append(this.chipList(message.context, false));
    } else {
      view.renderer = new IncrementalMarkdownRenderer({
        window: this.window,
        container: body,
        pipeline: this.pipeline,
        onDirty: () => this.markDirty(view),
      });
      view.renderer.append(message.text);
      if (message.status !== 'streaming') {
        view.renderer.finish();
        this.dirty.delete(view);
      }
    }
    this.applyStatus(view);
    this.contentEl.append(element);
    this.views.set(message.id, view);
    return view;
  }

  private onStreamStart(m: Extract<HostMessage, { type: 'streamStart' }>): void {
    if (this.conversation && this.conversation.id !== m.conversationId) return;
    if (!this.conversation) {
      this.conversation = { id: m.conversationId, title: '', createdAt: m.createdAt, updatedAt: m.createdAt, messages: [] };
    }
    if (m.replaces) {
      const old = this.views.get(m.replaces);
      old?.element.remove();
      this.views.delete(m.replaces);
      this.setMessages(this.conversation.messages.filter((x) => x.id !== m.replaces));
    }
    const added: ChatMessage[] = [];
    if (m.user && !this.views.has(m.user.id)) {
      this.addMessage(m.user);
      added.push(m.user);
    }
    if (!this.views.has(m.id)) {
      const assistant: ChatMessage = { id: m.id, role: 'assistant', text: '', status: 'streaming', model: m.model, createdAt: m.createdAt };
      this.addMessage(assistant);
      added.push(assistant);
    }
    this.setMessages([...this.conversation.messages, ...added]);
    this.streamingId = m.id;
    this.stickToBottom = true;
    this.updateEmpty();
    this.updateComposer();
    this.scheduleFrame();
    this.persist();
  }

  private onChunk(id: string, text: string, offset: number): void {
    const view = this.views.get(id);
    if (!view?.renderer || view.message.status !== 'streaming') return;
    const have = view.received;
    if (offset > have) {
      // Text went missing (posted while this view did not exist): ask for the full state again.
      this.api.postMessage({ type: 'ready' });
      return;
    }
    const fresh = text.slice(have - offset);
    if (fresh.length === 0) return;
    view.received += fresh.length;
    view.renderer.append(fresh);
    view.message = { ...view.message, text: view.renderer.text };
    if (have === 0) {
      mark(this.window, `token-stream:first-chunk:${id}`);
      // The first words are what the user waits for: show them now, not on the next animation frame
      // (which a busy page delays). Later chunks are rendered once per frame.
      view.renderer.render();
      this.dirty.delete(view);
    }
  }

  private endStream(
    id: string,
    status: 'done' | 'stopped' | 'error',
    metrics?: MessageMetrics,
    error?: string,
    errorAction?: ErrorAction,
  ): void {
    const view = this.views.get(id);
    if (!view) return;
    view.renderer?.finish();
    this.dirty.delete(view);
    view.message = { ...view.message, text: view.renderer?.text ?? view.message.text, status, metrics, error, errorAction };
    this.replaceMessage(view.message);
    if (this.streamingId === id) this.streamingId = undefined;
    mark(this.window, `token-stream:done:${id}`);
    measure(this.window, `token-stream:stream:${id}`, `token-stream:first-chunk:${id}`, `token-stream:done:${id}`);
    this.applyStatus(view);
    this.updateComposer();
    if (!this.resizeObserver) this.followBottom();
    this.persist();
  }

  /** Footer, stopped marker and error box for one message. */
  private applyStatus(view: MessageView): void {
    const { element, message } = view;
    element.dataset.status = message.status;
    element.querySelector(':scope > .message-footer')?.remove();
    element.querySelector(':scope > .message-error')?.remove();
    if (message.role !== 'assistant' || message.status === 'streaming') return;
    const d = this.document;
    if (message.status === 'error') {
      const box = d.createElement('div');
      box.className = 'message-error';
      box.dataset.role = 'message-error';
      box.setAttribute('role', 'alert');
      const text = d.createElement('span');
      text.className = 'message-error-text';
      text.textContent = message.error ?? 'The request failed.';
      box.append(text, this.button('Retry', 'retry', 'retry', message.id));
      if (message.errorAction && message.errorAction !== 'retry') {
        const action = this.button(ERROR_ACTION_LABELS[message.errorAction], 'error-action', 'error-action', message.id);
        action.dataset.errorAction = message.errorAction;
        box.append(action);
      }
      element.append(box);
    }
    const parts: string[] = [];
    if (message.status === 'stopped') parts.push('Stopped');
    const m = message.metrics;
    if (m) {
      if (m.timeToFirstTokenMs !== undefined) parts.push(`${formatSeconds(m.timeToFirstTokenMs)} to first token`);
      const approx = m.estimated ? '~' : '';
      if (m.completionTokens > 0) parts.push(`${approx}${m.completionTokens} tokens`);
      if (m.tokensPerSecond !== undefined && m.tokensPerSecond > 0) parts.push(`${approx}${m.tokensPerSecond.toFixed(1)} tokens/s`);
    }
    if (parts.length === 0) return;
    const footer = d.createElement('div');
    footer.className = 'message-footer';
    footer.dataset.role = 'message-footer';
    for (const [i, part] of parts.entries()) {
      const span = d.createElement('span');
      span.textContent = part;
      if (part === 'Stopped') {
        span.className = 'badge badge-stopped';
        span.dataset.role = 'stopped';
      }
      if (i > 0) footer.append(d.createTextNode(' · '));
      footer.append(span);
    }
    if (m?.estimated) {
      const est = d.createElement('span');
      est.className = 'estimated';
      est.dataset.role = 'estimated';
      est.title = 'Counted locally: the server reported no usage';
      est.textContent = ' (estimated)';
      footer.append(est);
    }
    element.append(footer);
  }

  // -------------------------------------------------------------------------------------------
  // Frames and scrolling

  private markDirty(view: MessageView): void {
    this.dirty.add(view);
    this.scheduleFrame();
  }

  private scheduleFrame(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    this.requestFrame(() => this.flushFrame());
  }

  /** One DOM update per frame: every dirty renderer, then auto-scroll. */
  private flushFrame(): void {
    this.frameRequested = false;
    for (const view of this.dirty) view.renderer?.render();
    this.dirty.clear();
    if (!this.resizeObserver) this.followBottom();
    if (this.streamingId) this.persistSoon();
  }

  /** Keeps the newest text in view while the user has not scrolled away from the bottom. */
  private followBottom(): void {
    if (!this.stickToBottom) return;
    const el = this.messagesEl;
    const bottom = el.scrollHeight - el.clientHeight;
    if (el.scrollTop < bottom) el.scrollTop = bottom;
    this.lastScrollTop = el.scrollTop;
  }

  /**
   * Our own scrolls only move down; a scroll up is the user's (or the content shrinking) and stops the
   * following unless it ends at the bottom; scrolling back to the bottom resumes it.
   */
  private onScroll(): void {
    const top = this.messagesEl.scrollTop;
    if (top < this.lastScrollTop - 1 || !this.stickToBottom) this.stickToBottom = this.isAtBottom();
    this.lastScrollTop = top;
  }

  private isAtBottom(): boolean {
    const el = this.messagesEl;
    return el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_THRESHOLD;
  }

  // -------------------------------------------------------------------------------------------
  // Input

  private onKeyDown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.send();
    } else if (e.key === 'Escape' && this.streamingId) {
      e.preventDefault();
      this.stop();
    }
  }

  private send(): void {
    const text = this.input.value.trim();
    if (!text || this.streamingId) return;
    this.api.postMessage({ type: 'send', text, context: this.context });
    this.input.value = '';
    this.autosize();
    this.stickToBottom = true;
    this.persist();
  }

  private stop(): void {
    if (this.streamingId) this.api.postMessage({ type: 'stop', id: this.streamingId });
  }

  private updateComposer(): void {
    const streaming = this.streamingId !== undefined;
    this.sendButton.dataset.role = streaming ? 'stop' : 'send';
    this.sendButton.dataset.action = streaming ? 'stop' : 'send';
    this.sendButton.textContent = streaming ? 'Stop' : 'Send';
    this.sendButton.title = streaming ? 'Stop (Escape)' : 'Send (Enter)';
    this.sendButton.classList.toggle('stop', streaming);
    this.root.classList.toggle('streaming', streaming);
  }

  private autosize(): void {
    // rows, not style.height: keeps the textarea growing without inline styles.
    const lines = this.input.value.split('\n').length;
    this.input.rows = Math.min(Math.max(lines, 1), 10);
  }

  private onClick(e: Event): void {
    const target = e.target as Element | null;
    if (!target) return;
    const link = target.closest('a');
    if (link && this.messagesEl.contains(link)) {
      e.preventDefault();
      const href = link.getAttribute('href');
      if (href && isOpenableLink(href)) this.api.postMessage({ type: 'openLink', href });
      return;
    }
    const button = target.closest<HTMLElement>('[data-action]');
    if (!button) return;
    const id = button.dataset.id ?? '';
    switch (button.dataset.action) {
      case 'send':
        this.send();
        break;
      case 'stop':
        this.stop();
        break;
      case 'retry':
        this.api.postMessage({ type: 'retry', id });
        break;
      case 'error-action':
        this.api.postMessage({ type: 'errorAction', id, action: button.dataset.errorAction as ErrorAction });
        break;
      case 'remove-context':
        this.context = this.context.filter((c) => c.id !== id);
        this.renderChips();
        this.api.postMessage({ type: 'removeContext', id });
        break;
      case 'open-conversation':
        this.api.postMessage({ type: 'openConversation', id });
        break;
      case 'delete-conversation':
        this.api.postMessage({ type: 'deleteConversation', id });
        break;
      case 'close-history':
        this.setHistoryVisible(false);
        break;
      case 'insert':
      case 'copy':
      case 'open':
        this.codeAction(button, button.dataset.action);
        break;
    }
  }

  private codeAction(button: HTMLElement, action: 'insert' | 'copy' | 'open'): void {
    const code = button.closest('.code-block')?.querySelector('pre > code');
    if (!code) return;
    const text = code.textContent ?? '';
    const language = languageOf(code);
    if (action === 'insert') this.api.postMessage({ type: 'insertCode', code: text, language });
    else if (action === 'open') this.api.postMessage({ type: 'openInEditor', code: text, language });
    else void this.copy(text, button);
  }

  private async copy(text: string, button: HTMLElement): Promise<void> {
    try {
      await this.window.navigator.clipboard.writeText(text);
    } catch {
      this.api.postMessage({ type: 'copyCode', code: text });
    }
    button.textContent = 'Copied';
    this.window.setTimeout(() => (button.textContent = 'Copy'), 1500);
  }

  // -------------------------------------------------------------------------------------------
  // Chips and history

  private renderChips(): void {
    this.chipsEl.replaceChildren(...(this.context.length ? [this.chipList(this.context, true)] : []));
    this.chipsEl.hidden = this.context.length === 0;
  }

  private chipList(chips: readonly ContextChip[], removable: boolean): HTMLElement {
    const d = this.document;
    const list = d.createElement('div');
    list.className = 'chip-list';
    for (const chip of chips) {
      const el = d.createElement('span');
      el.className = 'chip';
      el.dataset.role = 'context-chip';
      el.dataset.id = chip.id;
      if (chip.description) el.title = chip.description;
      const label = d.createElement('span');
      label.className = 'chip-label';
      label.textContent = chip.label;
      el.append(label);
      if (chip.language) {
        const lang = d.createElement('span');
        lang.className = 'chip-language';
        lang.textContent = chip.language;
        el.append(lang);
      }
      if (removable) {
        const remove = this.button('×', 'remove-context', 'context-remove', chip.id);
        remove.classList.add('chip-remove');
        remove.title = `Remove ${chip.label}`;
        remove.setAttribute('aria-label', `Remove ${chip.label}`);
        el.append(remove);
      }
      list.append(el);
    }
    return list;
  }

  private renderHistory(): void {
    const d = this.document;
    const items = this.history.map((h) => {
      const li = d.createElement('li');
      li.className = 'history-item';
      if (h.id === this.conversation?.id) li.classList.add('current');
      const open = this.button('', 'open-conversation', 'history-item', h.id);
      open.classList.add('history-open');
      const title = d.createElement('span');
      title.className = 'history-item-title';
      title.textContent = h.title || 'Untitled';
      const date = d.createElement('span');
      date.className = 'history-item-date';
      date.textContent = formatDate(h.updatedAt);
      open.append(title, date);
      const del = this.button('×', 'delete-conversation', 'history-delete', h.id);
      del.classList.add('history-delete');
      del.title = 'Delete';
      del.setAttribute('aria-label', `Delete ${h.title}`);
      li.append(open, del);
      return li;
    });
    if (items.length === 0) {
      const li = d.createElement('li');
      li.className = 'history-empty';
      li.textContent = 'No conversations yet.';
      items.push(li);
    }
    this.historyList.replaceChildren(...items);
  }

  private setHistoryVisible(visible: boolean): void {
    this.historyVisible = visible;
    this.historyEl.hidden = !visible;
    this.root.classList.toggle('showing-history', visible);
    if (visible) this.renderHistory();
    this.persist();
  }

  private updateEmpty(): void {
    this.emptyEl.hidden = this.views.size > 0;
  }

  private button(label: string, action: string, role: string, id?: string): HTMLButtonElement {
    const b = this.document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.dataset.action = action;
    b.dataset.role = role;
    if (id !== undefined) b.dataset.id = id;
    return b;
  }

  // -------------------------------------------------------------------------------------------
  // State

  private setMessages(messages: readonly ChatMessage[]): void {
    if (this.conversation) this.conversation = { ...this.conversation, messages };
  }

  private replaceMessage(message: ChatMessage): void {
    if (!this.conversation) return;
    this.setMessages(this.conversation.messages.map((m) => (m.id === message.id ? message : m)));
  }

  private restore(state: unknown): void {
    if (!isPersistedState(state)) return;
    this.history = state.history;
    this.context = state.context;
    this.input.value = state.draft;
    this.autosize();
    if (state.conversation) this.loadConversation(state.conversation);
    this.renderChips();
    this.renderHistory();
    if (state.historyVisible) this.setHistoryVisible(true);
  }

  private persist(): void {
    if (this.persistTimer !== undefined) this.window.clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    this.lastPersist = Date.now();
    let conversation = this.conversation;
    if (conversation) {
      // Streaming text lives in the renderers; fold it in.
      conversation = {
        ...conversation,
        messages: conversation.messages.map((m) => {
          const view = this.views.get(m.id);
          return view?.renderer ? { ...view.message, text: view.renderer.text } : m;
        }),
      };
    }
    this.api.setState({
      version: 1,
      conversation,
      history: this.history,
      context: this.context,
      draft: this.input.value,
      historyVisible: this.historyVisible,
    });
  }

  /** Persists within PERSIST_INTERVAL_MS (serializing a long answer every frame would be quadratic). */
  private persistSoon(): void {
    if (this.persistTimer !== undefined) return;
    const wait = Math.max(0, this.lastPersist + PERSIST_INTERVAL_MS - Date.now());
    this.persistTimer = this.window.setTimeout(() => this.persist(), wait);
  }
}

function isPersistedState(v: unknown): v is PersistedState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Partial<PersistedState>;
  return (
    s.version === 1 &&
    Array.isArray(s.history) &&
    Array.isArray(s.context) &&
    typeof s.draft === 'string' &&
    typeof s.historyVisible === 'boolean' &&
    // Reuse the protocol's validation for the conversation shape.
    (s.conversation === undefined ||
      isHostMessage({ type: 'conversationLoaded', conversation: s.conversation }))
  );
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function formatDate(epochMs: number): string {
  const date = new Date(epochMs);
  const now = new Date();
  if (date.toDateString() === now.toDateString()) {
    return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  }
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
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
