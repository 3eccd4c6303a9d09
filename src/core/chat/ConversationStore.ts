import { type ChatMessage, type Conversation, type ConversationSummary, isHostMessage } from '../../shared/protocol';

/** Where conversations are kept: VS Code's globalState in the extension, a Map in tests. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** A stored message may carry the exact prompt sent (question plus attached context), never shown in the view. */
export type StoredMessage = ChatMessage & { readonly prompt?: string };
export type StoredConversation = Omit<Conversation, 'messages'> & { readonly messages: readonly StoredMessage[] };

interface StoredState {
  readonly version: 1;
  readonly currentId: string | undefined;
  readonly conversations: readonly StoredConversation[];
}

const KEY = 'tokenStream.chat.conversations';
export const MAX_CONVERSATIONS = 50;
/**
 * The most the stored history takes, in characters of JSON: globalState keeps it in one database row that
 * VS Code reads at every start. Far below what the webview protocol accepts, so whatever is stored loads.
 */
export const MAX_STORED_CHARS = 4_000_000;
const TITLE_LENGTH = 60;

let counter = 0;
/** Ids unique within this store's lifetime and across restarts (time + random + counter). */
export function newId(prefix: string): string {
  counter = (counter + 1) % 1_000_000;
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${counter.toString(36)}`;
}

/**
 * The chat's conversations, kept by the extension (not only in webview state) so history survives hiding
 * the view, reloading the window and restarting VS Code. Holds what was asked and answered, never API keys.
 * The newest MAX_CONVERSATIONS are kept.
 */
export class ConversationStore {
  private conversations: StoredConversation[];
  private currentId: string | undefined;

  constructor(private readonly storage: KeyValueStore, private readonly now: () => number = Date.now) {
    const state = storage.get<StoredState>(KEY);
    const stored: unknown[] = state?.version === 1 && Array.isArray(state.conversations) ? state.conversations : [];
    // Only what the view can show is kept (a hand-edited or older state must not leave a chat that never
    // loads). A message that was streaming when VS Code went away did not finish: it shows as stopped.
    this.conversations = stored.flatMap((c) => {
      const loadable = loadableConversation(c);
      return loadable ? [{ ...loadable, messages: loadable.messages.map((m) => (m.status === 'streaming' ? { ...m, status: 'stopped' as const } : m)) }] : [];
    });
    this.currentId = typeof state?.currentId === 'string' ? state.currentId : undefined;
  }

  /** The open conversation, created empty when there is none. */
  current(): StoredConversation {
    const found = this.currentId ? this.find(this.currentId) : undefined;
    if (found) return found;
    return this.create();
  }

  find(id: string): StoredConversation | undefined {
    return this.conversations.find((c) => c.id === id);
  }

  /** The conversation holding message `messageId`, and the message; undefined when no conversation has it. */
  findMessage(messageId: string): { readonly conversation: StoredConversation; readonly message: StoredMessage } | undefined {
    for (const conversation of this.conversations) {
      const message = conversation.messages.find((m) => m.id === messageId);
      if (message) return { conversation, message };
    }
    return undefined;
  }

  create(): StoredConversation {
    const at = this.now();
    const conversation: StoredConversation = { id: newId('c'), title: 'New chat', createdAt: at, updatedAt: at, messages: [] };
    this.conversations.unshift(conversation);
    this.currentId = conversation.id;
    this.trim();
    return conversation;
  }

  open(id: string): StoredConversation | undefined {
    const found = this.find(id);
    if (found) this.currentId = id;
    return found;
  }

  delete(id: string): void {
    this.conversations = this.conversations.filter((c) => c.id !== id);
    if (this.currentId === id) this.currentId = undefined;
  }

  /** Adds or replaces (same id) a message of conversation `conversationId`. */
  upsertMessage(conversationId: string, message: StoredMessage): void {
    this.update(conversationId, (c) => {
      const index = c.messages.findIndex((m) => m.id === message.id);
      const messages = index >= 0 ? c.messages.map((m, i) => (i === index ? message : m)) : [...c.messages, message];
      const firstUser = messages.find((m) => m.role === 'user');
      const title = firstUser ? titleOf(firstUser.text) : c.title;
      return { ...c, messages, title, updatedAt: this.now() };
    });
  }

  /** Replaces a message (same id) without making the conversation newer: a view choice, not a change. */
  replaceMessage(conversationId: string, message: StoredMessage): void {
    this.update(conversationId, (c) => ({ ...c, messages: c.messages.map((m) => (m.id === message.id ? message : m)) }));
  }

  /** Puts `message` where message `oldId` was (a retried answer takes its place), making the conversation newer. */
  swapMessage(conversationId: string, oldId: string, message: StoredMessage): void {
    this.update(conversationId, (c) => ({ ...c, messages: c.messages.map((m) => (m.id === oldId ? message : m)), updatedAt: this.now() }));
  }

  removeMessage(conversationId: string, messageId: string): void {
    this.update(conversationId, (c) => ({ ...c, messages: c.messages.filter((m) => m.id !== messageId) }));
  }

  /** History rows, newest first; empty conversations other than the open one are left out. */
  summaries(): ConversationSummary[] {
    return this.conversations
      .filter((c) => c.messages.length > 0 || c.id === this.currentId)
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt, messageCount: c.messages.length }));
  }

  /**
   * Writes everything to storage; called at the edges of a stream, never per chunk. A history larger than
   * MAX_STORED_CHARS is trimmed first, here and in memory, oldest first: whole conversations other than
   * the open one, then the open one's oldest messages, and last the text of a single message too large
   * alone, so that what is stored always loads again.
   */
  save(): PromiseLike<void> {
    this.fitInto(MAX_STORED_CHARS);
    const state: StoredState = { version: 1, currentId: this.currentId, conversations: this.conversations };
    return this.storage.update(KEY, state);
  }

  private fitInto(limit: number): void {
    const sizeOf = (c: StoredConversation): number => JSON.stringify(c).length + 1;
    const sizes = new Map(this.conversations.map((c) => [c.id, sizeOf(c)]));
    const overhead = 100;
    let total = overhead + [...sizes.values()].reduce((sum, n) => sum + n, 0);
    if (total <= limit) return;
    for (const old of [...this.conversations].sort((a, b) => a.updatedAt - b.updatedAt)) {
      if (total <= limit) return;
      if (old.id === this.currentId) continue;
      this.conversations = this.conversations.filter((c) => c.id !== old.id);
      total -= sizes.get(old.id) ?? 0;
    }
    const current = this.conversations.find((c) => c.id === this.currentId);
    if (!current || total <= limit) return;
    // The open conversation alone is too large: its oldest messages go (its latest always stays).
    const room = limit - (total - (sizes.get(current.id) ?? 0));
    let messages = [...current.messages];
    let size = sizeOf(current);
    while (messages.length > 1 && size > room) {
      size -= JSON.stringify(messages[0]).length + 1;
      messages = messages.slice(1);
    }
    if (size > room && messages[0]) {
      // One message alone is too large: its text is cut (its reasoning and the context sent with it go).
      const { prompt: _prompt, reasoning: _reasoning, ...only } = messages[0];
      const note = '\n\n[Trimmed: the stored chat history keeps at most this much of one message.]';
      let text = only.text;
      let trimmed: StoredMessage = only;
      for (let over = sizeOf({ ...current, messages: [only] }) - room; over > 0 && text.length > 0; over = sizeOf({ ...current, messages: [trimmed] }) - room) {
        text = text.slice(0, Math.max(0, text.length - over - note.length));
        trimmed = { ...only, text: text + note };
      }
      messages = [trimmed];
    }
    this.update(current.id, (c) => ({ ...c, messages }));
  }

  private update(id: string, change: (c: StoredConversation) => StoredConversation): void {
    this.conversations = this.conversations.map((c) => (c.id === id ? change(c) : c));
  }

  private trim(): void {
    if (this.conversations.length <= MAX_CONVERSATIONS) return;
    this.conversations.sort((a, b) => b.updatedAt - a.updatedAt);
    this.conversations = this.conversations.slice(0, MAX_CONVERSATIONS);
  }
}

/** What the view shows of a conversation: the stored messages without the prompts sent. */
export function viewOf(conversation: StoredConversation): Conversation {
  return {
    ...conversation,
    messages: conversation.messages.map((m) => {
      if (m.prompt === undefined) return m;
      const { prompt: _prompt, ...shown } = m;
      return shown;
    }),
  };
}

/** `value` as a stored conversation the view can load, keeping only the messages it can show; undefined if none is left of it. */
function loadableConversation(value: unknown): StoredConversation | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as StoredConversation;
  const fits = (conversation: StoredConversation): boolean => isHostMessage({ type: 'conversationLoaded', conversation: viewOf(conversation) });
  if (!Array.isArray(c.messages)) return undefined;
  if (fits(c)) return c;
  const kept = { ...c, messages: c.messages.filter((m) => fits({ ...c, messages: [m] })) };
  return fits(kept) ? kept : undefined;
}

function titleOf(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line || 'New chat';
}
