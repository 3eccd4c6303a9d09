import type { ChatMessage as ModelMessage, GenerationResult, LlmProvider, StreamEvent, Usage } from '../stream/types';
import { consumeStream } from '../stream/collect';
import type { Logger } from '../log';
import type { Scheduler } from '../scheduler';
import { ChatStreamBatcher, toMessageMetrics } from '../sinks/ChatStreamBatcher';
import { AutoContinueGuard } from '../continue/AutoContinueGuard';
import { addUsage, isContinuableEnd } from '../continue/continuable';
import { ContinuationStream } from '../continue/ContinuationStream';
import { promptTooLong } from '../../shared/limits';
import type { HostMessage, MessageMetrics, MessageStatus } from '../../shared/protocol';
import { addMessageMetrics, usageOfMetrics } from './answerTotals';
import { Attachments, chipOf, type ContextItem, promptWithContext } from './Attachments';
import { type ConversationStore, newId, type StoredMessage, viewOf } from './ConversationStore';

export interface ChatControllerPorts {
  /** Posts to the webview; never awaited, a no-op while no view is ready (it catches up from `init`). */
  post(message: HostMessage): void;
  /**
   * The provider for the next answer, built from the settings of the moment. `interactive`: a person asked
   * (the chat view, the palette), so a missing key or plain-http consent may be asked for; a program's
   * question and a continuation never wait for anyone.
   */
  createProvider(interactive: boolean): Promise<LlmProvider>;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  /** Automatic continuation rounds after an answer stops at the token limit (tokenStream.autoContinue); 0 when absent. */
  autoContinueRounds?(): number;
}

/** What an answer resolves with: the generation, and the id of its message (tokenStream.continue takes it). */
export interface ChatGenerationResult extends GenerationResult {
  readonly messageId: string;
}

/** How many earlier messages are sent along with a question. */
const HISTORY_MESSAGES = 20;

interface RunningAnswer {
  readonly controller: AbortController;
  readonly conversationId: string;
  text: string;
  reasoning: string;
}

/** What the rounds of one answer add up to. */
interface AnswerTotals {
  usage: Usage | undefined;
  metrics: MessageMetrics | undefined;
  continued: number;
}

/**
 * The chat's host side, free of VS Code: keeps the conversation store, streams answers (and the model's
 * reasoning, apart from them) from the provider through the per-frame batcher to the view, and handles
 * stop, retry, history and attached context. Reasoning is stored with its answer and never sent back to
 * the model. (A little over 350 lines: every path of an answer, Continue included, goes through the one
 * `stream` loop here; attachments live in Attachments.ts.)
 */
