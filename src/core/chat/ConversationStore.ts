import type { ChatMessage, Conversation, ConversationSummary } from '../../shared/protocol';

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
    this.conversations = state?.version === 1 && Array.isArray(state.conversations) ? [...state.conversations] : [];
    // A message that was streaming when VS Code went away did not finish: show it as stopped.
    this.conversations = this.conversations.map((c) => ({
      ...c,
      messages: c.messages.map((m) => (m.status === 'streaming' ? { ...m, status: 'stopped' } : m)),
    }));
    this.currentId = state?.currentId;
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

  /** Writes everything to storage; called at the edges of a stream, never per chunk. */
  save(): PromiseLike<void> {
    const state: StoredState = { version: 1, currentId: this.currentId, conversations: this.conversations };
    return this.storage.update(KEY, state);
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

function titleOf(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line || 'New chat';
}
