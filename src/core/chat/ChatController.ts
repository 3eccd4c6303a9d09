import type { ChatMessage as ModelMessage, GenerationResult, LlmProvider } from '../stream/types';
import { consumeStream } from '../stream/collect';
import type { Logger } from '../log';
import type { Scheduler } from '../scheduler';
import { ChatStreamBatcher, toMessageMetrics } from '../sinks/ChatStreamBatcher';
import type { ContextChip, HostMessage, MessageStatus } from '../../shared/protocol';
import { type ConversationStore, newId, type StoredMessage, viewOf } from './ConversationStore';

/** An attached piece of editor context: the chip the view shows plus the text sent with the question. */
export interface ContextItem extends ContextChip {
  readonly content: string;
}

export interface ChatControllerPorts {
  /** Posts to the webview; never awaited, a no-op while no view is ready (it catches up from `init`). */
  post(message: HostMessage): void;
  /** The provider for the next answer, built from the settings of the moment. */
  createProvider(): Promise<LlmProvider>;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
}

/** How many earlier messages are sent along with a question. */
const HISTORY_MESSAGES = 20;

interface RunningAnswer {
  readonly controller: AbortController;
  readonly conversationId: string;
  text: string;
  reasoning: string;
}

/**
 * The chat's host side, free of VS Code: keeps the conversation store, streams answers (and the model's
 * reasoning, apart from them) from the provider through the per-frame batcher to the view, and handles
 * stop, retry, history and attached context. Reasoning is stored with its answer and never sent back to
 * the model.
 */
export class ChatController {
  private readonly running = new Map<string, RunningAnswer>();
  private readonly batcher: ChatStreamBatcher;
  private context: ContextItem[] = [];

  constructor(
    private readonly store: ConversationStore,
    private readonly ports: ChatControllerPorts,
  ) {
    this.batcher = new ChatStreamBatcher((message) => ports.post(message), ports.scheduler);
  }

  /** Full state for a view that just said `ready`: a streaming answer shows the text it has so far. */
  initMessage(): HostMessage {
    const conversation = viewOf(this.store.current());
    const messages = conversation.messages.map((m) => {
      const live = this.running.get(m.id);
      return live ? { ...m, text: live.text, ...(live.reasoning ? { reasoning: live.reasoning } : {}) } : m;
    });
    return {
      type: 'init',
      conversation: { ...conversation, messages },
      history: this.store.summaries(),
      context: this.context.map(chipOf),
    };
  }

  /** Asks a question in the open conversation, with the attached context; resolves when the answer ends. */
  send(text: string): Promise<GenerationResult> {
    const conversation = this.store.current();
    // One answer at a time per conversation: a new question stops the one still streaming (its text stays).
    for (const run of this.running.values()) if (run.conversationId === conversation.id) run.controller.abort();
    const context = this.context;
    this.context = [];
    if (context.length) this.ports.post({ type: 'contextChanged', context: [] });
    const user: StoredMessage = {
      id: newId('m'),
      role: 'user',
      text,
      status: 'done',
      createdAt: Date.now(),
      ...(context.length ? { context: context.map(chipOf), prompt: promptWithContext(text, context) } : {}),
    };
    this.store.upsertMessage(conversation.id, user);
    const { prompt: _prompt, ...shownUser } = user;
    return this.answer(conversation.id, shownUser, undefined);
  }

  stop(id: string): void {
    this.running.get(id)?.controller.abort();
  }

  stopAll(): void {
    for (const run of this.running.values()) run.controller.abort();
  }

  /** Answers the question of assistant message `id` again, replacing it. */
  retry(id: string): Promise<GenerationResult> | undefined {
    const conversation = this.store.current();
    const index = conversation.messages.findIndex((m) => m.id === id && m.role === 'assistant');
    if (index < 0 || this.running.has(id)) return undefined;
    this.store.removeMessage(conversation.id, id);
    return this.answer(conversation.id, undefined, id);
  }

  /** The user opened (true) or folded (false) the Thinking block of answer `id`: kept with the answer. */
  setReasoningOpen(id: string, open: boolean): void {
    const conversation = this.store.current();
    const message = conversation.messages.find((m) => m.id === id && m.role === 'assistant');
    if (!message || message.reasoningOpen === open) return;
    this.store.replaceMessage(conversation.id, { ...message, reasoningOpen: open });
    this.persist();
  }

  newChat(): void {
    const current = this.store.current();
    const conversation = current.messages.length === 0 ? current : this.store.create();
    this.conversationChanged(conversation.id);
  }

  openConversation(id: string): void {
    if (this.store.open(id)) this.conversationChanged(id);
  }

  deleteConversation(id: string): void {
    for (const run of this.running.values()) if (run.conversationId === id) run.controller.abort();
    const wasCurrent = this.store.current().id === id;
    this.store.delete(id);
    if (wasCurrent) this.conversationChanged(this.store.current().id);
    else {
      this.persist();
      this.ports.post({ type: 'historyChanged', history: this.store.summaries() });
    }
  }

  addContext(item: ContextItem): void {
    this.context = [...this.context.filter((c) => c.id !== item.id), item];
    this.ports.post({ type: 'contextChanged', context: this.context.map(chipOf) });
  }

