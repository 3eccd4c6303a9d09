import { isHostMessage, type Conversation, type HostMessage, type WebviewMessage } from '../shared/protocol';
import { ApplyNotes } from './ApplyNotes';
import { Composer } from './Composer';
import { el } from './element';
import { HistoryPanel } from './HistoryPanel';
import { MarkdownPipeline } from './markdown';
import { MessageActions } from './MessageActions';
import { MessageList } from './MessageList';
import type { StreamEnd } from './MessageView';
import { RenderLoop } from './RenderLoop';
import { browserScheduler, type ViewScheduler } from './scheduler';
import { ScrollFollower } from './ScrollFollower';
import { isPersistedState, ViewState, type PersistedState } from './ViewState';

/** The part of the VS Code webview API the view uses (a fake in tests). */
export interface WebviewApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PersistedState): void;
}

/**
 * The chat view: routes host messages to its parts and wires them together. The parts, one per file:
 * the message list (MessageList, MessageView, ThinkingBlock, MessageFooter, MessageActions), the
 * composer, the history panel, the scroll follower, the render loop and the persisted view state.
 * Takes its window, API and time as parameters so jsdom tests drive the real thing.
 */
export class ChatView {
  private readonly root: HTMLElement;
  private readonly messages: MessageList;
  private readonly composer: Composer;
  private readonly history: HistoryPanel;
  private readonly actions: MessageActions;
  private readonly applyNotes: ApplyNotes;
  private readonly state: ViewState;
  private readonly loop: RenderLoop;
  private follower: ScrollFollower | undefined;

  constructor(
    private readonly window: Window,
    private readonly api: WebviewApi,
    scheduler: ViewScheduler = browserScheduler(window),
  ) {
    const document = window.document;
    const post = (message: WebviewMessage) => api.postMessage(message);
    this.loop = new RenderLoop(scheduler, () => this.afterFrame());
    this.messages = new MessageList({
      window,
      pipeline: new MarkdownPipeline(window),
      reasoningPipeline: new MarkdownPipeline(window, { codeActions: ['copy'] }),
      loop: this.loop,
      scheduler,
    });
    this.applyNotes = new ApplyNotes(document);
    this.actions = new MessageActions(window, scheduler, post, (id) => this.toggleReasoning(id), this.applyNotes);
    this.composer = new Composer(document, {
      send: (text, context) => {
        post({ type: 'send', text, context });
        this.follower?.follow();
        this.state.persist();
      },
      stop: () => this.stop(),
      removeContext: (id) => post({ type: 'removeContext', id }),
      draftChanged: () => this.state.persistSoon(),
    });
    this.history = new HistoryPanel(document, {
      open: (id) => post({ type: 'openConversation', id }),
      delete: (id) => post({ type: 'deleteConversation', id }),
      close: () => this.setHistoryVisible(false),
    });
    this.state = new ViewState(api, scheduler, () => this.snapshot());
    this.root = el(document, 'div', 'chat', { role: 'chat' });
    this.root.append(this.history.element, this.messages.element, this.composer.element);
  }

  /** Attaches to the document, restores persisted state and says `ready`. */
  start(mount: HTMLElement = this.window.document.body): void {
    mount.append(this.root);
    this.composer.attach();
    this.history.attach();
    this.actions.attach(this.messages.element);
    this.follower = new ScrollFollower(this.window, this.messages.element, this.messages.content);
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
        this.history.conversations = m.history;
        this.composer.setContext(m.context);
        this.load(m.conversation);
        this.history.render(this.messages.conversationId);
        break;
      case 'conversationLoaded':
        this.load(m.conversation);
        this.setHistoryVisible(false);
        break;
      case 'streamStart':
        if (!this.messages.start(m)) return;
        this.follower?.follow();
        this.streamingChanged();
        this.state.persist();
        break;
      case 'streamChunk':
        if (!this.messages.append(m.id, m.text, m.offset)) this.api.postMessage({ type: 'ready' });
        break;
      case 'streamReasoning':
        if (!this.messages.appendReasoning(m.id, m.text, m.offset)) this.api.postMessage({ type: 'ready' });
        break;
      case 'reasoningRetracted':
        this.messages.retractReasoning(m.id, m.length);
        this.state.persist();
        break;
      case 'streamResume':
        if (!this.messages.resume(m.id)) {
          // An answer of the conversation on screen that this view does not show: catch up.
          if (m.conversationId === this.messages.conversationId) this.api.postMessage({ type: 'ready' });
          return;
        }
        this.streamingChanged();
        this.state.persist();
        break;
      case 'streamDone':
        this.end(m.id, { status: m.finishReason === 'cancelled' ? 'stopped' : 'done', metrics: m.metrics, continuable: m.continuable, continued: m.continued });
        break;
      case 'streamError':
        this.end(m.id, { status: 'error', metrics: m.metrics, error: m.message, errorAction: m.action, continuable: m.continuable, continued: m.continued });
        break;
      case 'contextChanged':
        this.composer.setContext(m.context);
        this.state.persist();
        break;
      case 'historyChanged':
        this.history.conversations = m.history;
        this.history.render(this.messages.conversationId);
        this.state.persist();
        break;
      case 'showHistory':
        this.setHistoryVisible(m.visible ?? !this.history.visible);
        break;
      case 'applyResult':
        this.applyNotes.result(m);
        break;
    }
  }

  private load(conversation: Conversation): void {
    this.follower?.follow();
    this.messages.load(conversation);
    this.streamingChanged();
    this.state.persist();
  }

  private end(id: string, end: StreamEnd): void {
    if (!this.messages.end(id, end)) return;
    this.streamingChanged();
    this.follower?.contentChanged();
    this.state.persist();
  }

  private toggleReasoning(id: string): void {
    const open = this.messages.toggleReasoning(id);
    if (open === undefined) return;
    this.api.postMessage({ type: 'toggleReasoning', id, open });
    this.state.persist();
  }

  private stop(): void {
    const id = this.messages.streamingId;
    if (id) this.api.postMessage({ type: 'stop', id });
  }

  private streamingChanged(): void {
    const streaming = this.messages.streamingId !== undefined;
    this.composer.setStreaming(streaming);
    this.root.classList.toggle('streaming', streaming);
  }

  private setHistoryVisible(visible: boolean): void {
    this.history.setVisible(visible);
    this.root.classList.toggle('showing-history', visible);
    if (visible) this.history.render(this.messages.conversationId);
    this.state.persist();
  }

  /** After each frame's DOM update: follow the stream (where no ResizeObserver does). */
  private afterFrame(): void {
    this.follower?.contentChanged();
  }

  private restore(state: unknown): void {
    if (!isPersistedState(state)) return;
    this.history.conversations = state.history;
    this.composer.setContext(state.context);
    this.composer.draft = state.draft;
    if (state.conversation) this.load(state.conversation);
    this.history.render(this.messages.conversationId);
    if (state.historyVisible) this.setHistoryVisible(true);
  }

  private snapshot(): PersistedState {
    return {
      version: 1,
      conversation: this.messages.snapshot(),
      history: this.history.conversations,
      context: this.composer.context,
      draft: this.composer.draft,
      historyVisible: this.history.visible,
    };
  }
}