export class ChatController {
  private readonly running = new Map<string, RunningAnswer>();
  private readonly batcher: ChatStreamBatcher;
  private readonly attachments = new Attachments();

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
      context: this.attachments.chips,
    };
  }

  /**
   * Asks a question in the open conversation, with the attached context; resolves when the answer ends.
   * A question too long is refused before anything changes (the attachments stay for the next one); that
   * result has no `messageId`, since no answer was started.
   */
  send(text: string, { interactive = true }: { readonly interactive?: boolean } = {}): Promise<ChatGenerationResult | GenerationResult> {
    const tooLong = promptTooLong(text.length);
    if (tooLong) {
      const error = { kind: 'invalidArgument', message: tooLong } as const;
      this.ports.logger.warn(`[not sent] chat question finish=error error=${error.kind}: ${error.message}`);
      return Promise.resolve({ text: '', finishReason: 'error', error });
    }
    const conversation = this.store.current();
    this.stopAnswersIn(conversation.id);
    const context = this.attachments.take();
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
    const history = this.store.find(conversation.id)?.messages ?? [user];
    return this.answer(conversation.id, history, { user: shownUser }, interactive);
  }

  stop(id: string): void {
    this.running.get(id)?.controller.abort();
  }

  stopAll(): void {
    for (const run of this.running.values()) run.controller.abort();
  }

  /**
   * Asks the question of assistant message `id` again, with the conversation up to that question only, and
   * puts the new answer in its place. An answer still streaming in the conversation is stopped first (one
   * answer at a time per conversation).
   */
  retry(id: string): Promise<ChatGenerationResult> | undefined {
    const conversation = this.store.current();
    const index = conversation.messages.findIndex((m) => m.id === id && m.role === 'assistant');
    if (index < 0 || this.running.has(id)) return undefined;
    this.stopAnswersIn(conversation.id);
    return this.answer(conversation.id, conversation.messages.slice(0, index), { replaces: id }, true);
  }

  /**
   * Continues the cut answer `id` in place: the continuation (seam-repaired, see ContinuationStream)
   * streams into the same message, its usage adds to the answer's, and the message counts as continued.
   * Resolves with the whole answer; an unknown, running or complete answer resolves at once with a
   * `nothingToContinue` error.
   */
  continue(id: string): Promise<ChatGenerationResult> {
    const found = this.store.findMessage(id);
    const nothing = (message: string): Promise<ChatGenerationResult> =>
      Promise.resolve({ text: found?.message.text ?? '', finishReason: 'error', error: { kind: 'nothingToContinue', message }, messageId: id });
    if (!found || found.message.role !== 'assistant') return nothing(`No chat answer has the id "${id}".`);
    if (this.running.has(id)) return nothing('That answer is still streaming.');
    if (!found.message.continuable) return nothing('That answer was not cut off, so there is nothing to continue.');
    const { conversation, message } = found;
    this.stopAnswersIn(conversation.id);
    const index = conversation.messages.indexOf(message);
    const run: RunningAnswer = { controller: new AbortController(), conversationId: conversation.id, text: message.text, reasoning: message.reasoning ?? '' };
    this.running.set(id, run);
    this.store.upsertMessage(conversation.id, { ...withoutOutcome(message), status: 'streaming' });
    this.persist();
    this.batcher.resume(id, run.text.length, run.reasoning.length);
    this.ports.post({ type: 'streamResume', id, conversationId: conversation.id });
    const totals: AnswerTotals = { usage: usageOfMetrics(message.metrics), metrics: message.metrics, continued: message.continued ?? 0 };
    return this.stream(id, run, modelMessages(conversation.messages.slice(0, index)), totals, 'continue');
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

  /** Attaches `item` to the next question (see Attachments); returns why it was refused, or undefined. */
  addContext(item: ContextItem): string | undefined {
    const refused = this.attachments.add(item);
    if (!refused) this.ports.post({ type: 'contextChanged', context: this.attachments.chips });
    return refused;
  }

  removeContext(id: string): void {
    this.attachments.remove(id);
    this.ports.post({ type: 'contextChanged', context: this.attachments.chips });
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
    const chips = [...[...this.attachments.chips].reverse(), ...[...upTo].reverse().flatMap((m) => (m.role === 'user' ? [...(m.context ?? [])].reverse() : []))];
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

  private stopAnswersIn(conversationId: string): void {
    for (const run of this.running.values()) if (run.conversationId === conversationId) run.controller.abort();
  }

  /**
   * Streams an answer to the last question of `history` (the conversation up to and including it): after
   * `user`, a new question, or in the place of the answer it `replaces`.
   */
  private async answer(
    conversationId: string,
    history: readonly StoredMessage[],
    at: { readonly user: StoredMessage } | { readonly replaces: string },
    interactive: boolean,
  ): Promise<ChatGenerationResult> {
    const messages = modelMessages(history);
    const id = newId('m');
    const createdAt = Date.now();
    const started: StoredMessage = { id, role: 'assistant', text: '', status: 'streaming', createdAt };
    if ('replaces' in at) this.store.swapMessage(conversationId, at.replaces, started);
    else this.store.upsertMessage(conversationId, started);
    this.persist();
    const run: RunningAnswer = { controller: new AbortController(), conversationId, text: '', reasoning: '' };
    this.running.set(id, run);
    this.ports.post({ type: 'streamStart', id, conversationId, createdAt, ...at });
    return this.stream(id, run, messages, { usage: undefined, metrics: undefined, continued: 0 }, interactive ? 'answer' : 'programmatic');
  }

  /**
   * Streams answer `id`: its first round (a question's answer) or a continuation, then as many automatic
   * continuation rounds as tokenStream.autoContinue and the AutoContinueGuard allow after a `length`
   * stop; then stores the message and tells the view how it ended.
   */
  private async stream(id: string, run: RunningAnswer, conversation: readonly ModelMessage[], totals: AnswerTotals, first: 'answer' | 'programmatic' | 'continue'): Promise<ChatGenerationResult> {
    const signal = run.controller.signal;
    let result: GenerationResult;
    try {
      const provider = await this.ports.createProvider(first === 'answer');
      const continuation = (): ContinuationStream => {
        totals.continued++;
        return new ContinuationStream(provider, { conversation, partial: run.text, logger: this.ports.logger }, signal);
      };
      const guard = new AutoContinueGuard(Math.max(0, this.ports.autoContinueRounds?.() ?? 0));
      let before = run.text;
      result = await this.round(id, run, first !== 'continue' ? provider.stream({ messages: conversation }, signal) : continuation(), totals);
      while (run.text !== '' && guard.next(before, run.text.slice(before.length), result.finishReason) === undefined) {
        this.ports.logger.info(`The answer stopped at the token limit: continuing it automatically (round ${guard.rounds} of tokenStream.autoContinue)`);
        before = run.text;
        result = await this.round(id, run, continuation(), totals);
      }
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

    const { finishReason: reason, error } = result;
    const status: MessageStatus = reason === 'cancelled' ? 'stopped' : reason === 'error' ? 'error' : 'done';
    const continuable = isContinuableEnd(reason, error, run.text !== '');
    const ending = { ...(continuable ? { continuable: true } : {}), ...(totals.continued > 0 ? { continued: totals.continued } : {}) };
    const conversationId = run.conversationId;
    // The stored message, not the one this began with: the user may have folded its Thinking block meanwhile.
    const current = this.store.findMessage(id)?.message;
    if (current) {
      this.store.upsertMessage(conversationId, {
        ...withoutOutcome(current),
        text: run.text,
        ...(run.reasoning ? { reasoning: run.reasoning } : {}),
        status,
        ...(error ? { error: error.message, errorAction: error.action } : {}),
        ...(totals.metrics ? { metrics: totals.metrics } : {}),
        ...ending,
      });
    }
    if (reason === 'error' && error) {
      this.batcher.end({ type: 'streamError', id, message: error.message, action: error.action, metrics: totals.metrics, ...ending });
    } else {
      this.batcher.end({ type: 'streamDone', id, finishReason: reason, metrics: totals.metrics, ...ending });
    }
    this.persist();
    this.ports.post({ type: 'historyChanged', history: this.store.summaries() });
    return {
      ...result,
      text: run.text,
      ...(run.reasoning ? { reasoning: run.reasoning } : {}),
      ...(totals.usage ? { usage: totals.usage } : {}),
      messageId: id,
    };
  }

  /** One round into answer `id`: its text and reasoning go to the view and into `run`; totals add up. */
  private async round(id: string, run: RunningAnswer, events: AsyncIterable<StreamEvent>, totals: AnswerTotals): Promise<GenerationResult> {
    const reasoningBefore = run.reasoning.length;
    const result = await consumeStream(
      events,
      (text) => {
        run.text += text;
        this.batcher.push(id, text);
      },
      {
        onReasoning: (text) => {
          run.reasoning += text;
          this.batcher.pushReasoning(id, text);
        },
        // What streamed into the Thinking block was the answer: it leaves the block (the answer has it).
        onReasoningRetracted: () => {
          run.reasoning = run.reasoning.slice(0, reasoningBefore);
          this.batcher.retractReasoning(id, reasoningBefore);
        },
      },
    );
    totals.usage = addUsage(totals.usage, result.usage);
    totals.metrics = addMessageMetrics(totals.metrics, toMessageMetrics(result.metrics, result.usage));
    return result;
  }

  private persist(): void {
    Promise.resolve(this.store.save()).catch((err: unknown) =>
      this.ports.logger.error(`Could not save the chat history: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
}

/** The model's view of the messages before an answer: questions as sent (with their context), non-empty answers. */
function modelMessages(messages: readonly StoredMessage[]): ModelMessage[] {
  return messages
    .filter((m) => m.role === 'user' || m.text.length > 0)
    .slice(-HISTORY_MESSAGES)
    .map((m) => ({ role: m.role, content: m.prompt ?? m.text }));
}

/** A message without what its last round's end said (an error, a cut): a new round decides those again. */
function withoutOutcome(message: StoredMessage): StoredMessage {
  const { error: _error, errorAction: _action, continuable: _continuable, ...rest } = message;
  return rest;
}