  removeContext(id: string): void {
    this.context = this.context.filter((c) => c.id !== id);
    this.ports.post({ type: 'contextChanged', context: this.context.map(chipOf) });
  }

  /**
   * What applying a code block of answer `answerId` needs from the open conversation: the files attached to
   * it (workspace-relative paths without a `:10-24` line suffix, most recent first, the context waiting for
   * the next question included) and the question that answer is for.
   */
  applyContext(answerId?: string): { attached: string[]; question?: string } {
    const messages = this.store.current().messages;
    const at = answerId === undefined ? -1 : messages.findIndex((m) => m.id === answerId);
    const upTo = at >= 0 ? messages.slice(0, at) : messages;
    const chips = [...[...this.context].reverse().map(chipOf), ...[...upTo].reverse().flatMap((m) => (m.role === 'user' ? [...(m.context ?? [])].reverse() : []))];
    const attached = [...new Set(chips.map((chip) => (chip.description ?? chip.label).replace(/:\d+-\d+$/, '')))];
    const question = at >= 0 ? [...upTo].reverse().find((m) => m.role === 'user')?.text : undefined;
    return { attached, ...(question ? { question } : {}) };
  }

  dispose(): void {
    this.stopAll();
    this.batcher.dispose();
  }

  private conversationChanged(id: string): void {
    const conversation = this.store.find(id);
    if (!conversation) return;
    this.persist();
    const init = this.initMessage();
    if (init.type === 'init') this.ports.post({ type: 'conversationLoaded', conversation: init.conversation });
    this.ports.post({ type: 'historyChanged', history: this.store.summaries() });
  }

  private async answer(conversationId: string, user: StoredMessage | undefined, replaces: string | undefined): Promise<GenerationResult> {
    const earlier = this.store.find(conversationId)?.messages ?? [];
    const messages: ModelMessage[] = earlier
      .filter((m) => m.role === 'user' || m.text.length > 0)
      .slice(-HISTORY_MESSAGES)
      .map((m) => ({ role: m.role, content: m.prompt ?? m.text }));
    const id = newId('m');
    const createdAt = Date.now();
    const started: StoredMessage = { id, role: 'assistant', text: '', status: 'streaming', createdAt };
    this.store.upsertMessage(conversationId, started);
    this.persist();
    const run: RunningAnswer = { controller: new AbortController(), conversationId, text: '', reasoning: '' };
    this.running.set(id, run);
    this.ports.post({ type: 'streamStart', id, conversationId, user, replaces, createdAt });

    let result: GenerationResult;
    try {
      const provider = await this.ports.createProvider();
      result = await consumeStream(
        provider.stream({ messages }, run.controller.signal),
        (text) => {
          run.text += text;
          this.batcher.push(id, text);
        },
        {
          onReasoning: (text) => {
            run.reasoning += text;
            this.batcher.pushReasoning(id, text);
          },
        },
      );
    } catch (err) {
      // Building the provider failed (consumeStream itself never rejects): a programming error, logged.
      this.ports.logger.error(err instanceof Error ? err : String(err));
      result = {
        text: run.text,
        finishReason: 'error',
        error: { kind: 'unknown', message: 'The answer could not be started; see the log.', action: 'showLog' },
      };
    }
    this.running.delete(id);

    const { finishReason: reason, error, usage } = result;
    const status: MessageStatus = reason === 'cancelled' ? 'stopped' : reason === 'error' ? 'error' : 'done';
    const metrics = toMessageMetrics(result.metrics, usage);
    // The stored message, not `started`: the user may have folded its Thinking block meanwhile.
    const current = this.store.find(conversationId)?.messages.find((m) => m.id === id) ?? started;
    this.store.upsertMessage(conversationId, {
      ...current,
      text: run.text,
      ...(run.reasoning ? { reasoning: run.reasoning } : {}),
      status,
      ...(error ? { error: error.message, errorAction: error.action } : {}),
      ...(metrics ? { metrics } : {}),
    });
    if (reason === 'error' && error) this.batcher.error(id, error.message, error.action, result.metrics, usage);
    else this.batcher.done(id, reason, result.metrics, usage);
    this.persist();
    this.ports.post({ type: 'historyChanged', history: this.store.summaries() });
    return { ...result, text: run.text, ...(run.reasoning ? { reasoning: run.reasoning } : {}) };
  }

  private persist(): void {
    Promise.resolve(this.store.save()).catch((err: unknown) =>
      this.ports.logger.error(`Could not save the chat history: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
}

function chipOf(item: ContextItem): ContextChip {
  const { content: _content, ...chip } = item;
  return chip;
}

/** The question as sent: each attached context in a fence long enough for any backticks it contains. */
export function promptWithContext(question: string, context: readonly ContextItem[]): string {
  const parts = context.map((item) => {
    const longestRun = Math.max(0, ...(item.content.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(Math.max(3, longestRun + 1));
    const where = item.description ?? item.label;
    return `Context from ${where}${item.language ? ` (${item.language})` : ''}:\n${fence}${item.language ?? ''}\n${item.content}\n${fence}`;
  });
  return [...parts, question].join('\n\n');
}
